"""Drawing Raven-style panels: the 3x3 matrix with its missing panel, and lettered options.

Everything is grey, so panels are drawn in 8-bit grey (a third of the resampling work of RGB)
at twice the size, reduced with LANCZOS for smooth edges and converted to RGB at the end. Option panels have exactly
the pixel size of the matrix panels, so entity sizes compare across images.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

from remibench.render.fonts import font
from remibench.tasks.iq.rules import LAYOUT_GRID, SHAPES, SIZE_UNIT

SS = 2                   # supersampling factor
PANEL = 192              # panel side in final pixels
LINE = 3                 # grid line width in final pixels
MARGIN = 6               # white border around the matrix
MATRIX = 2 * MARGIN + 3 * PANEL + 4 * LINE  # 600
PADDING = 0.05           # empty border inside a panel, as a fraction of its side
OUTLINE = 2              # entity outline width in final pixels
OPTION_W = PANEL + 2 * LINE + 2 * 11        # 220
OPTION_CAPTION = 52      # caption band above an option panel
OPTION_H = OPTION_CAPTION + PANEL + 2 * LINE + 10  # 260
LETTER_SIZE = 34
FILLS: tuple[int, ...] = (255, 213, 170, 128, 85, 43, 0)  # seven grey levels, white to black, evenly apart
INK = 0

Box = tuple[float, float, float, float]


@lru_cache(maxsize=None)
def unit_outline(shape: str) -> tuple[tuple[float, float], ...]:
    """The shape's corners scaled to a bounding box of side 1 at most, centred on the origin."""
    if shape == "circle":
        return ()
    sides = SHAPES.index(shape) + 3
    start = math.pi / 4 if sides == 4 else -math.pi / 2  # square upright; the others point up
    pts = [(math.cos(start + 2 * math.pi * k / sides), math.sin(start + 2 * math.pi * k / sides)) for k in range(sides)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return tuple(((x - cx) / extent, (y - cy) / extent) for x, y in pts)


def draw_entity(draw: ImageDraw.ImageDraw, centre: tuple[float, float], width: float, shape: str, colour: int) -> None:
    """One entity whose bounding box is ``width`` on its longer side (supersampled pixels)."""
    cx, cy = centre
    fill, line = FILLS[colour], OUTLINE * SS
    if shape == "circle":
        r = width / 2
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill, outline=INK, width=line)
        return
    pts = [(cx + x * width, cy + y * width) for x, y in unit_outline(shape)]
    draw.polygon(pts, fill=fill, outline=INK, width=line)


def draw_panel(draw: ImageDraw.ImageDraw, box: Box, layout: str, panel: dict[str, Any]) -> None:
    """The entities of ``panel`` in their slots inside ``box`` (supersampled pixels)."""
    x0, y0, x1, y1 = box
    pad = (x1 - x0) * PADDING
    grid = LAYOUT_GRID[layout]
    cell = (x1 - x0 - 2 * pad) / grid
    width = panel["size"] * SIZE_UNIT[layout] * cell
    for slot in panel["positions"]:
        row, col = divmod(slot, grid)
        centre = (x0 + pad + (col + 0.5) * cell, y0 + pad + (row + 0.5) * cell)
        draw_entity(draw, centre, width, panel["shape"], panel["colour"])


def _finish(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Reduce the supersampled grey drawing and hand it out as RGB."""
    return image.resize(size, Image.Resampling.LANCZOS).convert("RGB")


def render_matrix(layout: str, panels: list[dict[str, Any]]) -> Image.Image:
    """The 3x3 matrix: eight panels in reading order, a "?" in the last place, grid lines between."""
    side = MATRIX * SS
    image = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(image)
    step = (PANEL + LINE) * SS
    origin = MARGIN * SS
    for k in range(4):  # grid lines, outer frame included
        at = origin + k * step
        draw.rectangle((at, origin, at + LINE * SS - 1, side - origin - 1), fill=INK)
        draw.rectangle((origin, at, side - origin - 1, at + LINE * SS - 1), fill=INK)
    for index in range(9):
        row, col = divmod(index, 3)
        x0 = origin + LINE * SS + col * step
        y0 = origin + LINE * SS + row * step
        box = (x0, y0, x0 + PANEL * SS, y0 + PANEL * SS)
        if index < 8:
            draw_panel(draw, box, layout, panels[index])
        else:
            draw.text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), "?", fill=INK,
                      font=font(96 * SS, "sans-bold"), anchor="mm")
    return _finish(image, (MATRIX, MATRIX))


def render_option(layout: str, panel: dict[str, Any], letter: str) -> Image.Image:
    """One answer option: its letter in large type above a framed panel of matrix size."""
    w, h = OPTION_W * SS, OPTION_H * SS
    image = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(image)
    x0 = (w - (PANEL + 2 * LINE) * SS) / 2
    y0 = OPTION_CAPTION * SS
    frame = (x0, y0, x0 + (PANEL + 2 * LINE) * SS - 1, y0 + (PANEL + 2 * LINE) * SS - 1)
    draw.rectangle(frame, outline=INK, width=LINE * SS)
    draw.text((w / 2, OPTION_CAPTION * SS / 2), letter, fill=INK, font=font(LETTER_SIZE * SS, "sans-bold"), anchor="mm")
    inner = x0 + LINE * SS
    draw_panel(draw, (inner, y0 + LINE * SS, inner + PANEL * SS, y0 + (LINE + PANEL) * SS), layout, panel)
    return _finish(image, (OPTION_W, OPTION_H))
