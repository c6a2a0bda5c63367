"""GeomShape audit hooks: fair one-image variations, and the shortcut guessers on hand-made views."""

from __future__ import annotations

import math
import random

from remibench.audit.base import NoVariation, View
from remibench.audit.run import generated_cases
from remibench.render.canvas import to_png
from remibench.tasks.geom_shape.audit import AUDIT
from remibench.tasks.geom_shape.checks import spec_problem
from remibench.tasks.geom_shape.guessers import (
    measured_on_figure_before,
    measured_shared_side,
    printed_max_as_shared_side,
    printed_mean_as_shared_side,
    union_measured,
)
from remibench.tasks.geom_shape.solve import solve_shapes
from remibench.tasks.geom_shape.task import TASK


def L(a: str, b: str, v: float) -> dict:
    return {"t": "len", "seg": [a, b], "v": v}


def test_a_variation_changes_one_image_only_and_moves_the_answer():
    rng, varied_sides, checked = random.Random(0), 0, 0
    for case in generated_cases("GeomShape", 8, "test", 3):
        images = [to_png(im) for im in TASK.render(case.spec)]
        for part in range(1, case.n_images + 1):
            try:
                varied = AUDIT.vary(case.spec, part, rng)
            except NoVariation:
                continue
            checked += 1
            assert TASK.question(varied) == case.question
            assert spec_problem(varied) is None  # the sampler's rules hold for the varied item
            assert abs(float(TASK.solve(varied)) - float(case.label)) > 0.03 * float(case.label)
            new = [to_png(im) for im in TASK.render(varied)]
            assert [k + 1 for k in range(len(new)) if new[k] != images[k]] == [part]
            if part < case.n_images:  # the side passed on may change: later figures are not to scale
                key = frozenset(case.spec["shared"][part - 1])
                before, after = solve_shapes(case.spec)[part - 1], solve_shapes(varied)[part - 1]
                varied_sides += not math.isclose(before.lengths[key], after.lengths[key])
    assert checked > 10 and varied_sides > 3


# Rectangle ABCD (AB = 6, BC = 4) passes CD = 6 to right triangle CDE (right angle at D, DE = 8): area 24.
# The triangle is drawn with CD = 9, not to scale.
RECT = {"kind": "rectangle", "names": list("ABCD"), "marks": [L("A", "B", 6), L("B", "C", 4), {"t": "right", "at": "B"}],
        "points": {"A": [0, 0], "B": [6, 0], "C": [6, 4], "D": [0, 4]}}
TRI = {"kind": "right_triangle", "names": list("CDE"), "marks": [L("D", "E", 8), {"t": "right", "at": "D"}],
       "points": {"C": [0, 0], "D": [9, 0], "E": [9, 8]}}


def _view(shapes: list[dict], shared: list[list[str]], qtype: str) -> View:
    return View(question="", seen={"qtype": qtype, "shared": shared, "target": None, "shapes": shapes})


def test_measuring_reads_the_drawing_not_the_true_length():
    # CD measured against the printed DE = 8 on the drawing: 9, so area 9 * 8 / 2 = 36 (the answer is 24).
    assert measured_shared_side(_view([RECT, TRI], [["C", "D"]], "area")) == "36"
    assert TASK.solve({"shapes": [RECT, TRI], "shared": [["C", "D"]], "qtype": "area", "target": None}) == "24"
    # Two shapes: the figure before the last is the first one, drawn to scale; measuring there is reading it.
    assert measured_on_figure_before(_view([RECT, TRI], [["C", "D"]], "area")) is None


def test_union_measuring_skips_sides_that_cancel():
    # Composite outline: 20 + (9 + 8 + hypotenuse) - 2 * 9 = 31.04 with CD measured as 9, hypotenuse sqrt(145) = 12.04
    # (the true outline is 20 + 24 - 12 = 32).
    assert union_measured(_view([RECT, TRI], [["C", "D"]], "union_perimeter")) == "31.04"
    # A rectangle's inherited side cancels out of the outline: nothing measured counts, so no guess.
    rect2 = {"kind": "rectangle", "names": list("CDEF"), "marks": [L("D", "E", 3)],
             "points": {"C": [0, 0], "D": [9, 0], "E": [9, 3], "F": [0, 3]}}
    assert union_measured(_view([RECT, rect2], [["C", "D"]], "union_perimeter")) is None
    assert union_measured(_view([RECT, rect2], [["C", "D"]], "union_area")) == "51"  # 24 + 9 * 3


def test_guessing_the_shared_side_from_the_last_figures_numbers():
    # The triangle prints DE = 8 only: CD guessed as 8 gives area 8 * 8 / 2 = 32 either way.
    view = _view([RECT, TRI], [["C", "D"]], "area")
    assert printed_max_as_shared_side(view) == "32" and printed_mean_as_shared_side(view) == "32"
    assert printed_max_as_shared_side(_view([RECT, TRI], [["C", "D"]], "union_area")) is None
