"""RefCoco decoys: which other objects get the numbered boxes besides the target.

A box around an object that shares nothing with the expression is ruled out at a glance, and a
set of decoys that all lack one cue lets that cue alone find the target (the largest box for
"the big ball", the only ball for "the red ball"). :func:`decoy_order` ranks the other objects
by the cues of the expression they share (its noun first, then colour, size word, extreme
position, side of or nearness to the anchor); :func:`choose_decoys` then picks the set on which
every partial reading of the expression (:mod:`remibench.tasks.refcoco.readings`) does no better
than a blind guess.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from remibench.tasks.base import Rejected
from remibench.tasks.refcoco.expressions import POSITION_MARGIN
from remibench.tasks.refcoco.readings import DIRECTION, aims, mismatch, readings
from remibench.tasks.refcoco.scenes import (
    SIZE_RANK,
    anchor_index,
    base_candidates,
    centre,
    centre_distance,
    gap_distance,
    relation_holds,
)

Obj = dict[str, Any]
Cue = Callable[[Obj], bool]

LARGE = ("large", "largest")
SMALL = ("small", "smallest")
MAX_SUBSETS = 400  # decoy sets weighed per item
SCORE_SLACK = 0.02  # decoy sets this close to the best count as equally good
MAX_MISMATCH = 0.2  # above this, a single-box reading finds (or misses) the target against its aim
EXTREME_AXIS = {"leftmost": (0, 1), "rightmost": (0, -1), "topmost": (1, 1), "bottommost": (1, -1)}


def cues(objects: list[Obj], target: int, expr: dict[str, Any]) -> list[Cue]:
    """One test per cue of ``expr``: does an object share that cue with the target?"""
    t = objects[target]
    out: list[Cue] = [lambda o: o["kind"] == expr["kind"]]
    if expr.get("colour"):
        out.append(lambda o: o["colour"] == expr["colour"])
    size_word = expr.get("size") or expr.get("superlative")
    if size_word in LARGE + SMALL:
        sign = 1 if size_word in LARGE else -1

        def as_extreme(o: Obj) -> bool:
            return sign * SIZE_RANK[o["size"]] >= sign * SIZE_RANK[t["size"]]

        as_extreme.size_cue = True  # type: ignore[attr-defined]
        out.append(as_extreme)
    if expr.get("superlative") in EXTREME_AXIS:
        axis, sign = EXTREME_AXIS[expr["superlative"]]
        out.append(lambda o: sign * centre(o["box"])[axis] <= sign * centre(t["box"])[axis])
    relation = expr.get("relation")
    if relation:
        anchor = objects[anchor_index(objects, relation["anchor"])]["box"]
        if relation["type"] == "closest_to":
            out.append(lambda o: o["box"] != anchor
                       and centre_distance(o["box"], anchor) <= centre_distance(t["box"], anchor) * 1.5)
        else:
            out.append(lambda o: o["box"] != anchor and relation_holds(relation["type"], o["box"], anchor))
            out.append(lambda o: o["box"] != anchor and gap_distance(o["box"], anchor) <= gap_distance(t["box"], anchor) + 40)
    return out


def decoy_order(rng: Any, objects: list[Obj], target: int, expr: dict[str, Any]) -> list[int]:
    """Other objects in the order they get boxes: for each cue in turn, the best decoy sharing it;
    then the rest. "Best" is: the expression's noun first (so its other words are needed), then
    the most cues shared, random among equals."""
    tests = cues(objects, target, expr)
    others = [i for i in range(len(objects)) if i != target]
    shared = {i: [test(objects[i]) for test in tests] for i in others}
    noise = {i: rng.random() for i in others}

    def rank(i: int) -> tuple[int, int, float]:
        return (-int(shared[i][0]), -sum(shared[i]), noise[i])

    order: list[int] = []
    cue_order = list(range(len(tests)))
    rng.shuffle(cue_order)
    for c in cue_order:
        holders = sorted((i for i in others if shared[i][c] and i not in order), key=rank)
        if holders and not any(shared[i][c] for i in order):
            order.append(holders[0])
    order += sorted((i for i in others if i not in order), key=rank)
    return order


def size_sign(expr: dict[str, Any]) -> int:
    """1 for a "large" word, -1 for a "small" one, 0 without a size word."""
    word = expr.get("size") or expr.get("superlative")
    return 1 if word in LARGE else -1 if word in SMALL else 0


def choose_decoys(rng: Any, objects: list[Obj], target: int, expr: dict[str, Any], count: int,
                  draws: list[float], pool: list[int] | None = None) -> list[int]:
    """``count`` decoys such that each partial reading of the expression (see
    :mod:`remibench.tasks.refcoco.readings`) finds the target about as often as a blind guess:
    the sets closest to the aims (``draws`` are fixed per item, so a rejected scene is redrawn for
    the same aims and rejections cannot favour the easy ones), one at random, in random order.
    Every set is weighed (a random sample of ``MAX_SUBSETS`` when there are more). A scene where
    a single-box reading cannot meet its aim is rejected. ``pool``, where given, lists the objects
    a decoy may be (for a relation or superlative: those matching the whole noun phrase)."""
    order = [i for i in decoy_order(rng, objects, target, expr) if pool is None or i in pool]
    if len(order) < count:
        raise Rejected("too few objects fit the noun phrase to box")
    subsets = list(itertools.combinations(order, count))
    if len(subsets) > MAX_SUBSETS:
        subsets = rng.sample(subsets, MAX_SUBSETS)
    found = readings(objects, expr)
    goal = aims(draws, found, count + 1)
    gaps = {subset: mismatch(found, goal, target, [target, *subset]) for subset in subsets}
    fitting = [subset for subset in subsets if gaps[subset][0] <= MAX_MISMATCH]
    if not fitting:
        raise Rejected("no decoys hide the target from every partial reading as aimed")
    best = min(gaps[subset][1] for subset in fitting)
    chosen = list(rng.choice([subset for subset in fitting if gaps[subset][1] <= best + SCORE_SLACK]))
    rng.shuffle(chosen)  # image order must not follow how confusable a decoy is
    return chosen


def decoy_pool(objects: list[dict[str, Any]], expr: dict[str, Any], target: int) -> list[int]:
    """The objects a relation's or superlative's decoy boxes may mark: those fitting the whole noun
    phrase, so its words find every box and only the relation or superlative decides. Among such
    objects the one left of the tree is also the leftmost, so a directional relation may also box
    objects of other kinds further the named way (the ball left of the tree is then not the
    leftmost box, and ignoring the tree does not find it)."""
    pool = [i for i in base_candidates(objects, expr) if i != target]
    relation = expr.get("relation")
    if relation and relation["type"] in DIRECTION:
        anchor = anchor_index(objects, relation["anchor"])
        axis, sign = DIRECTION[relation["type"]]
        beyond = sign * centre(objects[target]["box"])[axis] - POSITION_MARGIN
        pool += [i for i, obj in enumerate(objects) if i not in pool and i not in (target, anchor)
                 and sign * centre(obj["box"])[axis] <= beyond]
    return pool
