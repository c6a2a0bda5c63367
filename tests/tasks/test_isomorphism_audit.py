"""Isomorphism audit hooks and the hardness they check: triangle-matched negatives, variations, guessers."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from networkx.generators.atlas import graph_atlas_g
from task_helpers import sampled_spec

from remibench.audit.base import NoVariation
from remibench.render.canvas import to_png
from remibench.tasks.isomorphism.audit import AUDIT
from remibench.tasks.isomorphism.drawing import random_style
from remibench.tasks.isomorphism.task import TASK, IsomorphismConfig, graph_from_drawing, hard_negative


def drawing(edges: list[tuple[str, str]], label_set: str, layout: str) -> dict:
    names = sorted({x for e in edges for x in e})
    positions = [[0.1 + 0.8 * (i % 3) / 2, 0.1 + 0.8 * (i // 3) / 2] for i in range(len(names))]
    return {"nodes": names, "edges": [list(e) for e in edges], "positions": positions, "layout": layout,
            "label_set": label_set, "style": random_style(random.Random(0), len(names))}


# A triangle whose two corners carry a tail each, against a triangle with a star at one corner:
# same degrees (3, 3, 2, 2, 1, 1) and one triangle each, not isomorphic.
TAILS = [("1", "2"), ("2", "3"), ("1", "3"), ("1", "4"), ("4", "6"), ("3", "5")]
STAR = [("a", "b"), ("b", "c"), ("a", "c"), ("a", "d"), ("d", "e"), ("d", "f")]


def test_default_negatives_share_triangles_at_every_node() -> None:
    config = IsomorphismConfig()
    assert config.negative_invariants == "triangles" and config.min_nodes == 6
    for index in range(0, 16, 2):
        spec = sampled_spec("Isomorphism", index, 6)
        first, second = (graph_from_drawing(d) for d in spec["graphs"])
        assert sorted(nx.triangles(first).values()) == sorted(nx.triangles(second).values())
        assert sorted(d for _, d in first.degree()) == sorted(d for _, d in second.degree())


def test_no_five_node_graph_has_a_triangle_matched_negative() -> None:
    rng = random.Random(0)
    for graph in graph_atlas_g():
        if graph.number_of_nodes() == 5 and graph.number_of_edges() == 5 and nx.is_connected(graph):
            assert hard_negative(rng, 5, sorted(graph.edges()), 3, "triangles") is None


def test_view_offers_yes_and_no_and_shows_both_drawings() -> None:
    spec = {"template": 0, "graphs": [drawing(TAILS, "numbers", "grid"), drawing(STAR, "lower", "spring")]}
    assert TASK.solve(spec) == "0"
    view = AUDIT.view(spec)
    assert view.options == ("1", "0")
    assert [d["edges"] for d in view.seen["drawings"]] == [spec["graphs"][0]["edges"], spec["graphs"][1]["edges"]]


def test_counting_guessers_cannot_tell_a_hard_pair_apart() -> None:
    spec = {"template": 0, "graphs": [drawing(TAILS, "numbers", "grid"), drawing(STAR, "lower", "spring")]}
    view = AUDIT.view(spec)
    for name in ("same degree sequence means isomorphic", "same edge count means isomorphic",
                 "same triangle count means isomorphic", "same triangles per node means isomorphic"):
        assert AUDIT.guessers[name](view) == "1"
    assert AUDIT.guessers["same layout style means isomorphic"](view) == "0"
    assert AUDIT.guessers["similar node positions means isomorphic"](view) == "1"  # both on one grid


@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_variation_flips_the_answer_and_redraws_only_its_image(index: int) -> None:
    spec = sampled_spec("Isomorphism", index, 9)
    images = [to_png(image) for image in TASK.render(spec)]
    rng = random.Random(index)
    for part in (1, 2):
        varied = AUDIT.vary(spec, part, rng)
        assert TASK.solve(varied) != TASK.solve(spec)
        assert TASK.question(varied) == TASK.question(spec)
        mine, other = varied["graphs"][part - 1], spec["graphs"][part - 1]
        assert (mine["label_set"], mine["style"], len(mine["nodes"])) == (other["label_set"], other["style"], len(other["nodes"]))
        assert mine["layout"] != varied["graphs"][2 - part]["layout"]
        new = [to_png(image) for image in TASK.render(varied)]
        assert [k + 1 for k in range(2) if new[k] != images[k]] == [part]
    with pytest.raises(NoVariation):
        AUDIT.vary(spec, "text", rng)
