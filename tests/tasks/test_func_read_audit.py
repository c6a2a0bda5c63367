"""FuncRead audit hooks: fair one-graph variations and the shortcut guessers."""

from __future__ import annotations

import random

from remibench.audit.base import NoVariation
from remibench.audit.run import generated_cases
from remibench.tasks.func_read.audit import AUDIT, _bumped
from remibench.tasks.func_read.checks import problem
from remibench.tasks.func_read.model import value
from remibench.tasks.func_read.task import TASK


def test_bump_moves_one_value_only():
    fn = {"family": "piecewise_linear", "xs": [-6, 0, 6], "seg": [[-3, 3], [3, -3]], "at": [3]}
    bumped = _bumped(fn, 2, 4)  # a new corner at x = 2 with value 4
    assert value(bumped, 2) == 4 and value(bumped, 0) == 3 and value(bumped, 6) == -3
    at_corner = _bumped(fn, 0, 1)  # continuous corner: both ends move with the value
    assert value(at_corner, 0) == 1 and value(at_corner, -3) == -1


def test_variations_are_valid_items_with_the_same_question():
    rng = random.Random(0)
    changed = 0
    for case in generated_cases("FuncRead", 12, "test", 2):
        for part in range(1, case.n_images + 1):
            try:
                varied = AUDIT.vary(case.spec, part, rng)
            except NoVariation:
                continue
            assert TASK.question(varied) == case.question and problem(varied, 3) is None
            changed += TASK.solve(varied) != case.label
    assert changed >= 10
