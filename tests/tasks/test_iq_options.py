"""IQ's option plan: the matrix must not tell the answer's value from the other values of an axis."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest
from test_iq import BASE, sample_spec

from remibench.tasks.iq.audit import AUDIT
from remibench.tasks.iq.options import OptionPlan, option_plan, pick_values, rank_signs
from remibench.tasks.iq.rules import attribute_value, scalar_domain, solve_index
from remibench.tasks.iq.task import TASK, scalar_table


def _panels(colours: list[int]) -> list[dict[str, Any]]:
    return [{**BASE, "colour": c} for c in colours]


# distribute-three: 0 1 2 / 1 2 0 / 2 0 -> 1. Colour 1 is shown twice, 0 and 2 three times each;
# panel 8 is 0: only 0 is both shown more often than 1 and nearer to panel 8.
DIST3, DIST3_ANSWER = _panels([0, 1, 2, 1, 2, 0, 2, 0]), {**BASE, "colour": 1}
# constant rows 3 / 1 / 3 -> 3. Colour 3 is shown five times, 1 three times and farther from panel 8.
CONST, CONST_ANSWER = _panels([3, 3, 3, 1, 1, 1, 3, 3]), {**BASE, "colour": 3}


def test_a_value_shown_more_often_must_lie_nearer_to_panel_8() -> None:
    rng = random.Random(0)
    assert pick_values(rng, "colour", (1,), DIST3, DIST3_ANSWER) == [0]
    assert pick_values(rng, "colour", (-1,), DIST3, DIST3_ANSWER) is None  # nothing is shown less often
    assert pick_values(rng, "colour", (1, 1), DIST3, DIST3_ANSWER) is None  # 2 is shown more but lies farther


def test_a_value_shown_less_often_must_lie_farther_from_panel_8() -> None:
    rng = random.Random(0)
    assert pick_values(rng, "colour", (-1,), CONST, CONST_ANSWER) == [1]
    assert pick_values(rng, "colour", (1,), CONST, CONST_ANSWER) is None
    assert pick_values(rng, "colour", (0,), CONST, CONST_ANSWER) == [1]  # a free plan takes any shown value


def test_the_answer_value_must_be_shown() -> None:
    assert pick_values(random.Random(0), "colour", (1,), DIST3, {**BASE, "colour": 3}) is None


def test_rank_signs_put_the_answer_at_every_rank_equally_often() -> None:
    rng = random.Random(1)
    for others in (1, 2):
        ranks = Counter(sum(s > 0 for s in rank_signs(rng, others)) for _ in range(3000))
        assert set(ranks) == set(range(others + 1))
        assert max(ranks.values()) - min(ranks.values()) < 200
    assert rank_signs(rng, 4) == (0, 0, 0, 0)  # five values on one axis stay free


def test_option_plans_have_a_sign_per_other_value() -> None:
    rng = random.Random(2)
    for n_axes in (1, 2, 3):
        plan = option_plan(rng, n_axes)
        assert len(plan.shape) == n_axes and [len(s) + 1 for s in plan.signs] == list(plan.shape)
        assert plan.free() == OptionPlan(plan.shape, tuple((0,) * len(s) for s in plan.signs))


def test_a_progression_never_starts_row_3_like_row_2() -> None:
    rng = random.Random(3)
    for _ in range(300):
        step = rng.choice((-1, 1))
        values = scalar_table(rng, {"kind": "progression", "step": step}, scalar_domain("size", "center"))
        assert values[6] != values[3]


@pytest.fixture(scope="module")
def specs() -> list[dict[str, Any]]:
    return [sample_spec(i, base_seed=6) for i in range(250)]


def test_other_values_are_shown_more_and_less_often_alike(specs: list[dict[str, Any]]) -> None:
    signs: Counter[int] = Counter()
    for spec in specs:
        answer = spec["options"][solve_index(spec)]
        for attr in ("shape", "size", "colour"):
            counts = Counter(attribute_value(p, attr) for p in spec["panels"])
            own = attribute_value(answer, attr)
            for value in {attribute_value(o, attr) for o in spec["options"]} - {own}:
                signs[(counts[value] > counts[own]) - (counts[value] < counts[own])] += 1
    assert signs[0] < 0.05 * sum(signs.values())
    assert abs(signs[1] - signs[-1]) < 0.15 * (signs[1] + signs[-1])


@pytest.mark.parametrize("name", ["option with the most-seen values", "option with the fewest-seen values",
                                  "option nearest panel 8", "option nearest panel 6",
                                  "option farthest from panel 8", "option farthest from panel 6",
                                  "option most often most-seen per attribute",
                                  "option most often fewest-seen per attribute"])
def test_a_guesser_that_reads_the_matrix_stays_near_chance(specs: list[dict[str, Any]], name: str) -> None:
    guess = AUDIT.guessers[name]
    hits = sum(guess(AUDIT.view(s)) == TASK.solve(s) for s in specs)
    assert hits <= 0.30 * len(specs), name
