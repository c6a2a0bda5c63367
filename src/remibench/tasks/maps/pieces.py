"""Partial routes for Maps ``route_pair``: four pieces, three of which could open the route.

The described route is a shortest way between the pins (no detour a driver would not take). It
is split at a junction J. Three start pieces run from the start pin to J and one end piece from
J to the destination, holding the turn onto the last street and the whole last run; every start
piece opens with the same first street (with ``counts`` directions, the same whole first run).
All three start-then-end combinations are routes of the same length and the same number of
turns between the pins, joined at J, so the pins, the joins, the length, the turn count and the
first and last instructions leave three candidate pairs; the middle of the directions picks
one. (Two start and two end pieces would leave four, but on the five-street grid no such four
combinations can all turn equally often, and counting the turns in the directions would then
halve the choice.) The true route is one of the three combinations, chosen at random after the
pieces are drawn, so nothing about a piece's shape tells whether it is the true one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from remibench.tasks.maps.routes import Node, count_turns, heading_of, manhattan

Path = list[Node]


def monotone_paths(a: Node, b: Node) -> list[Path]:
    """Every shortest grid path a -> b (each step moves towards b)."""
    dc = (b[0] > a[0]) - (b[0] < a[0])
    dr = (b[1] > a[1]) - (b[1] < a[1])
    out: list[Path] = []

    def extend(path: Path) -> None:
        here = path[-1]
        if here == b:
            out.append(list(path))
            return
        if here[0] != b[0]:
            extend(path + [(here[0] + dc, here[1])])
        if here[1] != b[1]:
            extend(path + [(here[0], here[1] + dr)])

    extend([a])
    return out


def first_run(path: Path) -> int:
    """Blocks of the opening straight run."""
    heading = heading_of(path[0], path[1])
    k = 1
    while k + 1 < len(path) and heading_of(path[k], path[k + 1]) == heading:
        k += 1
    return k


def last_run(path: Path) -> int:
    return first_run(path[::-1])


@dataclass(frozen=True)
class PairLayout:
    """The route, its junction index, three start pieces (the route's own first) and the end piece."""

    route: Path
    k: int
    starts: tuple[Path, Path, Path]
    end: Path


def pin_pair(rng: random.Random, n: int, length: int) -> tuple[Node, Node] | None:
    """Pins ``length`` blocks apart with at least two blocks between them in each direction."""
    nodes = [(c, r) for r in range(n) for c in range(n)]
    pairs = [(a, b) for a in nodes for b in nodes
             if manhattan(a, b) == length and abs(a[0] - b[0]) >= 2 and abs(a[1] - b[1]) >= 2]
    return rng.choice(pairs) if pairs else None


def pair_layout(rng: random.Random, start: Node, end: Node, min_piece: int, min_turns: int,
                max_turns: int, whole_opening: bool) -> PairLayout | None:
    """Three start pieces and one end piece, every combination a shortest route turning equally often.

    Start pieces share the first block (the first instruction names only the street), or the
    whole first run with ``whole_opening`` (when the directions count every run).
    """
    candidates = [p for p in monotone_paths(start, end) if min_turns <= count_turns(p) <= max_turns]
    rng.shuffle(candidates)
    for shape in candidates[:12]:
        f, g, length = first_run(shape) if whole_opening else 1, last_run(shape), len(shape) - 1
        # the end piece holds the turn onto the last street, so the last instruction is the same
        # whichever start piece comes before it
        splits = list(range(max(min_piece, f + 2), min(length - min_piece, length - g - 1) + 1))
        rng.shuffle(splits)
        for k in splits:
            tail = shape[k:]
            by_turns: dict[int, list[Path]] = {}
            for head in monotone_paths(start, shape[k]):
                if head[:f + 1] != shape[:f + 1] or (whole_opening and first_run(head) != f):
                    continue
                turns = count_turns(head + tail[1:])
                if min_turns <= turns <= max_turns:
                    by_turns.setdefault(turns, []).append(head)
            trios = [heads for heads in by_turns.values() if len(heads) >= 3]
            if not trios:
                continue
            a, b, c = rng.sample(rng.choice(trios), 3)
            return PairLayout(route=a + tail[1:], k=k, starts=(a, b, c), end=tail)
    return None
