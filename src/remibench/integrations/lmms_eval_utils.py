"""The functions an exported lmms-eval task folder calls (its ``utils.py`` imports them from here).

lmms-eval hands each function a *doc*: one row of the ReMI data as ``datasets`` decodes it
(``question``, ``label``, ``task``, ``image_1``..``image_6`` as PIL images or None). The messages
are the official prompt split at its tags into text and image parts, in order, exactly as
``remi eval`` builds them; the verdicts are this project's official and lenient scorers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from remibench.data.schema import IMAGE_COLUMNS
from remibench.items import TASK_NAMES, Item
from remibench.prompt import ImagePart, appendix, build_message
from remibench.scoring import score_lenient, score_official


def _visuals(doc: dict[str, Any]) -> list[Any]:
    return [doc[column] for column in IMAGE_COLUMNS if doc.get(column) is not None]


def _parts(doc: dict[str, Any]) -> list[tuple[str, Any]]:
    """("text", str) and ("image", PIL image) parts of the official interleaved prompt."""
    visuals = _visuals(doc)
    markers = tuple(f"\x00image{k}\x00".encode() for k in range(len(visuals)))
    item = Item(id=str(doc.get("id") or ""), task=doc["task"], question=doc["question"], images=markers,
                label=doc["label"])
    parts: list[tuple[str, Any]] = []
    for part in build_message(item, "interleaved").parts:
        if isinstance(part, ImagePart):
            parts.append(("image", visuals[markers.index(part.png)]))
        else:
            parts.append(("text", part.text))
    return parts


def doc_to_messages(doc: dict[str, Any], lmms_eval_specific_kwargs: Any = None) -> list[dict[str, Any]]:
    """One user turn of interleaved text and image parts (chat models)."""
    content = [{"type": "image", "url": value.convert("RGB")} if kind == "image" else {"type": "text", "text": value}
               for kind, value in _parts(doc)]
    return [{"role": "user", "content": content}]


def doc_to_visual(doc: dict[str, Any]) -> list[Any]:
    """The images in tag order (models without chat messages)."""
    return [image.convert("RGB") for image in _visuals(doc)]


def doc_to_text(doc: dict[str, Any], lmms_eval_specific_kwargs: Any = None) -> str:
    """The official prompt text with its tags left in place (models without chat messages)."""
    return "Question: " + doc["question"] + appendix(doc["task"])


def doc_to_target(doc: dict[str, Any]) -> str:
    return str(doc["label"])


def process_results(doc: dict[str, Any], results: list[str]) -> dict[str, float]:
    """Both verdicts of the first response, as 1.0 or 0.0 (averaged per task by lmms-eval)."""
    response = results[0] if results else ""
    _, official = score_official(doc["task"], response, doc["label"])
    _, lenient = score_lenient(doc["task"], response, doc["label"])
    return {"accuracy": float(official), "accuracy_lenient": float(lenient)}


def only(task: str) -> Callable[[Any], Any]:
    """A ``process_docs`` that keeps the rows of one ReMI task."""
    if task not in TASK_NAMES:
        raise ValueError(f"unknown task {task!r}")

    def keep(dataset: Any) -> Any:
        return dataset.filter(lambda row: row["task"] == task)

    return keep
