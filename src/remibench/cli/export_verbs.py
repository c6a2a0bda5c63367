"""Verbs that carry ReMI to other tools and back: exports for other harnesses and trainers, and
importing another harness's predictions to score them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from remibench.cli.common import CliError, print_results

FORMATS = ("chat", "vlmevalkit", "lmms-eval")


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="write a dataset for another tool: chat (TRL/SFT records), vlmevalkit (TSV), "
                       "lmms-eval (task folder)")
    p.add_argument("format", choices=FORMATS)
    p.add_argument("--data", required=True, help="dataset folder, parquet file or hub name")
    p.add_argument("--out", required=True, type=Path, help="file (chat: .parquet, vlmevalkit: .tsv) or folder (lmms-eval)")
    p.add_argument("--split", default="test")
    p.add_argument("--tasks", default="all", help="'all' or a comma list of task names")
    p.add_argument("--limit", type=int, help="at most N items per task")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import-predictions", help="score another harness's responses (one per item id) as a run folder")
    p.add_argument("predictions", type=Path, help=".tsv, .csv, .jsonl or .xlsx with an 'id' and a response column")
    p.add_argument("--data", required=True, help="the dataset the predictions answer")
    p.add_argument("--out", required=True, type=Path, help="new run folder (then remi score / remi report)")
    p.add_argument("--model", required=True, help="name to record for the model, e.g. vlmevalkit/Qwen2-VL-7B")
    p.add_argument("--column", default="prediction", help="the response column (default: prediction)")
    p.add_argument("--split", default="test")
    p.set_defaults(func=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    from remibench.data.loader import load_items
    from remibench.tasks.registry import parse_task_list

    tasks = None if args.tasks == "all" else parse_task_list(args.tasks, implemented_only=False)
    if args.limit is not None and args.limit < 1:
        raise CliError("--limit must be >= 1")

    def items():  # type: ignore[no-untyped-def]
        return load_items(args.data, args.split, tasks=tasks, limit=args.limit)

    if args.format == "chat":
        from remibench.export.chat import export_chat

        count = export_chat(items(), args.out)
    elif args.format == "vlmevalkit":
        from remibench.export.vlmevalkit import export_vlmevalkit

        count = export_vlmevalkit(items(), args.out)
    else:
        from remibench.export.lmms_eval import export_lmms_eval

        if args.limit is not None:
            raise CliError("lmms-eval takes its own --limit; leave it out of the export")
        count = export_lmms_eval(args.data, args.out, split=args.split, tasks=tasks)
        print(f"wrote {count} task(s) and the group remi to {args.out}: lmms-eval --include_path {args.out} --tasks remi")
        return 0
    print(f"wrote {count} item(s) to {args.out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from remibench.predictions import import_predictions

    results = import_predictions(args.predictions, args.data, args.out, args.model, args.column, args.split)
    print_results(results)
    print(f"run folder: {args.out} (remi score {args.out}; remi report {args.out} --out REPORT)")
    return 0
