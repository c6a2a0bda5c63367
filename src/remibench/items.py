"""The one item model shared by generators, files, prompts and scoring.

An :class:`Item` is what a row of the published ReMI parquet holds (question with
``<imageN>`` tags, 2..6 PNG images, a label string, a task name) plus the two columns this
project adds: a stable ``id`` and a JSON ``metadata`` object describing how the item was made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

TASK_NAMES: tuple[str, ...] = (
    "EmojiAlgebra",
    "FuncRead",
    "GeomShape",
    "GeomCost",
    "Collisions",
    "Clocks",
    "Schedule",
    "Charts",
    "CodeEdit",
    "Isomorphism",
    "Maps",
    "RefCoco",
    "IQ",
)

MIN_IMAGES = 2
MAX_IMAGES = 6
IMAGE_TAG = re.compile(r"<image(\d+)>")

Consumption = Literal["sequential", "set"]
ImageTypes = Literal["same", "different"]


@dataclass(frozen=True)
class Properties:
    """The per-item properties the paper's analyses group by."""

    n_images: int
    interleaved: bool
    consumption: Consumption
    image_types: ImageTypes
    domain: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_images": self.n_images,
            "interleaved": self.interleaved,
            "consumption": self.consumption,
            "image_types": self.image_types,
            "domain": self.domain,
        }


@dataclass(frozen=True)
class Item:
    """One benchmark item; ``images`` are PNG-encoded bytes in tag order."""

    id: str
    task: str
    question: str
    images: tuple[bytes, ...]
    label: str
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def n_images(self) -> int:
        return len(self.images)


def image_tags(question: str) -> list[int]:
    """The image numbers of the ``<imageN>`` tags, in the order they appear."""
    return [int(m) for m in IMAGE_TAG.findall(question)]


def tag_problem(question: str, n_images: int) -> str | None:
    """Why the question's tags do not match ``n_images`` images, or None if they do.

    The published rule: tags ``<image1>``..``<imageK>``, each exactly once, in increasing order,
    with K the number of non-null images, 2 <= K <= 6.
    """
    if not MIN_IMAGES <= n_images <= MAX_IMAGES:
        return f"has {n_images} images; ReMI items have {MIN_IMAGES} to {MAX_IMAGES}"
    tags = image_tags(question)
    expected = list(range(1, n_images + 1))
    if tags != expected:
        shown = ", ".join(f"<image{t}>" for t in tags) or "no tags"
        return f"question has tags [{shown}] but {n_images} images need <image1>..<image{n_images}> once each, in order"
    return None


def is_interleaved(question: str) -> bool:
    """True unless every tag stands before the question's text (the Charts style)."""
    leading = re.match(r"^(?:\s*<image\d+>)*", question)
    n_leading = len(image_tags(leading.group(0))) if leading else 0
    return n_leading < len(image_tags(question))
