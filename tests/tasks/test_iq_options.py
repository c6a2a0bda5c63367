"""IQ's options: the matrix must not tell the answer's value from the other values of an axis."""

from __future__ import annotations

import random
from collections import Counter
from types import SimpleNamespace
from typing import Any

import pytest
from test_iq import BASE, sample_spec

from remibench.tasks.base import Rejected
from remibench.tasks.iq.audit import AUDIT
from remibench.tasks.iq.drawing import FILLS
from remibench.tasks.iq.guessers import nearest_to_panel_3
from remibench.tasks.iq.options import PLANNED, OptionPlan, draw_picks, meets, option_plan, ranked_sample, twins
from remibench.tasks.iq.rulebook import axis_attributes, is_axis_rule
from remibench.tasks.iq.rules import attribute_value, scalar_domain, solve_index
from remibench.tasks.iq.task import TASK, scalar_table


def _panels(colours: list[int]) -> list[dict[str, Any]]:
    return [{**BASE, "colour": c} for c in colours]


# colour progression +2: 0 2 4 / 1 3 5 / 0 2 -> 4. Colour 4 is shown once (panel 3); so are 1, 3 and 5,
# while 0 and 2 are shown twice and are row 3's own values. Within two levels of 4: 2 3 5 6.
PROG = _panels([0, 2, 4, 1, 3, 5, 0, 2])
PROG_ANSWER = {**BASE, "colour": 4}


def test_other_values_are_shown_as_often_as_the_answers_and_repeat_row_3_alike() -> None:
    assert twins("colour", "center", PROG, PROG_ANSWER) == [3, 5]  # 2 repeats panel 8, 6 is never shown


def test_an_unseen_answer_value_takes_unseen_neighbours() -> None:
    # 1 3 5 / 1 3 5 / 0 2 -> 4: 4 and 6 are never shown; 2 is panel 8's, 3 and 5 are shown twice
    panels = _panels([1, 3, 5, 1, 3, 5, 0, 2])
    assert twins("colour", "center", panels, PROG_ANSWER) == [6]


def test_slot_sets_keep_the_answers_number_of_figures() -> None:
    shown = [{**BASE, "positions": [0]} for _ in range(8)]
    values = twins("position", "2x2", shown, {**BASE, "positions": [1, 2]})
    assert values and all(len(v) == 2 for v in values)


def test_other_values_are_evenly_spaced_around_the_answers_at_its_planned_rank() -> None:
    rng = random.Random(0)
    pool = [2, 3, 5, 6]
    assert sorted(ranked_sample(rng, pool, 4, 2, 0)) in ([5, 6],)  # 4 5 6: the answer lowest, a step of one
    assert sorted(ranked_sample(rng, pool, 4, 2, 1)) in ([3, 5], [2, 6])  # the answer in the middle
    assert sorted(ranked_sample(rng, pool, 4, 2, 2)) == [2, 3]
    assert ranked_sample(rng, pool, 4, 1, 1) in ([3], [2])  # the one other value below
    with pytest.raises(Rejected):
        ranked_sample(rng, [5, 6], 4, 2, 1)  # nothing below 4


def test_an_axis_needs_a_progression_by_two_over_six_levels_or_arithmetic() -> None:
    prog2, prog1 = {"kind": "progression", "step": 2}, {"kind": "progression", "step": 1}
    assert is_axis_rule("colour", prog2, "center") and not is_axis_rule("colour", prog1, "center")
    assert not is_axis_rule("shape", prog2, "center")  # five shapes: every row would be 0 2 4
    assert not is_axis_rule("size", prog2, "3x3")  # three size levels in 3x3
    assert is_axis_rule("size", {"kind": "arithmetic", "op": "add"}, "center")
    assert is_axis_rule("position", prog1, "3x3")
    rules = {"number": {"kind": "free"}, "position": prog1, "shape": prog2, "size": {"kind": "constant"},
             "colour": {"kind": "distribute_three"}}
    assert axis_attributes(rules, "2x2") == ["position"]


def test_picks_find_the_answer_a_fifth_of_the_time() -> None:
    rng = random.Random(1)
    n = 5000
    found = Counter(name for _ in range(n) for name in draw_picks(rng))
    for name in PLANNED:
        assert abs(found[name] / n - 0.2) < 0.02, name
    for _ in range(200):
        picks = draw_picks(rng)
        assert not {"nearest panel 6", "farthest from panel 6"} <= picks
        assert not {"nearest panel 8", "farthest from panel 8"} <= picks


def test_option_plans_and_their_fallback() -> None:
    rng = random.Random(2)
    for n_axes in (1, 2, 3):
        plan = option_plan(rng, n_axes)
        assert len(plan.shape) == n_axes and len(plan.ranks) == n_axes and plan.planned == frozenset(PLANNED)
        assert all(r is None or 0 <= r < k for r, k in zip(plan.ranks, plan.shape))
        kept = frozenset({"nearest panel 3"})
        assert plan.free() == OptionPlan(plan.shape, plan.picks & kept, kept, (None,) * n_axes)


def test_meets_checks_each_planned_pick() -> None:
    # colours of the options 4 (answer, A) 3 5 2 6; panel 3 and panel 8 are colour 4 and 2
    options = [{**BASE, "colour": c} for c in (4, 3, 5, 2, 6)]
    nearest_3 = OptionPlan((5,), frozenset({"nearest panel 3"}), frozenset({"nearest panel 3"}))
    assert meets(nearest_3, PROG, options, 0)
    assert not meets(OptionPlan((5,), frozenset(), frozenset({"nearest panel 3"})), PROG, options, 0)
    assert meets(OptionPlan((5,), frozenset(), frozenset({"nearest panel 8"})), PROG, options, 0)  # D (2) is
    assert meets(OptionPlan((5,), frozenset({"medoid"}), frozenset({"medoid"})), PROG, options, 0)
    assert meets(OptionPlan((5,)), PROG, options, 3)  # nothing planned


def test_a_progression_never_starts_row_3_like_row_2() -> None:
    rng = random.Random(3)
    for _ in range(300):
        step = rng.choice((-1, 1))
        values = scalar_table(rng, {"kind": "progression", "step": step}, scalar_domain("size", "center"))
        assert values[6] != values[3]


@pytest.fixture(scope="module")
def specs() -> list[dict[str, Any]]:
    return [sample_spec(i, base_seed=6) for i in range(250)]


def test_other_values_are_shown_exactly_as_often_as_the_answers(specs: list[dict[str, Any]]) -> None:
    for spec in specs:
        answer = spec["options"][solve_index(spec)]
        for attr in ("number", "position", "shape", "size", "colour"):
            counts = Counter(attribute_value(p, attr) for p in spec["panels"])
            own = attribute_value(answer, attr)
            assert all(counts[attribute_value(o, attr)] == counts[own] for o in spec["options"]), (attr, spec)


def test_options_differ_only_in_attributes_that_may_be_axes(specs: list[dict[str, Any]]) -> None:
    for spec in specs:
        axes = axis_attributes(spec["rules"], spec["layout"])
        if spec["rules"]["position"]["kind"] == "free" and "number" in axes:
            axes.append("position")  # a number axis draws its own slot sets
        for attr in ("number", "position", "shape", "size", "colour"):
            if len({attribute_value(o, attr) for o in spec["options"]}) > 1:
                assert attr in axes, (attr, spec)


def test_layouts_are_drawn_evenly(specs: list[dict[str, Any]]) -> None:
    layouts = Counter(s["layout"] for s in specs)
    assert min(layouts.values()) > 0.25 * len(specs), layouts


@pytest.mark.parametrize("name", ["option with the most-seen values", "option with the fewest-seen values",
                                  "option nearest panel 8", "option nearest panel 6", "option nearest panel 3",
                                  "option farthest from panel 8", "option farthest from panel 6",
                                  "option most often most-seen per attribute",
                                  "option most often fewest-seen per attribute",
                                  "option whose values are seen 2, 5 or 8 times"])
def test_a_guesser_that_reads_the_matrix_stays_near_chance(specs: list[dict[str, Any]], name: str) -> None:
    guess = AUDIT.guessers[name]
    hits = sum(guess(AUDIT.view(s)) == TASK.solve(s) for s in specs)
    assert hits <= 0.30 * len(specs), name


def test_the_panel_3_guesser_on_a_hand_made_matrix() -> None:
    # options' colours 3 5 4 2 6 against panel 3's 4: C is nearest
    options = [{**BASE, "colour": c} for c in (3, 5, 4, 2, 6)]
    view = SimpleNamespace(seen={"layout": "center", "panels": PROG, "options": options})
    assert nearest_to_panel_3(view) == "C"  # type: ignore[arg-type]


def test_value_ranges_are_wide_and_evenly_spaced() -> None:
    assert scalar_domain("colour", "center") == list(range(7)) and len(set(FILLS)) == 7
    steps = {a - b for a, b in zip(FILLS, FILLS[1:])}
    assert max(steps) - min(steps) <= 1  # evenly spaced greys, white to black
    assert scalar_domain("size", "center") == list(range(1, 8)) and scalar_domain("size", "2x2") == list(range(2, 8))
    assert scalar_domain("size", "3x3") == [2, 3, 4]
