"""CodeEdit checks: the rules that keep every line readable and the edit visible and unambiguous.

``shape_problem`` rejects degenerate, cramped or out-of-view commands; ``value_problem`` rejects
new values with more than one natural spelling or too close to the old value or to another
palette colour; ``edit_problem`` adds the picture-level rules (no covered lines, enough changed
pixels, no other single edit of the line giving the same picture, see ``respellings``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from remibench.tikz.draw import (
    Frame,
    changed_pixels,
    colour_distance,
    coverage_mask,
    node_box,
    on_outline,
    overlap_problem,
    picture_key,
    visible_vertices,
)
from remibench.tikz.parse import OPTION_GROUPS, Command, apply_edit, format_line, single_edits

DEFAULT_COLORS = ("red", "orange", "green", "cyan", "blue", "purple")  # standard names; dull brown and gray left out
VIEW = (0.0, 8.0, 0.0, 5.0)  # the window at the origin; items may move it by ORIGIN_SHIFTS whole units
ORIGIN_SHIFTS = (tuple(range(-4, 2)), tuple(range(-3, 2)))  # x, y offsets of the window (0 keeps VIEW)
STEP = 0.5                   # every coordinate and radius is a multiple of this
MIN_VISIBLE = 0.85         # share of a line's own pixels that must stay uncovered
MIN_CHANGED_PX = 40        # pixels the edit must change in the picture
MIN_COLOUR_PX = 150        # pixels a colour edit must recolour (a lone letter is not enough)
EDIT_DELTA_E = 45.0        # a colour edit changes the colour by at least this much (CIE76)
SIMILAR_DELTA_E = 25.0     # colours closer than this (CIE76) are too alike to tell apart
NODE_PAD_PX = 5


def shifted_view(dx: int, dy: int) -> tuple[float, float, float, float]:
    """VIEW moved by whole units: the same picture size, other coordinates."""
    return (VIEW[0] + dx, VIEW[1] + dx, VIEW[2] + dy, VIEW[3] + dy)


def shape_problem(command: Command, frame: Frame) -> str | None:
    """Why a command would be unreadable (degenerate, cramped or outside the view), or None."""
    x0, x1, y0, y1 = frame.xmin + STEP, frame.xmax - STEP, frame.ymin + STEP, frame.ymax - STEP
    if any(not (x0 <= x <= x1 and y0 <= y <= y1) for x, y in command.points):
        return "point outside the view"
    if command.shape == "node":
        bx0, by0, bx1, by1 = node_box(command, frame, NODE_PAD_PX)
        vx0, vy0, vx1, vy1 = frame.view_box()
        return None if vx0 <= bx0 and vy0 <= by0 and bx1 <= vx1 and by1 <= vy1 else "node text outside the view"
    if command.shape == "circle":
        (cx, cy), r = command.points[0], command.radius or 0
        return None if cx - r >= x0 and cx + r <= x1 and cy - r >= y0 and cy + r <= y1 else "circle outside the view"
    if command.shape == "rectangle":
        (a, b), (c, d) = command.points
        return None if abs(a - c) >= 1 and abs(b - d) >= 1 else "rectangle too thin"
    pts = command.points
    if len(visible_vertices(pts, command.closed)) != len(pts):
        return "straight-through or repeated vertex"
    sides = list(zip(pts, pts[1:] + (pts[:1] if command.closed else ())))
    if any(math.dist(a, b) < 1 for a, b in sides):
        return "side too short"
    corners = list(zip(sides, sides[1:] + (sides[:1] if command.closed else [])))
    for (a, p), (_, b) in corners:
        u, v = (a[0] - p[0], a[1] - p[1]), (b[0] - p[0], b[1] - p[1])
        if (u[0] * v[0] + u[1] * v[1]) / (math.hypot(*u) * math.hypot(*v)) > math.cos(math.radians(25)):
            return "corner too sharp"
    return None


def value_problem(old: Command, new: Command, edit: dict[str, Any], palette: tuple[str, ...]) -> str | None:
    """Rules on the new value: one natural spelling, and far enough from the old value and look-alikes."""
    attr = edit["attr"]
    if attr in OPTION_GROUPS:
        if edit.get("value") is None:
            return "removing an option has several spellings"
        if len(new.options) > max(1, len(old.options)):
            return "adding an option to a list has several spellings"
    if attr == "color":
        if new.ink == "black":
            return "edit to the default ink has two spellings"
        if colour_distance(new.ink, old.ink) < EDIT_DELTA_E:
            return "new colour too close to the old one"
        look_alikes = (set(palette) | {"black", old.ink}) - {new.ink}
        if any(colour_distance(new.ink, c) < SIMILAR_DELTA_E for c in look_alikes):
            return "new colour looks like another colour"
    if attr == "point" and math.dist(old.points[edit["index"]], new.points[edit["index"]]) < STEP:
        return "point moves less than half a unit"
    if attr == "radius" and abs((new.radius or 0) - (old.radius or 0)) < STEP:
        return "radius changes less than half a unit"
    return None


def edit_problem(program: list[Command], line: int, edit: dict[str, Any], frame: Frame,
                 masks: list[np.ndarray] | None = None, palette: tuple[str, ...] = DEFAULT_COLORS) -> str | None:
    """Why an edit would be invisible or ambiguous, or None: the rules every item's edit passes."""
    old = program[line]
    new = apply_edit(old, edit)
    problem = value_problem(old, new, edit, palette) or shape_problem(new, frame)
    if problem:
        return problem
    if any(format_line(c) == format_line(new) for c in program):
        return "edited line repeats a line"
    masks = masks if masks is not None else [coverage_mask(c, frame) for c in program]
    edited = program[:line] + [new] + program[line + 1:]
    new_masks = masks[:line] + [coverage_mask(new, frame)] + masks[line + 1:]
    problem = overlap_problem(edited, new_masks, frame, MIN_VISIBLE, NODE_PAD_PX)
    if problem:
        return f"after the edit: {problem}"
    changed = changed_pixels(program, edited, masks, new_masks)
    if changed < MIN_CHANGED_PX or (edit["attr"] == "color" and changed < MIN_COLOUR_PX):
        return "edit barely changes the picture"
    if respellings(old, new, (frame.xmin, frame.xmax, frame.ymin, frame.ymax)):
        return "another edit of the line gives the same picture"
    return None


def respellings(old: Command, new: Command, view: tuple[float, ...] = VIEW) -> list[Command]:
    """Other one-attribute edits of ``old`` that draw exactly what ``new`` draws."""
    key = picture_key(new)
    out = []
    for edit in single_edits(old, view, STEP, on_outline(new)):
        alternative = apply_edit(old, edit)
        if alternative != new and picture_key(alternative) == key:
            out.append(alternative)
    return out
