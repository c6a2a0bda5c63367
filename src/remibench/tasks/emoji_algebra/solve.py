"""Solving EmojiAlgebra items from their structure, and the checks every item must pass.

The spec holds only emoji indices, coefficients and constants; :func:`solve_values` solves the
equations in image order with exact fractions. :func:`validate` holds the sampler's checks;
:func:`check_alternatives` makes sure no equation's value is forced by the others.
"""

from __future__ import annotations

import copy
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from remibench.tasks.base import Rejected

if TYPE_CHECKING:
    from remibench.tasks.emoji_algebra.task import EmojiAlgebraConfig

Spec = dict[str, Any]

VALUE_LIMIT = 30  # no emoji is worth more than the value-range knobs allow, nor 0

def solve_values(spec: Spec, bump: dict[int, int] | None = None) -> list[Fraction]:
    """Each emoji's value, solving the equations in image order.

    Equation ``L*x = sum(c*e) + k`` for target ``x``: collect the coefficient ``a`` of ``x`` on
    the right, then ``x = (sum over other emojis + constants) / (L - a)``. ``bump`` adds to an
    emoji's solved value before later equations use it (to test which equations matter).
    """
    n = len(spec["emojis"])
    values: list[Fraction | None] = [None] * n
    for equation in spec["equations"]:
        target = equation["target"]
        own = Fraction(0)
        rest = Fraction(0)
        for term in equation["rhs"]:
            emoji = term["emoji"]
            if emoji is None:
                rest += term["coef"]
            elif emoji == target:
                own += term["coef"]
            elif values[emoji] is None:
                raise ValueError(f"equation for emoji {target} uses emoji {emoji} before it is known")
            else:
                rest += term["coef"] * values[emoji]
        divisor = equation["lhs_coef"] - own
        if divisor == 0:
            raise ValueError(f"equation for emoji {target} does not determine it")
        values[target] = rest / divisor + (bump or {}).get(target, 0)
    if any(v is None for v in values):
        raise ValueError("some emoji has no equation")
    return values  # type: ignore[return-value]


def evaluate(spec: Spec, values: list[Fraction]) -> Fraction:
    """The expression's value for the given emoji values."""
    total = Fraction(0)
    for term in spec["expression"]:
        product = Fraction(term["coef"])
        for emoji in term["factors"]:
            product *= values[emoji]
        total += product
    return total


def needed_emojis(spec: Spec) -> set[int]:
    """Emojis the expression uses, directly or through the equations of emojis it uses."""
    refs = {eq["target"]: {t["emoji"] for t in eq["rhs"] if t["emoji"] not in (None, eq["target"])}
            for eq in spec["equations"]}
    needed: set[int] = set()
    stack = [e for term in spec["expression"] for e in term["factors"]]
    while stack:
        emoji = stack.pop()
        if emoji not in needed:
            needed.add(emoji)
            stack.extend(refs.get(emoji, ()))
    return needed


def with_value(spec: Spec, index: int, value: int) -> Spec:
    """A copy of ``spec`` whose equation ``index`` has its constant reset so its emoji equals ``value``.

    Later equations are untouched: emojis defined in terms of this one change with it.
    """
    varied = copy.deepcopy(spec)
    equation = varied["equations"][index]
    target, values = equation["target"], solve_values(spec)
    rest = [t for t in equation["rhs"] if t["emoji"] is not None]
    own = sum(t["coef"] for t in rest if t["emoji"] == target)
    constant = (equation["lhs_coef"] - own) * value
    constant -= sum(t["coef"] * values[t["emoji"]] for t in rest if t["emoji"] != target)
    slot = next((i for i, t in enumerate(equation["rhs"]) if t["emoji"] is None), None)
    if constant and slot is None:
        equation["rhs"].append({"coef": int(constant), "emoji": None})
    elif constant and slot is not None:
        equation["rhs"][slot]["coef"] = int(constant)
    elif slot is not None:
        del equation["rhs"][slot]
    return varied


def validate(spec: Spec, config: EmojiAlgebraConfig) -> list[int]:
    """The emoji values of a spec that passes the sampler's checks; Rejected otherwise.

    Checks from the structure alone: non-zero integer values within the knobs' range, no
    reference to an emoji worth 1 or -1 (reading ``3*🍎`` as 3 would then be right), constants
    within bounds, a bounded integer answer and every equation image needed.
    """
    solved = solve_values(spec)
    if any(v.denominator != 1 for v in solved):
        raise Rejected("non-integer emoji value")
    values = [int(v) for v in solved]
    if any(v == 0 or abs(v) > VALUE_LIMIT for v in values):
        raise Rejected("an emoji value is 0 or out of range")
    referenced = {t["emoji"] for eq in spec["equations"] for t in eq["rhs"] if t["emoji"] not in (None, eq["target"])}
    if any(abs(values[e]) == 1 for e in referenced):
        raise Rejected("an equation refers to an emoji worth 1 or -1")
    constants = [t["coef"] for eq in spec["equations"] for t in eq["rhs"] if t["emoji"] is None]
    if any(c == 0 or abs(c) > config.max_abs_constant for c in constants):
        raise Rejected("equation constant too large")
    answer = evaluate(spec, solved)
    if answer.denominator != 1 or abs(answer) > config.max_abs_label:
        raise Rejected("answer too large")
    n = len(values)
    if needed_emojis(spec) != set(range(n)):
        raise Rejected("equation image not needed")
    # values are affine in a bump and terms have at most 3 factors, so 3 bumps detect any
    # dependence (a non-constant cubic cannot return to its value at 3 more points)
    for emoji in range(n):
        if all(evaluate(spec, solve_values(spec, {emoji: d})) == answer for d in (1, 2, 3)):
            raise Rejected("answer does not depend on an emoji")
    return values


def check_alternatives(spec: Spec, config: EmojiAlgebraConfig) -> None:
    """Reject a spec in which some equation's emoji could take no other value in the value range.

    A later equation may divide by its left coefficient (``2*x = y + 3``), so only some values of
    an earlier emoji keep every later value an integer. When the image's own value is the only
    one that does, a solver told that emojis are integers could infer it without reading the
    image. Each emoji needs another value in the range giving a valid item with another answer.
    """
    answer = evaluate(spec, solve_values(spec))
    for index, equation in enumerate(spec["equations"]):
        current = solve_values(spec)[equation["target"]]
        for value in range(config.value_min, config.value_max + 1):
            if value == 0 or value == current:
                continue
            varied = with_value(spec, index, value)
            if not varied["equations"][index]["rhs"]:
                continue
            try:
                validate(varied, config)
            except (Rejected, ValueError):
                continue
            if evaluate(varied, solve_values(varied)) != answer:
                break
        else:
            raise Rejected("an equation's value is forced by the later ones")
