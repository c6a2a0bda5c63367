"""IQ's five options, built the I-RAVEN way, with values that give no count or distance away.

The answer and its distractors are the points of a small grid over one to three attributes
(each axis: the answer's value and one to four other values), and the five points are a random
subset holding the answer in which every axis value is equally common as far as five allows.
The grid looks the same from each of its points, so the options alone do not reveal the answer
(no majority vote, no odd one out). The axes are attributes with a progression by two levels or
an arithmetic rule (see :mod:`remibench.tasks.iq.rulebook`).

Every other value w of an axis is shown by the eight panels exactly as often as the answer's
value v (often never: a progression's next value may be new), repeats a value of panels 7 and 8
exactly when v does, and lies at most two levels from v: counting how often each value is seen,
or which values row 3 already holds, cannot tell v apart, and w lies about as near to every
shown panel as v. On a scalar axis the values are evenly spaced, v the lowest, middle or highest
of them a third of the time each (of two, lower or higher half the time each).

What is left is how near each option lies to the panels around the gap and to the other
options. An :class:`OptionPlan`, drawn once per item before any matrix, says whether the answer
is to be the option nearest to panel 3 (at the top of the gap's column), the nearest to or the
farthest from panel 6 and panel 8, and the medoid of the options, each a fifth of the time as
for a blind guess; options are drawn until they meet the plan, and a matrix where none does is
drawn again. After 300 matrices (about 18% of default items: two in five with one figure a panel, whose
two option attributes leave little room) only panel 3's pick, the shown counts and the
closeness still hold.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from remibench.tasks.base import Rejected
from remibench.tasks.iq.guessers import medoid, panel_distance
from remibench.tasks.iq.rulebook import axis_attributes
from remibench.tasks.iq.rules import SHAPES, Panel, Value, attribute_value, n_slots, scalar_domain

CLOSE = 2  # how many levels a distractor value lies from the answer's at most
OPTION_TRIES = 40  # option sets drawn per matrix before the matrix is given up
LETTERS = "ABCDE"
# The distance picks a plan controls: the option nearest to (min) or farthest from (max) a shown
# panel, by number: the gap's column (panels 3 and 6) and the panel left of the gap. The option
# farthest from panel 3 is seldom the answer, which is no way in.
PICKS: dict[str, tuple[int, Any]] = {
    "nearest panel 3": (3, min), "nearest panel 6": (6, min), "farthest from panel 6": (6, max),
    "nearest panel 8": (8, min), "farthest from panel 8": (8, max),
}
PLANNED = (*PICKS, "medoid")
FALLBACK_PLANNED = ("nearest panel 3",)
PICK_GROUPS = (("nearest panel 3",), ("nearest panel 6", "farthest from panel 6"),
               ("nearest panel 8", "farthest from panel 8"), ("medoid",))


@dataclass(frozen=True)
class OptionPlan:
    """The grid of an item's options and which distance picks are to find the answer.

    ``picks`` holds the names of the picks (see :data:`PICKS`) that are to find the answer; every
    other pick in ``planned`` must miss it; picks not in ``planned`` are free (see :meth:`free`).
    ``ranks[i]`` is how many of axis i's other values lie below the
    answer's (uniform, so the answer's value is as often the lowest, middle or highest of its
    axis); slot sets have no order and ignore it.
    """

    shape: tuple[int, ...]
    picks: frozenset[str] = frozenset()
    planned: frozenset[str] = frozenset()
    ranks: tuple[int | None, ...] = ()

    def free(self) -> OptionPlan:
        """The fallback for a matrix no plan fits: the same grid with any ranks and distances
        allowed but panel 3's (the answer is often as near to it as an option can be)."""
        kept = frozenset(FALLBACK_PLANNED)
        return OptionPlan(self.shape, self.picks & kept, kept & self.planned, (None,) * len(self.shape))


def draw_picks(rng: random.Random) -> frozenset[str]:
    """The picks that are to find the answer, each a fifth of the time as for a blind guess; the
    nearest and the farthest option from one panel are never both the answer."""
    out = set()
    for group in PICK_GROUPS:
        drawn = rng.randrange(5)
        if drawn < len(group):
            out.add(group[drawn])
    return frozenset(out)


def option_plan(rng: random.Random, n_axes: int) -> OptionPlan:
    """A grid for ``n_axes`` attributes and the plan's fair coins."""
    shape = grid_shape(rng, n_axes)
    ranks = tuple(rng.randrange(k) if k <= 3 else None for k in shape)
    return OptionPlan(shape, draw_picks(rng), frozenset(PLANNED), ranks)


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


def close_values(axis: str, layout: str, own: Value) -> list[Value]:
    """The values of ``axis`` close to the answer's: at most :data:`CLOSE` levels away. Values close
    to the answer's lie as near to every shown panel as the answer's, give or take a step, so no
    panel's nearest or farthest option is mostly the answer. Slot sets are any of the answer's
    size (the number of figures would otherwise tell them apart): sets one move from the answer's
    would make it the one in the middle."""
    if axis == "position":
        return list(itertools.combinations(range(n_slots(layout)), len(own)))  # type: ignore[arg-type]
    return [w for w in scalar_domain(axis, layout) if abs(w - own) <= CLOSE]  # type: ignore[operator]


def twins(axis: str, layout: str, shown: list[Panel], answer: Panel) -> list[Value]:
    """The values of ``axis`` other than the answer's that the eight panels show exactly as often
    and that repeat a value of panels 7 and 8 (where those differ) exactly when the answer's does."""
    counts = Counter(attribute_value(p, axis) for p in shown)
    own = attribute_value(answer, axis)
    row_3 = {attribute_value(shown[6], axis), attribute_value(shown[7], axis)}

    def in_row_3(value: Value) -> bool:
        return len(row_3) == 2 and value in row_3

    return [w for w in close_values(axis, layout, own)
            if w != own and counts[w] == counts[own] and in_row_3(w) == in_row_3(own)]


def slot_sets(rng: random.Random, layout: str, numbers: list[int], shown: list[Panel], answer: Panel) -> list[Value]:
    """A slot set per number (positions are free): each shown exactly as often as the answer's,
    and repeating panel 7's or 8's exactly when the answer's does."""
    counts = Counter(attribute_value(p, "position") for p in shown)
    own = attribute_value(answer, "position")
    row_3 = {attribute_value(shown[6], "position"), attribute_value(shown[7], "position")}
    out: list[Value] = []
    for n in numbers:
        fits = [s for s in itertools.combinations(range(n_slots(layout)), n)
                if counts[s] == counts[own] and (s in row_3) == (own in row_3)]
        if not fits:
            raise Rejected("no slot set for the number option")
        out.append(rng.choice(fits))
    return out


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


def meets(plan: OptionPlan, shown: list[Panel], options: list[Panel], answer_index: int) -> bool:
    """Whether each planned pick finds the answer exactly when the plan says (ties go to the
    earliest option, as in the guessers)."""
    for name in plan.planned:
        if name == "medoid":
            view = SimpleNamespace(seen={"panels": shown, "options": options})
            found = medoid(view) == LETTERS[answer_index]  # type: ignore[arg-type]
        else:
            number, best = PICKS[name]
            distances = [panel_distance(o, shown[number - 1]) for o in options]
            found = distances.index(best(distances)) == answer_index
        if found != (name in plan.picks):
            return False
    return True


def ranked_sample(rng: random.Random, pool: list[Value], own: Value, n: int, rank: int | None) -> list[Value]:
    """``n`` values of ``pool`` that with ``own`` make evenly spaced levels, ``rank`` of them below
    ``own``: the answer's value is then the lowest, the middle or the highest of its axis, at the
    same spacing whatever its rank, so the axis's geometry does not point at it. Slot sets and a
    free ``rank`` take any values of ``pool``."""
    if rank is None or isinstance(own, tuple):
        return rng.sample(pool, n)
    spacings = [gap for gap in range(1, CLOSE + 1)
                if all(own + (i - rank) * gap in pool for i in range(n + 1) if i != rank)]  # type: ignore[operator]
    if not spacings:
        raise Rejected("no evenly spaced values around the answer's")
    gap = rng.choice(spacings)
    values = [own + (i - rank) * gap for i in range(n + 1) if i != rank]  # type: ignore[operator]
    rng.shuffle(values)
    return values


def draw_options(rng: random.Random, layout: str, axes: list[str], pools: list[list[Value]], plan: OptionPlan,
                 shown: list[Panel], answer: Panel, answer_index: int) -> list[Panel]:
    """One random option set over ``axes``, the answer at ``answer_index``."""
    alts = []
    for axis, pool, k, rank in zip(axes, pools, plan.shape, plan.ranks):
        values = ranked_sample(rng, pool, attribute_value(answer, axis), k - 1, rank)
        alts.append(slot_sets(rng, layout, values, shown, answer) if axis == "number" else values)  # type: ignore[arg-type]
    subset = rng.choice(balanced_subsets(plan.shape))
    options = [option_panel(answer, point, axes, alts) for point in subset]
    distractors = options[1:]
    rng.shuffle(distractors)
    return distractors[:answer_index] + [options[0]] + distractors[answer_index:]


def build_options(rng: random.Random, layout: str, rules: dict[str, dict[str, Any]], panels: list[Panel],
                  plan: OptionPlan, answer_index: int) -> list[Panel]:
    """The five options, the answer (``panels[8]``) at ``answer_index``, meeting ``plan``."""
    shown, answer = panels[:8], panels[8]
    pools = {attr: twins(attr, layout, shown, answer) for attr in axis_attributes(rules, layout)}
    assignments = [axes for axes in itertools.permutations(sorted(pools), len(plan.shape))
                   if all(len(pools[a]) >= k - 1 for a, k in zip(axes, plan.shape))]
    if not assignments:
        raise Rejected("the matrix has too few values for the options")
    for _ in range(OPTION_TRIES):
        axes = list(rng.choice(assignments))
        try:
            options = draw_options(rng, layout, axes, [pools[a] for a in axes], plan, shown, answer, answer_index)
        except Rejected:
            continue
        if meets(plan, shown, options, answer_index):
            return options
    raise Rejected("no option set meets the plan")
