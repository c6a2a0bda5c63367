"""The ``remi`` command: parses flags and calls one library function per verb.

Only this module prints. Imports of anything heavy happen inside the verb that needs it, so
``remi --help`` answers at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


class CliError(Exception):
    """A user-facing error: printed without a traceback, exit status 2."""


def _add_generate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tasks", default="all", help="'all' (every implemented task) or a comma list, e.g. Clocks,IQ")
    p.add_argument("--per-task", type=int, default=200, help="test items per task (default 200, as published)")
    p.add_argument("--train-per-task", type=int, default=2, help="train items per task (default 2)")
    p.add_argument("--seed", type=int, default=0, help="base seed (default 0)")
    p.add_argument("--out", required=True, type=Path, help="output folder for test.parquet and train.parquet")
    p.add_argument("--workers", type=int, default=1, help="generator processes (output is identical for any number)")
    p.add_argument("--config", type=Path, help='JSON file of knob overrides per task, e.g. {"Clocks": {"max_clocks": 3}}')
    p.add_argument("--force", action="store_true", help="overwrite existing files in --out")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="remi",
        description="ReMI (Reasoning with Multiple Images): generate, check and inspect benchmark data.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")

    p = sub.add_parser("tasks", help="list the 13 tasks, their properties and knobs")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("generate", help="write a dataset (test.parquet, train.parquet)")
    _add_generate_args(p)

    p = sub.add_parser("verify", help="check every row and re-solve every generated item")
    p.add_argument("data", help="dataset folder or parquet file")
    p.add_argument("--rerender", action="store_true", help="also re-draw every image and compare bytes")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("stats", help="items per task, label distribution, properties")
    p.add_argument("data", help="dataset folder, parquet file or hub name")
    p.add_argument("--split", default="test")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("show", help="draw one item as a contact sheet PNG")
    p.add_argument("data", help="dataset folder, parquet file or hub name")
    p.add_argument("--id", required=True, help="item id (see remi stats / the id column)")
    p.add_argument("--split", default="test")
    p.add_argument("--out", required=True, type=Path, help="PNG file to write")

    p = sub.add_parser("eval", help="evaluate a model on a dataset (resumable; never requests an answer twice)")
    p.add_argument("--data", required=True, help="dataset folder, parquet file or hub name (mehrankazemi/ReMI)")
    p.add_argument("--model", required=True, help="PROVIDER/NAME: openai/..., anthropic/..., google/..., hf/..., "
                   "baseline/oracle|majority|random")
    p.add_argument("--out", required=True, type=Path, help="run folder; the same folder continues an interrupted run")
    p.add_argument("--split", default="test")
    p.add_argument("--tasks", default="all", help="'all' or a comma list of task names")
    p.add_argument("--limit", type=int, help="at most N items per task")
    p.add_argument("--layout", default="interleaved", help="interleaved (official), images-first, merged, text-only")
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--temperature", type=float, default=0.0)
    p.add_argument("--max-tokens", type=int, default=512)
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    p.add_argument("--max-retries", type=int, default=6)
    p.add_argument("--backoff", type=float, default=1.0, help="first retry delay in seconds (doubles, with jitter)")
    p.add_argument("--base-url", help="API base URL (default: the provider's, or OPENAI_BASE_URL etc.)")
    p.add_argument("--max-images", type=int, help="refuse items with more images than the model takes")
    p.add_argument("--cache", type=Path, help="response cache file (default ~/.cache/remibench/responses.sqlite)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the response cache")
    p.add_argument("--hf-batch-size", type=int, default=4, help="items per forward pass for hf/ models")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("score", help="re-score a run's stored responses (calls nothing)")
    p.add_argument("run", type=Path, help="run folder")
    p.add_argument("--scorer", choices=("official", "lenient"), default="official", help="which verdicts to print")

    p = sub.add_parser("report", help="one self-contained HTML page (plus markdown and CSV) for any set of runs")
    p.add_argument("runs", nargs="+", type=Path, help="run folders (remi eval / remi annotate output)")
    p.add_argument("--out", required=True, type=Path, help="folder for report.html, report.md, results.csv")
    p.add_argument("--resamples", type=int, default=10_000, help="bootstrap resamples (default 10000)")
    p.add_argument("--gallery-per-task", type=int, default=12, help="items per task in the gallery")

    p = sub.add_parser("demo", help="small end-to-end run on built-in defaults (no keys needed)")
    p.add_argument("--out", type=Path, default=Path("demo-out"), help="output folder (default demo-out)")
    p.add_argument("--per-task", type=int, default=10)
    p.add_argument("--workers", type=int, default=2)
    return parser


def _progress(total: int | None, desc: str, quiet: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="item", disable=quiet or None, dynamic_ncols=True)


def cmd_tasks(args: argparse.Namespace) -> int:
    from remibench.tasks.registry import TASKS, get_task

    rows = []
    for name, info in TASKS.items():
        entry: dict[str, Any] = {
            "task": name, "domain": info.domain, "images": f"{info.images[0]}-{info.images[1]}",
            "interleaved": info.interleaved, "consumption": info.consumption,
            "image_types": info.image_types, "implemented": info.implemented(), "knobs": [],
        }
        if entry["implemented"]:
            entry["knobs"] = [{"name": n, "default": d, "help": h} for n, d, h in get_task(name).config_cls.knobs()]
        rows.append(entry)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    header = f"{'task':<13} {'domain':<19} {'images':<6} {'interleaved':<11} {'consumption':<11} {'image types':<17} implemented"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['task']:<13} {r['domain']:<19} {r['images']:<6} {'yes' if r['interleaved'] else 'no':<11} "
              f"{r['consumption']:<11} {r['image_types']:<17} {'yes' if r['implemented'] else 'not yet'}")
    for r in rows:
        if r["knobs"]:
            print(f"\n{r['task']} knobs:")
            for k in r["knobs"]:
                print(f"  {k['name']:<26} default {k['default']!r:<14} {k['help']}")
    return 0


def _load_configs(path: Path | None) -> dict[str, dict[str, Any]]:
    if path is None:
        return {}
    try:
        configs = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as error:
        raise CliError(f"--config {path}: {error}") from error
    if not isinstance(configs, dict) or not all(isinstance(v, dict) for v in configs.values()):
        raise CliError(f"--config {path}: expected an object of task name -> object of knobs")
    return configs


def cmd_generate(args: argparse.Namespace) -> int:
    from remibench.build import build_dataset
    from remibench.tasks.registry import parse_task_list

    tasks = parse_task_list(args.tasks)
    if not tasks:
        raise CliError("no task selected")
    if args.per_task < 1 or args.train_per_task < 0 or args.workers < 1:
        raise CliError("--per-task must be >= 1, --train-per-task >= 0, --workers >= 1")
    existing = [p for p in (args.out / "test.parquet", args.out / "train.parquet") if p.exists()]
    if existing and not args.force:
        raise CliError(f"{existing[0]} exists; pass --force to overwrite")
    configs = _load_configs(args.config)
    total = len(tasks) * (args.per_task + args.train_per_task)
    with _progress(total, "generating", args.quiet) as bar:
        summary = build_dataset(args.out, tasks, args.per_task, args.train_per_task, args.seed,
                                args.workers, configs, on_item=lambda item: bar.update(1))
    test, train = summary["splits"]["test"], summary["splits"]["train"]
    print(f"wrote {sum(test['items'].values())} test and {sum(train['items'].values())} train items "
          f"({len(tasks)} tasks) to {args.out} in {summary['seconds']:.1f} s")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from remibench.verify import verify_dataset

    with _progress(None, "verifying", args.quiet) as bar:
        report = verify_dataset(args.data, rerender=args.rerender, on_row=lambda: bar.update(1))
    for problem in report.problems[:50]:
        print(f"FAIL {problem}")
    if len(report.problems) > 50:
        print(f"... and {len(report.problems) - 50} more problems")
    tasks = ", ".join(f"{t} {n}" for t, n in report.per_task.items())
    print(f"checked {report.checked} rows ({tasks}); re-solved {report.resolved} from their specs"
          + (f", re-rendered {report.rerendered}" if args.rerender else ""))
    if report.ok:
        print("OK: every row is well formed and every generated item re-solves to its label")
        return 0
    print(f"{len(report.problems)} problem(s) found" if report.problems else "no rows found")
    return 1


def cmd_stats(args: argparse.Namespace) -> int:
    from remibench.stats import dataset_stats

    stats = dataset_stats(args.data, args.split)
    if args.json:
        print(json.dumps({t: s.to_dict() for t, s in stats.items()}, indent=2))
        return 0
    print(f"{'task':<13} {'items':>5} {'labels':>6} {'top label':>14} {'share':>6}  images  rejected")
    for task, s in stats.items():
        label, count = s.labels.most_common(1)[0]
        images = ",".join(f"{k}:{v}" for k, v in sorted(s.properties["n_images"].items()))
        print(f"{task:<13} {s.items:>5} {len(s.labels):>6} {label[:14]:>14} {s.top_label_share():>6.1%}  "
              f"{images}  {s.rejected_draws}")
    total = sum(s.items for s in stats.values())
    print(f"{total} items in {len(stats)} tasks ({args.split})")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from remibench.contact_sheet import contact_sheet
    from remibench.data.loader import load_items

    for item in load_items(args.data, args.split):
        if item.id == args.id:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            contact_sheet(item).save(args.out)
            print(f"wrote {args.out}")
            return 0
    raise CliError(f"no item with id {args.id!r} in {args.data} ({args.split}); `remi stats` lists tasks, ids look like Clocks-test-s0-00003")


def _print_results(results: dict[str, Any], scorer: str = "official") -> None:
    key = "accuracy" if scorer == "official" else "accuracy_lenient"
    print(f"{'task':<13} {'n':>5} {'accuracy':>9} {'lenient':>8} {'bad json':>9} {'errors':>7}")
    for task, t in results["tasks"].items():
        print(f"{task:<13} {t['n']:>5} {t[key]:>9.1%} {t['accuracy_lenient']:>8.1%} {t['bad_json']:>9} {t['errors']:>7}")
    overall = results["overall"] if scorer == "official" else results["overall_lenient"]
    print(f"ReMI score ({scorer}, mean of per-task accuracies): {overall:.1%} over {results['n']} items"
          + ("" if results["complete"] else f"; {results['errors']} item(s) failed: run again to retry them"))
    for warning in results.get("warnings", []):
        print(f"warning: {warning}")


def cmd_eval(args: argparse.Namespace) -> int:
    import asyncio

    from remibench.backends.base import GenerationSettings, ImageLimits
    from remibench.backends.factory import make_backend
    from remibench.data.loader import count_rows, load_items
    from remibench.prompt import LAYOUTS
    from remibench.runner.cache import ResponseCache, default_cache_path
    from remibench.runner.retry import RetryPolicy
    from remibench.runner.run import EvalOptions, evaluate
    from remibench.tasks.registry import parse_task_list

    if args.layout not in LAYOUTS:
        raise CliError(f"--layout {args.layout!r}: choose one of {', '.join(LAYOUTS)}")
    if args.concurrency < 1 or args.max_retries < 0 or args.max_tokens < 1 or args.timeout <= 0:
        raise CliError("--concurrency and --max-tokens must be >= 1, --max-retries >= 0, --timeout > 0")
    tasks = None if args.tasks == "all" else parse_task_list(args.tasks, implemented_only=False)
    backend = make_backend(args.model, data=args.data, base_url=args.base_url, timeout=args.timeout,
                           concurrency=args.concurrency, hf_batch_size=args.hf_batch_size)
    if args.max_images is not None:
        backend.limits = ImageLimits(args.max_images, backend.limits.max_image_bytes, backend.limits.max_side)
    options = EvalOptions(layout=args.layout, concurrency=args.concurrency, data=str(args.data), split=args.split,
                          tasks=tasks,
                          limit=args.limit,
                          settings=GenerationSettings(args.temperature, args.max_tokens, args.timeout),
                          retry=RetryPolicy(max_retries=args.max_retries, base_delay=args.backoff))
    cache = None if args.no_cache else ResponseCache(args.cache or default_cache_path())
    total = count_rows(args.data, args.split) if tasks is None and args.limit is None else None
    stats = {"answered": 0, "correct": 0, "errors": 0}

    def items():  # type: ignore[no-untyped-def]
        return load_items(args.data, args.split, tasks=tasks, limit=args.limit)

    with _progress(total, args.model, args.quiet) as bar:
        def on_record(record: dict[str, Any]) -> None:
            stats["errors" if record["error"] else "answered"] += 1
            stats["correct"] += bool(record["correct"])
            accuracy = stats["correct"] / stats["answered"] if stats["answered"] else 0.0
            bar.set_postfix(acc=f"{accuracy:.1%}", errors=stats["errors"], refresh=False)
            bar.update(1)

        try:
            results = asyncio.run(evaluate(items, backend, args.out, options, cache, on_record))
        finally:
            if cache is not None:
                cache.close()
    _print_results(results)
    print(f"results: {args.out / 'results.json'}; samples: {args.out / 'samples.jsonl'}")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from remibench.runner.run import rescore

    results = rescore(args.run)
    _print_results(results, args.scorer)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from remibench.report.build import build_report

    paths = build_report(args.runs, args.out, args.resamples, args.gallery_per_task)
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from remibench.demo import run_demo

    import shutil

    if args.out.exists():
        shutil.rmtree(args.out / "runs", ignore_errors=True)  # a demo starts its runs afresh
    with _progress(None, "generating", False) as bar:
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
    oracle_ok = result.runs["baseline/oracle"]["overall"] == 1.0
    if not oracle_ok:
        print("FAILED: the oracle baseline must score 100%; the pipeline is broken")
    return 0 if result.verified and oracle_ok else 1


VERBS = {"tasks": cmd_tasks, "generate": cmd_generate, "verify": cmd_verify, "stats": cmd_stats,
         "show": cmd_show, "eval": cmd_eval, "score": cmd_score, "report": cmd_report, "demo": cmd_demo}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from remibench import __version__

        print(f"remibench {__version__}")
        return 0
    if not args.verb:
        parser.print_help()
        return 0
    from remibench.errors import USER_ERRORS

    try:
        return VERBS[args.verb](args)
    except (CliError, *USER_ERRORS) as error:
        print(f"remi {args.verb}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"remi {args.verb}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
