"""Layouts of small graphs in the unit square, computed with the project's own numpy code.

No library layout routine is used, so the coordinates a seed gives do not change when a
dependency is upgraded. Six styles: spring (Fruchterman-Reingold), stress (majorisation
towards graph distances), circular, shell (two rings), grid (jittered cells) and random
(scattered points kept apart). Free-form styles can be nudged towards a wanted spacing.
"""

from __future__ import annotations

import math
import random

import numpy as np

LAYOUT_STYLES: tuple[str, ...] = ("spring", "stress", "circular", "shell", "grid", "random")

Edge = tuple[int, int]


def _normalise(pos: np.ndarray) -> np.ndarray:
    """Stretch each axis onto [0, 1]; an axis with no spread sits at 0.5."""
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = high - low
    out = np.full_like(pos, 0.5)
    for axis in range(2):
        if span[axis] > 1e-9:
            out[:, axis] = (pos[:, axis] - low[axis]) / span[axis]
    return out


def _rotate(pos: np.ndarray, rng: random.Random) -> np.ndarray:
    """Random rotation and possibly a mirror image, so force layouts have no favoured orientation."""
    angle = rng.uniform(0.0, 2.0 * math.pi)
    c, s = math.cos(angle), math.sin(angle)
    out = pos @ np.array([[c, -s], [s, c]])
    if rng.random() < 0.5:
        out[:, 0] = -out[:, 0]
    return out


def _adjacency(n: int, edges: list[Edge]) -> np.ndarray:
    adj = np.zeros((n, n))
    for u, v in edges:
        adj[u, v] = adj[v, u] = 1.0
    return adj


def _initial(n: int, rng: random.Random) -> np.ndarray:
    return np.array([[rng.random(), rng.random()] for _ in range(n)])


def _spring(n: int, edges: list[Edge], rng: random.Random, iterations: int = 80) -> np.ndarray:
    """Fruchterman-Reingold forces: edges pull like springs, all node pairs repel."""
    adj = _adjacency(n, edges)
    pos = _initial(n, rng)
    k = math.sqrt(1.0 / n)
    step = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        force = k * k / dist**2 - adj * dist / k
        disp = (delta * force[..., None]).sum(axis=1)
        length = np.maximum(np.linalg.norm(disp, axis=-1), 0.01)
        pos = pos + disp * (step / length)[:, None]
        step -= 0.1 / (iterations + 1)
    return pos


def _graph_distances(n: int, edges: list[Edge]) -> np.ndarray:
    """All-pairs shortest path lengths (Floyd-Warshall; unreachable pairs stay at n)."""
    dist = np.where(_adjacency(n, edges) > 0, 1.0, float(n))
    np.fill_diagonal(dist, 0.0)
    for k in range(n):
        dist = np.minimum(dist, dist[:, k:k + 1] + dist[k:k + 1, :])
    return dist


def _stress(n: int, edges: list[Edge], rng: random.Random, iterations: int = 60) -> np.ndarray:
    """Stress majorisation: Euclidean distances approach graph distances (weights d^-2)."""
    target = _graph_distances(n, edges)
    weight = np.where(target > 0, 1.0 / np.maximum(target, 1e-9) ** 2, 0.0)
    pos = _initial(n, rng) * math.sqrt(n)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 1e-6)
        pull = pos[None, :, :] + (target / dist)[..., None] * delta
        pos = (weight[..., None] * pull).sum(axis=1) / weight.sum(axis=1)[:, None]
    return pos


def _circle(count: int, radius: float, rng: random.Random) -> list[tuple[float, float]]:
    offset = rng.uniform(0.0, 2.0 * math.pi)
    return [(radius * math.cos(offset + 2 * math.pi * i / count), radius * math.sin(offset + 2 * math.pi * i / count))
            for i in range(count)]


def _circular(n: int, rng: random.Random) -> np.ndarray:
    order = list(range(n))
    rng.shuffle(order)
    points = _circle(n, 1.0, rng)
    pos = np.zeros((n, 2))
    for slot, node in enumerate(order):
        pos[node] = points[slot]
    return pos


def _shell(n: int, rng: random.Random) -> np.ndarray:
    """An inner ring of 3..n//2 nodes inside an outer ring of the rest."""
    order = list(range(n))
    rng.shuffle(order)
    inner = rng.randint(3, max(3, n // 2)) if n >= 6 else 1
    points = (_circle(inner, 0.42, rng) if inner > 1 else [(0.0, 0.0)]) + _circle(n - inner, 1.0, rng)
    pos = np.zeros((n, 2))
    for slot, node in enumerate(order):
        pos[node] = points[slot]
    return pos


def _grid(n: int, rng: random.Random) -> np.ndarray:
    """Nodes on distinct cells of a small grid, each jittered inside its cell."""
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    if rows * cols - n < 2 and rng.random() < 0.5:
        rows += 1
    cells = rng.sample(range(rows * cols), n)
    return np.array([[c % cols + rng.uniform(-0.22, 0.22), c // cols + rng.uniform(-0.22, 0.22)] for c in cells])


def _scattered(n: int, rng: random.Random) -> np.ndarray:
    """Random points thrown one by one, each kept only if it lands clear of the earlier ones."""
    spacing = 0.55 / math.sqrt(n)
    points: list[tuple[float, float]] = []
    for _ in range(400 * n):
        if len(points) == n:
            break
        p = (rng.random(), rng.random())
        if all((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 >= spacing**2 for q in points):
            points.append(p)
    while len(points) < n:  # practically unreachable; the readability check rejects the result
        points.append((rng.random(), rng.random()))
    return np.array(points)


def _repair(pos: np.ndarray, edges: list[Edge], node_gap: float, clearance: float, rounds: int = 20) -> np.ndarray:
    """Nudge nodes apart and off edges that pass too close, in unit-square units.

    Only free-form layouts are repaired; circles and shells keep their exact geometry.
    """
    pos = _normalise(pos)
    if not edges:
        return pos
    ends = np.array(edges)
    n = len(pos)
    for _ in range(rounds):
        moved = False
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.linalg.norm(delta, axis=-1) + np.eye(n)
        short = np.clip(node_gap * 1.05 - dist, 0.0, None) * (1 - np.eye(n))
        if short.any():
            pos = pos + 0.5 * (delta / np.maximum(dist, 1e-9)[..., None] * short[..., None]).sum(axis=1)
            moved = True
        a, b = pos[ends[:, 0]], pos[ends[:, 1]]
        ab = b - a
        t = np.clip(((pos[None, :, :] - a[:, None, :]) * ab[:, None, :]).sum(-1)
                    / np.maximum((ab**2).sum(1), 1e-12)[:, None], 0.0, 1.0)
        away = pos[None, :, :] - (a[:, None, :] + t[..., None] * ab[:, None, :])
        gap = np.linalg.norm(away, axis=-1)
        gap[np.arange(len(edges)), ends[:, 0]] = np.inf
        gap[np.arange(len(edges)), ends[:, 1]] = np.inf
        edge_idx, node_idx = np.nonzero(gap < clearance * 1.1)
        if len(edge_idx):
            g = np.maximum(gap[edge_idx, node_idx], 1e-9)[:, None]
            push = away[edge_idx, node_idx] / g * (clearance * 1.1 - g)
            normal = np.stack([-ab[edge_idx, 1], ab[edge_idx, 0]], axis=1)
            normal /= np.maximum(np.linalg.norm(normal, axis=1), 1e-9)[:, None]
            push = np.where(g < 1e-6, normal * clearance, push)  # exactly on the line: step sideways
            step = np.zeros_like(pos)
            np.add.at(step, node_idx, 0.7 * push)
            np.add.at(step, ends[edge_idx, 0], -0.3 * push)
            np.add.at(step, ends[edge_idx, 1], -0.3 * push)
            pos = pos + step
            moved = True
        pos = _normalise(pos)
        if not moved:
            break
    return pos


def layout(style: str, n: int, edges: list[Edge], rng: random.Random,
           spacing: tuple[float, float] | None = None) -> np.ndarray:
    """One candidate layout of ``style`` in the unit square (rows follow node ids 0..n-1).

    With ``spacing`` given (the node gap and the node-to-edge clearance, both in unit-square
    units), free-form layouts are first nudged towards that spacing.
    """
    if style == "spring":
        pos = _rotate(_spring(n, edges, rng), rng)
    elif style == "stress":
        pos = _rotate(_stress(n, edges, rng), rng)
    elif style == "circular":
        pos = _circular(n, rng)
    elif style == "shell":
        pos = _shell(n, rng)
    elif style == "grid":
        pos = _grid(n, rng)
    elif style == "random":
        pos = _scattered(n, rng)
    else:
        raise ValueError(f"unknown layout style {style!r}; known: {', '.join(LAYOUT_STYLES)}")
    if spacing is not None and style in ("spring", "stress", "grid", "random"):
        pos = _repair(pos, edges, *spacing)
    return np.round(_normalise(pos), 4)
