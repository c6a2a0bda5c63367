"""Charts: combine numbers read off two or three charts (or tables) about one topic.

All image tags stand at the start of the question (the published Charts style). Each image
is a bar, grouped-bar, line or pie chart, or a rendered table, for one dataset of a shared
topic (e.g. one survey year). Questions: the mean of readings from several charts, a
difference or a ratio across charts, and which category changed the most between two charts
and in which direction, answered as ``(Category, increased)``.

Every needed value can be read exactly: pies, tables and labelled bars print it; unlabelled
bars and lines put it on a grid line. Values are stored as integers or one-decimal numbers
and the solver works with exact decimals.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from PIL import Image

from remibench.items import ImageTypes
from remibench.render.plots import PALETTE
from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_min_max, check_range, knob
from remibench.tasks.charts.drawing import PLOT_H
from remibench.tasks.charts.series import chart_values, latent_series
from remibench.tasks.charts.wording import pick_wording, question_text

CHART_KINDS = ("bar", "grouped_bar", "line", "pie", "table")
QUESTION_TYPES = ("mean", "difference", "ratio", "changed_most")
VALUE_LABELS = ("always", "never", "mixed")

MIN_LABEL_GAP_PX = 24  # printed values of two line series at one category stay this far apart

SHARE = {"unit": "%", "share": True}
TOPICS: list[dict[str, Any]] = [
    {"title": "Households by income group", "axis": "Share of households (%)", "noun": "income group", "datasets": "years", "ordered": True,
     "categories": ["Low", "Lower Middle", "Upper Middle", "High"], "sample": True, **SHARE},
    {"title": "Favourite fruit of pupils", "axis": "Share of pupils (%)", "noun": "fruit", "datasets": "schools", "ordered": False,
     "categories": ["Apple", "Orange", "Banana", "Grape", "Mango", "Pear"], "sample": True, **SHARE},
    {"title": "Main way of getting to work", "axis": "Share of workers (%)", "noun": "way of getting to work", "datasets": "cities", "ordered": False,
     "categories": ["Car", "Bus", "Train", "Bicycle", "Walking"], "sample": True, **SHARE},
    {"title": "Electricity generation by source", "axis": "Share of electricity (%)", "noun": "source", "datasets": "years", "ordered": False,
     "categories": ["Coal", "Gas", "Nuclear", "Wind", "Solar", "Hydro"], "sample": False, **SHARE},
    {"title": "Smartphone market share", "axis": "Market share (%)", "noun": "brand", "datasets": "years", "ordered": False,
     "categories": ["Apex", "Nova", "Orbit", "Zenith", "Other"], "sample": False, **SHARE},
    {"title": "Customer satisfaction survey", "axis": "Share of respondents (%)", "noun": "answer", "datasets": "years", "ordered": True,
     "categories": ["Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Very dissatisfied"], "sample": True, **SHARE},
    {"title": "Library visitors by age group", "axis": "Share of visitors (%)", "noun": "age group", "datasets": "years", "ordered": True,
     "categories": ["Under 18", "18-34", "35-54", "55-74", "75+"], "sample": True, **SHARE},
    {"title": "Household spending", "axis": "Share of spending (%)", "noun": "spending category", "datasets": "regions", "ordered": False,
     "categories": ["Housing", "Food", "Transport", "Leisure", "Health", "Other"], "sample": False, **SHARE},
    {"title": "Monthly rainfall", "axis": "Rainfall (mm)", "noun": "month", "datasets": "years", "ordered": True, "unit": "mm", "share": False,
     "categories": ["Jan", "Feb", "Mar", "Apr", "May", "Jun"], "series": ["Riverton", "Hillcrest", "Bayview"],
     "range": [10, 120], "step": 10},
    {"title": "Units sold by product", "axis": "Units sold (thousands)", "noun": "product", "datasets": "years", "ordered": False,
     "unit": "thousand units", "share": False, "categories": ["Laptops", "Tablets", "Phones", "Monitors", "Printers"],
     "series": ["Online", "In store", "By phone"], "range": [5, 60], "step": 5},
    {"title": "Average test score by subject", "axis": "Average score (points)", "noun": "subject", "datasets": "schools", "ordered": False,
     "unit": "points", "share": False, "categories": ["Math", "Science", "English", "History", "Art"],
     "series": ["Boys", "Girls"], "range": [40, 95], "step": 5},
    {"title": "Daily internet use by age group", "axis": "Daily users (%)", "noun": "age group", "datasets": "years", "ordered": True,
     "unit": "%", "share": False, "categories": ["16-24", "25-34", "35-44", "45-54", "55-64", "65+"],
     "series": ["Men", "Women"], "range": [25, 98], "step": 5},
    {"title": "Museum visitors per month", "axis": "Visitors (thousands)", "noun": "month", "datasets": "years", "ordered": True,
     "unit": "thousand visitors", "share": False, "categories": ["Jan", "Feb", "Mar", "Apr", "May", "Jun"],
     "series": ["City Museum", "Art Gallery", "Science Hall"], "range": [4, 40], "step": 2},
    {"title": "Waste recycled by material", "axis": "Share recycled (%)", "noun": "material", "datasets": "regions", "ordered": False,
     "unit": "%", "share": False, "categories": ["Paper", "Glass", "Plastic", "Metal", "Food"],
     "series": ["Homes", "Offices"], "range": [10, 90], "step": 5},
]
DATASETS = {
    "schools": ["Oak School", "Elm School", "Pine School", "Birch School"],
    "cities": ["Northville", "Eastport", "Lakeside", "Southham"],
    "regions": ["North", "South", "East", "West"],
}
NICE_STEPS = (1, 2, 5, 10, 20, 25, 50)


@dataclass
class ChartsConfig(TaskConfig):
    question_types: list[str] = knob(list(QUESTION_TYPES), "question types to draw from: " + ", ".join(QUESTION_TYPES))
    chart_kinds: list[str] = knob(list(CHART_KINDS), "kinds of picture to use: " + ", ".join(CHART_KINDS))
    charts_min: int = knob(2, "fewest charts per item")
    charts_max: int = knob(3, "most charts per item")
    series_max: int = knob(3, "most data series per chart (1 = single-series charts only)")
    value_labels: str = knob("mixed", "print values on bars and lines: always, never (values sit on grid lines) or mixed")
    same_kind_share: float = knob(0.5, "share of items whose charts are all of one kind")
    decimal_share: float = knob(0.25, "share of fully labelled items whose values carry one decimal")

    def validate(self) -> None:
        for name, allowed in (("question_types", QUESTION_TYPES), ("chart_kinds", CHART_KINDS)):
            values = getattr(self, name)
            if not values or any(v not in allowed for v in values):
                raise ConfigError(f"ChartsConfig.{name}={values!r} must be a non-empty subset of {list(allowed)}")
        if set(self.chart_kinds) <= {"table"}:
            raise ConfigError("ChartsConfig.chart_kinds needs at least one kind of chart besides table")
        if self.value_labels not in VALUE_LABELS:
            raise ConfigError(f"ChartsConfig.value_labels={self.value_labels!r} must be one of {list(VALUE_LABELS)}")
        check_range(self, "charts_min", 2, 3)
        check_range(self, "charts_max", 2, 3)
        check_min_max(self, "charts_min", "charts_max")
        check_range(self, "series_max", 1, 3)
        check_range(self, "same_kind_share", 0.0, 1.0)
        check_range(self, "decimal_share", 0.0, 1.0)
        if not usable_topics(self):
            raise ConfigError("ChartsConfig: no topic can be drawn with these chart_kinds, series_max and value_labels")


# ---------------------------------------------------------------- exact arithmetic and labels

def cell(spec: dict[str, Any], ref: list[int]) -> Decimal:
    """The exact value of cell [chart, series, category]."""
    chart, series, category = ref
    return Decimal(str(spec["charts"][chart]["values"][series][category]))


def rounded(value: Decimal, digits: int) -> str:
    """``value`` rounded half-up to ``digits`` decimals, as the question asks."""
    return str(value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def is_tie(value: Decimal, digits: int) -> bool:
    """True when ``value`` sits exactly half-way between two roundings (readers may differ)."""
    shifted = value.scaleb(digits)
    return shifted - shifted.to_integral_value(rounding="ROUND_FLOOR") == Decimal("0.5")


def changes(spec: dict[str, Any], q: dict[str, Any]) -> list[Decimal]:
    """Per category: value in chart ``to`` minus value in chart ``from`` (for one series)."""
    n = len(spec["categories"])
    return [cell(spec, [q["to"], q["series"], k]) - cell(spec, [q["from"], q["series"], k]) for k in range(n)]


def answer(spec: dict[str, Any]) -> str:
    """The label, from the spec's values alone."""
    q, qtype = spec["query"], spec["qtype"]
    if qtype == "mean":
        values = [cell(spec, ref) for ref in q["cells"]]
        return rounded(sum(values, Decimal(0)) / len(values), q["digits"])
    if qtype == "difference":
        first, second = (cell(spec, ref) for ref in q["cells"])
        return rounded(first - second, q["digits"])
    if qtype == "ratio":
        first, second = (cell(spec, ref) for ref in q["cells"])
        return rounded(first / second, q["digits"])
    if qtype == "changed_most":
        deltas = changes(spec, q)
        top = max(range(len(deltas)), key=lambda k: abs(deltas[k]))
        if sum(1 for d in deltas if abs(d) == abs(deltas[top])) > 1:
            raise ValueError("changed_most: tie for the largest change")
        return f"({spec['categories'][top]}, {'increased' if deltas[top] > 0 else 'decreased'})"
    raise ValueError(f"unknown Charts question type {qtype!r}")


# ---------------------------------------------------------------- drawing data

def _slots(config: ChartsConfig) -> list[tuple[str, str | None]]:
    slots: list[tuple[str, str | None]] = []
    for qtype in QUESTION_TYPES:
        if qtype in config.question_types:
            slots += [(qtype, "increased"), (qtype, "decreased")] if qtype == "changed_most" else [(qtype, None)] * 2
    return slots


def _dataset_labels(rng: Any, kind: str, n: int) -> list[str]:
    if kind == "years":
        gap = rng.choice((1, 2, 3, 4, 5))
        start = rng.randint(2004, 2024 - gap * (n - 1))
        return [str(start + gap * i) for i in range(n)]
    names = rng.sample(DATASETS[kind], n)
    return names


def _pick_kinds(rng: Any, config: ChartsConfig, allowed: list[str], n: int) -> list[str]:
    charts = [k for k in allowed if k != "table"]
    if not charts:
        raise Rejected("no chart kind fits the topic")
    if len(allowed) == 1 or rng.random() < config.same_kind_share:
        return [rng.choice(charts)] * n
    for _ in range(20):
        kinds = [rng.choice(allowed) for _ in range(n)]
        if len(set(kinds)) > 1 and any(k != "table" for k in kinds):
            return kinds
    raise Rejected("could not mix chart kinds")


def _axis(values: list[list[int | float]], gridded: bool, step: int) -> dict[str, int]:
    """Value-axis scale: top, grid step, and how often a grid line carries a tick label."""
    peak = max(max(row) for row in values)
    if gridded:
        top = (int(peak) // step + 1) * step
        lines = top // step
        return {"top": top, "step": step, "label_every": 1 if lines <= 12 else 2}
    for nice in NICE_STEPS:
        top = -(-int(peak * 1.15 + 1) // nice) * nice
        if top // nice <= 10:
            return {"top": top, "step": nice, "label_every": 1}
    raise Rejected("values too large for the axis")


def _line_labels_clash(values: list[list[int | float]], top: int) -> bool:
    for column in zip(*values):
        ys = sorted(column)
        if any((b - a) / top * PLOT_H < MIN_LABEL_GAP_PX for a, b in zip(ys, ys[1:])):
            return True
    return False


def _fits(kind: str, topic: dict[str, Any], multi: bool, config: ChartsConfig) -> bool:
    """Whether a chart kind can show this topic with one (or several) series."""
    if kind == "line":
        return topic["ordered"]
    if kind == "grouped_bar":
        return multi
    if kind == "pie":
        return not multi and topic["share"] and config.value_labels != "never"
    return not multi  # bar (single series); tables always fit


def _series_options(config: ChartsConfig, topic: dict[str, Any]) -> tuple[bool, bool]:
    """Whether the allowed chart kinds can show the topic with one series, and with several."""
    can_multi = not topic["share"] and config.series_max > 1
    single = any(k != "table" and _fits(k, topic, False, config) for k in config.chart_kinds)
    multi = can_multi and any(k != "table" and _fits(k, topic, True, config) for k in config.chart_kinds)
    return single, multi


def usable_topics(config: ChartsConfig) -> list[dict[str, Any]]:
    """The topics at least one allowed chart kind can draw."""
    return [t for t in TOPICS if any(_series_options(config, t))]


def _multi_series(rng: Any, config: ChartsConfig, topic: dict[str, Any]) -> bool:
    """Draw single- or multi-series data, as far as the topic and the allowed kinds permit."""
    single, multi = _series_options(config, topic)
    return multi and (not single or rng.random() < 0.5)


class ChartsTask(Task):
    name = "Charts"
    domain = "charts"
    consumption = "set"
    image_types_default = "same"
    version = "2"
    config_cls = ChartsConfig

    def sample(self, rng: Any, config: ChartsConfig, ctx: DrawContext) -> dict[str, Any]:
        slots = _slots(config)
        qtype, direction = slots[ctx.balanced(len(slots))]
        topic = dict(rng.choice(usable_topics(config)))
        n_charts = rng.randint(config.charts_min, config.charts_max)
        multi = _multi_series(rng, config, topic)
        n_series = rng.randint(2, min(config.series_max, len(topic["series"]))) if multi else 1
        allowed = [k for k in config.chart_kinds if k == "table" or _fits(k, topic, multi, config)]
        kinds = _pick_kinds(rng, config, allowed, n_charts)

        categories = list(topic["categories"])
        n_cat = rng.randint(4, min(len(categories), 5 if multi else 6))
        if topic["ordered"]:
            start = rng.randint(0, len(categories) - n_cat)
            categories = categories[start:start + n_cat]
        else:
            categories = sorted(rng.sample(categories, n_cat), key=categories.index)
        series = sorted(rng.sample(topic["series"], n_series), key=topic["series"].index) if multi else []

        labelled = [kind in ("pie", "table") or config.value_labels == "always"
                    or (config.value_labels == "mixed" and rng.random() < 0.5) for kind in kinds]
        decimals = 1 if all(labelled) and rng.random() < config.decimal_share and (n_series < 3) else 0
        charts = []
        step = rng.randrange(n_charts - 1)  # the pair of neighbouring charts a largest-change question compares
        latent = latent_series(rng, topic, n_charts, n_cat, n_series, step if qtype == "changed_most" else None,
                               winner_rank_share(ctx))
        for kind, shown, label, floats in zip(kinds, labelled, _dataset_labels(rng, topic["datasets"], n_charts), latent):
            values = chart_values(floats, topic, not shown, decimals, kind == "pie")
            chart: dict[str, Any] = {"kind": kind, "dataset": label, "values": values, "value_labels": shown,
                                     "decimals": decimals}
            if kind in ("bar", "grouped_bar", "line"):
                chart["axis"] = _axis(values, not shown, topic.get("step", 5))
                chart["horizontal"] = kind == "bar" and (max(map(len, categories)) > 8 or rng.random() < 0.25)
                if kind == "line" and shown and n_series > 1 and _line_labels_clash(values, chart["axis"]["top"]):
                    raise Rejected("line value labels would overlap")
            charts.append(chart)

        spec: dict[str, Any] = {
            "topic": {key: topic.get(key, False) for key in ("title", "noun", "unit", "share", "axis", "sample")},
            "categories": categories, "series": series, "charts": charts, "qtype": qtype,
            "colors": rng.sample(PALETTE, max(n_cat, n_series)),
        }
        spec["query"] = _query(rng, spec, qtype, direction, winner_rank_share(ctx), step)
        spec["wording"] = pick_wording(rng, spec)
        return spec

    def question(self, spec: dict[str, Any]) -> str:
        return question_text(spec)

    def solve(self, spec: dict[str, Any]) -> str:
        return answer(spec)

    def render(self, spec: dict[str, Any]) -> list[Image.Image]:
        from remibench.tasks.charts.drawing import draw_chart

        return [draw_chart(spec, i) for i in range(len(spec["charts"]))]

    def image_types(self, spec: dict[str, Any]) -> ImageTypes:
        """``same`` when every image is the same kind of chart, else ``different``."""
        return "same" if len({c["kind"] for c in spec["charts"]}) == 1 else "different"


# ---------------------------------------------------------------- queries

def _random_cell(rng: Any, spec: dict[str, Any], chart: int) -> list[int]:
    return [chart, rng.randrange(max(1, len(spec["series"]))), rng.randrange(len(spec["categories"]))]


def winner_rank_share(ctx: DrawContext) -> float:
    """Where (0 = top, towards 1 = bottom) the largest change must rank in both compared charts.

    Fixed per item (from its seed, not the attempt), so the rank is uniform over items whatever
    draws are rejected. A winner that keeps one rank, uniform over items, defeats "the largest bar
    fell" and "the smallest bar rose": the biggest mover would otherwise stand out in one chart."""
    return random.Random(f"charts-rank-{ctx.seed}").random()


def _ranks(row: list[Decimal]) -> list[int] | None:
    """Rank of each value (0 = largest), or None when two values tie."""
    if len(set(row)) < len(row):
        return None
    order = sorted(range(len(row)), key=lambda k: -row[k])
    return [order.index(k) for k in range(len(row))]


def _query(rng: Any, spec: dict[str, Any], qtype: str, direction: str | None, rank_share: float = 0.0,
           step: int = 0) -> dict[str, Any]:
    n = len(spec["charts"])
    decimals = max(c["decimals"] for c in spec["charts"])
    if qtype == "mean":
        charts = list(range(n)) if n == 2 or rng.random() < 0.6 else sorted(rng.sample(range(n), 2))
        cells = [_random_cell(rng, spec, i) for i in charts]
        if len({cell(spec, c) for c in cells}) == 1:
            raise Rejected("mean equals every reading")
        mean = sum((cell(spec, c) for c in cells), Decimal(0)) / len(cells)
        digits = rng.choice((0, 1, 1, 2)) if decimals == 0 else rng.choice((1, 2))
        while is_tie(mean, digits):
            digits += 1
        return {"cells": cells, "digits": digits}
    i, j = sorted(rng.sample(range(n), 2))
    if qtype == "changed_most":  # neighbouring datasets, so no other pair of charts shares the change
        i, j = step, step + 1
    if qtype == "difference":
        mode = rng.choice(("change", "signed", "larger"))
        first, second = _random_cell(rng, spec, i), _random_cell(rng, spec, j)
        if mode == "signed" and rng.random() < 0.5:
            first, second = second, first
        if mode == "change":
            first, second = [j, *first[1:]], [i, *first[1:]]
        if mode == "larger" and cell(spec, first) < cell(spec, second):
            first, second = second, first
        if cell(spec, first) == cell(spec, second):
            raise Rejected("difference is zero")
        return {"cells": [first, second], "mode": mode, "digits": decimals}
    if qtype == "ratio":
        first, second = _random_cell(rng, spec, i), _random_cell(rng, spec, j)
        if rng.random() < 0.5:
            first, second = second, first
        ratio = cell(spec, first) / cell(spec, second)
        digits = 2
        if is_tie(ratio, digits) or ratio == 1:
            raise Rejected("ratio ambiguous")
        return {"cells": [first, second], "digits": digits}
    # changed_most: decide the series and charts, then make the winner's direction the wanted one
    q = {"from": i, "to": j, "series": rng.randrange(max(1, len(spec["series"])))}
    deltas = changes(spec, q)
    order = sorted(range(len(deltas)), key=lambda k: -abs(deltas[k]))
    gap = abs(deltas[order[0]]) - abs(deltas[order[1]])
    gridded = not (spec["charts"][i]["value_labels"] and spec["charts"][j]["value_labels"])
    if deltas[order[0]] == 0 or gap < (5 if gridded else 2):
        raise Rejected("no clear largest change")
    rank = int(rank_share * len(deltas))
    for chart in (i, j):
        ranks = _ranks([cell(spec, [chart, q["series"], k]) for k in range(len(deltas))])
        if ranks is None or ranks[order[0]] != rank:
            raise Rejected("the largest change is not at the item's rank")
    if (deltas[order[0]] > 0) != (direction == "increased"):
        # swap the two charts' contents (kind, values, axis) but keep the dataset names in order
        a, b = spec["charts"][i], spec["charts"][j]
        a["dataset"], b["dataset"] = b["dataset"], a["dataset"]
        spec["charts"][i], spec["charts"][j] = b, a
    return q


TASK = ChartsTask()
