"""``remi verify``: every row checked, and every generated item re-solved from its stored spec."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remibench.data.loader import DatasetError, iter_rows, row_to_item
from remibench.items import Item
from remibench.render.canvas import to_png
from remibench.tasks.base import Task
from remibench.tasks.registry import NotImplementedTask, get_task


@dataclass
class VerifyReport:
    """What was checked and every problem found (empty means the data is sound)."""

    checked: int = 0
    resolved: int = 0
    rerendered: int = 0
    per_task: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.checked > 0


def render_spec(task: Task, spec: dict[str, Any], refcoco_root: Path | None) -> list[Any]:
    """The spec's images; RefCoco items made from COCO photos are drawn from the local photos."""
    if spec.get("source") == "coco":
        if refcoco_root is None:
            raise ValueError("this RefCoco item was built from COCO photos: pass --refcoco-root to re-render it")
        from remibench.tasks.refcoco.coco import render_coco

        return render_coco(spec, refcoco_root)
    return task.render(spec)


def check_generated(item: Item, task: Task, rerender: bool, refcoco_root: Path | None = None) -> list[str]:
    """Mismatches between a stored item and what its spec gives now."""
    spec = json.loads(json.dumps(item.metadata["spec"]))
    problems = []
    question = task.question(spec)
    if question != item.question:
        problems.append(f"question differs from the one its spec gives: {question!r}")
    label = task.solve(spec)
    if label != item.label:
        problems.append(f"label {item.label!r} but the spec solves to {label!r}")
    expected_n = item.metadata.get("properties", {}).get("n_images")
    if expected_n is not None and expected_n != item.n_images:
        problems.append(f"metadata says {expected_n} images, row has {item.n_images}")
    if rerender:
        images = render_spec(task, spec, refcoco_root)
        if len(images) != item.n_images:
            problems.append(f"spec renders {len(images)} images, row has {item.n_images}")
        else:
            for k, (image, stored) in enumerate(zip(images, item.images), start=1):
                if to_png(image) != stored:
                    problems.append(f"image_{k} differs from what the spec renders")
    return problems


def verify_dataset(source: str | Path, splits: Sequence[str] = ("test", "train"), rerender: bool = False,
                   on_row: Callable[[], None] | None = None, refcoco_root: Path | None = None) -> VerifyReport:
    """Check all rows of ``splits``; items with a spec are re-solved (and re-rendered if asked)."""
    report = VerifyReport()
    seen: set[str] = set()
    if Path(source).is_file():
        splits = (Path(source).stem.split("-")[0],)
    for split in splits:
        rows = _rows(source, split)
        while True:
            try:
                label, index, base, row, ordinal = next(rows)
            except StopIteration:
                break
            except DatasetError as error:
                if not (split == "train" and f"no {split}.parquet" in str(error)):
                    report.problems.append(str(error))
                break
            if on_row is not None:
                on_row()
            report.checked += 1
            try:
                item = row_to_item(row, source=label, row_index=index, split=split, ordinal=ordinal, base=base, check="full")
            except DatasetError as error:
                report.problems.append(str(error))
                continue
            where = f"{label}: row {index} ({item.id})"
            if item.id in seen:
                report.problems.append(f"{where}: duplicate id")
            seen.add(item.id)
            report.per_task[item.task] += 1
            if "spec" not in item.metadata:
                continue
            try:
                task = get_task(item.task)
            except NotImplementedTask as error:
                report.problems.append(f"{where}: cannot re-solve: {error}")
                continue
            try:
                problems = check_generated(item, task, rerender, refcoco_root)
            except Exception as error:  # a spec the solver chokes on is itself a finding
                problems = [f"re-solving failed: {type(error).__name__}: {error}"]
            report.problems.extend(f"{where}: {p}" for p in problems)
            report.resolved += 1
            report.rerendered += int(rerender)
    return report


def _rows(source: str | Path, split: str):  # type: ignore[no-untyped-def]
    """Rows with their per-task ordinal (for the ids of rows that carry none)."""
    per_task: Counter[str] = Counter()
    for label, index, base, row in iter_rows(source, split):
        task = row.get("task")
        key = task if isinstance(task, str) else ""
        yield label, index, base, row, per_task[key]
        per_task[key] += 1
