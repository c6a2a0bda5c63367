"""The numbers of a report: per-task accuracy with intervals, breakdowns by property, scorer
differences, paired comparisons and the layout ablation. Plain dicts, so every renderer
(HTML, markdown, CSV) shows the same figures.

Accuracy follows PROTOCOL.md §5 exactly as ``results.json`` does: correct / items of the task,
a failed request counting as wrong; the ReMI score is the unweighted mean over tasks.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

from remibench.items import TASK_NAMES
from remibench.report.runs import Run
from remibench.report.stats import bootstrap_macro, bootstrap_mean, mcnemar_exact, paired_bootstrap_macro

PROPERTIES = ("n_images", "interleaved", "consumption", "image_types", "domain")
MAX_DIFFERENCES_SHOWN = 50


def task_order(runs: list[Run]) -> list[str]:
    seen = {r["task"] for run in runs for r in run.records.values()}
    return [t for t in TASK_NAMES if t in seen] + sorted(seen - set(TASK_NAMES))


def _vectors(run: Run, tasks: list[str], key: str = "correct") -> dict[str, list[float]]:
    by_task: dict[str, list[float]] = defaultdict(list)
    for record in sorted(run.records.values(), key=lambda r: r["id"]):
        by_task[record["task"]].append(float(bool(record.get(key)) and not record.get("error")))
    return {t: by_task[t] for t in tasks if by_task.get(t)}


def run_table(run: Run, tasks: list[str], resamples: int) -> dict[str, Any]:
    official, lenient = _vectors(run, tasks), _vectors(run, tasks, "correct_lenient")
    per_task = {}
    for task, values in official.items():
        records = [r for r in run.records.values() if r["task"] == task]
        answered = [r for r in records if not r.get("error")]
        interval = bootstrap_mean(values, resamples)
        bad = sum(r.get("prediction") == "BAD_JSON" for r in answered)
        per_task[task] = {
            "n": len(values), "correct": int(sum(values)), "accuracy": interval.estimate,
            "ci": [interval.low, interval.high], "accuracy_lenient": sum(lenient[task]) / len(values),
            "bad_json": bad, "bad_json_rate": bad / len(answered) if answered else 0.0,
            "errors": len(records) - len(answered),
        }
    overall = bootstrap_macro(list(official.values()), resamples)
    overall_lenient = bootstrap_macro(list(lenient.values()), resamples)
    return {"name": run.name, "model": run.model, "kind": run.kind, "layout": run.layout,
            "n": sum(t["n"] for t in per_task.values()), "tasks": per_task,
            "overall": overall.estimate, "overall_ci": [overall.low, overall.high],
            "overall_lenient": overall_lenient.estimate, "overall_lenient_ci": [overall_lenient.low, overall_lenient.high]}


def property_breakdown(runs: list[Run], resamples: int) -> dict[str, dict[str, Any]]:
    """Accuracy over the items that share a property value (micro-averaged), per run."""
    out: dict[str, dict[str, Any]] = {}
    for prop in PROPERTIES:
        table: dict[str, dict[str, Any]] = defaultdict(dict)
        for run in runs:
            groups: dict[str, list[float]] = defaultdict(list)
            for record in run.records.values():
                value = (record.get("properties") or {}).get(prop)
                if value is not None:
                    groups[str(value)].append(float(bool(record.get("correct")) and not record.get("error")))
            for value, values in groups.items():
                interval = bootstrap_mean(values, resamples)
                table[value][run.name] = {"n": len(values), "accuracy": interval.estimate,
                                          "ci": [interval.low, interval.high]}
        def order(value: str) -> tuple[int, float | str]:
            return (0, float(value)) if value.replace(".", "", 1).isdigit() else (1, value)

        out[prop] = {value: table[value] for value in sorted(table, key=order)}
    return out


def scorer_differences(run: Run) -> dict[str, Any]:
    """Items whose official and lenient verdicts differ, the cost of the protocol's quirks."""
    differing = [r for r in run.records.values() if not r.get("error") and bool(r.get("correct")) != bool(r.get("correct_lenient"))]
    differing.sort(key=lambda r: (r["task"], r["id"]))
    per_task: dict[str, int] = defaultdict(int)
    for record in differing:
        per_task[record["task"]] += 1
    shown = [{key: record.get(key) for key in ("id", "task", "label", "prediction", "prediction_lenient",
                                                "correct", "correct_lenient")} for record in differing[:MAX_DIFFERENCES_SHOWN]]
    return {"count": len(differing), "per_task": dict(per_task), "items": shown}


def paired_comparison(first: Run, second: Run, tasks: list[str], resamples: int) -> dict[str, Any] | None:
    """Score difference on the items both runs answered, with a paired interval and McNemar."""
    shared = sorted(set(first.records) & set(second.records))
    if not shared:
        return None
    a_by_task: dict[str, list[float]] = defaultdict(list)
    b_by_task: dict[str, list[float]] = defaultdict(list)
    only_first = only_second = 0
    for item_id in shared:
        a, b = first.records[item_id], second.records[item_id]
        a_ok = float(bool(a.get("correct")) and not a.get("error"))
        b_ok = float(bool(b.get("correct")) and not b.get("error"))
        a_by_task[a["task"]].append(a_ok)
        b_by_task[a["task"]].append(b_ok)
        only_first += a_ok > b_ok
        only_second += b_ok > a_ok
    ordered = [t for t in tasks if t in a_by_task]
    interval = paired_bootstrap_macro([a_by_task[t] for t in ordered], [b_by_task[t] for t in ordered], resamples)
    return {"first": first.name, "second": second.name, "shared_items": len(shared),
            "difference": interval.estimate, "ci": [interval.low, interval.high],
            "only_first_correct": only_first, "only_second_correct": only_second,
            "mcnemar_p": mcnemar_exact(only_first, only_second)}


def layout_ablation(runs: list[Run]) -> list[dict[str, Any]]:
    """Runs of one model with the same settings that differ only in --layout, side by side."""
    groups: dict[tuple[Any, ...], list[Run]] = defaultdict(list)
    for run in runs:
        m = run.manifest
        groups[(run.model, m.get("endpoint"), m.get("temperature"), m.get("max_tokens"))].append(run)
    out = []
    for (model, *_), members in groups.items():
        layouts = {run.layout: run for run in members}
        if len(layouts) > 1:
            out.append({"model": model, "layouts": {layout: {"overall": run.results.get("overall"), "run": run.name,
                                                             "tasks": {t: v["accuracy"] for t, v in run.results.get("tasks", {}).items()}}
                                                    for layout, run in layouts.items()}})
    return out


def analyse(runs: list[Run], resamples: int = 10_000) -> dict[str, Any]:
    tasks = task_order(runs)
    compared = [run for run in runs if run.kind != "baseline"]  # models and people, not reference floors
    models = compared if len(compared) >= 2 else runs
    pairs = [paired_comparison(a, b, tasks, resamples) for a, b in combinations(models, 2)]
    return {
        "tasks": tasks,
        "runs": [run_table(run, tasks, resamples) for run in runs],
        "properties": property_breakdown(runs, resamples),
        "scorer_differences": {run.name: scorer_differences(run) for run in runs},
        "paired": [p for p in pairs if p is not None],
        "layout_ablation": layout_ablation(runs),
        "resamples": resamples,
    }
