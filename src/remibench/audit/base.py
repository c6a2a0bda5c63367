"""What each task provides to the audit: a view of an item, variations of one part, shortcuts.

An item is valid when every image it shows is needed and no trick finds the answer without the
reasoning. Each task states, in ``tasks/<task>/audit.py`` as ``AUDIT``:

* ``view(spec)``: what a test-taker sees, as data (the question, the options it offers, what
  the images show). Shortcut guessers get only this, never the label or hidden spec fields, so
  a guesser cannot cheat by construction.
* ``vary(spec, part, rng)``: the spec with one part changed: image ``k`` (1-based) or the
  ``"text"``. A variation of image ``k`` must leave the question and every other image
  byte-identical; the audit renders and checks that, so a variation cannot cheat either.
* ``distractors(spec)``: images the question does not use by design, with the reason.
* ``guessers``: named tricks, each ``View -> answer`` (or ``None`` where the trick does not apply).

Where the answer names one of several candidate images (IQ's options, RefCoco's boxed images,
Maps' route pieces), no change to a single wrong candidate can move the answer to another valid
one: it can only make that candidate a second answer, or stop the true one from fitting. Such a
task lists its ``candidates(spec)``, tells which candidates fit (``answer_set(spec)``, without the
uniqueness a valid item needs) and offers ``vary_candidate``: a counterfactual that changes one
candidate image alone. A candidate is necessary when such a change alters the set of fitting
candidates: the test-taker has to look at it. The counterfactual need not be a valid item; the
audit still checks that only that image changed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from remibench.tasks.registry import TASKS

Part = int | Literal["text"]


class NoVariation(Exception):
    """This part of this item cannot be varied (the audit counts the try as failed)."""


@dataclass(frozen=True)
class View:
    """What a test-taker sees of one item, as data.

    ``options`` lists the answers the item offers when it offers a closed set (letters, yes/no,
    the candidate cities), else ``None``; ``seen`` holds the task's reading of its images.
    """

    question: str
    options: tuple[str, ...] | None = None
    seen: Mapping[str, Any] = field(default_factory=dict)


Guesser = Callable[[View], str | None]


class TaskAudit:
    """Base of every task's audit hooks; a task overrides what applies to it."""

    task: str = ""
    guessers: Mapping[str, Guesser] = {}

    def view(self, spec: dict[str, Any]) -> View:
        """What a test-taker sees; by default the question and the task's closed options."""
        from remibench.tasks.registry import get_task

        return View(question=get_task(self.task).question(spec), options=self.options(spec))

    def options(self, spec: dict[str, Any]) -> tuple[str, ...] | None:
        """The closed set of answers this item offers, or None for an open answer."""
        return None

    def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
        """A valid spec differing from ``spec`` in ``part`` only; raise :class:`NoVariation`."""
        raise NoVariation(f"{self.task} has no variation of part {part}")

    def text_carries_data(self, spec: dict[str, Any]) -> bool:
        """Whether the question text holds data the answer needs (then the text is varied too)."""
        return False

    def distractors(self, spec: dict[str, Any]) -> dict[int, str]:
        """Images the question does not use by design: image number -> reason."""
        return {}

    def candidates(self, spec: dict[str, Any]) -> list[int]:
        """Images among which the answer is chosen (for counterfactual necessity); none by default."""
        return []

    def answer_set(self, spec: dict[str, Any]) -> frozenset[str]:
        """Every candidate that fits the question, unique or not (defined where ``candidates`` is)."""
        raise NotImplementedError

    def vary_candidate(self, spec: dict[str, Any], image: int, rng: Any) -> dict[str, Any]:
        """``spec`` with candidate ``image`` alone changed, as a counterfactual (need not be a valid item)."""
        raise NoVariation(f"{self.task} has no counterfactual of image {image}")


def prefer_label_change(label: str, variations: Iterable[dict[str, Any]],
                        solve: Callable[[dict[str, Any]], str]) -> dict[str, Any]:
    """The first variation whose label differs from ``label``, else the first one; a targeted
    ``vary`` offers valid variations and lets this pick, so a needed part is found needed."""
    fallback = None
    for varied in variations:
        if solve(varied) != label:
            return varied
        fallback = fallback or varied
    if fallback is None:
        raise NoVariation("no valid variation")
    return fallback


def audit_module(task: str) -> str:
    """The module holding ``task``'s ``AUDIT``: ``remibench.tasks.<package>.audit``."""
    return f"{TASKS[task].module}.audit"


def load_audit(task: str) -> TaskAudit | None:
    """The audit hooks of ``task``, or None when the task has none yet."""
    try:
        module = importlib.import_module(audit_module(task))
    except ModuleNotFoundError as error:
        if error.name == audit_module(task):
            return None
        raise
    audit: TaskAudit = module.AUDIT
    if audit.task != task:
        raise RuntimeError(f"{audit_module(task)}.AUDIT is for {audit.task!r}, expected {task!r}")
    return audit
