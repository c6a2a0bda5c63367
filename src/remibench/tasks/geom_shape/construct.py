"""Shapes constructed from the values their figure will mark.

Each constructor takes the length of the side a shape inherits from the previous shape in a
GeomShape chain (or None for the first shape), picks nice values to mark (integers or halves,
angles in steps of 5 degrees), and builds coordinates from them to check the look of the shape.
For a later shape the task passes a phantom length near the true one, so the true shape is
checked again on its own (``drawing.geometry_problem``); the figures are drawn by ``drawing``.
The marks refer to vertex indices in the kind's canonical order (or ``"F"`` for the foot of an
altitude); the task names them. Constructions that would look thin, ambiguous or badly
proportioned raise :class:`Unfit`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

from remibench.render.geometry import Pt, Unfit

# An altitude's foot this close (as a share of the base) to the middle of a base that carries its
# length label would put the label right beside the foot, where it reads as the distance to it.
FOOT_CLEARANCE = 0.18


@dataclass
class Draft:
    """One shape in canonical coordinates; marks refer to vertex indices (or 'F' for a foot)."""

    kind: str
    pts: list[Pt]
    marks: list[dict[str, Any]]
    incoming: tuple[int, int] | None
    foot: Pt | None = None
    foot_named: bool = False
    apex: Pt | None = None


def _nice(rng: Any, lo: float, hi: float, half_prob: float) -> float:
    """An integer (or, sometimes, a half-integer) in [lo, hi]."""
    lo, hi = max(lo, 1.0), max(hi, 1.0)
    if rng.random() < half_prob and math.floor(2 * hi) >= math.ceil(2 * lo):
        return rng.randint(math.ceil(2 * lo), math.floor(2 * hi)) / 2
    if math.floor(hi) < math.ceil(lo):
        raise Unfit("no nice value in range")
    return float(rng.randint(math.ceil(lo), math.floor(hi)))


def _round_nice(rng: Any, x: float, half_prob: float) -> float:
    """``x`` rounded to an integer (or, sometimes, to a half-integer)."""
    return max(1.0, round(2 * x) / 2 if rng.random() < half_prob else float(round(x)))


def _angle(rng: Any, lo: int, hi: int) -> int:
    return 5 * rng.randint(math.ceil(lo / 5), hi // 5)


def _len_mark(i: int | str, j: int | str, v: float, t: str = "len") -> dict[str, Any]:
    return {"t": t, "seg": [i, j], "v": v}


def _interior_angles(pts: list[Pt]) -> list[float]:
    out = []
    n = len(pts)
    for i in range(n):
        a, v, b = pts[i - 1], pts[i], pts[(i + 1) % n]
        u1, u2 = (a[0] - v[0], a[1] - v[1]), (b[0] - v[0], b[1] - v[1])
        c = (u1[0] * u2[0] + u1[1] * u2[1]) / (math.hypot(*u1) * math.hypot(*u2))
        out.append(math.degrees(math.acos(max(-1.0, min(1.0, c)))))
    return out


def _triangle(rng: Any, L: float | None, trig: bool, hp: float) -> Draft:
    scheme = rng.choice(["sas", "asa"] if trig else ["sss", "height"])
    c = L if L is not None else _nice(rng, 5, 16, hp)
    marks: list[dict[str, Any]] = []
    foot = None
    if scheme == "height":
        if L is None:
            d, e = _nice(rng, 2, 9, hp), _nice(rng, 2, 9, hp)
            c = d + e
            marks += [_len_mark(0, "F", d), _len_mark("F", 1, e)]
        else:  # the inherited base is not marked; the foot sits a nice distance from one end
            e = _nice(rng, 0.2 * c, 0.8 * c, hp)
            if rng.random() < 0.5:
                d = e
                marks.append(_len_mark(0, "F", e))
            else:
                d = c - e
                marks.append(_len_mark("F", 1, e))
        h = _nice(rng, 0.45 * c, 1.3 * c, hp)
        pts = [(0.0, 0.0), (c, 0.0), (d, h)]
        foot = (d, 0.0)
        marks.append({"t": "height", "from": 2, "foot": "F", "base": [0, 1], "v": h})
        if not 0.18 * c <= d <= 0.82 * c:
            raise Unfit("altitude foot near a vertex")
    elif scheme == "sss":
        alpha, beta = rng.uniform(35, 95), rng.uniform(35, 95)
        if alpha + beta > 145:
            raise Unfit("triangle too flat")
        s = math.sin(math.radians(alpha + beta))
        a = _round_nice(rng, c * math.sin(math.radians(alpha)) / s, hp)
        b = _round_nice(rng, c * math.sin(math.radians(beta)) / s, hp)
        x = (c * c + b * b - a * a) / (2 * c)
        if b * b - x * x <= 0:
            raise Unfit("not a triangle")
        pts = [(0.0, 0.0), (c, 0.0), (x, math.sqrt(b * b - x * x))]
        marks += [_len_mark(1, 2, a), _len_mark(2, 0, b)]
    elif scheme == "sas":
        a, beta = _nice(rng, 0.5 * c, 1.4 * c, hp), _angle(rng, 35, 120)
        if rng.random() < 0.5:
            pts = [(0.0, 0.0), (c, 0.0), (c - a * math.cos(math.radians(beta)), a * math.sin(math.radians(beta)))]
            marks += [_len_mark(1, 2, a), {"t": "ang", "at": 1, "v": beta}]
        else:
            pts = [(0.0, 0.0), (c, 0.0), (a * math.cos(math.radians(beta)), a * math.sin(math.radians(beta)))]
            marks += [_len_mark(2, 0, a), {"t": "ang", "at": 0, "v": beta}]
    else:  # asa
        alpha, beta = _angle(rng, 35, 95), _angle(rng, 35, 95)
        if alpha + beta > 145:
            raise Unfit("triangle too flat")
        b = c * math.sin(math.radians(beta)) / math.sin(math.radians(alpha + beta))
        pts = [(0.0, 0.0), (c, 0.0), (b * math.cos(math.radians(alpha)), b * math.sin(math.radians(alpha)))]
        marks += [{"t": "ang", "at": 0, "v": alpha}, {"t": "ang", "at": 1, "v": beta}]
    if L is None and scheme != "height":
        marks.append(_len_mark(0, 1, c))
    angles = _interior_angles(pts)
    if min(angles) < 25 or max(angles) > 125:
        raise Unfit("triangle too thin")
    if any(abs(a - 90) < 4 for a in angles):
        raise Unfit("triangle looks right-angled")
    return Draft("triangle", pts, marks, (0, 1) if L is not None else None, foot, scheme == "height")


def _right_triangle(rng: Any, L: float | None, trig: bool, hp: float) -> Draft:
    """Right angle at vertex 1; legs 0-1 and 1-2, hypotenuse 2-0."""
    role = rng.choice(["leg", "hyp"]) if L is not None else None
    schemes = (["la"] if role != "hyp" else []) + (["ha"] if role != "leg" else []) if trig else \
        (["ll"] if role != "hyp" else []) + ["lh"]
    scheme = rng.choice(schemes)
    marks: list[dict[str, Any]] = []
    if scheme in ("ll", "la") or (scheme == "lh" and role != "hyp"):
        a = L if role == "leg" else _nice(rng, 4, 16, hp)
        if role is None:
            marks.append(_len_mark(0, 1, a))
        if scheme == "ll":
            b = _nice(rng, 0.45 * a, 2.2 * a, hp)
            marks.append(_len_mark(1, 2, b))
        elif scheme == "lh":
            hyp = _nice(rng, 1.15 * a, 2.6 * a, hp)
            b = math.sqrt(hyp * hyp - a * a)
            marks.append(_len_mark(2, 0, hyp))
        else:
            alpha = _angle(rng, 30, 60)
            b = a * math.tan(math.radians(alpha))
            marks.append({"t": "ang", "at": 0, "v": alpha} if rng.random() < 0.5 else {"t": "ang", "at": 2, "v": 90 - alpha})
    else:
        hyp = L if role == "hyp" else _nice(rng, 6, 20, hp)
        if role is None:
            marks.append(_len_mark(2, 0, hyp))
        if scheme == "lh":
            a = _nice(rng, 0.35 * hyp, 0.9 * hyp, hp)
            if a >= hyp:
                raise Unfit("leg longer than hypotenuse")
            b = math.sqrt(hyp * hyp - a * a)
            marks.append(_len_mark(0, 1, a))
        else:
            alpha = _angle(rng, 30, 60)
            a, b = hyp * math.cos(math.radians(alpha)), hyp * math.sin(math.radians(alpha))
            marks.append({"t": "ang", "at": 0, "v": alpha} if rng.random() < 0.5 else {"t": "ang", "at": 2, "v": 90 - alpha})
    marks.append({"t": "right", "at": 1})
    pts = [(0.0, 0.0), (a, 0.0), (a, b)]
    if min(_interior_angles(pts)) < 22:
        raise Unfit("right triangle too thin")
    incoming = None if role is None else ((0, 1) if role == "leg" else (2, 0))
    return Draft("right_triangle", pts, marks, incoming)


def _rectangle(rng: Any, L: float | None, trig: bool, hp: float) -> Draft:
    w = L if L is not None else _nice(rng, 4, 16, hp)
    marks: list[dict[str, Any]] = []
    if L is None:
        marks.append(_len_mark(*rng.choice([(0, 1), (2, 3)]), w))
    if rng.random() < 0.5:
        h = _nice(rng, 0.35 * w, 2.2 * w, hp)
        marks.append(_len_mark(*rng.choice([(1, 2), (3, 0)]), h))
    else:
        d = _nice(rng, 1.2 * w, 2.6 * w, hp)
        h = math.sqrt(d * d - w * w)
        marks.append(_len_mark(*rng.choice([(0, 2), (1, 3)]), d, "diag"))
    if not 1 / 3.2 <= h / w <= 3.2:
        raise Unfit("rectangle too thin")
    marks.append({"t": "right", "at": rng.randrange(4)})
    return Draft("rectangle", [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)], marks, (0, 1) if L is not None else None)


def _parallelogram(rng: Any, L: float | None, trig: bool, hp: float) -> Draft:
    b = L if L is not None else _nice(rng, 5, 16, hp)
    marks: list[dict[str, Any]] = []
    if L is None:
        marks.append(_len_mark(*rng.choice([(0, 1), (2, 3)]), b))
    s = _nice(rng, 0.45 * b, 1.4 * b, hp)
    marks.append(_len_mark(*rng.choice([(1, 2), (3, 0)]), s))
    foot = None
    if trig:
        theta = _angle(rng, 40, 75)
        at = rng.randrange(4)
        marks.append({"t": "ang", "at": at, "v": theta if at % 2 == 0 else 180 - theta})
    else:
        h = _nice(rng, s * math.sin(math.radians(40)), s * math.sin(math.radians(78)), hp)
        if h >= s:
            raise Unfit("height exceeds side")
        theta = math.degrees(math.asin(h / s))
        marks.append({"t": "height", "from": 3, "foot": "F", "base": [0, 1], "v": h})
        foot = (s * math.cos(math.radians(theta)), 0.0)
        if foot[0] > 0.75 * b:
            raise Unfit("altitude foot outside the base")
        if L is None and abs(foot[0] - b / 2) < FOOT_CLEARANCE * b:
            raise Unfit("altitude foot beside the base's length label")
    ct, st = math.cos(math.radians(theta)), math.sin(math.radians(theta))
    pts = [(0.0, 0.0), (b, 0.0), (b + s * ct, s * st), (s * ct, s * st)]
    return Draft("parallelogram", pts, marks, (0, 1) if L is not None else None, foot)


def _trapezoid(rng: Any, L: float | None, trig: bool, hp: float, iso: bool) -> Draft:
    """Bases 0-1 (a, the longer) and 2-3 (c); right: right angles at 0 and 3; iso: equal legs."""
    roles = ["a", "c", "leg"] if L is not None else [None]
    role = rng.choice(roles)
    if iso:
        schemes = ["aca"] if trig and role != "leg" else (["ach", "acl"] if role != "leg" else ["acl"])
    else:
        schemes = ["aca"] if trig and role != "leg" else (["ach", "ahl"] if role != "c" else ["ach"])
    scheme = rng.choice(schemes)
    marks: list[dict[str, Any]] = []
    vals: dict[str, float] = {}
    if role is not None:
        vals[role] = L  # type: ignore[assignment]
    scale = vals.get("a") or (vals["c"] * 1.8 if "c" in vals else (vals["leg"] * 1.6 if "leg" in vals else _nice(rng, 7, 18, hp)))
    if "a" not in vals:
        vals["a"] = _nice(rng, 0.85 * scale, 1.15 * scale, hp) if "c" not in vals else _nice(rng, 1.3 * vals["c"], 3.0 * vals["c"], hp)
    a = vals["a"]
    h: float
    if scheme == "aca":
        c = vals["c"] if "c" in vals else _nice(rng, 0.3 * a, 0.8 * a, hp)
        theta = _angle(rng, 35, 75)
        half = (a - c) / 2 if iso else a - c
        h = half * math.tan(math.radians(theta))
        at = rng.choice([0, 1]) if iso else 1
        marks.append({"t": "ang", "at": at, "v": theta} if rng.random() < 0.7 else {"t": "ang", "at": 3 - at if iso else 2, "v": 180 - theta})
    elif scheme == "ahl":  # right trapezoid: a, height leg, slanted leg
        h = vals["leg"] if "leg" in vals else _nice(rng, 0.35 * a, 1.1 * a, hp)
        run = rng.uniform(0.2, 0.7) * a
        l = _round_nice(rng, math.hypot(run, h), hp)
        if l <= h:
            raise Unfit("slanted leg too short")
        c = a - math.sqrt(l * l - h * h)
        marks.append(_len_mark(1, 2, l))
        if "leg" not in vals:
            marks.append(_len_mark(3, 0, h))
    elif scheme == "acl":  # isosceles: a, c, leg
        c = vals["c"] if "c" in vals else _nice(rng, 0.3 * a, 0.8 * a, hp)
        half = (a - c) / 2
        if "leg" in vals:
            l = vals["leg"]
        else:
            l = _nice(rng, math.hypot(half, 0.3 * a), math.hypot(half, 1.1 * a), hp)
            marks.append(_len_mark(*rng.choice([(1, 2), (3, 0)]), l))
        if l <= half * 1.05:
            raise Unfit("leg too short")
        h = math.sqrt(l * l - half * half)
    else:  # ach
        c = vals["c"] if "c" in vals else _nice(rng, 0.3 * a, 0.8 * a, hp)
        h = vals["leg"] if "leg" in vals else _nice(rng, 0.35 * a, 1.1 * a, hp)
        if iso:
            marks.append({"t": "height", "from": 3, "foot": "F", "base": [0, 1], "v": h})
            if role != "a" and abs((a - c) / 2 - a / 2) < FOOT_CLEARANCE * a:
                raise Unfit("altitude foot beside the base's length label")
        elif "leg" not in vals:
            marks.append(_len_mark(3, 0, h))
    if "a" != role:
        marks.append(_len_mark(0, 1, a))
    if "c" != role and scheme != "ahl":
        marks.append(_len_mark(2, 3, c))
    if not 0.2 * a <= c <= 0.85 * a or not 0.28 * a <= h <= 1.3 * a:
        raise Unfit("trapezoid badly proportioned")
    foot = None
    if iso:
        off = (a - c) / 2
        pts = [(0.0, 0.0), (a, 0.0), (off + c, h), (off, h)]
        marks.append({"t": "ticks", "segs": [[1, 2], [3, 0]]})
        foot = (off, 0.0)
    else:
        pts = [(0.0, 0.0), (a, 0.0), (c, h), (0.0, h)]
        marks += [{"t": "right", "at": 0}, {"t": "right", "at": 3}]
    if min(_interior_angles(pts)) < 30:
        raise Unfit("trapezoid too thin")
    incoming = {None: None, "a": (0, 1), "c": (2, 3), "leg": (1, 2) if iso else (3, 0)}[role]
    return Draft("iso_trapezoid" if iso else "right_trapezoid", pts, marks, incoming, foot)


def _sector(rng: Any, L: float | None, trig: bool, hp: float) -> Draft:
    r = L if L is not None else _nice(rng, 3, 15, hp)
    theta = _angle(rng, 30, 170)
    marks: list[dict[str, Any]] = [{"t": "ang", "at": 0, "v": theta}]
    if L is None:
        marks.append(_len_mark(*rng.choice([(0, 1), (0, 2)]), r))
    t = math.radians(theta)
    return Draft("sector", [(0.0, 0.0), (r, 0.0), (r * math.cos(t), r * math.sin(t))], marks,
                  (0, 1) if L is not None else None)


def _semicircle(rng: Any, L: float | None, trig: bool, hp: float) -> Draft:
    d = L if L is not None else _nice(rng, 4, 20, hp)
    marks = [] if L is not None else [_len_mark(0, 1, d)]
    return Draft("semicircle", [(0.0, 0.0), (d, 0.0)], marks, (0, 1) if L is not None else None, apex=(d / 2, d / 2))


DRAFTERS: dict[str, Callable[[Any, float | None, bool, float], "Draft"]] = {
    "triangle": _triangle,
    "right_triangle": _right_triangle,
    "rectangle": _rectangle,
    "parallelogram": _parallelogram,
    "right_trapezoid": lambda rng, L, trig, hp: _trapezoid(rng, L, trig, hp, iso=False),
    "iso_trapezoid": lambda rng, L, trig, hp: _trapezoid(rng, L, trig, hp, iso=True),
    "sector": _sector,
    "semicircle": _semicircle,
}


def named_marks(marks: list[dict[str, Any]], names: list[str], foot_name: str) -> list[dict[str, Any]]:
    """A draft's marks with vertex indices (and "F", the foot) replaced by the names they get."""
    def ref(i: int | str) -> str:
        return names[i] if isinstance(i, int) else foot_name

    named = []
    for mark in marks:
        m = dict(mark)
        if "seg" in m:
            m["seg"] = [ref(i) for i in m["seg"]]
        for key in ("at", "from"):
            if key in m:
                m[key] = ref(m[key])
        if "foot" in m:
            m["foot"] = foot_name
            m["base"] = [ref(i) for i in m["base"]]
        if "segs" in m:
            m["segs"] = [[ref(i) for i in seg] for seg in m["segs"]]
        named.append(m)
    return named


def sides_of(kind: str, n: int) -> list[tuple[int, int]]:
    """The straight sides of a kind, as vertex index pairs."""
    if kind == "sector":
        return [(0, 1), (0, 2)]
    if kind == "semicircle":
        return [(0, 1)]
    return [(i, (i + 1) % n) for i in range(n)]


def pose(pts: list[Pt], rot: float, mirror: bool) -> list[Pt]:
    """Canonical coordinates turned by ``rot`` degrees (after an optional mirror), rounded for the spec."""
    c, s = math.cos(math.radians(rot)), math.sin(math.radians(rot))
    out = []
    for x, y in pts:
        if mirror:
            x = -x
        out.append((round(c * x - s * y, 4), round(s * x + c * y, 4)))
    return out


def random_rotation(rng: Any) -> float:
    """Upright (exact quarter turns) or clearly tilted: nearly-axis-parallel edges would show steps."""
    base = 90.0 * rng.randrange(4)
    if rng.random() < 0.45:
        return base
    return base + rng.choice([-1, 1]) * rng.uniform(9.0, 40.0)
