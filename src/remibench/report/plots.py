"""The report's figures, drawn with matplotlib (Agg) and returned as PNG bytes to embed."""

from __future__ import annotations

import io
from typing import Any

from remibench.report.runs import HUMAN_PAPER_AVERAGE

COLOURS = ["#3b6fb6", "#e07b39", "#4a9a5b", "#b8474b", "#7d5ba6", "#8c6d4f", "#d17fb5", "#6f6f6f", "#b5b53c", "#3fb0c4"]
BASELINE_COLOURS = {"baseline/oracle": "#c9c9c9", "baseline/majority": "#a3a3a3", "baseline/random": "#7a7a7a"}


def _figure(width: float, height: float):  # type: ignore[no-untyped-def]
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _colour(run: dict[str, Any], index: int) -> str:
    return BASELINE_COLOURS.get(run["model"], COLOURS[index % len(COLOURS)])


def per_task_bars(analysis: dict[str, Any]) -> bytes:
    """Grouped bars: one group per task (and the ReMI score), one bar per run, the human line."""
    tasks, runs = analysis["tasks"], analysis["runs"]
    groups = tasks + ["ReMI score"]
    figure = _figure(max(8.0, 0.9 * len(groups) * max(1, len(runs)) ** 0.5 + 3), 4.6)
    axes = figure.add_subplot()
    width = 0.8 / max(1, len(runs))
    for k, run in enumerate(runs):
        values = [run["tasks"].get(t, {}).get("accuracy", 0.0) for t in tasks] + [run["overall"]]
        lows = [run["tasks"].get(t, {}).get("ci", [0, 0])[0] for t in tasks] + [run["overall_ci"][0]]
        highs = [run["tasks"].get(t, {}).get("ci", [0, 0])[1] for t in tasks] + [run["overall_ci"][1]]
        xs = [i - 0.4 + width * (k + 0.5) for i in range(len(groups))]
        errors = [[max(0.0, v - lo) for v, lo in zip(values, lows)], [max(0.0, hi - v) for v, hi in zip(values, highs)]]
        axes.bar(xs, values, width, label=run["name"], color=_colour(run, k), yerr=errors, capsize=2,
                 error_kw={"elinewidth": 0.8, "alpha": 0.7})
    axes.axhline(HUMAN_PAPER_AVERAGE, color="#2b2b2b", linestyle="--", linewidth=1)
    axes.text(len(groups) - 0.5, HUMAN_PAPER_AVERAGE + 0.01, "human (paper) 95.8%", ha="right", va="bottom", fontsize=9)
    axes.set_xticks(range(len(groups)), groups, rotation=30, ha="right")
    axes.set_ylim(0, 1.08)
    axes.set_ylabel("accuracy (official scorer)")
    axes.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize=8, ncols=min(4, max(1, len(runs))), loc="upper left", bbox_to_anchor=(0, -0.25))
    return _png(figure)


def accuracy_by_images(analysis: dict[str, Any]) -> bytes:
    """Accuracy against the number of images per item, one line per run, with 95% intervals."""
    table = analysis["properties"].get("n_images", {})
    counts = list(table)
    figure = _figure(6.4, 3.8)
    axes = figure.add_subplot()
    for k, run in enumerate(analysis["runs"]):
        points = [(int(c), table[c][run["name"]]) for c in counts if run["name"] in table[c]]
        if not points:
            continue
        xs = [x for x, _ in points]
        ys = [p["accuracy"] for _, p in points]
        errors = [[max(0.0, p["accuracy"] - p["ci"][0]) for _, p in points],
                  [max(0.0, p["ci"][1] - p["accuracy"]) for _, p in points]]
        axes.errorbar(xs, ys, yerr=errors, marker="o", capsize=3, label=run["name"], color=_colour(run, k))
    axes.set_xlabel("images in the item")
    axes.set_ylabel("accuracy")
    axes.set_ylim(0, 1.05)
    axes.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    axes.set_xticks(sorted({int(c) for c in counts}))
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8)
    return _png(figure)


def layout_bars(ablation: list[dict[str, Any]]) -> bytes:
    """The ReMI score of each model under each layout."""
    layouts = [layout for layout in ("interleaved", "images-first", "merged", "text-only")
               if any(layout in entry["layouts"] for entry in ablation)]
    figure = _figure(6.4, 3.6)
    axes = figure.add_subplot()
    width = 0.8 / len(layouts)
    for k, layout in enumerate(layouts):
        values = [entry["layouts"].get(layout, {}).get("overall") for entry in ablation]
        xs = [i - 0.4 + width * (k + 0.5) for i in range(len(ablation))]
        axes.bar([x for x, v in zip(xs, values) if v is not None], [v for v in values if v is not None], width,
                 label=layout, color=COLOURS[k])
    axes.set_xticks(range(len(ablation)), [entry["model"] for entry in ablation])
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("ReMI score")
    axes.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize=8)
    return _png(figure)
