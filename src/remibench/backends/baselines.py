"""Offline baselines: ``oracle`` (the pipeline check), ``majority`` and ``random`` (naive floors).

They answer in the official JSON format so they pass through the same extraction and scoring
as any model.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable

from remibench.backends.base import Backend, GenerationSettings, Response
from remibench.items import Item
from remibench.prompt import Message
from remibench.seeding import derive_seed


def official_json(answer: str, explanation: str) -> str:
    return json.dumps({"explanation": explanation, "answer": answer})


def answer_for_label(task: str, label: str) -> str:
    """What a model that knows the label should answer: RefCoco labels list every acceptable
    image number, and the scorer wants one of them."""
    return label.split(",")[0] if task == "RefCoco" else label


class Oracle(Backend):
    """Answers the label: any score below 100% is a bug in the pipeline, not the model."""

    spec = "baseline/oracle"
    cacheable = False

    async def generate(self, message: Message, item: Item, settings: GenerationSettings) -> Response:
        return Response(official_json(answer_for_label(item.task, item.label), "oracle"))


class Majority(Backend):
    """The most frequent train label of each task (ties: the first seen)."""

    spec = "baseline/majority"
    cacheable = False

    def __init__(self, train_items: Iterable[Item]) -> None:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for item in train_items:
            counts[item.task][item.label] += 1
        self.answers = {task: c.most_common(1)[0][0] for task, c in counts.items()}

    async def generate(self, message: Message, item: Item, settings: GenerationSettings) -> Response:
        answer = self.answers.get(item.task)
        if answer is None:
            return Response("no train label for this task")
        return Response(official_json(answer_for_label(item.task, answer), "most frequent train label"))


class RandomGuess(Backend):
    """Uniform over a task's answer space: the distinct labels the task has in the data.

    Seeded by item id, so reruns give the same guesses."""

    spec = "baseline/random"
    cacheable = False

    def __init__(self, items: Iterable[Item], seed: int = 0) -> None:
        spaces: dict[str, set[str]] = defaultdict(set)
        for item in items:
            spaces[item.task].add(item.label)
        self.spaces = {task: sorted(labels) for task, labels in spaces.items()}
        self.seed = seed

    async def generate(self, message: Message, item: Item, settings: GenerationSettings) -> Response:
        space = self.spaces.get(item.task) or [item.label]
        choice = random.Random(derive_seed("random-baseline", self.seed, item.id)).choice(space)
        return Response(official_json(answer_for_label(item.task, choice), "uniform guess"))
