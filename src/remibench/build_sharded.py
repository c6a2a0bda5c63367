"""``remi generate --shard-size N`` / ``--engine ray``: both splits as shards, made in parallel.

The local engine writes shards from a pool of worker processes; the Ray engine sends each shard
to a Ray task on the local cluster or the one at ``--address`` / ``RAY_ADDRESS``. Either way each
shard is written by the process that made it, so no process holds more than one shard's rows,
and the rows equal those of ``remi generate`` without shards for the same seed.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from remibench.build import CARD_FILE, SUMMARY_FILE
from remibench.data.card import dataset_card
from remibench.shards import DEFAULT_SHARD_SIZE, Ledger, Shard, ShardError, generation_settings, plan_shards, write_shard

ENGINES = ("local", "ray")


def _write(args: tuple[Shard, str]) -> dict[str, Any]:
    return write_shard(*args)


def run_local(shards: Sequence[Shard], out: str, workers: int) -> Iterator[dict[str, Any]]:
    """Shards in worker processes (or in this one for a single worker), yielded as they finish."""
    if workers <= 1 or len(shards) < 2:
        for shard in shards:
            yield write_shard(shard, out)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(workers) as pool:
        yield from pool.imap_unordered(_write, [(shard, out) for shard in shards])


def run_ray(shards: Sequence[Shard], out: str, workers: int, address: str | None) -> Iterator[dict[str, Any]]:
    """Shards as Ray tasks, a bounded number in flight, yielded as they finish.

    A worker that dies is retried by Ray; a driver that dies loses only unfinished shards.
    On a cluster of several machines, ``out`` must be a folder every node sees (a shared mount).
    """
    try:
        import ray
    except ImportError as error:
        raise ShardError("--engine ray needs Ray: pip install 'remibench[ray]'") from error
    started_here = not ray.is_initialized()
    if started_here:
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
        address = address or os.environ.get("RAY_ADDRESS")
        if address:
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=workers, **options)
    try:
        remote = ray.remote(num_cpus=1, max_retries=3)(write_shard)
        limit = max(2, 2 * int(ray.cluster_resources().get("CPU", workers)))
        queue, pending = list(shards), {}
        while queue or pending:
            while queue and len(pending) < limit:
                shard = queue.pop(0)
                pending[remote.remote(shard, out)] = shard
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                pending.pop(ref)
                yield ray.get(ref)
    finally:
        if started_here:
            ray.shutdown()


def _prepare(out: Path, planned: set[str], force: bool, ledger: Ledger) -> None:
    """Refuse to mix with another generation; with ``force``, clear what is there first."""
    singles = [out / f"{split}.parquet" for split in ("test", "train") if (out / f"{split}.parquet").exists()]
    strays = [p for p in (out / "data").glob("*.parquet*")] if (out / "data").is_dir() else []
    if force:
        for path in singles + strays:
            path.unlink()
        ledger.load(force=True)
        return
    if singles:
        raise ShardError(f"{singles[0]} exists (a generation without shards); pass --force to replace it")
    if strays and not ledger.path.exists():
        raise ShardError(f"{out / 'data'} holds parquet files of another generation; pass --force to replace them")
    ledger.load(force=False)
    for path in strays:  # leftovers of an interrupted write, or of a different cut
        if path.name.endswith(".partial") or f"data/{path.name}" not in planned:
            path.unlink()


def build_sharded(out: str | Path, tasks: Sequence[str], per_task: int = 200, train_per_task: int = 2,
                  seed: int = 0, *, engine: str = "local", workers: int = 1, shard_size: int = DEFAULT_SHARD_SIZE,
                  configs: dict[str, dict[str, Any]] | None = None, address: str | None = None, force: bool = False,
                  on_shard: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Write (or finish) every shard of both splits; return (and save) a summary with their checksums."""
    if engine not in ENGINES:
        raise ShardError(f"unknown engine {engine!r}; engines are {', '.join(ENGINES)}")
    out = Path(out).resolve()
    started = time.perf_counter()
    settings = generation_settings(tasks, per_task, train_per_task, seed, shard_size, configs)
    shards = plan_shards(tasks, per_task, "test", seed, shard_size, configs)
    if train_per_task:
        shards += plan_shards(tasks, train_per_task, "train", seed, shard_size, configs)
    ledger = Ledger(out, settings)
    _prepare(out, {s.file for s in shards}, force, ledger)
    todo = [s for s in shards if not ledger.is_done(s, out)]
    made = run_local(todo, str(out), workers) if engine == "local" else run_ray(todo, str(out), workers, address)
    for record in made:
        ledger.add(record)
        if on_shard is not None:
            on_shard(record)
    records = sorted(ledger.done.values(), key=lambda r: (r["split"] != "test", r["index"]))
    summary: dict[str, Any] = {**settings, "engine": engine, "workers": workers, "layout": "shards",
                               "shards": [{k: r[k] for k in ("file", "rows", "images", "bytes", "sha256")} for r in records],
                               "resumed_shards": len(shards) - len(todo), "splits": {}}
    for split in ("test", "train"):
        items: Counter[str] = Counter()
        rejected: dict[str, int] = defaultdict(int)
        for record in (r for r in records if r["split"] == split):
            items.update(record["items"])
            for task, n in record["rejected_draws"].items():
                rejected[task] += n
        summary["splits"][split] = {"items": dict(items), "rejected_draws": dict(rejected)}
    summary["seconds"] = round(time.perf_counter() - started, 3)
    (out / SUMMARY_FILE).write_text(json.dumps(summary, indent=2) + "\n")
    (out / CARD_FILE).write_text(dataset_card(summary, "shards"), encoding="utf-8")
    return summary
