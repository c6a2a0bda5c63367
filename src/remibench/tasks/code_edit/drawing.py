"""A syntax-highlighted code listing with line numbers, as an editor would show it.

Commands, options, keywords, numbers and text each get their own colour on a light background;
the font is the packaged monospace face. The highlighter knows TikZ-like lines only, but any
text renders (unknown characters keep the plain colour).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PIL import Image, ImageDraw

from remibench.render.fonts import font

BACKGROUND = (250, 250, 245)
GUTTER = (236, 236, 229)
LINE_NUMBER = (140, 140, 140)
COLOURS: dict[str, tuple[int, int, int]] = {
    "command": (0, 62, 170),
    "option": (165, 0, 125),
    "keyword": (0, 122, 70),
    "number": (196, 84, 0),
    "text": (175, 28, 28),
    "env": (0, 122, 122),
    "punct": (75, 75, 75),
    "plain": (30, 30, 30),
}
BOLD = frozenset({"command", "keyword"})

_NUM = r"-?(?:\d+(?:\.\d*)?|\.\d+)"
_LEXER = re.compile(
    rf"(?P<command>\\[A-Za-z]+)|(?P<options>\[[^\]]*\])|(?P<braced>\{{[^{{}}]*\}})"
    rf"|(?P<keyword>--|rectangle\b|circle\b|cycle\b|at\b)|(?P<number>{_NUM})|(?P<punct>[(),;])|(?P<space>\s+)|(?P<plain>.)"
)


def tokens(line: str) -> list[tuple[str, str]]:
    """(kind, text) pieces of one line, in order; their texts join back to the line."""
    out: list[tuple[str, str]] = []
    after_env = False
    for match in _LEXER.finditer(line):
        kind, text = match.lastgroup or "plain", match.group()
        if kind == "options":
            out.append(("punct", "["))
            for k, piece in enumerate(re.split(r"(,\s*)", text[1:-1])):
                out.append(("punct" if k % 2 else "option", piece))
            out.append(("punct", "]"))
        elif kind == "braced":
            out += [("punct", "{"), ("env" if after_env else "text", text[1:-1]), ("punct", "}")]
        elif kind == "space":
            out.append(("plain", text))
        else:
            out.append((kind, text))
        if kind != "space":
            after_env = kind == "command" and text in ("\\begin", "\\end")
    return [(kind, text) for kind, text in out if text]


def render_listing(lines: Sequence[str], size: int = 19, min_width: int = 440) -> Image.Image:
    """The listing image: numbered lines, highlighted, on a light background."""
    regular, bold = font(size, "mono"), font(size, "mono-bold")
    char_w = regular.getlength("M")
    line_h = round(size * 1.6)
    digits = len(str(len(lines)))
    gutter_w = round(char_w * digits + 2 * size * 0.8)
    pad = round(size * 0.8)
    text_w = max((len(line) for line in lines), default=0) * char_w
    width = max(min_width, round(gutter_w + pad + text_w + pad))
    height = line_h * len(lines) + 2 * pad
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, gutter_w - 1, height), fill=GUTTER)
    for row, line in enumerate(lines):
        y = pad + row * line_h + line_h / 2
        draw.text((gutter_w - size * 0.6, y), str(row + 1), fill=LINE_NUMBER, font=regular, anchor="rm")
        for kind, text in _layers(line):
            face = bold if kind in BOLD else regular
            draw.text((gutter_w + pad, y), text, fill=COLOURS.get(kind, COLOURS["plain"]), font=face, anchor="lm")
    return image


def _layers(line: str) -> list[tuple[str, str]]:
    """One string per token kind, other characters blanked: a monospace face keeps every column
    in place, and drawing a handful of strings per line is much faster than one per token."""
    layers: dict[str, str] = {}
    column = 0
    for kind, text in tokens(line):
        if not text.isspace():
            layer = layers.get(kind, "")
            layers[kind] = layer + " " * (column - len(layer)) + text
        column += len(text)
    return list(layers.items())
