"""Snapshots of colliding objects: carts, blocks or balls on a track, pucks on an air table.

A collision spec (see ``sampling.py``) becomes a list of frames, each a plain
description of what is printed where (masses only in the frame the spec names, velocities as
arrows with their values, positions against a metre ruler); the frames are then drawn with Pillow.
Nothing here decides an answer: unknown quantities are drawn as question marks.
"""

from __future__ import annotations

from typing import Any

from PIL import Image, ImageDraw

from remibench.render.canvas import new_canvas
from remibench.render.fonts import font

# Dark enough for white lettering on every fill.
PALETTE = [(38, 104, 186), (196, 70, 46), (38, 134, 74), (128, 72, 176), (178, 112, 18), (22, 128, 140)]
N_COLORS = len(PALETTE)
TRACK_METRES = 20
WIDTH = 760
BACKGROUND = (250, 250, 246)
INK = (35, 35, 35)
RULER_LEFT, RULER_RIGHT = 40, 720
BASE_Y = 196  # top of the track
SHAPE_WIDTH = {"cart": 84, "block": 80, "ball": 70}
SLOTS = {2: (0.3, 0.7), 3: (0.17, 0.5, 0.83)}
AFTER_GAP = 10  # px between objects right after they separated
ARROW_MAX = {2: 118, 3: 96}  # px of the fastest arrow in a frame; the others are in proportion
MIN_ARROW = 18  # px: the shortest arrow whose direction is still plain
LABEL_TIER = 30  # px between the heights of neighbouring labels that would otherwise overlap

Frame = dict[str, Any]


def fmt_number(x: float | int) -> str:
    """A printed number: integers plain, others with at most two decimals (no trailing zeros)."""
    if isinstance(x, int) or float(x).is_integer():
        return str(int(x))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _velocity(value: float | int | None, hide_missing: bool = False) -> dict[str, Any] | None:
    if value is None:
        return None if hide_missing else {"text": "v = ?"}
    if value == 0:
        return {"text": "at rest"}
    return {"dir": 1 if value > 0 else -1, "text": f"{fmt_number(abs(value))} m/s"}


def _mass(value: float | int | None) -> str:
    return "? kg" if value is None else f"{fmt_number(value)} kg"


def _metre_x(x: float) -> float:
    return RULER_LEFT + (RULER_RIGHT - RULER_LEFT) * x / TRACK_METRES


# ---------------------------------------------------------------- frames from a spec

def _bodies(spec: dict[str, Any], show_masses: bool) -> list[dict[str, Any]]:
    masses = spec.get("masses") or [None] * len(spec["names"])
    return [{"label": name, "color": PALETTE[c], "mass": _mass(m) if show_masses else None}
            for name, c, m in zip(spec["names"], spec["colors"], masses)]


def _spread(n: int) -> list[float]:
    return [WIDTH * s for s in SLOTS[n]]


def _contact(n: int, width: int) -> list[float]:
    """Centres of ``n`` objects just after they touched: side by side in the middle, a small gap apart."""
    pitch = width + AFTER_GAP
    return [WIDTH / 2 + (k - (n - 1) / 2) * pitch for k in range(n)]


def _before_frame(spec: dict[str, Any], show_masses: bool) -> Frame:
    bodies = _bodies(spec, show_masses)
    groups = [{"x": x, "members": [b], "vel": _velocity(v)} for x, b, v in zip(_spread(len(bodies)), bodies, spec["before"])]
    return {"caption": "Before the collision", "groups": groups, "ruler": False, "shape": spec["noun"]}


def _after_frame(spec: dict[str, Any], show_masses: bool) -> Frame:
    bodies = _bodies(spec, show_masses)
    n = len(bodies)
    caption = "After all collisions" if n == 3 and not spec["stuck"] else "After the collision"
    if spec["stuck"]:
        caption = "After the collision (stuck together)"
        groups = [{"x": WIDTH / 2, "members": bodies, "vel": _velocity(spec.get("final"))}]
    else:
        after = spec.get("after")
        if after is None:  # elastic: only the asked object is marked
            vels = [{"text": "v = ?"} if k == spec["target"] else None for k in range(n)]
        else:
            vels = [_velocity(v) for v in after]
        groups = [{"x": x, "members": [b], "vel": v} for x, b, v in zip(_contact(n, SHAPE_WIDTH[spec["noun"]]), bodies, vels)]
    return {"caption": caption, "groups": groups, "ruler": False, "shape": spec["noun"]}


def _position_frame(spec: dict[str, Any], k: int, show_masses: bool) -> Frame:
    bodies = _bodies(spec, show_masses)
    groups = [{"x": _metre_x(x), "members": [b], "vel": None, "pos": f"x = {fmt_number(x)} m"}
              for x, b in zip(spec["x"][k], bodies)]
    return {"caption": f"t = {fmt_number(spec['times'][k])} s", "groups": groups, "ruler": True, "shape": spec["noun"]}


def track_frames(spec: dict[str, Any]) -> list[Frame]:
    """The frames of a 1-D item, in image order."""
    if spec["qtype"] == "collide":
        return [_position_frame(spec, k, False) for k in range(len(spec["times"]))]
    mass_frame = spec["mass_frame"]
    if spec["layout"] == "positions":
        frames = [_position_frame(spec, 0, mass_frame == 0), _position_frame(spec, 1, False)]
    else:
        frames = [_before_frame(spec, mass_frame == 0)]
    frames.append(_after_frame(spec, mass_frame == len(frames)))
    return frames


# ---------------------------------------------------------------- drawing: track

def _arrow(draw: ImageDraw.ImageDraw, start: tuple[float, float], end: tuple[float, float], width: int = 4,
           head: int = 13, fill: tuple[int, int, int] = INK) -> None:
    (x0, y0), (x1, y1) = start, end
    length = max(1e-6, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    bx, by = x1 - ux * head, y1 - uy * head
    draw.line([(x0, y0), (bx, by)], fill=fill, width=width)
    draw.polygon([(x1, y1), (bx - uy * head * 0.55, by + ux * head * 0.55), (bx + uy * head * 0.55, by - ux * head * 0.55)],
                 fill=fill)


def _darker(color: tuple[int, int, int]) -> tuple[int, int, int]:
    return tuple(int(c * 0.6) for c in color)  # type: ignore[return-value]


def _body_text(draw: ImageDraw.ImageDraw, cx: float, cy: float, body: dict[str, Any]) -> None:
    if body["mass"]:
        draw.text((cx, cy - 11), body["label"], fill="white", font=font(20, "sans-bold"), anchor="mm")
        draw.text((cx, cy + 12), body["mass"], fill="white", font=font(16, "sans-bold"), anchor="mm")
    else:
        draw.text((cx, cy), body["label"], fill="white", font=font(22, "sans-bold"), anchor="mm")


def _draw_body(draw: ImageDraw.ImageDraw, shape: str, left: float, body: dict[str, Any]) -> float:
    """Draw one object standing on the track; returns its top edge."""
    w = SHAPE_WIDTH[shape]
    color, edge = body["color"], _darker(body["color"])
    cx = left + w / 2
    if shape == "cart":
        top, bottom = BASE_Y - 66, BASE_Y - 16
        draw.rounded_rectangle([left, top, left + w, bottom], radius=6, fill=color, outline=edge, width=2)
        for wx in (left + 18, left + w - 18):
            draw.ellipse([wx - 9, BASE_Y - 18, wx + 9, BASE_Y], fill=(60, 60, 60))
        _body_text(draw, cx, (top + bottom) / 2, body)
    elif shape == "block":
        top = BASE_Y - 60
        draw.rectangle([left, top, left + w, BASE_Y], fill=color, outline=edge, width=2)
        _body_text(draw, cx, top + 30, body)
    else:
        top = BASE_Y - w
        draw.ellipse([left, top, left + w, BASE_Y], fill=color, outline=edge, width=2)
        _body_text(draw, cx, top + w / 2, body)
    return top


def _speed(vel: dict[str, Any] | None) -> float:
    return float(vel["text"].split()[0]) if vel and "dir" in vel else 0.0


def arrow_lengths(speeds: list[float], max_len: float) -> tuple[list[float], bool]:
    """Arrow lengths in px for these speeds, and whether they are to scale.

    The fastest arrow gets ``max_len`` and the others the same px per m/s, unless the slowest
    moving one would be shorter than ``MIN_ARROW`` px (too short to show its direction); then
    lengths grow with speed from ``MIN_ARROW`` but are not to scale, and the frame says so."""
    moving = [v for v in speeds if v > 0]
    if not moving:
        return [0.0] * len(speeds), True
    fastest, slowest = max(moving), min(moving)
    if slowest * max_len / fastest >= MIN_ARROW:
        return [max_len * v / fastest for v in speeds], True
    spread = fastest - slowest
    return [0.0 if v == 0 else MIN_ARROW + (max_len - MIN_ARROW) * (v - slowest) / spread for v in speeds], False


def _draw_velocity(draw: ImageDraw.ImageDraw, cx: float, y: float, vel: dict[str, Any], length: float) -> None:
    """An arrow of ``length`` px at height ``y`` (its value above it), or the bare text of a velocity."""
    label_font = font(17, "sans-bold")
    if "dir" not in vel:
        draw.text((cx, y - 6), vel["text"], fill=INK, font=label_font, anchor="mm")
        return
    end = cx + vel["dir"] * length
    _arrow(draw, (cx, y), (end, y), width=4 if length > 24 else 3, head=min(13, max(5, int(length * 0.55))))
    draw.text(((cx + end) / 2, y - 18), vel["text"], fill=INK, font=label_font, anchor="mm")


def _draw_ruler(draw: ImageDraw.ImageDraw) -> None:
    y = BASE_Y + 24
    draw.line([(RULER_LEFT, y), (RULER_RIGHT, y)], fill=INK, width=2)
    for m in range(TRACK_METRES + 1):
        x = _metre_x(m)
        major = m % 2 == 0
        draw.line([(x, y), (x, y + (11 if major else 6))], fill=INK, width=2 if major else 1)
        if major:
            draw.text((x, y + 14), str(m), fill=INK, font=font(15, "sans"), anchor="mt")
    draw.text((RULER_RIGHT + 17, y + 14), "m", fill=INK, font=font(15, "sans"), anchor="lt")


def draw_track_frame(frame: Frame) -> Image.Image:
    """One 1-D snapshot: caption, rail, objects, arrows or position marks, optional ruler."""
    ruler = frame["ruler"]
    image, draw = new_canvas(WIDTH, 270 if ruler else 232, BACKGROUND)
    draw.text((16, 12), frame["caption"], fill=INK, font=font(19, "sans-bold"))
    draw.rectangle([14, BASE_Y, WIDTH - 14, BASE_Y + 6], fill=(128, 128, 128))
    if ruler:
        _draw_ruler(draw)
    shape = frame["shape"]
    groups = frame["groups"]
    max_len = ARROW_MAX[min(3, max(2, len(groups)))]
    lengths, to_scale = arrow_lengths([_speed(g.get("vel")) for g in groups], max_len)
    if not to_scale:
        draw.text((WIDTH - 16, 14), "arrows not to scale", fill=INK, font=font(15, "sans"), anchor="rt")
    crowded = any(b["x"] - a["x"] < 2 * SHAPE_WIDTH[shape] for a, b in zip(groups, groups[1:]))
    pos_font = font(17, "sans-bold")
    last_label_right, raised = -1e9, False
    for k, group in enumerate(groups):
        members = group["members"]
        w = SHAPE_WIDTH[shape]
        left = group["x"] - w * len(members) / 2
        top = min(_draw_body(draw, shape, left + j * w, body) for j, body in enumerate(members))
        cx = group["x"]
        if group.get("vel"):
            y = top - 18 - (LABEL_TIER if crowded and k % 2 else 0)
            _draw_velocity(draw, cx, y, group["vel"], lengths[k])
        if group.get("pos"):
            half = pos_font.getlength(group["pos"]) / 2
            raised = cx - half < last_label_right + 8 and not raised  # lift a label that would touch its neighbour's
            draw.text((cx, top - 20 - (24 if raised else 0)), group["pos"], fill=INK, font=pos_font, anchor="mm")
            last_label_right = cx + half
            mark_y = BASE_Y + 24
            draw.polygon([(cx, mark_y - 2), (cx - 7, mark_y - 14), (cx + 7, mark_y - 14)], fill=(200, 30, 30))
    return image


# ---------------------------------------------------------------- drawing: air table (2-D)

PLANE_W, PLANE_H = 640, 580
CENTRE = (320, 310)
DISC_R = 38


def _plane_canvas(caption: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image, draw = new_canvas(PLANE_W, PLANE_H, BACKGROUND)
    for x in range(0, PLANE_W, 40):
        draw.line([(x, 50), (x, PLANE_H)], fill=(226, 230, 236), width=1)
    for y in range(50, PLANE_H, 40):
        draw.line([(0, y), (PLANE_W, y)], fill=(226, 230, 236), width=1)
    draw.rectangle([0, 0, PLANE_W, 46], fill=BACKGROUND)
    draw.text((16, 12), caption, fill=INK, font=font(19, "sans-bold"))
    return image, draw


def _disc(draw: ImageDraw.ImageDraw, cx: float, cy: float, body: dict[str, Any]) -> None:
    draw.ellipse([cx - DISC_R, cy - DISC_R, cx + DISC_R, cy + DISC_R], fill=body["color"], outline=_darker(body["color"]), width=2)
    _body_text(draw, cx, cy, body)


def draw_plane_before(spec: dict[str, Any]) -> Image.Image:
    image, draw = _plane_canvas("Before the collision (top view)")
    bodies = _bodies(spec, spec["mass_frame"] == 0)
    label_font = font(17, "sans-bold")
    lengths, to_scale = arrow_lengths([max(abs(vx), abs(vy)) for vx, vy in spec["vel2d"]], 110)
    if not to_scale:
        draw.text((PLANE_W - 16, 14), "arrows not to scale", fill=INK, font=font(15, "sans"), anchor="rt")
    for body, (vx, vy), length in zip(bodies, spec["vel2d"], lengths):
        speed = max(abs(vx), abs(vy))
        dx, dy = (vx > 0) - (vx < 0), -((vy > 0) - (vy < 0))  # screen y grows downwards
        cx, cy = CENTRE[0] - dx * 200, CENTRE[1] - dy * 200
        _disc(draw, cx, cy, body)
        start = (cx + dx * (DISC_R + 4), cy + dy * (DISC_R + 4))
        end = (start[0] + dx * length, start[1] + dy * length)
        _arrow(draw, start, end, width=4 if length > 24 else 3, head=min(13, max(5, int(length * 0.55))))
        mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        text = f"{fmt_number(speed)} m/s"
        if dx:  # text starts at the disc edge and runs along the arrow, clear of the disc
            draw.text((start[0], mid[1] - 12), text, fill=INK, font=label_font, anchor="ls" if dx > 0 else "rs")
        else:
            draw.text((mid[0] + 12, mid[1]), text, fill=INK, font=label_font, anchor="lm")
    return image


def draw_plane_after(spec: dict[str, Any]) -> Image.Image:
    image, draw = _plane_canvas("After the collision (top view, stuck together)")
    bodies = _bodies(spec, spec["mass_frame"] == 1)
    offsets = [(-DISC_R, 0), (DISC_R, 0)] if len(bodies) == 2 else [(-DISC_R, 22), (DISC_R, 22), (0, 22 - 66)]
    for body, (ox, oy) in zip(bodies, offsets):
        _disc(draw, CENTRE[0] + ox, CENTRE[1] + oy, body)
    top = CENTRE[1] + min(oy for _, oy in offsets) - DISC_R
    draw.text((CENTRE[0], top - 26), "v = ?", fill=INK, font=font(18, "sans-bold"), anchor="mm")
    return image


def collision_images(spec: dict[str, Any]) -> list[Image.Image]:
    """All images of a collision item, in tag order."""
    if spec["dims"] == 2:
        return [draw_plane_before(spec), draw_plane_after(spec)]
    return [draw_track_frame(frame) for frame in track_frames(spec)]
