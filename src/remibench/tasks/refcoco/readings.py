"""Partial readings of a referring expression, used to choose decoy boxes that need every word.

A partial reading keeps some words of the expression and drops the rest: the noun alone, the
noun phrase without its relation, the size word alone, the relation without its noun, and so on.
Applied to the boxed objects, each gives the boxes it cannot tell apart. When a reading leaves
the target alone among the boxes, that reading (a shortcut) finds the answer; when it leaves all
boxes, it is no help. :func:`shortcut_score` sums, over the readings, the chance that a guess
among a reading's boxes is the target; decoys are chosen so that this sum is what blind guessing
gives on average, so no partial reading beats a blind guess on average and none is steered away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from remibench.tasks.refcoco.scenes import anchor_index, centre, centre_distance, gap_distance, relation_holds

Obj = dict[str, Any]
Reading = Callable[[list[int]], list[int]]


def _picks(reading: Reading, hard: bool = True) -> Reading:
    """Mark a reading that picks one box (an extreme), not a group of boxes; a ``hard`` one must
    meet its aim (else the scene is redrawn), a soft one only counts towards the choice."""
    reading.picks_one = True  # type: ignore[attr-defined]
    reading.hard = hard  # type: ignore[attr-defined]
    return reading
AXIS = {"leftmost": (0, 1), "rightmost": (0, -1), "topmost": (1, 1), "bottommost": (1, -1)}
LARGE, SMALL = ("large", "largest"), ("small", "smallest")
AREA_SLACK = 0.05  # boxes this close in area count as equally large (a tie for a size reading)


def _area(obj: Obj) -> int:
    box = obj["box"]
    return (box[2] - box[0]) * (box[3] - box[1])


def _extreme(objects: list[Obj], boxed: list[int], key: Callable[[Obj], float], slack: float = 0.0) -> list[int]:
    """The boxes with the smallest key, and those within ``slack`` (relative) of it: near-ties."""
    if not boxed:
        return []
    best = min(key(objects[i]) for i in boxed)
    return [i for i in boxed if key(objects[i]) <= best + slack * abs(best)]


def readings(objects: list[Obj], expr: dict[str, Any]) -> list[Reading]:
    """The partial readings of ``expr`` that leave out at least one of its words."""
    kind, colour = expr["kind"], expr.get("colour")
    size_word = expr.get("size") or expr.get("superlative")
    superlative, relation = expr.get("superlative"), expr.get("relation")
    out: list[Reading] = [lambda boxed: [i for i in boxed if objects[i]["kind"] == kind]]  # the noun alone
    if colour and (relation or superlative):  # the colour alone (for "the red ball" it is the reasoning)
        out.append(lambda boxed: [i for i in boxed if objects[i]["colour"] == colour])
    if size_word in LARGE + SMALL:
        by_size = -1 if size_word in LARGE else 1
        out.append(_picks(lambda boxed: _extreme(objects, boxed, lambda o: by_size * _area(o), AREA_SLACK)))  # size alone
        if colour or relation:  # noun and size, without the rest: soft, as the scene often has no such decoy
            out.append(_picks(lambda boxed: _extreme(objects, [i for i in boxed if objects[i]["kind"] == kind],
                                                     lambda o: by_size * _area(o), AREA_SLACK), hard=False))
    if superlative in AXIS:
        axis, by_place = AXIS[superlative]
        out.append(_picks(lambda boxed: _extreme(objects, boxed, lambda o: by_place * centre(o["box"])[axis])))  # position alone
    if relation or superlative:  # the noun phrase without its relation or superlative
        size = expr.get("size")
        out.append(lambda boxed: [i for i in boxed if objects[i]["kind"] == kind and colour in (None, objects[i]["colour"])
                                  and size in (None, objects[i]["size"])])
    if relation:
        a = anchor_index(objects, relation["anchor"])
        anchor = objects[a]["box"]
        others = lambda boxed: [i for i in boxed if i != a]  # noqa: E731
        near = (lambda o: centre_distance(o["box"], anchor)) if relation["type"] == "closest_to" else \
            (lambda o: gap_distance(o["box"], anchor))
        out.append(_picks(lambda boxed: _extreme(objects, others(boxed), near)))  # nearest the anchor, any kind
        if relation["type"] != "closest_to" or colour or expr.get("size"):  # else it is the expression itself
            out.append(_picks(lambda boxed: _extreme(objects, [i for i in others(boxed) if objects[i]["kind"] == kind], near)))
        if relation["type"] != "closest_to":  # on the named side, any kind
            out.append(lambda boxed: [i for i in others(boxed) if relation_holds(relation["type"], objects[i]["box"], anchor)])
    return out


def hit_chance(reading: Reading, target: int, boxed: list[int]) -> float:
    """The chance that a guess among the boxes ``reading`` keeps is the target (a reading that keeps
    no box guesses among all of them)."""
    kept = reading(boxed)
    if not kept:
        return 1 / len(boxed)
    return 1 / len(kept) if target in kept else 0.0


def aims(draws: list[float], found: list[Reading], n_boxes: int) -> list[float]:
    """How often each reading should find the target: as often as a blind guess. A reading that
    keeps a group aims at a group of all boxes; one that picks a single box (the largest, the
    leftmost, the nearest to the anchor) is aimed at the target when its draw (uniform in [0, 1),
    fixed per item) is below 1/n, else away from it."""
    return [float(u < 1 / n_boxes) if getattr(r, "picks_one", False) else 1 / n_boxes for r, u in zip(found, draws)]


def mismatch(found: list[Reading], goal: list[float], target: int, boxed: list[int]) -> tuple[float, float]:
    """How far the readings' hit chances on ``boxed`` are from ``goal``: the sum of squares over the
    hard single-box readings, and over the others."""
    picks, groups = 0.0, 0.0
    for reading, aim in zip(found, goal):
        gap = (hit_chance(reading, target, boxed) - aim) ** 2
        if getattr(reading, "hard", False):
            picks += gap
        else:
            groups += gap
    return picks, groups
