"""Sample records -> per-task and overall figures (PROTOCOL.md §5: the headline is the
unweighted mean of per-task accuracies). Errors count as wrong, and are reported apart."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from remibench.items import TASK_NAMES
from remibench.scoring import BAD_JSON


def _task_order(tasks: Iterable[str]) -> list[str]:
    known = [t for t in TASK_NAMES if t in tasks]
    return known + sorted(set(tasks) - set(known))


def summarize(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    per: dict[str, dict[str, Any]] = defaultdict(lambda: {
        "n": 0, "answered": 0, "errors": 0, "correct": 0, "correct_lenient": 0, "bad_json": 0,
        "input_tokens": 0, "output_tokens": 0, "cached": 0,
    })
    for record in records:
        entry = per[record["task"]]
        entry["n"] += 1
        if record.get("error"):
            entry["errors"] += 1
            continue
        entry["answered"] += 1
        entry["correct"] += bool(record.get("correct"))
        entry["correct_lenient"] += bool(record.get("correct_lenient"))
        entry["bad_json"] += record.get("prediction") == BAD_JSON
        entry["input_tokens"] += record.get("input_tokens") or 0
        entry["output_tokens"] += record.get("output_tokens") or 0
        entry["cached"] += bool(record.get("cached"))
    tasks: dict[str, dict[str, Any]] = {}
    for task in _task_order(per):
        entry = per[task]
        n = entry["n"]
        entry["accuracy"] = entry["correct"] / n
        entry["accuracy_lenient"] = entry["correct_lenient"] / n
        entry["bad_json_rate"] = entry["bad_json"] / entry["answered"] if entry["answered"] else 0.0
        tasks[task] = entry
    accuracies = [t["accuracy"] for t in tasks.values()]
    lenient = [t["accuracy_lenient"] for t in tasks.values()]
    errors = sum(t["errors"] for t in tasks.values())
    return {
        "overall": sum(accuracies) / len(accuracies) if accuracies else 0.0,
        "overall_lenient": sum(lenient) / len(lenient) if lenient else 0.0,
        "n": sum(t["n"] for t in tasks.values()),
        "errors": errors,
        "complete": errors == 0,
        "bad_json": sum(t["bad_json"] for t in tasks.values()),
        "input_tokens": sum(t["input_tokens"] for t in tasks.values()),
        "output_tokens": sum(t["output_tokens"] for t in tasks.values()),
        "tasks": tasks,
    }
