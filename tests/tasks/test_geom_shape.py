"""GeomShape: hand-checked solver cases, rejection rules, and properties of generated items."""

from __future__ import annotations

import io
import json
import math
import re
from collections import Counter
from functools import lru_cache

import pytest
from PIL import Image
from task_helpers import generated_items

from remibench.items import tag_problem
from remibench.render.geometry import LABEL_SIZE, NAME_SIZE, Figure, Path, SideLabel
from remibench.render.geometry_layout import layout
from remibench.tasks.base import ConfigError
from remibench.tasks.geom_shape.composite import composite_problem
from remibench.tasks.geom_shape.shapes import shape_figure
from remibench.tasks.geom_shape.solve import fmt_label, solve_chain
from remibench.tasks.geom_shape.task import TASK, GeomShapeConfig

N_ITEMS = 80


@lru_cache(maxsize=None)
def _items(n: int = N_ITEMS, seed: int = 11, config: tuple = ()) -> list:
    return generated_items("GeomShape", n, seed, **dict(config))


def _spec(shapes: list[dict], shared: list[list[str]], qtype: str, target: dict | None = None) -> dict:
    """A hand-written spec: the solver needs kinds, names, marks and the shared sides only."""
    return {"shapes": shapes, "shared": shared, "qtype": qtype, "target": target,
            "wording": {"intro": 0, "union": 0, "ask": 0, "round": 0}}


def L(a: str, b: str, v: float) -> dict:
    return {"t": "len", "seg": [a, b], "v": v}


# Rectangle ABCD with AB = 6, BC = 4; it passes CD (= AB = 6) to right triangle CDE, right angle
# at D, DE = 8. So CE = sqrt(36 + 64) = 10, triangle area = 6 * 8 / 2 = 24, perimeter 6 + 8 + 10 = 24.
RECT_TRI = ([{"kind": "rectangle", "names": list("ABCD"), "marks": [L("A", "B", 6), L("B", "C", 4)]},
             {"kind": "right_triangle", "names": list("CDE"), "marks": [L("D", "E", 8), {"t": "right", "at": "D"}]}],
            [["C", "D"]])
# Right triangle ABC, right angle at B, AB = 3, BC = 4, so AC = 5; sector ACD with centre A and
# angle 72 degrees: area = 72/360 * pi * 25 = 5 pi = 15.7080, arc CD = 72/360 * 2 pi * 5 = 2 pi = 6.2832,
# perimeter = 10 + 2 pi = 16.2832.
TRI_SECTOR = ([{"kind": "right_triangle", "names": list("ABC"), "marks": [L("A", "B", 3), L("B", "C", 4), {"t": "right", "at": "B"}]},
               {"kind": "sector", "names": list("ACD"), "marks": [{"t": "ang", "at": "A", "v": 72}]}],
              [["A", "C"]])
# Triangle ABC with AB = 8, BC = 5 and angle B = 60: AC^2 = 64 + 25 - 2*8*5*0.5 = 49, AC = 7.
# Parallelogram ACDE with AC = 7, CD = 4 and angle A = 30: area = 7*4*sin 30 = 14, perimeter 22,
# diagonal AD = sqrt(49 + 16 + 2*7*4*cos 30) = sqrt(113.4974) = 10.6535.
SAS_PARA = ([{"kind": "triangle", "names": list("ABC"), "marks": [L("A", "B", 8), L("B", "C", 5), {"t": "ang", "at": "B", "v": 60}]},
             {"kind": "parallelogram", "names": list("ACDE"), "marks": [L("C", "D", 4), {"t": "ang", "at": "A", "v": 30}]}],
            [["A", "C"]])
# Rectangle ABCD with AB = 5 and diagonal AC = 13, so BC = 12. Isosceles trapezoid BCEF on base
# BC = 12 with top EF = 6 and height 4: legs sqrt(3^2 + 4^2) = 5, area (12+6)/2*4 = 36. Semicircle
# on CE = 5: area pi*25/8 = 9.8175, arc 2.5 pi = 7.8540.
# Union area = 60 + 36 + 9.8175 = 105.8175. Outer boundary = AB + CD + DA (5+5+12) + EF + FB (6+5)
# + arc 7.8540 = 40.8540.
CHAIN3 = ([{"kind": "rectangle", "names": list("ABCD"), "marks": [L("A", "B", 5), {"t": "diag", "seg": ["A", "C"], "v": 13}]},
           {"kind": "iso_trapezoid", "names": list("BCEF"),
            "marks": [L("E", "F", 6), {"t": "height", "from": "F", "foot": "_F", "base": ["B", "C"], "v": 4},
                      {"t": "ticks", "segs": [["C", "E"], ["F", "B"]]}]},
           {"kind": "semicircle", "names": list("CE"), "marks": []}],
          [["B", "C"], ["C", "E"]])
# Semicircle on AB = 10, then right trapezoid ABCD (right angles at A and D) with CD = 6 and a
# 45 degree angle at B: height = (10 - 6) * tan 45 = 4, slanted leg BC = 4 sqrt 2 = 5.6569,
# area (10 + 6)/2 * 4 = 32, perimeter 10 + 6 + 4 + 5.6569 = 25.6569.
SEMI_TRAP = ([{"kind": "semicircle", "names": list("AB"), "marks": [L("A", "B", 10)]},
              {"kind": "right_trapezoid", "names": list("ABCD"),
               "marks": [L("C", "D", 6), {"t": "ang", "at": "B", "v": 45}, {"t": "right", "at": "A"}, {"t": "right", "at": "D"}]}],
             [["A", "B"]])
# Triangle ABC with the altitude from C meeting AB at H: AH = 3, HB = 5, CH = 4, so AC = 5,
# BC = sqrt(16 + 25) = sqrt 41 = 6.4031. Rectangle BCDE on BC with CD = 2: area 2 sqrt 41 = 12.8062.
ALT_RECT = ([{"kind": "triangle", "names": list("ABC"),
              "marks": [{"t": "height", "from": "C", "foot": "H", "base": ["A", "B"], "v": 4}, L("A", "H", 3), L("H", "B", 5)]},
             {"kind": "rectangle", "names": list("BCDE"), "marks": [L("C", "D", 2)]}],
            [["B", "C"]])
# Rectangle ABCD with AB = 10, BC = 4 passes AB to triangle ABE with angles 60 and 60 at A and B:
# equilateral with side 10, perimeter 30.
EQUI = ([{"kind": "rectangle", "names": list("ABCD"), "marks": [L("A", "B", 10), L("B", "C", 4)]},
         {"kind": "triangle", "names": list("ABE"), "marks": [{"t": "ang", "at": "A", "v": 60}, {"t": "ang", "at": "B", "v": 60}]}],
        [["A", "B"]])
# Right triangle CDE (right angle at D) given the shared leg CD = 6 and hypotenuse CE = 10: DE = 8,
# area 24, after rectangle ABCD with AB = 6, BC = 3.
LEG_HYP = ([{"kind": "rectangle", "names": list("ABCD"), "marks": [L("A", "B", 6), L("B", "C", 3)]},
            {"kind": "right_triangle", "names": list("CDE"), "marks": [L("C", "E", 10), {"t": "right", "at": "D"}]}],
           [["C", "D"]])


@pytest.mark.parametrize("chain, expected", [(RECT_TRI, "24"), (TRI_SECTOR, "15.71"), (SAS_PARA, "14"),
                                             (ALT_RECT, "12.81"), (LEG_HYP, "24"), (SEMI_TRAP, "32")])
def test_area_of_last_shape(chain, expected):
    assert TASK.solve(_spec(*chain, "area")) == expected


@pytest.mark.parametrize("chain, expected", [(RECT_TRI, "24"), (TRI_SECTOR, "16.28"), (SAS_PARA, "22"),
                                             (EQUI, "30"), (SEMI_TRAP, "25.66")])
def test_perimeter_of_last_shape(chain, expected):
    assert TASK.solve(_spec(*chain, "perimeter")) == expected


@pytest.mark.parametrize("chain, target, expected", [
    (RECT_TRI, {"type": "seg", "ends": ["C", "E"]}, "10"),
    (TRI_SECTOR, {"type": "arc", "ends": ["C", "D"]}, "6.28"),
    (SAS_PARA, {"type": "seg", "ends": ["A", "D"]}, "10.65"),
    (SEMI_TRAP, {"type": "seg", "ends": ["B", "C"]}, "5.66"),
    (ALT_RECT, {"type": "seg", "ends": ["B", "D"]}, "6.71"),  # sqrt(41 + 4) = sqrt 45 = 6.7082
])
def test_length_in_last_shape(chain, target, expected):
    assert TASK.solve(_spec(*chain, "length", target)) == expected


@pytest.mark.parametrize("chain, expected", [
    (CHAIN3, "105.82"),
    (RECT_TRI, "48"),       # 24 + 24
    (TRI_SECTOR, "21.71"),  # 6 + 5 pi = 21.7080
])
def test_union_area(chain, expected):
    assert TASK.solve(_spec(*chain, "union_area")) == expected


@pytest.mark.parametrize("chain, expected", [
    (CHAIN3, "40.85"),
    (RECT_TRI, "32"),       # 20 + 24 - 2*6
    (TRI_SECTOR, "18.28"),  # 12 + (10 + 2 pi) - 2*5 = 12 + 2 pi = 18.2832
])
def test_union_perimeter(chain, expected):
    assert TASK.solve(_spec(*chain, "union_perimeter")) == expected


def test_solver_ignores_coordinates_and_needs_the_shared_side():
    spec = _spec(*RECT_TRI, "area")
    spec["shapes"][1]["points"] = {"C": [0, 0], "D": [999, 0], "E": [0, 1]}  # deliberately wrong drawing
    assert TASK.solve(spec) == "24"
    spec["shared"] = [["D", "E"]]  # a shared side the first shape does not have
    with pytest.raises(KeyError):
        TASK.solve(spec)


def test_underdetermined_shape_raises():
    spec = _spec([{"kind": "rectangle", "names": list("ABCD"), "marks": [L("A", "B", 6)]},
                  {"kind": "rectangle", "names": list("ABEF"), "marks": []}], [["A", "B"]], "area")
    with pytest.raises(ValueError):
        solve_chain(spec)


def test_label_format():
    assert [fmt_label(x) for x in (37.7, 12.25, 40.0, 3.14159, 0.004)] == ["37.7", "12.25", "40", "3.14", "0"]


def test_composite_rejects_overlap_and_accepts_clean_gluing():
    def fan(names: str, angle: float) -> dict:
        """Triangle with apex names[0] at the origin, two sides of 5 and ``angle`` between them."""
        t = math.radians(angle)
        pts = [[0, 0], [5, 0], [5 * math.cos(t), 5 * math.sin(t)]]
        return {"kind": "triangle", "names": list(names), "marks": [], "points": dict(zip(names, pts))}
    # Three 150-degree wedges around O cover 450 degrees: the third folds back over the first.
    assert composite_problem([fan("OAB", 150), fan("OBC", 150)], [["B", "O"]]) is None
    assert composite_problem([fan("OAB", 150), fan("OBC", 150), fan("OCD", 150)], [["B", "O"], ["C", "O"]]) \
        == "composite shapes overlap"
    # Three 100-degree wedges meet only at O: a clean composite.
    assert composite_problem([fan("OAB", 100), fan("OBC", 100), fan("OCD", 100)], [["B", "O"], ["C", "O"]]) is None
    # Three 120-degree wedges close the full turn: the third touches the first along side OA.
    assert composite_problem([fan("OAB", 120), fan("OBC", 120), fan("OCD", 120)], [["B", "O"], ["C", "O"]]) \
        == "composite shapes touch along a side"


def test_layout_flags_overlapping_text():
    square = ((0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0))
    clean = Figure(400, 400, [Path(square, closed=True), SideLabel(square[0], square[1], "4", (2.0, 2.0))])
    assert layout(clean).problems == []
    clash = Figure(400, 400, [Path(square, closed=True), SideLabel(square[0], square[1], "4", (2.0, 2.0)),
                              SideLabel(square[0], square[1], "5", (2.0, 2.0))])
    assert any("overlaps" in p for p in layout(clash).problems)


# ----------------------------------------------------------------------------- generated items

def test_json_round_trip_and_tags():
    for item in _items():
        spec = json.loads(json.dumps(item.metadata["spec"]))
        assert TASK.question(spec) == item.question
        assert TASK.solve(spec) == item.label
        assert tag_problem(item.question, item.n_images) is None
        assert 2 <= item.n_images <= 3 and item.n_images == len(spec["shapes"])


def test_properties():
    item = _items()[0]
    props = item.metadata["properties"]
    assert props["consumption"] == "sequential" and props["image_types"] == "same"
    assert props["interleaved"] is True and props["domain"] == "geometry"


def test_labels_are_spread_numbers():
    labels = [item.label for item in _items()]
    assert all(re.fullmatch(r"\d+(\.\d{1,2})?", label) for label in labels)
    assert Counter(labels).most_common(1)[0][1] <= 0.05 * len(labels)
    values = sorted(float(x) for x in labels)
    assert values[len(values) // 10] < 30 < values[-len(values) // 10]  # wide spread, not one band
    qtypes = Counter(item.metadata["spec"]["qtype"] for item in _items())
    assert set(qtypes) == {"area", "perimeter", "length", "union_area", "union_perimeter"}


def test_images_are_legible_and_sized():
    assert LABEL_SIZE >= 16 and NAME_SIZE >= 16
    for item in _items()[:25]:
        for png in item.images:
            image = Image.open(io.BytesIO(png))
            assert image.mode == "RGB" and 400 <= max(image.size) <= 800
            assert len(image.getcolors(1 << 16) or []) > 20  # anti-aliased, not blank
        for shape in item.metadata["spec"]["shapes"]:
            assert layout(shape_figure(shape)).problems == []


def test_first_figure_to_scale_later_figures_keep_their_marks_but_not_the_inherited_side():
    """The first figure is drawn to scale. A later figure keeps every value it marks (lengths,
    angles) but draws its inherited side at least 20% off the true length, where it prints a length
    to measure against."""
    from remibench.tasks.geom_shape.drawing import DRAWN_OFF, printed_lengths
    from remibench.tasks.geom_shape.solve import SOLVERS, Given, solve_shapes
    off = 0
    for item in _items():
        spec = item.metadata["spec"]
        sols = solve_shapes(spec)
        first = spec["shapes"][0]
        for key, value in sols[0].lengths.items():
            assert math.dist(*(first["points"][n] for n in sorted(key))) == pytest.approx(value, rel=1e-3)
        for k in range(1, len(spec["shapes"])):
            shape, key = spec["shapes"][k], frozenset(spec["shared"][k - 1])
            pts = shape["points"]
            drawn = math.dist(*(pts[n] for n in sorted(key)))
            again = SOLVERS[shape["kind"]](list(shape["names"]), Given(shape["marks"], {key: drawn}))
            for m in shape["marks"]:  # the drawing is the shape solved with the drawn inherited side
                if m["t"] in ("len", "diag"):
                    assert math.dist(*(pts[n] for n in m["seg"])) == pytest.approx(m["v"], rel=1e-3)
            for seg, value in again.lengths.items():
                assert math.dist(*(pts[n] for n in sorted(seg))) == pytest.approx(value, rel=1e-3)
            if printed_lengths(shape):
                true = sols[k].lengths[key]
                assert abs(math.log(drawn / true)) >= math.log(1 + DRAWN_OFF) - 1e-6
                off += 1
    assert off > 20


def test_question_says_not_to_scale():
    assert all("not drawn to scale" in item.question for item in _items())


def test_every_image_is_needed():
    """The last shape's image never marks the shared side, and each link passes a derived value."""
    for item in _items():
        spec = item.metadata["spec"]
        for k, shared in enumerate(spec["shared"], start=1):
            marked = [set(m["seg"]) for m in spec["shapes"][k]["marks"] if m["t"] in ("len", "diag")]
            assert set(shared) not in marked
            assert all(n in spec["shapes"][k - 1]["names"] and n in spec["shapes"][k]["names"] for n in shared)


def test_knobs():
    with pytest.raises(ConfigError):
        GeomShapeConfig.from_dict({"shape_kinds": ["sector", "semicircle"]})
    with pytest.raises(ConfigError):
        GeomShapeConfig.from_dict({"min_shapes": 3, "max_shapes": 2})
    plain = _items(20, 3, (("trig_prob", 0.0), ("pi_prob", 0.0), ("max_shapes", 2)))
    for item in plain:
        shapes = item.metadata["spec"]["shapes"]
        assert len(shapes) == 2 and item.n_images == 2
        assert all(s["kind"] not in ("sector", "semicircle") for s in shapes)
        assert all(m["t"] != "ang" for s in shapes for m in s["marks"])  # no trigonometry needed
    only = _items(12, 4, (("shape_kinds", ("rectangle", "sector")), ("question_types", ("union_area",)), ("pi_prob", 1.0)))
    for item in only:
        spec = item.metadata["spec"]
        assert spec["qtype"] == "union_area" and "composite" in item.question
        assert {s["kind"] for s in spec["shapes"]} <= {"rectangle", "sector"}
    assert any(s["kind"] == "sector" for item in only for s in item.metadata["spec"]["shapes"])


def test_every_image_shows_a_value_the_answer_needs():
    """A semicircle only opens a chain (later its diameter is the shared side, so its image would show
    no number), and a sector only opens one in a union question (otherwise only its radius, not its
    angle, is used)."""
    items = _items() + list(_items(40, 6, (("pi_prob", 1.0),)))
    for item in items:
        spec = item.metadata["spec"]
        kinds = [s["kind"] for s in spec["shapes"]]
        assert "semicircle" not in kinds[1:]
        if kinds[0] == "sector":
            assert spec["qtype"].startswith("union")
        for shape in spec["shapes"]:
            assert any(m["t"] in ("len", "diag", "ang", "height") for m in shape["marks"])
    assert any(s["kind"] == "semicircle" for item in items for s in item.metadata["spec"]["shapes"])


def test_altitude_foot_keeps_clear_of_the_base_label():
    """A parallelogram's base label sits at the middle of the base; the altitude's foot never stands beside it."""
    import random

    from remibench.render.geometry import Unfit
    from remibench.tasks.geom_shape.construct import FOOT_CLEARANCE, _parallelogram

    rng, seen = random.Random(3), 0
    for _ in range(400):
        try:
            draft = _parallelogram(rng, None, False, 0.0)
        except Unfit:
            continue
        seen += 1
        b = draft.pts[1][0]
        assert abs(draft.foot[0] - b / 2) >= FOOT_CLEARANCE * b
    assert seen > 20


def test_a_middle_shape_passes_on_a_side_its_own_image_decides():
    """Parallelogram DAEF inherits DA = 5: EF = 5 follows from the text alone, so it is never passed on;
    every side a middle shape passes on changes with its own marks and with the inherited side."""
    from remibench.tasks.geom_shape.checks import sensitivity as _sensitivity

    para = {"kind": "parallelogram", "names": ["D", "A", "E", "F"],
            "marks": [L("F", "D", 2.5), {"t": "height", "from": "F", "foot": "_F", "base": ["D", "A"], "v": 2}]}
    assert _sensitivity(para, ["A", "D"], 5.0, frozenset("EF")) == (True, False)
    assert _sensitivity(para, ["A", "D"], 5.0, frozenset("AE")) == (False, True)
    for item in _items():
        spec = item.metadata["spec"]
        if len(spec["shapes"]) == 3:
            middle = spec["shapes"][1]
            from remibench.tasks.geom_shape.solve import solve_shapes
            inherited = solve_shapes(spec)[0].lengths[frozenset(spec["shared"][0])]
            assert all(_sensitivity(middle, spec["shared"][0], inherited, frozenset(spec["shared"][1])))


def test_every_image_moves_the_answer_beyond_the_tolerance():
    """Rectangle ABCD (AB = 8, BC = 6) and right triangle BEC with hypotenuse BC = 6 and leg BE = 3.6
    (so EC = 4.8). The triangle's perimeter hardly depends on its leg once the hypotenuse is known:
    BE x 1.15 = 4.14 gives EC = 4.343 and the composite outline 30.48 instead of 30.4 (0.3%), so the
    second image would not count for the outline; for the triangle's area (8.64 -> 8.99, 4%) it does."""
    from remibench.tasks.geom_shape.checks import marks_matter, union_shares

    rect = {"kind": "rectangle", "names": list("ABCD"), "marks": [L("A", "B", 8), L("B", "C", 6), {"t": "right", "at": "A"}]}
    tri = {"kind": "right_triangle", "names": ["B", "E", "C"], "marks": [L("B", "E", 3.6), {"t": "right", "at": "E"}]}
    outline = _spec([rect, tri], [["B", "C"]], "union_perimeter")
    assert fmt_label(solve_chain(outline)) == "30.4"  # 28 + 14.4 - 2 * 6
    assert union_shares(outline) == pytest.approx([22 / 30.4, 8.4 / 30.4])
    assert marks_matter(outline, 0) and not marks_matter(outline, 1)
    area = _spec([rect, tri], [["B", "C"]], "area")
    assert fmt_label(solve_chain(area)) == "8.64" and marks_matter(area, 1)
