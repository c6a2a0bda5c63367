"""Node-link drawings of small graphs: layouts, readability checks and Pillow rendering.

Layouts are computed here with the project's own small numpy code (not a library's layout
routine), so the coordinates a seed gives do not change when a dependency is upgraded. A layout
is kept only if the drawing is readable at the rendered size: nodes well apart, no edge passing
close to a node it does not end at, no near-parallel crossings, no knots of crossings at one
spot and no edges leaving a node at almost the same angle. Among the readable candidates the
one with the fewest crossings wins.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from remibench.render.fonts import font

LAYOUT_STYLES: tuple[str, ...] = ("spring", "stress", "circular", "shell", "grid", "random")
LAYOUT_ATTEMPTS = {"spring": 12, "stress": 12, "circular": 30, "shell": 30, "grid": 8, "random": 8}

BASE_SIZE = 480           # canvas side is BASE_SIZE + SIZE_PER_NODE * n pixels
SIZE_PER_NODE = 10
SUPERSAMPLE = 2
NODE_GAP_PX = 22          # free space between two node circles
EDGE_CLEARANCE_PX = 8     # free space between a node circle and an edge not ending there
MIN_CROSSING_DEG = 15.0   # shallower crossings look like two edges merging
MIN_FAN_DEG = 11.0        # edges leaving one node closer than this look like one edge
CROSSING_GAP_PX = 10      # two crossings closer than this merge into a hard-to-trace knot

Edge = tuple[int, int]

_NODE_FILLS = [(255, 236, 179), (200, 230, 201), (187, 222, 251), (248, 215, 218), (225, 213, 240),
               (255, 255, 255), (255, 224, 178), (215, 236, 236)]
_INKS = [(20, 20, 20), (33, 47, 92), (70, 40, 20), (25, 70, 45), (90, 25, 40), (60, 60, 60)]
_FAMILIES = ["sans", "sans-bold", "serif-bold", "mono-bold"]


@dataclass(frozen=True)
class Readability:
    """Outcome of checking one candidate layout: why it is unreadable (or None) and its crossings."""

    problem: str | None
    crossings: int


# ---------------------------------------------------------------- styles

def random_style(rng: random.Random, n: int) -> dict[str, Any]:
    """Canvas size, colours, line width, node size and font of one drawing of ``n`` nodes."""
    ink = list(rng.choice(_INKS))
    return {
        "size": BASE_SIZE + SIZE_PER_NODE * n,
        "node_radius": rng.randint(19, 22),
        "font_size": rng.randint(19, 22),
        "font_family": rng.choice(_FAMILIES),
        "edge_width": rng.randint(2, 4),
        "border_width": rng.randint(2, 3),
        "edge_color": ink,
        "node_border": ink,
        "node_fill": list(rng.choice(_NODE_FILLS)),
        "text_color": ink,
    }


def margin(style: dict[str, Any]) -> float:
    """Distance from the canvas edge to the outermost node centres."""
    return style["node_radius"] + 14


def to_pixels(pos: np.ndarray, style: dict[str, Any]) -> np.ndarray:
    """Map unit-square coordinates to pixel centres on the final canvas."""
    pad = margin(style)
    return pad + pos * (style["size"] - 2 * pad)


# ---------------------------------------------------------------- layouts

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
           draw_style: dict[str, Any] | None = None) -> np.ndarray:
    """One candidate layout of ``style`` in the unit square (rows follow node ids 0..n-1).

    With ``draw_style`` given, free-form layouts are first nudged towards the spacing that
    :func:`readability` asks for at that drawing's size.
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
    if draw_style is not None and style in ("spring", "stress", "grid", "random"):
        unit = draw_style["size"] - 2 * margin(draw_style)
        radius = draw_style["node_radius"]
        pos = _repair(pos, edges, (2 * radius + NODE_GAP_PX) / unit, (radius + EDGE_CLEARANCE_PX) / unit)
    return np.round(_normalise(pos), 4)


# ---------------------------------------------------------------- readability

def _segment_point_distances(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distances (segments x points) from each point in ``p`` to each segment a[i]-b[i]."""
    ab = b - a
    length2 = np.maximum((ab**2).sum(axis=1), 1e-12)
    ap = p[None, :, :] - a[:, None, :]
    t = np.clip((ap * ab[:, None, :]).sum(axis=-1) / length2[:, None], 0.0, 1.0)
    closest = a[:, None, :] + t[..., None] * ab[:, None, :]
    return np.linalg.norm(p[None, :, :] - closest, axis=-1)


def _cross(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    return u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]


def readability(pos: np.ndarray, edges: list[Edge], style: dict[str, Any]) -> Readability:
    """Check a unit-square layout at the size ``style`` renders it; count proper crossings."""
    px = to_pixels(np.asarray(pos, dtype=float), style)
    n = len(px)
    radius = style["node_radius"]
    gaps = np.linalg.norm(px[:, None, :] - px[None, :, :], axis=-1) + np.eye(n) * 1e9
    if gaps.min() < 2 * radius + NODE_GAP_PX:
        return Readability("nodes too close", 0)
    if not edges:
        return Readability(None, 0)
    ends = np.array(edges)
    a, b = px[ends[:, 0]], px[ends[:, 1]]
    near = _segment_point_distances(px, a, b)
    incident = np.zeros_like(near, dtype=bool)
    incident[np.arange(len(edges)), ends[:, 0]] = True
    incident[np.arange(len(edges)), ends[:, 1]] = True
    if np.where(incident, np.inf, near).min() < radius + EDGE_CLEARANCE_PX:
        return Readability("edge passes a node", 0)
    # Edges leaving the same node at nearly the same angle.
    direction = (b - a) / np.linalg.norm(b - a, axis=1)[:, None]
    min_fan_cos = math.cos(math.radians(MIN_FAN_DEG))
    for node in range(n):
        out = [direction[i] if edges[i][0] == node else -direction[i] for i in range(len(edges)) if node in edges[i]]
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                if float(out[i] @ out[j]) > min_fan_cos:
                    return Readability("edges leave a node together", 0)
    # Proper crossings between edges with no common end.
    d = b - a
    o1 = _cross(d[:, None, :], a[None, :, :] - a[:, None, :])
    o2 = _cross(d[:, None, :], b[None, :, :] - a[:, None, :])
    straddle = (o1 * o2) < 0
    crossing = straddle & straddle.T
    disjoint = (ends[:, None, 0] != ends[None, :, 0]) & (ends[:, None, 0] != ends[None, :, 1]) \
        & (ends[:, None, 1] != ends[None, :, 0]) & (ends[:, None, 1] != ends[None, :, 1])
    crossing &= disjoint
    sines = np.abs(_cross(direction[:, None, :], direction[None, :, :]))
    if (crossing & (sines < math.sin(math.radians(MIN_CROSSING_DEG)))).any():
        return Readability("shallow edge crossing", 0)
    first, second = np.nonzero(np.triu(crossing, 1))
    if len(first) > 1:
        t = _cross(a[second] - a[first], d[second]) / _cross(d[first], d[second])
        points = a[first] + t[:, None] * d[first]
        spread = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=-1) + np.eye(len(points)) * 1e9
        if spread.min() < CROSSING_GAP_PX:
            return Readability("crossings bunch together", 0)
    return Readability(None, int(len(first)))


def best_layout(style_name: str, n: int, edges: list[Edge], draw_style: dict[str, Any], rng: random.Random,
                candidates: int = 3, max_crossings: int | None = None) -> tuple[np.ndarray | None, str]:
    """The readable candidate with fewest crossings, or None and the most common problem.

    Cheap styles get more attempts; a style that keeps failing on a dense graph gives up
    early so the caller can fall back to another style.
    """
    best: tuple[int, np.ndarray] | None = None
    problems: dict[str, int] = {}
    found = 0
    for _ in range(LAYOUT_ATTEMPTS[style_name]):
        pos = layout(style_name, n, edges, rng, draw_style)
        check = readability(pos, edges, draw_style)
        problem = check.problem
        if problem is None and max_crossings is not None and check.crossings > max_crossings:
            problem = "too many crossings"
        if problem is not None:
            problems[problem] = problems.get(problem, 0) + 1
            continue
        if best is None or check.crossings < best[0]:
            best = (check.crossings, pos)
        found += 1
        if found >= candidates or check.crossings == 0:
            break
    if best is None:
        return None, max(problems, key=lambda k: problems[k]) if problems else "no layout"
    return best[1], ""


# ---------------------------------------------------------------- rendering

def render_graph(labels: list[str], positions: list[list[float]], edges: list[tuple[str, str]],
                 style: dict[str, Any]) -> Image.Image:
    """Draw one graph: straight dark edges, filled circles with a border, centred labels.

    Drawn at ``SUPERSAMPLE`` times the size and shrunk by averaging each block of pixels (the
    plain supersampling filter; for an exact integer factor it smooths lines and circle
    outlines as well as a Lanczos resize, without its ringing, at a tenth of the cost).
    """
    k = SUPERSAMPLE
    size = style["size"]
    image = Image.new("RGB", (size * k, size * k), "white")
    draw = ImageDraw.Draw(image)
    px = to_pixels(np.asarray(positions, dtype=float), style) * k
    where = {label: (float(x), float(y)) for label, (x, y) in zip(labels, px)}
    edge_color = tuple(style["edge_color"])
    for u, v in edges:
        draw.line([where[u], where[v]], fill=edge_color, width=style["edge_width"] * k)
    r = style["node_radius"] * k
    face = font(style["font_size"] * k, style["font_family"])
    for label in labels:
        x, y = where[label]
        draw.ellipse([x - r, y - r, x + r, y + r], fill=tuple(style["node_fill"]),
                     outline=tuple(style["node_border"]), width=style["border_width"] * k)
        left, top, right, bottom = face.getbbox(label)
        draw.text((x - (left + right) / 2, y - (top + bottom) / 2), label, fill=tuple(style["text_color"]), font=face)
    return image.reduce(k)
