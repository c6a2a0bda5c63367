"""Verbs that put results in front of people: reports and the end-to-end demo."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from remibench.cli.common import progress


def register(sub: Any) -> None:
    p = sub.add_parser("report", help="one self-contained HTML page (plus markdown and CSV) for any set of runs")
    p.add_argument("runs", nargs="+", type=Path, help="run folders (remi eval / remi annotate output)")
    p.add_argument("--out", required=True, type=Path, help="folder for report.html, report.md, results.csv")
    p.add_argument("--resamples", type=int, default=10_000, help="bootstrap resamples (default 10000)")
    p.add_argument("--gallery-per-task", type=int, default=12, help="items per task in the gallery")
    p.add_argument("--audit", default="auto", help="item validity section: auto (audit the runs' dataset), none, "
                   "or a file written by remi audit --json")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("demo", help="small end-to-end run on built-in defaults (no keys needed)")
    p.add_argument("--out", type=Path, default=Path("demo-out"), help="output folder (default demo-out)")
    p.add_argument("--per-task", type=int, default=10)
    p.add_argument("--workers", type=int, default=2)
    p.set_defaults(func=cmd_demo)


def cmd_report(args: argparse.Namespace) -> int:
    from remibench.report.build import build_report

    paths = build_report(args.runs, args.out, args.resamples, args.gallery_per_task, args.audit)
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    import shutil

    from remibench.demo import run_demo

    if args.out.exists():
        shutil.rmtree(args.out / "runs", ignore_errors=True)  # a demo starts its runs afresh
    with progress(None, "generating", False) as bar:
        result = run_demo(args.out, per_task=args.per_task, workers=args.workers, on_item=lambda item: bar.update(1))
    print(f"dataset: {result.data_dir} ({result.n_items} items, tasks: {', '.join(result.tasks)})")
    print(f"verify: {'OK' if result.verified else 'FAILED'}")
    print("contact sheets:")
    for sheet in result.sheets:
        print(f"  {sheet}")
    print(f"\n{'task':<13}" + "".join(f"{spec.split('/')[1]:>10}" for spec in result.runs))
    for task in result.tasks:
        print(f"{task:<13}" + "".join(f"{r['tasks'][task]['accuracy']:>10.1%}" for r in result.runs.values()))
    print(f"{'ReMI score':<13}" + "".join(f"{r['overall']:>10.1%}" for r in result.runs.values()))
    print("runs (samples.jsonl, results.json): " + ", ".join(r["folder"] for r in result.runs.values()))
    print(f"report: {result.report}")
    oracle_ok = result.runs["baseline/oracle"]["overall"] == 1.0
    if not oracle_ok:
        print("FAILED: the oracle baseline must score 100%; the pipeline is broken")
    return 0 if result.verified and oracle_ok else 1
