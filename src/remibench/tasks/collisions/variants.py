"""Collisions: the one-frame variants of an item, shared by the sampler and the audit.

A variant changes one printed number of one image (a mass, a velocity, a position) to another
value of the kind the sampler prints there. The sampler keeps only items where every frame has a
valid variant with another answer (each frame then decides the answer, not the validity rules);
the audit draws its image variations from the same variants.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from remibench.tasks.base import Rejected
from remibench.tasks.collisions.checks import MAX_MASS, MAX_SPEED, well_posed
from remibench.tasks.collisions.solve import frac, num

HALVES = [Fraction(k, 2) for k in range(-2 * MAX_SPEED, 2 * MAX_SPEED + 1)]
MASSES = [Fraction(k) for k in range(1, MAX_MASS + 1)] + [Fraction(k, 2) for k in range(1, 2 * MAX_MASS, 2)]
NUMERIC = ("inelastic", "elastic", "momentum")


def n_images(spec: dict[str, Any]) -> int:
    if spec["qtype"] == "collide":
        return len(spec["x"])
    return 3 if spec.get("layout") == "positions" else 2


def mass_image(spec: dict[str, Any]) -> int:
    return spec["mass_frame"] + 1


def slots(spec: dict[str, Any], image: int) -> list[tuple[Any, ...]]:
    """The printed numbers of ``image`` that a variant may change, as paths into the spec."""
    if spec["qtype"] == "collide":
        return [("x", image - 1, j) for j in range(len(spec["names"]))]
    out: list[tuple[Any, ...]] = []
    if spec["dims"] == 2:
        if image == 1:
            out += [("vel2d", j) for j in range(len(spec["names"]))]
    elif spec["layout"] == "positions" and image <= 2:
        out += [("x", image - 1, j) for j in range(len(spec["names"]))]
    elif spec["layout"] == "arrows" and image == 1:
        out += [("before", j) for j, v in enumerate(spec["before"]) if v is not None]
    after_image = 3 if spec.get("layout") == "positions" else 2
    if spec["dims"] == 1 and image == after_image:
        out += [("after", j) for j, v in enumerate(spec.get("after") or []) if v is not None]
        out += [("final",)] if spec.get("final") is not None else []
    if image == mass_image(spec):
        out += [("masses", j) for j, m in enumerate(spec["masses"] or []) if m is not None]
    return out


def values(slot: tuple[Any, ...], old: Any) -> list[Any]:
    """Every other value of the kind the sampler prints in that place."""
    kind = slot[0]
    if kind == "masses":
        return [num(m) for m in MASSES if m != frac(old)]
    if kind == "before":
        return [num(v) for v in HALVES if v != frac(old)]
    if kind == "after":
        return [num(frac(old) + Fraction(k, 10)) for k in range(-30, 31) if k]
    if kind == "final":
        return [num(frac(old) + Fraction(k, 20)) for k in range(-60, 61) if k]
    if kind == "x":
        return [num(frac(old) + Fraction(k, 2)) for k in range(-12, 13) if k]
    vx, vy = old  # vel2d: a new speed along the same direction
    return [[num(Fraction(k, 2) * ((vx > 0) - (vx < 0))), num(Fraction(k, 2) * ((vy > 0) - (vy < 0)))]
            for k in range(1, 2 * MAX_SPEED + 1) if Fraction(k, 2) != max(abs(frac(vx)), abs(frac(vy)))]


def _set(spec: dict[str, Any], slot: tuple[Any, ...], value: Any) -> None:
    if slot[0] == "final":
        spec["final"] = value
    elif slot[0] == "x":
        spec["x"][slot[1]][slot[2]] = value
    else:
        spec[slot[0]][slot[1]] = value


def _get(spec: dict[str, Any], slot: tuple[Any, ...]) -> Any:
    if slot[0] == "final":
        return spec["final"]
    if slot[0] == "x":
        return spec["x"][slot[1]][slot[2]]
    return spec[slot[0]][slot[1]]


def variants(spec: dict[str, Any], image: int) -> Iterator[dict[str, Any]]:
    """Every spec with one printed number of ``image`` changed (valid or not)."""
    for slot in slots(spec, image):
        for value in values(slot, _get(spec, slot)):
            varied = copy.deepcopy(spec)
            _set(varied, slot, value)
            yield varied


def frames_decide(spec: dict[str, Any], answer: Any) -> bool:
    """Numeric items: each image has a valid one-number variant with another answer."""
    from remibench.tasks.collisions.task import TASK

    for image in range(1, n_images(spec) + 1):
        for varied in variants(spec, image):
            try:
                well_posed(varied)
            except Rejected:
                continue
            if TASK.solve(varied) != answer:
                break
        else:
            return False
    return True
