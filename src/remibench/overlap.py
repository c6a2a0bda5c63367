"""Do two sets share items? Training data must never hold a test item, nor an item drawn from the
same seed, or a model trained on it is scored on what it has seen."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from remibench.data.loader import load_items
from remibench.items import Item


def content_key(item: Item) -> str:
    """The question and the image bytes: two items with the same key are the same item to a model."""
    digest = hashlib.sha256(item.question.encode("utf-8"))
    for png in item.images:
        digest.update(hashlib.sha256(png).digest())
    return digest.hexdigest()


@dataclass
class Overlap:
    checked: int = 0
    same_content: list[tuple[str, str]] = field(default_factory=list)
    same_seed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.same_content and not self.same_seed


def _index(items: Iterable[Item]) -> tuple[dict[str, str], dict[int, str]]:
    contents: dict[str, str] = {}
    seeds: dict[int, str] = {}
    for item in items:
        contents.setdefault(content_key(item), item.id)
        if isinstance(item.metadata.get("seed"), int):
            seeds.setdefault(item.metadata["seed"], item.id)
    return contents, seeds


def find_overlap(source: str | Path | Iterable[Item], other: str | Path, splits: tuple[str, ...] = ("test", "train")) -> Overlap:
    """Items of ``source`` (a dataset or any items) that ``other`` also holds, by content or by item seed."""
    contents, seeds = _index(item for split in splits for item in _items(other, split))
    result = Overlap()
    items = source if not isinstance(source, (str, Path)) else (i for s in splits for i in _items(source, s))
    for item in items:
        result.checked += 1
        key = content_key(item)
        if key in contents:
            result.same_content.append((item.id, contents[key]))
        seed = item.metadata.get("seed")
        if isinstance(seed, int) and seed in seeds:
            result.same_seed.append((item.id, seeds[seed]))
    return result


def _items(source: str | Path, split: str) -> Iterable[Item]:
    from remibench.data.loader import DatasetError

    try:
        yield from load_items(source, split)
    except DatasetError as error:
        if split == "train" and f"no {split}" in str(error):
            return
        raise
