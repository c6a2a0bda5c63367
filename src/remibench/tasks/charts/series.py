"""Charts: realistic data across the datasets of one item.

The datasets of an item are consecutive years, or schools, cities or regions of one place, so
their values should look related: each dataset is the previous one changed a little (every
category drifts, one sometimes moves more), never an independent draw (64% -> 5% -> 16%). The
values live as floats first and are then rounded to what each chart can show: shares to whole
percentages (or tenths, or multiples of 5 on a grid) that still sum to 100, other values to the
topic's grid step or to whole numbers (or tenths) inside the topic's range.
"""

from __future__ import annotations

import math
from typing import Any

from remibench.tasks.base import Rejected

DRIFT = 0.10  # typical relative change of a category from one dataset to the next
SHOCK = 0.35  # relative size of the larger move one category makes in some steps


def latent_series(rng: Any, topic: dict[str, Any], n_charts: int, n_cat: int, n_series: int,
                  ranked_step: int | None = None, rank_share: float = 0.0) -> list[list[list[float]]]:
    """Float values [chart][series][category]: a first dataset, then small additive steps from it.

    Steps are additive (percentage points, or a share of the topic's range) and sum to zero for
    shares, so how much a category moves does not depend on how large it is. In most steps one
    category makes a larger move that keeps its rank; in step ``ranked_step`` (the step a
    largest-change question asks about) it is the one at rank ``rank_share`` (0 = largest), else a
    random one: the biggest mover is then no more often the largest or the smallest bar than any
    other, and the other step says nothing about it."""
    if topic["share"]:
        weights = [math.exp(rng.gauss(0.0, 0.45)) for _ in range(n_cat)]
        first = [[100 * w / sum(weights) for w in weights]]
        hi, floor = 100.0, 3.0
    else:
        lo, hi = topic["range"]
        floor = lo
        first = [[rng.uniform(lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo)) for _ in range(n_cat)] for _ in range(n_series)]
    scale = (hi - floor) if not topic["share"] else 40.0
    charts = [first]
    for index in range(n_charts - 1):
        rank = int(rank_share * n_cat) if index == ranked_step else rng.randrange(n_cat)
        step = []
        for row in charts[-1]:
            noise = [rng.gauss(0.0, DRIFT * scale / 2) for _ in row]
            if topic["share"]:
                noise = [d - sum(noise) / n_cat for d in noise]
            new = [v + d for v, d in zip(row, noise)]
            if rng.random() < 0.8:
                _shock(rng, new, rank, SHOCK * scale * rng.uniform(0.3, 0.7), floor, hi, topic["share"])
            step.append([min(max(v, floor), hi) for v in new])
        charts.append(step)
    return charts


def _shock(rng: Any, row: list[float], rank: int, size: float, floor: float, hi: float, share: bool) -> None:
    """Move the category at ``rank`` by up to ``size`` without passing a neighbour (or a bound);
    for shares the others give or take the same amount in equal parts."""
    order = sorted(range(len(row)), key=lambda k: -row[k])
    k = order[rank]
    up_room = (row[order[rank - 1]] if rank > 0 else hi) - row[k]
    down_room = row[k] - (row[order[rank + 1]] if rank + 1 < len(row) else floor)
    sign = rng.choice((-1, 1))
    if (up_room if sign > 0 else down_room) < size / 2:
        sign = -sign
    move = sign * min(size, 0.8 * (up_room if sign > 0 else down_room))
    row[k] += move
    if share:
        for j in range(len(row)):
            if j != k:
                row[j] -= move / (len(row) - 1)


def shares(weights: list[float], unit: float, low: float) -> list[float]:
    """Weights as shares that are multiples of ``unit``, each at least ``low``, summing to 100
    (largest remainders get the spare units)."""
    n_units = round(100 / unit)
    floor_units = math.ceil(low / unit - 1e-9)
    spare = n_units - floor_units * len(weights)
    if spare < 0:
        raise Rejected("too many categories for the share floor")
    total = sum(weights)
    raw = [w / total * n_units - floor_units for w in weights]
    base = [max(0, math.floor(r)) for r in raw]
    while sum(base) > spare:
        base[max(range(len(base)), key=lambda k: base[k])] -= 1
    order = sorted(range(len(raw)), key=lambda k: base[k] - raw[k])
    for k in order[: spare - sum(base)]:
        base[k] += 1
    values = [(b + floor_units) * unit for b in base]
    return [round(v, 1) if unit < 1 else int(round(v)) for v in values]


def levels(row: list[float], topic: dict[str, Any], gridded: bool, decimals: int) -> list[int | float]:
    """Non-share values on the topic's grid (gridded) or as whole numbers or tenths, inside its range."""
    lo, hi = topic["range"]
    if gridded:
        step = topic["step"]
        return [min(max(step * round(v / step), step * -(-lo // step)), step * (hi // step)) for v in row]
    if decimals:
        return [min(max(round(v, 1), lo), hi) for v in row]
    return [min(max(int(round(v)), lo), hi) for v in row]


def chart_values(latent: list[list[float]], topic: dict[str, Any], gridded: bool, decimals: int,
                 pie: bool) -> list[list[int | float]]:
    """One chart's printed values from its latent floats (a row per series)."""
    if topic["share"]:
        if gridded:
            return [shares(latent[0], 5, 5)]
        if decimals:
            return [shares(latent[0], 0.1, 8 if pie else 3)]
        return [shares(latent[0], 1, 7 if pie else 3)]
    return [levels(row, topic, gridded, decimals) for row in latent]
