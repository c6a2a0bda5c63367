"""Generation in shards: the hub's ``data/{split}-00000-of-000NN.parquet`` layout, one shard per job.

A shard is a contiguous run of the split's items (tasks in order, indices in order), so the rows
of all shards read in order are exactly the rows of a single-file run with the same seed. Each
shard is written whole by whoever makes it (a local process or a Ray worker) through a temporary
file that is renamed only on success, then recorded with its checksum in a ledger
(``.shards.jsonl``), so a run that dies is continued by running the same command again: shards
in the ledger whose file still has the recorded checksum are kept, the rest are made again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remibench import __version__
from remibench.generate import Job, make_item

LEDGER = ".shards.jsonl"
DEFAULT_SHARD_SIZE = 1000


class ShardError(ValueError):
    """A folder that holds another generation, or a shard that cannot be written."""


@dataclass(frozen=True)
class Shard:
    """Items ``start..stop-1`` of one split's job list (tasks in order, then indices)."""

    split: str
    index: int
    count: int
    ranges: tuple[tuple[str, int, int], ...]  # (task, first index, stop index)
    base_seed: int
    configs: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False, compare=False)

    @property
    def file(self) -> str:
        return f"data/{self.split}-{self.index:05d}-of-{self.count:05d}.parquet"

    @property
    def size(self) -> int:
        return sum(stop - start for _, start, stop in self.ranges)

    def jobs(self) -> Iterator[Job]:
        for task, start, stop in self.ranges:
            for index in range(start, stop):
                yield Job(task, self.split, index, self.base_seed, self.configs.get(task, {}))


def plan_shards(tasks: Sequence[str], n_per_task: int, split: str, base_seed: int, shard_size: int,
                configs: dict[str, dict[str, Any]] | None = None) -> list[Shard]:
    """Cut the split's items into shards of ``shard_size`` (the last one may be smaller)."""
    if shard_size < 1:
        raise ShardError("the shard size must be at least 1")
    flat = [(task, index) for task in tasks for index in range(n_per_task)]
    chunks = [flat[k:k + shard_size] for k in range(0, len(flat), shard_size)]
    shards = []
    for number, chunk in enumerate(chunks):
        ranges: list[tuple[str, int, int]] = []
        for task, index in chunk:
            if ranges and ranges[-1][0] == task and ranges[-1][2] == index:
                ranges[-1] = (task, ranges[-1][1], index + 1)
            else:
                ranges.append((task, index, index + 1))
        shards.append(Shard(split, number, len(chunks), tuple(ranges), base_seed, configs or {}))
    return shards


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_shard(shard: Shard, out: str) -> dict[str, Any]:
    """Make and write one shard; returns its ledger record. Runs in a worker process."""
    from remibench.data.writer import DatasetWriter

    started = time.perf_counter()
    path = Path(out) / shard.file
    items: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    images = 0
    with DatasetWriter(path) as writer:
        for job in shard.jobs():
            item = make_item(job)
            writer.write(item)
            images += item.n_images
            items[item.task] += 1
            rejected[item.task] += int(item.metadata.get("rejected_draws", 0))
    return {"file": shard.file, "split": shard.split, "index": shard.index, "rows": shard.size, "images": images,
            "bytes": path.stat().st_size, "sha256": file_sha256(path), "items": dict(items),
            "rejected_draws": dict(rejected), "seconds": round(time.perf_counter() - started, 3),
            "worker": f"{os.uname().nodename}:{os.getpid()}"}


class Ledger:
    """The finished shards of one generation, appended as each one lands (survives kill -9)."""

    def __init__(self, out: Path, settings: dict[str, Any]) -> None:
        self.path = out / LEDGER
        self.settings = settings
        self.done: dict[str, dict[str, Any]] = {}

    def load(self, force: bool) -> None:
        """Read what an earlier run of the same settings finished; refuse a different generation."""
        if force or not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps({"settings": self.settings}) + "\n")
            return
        lines = self.path.read_text().splitlines()
        try:
            header = json.loads(lines[0])["settings"] if lines else None
        except (ValueError, KeyError, TypeError):
            header = None
        if header != self.settings:
            raise ShardError(f"{self.path.parent} holds a generation with other settings; pass --force to replace it")
        for line in lines[1:]:
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash: that shard is made again
            self.done[record["file"]] = record

    def is_done(self, shard: Shard, out: Path) -> bool:
        record = self.done.get(shard.file)
        path = out / shard.file
        return (record is not None and path.is_file() and path.stat().st_size == record["bytes"]
                and file_sha256(path) == record["sha256"])

    def add(self, record: dict[str, Any]) -> None:
        with self.path.open("a") as handle:
            handle.write(json.dumps(record, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.done[record["file"]] = record


def generation_settings(tasks: Sequence[str], per_task: int, train_per_task: int, seed: int, shard_size: int,
                        configs: dict[str, dict[str, Any]] | None) -> dict[str, Any]:
    """What decides the rows and their cut into shards: a continued run must match it exactly."""
    from remibench.tasks.registry import get_task

    return {"remibench": __version__, "tasks": list(tasks), "per_task": {"test": per_task, "train": train_per_task},
            "seed": seed, "shard_size": shard_size, "configs": configs or {},
            "task_versions": {task: get_task(task).version for task in tasks}}
