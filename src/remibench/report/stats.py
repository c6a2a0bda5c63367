"""Uncertainty for accuracies: bootstrap intervals (plain, stratified by task, paired) and McNemar.

Resampling is vectorised with numpy and seeded, so a report is the same every time it is built.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_RESAMPLES = 10_000
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        return {"estimate": self.estimate, "low": self.low, "high": self.high}


def _percentiles(replicates: np.ndarray, confidence: float) -> tuple[float, float]:
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(replicates, [tail, 100 - tail], method="inverted_cdf")
    return float(low), float(high)


def bootstrap_mean(values: Sequence[float], resamples: int = DEFAULT_RESAMPLES, confidence: float = CONFIDENCE,
                   seed: int = 0) -> Interval:
    """Percentile bootstrap interval of a mean (an accuracy, for 0/1 values)."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return Interval(float("nan"), float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, data.size, size=(resamples, data.size))
    low, high = _percentiles(data[picks].mean(axis=1), confidence)
    return Interval(float(data.mean()), low, high)


def _stratified_replicates(groups: Sequence[np.ndarray], resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Replicates of the mean of per-group means, resampling within each group."""
    total = np.zeros(resamples)
    for data in groups:
        picks = rng.integers(0, data.size, size=(resamples, data.size))
        total += data[picks].mean(axis=1)
    return total / len(groups)


def bootstrap_macro(groups: Sequence[Sequence[float]], resamples: int = DEFAULT_RESAMPLES,
                    confidence: float = CONFIDENCE, seed: int = 0) -> Interval:
    """Interval of the unweighted mean of group means (the ReMI score: mean of task accuracies),
    resampling items within each task so every replicate keeps every task."""
    arrays = [np.asarray(g, dtype=float) for g in groups if len(g)]
    if not arrays:
        return Interval(float("nan"), float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    low, high = _percentiles(_stratified_replicates(arrays, resamples, rng), confidence)
    return Interval(float(np.mean([a.mean() for a in arrays])), low, high)


def paired_bootstrap_macro(first: Sequence[Sequence[float]], second: Sequence[Sequence[float]],
                           resamples: int = DEFAULT_RESAMPLES, confidence: float = CONFIDENCE,
                           seed: int = 0) -> Interval:
    """Interval of score(first) - score(second) on the same items (aligned per task), resampling
    the same item indices for both runs."""
    differences = [np.asarray(a, dtype=float) - np.asarray(b, dtype=float) for a, b in zip(first, second) if len(a)]
    if not differences:
        return Interval(float("nan"), float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    low, high = _percentiles(_stratified_replicates(differences, resamples, rng), confidence)
    return Interval(float(np.mean([d.mean() for d in differences])), low, high)


def mcnemar_exact(only_first: int, only_second: int) -> float:
    """Two-sided exact McNemar p-value from the discordant counts (first right only, second right only)."""
    n = only_first + only_second
    if n == 0:
        return 1.0
    k = min(only_first, only_second)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return min(1.0, 2 * tail)
