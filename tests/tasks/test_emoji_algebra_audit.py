"""EmojiAlgebra audit hooks and the checks behind them: forced values, references to 1, variations, guessers."""

from __future__ import annotations

import json
import random

import pytest
from task_helpers import sampled_spec

from remibench.audit.base import NoVariation
from remibench.render.canvas import to_png
from remibench.tasks.base import Rejected
from remibench.tasks.emoji_algebra.audit import AUDIT
from remibench.tasks.emoji_algebra.solve import check_alternatives, solve_values, validate, with_value
from remibench.tasks.emoji_algebra.task import TASK, EmojiAlgebraConfig


def term(coef: int, emoji: int | None) -> dict:
    return {"coef": coef, "emoji": emoji}


def eq(target: int, rhs: list[dict], lhs: int = 1) -> dict:
    return {"target": target, "lhs_coef": lhs, "rhs": rhs}


def spec_of(expression: list[tuple[int, list[int]]], equations: list[dict], emojis: list[str] | None = None) -> dict:
    return {"template": 0, "emojis": emojis or ["1f34e", "1f34c", "1f347"][:len(equations)],
            "expression": [{"coef": c, "factors": f} for c, f in expression], "equations": equations}


# apple = 4; 2*banana = apple - 5*banana + 10 -> 7*banana = 14 -> banana = 2; apple + banana = 6.
# banana is an integer only when apple + 10 is a multiple of 7: apple = 4 is the only value in 1..10.
FORCED = spec_of([(1, [0]), (1, [1])], [eq(0, [term(4, None)]), eq(1, [term(1, 0), term(-5, 1), term(10, None)], lhs=2)])
# apple = 4; banana = apple - 2 -> 2; apple * banana = 8. Any other apple in 1..10 but 2 and 3 works.
FREE = spec_of([(1, [0, 1])], [eq(0, [term(4, None)]), eq(1, [term(1, 0), term(-2, None)])])


def test_a_value_forced_by_later_equations_is_rejected() -> None:
    config = EmojiAlgebraConfig()
    assert validate(FORCED, config) == [4, 2]
    with pytest.raises(Rejected, match="forced"):
        check_alternatives(FORCED, config)
    check_alternatives(FREE, config)


def test_a_reference_to_an_emoji_worth_one_is_rejected() -> None:
    # apple = 1; banana = 3*apple + 2 = 5: reading 3*apple as 3 gives the right banana
    ones = spec_of([(1, [1])], [eq(0, [term(1, None)]), eq(1, [term(3, 0), term(2, None)])])
    with pytest.raises(Rejected, match="worth 1"):
        validate(ones, EmojiAlgebraConfig())


def test_generated_items_never_refer_to_an_emoji_worth_one() -> None:
    for index in range(40):
        spec = sampled_spec("EmojiAlgebra", index, 3)
        values = solve_values(spec)
        for equation in spec["equations"]:
            assert all(abs(values[t["emoji"]]) != 1 for t in equation["rhs"] if t["emoji"] not in (None, equation["target"]))
        check_alternatives(spec, EmojiAlgebraConfig())


def test_with_value_resets_only_the_constant() -> None:
    varied = with_value(FREE, 0, 7)
    assert varied["equations"][0]["rhs"] == [term(7, None)]
    assert varied["equations"][1] == FREE["equations"][1]
    assert TASK.solve(varied) == "35"  # apple 7, banana 5
    # banana = apple - 2 set to 5 with apple 4 needs the constant +1
    assert with_value(FREE, 1, 5)["equations"][1]["rhs"] == [term(1, 0), term(1, None)]
    # a constant of 0 is dropped, as the sampler never prints one
    assert with_value(FREE, 1, 4)["equations"][1]["rhs"] == [term(1, 0)]


def test_view_shows_the_images_but_no_values_or_label() -> None:
    view = AUDIT.view(FREE)
    assert view.options is None
    assert view.seen["expression"] == [{"coef": 1, "factors": ["1f34e", "1f34c"]}]
    assert view.seen["equations"][1] == {"target": "1f34c", "lhs_coef": 1,
                                         "rhs": [{"coef": 1, "emoji": "1f34e"}, {"coef": -2, "emoji": None}]}
    assert "8" not in json.dumps(view.seen)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_each_variation_changes_only_its_image(index: int) -> None:
    spec = sampled_spec("EmojiAlgebra", index, 4)
    images = [to_png(image) for image in TASK.render(spec)]
    rng = random.Random(index)
    for part in range(1, len(images) + 1):
        varied = AUDIT.vary(spec, part, rng)
        validate(varied, EmojiAlgebraConfig())
        assert TASK.question(varied) == TASK.question(spec)
        new = [to_png(image) for image in TASK.render(varied)]
        assert [k + 1 for k in range(len(images)) if new[k] != images[k]] == [part]
    with pytest.raises(NoVariation):
        AUDIT.vary(spec, "text", rng)


def test_equation_variation_changes_the_emoji_value() -> None:
    varied = AUDIT.vary(FREE, 2, random.Random(1))  # image 2: the apple's equation
    assert solve_values(varied)[0] != 4
    assert varied["equations"][1] == FREE["equations"][1] and varied["expression"] == FREE["expression"]
    assert TASK.solve(varied) != TASK.solve(FREE)


def test_guessers_on_a_hand_worked_item() -> None:
    # apple = 2*apple - 3 -> 3; banana = 3*banana - 8 -> 4; grapes = -4*apple + 5*banana + 12 -> 20
    # expression 4*apple*banana + grapes = 68
    spec = spec_of([(4, [0, 1]), (1, [2])],
                   [eq(0, [term(2, 0), term(-3, None)]), eq(1, [term(3, 1), term(-8, None)]),
                    eq(2, [term(-4, 0), term(5, 1), term(12, None)])])
    assert TASK.solve(spec) == "68"
    view = AUDIT.view(spec)
    guess = {name: fn(view) for name, fn in AUDIT.guessers.items()}
    assert guess["zero"] == "0"
    assert guess["sum of the equation constants"] == "1"  # -3 - 8 + 12
    assert guess["largest equation constant"] == "12"
    assert guess["last equation's constant"] == "12"
    assert guess["every emoji = 1"] == "5"
    assert guess["expression image alone (every emoji = 5)"] == "105"
    assert guess["each emoji = its equation's constant"] == "108"  # apple -3, banana -8, grapes 12
    assert guess["self-references dropped"] == "80"  # apple -3, banana -8, grapes 12 - 40 + 12 = -16
    assert guess["self-reference moved with the wrong sign"] == "14"  # apple -3/3, banana -8/4, grapes 4 - 10 + 12
    assert guess["references to earlier emojis read as 1"] == "61"  # apple 3, banana 4, grapes -4 + 5 + 12


def test_guessers_that_equal_solving_do_not_apply() -> None:
    plain = spec_of([(1, [0]), (2, [1])], [eq(0, [term(4, None)]), eq(1, [term(6, None)])])
    view = AUDIT.view(plain)
    for name in ("each emoji = its equation's constant", "self-references dropped",
                 "self-reference moved with the wrong sign", "references to earlier emojis read as 1"):
        assert AUDIT.guessers[name](view) is None
