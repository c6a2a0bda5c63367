"""The vocabulary of geometry figures: primitives, figures and their pixel layouts.

A :class:`Figure` lists primitives in world coordinates (y up, any unit): outlines and arcs,
length labels, angle arcs with degree values, right-angle squares, vertex names, dimension
lines, equal-length ticks and shaded blocks. ``geometry_layout.layout`` fits a figure to scale
into its canvas and places every text (a :class:`Layout`); ``geometry_checks`` lists what would
make the layout unreadable; ``geometry_layout.draw`` renders it with 2x supersampling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Union

from remibench.render.fonts import Family, font

RGB = tuple[int, int, int]
Pt = tuple[float, float]


class Unfit(Exception):
    """The drawn values give a shape too thin, too flat or otherwise hard to read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

SUPERSAMPLE = 2
INK: RGB = (25, 25, 35)
VALUE_INK: RGB = (20, 50, 140)
ANGLE_INK: RGB = (175, 30, 30)
GUIDE_INK: RGB = (95, 95, 110)
LABEL_SIZE = 20
NAME_SIZE = 21
GAP = 5.0
TEXT_PAD = 2.0


# ----------------------------------------------------------------------------- primitives

@dataclass(frozen=True)
class Path:
    """A polyline (or closed polygon when ``closed``), optionally filled or dashed."""

    points: tuple[Pt, ...]
    closed: bool = False
    width: float = 3.0
    color: RGB = INK
    fill: RGB | None = None
    dash: float = 0.0


@dataclass(frozen=True)
class SideLabel:
    """Text beside segment pq, on the side away from ``away``."""

    p: Pt
    q: Pt
    text: str
    away: Pt
    color: RGB = VALUE_INK
    size: int = LABEL_SIZE


@dataclass(frozen=True)
class AngleMark:
    """An arc inside the angle a-vertex-b (< 180 degrees) with its value on the bisector."""

    vertex: Pt
    a: Pt
    b: Pt
    text: str
    color: RGB = ANGLE_INK
    size: int = LABEL_SIZE


@dataclass(frozen=True)
class RightMark:
    """The small square of a right angle a-vertex-b."""

    vertex: Pt
    a: Pt
    b: Pt
    color: RGB = INK


@dataclass(frozen=True)
class VertexName:
    """A point's name, set off from the point in world direction ``direction``."""

    point: Pt
    text: str
    direction: Pt
    size: int = NAME_SIZE


@dataclass(frozen=True)
class Dimension:
    """A dimension line parallel to pq (offset towards the side away from ``away``) with text."""

    p: Pt
    q: Pt
    text: str
    away: Pt
    offset: float = 16.0
    size: int = 18


@dataclass(frozen=True)
class Ticks:
    """Equal-length ticks across the middle of segment pq."""

    p: Pt
    q: Pt
    count: int = 1


@dataclass(frozen=True)
class Block:
    """A shaded region with a caption (a house wall); texts must keep out of it."""

    points: tuple[Pt, ...]
    text: str
    fill: RGB = (205, 205, 210)


@dataclass(frozen=True)
class Dot:
    point: Pt
    radius: float = 3.5
    color: RGB = INK


Item = Union[Path, SideLabel, AngleMark, RightMark, VertexName, Dimension, Ticks, Block, Dot]


@dataclass
class Figure:
    """Everything one image shows, in world coordinates, plus the canvas it is fitted into."""

    width: int
    height: int
    items: list[Item] = field(default_factory=list)
    margin: float = 64.0
    title: str | None = None
    title_size: int = 22
    background: RGB = (255, 255, 255)


# ----------------------------------------------------------------------------- small vector helpers

def unit(v: Pt) -> Pt:
    n = math.hypot(v[0], v[1])
    return (v[0] / n, v[1] / n) if n > 1e-12 else (0.0, 0.0)


def sub(a: Pt, b: Pt) -> Pt:
    return (a[0] - b[0], a[1] - b[1])


def exterior_direction(point: Pt, a: Pt, b: Pt) -> Pt:
    """World direction pointing out of the angle a-point-b (for placing the point's name)."""
    u1, u2 = unit(sub(a, point)), unit(sub(b, point))
    s = (u1[0] + u2[0], u1[1] + u2[1])
    if math.hypot(*s) < 1e-6:  # straight angle: go perpendicular
        return (-u1[1], u1[0])
    return (-s[0], -s[1])


def arc_points(center: Pt, radius: float, start_deg: float, sweep_deg: float, step_deg: float = 3.0) -> list[Pt]:
    """Points along a circular arc from ``start_deg`` turning by ``sweep_deg`` (world, ccw > 0)."""
    n = max(2, int(math.ceil(abs(sweep_deg) / step_deg)) + 1)
    out = []
    for k in range(n):
        t = math.radians(start_deg + sweep_deg * k / (n - 1))
        out.append((center[0] + radius * math.cos(t), center[1] + radius * math.sin(t)))
    return out


def half_extent(direction: Pt, hw: float, hh: float) -> float:
    """Half-width of a text box measured along ``direction`` (unit)."""
    return abs(direction[0]) * hw + abs(direction[1]) * hh


@lru_cache(maxsize=4096)
def text_half(text: str, size: int, family: Family) -> tuple[float, float]:
    left, top, right, bottom = font(size, family).getbbox(text, anchor="mm")
    return max(-left, right) + TEXT_PAD, max(-top, bottom) + TEXT_PAD


# ----------------------------------------------------------------------------- pixel layout

@dataclass
class PlacedText:
    """A text at its final pixel position; ``half`` is its padded half width and height."""

    center: Pt
    text: str
    size: int
    family: Family
    color: RGB
    half: tuple[float, float]

    @property
    def box(self) -> tuple[float, float, float, float]:
        hw, hh = self.half
        return (self.center[0] - hw, self.center[1] - hh, self.center[0] + hw, self.center[1] + hh)


@dataclass
class Layout:
    """Pixel-space drawing operations of one figure, and what makes it unreadable (if anything)."""

    width: int
    height: int
    background: RGB
    fills: list[tuple[list[Pt], RGB]] = field(default_factory=list)
    lines: list[tuple[list[Pt], float, RGB]] = field(default_factory=list)
    dots: list[tuple[Pt, float, RGB]] = field(default_factory=list)
    texts: list[PlacedText] = field(default_factory=list)
    regions: list[list[Pt]] = field(default_factory=list)
    captions: list[PlacedText] = field(default_factory=list)
    dimension_lines: list[list[tuple[Pt, Pt]]] = field(default_factory=list)
    scale: float = 1.0
    problems: list[str] = field(default_factory=list)
