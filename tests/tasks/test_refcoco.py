"""RefCoco on built-in scenes: expression programs on hand-made scenes, rejections, balance.

The COCO path is tested in test_task_refcoco_coco.py."""

from __future__ import annotations

import io
import json
from collections import Counter

import numpy as np
import pytest
from PIL import Image

from remibench.generate import Job, make_item
from remibench.items import tag_problem
from remibench.render.emoji import emoji_path, load_emoji
from remibench.scoring.official import official_match
from remibench.tasks.base import ConfigError, DrawContext, Rejected
from remibench.tasks.refcoco import task as refcoco_task
from remibench.tasks.refcoco.drawing import TAG_FONT_SIZE, place_box
from remibench.tasks.refcoco.expressions import _attribute_options, _clear_extreme, _clear_relation, expression_options
from remibench.tasks.refcoco.scenes import (
    CATALOGUE,
    SIZE_PX,
    TEMPLATES,
    ExpressionError,
    describe,
    iou,
    picture_for,
    question_text,
    referent,
)
from remibench.tasks.refcoco.task import TASK, RefCocoConfig, answer_slots
from remibench.verify import check_generated

# ---------------------------------------------------------------- hand-made scenes


def obj(kind: str, colour: str | None, size: str, box: list[int]) -> dict:
    return {"kind": kind, "colour": colour, "size": size, "code": picture_for(kind, colour).code,
            "px": SIZE_PX[size], "pos": box[:2], "box": box}


def expr(kind: str, colour: str | None = None, size: str | None = None, relation: tuple | None = None,
         superlative: str | None = None, **wording) -> dict:
    rel = None
    if relation:
        rtype, anchor_kind, anchor_colour = relation
        rel = {"type": rtype, "anchor": {"kind": anchor_kind, "colour": anchor_colour}}
    kind_of = "relation" if rel else "superlative" if superlative else "attribute"
    return {"type": kind_of, "kind": kind, "colour": colour, "size": size, "relation": rel,
            "superlative": superlative, "wording": wording}


def scene_spec(objects: list[dict], expression: dict, marks: list[int], template: int = 0) -> dict:
    images = [{"object": i, "box": [objects[i]["box"][0] - 5, objects[i]["box"][1] - 5,
                                    objects[i]["box"][2] + 5, objects[i]["box"][3] + 5]} for i in marks]
    return {"source": "scene", "width": 640, "height": 480, "background": {"kind": "board", "frame": [200, 150, 100],
            "surface": [246, 246, 242], "border": 22}, "objects": objects, "expression": expression,
            "images": images, "box_colour": [255, 40, 200], "template": template}


STREET = [
    obj("car", "red", "small", [40, 300, 90, 330]),
    obj("car", "red", "large", [200, 280, 320, 340]),
    obj("car", "blue", "small", [400, 300, 450, 330]),
    obj("bus", None, "large", [500, 250, 620, 350]),
    obj("dog", "brown", "medium", [120, 380, 190, 440]),
]

SHELF = [
    obj("book", "red", "medium", [100, 70, 160, 140]),       # 0 centre (130, 105)
    obj("book", "red", "medium", [400, 70, 460, 140]),       # 1 centre (430, 105)
    obj("book", "blue", "medium", [250, 220, 310, 290]),     # 2 centre (280, 255)
    obj("teddy bear", "brown", "large", [230, 40, 330, 140]),  # 3
    obj("vase", None, "medium", [450, 220, 510, 290]),       # 4 centre (480, 255)
    obj("ball", "orange", "small", [80, 380, 128, 428]),     # 5 centre (104, 404)
    obj("ball", "black", "large", [520, 360, 620, 460]),     # 6
    obj("ball", "orange", "medium", [300, 380, 380, 460]),   # 7 centre (340, 420)
]


@pytest.mark.parametrize("objects, expression, marks, label", [
    (STREET, expr("car", "red", "small"), [2, 0, 1], "2"),
    (STREET, expr("car", "blue"), [2, 1, 0], "1"),
    (STREET, expr("car", size="large"), [0, 2, 3, 1], "4"),
    (SHELF, expr("ball", "black"), [5, 6], "2"),
])
def test_attribute_expressions(objects, expression, marks, label):
    assert TASK.solve(scene_spec(objects, expression, marks)) == label


@pytest.mark.parametrize("expression, marks, label", [
    (expr("book", relation=("left_of", "teddy bear", None)), [3, 1, 0], "3"),      # only book 0 ends left of x=230
    (expr("book", "red", relation=("right_of", "teddy bear", None)), [0, 1], "2"),
    (expr("book", relation=("below", "teddy bear", None)), [2, 0, 1, 4], "1"),
    (expr("book", relation=("closest_to", "vase", None)), [0, 2, 1], "3"),        # 158 vs 200 vs 381 px
    (expr("book", relation=("closest_to", "ball", "black")), [1, 0, 2], "3"),     # 329 vs 336 vs 535 px
    (expr("ball", "orange", relation=("closest_to", "book", "blue")), [5, 7], "2"),  # 176 vs 231 px
])
def test_relation_expressions(expression, marks, label):
    assert TASK.solve(scene_spec(SHELF, expression, marks)) == label


@pytest.mark.parametrize("expression, marks, label", [
    (expr("book", superlative="leftmost"), [1, 2, 0], "3"),
    (expr("book", superlative="bottommost"), [2, 0], "1"),
    (expr("book", "red", superlative="rightmost"), [0, 1, 3], "2"),
    (expr("ball", superlative="largest"), [5, 7, 6, 2], "3"),
    (expr("ball", superlative="smallest"), [5, 7, 6], "1"),
    (expr("ball", "orange", superlative="largest", pair=True), [5, 7], "2"),
])
def test_superlative_expressions(expression, marks, label):
    assert TASK.solve(scene_spec(SHELF, expression, marks)) == label


def test_two_images_marking_the_target_are_both_listed():
    spec = scene_spec(SHELF, expr("ball", "black"), [6, 2, 6])
    spec["images"][2]["box"] = [510, 350, 630, 470]
    label = TASK.solve(spec)
    assert label == "1,3"
    assert official_match("RefCoco", "1", label) and official_match("RefCoco", "3", label)
    assert not official_match("RefCoco", "2", label) and not official_match("RefCoco", "1,3 ", label)


@pytest.mark.parametrize("expression, text", [
    (expr("car", "red", "small", ("left_of", "bus", None)), "the small red car left of the bus"),
    (expr("ball", superlative="largest"), "the largest ball"),
    (expr("book", "blue", superlative="rightmost", pair=True), "the blue book on the right"),
    (expr("dog", relation=("closest_to", "tree", None)), "the dog closest to the tree"),
    (expr("car", size="large", size_word=1), "the big car"),
    (expr("book", relation=("above", "ball", "black"), relation_word=1), "the book higher up than the black ball"),
])
def test_wording(expression, text):
    expression["wording"] = {"size": expression["wording"].get("size_word", 0),
                             "relation": expression["wording"].get("relation_word", 0),
                             "pair": expression["wording"].get("pair", False)}
    assert describe(expression) == text


# ---------------------------------------------------------------- uniqueness and rejections

@pytest.mark.parametrize("objects, expression", [
    (STREET, expr("car", "red")),                                           # two red cars
    (STREET, expr("car", "green")),                                         # none
    (SHELF, expr("book", relation=("above", "ball", "black"))),             # all three books
    (SHELF, expr("book", relation=("right_of", "vase", None))),             # none
    (SHELF, expr("book", relation=("left_of", "ball", None))),              # anchor not unique
    (SHELF, expr("book", superlative="largest")),                           # all books medium: a tie
])
def test_expressions_that_do_not_pick_one_object_are_refused(objects, expression):
    with pytest.raises(ExpressionError):
        referent(objects, expression)


def test_solve_refuses_when_no_image_marks_the_referent():
    with pytest.raises(ValueError, match="no image"):
        TASK.solve(scene_spec(STREET, expr("car", "blue"), [0, 1, 3]))


def test_borderline_relations_and_extremes_are_not_offered():
    anchor = obj("bus", None, "large", [300, 200, 420, 300])
    straddling = obj("car", "red", "small", [260, 320, 320, 350])    # centre left of the bus but overlapping it in x
    clear_left = obj("car", "red", "small", [40, 320, 100, 350])
    objects = [anchor, straddling, clear_left]
    assert not _clear_relation(objects, [1, 2], 0, "left_of")
    objects[1] = obj("car", "red", "small", [400, 320, 460, 350])   # now plainly right of the bus centre
    assert _clear_relation(objects, [1, 2], 0, "left_of")
    # nearly equal distances to the anchor
    near = [obj("tree", "green", "large", [300, 100, 400, 200]),
            obj("dog", "brown", "small", [150, 130, 190, 170]), obj("dog", "grey", "small", [505, 130, 545, 170])]
    assert not _clear_relation(near, [1, 2], 0, "closest_to")
    near[2] = obj("dog", "grey", "small", [580, 130, 620, 170])
    assert _clear_relation(near, [1, 2], 0, "closest_to")
    # leftmost by 10 px only
    tie = [obj("apple", "red", "small", [100, 100, 140, 140]), obj("apple", "red", "small", [110, 300, 150, 340])]
    assert not _clear_extreme(tie, [0, 1], 0, "leftmost")
    tie[1] = obj("apple", "red", "small", [200, 300, 240, 340])
    assert _clear_extreme(tie, [0, 1], 0, "leftmost")


def test_expression_options_skip_unneeded_and_impossible_attributes():
    twins = [obj("square", "red", "small", [50, 50, 90, 90]), obj("square", "red", "small", [300, 300, 340, 340]),
             obj("star", None, "medium", [500, 60, 560, 120])]
    assert _attribute_options(twins, 2) == []          # the only star needs no attribute
    assert _attribute_options(twins, 0) == []          # identical twins cannot be told apart by attributes
    options = expression_options(twins, "attribute", True)
    assert options == {}
    found = expression_options(twins, "superlative", True)
    assert set(found) == {0, 1}                        # leftmost/topmost vs rightmost/bottommost
    assert all(referent(twins, e) == t for t, es in found.items() for e in es)
    # "small red car" needs both words only when each alone is ambiguous
    cars = [obj("car", "red", "small", [20, 300, 70, 330]), obj("car", "red", "large", [100, 280, 220, 340]),
            obj("car", "blue", "small", [260, 300, 310, 330])]
    options = _attribute_options(cars, 0)
    assert [(e["colour"], e["size"]) for e in options] == [("red", "small")]


def test_no_room_and_no_expression_are_rejections(monkeypatch):
    import random
    area = {"mode": "free", "x": (0, 200), "y": (0, 200)}
    assert place_box(random.Random(1), area, (100, 100), [[0, 0, 200, 200]], 14) is None
    assert place_box(random.Random(1), area, (100, 100), [], 14) is not None
    monkeypatch.setattr(refcoco_task, "place_box", lambda *args, **kwargs: None)
    with pytest.raises(Rejected, match="no room"):
        TASK.sample(random.Random(1), RefCocoConfig(), DrawContext(0, "RefCoco", "test", 0, 0))
    monkeypatch.undo()
    monkeypatch.setattr(refcoco_task, "expression_options", lambda *args: {})
    ctx = DrawContext(0, "RefCoco", "test", 0, 0)
    reasons = set()
    for seed in range(6):
        with pytest.raises(Rejected) as raised:
            TASK.sample(random.Random(seed), RefCocoConfig(), ctx)
        reasons.add(raised.value.reason.split(" ")[0])
    assert "no" in reasons and any("unique" in r or r == "no" for r in reasons)


def test_sampled_scenes_are_unambiguous_and_apart():
    for index in range(40):
        item = make_item(Job("RefCoco", "test", index, 7, {"max_overlap": 0.0}))
        spec = item.metadata["spec"]
        objects = spec["objects"]
        target = referent(objects, spec["expression"])
        label = [int(k) for k in item.label.split(",")]
        assert [spec["images"][k - 1]["object"] for k in label] == [target] * len(label)
        marked = [image["object"] for image in spec["images"]]
        assert len(set(marked)) == len(marked)          # one box per object, no duplicates by default
        for i, a in enumerate(objects):
            assert 0 <= a["box"][0] < a["box"][2] <= 640 and 0 <= a["box"][1] < a["box"][3] <= 480
            for b in objects[i + 1:]:
                assert iou(a["box"], b["box"]) == 0.0
        e = spec["expression"]
        same_kind = [o for o in objects if o["kind"] == e["kind"]]
        if e["colour"] or e["size"]:     # a named attribute always leaves out some objects of the kind
            assert len([o for o in same_kind if e["colour"] in (None, o["colour"]) and e["size"] in (None, o["size"])]) < len(same_kind)
        rel = e["relation"]
        if rel:
            anchor = next(i for i, o in enumerate(objects) if o["kind"] == rel["anchor"]["kind"]
                          and rel["anchor"]["colour"] in (None, o["colour"]))
            base = [i for i, o in enumerate(objects) if o["kind"] == spec["expression"]["kind"]
                    and spec["expression"]["colour"] in (None, o["colour"]) and spec["expression"]["size"] in (None, o["size"])]
            assert len(base) >= 2 and _clear_relation(objects, base, anchor, rel["type"])


# ---------------------------------------------------------------- items: determinism, round trip, balance

def test_items_round_trip_through_json_and_render_again():
    for index in range(6):
        item = make_item(Job("RefCoco", "test", index, 1, {}))
        assert check_generated(item, TASK, rerender=True) == []
        assert tag_problem(item.question, item.n_images) is None
        assert 2 <= item.n_images <= 4
        spec = json.loads(json.dumps(item.metadata["spec"]))
        assert describe(spec["expression"])[1:] in item.question


def test_labels_spread_evenly_within_each_image_count():
    items = [make_item(Job("RefCoco", "test", i, 2, {})) for i in range(64)]     # four blocks of 16 slots
    pairs = Counter((item.n_images, item.label) for item in items)
    assert pairs == Counter({(2, "1"): 4, (2, "2"): 4, **{(k, str(a)): 8 for k in (3, 4) for a in range(1, k + 1)}})
    labels = Counter(item.label for item in items)
    assert labels == Counter({"1": 20, "2": 20, "3": 16, "4": 8})
    # a guess that sees only the image count (e.g. "the last image") stays at chance
    assert sum(item.label == str(item.n_images) for item in items) == 4 + 8 + 8
    three = Counter(make_item(Job("RefCoco", "test", i, 2, {"max_images": 3, "min_objects": 4})).label for i in range(24))
    assert three == Counter({"1": 9, "2": 9, "3": 6})


def test_answer_slots():
    assert answer_slots(2, 2) == [(2, 1), (2, 2)]
    assert answer_slots(3, 4) == [(3, 1), (3, 2), (3, 3)] + [(4, a) for a in (1, 2, 3, 4)] * 2
    assert len(answer_slots(2, 4)) == 16


def test_duplicate_boxes_give_comma_labels_without_spaces():
    config = {"min_images": 3, "duplicate_box_prob": 1.0}
    for index in range(8):
        item = make_item(Job("RefCoco", "test", index, 0, config))
        pieces = item.label.split(",")
        assert len(pieces) == 2 and " " not in item.label and pieces == sorted(pieces)
        boxes = [item.metadata["spec"]["images"][int(p) - 1]["box"] for p in pieces]
        assert boxes[0] != boxes[1]


@pytest.mark.parametrize("overrides", [
    {"expression_types": "relation", "backgrounds": "shelf"},
    {"expression_types": "superlative", "backgrounds": "park"},
    {"expression_types": "attribute", "backgrounds": "board", "min_objects": 4, "max_objects": 5},
    {"backgrounds": "street,room,table", "max_overlap": 0.2, "min_objects": 10, "max_objects": 12},
])
def test_knobs_are_honoured(overrides):
    for index in range(4):
        spec = make_item(Job("RefCoco", "test", index, 0, overrides)).metadata["spec"]
        if "expression_types" in overrides:
            assert spec["expression"]["type"] == overrides["expression_types"]
        assert spec["background"]["kind"] in overrides["backgrounds"].split(",")
        low, high = overrides.get("min_objects", 5), overrides.get("max_objects", 9)
        assert low <= len(spec["objects"]) <= high


@pytest.mark.parametrize("bad", [
    {"min_images": 1}, {"max_images": 5}, {"min_images": 4, "max_images": 3}, {"min_objects": 3},
    {"min_objects": 3, "max_images": 4}, {"expression_types": "colour"}, {"backgrounds": "beach"},
    {"expression_types": ""}, {"duplicate_box_prob": 1.5}, {"max_overlap": 0.5},
])
def test_bad_knobs_are_refused(bad):
    with pytest.raises(ConfigError):
        RefCocoConfig.from_dict(bad)


def test_images_are_legible_with_one_box_each():
    item = make_item(Job("RefCoco", "test", 9, 0, {}))
    colour = np.array(item.metadata["spec"]["box_colour"])
    assert TAG_FONT_SIZE >= 14
    for data, image_spec in zip(item.images, item.metadata["spec"]["images"]):
        image = Image.open(io.BytesIO(data))
        assert image.size == (640, 480) and image.mode == "RGB"
        pixels = np.asarray(image).astype(int)
        x0, y0, x1, y1 = image_spec["box"]
        edge = pixels[y0 + 1, x0 + 2: x1 - 2]
        assert (np.abs(edge - colour).sum(axis=1) < 30).mean() > 0.9     # the box's top edge is drawn
        assert (np.abs(pixels - colour).sum(axis=2) < 30).sum() > 4 * (x1 - x0 + y1 - y0)


def test_every_template_words_each_image_count():
    for template in range(len(TEMPLATES)):
        for k in (2, 3, 4):
            text = question_text(template, "the largest ball", k)
            assert tag_problem(text, k) is None and "the largest ball" in text.lower()


def test_catalogue_pictures_exist_and_colours_are_true():
    """Each named colour is the most common colour among the picture's opaque pixels."""
    reference = {"red": [(220, 40, 60)], "orange": [(245, 145, 15)], "yellow": [(253, 203, 88)],
                 "green": [(120, 178, 90)], "blue": [(85, 172, 238)], "purple": [(170, 142, 214)],
                 "pink": [(244, 171, 186)], "brown": [(193, 105, 79), (217, 158, 130)],
                 "black": [(49, 55, 61)], "white": [(230, 231, 232)], "grey": [(153, 170, 181)]}
    names = [n for n, shades in reference.items() for _ in shades]
    shades = np.array([s for ss in reference.values() for s in ss], dtype=float)
    for picture in CATALOGUE:
        assert emoji_path(picture.code).is_file(), picture
        if picture.colour is None:
            continue
        rgba = np.asarray(load_emoji(picture.code, 72)).reshape(-1, 4)
        opaque = rgba[rgba[:, 3] > 200][:, :3].astype(float)
        nearest = ((opaque[:, None, :] - shades[None]) ** 2).sum(-1).argmin(1)
        top = Counter(names[i] for i in nearest).most_common(1)[0][0]
        assert top == picture.colour, (picture, top)
    kinds_colours = [(p.kind, p.colour) for p in CATALOGUE]
    assert len(kinds_colours) == len(set(kinds_colours))
