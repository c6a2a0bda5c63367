"""Collisions' audit hooks: what a reader sees, one-image variations and the tricks to rule out.

A variation changes printed numbers of one image only (a mass or velocity in a frame, a position
in a snapshot) or, where the text carries data, the stated restitution or the time ``T``. Every
varied spec must pass :func:`well_posed`, the sampler's own checks. Several candidates are tried
per call and one that changes the answer is preferred, so a needed image is found needed. The
shortcut guessers live in ``guessers.py``.
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit, View, prefer_label_change
from remibench.tasks.base import Rejected
from remibench.tasks.collisions.checks import MAX_SPEED, well_posed
from remibench.tasks.collisions.guessers import GUESSERS
from remibench.tasks.collisions.sampling import RESTITUTIONS_NOT_ELASTIC, RESTITUTIONS_STATED
from remibench.tasks.collisions.solve import before_velocities, frac, num
from remibench.tasks.collisions.task import TASK
from remibench.tasks.collisions.variants import MASSES, mass_image, variants

CANDIDATES = 40  # tries inside one variation call


# ---------------------------------------------------------------- elastic check: keep momentum

def _elastic_check_candidates(spec: dict[str, Any], image: int, rng: random.Random) -> list[dict[str, Any]]:
    """Both velocities of one image moved against each other so that momentum is kept (as the
    sampler keeps it); the shift that makes the collision exactly elastic comes first."""
    masses = [frac(m) for m in spec["masses"]]
    before, after = before_velocities(spec), [frac(v) for v in spec["after"]]
    total = sum(masses)
    after_image = 3 if spec["layout"] == "positions" else 2
    gap_before, gap_after = before[0] - before[1], after[1] - after[0]  # type: ignore[operator]
    if image == after_image:  # a1 - m2 s, a2 + m1 s: the gap after grows by M s, to 0.1-1 times the gap before
        low, high = (gap_before / 10 - gap_after) / total, (gap_before - gap_after) / total
    else:  # v1 + m2 s, v2 - m1 s: the gap before grows by M s, to 1-10 times the gap after
        low, high = (gap_after - gap_before) / total, (10 * gap_after - gap_before) / total
    grid = range(math.ceil(low * 100), math.floor(high * 100) + 1)
    shifts = [Fraction(k, 100) for k in grid if k]
    rng.shuffle(shifts)
    shifts.insert(0, high if image == after_image else low)  # exactly elastic
    out = []
    for s in shifts[:CANDIDATES * 10]:
        varied = copy.deepcopy(spec)
        if image == after_image:
            new = [after[0] - masses[1] * s, after[1] + masses[0] * s]
            if any((v * 100).denominator != 1 for v in new):
                continue
            varied["after"] = [num(v) for v in new]
        else:
            new = [before[0] + masses[1] * s, before[1] - masses[0] * s]  # type: ignore[operator]
            if spec["layout"] == "arrows":
                if any((v * 2).denominator != 1 or abs(v) > MAX_SPEED for v in new):
                    continue
                varied["before"] = [num(v) for v in new]
            else:
                t1 = frac(spec["times"][1]) - frac(spec["times"][0])
                other = spec["x"][2 - image]
                row = [frac(x) + (v * t1 if image == 2 else -v * t1) for x, v in zip(other, new)]
                if any((x * 2).denominator != 1 for x in row):
                    continue
                varied["x"][image - 1] = [num(x) for x in row]
        out.append(varied)
    if image == mass_image(spec):
        out = _with_new_masses(spec, image == after_image, rng) + out
    return out


def _with_new_masses(spec: dict[str, Any], after_image: bool, rng: random.Random) -> list[dict[str, Any]]:
    """New masses and new velocities in the same image, momentum kept, for a random restitution."""
    before, after = before_velocities(spec), [frac(v) for v in spec["after"]]
    out = []
    for _ in range(CANDIDATES * 5):
        m1, m2 = rng.sample(MASSES, 2)
        e = rng.choice((Fraction(1), Fraction(1), *RESTITUTIONS_NOT_ELASTIC))
        varied = copy.deepcopy(spec)
        varied["masses"] = [num(m1), num(m2)]
        if after_image:
            momentum, gap = m1 * before[0] + m2 * before[1], e * (before[0] - before[1])  # type: ignore[operator]
            new = [(momentum - m2 * gap) / (m1 + m2), (momentum + m1 * gap) / (m1 + m2)]
            if any((v * 100).denominator != 1 for v in new):
                continue
            varied["after"] = [num(v) for v in new]
        elif spec["layout"] == "arrows":
            momentum, gap = m1 * after[0] + m2 * after[1], (after[1] - after[0]) / e
            new = [(momentum + m2 * gap) / (m1 + m2), (momentum - m1 * gap) / (m1 + m2)]
            if any((v * 2).denominator != 1 or abs(v) > MAX_SPEED for v in new):
                continue
            varied["before"] = [num(v) for v in new]
        else:
            continue
        out.append(varied)
    return out


def _collide_candidates(spec: dict[str, Any], image: int, rng: random.Random) -> list[dict[str, Any]]:
    """Every half-metre position of every object in one snapshot, in random order."""
    out = []
    for j in range(len(spec["names"])):
        for k in range(2, 2 * 20 - 1):
            if Fraction(k, 2) != frac(spec["x"][image - 1][j]):
                varied = copy.deepcopy(spec)
                varied["x"][image - 1][j] = num(Fraction(k, 2))
                out.append(varied)
    rng.shuffle(out)
    return out


# ---------------------------------------------------------------- the hooks

def _pick(spec: dict[str, Any], candidates: list[dict[str, Any]]) -> dict[str, Any]:
    """The first valid candidate that changes the answer, else the first valid one."""
    def valid() -> Iterator[dict[str, Any]]:
        for varied in candidates:
            try:
                well_posed(varied)
            except Rejected:
                continue
            yield varied

    return prefer_label_change(TASK.solve(spec), valid(), TASK.solve)


class CollisionsAudit(TaskAudit):
    task = "Collisions"

    def options(self, spec: dict[str, Any]) -> tuple[str, ...] | None:
        return ("0", "1") if spec["qtype"] in ("collide", "elastic_check") else None

    def view(self, spec: dict[str, Any]) -> View:
        seen: dict[str, Any] = {key: spec.get(key) for key in (
            "qtype", "dims", "layout", "names", "ask", "masses", "after", "final", "stuck", "target", "x", "times",
            "T", "vel2d")}
        seen["restitution"] = spec.get("restitution", 1) if spec["qtype"] == "elastic" else None
        seen["hidden"] = spec.get("hidden")  # which quantity is marked '?' in the images
        if spec["dims"] == 1 and spec["qtype"] != "collide":
            seen["before"] = [None if v is None else float(v) for v in before_velocities(spec)]
        return View(question=TASK.question(spec), options=self.options(spec), seen=seen)

    def text_carries_data(self, spec: dict[str, Any]) -> bool:
        return spec["qtype"] in ("elastic", "collide")

    def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
        if part == "text":
            return _pick(spec, self._vary_text(spec, rng))
        if spec["qtype"] == "elastic_check":
            return _pick(spec, _elastic_check_candidates(spec, part, rng))
        if spec["qtype"] == "collide":
            return _pick(spec, _collide_candidates(spec, part, rng))
        candidates = list(variants(spec, part))
        if not candidates:
            raise NoVariation(f"image {part} prints no number to vary")
        rng.shuffle(candidates)
        return _pick(spec, candidates)

    def _vary_text(self, spec: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
        candidates = []
        if spec["qtype"] == "elastic":
            for e in rng.sample((Fraction(1), *RESTITUTIONS_STATED), 1 + len(RESTITUTIONS_STATED)):
                if e != frac(spec.get("restitution", 1)):
                    candidates.append(dict(copy.deepcopy(spec), restitution=num(e)))
        else:
            for k in range(1, 121):
                if Fraction(k, 2) != frac(spec["T"]):
                    candidates.append(dict(copy.deepcopy(spec), T=num(Fraction(k, 2))))
            rng.shuffle(candidates)
        return candidates

    def distractors(self, spec: dict[str, Any]) -> dict[int, str]:
        return {}


AUDIT = CollisionsAudit()
AUDIT.guessers = GUESSERS
