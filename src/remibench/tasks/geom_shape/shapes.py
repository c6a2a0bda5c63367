"""GeomShape figures: one named shape per image, drawn to scale with its marks.

A shape spec (see ``remibench.tasks.geom_shape.task``) gives the kind, the vertex names in their
canonical order, world coordinates for every named point and the marks to show. This module
turns it into a :class:`~remibench.render.geometry.Figure`; it never looks at answers.
"""

from __future__ import annotations

import math
from typing import Any

from remibench.render.geometry import (
    AngleMark,
    Dot,
    Figure,
    Item,
    Path,
    Pt,
    RightMark,
    SideLabel,
    Ticks,
    VertexName,
    arc_points,
    exterior_direction,
    sub,
    unit,
)

CURVED_KINDS = ("sector", "semicircle")
FILLS = [(221, 235, 250), (251, 236, 214), (225, 244, 226), (240, 229, 248), (250, 246, 208)]


def value_text(value: float) -> str:
    """How a marked number is printed: ``7``, ``7.5``."""
    return f"{value:g}"


def _pt(shape: dict[str, Any], name: str) -> Pt:
    x, y = shape["points"][name]
    return (float(x), float(y))


def _sector_arc(shape: dict[str, Any]) -> list[Pt]:
    o, p, q = (_pt(shape, n) for n in shape["names"])
    r = math.dist(o, p)
    a0 = math.degrees(math.atan2(p[1] - o[1], p[0] - o[0]))
    a1 = math.degrees(math.atan2(q[1] - o[1], q[0] - o[0]))
    sweep = (a1 - a0 + 540.0) % 360.0 - 180.0  # the short way round (sector angles stay below 180)
    return arc_points(o, r, a0, sweep)


def _semicircle_arc(shape: dict[str, Any]) -> list[Pt]:
    p, q = (_pt(shape, n) for n in shape["names"])
    apex = _pt(shape, "_T")
    m = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
    a0 = math.degrees(math.atan2(p[1] - m[1], p[0] - m[0]))
    # Turn from P towards the apex side.
    cross = (p[0] - m[0]) * (apex[1] - m[1]) - (p[1] - m[1]) * (apex[0] - m[0])
    return arc_points(m, math.dist(m, p), a0, 180.0 if cross > 0 else -180.0)


def shape_outline(shape: dict[str, Any]) -> list[Pt]:
    """The boundary of the shape as a polygon (arcs sampled), in world coordinates."""
    kind = shape["kind"]
    if kind == "sector":
        return [_pt(shape, shape["names"][0])] + _sector_arc(shape)
    if kind == "semicircle":
        return _semicircle_arc(shape)
    return [_pt(shape, n) for n in shape["names"]]


def _centroid(points: list[Pt]) -> Pt:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _neighbours(shape: dict[str, Any], name: str) -> tuple[Pt, Pt]:
    names = shape["names"]
    i = names.index(name)
    return _pt(shape, names[i - 1]), _pt(shape, names[(i + 1) % len(names)])


def _name_items(shape: dict[str, Any], outline: list[Pt]) -> list[Item]:
    kind, names = shape["kind"], shape["names"]
    items: list[Item] = []
    if kind == "sector":
        o, p, q = (_pt(shape, n) for n in names)
        items.append(VertexName(o, names[0], exterior_direction(o, p, q)))
        for end, other in ((p, q), (q, p)):
            radial = unit(sub(end, o))
            tangent = (-radial[1], radial[0])
            if tangent[0] * (other[0] - end[0]) + tangent[1] * (other[1] - end[1]) < 0:
                tangent = (-tangent[0], -tangent[1])
            items.append(VertexName(end, names[1] if end == p else names[2],
                                    exterior_direction(end, o, (end[0] + tangent[0], end[1] + tangent[1]))))
    elif kind == "semicircle":
        p, q = (_pt(shape, n) for n in names)
        apex = _pt(shape, "_T")
        m = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
        up = unit(sub(apex, m))
        for end, other, name in ((p, q, names[0]), (q, p, names[1])):
            items.append(VertexName(end, name, exterior_direction(end, other, (end[0] + up[0], end[1] + up[1]))))
    else:
        for name in names:
            a, b = _neighbours(shape, name)
            items.append(VertexName(_pt(shape, name), name, exterior_direction(_pt(shape, name), a, b)))
    for mark in shape["marks"]:
        if mark["t"] == "height" and not mark["foot"].startswith("_"):
            foot, apex_pt = _pt(shape, mark["foot"]), _pt(shape, mark["from"])
            items.append(VertexName(foot, mark["foot"], sub(foot, apex_pt)))
    return items


def _angle_neighbours(shape: dict[str, Any], name: str) -> tuple[Pt, Pt]:
    if shape["kind"] == "sector":
        return _pt(shape, shape["names"][1]), _pt(shape, shape["names"][2])
    return _neighbours(shape, name)


def _mark_items(shape: dict[str, Any], center: Pt) -> list[Item]:
    items: list[Item] = []
    for mark in shape["marks"]:
        t = mark["t"]
        if t == "len":
            p, q = (_pt(shape, n) for n in mark["seg"])
            items.append(SideLabel(p, q, value_text(mark["v"]), center))
        elif t == "diag":
            names = shape["names"]
            p, q = (_pt(shape, n) for n in mark["seg"])
            other = next(n for n in names if n not in mark["seg"])
            items.append(Path((p, q), width=2.0, dash=9.0))
            items.append(SideLabel(p, q, value_text(mark["v"]), _pt(shape, other)))
        elif t == "ang":
            a, b = _angle_neighbours(shape, mark["at"])
            items.append(AngleMark(_pt(shape, mark["at"]), a, b, value_text(mark["v"]) + "\u00b0"))
        elif t == "right":
            a, b = _neighbours(shape, mark["at"])
            items.append(RightMark(_pt(shape, mark["at"]), a, b))
        elif t == "height":
            apex, foot = _pt(shape, mark["from"]), _pt(shape, mark["foot"])
            x, y = (_pt(shape, n) for n in mark["base"])
            near, far = (x, y) if math.dist(foot, x) <= math.dist(foot, y) else (y, x)
            items.append(Path((apex, foot), width=2.0, dash=9.0))
            items.append(RightMark(foot, apex, far))
            items.append(SideLabel(apex, foot, value_text(mark["v"]), near))
        elif t == "ticks":
            for seg in mark["segs"]:
                p, q = (_pt(shape, n) for n in seg)
                items.append(Ticks(p, q, 1))
    return items


def canvas_size(outline: list[Pt]) -> tuple[int, int]:
    """Landscape canvas for wide shapes, portrait for tall ones."""
    xs, ys = [p[0] for p in outline], [p[1] for p in outline]
    wide = (max(xs) - min(xs)) >= 0.9 * (max(ys) - min(ys))
    return (640, 480) if wide else (520, 600)


def shape_figure(shape: dict[str, Any]) -> Figure:
    """The figure of one GeomShape image."""
    outline = shape_outline(shape)
    width, height = canvas_size(outline)
    fill = FILLS[shape.get("style", 0) % len(FILLS)]
    center = _centroid(outline)
    items: list[Item] = []
    kind = shape["kind"]
    if kind == "sector":
        items.append(Path(tuple(outline), closed=True, width=3.0, fill=fill))
    elif kind == "semicircle":
        items.append(Path(tuple(outline), closed=True, width=3.0, fill=fill))
        p, q = (_pt(shape, n) for n in shape["names"])
        items.append(Dot(((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)))
    else:
        items.append(Path(tuple(outline), closed=True, width=3.0, fill=fill))
    items.extend(_mark_items(shape, center))
    items.extend(_name_items(shape, outline))
    return Figure(width, height, items, margin=70.0)
