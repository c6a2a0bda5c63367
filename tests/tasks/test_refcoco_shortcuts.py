"""RefCoco's boxes for relations and superlatives, the planned aims and the guessers that read them:
hand-made scenes with answers worked out by hand, and sampled items checked for the design."""

from __future__ import annotations

import random

from task_helpers import sampled_spec
from test_refcoco import SHELF, expr, scene_spec

from remibench.tasks.refcoco.audit import AUDIT
from remibench.tasks.refcoco.composition import crossed
from remibench.tasks.refcoco.decoys import decoy_pool
from remibench.tasks.refcoco.expressions import noun_dropped_misses
from remibench.tasks.refcoco.guessers import _anchor_box, _position_word
from remibench.tasks.refcoco.readings import _joint, _nested, _picks, aims, hit_chance
from remibench.tasks.refcoco.scenes import base_candidates, referent
from remibench.tasks.refcoco.task import TASK, _colour_options

G = AUDIT.guessers


def test_relation_and_superlative_boxes_all_fit_the_noun_phrase() -> None:
    seen = set()
    for index in range(40):
        spec = sampled_spec("RefCoco", index, 7)
        e, objects = spec["expression"], spec["objects"]
        seen.add(e["type"])
        if e["type"] == "attribute":
            continue
        fitting = set(base_candidates(objects, e))
        assert all(image["object"] in fitting for image in spec["images"])
        assert noun_dropped_misses(objects, e)
        if e["relation"]:
            assert e["relation"]["type"] == "closest_to"  # directional relations are off by default
    assert seen == {"attribute", "relation", "superlative"}


def test_directional_relations_when_enabled_may_box_other_kinds_further_that_way() -> None:
    found = 0
    for index in range(40):
        spec = sampled_spec("RefCoco", index, 7, expression_types="relation", directional_relations=True)
        e, objects = spec["expression"], spec["objects"]
        if e["relation"]["type"] == "closest_to":
            continue
        found += 1
        pool = set(decoy_pool(objects, e, referent(objects, e)))
        assert all(image["object"] in pool | {referent(objects, e)} for image in spec["images"])
    assert found >= 10


def test_decoy_pool_of_a_directional_relation() -> None:
    # "the book left of the teddy bear" is book 0 (centre x 130); the other books fit the noun
    # phrase, and the orange ball (centre x 104) is the one object of another kind further left,
    # though by less than 30 px: it is left out
    e = expr("book", relation=("left_of", "teddy bear", None))
    assert referent(SHELF, e) == 0
    assert decoy_pool(SHELF, e, 0) == [1, 2]
    # "the book closest to the vase" (book 1): the pool is the other books
    assert decoy_pool(SHELF, expr("book", relation=("closest_to", "vase", None)), 1) == [0, 2]


def test_noun_dropped_misses() -> None:
    # the ball closest to the vase (centre 480, 255) is ball 6 (179 px); red book 1 is nearer (158 px)
    assert noun_dropped_misses(SHELF, expr("ball", relation=("closest_to", "vase", None)))
    # the book closest to the vase is book 1, the nearest object of all: dropping the noun finds it
    assert not noun_dropped_misses(SHELF, expr("book", relation=("closest_to", "vase", None)))
    # the leftmost ball (centre x 104) is the leftmost object of all; the leftmost book (130) is not
    assert not noun_dropped_misses(SHELF, expr("ball", superlative="leftmost"))
    assert noun_dropped_misses(SHELF, expr("book", superlative="leftmost"))  # the ball is further left


def test_joint_and_nested_aims() -> None:
    first = _picks(lambda boxed: boxed[:1])
    joint = _joint(_picks(lambda boxed: boxed[:1]))
    nested = _nested(_picks(lambda boxed: boxed[:1]))
    # four boxes: the first reading hits below 0.25, the joint one on [0.25, 0.5), the nested one with the first
    assert aims([0.1, 0.9], [first, joint], 4) == [1.0, 0.0]
    assert aims([0.3, 0.0], [first, joint], 4) == [0.0, 1.0]
    assert aims([0.6, 0.0], [first, joint], 4) == [0.0, 0.0]
    assert aims([0.1, 0.9], [first, nested], 4) == [1.0, 1.0]
    assert aims([0.6, 0.0], [first, nested], 4) == [0.0, 0.0]


def test_a_near_tie_of_a_single_box_reading_meets_neither_aim() -> None:
    tie = _picks(lambda boxed: boxed[:2])
    assert hit_chance(tie, 5, [5, 6, 7]) == 0.5
    assert hit_chance(tie, 7, [5, 6, 7]) == 0.0


def test_crossed_colours_and_sizes() -> None:
    for seed in range(10):
        pairs = crossed(random.Random(seed), "ball", 5, "large")
        assert pairs is not None and len(pairs) == 5
        colours = {c for c, _ in pairs[:4]}
        assert len(colours) == 2
        for colour in colours:  # each colour has a large one and one of another size
            sizes = [s for c, s in pairs[:4] if c == colour]
            assert "large" in sizes and len(sizes) == 2
        assert sum(s == "large" for c, s in pairs if c == pairs[0][0]) == 1  # "the big <colour> ball" is unique
    assert crossed(random.Random(0), "ball", 3, "large") is None
    assert crossed(random.Random(0), "potted plant", 5, "large") is None  # one picture, no colour


def test_colour_options_keep_the_planned_wording() -> None:
    options = {0: [expr("ball", "red", "large"), expr("ball", size="large")], 1: [expr("ball", size="small")]}
    assert _colour_options(options, True) == {0: [expr("ball", "red", "large")]}
    assert _colour_options(options, False) == {0: [expr("ball", size="large")], 1: [expr("ball", size="small")]}


def test_position_words_are_whole_words() -> None:
    assert _position_word("Find the largest flower.") is None
    assert _position_word("Find the lower ball.") == "bottom"


def test_anchor_named_by_colour() -> None:
    spec = scene_spec(SHELF, expr("ball", relation=("closest_to", "book", "blue")), [7, 5])
    assert _anchor_box(AUDIT.view(spec)) == SHELF[2]["box"]


def test_guessers_that_are_the_reasoning_where_every_box_fits_are_left_out() -> None:
    # "the leftmost ball" with every box a ball: the leftmost box is the superlative itself
    spec = scene_spec(SHELF, expr("ball", superlative="leftmost"), [6, 5, 7])
    view = AUDIT.view(spec)
    assert TASK.solve(spec) == "2"
    assert G["position word: extreme box"](view) is None
    # "the largest ball" (ball 6, 100x100) among balls: no size-word guesser applies
    spec = scene_spec(SHELF, expr("ball", superlative="largest"), [5, 7, 6])
    view = AUDIT.view(spec)
    assert TASK.solve(spec) == "3"
    for name in ("size word: largest/smallest object", "size word: largest/smallest box", "size word: extreme box of the noun"):
        assert G[name](view) is None
    assert G["noun phrase, ignoring relation"](view) == "1"  # "largest" is not read as the size class "large"
    # "the ball closest to the vase" (ball 6) among balls: the box nearest the anchor is the relation
    spec = scene_spec(SHELF, expr("ball", relation=("closest_to", "vase", None)), [7, 6, 5])
    view = AUDIT.view(spec)
    assert TASK.solve(spec) == "2"
    assert G["relation: box nearest the anchor"](view) is None
    assert G["relation: noun box nearest anchor"](view) is None
    assert G["noun dropped: scene-wide winner if boxed"](view) is None  # book 1, the nearest object, has no box
    assert G["relation: box furthest from the anchor"](view) == "3"  # ball 5, far left


def test_scene_winner_guesser_when_the_noun_dropped_winner_is_boxed() -> None:
    # the book nearest the vase is red book 1, boxed in image 1: the guess is that (wrong) box
    spec = scene_spec(SHELF, expr("ball", relation=("closest_to", "vase", None)), [1, 6, 5])
    assert TASK.solve(spec) == "2" and G["noun dropped: scene-wide winner if boxed"](AUDIT.view(spec)) == "1"


def test_directional_guessers() -> None:
    # "the book below the teddy bear" (box 230-330 x 40-140) is book 2; boxes: book 2, book 0, book 1, vase
    spec = scene_spec(SHELF, expr("book", relation=("below", "teddy bear", None)), [2, 0, 1, 4])
    view = AUDIT.view(spec)
    assert TASK.solve(spec) == "1"
    assert G["relation: box furthest the named way"](view) == "1"  # book 2 and the vase share the lowest centre
    assert G["relation: box beyond the anchor's edge"](view) == "1"  # book 2 and the vase lie wholly below it
    assert G["relation: box furthest from the anchor"](view) == "4"  # the vase: 144 px away
