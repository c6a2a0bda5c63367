"""``remi stats``: items per task, label distribution and properties of a dataset."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remibench.data.loader import load_items
from remibench.items import Item, is_interleaved
from remibench.tasks.registry import TASKS


@dataclass
class TaskStats:
    items: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    properties: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    rejected_draws: int = 0

    def top_label_share(self) -> float:
        if not self.items:
            return 0.0
        return self.labels.most_common(1)[0][1] / self.items

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "distinct_labels": len(self.labels),
            "top_labels": self.labels.most_common(5),
            "top_label_share": round(self.top_label_share(), 4),
            "properties": {k: dict(v) for k, v in self.properties.items()},
            "rejected_draws": self.rejected_draws,
        }


def item_properties(item: Item) -> dict[str, Any]:
    """Stored properties, or those derivable for published rows (no metadata)."""
    stored = item.metadata.get("properties")
    if stored:
        return stored
    info = TASKS[item.task]
    return {
        "n_images": item.n_images,
        "interleaved": is_interleaved(item.question),
        "consumption": info.consumption,
        "image_types": info.image_types,
        "domain": info.domain,
    }


def dataset_stats(source: str | Path, split: str = "test") -> dict[str, TaskStats]:
    """Per-task statistics of one split, tasks in file order."""
    stats: dict[str, TaskStats] = {}
    for item in load_items(source, split):
        entry = stats.setdefault(item.task, TaskStats())
        entry.items += 1
        entry.labels[item.label] += 1
        for key, value in item_properties(item).items():
            entry.properties[key][str(value)] += 1
        entry.rejected_draws += int(item.metadata.get("rejected_draws", 0))
    return stats
