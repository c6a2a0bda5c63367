"""The TikZ subset CodeEdit uses: a program model, its one formatter and its parser.

A program is a list of :class:`Command` values, one per line of code::

    \\draw[red, thick] (0,0) -- (2,1);          open path (2+ points), optional arrow tip
    \\draw[blue] (0,0) -- (1,2) -- (2,0) -- cycle;   closed outline
    \\draw[green, dashed] (0,0) rectangle (2,1);
    \\draw[orange] (1,1) circle (0.8);
    \\fill[blue] (1,1) circle (0.5);             fills: rectangle, circle, closed path
    \\node[red] at (1,2) {A};

Options keep the order they were written in, so an edit replaces an option in place (or adds
the only one) and the edited line reads exactly as a person would type it. :func:`format_line`
is the single source of the text of a line: the code listing, the label and the parser's round
trip all go through it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

Point = tuple[float, float]

COLOR_NAMES: tuple[str, ...] = (
    "black", "gray", "red", "orange", "brown", "olive", "yellow", "green", "teal", "cyan",
    "blue", "violet", "purple", "magenta", "pink",
)
WIDTHS: tuple[str, ...] = ("thick",)
DASHES: tuple[str, ...] = ("dashed", "dotted")
ARROWS: tuple[str, ...] = ("->", "<-", "<->")
OPS: tuple[str, ...] = ("draw", "fill", "node")
SHAPES: tuple[str, ...] = ("path", "rectangle", "circle", "node")
OPTION_GROUPS: dict[str, tuple[str, ...]] = {"color": COLOR_NAMES, "width": WIDTHS, "dash": DASHES, "arrow": ARROWS}


class TikzSyntaxError(ValueError):
    """A line outside the supported TikZ subset."""


@dataclass(frozen=True)
class Command:
    """One line of a program: what it draws and the options it was written with."""

    op: str                      # draw | fill | node
    shape: str                   # path | rectangle | circle | node
    points: tuple[Point, ...]    # path vertices, two rectangle corners, circle centre, node position
    options: tuple[str, ...] = ()
    closed: bool = False         # path ends with "-- cycle"
    radius: float | None = None  # circles only
    text: str | None = None      # nodes only

    # ------------------------------------------------------------ option views

    def _option(self, allowed: tuple[str, ...]) -> str | None:
        return next((o for o in self.options if o in allowed), None)

    @property
    def color(self) -> str | None:
        return self._option(COLOR_NAMES)

    @property
    def width(self) -> str | None:
        return self._option(WIDTHS)

    @property
    def dash(self) -> str | None:
        return self._option(DASHES)

    @property
    def arrow(self) -> str | None:
        return self._option(ARROWS)

    @property
    def ink(self) -> str:
        """The colour it is drawn in (TikZ's default is black)."""
        return self.color or "black"

    # ------------------------------------------------------------ JSON

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.op, "shape": self.shape, "points": [[x, y] for x, y in self.points],
                "options": list(self.options), "closed": self.closed, "radius": self.radius, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Command:
        radius = data.get("radius")
        return cls(op=data["op"], shape=data["shape"],
                   points=tuple((float(x), float(y)) for x, y in data["points"]),
                   options=tuple(data.get("options", ())), closed=bool(data.get("closed", False)),
                   radius=None if radius is None else float(radius), text=data.get("text"))

    def with_option(self, old: str | None, new: str) -> Command:
        """``old`` replaced by ``new`` in place, or ``new`` appended when ``old`` is None."""
        if old is None:
            return replace(self, options=self.options + (new,))
        return replace(self, options=tuple(new if o == old else o for o in self.options))


# ---------------------------------------------------------------- formatting

def format_number(value: float) -> str:
    """``2`` for 2.0, ``1.5`` for 1.5, never ``-0``."""
    value = round(float(value), 4) + 0.0
    return f"{value:g}"


def format_point(point: Point) -> str:
    return f"({format_number(point[0])},{format_number(point[1])})"


def format_line(command: Command) -> str:
    """The one way a command is written as code."""
    options = f"[{', '.join(command.options)}]" if command.options else ""
    head = f"\\{command.op}{options}"
    if command.shape == "node":
        return f"{head} at {format_point(command.points[0])} {{{command.text}}};"
    if command.shape == "rectangle":
        return f"{head} {format_point(command.points[0])} rectangle {format_point(command.points[1])};"
    if command.shape == "circle":
        return f"{head} {format_point(command.points[0])} circle ({format_number(command.radius or 0)});"
    path = " -- ".join(format_point(p) for p in command.points)
    return f"{head} {path}{' -- cycle' if command.closed else ''};"


def format_program(commands: list[Command], wrapped: bool = False) -> str:
    """The program as text, one command per line, optionally inside a tikzpicture environment."""
    lines = [format_line(c) for c in commands]
    if wrapped:
        lines = ["\\begin{tikzpicture}"] + ["  " + line for line in lines] + ["\\end{tikzpicture}"]
    return "\n".join(lines)


# ---------------------------------------------------------------- parsing

_NUM = r"-?(?:\d+(?:\.\d*)?|\.\d+)"
_HEAD = re.compile(r"^\s*\\(draw|fill|node)\s*(?:\[([^\]]*)\])?\s*(.*?)\s*;\s*$")
_NODE_BODY = re.compile(rf"^at\s*\(\s*({_NUM})\s*,\s*({_NUM})\s*\)\s*\{{([^{{}}]*)\}}$")
_TOKEN = re.compile(rf"\s*(?:(?P<coord>\(\s*{_NUM}\s*,\s*{_NUM}\s*\))|(?P<radius>\(\s*{_NUM}\s*\))"
                    r"|(?P<word>--|rectangle|circle|cycle))")
_ENV = re.compile(r"^\s*\\(begin|end)\{tikzpicture\}\s*$")


def _numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(_NUM, text)]


def _tokens(body: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(body):
        match = _TOKEN.match(body, pos)
        if match is None or match.end() == pos:
            raise TikzSyntaxError(f"cannot read {body[pos:]!r}")
        kind = match.lastgroup or ""
        value: Any = match.group(kind)
        if kind == "coord":
            x, y = _numbers(value)
            value = (x, y)
        elif kind == "radius":
            value = _numbers(value)[0]
        out.append((kind, value))
        pos = match.end()
        while pos < len(body) and body[pos].isspace():
            pos += 1
    return out


def _parse_options(text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    options = tuple(o.strip() for o in text.split(","))
    for group in (COLOR_NAMES, WIDTHS, DASHES, ARROWS):
        if sum(o in group for o in options) > 1:
            raise TikzSyntaxError(f"options {text!r} repeat one kind of option")
    unknown = [o for o in options if o not in COLOR_NAMES + WIDTHS + DASHES + ARROWS]
    if unknown:
        raise TikzSyntaxError(f"unsupported option(s) {', '.join(map(repr, unknown))}")
    return options


def _parse_path(op: str, options: tuple[str, ...], tokens: list[tuple[str, Any]]) -> Command:
    kinds = [k if k != "word" else v for k, v in tokens]
    if kinds == ["coord", "rectangle", "coord"]:
        return Command(op, "rectangle", (tokens[0][1], tokens[2][1]), options)
    if kinds == ["coord", "circle", "radius"]:
        return Command(op, "circle", (tokens[0][1],), options, radius=tokens[2][1])
    closed = kinds[-2:] == ["--", "cycle"]
    core = kinds[:-2] if closed else kinds
    if len(core) < 3 or core[0::2] != ["coord"] * (len(core) // 2 + 1) or core[1::2] != ["--"] * (len(core) // 2):
        raise TikzSyntaxError(f"unsupported path {' '.join(kinds)}")
    points = tuple(v for k, v in tokens if k == "coord")
    return Command(op, "path", points, options, closed=closed)


def parse_line(text: str) -> Command:
    """The command one line of code stands for; :class:`TikzSyntaxError` outside the subset."""
    head = _HEAD.match(text)
    if head is None:
        raise TikzSyntaxError(f"not a \\draw, \\fill or \\node line: {text!r}")
    op, options_text, body = head.groups()
    options = _parse_options(options_text)
    if op == "node":
        node = _NODE_BODY.match(body)
        if node is None:
            raise TikzSyntaxError(f"unsupported node {body!r}")
        command = Command("node", "node", ((float(node.group(1)), float(node.group(2))),), options, text=node.group(3))
    else:
        command = _parse_path(op, options, _tokens(body))
    problem = check_command(command)
    if problem:
        raise TikzSyntaxError(f"{text!r}: {problem}")
    return command


def parse_program(text: str) -> list[Command]:
    """Every command of a program; blank lines and the tikzpicture environment lines are skipped."""
    return [parse_line(line) for line in text.splitlines() if line.strip() and not _ENV.match(line)]


def check_command(command: Command) -> str | None:
    """Why a command lies outside the subset's rules, or None."""
    if command.op not in OPS or command.shape not in SHAPES:
        return f"unknown command {command.op} {command.shape}"
    if command.op == "node":
        if command.shape != "node" or any(o not in COLOR_NAMES for o in command.options):
            return "a node takes a colour option only"
        if not command.text or any(ch in command.text for ch in '{}\\"%$'):
            return "node text must be non-empty plain text"
        return None
    if command.op == "fill" and any(o not in COLOR_NAMES for o in command.options):
        return "\\fill takes a colour option only"
    if command.arrow and (command.shape != "path" or command.closed):
        return "arrow tips need an open path"
    if command.op == "fill" and command.shape == "path" and not command.closed:
        return "a filled path must end with -- cycle"
    if command.shape == "circle" and not (command.radius and command.radius > 0):
        return "a circle needs a positive radius"
    if command.shape == "path" and len(command.points) < (3 if command.closed else 2):
        return "too few points"
    return None


# ---------------------------------------------------------------- one-attribute edits

def apply_edit(command: Command, edit: dict[str, Any]) -> Command:
    """``command`` with one attribute set (``edit``: attr, value and, for points, index).

    An option attribute (color, width, dash, arrow) replaces the line's option of that kind in
    place, is appended when the line has none, or (value None) is removed.
    """
    attr, value = edit["attr"], edit.get("value")
    if attr in OPTION_GROUPS:
        old = next((o for o in command.options if o in OPTION_GROUPS[attr]), None)
        if value is None:
            return replace(command, options=tuple(o for o in command.options if o != old))
        return command.with_option(old, value)
    if attr == "point":
        points = list(command.points)
        points[edit["index"]] = (float(value[0]), float(value[1]))
        return replace(command, points=tuple(points))
    if attr == "radius":
        return replace(command, radius=float(value))
    if attr == "text":
        return replace(command, text=value)
    raise ValueError(f"unknown edit attribute {attr!r}")


def grid_values(low: float, high: float, step: float) -> list[float]:
    """``low, low + step, ..., high``."""
    return [low + step * i for i in range(int(round((high - low) / step)) + 1)]


def single_edits(command: Command, view: tuple[float, ...], step: float,
                 keep_point: Callable[[tuple[float, float]], bool] | None = None) -> list[dict[str, Any]]:
    """Every one-attribute edit of a line within the subset: any option of each kind (or none),
    any grid point of the view for each point, any radius up to 3 (text edits are left out).

    ``keep_point`` limits the point edits to new positions it accepts (a fast pre-filter).
    """
    edits: list[dict[str, Any]] = []
    kinds = ("color",) if command.op in ("node", "fill") else ("color", "width", "dash", "arrow")
    for attr in kinds:
        if attr == "arrow" and (command.shape != "path" or command.closed):
            continue
        edits += [{"attr": attr, "value": value} for value in (None,) + OPTION_GROUPS[attr]]
    xs, ys = grid_values(view[0], view[1], step), grid_values(view[2], view[3], step)
    for index in range(len(command.points)):
        edits += [{"attr": "point", "index": index, "value": [x, y]}
                  for x in xs for y in ys if keep_point is None or keep_point((x, y))]
    if command.shape == "circle":
        edits += [{"attr": "radius", "value": r} for r in grid_values(step, 3.0, step)]
    return [e for e in edits if apply_edit(command, e) != command]
