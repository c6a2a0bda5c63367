"""Fitting a geometry figure to scale into its canvas, placing its texts, and drawing it.

Every text is placed by rule, not by hand: a length beside the middle of its side on the side
away from the shape, an angle's value on the bisector just far enough to clear both rays and the
arc, a vertex name outside the corner, a dimension's value beyond its dimension line. The result
is checked by ``geometry_checks`` and drawn at 2x, then box-reduced, which anti-aliases lines,
arcs and text alike.
"""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

from remibench.render.fonts import Family, font
from remibench.render.geometry import (
    GAP,
    GUIDE_INK,
    INK,
    RGB,
    SUPERSAMPLE,
    AngleMark,
    Block,
    Dimension,
    Dot,
    Figure,
    Layout,
    Path,
    PlacedText,
    Pt,
    RightMark,
    SideLabel,
    Ticks,
    VertexName,
    half_extent,
    sub,
    text_half,
    unit,
)
from remibench.render.geometry_checks import layout_problems


class _Transform:
    """World -> pixel: uniform scale, y flipped, figure centred in the free area."""

    def __init__(self, fig: Figure) -> None:
        pts = _world_points(fig)
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        top = fig.margin + (fig.title_size + 18 if fig.title else 0)
        avail_w, avail_h = fig.width - 2 * fig.margin, fig.height - top - fig.margin
        self.scale = min(avail_w / max(x1 - x0, 1e-9), avail_h / max(y1 - y0, 1e-9))
        self.cx, self.cy = (x0 + x1) / 2, (y0 + y1) / 2
        self.ox, self.oy = fig.width / 2, top + avail_h / 2

    def __call__(self, p: Pt) -> Pt:
        return (self.ox + self.scale * (p[0] - self.cx), self.oy - self.scale * (p[1] - self.cy))

    @staticmethod
    def direction(v: Pt) -> Pt:
        return unit((v[0], -v[1]))


def _world_points(fig: Figure) -> list[Pt]:
    pts: list[Pt] = []
    for item in fig.items:
        if isinstance(item, (Path, Block)):
            pts.extend(item.points)
        elif isinstance(item, (SideLabel, Dimension, Ticks)):
            pts.extend((item.p, item.q))
        elif isinstance(item, (AngleMark, RightMark)):
            pts.append(item.vertex)
        elif isinstance(item, (VertexName, Dot)):
            pts.append(item.point)
    if not pts:
        raise ValueError("empty figure")
    return pts


def _dashes(points: list[Pt], dash: float) -> list[list[Pt]]:
    """Split a pixel polyline into dash pieces of length ``dash`` with equal gaps."""
    pieces: list[list[Pt]] = []
    on, left, current = True, dash, [points[0]]
    for a, b in zip(points, points[1:]):
        seg = math.dist(a, b)
        pos = 0.0
        while seg - pos > left:
            pos += left
            t = pos / seg
            p = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
            if on:
                current.append(p)
                pieces.append(current)
            current = [p]
            on, left = not on, dash
        left -= seg - pos
        if on:
            current.append(b)
        else:
            current = [b]
    if on and len(current) > 1:
        pieces.append(current)
    return pieces


def _line(out: Layout, points: list[Pt], width: float, color: RGB, dash: float = 0.0) -> None:
    if dash > 0:
        out.lines.extend((piece, width, color) for piece in _dashes(points, dash))
    else:
        out.lines.append((points, width, color))


def _text(out: Layout, center: Pt, s: str, size: int, family: Family, color: RGB) -> None:
    out.texts.append(PlacedText(center, s, size, family, color, text_half(s, size, family)))


def _normal_away(p: Pt, q: Pt, away: Pt) -> Pt:
    """Unit normal of pq pointing to the side that does not hold ``away``."""
    u = unit(sub(q, p))
    n = (-u[1], u[0])
    mid = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
    if (away[0] - mid[0]) * n[0] + (away[1] - mid[1]) * n[1] > 0:
        n = (-n[0], -n[1])
    return n


def _side_label(out: Layout, tf: _Transform, item: SideLabel) -> None:
    p, q = tf(item.p), tf(item.q)
    n = _normal_away(p, q, tf(item.away))
    d = GAP + half_extent(n, *text_half(item.text, item.size, "sans"))
    mid = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
    _text(out, (mid[0] + n[0] * d, mid[1] + n[1] * d), item.text, item.size, "sans", item.color)


def _angle_mark(out: Layout, tf: _Transform, item: AngleMark) -> None:
    v = tf(item.vertex)
    u1, u2 = unit(sub(tf(item.a), v)), unit(sub(tf(item.b), v))
    cos_t = max(-1.0, min(1.0, u1[0] * u2[0] + u1[1] * u2[1]))
    theta = math.acos(cos_t)
    r = 24.0 if theta > math.radians(50) else 34.0
    a1 = math.atan2(u1[1], u1[0])
    sweep = math.atan2(u1[0] * u2[1] - u1[1] * u2[0], cos_t)
    arc = [(v[0] + r * math.cos(a1 + sweep * k / 16), v[1] + r * math.sin(a1 + sweep * k / 16)) for k in range(17)]
    _line(out, arc, 2.0, item.color)
    b = unit((u1[0] + u2[0], u1[1] + u2[1]))
    hw, hh = text_half(item.text, item.size, "sans")
    # Far enough along the bisector to clear both rays and the arc.
    need = r + GAP + half_extent(b, hw, hh)
    for u in (u1, u2):
        need = max(need, (half_extent((-u[1], u[0]), hw, hh) + GAP) / max(math.sin(theta / 2), 0.05))
    _text(out, (v[0] + b[0] * need, v[1] + b[1] * need), item.text, item.size, "sans", item.color)


def _right_mark(out: Layout, tf: _Transform, item: RightMark) -> None:
    v = tf(item.vertex)
    u1, u2 = unit(sub(tf(item.a), v)), unit(sub(tf(item.b), v))
    s = 13.0
    _line(out, [(v[0] + s * u1[0], v[1] + s * u1[1]), (v[0] + s * (u1[0] + u2[0]), v[1] + s * (u1[1] + u2[1])),
                (v[0] + s * u2[0], v[1] + s * u2[1])], 1.8, item.color)


def _vertex_name(out: Layout, tf: _Transform, item: VertexName) -> None:
    v = tf(item.point)
    e = tf.direction(item.direction)
    d = 4.0 + half_extent(e, *text_half(item.text, item.size, "sans-bold"))
    _text(out, (v[0] + e[0] * d, v[1] + e[1] * d), item.text, item.size, "sans-bold", INK)


def _dimension(out: Layout, tf: _Transform, item: Dimension) -> None:
    p, q = tf(item.p), tf(item.q)
    n = _normal_away(p, q, tf(item.away))
    u = unit(sub(q, p))
    off = item.offset
    a = (p[0] + n[0] * off, p[1] + n[1] * off)
    b = (q[0] + n[0] * off, q[1] + n[1] * off)
    own = [(a, b)]
    for end in (p, q):
        ext = ((end[0] + n[0] * 4, end[1] + n[1] * 4), (end[0] + n[0] * (off + 6), end[1] + n[1] * (off + 6)))
        _line(out, list(ext), 1.2, GUIDE_INK)
        own.append(ext)
    out.dimension_lines.append(own)
    _line(out, [a, b], 1.5, GUIDE_INK)
    for tip, direction in ((a, (-u[0], -u[1])), (b, u)):  # arrowheads pointing at the extension lines
        back = (tip[0] - direction[0] * 10, tip[1] - direction[1] * 10)
        out.fills.append(([tip, (back[0] + n[0] * 4, back[1] + n[1] * 4), (back[0] - n[0] * 4, back[1] - n[1] * 4)], GUIDE_INK))
    d = off + GAP + half_extent(n, *text_half(item.text, item.size, "sans"))
    mid = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
    _text(out, (mid[0] + n[0] * d, mid[1] + n[1] * d), item.text, item.size, "sans", INK)


def _ticks(out: Layout, tf: _Transform, item: Ticks) -> None:
    p, q = tf(item.p), tf(item.q)
    u = unit(sub(q, p))
    n = (-u[1], u[0])
    mid = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
    for k in range(item.count):
        off = (k - (item.count - 1) / 2) * 6.0
        c = (mid[0] + u[0] * off, mid[1] + u[1] * off)
        _line(out, [(c[0] - n[0] * 8, c[1] - n[1] * 8), (c[0] + n[0] * 8, c[1] + n[1] * 8)], 2.0, INK)


def _block(out: Layout, tf: _Transform, item: Block) -> None:
    pts = [tf(p) for p in item.points]
    out.fills.append((pts, item.fill))
    out.regions.append(pts)
    _line(out, pts + [pts[0], pts[1]], 2.0, GUIDE_INK)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    size = 16
    half = text_half(item.text, size, "sans-bold")
    if 2 * half[0] > max(xs) - min(xs) - 4 or 2 * half[1] > max(ys) - min(ys) - 4:
        out.problems.append("block caption does not fit")
    # The caption sits inside its own block, so it is kept apart from the texts that must avoid blocks.
    center = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    out.captions.append(PlacedText(center, item.text, size, "sans-bold", (60, 60, 70), half))


def layout(fig: Figure) -> Layout:
    """Fit ``fig`` into its canvas, place all texts and list readability problems."""
    tf = _Transform(fig)
    out = Layout(fig.width, fig.height, fig.background, scale=tf.scale)
    for item in fig.items:
        if isinstance(item, Path):
            pts = [tf(p) for p in item.points]
            if item.fill is not None:
                out.fills.append((pts, item.fill))
            _line(out, pts + ([pts[0], pts[1]] if item.closed else []), item.width, item.color, item.dash)
        elif isinstance(item, Block):
            _block(out, tf, item)
        elif isinstance(item, SideLabel):
            _side_label(out, tf, item)
        elif isinstance(item, AngleMark):
            _angle_mark(out, tf, item)
        elif isinstance(item, RightMark):
            _right_mark(out, tf, item)
        elif isinstance(item, VertexName):
            _vertex_name(out, tf, item)
        elif isinstance(item, Dimension):
            _dimension(out, tf, item)
        elif isinstance(item, Ticks):
            _ticks(out, tf, item)
        elif isinstance(item, Dot):
            out.dots.append((tf(item.point), item.radius, item.color))
    if fig.title:
        _text(out, (fig.width / 2, fig.margin * 0.35 + fig.title_size / 2 + 4), fig.title, fig.title_size, "sans-bold", INK)
    out.problems = layout_problems(out)
    return out


def draw(lay: Layout) -> Image.Image:
    """Render a layout: everything at 2x, then reduced, for anti-aliased lines and text."""
    k = SUPERSAMPLE
    image = Image.new("RGB", (lay.width * k, lay.height * k), lay.background)
    d = ImageDraw.Draw(image)
    for pts, color in lay.fills:
        d.polygon([(x * k, y * k) for x, y in pts], fill=color)
    for pts, width, color in lay.lines:
        if len(pts) >= 2:
            d.line([(x * k, y * k) for x, y in pts], fill=color, width=max(1, round(width * k)), joint="curve")
    for (x, y), radius, color in lay.dots:
        r = radius * k
        d.ellipse((x * k - r, y * k - r, x * k + r, y * k + r), fill=color)
    for t in lay.texts + lay.captions:
        d.text((t.center[0] * k, t.center[1] * k), t.text, fill=t.color, font=font(t.size * k, t.family), anchor="mm")
    return image.reduce(k)


def render_figure(fig: Figure) -> Image.Image:
    """Lay out and draw a figure in one step."""
    return draw(layout(fig))
