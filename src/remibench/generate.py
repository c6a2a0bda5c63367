"""Turning (task, config, seed, split, index) into finished items, alone or in worker processes."""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image

from remibench import __version__
from remibench.items import Item, Properties, is_interleaved, tag_problem
from remibench.render.canvas import to_png
from remibench.seeding import attempt_rng, item_seed
from remibench.tasks.base import DrawContext, Rejected, TaskConfig
from remibench.tasks.registry import get_task

MAX_ATTEMPTS = 500


class GenerationError(RuntimeError):
    """A generator could not produce a valid item (a bug, or knobs that admit no valid draw)."""


@dataclass(frozen=True)
class Job:
    """One item to make: everything that determines it."""

    task: str
    split: str
    index: int
    base_seed: int
    config: dict[str, Any]


def item_id(task: str, split: str, base_seed: int, index: int) -> str:
    """Stable, unique id: task, split, base seed and index."""
    return f"{task}-{split}-s{base_seed}-{index:05d}"


def default_config(task: str) -> TaskConfig:
    return get_task(task).config_cls()


def resolve_config(task: str, overrides: dict[str, Any] | None) -> TaskConfig:
    """The task's config with ``overrides`` applied and validated."""
    cls = get_task(task).config_cls
    config = cls.from_dict(overrides or {})
    return config


@dataclass(frozen=True)
class Draw:
    """A job's accepted spec with its question, label and images, and the draws rejected on the way."""

    spec: dict[str, Any]
    question: str
    label: str
    images: list[Image.Image] | None
    config: TaskConfig
    seed: int
    attempt: int
    rejections: Counter[str]


def draw(job: Job, *, render: bool = True) -> Draw:
    """Sample, solve and (with ``render``) draw the images of one job, retrying degenerate draws.

    ``render`` never rejects a draw (a contract test checks it for every task), so the spec drawn
    without images is the one ``make_item`` keeps: use it where many specs are wanted fast.
    """
    task = get_task(job.task)
    config = resolve_config(job.task, job.config)
    seed = item_seed(job.base_seed, job.task, job.split, job.index)
    ctx = DrawContext(base_seed=job.base_seed, task=job.task, split=job.split, index=job.index, seed=seed)
    rejections: Counter[str] = Counter()
    for attempt in range(MAX_ATTEMPTS):
        try:
            spec = task.sample(attempt_rng(seed, attempt), config, ctx)
            question = task.question(spec)
            label = task.solve(spec)
            images = task.render(spec) if render else None
        except Rejected as rejected:
            rejections[rejected.reason] += 1
            continue
        return Draw(spec, question, label, images, config, seed, attempt, rejections)
    top = ", ".join(f"{reason} x{n}" for reason, n in rejections.most_common(3))
    raise GenerationError(f"{job.task} item {job.index} ({job.split}): no valid draw in {MAX_ATTEMPTS} attempts ({top})")


def make_item(job: Job) -> Item:
    """Sample, solve and render one item; degenerate draws are retried and counted."""
    task = get_task(job.task)
    drawn = draw(job)
    config = drawn.config
    spec, question, label, seed, attempt, rejections = (drawn.spec, drawn.question, drawn.label, drawn.seed,
                                                          drawn.attempt, drawn.rejections)
    images = drawn.images or []
    problem = tag_problem(question, len(images))
    if problem:
        raise GenerationError(f"{job.task} item {job.index}: {problem}")
    if not label.strip():
        raise GenerationError(f"{job.task} item {job.index}: empty label")
    properties = Properties(
        n_images=len(images),
        interleaved=is_interleaved(question),
        consumption=task.consumption,
        image_types=task.image_types(spec),
        domain=task.domain,
    )
    metadata = {
        "spec": spec,
        "config": config.to_dict(),
        "properties": properties.to_dict(),
        "generator": {"task_version": task.version, "remibench": __version__},
        "seed": seed,
        "base_seed": job.base_seed,
        "split": job.split,
        "index": job.index,
        "attempt": attempt,
        "rejected_draws": sum(rejections.values()),
        "rejections": dict(rejections),
    }
    return Item(
        id=item_id(job.task, job.split, job.base_seed, job.index),
        task=job.task,
        question=question,
        images=tuple(to_png(image) for image in images),
        label=label,
        metadata=metadata,
    )


def plan_jobs(tasks: Sequence[str], n_per_task: int, split: str, base_seed: int,
              configs: dict[str, dict[str, Any]] | None = None) -> list[Job]:
    """Every job of one split, tasks in the given order, indices 0..n-1."""
    configs = configs or {}
    for task in tasks:  # fail fast on a bad config, before any worker starts
        resolve_config(task, configs.get(task))
    return [Job(task, split, i, base_seed, configs.get(task, {})) for task in tasks for i in range(n_per_task)]


def run_jobs(jobs: Sequence[Job], workers: int = 1) -> Iterator[Item]:
    """Items in job order; with ``workers > 1`` they are made in that many processes."""
    if workers <= 1 or len(jobs) < 2:
        for job in jobs:
            yield make_item(job)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and os.name == "posix" else "spawn"
    chunk = max(1, min(16, len(jobs) // (workers * 8) or 1))
    with multiprocessing.get_context(method).Pool(workers) as pool:
        yield from pool.imap(make_item, jobs, chunksize=chunk)
