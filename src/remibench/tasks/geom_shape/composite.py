"""Placing a chain of GeomShape shapes side by side to form their composite figure.

Each shape is drawn in its own frame; gluing shape k+1 to shape k along their shared side (on
the far side of it) gives the composite figure the union questions ask about. The composite is
only well defined for the question's formulas (area = sum of areas, perimeter = sum of
perimeters minus twice the shared sides) if shapes that are not neighbours neither overlap nor
touch along a stretch of boundary; :func:`composite_problem` checks exactly that.
"""

from __future__ import annotations

import math
from typing import Any

from remibench.render.geometry import Pt
from remibench.tasks.geom_shape.shapes import shape_outline


def _align(points: list[Pt], q1: Pt, q2: Pt, p1: Pt, p2: Pt, other_side_of: Pt) -> list[Pt]:
    """Move ``points`` so q1->p1, q2->p2, landing on the side of line p1p2 opposite ``other_side_of``."""
    phi = math.atan2(p2[1] - p1[1], p2[0] - p1[0]) - math.atan2(q2[1] - q1[1], q2[0] - q1[0])
    c, s = math.cos(phi), math.sin(phi)
    moved = [(p1[0] + c * (x - q1[0]) - s * (y - q1[1]), p1[1] + s * (x - q1[0]) + c * (y - q1[1])) for x, y in points]
    dx, dy = p2[0] - p1[0], p2[1] - p1[1]

    def side(p: Pt) -> float:
        return dx * (p[1] - p1[1]) - dy * (p[0] - p1[0])

    mean = (sum(p[0] for p in moved) / len(moved), sum(p[1] for p in moved) / len(moved))
    if side(mean) * side(other_side_of) > 0:
        nn = dx * dx + dy * dy
        reflected = []
        for x, y in moved:
            t = ((x - p1[0]) * dx + (y - p1[1]) * dy) / nn
            fx, fy = p1[0] + t * dx, p1[1] + t * dy
            reflected.append((2 * fx - x, 2 * fy - y))
        moved = reflected
    return moved


def _overlap_depth(a: list[Pt], b: list[Pt]) -> float:
    """Separating-axis test for convex polygons: the smallest projection overlap (<= 0: apart)."""
    best = math.inf
    for poly in (a, b):
        for p, q in zip(poly, poly[1:] + poly[:1]):
            nx, ny = q[1] - p[1], p[0] - q[0]
            norm = math.hypot(nx, ny)
            if norm < 1e-9:
                continue
            pa = [(x * nx + y * ny) / norm for x, y in a]
            pb = [(x * nx + y * ny) / norm for x, y in b]
            best = min(best, min(max(pa), max(pb)) - max(min(pa), min(pb)))
    return best


def _touch_along_side(a: list[Pt], b: list[Pt], tol: float) -> bool:
    """Do two outlines share a stretch of boundary (collinear edges overlapping)?"""
    for p, q in zip(a, a[1:] + a[:1]):
        length = math.dist(p, q)
        if length < 1e-9:
            continue
        ux, uy = (q[0] - p[0]) / length, (q[1] - p[1]) / length
        for r, s in zip(b, b[1:] + b[:1]):
            if all(abs((z[0] - p[0]) * uy - (z[1] - p[1]) * ux) < tol for z in (r, s)):
                t1, t2 = sorted(((z[0] - p[0]) * ux + (z[1] - p[1]) * uy) for z in (r, s))
                if min(t2, length) - max(t1, 0.0) > tol:
                    return True
    return False


def composite_outlines(shapes: list[dict[str, Any]], shared: list[list[str]]) -> list[list[Pt]]:
    """The outlines of all shapes in one frame, each glued to the previous one along the shared side."""
    placed: list[list[Pt]] = [shape_outline(shapes[0])]
    named: dict[str, Pt] = {n: (float(p[0]), float(p[1])) for n, p in shapes[0]["points"].items()}
    for idx in range(1, len(shapes)):
        shape = shapes[idx]
        a, b = shared[idx - 1]
        keys = list(shape["points"])
        raw = [(float(shape["points"][k][0]), float(shape["points"][k][1])) for k in keys] + shape_outline(shape)
        prev = placed[-1]
        centre = (sum(p[0] for p in prev) / len(prev), sum(p[1] for p in prev) / len(prev))
        pa, pb = raw[keys.index(a)], raw[keys.index(b)]
        moved = _align(raw, pa, pb, named[a], named[b], centre)
        named = {k: moved[i] for i, k in enumerate(keys)}
        placed.append(moved[len(keys):])
    return placed


def composite_problem(shapes: list[dict[str, Any]], shared: list[list[str]]) -> str | None:
    """Why the glued shapes do not form a clean composite (overlap or extra contact), or None."""
    placed = composite_outlines(shapes, shared)
    scale = max(math.dist(p, q) for poly in placed for p, q in zip(poly, poly[1:] + poly[:1]))
    tol = 1e-3 * max(scale, 1.0)
    for i in range(len(placed)):
        for j in range(i + 1, len(placed)):
            if _overlap_depth(placed[i], placed[j]) > tol:
                return "composite shapes overlap"
            if j >= i + 2 and _touch_along_side(placed[i], placed[j], tol):
                return "composite shapes touch along a side"
    return None
