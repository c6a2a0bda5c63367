"""One annotator's run: the items in file order, what is answered or skipped, and the records.

A person is scored like a model, so every answer becomes a sample record of the same shape as
``remi eval`` writes (model ``human/<annotator>``, layout ``interleaved``), with the typed answer
wrapped as the official JSON response, scored by the same rules and appended to the same
``samples.jsonl``; ``results.json`` and ``manifest.json`` are rewritten after each record.
``remi score`` and reports therefore read the folder as any other run.

A skip is stored as an unanswered sample (``error: "skipped"``, no response): it counts as wrong,
like a model that gave no answer, the results say the run is incomplete, and the item can be
revisited. Opening the same folder again continues where the annotator stopped; the latest
record of an item wins, so a revisited item may be answered again.
"""

from __future__ import annotations

import io
import json
import math
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from PIL import Image

from remibench import __version__
from remibench.annotate.hints import answer_hint, official_instruction
from remibench.data.loader import load_items
from remibench.items import IMAGE_TAG, Item
from remibench.prompt import build_message
from remibench.results import summarize
from remibench.runner.run import DatasetHasher, check_resumable, score_record
from remibench.runner.store import RunStore
from remibench.stats import item_properties

LAYOUT = "interleaved"
SKIPPED = "skipped"
MAX_ANSWER_CHARS = 4000
MAX_SECONDS = 24 * 3600.0
ANNOTATOR_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
DEFAULT_ANNOTATOR = "anonymous"

Status = Literal["open", "answered", "skipped"]


class AnnotationError(ValueError):
    """A request the annotation run cannot honour (bad answer, bad name, no items)."""


class UnknownItem(AnnotationError):
    """An item index or image number outside the loaded items."""


def check_annotator(name: str) -> str:
    """The name if it is usable in ``human/<name>`` and in file names; raises otherwise."""
    if not ANNOTATOR_NAME.fullmatch(name):
        raise AnnotationError(f"annotator name {name!r}: use 1-40 letters, digits, '.', '_' or '-', "
                              "starting with a letter or digit")
    return name


def official_response(typed: str) -> str:
    """The typed answer as the JSON a model is asked for. Non-ASCII stays as typed, because the
    official extraction deletes backslashes and would mangle ``\\u`` escapes."""
    return json.dumps({"explanation": "", "answer": typed}, ensure_ascii=False)


def typed_answer(response: str | None) -> str | None:
    """The typed answer back out of a stored response, or None."""
    if response is None:
        return None
    try:
        value = json.loads(response)
    except json.JSONDecodeError:
        return None
    answer = value.get("answer") if isinstance(value, dict) else None
    return answer if isinstance(answer, str) else None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise AnnotationError("seconds must be a non-negative number")
    return min(float(value), MAX_SECONDS)


def question_parts(question: str) -> list[dict[str, Any]]:
    """The question as text runs and image numbers, in reading order."""
    pieces = IMAGE_TAG.split(question)
    parts: list[dict[str, Any]] = []
    for k, piece in enumerate(pieces):
        if k % 2:
            parts.append({"image": int(piece)})
        elif piece:
            parts.append({"text": piece})
    return parts


def _image_size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size


@dataclass(frozen=True)
class _Prepared:
    """What every record of an item repeats: the prompt as a model gets it, and properties."""

    parts: list[dict[str, str]]
    fingerprint: str
    properties: dict[str, Any]


class AnnotationSession:
    """The run of one annotator over ``items``; thread-safe, as the web server is threaded."""

    def __init__(self, items: Sequence[Item], out: str | Path, annotator: str = DEFAULT_ANNOTATOR, *,
                 data: str = "", split: str = "test", tasks: list[str] | None = None,
                 limit: int | None = None) -> None:
        if not items:
            raise AnnotationError("no items to annotate; check --data, --tasks and --limit")
        self.items = list(items)
        self.annotator = check_annotator(annotator)
        self.store = RunStore(out)
        self.source = {"data": data, "split": split, "tasks": tasks, "limit": limit}
        self._latest: dict[str, dict[str, Any]] = {}
        self._prepared: dict[str, _Prepared] = {}
        self._manifest: dict[str, Any] = {}
        self._warnings: list[str] = []
        self._lock = threading.Lock()
        self._open = False

    @property
    def model(self) -> str:
        return f"human/{self.annotator}"

    @property
    def total(self) -> int:
        return len(self.items)

    # -- lifecycle ---------------------------------------------------------------------------

    def open(self) -> AnnotationSession:
        """Check the folder belongs to this annotator, read what is done, write the manifest."""
        manifest: dict[str, Any] = {
            "remibench": __version__, "model": self.model, "endpoint": "", "annotator": self.annotator,
            "layout": LAYOUT, **self.source, "items": self.total, "scorers": ["official", "lenient"],
        }
        self.store.lock()
        try:
            check_resumable(self.store, manifest)
        except BaseException:
            self.store.unlock()
            raise
        previous = self.store.read_manifest() or {}
        hasher = DatasetHasher()
        for item in self.items:
            hasher.add(item)
        fingerprint = hasher.hexdigest()
        if previous.get("dataset_fingerprint") not in (None, fingerprint):
            self._warnings = ["the annotated items differ from those of the run this folder continued"]
        self.store.open()
        self._latest = self.store.latest()
        self._manifest = {**previous, **manifest, "dataset_fingerprint": fingerprint,
                          "started_at": previous.get("started_at") or _now()}
        self._write_summary()
        self._open = True
        return self

    def close(self) -> None:
        self.store.close()
        self.store.unlock()
        self._open = False

    def __enter__(self) -> AnnotationSession:
        return self if self._open else self.open()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------

    def status(self, index: int) -> Status:
        record = self._latest.get(self._item(index).id)
        if record is None:
            return "open"
        return "skipped" if record.get("error") else "answered"

    def state(self) -> dict[str, Any]:
        """Progress for the page: per-item status and where to resume (None: nothing left open)."""
        with self._lock:
            statuses = [self.status(k) for k in range(self.total)]
        return {
            "annotator": self.annotator, "total": self.total,
            "answered": statuses.count("answered"), "skipped": statuses.count("skipped"),
            "statuses": statuses, "resume": statuses.index("open") if "open" in statuses else None,
        }

    def view(self, index: int) -> dict[str, Any]:
        """Everything the page shows of one item, and nothing that gives the answer away:
        no label, no metadata (it holds the spec the label is computed from), no verdict."""
        item = self._item(index)
        parts = question_parts(item.question)
        for part in parts:
            if "image" in part:
                part["width"], part["height"] = _image_size(item.images[part["image"] - 1])
        with self._lock:
            record = self._latest.get(item.id)
            status = self.status(index)
        return {
            "index": index, "total": self.total, "id": item.id, "task": item.task, "parts": parts,
            "hint": answer_hint(item.task), "instruction": official_instruction(item.task), "status": status,
            "answer": typed_answer(record.get("response")) if record else None,
        }

    def image(self, index: int, number: int) -> bytes:
        """PNG bytes of image ``number`` (1-based, as in the ``<imageN>`` tags) of an item."""
        item = self._item(index)
        if not 1 <= number <= item.n_images:
            raise UnknownItem(f"item {index} has no image {number}")
        return item.images[number - 1]

    # -- recording ---------------------------------------------------------------------------

    def answer(self, index: int, typed: Any, seconds: Any) -> dict[str, Any]:
        """Record a typed answer (verbatim), scored officially; returns the new state."""
        if not isinstance(typed, str) or not typed.strip():
            raise AnnotationError("the answer is empty; type an answer or skip the item")
        if len(typed) > MAX_ANSWER_CHARS:
            raise AnnotationError(f"the answer is longer than {MAX_ANSWER_CHARS} characters")
        item = self._item(index)
        spent = _seconds(seconds)
        with self._lock:
            response = official_response(typed)
            record = self._record(item, spent, response, None)
            record.update(score_record(item.task, item.label, response))
            self._append(record)
        return self.state()

    def skip(self, index: int, seconds: Any) -> dict[str, Any]:
        """Record an item as skipped, unless it already has an answer (which a skip keeps)."""
        item = self._item(index)
        spent = _seconds(seconds)
        with self._lock:
            if self.status(index) != "answered":
                record = self._record(item, spent, None, SKIPPED)
                record.update({"prediction": None, "correct": False, "prediction_lenient": None,
                               "correct_lenient": False, "bad_json": False})
                self._append(record)
        return self.state()

    def _item(self, index: int) -> Item:
        if not isinstance(index, int) or not 0 <= index < self.total:
            raise UnknownItem(f"no item {index}; items are 0..{self.total - 1}")
        return self.items[index]

    def _prepare(self, item: Item) -> _Prepared:
        if item.id not in self._prepared:
            message = build_message(item, LAYOUT)
            self._prepared[item.id] = _Prepared(message.describe(), message.fingerprint, item_properties(item))
        return self._prepared[item.id]

    def _record(self, item: Item, spent: float, response: str | None, error: str | None) -> dict[str, Any]:
        """A record with the eval runner's fields; time and attempts add up over visits."""
        before = self._latest.get(item.id) or {}
        prepared = self._prepare(item)
        return {
            "id": item.id, "task": item.task, "label": item.label, "response": response, "error": error,
            "layout": LAYOUT, "model": self.model,
            "latency_s": round((before.get("latency_s") or 0.0) + spent, 4),
            "attempts": int(before.get("attempts") or 0) + 1, "cached": False,
            "input_tokens": None, "output_tokens": None,
            "prompt_fingerprint": prepared.fingerprint, "parts": prepared.parts,
            "properties": prepared.properties, "finished_at": _now(),
        }

    def _append(self, record: dict[str, Any]) -> None:
        self.store.append(record)
        self._latest[record["id"]] = record
        self._write_summary()

    def _write_summary(self) -> None:
        """results.json (as ``remi score`` would compute it) and the manifest, after each record."""
        results = summarize(self._latest.values())
        spent = round(sum(r.get("latency_s") or 0.0 for r in self._latest.values()), 3)
        results["wall_time_s"] = spent
        results["settings"] = {"layout": LAYOUT, "model": self.model}
        if self._warnings:
            results["warnings"] = list(self._warnings)
        self._manifest.update({"wall_time_s": spent, "updated_at": _now()})
        self.store.write_manifest(self._manifest)
        self.store.write_results(results)


def open_session(data: str | Path, out: str | Path, annotator: str = DEFAULT_ANNOTATOR, *, split: str = "test",
                 tasks: Iterable[str] | None = None, limit: int | None = None) -> AnnotationSession:
    """Load the items (file order) and open the annotator's run folder; close it when done.

    Items are held in memory while the app runs; ``limit`` bounds that for large sets.
    """
    task_list = list(tasks) if tasks is not None else None
    items = list(load_items(data, split, tasks=task_list, limit=limit))
    session = AnnotationSession(items, out, annotator, data=str(data), split=split, tasks=task_list, limit=limit)
    return session.open()
