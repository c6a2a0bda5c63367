"""Street-grid geometry for the Maps task: routes, turn-by-turn directions, and route matching.

A grid has ``n`` vertical streets (west to east, column ``c``) and ``n`` horizontal streets
(north to south, row ``r``); an intersection is the node ``(c, r)`` and a block is the edge
between two neighbouring nodes. A route is a simple path of nodes. Everything here is pure and
independent of the sampler, so the solver can re-derive answers from a spec with it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
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


# ---------------------------------------------------------------- random paths

def neighbours(node: Node, n: int) -> list[tuple[str, Node]]:
    out = []
    for name in CLOCKWISE:
        dc, dr = HEADINGS[name]
        nxt = (node[0] + dc, node[1] + dr)
        if 0 <= nxt[0] < n and 0 <= nxt[1] < n:
            out.append((name, nxt))
    return out


def random_path(rng: random.Random, n: int, start: Node, end: Node | None, length: int, *,
                max_turns: int = 4, straight_bias: float = 0.6, first_avoid: Node | None = None,
                forbidden: frozenset[Node] = frozenset(), budget: int = 3000) -> list[Node] | None:
    """A random simple path of exactly ``length`` blocks from ``start`` (to ``end`` if given).

    Depth-first search with a random move order that prefers going straight on, so paths look
    like routes people take rather than staircases. ``first_avoid`` bans one first move,
    ``forbidden`` bans nodes. Returns None when the search budget runs out.
    """
    if end is not None and (manhattan(start, end) > length or (length - manhattan(start, end)) % 2):
        return None
    path = [start]
    visited = {start}
    calls = 0

    def extend(heading: str | None, turns: int) -> bool:
        nonlocal calls
        calls += 1
        if calls > budget:
            return False
        here = path[-1]
        left = length - (len(path) - 1)
        if left == 0:
            return end is None or here == end
        if end is not None and manhattan(here, end) > left:
            return False
        options = neighbours(here, n)
        rng.shuffle(options)
        if heading is not None and rng.random() < straight_bias:
            options.sort(key=lambda o: o[0] != heading)
        for name, nxt in options:
            if nxt in visited or nxt in forbidden:
                continue
            if len(path) == 1 and nxt == first_avoid:
                continue
            if end is not None and nxt == end and left > 1:
                continue
            new_turns = turns + (heading is not None and name != heading)
            if new_turns > max_turns:
                continue
            path.append(nxt)
            visited.add(nxt)
            if extend(name, new_turns):
                return True
            path.pop()
            visited.discard(nxt)
        return False

    return list(path) if extend(None, 0) else None


# ---------------------------------------------------------------- decoys and random routes

DECOY_STYLES = ("same_join", "alt_route", "wrong_turn", "other_split")


@dataclass(frozen=True)
class RouteLimits:
    """What every sampled path must respect: grid size, shortest piece, most turns."""

    n: int
    min_piece: int
    max_turns: int


def lengths_near(target: int, low: int, a: Node, b: Node) -> list[int]:
    """Lengths for a path a -> b close to ``target`` (same parity as the distance)."""
    d = manhattan(a, b)
    return [t for t in (target - 2, target, target + 2) if t >= max(low, d) and (t - d) % 2 == 0]


def path_between(rng: random.Random, limits: RouteLimits, a: Node, b: Node, target: int,
                 avoid: list[Node] | None = None, tries: int = 6) -> list[Node] | None:
    """A random path a -> b of about ``target`` blocks that differs from ``avoid``."""
    for _ in range(tries):
        lengths = lengths_near(target, limits.min_piece, a, b)
        if not lengths:
            return None
        path = random_path(rng, limits.n, a, b, rng.choice(lengths), max_turns=limits.max_turns)
        if path is not None and (avoid is None or edge_set(path) != edge_set(avoid)):
            return path
    return None


def wander(rng: random.Random, limits: RouteLimits, route: list[Node], k: int, keep_away: Node) -> list[Node] | None:
    """Follow ``route`` for some blocks, then turn off it and stop short of anything useful."""
    for _ in range(6):
        m = rng.randint(0, k - 1)
        total = max(limits.min_piece, m + 1, k + rng.choice((-1, 0, 1)))
        ext = random_path(rng, limits.n, route[m], None, total - m, max_turns=limits.max_turns,
                          first_avoid=route[m + 1], forbidden=frozenset(route[:m]) | {keep_away})
        if ext is not None and ext[-1] not in route:
            return route[:m] + ext
    return None


def decoy_pair(rng: random.Random, limits: RouteLimits, style: str, route: list[Node], k: int) -> list[list[Node]] | None:
    """A start-side and an end-side decoy in ``style`` for ``route`` split after ``k`` blocks.

    same_join: other ways from the start to the true junction and from it to the end;
    alt_route: the two halves of another start-to-end route; wrong_turn: pieces that share the
    route's first (last) blocks, leave it and stop off the route; other_split: a shorter prefix
    and a shorter suffix of the route itself.
    """
    start, end, join, length = route[0], route[-1], route[k], len(route) - 1
    if style == "same_join":
        first = path_between(rng, limits, start, join, k, avoid=route[:k + 1])
        second = path_between(rng, limits, join, end, length - k, avoid=route[k:])
        return [first, second] if first and second else None
    if style == "alt_route":
        other = path_between(rng, limits, start, end, length, avoid=route)
        if other is None or len(other) - 1 < 2 * limits.min_piece:
            return None
        k2 = rng.randint(limits.min_piece, len(other) - 1 - limits.min_piece)
        return [other[:k2 + 1], other[k2:]]
    if style == "wrong_turn":
        first = wander(rng, limits, route, k, end)
        back = wander(rng, limits, route[::-1], length - k, start)
        return [first, back[::-1]] if first and back else None
    shorter_head = [route[:j + 1] for j in range(limits.min_piece, k)]
    shorter_tail = [route[j:] for j in range(k + 1, length - limits.min_piece + 1)]
    if not shorter_head or not shorter_tail:
        return None
    return [rng.choice(shorter_head), rng.choice(shorter_tail)]


def away_from_pins(rng: random.Random, limits: RouteLimits, pins: set[Node], target: int) -> list[Node] | None:
    """A partial route touching neither pin (an easy decoy)."""
    n = limits.n
    for _ in range(10):
        a = (rng.randrange(n), rng.randrange(n))
        if a in pins:
            continue
        path = random_path(rng, n, a, None, max(limits.min_piece, target), max_turns=limits.max_turns,
                           forbidden=frozenset(pins))
        if path is not None:
            return path
    return None


def pins_at_distance(rng: random.Random, n: int, distance: int) -> tuple[Node, Node] | None:
    """A start and an end node ``distance`` blocks apart along the streets (None if none are)."""
    nodes = [(c, r) for r in range(n) for c in range(n)]
    pairs = [(a, b) for a in nodes for b in nodes if manhattan(a, b) == distance]
    return rng.choice(pairs) if pairs else None


def route_with_turns(rng: random.Random, limits: RouteLimits, start: Node, end: Node, length: int,
                     min_turns: int) -> list[Node] | None:
    """A random route start -> end of exactly ``length`` blocks with ``min_turns`` or more turns."""
    for _ in range(4):
        route = random_path(rng, limits.n, start, end, length, max_turns=limits.max_turns)
        if route is not None and count_turns(route) >= min_turns:
            return route
    return None
