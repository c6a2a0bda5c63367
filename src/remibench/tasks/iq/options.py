"""IQ's five options, built the I-RAVEN way from values the matrix shows.

The answer and its distractors are the points of a small grid over one to three attributes
(each axis: the answer's value and one to four other values), and the five points are a random
subset holding the answer in which every axis value is equally common as far as five allows.
The grid looks the same from each of its points, so the options alone do not reveal the answer
(no majority vote, no odd one out). Every axis value, the answer's included, is one the eight
shown panels already show: an option cannot give itself away by a shape, size, grey level or
count that appears nowhere in the matrix.

The matrix must not favour the answer's value over the other values of an axis either. The
missing panel's value is usually the one the matrix shows least (distribute-three shows it twice
and the other two values three times each) and, where an attribute is constant, the one panel 8
shows. So an :class:`OptionPlan`, drawn once per item before any matrix, decides for each other
value w whether the matrix shows it more often than the answer's value v and w lies nearer to
panel 8's value, or shows it less often and w lies farther; the answer's value takes each rank
among its axis's values equally often. A matrix without values that fit the plan is drawn again.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from remibench.tasks.base import Rejected
from remibench.tasks.iq.rules import SHAPES, Panel, Value, attribute_value, n_slots

OPTION_AXES = ("shape", "size", "colour")


@dataclass(frozen=True)
class OptionPlan:
    """The grid of an item's options and, per axis, how its other values relate to the answer's v.

    ``signs[i][j]`` is +1 when the j-th other value w of axis i is shown more often than v and lies
    nearer to panel 8's value, -1 when it is shown less often and lies farther. Swapping v and w
    flips both, so ranking an axis's values this way puts v at each rank equally often (a fair coin
    for two values; for three, v first, middle or last a third of the time each): nothing tells
    which value is the answer's.
    """

    shape: tuple[int, ...]
    signs: tuple[tuple[int, ...], ...]

    def free(self) -> OptionPlan:
        """The same grid with any values allowed: the fallback for a matrix no plan fits."""
        return OptionPlan(self.shape, tuple((0,) * len(signs) for signs in self.signs))


def rank_signs(rng: random.Random, others: int) -> tuple[int, ...]:
    """Signs putting the answer's value at a uniformly random rank among ``others + 1`` values.

    A single axis of five values (``min_option_attrs=1``, not the default) is left free (signs 0):
    too few matrices show five values ranked as a plan would ask.
    """
    if others > 2:
        return (0,) * others
    above = rng.randint(0, others)
    signs = [1] * above + [-1] * (others - above)
    rng.shuffle(signs)
    return tuple(signs)


def option_plan(rng: random.Random, n_axes: int) -> OptionPlan:
    """A grid for ``n_axes`` attributes and the plan's fair coins."""
    shape = grid_shape(rng, n_axes)
    return OptionPlan(shape, tuple(rank_signs(rng, k - 1) for k in shape))


@lru_cache(maxsize=None)
def balanced_subsets(shape: tuple[int, ...]) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """Five-point subsets of the grid ``shape`` that hold its origin, every axis value equally common.

    "Equally common" means each of an axis's k values appears floor(5/k) or ceil(5/k) times.
    """
    points = list(itertools.product(*(range(k) for k in shape)))
    out = []
    for others in itertools.combinations(points[1:], 4):
        subset = (points[0],) + others
        if all({sum(p[axis] == v for p in subset) for v in range(k)} <= {5 // k, math.ceil(5 / k)}
               for axis, k in enumerate(shape)):
            out.append(subset)
    return tuple(out)


def grid_shape(rng: random.Random, n_axes: int) -> tuple[int, ...]:
    if n_axes == 1:
        return (5,)
    if n_axes == 2:
        return rng.choice(((3, 2), (2, 3)))
    return (2, 2, 2)


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _gap(axis: str, a: Value, b: Value) -> float:
    """How far apart two values of ``axis`` are (Jaccard distance for slot sets)."""
    if axis == "position":
        sa, sb = set(a), set(b)  # type: ignore[arg-type]
        return 1 - len(sa & sb) / len(sa | sb)
    return abs(a - b)  # type: ignore[operator]


def pick_values(rng: random.Random, axis: str, signs: tuple[int, ...], shown: list[Panel],
                answer: Panel) -> list[Value] | None:
    """Shown values of ``axis`` other than the answer's that relate to it as the plan asks (see
    :class:`OptionPlan`); None when the matrix has none or does not show the answer's value."""
    counts = Counter(attribute_value(p, axis) for p in shown)
    own = attribute_value(answer, axis)
    if own not in counts:
        return None
    last = attribute_value(shown[7], axis)  # panel 8

    def relation(w: Value) -> int:
        more, nearer = _sign(counts[w] - counts[own]), _sign(_gap(axis, own, last) - _gap(axis, w, last))
        return more if more == nearer else 0

    others = sorted(w for w in counts if w != own)
    picks = [ws for ws in itertools.permutations(others, len(signs))
             if all(sign == 0 or relation(w) == sign for w, sign in zip(ws, signs))]
    if not picks:
        return None
    return list(rng.choice(picks))


def choose_axes(rng: random.Random, layout: str, rules: dict[str, dict[str, Any]], plan: OptionPlan,
                shown: list[Panel], answer: Panel) -> tuple[list[str], list[list[Value]]]:
    """Attributes the options differ in, one per grid axis, any that can meet the plan,
    and each axis's other values as the plan asks."""
    eligible = list(OPTION_AXES)
    if n_slots(layout) > 1:
        eligible.append("number" if rules["position"]["kind"] == "free" else "position")
    axes: list[str] = []
    alts: list[list[Value]] = []
    for signs in plan.signs:
        fits: dict[str, list[Value]] = {}
        for attr in eligible:
            values = pick_values(rng, attr, signs, shown, answer) if attr not in axes else None
            if values is not None:
                fits[attr] = values
        if not fits:
            raise Rejected("the matrix shows no values for the options as planned")
        axis = rng.choice(sorted(fits))
        axes.append(axis)
        alts.append(fits[axis])
    return axes, alts


def as_drawn(rng: random.Random, axis: str, values: list[Value], layout: str) -> list[Value]:
    """Number values become slot sets (positions are free: one random slot set per number)."""
    if axis == "number":
        return [tuple(sorted(rng.sample(range(n_slots(layout)), n))) for n in values]  # type: ignore[arg-type]
    return values


def option_panel(answer: Panel, point: tuple[int, ...], axes: list[str], alts: list[list[Value]]) -> Panel:
    """The answer with axis i set to its value number point[i] (0 is the answer's own)."""
    panel = dict(answer, positions=list(answer["positions"]))
    for axis, index, values in zip(axes, point, alts):
        if index == 0:
            continue
        if axis in ("number", "position"):
            panel["positions"] = list(values[index - 1])  # type: ignore[arg-type]
        elif axis == "shape":
            panel["shape"] = SHAPES[values[index - 1]]  # type: ignore[index]
        else:
            panel[axis] = values[index - 1]
    return panel


def build_options(rng: random.Random, layout: str, rules: dict[str, dict[str, Any]], panels: list[Panel],
                  plan: OptionPlan, answer_index: int) -> list[Panel]:
    """The five options, the answer (``panels[8]``) at ``answer_index``."""
    shown, answer = panels[:8], panels[8]
    axes, values = choose_axes(rng, layout, rules, plan, shown, answer)
    alts = [as_drawn(rng, axis, vals, layout) for axis, vals in zip(axes, values)]
    subset = rng.choice(balanced_subsets(plan.shape))
    options = [option_panel(answer, point, axes, alts) for point in subset]
    distractors = options[1:]
    rng.shuffle(distractors)
    return distractors[:answer_index] + [options[0]] + distractors[answer_index:]
