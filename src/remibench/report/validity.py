"""The report's item-validity section: the audit of the data the runs were scored on.

A score means little if its items can be answered without every image or by a trick, so the
report carries the audit beside the accuracies: either a file written by ``remi audit --json``,
or (by default) an audit run here on the runs' dataset with a modest number of variations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remibench.data.loader import DatasetError
from remibench.report.runs import Run

REPORT_ITEMS = 1000  # at most this many items per task for the shortcut guessers
REPORT_NECESSITY_ITEMS = 20  # items per task whose images are varied
REPORT_TRIES = 8


@dataclass
class Validity:
    tasks: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


def _summary(report: dict[str, Any]) -> dict[str, Any]:
    """One row of the section: necessity per part, the strongest shortcut, the verdict."""
    guessers = report.get("guessers", {})
    applied = [(name, g) for name, g in guessers.items() if g["n"] > 0]
    strongest = max(applied, key=lambda kv: kv[1]["margin"], default=None)
    return {
        "task": report["task"], "items": report["items"], "verdict": report["verdict"],
        "necessity": {part: f["share"] for part, f in report.get("necessity", {}).items()},
        "strongest": None if strongest is None else {"name": strongest[0], **strongest[1]},
        "gates": report.get("gates", []), "skipped": report.get("skipped", []),
    }


def load_validity(runs: list[Run], tasks: list[str], audit: str) -> Validity:
    """``audit`` is ``none``, ``auto`` (audit the runs' dataset) or the path of a ``remi audit --json`` file."""
    if audit == "none":
        return Validity(note="Item validity was not checked for this report (--audit none).")
    if audit != "auto":
        path = Path(audit)
        try:
            reports = json.loads(path.read_text())["tasks"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise DatasetError(f"--audit {path}: not a file written by remi audit --json ({error})") from error
        return Validity(tasks=[_summary(r) for r in reports if r.get("task") in tasks])
    data = next((run.manifest.get("data") for run in runs if run.manifest.get("data")), None)
    if not data or not Path(data).exists():
        return Validity(note="Item validity is not shown: the dataset of these runs is not available on this machine.")
    from remibench.audit.run import audit_dataset

    try:
        reports = audit_dataset(data, tasks, items=REPORT_ITEMS, necessity_items=REPORT_NECESSITY_ITEMS,
                                tries=REPORT_TRIES)
    except DatasetError as error:
        return Validity(note=f"Item validity is not shown: {error}")
    return Validity(tasks=[_summary(r) for r in reports],
                    note=f"Audited here: shortcuts on up to {REPORT_ITEMS} items per task, image necessity on "
                         f"{REPORT_NECESSITY_ITEMS} items per task with {REPORT_TRIES} variations per image; "
                         "run remi audit for the full audit.")
