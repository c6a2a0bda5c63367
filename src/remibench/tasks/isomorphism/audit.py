"""Isomorphism's audit hooks: what a solver sees, one-drawing variations and the tricks to rule out.

A variation redraws one image with a graph chosen to flip the answer: for an isomorphic pair, a
hard negative of the other image's graph (same degree sequence, connected, not isomorphic); for
a non-isomorphic pair, the other image's graph itself. The redrawn image keeps its node count,
label set and drawing style; the other image is untouched.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np

from remibench.audit.base import NoVariation, Part, TaskAudit, View
from remibench.tasks.base import Rejected
from remibench.tasks.isomorphism.drawing import readability
from remibench.tasks.isomorphism.layout import LAYOUT_STYLES
from remibench.tasks.isomorphism.task import TASK, IsomorphismConfig, graph_from_drawing, hard_negative, make_drawing

CONFIG = IsomorphismConfig()


def _indexed_edges(drawing: dict[str, Any]) -> list[tuple[int, int]]:
    index = {name: i for i, name in enumerate(drawing["nodes"])}
    return sorted((min(index[u], index[v]), max(index[u], index[v])) for u, v in drawing["edges"])


def _redraw(spec: dict[str, Any], k: int, rng: random.Random) -> dict[str, Any]:
    """Image ``k`` (0-based) redrawn with a graph that flips the answer, as the sampler would draw it."""
    mine, other = spec["graphs"][k], spec["graphs"][1 - k]
    n = len(other["nodes"])
    edges = _indexed_edges(other)
    if TASK.solve(spec) == "1":
        edges = hard_negative(rng, n, edges, CONFIG.max_swaps, CONFIG.negative_invariants)
        if edges is None:
            raise NoVariation("the other graph has no hard negative")
    layouts = [mine["layout"]] + rng.sample([s for s in LAYOUT_STYLES if s not in (mine["layout"], other["layout"])],
                                            len(LAYOUT_STYLES) - 2)
    try:
        drawing = make_drawing(rng, n, edges, layouts, mine["label_set"], None, style=mine["style"])
    except Rejected as error:
        raise NoVariation(str(error)) from None
    graphs = list(spec["graphs"])
    graphs[k] = drawing
    return {**spec, "graphs": graphs}


class IsomorphismAudit(TaskAudit):
    task = "Isomorphism"

    def options(self, spec: dict[str, Any]) -> tuple[str, ...] | None:
        return ("1", "0")

    def view(self, spec: dict[str, Any]) -> View:
        seen = {"drawings": [{key: d[key] for key in ("nodes", "edges", "positions", "layout", "label_set", "style")}
                             for d in spec["graphs"]]}
        return View(question=TASK.question(spec), options=self.options(spec), seen=seen)

    def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
        if part == "text":
            raise NoVariation("the text carries no data of its own")
        return _redraw(spec, part - 1, rng)


# --- guessers ------------------------------------------------------------------------------------


def _graphs(view: View) -> list[nx.Graph]:
    return [graph_from_drawing(d) for d in view.seen["drawings"]]


def _same(invariant: Callable[[nx.Graph], Any]) -> Callable[[View], str]:
    """Answer 1 when both graphs agree on ``invariant``, else 0."""
    def guess(view: View) -> str:
        first, second = _graphs(view)
        return "1" if invariant(first) == invariant(second) else "0"
    return guess


def degree_sequence(graph: nx.Graph) -> list[int]:
    return sorted(d for _, d in graph.degree())


def triangle_count(graph: nx.Graph) -> int:
    return sum(nx.triangles(graph).values()) // 3


def triangles_per_node(graph: nx.Graph) -> list[int]:
    return sorted(nx.triangles(graph).values())


def same_layout_style(view: View) -> str:
    first, second = view.seen["drawings"]
    return "1" if first["layout"] == second["layout"] else "0"


def same_drawing_style(view: View) -> str:
    """Same colours, sizes and font: as if the pair were drawn by one hand."""
    first, second = view.seen["drawings"]
    keys = ("node_fill", "edge_color", "font_family")
    return "1" if all(first["style"][key] == second["style"][key] for key in keys) else "0"


def _shape(drawing: dict[str, Any]) -> np.ndarray:
    """Sorted distances between node positions: the drawing's shape regardless of names."""
    pos = np.asarray(drawing["positions"], dtype=float)
    gaps = np.linalg.norm(pos[:, None, :] - pos[None, :, :], axis=-1)
    return np.sort(gaps[np.triu_indices(len(pos), 1)])


def similar_positions(view: View) -> str:
    """The node positions of both drawings look alike (same point pattern, any names)."""
    first, second = view.seen["drawings"]
    if len(first["nodes"]) != len(second["nodes"]):
        return "0"
    return "1" if float(np.abs(_shape(first) - _shape(second)).mean()) < 0.06 else "0"


def same_crossings(view: View) -> str:
    """Both drawings have the same number of edge crossings."""
    counts = []
    for drawing in view.seen["drawings"]:
        index = {name: i for i, name in enumerate(drawing["nodes"])}
        edges = [(index[u], index[v]) for u, v in drawing["edges"]]
        counts.append(readability(np.asarray(drawing["positions"]), edges, drawing["style"]).crossings)
    return "1" if counts[0] == counts[1] else "0"


def same_edges_by_name_order(view: View) -> str:
    """Map the k-th name of one set to the k-th of the other (A->1, B->2, ...) and compare edges."""
    first, second = view.seen["drawings"]
    rename = dict(zip(first["nodes"], second["nodes"]))
    mapped = {frozenset((rename[u], rename[v])) for u, v in first["edges"]}
    return "1" if mapped == {frozenset(e) for e in second["edges"]} else "0"


AUDIT = IsomorphismAudit()
AUDIT.guessers = {
    "same degree sequence means isomorphic": _same(degree_sequence),
    "same edge count means isomorphic": _same(lambda g: g.number_of_edges()),
    "same triangle count means isomorphic": _same(triangle_count),
    "same triangles per node means isomorphic": _same(triangles_per_node),
    "same layout style means isomorphic": same_layout_style,
    "same colours and font means isomorphic": same_drawing_style,
    "similar node positions means isomorphic": similar_positions,
    "same number of crossings means isomorphic": same_crossings,
    "same edges under name order means isomorphic": same_edges_by_name_order,
}
