"""Maps' audit hooks: what a map reader sees, one-image variations and the tricks to rule out.

A test-taker sees the pins, the four blue paths and, for ``route_pair``, the directions in the
text. Variations: for ``shorter`` one route is redrawn with another length (aimed at the
shortest one, or at a longer one made as short as the shortest); for ``route_pair`` one piece is
redrawn between other end points, and the text may describe another joined pair instead.

The four ``route_pair`` pieces are the candidates of the answer. As counterfactuals (not valid
items), a decoy piece is redrawn as the part of the route that a shown piece of the route lacks,
so a second pair makes the route; a piece of the true pair is redrawn between the same end
points another way, or shifted by a block, so the pair no longer makes it.
"""

from __future__ import annotations

import copy
import random
from itertools import permutations
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit, View
from remibench.tasks.maps.pieces import monotone_paths
from remibench.tasks.maps.routes import (
    HEADINGS,
    Node,
    RouteError,
    as_nodes,
    check_path,
    composing_pairs,
    count_turns,
    directions,
    edge_set,
    follow_directions,
    manhattan,
    oriented,
    routes_with_turns,
)
from remibench.tasks.maps.shorter import shorter_problem
from remibench.tasks.maps.task import (
    LETTERS,
    SHORTER_CLASSES,
    TASK,
    MapsConfig,
    route_pair_problem,
    shorter_lengths,
)


def _paths(spec: dict[str, Any]) -> list[list[Node]]:
    return [as_nodes(image["path"]) for image in spec["images"]]


def _checked_pair(spec: dict[str, Any]) -> dict[str, Any]:
    if route_pair_problem(spec):
        raise NoVariation("the varied item is ambiguous")
    return spec


def _vary_piece(spec: dict[str, Any], k: int, rng: random.Random) -> dict[str, Any]:
    """Piece k redrawn: the same end points another way, or one end moved to another node of the map."""
    varied = copy.deepcopy(spec)
    piece = as_nodes(spec["images"][k - 1]["path"])
    n = spec["grid"]["n"]
    a, b = piece[0], piece[-1]
    if rng.random() < 0.5:
        b = (rng.randrange(n), rng.randrange(n))
    options = [p for p in monotone_paths(a, b) if len(p) >= 3 and edge_set(p) != edge_set(piece)]
    if not options:
        raise NoVariation("no other piece between those nodes")
    varied["images"][k - 1]["path"] = [list(v) for v in rng.choice(options)]
    return _checked_pair(varied)


def _vary_route(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The directions describe another start-then-end pair of the pieces that join."""
    varied = copy.deepcopy(spec)
    paths, start, end = _paths(spec), tuple(spec["start"]), tuple(spec["end"])
    routes = []
    for i, j in permutations(range(len(paths)), 2):
        head = oriented(paths[i], start)
        if head is None:
            continue
        tail = oriented(paths[j], head[-1])
        if tail is not None and tail[-1] == end and len(set(head + tail[1:])) == len(head) + len(tail) - 1:
            routes.append(head + tail[1:])
    others = [r for r in routes if r != as_nodes(spec["route"])]
    if not others:
        raise NoVariation("no other joined pair")
    varied["route"] = [list(v) for v in rng.choice(others)]
    return _checked_pair(varied)


def _vary_shorter(spec: dict[str, Any], k: int, rng: random.Random) -> dict[str, Any]:
    """Route k redrawn with another length, aimed at changing which route is shortest."""
    varied = copy.deepcopy(spec)
    blocks = [len(p) - 1 for p in _paths(spec)]
    config = MapsConfig.from_dict({"grid_size": spec["grid"]["n"]})
    start, end = tuple(spec["start"]), tuple(spec["end"])
    lengths = shorter_lengths(config, manhattan(start, end))
    others = blocks[:k - 1] + blocks[k:]
    low = min(others)
    wanted = [x for x in lengths if (x >= low if blocks[k - 1] < low else x <= low) and x != blocks[k - 1]]
    rest = [p for i, p in enumerate(_paths(spec)) if i != k - 1]
    rng.shuffle(wanted)
    turns = count_turns(rest[0])
    for length in wanted:
        routes = [r for r in routes_with_turns(config.grid_size, start, end, length, turns)
                  if all(edge_set(r) != edge_set(p) for p in rest)]
        if not routes:
            continue
        varied["images"][k - 1]["path"] = [list(v) for v in rng.choice(routes)]
        if shorter_problem(varied) is None:
            return varied
    raise NoVariation("no route of a length that changes the answer")


def pair_answers(spec: dict[str, Any]) -> frozenset[str]:
    """route_pair: every ordered pair of images making the route the directions trace, unique or not."""
    grid = spec["grid"]
    steps = directions(as_nodes(spec["route"]), grid["vertical"], grid["horizontal"])
    try:
        traced = follow_directions(tuple(spec["start"]), steps, grid["n"], grid["vertical"], grid["horizontal"])
    except RouteError:
        return frozenset()
    if traced[-1] != tuple(spec["end"]):
        return frozenset()
    names = [image["name"] for image in spec["images"]]
    return frozenset(f"{names[i]},{names[j]}" for i, j in composing_pairs(traced, _paths(spec)))


def _completions(spec: dict[str, Any], k: int) -> list[list[Node]]:
    """Paths for piece k that join another shown piece lying on the route into the whole route."""
    route = as_nodes(spec["route"])
    out = []
    for i, piece in enumerate(_paths(spec)):
        if i == k - 1:
            continue
        head = oriented(piece, route[0])
        if head is not None and len(head) < len(route) and route[:len(head)] == head:
            out.append(route[len(head) - 1:])  # piece i opens the route: k would finish it
        tail = oriented(piece, route[-1])
        if tail is not None and len(tail) < len(route) and route[len(route) - len(tail):] == tail[::-1]:
            out.append(route[:len(route) - len(tail) + 1])  # piece i closes the route: k would open it
    return out


def _misdrawn(spec: dict[str, Any], k: int) -> list[list[Node]]:
    """Paths for piece k that are not it: the same end points another way, or the piece shifted a block."""
    piece = as_nodes(spec["images"][k - 1]["path"])
    n = spec["grid"]["n"]
    out = [p for p in monotone_paths(piece[0], piece[-1]) if edge_set(p) != edge_set(piece)]
    for dc, dr in HEADINGS.values():
        shifted = [(c + dc, r + dr) for c, r in piece]
        if all(0 <= c < n and 0 <= r < n for c, r in shifted):
            out.append(shifted)
    return out


def _vary_candidate_piece(spec: dict[str, Any], k: int, rng: random.Random) -> dict[str, Any]:
    """Piece k alone redrawn so that the set of pairs making the route changes (a counterfactual)."""
    fitting = pair_answers(spec)
    name = spec["images"][k - 1]["name"]
    in_pair = any(name in label.split(",") for label in fitting)
    options = _misdrawn(spec, k) if in_pair else _completions(spec, k)
    piece = as_nodes(spec["images"][k - 1]["path"])
    options = [p for p in options if edge_set(p) != edge_set(piece)]
    rng.shuffle(options)
    for path in options:
        try:
            check_path(path, spec["grid"]["n"], 1)
        except RouteError:
            continue
        varied = copy.deepcopy(spec)
        varied["images"][k - 1]["path"] = [list(v) for v in (path if rng.random() < 0.5 else path[::-1])]
        if pair_answers(varied) != fitting:
            return varied
    raise NoVariation(f"no redrawing of piece {k} changes which pairs make the route")


class MapsAudit(TaskAudit):
    task = "Maps"

    def options(self, spec: dict[str, Any]) -> tuple[str, ...] | None:
        """route_pair: the pairs the question admits, i.e. a first piece leaving the start pin and a second
        going on from where it ends to the destination (every wording asks for two pieces that, joined, make
        the route from pin to pin). Finding them is reading the pins and the pieces; the generator leaves
        three of them (three openings, one ending), so only the directions' middle decides, and a guess
        among them is the chance to beat."""
        if spec["qtype"] != "route_pair":
            return tuple(SHORTER_CLASSES)
        pairs = pin_to_pin_pairs(tuple(spec["start"]), tuple(spec["end"]), _paths(spec))
        return tuple(_name(i, j) for i, j, _ in pairs)

    def view(self, spec: dict[str, Any]) -> View:
        seen: dict[str, Any] = {"qtype": spec["qtype"], "start": tuple(spec["start"]), "end": tuple(spec["end"]),
                                "paths": _paths(spec), "grid": spec["grid"]}
        if spec["qtype"] == "route_pair":  # the directions the text states, as steps
            grid = spec["grid"]
            seen["steps"] = directions(as_nodes(spec["route"]), grid["vertical"], grid["horizontal"])
        return View(question=TASK.question(spec), options=self.options(spec), seen=seen)

    def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
        if spec["qtype"] == "shorter":
            if part == "text":
                raise NoVariation("the shorter text carries no data")
            return _vary_shorter(spec, part, rng)
        if part == "text":
            return _vary_route(spec, rng)
        return _vary_piece(spec, part, rng)

    def text_carries_data(self, spec: dict[str, Any]) -> bool:
        return spec["qtype"] == "route_pair"

    def candidates(self, spec: dict[str, Any]) -> list[int]:
        return list(range(1, len(spec["images"]) + 1)) if spec["qtype"] == "route_pair" else []

    def answer_set(self, spec: dict[str, Any]) -> frozenset[str]:
        if spec["qtype"] != "route_pair":
            raise NotImplementedError("shorter items have no candidate images")
        return pair_answers(spec)

    def vary_candidate(self, spec: dict[str, Any], image: int, rng: Any) -> dict[str, Any]:
        if spec["qtype"] != "route_pair":
            raise NoVariation("shorter items have no candidate images")
        return _vary_candidate_piece(spec, image, rng)


# ---------------------------------------------------------------- guessers

def joined_pairs(view: View) -> list[tuple[int, int, list[Node]]]:
    """Ordered pairs whose first piece ends at the start pin, second at the destination, meeting in between."""
    return pin_to_pin_pairs(view.seen["start"], view.seen["end"], view.seen["paths"])


def pin_to_pin_pairs(start: Node, end: Node, paths: list[list[Node]]) -> list[tuple[int, int, list[Node]]]:
    """Ordered pairs (i, j, whole route): piece i leaves ``start``, piece j goes on from where it ends to ``end``."""
    out = []
    for i, j in permutations(range(len(paths)), 2):
        head = oriented(paths[i], start)
        if head is None or end in head:
            continue
        tail = oriented(paths[j], head[-1])
        if tail is None or tail[-1] != end:
            continue
        whole = head + tail[1:]
        if len(set(whole)) == len(whole):
            out.append((i, j, whole))
    return out


def _name(i: int, j: int) -> str:
    return f"{LETTERS[i]},{LETTERS[j]}"


def pins_and_join(view: View) -> str | None:
    """route_pair: the first pair (in letter order) that leaves the start pin, joins and reaches the destination."""
    if view.seen["qtype"] != "route_pair":
        return None
    pairs = joined_pairs(view)
    return _name(*pairs[0][:2]) if pairs else None


def unique_join(view: View) -> str | None:
    """route_pair: the pair sharing an end point, when only one pair joins between the pins."""
    if view.seen["qtype"] != "route_pair":
        return None
    pairs = joined_pairs(view)
    return _name(*pairs[0][:2]) if len(pairs) == 1 else None


def touching_pins(view: View) -> str | None:
    """route_pair: the first image touching the start pin, then the first other image touching the destination."""
    if view.seen["qtype"] != "route_pair":
        return None
    paths = view.seen["paths"]
    first = next((i for i, p in enumerate(paths) if view.seen["start"] in p), None)
    second = next((j for j, p in enumerate(paths) if view.seen["end"] in p and j != first), None)
    return _name(first, second) if first is not None and second is not None else None


def _opening_matches(view: View, whole: list[Node]) -> bool:
    grid, steps = view.seen["grid"], view.seen["steps"]
    mine = directions(whole, grid["vertical"], grid["horizontal"])
    return (mine[0]["heading"], mine[0]["street"]) == (steps[0]["heading"], steps[0]["street"]) and \
        (mine[-1]["street"], mine[-1]["blocks"], mine[-1]["action"]) == (steps[-1]["street"], steps[-1]["blocks"],
                                                                         steps[-1]["action"])


def first_and_last_instruction(view: View) -> str | None:
    """route_pair: among joined pairs, the first whose opening and closing match the first and last instructions."""
    if view.seen["qtype"] != "route_pair":
        return None
    pairs = [(i, j) for i, j, whole in joined_pairs(view) if _opening_matches(view, whole)]
    return _name(*pairs[0]) if pairs else None


def shortest_combined(view: View) -> str | None:
    """route_pair: the joined pair with the shortest combined path (fewest turns breaks ties)."""
    if view.seen["qtype"] != "route_pair":
        return None
    pairs = joined_pairs(view)
    if not pairs:
        return None
    i, j, _ = min(pairs, key=lambda p: (len(p[2]), count_turns(p[2])))
    return _name(i, j)


def fewest_turns_combined(view: View) -> str | None:
    """route_pair: the joined pair whose combined path turns least."""
    if view.seen["qtype"] != "route_pair":
        return None
    pairs = joined_pairs(view)
    return _name(*min(pairs, key=lambda p: count_turns(p[2]))[:2]) if pairs else None


def turn_count_match(view: View) -> str | None:
    """route_pair: the first joined pair whose combined path turns as often as the directions do (counting
    the "Turn" sentences without following the streets)."""
    if view.seen["qtype"] != "route_pair":
        return None
    wanted = len(view.seen["steps"]) - 1
    pairs = [(i, j) for i, j, whole in joined_pairs(view) if count_turns(whole) == wanted]
    return _name(*pairs[0]) if pairs else None


def fewest_turns_route(view: View) -> str | None:
    """shorter: the route that turns least (a straight-looking route looks short)."""
    if view.seen["qtype"] != "shorter":
        return None
    turns = [count_turns(p) for p in view.seen["paths"]]
    return LETTERS[turns.index(min(turns))]


def _direct(view: View) -> list[int]:
    (a, b), (c, d) = view.seen["start"], view.seen["end"]
    return [k for k, p in enumerate(view.seen["paths"])
            if all(min(a, c) <= x <= max(a, c) and min(b, d) <= y <= max(b, d) for x, y in p)]


def equal_without_direct(view: View) -> str | None:
    """shorter: Equal when no route stays inside the rectangle spanned by the pins (none is direct)."""
    if view.seen["qtype"] != "shorter":
        return None
    return "Equal" if not _direct(view) else None


AUDIT = MapsAudit()
AUDIT.guessers = {
    "route_pair: first pair joining between the pins": pins_and_join,
    "route_pair: the only pair sharing an end point": unique_join,
    "route_pair: images touching the start and the destination pin": touching_pins,
    "route_pair: joined pair matching the first and last instruction": first_and_last_instruction,
    "route_pair: shortest combined path": shortest_combined,
    "route_pair: fewest turns combined": fewest_turns_combined,
    "route_pair: joined pair turning as often as the directions": turn_count_match,
    "shorter: fewest turns": fewest_turns_route,
    "shorter: Equal when no route is direct": equal_without_direct,
}
