"""``remi demo``: the main job end to end on built-in defaults, with no keys and no network.

A small dataset of every implemented task is generated and verified, one contact sheet per task
is drawn, the offline baselines (oracle, majority, random) are evaluated with the official
prompt and scoring, and the report of those runs is written.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remibench.backends.factory import make_backend
from remibench.build import build_dataset
from remibench.contact_sheet import contact_sheet
from remibench.data.loader import load_items
from remibench.items import Item
from remibench.report.build import build_report
from remibench.runner.run import EvalOptions, evaluate
from remibench.tasks.registry import implemented_tasks
from remibench.verify import verify_dataset

BASELINES = ("baseline/oracle", "baseline/majority", "baseline/random")


@dataclass
class DemoResult:
    data_dir: Path
    tasks: list[str]
    n_items: int
    verified: bool
    sheets: list[Path] = field(default_factory=list)
    runs: dict[str, dict[str, Any]] = field(default_factory=dict)
    report: Path | None = None


def run_demo(out: Path, per_task: int = 10, workers: int = 2, seed: int = 0,
             on_item: Callable[[Item], None] | None = None) -> DemoResult:
    """Generate, verify, draw one contact sheet per task and evaluate the baselines."""
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
    runs = {}
    for spec in BASELINES:
        backend = make_backend(spec, data=data_dir)
        run_dir = out / "runs" / spec.split("/")[1]
        runs[spec] = asyncio.run(evaluate(lambda: load_items(data_dir, "test"), backend, run_dir,
                                          EvalOptions(data=str(data_dir))))
        runs[spec]["folder"] = str(run_dir)
    n_items = sum(sum(s["items"].values()) for s in summary["splits"].values())
    paths = build_report([run["folder"] for run in runs.values()], out / "report", resamples=2000)
    return DemoResult(data_dir, tasks, n_items, report.ok, sheets, runs, paths["html"])
