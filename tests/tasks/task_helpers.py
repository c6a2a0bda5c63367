"""Helpers every task test shares: generated items and specs drawn exactly as `remi generate` draws them."""

from __future__ import annotations

from typing import Any

from remibench.generate import Job, draw, make_item
from remibench.items import Item


def generated_items(task: str, n: int, base_seed: int = 0, **config: Any) -> list[Item]:
    """Items 0..n-1 of the test split of ``task`` with knob overrides ``config``."""
    return [make_item(Job(task, "test", index, base_seed, config)) for index in range(n)]


def sampled_spec(task: str, index: int, base_seed: int = 0, **config: Any) -> dict[str, Any]:
    """The spec of test item ``index``, drawn without rendering its images."""
    return draw(Job(task, "test", index, base_seed, config), render=False).spec
