"""``remi audit``: necessity of every image and accuracy of every shortcut, per task, with gates.

Without data the audit draws specs itself (sampling and solving only; images are rendered just
for the necessity checks). With data it audits the stored specs; rows without a spec (the
published ReMI files) get the checks that need none: the label distribution and the text-only
model, cross-validated within the data.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remibench.audit.base import Part, TaskAudit, View, load_audit
from remibench.audit.necessity import check_item
from remibench.audit.text_model import NaiveBayesText, suits_text_model
from remibench.scoring.official import official_match
from remibench.tasks.registry import get_task

NECESSITY_GATE = 0.97  # share of items in which each non-distractor image must be necessary
SHORTCUT_MARGIN = 0.05  # how far above chance a shortcut may score
Z95 = 1.959964


@dataclass(frozen=True)
class Case:
    """One audited item: its spec (None for published rows), question, label and image count."""

    spec: dict[str, Any] | None
    question: str
    label: str
    n_images: int


def wilson(correct: int, n: int) -> tuple[float, float]:
    """95% Wilson score interval of a proportion."""
    if n == 0:
        return (0.0, 1.0)
    p = correct / n
    centre = (p + Z95 ** 2 / (2 * n)) / (1 + Z95 ** 2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n)) / (1 + Z95 ** 2 / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


class ConstantAnswers:
    """Which labels each label also matches under the task's official scorer (tolerances included),
    so the best constant answer of any subset is found without scoring every pair again."""

    def __init__(self, task: str, labels: Iterable[str]) -> None:
        distinct = sorted(set(labels))
        self.matches = {c: [l for l in distinct if official_match(task, c, l)] for c in distinct}

    def best(self, labels: Sequence[str]) -> tuple[str, float]:
        """The single answer right most often on ``labels``, and how often it is right."""
        if not labels:
            return ("", 0.0)
        counts = Counter(labels)
        answer = max(sorted(counts), key=lambda c: sum(counts[l] for l in self.matches.get(c, [c])))
        return answer, sum(counts[l] for l in self.matches.get(answer, [answer])) / len(labels)


def chance_level(constants: ConstantAnswers, labels: Sequence[str], options: Sequence[tuple[str, ...] | None]) -> float:
    """The better of the best constant answer and a uniform pick among each item's options."""
    if not labels:
        return 0.0
    uniform = sum(1 / len(o) for o in options if o) / len(labels)
    return max(constants.best(labels)[1], uniform)


@dataclass
class GuesserScore:
    n: int = 0
    correct: int = 0
    labels: list[str] = field(default_factory=list)
    options: list[tuple[str, ...] | None] = field(default_factory=list)

    def to_dict(self, constants: ConstantAnswers) -> dict[str, Any]:
        return guesser_figures(self.correct, self.n, chance_level(constants, self.labels, self.options))


def guesser_figures(correct: int, n: int, chance: float) -> dict[str, Any]:
    """Accuracy, its 95% interval, chance and whether it clearly beats chance (the shortcut gate)."""
    accuracy = correct / n if n else 0.0
    low, high = wilson(correct, n)
    beats = n > 0 and accuracy - chance > SHORTCUT_MARGIN and low > chance
    return {"n": n, "correct": correct, "accuracy": accuracy, "ci95": [low, high], "chance": chance,
            "margin": accuracy - chance, "beats_chance": beats}


def score_guessers(task: str, guessers: dict[str, Callable[[View], str | None]], views: Sequence[View],
                   labels: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Each guesser's accuracy on the items where it applies, against chance on those items."""
    scores: dict[str, GuesserScore] = {name: GuesserScore() for name in guessers}
    for view, label in zip(views, labels):
        for name, guess in guessers.items():
            answer = guess(view)
            if answer is None:
                continue
            score = scores[name]
            score.n += 1
            score.correct += official_match(task, answer, label)
            score.labels.append(label)
            score.options.append(view.options)
    constants = ConstantAnswers(task, labels)
    return {name: score.to_dict(constants) for name, score in scores.items()}


def generic_guessers(task: str, train_views: Sequence[View], train_labels: Sequence[str],
                     test_labels: Sequence[str]) -> dict[str, Callable[[View], str | None]]:
    """The best constant answer and, for small label sets, the text-only model, fitted on training items."""
    constant, _ = ConstantAnswers(task, train_labels).best(train_labels)
    guessers: dict[str, Callable[[View], str | None]] = {"majority label": lambda view: constant}
    if suits_text_model(test_labels):
        model = NaiveBayesText([v.question for v in train_views], train_labels)
        guessers["text only (naive Bayes)"] = lambda view: model(view.question)
    return guessers


def _necessity_table(results: Iterable[Any]) -> tuple[dict[str, dict[str, Any]], int, list[str]]:
    counts: dict[Part, list[int]] = defaultdict(lambda: [0, 0])
    distractors, faults = 0, []
    for result in results:
        distractors += len(result.distractors)
        faults.extend(result.faults)
        for part, needed in result.necessary.items():
            counts[part][0] += int(needed)
            counts[part][1] += 1
    order = sorted((p for p in counts if p != "text"), key=int) + (["text"] if "text" in counts else [])
    table = {(f"image{p}" if p != "text" else "text"): {"n": counts[p][1], "necessary": counts[p][0],
                                                      "share": counts[p][0] / counts[p][1]} for p in order}
    return table, distractors, faults


def audit_cases(task: str, cases: Sequence[Case], train: Sequence[Case], *, necessity_items: int, tries: int,
                seed: int, lenient_small_samples: bool = False) -> dict[str, Any]:
    """Every figure and gate of one task over ``cases`` (and ``train`` to fit the generic guessers)."""
    audit = load_audit(task)
    has_specs = all(c.spec is not None for c in cases)
    labels = [c.label for c in cases]
    top_label, top_share = ConstantAnswers(task, labels).best(labels)
    report: dict[str, Any] = {"task": task, "items": len(cases), "top_label": top_label,
                              "top_label_share": top_share, "skipped": [], "gates": []}
    views, train_views = _views(audit, cases), _views(audit, train)
    guessers = generic_guessers(task, train_views, [c.label for c in train], labels)
    if not has_specs:
        report["skipped"].append("task-specific guessers, necessity and verify: the rows carry no generator spec")
    elif audit is None:
        report["skipped"].append("task-specific guessers and necessity: the task has no audit hooks yet")
        report["gates"].append("no audit hooks")
    else:
        guessers.update(audit.guessers)
    report["guessers"] = score_guessers(task, guessers, views, labels)
    for name, figures in report["guessers"].items():
        if figures["beats_chance"]:
            report["gates"].append(f"shortcut '{name}' scores {figures['accuracy']:.1%} against chance {figures['chance']:.1%}")
    if audit is not None and has_specs and necessity_items > 0:
        generator, rng = get_task(task), random.Random(seed)
        results = [check_item(generator, audit, c.spec, c.n_images, tries, rng)  # type: ignore[arg-type]
                   for c in cases[:necessity_items]]
        table, distractors, faults = _necessity_table(results)
        report.update(necessity_items=len(results), necessity=table, distractors=distractors,
                      faults=faults[:10], n_faults=len(faults))
        for part, figures in table.items():
            below = figures["share"] < NECESSITY_GATE
            if below and lenient_small_samples:  # a few misses in a small sample do not prove a share under 97%
                below = wilson(figures["necessary"], figures["n"])[1] < NECESSITY_GATE
            if part != "text" and below:
                report["gates"].append(f"{part} necessary in only {figures['share']:.1%} of items")
        if faults:
            report["gates"].append(f"{len(faults)} unfair variation(s), e.g. {faults[0]}")
    if has_specs:
        generator = get_task(task)
        unsolved = sum(generator.solve(json.loads(json.dumps(c.spec))) != c.label for c in cases)
        report["verify"] = 1 - unsolved / len(cases) if cases else 1.0
        if unsolved:
            report["gates"].append(f"{unsolved} item(s) do not re-solve to their label")
    report["verdict"] = "pass" if not report["gates"] else "FAIL"
    return report


def _views(audit: TaskAudit | None, cases: Sequence[Case]) -> list[View]:
    if audit is None or any(c.spec is None for c in cases):
        return [View(question=c.question) for c in cases]
    return [audit.view(c.spec) for c in cases]  # type: ignore[arg-type]


def generated_cases(task: str, n: int, split: str, seed: int, config: dict[str, Any] | None = None) -> list[Case]:
    """``n`` items of ``task`` drawn as ``remi generate`` would, without their images."""
    from remibench.generate import Job, draw

    cases = []
    for index in range(n):
        drawn = draw(Job(task, split, index, seed, config or {}), render=False)
        n_images = sum(1 for k in range(1, 7) if f"<image{k}>" in drawn.question)
        cases.append(Case(drawn.spec, drawn.question, drawn.label, n_images))
    return cases


def audit_generated(tasks: Sequence[str], *, items: int = 1000, necessity_items: int = 100, tries: int = 16,
                    seed: int = 0, configs: dict[str, dict[str, Any]] | None = None,
                    on_task: Callable[[dict[str, Any]], None] | None = None,
                    lenient_small_samples: bool = False) -> list[dict[str, Any]]:
    """Audit freshly drawn items of each task; the generic guessers train on the train split."""
    reports = []
    for task in tasks:
        config = (configs or {}).get(task)
        cases = generated_cases(task, items, "test", seed, config)
        train = generated_cases(task, items, "train", seed, config)
        report = audit_cases(task, cases, train, necessity_items=necessity_items, tries=tries, seed=seed,
                             lenient_small_samples=lenient_small_samples)
        reports.append(report)
        if on_task:
            on_task(report)
    return reports


def audit_dataset(source: str | Path, tasks: Sequence[str] | None = None, *, items: int | None = None,
                  necessity_items: int = 100, tries: int = 16, seed: int = 0,
                  on_task: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Audit stored items; the generic guessers are cross-validated in two folds of the data."""
    from remibench.data.loader import load_items

    by_task: dict[str, list[Case]] = defaultdict(list)
    for item in load_items(source, "test", tasks):
        if items is not None and len(by_task[item.task]) >= items:
            continue
        by_task[item.task].append(Case(item.metadata.get("spec"), item.question, item.label, item.n_images))
    reports = []
    for task, cases in by_task.items():
        first, second = cases[0::2], cases[1::2]
        half_a = audit_cases(task, first, second, necessity_items=necessity_items, tries=tries, seed=seed)
        half_b = audit_cases(task, second, first, necessity_items=0, tries=tries, seed=seed)
        report = _merge_folds(half_a, half_b, cases)
        reports.append(report)
        if on_task:
            on_task(report)
    return reports


def _merge_folds(first: dict[str, Any], second: dict[str, Any], cases: Sequence[Case]) -> dict[str, Any]:
    """Pool the guesser counts of two folds; necessity comes from the first fold."""
    merged = dict(first, items=len(cases))
    merged["guessers"] = {}
    for name, a in first["guessers"].items():
        b = second["guessers"].get(name, {"n": 0, "correct": 0, "chance": 0.0})
        total = a["n"] + b["n"]
        chance = (a["chance"] * a["n"] + b["chance"] * b["n"]) / total if total else 0.0
        merged["guessers"][name] = guesser_figures(a["correct"] + b["correct"], total, chance)
    labels = [c.label for c in cases]
    merged["top_label"], merged["top_label_share"] = ConstantAnswers(first["task"], labels).best(labels)
    merged["gates"] = [g for g in first["gates"] if not g.startswith("shortcut")]
    merged["gates"] += [f"shortcut '{name}' scores {g['accuracy']:.1%} against chance {g['chance']:.1%}"
                        for name, g in merged["guessers"].items() if g["beats_chance"]]
    merged["verdict"] = "pass" if not merged["gates"] else "FAIL"
    return merged
