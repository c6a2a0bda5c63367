"""``remi demo``: a small dataset of every implemented task, verified, with contact sheets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from remibench.build import build_dataset
from remibench.contact_sheet import contact_sheet
from remibench.data.loader import load_items
from remibench.items import Item
from remibench.tasks.registry import implemented_tasks
from remibench.verify import verify_dataset


@dataclass
class DemoResult:
    data_dir: Path
    tasks: list[str]
    n_items: int
    verified: bool
    sheets: list[Path] = field(default_factory=list)


def run_demo(out: Path, per_task: int = 10, workers: int = 2, seed: int = 0,
             on_item: Callable[[Item], None] | None = None) -> DemoResult:
    """Generate, verify and draw one contact sheet per task (its first test item)."""
    tasks = implemented_tasks()
    data_dir = out / "data"
    summary = build_dataset(data_dir, tasks, per_task=per_task, train_per_task=2, seed=seed,
                            workers=workers, on_item=on_item)
    report = verify_dataset(data_dir)
    sheets = []
    shown: set[str] = set()
    for item in load_items(data_dir, "test"):
        if item.task in shown:
            continue
        shown.add(item.task)
        path = out / "sheets" / f"{item.id}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        contact_sheet(item).save(path)
        sheets.append(path)
    n_items = sum(sum(s["items"].values()) for s in summary["splits"].values())
    return DemoResult(data_dir, tasks, n_items, report.ok, sheets)
