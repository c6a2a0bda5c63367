"""Charts audit hooks and the validity fixes they check: related datasets, wording, distractors,
one-chart variations and the largest-change shortcuts."""

from __future__ import annotations

import random

from task_helpers import sampled_spec

from remibench.render.canvas import to_png
from remibench.tasks.charts.audit import AUDIT, largest_before_decreased, smallest_before_increased
from remibench.tasks.charts.series import latent_series, shares
from remibench.tasks.charts.task import TASK, TOPICS, answer
from remibench.tasks.charts.wording import question_text

SHARE_TOPIC = {"title": "Electricity generation by source", "noun": "source", "unit": "%", "share": True,
               "axis": "Share of electricity (%)", "sample": False}


def chart(kind: str, values: list[list[float]], dataset: str) -> dict:
    out = {"kind": kind, "dataset": dataset, "values": values, "value_labels": True, "decimals": 0}
    if kind in ("bar", "grouped_bar", "line"):
        out.update(axis={"top": 50, "step": 10, "label_every": 1}, horizontal=False)
    return out


def spec(qtype: str, query: dict, kinds: tuple[str, ...] = ("pie", "bar", "bar")) -> dict:
    values = [[[30, 25, 25, 20]], [[28, 33, 22, 17]], [[27, 36, 21, 16]]]
    return {"topic": SHARE_TOPIC, "categories": ["Coal", "Gas", "Wind", "Solar"], "series": [],
            "charts": [chart(k, v, str(2015 + 2 * i)) for i, (k, v) in enumerate(zip(kinds, values))],
            "qtype": qtype, "colors": ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"], "query": query,
            "wording": {"ask": 0}}


def test_shares_stay_whole_and_sum_to_100() -> None:
    assert shares([1.0, 1.0, 1.0], 1, 3) == [34, 33, 33]
    assert sum(shares([0.2, 3.0, 1.1, 0.7], 5, 5)) == 100
    assert all(v >= 5 for v in shares([0.01, 3.0, 1.1], 5, 5))


def test_datasets_change_smoothly_from_one_to_the_next() -> None:
    topic = next(t for t in TOPICS if t["title"] == SHARE_TOPIC["title"])
    rng = random.Random(3)
    for _ in range(50):
        charts = latent_series(rng, topic, 3, 5, 1)
        for before, after in zip(charts, charts[1:]):
            # one category may move by up to ~10 points; none jumps like 64% -> 5%
            assert max(abs(a - b) for a, b in zip(before[0], after[0])) < 25


def test_shares_of_no_survey_do_not_mention_a_sample_size() -> None:
    item = spec("mean", {"cells": [[0, 0, 0], [1, 0, 1]], "digits": 1})
    assert "sample size" not in question_text(item) and "unweighted" in question_text(item)
    item["topic"] = dict(SHARE_TOPIC, sample=True)
    assert "sample size" in question_text(item)


def test_a_table_is_called_an_image_not_a_chart() -> None:
    item = spec("difference", {"cells": [[1, 0, 1], [0, 0, 1]], "mode": "signed", "digits": 0},
                kinds=("table", "bar", "bar"))
    text = question_text(item)
    assert "second image" in text and "chart" not in text
    assert answer(item) == "8"  # 33 - 25


def test_unused_chart_is_the_one_declared_distractor() -> None:
    item = spec("ratio", {"cells": [[0, 0, 1], [2, 0, 1]], "digits": 2})
    assert AUDIT.distractors(item) == {2: "the question names no value of this chart"}
    assert AUDIT.distractors(spec("mean", {"cells": [[0, 0, 0], [1, 0, 1], [2, 0, 2]], "digits": 1})) == {}


def test_variation_changes_one_chart_only_and_keeps_shares_whole() -> None:
    item = sampled_spec("Charts", 4, 2)
    label, images = TASK.solve(item), [to_png(i) for i in TASK.render(item)]
    rng = random.Random(0)
    for k in sorted(set(range(1, len(item["charts"]) + 1)) - set(AUDIT.distractors(item))):
        varied = AUDIT.vary(item, k, rng)
        new_images = [to_png(i) for i in TASK.render(varied)]
        assert [a == b for a, b in zip(images, new_images)].count(False) == 1 and images[k - 1] != new_images[k - 1]
        assert TASK.question(varied) == TASK.question(item)
        if item["topic"]["share"]:
            assert all(abs(sum(row) - 100) < 1e-9 for c in varied["charts"] for row in c["values"])
    assert TASK.solve(item) == label


def test_largest_bar_guessers_read_the_compared_charts() -> None:
    item = spec("changed_most", {"from": 1, "to": 2, "series": 0})
    view = AUDIT.view(item)
    assert view.options is not None and "(Gas, increased)" in view.options and len(view.options) == 8
    assert largest_before_decreased(view) == "(Gas, decreased)"
    assert smallest_before_increased(view) == "(Solar, increased)"
    assert answer(item) == "(Gas, increased)"  # +3, the others -1
