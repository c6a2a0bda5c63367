"""Fresh ReMI-style items for training, generated on demand (no files), and rewards that score them.

The published ReMI items are for evaluation only; these generators make unlimited new ones.
``create_dataset("Clocks", size=10_000, seed=1)`` is indexable: entry ``k`` is made when asked
for, from its own seed, so any entry can be regenerated alone and two processes agree on it.
Entries come from the ``train`` seed stream: they never share an item seed with a test set made
by ``remi generate``, whatever the base seeds (``remi verify A --against B`` checks two sets).

Scores use the official and lenient rules (:mod:`remibench.scoring`). Partial credit exists
where an answer has parts: a Maps route pair earns 0.5 per piece in its right place, and a
Charts answer ``(category, direction)`` earns 0.5 per part; everything else is 0 or 1.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from remibench.generate import Job, make_item
from remibench.items import Item
from remibench.scoring.lenient import extract_lenient, lenient_match
from remibench.scoring.official import BAD_JSON, normalise, official_match, prepare_label

TRAIN_SPLIT = "train"


def entry_of(item: Item) -> dict[str, Any]:
    """An item as a training entry: question, PIL images, answer and metadata."""
    from PIL import Image

    images = []
    for png in item.images:
        with Image.open(io.BytesIO(png)) as image:
            image.load()
            images.append(image.copy())
    return {"question": item.question, "images": images, "answer": item.label,
            "metadata": {**item.metadata, "task": item.task, "id": item.id}}


def _bare_answer(answer: str) -> str:
    """The answer inside a model's JSON reply if it gave one, else the text itself, normalised."""
    extracted = extract_lenient(answer)
    return extracted if extracted != BAD_JSON else normalise(answer)


def _parts(text: str) -> list[str]:
    return [piece.strip().lower() for piece in text.strip().strip("()").split(",")]


def score(task: str, answer: str | None, label: str) -> float:
    """1.0 for a right answer (official or lenient rules), partial credit where the answer has parts."""
    if answer is None:
        return 0.0
    predicted = _bare_answer(str(answer))
    if official_match(task, predicted, prepare_label(label)) or lenient_match(task, predicted, normalise(label)):
        return 1.0
    if task in ("Maps", "Charts"):
        got, want = _parts(predicted), _parts(label)
        if len(got) == len(want) == 2:
            return sum(g.replace(" ", "") == w.replace(" ", "") for g, w in zip(got, want)) / 2
    return 0.0


class ProceduralDataset(Sequence[dict[str, Any]]):
    """``size`` entries of one task, each generated when first asked for."""

    def __init__(self, task: str, size: int = 500, seed: int = 0, split: str = TRAIN_SPLIT, **knobs: Any) -> None:
        from remibench.generate import resolve_config

        if size < 1:
            raise ValueError(f"size must be >= 1, got {size}")
        resolve_config(task, knobs)  # refuse unknown or out-of-range knobs now, not at entry 9,000
        self.task, self.size, self.seed, self.split, self.knobs = task, size, seed, split, dict(knobs)

    def __len__(self) -> int:
        return self.size

    def item(self, index: int) -> Item:
        if not 0 <= index < self.size:
            raise IndexError(f"entry {index} of a dataset of {self.size}")
        return make_item(Job(self.task, self.split, index, self.seed, self.knobs))

    def __getitem__(self, index: int) -> dict[str, Any]:  # type: ignore[override]
        return entry_of(self.item(index if index >= 0 else self.size + index))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for index in range(self.size):
            yield self[index]

    def score_answer(self, answer: str | None, entry: Mapping[str, Any]) -> float:
        return score(entry["metadata"]["task"], answer, entry["answer"])


class CompositeDataset(ProceduralDataset):
    """Entries of several tasks, each entry's task drawn with the given weights from its own seed."""

    def __init__(self, weights: Mapping[str, float], size: int = 500, seed: int = 0, split: str = TRAIN_SPLIT,
                 knobs: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        if not weights or any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
            raise ValueError("weights must map task names to non-negative numbers, not all zero")
        self.members = {task: ProceduralDataset(task, size, seed, split, **dict((knobs or {}).get(task, {})))
                        for task in weights}
        self.weights = dict(weights)
        self.task, self.size, self.seed, self.split, self.knobs = "composite", size, seed, split, {}
        rng = random.Random(json.dumps([seed, split, sorted(self.weights.items())]))
        tasks, cumulative = list(self.weights), list(self.weights.values())
        self.plan = rng.choices(tasks, weights=cumulative, k=size)

    def item(self, index: int) -> Item:
        if not 0 <= index < self.size:
            raise IndexError(f"entry {index} of a dataset of {self.size}")
        return self.members[self.plan[index]].item(index)


def create_dataset(task: str | Mapping[str, float], size: int = 500, seed: int = 0, *, difficulty: str = "default",
                   **knobs: Any) -> ProceduralDataset:
    """A task's dataset (``task`` a name) or a weighted mix (``task`` a mapping of name -> weight).

    ``difficulty`` picks a preset of knobs (``easy``, ``default``, ``hard``; see
    :mod:`remibench.presets`); explicit ``knobs`` override it.
    """
    from remibench.presets import preset

    if isinstance(task, str):
        return ProceduralDataset(task, size, seed, **{**preset(task, difficulty), **knobs})
    if knobs:
        raise ValueError("a mix takes no knobs of its own; set them per task with CompositeDataset(knobs=...)")
    return CompositeDataset(task, size, seed, knobs={name: preset(name, difficulty) for name in task})


def remi_reward(completions: Sequence[Any], answer: Sequence[str], task: Sequence[str], **_: Any) -> list[float]:
    """A reward function as TRL's GRPO trainer calls it: completions (plain text, or conversations
    whose last message is the model's), plus the dataset's ``answer`` and ``task`` columns."""
    rewards = []
    for completion, label, name in zip(completions, answer, task):
        if isinstance(completion, list):
            content = completion[-1]["content"] if completion else ""
            if isinstance(content, list):
                content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
            completion = content
        rewards.append(score(name, str(completion), label))
    return rewards
