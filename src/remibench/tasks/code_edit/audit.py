"""CodeEdit's audit hooks: what a reader of the listing and the pictures sees, variations, tricks.

The listing (image 1) fixes how the edited line is spelled; the wanted picture (the last image)
fixes what changes. The current picture (image 2 of a 3-image item) is drawn from the listing,
so it cannot change while the listing stays: it is a by-design aid, declared as a distractor.
A listing variation respells the edited line so that both pictures stay pixel-identical (option
order, the other reading of a path, other corners of a rectangle); a wanted-picture variation
makes another edit of the line (or of another line) that passes the sampler's checks.
"""

from __future__ import annotations

import copy
import random
from dataclasses import replace
from itertools import permutations
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit, View
from remibench.render.canvas import to_png
from remibench.tasks.code_edit.checks import DEFAULT_COLORS, ORIGIN_SHIFTS, VIEW, edit_problem, shifted_view
from remibench.tasks.code_edit.task import TASK, CodeEditConfig, candidate_edits, edited_program, listing_text, program_of
from remibench.tikz.draw import Frame, render_drawing
from remibench.tikz.parse import ARROWS, Command, apply_edit, format_line

FLIP = {"->": "<-", "<-": "->", "<->": "<->"}


def _flip(options: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(FLIP.get(o, o) for o in options)


def same_picture_spellings(command: Command, edit: dict[str, Any]) -> list[tuple[Command, dict[str, Any]]]:
    """Other ways to write ``command`` (and its edit) that draw the same picture."""
    out = []
    for order in permutations(command.options):
        if order != command.options:
            out.append((replace(command, options=tuple(order)), dict(edit)))
    pts, n = command.points, len(command.points)
    if command.shape == "path" and not command.closed:
        new_edit = dict(edit)
        if edit["attr"] == "point":
            new_edit["index"] = n - 1 - edit["index"]
        if edit["attr"] == "arrow":
            new_edit["value"] = FLIP[edit["value"]]
        out.append((replace(command, points=pts[::-1], options=_flip(command.options)), new_edit))
    if command.shape == "path" and command.closed:
        for shift in range(1, n):
            new_edit = dict(edit)
            if edit["attr"] == "point":
                new_edit["index"] = (edit["index"] - shift) % n
            out.append((replace(command, points=pts[shift:] + pts[:shift]), new_edit))
    if command.shape == "rectangle":
        (x0, y0), (x1, y1) = pts
        new_edit = dict(edit)
        if edit["attr"] == "point":
            new_edit["index"] = 1 - edit["index"]
        out.append((replace(command, points=(pts[1], pts[0])), new_edit))
        if edit["attr"] != "point":
            out.append((replace(command, points=((x0, y1), (x1, y0))), dict(edit)))
            out.append((replace(command, points=((x1, y0), (x0, y1))), dict(edit)))
    return out


def _pictures(spec: dict[str, Any]) -> tuple[bytes, bytes]:
    frame = Frame.from_view(spec["view"])
    return (to_png(render_drawing(program_of(spec), frame, spec["grid"])),
            to_png(render_drawing(edited_program(spec), frame, spec["grid"])))


def _shift(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Every coordinate and the window moved by whole units: without the grid the pictures stay the same."""
    dx0, dy0 = int(spec["view"][0] - VIEW[0]), int(spec["view"][2] - VIEW[2])
    moves = [(dx, dy) for dx in ORIGIN_SHIFTS[0] for dy in ORIGIN_SHIFTS[1] if (dx, dy) != (dx0, dy0)]
    dx, dy = rng.choice(moves)
    mx, my = dx - dx0, dy - dy0
    varied = copy.deepcopy(spec)
    varied["view"] = list(shifted_view(dx, dy))
    for command in varied["program"]:
        command["points"] = [[x + mx, y + my] for x, y in command["points"]]
    if spec["edit"]["attr"] == "point":
        x, y = spec["edit"]["value"]
        varied["edit"]["value"] = [x + mx, y + my]
    return varied


def _vary_listing(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    if not spec["grid"] and rng.random() < 0.5:
        varied = _shift(spec, rng)
        if _pictures(varied) != _pictures(spec):
            raise NoVariation("the shifted program draws other pixels")
        return varied
    line, edit = spec["edit"]["line"], spec["edit"]
    command = program_of(spec)[line]
    options = same_picture_spellings(command, edit)
    if not options:
        raise NoVariation("the edited line has one spelling only")
    new_command, new_edit = rng.choice(options)
    varied = copy.deepcopy(spec)
    varied["program"][line] = new_command.to_dict()
    varied["edit"] = new_edit
    frame = Frame.from_view(spec["view"])
    if edit_problem(program_of(varied), line, {k: v for k, v in new_edit.items() if k not in ("line", "kind")}, frame,
                    palette=DEFAULT_COLORS):
        raise NoVariation("the respelled item breaks a sampler rule")
    if _pictures(varied) != _pictures(spec):
        raise NoVariation("the respelling draws other pixels")
    return varied


def _vary_wanted(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Another edit of the edited line (of its kind first, then of any kind), or of another line."""
    varied = copy.deepcopy(spec)
    program, frame = program_of(spec), Frame.from_view(spec["view"])
    config = CodeEditConfig()
    label = TASK.solve(spec)
    line = spec["edit"]["line"] if rng.random() < 0.8 else rng.randrange(len(program))
    kinds = [spec["edit"]["kind"]] + rng.sample(config.edit_kinds, len(config.edit_kinds))
    for kind in kinds:
        edits = [e for e in candidate_edits(rng, program, line, kind, config)
                 if format_line(apply_edit(program[line], e)) != label]
        for edit in edits[:6]:
            if edit_problem(program, line, edit, frame, palette=tuple(config.colors)) is None:
                varied["edit"] = {"line": line, "kind": kind, **edit}
                return varied
    raise NoVariation("no other valid edit")


class CodeEditAudit(TaskAudit):
    task = "CodeEdit"

    def view(self, spec: dict[str, Any]) -> View:
        seen = {"n_images": spec["n_images"], "grid": spec["grid"], "listing": listing_text(spec).splitlines(),
                "current": [_look(c) for c in program_of(spec)] if spec["n_images"] == 3 else None,
                "wanted": [_look(c) for c in edited_program(spec)]}
        return View(question=TASK.question(spec), options=None, seen=seen)

    def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
        if part == "text":
            raise NoVariation("the text carries no data")
        if part == 1:
            return _vary_listing(spec, rng)
        if part == spec["n_images"]:
            return _vary_wanted(spec, rng)
        raise NoVariation("the current picture is drawn from the listing")

    def distractors(self, spec: dict[str, Any]) -> dict[int, str]:
        if spec["n_images"] == 3:
            return {2: "the picture the listing draws: a by-design aid, fixed by the listing"}
        return {}


# ---------------------------------------------------------------- what a picture shows, and the tricks

def _look(command: Command) -> dict[str, Any]:
    """A drawn shape as the picture shows it: no option order, no choice of which point is written first."""
    pts = command.points
    if command.shape == "path" and not command.closed and command.arrow in ("<-",):
        pts = pts[::-1]
    heads = {"<-": "->"}.get(command.arrow or "", command.arrow)
    if command.shape == "rectangle":
        (x0, y0), (x1, y1) = pts
        pts = ((min(x0, x1), min(y0, y1)), (max(x0, x1), max(y0, y1)))
    elif command.shape == "path" and (command.closed or not heads):
        pts = min(pts, pts[::-1]) if not command.closed else tuple(sorted(pts))
    return {"op": command.op, "shape": command.shape, "points": pts, "closed": command.closed,
            "radius": command.radius, "text": command.text, "color": command.color, "width": command.width,
            "dash": command.dash, "arrow": heads}


def _canonical_line(look: dict[str, Any]) -> str:
    """The line a TikZ writer would type for a shape: options arrow, colour, thick, dash (as the sampler's default)."""
    options = tuple(o for o in (look["arrow"], look["color"], look["width"], look["dash"]) if o)
    command = Command(look["op"], look["shape"], tuple(look["points"]), options, closed=look["closed"],
                      radius=look["radius"], text=look["text"])
    return format_line(command)


def _changed(view: View) -> dict[str, Any] | None:
    current, wanted = view.seen["current"], view.seen["wanted"]
    if current is None:
        return None
    diff = [w for c, w in zip(current, wanted) if c != w]
    return diff[0] if len(diff) == 1 else None


def from_pictures(view: View) -> str | None:
    """Write the shape that differs between the two pictures from the wanted picture alone, ignoring the listing
    (only where the grid shows the coordinates: without it the pictures do not tell where the origin is)."""
    look = _changed(view) if view.seen["grid"] else None
    return _canonical_line(look) if look else None


def _lines(view: View) -> list[str]:
    return [ln.strip() for ln in view.seen["listing"] if ln.strip().startswith(("\\draw", "\\fill", "\\node"))]


def first_line_recoloured(view: View) -> str | None:
    """Code only: the most common edit kind (colour) applied to the first line, first palette colour."""
    from remibench.tikz.parse import parse_line

    command = parse_line(_lines(view)[0])
    colour = next(c for c in DEFAULT_COLORS if c != command.ink)
    return format_line(apply_edit(command, {"attr": "color", "value": colour}))


def last_line_recoloured(view: View) -> str | None:
    """Code only: the last line recoloured with the first palette colour it does not use."""
    from remibench.tikz.parse import parse_line

    command = parse_line(_lines(view)[-1])
    colour = next(c for c in DEFAULT_COLORS if c != command.ink)
    return format_line(apply_edit(command, {"attr": "color", "value": colour}))


def odd_line_with_picture_change(view: View) -> str | None:
    """The listing line whose command differs from all others (no look-alike), rewritten as the wanted picture
    shows its shape: a template-spotting trick."""
    from remibench.tikz.parse import parse_line

    commands = [parse_line(line) for line in _lines(view)]
    keys = [(c.op, c.shape, c.options) for c in commands]
    odd = [i for i, k in enumerate(keys) if keys.count(k) == 1]
    if len(odd) != 1 or len(commands) != len(view.seen["wanted"]):
        return None
    return _canonical_line(view.seen["wanted"][odd[0]])


def arrow_flip_on_first_arrow(view: View) -> str | None:
    """Code only: the first line with an arrow tip, with the tip turned round."""
    from remibench.tikz.parse import parse_line

    for line in _lines(view):
        command = parse_line(line)
        if command.arrow:
            other = next(a for a in ARROWS if a != command.arrow)
            return format_line(apply_edit(command, {"attr": "arrow", "value": other}))
    return None


def first_dash_swapped(view: View) -> str | None:
    """Code only: the first dashed or dotted line with the other dash style."""
    from remibench.tikz.parse import parse_line

    for line in _lines(view):
        command = parse_line(line)
        if command.dash:
            other = "dotted" if command.dash == "dashed" else "dashed"
            return format_line(apply_edit(command, {"attr": "dash", "value": other}))
    return None


def first_circle_grown(view: View) -> str | None:
    """Code only: the first circle half a unit larger (radius is an edit kind only circles take)."""
    from remibench.tikz.parse import parse_line

    for line in _lines(view):
        command = parse_line(line)
        if command.shape == "circle":
            return format_line(apply_edit(command, {"attr": "radius", "value": (command.radius or 0) + 0.5}))
    return None


def first_node_renamed(view: View) -> str | None:
    """Code only: the first node given the first pool text the program does not use."""
    from remibench.tasks.code_edit.task import NODE_TEXTS
    from remibench.tikz.parse import parse_line

    commands = [parse_line(line) for line in _lines(view)]
    used = {c.text for c in commands}
    for command in commands:
        if command.shape == "node":
            text = next(t for t in NODE_TEXTS if t not in used)
            return format_line(apply_edit(command, {"attr": "text", "value": text}))
    return None


AUDIT = CodeEditAudit()
AUDIT.guessers = {
    "pictures only: the changed shape in canonical spelling": from_pictures,
    "code only: first line recoloured": first_line_recoloured,
    "code only: last line recoloured": last_line_recoloured,
    "code only: first arrow turned round": arrow_flip_on_first_arrow,
    "code only: first dash style swapped": first_dash_swapped,
    "code only: first circle half a unit larger": first_circle_grown,
    "code only: first node renamed": first_node_renamed,
    "the line without look-alikes, drawn as wanted": odd_line_with_picture_change,
}
