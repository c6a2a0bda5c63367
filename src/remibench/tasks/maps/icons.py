"""Map icons drawn with Pillow primitives: landmarks and the start/end pins.

Every icon is drawn centred on a point with a given size (the side of its bounding square), so
the map and its legend share one look. Landmarks sit on a white disc with a grey rim, which
keeps them readable on any background; the stop sign is its own octagon.
"""

from __future__ import annotations

import math

from PIL import ImageDraw

from remibench.render.fonts import font

ICON_KINDS = ("stop", "light", "coffee", "gas", "bus", "shop")
ICON_NAMES = {
    "stop": "Stop sign",
    "light": "Traffic light",
    "coffee": "Coffee shop",
    "gas": "Gas station",
    "bus": "Bus stop",
    "shop": "Shopping centre",
}

START_GREEN = (22, 160, 60)
END_RED = (215, 35, 35)
_RIM = (120, 120, 120)


def _disc(draw: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    r = s / 2
    draw.ellipse((x - r, y - r, x + r, y + r), fill="white", outline=_RIM, width=max(1, round(s / 18)))


def _stop(draw: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    def octagon(radius: float) -> list[tuple[float, float]]:
        return [(x + radius * math.cos(math.radians(22.5 + 45 * k)), y + radius * math.sin(math.radians(22.5 + 45 * k)))
                for k in range(8)]
    draw.polygon(octagon(s * 0.54), fill=(150, 20, 25))
    draw.polygon(octagon(s * 0.50), fill=(255, 255, 255))
    draw.polygon(octagon(s * 0.44), fill=(205, 25, 30))
    draw.text((x, y), "STOP", font=font(max(6, round(s * 0.27)), "sans-bold"), fill="white", anchor="mm")


def _light(draw: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    _disc(draw, x, y, s)
    w, h = s * 0.18, s * 0.38
    draw.rounded_rectangle((x - w, y - h, x + w, y + h), radius=s * 0.07, fill=(45, 45, 45))
    r = s * 0.085
    for k, colour in enumerate([(230, 40, 40), (245, 190, 20), (40, 190, 70)]):
        cy = y - h * 0.62 + k * h * 0.62
        draw.ellipse((x - r, cy - r, x + r, cy + r), fill=colour)


def _coffee(draw: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    _disc(draw, x, y, s)
    brown = (110, 62, 30)
    top, bottom = y - s * 0.08, y + s * 0.24
    draw.polygon([(x - s * 0.24, top), (x + s * 0.16, top), (x + s * 0.11, bottom), (x - s * 0.19, bottom)], fill=brown)
    lw = max(1, round(s * 0.06))
    draw.ellipse((x + s * 0.06, y - s * 0.02, x + s * 0.30, y + s * 0.18), outline=brown, width=lw)
    draw.line((x - s * 0.30, y + s * 0.30, x + s * 0.24, y + s * 0.30), fill=brown, width=lw)
    for dx in (-0.12, 0.02):
        x0 = x + dx * s
        draw.line([(x0, y - s * 0.14), (x0 + s * 0.05, y - s * 0.23), (x0, y - s * 0.33)], fill=(150, 110, 80),
                  width=max(1, round(s * 0.045)), joint="curve")


def _gas(draw: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    _disc(draw, x, y, s)
    body = (30, 120, 60)
    draw.rounded_rectangle((x - s * 0.22, y - s * 0.30, x + s * 0.08, y + s * 0.28), radius=s * 0.04, fill=body)
    draw.rectangle((x - s * 0.16, y - s * 0.22, x + s * 0.02, y - s * 0.06), fill="white")
    draw.rectangle((x - s * 0.28, y + s * 0.24, x + s * 0.14, y + s * 0.31), fill=body)
    lw = max(1, round(s * 0.055))
    draw.line([(x + s * 0.08, y - s * 0.12), (x + s * 0.22, y - s * 0.04), (x + s * 0.22, y + s * 0.18),
               (x + s * 0.28, y + s * 0.18)], fill=(40, 40, 40), width=lw, joint="curve")
    draw.rectangle((x + s * 0.17, y - s * 0.26, x + s * 0.27, y - s * 0.10), fill=(40, 40, 40))


def _bus(draw: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    _disc(draw, x, y, s)
    blue = (20, 90, 200)
    draw.rounded_rectangle((x - s * 0.26, y - s * 0.30, x + s * 0.26, y + s * 0.22), radius=s * 0.08, fill=blue)
    draw.rectangle((x - s * 0.19, y - s * 0.22, x + s * 0.19, y - s * 0.02), fill="white")
    r = s * 0.045
    for dx in (-0.15, 0.15):
        cx, cy = x + dx * s, y + s * 0.10
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill="white")
    for dx in (-0.17, 0.17):
        cx = x + dx * s
        draw.rectangle((cx - s * 0.05, y + s * 0.22, cx + s * 0.05, y + s * 0.32), fill=(40, 40, 40))


def _shop(draw: ImageDraw.ImageDraw, x: float, y: float, s: float) -> None:
    _disc(draw, x, y, s)
    purple = (140, 50, 170)
    draw.polygon([(x - s * 0.24, y - s * 0.10), (x + s * 0.24, y - s * 0.10), (x + s * 0.28, y + s * 0.30),
                  (x - s * 0.28, y + s * 0.30)], fill=purple)
    lw = max(1, round(s * 0.06))
    draw.arc((x - s * 0.13, y - s * 0.32, x + s * 0.13, y + s * 0.06), start=180, end=360, fill=purple, width=lw)
    r = s * 0.035
    for dx in (-0.13, 0.13):
        cx, cy = x + dx * s, y - s * 0.02
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill="white")


_DRAWERS = {"stop": _stop, "light": _light, "coffee": _coffee, "gas": _gas, "bus": _bus, "shop": _shop}


def draw_icon(draw: ImageDraw.ImageDraw, kind: str, x: float, y: float, size: float) -> None:
    """Draw landmark ``kind`` centred on (x, y), ``size`` pixels across."""
    _DRAWERS[kind](draw, x, y, size)


def draw_pin(draw: ImageDraw.ImageDraw, x: float, y: float, size: float, colour: tuple[int, int, int]) -> None:
    """A map pin whose tip touches (x, y): a white-rimmed disc with a white dot above a pointed tail.

    The rim is a larger white shape under the coloured one (outline widths would make Pillow
    build a full-image mask for every polygon).
    """
    r = size * 0.36
    cy = y - size * 0.62
    rim = max(1.0, size * 0.06)
    half = r * 0.82
    draw.polygon([(x - half - rim, cy + r * 0.5), (x + half + rim, cy + r * 0.5), (x, y + rim * 0.8)], fill="white")
    draw.ellipse((x - r - rim, cy - r - rim, x + r + rim, cy + r + rim), fill="white")
    draw.polygon([(x - half, cy + r * 0.5), (x + half, cy + r * 0.5), (x, y - rim * 0.6)], fill=colour)
    draw.ellipse((x - r, cy - r, x + r, cy + r), fill=colour)
    dot = r * 0.4
    draw.ellipse((x - dot, cy - dot, x + dot, cy + dot), fill="white")
