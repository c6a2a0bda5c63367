"""Exact function graphs for FuncRead: the JSON form, exact values and limits, readability,
and random shapes that fit a plotted window.

Two forms: ``{"family": "polynomial", "num": [c0, c1, ...], "den": d}`` is
``(c0 + c1 x + ...) / d``; ``{"family": "piecewise_linear" | "jump", "xs": [...], "seg": [[start, end],
...], "at": [...]}`` is linear between consecutive integer breakpoints ``xs`` (``seg[i]`` gives
the one-sided limits at both ends of piece i) with value ``at[j]`` at inner breakpoint
``xs[j+1]`` (a jump when the two limits differ, a hole when the value differs from both).
Values are exact fractions, so the solver never rounds.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm
from typing import Any

from remibench.tasks.base import Rejected

Fn = dict[str, Any]
Window = list[int]  # [xmin, xmax, ymin, ymax]


# ---------------------------------------------------------------- exact function values

def _poly_value(fn: Fn, x: Fraction) -> Fraction:
    return sum((Fraction(c) * x**i for i, c in enumerate(fn["num"])), Fraction(0)) / fn["den"]


def _poly_slope(fn: Fn, x: Fraction) -> Fraction:
    return sum((Fraction(i * c) * x ** (i - 1) for i, c in enumerate(fn["num"]) if i), Fraction(0)) / fn["den"]


def _segment(fn: Fn, x: Fraction) -> int:
    """Index of the linear piece whose closed interval holds ``x`` (end pieces extend outward)."""
    xs = fn["xs"]
    for i in range(len(xs) - 1):
        if x <= xs[i + 1]:
            return i
    return len(xs) - 2


def _on_segment(fn: Fn, i: int, x: Fraction) -> Fraction:
    (x0, x1), (s, e) = fn["xs"][i:i + 2], fn["seg"][i]
    return Fraction(s) + Fraction(e - s) * (x - x0) / (x1 - x0)


def value(fn: Fn, x: Fraction | int) -> Fraction:
    """The function's value at ``x`` (at a breakpoint: the closed dot)."""
    x = Fraction(x)
    if fn["family"] == "polynomial":
        return _poly_value(fn, x)
    inner = fn["xs"][1:-1]
    if x in inner:
        return Fraction(fn["at"][inner.index(x)])
    return _on_segment(fn, _segment(fn, x), x)


def limit(fn: Fn, x: Fraction | int, side: str) -> Fraction:
    """The one-sided limit at ``x``; ``side`` is ``+`` (from the right) or ``-``."""
    x = Fraction(x)
    if fn["family"] == "polynomial":
        return _poly_value(fn, x)
    xs = fn["xs"]
    if x in xs[1:-1]:
        j = xs.index(x)
        return Fraction(fn["seg"][j][0] if side == "+" else fn["seg"][j - 1][1])
    return _on_segment(fn, _segment(fn, x), x)


# ---------------------------------------------------------------- readability

def reading(fn: Fn, window: Window, x: int, max_slope: int, side: str | None = None) -> int | None:
    """The integer value (or one-sided limit) at ``x`` if it can be read exactly off the plot."""
    x0, x1, y0, y1 = window
    if not x0 + 1 <= x <= x1 - 1:
        return None
    v = value(fn, x) if side is None else limit(fn, x, side)
    if v.denominator != 1 or not y0 + 1 <= v <= y1 - 1:
        return None
    if fn["family"] == "polynomial" and abs(_poly_slope(fn, Fraction(x))) > max_slope:
        return None
    return int(v)


def readable(fn: Fn, window: Window, max_slope: int) -> dict[int, int]:
    """Every integer x whose value can be read exactly, with that value."""
    out = {}
    for x in range(window[0] + 1, window[1]):
        v = reading(fn, window, x, max_slope)
        if v is not None:
            out[x] = v
    return out


# ---------------------------------------------------------------- drawing random functions

def make_window(rng: Any, span_min: int, span_max: int, need_x: list[int]) -> Window:
    """A plotted window (0 inside on both axes) keeping ``need_x`` two cells from the edges."""
    w = rng.randint(span_min, span_max)
    h = rng.randint(span_min, span_max)
    starts = [s for s in range(max(-w + 2, -9), -1) if all(s + 2 <= x <= s + w - 2 for x in need_x)]
    if not starts:
        raise Rejected("split point outside window")
    x0 = rng.choice(starts)
    y0 = rng.randint(-h + 2, -2)
    return [x0, x0 + w, y0, y0 + h]


def _as_poly(coeffs: list[Fraction]) -> Fn:
    den = lcm(*(Fraction(c).denominator for c in coeffs))
    return {"family": "polynomial", "num": [int(Fraction(c) * den) for c in coeffs], "den": den}


def make_polynomial(rng: Any, window: Window) -> Fn:
    """A line, parabola or cubic through the window with integer values at many integers."""
    x0, x1, y0, y1 = window
    degree = rng.choice((1, 2, 2, 3, 3))
    if degree == 1:
        m = Fraction(rng.choice((1, -1, 2, -2, 3, -3))) / rng.choice((1, 1, 2, 3))
        px, py = rng.randint(x0 + 2, x1 - 2), rng.randint(y0 + 2, y1 - 2)
        return _as_poly([py - m * px, m])
    if degree == 2:
        a = Fraction(rng.choice((1, -1, 2, -2))) / rng.choice((1, 1, 2, 4))
        p, half = rng.randint(x0 + 2, x1 - 2), (y1 - y0) // 2
        q = rng.randint(y0 + 1, y0 + half) if a > 0 else rng.randint(y1 - half, y1 - 1)
        return _as_poly([a * p * p + q, -2 * a * p, a])
    p = rng.randint(x0 + 1, x1 - 4)
    q = p + rng.randint(1, 3)
    r = min(q + rng.randint(1, 3), x1 - 1)
    if r == q:
        raise Rejected("cubic roots do not fit")
    s = rng.randint(y0 + 3, y1 - 3)
    peak = max(abs((t - p) * (t - q) * (t - r)) for t in (p + Fraction(i, 8) for i in range(8 * (r - p) + 1)))
    room = min(y1 - 1 - s, s - y0 - 1)
    k = next((k for k in (1, 2, 3, 4, 6, 8, 12) if peak / k <= room), None)
    if k is None:
        raise Rejected("cubic too tall")
    a = Fraction(rng.choice((1, -1)), k)
    return _as_poly([s - a * p * q * r, a * (p * q + p * r + q * r), -a * (p + q + r), a])


def _pick_end(rng: Any, start: int, length: int, lo: int, hi: int, max_slope: int) -> int:
    slopes = [m for m in range(-max_slope, max_slope + 1) if lo <= start + m * length <= hi]
    if slopes and rng.random() < 0.7:
        return start + rng.choice(slopes) * length
    reach = max_slope * length
    return rng.randint(max(lo, start - reach), min(hi, start + reach))


def _offset(rng: Any, base: int, lo: int, hi: int) -> int:
    """A different integer near ``base`` within [lo, hi] (jump heights of 1-5 cells)."""
    options = [v for v in range(max(lo, base - 5), min(hi, base + 5) + 1) if v != base]
    return rng.choice(options)


def make_pieces(rng: Any, window: Window, jumps: bool, forced: dict[int, str], max_slope: int) -> Fn:
    """A piecewise-linear graph with integer breakpoints; with ``jumps``, some are jumps or holes.

    ``forced`` maps breakpoints that must exist to their kind (``jump`` or ``hole``).
    """
    x0, x1, y0, y1 = window
    points = set(forced)
    wanted = len(points) + rng.randint(1, 3)
    candidates = list(range(x0 + 2, x1 - 1))
    rng.shuffle(candidates)
    for x in candidates:
        if len(points) >= wanted:
            break
        if all(abs(x - p) >= 2 for p in points):
            points.add(x)
    xs = [x0, *sorted(points), x1]
    kinds = [forced.get(x) or (rng.choice(("continuous", "jump", "jump", "hole")) if jumps else "continuous")
             for x in xs[1:-1]]
    if jumps and all(k == "continuous" for k in kinds):
        kinds[rng.randrange(len(kinds))] = "jump"
    lo, hi = y0 + 1, y1 - 1
    start, seg, at = rng.randint(lo, hi), [], []
    for i in range(len(xs) - 1):
        end = _pick_end(rng, start, xs[i + 1] - xs[i], lo, hi, max_slope)
        seg.append([start, end])
        if i == len(xs) - 2:
            break
        kind = kinds[i]
        start = _offset(rng, end, lo, hi) if kind == "jump" else end
        at.append(rng.choice((end, start)) if kind == "jump" else _offset(rng, end, lo, hi) if kind == "hole" else end)
    fn = {"family": "jump" if jumps else "piecewise_linear", "xs": xs, "seg": seg, "at": at}
    if not jumps and len({Fraction(e - s, xs[i + 1] - xs[i]) for i, (s, e) in enumerate(seg)}) < 2:
        raise Rejected("piecewise-linear graph is a single line")
    return fn


def make_function(rng: Any, window: Window, family: str, forced: dict[int, str], max_slope: int) -> Fn:
    """A random function of ``family`` for ``window``; ``forced`` breakpoints apply to jumps only."""
    if family == "polynomial":
        return make_polynomial(rng, window)
    return make_pieces(rng, window, family == "jump", forced if family == "jump" else {}, max_slope)
