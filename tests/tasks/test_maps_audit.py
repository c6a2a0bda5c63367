"""Maps audit hooks: the view, the guessers on a hand-built item, and fair one-part variations."""

from __future__ import annotations

import copy
import random
from typing import Any

from remibench.audit.base import NoVariation
from remibench.tasks.maps.audit import (
    AUDIT,
    first_and_last_instruction,
    joined_pairs,
    pins_and_join,
    shortest_combined,
    touching_pins,
    unique_join,
)
from remibench.tasks.maps.task import TASK, route_pair_problem

V = ["Oak St", "Elm St", "Pine St", "Ash St", "Fir St"]
H = ["Main St", "Park St", "Lake St", "Hill St", "Mill St"]
START_A = [(0, 4), (1, 4), (1, 3), (2, 3)]          # both start pieces head east on Mill St
START_B = [(0, 4), (1, 4), (2, 4), (2, 3)]
END_A = [(2, 3), (2, 2), (3, 2), (4, 2), (4, 1)]    # both end pieces turn onto Fir St for one block
END_B = [(2, 3), (3, 3), (3, 2), (4, 2), (4, 1)]


def pair_item(route: list[tuple[int, int]]) -> dict[str, Any]:
    """A: END_B, B: START_A, C: END_A (drawn backwards), D: START_B; all four meet at Pine/Hill."""
    pieces = [END_B, START_A, END_A[::-1], START_B]
    return {"qtype": "route_pair", "grid": {"n": 5, "vertical": V, "horizontal": H}, "icons": [],
            "start": [0, 4], "end": [4, 1], "route": [list(v) for v in route],
            "images": [{"name": "ABCD"[i], "path": [list(v) for v in p]} for i, p in enumerate(pieces)],
            "direction_style": "names", "template": 0}


def test_each_joined_route_is_its_own_answer() -> None:
    for head, tail, label in ((START_A, END_A, "B,C"), (START_B, END_B, "D,A"), (START_A, END_B, "B,A"),
                              (START_B, END_A, "D,C")):
        spec = pair_item(head + tail[1:])
        assert route_pair_problem(spec) is None
        assert TASK.solve(spec) == label


def test_the_view_shows_the_directions_but_no_answer() -> None:
    spec = pair_item(START_A + END_A[1:])
    view = AUDIT.view(spec)
    # the options are the pairs the question admits: a first piece leaving the start pin, a second going on
    # from where it ends to the destination
    assert view.options == ("B,A", "B,C", "D,A", "D,C")
    assert "route" not in view.seen and view.seen["steps"][0]["street"] == "Mill St"
    assert len(joined_pairs(view)) == 4


def test_pin_and_join_tricks_cannot_single_out_the_pair() -> None:
    answers = set()
    for head, tail in ((START_A, END_A), (START_B, END_B), (START_A, END_B), (START_B, END_A)):
        view = AUDIT.view(pair_item(head + tail[1:]))
        assert unique_join(view) is None
        answers.add((pins_and_join(view), touching_pins(view), first_and_last_instruction(view), shortest_combined(view)))
    assert len(answers) == 1  # the tricks give the same pair whatever the directions say


def test_text_variation_describes_another_pair_and_keeps_the_images() -> None:
    spec = pair_item(START_A + END_A[1:])
    varied = AUDIT.vary(spec, "text", random.Random(1))
    assert varied["images"] == spec["images"] and TASK.solve(varied) != TASK.solve(spec)
    assert TASK.question(varied) != TASK.question(spec)


def test_shorter_variation_changes_one_route_and_can_change_the_answer() -> None:
    from remibench.generate import Job, draw

    spec = draw(Job("Maps", "test", 0, 3, {"question_types": ["shorter"]}), render=False).spec
    label = TASK.solve(spec)
    rng = random.Random(0)
    for k in range(1, 5):
        changed = False
        for _ in range(16):
            try:
                varied = AUDIT.vary(copy.deepcopy(spec), k, rng)
            except NoVariation:
                continue
            others = [i for i in range(4) if i != k - 1]
            assert [varied["images"][i] for i in others] == [spec["images"][i] for i in others]
            changed = changed or TASK.solve(varied) != label
        assert changed, k


# ---------------------------------------------------------------- candidate counterfactuals

def _only_image_changed(spec: dict[str, Any], varied: dict[str, Any], k: int, before: list[bytes]) -> None:
    assert {key: v for key, v in varied.items() if key != "images"} == {key: v for key, v in spec.items() if key != "images"}
    assert TASK.question(varied) == TASK.question(spec)
    after = [image.tobytes() for image in TASK.render(varied)]
    for i in range(4):
        same = before[i] == after[i]
        assert same == (i != k - 1), (k, i)
        if i != k - 1:
            assert varied["images"][i] == spec["images"][i]


def test_answer_set_of_a_valid_item_is_its_label() -> None:
    for head, tail in ((START_A, END_A), (START_B, END_B), (START_A, END_B), (START_B, END_A)):
        spec = pair_item(head + tail[1:])
        assert AUDIT.candidates(spec) == [1, 2, 3, 4]
        assert AUDIT.answer_set(spec) == frozenset({TASK.solve(spec)})


def test_answer_set_lists_every_pair_without_the_uniqueness_check() -> None:
    spec = pair_item(START_A + END_A[1:])
    spec["images"][3]["path"] = [list(v) for v in END_A]  # D now repeats C: two pairs make the route
    assert route_pair_problem(spec) is not None
    assert AUDIT.answer_set(spec) == frozenset({"B,C", "B,D"})


def test_a_decoy_redrawn_as_the_missing_part_makes_a_second_answer() -> None:
    spec = pair_item(START_A + END_A[1:])  # answer B,C; A and D are decoys
    rng, before = random.Random(0), [image.tobytes() for image in TASK.render(spec)]
    for k in (1, 4):
        for _ in range(3):
            varied = AUDIT.vary_candidate(spec, k, rng)
            answers = AUDIT.answer_set(varied)
            assert "B,C" in answers and len(answers) == 2 and any("ABCD"[k - 1] in a for a in answers)
            _only_image_changed(spec, varied, k, before)


def test_a_true_piece_redrawn_stops_the_pair_from_making_the_route() -> None:
    spec = pair_item(START_A + END_A[1:])
    rng, before = random.Random(0), [image.tobytes() for image in TASK.render(spec)]
    for k in (2, 3):
        for _ in range(3):
            varied = AUDIT.vary_candidate(spec, k, rng)
            assert "B,C" not in AUDIT.answer_set(varied)
            _only_image_changed(spec, varied, k, before)


def test_a_straight_true_piece_is_shifted() -> None:
    route = [(0, 4), (1, 4), (2, 4), (2, 3), (2, 2), (3, 2), (4, 2), (4, 1)]
    spec = pair_item(route)
    spec["images"][1]["path"] = [[0, 4], [1, 4], [2, 4]]  # B: a straight run, one way between its ends
    spec["images"][2]["path"] = [list(v) for v in route[2:]]
    assert AUDIT.answer_set(spec) == frozenset({"B,C"})
    varied = AUDIT.vary_candidate(spec, 2, random.Random(0))
    assert AUDIT.answer_set(varied) == frozenset()
    _only_image_changed(spec, varied, 2, [image.tobytes() for image in TASK.render(spec)])


def test_shorter_items_have_no_candidates() -> None:
    from remibench.generate import Job, draw

    spec = draw(Job("Maps", "test", 0, 3, {"question_types": ["shorter"]}), render=False).spec
    assert AUDIT.candidates(spec) == []


def test_drawn_pair_items_have_every_piece_needed_as_a_candidate() -> None:
    from remibench.generate import Job, draw

    rng = random.Random(0)
    for index in range(2):
        spec = draw(Job("Maps", "test", index, 3, {"question_types": ["route_pair"]}), render=False).spec
        assert AUDIT.answer_set(spec) == frozenset({TASK.solve(spec)})
        before = [image.tobytes() for image in TASK.render(spec)]
        for k in AUDIT.candidates(spec):
            varied = AUDIT.vary_candidate(spec, k, rng)
            assert AUDIT.answer_set(varied) != AUDIT.answer_set(spec)
            _only_image_changed(spec, varied, k, before)
