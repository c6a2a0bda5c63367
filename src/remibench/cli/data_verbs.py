"""Verbs about data: list tasks, generate, verify, describe and show datasets."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from remibench.cli.common import CliError, load_configs, progress


def add_generate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tasks", default="all", help="'all' (every implemented task) or a comma list, e.g. Clocks,IQ")
    p.add_argument("--per-task", type=int, default=200, help="test items per task (default 200, as published)")
    p.add_argument("--train-per-task", type=int, default=2, help="train items per task (default 2)")
    p.add_argument("--seed", type=int, default=0, help="base seed (default 0)")
    p.add_argument("--out", required=True, type=Path, help="output folder for test.parquet and train.parquet")
    p.add_argument("--workers", type=int, default=1, help="generator processes (output is identical for any number)")
    p.add_argument("--config", type=Path, help='JSON file of knob overrides per task, e.g. {"Clocks": {"max_clocks": 3}}')
    p.add_argument("--force", action="store_true", help="overwrite existing files in --out")
    p.add_argument("--refcoco-root", type=Path, help="build RefCoco from local COCO photos and RefCOCO annotations "
                   "(DIR/images/train2014 or DIR/train2014, DIR/refcoco/instances.json, DIR/refcoco/refs(unc).p)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local processes, or tasks on a Ray cluster (writes shards; pip install 'remibench[ray]')")
    p.add_argument("--address", help="Ray cluster address (default: RAY_ADDRESS, else a local Ray with --workers CPUs)")
    p.add_argument("--shard-size", type=int, help="items per shard: write DIR/data/{split}-00000-of-000NN.parquet "
                   "(default for --engine ray: 1000); rerunning the same command finishes an interrupted run")


def register(sub: Any) -> None:
    p = sub.add_parser("tasks", help="list the 13 tasks, their properties and knobs")
    p.add_argument("--task", help="print the card of one task: what it tests, question types, knobs, solver")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_tasks)

    p = sub.add_parser("generate", help="write a dataset (test.parquet, train.parquet)")
    add_generate_args(p)
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("verify", help="check every row and re-solve every generated item")
    p.add_argument("data", help="dataset folder or parquet file")
    p.add_argument("--rerender", action="store_true", help="also re-draw every image and compare bytes")
    p.add_argument("--refcoco-root", type=Path, help="where the COCO photos of RefCoco items built from them are "
                   "(needed only with --rerender)")
    p.add_argument("--against", help="another dataset: fail if the two share an item (same question and images) "
                   "or an item seed, e.g. training data against a test set")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("stats", help="items per task, label distribution, properties")
    p.add_argument("data", help="dataset folder, parquet file or hub name")
    p.add_argument("--split", default="test")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("show", help="draw one item as a contact sheet PNG")
    p.add_argument("data", help="dataset folder, parquet file or hub name")
    p.add_argument("--id", required=True, help="item id (see remi stats / the id column)")
    p.add_argument("--split", default="test")
    p.add_argument("--out", required=True, type=Path, help="PNG file to write")
    p.set_defaults(func=cmd_show)


def cmd_tasks(args: argparse.Namespace) -> int:
    from remibench.tasks.registry import TASKS, UnknownTask, get_task

    if args.task:
        from remibench.tasks.cards import card_text

        if args.task not in TASKS:
            raise CliError(str(UnknownTask(args.task)))
        print(card_text(args.task), end="")
        return 0
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


def cmd_generate(args: argparse.Namespace) -> int:
    from remibench.build import build_dataset
    from remibench.tasks.registry import parse_task_list

    tasks = parse_task_list(args.tasks)
    if not tasks:
        raise CliError("no task selected")
    if args.per_task < 1 or args.train_per_task < 0 or args.workers < 1:
        raise CliError("--per-task must be >= 1, --train-per-task >= 0, --workers >= 1")
    if args.engine == "ray" or args.shard_size is not None:
        return generate_sharded(args, tasks)
    existing = [p for p in (args.out / "test.parquet", args.out / "train.parquet") if p.exists()]
    if existing and not args.force:
        raise CliError(f"{existing[0]} exists; pass --force to overwrite")
    configs = load_configs(args.config)
    total = len(tasks) * (args.per_task + args.train_per_task)
    with progress(total, "generating", args.quiet) as bar:
        summary = build_dataset(args.out, tasks, args.per_task, args.train_per_task, args.seed,
                                args.workers, configs, on_item=lambda item: bar.update(1),
                                refcoco_root=args.refcoco_root)
    test, train = summary["splits"]["test"], summary["splits"]["train"]
    print(f"wrote {sum(test['items'].values())} test and {sum(train['items'].values())} train items "
          f"({len(tasks)} tasks) to {args.out} in {summary['seconds']:.1f} s")
    return 0


def generate_sharded(args: argparse.Namespace, tasks: list[str]) -> int:
    from remibench.build_sharded import build_sharded
    from remibench.shards import DEFAULT_SHARD_SIZE

    shard_size = args.shard_size if args.shard_size is not None else DEFAULT_SHARD_SIZE
    if shard_size < 1:
        raise CliError("--shard-size must be >= 1")
    if args.refcoco_root is not None:
        raise CliError("--refcoco-root writes single files: leave out --engine ray and --shard-size")
    total = len(tasks) * (args.per_task + args.train_per_task)
    with progress(total, f"generating ({args.engine})", args.quiet) as bar:
        summary = build_sharded(args.out, tasks, args.per_task, args.train_per_task, args.seed, engine=args.engine,
                                workers=args.workers, shard_size=shard_size, configs=load_configs(args.config),
                                address=args.address, force=args.force,
                                on_shard=lambda record: bar.update(record["rows"]))
    test, train = summary["splits"]["test"], summary["splits"]["train"]
    resumed = f"; {summary['resumed_shards']} shard(s) kept from an earlier run" if summary["resumed_shards"] else ""
    print(f"wrote {sum(test['items'].values())} test and {sum(train['items'].values())} train items "
          f"({len(tasks)} tasks) in {len(summary['shards'])} shards to {args.out / 'data'} in "
          f"{summary['seconds']:.1f} s{resumed}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from remibench.verify import verify_dataset

    with progress(None, "verifying", args.quiet) as bar:
        report = verify_dataset(args.data, rerender=args.rerender, on_row=lambda: bar.update(1),
                                refcoco_root=args.refcoco_root)
    for problem in report.problems[:50]:
        print(f"FAIL {problem}")
    if len(report.problems) > 50:
        print(f"... and {len(report.problems) - 50} more problems")
    tasks = ", ".join(f"{t} {n}" for t, n in report.per_task.items())
    print(f"checked {report.checked} rows ({tasks}); re-solved {report.resolved} from their specs"
          + (f", re-rendered {report.rerendered}" if args.rerender else ""))
    if report.ok and args.against:
        from remibench.overlap import find_overlap

        overlap = find_overlap(args.data, args.against)
        for mine, theirs in overlap.same_content[:20]:
            print(f"FAIL {mine} shows the same question and images as {theirs} in {args.against}")
        for mine, theirs in overlap.same_seed[:20]:
            print(f"FAIL {mine} was drawn from the same item seed as {theirs} in {args.against}")
        if not overlap.clean:
            print(f"{len(overlap.same_content)} shared item(s), {len(overlap.same_seed)} shared seed(s) with {args.against}")
            return 1
        print(f"no item or item seed shared with {args.against}")
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
