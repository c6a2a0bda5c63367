"""Partial routes for Maps ``route_pair``: four pieces that all join, so only the directions decide.

The described route is a shortest way between the pins (no detour a driver would not take). It
is split at a junction J. Two start pieces run from the start pin to J and two end pieces from J
to the destination; every start piece opens with the same first street, run and turn, every end
piece closes with the same last turn and run. All four start-then-end combinations are routes
of the same length between the pins, joined at J, so the pins, the joins, the length and the
first and last instructions leave four candidate pairs; the middle of the directions picks one.
The true route is one of the four combinations, chosen at random after the pieces are drawn,
so nothing about a piece's shape tells whether it is the true one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import combinations

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
    """The route, its junction index and the four pieces: two start pieces, then two end pieces."""

    route: Path
    k: int
    starts: tuple[Path, Path]
    ends: tuple[Path, Path]


def pin_pair(rng: random.Random, n: int, length: int) -> tuple[Node, Node] | None:
    """Pins ``length`` blocks apart with at least two blocks between them in each direction."""
    nodes = [(c, r) for r in range(n) for c in range(n)]
    pairs = [(a, b) for a in nodes for b in nodes
             if manhattan(a, b) == length and abs(a[0] - b[0]) >= 2 and abs(a[1] - b[1]) >= 2]
    return rng.choice(pairs) if pairs else None


def pair_layout(rng: random.Random, start: Node, end: Node, min_piece: int, min_turns: int,
                max_turns: int, whole_opening: bool) -> PairLayout | None:
    """Two start pieces and two end pieces sharing the opening, the closing and the junction.

    Start pieces share the first block (the first instruction names only the street), or the
    whole first run with ``whole_opening`` (when the directions count every run). End pieces
    share the whole last run and the turn onto it, which the last instruction states.
    """
    candidates = [p for p in monotone_paths(start, end) if min_turns <= count_turns(p) <= max_turns]
    rng.shuffle(candidates)
    for shape in candidates[:12]:
        f, g, length = first_run(shape) if whole_opening else 1, last_run(shape), len(shape) - 1
        splits = [k for k in range(max(min_piece, f + 2), min(length - min_piece, length - g - 1) + 1)]
        rng.shuffle(splits)
        for k in splits:
            join = shape[k]
            heads = [p for p in monotone_paths(start, join)
                     if p[:f + 1] == shape[:f + 1] and (not whole_opening or first_run(p) == f)]
            tails = [p for p in monotone_paths(join, end) if p[-(g + 1):] == shape[-(g + 1):] and last_run(p) == g]
            quads = [(list(a), list(b)) for a in combinations(heads, 2) for b in combinations(tails, 2)
                     if all(min_turns <= count_turns(x + y[1:]) <= max_turns for x in a for y in b)]
            if not quads:
                continue
            starts, ends = rng.choice(quads)
            i, j = rng.randrange(2), rng.randrange(2)
            if i:
                starts = starts[::-1]
            if j:
                ends = ends[::-1]
            return PairLayout(route=starts[0] + ends[0][1:], k=k, starts=(starts[0], starts[1]),
                              ends=(ends[0], ends[1]))
    return None
