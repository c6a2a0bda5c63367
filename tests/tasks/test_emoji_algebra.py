"""EmojiAlgebra: solver on hand-worked specs, rejections, determinism, rendering, emoji assets."""

from __future__ import annotations

import io
import json
import random
from collections import Counter

import pytest
from PIL import Image
from task_helpers import generated_items

from remibench.generate import Job, make_item
from remibench.items import tag_problem
from remibench.render.emoji import EmojiMissing, emoji_path, load_emoji
from remibench.tasks.base import ConfigError, DrawContext, Rejected
from remibench.tasks.emoji_algebra import drawing as emoji_drawing
from remibench.tasks.emoji_algebra.pool import EMOJI_POOL
from remibench.tasks.emoji_algebra.solve import needed_emojis
from remibench.tasks.emoji_algebra.task import (
    TASK,
    EmojiAlgebraConfig,
    _check,
    equation_tokens,
    expression_tokens,
)
from remibench.tasks.registry import get_task

GROUP_OF = {e.code: e.group for e in EMOJI_POOL}


def term(coef: int, emoji: int | None) -> dict:
    return {"coef": coef, "emoji": emoji}


def eq(target: int, rhs: list[dict], lhs: int = 1) -> dict:
    return {"target": target, "lhs_coef": lhs, "rhs": rhs}


def spec_of(emojis: list[str], expression: list[tuple[int, list[int]]], equations: list[dict], template: int = 0) -> dict:
    return {"template": template, "emojis": emojis,
            "expression": [{"coef": c, "factors": f} for c, f in expression], "equations": equations}


# apple = 2*apple - 3 -> 3; banana = 3*banana - 8 -> 4; grapes = -4*apple + 5*banana + 12 -> 20
# 4*apple*banana + grapes = 48 + 20 = 68
SPEC_A = spec_of(
    ["1f34e", "1f34c", "1f347"],
    [(4, [0, 1]), (1, [2])],
    [eq(0, [term(2, 0), term(-3, None)]),
     eq(1, [term(3, 1), term(-8, None)]),
     eq(2, [term(-4, 0), term(5, 1), term(12, None)])],
)
# 3*carrot = 21 -> 7; 2*frog = 8 - frog + carrot -> 3*frog = 15 -> 5
# -carrot + 2*frog - carrot*frog = -7 + 10 - 35 = -32
SPEC_B = spec_of(
    ["1f955", "1f438"],
    [(-1, [0]), (2, [1]), (-1, [0, 1])],
    [eq(0, [term(21, None)], lhs=3),
     eq(1, [term(8, None), term(-1, 1), term(1, 0)], lhs=2)],
    template=3,
)
# key = -key + 10 -> 5; bee = key - 9 -> -4; gem = 2*bee - 3*key + 30 -> 7
# car = 4*car + gem - bee - 2 -> -3*car = 9 -> -3; car*gem - 2*bee = -21 + 8 = -13
SPEC_C = spec_of(
    ["1f511", "1f41d", "1f48e", "1f697"],
    [(1, [3, 2]), (-2, [1])],
    [eq(0, [term(-1, 0), term(10, None)]),
     eq(1, [term(1, 0), term(-9, None)]),
     eq(2, [term(2, 1), term(-3, 0), term(30, None)]),
     eq(3, [term(4, 3), term(1, 2), term(-1, 1), term(-2, None)])],
    template=5,
)


@pytest.mark.parametrize(("spec", "label"), [(SPEC_A, "68"), (SPEC_B, "-32"), (SPEC_C, "-13")])
def test_solver_on_hand_worked_specs(spec: dict, label: str) -> None:
    assert TASK.solve(spec) == label
    assert needed_emojis(spec) == set(range(len(spec["emojis"])))


def test_solver_refuses_non_integer_and_undetermined_equations() -> None:
    fractional = json.loads(json.dumps(SPEC_B))
    fractional["equations"][1]["rhs"][0]["coef"] = 10  # 3*frog = 17
    with pytest.raises(ValueError, match="not an integer"):
        TASK.solve(fractional)
    undetermined = json.loads(json.dumps(SPEC_A))
    undetermined["equations"][0]["rhs"][0]["coef"] = 1  # apple = apple - 3
    with pytest.raises(ValueError, match="does not determine"):
        TASK.solve(undetermined)
    forward = json.loads(json.dumps(SPEC_A))
    forward["equations"][0]["rhs"].append(term(1, 2))  # apple refers to grapes, not known yet
    with pytest.raises(ValueError, match="before it is known"):
        TASK.solve(forward)


def test_rejects_unneeded_equation_cancellation_and_large_answers() -> None:
    config = EmojiAlgebraConfig()
    unneeded = spec_of(["1f34e", "1f34c"], [(1, [1])], [eq(0, [term(3, None)]), eq(1, [term(4, None)])])
    with pytest.raises(Rejected, match="not needed"):
        _check(unneeded, [3, 4], config)
    # banana = -apple + 5, so apple + banana = 5 whatever apple is
    cancelling = spec_of(["1f34e", "1f34c"], [(1, [0]), (1, [1])],
                         [eq(0, [term(3, None)]), eq(1, [term(-1, 0), term(5, None)])])
    with pytest.raises(Rejected, match="does not depend"):
        _check(cancelling, [3, 2], config)
    large = spec_of(["1f34e", "1f34c"], [(9, [0, 1])], [eq(0, [term(20, None)]), eq(1, [term(1, 0), term(10, None)])])
    with pytest.raises(Rejected, match="too large"):
        _check(large, [20, 30], config)
    _check(SPEC_A, [3, 4, 20], config)  # a good spec passes


def test_display_tokens_omit_unit_coefficients_and_glue_signs() -> None:
    apple, banana, grapes = SPEC_A["emojis"]
    assert expression_tokens(SPEC_A) == [
        ("text", "4"), ("text", "*"), ("emoji", apple), ("text", "*"), ("emoji", banana),
        ("text", "+"), ("emoji", grapes), ("text", "="), ("text", "?")]
    assert equation_tokens(SPEC_A, SPEC_A["equations"][2]) == [
        ("emoji", grapes), ("text", "="), ("text", "-4"), ("text", "*"), ("emoji", apple),
        ("text", "+"), ("text", "5"), ("text", "*"), ("emoji", banana), ("text", "+"), ("text", "12")]
    carrot, frog = SPEC_B["emojis"]
    assert expression_tokens(SPEC_B)[:2] == [("text", emoji_drawing.MINUS), ("emoji", carrot)]
    assert equation_tokens(SPEC_B, SPEC_B["equations"][0]) == [
        ("text", "3"), ("text", "*"), ("emoji", carrot), ("text", "="), ("text", "21")]


def test_questions_follow_the_known_wording_and_tag_count() -> None:
    assert TASK.question(SPEC_A) == (
        "Compute the value of the expression in the image below <image1> by using the emoji equations "
        "in the following images <image2> <image3> <image4>.")
    assert "<image2>, <image3> and <image4>" not in TASK.question(SPEC_B)
    assert "The images <image2> and <image3> each give" in TASK.question(SPEC_B)
    for spec in (SPEC_A, SPEC_B, SPEC_C):
        assert tag_problem(TASK.question(spec), 1 + len(spec["equations"])) is None


@pytest.fixture(scope="module")
def items() -> list:
    return generated_items("EmojiAlgebra", 100, 11)


def test_generated_items_round_trip_and_are_consistent(items: list) -> None:
    for item in items:
        spec = json.loads(json.dumps(item.metadata["spec"]))
        assert "values" not in spec
        assert TASK.question(spec) == item.question
        assert TASK.solve(spec) == item.label
        assert 3 <= item.n_images <= 6 and item.n_images == 1 + len(spec["equations"])
        assert tag_problem(item.question, item.n_images) is None
        assert needed_emojis(spec) == set(range(len(spec["emojis"])))
        groups = [GROUP_OF[code] for code in spec["emojis"]]
        assert len(set(groups)) == len(groups), "look-alike emojis in one item"
        assert abs(int(item.label)) <= 999


def test_labels_are_spread_and_sizes_vary(items: list) -> None:
    labels = Counter(item.label for item in items)
    assert labels.most_common(1)[0][1] / len(items) < 0.1
    assert len(labels) > 40
    assert {item.n_images for item in items} == {3, 4, 5, 6}
    assert len({item.metadata["spec"]["template"] for item in items}) >= 4


def test_images_are_uniform_legible_and_show_colour_emojis(items: list) -> None:
    for item in items[:20]:
        images = [Image.open(io.BytesIO(data)) for data in item.images]
        assert len({im.size for im in images}) == 1
        width, height = images[0].size
        assert 560 <= width <= 960 and height == 150
        for im in images:
            assert im.mode == "RGB"
            histogram = im.convert("L").histogram()
            assert sum(histogram[:60]) > 150, "no text visible"
            # every line shows at least one emoji (well over 1,000 non-white pixels) besides its text
            assert sum(histogram[:245]) > 1500, "no emoji visible"


def test_emoji_is_pasted_in_colour_and_operators_drawn() -> None:
    line = [("emoji", "1f34e"), ("text", "="), ("text", "-4"), ("text", "*"), ("emoji", "1f34c")]
    (image,) = emoji_drawing.render_token_lines([line])
    pixels = image.load()
    reds = sum(1 for x in range(image.width // 2) for y in range(image.height)
               if pixels[x, y][0] > 180 and pixels[x, y][1] < 90 and pixels[x, y][2] < 90)
    yellows = sum(1 for x in range(image.width // 2, image.width) for y in range(image.height)
                  if pixels[x, y][0] > 200 and pixels[x, y][1] > 180 and pixels[x, y][2] < 120)
    assert reds > 1000 and yellows > 500  # apple on the left, banana on the right
    longest = line + [("text", "+"), ("text", "5"), ("text", "*"), ("emoji", "1f347")] * 5 + [("text", "-"), ("text", "60")]
    wider = emoji_drawing.render_token_lines([longest, line])
    assert wider[0].width <= 960 and wider[0].size == wider[1].size  # shrinks to fit, one size


def test_same_job_same_bytes_other_index_differs() -> None:
    job = Job("EmojiAlgebra", "test", 5, 123, {})
    first, second = make_item(job), make_item(job)
    assert first.images == second.images
    assert (first.question, first.label, first.metadata["spec"]) == (second.question, second.label, second.metadata["spec"])
    other = make_item(Job("EmojiAlgebra", "test", 6, 123, {}))
    assert other.images != first.images


def test_knobs_are_honoured() -> None:
    config = EmojiAlgebraConfig.from_dict({"min_emojis": 4, "max_emojis": 4, "self_ref_prob": 0.0,
                                           "lhs_coef_prob": 0.0, "operators": "+-", "max_refs": 1,
                                           "value_min": -6, "value_max": -1})
    ctx = DrawContext(base_seed=1, task="EmojiAlgebra", split="test", index=0, seed=1)
    made = 0
    for attempt in range(200):
        try:
            spec = TASK.sample(random.Random(attempt), config, ctx)
        except Rejected:
            continue
        made += 1
        assert len(spec["emojis"]) == 4
        for equation in spec["equations"]:
            assert equation["lhs_coef"] == 1
            refs = [t["emoji"] for t in equation["rhs"] if t["emoji"] is not None]
            assert equation["target"] not in refs and len(refs) <= 1
        for t in spec["expression"]:
            assert abs(t["coef"]) == 1 and len(t["factors"]) == 1
    assert made > 50


@pytest.mark.parametrize("bad", [{"min_emojis": 1}, {"max_emojis": 6}, {"min_emojis": 4, "max_emojis": 3},
                                 {"operators": ""}, {"operators": "+/"}, {"value_min": 0, "value_max": 0},
                                 {"self_ref_prob": 1.5}, {"coef_max": 0}])
def test_bad_config_is_refused(bad: dict) -> None:
    with pytest.raises(ConfigError):
        EmojiAlgebraConfig.from_dict(bad)


def test_every_pool_emoji_exists_and_pool_is_large_enough() -> None:
    codes = [e.code for e in EMOJI_POOL]
    assert len(codes) == len(set(codes)) >= 40
    assert len({e.group for e in EMOJI_POOL}) >= 40
    for code in codes:
        assert emoji_path(code).is_file(), f"missing Twemoji picture {emoji_path(code)}"
    assert load_emoji(codes[0], 64).size == (64, 64)


def test_missing_emoji_names_the_file() -> None:
    with pytest.raises(EmojiMissing, match="ffff0.png"):
        load_emoji("ffff0", 72)


def test_registered() -> None:
    assert get_task("EmojiAlgebra") is TASK
