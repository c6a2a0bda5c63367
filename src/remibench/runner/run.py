"""``remi eval``: stream items to a backend with bounded concurrency, record every sample once.

Running the same command again with the same folder continues where it stopped: answered ids
are skipped, errors are retried, and any prompt already answered by the same model with the
same settings comes from the response cache instead of the network.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from remibench import __version__
from remibench.backends.base import Backend, GenerationSettings, Response, UnsupportedInput
from remibench.items import Item
from remibench.prompt import build_message
from remibench.results import summarize
from remibench.runner.cache import ResponseCache, cache_key
from remibench.runner.retry import CallOutcome, RetryPolicy, call_with_retries
from remibench.runner.store import RESULTS, RunStore, RunStoreError, read_json_object
from remibench.scoring import score_lenient, score_official
from remibench.stats import item_properties

# Settings that must match for a folder to be continued (anything else starts a new run).
RESUME_KEYS = ("model", "endpoint", "layout", "temperature", "max_tokens")


@dataclass
class EvalOptions:
    layout: str = "interleaved"
    settings: GenerationSettings = field(default_factory=GenerationSettings)
    concurrency: int = 16
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    data: str = ""
    split: str = "test"
    tasks: list[str] | None = None
    limit: int | None = None


def score_record(task: str, label: str, response: str) -> dict[str, Any]:
    """Both verdicts of one response."""
    prediction, correct = score_official(task, response, label)
    lenient_prediction, correct_lenient = score_lenient(task, response, label)
    return {"prediction": prediction, "correct": correct, "prediction_lenient": lenient_prediction,
            "correct_lenient": correct_lenient, "bad_json": prediction == "BAD_JSON"}


def _record(item: Item, backend: Backend, options: EvalOptions, message_parts: list[dict[str, str]],
            fingerprint: str, outcome: CallOutcome, cached: bool) -> dict[str, Any]:
    response = outcome.response
    record: dict[str, Any] = {
        "id": item.id, "task": item.task, "label": item.label,
        "response": response.text if response else None,
        "error": outcome.error, "layout": options.layout, "model": backend.spec,
        "latency_s": round(outcome.latency_s, 4), "attempts": outcome.attempts, "cached": cached,
        "input_tokens": response.input_tokens if response else None,
        "output_tokens": response.output_tokens if response else None,
        "prompt_fingerprint": fingerprint, "parts": message_parts,
        "properties": item_properties(item),
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    if response is not None:
        record.update(score_record(item.task, item.label, response.text))
    else:
        record.update({"prediction": None, "correct": False, "prediction_lenient": None,
                       "correct_lenient": False, "bad_json": False})
    return record


class DatasetHasher:
    """A fingerprint of the evaluated items (ids, questions, labels, image bytes), in order."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()

    def add(self, item: Item) -> None:
        self.digest.update(f"{item.id}\x1f{item.task}\x1f{item.question}\x1f{item.label}".encode())
        for png in item.images:
            self.digest.update(hashlib.sha256(png).digest())

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def check_resumable(store: RunStore, manifest: dict[str, Any]) -> None:
    old = store.read_manifest()
    if old is None:
        return
    changed = [k for k in RESUME_KEYS if old.get(k) != manifest.get(k)]
    if changed:
        what = ", ".join(f"{k}: {old.get(k)!r} -> {manifest.get(k)!r}" for k in changed)
        raise RunStoreError(f"{store.folder} holds a run with other settings ({what}); use another --out")


def check_limits(items: Iterable[Item], backend: Backend, layout: str) -> None:
    """Refuse, before any request, items whose images the backend cannot take."""
    limits = backend.limits
    if limits.max_images is None and limits.max_image_bytes is None and limits.max_side is None:
        return
    bad = []
    for item in items:
        problem = limits.problem(build_message(item, layout))
        if problem:
            bad.append(f"{item.id}: {problem}")
    if bad:
        shown = "; ".join(bad[:5]) + (f"; and {len(bad) - 5} more" if len(bad) > 5 else "")
        raise UnsupportedInput(f"{backend.spec} cannot take {len(bad)} item(s) as they are ({shown}). "
                               "Nothing was sent. Choose --layout merged, other --tasks, or another model.")


async def evaluate(items: Callable[[], Iterable[Item]], backend: Backend, out: str | Path,
                   options: EvalOptions, cache: ResponseCache | None = None,
                   on_record: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Run ``backend`` over ``items()`` into ``out``; returns the results (also written).

    ``items`` is called once to check image limits (when the backend has any) and once to run,
    so the dataset is streamed and never held in memory.
    """
    store = RunStore(out)
    store.lock()
    try:
        return await _evaluate(items, backend, store, options, cache, on_record)
    finally:
        store.unlock()


async def _evaluate(items: Callable[[], Iterable[Item]], backend: Backend, store: RunStore, options: EvalOptions,
                    cache: ResponseCache | None, on_record: Callable[[dict[str, Any]], None] | None) -> dict[str, Any]:
    settings = options.settings
    manifest: dict[str, Any] = {
        "remibench": __version__, **backend.describe(), "layout": options.layout,
        **settings.cache_fields(), "timeout": settings.timeout, "max_retries": options.retry.max_retries,
        "concurrency": options.concurrency, "data": options.data, "split": options.split, "tasks": options.tasks, "limit": options.limit,
        "scorers": ["official", "lenient"],
    }
    check_resumable(store, manifest)
    check_limits(items(), backend, options.layout)
    previous = store.read_manifest() or {}
    manifest["started_at"] = previous.get("started_at") or datetime.now(timezone.utc).isoformat(timespec="seconds")
    store.open()
    store.write_manifest({**previous, **manifest})
    done = {i for i, r in store.latest().items() if not r.get("error")}
    hasher = DatasetHasher()
    rng = random.Random(0)
    started = time.perf_counter()
    queue: asyncio.Queue[Item | None] = asyncio.Queue(maxsize=max(2, options.concurrency * 2))
    model_id = backend.describe()

    stopped: list[Exception] = []

    async def produce() -> None:
        """Feed the workers; a bad row stops the feeding, and the requests already sent finish
        and are recorded before the error is reported, so nothing paid for is lost."""
        try:
            for item in items():
                hasher.add(item)
                if item.id not in done:
                    await queue.put(item)
        except Exception as error:  # noqa: BLE001 - re-raised once the workers are done
            stopped.append(error)
        for _ in range(options.concurrency):
            await queue.put(None)

    async def work() -> None:
        while (item := await queue.get()) is not None:
            message = build_message(item, options.layout)
            key = cache_key(model_id, settings.cache_fields(), message.fingerprint)
            hit: Response | None = cache.get(key) if cache is not None and backend.cacheable else None
            if hit is not None:
                outcome = CallOutcome(hit, None, 0, 0.0)
            else:
                outcome = await call_with_retries(backend, message, item, settings, options.retry, rng)
            record = _record(item, backend, options, message.describe(), message.fingerprint, outcome, hit is not None)
            store.append(record)  # first the sample, so a cache that fails later loses nothing paid for
            if hit is None and outcome.response is not None and cache is not None and backend.cacheable:
                cache.put(key, backend.spec, outcome.response)
            if on_record is not None:
                on_record(record)

    tasks = [asyncio.ensure_future(produce())] + [asyncio.ensure_future(work()) for _ in range(options.concurrency)]
    try:
        await asyncio.gather(*tasks)
        if stopped:
            raise stopped[0]
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    finally:
        store.close()
        elapsed = time.perf_counter() - started
        results = summarize(store.latest().values())
        results["wall_time_s"] = round(previous.get("wall_time_s", 0.0) + elapsed, 3)
        results["settings"] = {**settings.cache_fields(), "layout": options.layout, "model": backend.spec}
        manifest_now = {**previous, **manifest, **backend.stats(), "wall_time_s": results["wall_time_s"],
                        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        fingerprint = hasher.hexdigest()
        if previous.get("dataset_fingerprint") not in (None, fingerprint):
            results["warnings"] = ["the evaluated items differ from those of the run this folder continued"]
        manifest_now["dataset_fingerprint"] = fingerprint
        store.write_manifest(manifest_now)
        store.write_results(results)
        await backend.aclose()
    return results


def rescore(out: str | Path) -> dict[str, Any]:
    """Recompute both verdicts of every stored response and the results; calls nothing."""
    store = RunStore(out)
    if not store.samples_path.exists():
        raise RunStoreError(f"{out}: no {store.samples_path.name}; is this a run folder?")
    store.lock()
    try:
        return _rescore(store)
    finally:
        store.unlock()


def _rescore(store: RunStore) -> dict[str, Any]:
    records = list(store.latest().values())
    for record in records:
        if record.get("response") is not None and not record.get("error"):
            record.update(score_record(record["task"], record["label"], record["response"]))
    store.rewrite(records)
    results = summarize(records)
    results_path = store.folder / RESULTS
    old = read_json_object(results_path) if results_path.exists() else {}
    for key in ("wall_time_s", "settings", "warnings"):
        if key in old:
            results[key] = old[key]
    store.write_results(results)
    return results
