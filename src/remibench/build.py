"""``remi generate``: both splits of a dataset, streamed to parquet, plus a summary file."""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from remibench import __version__
from remibench.data.card import dataset_card
from remibench.data.writer import DatasetWriter
from remibench.generate import plan_jobs, run_jobs
from remibench.items import Item
from remibench.tasks.registry import get_task

SUMMARY_FILE = "generation.json"
CARD_FILE = "README.md"


def items_in_order(tasks: Sequence[str], n: int, split: str, seed: int, workers: int,
                   configs: dict[str, dict[str, Any]] | None, refcoco_root: Path | None) -> Iterator[Item]:
    """Every item of one split in task order. With ``refcoco_root``, RefCoco items come from the
    local COCO photos and RefCOCO annotations instead of the built-in scenes."""
    if refcoco_root is None or "RefCoco" not in tasks:
        yield from run_jobs(plan_jobs(tasks, n, split, seed, configs), workers)
        return
    from remibench.tasks.refcoco.coco import iter_refcoco_items

    cut = list(tasks).index("RefCoco")
    before, after = list(tasks[:cut]), list(tasks[cut + 1:])
    if before:
        yield from run_jobs(plan_jobs(before, n, split, seed, configs), workers)
    yield from iter_refcoco_items(refcoco_root, split, n, seed)
    if after:
        yield from run_jobs(plan_jobs(after, n, split, seed, configs), workers)


def build_dataset(out: str | Path, tasks: Sequence[str], per_task: int = 200, train_per_task: int = 2,
                  seed: int = 0, workers: int = 1, configs: dict[str, dict[str, Any]] | None = None,
                  on_item: Callable[[Item], None] | None = None, refcoco_root: Path | None = None) -> dict[str, Any]:
    """Write ``out/test.parquet`` and ``out/train.parquet``; return (and save) a summary.

    Test and train items come from disjoint seed streams (the split is part of each item's
    seed), so train items never repeat test items.
    """
    out = Path(out)
    started = time.perf_counter()
    summary: dict[str, Any] = {
        "remibench": __version__,
        "seed": seed,
        "tasks": list(tasks),
        "per_task": {"test": per_task, "train": train_per_task},
        "configs": configs or {},
        "refcoco_root": str(refcoco_root) if refcoco_root else None,
        "task_versions": {task: get_task(task).version for task in tasks},
        "splits": {},
    }
    for split, n in (("test", per_task), ("train", train_per_task)):
        rejected: dict[str, int] = defaultdict(int)
        counts: Counter[str] = Counter()
        with DatasetWriter(out / f"{split}.parquet") as writer:
            for item in items_in_order(tasks, n, split, seed, workers, configs, refcoco_root):
                writer.write(item)
                counts[item.task] += 1
                rejected[item.task] += int(item.metadata.get("rejected_draws", 0))
                if on_item is not None:
                    on_item(item)
        summary["splits"][split] = {"items": dict(counts), "rejected_draws": dict(rejected)}
    summary["seconds"] = round(time.perf_counter() - started, 3)
    (out / SUMMARY_FILE).write_text(json.dumps(summary, indent=2) + "\n")
    (out / CARD_FILE).write_text(dataset_card(summary, "single"), encoding="utf-8")
    return summary
