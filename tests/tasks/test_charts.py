"""Charts: exact solver on hand-checked specs, rounding, tie rejection, all tags first,
readability invariants, determinism, JSON round-trip, balance and image sanity."""

from __future__ import annotations

import io
import json
import random
import re
from collections import Counter
from decimal import Decimal

import numpy as np
import pytest
from PIL import Image
from task_helpers import generated_items

from remibench.items import image_tags, is_interleaved
from remibench.tasks.base import ConfigError, Rejected
from remibench.tasks.charts.task import TASK, ChartsConfig, _query, _slots, is_tie, rounded

SHARE_TOPIC = {"title": "Households by income group", "noun": "income group", "unit": "%", "share": True,
               "axis": "Share of households (%)"}
LEVEL_TOPIC = {"title": "Average test score by subject", "noun": "subject", "unit": "points", "share": False,
               "axis": "Average score (points)"}


def chart(kind: str, values: list[list[float]], dataset: str, decimals: int = 0) -> dict:
    out = {"kind": kind, "dataset": dataset, "values": values, "value_labels": True, "decimals": decimals}
    if kind in ("bar", "grouped_bar", "line"):
        out["axis"] = {"top": 100, "step": 10, "label_every": 1}
        out["horizontal"] = False
    return out


def share_spec(qtype: str, query: dict, third: bool = False) -> dict:
    charts = [chart("pie", [[30, 25, 25, 20]], "2015"), chart("bar", [[21, 33, 28, 18]], "2019")]
    if third:
        charts.append(chart("table", [[41, 19, 22, 18]], "2023"))
    return {"topic": SHARE_TOPIC, "categories": ["Low", "Lower Middle", "Upper Middle", "High"], "series": [],
            "charts": charts, "qtype": qtype, "colors": ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"],
            "query": query, "wording": {"ask": 0}}


def level_spec(qtype: str, query: dict) -> dict:
    charts = [chart("grouped_bar", [[62.5, 70.0, 55.5], [58.0, 81.5, 49.0]], "Oak School", 1),
              chart("table", [[64.0, 66.5, 57.5], [60.5, 79.0, 52.5]], "Elm School", 1)]
    return {"topic": LEVEL_TOPIC, "categories": ["Math", "Science", "Art"], "series": ["Boys", "Girls"],
            "charts": charts, "qtype": qtype, "colors": ["#1f77b4", "#d62728", "#2ca02c"],
            "query": query, "wording": {"ask": 0}}


# ---------------------------------------------------------------- hand-checked solver cases

@pytest.mark.parametrize(
    ("spec", "label"),
    [
        (share_spec("mean", {"cells": [[0, 0, 0], [1, 0, 1]], "digits": 1}), "31.5"),   # (30 + 33) / 2
        (share_spec("mean", {"cells": [[0, 0, 0], [1, 0, 1]], "digits": 2}), "31.50"),
        (share_spec("mean", {"cells": [[0, 0, 0], [1, 0, 1], [2, 0, 0]], "digits": 1}, third=True), "34.7"),  # 104/3
        (share_spec("mean", {"cells": [[0, 0, 3], [1, 0, 2], [2, 0, 1]], "digits": 0}, third=True), "22"),   # 67/3
        (level_spec("mean", {"cells": [[0, 1, 1], [1, 0, 2]], "digits": 2}), "69.50"),  # (81.5 + 57.5) / 2
    ],
)
def test_mean_solver(spec, label) -> None:
    assert TASK.solve(spec) == label


@pytest.mark.parametrize(
    ("spec", "label"),
    [
        (share_spec("difference", {"cells": [[1, 0, 2], [0, 0, 2]], "mode": "change", "digits": 0}), "3"),    # 28 - 25
        (share_spec("difference", {"cells": [[1, 0, 0], [0, 0, 0]], "mode": "change", "digits": 0}), "-9"),   # 21 - 30
        (share_spec("difference", {"cells": [[0, 0, 0], [1, 0, 3]], "mode": "signed", "digits": 0}), "12"),   # 30 - 18
        (level_spec("difference", {"cells": [[0, 1, 1], [1, 1, 1]], "mode": "larger", "digits": 1}), "2.5"),  # 81.5 - 79
    ],
)
def test_difference_solver(spec, label) -> None:
    assert TASK.solve(spec) == label


@pytest.mark.parametrize(
    ("spec", "label"),
    [
        (share_spec("ratio", {"cells": [[0, 0, 0], [1, 0, 3]], "digits": 2}), "1.67"),   # 30 / 18
        (share_spec("ratio", {"cells": [[0, 0, 3], [1, 0, 1]], "digits": 2}), "0.61"),   # 20 / 33 = 0.606
        (share_spec("ratio", {"cells": [[1, 0, 1], [0, 0, 0]], "digits": 2}), "1.10"),   # 33 / 30
        (level_spec("ratio", {"cells": [[0, 0, 0], [1, 0, 1]], "digits": 2}), "0.94"),   # 62.5 / 66.5 = 0.9398
    ],
)
def test_ratio_solver(spec, label) -> None:
    assert TASK.solve(spec) == label


@pytest.mark.parametrize(
    ("spec", "label"),
    [
        # changes 2015 -> 2019: Low -9, Lower Middle +8, Upper Middle +3, High -2
        (share_spec("changed_most", {"from": 0, "to": 1, "series": 0}), "(Low, decreased)"),
        # 2015 -> 2023: +11, -6, -3, -2
        (share_spec("changed_most", {"from": 0, "to": 2, "series": 0}, third=True), "(Low, increased)"),
        # 2019 -> 2023: +20, -14, -6, 0
        (share_spec("changed_most", {"from": 1, "to": 2, "series": 0}, third=True), "(Low, increased)"),
        # Girls, Oak -> Elm: +2.5, -2.5, +3.5
        (level_spec("changed_most", {"from": 0, "to": 1, "series": 1}), "(Art, increased)"),
        # Boys, Oak -> Elm: +1.5, -3.5, +2.0
        (level_spec("changed_most", {"from": 0, "to": 1, "series": 0}), "(Science, decreased)"),
    ],
)
def test_changed_most_solver(spec, label) -> None:
    assert TASK.solve(spec) == label


def test_changed_most_solver_refuses_a_tie() -> None:
    spec = share_spec("changed_most", {"from": 0, "to": 1, "series": 0})
    spec["charts"][1]["values"] = [[22, 33, 28, 17]]  # -8, +8, +3, -3
    with pytest.raises(ValueError):
        TASK.solve(spec)


def test_sampler_rejects_an_unclear_largest_change() -> None:
    spec = share_spec("changed_most", {})
    spec["charts"][1]["values"] = [[23, 32, 27, 18]]  # -7, +7 (a tie), +2, -2
    with pytest.raises(Rejected):
        _query(random.Random(1), spec, "changed_most", "increased")
    spec["charts"][1]["values"] = [[22, 32, 28, 18]]  # -8 vs +7: one point apart is too close
    with pytest.raises(Rejected):
        _query(random.Random(1), spec, "changed_most", "increased")


def test_sampler_flips_direction_by_swapping_chart_contents() -> None:
    spec = share_spec("changed_most", {})
    # Low -10 is the clear winner (a decrease) and stays the largest category, the rank asked for
    spec["charts"][0]["values"], spec["charts"][1]["values"] = [[40, 25, 20, 15]], [[30, 28, 23, 19]]
    q = _query(random.Random(1), spec, "changed_most", "increased", rank_share=0.0)
    assert [c["dataset"] for c in spec["charts"]] == ["2015", "2019"]  # names keep their order
    assert [c["kind"] for c in spec["charts"]] == ["bar", "pie"]        # contents moved
    assert spec["charts"][0]["values"] == [[30, 28, 23, 19]]
    assert q == {"from": 0, "to": 1, "series": 0}
    assert TASK.solve({**spec, "query": q}) == "(Low, increased)"


def test_largest_change_must_sit_at_the_items_rank() -> None:
    spec = share_spec("changed_most", {})
    spec["charts"][0]["values"], spec["charts"][1]["values"] = [[40, 25, 20, 15]], [[30, 28, 23, 19]]
    with pytest.raises(Rejected, match="rank"):  # Low is the largest, not the third largest
        _query(random.Random(1), spec, "changed_most", "decreased", rank_share=0.6)


def test_rounding_helpers() -> None:
    assert rounded(Decimal("2.345"), 2) == "2.35"      # half-up, not banker's rounding
    assert rounded(Decimal("-3"), 0) == "-3"
    assert rounded(Decimal("31.5"), 0) == "32"
    assert is_tie(Decimal("31.5"), 0) and not is_tie(Decimal("31.5"), 1)
    assert not is_tie(Decimal(104) / 3, 1)


def test_published_mean_wording() -> None:
    spec = share_spec("mean", {"cells": [[0, 0, 0], [1, 0, 1]], "digits": 1})
    assert TASK.question(spec) == (
        "<image1><image2>The mean of Low in first chart and Lower Middle in second chart is X% "
        "(assuming same sample size). Find X. Round to one decimal place."
    )


def test_image_types_follow_chart_kinds() -> None:
    spec = share_spec("mean", {"cells": [[0, 0, 0], [1, 0, 1]], "digits": 1})
    assert TASK.image_types(spec) == "different"
    spec["charts"][1]["kind"] = "pie"
    assert TASK.image_types(spec) == "same"


def test_config_validation() -> None:
    with pytest.raises(ConfigError):
        ChartsConfig.from_dict({"chart_kinds": ["table"]})
    with pytest.raises(ConfigError):
        ChartsConfig.from_dict({"chart_kinds": ["grouped_bar"], "series_max": 1})
    with pytest.raises(ConfigError):
        ChartsConfig.from_dict({"charts_min": 3, "charts_max": 2})
    with pytest.raises(ConfigError):
        ChartsConfig.from_dict({"value_labels": "sometimes"})


# ---------------------------------------------------------------- generated items

N_ITEMS = 8 * len(_slots(ChartsConfig()))  # whole balance blocks


@pytest.fixture(scope="module")
def items():
    return generated_items("Charts", N_ITEMS, 5)


def test_json_round_trip_reproduces_question_and_label(items) -> None:
    for item in items:
        spec = json.loads(json.dumps(item.metadata["spec"]))
        assert TASK.question(spec) == item.question
        assert TASK.solve(spec) == item.label


def test_all_tags_come_first(items) -> None:
    for item in items:
        k = item.n_images
        assert 2 <= k <= 3
        assert item.question.startswith("".join(f"<image{i}>" for i in range(1, k + 1)))
        assert image_tags(item.question) == list(range(1, k + 1))
        assert not is_interleaved(item.question) and not item.metadata["properties"]["interleaved"]
        word = "image" if any(c["kind"] == "table" for c in item.metadata["spec"]["charts"]) else "chart"
        assert re.search(rf"\b(first|second|third)( and the (second|third))? {word}\b", item.question)


def test_values_are_readable(items) -> None:
    for item in items:
        spec = item.metadata["spec"]
        for c in spec["charts"]:
            if c["kind"] == "pie":
                assert c["value_labels"] and sum(Decimal(str(v)) for v in c["values"][0]) == 100
            if c["kind"] in ("bar", "grouped_bar", "line"):
                top, step = c["axis"]["top"], c["axis"]["step"]
                assert all(0 < v < top for row in c["values"] for v in row)
                if not c["value_labels"]:  # unlabelled values sit on grid lines
                    assert all(v % step == 0 for row in c["values"] for v in row)


def test_properties_and_balance(items) -> None:
    kinds = Counter(item.metadata["properties"]["image_types"] for item in items)
    assert kinds["same"] > 0.25 * len(items) and kinds["different"] > 0.25 * len(items)
    for item in items:
        chart_kinds = {c["kind"] for c in item.metadata["spec"]["charts"]}
        assert item.metadata["properties"]["image_types"] == ("same" if len(chart_kinds) == 1 else "different")
    qtypes = Counter(item.metadata["spec"]["qtype"] for item in items)
    assert qtypes == {"mean": 16, "difference": 16, "ratio": 16, "changed_most": 16}
    directions = Counter(item.label.rsplit(", ", 1)[1] for item in items if item.label.startswith("("))
    assert directions == {"increased)": 8, "decreased)": 8}
    labels = Counter(item.label for item in items)
    assert labels.most_common(1)[0][1] / len(items) < 0.08


def test_changed_most_labels_name_printed_categories(items) -> None:
    for item in items:
        if item.label.startswith("("):
            name = item.label[1:].rsplit(", ", 1)[0]
            assert name in item.metadata["spec"]["categories"]


def test_images_are_legible(items) -> None:
    for item in items[:16]:
        for png in item.images:
            image = Image.open(io.BytesIO(png))
            assert image.mode == "RGB"
            assert 400 <= max(image.size) <= 800 and min(image.size) >= 280
            gray = np.asarray(image.convert("L"))
            assert (gray[:50] < 100).sum() > 300  # the bold title
            assert (gray < 128).mean() > 0.01      # content, not a blank canvas
