"""Analog clock faces and seven-segment digital displays for the Clocks task.

Both are drawn at twice their size and reduced by averaging 2x2 pixel blocks, which
anti-aliases hands, ticks and segments at a tenth of the cost of a LANCZOS resize. Styles are plain JSON dicts, drawn at random
by :func:`random_analog_style` / :func:`random_digital_style` when an item is sampled and
stored in its spec, so rendering is a pure function of the spec.
"""

from __future__ import annotations

import math
from typing import Any

from PIL import Image, ImageDraw

from remibench.render.fonts import font

SCALE = 2  # supersampling factor
ANALOG_SIZE = 400
DIGITAL_SIZE = (480, 200)

NUMERAL_STYLES = ("arabic", "roman", "none")
TICK_STYLES = ("hours", "minutes")
HAND_SHAPES = ("bar", "taper", "arrow")

ROMAN = ("XII", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI")

# (face, ink for ticks and numerals, hands); faces are never red so the red second hand stands out.
_LIGHT_FACES = [(255, 255, 255), (250, 246, 232), (236, 242, 250), (238, 238, 238), (244, 236, 214), (232, 244, 236)]
_DARK_FACES = [(22, 28, 48), (20, 20, 20), (18, 52, 40), (44, 36, 60)]
_DARK_INKS = [(20, 20, 20), (30, 34, 70), (60, 40, 25), (15, 55, 45)]
_LIGHT_INKS = [(245, 245, 245), (232, 214, 160), (220, 232, 245)]
_BACKGROUNDS = [(255, 255, 255), (214, 226, 236), (232, 220, 200), (200, 214, 196), (90, 96, 110), (170, 150, 130), (245, 238, 250)]
_RIMS = [(40, 40, 40), (150, 120, 60), (170, 170, 176), (110, 60, 40), (30, 60, 110), (205, 205, 210)]
_SECOND_RED = {"light": (214, 28, 28), "dark": (255, 70, 60)}

_SEGMENT_COLOURS = [(255, 50, 40), (60, 240, 90), (80, 220, 255), (255, 176, 40), (235, 240, 255)]
_CASINGS = [(40, 40, 44), (200, 200, 205), (120, 84, 56), (240, 240, 236), (30, 50, 80), (150, 30, 36)]
_PANELS = [(8, 8, 10), (14, 18, 16), (10, 10, 24)]

Colour = tuple[int, int, int]


# ---------------------------------------------------------------- style sampling

def random_analog_style(rng: Any, numerals: list[str], ticks: list[str], second_hand: bool) -> dict[str, Any]:
    """A random analog face style (JSON-ready) drawn from the allowed numeral and tick styles."""
    dark = rng.random() < 0.25
    face = rng.choice(_DARK_FACES if dark else _LIGHT_FACES)
    ink = rng.choice(_LIGHT_INKS if dark else _DARK_INKS)
    hands = ink if rng.random() < 0.6 else rng.choice(_LIGHT_INKS if dark else _DARK_INKS)
    numeral = rng.choice(list(numerals))
    tick = rng.choice(list(ticks))
    if numeral == "none":
        tick = rng.choice(list(ticks))  # ticks carry the whole reading; either kind is readable
    return {
        "numerals": numeral,
        "ticks": tick,
        "face": list(face),
        "ink": list(ink),
        "hands": list(hands),
        "background": list(rng.choice(_BACKGROUNDS)),
        "rim": list(rng.choice(_RIMS)),
        "rim_width": rng.choice([6, 10, 16, 22]),
        "hand_shape": rng.choice(HAND_SHAPES),
        "second_hand": bool(second_hand),
        "second_colour": list(_SECOND_RED["dark" if dark else "light"]),
        "numeral_family": rng.choice(["sans", "sans-bold", "serif"]) if numeral == "arabic" else "serif",
    }


def random_digital_style(rng: Any, twelve_hour: bool) -> dict[str, Any]:
    """A random seven-segment display style (JSON-ready)."""
    return {
        "format": "12h" if twelve_hour else "24h",
        "colour": list(rng.choice(_SEGMENT_COLOURS)),
        "panel": list(rng.choice(_PANELS)),
        "casing": list(rng.choice(_CASINGS)),
        "background": list(rng.choice(_BACKGROUNDS)),
        "ghost": rng.random() < 0.5,
        "slant": rng.choice([0.0, 0.0, 6.0, 10.0]),
        "leading_zero": rng.random() < 0.5,
    }


# ---------------------------------------------------------------- analog

def _hand_polygon(cx: float, cy: float, angle_deg: float, length: float, width: float, tail: float,
                  shape: str) -> list[tuple[float, float]]:
    """Points of a hand pointing at ``angle_deg`` (clockwise from 12 o'clock)."""
    if shape == "taper":
        local = [(-tail, -width / 2), (length - width, -width * 0.22), (length, 0.0),
                 (length - width, width * 0.22), (-tail, width / 2)]
    elif shape == "arrow":
        shaft = width * 0.45
        head_start = length - width * 2.6
        local = [(-tail, -shaft), (head_start, -shaft), (head_start - width * 0.3, -width * 0.95), (length, 0.0),
                 (head_start - width * 0.3, width * 0.95), (head_start, shaft), (-tail, shaft)]
    else:  # bar
        local = [(-tail, -width / 2), (length - width * 0.2, -width / 2), (length, 0.0),
                 (length - width * 0.2, width / 2), (-tail, width / 2)]
    a = math.radians(angle_deg)
    ux, uy = math.sin(a), -math.cos(a)  # along the hand
    nx, ny = -uy, ux  # across the hand
    return [(cx + s * ux + t * nx, cy + s * uy + t * ny) for s, t in local]


def hand_angles(hour: int, minute: int, second: int) -> tuple[float, float, float]:
    """Angles (degrees clockwise from 12) of the hour, minute and second hands.

    The hour hand moves with the minutes and the minute hand with the seconds, as on a real
    clock, so e.g. 3:45 puts the hour hand three quarters of the way from 3 to 4.
    """
    minutes_exact = minute + second / 60.0
    return ((hour % 12) * 30.0 + minutes_exact * 0.5, minutes_exact * 6.0, second * 6.0)


def render_analog(hour: int, minute: int, second: int, style: dict[str, Any]) -> Image.Image:
    """A round analog clock face showing ``hour:minute:second`` (the 12-hour reading)."""
    size = ANALOG_SIZE * SCALE
    image = Image.new("RGB", (size, size), tuple(style["background"]))
    draw = ImageDraw.Draw(image)
    cx = cy = size / 2
    outer = size * 0.46
    rim = style["rim_width"] * SCALE
    radius = outer - rim
    draw.ellipse([cx - outer, cy - outer, cx + outer, cy + outer], fill=tuple(style["rim"]))
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=tuple(style["face"]))
    ink = tuple(style["ink"])
    _draw_ticks(draw, cx, cy, radius, style["ticks"], ink)
    _draw_numerals(draw, cx, cy, radius, style, ink)

    h_angle, m_angle, s_angle = hand_angles(hour, minute, second)
    hands = tuple(style["hands"])
    shape = style["hand_shape"]
    draw.polygon(_hand_polygon(cx, cy, h_angle, radius * 0.48, radius * 0.075, radius * 0.08, shape), fill=hands)
    draw.polygon(_hand_polygon(cx, cy, m_angle, radius * 0.83, radius * 0.045, radius * 0.08, shape), fill=hands)
    cap = radius * 0.05
    draw.ellipse([cx - cap, cy - cap, cx + cap, cy + cap], fill=hands)
    if style["second_hand"]:
        red = tuple(style["second_colour"])
        draw.polygon(_hand_polygon(cx, cy, s_angle, radius * 0.86, radius * 0.012, radius * 0.22, "bar"), fill=red)
        a = math.radians(s_angle)
        bx, by = cx - math.sin(a) * radius * 0.16, cy + math.cos(a) * radius * 0.16
        bob = radius * 0.028
        draw.ellipse([bx - bob, by - bob, bx + bob, by + bob], fill=red)
        small = radius * 0.025
        draw.ellipse([cx - small, cy - small, cx + small, cy + small], fill=red)
    return image.reduce(SCALE)


def _draw_ticks(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float, kind: str, ink: Colour) -> None:
    for i in range(60):
        is_hour = i % 5 == 0
        if kind == "hours" and not is_hour:
            continue
        quarter = i % 15 == 0
        if is_hour:
            length = radius * (0.13 if quarter else 0.10)
            width = radius * (0.035 if quarter else 0.022)
        else:
            length, width = radius * 0.045, radius * 0.009
        a = math.radians(i * 6)
        ux, uy = math.sin(a), -math.cos(a)
        r1, r2 = radius * 0.96, radius * 0.96 - length
        draw.line([(cx + ux * r1, cy + uy * r1), (cx + ux * r2, cy + uy * r2)], fill=ink, width=max(1, round(width)))


def _draw_numerals(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float, style: dict[str, Any], ink: Colour) -> None:
    if style["numerals"] == "none":
        return
    roman = style["numerals"] == "roman"
    size = round(radius * (0.125 if roman else 0.17))
    face = font(size, style["numeral_family"])
    ring = radius * (0.70 if roman else 0.69)
    for i in range(12):
        text = ROMAN[i] if roman else str(12 if i == 0 else i)
        a = math.radians(i * 30)
        x, y = cx + math.sin(a) * ring, cy - math.cos(a) * ring
        draw.text((x, y), text, fill=ink, font=face, anchor="mm")


# ---------------------------------------------------------------- digital

_DIGIT_SEGMENTS = {
    "0": "abcdef", "1": "bc", "2": "abged", "3": "abgcd", "4": "fgbc",
    "5": "afgcd", "6": "afgedc", "7": "abc", "8": "abcdefg", "9": "abcdfg", " ": "",
}


def _segment_hexagon(p: tuple[float, float], q: tuple[float, float], thickness: float, gap: float) -> list[tuple[float, float]]:
    """A segment with pointed ends along the centre line p->q."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    nx, ny = -uy, ux
    h = thickness / 2
    px, py = p[0] + ux * gap, p[1] + uy * gap
    qx, qy = q[0] - ux * gap, q[1] - uy * gap
    return [(px, py), (px + ux * h + nx * h, py + uy * h + ny * h), (qx - ux * h + nx * h, qy - uy * h + ny * h),
            (qx, qy), (qx - ux * h - nx * h, qy - uy * h - ny * h), (px + ux * h - nx * h, py + uy * h - ny * h)]


def _digit_polygons(x: float, y: float, w: float, h: float) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    """Centre lines of the seven segments of a digit cell."""
    t = w * 0.2
    left, right = x + t / 2, x + w - t / 2
    top, mid, bottom = y + t / 2, y + h / 2, y + h - t / 2
    return {
        "a": ((left, top), (right, top)), "b": ((right, top), (right, mid)), "c": ((right, mid), (right, bottom)),
        "d": ((left, bottom), (right, bottom)), "e": ((left, mid), (left, bottom)), "f": ((left, top), (left, mid)),
        "g": ((left, mid), (right, mid)),
    }


def digital_text(hour: int, minute: int, style: dict[str, Any]) -> tuple[str, str]:
    """The four digit characters (blank for a suppressed leading zero) and the AM/PM mark ('' for 24h)."""
    if style["format"] == "12h":
        h12 = hour % 12 or 12
        digits = f"{h12:02d}" if style["leading_zero"] else f"{h12:>2d}"
        return digits + f"{minute:02d}", "AM" if hour < 12 else "PM"
    return f"{hour:02d}{minute:02d}", ""


def render_digital(hour: int, minute: int, style: dict[str, Any]) -> Image.Image:
    """A seven-segment display showing ``hour:minute`` in 24-hour form or 12-hour form with AM/PM."""
    width, height = DIGITAL_SIZE[0] * SCALE, DIGITAL_SIZE[1] * SCALE
    image = Image.new("RGB", (width, height), tuple(style["background"]))
    draw = ImageDraw.Draw(image)
    s = SCALE
    draw.rounded_rectangle([10 * s, 10 * s, width - 10 * s, height - 10 * s], radius=22 * s, fill=tuple(style["casing"]))
    panel_box = [26 * s, 26 * s, width - 26 * s, height - 26 * s]
    panel = tuple(style["panel"])
    draw.rounded_rectangle(panel_box, radius=10 * s, fill=panel)
    on = tuple(style["colour"])
    off = tuple(round(p + (c - p) * 0.10) for p, c in zip(panel, on))

    digits, mark = digital_text(hour, minute, style)
    twelve = bool(mark)
    digit_w = (62 if twelve else 72) * s
    digit_h = 112 * s
    space = 16 * s
    colon_w = 26 * s
    mark_w = 62 * s if twelve else 0
    total = 4 * digit_w + 3 * space + colon_w + (space + mark_w if twelve else 0)
    x0 = (width - total) / 2
    y0 = (height - digit_h) / 2
    slant = math.tan(math.radians(style["slant"]))

    def shear(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(px + (y0 + digit_h / 2 - py) * slant, py) for px, py in points]

    thickness = digit_w * 0.2
    gap = thickness * 0.12
    positions = []
    x = x0
    for i in range(4):
        positions.append(x)
        x += digit_w + space
        if i == 1:
            x += colon_w
    for ch, dx in zip(digits, positions):
        lit = _DIGIT_SEGMENTS[ch]
        for name, (p, q) in _digit_polygons(dx, y0, digit_w, digit_h).items():
            if name in lit:
                draw.polygon(shear(_segment_hexagon(p, q, thickness, gap)), fill=on)
            elif style["ghost"] and ch != " ":  # a suppressed leading digit has no segments at all
                draw.polygon(shear(_segment_hexagon(p, q, thickness, gap)), fill=off)
    colon_x = positions[1] + digit_w + (space + colon_w) / 2
    dot = thickness * 0.55
    for frac in (0.32, 0.68):
        cy = y0 + digit_h * frac
        cx = colon_x + (y0 + digit_h / 2 - cy) * slant
        draw.rectangle([cx - dot, cy - dot, cx + dot, cy + dot], fill=on)
    if twelve:
        mx = positions[3] + digit_w + space + mark_w / 2
        my = y0 + digit_h * (0.18 if mark == "AM" else 0.82)
        draw.text((mx, my), mark, fill=on, font=font(30 * s, "sans-bold"), anchor="mm")
    return image.reduce(SCALE)
