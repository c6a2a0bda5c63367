"""IQ: the rule solver on hand-made matrices, the sampler's guarantees and the rendered images."""

from __future__ import annotations

import io
import json
import math
import random
from collections import Counter
from typing import Any

import pytest
from PIL import Image
from task_helpers import sampled_spec

from remibench.audit.base import NoVariation
from remibench.generate import Job, make_item
from remibench.items import tag_problem
from remibench.tasks.base import ConfigError, Rejected
from remibench.tasks.iq.audit import AUDIT
from remibench.tasks.iq.options import balanced_subsets
from remibench.tasks.iq.rules import (
    ATTRIBUTES,
    attribute_value,
    expected_values,
    panel_key,
    plausible_answers,
    satisfying_options,
)
from remibench.tasks.iq.task import TASK, TEMPLATES, IQConfig, _check_unambiguous, check_rows

TRI, SQ, PENT, HEX, CIRC = "triangle", "square", "pentagon", "hexagon", "circle"
BASE: dict[str, Any] = {"positions": [0], "shape": CIRC, "size": 2, "colour": 0}


def make_spec(layout: str, rules: dict[str, dict[str, Any]], shown: dict[str, list[Any]],
              options: list[dict[str, Any]]) -> dict[str, Any]:
    """A spec from per-attribute values of the eight shown panels; unnamed attributes keep BASE."""
    panels = [{**BASE, **{attr: values[i] for attr, values in shown.items()}} for i in range(8)]
    return {"template": 0, "layout": layout,
            "rules": {**{attr: {"kind": "constant"} for attr in ATTRIBUTES}, **rules},
            "panels": panels, "options": [{**BASE, **option} for option in options]}


def prog(step: int) -> dict[str, Any]:
    return {"kind": "progression", "step": step}


def arith(op: str) -> dict[str, Any]:
    return {"kind": "arithmetic", "op": op}


D3 = {"kind": "distribute_three"}
FREE = {"kind": "free"}

# (spec, label worked out by hand)
HAND_CASES: dict[str, list[tuple[dict[str, Any], str]]] = {
    "constant": [
        # shape constant along rows: row 3 is hexagons
        (make_spec("center", {}, {"shape": [TRI] * 3 + [SQ] * 3 + [HEX] * 2},
                   [{"shape": TRI}, {"shape": SQ}, {"shape": HEX}, {"shape": PENT}, {"shape": CIRC}]), "C"),
        # colour constant (black row 2, dark grey row 3); E has the right colour but a wrong size
        (make_spec("center", {}, {"colour": [0] * 3 + [3] * 3 + [2] * 2},
                   [{"colour": 3}, {"colour": 2}, {"colour": 1}, {"colour": 0}, {"colour": 2, "size": 3}]), "B"),
        # positions constant in a 2x2 grid: row 3 always uses slots 0, 1, 2
        (make_spec("2x2", {}, {"positions": [[0, 3]] * 3 + [[1]] * 3 + [[0, 1, 2]] * 2},
                   [{"positions": [0, 1, 2], "shape": SQ}, {"positions": [0, 1]}, {"positions": [1, 2, 3]},
                    {"positions": [0, 1, 2, 3]}, {"positions": [0, 1, 2]}]), "E"),
    ],
    "progression": [
        # shape +1: triangle, square, pentagon, hexagon, circle
        (make_spec("center", {"shape": prog(1)}, {"shape": [TRI, SQ, PENT, SQ, PENT, HEX, PENT, HEX]},
                   [{"shape": HEX}, {"shape": CIRC}, {"shape": PENT}, {"shape": SQ}, {"shape": TRI}]), "B"),
        # number -1 in a 3x3 grid with free positions: 3, 2 -> 1 entity
        (make_spec("3x3", {"number": prog(-1), "position": FREE},
                   {"positions": [[0, 1, 2, 3, 4], [1, 5, 7, 8], [0, 4, 8], list(range(9)), [0, 1, 2, 3, 4, 5, 6, 7],
                                  [1, 2, 3, 4, 5, 6, 7], [2, 4, 6], [3, 8]]},
                   [{"positions": [4, 5]}, {"positions": [0, 2, 7]}, {"positions": [6], "colour": 1},
                    {"positions": [1, 3, 4, 8]}, {"positions": [6]}]), "E"),
        # size +1: 1, 2, 3 / 2, 3, 4 / 1, 2 -> 3
        (make_spec("center", {"size": prog(1)}, {"size": [1, 2, 3, 2, 3, 4, 1, 2]},
                   [{"size": 1}, {"size": 2}, {"size": 4}, {"size": 3}, {"size": 3, "shape": SQ}]), "D"),
        # positions move one slot on in reading order: row 3 goes 3 -> 0 -> 1
        (make_spec("2x2", {"position": prog(1), "number": FREE},
                   {"positions": [[0], [1], [2], [0, 1], [1, 2], [2, 3], [3], [0]]},
                   [{"positions": [1]}, {"positions": [2]}, {"positions": [0]}, {"positions": [3]},
                    {"positions": [0, 1]}]), "A"),
        # colour -1 (darker to lighter): 2 -> 1 -> 0
        (make_spec("center", {"colour": prog(-1)}, {"colour": [3, 2, 1, 2, 1, 0, 3, 2]},
                   [{"colour": 0}, {"colour": 2}, {"colour": 1, "size": 1}, {"colour": 3}, {"colour": 1}]), "E"),
    ],
    "arithmetic": [
        # number: third = first + second (1 + 1 = 2)
        (make_spec("2x2", {"number": arith("add"), "position": FREE},
                   {"positions": [[3], [0, 2], [0, 1, 3], [1, 2], [0, 3], [0, 1, 2, 3], [2], [1]]},
                   [{"positions": [0]}, {"positions": [0, 1, 2]}, {"positions": [1, 3]}, {"positions": [0, 1, 2, 3]},
                    {"positions": [2, 3], "shape": TRI}]), "C"),
        # number: third = first - second (7 - 3 = 4)
        (make_spec("3x3", {"number": arith("sub"), "position": FREE},
                   {"positions": [list(range(9)), [0, 1, 2, 3], [4, 5, 6, 7, 8], [0, 1, 2, 3, 4, 5], [8],
                                  [1, 2, 3, 4, 5], [0, 1, 2, 4, 5, 6, 8], [3, 4, 7]]},
                   [{"positions": [0, 1, 2]}, {"positions": [2, 4, 6, 8]}, {"positions": [0, 2, 6, 8], "size": 3},
                    {"positions": [0, 1, 2, 3, 4]}, {"positions": [1]}]), "B"),
        # size: widths add up (1 + 1 = 2)
        (make_spec("center", {"size": arith("add")}, {"size": [1, 2, 3, 2, 2, 4, 1, 1]},
                   [{"size": 3}, {"size": 1}, {"size": 4}, {"size": 2, "colour": 3}, {"size": 2}]), "E"),
        # size: 4 - 2 = 2
        (make_spec("center", {"size": arith("sub")}, {"size": [4, 1, 3, 3, 2, 1, 4, 2]},
                   [{"size": 2}, {"size": 1}, {"size": 3}, {"size": 4}, {"size": 2, "shape": HEX}]), "A"),
        # positions: third = union of the first two
        (make_spec("2x2", {"position": arith("add"), "number": FREE},
                   {"positions": [[0], [1], [0, 1], [2], [0, 3], [0, 2, 3], [1], [2]]},
                   [{"positions": [1, 2, 3]}, {"positions": [1, 2]}, {"positions": [1]}, {"positions": [2]},
                    {"positions": [0, 3]}]), "B"),
    ],
    "distribute_three": [
        # shapes: each row holds triangle, square, circle
        (make_spec("center", {"shape": D3}, {"shape": [TRI, SQ, CIRC, SQ, CIRC, TRI, CIRC, TRI]},
                   [{"shape": CIRC}, {"shape": TRI}, {"shape": PENT}, {"shape": SQ}, {"shape": HEX}]), "D"),
        # colours: each row holds white, light grey, black
        (make_spec("center", {"colour": D3}, {"colour": [0, 1, 3, 3, 0, 1, 1, 3]},
                   [{"colour": 1}, {"colour": 3}, {"colour": 2}, {"colour": 0, "size": 4}, {"colour": 0}]), "E"),
        # numbers 2, 5, 7 in every row of a 3x3 grid
        (make_spec("3x3", {"number": D3, "position": FREE},
                   {"positions": [[0, 8], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6, 8], [4, 6],
                                  [2, 3, 5, 7, 8], [0, 2, 4, 6, 8], [1, 2, 3, 4, 5, 6, 7]]},
                   [{"positions": [3, 5]}, {"positions": [1, 2, 3]}, {"positions": [5]}, {"positions": [0, 1, 2, 3]},
                    {"positions": [0, 1, 2, 3, 4]}]), "A"),
        # position sets {0,1}, {2,3}, {0,3} in every row of a 2x2 grid
        (make_spec("2x2", {"position": D3, "number": FREE},
                   {"positions": [[0, 1], [2, 3], [0, 3], [2, 3], [0, 3], [0, 1], [0, 3], [0, 1]]},
                   [{"positions": [0, 1]}, {"positions": [2, 3]}, {"positions": [0, 3]}, {"positions": [1, 2]},
                    {"positions": [2]}]), "B"),
    ],
}


@pytest.mark.parametrize("kind", sorted(HAND_CASES))
def test_solver_on_hand_made_matrices(kind: str) -> None:
    cases = HAND_CASES[kind]
    assert len(cases) >= 3
    for spec, label in cases:
        assert TASK.solve(spec) == label
        assert TASK.solve(json.loads(json.dumps(spec))) == label


def test_solver_follows_the_options_not_a_stored_answer() -> None:
    spec, label = HAND_CASES["progression"][0]
    assert "answer" not in json.dumps(spec)
    index = "ABCDE".index(label)
    swapped = json.loads(json.dumps(spec))
    swapped["options"][0], swapped["options"][index] = swapped["options"][index], swapped["options"][0]
    assert TASK.solve(swapped) == "A"


def test_solver_refuses_broken_specs() -> None:
    spec, _ = HAND_CASES["constant"][0]
    two_valid = json.loads(json.dumps(spec))
    two_valid["options"][0] = {**two_valid["options"][2], "positions": [0]}
    with pytest.raises(ValueError):
        TASK.solve(two_valid)
    none_valid = json.loads(json.dumps(spec))
    none_valid["options"][2]["shape"] = PENT
    none_valid["options"][2]["size"] = 4
    with pytest.raises(ValueError):
        TASK.solve(none_valid)
    rule_broken = json.loads(json.dumps(spec))
    rule_broken["panels"][1]["shape"] = SQ  # row 1 is no longer constant
    with pytest.raises(ValueError):
        TASK.solve(rule_broken)


def test_ambiguous_matrix_is_rejected() -> None:
    # numbers 1,2,3 / 1,2,3 / 2,3,? fit progression (4), distribute-three (1) and addition (5)
    counts = [1, 2, 3, 1, 2, 3, 2, 3, 4]
    panels = [{**BASE, "positions": list(range(n))} for n in counts]
    with pytest.raises(Rejected):
        _check_unambiguous("3x3", panels)
    counts = [1, 2, 3, 3, 4, 5, 2, 3, 4]  # only progression +1 fits
    _check_unambiguous("3x3", [{**BASE, "positions": list(range(n))} for n in counts])


# ---------------------------------------------------------------- sampled items

def sample_spec(index: int, config: IQConfig | None = None, base_seed: int = 0) -> dict[str, Any]:
    """What make_item samples, without rendering."""
    return sampled_spec("IQ", index, base_seed, **(config or IQConfig()).to_dict())


@pytest.fixture(scope="module")
def specs() -> list[dict[str, Any]]:
    return [sample_spec(i, base_seed=4) for i in range(200)]


def test_labels_are_exactly_balanced(specs: list[dict[str, Any]]) -> None:
    labels = Counter(TASK.solve(s) for s in specs)
    assert labels == Counter({letter: 40 for letter in "ABCDE"})


def test_exactly_one_option_fits_and_options_draw_differently(specs: list[dict[str, Any]]) -> None:
    for spec in specs:
        assert len(satisfying_options(spec)) == 1
        assert len({panel_key(o) for o in spec["options"]}) == 5
        assert len(spec["panels"]) == 8


def test_no_other_reading_of_rows_or_columns_gives_another_answer(specs: list[dict[str, Any]]) -> None:
    for spec in specs:
        answer = spec["options"]["ABCDE".index(TASK.solve(spec))]
        expected = expected_values(spec)
        attrs = ATTRIBUTES if spec["layout"] != "center" else ATTRIBUTES[2:]
        for attr in attrs:
            values = [attribute_value(p, attr) for p in spec["panels"]]
            for by in ("row", "col"):
                readings = plausible_answers(attr, values, spec["layout"], by)
                if attr in expected:
                    assert readings <= {expected[attr]}, (attr, by, spec)
                else:  # a free attribute some reading pins down: the answer agrees with it
                    assert readings <= {attribute_value(answer, attr)}, (attr, by, spec)


def test_distractor_values_are_balanced(specs: list[dict[str, Any]]) -> None:
    differing = Counter()
    for spec in specs:
        free_positions = spec["rules"]["position"]["kind"] == "free"
        checked = ["shape", "size", "colour", "number" if free_positions else "position"]
        n_differ = 0
        for attr in checked:
            counts = Counter(attribute_value(o, attr) for o in spec["options"]).values()
            k = len(counts)
            assert set(counts) <= {5 // k, math.ceil(5 / k)}, (attr, spec["options"])
            n_differ += k > 1
        differing[n_differ] += 1
    assert set(differing) <= {1, 2, 3} and differing[2] > 0 and differing[3] > 0


def test_balanced_subsets_hold_the_answer_and_balance_every_axis() -> None:
    for shape in [(5,), (3, 2), (2, 3), (3, 3), (2, 2, 2)]:
        subsets = balanced_subsets(shape)
        assert subsets
        for subset in subsets:
            assert len(set(subset)) == 5 and subset[0] == (0,) * len(shape)
    assert len(balanced_subsets((3, 2))) == 5  # drop any one of the five other grid points


def _view(spec: dict[str, Any]) -> Any:
    return AUDIT.view(spec)


@pytest.mark.parametrize("name", ["majority vote across options", "odd one out", "medoid of the options",
                                  "option made only of seen values", "option with a never-seen value"])
def test_a_guesser_that_sees_only_the_options_stays_near_chance(specs: list[dict[str, Any]], name: str) -> None:
    guess = AUDIT.guessers[name]
    answers = [(guess(_view(s)), TASK.solve(s)) for s in specs]
    applied = [(g, label) for g, label in answers if g is not None]
    assert sum(g == label for g, label in applied) <= 0.30 * max(len(applied), 1) + 3, name


def test_options_differ_only_in_values_shown_as_often_as_the_answers(specs: list[dict[str, Any]]) -> None:
    for spec in specs:
        for attr in ("number", "shape", "size", "colour"):
            shown = Counter(attribute_value(p, attr) for p in spec["panels"])
            assert len({shown[attribute_value(o, attr)] for o in spec["options"]}) == 1, (attr, spec)


def test_rows_never_repeat(specs: list[dict[str, Any]]) -> None:
    for spec in specs:
        keys = [panel_key(p) for p in spec["panels"]]
        assert keys[3:6] != keys[0:3] and keys[6:8] not in (keys[0:2], keys[3:5])


def test_repeated_rows_are_rejected() -> None:
    # colour constant per row, rows 2 and 3 both white: row 3 would be read off row 2
    panels = [{**BASE, "colour": c} for c in [3, 3, 3, 0, 0, 0, 0, 0, 0]]
    with pytest.raises(Rejected):
        check_rows(panels)
    panels = [{**BASE, "colour": c} for c in [3, 3, 3, 3, 3, 3, 0, 0, 0]]  # rows 1 and 2 repeat
    with pytest.raises(Rejected):
        check_rows(panels)
    check_rows([{**BASE, "colour": c} for c in [3, 3, 3, 0, 0, 0, 1, 1, 1]])


def test_no_wording_claims_that_every_attribute_changes() -> None:
    for template in TEMPLATES:
        assert "change along each row" not in template
    assert any("either stay the same or change" in t for t in TEMPLATES)


def test_audit_varies_the_matrix_only(specs: list[dict[str, Any]]) -> None:
    rng = random.Random(0)
    changed = 0
    for spec in specs[:20]:
        assert "rules" not in _view(spec).seen
        for part in range(2, 7):
            with pytest.raises(NoVariation):
                AUDIT.vary(spec, part, rng)
        for _ in range(16):
            try:
                varied = AUDIT.vary(spec, 1, rng)
            except NoVariation:
                continue
            assert varied["options"] == spec["options"] and TASK.question(varied) == TASK.question(spec)
            if TASK.solve(varied) != TASK.solve(spec):
                changed += 1
                break
    assert changed == 20


def test_audit_guessers_on_a_hand_made_matrix() -> None:
    # size +1: 1,2,3 / 2,3,4 / 1,2 -> 3; options sizes 1, 2, 4, 3 and a square of size 3
    spec, label = HAND_CASES["progression"][2]
    view = _view(spec)
    assert label == "D"
    assert AUDIT.guessers["option repeating panel 6 (above)"](view) == "C"  # size 4, as panel 6
    assert AUDIT.guessers["option repeating panel 8 (left)"](view) == "B"  # size 2, as panel 8
    assert AUDIT.guessers["option made only of seen values"](view) == "A"  # the square was never shown
    assert AUDIT.guessers["option with a never-seen value"](view) == "E"


def test_the_row_3_repeat_guesser_on_hand_made_matrices() -> None:
    guess = AUDIT.guessers["option repeating the fewest row-3 values"]
    # size +1, row 3 shows sizes 1 and 2: A (1) and B (2) repeat one, C (4), D (3) and E (3) none
    spec, _ = HAND_CASES["progression"][2]
    assert guess(_view(spec)) == "C"
    # colour -1, row 3 shows 3 and 2: B (2) and D (3) repeat one, A is the first that repeats none
    spec, _ = HAND_CASES["progression"][4]
    assert guess(_view(spec)) == "A"
    # nothing changes between panels 7 and 8: the trick does not apply
    spec, _ = HAND_CASES["constant"][0]
    assert guess(_view(spec)) is None


# ---------------------------------------------------------------- knobs

def test_knobs_are_validated() -> None:
    for bad in [{"min_rules": 0}, {"max_rules": 5}, {"min_rules": 3, "max_rules": 2}, {"layouts": ["4x4"]},
                {"layouts": []}, {"vary_attributes": ["texture"]}, {"rule_kinds": ["constant"]},
                {"min_option_attrs": 4}, {"min_option_attrs": 3, "max_option_attrs": 2},
                {"layouts": ["3x3"], "vary_attributes": ["size"], "rule_kinds": ["arithmetic"]},
                {"layouts": ["center"], "min_rules": 4},
                # the options differ in two attributes, and only number has an arithmetic rule in 2x2
                {"layouts": ["2x2"], "rule_kinds": ["arithmetic"], "vary_attributes": ["number"]},
                # one varying rule cannot give the options two attributes to differ in
                {"layouts": ["center"], "max_rules": 1}]:
        with pytest.raises(ConfigError):
            IQConfig.from_dict(bad)


def _varying(spec: dict[str, Any]) -> list[str]:
    return [a for a, r in spec["rules"].items() if r["kind"] not in ("constant", "free")]


def test_knobs_shape_the_items() -> None:
    four = IQConfig.from_dict({"min_rules": 4, "max_rules": 4})
    one_axis = IQConfig.from_dict({"min_option_attrs": 1, "max_option_attrs": 1, "layouts": ["3x3"]})
    arithmetic = IQConfig.from_dict({"layouts": ["2x2"], "rule_kinds": ["arithmetic", "progression"],
                                     "vary_attributes": ["number", "colour"], "max_rules": 2})
    for i in range(15):
        spec = sample_spec(i, four)
        assert len(_varying(spec)) == 4 and spec["layout"] != "center"
        spec = sample_spec(i, one_axis)
        differing = [a for a in ("shape", "size", "colour")
                     if len({attribute_value(o, a) for o in spec["options"]}) > 1]
        numpos = len({tuple(o["positions"]) for o in spec["options"]}) > 1
        assert spec["layout"] == "3x3" and len(differing) + numpos == 1
        spec = sample_spec(i, arithmetic)
        assert spec["layout"] == "2x2" and spec["rules"]["number"] == {"kind": "arithmetic", "op": spec["rules"]["number"]["op"]}
        assert spec["rules"]["colour"]["kind"] == "progression" and abs(spec["rules"]["colour"]["step"]) == 2
        assert _varying(spec) == ["number", "colour"] and spec["rules"]["position"] == FREE


# ---------------------------------------------------------------- items and images

def test_items_are_deterministic_and_round_trip() -> None:
    job = Job("IQ", "test", 7, 3, {})
    first, second = make_item(job), make_item(job)
    assert first == second and first.images == second.images
    other = make_item(Job("IQ", "test", 7, 4, {}))
    assert other.metadata["spec"] != first.metadata["spec"] and other.images != first.images
    spec = json.loads(json.dumps(first.metadata["spec"]))
    assert TASK.question(spec) == first.question and TASK.solve(spec) == first.label
    assert tag_problem(first.question, 6) is None and first.n_images == 6


def test_every_template_has_six_tags_in_order() -> None:
    for template in TEMPLATES:
        assert tag_problem(template, 6) is None


def _dark_rows(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """Height of the band of dark pixels inside ``box``."""
    grey = image.convert("L").crop(box)
    rows = [y for y in range(grey.height) if grey.crop((0, y, grey.width, y + 1)).getextrema()[0] < 100]
    return rows[-1] - rows[0] + 1 if rows else 0


def test_images_have_the_promised_sizes_and_legible_letters() -> None:
    item = make_item(Job("IQ", "test", 2, 0, {}))
    images = [Image.open(io.BytesIO(data)) for data in item.images]
    assert images[0].size == (600, 600) and images[0].mode == "RGB"
    question_mark = _dark_rows(images[0], (420, 420, 580, 580))
    assert question_mark >= 40  # the missing panel shows a large "?"
    for image in images[1:]:
        assert image.size == (220, 260) and image.mode == "RGB"
        assert _dark_rows(image, (60, 0, 160, 50)) >= 20  # the option letter, at least 20 px tall
    assert len({image.tobytes() for image in images[1:]}) == 5
