"""The run folder side of ``remi eval --batch``: the same manifest, samples, cache and results as
an online run, with the requests going through :mod:`remibench.runner.batch`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from remibench import __version__
from remibench.backends.base import Backend, Response
from remibench.items import Item
from remibench.prompt import Message, build_message
from remibench.results import summarize
from remibench.runner.batch import BatchAPI, BatchOutcome, run_batches
from remibench.runner.cache import ResponseCache, cache_key
from remibench.runner.retry import CallOutcome
from remibench.runner.run import EvalOptions, _record, check_resumable
from remibench.runner.store import RunStore


def batch_api(backend: Backend) -> BatchAPI:
    """The batch adapter of an openai/, anthropic/ or google/ backend."""
    provider = backend.spec.split("/", 1)[0]
    if provider == "anthropic":
        from remibench.backends.anthropic_batch import AnthropicBatch

        return AnthropicBatch(backend)  # type: ignore[arg-type]
    if provider == "google":
        from remibench.backends.gemini_batch import GeminiBatch

        return GeminiBatch(backend)  # type: ignore[arg-type]
    from remibench.backends.openai_batch import OpenAIBatch

    return OpenAIBatch(backend)  # type: ignore[arg-type]


async def evaluate_batch(items: Callable[[], Iterable[Item]], backend: Backend, api: BatchAPI, out: str | Path,
                         options: EvalOptions, cache: ResponseCache | None, wait: bool = False,
                         poll_s: float = 30.0) -> dict[str, Any]:
    """Answer every item not yet answered through the batch API; returns the results so far."""
    store = RunStore(out)
    store.lock()
    try:
        settings = options.settings
        manifest: dict[str, Any] = {
            "remibench": __version__, **backend.describe(), "layout": options.layout, **settings.cache_fields(),
            "data": options.data, "split": options.split, "tasks": options.tasks, "limit": options.limit,
            "scorers": ["official", "lenient"],
        }
        check_resumable(store, manifest)
        previous = store.read_manifest() or {}
        manifest["started_at"] = previous.get("started_at") or datetime.now(timezone.utc).isoformat(timespec="seconds")
        store.open()
        store.write_manifest({**previous, **manifest})
        done = {i for i, r in store.latest().items() if not r.get("error")}
        model_id = backend.describe()

        def build(item: Item) -> Message:
            return build_message(item, options.layout)

        def record(item: Item, message: Message, response: Response | None, error: str | None, cached: bool = False) -> None:
            outcome = CallOutcome(response, error, 1, 0.0)
            store.append(_record(item, backend, options, message.describe(), message.fingerprint, outcome, cached))
            if response is not None and cache is not None and not cached:
                cache.put(cache_key(model_id, settings.cache_fields(), message.fingerprint), backend.spec, response)

        wanted: list[Item] = []
        for item in items():
            if item.id in done:
                continue
            message = build(item)
            hit = cache.get(cache_key(model_id, settings.cache_fields(), message.fingerprint)) if cache else None
            if hit is not None:
                record(item, message, hit, None, cached=True)
                done.add(item.id)
            else:
                wanted.append(item)
        try:
            outcome: BatchOutcome = await run_batches(wanted, api, store.folder, backend.spec, settings, build, done,
                                                      record, wait, poll_s)
        finally:
            await api.aclose()
            store.close()
        results = summarize(store.latest().values())
        results["settings"] = {**settings.cache_fields(), "layout": options.layout, "model": backend.spec}
        results["batch"] = {"submitted": outcome.submitted, "collected": outcome.collected, "running": outcome.running,
                            "answered": outcome.answered, "failed_items": outcome.failed_items,
                            "ended_without_results": outcome.ended_without_results}
        store.write_manifest({**previous, **manifest, "batch": results["batch"],
                              "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
        store.write_results(results)
        return results
    finally:
        store.unlock()
