"""Isomorphism: solver on hand-built graphs, hard negatives, balance, drawings and determinism."""

from __future__ import annotations

import io
import itertools
import json
import random
from collections import Counter

import networkx as nx
import numpy as np
import pytest
from PIL import Image
from task_helpers import generated_items

from remibench.generate import Job, make_item
from remibench.items import is_interleaved, tag_problem
from remibench.seeding import balanced_slot
from remibench.tasks.base import ConfigError
from remibench.tasks.isomorphism.drawing import best_layout, random_style, readability, to_pixels
from remibench.tasks.isomorphism.layout import LAYOUT_STYLES
from remibench.tasks.isomorphism.task import (
    TASK,
    TEMPLATES,
    IsomorphismConfig,
    edge_range,
    graph_from_drawing,
    hard_negative,
    swap_edges,
)

# ---------------------------------------------------------------- helpers

def drawing(edges: list[tuple[str, str]], nodes: list[str] | None = None) -> dict:
    """A hand-written drawing: nodes on a circle, a fixed style."""
    names = nodes or sorted({x for e in edges for x in e})
    n = len(names)
    positions = [[round(0.5 + 0.5 * np.cos(2 * np.pi * i / n), 4), round(0.5 + 0.5 * np.sin(2 * np.pi * i / n), 4)]
                 for i in range(n)]
    return {"nodes": names, "edges": [list(e) for e in edges], "positions": positions, "layout": "circular",
            "label_set": "upper", "style": random_style(random.Random(0), n)}


def spec_of(first: list[tuple[str, str]], second: list[tuple[str, str]], template: int = 0) -> dict:
    return {"template": template, "graphs": [drawing(first), drawing(second)]}


def brute_isomorphic(a: dict, b: dict) -> bool:
    """Isomorphism by trying every bijection: an independent check for small graphs."""
    na, nb = a["nodes"], b["nodes"]
    ea = {frozenset(e) for e in a["edges"]}
    eb = {frozenset(e) for e in b["edges"]}
    if len(na) != len(nb) or len(ea) != len(eb):
        return False
    for perm in itertools.permutations(nb):
        mapping = dict(zip(na, perm))
        if all(frozenset((mapping[u], mapping[v])) in eb for u, v in (tuple(e) for e in ea)):
            return True
    return False


def degrees(d: dict) -> list[int]:
    return sorted(dict(graph_from_drawing(d).degree()).values())


def items(n: int, base_seed: int = 0, **config) -> list:
    return generated_items("Isomorphism", n, base_seed, **config)


# ---------------------------------------------------------------- solver on hand-checked cases

def test_hexagon_versus_two_triangles_is_not_isomorphic() -> None:
    # Both 2-regular on 6 nodes (same degree sequence), but C6 is connected and 2 x C3 is not.
    c6 = [("A", "B"), ("B", "C"), ("C", "D"), ("D", "E"), ("E", "F"), ("F", "A")]
    triangles = [("1", "2"), ("2", "3"), ("3", "1"), ("4", "5"), ("5", "6"), ("6", "4")]
    assert TASK.solve(spec_of(c6, triangles)) == "0"


def test_relabelled_path_is_isomorphic() -> None:
    path = [("A", "B"), ("B", "C"), ("C", "D"), ("D", "E")]
    # The same path 3-5-1-4-2 under other names.
    relabelled = [("3", "5"), ("5", "1"), ("1", "4"), ("4", "2")]
    assert TASK.solve(spec_of(path, relabelled)) == "1"


def test_square_with_tail_versus_triangle_with_long_tail() -> None:
    # Degree sequences are both (3, 2, 2, 2, 1), edge counts 5: C4 plus a pendant has no
    # triangle, a triangle with a 2-edge tail has one, so they differ.
    square_tail = [("A", "B"), ("B", "C"), ("C", "D"), ("D", "A"), ("A", "E")]
    triangle_tail = [("a", "b"), ("b", "c"), ("c", "a"), ("a", "d"), ("d", "e")]
    assert TASK.solve(spec_of(square_tail, triangle_tail)) == "0"


def test_k33_versus_triangular_prism() -> None:
    # Both 3-regular on 6 nodes with 9 edges; K3,3 is bipartite, the prism has triangles.
    k33 = [(u, v) for u in "ABC" for v in "DEF"]
    prism = [("1", "2"), ("2", "3"), ("3", "1"), ("4", "5"), ("5", "6"), ("6", "4"), ("1", "4"), ("2", "5"), ("3", "6")]
    assert TASK.solve(spec_of(k33, prism)) == "0"
    # K3,3 drawn as a hexagon with its three long diagonals is K3,3 again.
    hexagon_diagonals = [("1", "2"), ("2", "3"), ("3", "4"), ("4", "5"), ("5", "6"), ("6", "1"),
                         ("1", "4"), ("2", "5"), ("3", "6")]
    assert TASK.solve(spec_of(k33, hexagon_diagonals)) == "1"


def test_house_graph_under_new_names_and_edge_order() -> None:
    house = [("A", "B"), ("B", "C"), ("C", "D"), ("D", "A"), ("A", "E"), ("B", "E")]
    # Roof E -> z, square A B C D -> x y w v, edges listed in another order and direction.
    renamed = [("z", "y"), ("v", "w"), ("x", "z"), ("w", "y"), ("y", "x"), ("x", "v")]
    assert TASK.solve(spec_of(house, renamed)) == "1"
    # Moving the roof onto two opposite corners keeps degrees (3,3,2,2,2) but kills the triangles.
    bad_roof = [("A", "B"), ("B", "C"), ("C", "D"), ("D", "A"), ("A", "E"), ("C", "E")]
    assert TASK.solve(spec_of(house, bad_roof)) == "0"


# ---------------------------------------------------------------- negatives and edge swaps

def test_swaps_keep_every_degree() -> None:
    rng = random.Random(3)
    edges = sorted({(min(u, v), max(u, v)) for u, v in nx.gnm_random_graph(10, 18, seed=4).edges()})
    for _ in range(20):
        swapped = swap_edges(rng, edges, 3)
        assert swapped is not None and len(swapped) == len(edges) == len(set(swapped))
        assert all(u != v for u, v in swapped)
        assert dict(nx.Graph(swapped).degree()) == dict(nx.Graph(edges).degree())
        one = swap_edges(rng, edges, 1)
        assert one is not None and len(set(one) - set(edges)) == 2  # one swap: two edges out, two in


def test_graphs_with_a_unique_degree_sequence_have_no_hard_negative() -> None:
    rng = random.Random(1)
    cycle = [(i, (i + 1) % 7) for i in range(7)]
    cycle = [(min(e), max(e)) for e in cycle]
    path = [(i, i + 1) for i in range(6)]
    # The only connected 2-regular graph on 7 nodes is C7; paths are the only trees with two leaves.
    assert hard_negative(rng, 7, cycle, 3, "degrees") is None
    assert hard_negative(rng, 7, path, 3, "degrees") is None


def test_hard_negative_of_the_house_is_the_roof_moved() -> None:
    rng = random.Random(5)
    house = [(0, 1), (1, 2), (2, 3), (0, 3), (0, 4), (1, 4)]
    other = hard_negative(rng, 5, house, 2, "degrees")
    assert other is not None
    g, h = nx.Graph(house), nx.Graph(other)
    assert sorted(d for _, d in h.degree()) == [2, 2, 2, 3, 3]
    assert nx.is_connected(h) and not nx.is_isomorphic(g, h)


def test_generated_negatives_are_hard_and_positives_isomorphic() -> None:
    seen = Counter()
    for item in items(24, base_seed=7, max_nodes=7):
        first, second = item.metadata["spec"]["graphs"]
        assert len(first["nodes"]) == len(second["nodes"])
        assert len(first["edges"]) == len(second["edges"])
        assert degrees(first) == degrees(second)
        assert nx.is_connected(graph_from_drawing(first)) and nx.is_connected(graph_from_drawing(second))
        assert brute_isomorphic(first, second) == (item.label == "1")
        seen[item.label] += 1
    assert seen == {"0": 12, "1": 12}


def test_triangle_hardness_matches_triangle_counts() -> None:
    for item in items(12, base_seed=2, negative_invariants="triangles", min_nodes=7, max_nodes=10):
        first, second = (graph_from_drawing(d) for d in item.metadata["spec"]["graphs"])
        assert sorted(nx.triangles(first).values()) == sorted(nx.triangles(second).values())
        assert sorted(d for _, d in first.degree()) == sorted(d for _, d in second.degree())


# ---------------------------------------------------------------- balance, determinism, round trip

def test_labels_exactly_balanced_and_follow_the_balance_slot() -> None:
    made = items(60, base_seed=1)
    assert Counter(i.label for i in made) == {"0": 30, "1": 30}
    for item in made:
        slot = balanced_slot(1, "Isomorphism", "test", item.metadata["index"], 2)
        assert item.label == str(slot)
    # Every block of two consecutive items holds one of each.
    assert all({made[k].label, made[k + 1].label} == {"0", "1"} for k in range(0, 60, 2))


def test_same_job_same_item_and_other_seed_differs() -> None:
    job = Job("Isomorphism", "test", 5, 42, {})
    a, b = make_item(job), make_item(job)
    assert a == b and a.images == b.images
    c = make_item(Job("Isomorphism", "test", 5, 43, {}))
    assert c.images != a.images and c.metadata["spec"] != a.metadata["spec"]


def test_json_round_trip_reproduces_question_label_and_pixels() -> None:
    from remibench.render.canvas import to_png
    for item in items(6, base_seed=9):
        spec = json.loads(json.dumps(item.metadata["spec"]))
        assert TASK.question(spec) == item.question
        assert TASK.solve(spec) == item.label
        assert tuple(to_png(im) for im in TASK.render(spec)) == item.images


def test_spec_holds_no_answer_and_question_has_both_tags() -> None:
    for item in items(10, base_seed=4):
        spec = item.metadata["spec"]
        assert set(spec) == {"template", "graphs"}
        for d in spec["graphs"]:
            assert set(d) == {"nodes", "edges", "positions", "layout", "label_set", "style"}
        assert tag_problem(item.question, 2) is None and is_interleaved(item.question)
        assert item.metadata["properties"]["consumption"] == "set"
        first, second = spec["graphs"]
        assert first["label_set"] != second["label_set"]
        assert not set(first["nodes"]) & set(second["nodes"])
        assert first["layout"] != second["layout"]
    for template in TEMPLATES:
        assert template.index("<image1>") < template.index("<image2>")
        assert template.count("<image1>") == template.count("<image2>") == 1


# ---------------------------------------------------------------- drawings

def test_images_are_legible_and_match_the_spec() -> None:
    for item in items(6, base_seed=3):
        for data, d in zip(item.images, item.metadata["spec"]["graphs"]):
            image = Image.open(io.BytesIO(data))
            assert image.mode == "RGB" and 480 <= image.size[0] == image.size[1] <= 800
            style = d["style"]
            assert style["font_size"] >= 16 and style["node_radius"] >= 18
            pos = np.array(d["positions"])
            assert pos.min() >= 0.0 and pos.max() <= 1.0
            assert readability(pos, [(d["nodes"].index(u), d["nodes"].index(v)) for u, v in d["edges"]],
                               style).problem is None
            # The ring just inside each node circle has the fill colour; a node's far side has ink.
            pixels = to_pixels(pos, style)
            fill = np.array(style["node_fill"])
            r = style["node_radius"]
            for x, y in pixels:
                ring = [image.getpixel((int(x + dx), int(y + dy))) for dx, dy in ((r - 6, 0), (-(r - 6), 0))]
                assert any(np.abs(np.array(p) - fill).max() < 40 for p in ring)


def test_edges_are_drawn_between_their_nodes() -> None:
    spec = spec_of([("A", "B"), ("B", "C"), ("C", "D")], [("1", "2"), ("2", "3"), ("3", "4")])
    image = TASK.render(spec)[0]
    d = spec["graphs"][0]
    px = to_pixels(np.array(d["positions"]), d["style"])
    ink = np.array(d["style"]["edge_color"])
    mid_ab = (px[0] + px[1]) / 2  # A-B is an edge
    mid_ac = (px[0] + px[2]) / 2  # A-C is not
    assert np.abs(np.array(image.getpixel(tuple(int(v) for v in mid_ab))) - ink).max() < 90
    assert image.getpixel(tuple(int(v) for v in mid_ac)) == (255, 255, 255)


def test_readability_rejects_crowded_drawings() -> None:
    style = random_style(random.Random(1), 4)
    close = np.array([[0.0, 0.0], [0.02, 0.0], [1.0, 1.0], [0.0, 1.0]])
    assert readability(close, [(0, 2)], style).problem == "nodes too close"
    on_edge = np.array([[0.0, 0.0], [0.5, 0.5], [1.0, 1.0], [0.0, 1.0]])
    assert readability(on_edge, [(0, 2), (1, 3)], style).problem == "edge passes a node"
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    ok = readability(square, [(0, 2), (1, 3), (0, 1)], style)
    assert ok.problem is None and ok.crossings == 1


@pytest.mark.parametrize("style_name", LAYOUT_STYLES)
def test_every_layout_style_draws_a_small_graph(style_name: str) -> None:
    edges = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 0), (0, 3), (6, 2)]
    rng = random.Random(11)
    style = random_style(rng, 7)
    pos, problem = best_layout(style_name, 7, edges, style, rng)
    assert pos is not None, problem
    assert pos.shape == (7, 2) and pos.min() == 0.0 and pos.max() == 1.0


# ---------------------------------------------------------------- knobs

def test_edge_range_follows_the_density_knobs() -> None:
    config = IsomorphismConfig(min_density=0.2, max_density=0.5, max_edges_per_node=1.8)
    assert edge_range(5, config) == (5, 5)      # at least n edges; 0.5 * 10 = 5
    assert edge_range(12, config) == (13, 21)   # 0.2 * 66 = 13.2; cap 1.8 * 12 = 21.6
    items_small = items(6, base_seed=8, min_nodes=6, max_nodes=6, min_density=0.4, max_density=0.4)
    assert all(len(i.metadata["spec"]["graphs"][0]["edges"]) == 6 for i in items_small)  # 0.4 * 15 = 6


@pytest.mark.parametrize("bad", [
    {"min_nodes": 4}, {"max_nodes": 13}, {"min_nodes": 9, "max_nodes": 7}, {"min_density": 0.6, "max_density": 0.3},
    {"layouts": ["spiral"]}, {"layouts": []}, {"label_sets": ["upper"]}, {"negative_invariants": "spectrum"},
    {"max_swaps": 0},
])
def test_invalid_knobs_are_refused(bad: dict) -> None:
    with pytest.raises(ConfigError):
        IsomorphismConfig.from_dict(bad)


def test_single_layout_style_knob_is_obeyed() -> None:
    for item in items(4, base_seed=6, layouts=["circular"]):
        assert [d["layout"] for d in item.metadata["spec"]["graphs"]] == ["circular", "circular"]
