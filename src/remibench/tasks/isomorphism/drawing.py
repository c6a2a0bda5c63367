"""Node-link drawings of small graphs: styles, readability checks and Pillow rendering.

Candidate layouts come from :mod:`.layout`. A layout is kept only if the drawing is readable
at the rendered size: nodes well apart, no edge passing close to a node it does not end at, no
near-parallel crossings, no knots of crossings at one spot and no edges leaving a node at almost
the same angle. Among the readable candidates the one with the fewest crossings wins.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from remibench.render.fonts import font
from remibench.tasks.isomorphism.layout import Edge, layout

LAYOUT_ATTEMPTS = {"spring": 12, "stress": 12, "circular": 30, "shell": 30, "grid": 8, "random": 8}

BASE_SIZE = 480           # canvas side is BASE_SIZE + SIZE_PER_NODE * n pixels
SIZE_PER_NODE = 10
SUPERSAMPLE = 2
NODE_GAP_PX = 22          # free space between two node circles
EDGE_CLEARANCE_PX = 8     # free space between a node circle and an edge not ending there
MIN_CROSSING_DEG = 15.0   # shallower crossings look like two edges merging
MIN_FAN_DEG = 11.0        # edges leaving one node closer than this look like one edge
CROSSING_GAP_PX = 10      # two crossings closer than this merge into a hard-to-trace knot

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


def repair_spacing(style: dict[str, Any]) -> tuple[float, float]:
    """The node gap and node-to-edge clearance :func:`readability` asks for, in unit-square units."""
    unit = style["size"] - 2 * margin(style)
    radius = style["node_radius"]
    return (2 * radius + NODE_GAP_PX) / unit, (radius + EDGE_CLEARANCE_PX) / unit


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
    spacing = repair_spacing(draw_style)
    for _ in range(LAYOUT_ATTEMPTS[style_name]):
        pos = layout(style_name, n, edges, rng, spacing)
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
