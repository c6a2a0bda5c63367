"""``remi audit``: is every image needed, and does any shortcut beat chance?"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from remibench.cli.common import CliError, load_configs


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help="check that every image is needed and no shortcut beats chance")
    p.add_argument("data", nargs="?", help="dataset folder or parquet file to audit (default: draw fresh items)")
    p.add_argument("--tasks", default="all", help="'all' or a comma list, e.g. Clocks,IQ")
    p.add_argument("--items", type=int, default=1000,
                   help="items per task for the shortcut guessers (default 1000; with DATA, at most this many)")
    p.add_argument("--necessity-items", type=int, default=100,
                   help="of those, items per task whose images are varied (default 100)")
    p.add_argument("--tries", type=int, default=16, help="variations tried per image before it counts as not needed")
    p.add_argument("--seed", type=int, default=0, help="base seed of the drawn items and of the variations")
    p.add_argument("--config", type=Path, help="JSON file of knob overrides per task (drawn items only)")
    p.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    p.set_defaults(func=cmd_audit)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def format_report(report: dict[str, Any]) -> list[str]:
    """One task's lines of the audit table."""
    necessity = report.get("necessity", {})
    parts = " ".join(f"{part}={_pct(f['share'])}%" for part, f in necessity.items()) or "not checked"
    lines = [f"{report['task']:<13} {report['items']:>5} items  verify {_pct(report.get('verify'))}%  "
             f"top label {_pct(report['top_label_share'])}%  necessary: {parts}  -> {report['verdict']}"]
    for name, g in report["guessers"].items():
        lines.append(f"    {name:<38} {_pct(g['accuracy']):>5}% [{_pct(g['ci95'][0])}, {_pct(g['ci95'][1])}]"
                     f" on {g['n']:>5}  chance {_pct(g['chance']):>5}%{'  BEATS CHANCE' if g['beats_chance'] else ''}")
    for gate in report["gates"]:
        lines.append(f"    gate: {gate}")
    for skipped in report["skipped"]:
        lines.append(f"    skipped: {skipped}")
    return lines


def cmd_audit(args: argparse.Namespace) -> int:
    from remibench.audit.run import audit_dataset, audit_generated
    from remibench.tasks.registry import parse_task_list

    if args.items < 1 or args.necessity_items < 0 or args.tries < 1:
        raise CliError("--items and --tries must be >= 1, --necessity-items >= 0")
    tasks = parse_task_list(args.tasks)

    def show(report: dict[str, Any]) -> None:
        print("\n".join(format_report(report)), flush=True)

    if args.data:
        if args.config:
            raise CliError("--config applies to drawn items only, not to DATA")
        reports = audit_dataset(args.data, tasks, items=args.items, necessity_items=args.necessity_items,
                                tries=args.tries, seed=args.seed, on_task=show)
    else:
        reports = audit_generated(tasks, items=args.items, necessity_items=args.necessity_items, tries=args.tries,
                                  seed=args.seed, configs=load_configs(args.config), on_task=show)
    failed = [r["task"] for r in reports if r["verdict"] != "pass"]
    if args.json:
        settings = {"data": args.data, "items": args.items, "necessity_items": args.necessity_items,
                    "tries": args.tries, "seed": args.seed}
        args.json.write_text(json.dumps({"settings": settings, "tasks": reports}, indent=2) + "\n")
    print(f"audit: {len(reports) - len(failed)} of {len(reports)} task(s) pass"
          + (f"; failing: {', '.join(failed)}" if failed else ""), file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0
