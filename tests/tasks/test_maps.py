"""Maps: directions, route matching, both question types, uniqueness, rendering, balance."""

from __future__ import annotations

import copy
import io
import json
from collections import Counter
from typing import Any

import pytest
from PIL import Image
from task_helpers import sampled_spec

from remibench.generate import Job, make_item
from remibench.items import is_interleaved, tag_problem
from remibench.tasks.base import ConfigError
from remibench.tasks.maps.audit import AUDIT, joined_pairs
from remibench.tasks.maps.drawing import LEGEND_H, NAME_PX, PIN, ROUTE_BLUE, MapLayout
from remibench.tasks.maps.icons import END_RED, START_GREEN
from remibench.tasks.maps.routes import (
    RouteError,
    composing_pairs,
    count_turns,
    directions,
    directions_text,
    follow_directions,
    manhattan,
)
from remibench.tasks.maps.shorter import shorter_problem, solve_shorter
from remibench.tasks.maps.task import TASK, MapsConfig, route_pair_problem, solve_route_pair

V = ["A St", "B St", "C St", "D St", "E St"]
H = ["P St", "Q St", "R St", "S St", "T St"]
GRID = {"n": 5, "vertical": V, "horizontal": H}

# C/T north to C/Q, east to E/Q, north to E/P
ROUTE_1 = [(2, 4), (2, 3), (2, 2), (2, 1), (3, 1), (4, 1), (4, 0)]
# A/P east to C/P, south to C/R, east to E/R
ROUTE_2 = [(0, 0), (1, 0), (2, 0), (2, 1), (2, 2), (3, 2), (4, 2)]


def pair_spec(route: list[tuple[int, int]], pieces: list[list[tuple[int, int]]], style: str = "names") -> dict[str, Any]:
    return {
        "qtype": "route_pair",
        "grid": GRID,
        "icons": [{"kind": "coffee", "node": [1, 1], "corner": "se"}],
        "start": list(route[0]),
        "end": list(route[-1]),
        "route": [list(v) for v in route],
        "images": [{"name": "ABCD"[i], "path": [list(v) for v in p]} for i, p in enumerate(pieces)],
        "decoy_style": "same_join",
        "direction_style": style,
        "template": 0,
    }


# four routes from (0,4) to (3,2), 5 blocks apart; each turns twice
SHORT_5 = [(0, 4), (1, 4), (1, 3), (1, 2), (2, 2), (3, 2)]                                  # 5 blocks
OTHER_5 = [(0, 4), (0, 3), (1, 3), (2, 3), (3, 3), (3, 2)]                                  # 5 blocks
DETOUR_7 = [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4), (4, 3), (4, 2), (3, 2)]                # 7: one block past
DETOUR_9 = [(0, 4), (0, 3), (0, 2), (0, 1), (0, 0), (1, 0), (2, 0), (3, 0), (3, 1), (3, 2)]  # 9: up and back
STRAIGHT_7 = [(0, 4), (0, 3), (0, 2), (0, 1), (1, 1), (2, 1), (3, 1), (3, 2)]             # 7: one block past


def shorter_spec(paths: list[list[tuple[int, int]]]) -> dict[str, Any]:
    return {
        "qtype": "shorter", "grid": GRID, "icons": [], "start": [0, 4], "end": [3, 2],
        "images": [{"name": "ABCD"[i], "path": [list(v) for v in p]} for i, p in enumerate(paths)],
        "template": 1,
    }


def sample_spec(config: MapsConfig, index: int, base_seed: int = 0) -> dict[str, Any]:
    """A spec as make_item would draw it, without rendering."""
    return sampled_spec("Maps", index, base_seed, **config.to_dict())


# ---------------------------------------------------------------- directions

def test_directions_of_hand_written_routes() -> None:
    steps = directions(ROUTE_1, V, H)
    assert [(s["action"], s["heading"], s["street"], s["blocks"]) for s in steps] == [
        ("head", "north", "C St", 3), ("right", "east", "Q St", 2), ("left", "north", "E St", 1)]
    assert directions_text(steps, "names") == (
        "Head north on C St. Turn right onto Q St. Turn left onto E St. "
        "Continue for 1 block to arrive at your destination.")
    assert directions_text(steps, "counts") == (
        "Head north on C St for 3 blocks. Turn right onto Q St and continue for 2 blocks. Turn left onto E St. "
        "Continue for 1 block to arrive at your destination.")

    steps = directions(ROUTE_2, V, H)
    assert directions_text(steps, "counts") == (
        "Head east on P St for 2 blocks. Turn right onto C St and continue for 2 blocks. Turn left onto R St. "
        "Continue for 2 blocks to arrive at your destination.")

    west_then_south = [(4, 3), (3, 3), (2, 3), (1, 3), (1, 4)]
    assert directions_text(directions(west_then_south, V, H), "names") == (
        "Head west on S St. Turn left onto B St. Continue for 1 block to arrive at your destination.")
    straight = [(1, 2), (1, 1), (1, 0)]
    assert directions_text(directions(straight, V, H), "names") == (
        "Head north on B St. Continue for 2 blocks to arrive at your destination.")


@pytest.mark.parametrize("route", [ROUTE_1, ROUTE_2, [(4, 3), (3, 3), (2, 3), (1, 3), (1, 4)]])
def test_directions_trace_back_to_the_route(route: list[tuple[int, int]]) -> None:
    assert follow_directions(route[0], directions(route, V, H), 5, V, H) == route


def test_bad_routes_and_inconsistent_directions_raise() -> None:
    with pytest.raises(RouteError):
        directions([(0, 0), (1, 1)], V, H)  # diagonal move
    with pytest.raises(RouteError):
        directions([(0, 0), (1, 0), (0, 0)], V, H)  # U-turn
    steps = directions(ROUTE_1, V, H)
    steps[0]["blocks"] = 2  # the words say Q St, which is 3 blocks north
    with pytest.raises(RouteError):
        follow_directions(ROUTE_1[0], steps, 5, V, H)
    with pytest.raises(RouteError):
        follow_directions((1, 4), directions(ROUTE_1, V, H), 5, V, H)  # not on C St


# ---------------------------------------------------------------- route_pair solver

ROUTE_PAIR_CASES = [
    # first half D (to C/R), second half B (drawn backwards); A wanders off, C reaches the end another way
    (ROUTE_1, [[(2, 4), (1, 4), (1, 3), (1, 2)], ROUTE_1[2:][::-1], [(2, 2), (3, 2), (4, 2), (4, 1), (4, 0)],
               ROUTE_1[:3]], "D,B"),
    # split at D/Q: B is another way to D/Q, C another way from it to the end
    (ROUTE_1, [ROUTE_1[:5], [(2, 4), (3, 4), (3, 3), (3, 2), (3, 1)], [(3, 1), (3, 0), (4, 0)], ROUTE_1[4:]], "A,D"),
    # split at C/Q
    (ROUTE_2, [ROUTE_2[3:][::-1], [(0, 0), (0, 1), (1, 1), (2, 1)], ROUTE_2[:4], [(2, 1), (3, 1), (4, 1), (4, 2)]], "C,A"),
]


@pytest.mark.parametrize("route, pieces, label", ROUTE_PAIR_CASES)
def test_route_pair_solver_on_hand_written_specs(route: list, pieces: list, label: str) -> None:
    spec = pair_spec(route, pieces)
    assert route_pair_problem(spec) is None
    assert solve_route_pair(spec) == label
    assert TASK.solve(json.loads(json.dumps(spec))) == label


def test_uniqueness_check_rejects_ambiguous_specs() -> None:
    two_splits = pair_spec(ROUTE_1, [ROUTE_1[:3], ROUTE_1[2:], ROUTE_1[:4], ROUTE_1[3:]])
    assert composing_pairs(ROUTE_1, [ROUTE_1[:3], ROUTE_1[2:], ROUTE_1[:4], ROUTE_1[3:]]) == [(0, 1), (2, 3)]
    assert "2 ordered pairs" in route_pair_problem(two_splits)
    with pytest.raises(ValueError):
        TASK.solve(two_splits)

    overlap = pair_spec(ROUTE_1, [ROUTE_1[:3], ROUTE_1[2:], ROUTE_1[:5], [(0, 0), (0, 1), (0, 2)]])
    assert "covers" in route_pair_problem(overlap)  # C then B overlap yet cover the route

    duplicate = pair_spec(ROUTE_1, [ROUTE_1[:3], ROUTE_1[2:], ROUTE_1[2:][::-1], [(0, 0), (0, 1), (0, 2)]])
    assert "same partial route" in route_pair_problem(duplicate)

    none_fit = pair_spec(ROUTE_1, [ROUTE_1[:3], ROUTE_1[3:], [(0, 0), (0, 1)], [(1, 0), (1, 1)]])
    assert "0 ordered pairs" in route_pair_problem(none_fit)

    wrong_pin = pair_spec(ROUTE_1, ROUTE_PAIR_CASES[0][1])
    wrong_pin["start"] = [0, 4]
    assert "pin" in route_pair_problem(wrong_pin)


def test_route_pair_question_holds_the_directions() -> None:
    spec = pair_spec(ROUTE_1, ROUTE_PAIR_CASES[0][1], style="counts")
    question = TASK.question(spec)
    assert "Head north on C St for 3 blocks. Turn right onto Q St and continue for 2 blocks." in question
    assert tag_problem(question, 4) is None and is_interleaved(question)


# ---------------------------------------------------------------- shorter solver

@pytest.mark.parametrize("paths, label", [
    ([DETOUR_7, SHORT_5, DETOUR_9, STRAIGHT_7], "B"),
    ([DETOUR_9, DETOUR_7, STRAIGHT_7, OTHER_5], "D"),
    ([SHORT_5, DETOUR_7, STRAIGHT_7, DETOUR_9], "A"),
    ([SHORT_5, DETOUR_7, OTHER_5, DETOUR_9], "Equal"),
])
def test_shorter_solver_on_hand_written_specs(paths: list, label: str) -> None:
    spec = shorter_spec(paths)
    assert solve_shorter(spec) == label
    question = TASK.question(spec)
    assert "Equal" in question and tag_problem(question, 4) is None


def test_shorter_problem_rules() -> None:
    assert shorter_problem(shorter_spec([DETOUR_7, SHORT_5, DETOUR_9, STRAIGHT_7])) is None
    straight_7 = STRAIGHT_7
    wiggle_7 = [(0, 4), (0, 3), (1, 3), (2, 3), (3, 3), (4, 3), (4, 2), (3, 2)]    # 7 blocks, 3 turns
    assert "same length" in shorter_problem(shorter_spec([DETOUR_7, SHORT_5, straight_7, wiggle_7]))
    assert "same route" in shorter_problem(shorter_spec([DETOUR_7, SHORT_5, DETOUR_9, DETOUR_7[::-1]]))
    one_turn = [(0, 4), (1, 4), (2, 4), (3, 4), (3, 3), (3, 2)]
    assert "turn" in shorter_problem(shorter_spec([one_turn, SHORT_5, DETOUR_9, DETOUR_7]))


def test_shorter_solver_refuses_a_route_off_the_pins() -> None:
    spec = shorter_spec([DETOUR_7, SHORT_5, DETOUR_9, STRAIGHT_7])
    spec["images"][2]["path"] = spec["images"][2]["path"][:-1]
    with pytest.raises(ValueError):
        solve_shorter(spec)


# ---------------------------------------------------------------- generated items

def test_same_job_same_item_and_other_seed_differs() -> None:
    job = Job("Maps", "test", 5, 21, {})
    first, second = make_item(job), make_item(job)
    assert first == second and first.images == second.images
    assert make_item(Job("Maps", "test", 5, 22, {})).metadata["spec"] != first.metadata["spec"]


def test_items_round_trip_through_json_and_have_four_tagged_images() -> None:
    seen = set()
    for index in range(12):
        item = make_item(Job("Maps", "test", index, 4, {}))
        spec = json.loads(json.dumps(item.metadata["spec"]))
        seen.add(spec["qtype"])
        assert TASK.question(spec) == item.question
        assert TASK.solve(spec) == item.label
        assert item.n_images == 4 and tag_problem(item.question, 4) is None and is_interleaved(item.question)
        if spec["qtype"] == "route_pair":
            assert route_pair_problem(spec) is None
            assert len(item.label.split(",")) == 2 and " " not in item.label
    assert seen == {"route_pair", "shorter"}


def test_labels_are_exactly_balanced_over_all_17_classes() -> None:
    config = MapsConfig()
    labels = Counter(TASK.solve(sample_spec(config, i, base_seed=3)) for i in range(85))
    assert len(labels) == 17 and set(labels.values()) == {5}, labels
    assert {"A", "B", "C", "D", "Equal", "D,B", "B,D"} <= set(labels)


def test_route_pair_only_balances_the_12_ordered_pairs() -> None:
    config = MapsConfig(question_types=["route_pair"])
    labels = Counter(TASK.solve(sample_spec(config, i, base_seed=5)) for i in range(24))
    assert len(labels) == 12 and set(labels.values()) == {2}, labels


def test_pins_joins_opening_and_turns_leave_three_pairs() -> None:
    """Three pieces leave the start pin the same way and meet the one end piece at a junction; every
    start-then-end combination is a shortest route with the same last instruction and as many turns as
    the directions, so three candidate pairs remain and only the directions' middle decides."""
    config = MapsConfig(question_types=["route_pair"])
    for index in range(24):
        spec = sample_spec(config, index, base_seed=8)
        view = AUDIT.view(spec)
        route = [tuple(v) for v in spec["route"]]
        assert len(route) - 1 == manhattan(route[0], route[-1])  # no detour
        pairs = joined_pairs(view)
        assert len(pairs) == 3 and len({j for _, j, _ in pairs}) == 1
        assert TASK.solve(spec) in AUDIT.options(spec) and len(AUDIT.options(spec)) == 3
        steps = view.seen["steps"]
        for _, _, whole in pairs:
            assert len(whole) == len(route)
            assert count_turns(whole) == len(steps) - 1
            mine = directions(whole, spec["grid"]["vertical"], spec["grid"]["horizontal"])
            assert (mine[0]["heading"], mine[0]["street"]) == (steps[0]["heading"], steps[0]["street"])
            assert mine[-1] == steps[-1]


def test_street_names_cannot_be_read_as_image_letters() -> None:
    for index in range(30):
        spec = sample_spec(MapsConfig(), index, base_seed=6)
        for name in spec["grid"]["vertical"] + spec["grid"]["horizontal"]:
            assert len(name.split()[0]) > 1, name


def test_shorter_items_turn_equally_and_keep_a_unique_runner_up() -> None:
    config = MapsConfig(question_types=["shorter"])
    for index in range(20):
        spec = sample_spec(config, index, base_seed=7)
        assert shorter_problem(spec) is None
        paths = [[tuple(v) for v in image["path"]] for image in spec["images"]]
        blocks = sorted(len(p) - 1 for p in paths)
        assert len({count_turns(p) for p in paths}) == 1
        if TASK.solve(spec) == "Equal":
            assert blocks[0] == blocks[1] > manhattan(tuple(spec["start"]), tuple(spec["end"]))
        else:
            assert blocks[0] < blocks[1] < blocks[2]


@pytest.mark.parametrize("overrides", [{"grid_size": 6, "max_blocks": 10},
                                       {"question_types": ["route_pair"], "direction_styles": ["counts"],
                                        "max_turns": 6, "min_blocks": 8},
                                       {"question_types": ["shorter"], "max_length_gap": 4, "grid_size": 4}])
def test_knobs_give_valid_items(overrides: dict[str, Any]) -> None:
    config = MapsConfig.from_dict(overrides)
    for index in range(6):
        spec = sample_spec(config, index, base_seed=2)
        assert spec["grid"]["n"] == config.grid_size
        label = TASK.solve(copy.deepcopy(spec))
        if spec["qtype"] == "route_pair":
            assert route_pair_problem(spec) is None and len(spec["route"]) - 1 <= config.max_blocks
        else:
            assert label in "ABCD" or label == "Equal"


def test_invalid_knobs_are_refused() -> None:
    for bad in ({"grid_size": 7}, {"max_length_gap": 2}, {"max_detour": 0}, {"question_types": ["maze"]},
                {"min_blocks": 9, "max_blocks": 8}, {"street_names": ["letters"]}, {"min_blocks": 6},
                {"max_turns": 4}, {"direction_styles": ["counts"]}, {"grid_size": 4}):
        with pytest.raises(ConfigError):
            MapsConfig.from_dict(bad)


# ---------------------------------------------------------------- rendering

def _rgb_near(pixel: tuple[int, int, int], colour: tuple[int, int, int], tol: int = 40) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(pixel, colour))


def test_images_show_one_map_with_each_route_in_blue_and_both_pins() -> None:
    item = make_item(Job("Maps", "test", 0, 9, {}))
    spec = item.metadata["spec"]
    layout = MapLayout(spec["grid"]["n"])
    images = [Image.open(io.BytesIO(data)).convert("RGB") for data in item.images]
    assert NAME_PX >= 14
    for image, panel in zip(images, spec["images"]):
        assert image.size == (600, layout.height) and 600 <= layout.height <= 800
        path = panel["path"]
        for a, b in zip(path, path[1:]):  # the middle of every block of the route is blue
            (xa, ya), (xb, yb) = layout.xy(a), layout.xy(b)
            assert _rgb_near(image.getpixel((round((xa + xb) / 2), round((ya + yb) / 2))), ROUTE_BLUE)
        for node, colour in ((spec["start"], START_GREEN), (spec["end"], END_RED)):
            x, y = layout.xy(node)
            assert _rgb_near(image.getpixel((round(x), round(y - PIN * 0.62 - 9))), colour)
    legend_box = (0, layout.height - LEGEND_H + 4, 600, layout.height)
    assert len({im.crop(legend_box).tobytes() for im in images}) == 1  # same map and legend everywhere
    assert len({im.tobytes() for im in images}) == 4  # but four different routes
