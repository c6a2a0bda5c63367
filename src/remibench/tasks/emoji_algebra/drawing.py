"""Lines of text tokens with emojis inline: how EmojiAlgebra draws its equations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageFont

from remibench.render.canvas import new_canvas
from remibench.render.emoji import load_emoji
from remibench.render.fonts import Family, font

TokenKind = Literal["text", "emoji"]
Token = tuple[TokenKind, str]

MINUS = "\u2212"  # the minus sign: wider than a hyphen, so "-" cannot be misread
_WIDE_GAP = frozenset({"+", "-", "="})  # binary operators; a sign written as MINUS stays tight
MIN_FONT_SIZE = 28  # text never shrinks below this, emojis never below MIN_EMOJI_SIZE
MIN_EMOJI_SIZE = 40
ASTERISK_SCALE = 1.3  # "*" is a small glyph in text fonts; enlarged it cannot be missed


def _display(text: str) -> str:
    return text.replace("-", MINUS)


@dataclass(frozen=True)
class LineStyle:
    """Sizes of one rendered line; ``scaled`` shrinks everything to fit a narrower canvas."""

    emoji_size: int = 72
    font_size: int = 44
    gap: int = 8
    wide_gap: int = 16
    family: Family = "sans"

    def scaled(self, factor: float) -> LineStyle:
        return LineStyle(
            emoji_size=max(MIN_EMOJI_SIZE, round(self.emoji_size * factor)),
            font_size=max(MIN_FONT_SIZE, round(self.font_size * factor)),
            gap=max(3, round(self.gap * factor)),
            wide_gap=max(6, round(self.wide_gap * factor)),
            family=self.family,
        )


def _ink(text: str, face: ImageFont.FreeTypeFont) -> tuple[int, int, int, int]:
    """Ink box of ``text`` relative to its left baseline point."""
    return face.getbbox(text, anchor="ls")


def _face(text: str, style: LineStyle) -> ImageFont.FreeTypeFont:
    size = round(style.font_size * ASTERISK_SCALE) if text == "*" else style.font_size
    return font(size, style.family)


def _placements(tokens: list[Token], style: LineStyle) -> tuple[list[tuple[int, Token]], int]:
    """Left x offset of each token's ink and the total ink width of the line."""
    x = 0
    placed: list[tuple[int, Token]] = []
    for i, token in enumerate(tokens):
        kind, value = token
        if i:
            wide = token[1] in _WIDE_GAP or tokens[i - 1][1] in _WIDE_GAP
            x += style.wide_gap if wide else style.gap
        placed.append((x, token))
        if kind == "emoji":
            x += style.emoji_size
        else:
            left, _, right, _ = _ink(_display(value), _face(value, style))
            x += right - left
    return placed, x


def line_width(tokens: list[Token], style: LineStyle) -> int:
    return _placements(tokens, style)[1]


def draw_token_line(tokens: list[Token], width: int, height: int, style: LineStyle) -> Image.Image:
    """One white RGB canvas with the tokens centred: text in black, emojis pasted with alpha.

    Digits and ``+ - = ?`` share one baseline; ``*`` (drawn small and high in most fonts) is
    enlarged and centred on the line's middle so it reads as multiplication, and ``-`` is drawn
    as a minus sign. A token ``"-"`` alone is a binary operator with wide gaps; a sign glued to
    a number (``"-4"``) or given as :data:`MINUS` sits tight against what follows.
    """
    image, draw = new_canvas(width, height)
    face = font(style.font_size, style.family)
    placed, total = _placements(tokens, style)
    x0 = (width - total) // 2
    middle = height // 2
    _, digit_top, _, digit_bottom = _ink("0", face)
    baseline = middle - (digit_top + digit_bottom) // 2
    for x, (kind, value) in placed:
        if kind == "emoji":
            picture = load_emoji(value, style.emoji_size)
            image.paste(picture, (x0 + x, middle - style.emoji_size // 2), picture)
            continue
        text = _display(value)
        token_face = _face(value, style)
        left, top, _, bottom = _ink(text, token_face)
        y = baseline
        if value == "*":
            y = middle - (top + bottom) // 2
        draw.text((x0 + x - left, y), text, fill="black", font=token_face, anchor="ls")
    return image


def line_layout(lines: list[list[Token]], *, min_width: int = 560, max_width: int = 960, margin: int = 32,
                style: LineStyle = LineStyle()) -> tuple[LineStyle, int]:
    """The style and canvas width shared by every line: all shrink alike if the widest does not fit."""
    widest = max(line_width(tokens, style) for tokens in lines)
    room = max_width - 2 * margin
    if widest > room:
        factor = room / widest
        while True:
            candidate = style.scaled(factor)
            widest = max(line_width(tokens, candidate) for tokens in lines)
            if widest <= room or candidate.emoji_size == MIN_EMOJI_SIZE:
                style = candidate
                break
            factor *= 0.97
    return style, max(min_width, widest + 2 * margin)  # wider than max_width only at the smallest font


def render_token_lines(lines: list[list[Token]], *, height: int = 150) -> list[Image.Image]:
    """One image per line, all of one width and style."""
    style, width = line_layout(lines)
    return [draw_token_line(tokens, width, height, style) for tokens in lines]
