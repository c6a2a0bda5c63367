"""CodeEdit: which single line of a TikZ program must change so that it draws the wanted picture?

An item shows a short TikZ program as a highlighted listing, the picture it draws, and the
wanted picture after exactly one attribute of one line changed (a colour, a point, a radius,
a line style, an arrow tip or a node's text). The label is that line as it must read after the
change. The spec stores the program as structured commands plus the edit (line, attribute,
new value); ``solve`` applies the edit and writes the line with the shared formatter.

Sampling keeps the answer unique and visible: every line stays mostly uncovered before and
after the edit, node texts stay clear of other strokes, the edit changes enough pixels, no new
colour is close to another palette colour, and no other single edit of the line gives the same
picture (checked on :func:`remibench.tikz.draw.picture_key`). Option edits either replace an
option in place or give an option-less line its first option, so the wanted text has one
natural spelling. Those rules live in :mod:`.checks`, the question wording in :mod:`.wording`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_min_max, check_range, knob
from remibench.tasks.code_edit.checks import (
    DEFAULT_COLORS,
    MIN_VISIBLE,
    NODE_PAD_PX,
    ORIGIN_SHIFTS,
    STEP,
    VIEW,
    edit_problem,
    shape_problem,
    shifted_view,
)
from remibench.tasks.code_edit.drawing import render_listing
from remibench.tasks.code_edit.wording import GRID_NOTE, THREE_IMAGE_TEMPLATES, TWO_IMAGE_TEMPLATES
from remibench.tikz.draw import PALETTE, Coverage, Frame, coverage_mask, render_drawing
from remibench.tikz.parse import ARROWS, DASHES, OPTION_GROUPS, Command, apply_edit, format_line, format_program, grid_values

EDIT_KINDS = ("color", "coordinate", "radius", "style", "arrow", "text")
RADII = (0.5, 1.0, 1.5, 2.0)
NODE_TEXTS = ("A", "B", "C", "D", "E", "F", "G", "H", "K", "M", "N", "P", "Q", "R", "S", "T", "X", "Y",
              "start", "end", "top", "left", "right", "home", "goal", "sun", "box", "tree", "P1", "Q2")
SHAPE_WEIGHTS = {("draw", "path"): 30, ("draw", "closed"): 5, ("draw", "rectangle"): 15, ("draw", "circle"): 15,
                 ("fill", "circle"): 10, ("fill", "rectangle"): 7, ("fill", "closed"): 8, ("node", "node"): 10}
SHAPE_TRIES = 40
EDIT_TRIES = 16
PLAIN_TARGET_SHARE = 2 / 3  # arrow and style edits that give a plain line its first option
OPTION_LOOK_ALIKES = 2  # other lines with a tip (a dash) when an arrow (dash) edit targets a line that has one


@dataclass
class CodeEditConfig(TaskConfig):
    min_lines: int = knob(4, "fewest drawing commands in the program (3-9)")
    max_lines: int = knob(8, "most drawing commands in the program (3-9)")
    edit_kinds: list = knob(list(EDIT_KINDS), f"kinds of edit, balanced across items: {', '.join(EDIT_KINDS)}")
    distractor_similarity: float = knob(0.35, "probability that each other line copies the edited line's command, "
                                        "shape and options (same colour and style, drawn elsewhere)")
    grid_prob: float = knob(0.0, "probability that the drawings show a faint unit grid with unit labels (the grid "
                            "lets the pictures alone give every coordinate, so the listing is read for spelling only)")
    random_origin: bool = knob(True, "draw the coordinate window at a random whole-unit offset, so a picture without "
                               "the grid does not tell where the origin is; coordinates come from the listing")
    wrap_prob: float = knob(0.5, "probability that the listing wraps the commands in a tikzpicture environment")
    two_image_prob: float = knob(0.2, "probability of the 2-image variant (listing and wanted drawing only)")
    colors: list = knob(list(DEFAULT_COLORS), "named colours the program uses (black is always the default ink)")
    max_move: float = knob(2.0, "a coordinate edit moves a point by at most this much per axis (0.5-3, steps of 0.5)")

    def validate(self) -> None:
        check_range(self, "min_lines", 3, 9)
        check_range(self, "max_lines", 3, 9)
        check_min_max(self, "min_lines", "max_lines")
        for name in ("distractor_similarity", "grid_prob", "wrap_prob", "two_image_prob"):
            check_range(self, name, 0.0, 1.0)
        check_range(self, "max_move", STEP, 3.0)
        if not self.edit_kinds or any(k not in EDIT_KINDS for k in self.edit_kinds) or len(set(self.edit_kinds)) < len(self.edit_kinds):
            raise ConfigError(f"CodeEditConfig.edit_kinds={self.edit_kinds!r}: distinct names from {', '.join(EDIT_KINDS)}")
        if len(self.colors) < 3 or any(c not in PALETTE or c == "black" for c in self.colors) or len(set(self.colors)) < len(self.colors):
            raise ConfigError(f"CodeEditConfig.colors={self.colors!r}: three or more distinct names from "
                              f"{', '.join(c for c in PALETTE if c != 'black')}")


def _grid(low: float, high: float) -> list[float]:
    return grid_values(low, high, STEP)


# ---------------------------------------------------------------- sampling programs

Template = tuple[str, str, tuple[str, ...]]  # op, shape key (path | closed | rectangle | circle | node), options


def _random_template(rng: Any, colors: tuple[str, ...]) -> Template:
    keys = list(SHAPE_WEIGHTS)
    op, shape = rng.choices(keys, weights=[SHAPE_WEIGHTS[k] for k in keys])[0]
    if op == "fill":
        return op, shape, (rng.choice(colors),)
    if op == "node":
        return op, shape, (rng.choice(colors),) if rng.random() < 0.4 else ()
    parts = [rng.choice(ARROWS) if shape == "path" and rng.random() < 0.4 else None,
             rng.choice(colors) if rng.random() < 0.8 else None,
             "thick" if rng.random() < 0.3 else None,
             rng.choice(DASHES) if rng.random() < 0.3 else None]
    options = [p for p in parts if p]
    if rng.random() < 0.25:
        rng.shuffle(options)
    return op, shape, tuple(options)


def _fits(kind: str, template: Template) -> bool:
    """Whether a line of this template admits an edit of ``kind`` with one natural spelling."""
    op, shape, options = template
    has = {attr: any(o in group for o in options) for attr, group in OPTION_GROUPS.items()}
    return {
        "color": not options or has["color"],
        "coordinate": True,
        "radius": shape == "circle",
        "style": op == "draw" and (not options or has["dash"]),
        "arrow": op == "draw" and shape == "path" and (not options or has["arrow"]),
        "text": op == "node",
    }[kind]


def _target_template(rng: Any, kind: str, colors: tuple[str, ...]) -> Template:
    """A template for the edited line; arrow and style edits go to a plain line (which gets its first
    option) two times in three, so the code alone does not point at a line that already has a tip or a
    dash (whose swap has one possible value)."""
    plain = kind in ("arrow", "style") and rng.random() < PLAIN_TARGET_SHARE
    for _ in range(2000):
        template = _random_template(rng, colors)
        if _fits(kind, template) and (kind not in ("arrow", "style") or (not template[2]) == plain):
            return template
    raise Rejected(f"no line fits a {kind} edit")


def _grid_point(rng: Any, frame: Frame, margin: float = 0.0) -> tuple[float, float]:
    xs = _grid(frame.xmin + STEP + margin, frame.xmax - STEP - margin)
    ys = _grid(frame.ymin + STEP + margin, frame.ymax - STEP - margin)
    return rng.choice(xs), rng.choice(ys)


def _place(rng: Any, template: Template, frame: Frame, texts: list[str]) -> Command:
    """A command of the template at a random place (checked by the caller)."""
    op, shape, options = template
    if shape == "node":
        text = rng.choice([t for t in NODE_TEXTS if t not in texts])
        return Command(op, "node", (_grid_point(rng, frame),), options, text=text)
    if shape == "circle":
        radius = rng.choice(RADII[:3])
        return Command(op, "circle", (_grid_point(rng, frame, radius),), options, radius=radius)
    if shape == "rectangle":
        (x0, y0), (x1, y1) = _grid_point(rng, frame), _grid_point(rng, frame)
        if rng.random() < 0.8:
            x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        return Command(op, "rectangle", ((x0, y0), (x1, y1)), options)
    closed = shape == "closed"
    n = 3 if closed or rng.random() < 0.3 else 2
    start = _grid_point(rng, frame)
    points = [start]
    for _ in range(n - 1):
        x, y = points[-1]
        dx, dy = rng.choice(_grid(-3.5, 3.5)), rng.choice(_grid(-3.0, 3.0))
        points.append((x + dx, y + dy))
    return Command(op, "path", tuple(points), options, closed=closed)


def sample_program(rng: Any, templates: list[Template], frame: Frame) -> tuple[list[Command], list[np.ndarray]]:
    """Lines of the given templates placed one by one so that every line stays readable."""
    coverage = Coverage(frame, MIN_VISIBLE, NODE_PAD_PX)
    texts: list[str] = []
    for template in templates:
        for _ in range(SHAPE_TRIES):
            command = _place(rng, template, frame, texts)
            if shape_problem(command, frame):
                continue
            mask = coverage_mask(command, frame)
            if coverage.problem_with(command, mask) is None:
                break
        else:
            raise Rejected("crowded drawing")
        coverage.add(command, mask)
        if command.text:
            texts.append(command.text)
    return coverage.commands, coverage.masks


def candidate_edits(rng: Any, program: list[Command], line: int, kind: str, config: CodeEditConfig) -> list[dict[str, Any]]:
    """Edits of ``kind`` for the line, in random order (each still to be checked)."""
    command = program[line]
    if kind == "color":
        out = [{"attr": "color", "value": c} for c in config.colors if c != command.ink]
    elif kind == "coordinate":
        steps = [d for d in _grid(-config.max_move, config.max_move)]
        out = [{"attr": "point", "index": i, "value": [x + dx, y + dy]}
               for i, (x, y) in enumerate(command.points) for dx in steps for dy in steps if dx or dy]
    elif kind == "radius":
        out = [{"attr": "radius", "value": r} for r in RADII if r != command.radius]
    elif kind == "style":
        out = ([{"attr": "dash", "value": d} for d in DASHES if d != command.dash] if command.options
               else [{"attr": "dash", "value": d} for d in DASHES] + [{"attr": "width", "value": "thick"}])
    elif kind == "arrow":
        out = [{"attr": "arrow", "value": a} for a in ARROWS if a != command.arrow]
    else:
        used = {c.text for c in program if c.text}
        out = [{"attr": "text", "value": t} for t in NODE_TEXTS if t not in used]
    rng.shuffle(out)
    return out


def few_look_alikes(program: list[Command], line: int, kind: str) -> bool:
    """Whether an arrow or dash edit targets a line with too few look-alikes: the code alone would point at
    it (a tip swap or a dash swap has one possible value). Two other lines must carry a tip (a dash) too."""
    attr = {"arrow": "arrow", "style": "dash"}.get(kind)
    if attr is None or getattr(program[line], attr) is None:
        return False
    return sum(1 for i, c in enumerate(program) if i != line and getattr(c, attr)) < OPTION_LOOK_ALIKES


# ---------------------------------------------------------------- the task

def program_of(spec: dict[str, Any]) -> list[Command]:
    return [Command.from_dict(d) for d in spec["program"]]


def edited_program(spec: dict[str, Any]) -> list[Command]:
    program = program_of(spec)
    line = spec["edit"]["line"]
    return program[:line] + [apply_edit(program[line], spec["edit"])] + program[line + 1:]


def listing_text(spec: dict[str, Any]) -> str:
    """The code the listing image shows."""
    return format_program(program_of(spec), wrapped=spec["wrapped"])


class CodeEditTask(Task):
    name = "CodeEdit"
    domain = "code"
    consumption = "sequential"
    image_types_default = "different"
    version = "2"
    config_cls = CodeEditConfig

    def sample(self, rng: Any, config: CodeEditConfig, ctx: DrawContext) -> dict[str, Any]:
        kinds = list(config.edit_kinds)
        kind = kinds[ctx.balanced(len(kinds))]
        colors = tuple(config.colors)
        view = shifted_view(rng.choice(ORIGIN_SHIFTS[0]), rng.choice(ORIGIN_SHIFTS[1])) if config.random_origin else VIEW
        frame = Frame.from_view(view)
        n = rng.randint(config.min_lines, config.max_lines)
        line = rng.randrange(n)
        target = _target_template(rng, kind, colors)
        templates = [target if i == line or rng.random() < config.distractor_similarity else _random_template(rng, colors)
                     for i in range(n)]
        program, masks = sample_program(rng, templates, frame)
        if few_look_alikes(program, line, kind):
            raise Rejected(f"the only line with a {kind} option would give the edit away")
        reason = "no candidate edit"
        for edit in candidate_edits(rng, program, line, kind, config)[:EDIT_TRIES]:
            reason = edit_problem(program, line, edit, frame, masks, colors) or ""
            if not reason:
                break
        else:
            raise Rejected(reason)
        n_images = 2 if rng.random() < config.two_image_prob else 3
        templates_n = TWO_IMAGE_TEMPLATES if n_images == 2 else THREE_IMAGE_TEMPLATES
        return {
            "view": list(view),
            "program": [c.to_dict() for c in program],
            "edit": {"line": line, "kind": kind, **edit},
            "grid": rng.random() < config.grid_prob,
            "wrapped": rng.random() < config.wrap_prob,
            "n_images": n_images,
            "template": rng.randrange(len(templates_n)),
        }

    def question(self, spec: dict[str, Any]) -> str:
        n_images = spec["n_images"]
        templates = TWO_IMAGE_TEMPLATES if n_images == 2 else THREE_IMAGE_TEMPLATES
        return templates[spec["template"]] + (GRID_NOTE[n_images] if spec["grid"] else "")

    def solve(self, spec: dict[str, Any]) -> str:
        program = program_of(spec)
        edit = spec["edit"]
        return format_line(apply_edit(program[edit["line"]], edit))

    def render(self, spec: dict[str, Any]) -> list[Image.Image]:
        frame = Frame.from_view(spec["view"])
        listing = render_listing(listing_text(spec).splitlines())
        wanted = render_drawing(edited_program(spec), frame, spec["grid"])
        if spec["n_images"] == 2:
            return [listing, wanted]
        return [listing, render_drawing(program_of(spec), frame, spec["grid"]), wanted]


TASK = CodeEditTask()
