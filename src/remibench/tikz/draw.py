"""Drawing a parsed TikZ-subset program with Pillow, the way TikZ would lay it out.

One coordinate frame (``SCALE`` pixels per unit, y pointing up) and one painter serve two
uses: the antialiased picture an item shows (drawn at twice the size, then averaged down) and
the per-line coverage masks the task uses to reject hidden or invisible edits. Sharing the
painter keeps the masks faithful to what the picture shows.

Colours are drawn in their everyday hue (xcolor's ``purple`` is a crimson that would read as
red), line widths are 2 px (default) and 4 px (``thick``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from remibench.render.fonts import font
from remibench.tikz.parse import Command, format_number

Pixel = tuple[float, float]

PALETTE: dict[str, tuple[int, int, int]] = {
    "black": (0, 0, 0),
    "gray": (128, 128, 128),
    "red": (222, 28, 28),
    "orange": (246, 140, 0),
    "brown": (140, 82, 32),
    "olive": (128, 128, 0),
    "yellow": (236, 204, 0),
    "green": (0, 150, 50),
    "teal": (0, 128, 128),
    "cyan": (0, 186, 216),
    "blue": (28, 70, 222),
    "violet": (150, 60, 200),
    "purple": (128, 40, 168),
    "magenta": (222, 0, 184),
    "pink": (255, 128, 180),
}

SCALE = 60            # pixels per unit
SUPERSAMPLE = 2       # the picture is drawn this many times larger, then averaged down
MARGIN = (38, 18, 18, 34)  # left, top, right, bottom: room for the grid's unit labels
THIN_PX = 2
THICK_PX = 4
DASH_ON_PX, DASH_OFF_PX = 9, 6
DOT_PERIOD_PX = 7
NODE_FONT_PX = 24
TICK_FONT_PX = 15
GRID_RGB = (218, 218, 218)
TICK_RGB = (105, 105, 105)
CIRCLE_SEGMENTS = 120


@dataclass(frozen=True)
class Frame:
    """The visible window ``[xmin, xmax] x [ymin, ymax]`` in TikZ units and its pixel layout."""

    xmin: float
    xmax: float
    ymin: float
    ymax: float
    scale: int = SCALE

    @classmethod
    def from_view(cls, view: Sequence[float]) -> Frame:
        return cls(*(float(v) for v in view))

    @property
    def size(self) -> tuple[int, int]:
        left, top, right, bottom = MARGIN
        return (round((self.xmax - self.xmin) * self.scale) + left + right,
                round((self.ymax - self.ymin) * self.scale) + top + bottom)

    def to_px(self, point: Sequence[float], k: int = 1) -> Pixel:
        """Pixel position of a TikZ point on a canvas drawn ``k`` times larger."""
        return ((MARGIN[0] + (point[0] - self.xmin) * self.scale) * k,
                (MARGIN[1] + (self.ymax - point[1]) * self.scale) * k)

    def view_box(self, k: int = 1) -> tuple[float, float, float, float]:
        x0, y1 = self.to_px((self.xmin, self.ymin), k)
        x1, y0 = self.to_px((self.xmax, self.ymax), k)
        return x0, y0, x1, y1


# ---------------------------------------------------------------- stroke helpers

def stroke_px(command: Command) -> int:
    return THICK_PX if command.width == "thick" else THIN_PX


def _lerp(a: Pixel, b: Pixel, t: float) -> Pixel:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def dash_runs(points: list[Pixel], on: float, off: float) -> list[list[Pixel]]:
    """The drawn pieces of a dashed polyline; the pattern runs on across corners, as in TikZ."""
    runs: list[list[Pixel]] = []
    current: list[Pixel] | None = [points[0]]
    drawing, left = True, on
    for a, b in zip(points, points[1:]):
        length = math.dist(a, b)
        t = 0.0
        while length - t > left:
            t += left
            p = _lerp(a, b, t / length)
            if drawing:
                assert current is not None
                current.append(p)
                runs.append(current)
                current = None
            else:
                current = [p]
            drawing = not drawing
            left = on if drawing else off
        left -= length - t
        if drawing and current is not None:
            current.append(b)
    if drawing and current is not None and len(current) >= 2:
        runs.append(current)
    return runs


def dot_centres(points: list[Pixel], period: float) -> list[Pixel]:
    """Evenly spaced points along a polyline, starting at its first point."""
    out: list[Pixel] = []
    carry = 0.0
    for a, b in zip(points, points[1:]):
        length = math.dist(a, b)
        t = carry
        while t <= length:
            out.append(_lerp(a, b, t / length) if length else a)
            t += period
        carry = t - length
    return out


def _outline(command: Command, frame: Frame, k: int) -> list[Pixel]:
    """The stroked outline of a drawn shape as a polyline (closed shapes repeat their start)."""
    if command.shape == "circle":
        cx, cy = frame.to_px(command.points[0], k)
        r = (command.radius or 0) * frame.scale * k
        return [(cx + r * math.cos(2 * math.pi * i / CIRCLE_SEGMENTS), cy - r * math.sin(2 * math.pi * i / CIRCLE_SEGMENTS))
                for i in range(CIRCLE_SEGMENTS + 1)]
    if command.shape == "rectangle":
        (x0, y0), (x1, y1) = command.points
        corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        return [frame.to_px(p, k) for p in corners]
    points = [frame.to_px(p, k) for p in command.points]
    return points + [points[0]] if command.closed else points


def _arrow_head(tip: Pixel, towards: Pixel, width: int, k: int) -> tuple[list[Pixel], Pixel]:
    """Triangle of an arrow tip at ``tip`` pointing away from ``towards``, and where the line stops."""
    length = (11 + 1.5 * width) * k
    half = (4.5 + 0.75 * width) * k
    d = math.dist(tip, towards) or 1.0
    ux, uy = (tip[0] - towards[0]) / d, (tip[1] - towards[1]) / d
    base = (tip[0] - ux * length, tip[1] - uy * length)
    head = [tip, (base[0] - uy * half, base[1] + ux * half), (base[0] + uy * half, base[1] - ux * half)]
    stop = (tip[0] - ux * length * 0.7, tip[1] - uy * length * 0.7)
    return head, stop


def _stroke(draw: ImageDraw.ImageDraw, points: list[Pixel], command: Command, ink: object, k: int) -> None:
    width = stroke_px(command) * k
    if command.dash == "dashed":
        for run in dash_runs(points, DASH_ON_PX * k, DASH_OFF_PX * k):
            draw.line(run, fill=ink, width=width, joint="curve")
    elif command.dash == "dotted":
        r = max(1.5, width / 2 + 0.5 * k)
        for x, y in dot_centres(points, DOT_PERIOD_PX * k):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=ink)
    elif command.shape == "rectangle":
        half = width / 2
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        draw.rectangle((min(xs) - half, min(ys) - half, max(xs) + half, max(ys) + half), outline=ink, width=width)
    elif command.shape == "circle":
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        r = (max(xs) - min(xs)) / 2 + width / 2
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ink, width=width)
    else:
        line = points + [points[1]] if command.closed else points
        draw.line(line, fill=ink, width=width, joint="curve")


def paint(draw: ImageDraw.ImageDraw, command: Command, frame: Frame, ink: object, k: int = 1) -> None:
    """Draw one command with colour value ``ink`` on a canvas ``k`` times larger than the frame."""
    if command.shape == "node":
        x, y = frame.to_px(command.points[0], k)
        draw.text((x, y), command.text or "", fill=ink, font=font(NODE_FONT_PX * k, "sans"), anchor="mm")
        return
    if command.op == "fill":
        if command.shape == "circle":
            cx, cy = frame.to_px(command.points[0], k)
            r = (command.radius or 0) * frame.scale * k
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=ink)
        elif command.shape == "rectangle":
            (x0, y0), (x1, y1) = (frame.to_px(p, k) for p in command.points)
            draw.rectangle((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), fill=ink)
        else:
            draw.polygon([frame.to_px(p, k) for p in command.points], fill=ink)
        return
    points = _outline(command, frame, k)
    heads: list[list[Pixel]] = []
    arrow = command.arrow
    if arrow in ("->", "<->"):
        head, points[-1] = _arrow_head(points[-1], points[-2], stroke_px(command), k)
        heads.append(head)
    if arrow in ("<-", "<->"):
        head, points[0] = _arrow_head(points[0], points[1], stroke_px(command), k)
        heads.append(head)
    _stroke(draw, points, command, ink, k)
    for head in heads:
        draw.polygon(head, fill=ink)


def node_box(command: Command, frame: Frame, pad: int = 0) -> tuple[float, float, float, float]:
    """Pixel box of a node's text (1x canvas), grown by ``pad`` on every side."""
    x, y = frame.to_px(command.points[0])
    left, top, right, bottom = font(NODE_FONT_PX, "sans").getbbox(command.text or "", anchor="mm")
    return x + left - pad, y + top - pad, x + right + pad, y + bottom + pad


# ---------------------------------------------------------------- pictures and masks

def _draw_grid(draw: ImageDraw.ImageDraw, frame: Frame, k: int) -> None:
    x0, y0, x1, y1 = frame.view_box(k)
    for gx in range(math.ceil(frame.xmin), math.floor(frame.xmax) + 1):
        px = frame.to_px((gx, 0), k)[0]
        draw.line([(px, y0), (px, y1)], fill=GRID_RGB, width=k)
    for gy in range(math.ceil(frame.ymin), math.floor(frame.ymax) + 1):
        py = frame.to_px((0, gy), k)[1]
        draw.line([(x0, py), (x1, py)], fill=GRID_RGB, width=k)


def _draw_ticks(draw: ImageDraw.ImageDraw, frame: Frame) -> None:
    tick_font = font(TICK_FONT_PX, "sans")
    x0, y0, x1, y1 = frame.view_box()
    for gx in range(math.ceil(frame.xmin), math.floor(frame.xmax) + 1):
        draw.text((frame.to_px((gx, 0))[0], y1 + 6), format_number(gx), fill=TICK_RGB, font=tick_font, anchor="mt")
    for gy in range(math.ceil(frame.ymin), math.floor(frame.ymax) + 1):
        draw.text((x0 - 7, frame.to_px((0, gy))[1]), format_number(gy), fill=TICK_RGB, font=tick_font, anchor="rm")


def render_drawing(commands: Sequence[Command], frame: Frame, grid: bool) -> Image.Image:
    """The antialiased picture of a program, optionally over a faint unit grid with unit labels."""
    width, height = frame.size
    k = SUPERSAMPLE
    big = Image.new("RGB", (width * k, height * k), "white")
    draw = ImageDraw.Draw(big)
    if grid:
        _draw_grid(draw, frame, k)
    for command in commands:
        paint(draw, command, frame, PALETTE[command.ink], k)
    image = big.reduce(k)
    if grid:
        _draw_ticks(ImageDraw.Draw(image), frame)
    return image


def coverage_mask(command: Command, frame: Frame) -> np.ndarray:
    """Pixels (1x canvas, no antialiasing) that one command covers when drawn alone."""
    image = Image.new("L", frame.size, 0)
    paint(ImageDraw.Draw(image), command, frame, 255)
    return np.asarray(image) >= 128


def top_layer(masks: Sequence[np.ndarray], codes: Sequence[int]) -> np.ndarray:
    """For every pixel, the code of the last command covering it (0 where none does)."""
    top = np.zeros(masks[0].shape, dtype=np.int16)
    for mask, code in zip(masks, codes):
        top[mask] = code
    return top


# ---------------------------------------------------------------- what a reader sees

def _between(a: Sequence[float], p: Sequence[float], b: Sequence[float]) -> bool:
    """``p`` lies on the segment from ``a`` to ``b`` (so it adds no visible corner)."""
    cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
    dot = (a[0] - p[0]) * (b[0] - p[0]) + (a[1] - p[1]) * (b[1] - p[1])
    return abs(cross) < 1e-9 and dot <= 1e-9


def visible_vertices(points: Sequence[Sequence[float]], closed: bool) -> list[tuple[float, float]]:
    """The corners a reader can see: repeated points and straight-through points dropped."""
    pts = [(float(x), float(y)) for x, y in points]
    changed = True
    while changed and len(pts) > 2:
        changed = False
        n = len(pts)
        for i in range(n):
            if not closed and i in (0, n - 1):
                continue
            a, p, b = pts[i - 1], pts[i], pts[(i + 1) % n]
            if p == a or _between(a, p, b):
                del pts[i]
                changed = True
                break
    return pts


def on_outline(command: Command) -> Callable[[tuple[float, float]], bool]:
    """Whether a point (TikZ units) lies on what the command draws (the centre, for circles and nodes).

    Two spellings of one picture draw the same outline, so an edit that moves a point off the
    new outline can never reproduce the new picture: searches for respellings skip those.
    """
    if command.shape in ("circle", "node"):
        return lambda p: p == command.points[0]
    if command.shape == "rectangle":
        (a, b), (c, d) = command.points
        corners = [(a, b), (c, b), (c, d), (a, d), (a, b)]
    else:
        corners = list(command.points) + ([command.points[0]] if command.closed else [])
    segments = list(zip(corners, corners[1:]))
    return lambda p: any(p == s or p == t or _between(s, p, t) for s, t in segments)


def picture_key(command: Command) -> tuple:
    """Equal keys for two commands exactly when they draw the same thing, however written.

    Rectangles are keyed by their extent (any pair of opposite corners), paths by their
    visible corners (a closed path from any start, either way round; an open path either way
    round, with ``<-`` read as ``->`` drawn backwards), colours by the ink (no option = black).
    """
    ink = command.ink
    if command.shape == "node":
        return ("node", command.points[0], command.text, ink)
    style = () if command.op == "fill" else (command.width or "", command.dash or "")
    if command.shape == "circle":
        return (command.op, "circle", command.points[0], command.radius, ink, style)
    if command.shape == "rectangle":
        (x0, y0), (x1, y1) = command.points
        return (command.op, "rectangle", (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), ink, style)
    pts = visible_vertices(command.points, command.closed)
    if command.closed:
        n = len(pts)
        turns = [tuple(seq[i:] + seq[:i]) for seq in (pts, pts[::-1]) for i in range(n)]
        return (command.op, "closed", min(turns), ink, style)
    arrow = command.arrow or ""
    if arrow == "<-":
        pts, arrow = pts[::-1], "->"
    elif arrow in ("", "<->"):
        pts = min(pts, pts[::-1])
    return (command.op, "open", tuple(pts), arrow, ink, style)


def _lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """CIE L*a*b* of an sRGB colour (D65)."""
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    r, g, b = (linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def colour_distance(a: str, b: str) -> float:
    """CIE76 distance between two named colours as drawn (below ~25 they are easy to mix up)."""
    return math.dist(_lab(PALETTE[a]), _lab(PALETTE[b]))


class Coverage:
    """The lines of a program drawn one by one, with what stays visible of each.

    ``problem_with`` says why another line cannot go on top: it would repeat a line, hide more
    than ``1 - min_visible`` of an earlier line's pixels, or run a stroke through a node's text
    (or a node's text would sit on a stroke).
    """

    def __init__(self, frame: Frame, min_visible: float = 0.8, node_pad: int = 5) -> None:
        self.frame = frame
        self.min_visible = min_visible
        self.node_pad = node_pad
        self.commands: list[Command] = []
        self.masks: list[np.ndarray] = []
        self.own: list[int] = []
        self.visible: list[np.ndarray] = []
        self.keys: list[tuple] = []
        self.boxes: list[tuple[int, int, int, int]] = []

    def _box(self, command: Command) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = node_box(command, self.frame, self.node_pad)
        return max(0, math.floor(x0)), max(0, math.floor(y0)), math.ceil(x1), math.ceil(y1)

    def problem_with(self, command: Command, mask: np.ndarray) -> str | None:
        key = picture_key(command)
        if key in self.keys:
            return "duplicate line"
        for visible, own in zip(self.visible, self.own):
            if np.count_nonzero(visible & ~mask) < self.min_visible * own:
                return "line hidden by a later one"
        for x0, y0, x1, y1 in self.boxes:
            if mask[y0:y1, x0:x1].any():
                return "stroke through node text"
        if command.shape == "node":
            x0, y0, x1, y1 = self._box(command)
            if any(m[y0:y1, x0:x1].any() for m in self.masks):
                return "node text on a stroke"
        return None

    def add(self, command: Command, mask: np.ndarray) -> None:
        self.visible = [v & ~mask for v in self.visible] + [mask]
        self.commands.append(command)
        self.masks.append(mask)
        self.own.append(int(np.count_nonzero(mask)))
        self.keys.append(picture_key(command))
        if command.shape == "node":
            self.boxes.append(self._box(command))


def overlap_problem(commands: Sequence[Command], masks: Sequence[np.ndarray], frame: Frame,
                    min_visible: float = 0.8, node_pad: int = 5) -> str | None:
    """The first overlap rule a whole program (drawn in order) breaks, or None."""
    coverage = Coverage(frame, min_visible, node_pad)
    for command, mask in zip(commands, masks):
        problem = coverage.problem_with(command, mask)
        if problem:
            return problem
        coverage.add(command, mask)
    return None


def changed_pixels(before: Sequence[Command], after: Sequence[Command], masks_before: Sequence[np.ndarray],
                   masks_after: Sequence[np.ndarray]) -> int:
    """Pixels that show another colour (or none) in the second program's picture."""
    codes = {name: i + 1 for i, name in enumerate(PALETTE)}
    top_before = top_layer(masks_before, [codes[c.ink] for c in before])
    top_after = top_layer(masks_after, [codes[c.ink] for c in after])
    return int(np.count_nonzero(top_before != top_after))
