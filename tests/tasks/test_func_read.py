"""FuncRead: exact solver on hand-checked specs, readability of every asked value, wording,
determinism, JSON round-trip, balance and image sanity."""

from __future__ import annotations

import io
import json
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from PIL import Image
from task_helpers import generated_items

from remibench.items import image_tags, is_interleaved
from remibench.tasks.base import ConfigError
from remibench.tasks.func_read.model import limit, reading, value
from remibench.tasks.func_read.task import TASK, FuncReadConfig, _slots
from remibench.tasks.func_read.wording import question_text

# Hand-made functions, values worked out by hand:
# F: pieces (-6,4)->(-2,0) slope -1; (-2,-3)->(1,3) slope 2; (1,5)->(6,0) slope -1.
#    F(-2) = 0 (jump, closed on the left), F(1) = 2 (a lone dot; limits 3 from the left, 5 from the right).
F = {"family": "jump", "xs": [-6, -2, 1, 6], "seg": [[4, 0], [-3, 3], [5, 0]], "at": [0, 2]}
# G(x) = x^2 - 2x - 3 = (x - 3)(x + 1): G(-2)=5, G(-1)=0, G(0)=-3, G(1)=-4, G(2)=-3, G(3)=0, G(4)=5.
G = {"family": "polynomial", "num": [-3, -2, 1], "den": 1}
# K(x) = |x| on [-5, 5] as a continuous piecewise-linear graph.
K = {"family": "piecewise_linear", "xs": [-5, 0, 5], "seg": [[5, 0], [0, 5]], "at": [0]}
WIN = [-6, 6, -6, 8]


def h_spec(pieces: list[str], splits: list[int], closed_left: list[bool], query: dict, qtype: str) -> dict:
    names = sorted(set(pieces))
    return {
        "functions": {"f": F, "g": G, "k": K}, "windows": {n: WIN for n in names},
        "pieces": pieces, "splits": splits, "closed_left": closed_left, "query": query, "qtype": qtype,
        "order": names, "colors": ["#000000"] * len(names),
        "wording": {"intro": 0, "define": 0, "define_first": True, "ask": 0},
    }


def plain_spec(qtype: str, query: dict, names: tuple[str, ...] = ("f", "g")) -> dict:
    functions = {"f": F, "g": G, "h": K}
    return {
        "functions": {n: functions[n] for n in names}, "windows": {n: WIN for n in names}, "query": query,
        "qtype": qtype, "order": list(names), "colors": ["#000000"] * len(names),
        "wording": {"intro": 0, "define": None, "define_first": False, "ask": 0},
    }


def test_exact_values_and_limits_of_hand_made_functions() -> None:
    assert [value(F, x) for x in (-4, -3, -2, -1, 0, 1, 2, 3)] == [2, 1, 0, -1, 1, 2, 4, 3]
    assert (limit(F, -2, "-"), limit(F, -2, "+"), limit(F, 1, "-"), limit(F, 1, "+")) == (0, -3, 3, 5)
    assert [value(G, x) for x in (-2, 0, 1, 3, 4)] == [5, -3, -4, 0, 5]
    assert value(G, Fraction(1, 2)) == Fraction(-15, 4)
    assert [value(K, x) for x in (-3, 0, 2)] == [3, 0, 2]


@pytest.mark.parametrize(
    ("pieces", "splits", "closed", "query", "label"),
    [
        (["g", "f"], [-2], [False], {"x": -2, "side": "+"}, "-3"),         # f's right limit, not f(-2)=0
        (["g", "f"], [-2], [False], {"x": -2, "side": "-"}, "5"),          # g(-2)
        (["g", "f"], [-2], [False], {"x": -2, "side": "difference"}, "8"),  # 5 - (-3)
        (["f", "g"], [1], [True], {"x": 1, "side": "-"}, "3"),             # f's left limit, not f(1)=2
        (["f", "g"], [1], [True], {"x": 1, "side": "sum"}, "-1"),          # 3 + g(1)=-4
        (["k", "f", "g"], [-2, 1], [True, False], {"x": -2, "side": "sum"}, "-1"),  # k(-2)=2 + (-3)
        (["k", "f", "g"], [-2, 1], [True, False], {"x": 1, "side": "+"}, "-4"),
    ],
)
def test_limit_solver(pieces, splits, closed, query, label) -> None:
    assert TASK.solve(h_spec(pieces, splits, closed, query, "limit")) == label


@pytest.mark.parametrize(
    ("pieces", "splits", "closed", "xs", "label"),
    [
        (["g", "f"], [-2], [False], [-2], "0"),           # x = -2 belongs to f: the closed dot f(-2) = 0
        (["g", "f"], [-2], [True], [-2], "5"),            # now it belongs to g
        (["f", "g"], [1], [True], [1, 4], "7"),           # f(1) = 2 (lone dot) + g(4) = 5
        (["k", "f", "g"], [-2, 1], [True, False], [-2, 1], "-2"),  # k(-2) = 2, g(1) = -4
        (["k", "f", "g"], [-2, 1], [True, False], [0], "1"),
    ],
)
def test_piecewise_value_solver(pieces, splits, closed, xs, label) -> None:
    assert TASK.solve(h_spec(pieces, splits, closed, {"xs": xs}, "piecewise_value")) == label


@pytest.mark.parametrize(
    ("chain", "x", "label"),
    [(["f", "g"], 3, "1"), (["g", "f"], 0, "-4"), (["f", "g"], 1, "2"),
     (["f", "g", "h"], 1, "2"), (["g", "h", "f"], -4, "-3")],
)
def test_composition_solver(chain, x, label) -> None:
    spec = plain_spec("composition", {"chain": chain, "x": x}, ("f", "g", "h"))
    assert TASK.solve(spec) == label


@pytest.mark.parametrize(
    ("terms", "ops", "label"),
    [
        ([["f", -4, 1], ["g", 4, 1]], ["+"], "7"),
        ([["f", 0, 2], ["g", 0, 1]], ["-"], "5"),
        ([["f", 3, 1], ["g", -2, 1]], ["*"], "15"),
        ([["f", -4, 1], ["g", 2, 3], ["h", 3, 1]], ["-", "+"], "14"),
    ],
)
def test_combination_solver(terms, ops, label) -> None:
    spec = plain_spec("combination", {"terms": terms, "ops": ops}, ("f", "g", "h"))
    assert TASK.solve(spec) == label


@pytest.mark.parametrize(("x", "label"), [(0, "f"), (-2, "g"), (1, "f"), (4, "g")])
def test_larger_solver(x, label) -> None:
    assert TASK.solve(plain_spec("larger", {"x": x, "mention": ["f", "g"]})) == label


def test_larger_solver_refuses_a_tie() -> None:
    tie = {"family": "polynomial", "num": [3], "den": 1}  # 3 = F(3)
    spec = plain_spec("larger", {"x": 3, "mention": ["f", "g"]})
    spec["functions"]["g"] = tie
    with pytest.raises(ValueError):
        TASK.solve(spec)


@pytest.mark.parametrize(
    ("a", "b", "bigger", "label"),
    [(-2, 3, "f", "4"), (-2, 3, "g", "2"), (2, 5, "f", "2"), (-4, -1, "f", "0")],
)
def test_count_solver(a, b, bigger, label) -> None:
    assert TASK.solve(plain_spec("count", {"a": a, "b": b, "bigger": bigger})) == label


def test_published_example_wording_is_reproduced() -> None:
    spec = h_spec(["f", "g"], [1], [True], {"x": 1, "side": "+"}, "limit")
    assert question_text(spec) == (
        "Let $h(x)=f(x)$ for $x\\in(-\\infty, 1]$ and $h(x)=g(x)$ for $x\\in(1, \\infty)$. The graph of "
        "$f(x)$ is as follows <image1> and $g(x)$ as follows <image2>. Compute $\\lim_{x \\to 1^+} h(x)$."
    )


def test_reading_refuses_unreadable_values() -> None:
    assert reading(G, WIN, 1, max_slope=3) == -4
    assert reading(G, WIN, 4, max_slope=3) is None        # slope 6: too steep to read
    assert reading(G, WIN, -2, max_slope=3) is None       # G(-2)=5 fine, but slope -6
    assert reading(F, WIN, -6, max_slope=3) is None       # on the window's edge
    half = {"family": "polynomial", "num": [0, 1], "den": 2}
    assert reading(half, WIN, 1, max_slope=3) is None     # 1/2 is not on a grid point
    assert reading(half, WIN, 2, max_slope=3) == 1
    assert reading(F, WIN, 1, max_slope=3, side="+") == 5
    assert reading(F, [-6, 6, -6, 5], 1, max_slope=3, side="+") is None  # 5 touches the top edge


def test_config_validation() -> None:
    with pytest.raises(ConfigError):
        FuncReadConfig.from_dict({"families": ["spline"]})
    with pytest.raises(ConfigError):
        FuncReadConfig.from_dict({"composition_depth": 4})
    with pytest.raises(ConfigError):
        FuncReadConfig.from_dict({"window_min": 12, "window_max": 10})


# ---------------------------------------------------------------- generated items

N_ITEMS = 4 * len(_slots(FuncReadConfig()))  # whole balance blocks: every slot exactly 4 times


@pytest.fixture(scope="module")
def items():
    return generated_items("FuncRead", N_ITEMS, 7)


def _asked_points(spec: dict) -> list[tuple[str, int, str | None]]:
    """(function, x, side) of every reading the question needs."""
    from remibench.tasks.func_read.task import h_piece

    q, qtype = spec["query"], spec["qtype"]
    if qtype == "limit":
        sides = {"+": ["+"], "-": ["-"]}.get(q["side"], ["-", "+"])
        return [(h_piece(spec, Fraction(q["x"]), s), q["x"], s) for s in sides]
    if qtype == "piecewise_value":
        return [(h_piece(spec, Fraction(x)), x, None) for x in q["xs"]]
    if qtype == "composition":
        points, x = [], q["x"]
        for name in reversed(q["chain"]):
            points.append((name, x, None))
            x = int(value(spec["functions"][name], x))
        return points
    if qtype == "combination":
        return [(name, x, None) for name, x, _coef in q["terms"]]
    if qtype == "larger":
        return [("f", q["x"], None), ("g", q["x"], None)]
    return [(n, x, None) for n in ("f", "g") for x in range(q["a"], q["b"] + 1)]


def test_every_asked_value_is_readable(items) -> None:
    for item in items:
        spec = item.metadata["spec"]
        for name, x, side in _asked_points(spec):
            got = reading(spec["functions"][name], spec["windows"][name], x, 3, side)
            assert got is not None, (item.id, name, x, side)


def test_json_round_trip_reproduces_question_and_label(items) -> None:
    for item in items:
        spec = json.loads(json.dumps(item.metadata["spec"]))
        assert TASK.question(spec) == item.question
        assert TASK.solve(spec) == item.label


def test_tags_and_properties(items) -> None:
    for item in items:
        assert 2 <= item.n_images <= 3
        assert image_tags(item.question) == list(range(1, item.n_images + 1))
        assert is_interleaved(item.question)
        props = item.metadata["properties"]
        assert props["interleaved"] and props["consumption"] == "set" and props["image_types"] == "same"
    assert {item.n_images for item in items} == {2, 3}


def test_balance(items) -> None:
    qtypes = Counter(item.metadata["spec"]["qtype"] for item in items)
    assert qtypes == {"limit": 12, "piecewise_value": 12, "composition": 12, "combination": 12, "count": 12, "larger": 8}
    larger = Counter(item.label for item in items if item.metadata["spec"]["qtype"] == "larger")
    assert larger == {"f": 4, "g": 4}
    labels = Counter(item.label for item in items)
    assert labels.most_common(1)[0][1] / len(items) < 0.12
    assert len(labels) >= 20


def test_images_are_legible_rgb_squares(items) -> None:
    for item in items[:10]:
        for png in item.images:
            image = Image.open(io.BytesIO(png))
            assert image.mode == "RGB" and image.size == (560, 560)
            gray = np.asarray(image.convert("L"))
            # tick labels: dark text pixels in the left margin and below the grid
            assert (gray[60:500, :46] < 100).sum() > 200
            assert (gray[525:, 60:540] < 100).sum() > 200
        spec = item.metadata["spec"]
        pixels = np.asarray(Image.open(io.BytesIO(item.images[0]))).astype(int)
        rgb = np.array([int(spec["colors"][0][i:i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(pixels - rgb).max(axis=2) < 30).sum() > 300, "graph colour missing"


# ---------------------------------------------------------------- every graph must count (version 2)

def two_piece(pieces: list[str], split: int, query: dict) -> dict:
    """h = pieces[0] up to ``split`` (closed), pieces[1] after it; only those two graphs are plotted."""
    spec = h_spec(pieces, [split], [True], query, "limit")
    spec["functions"] = {n: spec["functions"][n] for n in pieces}
    return spec


def fk_spec(qtype: str, query: dict) -> dict:
    """f = F and g = K (|x|) on one window; F and K tie only at x = 3 (F(3) = K(3) = 3)."""
    spec = plain_spec(qtype, query)
    spec["functions"]["g"] = K
    return spec


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        (plain_spec("combination", {"terms": [["f", -2, 1], ["g", 0, 1]], "ops": ["+"]}), "a term is 0"),  # F(-2) = 0
        (plain_spec("combination", {"terms": [["f", -4, 1], ["g", 0, 1]], "ops": ["+"]}), None),  # 2 + (-3)
        (fk_spec("larger", {"x": 3, "mention": ["f", "g"]}), "tie"),
        (fk_spec("larger", {"x": 2, "mention": ["f", "g"]}), None),  # F(2) = 4 > K(2) = 2
        (fk_spec("count", {"a": 0, "b": 2, "bigger": "f"}), "all or none"),  # 1>0, 2>1, 4>2
        (fk_spec("count", {"a": 0, "b": 3, "bigger": "f"}), "tie"),  # F(3) = K(3)
        (fk_spec("count", {"a": -1, "b": 2, "bigger": "f"}), None),  # F(-1) = -1 < 1, then 3 of 4
        (plain_spec("composition", {"chain": ["f", "g"], "x": 0}), "skipped"),  # F(G(0)) = F(-3) = 1 = F(0)
        (plain_spec("composition", {"chain": ["f", "g"], "x": 2}), None),  # F(G(2)) = F(-3) = 1; F(2) = 4, G(F(2)) = 5
        # K and G are continuous at 1: the plotted values give the limits, so the limits are not tested
        (two_piece(["k", "g"], 1, {"x": 1, "side": "sum"}), "plotted values"),
        (two_piece(["k", "f"], -2, {"x": -2, "side": "sum"}), None),  # 2 + (-3), the dots give 2 + 0
    ],
)
def test_item_checks(spec, reason) -> None:
    from remibench.tasks.func_read.checks import problem

    got = problem(spec, 3)
    assert (got is None) if reason is None else (got is not None and reason in got), got


def test_piecewise_value_reads_every_graph() -> None:
    # h = k on (-inf, -2), f on [-2, 1], g on (1, inf): h(-4) = K(-4) = 4, h(0) = F(0) = 1, h(2) = G(2) = -3
    spec = h_spec(["k", "f", "g"], [-2, 1], [False, True], {"xs": [0, -4, 2]}, "piecewise_value")
    assert TASK.solve(spec) == "2"
    from remibench.tasks.func_read.checks import problem

    assert problem(spec, 3) is None
    spec["query"]["xs"] = [0, -4]  # g is never read
    assert "not asked about" in problem(spec, 3)


def test_generated_items_let_every_graph_count(items) -> None:
    from remibench.tasks.func_read.checks import problem

    for item in items:
        spec = item.metadata["spec"]
        assert problem(spec, 3) is None, item.id
        if spec["qtype"] == "limit":
            assert spec["query"]["side"] in ("sum", "difference") and len(spec["functions"]) == 2
        if spec["qtype"] in ("larger", "count"):
            assert spec["windows"]["f"] == spec["windows"]["g"]
        if spec["qtype"] == "count":
            assert 0 < int(item.label) < spec["query"]["b"] - spec["query"]["a"] + 1
