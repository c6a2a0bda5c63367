"""Isomorphism: are the graphs drawn in two images isomorphic?

Every item starts from a random connected graph G. A hard non-isomorphic partner H is built
for every item, whatever its class, by random degree-preserving double edge swaps (same node
count, edge count and degree sequence, still connected, checked non-isomorphic; by default also
the same triangles at each node, so counting triangles does not tell the classes apart); a G
that admits no such partner is redrawn. Building H for positives too keeps the distribution of G the
same in both classes, so no kind of graph (paths, cycles, ...) signals "isomorphic".
Positives then show G twice, negatives show G and H in random order; each drawing gets its own
node names, layout and colours, decided here and stored in the spec.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import networkx as nx
from PIL import Image

from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_min_max, check_range, knob
from remibench.tasks.isomorphism.drawing import best_layout, random_style, render_graph
from remibench.tasks.isomorphism.layout import LAYOUT_STYLES

Edge = tuple[int, int]

LABEL_SETS: dict[str, list[str]] = {
    "upper": list("ABCDEFGHJKLMN"),   # no I: it reads like 1 or l in some fonts
    "lower": list("abcdefghjkmnp"),   # no i or l for the same reason
    "numbers": [str(i) for i in range(1, 14)],
    "greek": list("αβγδεζηθκλμπσ"),  # no iota, nu or omicron: they look like Latin letters
}

NEGATIVE_INVARIANTS = ("degrees", "triangles")
GRAPH_TRIES = 8  # graphs drawn for one node count before the draw is rejected

TEMPLATES = [
    "Are the graph in <image1> and the graph in <image2> isomorphic?",
    "Is the graph drawn in <image1> isomorphic to the graph drawn in <image2>?",
    "Here is a graph: <image1> And here is a second graph: <image2> Are these two graphs isomorphic?",
    "Consider the undirected graph in <image1> and the undirected graph in <image2>. Is there a one-to-one "
    "correspondence between their vertices that preserves adjacency, i.e. are the two graphs isomorphic?",
    "<image1> shows a graph G and <image2> shows a graph H. The vertex labels are only names. Is G isomorphic to H?",
    "Two graphs are drawn with different layouts and vertex names, the first in <image1> and the second in "
    "<image2>. Do they have exactly the same structure, that is, are they isomorphic?",
]


@dataclass
class IsomorphismConfig(TaskConfig):
    min_nodes: int = knob(6, "fewest nodes per graph (5-12); with negative_invariants=triangles no graph on 5 "
                          "nodes has a hard negative")
    max_nodes: int = knob(12, "most nodes per graph (5-12)")
    min_density: float = knob(0.2, "lowest edge density m / (n(n-1)/2); at least n edges (one cycle) are always used")
    max_density: float = knob(0.5, "highest edge density m / (n(n-1)/2)")
    max_edges_per_node: float = knob(1.8, "cap on m / n (average degree / 2) so large graphs stay drawable")
    layouts: list[str] = knob(list(LAYOUT_STYLES), f"layout styles to draw with: {', '.join(LAYOUT_STYLES)}; a style "
                         "that gives no readable drawing of a graph falls back to another allowed one")
    distinct_layouts: bool = knob(True, "give the two drawings different layout styles when more than one is allowed")
    label_sets: list[str] = knob(list(LABEL_SETS), f"node-name sets, two distinct ones per item: {', '.join(LABEL_SETS)}")
    max_swaps: int = knob(2, "a negative is G after 1..max_swaps double edge swaps (fewer = closer to G = harder)")
    negative_invariants: str = knob("triangles", "what negatives share with G beyond the degree sequence: degrees "
                                    "(nothing more; counting triangles then often tells the classes apart) or "
                                    "triangles (also the multiset of per-node triangle counts; no graph with n = 5 "
                                    "and few with n = 6 qualify)")
    max_crossings: int = knob(-1, "reject layouts with more edge crossings than this (-1: no limit; the "
                              "readable candidate with fewest crossings is always preferred)")

    def validate(self) -> None:
        check_range(self, "min_nodes", 5, 12)
        check_range(self, "max_nodes", 5, 12)
        check_min_max(self, "min_nodes", "max_nodes")
        check_range(self, "min_density", 0.05, 0.8)
        check_range(self, "max_density", 0.05, 0.8)
        check_min_max(self, "min_density", "max_density")
        check_range(self, "max_edges_per_node", 1.0, 6.0)
        check_range(self, "max_swaps", 1, 6)
        check_range(self, "max_crossings", -1, 1000)
        unknown = [s for s in self.layouts if s not in LAYOUT_STYLES]
        if not self.layouts or unknown:
            raise ConfigError(f"IsomorphismConfig.layouts={self.layouts!r}: choose from {', '.join(LAYOUT_STYLES)}")
        if len(set(self.label_sets)) < 2 or any(s not in LABEL_SETS for s in self.label_sets):
            raise ConfigError(f"IsomorphismConfig.label_sets={self.label_sets!r}: need two or more of {', '.join(LABEL_SETS)}")
        if self.negative_invariants not in NEGATIVE_INVARIANTS:
            raise ConfigError(f"IsomorphismConfig.negative_invariants={self.negative_invariants!r}: "
                              f"choose from {', '.join(NEGATIVE_INVARIANTS)}")


# ---------------------------------------------------------------- graphs

def _graph(n: int, edges: list[Edge]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    return graph


def edge_range(n: int, config: IsomorphismConfig) -> tuple[int, int]:
    """Fewest and most edges for ``n`` nodes under the density knobs.

    At least n edges: trees on few nodes rarely have a non-isomorphic twin with the same
    degree sequence. At most ``max_edges_per_node * n`` and short of the complete graph.
    """
    pairs = n * (n - 1) // 2
    high = min(pairs - 2, int(config.max_edges_per_node * n), int(config.max_density * pairs + 0.5))
    low = min(max(n, int(config.min_density * pairs + 0.5)), pairs - 2)
    return low, max(low, high)


def random_connected_graph(rng: random.Random, n: int, m: int, tries: int = 60) -> list[Edge]:
    """A uniform G(n, m) graph, drawn again until it is connected."""
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    for _ in range(tries):
        edges = sorted(rng.sample(pairs, m))
        if nx.is_connected(_graph(n, edges)):
            return edges
    raise Rejected("no connected graph")


def _same_invariants(g: nx.Graph, h: nx.Graph, level: str) -> bool:
    """Whether ``h`` matches ``g`` on the invariants ``level`` asks for (degrees always match)."""
    if level == "triangles":
        return sorted(nx.triangles(g).values()) == sorted(nx.triangles(h).values())
    return True


def swap_edges(rng: random.Random, edges: list[Edge], swaps: int, tries: int = 200) -> list[Edge] | None:
    """Apply ``swaps`` double edge swaps ab, cd -> ad, cb; no loops or repeated edges arise."""
    current = set(edges)
    done = 0
    for _ in range(tries):
        if done == swaps:
            break
        (a, b), (c, d) = rng.sample(sorted(current), 2)
        if rng.random() < 0.5:
            c, d = d, c
        if len({a, b, c, d}) < 4:
            continue
        new1, new2 = (min(a, d), max(a, d)), (min(c, b), max(c, b))
        if new1 in current or new2 in current:
            continue
        current -= {(min(a, b), max(a, b)), (min(c, d), max(c, d))}
        current |= {new1, new2}
        done += 1
    return sorted(current) if done == swaps else None


def hard_negative(rng: random.Random, n: int, edges: list[Edge], max_swaps: int, level: str,
                  tries: int = 40) -> list[Edge] | None:
    """A connected graph with G's degree sequence (and more, per ``level``) not isomorphic to G."""
    g = _graph(n, edges)
    for _ in range(tries):
        swapped = swap_edges(rng, edges, rng.randint(1, max_swaps))
        if swapped is None:
            continue
        h = _graph(n, swapped)
        if nx.is_connected(h) and _same_invariants(g, h, level) and not nx.is_isomorphic(g, h):
            return swapped
    return None


# ---------------------------------------------------------------- spec

def make_drawing(rng: random.Random, n: int, edges: list[Edge], layout_styles: list[str], label_set: str,
                 max_crossings: int | None, style: dict[str, Any] | None = None) -> dict[str, Any]:
    """Names, layout and style of one drawing; nodes listed in the label set's order.

    ``layout_styles`` are tried in order until one gives a readable drawing; ``style`` (colours,
    sizes, font) is drawn at random unless given.
    """
    style = style or random_style(rng, n)
    for layout_style in layout_styles:
        pos, problem = best_layout(layout_style, n, edges, style, rng, max_crossings=max_crossings)
        if pos is not None:
            break
    else:
        raise Rejected(f"unreadable drawing ({problem})")
    names = LABEL_SETS[label_set][:n]
    slot = list(range(n))
    rng.shuffle(slot)  # node i is called names[slot[i]]
    positions: list[list[float]] = [[0.0, 0.0]] * n
    for node in range(n):
        positions[slot[node]] = [float(pos[node][0]), float(pos[node][1])]
    named = sorted((min(slot[u], slot[v]), max(slot[u], slot[v])) for u, v in edges)
    return {
        "nodes": names,
        "edges": [[names[i], names[j]] for i, j in named],
        "positions": positions,
        "layout": layout_style,
        "label_set": label_set,
        "style": style,
    }


def graph_from_drawing(drawing: dict[str, Any]) -> nx.Graph:
    """The graph a drawing shows, as read back from the spec."""
    graph = nx.Graph()
    graph.add_nodes_from(drawing["nodes"])
    graph.add_edges_from(tuple(e) for e in drawing["edges"])
    return graph


class IsomorphismTask(Task):
    """Two drawings, one question: same graph up to renaming (1) or not (0)."""

    name = "Isomorphism"
    domain = "graph theory"
    consumption = "set"
    image_types_default = "same"
    version = "2"
    config_cls = IsomorphismConfig

    def sample(self, rng: random.Random, config: IsomorphismConfig, ctx: DrawContext) -> dict[str, Any]:
        isomorphic = ctx.balanced(2) == 1
        n = rng.randint(config.min_nodes, config.max_nodes)
        for _ in range(GRAPH_TRIES):  # several graphs per n, so the few small graphs that qualify still show up
            m = rng.randint(*edge_range(n, config))
            g = random_connected_graph(rng, n, m)
            h = hard_negative(rng, n, g, config.max_swaps, config.negative_invariants)
            if h is not None:
                break
        else:
            raise Rejected("no hard negative for this graph")
        pair = [g, g] if isomorphic else [g, h]
        if rng.random() < 0.5:
            pair.reverse()
        layouts = list(dict.fromkeys(config.layouts))
        names = rng.sample(sorted(set(config.label_sets)), 2)
        limit = None if config.max_crossings < 0 else config.max_crossings
        first = make_drawing(rng, n, pair[0], rng.sample(layouts, len(layouts)), names[0], limit)
        others = rng.sample(layouts, len(layouts))
        if config.distinct_layouts and len(layouts) > 1:
            others.remove(first["layout"])
        second = make_drawing(rng, n, pair[1], others, names[1], limit)
        return {"template": rng.randrange(len(TEMPLATES)), "graphs": [first, second]}

    def question(self, spec: dict[str, Any]) -> str:
        return TEMPLATES[spec["template"]]

    def solve(self, spec: dict[str, Any]) -> str:
        first, second = (graph_from_drawing(d) for d in spec["graphs"])
        return "1" if nx.is_isomorphic(first, second) else "0"

    def render(self, spec: dict[str, Any]) -> list[Image.Image]:
        return [render_graph(d["nodes"], d["positions"], [tuple(e) for e in d["edges"]], d["style"])
                for d in spec["graphs"]]


TASK = IsomorphismTask()
