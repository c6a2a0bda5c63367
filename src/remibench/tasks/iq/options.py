"""IQ's five options, built the I-RAVEN way from values the matrix shows.

The answer and its distractors are the points of a small grid over one to three attributes
(each axis: the answer's value and one to four other values), and the five points are a random
subset holding the answer in which every axis value is equally common as far as five allows.
The grid looks the same from each of its points, so the options alone do not reveal the answer
(no majority vote, no odd one out). Every axis value, the answer's included, is one the eight
shown panels already show: an option cannot give itself away by a shape, size, grey level or
count that appears nowhere in the matrix.
"""

from __future__ import annotations

import itertools
import math
import random
from functools import lru_cache
from typing import Any

from remibench.tasks.base import Rejected
from remibench.tasks.iq.rules import SHAPES, Panel, Value, attribute_value, n_slots

OPTION_AXES = ("shape", "size", "colour")


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
        return rng.choice(((3, 2), (2, 3), (3, 3)))
    return (2, 2, 2)


def shown_values(axis: str, shown: list[Panel], answer: Panel) -> list[Value]:
    """The values of ``axis`` the shown panels hold other than the answer's, or [] when the
    answer's own value is not among them (the answer would then be the one new value)."""
    values = sorted({attribute_value(p, axis) for p in shown})
    own = attribute_value(answer, axis)
    return [v for v in values if v != own] if own in values else []


def choose_axes(rng: random.Random, layout: str, rules: dict[str, dict[str, Any]], shape: tuple[int, ...],
                shown: list[Panel], answer: Panel) -> list[str]:
    """Attributes the options differ in: one per grid axis, a varying one first when possible;
    an axis needs as many shown values as its grid side."""
    eligible = list(OPTION_AXES)
    if n_slots(layout) > 1:
        eligible.append("number" if rules["position"]["kind"] == "free" else "position")
    axes: list[str] = []
    for k in shape:
        fits = [a for a in eligible if a not in axes and len(shown_values(a, shown, answer)) >= k - 1]
        varying = [a for a in fits if rules[a]["kind"] not in ("constant", "free")]
        pool = varying if varying and not any(rules[a]["kind"] not in ("constant", "free") for a in axes) else fits
        if not pool:
            raise Rejected("the matrix shows too few values for the options to differ in")
        axes.append(rng.choice(pool))
    return axes


def alternatives(rng: random.Random, axis: str, answer: Panel, layout: str, count: int,
                 shown: list[Panel]) -> list[Value]:
    """``count`` shown values of ``axis`` other than the answer's (slot sets for number)."""
    values = rng.sample(shown_values(axis, shown, answer), count)
    if axis == "number":  # positions are free: one random slot set per number
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
                  n_axes: int, answer_index: int) -> list[Panel]:
    """The five options, the answer (``panels[8]``) at ``answer_index``."""
    shown, answer = panels[:8], panels[8]
    shape = grid_shape(rng, n_axes)
    axes = choose_axes(rng, layout, rules, shape, shown, answer)
    alts = [alternatives(rng, axis, answer, layout, k - 1, shown) for axis, k in zip(axes, shape)]
    subset = rng.choice(balanced_subsets(shape))
    options = [option_panel(answer, point, axes, alts) for point in subset]
    distractors = options[1:]
    rng.shuffle(distractors)
    return distractors[:answer_index] + [options[0]] + distractors[answer_index:]
