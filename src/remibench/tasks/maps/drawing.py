"""Drawing the Maps task's street grid: named streets, landmark icons, pins, a blue route, a legend.

All images of one item show the same map; only the blue route and the caption letter differ.
The map is drawn once at twice the output size and reduced (smooth lines and text); each image
then redraws only the box around its route and pins at that scale, reduces it and pastes it in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw

from remibench.render.fonts import font
from remibench.tasks.maps.icons import END_RED, ICON_KINDS, ICON_NAMES, START_GREEN, draw_icon, draw_pin

SS = 2  # supersampling factor
WIDTH = 600
HEADER = 54
LEFT = 112        # room for horizontal street names
RIGHT = 48
TOP_NAMES = 64    # room for vertical street names (above the pins of the top row)
BOTTOM = 40
LEGEND_H = 78
STREET_W = 22
ICON = 28
PIN = 36
ROUTE_W = 9
NAME_PX = 15
LEGEND_PX = 14
CAPTION_PX = 34

BACKGROUND = (236, 233, 222)
STREET_EDGE = (190, 186, 176)
STREET_FILL = (255, 255, 255)
NAME_COLOUR = (55, 55, 55)
ROUTE_BLUE = (25, 95, 235)
CORNERS = {"ne": (1, -1), "nw": (-1, -1), "se": (1, 1), "sw": (-1, 1)}


@dataclass(frozen=True)
class MapLayout:
    """Pixel geometry of an n x n grid at output scale (1x)."""

    n: int

    @property
    def spacing(self) -> float:
        return (WIDTH - LEFT - RIGHT) / (self.n - 1)

    @property
    def y0(self) -> float:
        return HEADER + TOP_NAMES

    @property
    def map_bottom(self) -> float:
        return self.y0 + (self.n - 1) * self.spacing + BOTTOM

    @property
    def height(self) -> int:
        return int(round(self.map_bottom + LEGEND_H))

    def xy(self, node: Sequence[int]) -> tuple[float, float]:
        return LEFT + node[0] * self.spacing, self.y0 + node[1] * self.spacing


def _s(value: float) -> float:
    return value * SS


def _streets(draw: ImageDraw.ImageDraw, layout: MapLayout) -> None:
    top, bottom = _s(HEADER), _s(layout.map_bottom)
    half = _s(STREET_W) / 2
    edge = _s(1.5)
    for fill, grow in ((STREET_EDGE, edge), (STREET_FILL, 0.0)):
        for k in range(layout.n):
            x, y = (_s(v) for v in layout.xy((k, k)))
            draw.rectangle((x - half - grow, top, x + half + grow, bottom), fill=fill)
            draw.rectangle((0, y - half - grow, _s(WIDTH), y + half + grow), fill=fill)


def _name_tag(draw: ImageDraw.ImageDraw, x: float, y: float, text: str) -> None:
    face = font(_s(NAME_PX), "sans-bold")
    left, top, right, bottom = draw.textbbox((x, y), text, font=face, anchor="mm")
    pad = _s(4)
    draw.rounded_rectangle((left - pad, top - pad, right + pad, bottom + pad), radius=_s(4),
                           fill=(255, 255, 255), outline=STREET_EDGE, width=_s(1))
    draw.text((x, y), text, font=face, fill=NAME_COLOUR, anchor="mm")


def _street_names(draw: ImageDraw.ImageDraw, layout: MapLayout, vertical: Sequence[str], horizontal: Sequence[str]) -> None:
    for k in range(layout.n):
        x, y = layout.xy((k, k))
        _name_tag(draw, _s(x), _s(HEADER + 18), vertical[k])
        _name_tag(draw, _s(LEFT / 2 - 2), _s(y), horizontal[k])


def _icons(draw: ImageDraw.ImageDraw, layout: MapLayout, icons: Sequence[dict[str, Any]]) -> None:
    offset = STREET_W / 2 + ICON / 2 + 3
    for icon in icons:
        x, y = layout.xy(icon["node"])
        dx, dy = CORNERS[icon["corner"]]
        draw_icon(draw, icon["kind"], _s(x + dx * offset), _s(y + dy * offset), _s(ICON))


def _legend(draw: ImageDraw.ImageDraw, layout: MapLayout) -> None:
    top = layout.map_bottom
    draw.rectangle((0, _s(top), _s(WIDTH), _s(layout.height)), fill=(255, 255, 255))
    draw.line((0, _s(top), _s(WIDTH), _s(top)), fill=STREET_EDGE, width=_s(1))
    entries: list[tuple[str, str]] = [("start", "Start"), ("end", "Destination")]
    entries += [(kind, ICON_NAMES[kind]) for kind in ICON_KINDS]
    face = font(_s(LEGEND_PX))
    column = (WIDTH - 16) / 4
    for k, (kind, text) in enumerate(entries):
        row, col = divmod(k, 4)
        cx = 8 + col * column + 14
        cy = top + 21 + row * 34
        if kind in ("start", "end"):
            draw_pin(draw, _s(cx), _s(cy + 12), _s(26), START_GREEN if kind == "start" else END_RED)
        else:
            draw_icon(draw, kind, _s(cx), _s(cy), _s(24))
        draw.text((_s(cx + 18), _s(cy)), text, font=face, fill=NAME_COLOUR, anchor="lm")


def draw_base_map(n: int, vertical: Sequence[str], horizontal: Sequence[str],
                  icons: Sequence[dict[str, Any]]) -> tuple[Image.Image, MapLayout]:
    """The shared map at supersampled scale: streets, names, icons, legend (no route, no pins)."""
    layout = MapLayout(n)
    image = Image.new("RGB", (_s(WIDTH), _s(layout.height)), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, _s(WIDTH), _s(HEADER)), fill=(255, 255, 255))
    _streets(draw, layout)
    draw.line((0, _s(HEADER), _s(WIDTH), _s(HEADER)), fill=STREET_EDGE, width=_s(1))
    _icons(draw, layout, icons)
    _street_names(draw, layout, vertical, horizontal)
    _legend(draw, layout)
    return image, layout


def _route(draw: ImageDraw.ImageDraw, layout: MapLayout, path: Sequence[Sequence[int]], ox: float, oy: float) -> None:
    points = [(_s(x) - ox, _s(y) - oy) for x, y in (layout.xy(node) for node in path)]
    width = _s(ROUTE_W)
    draw.line(points, fill=ROUTE_BLUE, width=width, joint="curve")
    r = width / 2
    for x, y in (points[0], points[-1]):
        draw.ellipse((x - r, y - r, x + r, y + r), fill=ROUTE_BLUE)


def _overlay_box(layout: MapLayout, nodes: Sequence[Sequence[int]]) -> tuple[int, int, int, int]:
    """The 1x pixel box holding the route and pins drawn at ``nodes`` (with room for line ends and pins)."""
    xs, ys = zip(*(layout.xy(node) for node in nodes))
    pad = ROUTE_W + 2
    left = max(0, int(min(xs) - max(pad, PIN * 0.4)) - 1)
    right = min(WIDTH, int(max(xs) + max(pad, PIN * 0.4)) + 2)
    top = max(0, int(min(ys) - PIN - 2) - 1)
    bottom = min(layout.height, int(max(ys) + pad) + 2)
    return left, top, right, bottom


def render_map_image(base: Image.Image, small_base: Image.Image, layout: MapLayout, caption: str,
                     path: Sequence[Sequence[int]] | None, start: Sequence[int], end: Sequence[int]) -> Image.Image:
    """One image of the item: the shared map, a blue route (if any), the pins and a caption.

    Only the box around the route and pins is drawn at supersampled scale and reduced; the rest
    is the once-reduced shared map, which gives the same pixels as reducing the whole image.
    """
    box = _overlay_box(layout, [start, end, *(path or [])])
    ox, oy = _s(box[0]), _s(box[1])
    patch = base.crop((ox, oy, _s(box[2]), _s(box[3])))
    draw = ImageDraw.Draw(patch)
    if path:
        _route(draw, layout, path, ox, oy)
    for node, colour in ((end, END_RED), (start, START_GREEN)):
        x, y = layout.xy(node)
        draw_pin(draw, _s(x) - ox, _s(y) - oy, _s(PIN), colour)
    image = small_base.copy()
    image.paste(patch.reduce(SS), box[:2])
    ImageDraw.Draw(image).text((WIDTH / 2, HEADER / 2), caption, font=font(CAPTION_PX, "sans-bold"),
                               fill=(20, 20, 20), anchor="mm")
    return image


def render_route_images(grid: dict[str, Any], icons: Sequence[dict[str, Any]], start: Sequence[int],
                        end: Sequence[int], panels: Sequence[tuple[str, Sequence[Sequence[int]] | None]]) -> list[Image.Image]:
    """One image per (caption, path) panel, all on the same map."""
    base, layout = draw_base_map(grid["n"], grid["vertical"], grid["horizontal"], icons)
    small_base = base.reduce(SS)
    return [render_map_image(base, small_base, layout, caption, path, start, end) for caption, path in panels]
