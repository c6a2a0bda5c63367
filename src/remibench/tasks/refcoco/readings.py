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

import math
from collections.abc import Callable
from typing import Any

from remibench.tasks.refcoco.scenes import anchor_index, centre, gap_distance, relation_holds

Obj = dict[str, Any]
Reading = Callable[[list[int]], list[int]]


def _picks(reading: Reading, hard: bool = True) -> Reading:
    """Mark a reading that picks one box (an extreme), not a group of boxes; a ``hard`` one must
    meet its aim (else the scene is redrawn), a soft one only counts towards the choice."""
    reading.picks_one = True  # type: ignore[attr-defined]
    reading.hard = hard  # type: ignore[attr-defined]
    return reading


def _nested(reading: Reading) -> Reading:
    """Mark a single-box reading that shares its draw and its aim with the reading before it: it
    finds the target whenever that one does (the largest box, if a ball, is the largest ball)."""
    reading.nested = True  # type: ignore[attr-defined]
    return reading


def _joint(reading: Reading) -> Reading:
    """Mark a single-box reading that shares its draw with the reading before it and is aimed at
    the target on the next 1/n of it, so the two are never both aimed at the target. Drawn apart,
    "nearest the anchor" and "furthest the named way" would both be aimed away in a quarter of the
    two-box items, where one decoy must be nearer the tree and further left than the ball just
    left of it: seldom possible, so those items would be redrawn into other aims."""
    reading.joint = True  # type: ignore[attr-defined]
    return reading


AXIS = {"leftmost": (0, 1), "rightmost": (0, -1), "topmost": (1, 1), "bottommost": (1, -1)}
DIRECTION = {"left_of": AXIS["leftmost"], "right_of": AXIS["rightmost"], "above": AXIS["topmost"], "below": AXIS["bottommost"]}
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


def _size_readings(objects: list[Obj], expr: dict[str, Any], same_phrase: bool) -> list[Reading]:
    """The size word alone (the largest or smallest box), and with the noun. Where every box fits
    the noun phrase, "the largest ball" among them is the superlative itself (left out), and a size
    word of a relation ("the small ball left of ...") leaves boxes of one size class, near-ties, so
    its aim counts only towards the choice."""
    kind, colour, relation = expr["kind"], expr.get("colour"), expr.get("relation")
    size_word = expr.get("size") or expr.get("superlative")
    if size_word not in LARGE + SMALL or (same_phrase and expr.get("superlative") in LARGE + SMALL):
        return []
    by_size = -1 if size_word in LARGE else 1
    out = [_picks(lambda boxed: _extreme(objects, boxed, lambda o: by_size * _area(o), AREA_SLACK), hard=not same_phrase)]
    if colour or relation:  # noun and size, no colour: soft where the boxes fit the noun phrase (one size class)
        out.append(_nested(_picks(lambda boxed: _extreme(objects, [i for i in boxed if objects[i]["kind"] == kind],
                                                         lambda o: by_size * _area(o), AREA_SLACK), hard=not same_phrase)))
    return out


def _relation_readings(objects: list[Obj], relation: dict[str, Any]) -> list[Reading]:
    """Shortcuts around a directional relation: the box nearest the anchor, the box furthest the
    named way (ignoring the anchor), the boxes wholly on the named side of any kind (ignoring the
    noun). For closest_to, whose boxes all fit the noun phrase, the nearest box is the relation."""
    a = anchor_index(objects, relation["anchor"])
    anchor, rel = objects[a]["box"], relation["type"]
    if rel == "closest_to":
        return []
    axis, sign = DIRECTION[rel]
    others = lambda boxed: [i for i in boxed if i != a]  # noqa: E731
    return [
        _picks(lambda boxed: _extreme(objects, others(boxed), lambda o: gap_distance(o["box"], anchor))),  # nearest the anchor
        _joint(_picks(lambda boxed: _extreme(objects, others(boxed),
                                             lambda o: sign * centre(o["box"])[axis]))),  # furthest that way
        lambda boxed: [i for i in boxed if i != a and relation_holds(rel, objects[i]["box"], anchor)],  # on that side, any kind
    ]


def readings(objects: list[Obj], expr: dict[str, Any], middle: tuple[float, float] = (320, 240)) -> list[Reading]:
    """The partial readings of ``expr`` that leave out at least one of its words. For a relation or
    superlative the boxes fit the noun phrase (``same_phrase``; a directional relation may add
    objects of other kinds further the named way), so the readings that keep only noun, colour or
    size words keep (nearly) every box; the shortcuts left are those of the relation or
    superlative, and the boxes' sizes."""
    kind, colour = expr["kind"], expr.get("colour")
    superlative, relation = expr.get("superlative"), expr.get("relation")
    same_phrase = bool(relation or superlative)
    out: list[Reading] = [lambda boxed: [i for i in boxed if objects[i]["kind"] == kind]]  # the noun alone
    if colour and (same_phrase or expr.get("size")):  # the colour alone (for "the red ball" it is the reasoning)
        out.append(lambda boxed: [i for i in boxed if objects[i]["colour"] == colour])
    out += _size_readings(objects, expr, same_phrase)
    if superlative in AXIS and not same_phrase:
        axis, by_place = AXIS[superlative]
        out.append(_picks(lambda boxed: _extreme(objects, boxed, lambda o: by_place * centre(o["box"])[axis])))  # position alone
    if same_phrase:  # the noun phrase without its relation or superlative
        size = expr.get("size")
        out.append(lambda boxed: [i for i in boxed if objects[i]["kind"] == kind and colour in (None, objects[i]["colour"])
                                  and size in (None, objects[i]["size"])])
    if same_phrase and superlative not in LARGE + SMALL:  # the largest and the smallest box, read with no size word
        out.append(_picks(lambda boxed: _extreme(objects, boxed, lambda o: -_area(o), AREA_SLACK), hard=False))
        out.append(_picks(lambda boxed: _extreme(objects, boxed, _area, AREA_SLACK), hard=False))
    if same_phrase:  # the box nearest the middle of the picture
        out.append(_picks(lambda boxed: _extreme(objects, boxed, lambda o: math.dist(centre(o["box"]), middle))))
    if relation:
        out += _relation_readings(objects, relation)
    return out


def hit_chance(reading: Reading, target: int, boxed: list[int]) -> float:
    """The chance that a guess among the boxes ``reading`` keeps is the target (a reading that keeps
    no box guesses among all of them). A single-box reading with a near-tie counts as 0.5 when the
    target is among the tied boxes, meeting neither aim: a guesser that reads areas strictly may
    still find the target."""
    kept = reading(boxed)
    if not kept:
        return 1 / len(boxed)
    if getattr(reading, "picks_one", False) and len(kept) > 1:  # a near-tie: a strict guess may still find the target
        return 0.5 if target in kept else 0.0
    return 1 / len(kept) if target in kept else 0.0


def aims(draws: list[float], found: list[Reading], n_boxes: int) -> list[float]:
    """How often each reading should find the target: as often as a blind guess. A reading that
    keeps a group aims at a group of all boxes; one that picks a single box (the largest, the
    leftmost, the nearest to the anchor) is aimed at the target when its draw (uniform in [0, 1),
    fixed per item) is below 1/n, else away from it. A nested reading takes the aim of the one
    before it, a joint one is aimed at the target when that one's draw is in [1/n, 2/n)."""
    goal, previous = [], 0.0
    for reading, u in zip(found, draws):
        if getattr(reading, "joint", False):
            goal.append(float(1 / n_boxes <= previous < 2 / n_boxes))
        elif getattr(reading, "nested", False):
            goal.append(float(previous < 1 / n_boxes))
        else:
            goal.append(float(u < 1 / n_boxes) if getattr(reading, "picks_one", False) else 1 / n_boxes)
            previous = u
    return goal


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
