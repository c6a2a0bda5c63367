"""Coordinates of a GeomShape shape from its values, the look checks, and not-to-scale drawing.

A shape after the first inherits one side from the shape before. Drawn to scale, that side
could be measured against a printed length of the same figure, and the figure would change
whenever an earlier image's values do. So a later figure is drawn with an *invented* length for
the inherited side: drawn at random from the lengths that give a well-formed shape with the
figure's own marks (independent of the true length), and at least ``DRAWN_OFF`` away from the
true length of every shared side it shows. Every marked length and angle still holds in the
drawing; only the inherited side and what follows from it are off, and the question says that
the figures are not drawn to scale.
"""

from __future__ import annotations

import math
from typing import Any

from remibench.render.geometry import Pt
from remibench.render.geometry_layout import layout
from remibench.tasks.geom_shape.construct import FOOT_CLEARANCE, pose, random_rotation
from remibench.tasks.geom_shape.shapes import shape_figure
from remibench.tasks.geom_shape.solve import SOLVERS, Given, ShapeSolution

DRAWN_OFF = 0.2  # a drawn shared side is at least 20% longer or shorter than the true one
DRAW_TRIES = 60
RATIO_RANGE = (0.3, 3.3)  # drawn inherited side over the geometric mean of the printed lengths
NO_RULER_LENGTH = 10.0  # a figure without printed lengths looks the same at any size


def _seg(x: str, y: str) -> frozenset[str]:
    return frozenset((x, y))


def _project(p: Pt, a: Pt, b: Pt) -> Pt:
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)
    return (a[0] + t * dx, a[1] + t * dy)


def canonical_points(shape: dict[str, Any], sol: ShapeSolution) -> dict[str, Pt]:
    """Coordinates of every named point (vertices, altitude feet, a semicircle's apex ``_T``) of a
    shape with the solved lengths; raises ValueError when the lengths give no such shape."""
    kind, names, L = shape["kind"], shape["names"], sol.lengths
    if kind in ("triangle", "right_triangle"):
        a, b, c = L[_seg(names[1], names[2])], L[_seg(names[2], names[0])], L[_seg(names[0], names[1])]
        x = (c * c + b * b - a * a) / (2 * c)
        pts = [(0.0, 0.0), (c, 0.0), (x, math.sqrt(b * b - x * x))]
    elif kind == "rectangle":
        w, h = L[_seg(names[0], names[1])], L[_seg(names[1], names[2])]
        pts = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]
    elif kind == "parallelogram":
        b, s, d = L[_seg(names[0], names[1])], L[_seg(names[1], names[2])], L[_seg(names[1], names[3])]
        ct = (b * b + s * s - d * d) / (2 * b * s)
        st = math.sqrt(1 - ct * ct)
        pts = [(0.0, 0.0), (b, 0.0), (b + s * ct, s * st), (s * ct, s * st)]
    elif kind in ("right_trapezoid", "iso_trapezoid"):
        a, c = L[_seg(names[0], names[1])], L[_seg(names[2], names[3])]
        if kind == "iso_trapezoid":
            run = (a - c) / 2
            h = math.sqrt(L[_seg(names[1], names[2])] ** 2 - run * run)
            pts = [(0.0, 0.0), (a, 0.0), (run + c, h), (run, h)]
        else:
            h = L[_seg(names[3], names[0])]
            pts = [(0.0, 0.0), (a, 0.0), (c, h), (0.0, h)]
    elif kind == "sector":
        r, chord = L[_seg(names[0], names[1])], L[_seg(names[1], names[2])]
        t = 2 * math.asin(min(1.0, chord / (2 * r)))
        pts = [(0.0, 0.0), (r, 0.0), (r * math.cos(t), r * math.sin(t))]
    else:  # semicircle
        d = L[_seg(names[0], names[1])]
        pts = [(0.0, 0.0), (d, 0.0)]
    out = dict(zip(names, pts))
    if kind == "semicircle":
        out["_T"] = (pts[1][0] / 2, pts[1][0] / 2)
    for m in shape["marks"]:
        if m["t"] == "height":
            out[m["foot"]] = _project(out[m["from"]], out[m["base"][0]], out[m["base"][1]])
    return out


def solved(shape: dict[str, Any], inherited: dict[frozenset[str], float]) -> ShapeSolution:
    """The shape solved from its marks and the inherited side."""
    return SOLVERS[shape["kind"]](list(shape["names"]), Given(shape["marks"], inherited))


def _angle(v: Pt, a: Pt, b: Pt) -> float:
    u1, u2 = (a[0] - v[0], a[1] - v[1]), (b[0] - v[0], b[1] - v[1])
    c = (u1[0] * u2[0] + u1[1] * u2[1]) / (math.hypot(*u1) * math.hypot(*u2))
    return math.degrees(math.acos(max(-1.0, min(1.0, c))))


def _labelled(shape: dict[str, Any], *pairs: tuple[str, str]) -> bool:
    segs = {frozenset(m["seg"]) for m in shape["marks"] if m["t"] == "len"}
    return any(_seg(*p) in segs for p in pairs)


def geometry_problem(shape: dict[str, Any], points: dict[str, Any]) -> str | None:
    """Why a shape with these coordinates would look thin, ambiguous or badly proportioned (the
    sampler's rules for each kind), or None; any pose of the shape gives the same answer."""
    kind, names = shape["kind"], shape["names"]
    p = [(float(points[n][0]), float(points[n][1])) for n in names]
    if kind == "sector":
        angle = next(float(m["v"]) for m in shape["marks"] if m["t"] == "ang")
        return None if 30 <= angle <= 170 else "sector angle out of range"
    if kind in CURVED:
        return None
    side = [math.dist(p[i], p[(i + 1) % len(p)]) for i in range(len(p))]
    if min(side) < 1e-6 * max(side):
        return "degenerate shape"
    angles = [_angle(p[i], p[i - 1], p[(i + 1) % len(p)]) for i in range(len(p))]
    if kind == "triangle":
        if min(angles) < 25 or max(angles) > 125:
            return "triangle too thin"
        if any(abs(a - 90) < 4 for a in angles):
            return "triangle looks right-angled"
    elif kind == "right_triangle" and min(angles) < 22:
        return "right triangle too thin"
    elif kind == "rectangle" and not 1 / 3.2 <= side[1] / side[0] <= 3.2:
        return "rectangle too thin"
    elif kind == "parallelogram":
        if not 39.5 <= min(angles) <= 78.5 or not 0.45 <= side[1] / side[0] <= 1.4:
            return "parallelogram badly proportioned"
    elif kind in ("right_trapezoid", "iso_trapezoid"):
        a, c = side[0], side[2]
        h = math.dist(p[3], _project(p[3], p[0], p[1]))
        if not 0.2 * a <= c <= 0.85 * a or not 0.28 * a <= h <= 1.3 * a or min(angles) < 30:
            return "trapezoid badly proportioned"
    for m in shape["marks"]:
        if m["t"] != "height":
            continue
        top, (x_name, y_name) = names.index(m["from"]), m["base"]
        if kind != "triangle" and (top - names.index(y_name)) % len(names) in (1, len(names) - 1):
            x_name, y_name = y_name, x_name  # measure from the base vertex next to the altitude's top
        x, y = p[names.index(x_name)], p[names.index(y_name)]
        foot = (float(points[m["foot"]][0]), float(points[m["foot"]][1]))
        dx, dy = y[0] - x[0], y[1] - x[1]
        t = ((foot[0] - x[0]) * dx + (foot[1] - x[1]) * dy) / (dx * dx + dy * dy)
        if kind == "triangle" and not 0.18 <= t <= 0.82:
            return "altitude foot near a vertex"
        if kind != "triangle" and not 0.0 <= t <= 0.75:
            return "altitude foot outside the base"
        pairs = [tuple(m["base"])] + ([(names[2], names[3])] if kind == "parallelogram" else [])
        if kind != "triangle" and _labelled(shape, *pairs) and abs(t - 0.5) < FOOT_CLEARANCE:
            return "altitude foot beside the base's length label"
    return None


CURVED = ("sector", "semicircle")


def printed_lengths(shape: dict[str, Any]) -> list[float]:
    """The lengths a figure prints (sides, diagonals, heights): its rulers."""
    return [float(m["v"]) for m in shape["marks"] if m["t"] in ("len", "diag", "height")]


def drawn_off(true: float, drawn: float) -> bool:
    """Is a drawn length far enough from the true one that measuring it misleads?"""
    return abs(math.log(drawn / true)) >= math.log(1 + DRAWN_OFF)


def drawn_problem(shape: dict[str, Any], sides: dict[frozenset[str], float]) -> str | None:
    """Why a later shape's figure would give away a shared side (``sides``: true lengths) when
    measured against its printed lengths, or None."""
    if not printed_lengths(shape):
        return None
    pts = shape["points"]
    for key, true in sides.items():
        a, b = sorted(key)
        if not drawn_off(true, math.dist(pts[a], pts[b])):
            return "a shared side is drawn close to its true length"
    return None


def draw_later(rng: Any, shape: dict[str, Any], inherited: frozenset[str],
               sides: dict[frozenset[str], float]) -> dict[str, list[float]]:
    """World coordinates of a later shape drawn with an invented inherited side (see the module
    docstring); ``sides`` holds the true lengths of the shared sides the figure shows. Raises
    ValueError when no drawing fits."""
    rulers = printed_lengths(shape)
    ref = math.exp(sum(math.log(v) for v in rulers) / len(rulers)) if rulers else NO_RULER_LENGTH
    lo, hi = (math.log(r) for r in RATIO_RANGE)
    for _ in range(DRAW_TRIES):
        length = ref * math.exp(rng.uniform(lo, hi)) if rulers else NO_RULER_LENGTH
        rot, mirror = random_rotation(rng), rng.random() < 0.5
        try:
            canon = canonical_points(shape, solved(shape, {inherited: length}))
        except (ValueError, ZeroDivisionError, KeyError):
            continue
        if geometry_problem(shape, canon):
            continue
        keys = list(canon)
        world = pose([canon[k] for k in keys], rot, mirror)
        drawn = dict(shape, points={k: list(p) for k, p in zip(keys, world)})
        if drawn_problem(drawn, sides) or layout(shape_figure(drawn)).problems:
            continue
        return drawn["points"]
    raise ValueError("no not-to-scale drawing fits the marks")


def true_shapes(spec: dict[str, Any], sols: list[ShapeSolution]) -> list[dict[str, Any]]:
    """The shapes with their true (to-scale) coordinates, for the composite figure and the checks."""
    return [dict(shape, points={k: list(v) for k, v in canonical_points(shape, sol).items()})
            for shape, sol in zip(spec["shapes"], sols)]
