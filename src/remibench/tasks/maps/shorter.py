"""Maps ``shorter``: drawing a route of a given length and turn count, the item checks and the solver.

Every route of an item runs between the pins and turns equally often; the label is the letter of
the shortest route, or ``Equal`` when two share the shortest length.
"""

from __future__ import annotations

import random
from typing import Any

from remibench.tasks.maps.routes import Node, as_nodes, check_path, count_turns, edge_set, routes_with_turns

Spec = dict[str, Any]


def shorter_route(rng: random.Random, n: int, start: Node, end: Node, length: int, turns: int,
                  others: list[list[Node]]) -> list[Node] | None:
    """A route of ``length`` blocks and ``turns`` turns, unlike every route in ``others``. All routes of an
    item turn equally often, so how straight a route looks says nothing about how long it is."""
    routes = [r for r in routes_with_turns(n, start, end, length, turns)
              if all(edge_set(r) != edge_set(p) for p in others)]
    return rng.choice(routes) if routes else None


def shorter_blocks(spec: Spec) -> list[int]:
    """Blocks of each route (each must run from the start pin to the end pin)."""
    n, ends = spec["grid"]["n"], {tuple(spec["start"]), tuple(spec["end"])}
    blocks = []
    for image in spec["images"]:
        path = as_nodes(image["path"])
        check_path(path, n)
        if {path[0], path[-1]} != ends:
            raise ValueError(f"route {image['name']} does not run between the pins")
        blocks.append(len(path) - 1)
    return blocks


def shorter_problem(spec: Spec) -> str | None:
    """Why a shorter spec is malformed: routes off the pins, repeated routes, or three routes of one length."""
    try:
        blocks = shorter_blocks(spec)
    except ValueError as error:
        return str(error)
    if len({edge_set(as_nodes(image["path"])) for image in spec["images"]}) < len(spec["images"]):
        return "two images show the same route"
    if max(blocks.count(b) for b in blocks) > 2:
        return "more than two routes have the same length"
    if len({count_turns(as_nodes(image["path"])) for image in spec["images"]}) > 1:
        return "the routes turn a different number of times"
    return None


def solve_shorter(spec: Spec) -> str:
    """Count the blocks of every route; the letter of the one shortest, or Equal when two tie."""
    blocks = shorter_blocks(spec)
    low = min(blocks)
    if blocks.count(low) > 1:
        return "Equal"
    return spec["images"][blocks.index(low)]["name"]
