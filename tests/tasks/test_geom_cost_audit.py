"""GeomCost audit hooks: fair variations of one image, and the shortcut guessers on hand-made views."""

from __future__ import annotations

import random

from remibench.audit.base import NoVariation, View
from remibench.audit.run import generated_cases
from remibench.tasks.geom_cost.audit import AUDIT, ignore_offer
from remibench.tasks.geom_cost.task import TASK


def test_variations_keep_the_question_and_move_the_total_beyond_the_tolerance():
    rng = random.Random(0)
    for case in generated_cases("GeomCost", 12, "test", 4):
        for part in range(1, case.n_images + 1):
            try:
                varied = AUDIT.vary(case.spec, part, rng)
            except NoVariation:
                continue
            assert TASK.question(varied) == case.question
            assert abs(float(TASK.solve(varied)) - float(case.label)) > 0.03 * float(case.label)


def test_view_hides_the_label_and_the_guesser_reads_the_offer():
    case = next(c for c in generated_cases("GeomCost", 30, "test", 4) if c.spec["offer"])
    view = AUDIT.view(case.spec)
    assert "label" not in view.seen and view.options is None
    assert ignore_offer(view) != case.label  # the offer always counts
    assert ignore_offer(View(question="", seen=dict(view.seen, offer=None))) is None
