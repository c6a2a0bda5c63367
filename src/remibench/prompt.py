"""Item -> one user message of ordered text and image parts, as the official protocol builds it.

``interleaved`` is the official layout (PROTOCOL.md §2). The others serve the paper's ablations:
``images-first`` (every image, then the whole text), ``merged`` (all images tiled into one
labelled image, then the text) and ``text-only`` (no images: what the text alone gives away).
In the last three each tag becomes a reference such as ``[image 2]``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property

from remibench.items import IMAGE_TAG, Item

COMMON_HEAD = (' Output only a valid JSON string with two fields: "explanation" and "answer". '
               "Do not output anything else. The explanation field contains your reasoning. ")
_NUMERIC = "The answer field contains the numeric value corresponding to your final answer."
TAILS: dict[str, str] = {
    "Collisions": _NUMERIC + " If it is a yes or no question, the answer field must be 0 for no and 1 for yes.",
    "Clocks": _NUMERIC,
    "EmojiAlgebra": _NUMERIC,
    "GeomShape": _NUMERIC,
    "GeomCost": _NUMERIC,
    "RefCoco": _NUMERIC,
    "Schedule": "The answer field contains a string corresponding to your final answer.",
    "Maps": "The answer field contains a string corresponding to your final answer.",
    "Charts": "The answer field contains a string or numerical value corresponding to your final answer.",
    "FuncRead": "The answer field contains a string or numeric value corresponding to your final answer.",
    "CodeEdit": "The answer field contains the line of code corresponding to your final answer.",
    "IQ": "The answer field contains the a string corresponding to your final choice.",
    "Isomorphism": "The answer field must be 1 if the two graphs are isomorphic and 0 otherwise.",
}
LAYOUTS: tuple[str, ...] = ("interleaved", "images-first", "merged", "text-only")


def appendix(task: str) -> str:
    """The instruction appended to every question of ``task`` (starts with a space)."""
    return COMMON_HEAD + TAILS[task]


def prompt_text(item: Item) -> str:
    """``"Question: " + question + appendix``, tags still in place."""
    return "Question: " + item.question + appendix(item.task)


@dataclass(frozen=True)
class TextPart:
    text: str


@dataclass(frozen=True)
class ImagePart:
    png: bytes

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.png).hexdigest()


Part = TextPart | ImagePart


@dataclass(frozen=True)
class Message:
    """One user turn: parts in the order the model must see them, and the layout that made it."""

    parts: tuple[Part, ...]
    layout: str

    @property
    def images(self) -> list[bytes]:
        return [p.png for p in self.parts if isinstance(p, ImagePart)]

    def describe(self) -> list[dict[str, str]]:
        """The exact parts sent, with images as hashes (what gets recorded per sample)."""
        return [{"text": p.text} if isinstance(p, TextPart) else {"image_sha256": p.sha256} for p in self.parts]

    @cached_property
    def fingerprint(self) -> str:
        """A hash of the exact prompt: an edited prompt never matches a cached answer."""
        payload = json.dumps({"layout": self.layout, "parts": self.describe()}, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _referenced(text: str) -> str:
    return IMAGE_TAG.sub(lambda m: f"[image {m.group(1)}]", text)


def _interleaved(item: Item) -> list[Part]:
    parts: list[Part] = []
    rest = prompt_text(item)
    for k, png in enumerate(item.images, start=1):
        before, tag, rest = rest.partition(f"<image{k}>")
        if not tag:
            raise ValueError(f"{item.id}: <image{k}> missing from the question")
        if before:
            parts.append(TextPart(before))
        parts.append(ImagePart(png))
    if rest:
        parts.append(TextPart(rest))
    return parts


def _images_first(item: Item) -> list[Part]:
    parts: list[Part] = []
    for k, png in enumerate(item.images, start=1):
        parts += [TextPart(f"[image {k}]"), ImagePart(png)]
    return parts + [TextPart(_referenced(prompt_text(item)))]


def _merged(item: Item) -> list[Part]:
    from remibench.merge_images import merge_labelled

    return [ImagePart(merge_labelled(item.images)), TextPart(_referenced(prompt_text(item)))]


def _text_only(item: Item) -> list[Part]:
    return [TextPart(_referenced(prompt_text(item)))]


_BUILDERS = {"interleaved": _interleaved, "images-first": _images_first, "merged": _merged, "text-only": _text_only}


def build_message(item: Item, layout: str = "interleaved") -> Message:
    """The message for ``item`` in ``layout``."""
    if layout not in _BUILDERS:
        raise ValueError(f"unknown layout {layout!r}; layouts are: {', '.join(LAYOUTS)}")
    return Message(tuple(_BUILDERS[layout](item)), layout)
