"""Charts' audit hooks: what a reader sees, one-chart variations and the tricks to rule out.

A variation changes the values of one chart only, as the sampler could have drawn them: shares
move between two categories (staying multiples of the chart's unit and summing to 100), other
values move to another readable value; the chart's axis is recomputed. The varied item must pass
the sampler's checks for its question (no rounding tie, no zero difference, a clear largest
change). A chart the question does not name is a declared distractor.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit, View, prefer_label_change
from remibench.tasks.base import Rejected
from remibench.tasks.charts.task import TASK, TOPICS, _axis, _line_labels_clash, cell, changes, is_tie

CANDIDATES = 40


def used_charts(spec: dict[str, Any]) -> set[int]:
    """The charts (0-based) the question names."""
    q = spec["query"]
    if spec["qtype"] == "changed_most":
        return {q["from"], q["to"]}
    return {ref[0] for ref in q["cells"]}


def _unit(spec: dict[str, Any], chart: dict[str, Any]) -> Decimal:
    if spec["topic"]["share"]:
        return Decimal(5) if not chart["value_labels"] else Decimal("0.1") if chart["decimals"] else Decimal(1)
    if not chart["value_labels"]:
        return Decimal(chart["axis"]["step"])
    return Decimal("0.1") if chart["decimals"] else Decimal(1)


def _store(value: Decimal, decimals: int) -> int | float:
    return float(value) if decimals else int(value)


def _vary_chart(spec: dict[str, Any], index: int, rng: random.Random) -> dict[str, Any]:
    """One candidate: values of chart ``index`` changed as the sampler could have drawn them."""
    varied = copy.deepcopy(spec)
    chart = varied["charts"][index]
    unit = _unit(spec, chart)
    n_cat = len(spec["categories"])
    wanted = [ref for ref in _refs(spec) if ref[0] == index]
    _, series, k = rng.choice(wanted) if wanted and rng.random() < 0.8 else (
        index, rng.randrange(len(chart["values"])), rng.randrange(n_cat))
    lo, hi = _range(spec) if not spec["topic"]["share"] else (Decimal(0), Decimal(100))
    amount = unit * rng.randint(1, max(1, int((hi - lo) / 2 / unit)))  # up to half the value range
    sign = rng.choice((-1, 1))
    q = spec["query"]
    if spec["qtype"] == "changed_most" and index in (q["from"], q["to"]) and rng.random() < 0.5:
        # undo most of the largest change (or overshoot it), so another category may win
        deltas = changes(spec, q)
        series, k = q["series"], max(range(n_cat), key=lambda j: abs(deltas[j]))
        sign = (1 if deltas[k] > 0 else -1) * (1 if index == q["from"] else -1)
        amount = max(unit, (abs(deltas[k]) * Decimal(str(rng.uniform(0.4, 1.6))) / unit).to_integral_value() * unit)
    row = [Decimal(str(v)) for v in chart["values"][series]]
    row[k] += sign * amount
    if spec["topic"]["share"]:
        other = rng.choice([j for j in range(n_cat) if j != k])
        row[other] -= sign * amount
        floor = Decimal(5) if unit == 5 else Decimal(8 if chart["decimals"] else 7) if chart["kind"] == "pie" else Decimal(3)
        if min(row) < floor:
            raise Rejected("share below the floor")
    else:
        if not all(lo <= v <= hi for v in row):
            raise Rejected("value out of the topic's range")
    chart["values"][series] = [_store(v, chart["decimals"]) for v in row]
    if "axis" in chart:
        step = chart["axis"]["step"] if not chart["value_labels"] else 5
        chart["axis"] = _axis(chart["values"], not chart["value_labels"], step)
        if chart["kind"] == "line" and chart["value_labels"] and len(chart["values"]) > 1 and \
                _line_labels_clash(chart["values"], chart["axis"]["top"]):
            raise Rejected("line labels clash")
    _check_query(varied)
    return varied


def _range(spec: dict[str, Any]) -> tuple[Decimal, Decimal]:
    topic = next(t for t in TOPICS if t["title"] == spec["topic"]["title"])
    return Decimal(topic["range"][0]), Decimal(topic["range"][1])


def _refs(spec: dict[str, Any]) -> list[list[int]]:
    q = spec["query"]
    if spec["qtype"] == "changed_most":
        return [[q["from"], q["series"], k] for k in range(len(spec["categories"]))] + \
               [[q["to"], q["series"], k] for k in range(len(spec["categories"]))]
    return q["cells"]


def _check_query(spec: dict[str, Any]) -> None:
    """The sampler's checks for the item's question."""
    q, qtype = spec["query"], spec["qtype"]
    values = [cell(spec, ref) for ref in q.get("cells", [])]
    if qtype == "mean":
        if len(set(values)) == 1 or is_tie(sum(values, Decimal(0)) / len(values), q["digits"]):
            raise Rejected("mean ambiguous")
    elif qtype == "difference":
        if values[0] == values[1] or (q["mode"] == "larger" and values[0] < values[1]):
            raise Rejected("difference zero or the wrong way round")
    elif qtype == "ratio":
        ratio = values[0] / values[1]
        if ratio == 1 or is_tie(ratio, q["digits"]):
            raise Rejected("ratio ambiguous")
    else:
        deltas = changes(spec, q)
        order = sorted(abs(d) for d in deltas)
        gridded = not (spec["charts"][q["from"]]["value_labels"] and spec["charts"][q["to"]]["value_labels"])
        if order[-1] == 0 or order[-1] - order[-2] < (5 if gridded else 2):
            raise Rejected("no clear largest change")


class ChartsAudit(TaskAudit):
    task = "Charts"

    def view(self, spec: dict[str, Any]) -> View:
        seen = {"qtype": spec["qtype"], "query": spec["query"], "categories": spec["categories"], "series": spec["series"],
                "charts": [{"kind": c["kind"], "dataset": c["dataset"], "values": c["values"]} for c in spec["charts"]]}
        return View(question=TASK.question(spec), options=self.options(spec), seen=seen)

    def options(self, spec: dict[str, Any]) -> tuple[str, ...] | None:
        """A largest-change question offers every category with either direction."""
        if spec["qtype"] != "changed_most":
            return None
        return tuple(f"({c}, {d})" for c in spec["categories"] for d in ("increased", "decreased"))

    def distractors(self, spec: dict[str, Any]) -> dict[int, str]:
        unused = [k for k in range(len(spec["charts"])) if k not in used_charts(spec)]
        return {k + 1: "the question names no value of this chart" for k in unused}

    def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
        if part == "text":
            raise NoVariation("the text carries no data of its own")
        def variations() -> Iterator[dict[str, Any]]:
            for _ in range(CANDIDATES):
                try:
                    yield _vary_chart(spec, part - 1, rng)
                except Rejected:
                    continue

        return prefer_label_change(TASK.solve(spec), variations(), TASK.solve)


# ---------------------------------------------------------------- guessers

def _value(view: View, ref: list[int]) -> Decimal:
    chart, series, category = ref
    return Decimal(str(view.seen["charts"][chart]["values"][series][category]))


def _fmt(view: View, value: Decimal) -> str:
    digits = view.seen["query"].get("digits", 0)
    return str(value.quantize(Decimal(1).scaleb(-digits)))


def first_named_value(view: View) -> str | None:
    """Numeric: the first value the question names, read from one chart only."""
    if view.seen["qtype"] == "changed_most":
        return None
    return _fmt(view, _value(view, view.seen["query"]["cells"][0]))


def largest_value(view: View) -> str | None:
    """Numeric: the largest value in the named charts."""
    if view.seen["qtype"] == "changed_most":
        return None
    charts = {ref[0] for ref in view.seen["query"]["cells"]}
    return _fmt(view, max(Decimal(str(v)) for c in charts for row in view.seen["charts"][c]["values"] for v in row))


def _row(view: View, chart: int) -> list[Decimal]:
    q = view.seen["query"]
    return [Decimal(str(v)) for v in view.seen["charts"][chart]["values"][q["series"]]]


def _changed(view: View, pick: str, chart_key: str, direction: str) -> str | None:
    if view.seen["qtype"] != "changed_most":
        return None
    row = _row(view, view.seen["query"][chart_key])
    k = (max if pick == "max" else min)(range(len(row)), key=lambda j: row[j])
    return f"({view.seen['categories'][k]}, {direction})"


def largest_before_decreased(view: View) -> str | None:
    """Changed most: the largest category of the earlier chart, decreased."""
    return _changed(view, "max", "from", "decreased")


def smallest_before_increased(view: View) -> str | None:
    """Changed most: the smallest category of the earlier chart, increased."""
    return _changed(view, "min", "from", "increased")


def largest_after_increased(view: View) -> str | None:
    """Changed most: the largest category of the later chart, increased."""
    return _changed(view, "max", "to", "increased")


def smallest_after_decreased(view: View) -> str | None:
    """Changed most: the smallest category of the later chart, decreased."""
    return _changed(view, "min", "to", "decreased")


def second_named_value(view: View) -> str | None:
    """Numeric: the second value the question names, read from one chart only."""
    if view.seen["qtype"] == "changed_most":
        return None
    return _fmt(view, _value(view, view.seen["query"]["cells"][1]))


def inverse_ratio(view: View) -> str | None:
    """Ratio: the two readings divided the other way round."""
    if view.seen["qtype"] != "ratio":
        return None
    first, second = (_value(view, ref) for ref in view.seen["query"]["cells"])
    return _fmt(view, second / first)


def grows_in_first_pair(view: View) -> str | None:
    """Changed most: the category that changes most between the first two images, whatever was asked."""
    seen = view.seen
    if seen["qtype"] != "changed_most" or (seen["query"]["from"], seen["query"]["to"]) == (0, 1):
        return None
    first, second = _row(view, 0), _row(view, 1)
    deltas = [b - a for a, b in zip(first, second)]
    k = max(range(len(deltas)), key=lambda j: abs(deltas[j]))
    return f"({seen['categories'][k]}, {'increased' if deltas[k] > 0 else 'decreased'})"


AUDIT = ChartsAudit()
AUDIT.guessers = {
    "first named value": first_named_value,
    "largest value in named charts": largest_value,
    "changed most: largest before, decreased": largest_before_decreased,
    "changed most: smallest before, increased": smallest_before_increased,
    "changed most: largest after, increased": largest_after_increased,
    "changed most: first two images": grows_in_first_pair,
    "changed most: smallest after, decreased": smallest_after_decreased,
    "second named value": second_named_value,
    "ratio the other way round": inverse_ratio,
}
