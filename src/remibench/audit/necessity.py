"""Counterfactual necessity: is image k (or the text) needed, i.e. can changing it alone change the answer?

A part is *necessary* for an item when some variation of that part alone (up to ``tries``)
changes the label. A label-changing variation is checked before it counts: its question must be
byte-identical to the item's (for an image part), every other image must render to the same
bytes, and the varied part itself must change. A variation that breaks those rules is reported
as a fault of the task's audit code, never counted as evidence.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit
from remibench.render.canvas import to_png
from remibench.tasks.base import Rejected, Task


@dataclass
class NecessityResult:
    """One item: per part, True (necessary), False (no variation changed the label)."""

    necessary: dict[Part, bool] = field(default_factory=dict)
    distractors: dict[int, str] = field(default_factory=dict)
    faults: list[str] = field(default_factory=list)


class _Rendered:
    """The item's own question and image bytes, drawn once and only when first needed."""

    def __init__(self, task: Task, spec: dict[str, Any]) -> None:
        self.task, self.spec = task, spec
        self._images: list[bytes] | None = None

    @property
    def images(self) -> list[bytes]:
        if self._images is None:
            self._images = [to_png(image) for image in self.task.render(self.spec)]
        return self._images


def _fault(task: Task, original: _Rendered, varied: dict[str, Any], part: Part) -> str | None:
    """Why a label-changing variation is not a fair one, or None when it is."""
    question, new_question = task.question(original.spec), task.question(varied)
    images = [to_png(image) for image in task.render(varied)]
    if len(images) != len(original.images):
        return f"variation of {part} changes the number of images ({len(original.images)} -> {len(images)})"
    if part == "text":
        if new_question == question:
            return "text variation leaves the question unchanged"
        changed = [k + 1 for k, (a, b) in enumerate(zip(images, original.images)) if a != b]
        return f"text variation changes image(s) {changed}" if changed else None
    if new_question != question:
        return f"variation of image {part} changes the question text"
    changed = [k + 1 for k, (a, b) in enumerate(zip(images, original.images)) if a != b]
    if part not in changed:
        return f"variation of image {part} leaves image {part} unchanged"
    others = [k for k in changed if k != part]
    return f"variation of image {part} also changes image(s) {others}" if others else None


def check_item(task: Task, audit: TaskAudit, spec: dict[str, Any], n_images: int, tries: int,
               rng: random.Random) -> NecessityResult:
    """Vary each image (and the text where it carries data) up to ``tries`` times."""
    result = NecessityResult(distractors=audit.distractors(spec))
    if len(result.distractors) > 1:
        result.faults.append(f"{len(result.distractors)} distractor images declared; at most one is allowed")
    label = task.solve(spec)
    original = _Rendered(task, spec)
    parts: list[Part] = [k for k in range(1, n_images + 1) if k not in result.distractors]
    if audit.text_carries_data(spec):
        parts.append("text")
    candidates = set(audit.candidates(spec))
    for part in parts:
        result.necessary[part] = False
        for _ in range(tries):
            try:
                varied = audit.vary(spec, part, rng)
                new_label = task.solve(varied)
            except (NoVariation, Rejected):
                continue
            if new_label == label:
                continue
            fault = _fault(task, original, varied, part)
            if fault:
                result.faults.append(fault)
                continue
            result.necessary[part] = True
            break
        if not result.necessary[part] and part in candidates:
            result.necessary[part] = _candidate_needed(task, audit, spec, part, tries, rng, original, result)
    return result


def _candidate_needed(task: Task, audit: TaskAudit, spec: dict[str, Any], image: int, tries: int,
                      rng: random.Random, original: _Rendered, result: NecessityResult) -> bool:
    """Whether changing candidate ``image`` alone can change which candidates fit the question."""
    fitting = audit.answer_set(spec)
    for _ in range(tries):
        try:
            varied = audit.vary_candidate(spec, image, rng)
        except NoVariation:
            continue
        if audit.answer_set(varied) == fitting:
            continue
        fault = _fault(task, original, varied, image)
        if fault:
            result.faults.append(fault)
            continue
        return True
    return False
