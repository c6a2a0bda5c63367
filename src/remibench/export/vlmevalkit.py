"""A TSV that VLMEvalKit reads as a custom multi-image dataset.

Columns: ``index``, ``image`` (the item's PNGs as base64, written as a Python list literal, the
form VLMEvalKit's loader turns back into a list), ``image_path`` (a file name per image, which
VLMEvalKit needs to write multi-image items to disk), ``question``, ``answer``, ``category`` (the
task) and ``id``. VLMEvalKit shows a custom dataset's images first and then the question, so the
question is the official prompt with each ``<imageN>`` tag written as ``[image N]``: the
``images-first`` layout of ``remi eval``, without its per-image captions. Its predictions
carry the ``id`` column back, so ``remi import-predictions`` can score them with ``remi score``.
"""

from __future__ import annotations

import base64
import csv
from collections.abc import Iterable
from pathlib import Path

from remibench.items import IMAGE_TAG, Item
from remibench.prompt import prompt_text

COLUMNS = ("index", "image", "image_path", "question", "answer", "category", "id")


def vlmevalkit_question(item: Item) -> str:
    """The text VLMEvalKit will show after the images."""
    return IMAGE_TAG.sub(lambda m: f"[image {m.group(1)}]", prompt_text(item))


def vlmevalkit_row(index: int, item: Item) -> dict[str, str]:
    encoded = [base64.b64encode(png).decode("ascii") for png in item.images]
    names = [f"{item.id}_{k}.png" for k in range(1, item.n_images + 1)]
    return {"index": str(index), "image": repr(encoded), "image_path": repr(names),
            "question": vlmevalkit_question(item), "answer": item.label, "category": item.task, "id": item.id}


def export_vlmevalkit(items: Iterable[Item], out: str | Path) -> int:
    """Write the TSV (through a temporary name); returns the row count."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    count = 0
    try:
        with partial.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter="\t", quoting=csv.QUOTE_MINIMAL)
            writer.writeheader()
            for index, item in enumerate(items):
                writer.writerow(vlmevalkit_row(index, item))
                count += 1
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(out)
    return count
