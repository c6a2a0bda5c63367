"""RefCoco's audit hooks and the decoy choice: hand-made scenes with answers worked out by hand."""

from __future__ import annotations

import json
import random

import pytest
from test_refcoco import SHELF, STREET, expr, scene_spec

from remibench.audit.base import NoVariation
from remibench.render.canvas import to_png
from remibench.tasks.base import Rejected
from remibench.tasks.refcoco.audit import AUDIT
from remibench.tasks.refcoco.decoys import choose_decoys
from remibench.tasks.refcoco.readings import hit_chance, readings
from remibench.tasks.refcoco.scenes import SIZE_RANK
from remibench.tasks.refcoco.task import TASK


def test_view_shows_the_boxed_objects_but_not_the_expression_program() -> None:
    spec = scene_spec(STREET, expr("car", "red", "small"), [1, 0, 2])
    view = AUDIT.view(spec)
    assert view.options == ("1", "2", "3")
    assert [b["kind"] for b in view.seen["boxed"]] == ["car", "car", "car"]
    assert "expression" not in view.seen and "images" not in view.seen
    assert "the small red car" in view.question


def test_a_decoy_box_moved_onto_the_target_lists_both_images() -> None:
    # "the small red car" is object 0, boxed in image 2; image 3 boxes the blue car
    spec = scene_spec(STREET, expr("car", "red", "small"), [1, 0, 2])
    assert TASK.solve(spec) == "2"
    varied = AUDIT.vary(spec, 3, random.Random(0))
    assert TASK.solve(varied) == "2,3" and TASK.question(varied) == TASK.question(spec)
    assert varied["images"][:2] == spec["images"][:2]
    again = AUDIT.vary(varied, 2, random.Random(1))  # one of two target boxes moves away
    assert TASK.solve(again) == "3"


def test_the_only_box_around_the_target_and_two_image_items_are_not_varied() -> None:
    spec = scene_spec(STREET, expr("car", "red", "small"), [1, 0, 2])
    with pytest.raises(NoVariation):
        AUDIT.vary(spec, 2, random.Random(0))
    two = scene_spec(STREET, expr("car", "red", "small"), [0, 1])
    with pytest.raises(NoVariation):
        AUDIT.vary(two, 2, random.Random(0))  # the sampler boxes the target twice only with 3+ images



def _pngs(spec: dict) -> list[bytes]:
    return [to_png(image) for image in TASK.render(spec)]


def test_answer_set_of_valid_items_is_the_label() -> None:
    spec = scene_spec(STREET, expr("car", "red", "small"), [1, 0, 2])
    assert AUDIT.candidates(spec) == [1, 2, 3]
    assert AUDIT.answer_set(spec) == frozenset({TASK.solve(spec)}) == frozenset({"2"})
    twice = scene_spec(STREET, expr("car", "red", "small"), [0, 1, 0])
    assert TASK.solve(twice) == "1,3" and AUDIT.answer_set(twice) == frozenset({"1", "3"})
    for index in range(20):
        sampled = _sampled(index)
        assert AUDIT.answer_set(sampled) == frozenset(TASK.solve(sampled).split(","))


def test_a_wrong_candidate_boxing_the_target_becomes_a_second_answer() -> None:
    # "the small red car" is object 0, boxed in image 2; image 3 boxes the blue car
    spec = scene_spec(STREET, expr("car", "red", "small"), [1, 0, 2])
    varied = AUDIT.vary_candidate(spec, 3, random.Random(0))
    assert varied["images"][2]["object"] == 0 and AUDIT.answer_set(varied) == frozenset({"2", "3"})
    assert varied["images"][:2] == spec["images"][:2] and spec["images"][2]["object"] == 2  # the item is untouched
    before, after = _pngs(spec), _pngs(varied)
    assert TASK.question(varied) == TASK.question(spec)
    assert after[:2] == before[:2] and after[2] != before[2]
    # in a two-image item too, where the valid variations cannot add a second box around the target
    two = scene_spec(STREET, expr("car", "red", "small"), [0, 1])
    assert AUDIT.answer_set(AUDIT.vary_candidate(two, 2, random.Random(0))) == frozenset({"1", "2"})


def test_the_only_box_around_the_target_moved_away_leaves_no_answer() -> None:
    spec = scene_spec(STREET, expr("car", "red", "small"), [1, 0, 2])
    for seed in range(5):
        varied = AUDIT.vary_candidate(spec, 2, random.Random(seed))
        assert varied["images"][1]["object"] != 0 and AUDIT.answer_set(varied) == frozenset()
        assert varied["images"][0] == spec["images"][0] and varied["images"][2] == spec["images"][2]
    before, after = _pngs(spec), _pngs(varied)
    assert TASK.question(varied) == TASK.question(spec)
    assert after[0] == before[0] and after[2] == before[2] and after[1] != before[1]
    # the box moves to an object no box marks yet: the large red car (1) and the blue one (2) are boxed
    assert varied["images"][1]["object"] in (3, 4)


def test_coco_items_are_not_varied() -> None:
    spec = {"source": "coco", "target_box": [10, 10, 50, 50],
            "images": [{"ann_id": 1, "box": [60, 60, 90, 90]}, {"ann_id": 2, "box": [10, 10, 50, 50]}]}
    assert AUDIT.candidates(spec) == [1, 2] and AUDIT.answer_set(spec) == frozenset({"2"})
    with pytest.raises(NoVariation):
        AUDIT.vary_candidate(spec, 1, random.Random(0))


def test_size_word_guessers() -> None:
    # "the large red car" (object 1, 120x60) among the bus (120x100) and the small blue car
    spec = scene_spec(STREET, expr("car", "red", "large"), [3, 1, 2])
    view = AUDIT.view(spec)
    assert TASK.solve(spec) == "2"
    assert AUDIT.guessers["size word: largest/smallest object"](view) == "1"  # the bus: wrong
    assert AUDIT.guessers["size word: extreme box of the noun"](view) == "2"  # the larger of the two cars
    assert AUDIT.guessers["noun: first box of the named kind"](view) == "2"
    assert AUDIT.guessers["largest box"](view) == "1"


def test_relation_and_position_guessers() -> None:
    # "the book closest to the vase": book 1 (158 px between centres, 80 px gap) beats book 2 (200, 140)
    spec = scene_spec(SHELF, expr("book", relation=("closest_to", "vase", None)), [0, 2, 1])
    view = AUDIT.view(spec)
    assert TASK.solve(spec) == "3"
    assert AUDIT.guessers["relation: noun box nearest anchor"](view) is None  # here that is the reasoning
    # "the book below the teddy bear" is book 2 (80 px under it); books 0 and 1 are 70 px to its sides
    spec = scene_spec(SHELF, expr("book", relation=("below", "teddy bear", None)), [2, 0, 1, 4])
    view = AUDIT.view(spec)
    assert TASK.solve(spec) == "1"
    assert AUDIT.guessers["relation: noun box nearest anchor"](view) == "2"
    assert AUDIT.guessers["position word: extreme box"](view) is None
    spec = scene_spec(SHELF, expr("ball", superlative="leftmost"), [6, 5, 3])
    view = AUDIT.view(spec)
    assert TASK.solve(spec) == "2" and AUDIT.guessers["position word: extreme box"](view) == "2"


def test_readings_of_a_size_expression() -> None:
    # "the large red car": the noun alone keeps every car, the colour alone every red object; the
    # size word alone keeps the largest box
    e = expr("car", "red", "large")
    noun, colour_alone, size_alone, noun_and_size = readings(STREET, e)
    assert noun([1, 0, 3]) == [1, 0]
    assert hit_chance(noun, 1, [1, 0, 3]) == 0.5
    assert colour_alone([1, 2, 3]) == [1] and colour_alone([1, 0, 2]) == [1, 0]
    assert size_alone([1, 3]) == [3]  # the bus (120x100) is larger than the red car (120x60)
    assert hit_chance(size_alone, 1, [1, 3]) == 0.0
    assert noun_and_size([1, 0, 3]) == [1] and hit_chance(noun_and_size, 1, [1, 0, 3]) == 1.0


def test_decoys_hide_a_large_target_among_objects_as_large_about_as_often_as_chance() -> None:
    # on average over items, the target of "the big ..." is the largest boxed object about 1/n of the time
    hits = n = 0
    for index in range(150):
        spec = _sampled(index)
        e = spec["expression"]
        if e["type"] != "attribute" or not e.get("size"):
            continue
        boxed = [spec["objects"][image["object"]] for image in spec["images"]]
        sign = 1 if e["size"] == "large" else -1
        areas = [sign * (o["box"][2] - o["box"][0]) * (o["box"][3] - o["box"][1]) for o in boxed]
        target = [k for k, image in enumerate(spec["images"]) if str(k + 1) == TASK.solve(spec)][0]
        hits += areas.index(max(areas)) == target
        n += 1
    assert n >= 20 and hits / n < 0.5


def test_choose_decoys_meets_the_aims_or_rejects_the_scene() -> None:
    # "the red book left of the teddy bear" is book 0. Readings: noun, colour, noun phrase, largest and
    # smallest box (soft), box nearest the middle (draw 5), box nearest the anchor (draw 6), and the
    # leftmost box, which shares draw 6 and is aimed at the target on the next quarter of it
    e = expr("book", "red", relation=("left_of", "teddy bear", None))
    draws = [0.0] * 5 + [0.9, 0.0] + [0.0] * 5  # nearest the anchor: book 0; nearest the middle and leftmost: not
    chosen = choose_decoys(random.Random(3), SHELF, 0, e, 3, draws)
    assert len(set(chosen)) == 3 and 0 not in chosen
    assert 5 in chosen  # the orange ball (centre x 104) is the one object further left than book 0 (130)
    assert 1 not in chosen  # book 1 is exactly as near the teddy bear (70 px) as book 0: a tie
    # aimed away, "the book nearest the teddy bear" must miss book 0, but book 1 is exactly as near
    # (70 px gap each) and no other book is nearer: the scene is rejected
    with pytest.raises(Rejected):
        choose_decoys(random.Random(3), SHELF, 0, e, 3, [0.9] * 12)


def test_one_off_objects_have_free_scale_and_repeated_kinds_the_three_sizes() -> None:
    for index in range(10):
        spec = _sampled(index)
        kinds = [o["kind"] for o in spec["objects"]]
        for obj in spec["objects"]:
            if kinds.count(obj["kind"]) > 1:
                assert obj["px"] in (48, 80, 120) and SIZE_RANK[obj["size"]] >= 0
            else:
                assert 30 <= obj["px"] <= 164
        json.dumps(spec)


def _sampled(index: int) -> dict:
    from task_helpers import sampled_spec

    return sampled_spec("RefCoco", index, 3)
