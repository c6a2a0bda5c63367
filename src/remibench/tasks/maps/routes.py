"""Street-grid geometry for the Maps task: routes, turn-by-turn directions, and route matching.

A grid has ``n`` vertical streets (west to east, column ``c``) and ``n`` horizontal streets
(north to south, row ``r``); an intersection is the node ``(c, r)`` and a block is the edge
between two neighbouring nodes. A route is a simple path of nodes. Everything here is pure and
independent of the sampler, so the solver can re-derive answers from a spec with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Node = tuple[int, int]
Edge = tuple[Node, Node]

HEADINGS: dict[str, tuple[int, int]] = {"north": (0, -1), "east": (1, 0), "south": (0, 1), "west": (-1, 0)}
CLOCKWISE = ["north", "east", "south", "west"]
DIRECTION_STYLES = ("names", "counts")


class RouteError(ValueError):
    """A path that is not a simple walk along the grid's streets."""


# ---------------------------------------------------------------- basics

def as_nodes(path: Sequence[Sequence[int]]) -> list[Node]:
    """Nodes as tuples (specs store them as JSON lists)."""
    return [(int(p[0]), int(p[1])) for p in path]


def heading_of(a: Node, b: Node) -> str:
    """Compass heading of the one-block move a -> b."""
    step = (b[0] - a[0], b[1] - a[1])
    for name, vector in HEADINGS.items():
        if vector == step:
            return name
    raise RouteError(f"{a} -> {b} is not a one-block move")


def turn_between(before: str, after: str) -> str:
    """``left`` or ``right`` for a change of heading; straight on and U-turns are not turns."""
    delta = (CLOCKWISE.index(after) - CLOCKWISE.index(before)) % 4
    if delta == 1:
        return "right"
    if delta == 3:
        return "left"
    raise RouteError(f"{before} -> {after} is not a left or right turn")


def check_path(path: Sequence[Node], n: int, min_blocks: int = 1) -> None:
    """Raise :class:`RouteError` unless ``path`` is a simple grid walk of ``min_blocks`` or more blocks."""
    if len(path) < min_blocks + 1:
        raise RouteError(f"path {list(path)} is shorter than {min_blocks} block(s)")
    for c, r in path:
        if not (0 <= c < n and 0 <= r < n):
            raise RouteError(f"node {(c, r)} lies outside the {n}x{n} grid")
    if len(set(path)) != len(path):
        raise RouteError(f"path {list(path)} visits a node twice")
    for a, b in zip(path, path[1:]):
        heading_of(a, b)


def edge_set(path: Sequence[Node]) -> frozenset[Edge]:
    """The blocks a path covers, orientation-free."""
    return frozenset((min(a, b), max(a, b)) for a, b in zip(path, path[1:]))


def manhattan(a: Node, b: Node) -> int:
    return abs(a[0] - b[0]) + abs(a[1] - b[1])


def street_of_move(a: Node, b: Node, vertical: Sequence[str], horizontal: Sequence[str]) -> str:
    """Name of the street a one-block move runs along."""
    heading = heading_of(a, b)
    return vertical[a[0]] if heading in ("north", "south") else horizontal[a[1]]


def count_turns(path: Sequence[Node]) -> int:
    headings = [heading_of(a, b) for a, b in zip(path, path[1:])]
    return sum(1 for x, y in zip(headings, headings[1:]) if x != y)


# ---------------------------------------------------------------- directions

def directions(route: Sequence[Node], vertical: Sequence[str], horizontal: Sequence[str]) -> list[dict[str, Any]]:
    """Turn-by-turn steps for ``route``: one step per straight run.

    Each step is ``{"action": "head"|"left"|"right", "heading", "street", "blocks"}``; the first
    step heads off along a street, every later one turns onto the next street.
    """
    route = list(route)
    if len(route) < 2:
        raise RouteError("a route needs at least one block")
    steps: list[dict[str, Any]] = []
    for a, b in zip(route, route[1:]):
        heading = heading_of(a, b)
        if steps and steps[-1]["heading"] == heading:
            steps[-1]["blocks"] += 1
            continue
        action = "head" if not steps else turn_between(steps[-1]["heading"], heading)
        steps.append({"action": action, "heading": heading,
                      "street": street_of_move(a, b, vertical, horizontal), "blocks": 1})
    return steps


def _blocks(count: int) -> str:
    return f"{count} block" if count == 1 else f"{count} blocks"


def directions_text(steps: Sequence[dict[str, Any]], style: str) -> str:
    """The directions in words.

    ``names``: turns are located by the street turned onto (as a navigation app says it), only
    the last run gives its length; ``counts``: every run gives its length in blocks.
    """
    if style not in DIRECTION_STYLES:
        raise ValueError(f"unknown directions style {style!r}")
    sentences = []
    last = len(steps) - 1
    for i, step in enumerate(steps):
        if step["action"] == "head":
            opening = f"Head {step['heading']} on {step['street']}"
        else:
            opening = f"Turn {step['action']} onto {step['street']}"
        if i == last:
            sentences.append(f"{opening}.")
            sentences.append(f"Continue for {_blocks(step['blocks'])} to arrive at your destination.")
        elif style == "counts":
            verb = "for" if step["action"] == "head" else "and continue for"
            sentences.append(f"{opening} {verb} {_blocks(step['blocks'])}.")
        else:
            sentences.append(f"{opening}.")
    return " ".join(sentences)


def follow_directions(start: Node, steps: Sequence[dict[str, Any]], n: int, vertical: Sequence[str],
                      horizontal: Sequence[str]) -> list[Node]:
    """Trace ``steps`` from ``start``, locating each turn by the street it turns onto.

    Every run but the last ends where the next step's street crosses it; the stated block counts
    must agree with that, so a set of steps that the words would not pin down raises.
    """
    route = [start]
    heading = None
    for i, step in enumerate(steps):
        if step["action"] == "head":
            if i != 0:
                raise RouteError("only the first step may head off")
            heading = step["heading"]
        else:
            if heading is None:
                raise RouteError("a route must start by heading off")
            heading = CLOCKWISE[(CLOCKWISE.index(heading) + (1 if step["action"] == "right" else -1)) % 4]
            if heading != step["heading"]:
                raise RouteError(f"step {i} says {step['heading']} but the turn gives {heading}")
        dc, dr = HEADINGS[heading]
        along = vertical if heading in ("north", "south") else horizontal
        here = route[-1]
        if along[here[0] if heading in ("north", "south") else here[1]] != step["street"]:
            raise RouteError(f"step {i}: the route is not on {step['street']}")
        if i < len(steps) - 1:
            target = steps[i + 1]["street"]
            cross = horizontal if heading in ("north", "south") else vertical
            blocks = 0
            while True:
                here = (here[0] + dc, here[1] + dr)
                blocks += 1
                if not (0 <= here[0] < n and 0 <= here[1] < n):
                    raise RouteError(f"step {i}: never reaches {target}")
                route.append(here)
                if cross[here[1] if heading in ("north", "south") else here[0]] == target:
                    break
            if blocks != step["blocks"]:
                raise RouteError(f"step {i}: reaches {target} after {blocks} blocks, not {step['blocks']}")
        else:
            for _ in range(step["blocks"]):
                here = (here[0] + dc, here[1] + dr)
                route.append(here)
    check_path(route, n)
    return route


# ---------------------------------------------------------------- matching partial routes

def oriented(piece: Sequence[Node], first: Node) -> list[Node] | None:
    """``piece`` read so that it begins at ``first`` (pieces are drawn without a direction)."""
    piece = list(piece)
    if piece[0] == first:
        return piece
    if piece[-1] == first:
        return piece[::-1]
    return None


def composing_pairs(route: Sequence[Node], pieces: Sequence[Sequence[Node]]) -> list[tuple[int, int]]:
    """Ordered pairs (i, j): piece i from the route's start, then piece j on to its end, is the route."""
    route = list(route)
    pairs = []
    for i, first in enumerate(pieces):
        head = oriented(first, route[0])
        if head is None or len(head) >= len(route) or route[:len(head)] != head:
            continue
        join = head[-1]
        for j, second in enumerate(pieces):
            if j == i:
                continue
            tail = oriented(second, join)
            if tail is not None and head + tail[1:] == route:
                pairs.append((i, j))
    return pairs


def covering_pairs(route: Sequence[Node], pieces: Sequence[Sequence[Node]]) -> list[tuple[int, int]]:
    """Unordered pairs (i < j) whose blocks together are exactly the route's blocks (overlaps allowed).

    An overlapping pair that covers the route looks like an answer at a glance; the sampler
    keeps only items where the true pair is the one such pair.
    """
    target = edge_set(route)
    sets = [edge_set(p) for p in pieces]
    return [(i, j) for i in range(len(pieces)) for j in range(i + 1, len(pieces)) if sets[i] | sets[j] == target]


# ---------------------------------------------------------------- routes with a given number of turns

def routes_with_turns(n: int, start: Node, end: Node, length: int, turns: int) -> list[list[Node]]:
    """Every simple route start -> end of exactly ``length`` blocks and exactly ``turns`` turns.

    A route with t turns is t + 1 straight runs, so they are enumerated run by run (a few
    thousand candidates at most on the grids used), which samples them uniformly.
    """
    out: list[list[Node]] = []

    def extend(path: list[Node], heading: str, left: int, turns_left: int) -> None:
        here = path[-1]
        dc, dr = HEADINGS[heading]
        last = turns_left == 0
        for run in ([left] if last else range(1, left - turns_left + 1)):
            nodes = [(here[0] + dc * s, here[1] + dr * s) for s in range(1, run + 1)]
            if not all(0 <= c < n and 0 <= r < n for c, r in nodes):
                break
            if any(v in path for v in nodes):
                break
            if last:
                if nodes[-1] == end:
                    out.append(path + nodes)
                continue
            if end in nodes:
                break
            turn_index = CLOCKWISE.index(heading)
            for side in (1, -1):
                extend(path + nodes, CLOCKWISE[(turn_index + side) % 4], left - run, turns_left - 1)

    for heading in CLOCKWISE:
        extend([start], heading, length, turns)
    return out
