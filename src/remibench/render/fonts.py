"""Fonts loaded from files that the project's dependencies install, never by family name.

The DejaVu families ship inside matplotlib's package data (a dependency), so every machine
that installs remibench has the same glyphs and item images are identical across machines.
The files are located without importing matplotlib, which would cost a second at start-up.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Literal

from PIL import ImageFont

Family = Literal["sans", "sans-bold", "mono", "mono-bold", "serif", "serif-bold"]

_FILES: dict[str, str] = {
    "sans": "DejaVuSans.ttf",
    "sans-bold": "DejaVuSans-Bold.ttf",
    "mono": "DejaVuSansMono.ttf",
    "mono-bold": "DejaVuSansMono-Bold.ttf",
    "serif": "DejaVuSerif.ttf",
    "serif-bold": "DejaVuSerif-Bold.ttf",
}


class FontMissing(RuntimeError):
    """The packaged font files are not where the installed matplotlib keeps them."""


@lru_cache(maxsize=1)
def font_dir() -> Path:
    """The folder holding matplotlib's bundled TrueType fonts."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FontMissing("matplotlib is not installed; it provides the DejaVu fonts remibench draws with")
    folder = Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "fonts" / "ttf"
    if not (folder / _FILES["sans"]).is_file():
        raise FontMissing(f"DejaVu fonts not found in {folder}")
    return folder


def font_path(family: Family = "sans") -> Path:
    return font_dir() / _FILES[family]


@lru_cache(maxsize=256)
def font(size: int, family: Family = "sans") -> ImageFont.FreeTypeFont:
    """A cached font object: loading a face once per process keeps rendering fast."""
    return ImageFont.truetype(str(font_path(family)), size)
