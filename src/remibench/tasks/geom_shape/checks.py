"""GeomShape's validity rules for a whole item, shared by the sampler and the audit's variations.

The sampler builds a chain shape by shape; an audit variation redraws one image of a finished
item. Both must meet the same rules, so they live here and read only the spec: the true
geometry comes from the marked values (``solve``), the drawn one from the stored coordinates.
"""

from __future__ import annotations

import copy
import math
from itertools import combinations
from typing import Any

from remibench.tasks.geom_shape.composite import composite_problem
from remibench.tasks.geom_shape.drawing import (
    RATIO_RANGE,
    canonical_points,
    drawn_problem,
    geometry_problem,
    printed_lengths,
    solved,
    true_shapes,
)
from remibench.tasks.geom_shape.solve import SOLVERS, Given, solve_chain, solve_shapes

SHARED_RANGE = (2.0, 40.0)  # a shared side's true length
ANSWER_RANGE = (0.5, 20000.0)
MARK_STEP = 0.1  # relative change of an image's marked values ...
MARK_EFFECT = 0.03  # ... that must move the answer beyond the 3% scoring tolerance
UNION_SHARE = 0.1  # least share of the composite's area or outline each shape must give
MEASURE_MARGIN = 0.06  # how far an answer from measured figures must miss (twice the tolerance)
MEASURABLE = "measuring the figures as if to scale gives the answer"


def sensitivity(shape: dict[str, Any], shared: list[str], L: float, key: frozenset[str],
                arc: bool = False) -> tuple[bool, bool]:
    """Does a length of ``shape`` change with the inherited side, and with the image's own marks?"""
    solve = SOLVERS[shape["kind"]]
    names, inherited = list(shape["names"]), frozenset(shared)

    def value(length: float, factor: float) -> float:
        marks = [dict(m, v=m["v"] * factor) if m["t"] in ("len", "diag", "height") else
                 dict(m, v=m["v"] + 50 * (factor - 1)) if m["t"] == "ang" else m for m in shape["marks"]]
        sol = solve(names, Given(marks, {inherited: length}))
        return (sol.arcs if arc else sol.lengths)[key]

    try:
        base = value(L, 1.0)
        by_shared = abs(value(L * 1.002, 1.0) - base) > 1e-7 * base
        by_marks = abs(value(L, 1.002) - base) > 1e-7 * base
    except (ValueError, ZeroDivisionError):
        return False, False
    return by_shared, by_marks


def length_targets(shape: dict[str, Any], shared: list[str], L: float, trig_ok: bool) -> list[dict[str, Any]]:
    """Lengths of the last shape that need both its own marks and the shared side."""
    sol = SOLVERS[shape["kind"]](list(shape["names"]), Given(shape["marks"], {frozenset(shared): L}))
    marked = {frozenset(m["seg"]) for m in shape["marks"] if m["t"] in ("len", "diag")}
    out: list[dict[str, Any]] = []
    for kind, table in (("seg", sol.lengths), ("arc", sol.arcs)):
        for key in sorted(table, key=sorted):
            if kind == "seg" and (key in marked or key == frozenset(shared)):
                continue
            if kind == "seg" and shape["kind"] == "sector" and not trig_ok:
                continue  # a chord needs the sine
            if all(sensitivity(shape, shared, L, key, arc=kind == "arc")):
                ends = [n for n in shape["names"] if n in key]
                out.append({"type": kind, "ends": ends})
    return out


def marks_matter(spec: dict[str, Any], k: int) -> bool:
    """Do the values marked in image ``k`` move the answer by more than the tolerance when they
    change by 15% (up or, where that gives no valid shape, down)?

    A right triangle whose hypotenuse is inherited, for one, has nearly the same perimeter whatever
    its marked leg: the answer then follows from the other images within the tolerance.
    """
    base = solve_chain(spec)
    for factor in (1 + MARK_STEP, 1 - MARK_STEP):
        changed = copy.deepcopy(spec)
        for m in changed["shapes"][k]["marks"]:
            if m["t"] in ("len", "diag", "height", "ang"):
                m["v"] = m["v"] * factor
        try:
            value = solve_chain(changed)
        except (ValueError, ZeroDivisionError):
            continue
        if abs(value - base) > MARK_EFFECT * abs(base):
            return True
    return False


def union_shares(spec: dict[str, Any]) -> list[float]:
    """Each shape's share of the composite's area (or of its outline, without the shared sides).

    A shape that adds only a sliver could change by more than its own size and still leave the
    answer within the 3% scoring tolerance, so its image would hardly count.
    """
    sols, shared = solve_shapes(spec), spec["shared"]
    if spec["qtype"] == "union_area":
        parts = [s.area for s in sols]
    else:
        sides = [sols[i].lengths[frozenset(pair)] for i, pair in enumerate(shared)]
        parts = [s.perimeter - (sides[k - 1] if k > 0 else 0.0) - (sides[k] if k < len(sides) else 0.0)
                 for k, s in enumerate(sols)]
    total = sum(parts)
    return [p / total for p in parts]


def counts(spec: dict[str, Any], taken: dict[int, float], k: int) -> bool:
    """Does the answer change with shape ``k``'s inherited side (around the lengths in ``taken``)?
    In a composite's outline, a rectangle's inherited side cancels out, for one."""
    try:
        base = solve_chain(spec, taken)
        moved = solve_chain(spec, {**taken, k: taken[k] * 1.001})
    except (ValueError, ZeroDivisionError):
        return True
    return abs(moved - base) > 1e-7 * max(abs(base), 1.0)


def measuring_misses(spec: dict[str, Any]) -> bool:
    """Does every way of measuring inherited sides on the later figures (any of them, as if drawn
    to scale, the rest computed) miss the answer by more than twice the scoring tolerance?

    Each later figure draws its inherited side at least 20% off, but a shape that gives a small
    share of a composite, or an answer that hardly depends on that side, could still land within
    the tolerance; such an item is not made. A side the answer does not depend on is no shortcut
    to measure and is left out.
    """
    shapes, shared = spec["shapes"], spec["shared"]
    sols = solve_shapes(spec)
    true_sides = {k: sols[k - 1].lengths[frozenset(shared[k - 1])] for k in range(1, len(shapes))}
    later = [k for k in true_sides if printed_lengths(shapes[k]) and counts(spec, true_sides, k)]
    drawn = {k: math.dist(*(shapes[k]["points"][n] for n in shared[k - 1])) for k in later}
    true = solve_chain(spec)
    for size in range(1, len(later) + 1):
        for chosen in combinations(later, size):
            try:
                value = solve_chain(spec, {k: drawn[k] for k in chosen})
            except (ValueError, ZeroDivisionError):
                continue  # the measured length gives no shape: no answer to land on
            if abs(value - true) <= MEASURE_MARGIN * abs(true):
                return False
    return True


PRIOR_GRID = 48  # inherited lengths tried across the drawing range
PRIOR_SHARE = 0.25  # most of that range one answer may cover


def prior_share(spec: dict[str, Any]) -> float:
    """For a question about the last shape: the largest share of the lengths its inherited side
    could plausibly have (a log-even grid over the range a figure may be drawn with, kept where
    the shape with its marks is well formed) that give one answer within the tolerance.

    The last figure's own numbers bound its inherited side; where the answer hardly changes over
    those bounds (a rectangle's area for a fixed diagonal is flat near the square, for one), a
    guess from the last image alone would often be right.
    """
    if spec["qtype"].startswith("union"):
        return 0.0
    shapes, shared = spec["shapes"], spec["shared"]
    last, key = shapes[-1], frozenset(shared[-1])
    rulers = printed_lengths(last)
    ref = math.exp(sum(math.log(v) for v in rulers) / len(rulers)) if rulers else 10.0
    lo, hi = (math.log(r) for r in RATIO_RANGE)
    answers = []
    for i in range(PRIOR_GRID):
        length = ref * math.exp(lo + (hi - lo) * i / (PRIOR_GRID - 1))
        try:
            if geometry_problem(last, canonical_points(last, solved(last, {key: length}))):
                continue
            answers.append(solve_chain(spec, {len(shapes) - 1: length}))
        except (ValueError, ZeroDivisionError, KeyError):
            continue
    if not answers:
        return 1.0
    answers.sort()
    best, j = 0, 0
    for i, a in enumerate(answers):  # the widest run of answers one guess within the tolerance covers
        while answers[j] * (1 + MARK_EFFECT) / (1 - MARK_EFFECT) < a:
            j += 1
        best = max(best, i - j + 1)
    return best / len(answers)


def spec_problem(spec: dict[str, Any], trig_ok: bool = True) -> str | None:
    """Why a finished item breaks a rule of the task (see the README's list), or None."""
    shapes, shared, qtype = spec["shapes"], spec["shared"], spec["qtype"]
    try:
        sols = solve_shapes(spec)
        true = true_shapes(spec, sols)
    except (ValueError, ZeroDivisionError, KeyError):
        return "the marked values give no shape"
    sides = [sols[k].lengths[frozenset(pair)] for k, pair in enumerate(shared)]
    if not all(SHARED_RANGE[0] <= s <= SHARED_RANGE[1] for s in sides):
        return "shared side out of range"
    for k, shape in enumerate(shapes):
        problem = geometry_problem(shape, true[k]["points"]) or geometry_problem(shape, shape["points"])
        if problem:
            return problem
        if k == 0:
            continue
        if k < len(shapes) - 1 and not all(sensitivity(shape, shared[k - 1], sides[k - 1], frozenset(shared[k]))):
            return "the side passed on does not need both the inherited side and the image's marks"
        shown = {frozenset(shared[k - 1]): sides[k - 1]}
        if k < len(shapes) - 1:
            shown[frozenset(shared[k])] = sides[k]
        problem = drawn_problem(shape, shown)
        if problem:
            return problem
    if shapes[-1]["kind"] == "semicircle" and not qtype.startswith("union"):
        return "semicircle image alone adds no value"
    last = shapes[-1]
    if not qtype.startswith("union") and any(abs(v - sides[-1]) <= MARK_EFFECT * sides[-1] for v in printed_lengths(last)):
        # small nice numbers often coincide: "the unknown side equals a given one" would then be right
        return "the last shape's inherited side equals a length its figure prints"
    if qtype == "perimeter" and last["kind"] == "right_triangle" and set(shared[-1]) == {last["names"][0], last["names"][2]}:
        # H (1 + sin a + cos a) stays within 5% over every well-formed angle: the image hardly counts
        return "a right triangle's perimeter on an inherited hypotenuse hardly depends on its image"
    if qtype == "length" and spec["target"] not in length_targets(shapes[-1], shared[-1], sides[-1], trig_ok):
        return "the asked length does not need both the shared side and the marks"
    if qtype.startswith("union"):
        problem = composite_problem(true, shared)
        if problem:
            return problem
    value = solve_chain(spec)
    if not ANSWER_RANGE[0] <= value <= ANSWER_RANGE[1]:
        return "answer out of range"
    if qtype.startswith("union") and min(union_shares(spec)) < UNION_SHARE:
        return "a shape adds too little to the composite figure"
    if not all(marks_matter(spec, k) for k in range(len(shapes))):
        return "an image's values hardly move the answer"
    if not measuring_misses(spec):
        return MEASURABLE
    if prior_share(spec) > PRIOR_SHARE:
        return "the last figure's own values nearly fix the answer"
    return None
