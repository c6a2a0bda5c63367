"""GeomShape's not-to-scale drawing and item rules, on hand-built shapes with worked-out values."""

from __future__ import annotations

import math
import random

import pytest

from remibench.tasks.geom_shape.checks import counts, measuring_misses, prior_share, spec_problem
from remibench.tasks.geom_shape.drawing import DRAWN_OFF, canonical_points, draw_later, drawn_problem, geometry_problem, solved
from remibench.tasks.geom_shape.solve import solve_chain
from remibench.tasks.geom_shape.task import PHANTOM, phantom


def L(a: str, b: str, v: float) -> dict:
    return {"t": "len", "seg": [a, b], "v": v}


def _spec(shapes: list[dict], shared: list[list[str]], qtype: str) -> dict:
    return {"shapes": shapes, "shared": shared, "qtype": qtype, "target": None,
            "wording": {"intro": 0, "union": 0, "ask": 0, "round": 0, "scale": 0}}


RECT = {"kind": "rectangle", "names": list("ABCD"), "marks": [L("A", "B", 6), L("B", "C", 4), {"t": "right", "at": "B"}],
        "points": {"A": [0, 0], "B": [6, 0], "C": [6, 4], "D": [0, 4]}}


def _triangle(cd: float) -> dict:
    """Right triangle CDE (right angle at D, DE = 8) drawn with CD = ``cd``."""
    return {"kind": "right_triangle", "names": list("CDE"), "marks": [L("D", "E", 8), {"t": "right", "at": "D"}],
            "points": {"C": [0, 0], "D": [cd, 0], "E": [cd, 8]}}


def test_canonical_points_follow_the_values():
    # Parallelogram ACDE with AC = 7, CD = 4 and angle A = 30: E = (4 cos 30, 4 sin 30) = (3.4641, 2).
    para = {"kind": "parallelogram", "names": list("ACDE"), "marks": [L("C", "D", 4), {"t": "ang", "at": "A", "v": 30}]}
    pts = canonical_points(para, solved(para, {frozenset("AC"): 7.0}))
    assert pts["E"] == pytest.approx((3.4641, 2.0), abs=1e-4) and pts["D"] == pytest.approx((10.4641, 2.0), abs=1e-4)
    # Triangle with sides AB = 5, BC = 4, CA = 3: right angle at C, so C = (9/5, 12/5).
    tri = {"kind": "triangle", "names": list("ABC"), "marks": [L("B", "C", 4), L("C", "A", 3)]}
    assert canonical_points(tri, solved(tri, {frozenset("AB"): 5.0}))["C"] == pytest.approx((1.8, 2.4))
    # Isosceles trapezoid PQRS on PQ = 12 with RS = 6 and legs 5: run 3, height 4.
    trap = {"kind": "iso_trapezoid", "names": list("PQRS"), "marks": [L("R", "S", 6), L("Q", "R", 5)]}
    pts = canonical_points(trap, solved(trap, {frozenset("PQ"): 12.0}))
    assert pts["S"] == pytest.approx((3.0, 4.0)) and pts["R"] == pytest.approx((9.0, 4.0))
    # Legs of 2 cannot reach across a run of 3: no shape.
    short = dict(trap, marks=[L("R", "S", 6), L("Q", "R", 2)])
    with pytest.raises(ValueError):
        canonical_points(short, solved(short, {frozenset("PQ"): 12.0}))


def test_geometry_problem_flags_thin_and_misleading_shapes():
    rect = {"kind": "rectangle", "names": list("ABCD"), "marks": []}
    assert geometry_problem(rect, {"A": (0, 0), "B": (6, 0), "C": (6, 4), "D": (0, 4)}) is None
    assert geometry_problem(rect, {"A": (0, 0), "B": (10, 0), "C": (10, 2), "D": (0, 2)}) == "rectangle too thin"
    # Isosceles triangles on AB = 10 with base angles a: 30, 30, 120 passes; 20, 20, 140 is too thin;
    # 45, 45, 90 looks right-angled.
    tri = {"kind": "triangle", "names": list("ABC"), "marks": []}

    def apex(a: float) -> tuple[float, float]:
        return (5.0, 5.0 * math.tan(math.radians(a)))

    assert geometry_problem(tri, {"A": (0, 0), "B": (10, 0), "C": apex(30)}) is None
    assert geometry_problem(tri, {"A": (0, 0), "B": (10, 0), "C": apex(20)}) == "triangle too thin"
    assert geometry_problem(tri, {"A": (0, 0), "B": (10, 0), "C": apex(45)}) == "triangle looks right-angled"
    # Parallelogram PQRS (PQ = 10, PS = 6 at 60 degrees) with the altitude from S: its foot is 3 from P.
    para = {"kind": "parallelogram", "names": list("PQRS"),
            "marks": [{"t": "height", "from": "S", "foot": "_F", "base": ["P", "Q"], "v": 5.196}]}
    pts = {"P": (0, 0), "Q": (10, 0), "R": (13, 5.196), "S": (3, 5.196), "_F": (3, 0)}
    assert geometry_problem(para, pts) is None
    labelled = dict(para, marks=para["marks"] + [L("P", "Q", 10)])  # foot 0.3 of the base from P: clear of the label
    assert geometry_problem(labelled, pts) is None
    near_middle = {"P": (0, 0), "Q": (7, 0), "R": (10, 5.196), "S": (3, 5.196), "_F": (3, 0)}  # foot at 3/7 of PQ
    assert geometry_problem(dict(para, marks=para["marks"] + [L("P", "Q", 7)]), near_middle) \
        == "altitude foot beside the base's length label"


def test_a_later_figure_never_shows_a_shared_side_near_its_true_length():
    # CD is truly 6; drawn 6.9 (15% off) it gives it away, drawn 7.5 (25% off) or 4.5 (25% short) it does not.
    side = {frozenset("CD"): 6.0}
    assert drawn_problem(_triangle(6.9), side) == "a shared side is drawn close to its true length"
    assert drawn_problem(_triangle(7.5), side) is None and drawn_problem(_triangle(4.5), side) is None
    # Without a printed length nothing can be measured: any size is fine.
    bare = dict(_triangle(6.0), marks=[{"t": "ang", "at": "C", "v": 50}, {"t": "right", "at": "D"}])
    assert drawn_problem(bare, side) is None
    rng, seen = random.Random(2), set()
    for _ in range(30):
        pts = draw_later(rng, _triangle(6.0), frozenset("CD"), side)
        drawn = math.dist(pts["C"], pts["D"])
        assert abs(math.log(drawn / 6.0)) >= math.log(1 + DRAWN_OFF)
        assert math.dist(pts["D"], pts["E"]) == pytest.approx(8.0, abs=1e-3)  # the marked leg holds
        seen.add(round(drawn, 1))
    assert len(seen) > 10  # an invented length, not a fixed distortion


def test_measuring_the_later_figure_never_gives_the_answer():
    # Rectangle ABCD (AB = 6, BC = 4) passes CD = 6 to right triangle CDE with DE = 8: area 24.
    # Drawn with CD = 6.3 the triangle measures to area 25.2, 5% off: within twice the tolerance.
    near = _spec([RECT, _triangle(6.3)], [["C", "D"]], "area")
    assert solve_chain(near) == pytest.approx(24) and solve_chain(near, {1: 6.3}) == pytest.approx(25.2)
    assert not measuring_misses(near)
    assert measuring_misses(_spec([RECT, _triangle(9.0)], [["C", "D"]], "area"))  # measures to 36
    # In the composite's outline a rectangle's inherited side cancels out: measuring it is no shortcut.
    rect2 = {"kind": "rectangle", "names": list("CDEF"), "marks": [L("D", "E", 3)],
             "points": {"C": [0, 0], "D": [9, 0], "E": [9, 3], "F": [0, 3]}}
    outline = _spec([RECT, rect2], [["C", "D"]], "union_perimeter")
    assert solve_chain(outline) == pytest.approx(20 + 18 - 12)
    assert not counts(outline, {1: 9.0}, 1) and counts(_spec([RECT, _triangle(9.0)], [["C", "D"]], "area"), {1: 9.0}, 1)
    assert measuring_misses(outline)


def test_prior_share_flags_answers_the_last_figure_nearly_fixes():
    # Rectangle CDEF on an inherited side CD with diagonal CE = 10: its area w * sqrt(100 - w^2) is flat
    # near the square (50 at w = 7.07, 48 at w = 6, 48 at w = 8), so one guess covers a third of the widths
    # the figure allows; with side DE = 5 marked instead, the area 5 w grows with w and no guess covers much.
    diag = {"kind": "rectangle", "names": list("CDEF"), "marks": [{"t": "diag", "seg": ["C", "E"], "v": 10}]}
    assert prior_share(_spec([RECT, diag], [["C", "D"]], "area")) > 0.25
    side = {"kind": "rectangle", "names": list("CDEF"), "marks": [L("D", "E", 5)]}
    assert prior_share(_spec([RECT, side], [["C", "D"]], "area")) < 0.1
    assert prior_share(_spec([RECT, side], [["C", "D"]], "union_area")) == 0.0


def test_spec_problem_checks_the_true_geometry():
    # Right triangle CDE with hypotenuse CE = 6.4 on the inherited leg CD = 6: DE = 2.23, angle at C 20.4
    # degrees (under 22), too thin, even though it is drawn well formed.
    thin = dict(_triangle(9.0), marks=[L("C", "E", 6.4), {"t": "right", "at": "D"}],
                points={"C": [0, 0], "D": [3.6, 0], "E": [3.6, 5.2]})
    assert spec_problem(_spec([RECT, thin], [["C", "D"]], "area")) == "right triangle too thin"


def test_phantom_length_is_within_its_factor():
    rng = random.Random(0)
    values = [phantom(rng, 10.0) for _ in range(500)]
    assert phantom(rng, None) is None
    assert all(10 / PHANTOM - 1e-9 <= v <= 10 * PHANTOM + 1e-9 for v in values)
    assert min(values) < 7 and max(values) > 14


def test_no_perimeter_question_on_an_inherited_hypotenuse():
    # Right triangle CED (right angle at E) on the inherited hypotenuse CD = 6 with leg CE = 3.6, so ED = 4.8:
    # its perimeter 6 (1 + sin a + cos a) stays within 5% for every well-formed angle a, so its image hardly
    # counts; the area (3.6 * 4.8 / 2 = 8.64) does depend on it.
    tri = {"kind": "right_triangle", "names": list("CED"), "marks": [L("C", "E", 3.6), {"t": "right", "at": "E"}],
           "points": {"C": [0, 0], "E": [3.6, 0], "D": [3.6, 7.5]}}
    perimeter = _spec([RECT, tri], [["C", "D"]], "perimeter")
    assert solve_chain(perimeter) == pytest.approx(14.4)
    assert spec_problem(perimeter) == "a right triangle's perimeter on an inherited hypotenuse hardly depends on its image"
    assert spec_problem(_spec([RECT, tri], [["C", "D"]], "area")) != spec_problem(perimeter)


def test_no_question_when_the_inherited_side_equals_a_printed_length():
    # Rectangle ABCD (AB = 6) passes CD = 6 to right triangle CDE with DE = 8: no coincidence, area 24.
    # With DE = 6 the unknown CD would equal the printed 6 ("assume equal sides" would be right); with
    # DE = 6.1 it is within 3% of it.
    assert spec_problem(_spec([RECT, _triangle(9.0)], [["C", "D"]], "area")) is None
    for de in (6.0, 6.1):
        tri = dict(_triangle(9.0), marks=[L("D", "E", de), {"t": "right", "at": "D"}],
                   points={"C": [0, 0], "D": [9, 0], "E": [9, de]})
        assert spec_problem(_spec([RECT, tri], [["C", "D"]], "area")) \
            == "the last shape's inherited side equals a length its figure prints"
