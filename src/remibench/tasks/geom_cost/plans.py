"""Plot outlines for GeomCost plans, and which of their edges to dimension.

A plot is built from a W x H rectangle (cut into an L, U or T, given a slanted side or a cut
corner) with every length a multiple of the dimension step. Which edges get a printed length is
a layout decision: one edge per axis stays unprinted (its length follows from the others), and
the choice keeps dimension lines from crossing inside notches.
"""

from __future__ import annotations

import math
from typing import Any

from remibench.render.geometry import Pt, Unfit


def quantize(rng: Any, lo: float, hi: float, step: float) -> float:
    """A random multiple of ``step`` in [lo, hi]."""
    k_lo, k_hi = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    if k_hi < k_lo:
        raise Unfit("no dimension in range")
    return rng.randint(k_lo, k_hi) * step


def plan_corners(rng: Any, shape: str, W: float, H: float, step: float) -> list[Pt]:
    """Counter-clockwise corners of the plot, built from a W x H rectangle."""
    if shape in ("rect", "rect_semi"):
        return [(0, 0), (W, 0), (W, H), (0, H)]
    if shape == "trapezoid":
        h1 = quantize(rng, 0.35 * H, 0.75 * H, step)
        return [(0, 0), (W, 0), (W, h1), (0, H)]
    if shape == "cut":
        a, b = quantize(rng, 0.25 * W, 0.5 * W, step), quantize(rng, 0.3 * H, 0.6 * H, step)
        return [(0, 0), (W, 0), (W, H - b), (W - a, H), (0, H)]
    if shape in ("L", "L_semi"):
        a, b = quantize(rng, 0.3 * W, 0.6 * W, step), quantize(rng, 0.3 * H, 0.6 * H, step)
        return [(0, 0), (W, 0), (W, H - b), (W - a, H - b), (W - a, H), (0, H)]
    if shape == "U":
        x1, x2, b = quantize(rng, 0.2 * W, 0.35 * W, step), quantize(rng, 0.2 * W, 0.35 * W, step), quantize(rng, 0.35 * H, 0.65 * H, step)
        return [(0, 0), (W, 0), (W, H), (W - x2, H), (W - x2, H - b), (x1, H - b), (x1, H), (0, H)]
    # T: a bar across the top, a stem below it
    x1, x2, t = quantize(rng, 0.2 * W, 0.35 * W, step), quantize(rng, 0.2 * W, 0.35 * W, step), quantize(rng, 0.35 * H, 0.6 * H, step)
    return [(x1, 0), (W - x2, 0), (W - x2, H - t), (W, H - t), (W, H), (0, H), (0, H - t), (x1, H - t)]


def edge_direction(p: Pt, q: Pt) -> str:
    dx, dy = q[0] - p[0], q[1] - p[1]
    if abs(dy) < 1e-9:
        return "E" if dx > 0 else "W"
    if abs(dx) < 1e-9:
        return "N" if dy > 0 else "S"
    return "free"


def on_box_and_convex(coords: list[Pt], i: int) -> bool:
    """Is edge i on the bounding box with both ends convex (safe to build on outside)?"""
    p, q = coords[i], coords[(i + 1) % len(coords)]
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    eps = 1e-9
    vertical, horizontal = abs(p[0] - q[0]) < eps, abs(p[1] - q[1]) < eps
    on_box = (vertical and (abs(p[0] - min(xs)) < eps or abs(p[0] - max(xs)) < eps)) or \
        (horizontal and (abs(p[1] - min(ys)) < eps or abs(p[1] - max(ys)) < eps))
    n = len(coords)

    def convex(k: int) -> bool:
        a, v, b = coords[k - 1], coords[k], coords[(k + 1) % n]
        return (v[0] - a[0]) * (b[1] - v[1]) - (v[1] - a[1]) * (b[0] - v[0]) > 0

    return on_box and convex(i) and convex((i + 1) % n)


def hidden_edges(rng: Any, coords: list[Pt], edges: list[dict[str, Any]], semi: int | None,
                  house: int | None) -> tuple[int, int]:
    """One horizontal and one vertical edge left without a printed length.

    Both edges at a concave corner would put their dimension lines into the same notch, where
    they cross; so every concave corner gets one of its edges hidden. A semicircular end is always
    hidden (its arc sits where the dimension line would go), a house wall if possible.
    """
    n = len(coords)
    reflex = []
    for k in range(n):
        a, v, b = coords[k - 1], coords[k], coords[(k + 1) % n]
        if (v[0] - a[0]) * (b[1] - v[1]) - (v[1] - a[1]) * (b[0] - v[0]) < 0:
            reflex.append({(k - 1) % n, k})
    horizontal = [i for i in range(n) if edges[i]["dir"] in "EW"]
    vertical = [i for i in range(n) if edges[i]["dir"] in "NS"]
    best: list[tuple[int, int]] = []
    best_score = -1
    for h in horizontal:
        for v in vertical:
            if semi is not None and semi not in (h, v):
                continue
            if any(not ({h, v} & corner) for corner in reflex):
                continue
            score = int(house in (h, v))
            if score > best_score:
                best, best_score = [], score
            if score == best_score:
                best.append((h, v))
    if not best:
        raise Unfit("no readable choice of dimensions")
    return rng.choice(best)
