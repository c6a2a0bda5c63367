"""Readability checks on a figure's pixel layout.

A sampler raises ``Rejected`` when any of these fire, so no item shows a text that touches a
line, covers another text, leaves the canvas or sits inside a shaded block, and no two dimension
lines cross.
"""

from __future__ import annotations

from remibench.render.geometry import Layout, Pt

Box = tuple[float, float, float, float]


def segment_hits_box(p: Pt, q: Pt, box: Box) -> bool:
    """Liang-Barsky clipping: does segment pq meet the axis-aligned box?"""
    x0, y0, x1, y1 = box
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for pk, qk in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if abs(pk) < 1e-12:
            if qk < 0:
                return False
        else:
            t = qk / pk
            if pk < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
    return True


def inside(point: Pt, polygon: list[Pt]) -> bool:
    """Even-odd point-in-polygon test."""
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def segments_cross(p: Pt, q: Pt, r: Pt, s: Pt) -> bool:
    """Do pq and rs cross away from their ends?"""
    d = (q[0] - p[0]) * (s[1] - r[1]) - (q[1] - p[1]) * (s[0] - r[0])
    if abs(d) < 1e-9:
        return False
    t = ((r[0] - p[0]) * (s[1] - r[1]) - (r[1] - p[1]) * (s[0] - r[0])) / d
    u = ((r[0] - p[0]) * (q[1] - p[1]) - (r[1] - p[1]) * (q[0] - p[0])) / d
    return 0.02 < t < 0.98 and 0.02 < u < 0.98


def layout_problems(out: Layout) -> list[str]:
    """Everything that makes the layout hard to read; empty when it is clean."""
    problems = list(out.problems)
    dims = out.dimension_lines
    for i, own in enumerate(dims):
        main = own[0]
        if any(segments_cross(*main, *seg) for j, other in enumerate(dims) if j != i for seg in other):
            problems.append("dimension lines cross")
            break
    segments = [(a, b) for pts, _, _ in out.lines for a, b in zip(pts, pts[1:])]
    boxes = [t.box for t in out.texts]
    for i, box in enumerate(boxes):
        name = repr(out.texts[i].text)
        x0, y0, x1, y1 = box
        if x0 < 2 or y0 < 2 or x1 > out.width - 2 or y1 > out.height - 2:
            problems.append(f"text {name} leaves the canvas")
        for other in boxes[i + 1:]:
            if x0 < other[2] and other[0] < x1 and y0 < other[3] and other[1] < y1:
                problems.append(f"text {name} overlaps another text")
        for a, b in segments:
            if max(a[0], b[0]) < x0 or min(a[0], b[0]) > x1 or max(a[1], b[1]) < y0 or min(a[1], b[1]) > y1:
                continue
            if segment_hits_box(a, b, box):
                problems.append(f"text {name} touches a line")
                break
        for region in out.regions:
            if inside(out.texts[i].center, region):
                problems.append(f"text {name} lies in a block")
        for center, radius, _ in out.dots:
            if x0 - radius < center[0] < x1 + radius and y0 - radius < center[1] < y1 + radius:
                problems.append(f"text {name} covers a dot")
    return problems
