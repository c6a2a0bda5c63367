"""Reading run folders (``remi eval`` or ``remi annotate`` output) for a report."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remibench.results import summarize
from remibench.runner.store import MANIFEST, RESULTS, RunStore, RunStoreError, read_json_object

HUMAN_PAPER_AVERAGE = 0.958
PAPER_MODEL_RANGE = (0.286, 0.505)


@dataclass
class Run:
    """One run: its records (latest per id), results and manifest, under a display name."""

    name: str
    folder: Path
    manifest: dict[str, Any]
    results: dict[str, Any]
    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def model(self) -> str:
        recorded = next((r.get("model") for r in self.records.values() if r.get("model")), None)
        return str(self.manifest.get("model") or self.results.get("settings", {}).get("model") or recorded or self.name)

    @property
    def layout(self) -> str:
        return str(self.manifest.get("layout", "interleaved"))

    @property
    def kind(self) -> str:
        """``model``, ``baseline`` or ``human``: reference rows are drawn apart in tables and plots."""
        prefix = self.model.split("/", 1)[0]
        return prefix if prefix in ("baseline", "human") else "model"


def load_run(folder: str | Path) -> Run:
    folder = Path(folder)
    store = RunStore(folder)
    if not store.samples_path.exists():
        raise RunStoreError(f"{folder}: no samples.jsonl; pass run folders written by remi eval or remi annotate")
    records = store.latest()
    manifest_path = folder / MANIFEST
    manifest = read_json_object(manifest_path) if manifest_path.exists() else {}
    results_path = folder / RESULTS
    results = read_json_object(results_path) if results_path.exists() else summarize(records.values())
    return Run(name=folder.name, folder=folder, manifest=manifest, results=results, records=records)


def display_names(runs: list[Run]) -> None:
    """Name each run by its model (and layout when that differs), made unique with the folder."""
    labels = []
    layouts = {run.layout for run in runs}
    for run in runs:
        label = run.model + (f" [{run.layout}]" if len(layouts) > 1 else "")
        labels.append(label)
    for run, label in zip(runs, labels):
        run.name = label if labels.count(label) == 1 else f"{label} ({run.folder.name})"
