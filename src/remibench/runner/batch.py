"""``remi eval --batch``: the same items through a provider's batch API, at its batch price.

Every step that costs or commits is written down before the next one starts, in
``RUN/batches.jsonl`` (append-only, one event per line): a chunk of items is *planned* under a
key, its request file *uploaded*, the batch *submitted*, its results *collected*. Running the
same command again reads those events and continues: it polls and collects batches already
submitted, submits an uploaded file instead of uploading again, and before submitting a planned
chunk asks the provider whether a batch with that key already exists (a run killed between
submitting and writing the id down), so nothing is paid for twice. Collected answers become
samples and cache entries exactly as online answers do, so ``--batch`` and online runs finish
each other's work; items a batch reports as failed, and items of expired or failed batches,
are requested again by the next run.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from remibench.backends.base import GenerationSettings, Response
from remibench.items import Item
from remibench.prompt import Message

EVENTS = "batches.jsonl"
ENDED = ("completed", "expired", "failed", "cancelled")


@dataclass
class BatchStatus:
    state: str  # running, completed, expired, failed, cancelled
    detail: str = ""


class BatchAPI(Protocol):
    """What a provider's batch API offers; each provider module implements it."""

    max_requests: int
    max_bytes: int

    def custom_id(self, item_id: str) -> str: ...
    def request_line(self, custom_id: str, message: Message, settings: GenerationSettings) -> dict[str, Any]: ...
    async def upload(self, key: str, lines: list[dict[str, Any]]) -> str | None: ...
    async def submit(self, key: str, file_id: str | None, lines: list[dict[str, Any]]) -> str: ...
    async def find(self, key: str, custom_ids: list[str], planned_at: float) -> str | None: ...
    async def status(self, batch_id: str) -> BatchStatus: ...
    async def results(self, batch_id: str, custom_ids: list[str]) -> dict[str, Response | str]: ...
    async def aclose(self) -> None: ...


@dataclass
class Chunk:
    key: str
    ids: list[str]
    file_id: str | None = None
    batch_id: str | None = None
    state: str = "planned"  # planned, uploaded, submitted, collected, ended-without-results
    detail: str = ""
    planned_at: float = 0.0


@dataclass
class Ledger:
    path: Path
    chunks: dict[str, Chunk] = field(default_factory=dict)

    def load(self) -> Ledger:
        if not self.path.exists():
            return self
        lines = self.path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                if number == len(lines):
                    break  # a line cut short by a kill: the step it recorded is taken again
                raise
            chunk = self.chunks.setdefault(event["key"], Chunk(event["key"], event.get("ids", []),
                                                               planned_at=event.get("planned_at", 0.0)))
            chunk.state = event["event"]
            chunk.file_id = event.get("file_id", chunk.file_id)
            chunk.batch_id = event.get("batch_id", chunk.batch_id)
            chunk.detail = event.get("detail", chunk.detail)
        return self

    def record(self, chunk: Chunk, event: str, **fields: Any) -> None:
        chunk.state = event
        for name, value in fields.items():
            setattr(chunk, name, value)
        entry = {"event": event, "key": chunk.key, **fields}
        if event == "planned":
            chunk.planned_at = time.time()
            entry.update(ids=chunk.ids, planned_at=chunk.planned_at)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")
            handle.flush()
            os.fsync(handle.fileno())


def chunk_key(folder: Path, model: str, ids: Sequence[str], serial: int) -> str:
    """Unique per planned chunk (``serial`` counts the run's chunks), so a retried chunk never
    matches the batch of an earlier attempt when the provider is asked for it by key."""
    payload = json.dumps([str(folder.resolve()), model, sorted(ids), serial])
    return "remi-" + hashlib.sha256(payload.encode()).hexdigest()[:20]


def plan_chunks(api: BatchAPI, lines: list[tuple[str, dict[str, Any]]]) -> list[list[tuple[str, dict[str, Any]]]]:
    """Cut request lines into batches within the provider's request-count and size limits."""
    chunks: list[list[tuple[str, dict[str, Any]]]] = [[]]
    size = 0
    for custom_id, line in lines:
        line_bytes = len(json.dumps(line)) + 1
        if chunks[-1] and (len(chunks[-1]) >= api.max_requests or size + line_bytes > api.max_bytes):
            chunks.append([])
            size = 0
        chunks[-1].append((custom_id, line))
        size += line_bytes
    return [c for c in chunks if c]


@dataclass
class BatchOutcome:
    submitted: int = 0
    collected: int = 0
    running: int = 0
    answered: int = 0
    failed_items: int = 0
    ended_without_results: int = 0


async def run_batches(items: Iterable[Item], api: BatchAPI, folder: Path, model: str, settings: GenerationSettings,
                      build: Callable[[Item], Message], done: set[str],
                      record: Callable[[Item, Message, Response | None, str | None], None],
                      wait: bool, poll_s: float) -> BatchOutcome:
    """Collect, submit and (with ``wait``) poll until every batch of this run has ended."""
    ledger = Ledger(folder / EVENTS).load()
    outcome = BatchOutcome()
    pending: dict[str, Item] = {item.id: item for item in items if item.id not in done}
    in_flight = {i for c in ledger.chunks.values() if c.state in ("planned", "uploaded", "submitted") for i in c.ids}
    lines = [(i, api.request_line(api.custom_id(i), build(item), settings))
             for i, item in pending.items() if i not in in_flight]
    for part in plan_chunks(api, lines):
        ids = [custom_id for custom_id, _ in part]
        chunk = Chunk(chunk_key(folder, model, ids, len(ledger.chunks)), ids)
        ledger.chunks[chunk.key] = chunk
        ledger.record(chunk, "planned")
    while True:
        outcome.running = 0
        for chunk in list(ledger.chunks.values()):
            if chunk.state in ("collected", "ended-without-results"):
                continue
            custom_ids = [api.custom_id(i) for i in chunk.ids]
            if chunk.state in ("planned", "uploaded"):
                existing = await api.find(chunk.key, custom_ids, chunk.planned_at)
                if existing is None:
                    request_lines = [api.request_line(api.custom_id(i), build(pending[i]), settings)
                                     for i in chunk.ids if i in pending]
                    if not request_lines:
                        ledger.record(chunk, "ended-without-results", detail="no item left to ask")
                        continue
                    if chunk.state == "planned":
                        file_id = await api.upload(chunk.key, request_lines)
                        if file_id is not None:
                            ledger.record(chunk, "uploaded", file_id=file_id)
                    existing = await api.submit(chunk.key, chunk.file_id, request_lines)
                    outcome.submitted += 1
                ledger.record(chunk, "submitted", batch_id=existing)
            status = await api.status(chunk.batch_id)  # type: ignore[arg-type]
            if status.state not in ENDED:
                outcome.running += 1
                continue
            results = (await api.results(chunk.batch_id, custom_ids)  # type: ignore[arg-type]
                       if status.state in ("completed", "expired") else {})
            by_custom_id = dict(zip(custom_ids, chunk.ids))
            for custom_id, result in results.items():
                item = pending.get(by_custom_id.get(custom_id, ""))
                if item is None or item.id in done:
                    continue
                if isinstance(result, Response):
                    record(item, build(item), result, None)
                    done.add(item.id)
                    outcome.answered += 1
                else:
                    record(item, build(item), None, f"batch request failed: {result} (retried by the next run)")
                    outcome.failed_items += 1
            if status.state == "completed":
                ledger.record(chunk, "collected")
                outcome.collected += 1
            else:
                ledger.record(chunk, "ended-without-results", detail=f"{status.state}: {status.detail}")
                outcome.ended_without_results += 1
        if not wait or outcome.running == 0:
            return outcome
        await asyncio.sleep(poll_s)
