"""EmojiAlgebra's audit hooks: what a solver sees, one-image variations and the tricks to rule out.

Image 1 shows the expression, each further image one equation. A variation of an equation image
gives its emoji another value from the value range by changing that equation's constant only;
emojis defined later in terms of it change with it, but their images stay as they are. A
variation of the expression changes one term's coefficient or sign. Every variation keeps the
shared canvas width and font size, so the other images render to the same bytes.
"""

from __future__ import annotations

import copy
import random
from fractions import Fraction
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit, View
from remibench.tasks.base import Rejected
from remibench.tasks.emoji_algebra.drawing import line_layout
from remibench.tasks.emoji_algebra.solve import solve_values, validate, with_value
from remibench.tasks.emoji_algebra.task import TASK, EmojiAlgebraConfig, image_lines

CONFIG = EmojiAlgebraConfig()


def _valid(spec: dict[str, Any], original: dict[str, Any]) -> dict[str, Any]:
    """``spec`` if the sampler could have drawn it and it draws the other images as ``original`` does."""
    if any(not equation["rhs"] for equation in spec["equations"]):
        raise NoVariation("an equation would have an empty right side")
    try:
        validate(spec, CONFIG)
    except (Rejected, ValueError) as error:
        raise NoVariation(str(error)) from None
    if line_layout(image_lines(spec)) != line_layout(image_lines(original)):
        raise NoVariation("the shared canvas width or font size would change")
    return spec


def _vary_equation(spec: dict[str, Any], index: int, rng: random.Random) -> dict[str, Any]:
    """Another value of the equation's emoji from the value range, tried in random order until
    one gives a valid item (the sampler makes sure one exists, see ``check_alternatives``)."""
    current = solve_values(spec)[spec["equations"][index]["target"]]
    choices = [v for v in range(CONFIG.value_min, CONFIG.value_max + 1) if v and v != current]
    rng.shuffle(choices)
    for value in choices:
        try:
            return _valid(with_value(spec, index, value), spec)
        except NoVariation:
            continue
    raise NoVariation("no other value of this emoji gives a valid item")


def _vary_expression(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """One term with another coefficient (2..expr_coef_max or none) or, after the first, the other sign."""
    choices = []
    for i, term in enumerate(spec["expression"]):
        sign, size = (1 if term["coef"] > 0 else -1), abs(term["coef"])
        choices += [(i, sign * c) for c in range(1, CONFIG.expr_coef_max + 1) if c != size]
        if i:
            choices.append((i, -term["coef"]))
    rng.shuffle(choices)
    for i, coef in choices:
        varied = copy.deepcopy(spec)
        varied["expression"][i]["coef"] = coef
        try:
            return _valid(varied, spec)
        except NoVariation:
            continue
    raise NoVariation("no other coefficient gives a valid item")


class EmojiAlgebraAudit(TaskAudit):
    task = "EmojiAlgebra"

    def view(self, spec: dict[str, Any]) -> View:
        codes = spec["emojis"]
        seen = {
            "expression": [{"coef": t["coef"], "factors": [codes[e] for e in t["factors"]]} for t in spec["expression"]],
            "equations": [{"target": codes[eq["target"]], "lhs_coef": eq["lhs_coef"],
                           "rhs": [{"coef": t["coef"], "emoji": None if t["emoji"] is None else codes[t["emoji"]]}
                                   for t in eq["rhs"]]} for eq in spec["equations"]],
        }
        return View(question=TASK.question(spec), options=None, seen=seen)

    def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
        if part == "text":
            raise NoVariation("the text carries no data of its own")
        if part == 1:
            return _vary_expression(spec, rng)
        return _vary_equation(spec, part - 2, rng)


# --- guessers ------------------------------------------------------------------------------------


def _evaluate(view: View, values: dict[str, Fraction]) -> str | None:
    total = Fraction(0)
    for term in view.seen["expression"]:
        product = Fraction(term["coef"])
        for code in term["factors"]:
            product *= values[code]
        total += product
    return str(round(total))


def _constants(view: View) -> list[int]:
    return [t["coef"] for eq in view.seen["equations"] for t in eq["rhs"] if t["emoji"] is None]


def _has_self_reference(view: View) -> bool:
    return any(t["emoji"] == eq["target"] for eq in view.seen["equations"] for t in eq["rhs"])


def _has_reference(view: View) -> bool:
    return any(t["emoji"] not in (None, eq["target"]) for eq in view.seen["equations"] for t in eq["rhs"])


def _solve_with(view: View, own_sign: int = 1, own_terms: bool = True, refs: bool = True) -> str | None:
    """Solve the equations in order with a slip: self-references dropped or moved with the wrong
    sign, or earlier emojis read as 1. Applies only where the item has what the slip skips."""
    if not (_has_self_reference(view) if own_sign == -1 or not own_terms else _has_reference(view)):
        return None
    values: dict[str, Fraction] = {}
    for eq in view.seen["equations"]:
        own = sum(Fraction(t["coef"]) for t in eq["rhs"] if t["emoji"] == eq["target"]) if own_terms else Fraction(0)
        rest = sum(Fraction(t["coef"]) * (values.get(t["emoji"], Fraction(1)) if refs else 1)
                   for t in eq["rhs"] if t["emoji"] not in (None, eq["target"]))
        rest += sum(Fraction(t["coef"]) for t in eq["rhs"] if t["emoji"] is None)
        divisor = eq["lhs_coef"] - own_sign * own
        if divisor == 0:
            return None
        values[eq["target"]] = rest / divisor
    return _evaluate(view, values)


def zero(view: View) -> str:
    return "0"


def sum_of_constants(view: View) -> str:
    """The sum of the constants printed in the equations."""
    return str(sum(_constants(view)))


def largest_constant(view: View) -> str | None:
    constants = _constants(view)
    return str(max(constants, key=abs)) if constants else None


def last_constant(view: View) -> str | None:
    """The constant of the last equation, as if it gave the answer."""
    constants = [t["coef"] for t in view.seen["equations"][-1]["rhs"] if t["emoji"] is None]
    return str(constants[0]) if constants else None


def every_emoji_one(view: View) -> str | None:
    """The expression with every emoji worth 1 (its coefficients summed)."""
    return _evaluate(view, {eq["target"]: Fraction(1) for eq in view.seen["equations"]})


def expression_alone(view: View) -> str | None:
    """The expression image alone: every emoji worth a typical value, the middle of 1..10."""
    return _evaluate(view, {eq["target"]: Fraction(5) for eq in view.seen["equations"]})


def emoji_is_its_constant(view: View) -> str | None:
    """Each emoji worth its equation's constant (over the left coefficient), other terms ignored.
    Applies only where some equation has other terms (else this is solving)."""
    if not any(t["emoji"] is not None for eq in view.seen["equations"] for t in eq["rhs"]):
        return None
    values = {}
    for eq in view.seen["equations"]:
        constant = sum(t["coef"] for t in eq["rhs"] if t["emoji"] is None)
        values[eq["target"]] = Fraction(constant, eq["lhs_coef"])
    return _evaluate(view, values)


AUDIT = EmojiAlgebraAudit()
AUDIT.guessers = {
    "zero": zero,
    "sum of the equation constants": sum_of_constants,
    "largest equation constant": largest_constant,
    "last equation's constant": last_constant,
    "every emoji = 1": every_emoji_one,
    "expression image alone (every emoji = 5)": expression_alone,
    "each emoji = its equation's constant": emoji_is_its_constant,
    "self-references dropped": lambda view: _solve_with(view, own_terms=False),
    "self-reference moved with the wrong sign": lambda view: _solve_with(view, own_sign=-1),
    "references to earlier emojis read as 1": lambda view: _solve_with(view, refs=False),
}
