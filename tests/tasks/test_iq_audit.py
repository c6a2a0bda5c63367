"""IQ's counterfactual hooks on the option images: which options fit, and one option changed alone."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from test_iq import HAND_CASES, PENT, SQ, TRI, make_spec, prog, sample_spec

from remibench.audit.base import NoVariation
from remibench.audit.necessity import check_item
from remibench.render.canvas import to_png
from remibench.tasks.iq.audit import AUDIT
from remibench.tasks.iq.rules import attribute_value, expected_values, in_domain, option_satisfies
from remibench.tasks.iq.task import TASK

# size +1: 1, 2, 3 / 2, 3, 4 / 1, 2 -> 3; options: sizes 1, 2, 4, 3 and a square of size 3
SIZE_STEP, SIZE_LABEL = HAND_CASES["progression"][2]


def _pngs(spec: dict[str, Any]) -> list[bytes]:
    return [to_png(image) for image in TASK.render(spec)]


def _changed_images(spec: dict[str, Any], varied: dict[str, Any]) -> list[int]:
    """The 1-based images that draw differently, after checking the question is the same."""
    assert TASK.question(varied) == TASK.question(spec)
    return [k + 1 for k, (a, b) in enumerate(zip(_pngs(spec), _pngs(varied))) if a != b]


def _drawable(spec: dict[str, Any]) -> bool:
    return all(in_domain(attr, attribute_value(option, attr), spec["layout"])
               for option in spec["options"] for attr in ("number", "position", "shape", "size", "colour"))


def test_the_candidates_are_the_five_option_images() -> None:
    assert AUDIT.candidates(SIZE_STEP) == [2, 3, 4, 5, 6]


@pytest.mark.parametrize("kind", sorted(HAND_CASES))
def test_answer_set_of_a_valid_item_is_its_label(kind: str) -> None:
    for spec, label in HAND_CASES[kind]:
        assert AUDIT.answer_set(spec) == frozenset({label})


def test_answer_set_lists_every_fitting_option_and_none_when_the_rules_break() -> None:
    two = json.loads(json.dumps(SIZE_STEP))
    two["options"][1]["size"] = 3  # B now has size 3 too
    assert AUDIT.answer_set(two) == frozenset({"B", "D"})
    none = json.loads(json.dumps(SIZE_STEP))
    none["options"][3]["size"] = 4
    assert AUDIT.answer_set(none) == frozenset()
    broken = json.loads(json.dumps(SIZE_STEP))
    broken["panels"][1]["size"] = 4  # row 1 no longer goes up by one
    assert AUDIT.answer_set(broken) == frozenset()


def test_a_distractor_made_to_fit_is_a_second_answer_and_only_its_image_changes() -> None:
    # E is a square of size 3: it takes the circle the constant shape rule asks for
    varied = AUDIT.vary_candidate(SIZE_STEP, 6, random.Random(0))
    assert varied["options"][4] == {**SIZE_STEP["options"][4], "shape": "circle"}
    assert varied["options"][:4] == SIZE_STEP["options"][:4] and varied["panels"] == SIZE_STEP["panels"]
    assert AUDIT.answer_set(varied) == frozenset({SIZE_LABEL, "E"})
    assert _changed_images(SIZE_STEP, varied) == [6]
    # A (size 1) takes size 3
    varied = AUDIT.vary_candidate(SIZE_STEP, 2, random.Random(0))
    assert varied["options"][0]["size"] == 3
    assert AUDIT.answer_set(varied) == frozenset({"A", SIZE_LABEL})
    assert _changed_images(SIZE_STEP, varied) == [2]


def test_a_distractor_wrong_in_two_attributes_takes_both_values() -> None:
    # shape +1 on every row, colour constant (row 3 light grey): the answer is a light-grey hexagon
    spec = make_spec("center", {"shape": prog(1)},
                     {"shape": [TRI, SQ, PENT, SQ, PENT, "hexagon", PENT, "hexagon"], "colour": [0] * 3 + [3] * 3 + [1] * 2},
                     [{"shape": "circle", "colour": 0}, {"shape": "hexagon", "colour": 3}, {"shape": "circle", "colour": 1},
                      {"shape": PENT, "colour": 0}, {"shape": SQ, "colour": 1}])
    assert AUDIT.answer_set(spec) == frozenset({"C"})
    varied = AUDIT.vary_candidate(spec, 5, random.Random(0))
    assert (varied["options"][3]["shape"], varied["options"][3]["colour"]) == ("circle", 1)
    assert AUDIT.answer_set(varied) == frozenset({"C", "D"})
    assert _changed_images(spec, varied) == [5]


def test_the_answer_made_wrong_leaves_no_answer_with_a_value_the_matrix_shows() -> None:
    expected = expected_values(SIZE_STEP)
    shown = {attr: {attribute_value(p, attr) for p in SIZE_STEP["panels"]} for attr in expected}
    seen_changes = set()
    for seed in range(20):
        varied = AUDIT.vary_candidate(SIZE_STEP, 5, random.Random(seed))
        option = varied["options"][3]
        assert not option_satisfies(varied, option, expected)
        assert AUDIT.answer_set(varied) == frozenset()
        wrong = [attr for attr in expected if attribute_value(option, attr) != expected[attr]]
        assert len(wrong) == 1 and attribute_value(option, wrong[0]) in shown[wrong[0]]
        seen_changes.add(wrong[0])
        assert varied["options"][:3] + varied["options"][4:] == SIZE_STEP["options"][:3] + SIZE_STEP["options"][4:]
    assert seen_changes == {"size"}  # the only governed attribute the matrix shows more than one value of
    assert _changed_images(SIZE_STEP, varied) == [5]


def test_the_answer_in_a_grid_moves_to_a_shown_slot_set() -> None:
    # positions move one slot on in reading order: row 3 goes 3 -> 0 -> 1; the answer is A (slot 1)
    spec, label = HAND_CASES["progression"][3]
    varied = AUDIT.vary_candidate(spec, 2, random.Random(3))
    assert AUDIT.answer_set(spec) == frozenset({label}) and AUDIT.answer_set(varied) == frozenset()
    assert tuple(varied["options"][0]["positions"]) in {tuple(p["positions"]) for p in spec["panels"]} - {(1,)}
    assert _changed_images(spec, varied) == [2]


def test_only_option_images_have_counterfactuals() -> None:
    for image in (1, 7):
        with pytest.raises(NoVariation):
            AUDIT.vary_candidate(SIZE_STEP, image, random.Random(0))
    broken = json.loads(json.dumps(SIZE_STEP))
    broken["panels"][1]["size"] = 4
    with pytest.raises(NoVariation):
        AUDIT.vary_candidate(broken, 2, random.Random(0))


@pytest.fixture(scope="module")
def specs() -> list[dict[str, Any]]:
    return [sample_spec(i, base_seed=7) for i in range(40)]


def test_every_option_of_sampled_items_changes_the_answer_set_alone(specs: list[dict[str, Any]]) -> None:
    rng = random.Random(0)
    for spec in specs[:12]:
        label = TASK.solve(spec)
        assert AUDIT.answer_set(spec) == frozenset({label})
        for image in AUDIT.candidates(spec):
            letter = "ABCDE"[image - 2]
            varied = AUDIT.vary_candidate(spec, image, rng)
            assert _drawable(varied)
            fitting = AUDIT.answer_set(varied)
            assert fitting == (frozenset() if letter == label else frozenset({label, letter}))
            assert _changed_images(spec, varied) == [image]


def test_the_necessity_check_finds_every_option_needed(specs: list[dict[str, Any]]) -> None:
    rng = random.Random(1)
    for spec in specs[12:20]:
        result = check_item(TASK, AUDIT, spec, 6, 3, rng)
        assert not result.faults
        assert all(result.necessary[k] for k in AUDIT.candidates(spec))  # the matrix's own variation may miss
