"""GeomShape's solver: every area, perimeter and length recomputed from the marked values alone.

Kept apart from the sampler, which builds shapes from coordinates, so the two code paths cannot
share a mistake: textbook formulas (law of cosines and sines, Heron, Pythagoras, sector and
semicircle formulas) never read a coordinate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass
class ShapeSolution:
    """Everything the questions can ask about one shape, computed from its marked values."""

    area: float
    perimeter: float
    lengths: dict[frozenset[str], float]  # sides, diagonals, chords
    arcs: dict[frozenset[str], float]


class Given:
    """The values one shape's image marks, plus the shared side's length from the shape before."""

    def __init__(self, marks: list[dict[str, Any]], inherited: dict[frozenset[str], float]) -> None:
        self.lens: dict[frozenset[str], float] = dict(inherited)
        self.angles: dict[str, float] = {}
        self.heights: list[dict[str, Any]] = []
        for m in marks:
            if m["t"] in ("len", "diag"):
                self.lens[frozenset(m["seg"])] = float(m["v"])
            elif m["t"] == "ang":
                self.angles[m["at"]] = float(m["v"])
            elif m["t"] == "right":
                self.angles[m["at"]] = 90.0
            elif m["t"] == "height":
                self.heights.append(m)

    def length(self, *pairs: tuple[str, str]) -> float | None:
        """The first known length among segments that are equal by the shape's definition."""
        for x, y in pairs:
            if frozenset((x, y)) in self.lens:
                return self.lens[frozenset((x, y))]
        return None

    def angle(self, *vertices: str, supplement: tuple[str, ...] = ()) -> float | None:
        """An angle known at ``vertices`` directly, or as 180 minus one at ``supplement``."""
        for v in vertices:
            if v in self.angles:
                return self.angles[v]
        for v in supplement:
            if v in self.angles:
                return 180.0 - self.angles[v]
        return None


def _need(value: float | None, what: str) -> float:
    if value is None:
        raise ValueError(f"spec does not determine {what}")
    return value


def _seg(x: str, y: str) -> frozenset[str]:
    return frozenset((x, y))


def _solve_triangle(names: list[str], g: Given) -> ShapeSolution:
    A, B, C = names
    for h in g.heights:  # an altitude with its foot splits the base into two right triangles
        apex, foot, (x, y), hv = h["from"], h["foot"], h["base"], float(h["v"])
        fx, fy, base = g.length((x, foot)), g.length((foot, y)), g.length((x, y))
        if fx is None and fy is not None and base is not None:
            fx = base - fy
        if fy is None and fx is not None and base is not None:
            fy = base - fx
        if base is None and fx is not None and fy is not None:
            g.lens[_seg(x, y)] = fx + fy
        g.lens[_seg(apex, x)] = math.hypot(hv, _need(fx, "altitude foot"))
        g.lens[_seg(apex, y)] = math.hypot(hv, _need(fy, "altitude foot"))
    opp = {A: g.length((B, C)), B: g.length((C, A)), C: g.length((A, B))}
    ang = {v: g.angles.get(v) for v in names}
    if sum(a is not None for a in ang.values()) == 2:
        missing = next(v for v in names if ang[v] is None)
        ang[missing] = 180.0 - sum(a for a in ang.values() if a is not None)
    known = [v for v in names if opp[v] is not None]
    if len(known) == 2:
        gap = next(v for v in names if opp[v] is None)
        if ang[gap] is not None:  # two sides and the angle between them: law of cosines
            p, q = (opp[v] for v in known)
            opp[gap] = math.sqrt(p * p + q * q - 2 * p * q * math.cos(math.radians(ang[gap])))
        else:  # two sides and an angle facing one of them: law of sines (unique cases only)
            v = next(u for u in known if ang[u] is not None)
            w = next(u for u in known if u != v)
            if ang[v] < 90 and opp[v] < opp[w]:
                raise ValueError("ambiguous SSA triangle")
            ang[w] = math.degrees(math.asin(opp[w] * math.sin(math.radians(ang[v])) / opp[v]))
            ang[gap] = 180.0 - ang[v] - ang[w]
            opp[gap] = opp[v] * math.sin(math.radians(ang[gap])) / math.sin(math.radians(ang[v]))
    elif len(known) == 1 and all(a is not None for a in ang.values()):
        v = known[0]
        ratio = opp[v] / math.sin(math.radians(ang[v]))
        for u in names:
            opp[u] = ratio * math.sin(math.radians(ang[u]))
    a, b, c = (_need(opp[v], "triangle sides") for v in names)
    s = (a + b + c) / 2
    area = math.sqrt(max(s * (s - a) * (s - b) * (s - c), 0.0))  # Heron
    return ShapeSolution(area, a + b + c, {_seg(B, C): a, _seg(C, A): b, _seg(A, B): c}, {})


def _solve_rectangle(names: list[str], g: Given) -> ShapeSolution:
    P, Q, R, S = names
    w, h, d = g.length((P, Q), (R, S)), g.length((Q, R), (S, P)), g.length((P, R), (Q, S))
    if w is None:
        w = math.sqrt(_need(d, "diagonal") ** 2 - _need(h, "height") ** 2)
    if h is None:
        h = math.sqrt(_need(d, "diagonal") ** 2 - w * w)
    d = math.hypot(w, h)
    lengths = {_seg(P, Q): w, _seg(R, S): w, _seg(Q, R): h, _seg(S, P): h, _seg(P, R): d, _seg(Q, S): d}
    return ShapeSolution(w * h, 2 * (w + h), lengths, {})


def _solve_parallelogram(names: list[str], g: Given) -> ShapeSolution:
    P, Q, R, S = names
    b = _need(g.length((P, Q), (R, S)), "base")
    s = _need(g.length((Q, R), (S, P)), "side")
    theta = g.angle(P, R, supplement=(Q, S))  # the angle at P
    area = None
    for h in g.heights:
        base_len = b if set(h["base"]) in ({P, Q}, {R, S}) else s
        slant = s if base_len is b else b
        area = base_len * float(h["v"])
        # The foot lies on the base, so the base angle next to the altitude's vertex is acute.
        acute_at = next(v for v in h["base"] if _seg(v, h["from"]) in {_seg(P, Q), _seg(Q, R), _seg(R, S), _seg(S, P)})
        acute = math.degrees(math.asin(float(h["v"]) / slant))
        theta = acute if acute_at in (P, R) else 180.0 - acute
    theta = _need(theta, "parallelogram angle")
    if area is None:
        area = b * s * math.sin(math.radians(theta))
    ct = math.cos(math.radians(theta))
    d_pr = math.sqrt(b * b + s * s + 2 * b * s * ct)
    d_qs = math.sqrt(b * b + s * s - 2 * b * s * ct)
    lengths = {_seg(P, Q): b, _seg(R, S): b, _seg(Q, R): s, _seg(S, P): s, _seg(P, R): d_pr, _seg(Q, S): d_qs}
    return ShapeSolution(area, 2 * (b + s), lengths, {})


def _solve_trapezoid(names: list[str], g: Given, iso: bool) -> ShapeSolution:
    """Bases PQ (a) and RS (c) parallel; right: legs SP (perpendicular) and QR; iso: legs equal."""
    P, Q, R, S = names
    a, c = g.length((P, Q)), g.length((R, S))
    h = g.heights[0]["v"] if g.heights else (None if iso else g.length((S, P)))
    leg = g.length((Q, R), (S, P)) if iso else g.length((Q, R))
    theta = g.angle(P, Q, supplement=(R, S)) if iso else g.angle(Q, supplement=(R,))  # acute base angle
    h = float(h) if h is not None else None
    if h is None and a is not None and c is not None:
        run = (a - c) / 2 if iso else a - c
        if theta is not None:
            h = run * math.tan(math.radians(theta))
        else:
            h = math.sqrt(_need(leg, "leg") ** 2 - run * run)
    if c is None and a is not None and h is not None:  # the bottom base, the height and a leg
        run = math.sqrt(_need(leg, "leg") ** 2 - h * h) if theta is None else h / math.tan(math.radians(theta))
        c = a - (2 * run if iso else run)
    a, c, h = _need(a, "base"), _need(c, "base"), _need(h, "height")
    run = (a - c) / 2 if iso else a - c
    slanted = math.hypot(run, h)
    if iso:
        lengths = {_seg(P, Q): a, _seg(R, S): c, _seg(Q, R): slanted, _seg(S, P): slanted,
                   _seg(P, R): math.hypot(a - run, h), _seg(Q, S): math.hypot(a - run, h)}
    else:
        lengths = {_seg(P, Q): a, _seg(R, S): c, _seg(Q, R): slanted, _seg(S, P): h,
                   _seg(P, R): math.hypot(c, h), _seg(Q, S): math.hypot(a, h)}
    return ShapeSolution((a + c) / 2 * h, a + c + lengths[_seg(Q, R)] + lengths[_seg(S, P)], lengths, {})


def _solve_sector(names: list[str], g: Given) -> ShapeSolution:
    O, P, Q = names
    r = _need(g.length((O, P), (O, Q)), "radius")
    theta = _need(g.angles.get(O), "sector angle")
    arc = theta / 360.0 * 2 * math.pi * r
    chord = 2 * r * math.sin(math.radians(theta) / 2)
    return ShapeSolution(theta / 360.0 * math.pi * r * r, 2 * r + arc,
                         {_seg(O, P): r, _seg(O, Q): r, _seg(P, Q): chord}, {_seg(P, Q): arc})


def _solve_semicircle(names: list[str], g: Given) -> ShapeSolution:
    P, Q = names
    d = _need(g.length((P, Q)), "diameter")
    arc = math.pi * d / 2
    return ShapeSolution(math.pi * d * d / 8, d + arc, {_seg(P, Q): d}, {_seg(P, Q): arc})


SOLVERS = {
    "triangle": _solve_triangle,
    "right_triangle": _solve_triangle,
    "rectangle": _solve_rectangle,
    "parallelogram": _solve_parallelogram,
    "right_trapezoid": lambda names, g: _solve_trapezoid(names, g, iso=False),
    "iso_trapezoid": lambda names, g: _solve_trapezoid(names, g, iso=True),
    "sector": _solve_sector,
    "semicircle": _solve_semicircle,
}


def solve_shapes(spec: dict[str, Any], taken: dict[int, float] | None = None) -> list[ShapeSolution]:
    """Solve the shapes in order, each using the shared side's length from the one before (or,
    for shape ``k`` in ``taken``, the length given there: what a measurement would suggest)."""
    out: list[ShapeSolution] = []
    for idx, shape in enumerate(spec["shapes"]):
        inherited: dict[frozenset[str], float] = {}
        if idx > 0:
            key = frozenset(spec["shared"][idx - 1])
            inherited[key] = taken[idx] if taken and idx in taken else out[-1].lengths[key]
        out.append(SOLVERS[shape["kind"]](list(shape["names"]), Given(shape["marks"], inherited)))
    return out


def solve_chain(spec: dict[str, Any], taken: dict[int, float] | None = None) -> float:
    """The unrounded answer to the spec's question (``taken``: see :func:`solve_shapes`)."""
    sols = solve_shapes(spec, taken)
    qtype = spec["qtype"]
    if qtype == "union_area":
        return sum(s.area for s in sols)
    if qtype == "union_perimeter":
        shared = sum(sols[i + 1].lengths[frozenset(pair)] for i, pair in enumerate(spec["shared"]))
        return sum(s.perimeter for s in sols) - 2 * shared
    last = sols[-1]
    if qtype == "area":
        return last.area
    if qtype == "perimeter":
        return last.perimeter
    target = spec["target"]
    table = last.arcs if target["type"] == "arc" else last.lengths
    return table[frozenset(target["ends"])]


def fmt_label(value: float) -> str:
    """Rounded to two decimals, trailing zeros dropped: ``37.7``, ``12.25``, ``40``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
