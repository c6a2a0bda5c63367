"""Generation speed and memory: items/s and images/s per task and overall, peak RSS.

Per-task figures come from generating N items of each task in this process (one core); the
overall figure from a full ``build_dataset`` run (both splits written to parquet) with the
requested number of worker processes, or in shards on a Ray cluster (``--engine ray``; a local one
with ``--workers`` CPUs unless RAY_ADDRESS names another). Usage:

    python benchmarks/generate.py --per-task 50 --workers 2 --json benchmarks/results/generate.json
    python benchmarks/generate.py --skip-per-task --per-task 2000 --engine ray --shard-size 500
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tree_memory import TreeMemorySampler

from remibench import __version__
from remibench.build import build_dataset
from remibench.build_sharded import build_sharded
from remibench.generate import plan_jobs, run_jobs
from remibench.tasks.registry import parse_task_list


def peak_rss_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def per_task_figures(tasks: list[str], n: int, seed: int) -> dict[str, dict[str, float]]:
    figures = {}
    for task in tasks:
        list(run_jobs(plan_jobs([task], 1, "warmup", seed)))  # font and asset caches, imports
        started = time.perf_counter()
        images = bytes_out = rejected = 0
        for item in run_jobs(plan_jobs([task], n, "test", seed)):
            images += item.n_images
            bytes_out += sum(len(b) for b in item.images)
            rejected += item.metadata["rejected_draws"]
        seconds = time.perf_counter() - started
        figures[task] = {
            "items": n, "seconds": round(seconds, 3), "items_per_s": round(n / seconds, 2),
            "images_per_s": round(images / seconds, 2), "ms_per_item": round(1000 * seconds / n, 2),
            "mean_png_kib": round(bytes_out / images / 1024, 1), "rejected_per_item": round(rejected / n, 3),
        }
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", default="all")
    parser.add_argument("--per-task", type=int, default=50)
    parser.add_argument("--train-per-task", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engine", choices=("local", "ray"), default="local")
    parser.add_argument("--shard-size", type=int, help="write shards of this many items (implied by --engine ray)")
    parser.add_argument("--skip-per-task", action="store_true", help="only the overall run")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep-ledger", type=Path,
                        help="copy the shard ledger (per-shard items and seconds) here before the data is removed")
    args = parser.parse_args()
    tasks = parse_task_list(args.tasks)

    per_task = {} if args.skip_per_task else per_task_figures(tasks, args.per_task, args.seed)
    print(f"{'task':<13} {'items/s':>8} {'images/s':>9} {'ms/item':>8} {'PNG KiB':>8} {'rejects':>8}")
    for task, f in per_task.items():
        print(f"{task:<13} {f['items_per_s']:>8.1f} {f['images_per_s']:>9.1f} {f['ms_per_item']:>8.1f} "
              f"{f['mean_png_kib']:>8.1f} {f['rejected_per_item']:>8.2f}")

    with tempfile.TemporaryDirectory() as folder, TreeMemorySampler() as sampler:
        started = time.perf_counter()
        images = 0

        def count(item) -> None:  # type: ignore[no-untyped-def]
            nonlocal images
            images += item.n_images

        if args.engine == "ray" or args.shard_size:
            summary = build_sharded(folder, tasks, args.per_task, args.train_per_task, args.seed, engine=args.engine,
                                    workers=args.workers, shard_size=args.shard_size or 1000)
            images = sum(r["images"] for r in summary["shards"])
        else:
            summary = build_dataset(folder, tasks, args.per_task, args.train_per_task, args.seed, args.workers,
                                    on_item=count)
        seconds = time.perf_counter() - started
        n_items = sum(sum(s["items"].values()) for s in summary["splits"].values())
        size_mib = sum(p.stat().st_size for p in Path(folder).rglob("*.parquet")) / 2**20
        ledger = Path(folder) / ".shards.jsonl"
        if args.keep_ledger and ledger.exists():
            args.keep_ledger.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ledger, args.keep_ledger)
    overall = {
        "items": n_items, "workers": args.workers, "engine": args.engine, "shard_size": args.shard_size,
        "seconds": round(seconds, 2),
        "items_per_s": round(n_items / seconds, 2), "images_per_s": round(images / seconds, 2),
        "parquet_mib": round(size_mib, 2),
        "peak_rss_mib_main": round(peak_rss_mib(resource.RUSAGE_SELF), 1),
        "peak_rss_mib_workers": round(peak_rss_mib(resource.RUSAGE_CHILDREN), 1),
        "process_tree": sampler.summary(),
    }
    tree = overall["process_tree"]
    print(f"\noverall: {n_items} items ({len(tasks)} tasks, test+train) with {args.workers} worker(s) in "
          f"{seconds:.1f} s = {overall['items_per_s']:.1f} items/s, {overall['images_per_s']:.1f} images/s; "
          f"parquet {size_mib:.1f} MiB; peak RSS main {overall['peak_rss_mib_main']:.0f} MiB, "
          f"largest worker {overall['peak_rss_mib_workers']:.0f} MiB")
    if tree:
        print(f"process tree (sampled every 2 s, {tree['most_processes']} processes at most): peak "
              f"{tree['peak_tree_mib']:.0f} MiB in all (first half {tree['peak_tree_mib_first_half']:.0f}, second half "
              f"{tree['peak_tree_mib_second_half']:.0f}); largest process {tree['peak_process_mib']:.0f} MiB (halves "
              f"{tree['peak_process_mib_first_half']:.0f} / {tree['peak_process_mib_second_half']:.0f})")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        record = {"remibench": __version__, "python": sys.version.split()[0], "machine": platform.machine(),
                  "per_task_items": args.per_task, "per_task": per_task, "overall": overall}
        args.json.write_text(json.dumps(record, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
