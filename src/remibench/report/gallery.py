"""Which items the report's gallery shows, with their images as small thumbnails.

Items where the runs disagree come first within each task, so the gallery shows what is
interesting. Each distinct image is encoded once, however many items or runs refer to it.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from remibench.data.loader import DatasetError, load_items
from remibench.items import IMAGE_TAG, TASK_NAMES
from remibench.report.runs import Run

THUMB_SIDE = 360


@dataclass
class Gallery:
    items: list[dict[str, Any]] = field(default_factory=list)
    images: dict[str, str] = field(default_factory=dict)  # sha -> data URI
    note: str = ""


def thumbnail(png: bytes) -> str:
    """A JPEG data URI no larger than THUMB_SIDE on its long side (white behind transparency)."""
    with Image.open(io.BytesIO(png)) as image:
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        flat.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        flat.save(out, format="JPEG", quality=82, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def question_segments(question: str) -> list[dict[str, Any]]:
    """The question as text pieces and image slots (1-based numbers), in order."""
    segments: list[dict[str, Any]] = []
    position = 0
    for match in IMAGE_TAG.finditer(question):
        if match.start() > position:
            segments.append({"text": question[position:match.start()]})
        segments.append({"image": int(match.group(1))})
        position = match.end()
    if position < len(question):
        segments.append({"text": question[position:]})
    return segments


def _choose(runs: list[Run], per_task: int) -> set[str]:
    verdicts: dict[str, set[bool]] = defaultdict(set)
    tasks: dict[str, str] = {}
    for run in runs:
        for item_id, record in run.records.items():
            verdicts[item_id].add(bool(record.get("correct")))
            tasks[item_id] = record["task"]
    by_task: dict[str, list[str]] = defaultdict(list)
    for item_id in sorted(tasks, key=lambda i: (len(verdicts[i]) == 1, i)):
        by_task[tasks[item_id]].append(item_id)
    return {item_id for ids in by_task.values() for item_id in ids[:per_task]}


def build_gallery(runs: list[Run], per_task: int = 12) -> Gallery:
    gallery = Gallery()
    chosen = _choose(runs, per_task)
    data = next((run.manifest.get("data") for run in runs if run.manifest.get("data")), None)
    split = next((run.manifest.get("split") for run in runs if run.manifest.get("split")), "test")
    if not data or not Path(data).exists():
        gallery.note = "Images are not shown: the dataset of these runs is not available on this machine."
    found: dict[str, Any] = {}
    if not gallery.note:
        try:
            for item in load_items(data, split):
                if item.id in chosen:
                    shas = []
                    for png in item.images:
                        sha = hashlib.sha256(png).hexdigest()[:16]
                        if sha not in gallery.images:
                            gallery.images[sha] = thumbnail(png)
                        shas.append(sha)
                    found[item.id] = {"question": item.question, "images": shas}
        except DatasetError as error:
            gallery.note = f"Images are not shown: {error}"
    def order(item_id: str) -> tuple[int, str]:
        task = next(r.records[item_id]["task"] for r in runs if item_id in r.records)
        return (TASK_NAMES.index(task) if task in TASK_NAMES else len(TASK_NAMES), item_id)

    for item_id in sorted(chosen, key=order):
        first = next(run.records[item_id] for run in runs if item_id in run.records)
        question = found.get(item_id, {}).get("question")
        entry = {
            "id": item_id, "task": first["task"], "label": first["label"],
            "segments": question_segments(question) if question else [],
            "images": found.get(item_id, {}).get("images", []),
            "answers": [],
        }
        for run in runs:
            record = run.records.get(item_id)
            if record is None:
                continue
            verdict = "error" if record.get("error") else ("bad_json" if record.get("bad_json") else
                                                           ("correct" if record.get("correct") else "wrong"))
            entry["answers"].append({"run": run.name, "response": record.get("response") or record.get("error") or "",
                                     "prediction": record.get("prediction"), "correct": bool(record.get("correct")),
                                     "correct_lenient": bool(record.get("correct_lenient")), "verdict": verdict})
        gallery.items.append(entry)
    return gallery
