"""IQ's audit hooks: what a solver sees, variations of the matrix, and the tricks to rule out.

Image 1 is the matrix; images 2-6 are the options. The matrix is varied by redrawing the first
two panels of row 3 so that the row rules point at another option; where an attribute's rule
cannot reach that option's value, the attribute takes another rule the sampler uses and rows 1
and 2 are redrawn for it. The variation must pass the sampler's own checks. An option image
cannot change the label on its own: making the answer wrong leaves no option that fits, and
making a distractor fit leaves two. So ``vary`` never varies an option image (``NoVariation``);
the options are the candidates of the counterfactual test instead: ``answer_set`` lists every
option that keeps the row rules, and ``vary_candidate`` gives a distractor the values the rules
ask for (a second answer) or moves one governed attribute of a fitting option to another value
the matrix shows (it stops fitting).
"""

from __future__ import annotations

import copy
import random
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit, View
from remibench.tasks.base import Rejected
from remibench.tasks.iq.guessers import GUESSERS
from remibench.tasks.iq.rulebook import AXIS_KINDS, VARYING_KINDS, generator_rules
from remibench.tasks.iq.rules import (
    SHAPES,
    Value,
    attribute_value,
    expected_values,
    governed,
    lines,
    n_slots,
    option_satisfies,
    panel_key,
    satisfying_options,
    scalar_domain,
    shift_positions,
)
from remibench.tasks.iq.task import LETTERS, TASK, IQConfig, _check_unambiguous, check_rows, scalar_table

Spec = dict[str, Any]
MIN_RULES, MAX_RULES = IQConfig().min_rules, IQConfig().max_rules  # the sampler's default bounds


def _subsets(slots: int) -> list[tuple[int, ...]]:
    return [tuple(i for i in range(slots) if mask >> i & 1) for mask in range(1, 2 ** slots)]


def _row_starts(attr: str, rule: dict[str, Any], target: Value, first_row: list[Value], layout: str,
                rng: random.Random) -> list[tuple[Value, Value]]:
    """Pairs (a, b) for the first two panels of a row whose rule gives ``target`` third."""
    kind = rule["kind"]
    if kind == "constant":
        return [(target, target)]
    if kind == "distribute_three":
        rest = [v for v in first_row if v != target]
        return [(rest[0], rest[1]), (rest[1], rest[0])] if len(set(first_row)) == 3 and len(rest) == 2 else []
    if attr == "position":
        slots = n_slots(layout)
        if kind == "progression":
            step = int(rule["step"])
            return [(shift_positions(target, -2 * step, slots), shift_positions(target, -step, slots))]  # type: ignore[arg-type]
        subsets = _subsets(slots)
        if rule["op"] == "add":
            pairs = [(a, b) for a in subsets for b in subsets if tuple(sorted(set(a) | set(b))) == target]
        else:
            pairs = [(a, b) for a in subsets for b in subsets if set(b) < set(a) and tuple(sorted(set(a) - set(b))) == target]
        return [p for p in pairs if len({p[0], p[1], target}) == 3]
    domain = scalar_domain(attr, layout)
    if kind == "progression":
        step = int(rule["step"])
        return [(target - 2 * step, target - step)]  # type: ignore[operator]
    sign = 1 if rule["op"] == "add" else -1
    return [(a, b) for a in domain for b in domain if a + sign * b == target]


def _pairs(attr: str, rule: dict[str, Any], target: Value, values: list[Value], layout: str,
           rng: random.Random) -> list[tuple[Value, Value]]:
    return [p for p in _row_starts(attr, rule, target, lines(values, "row")[0], layout, rng)
            if all(_in_domain(attr, v, layout) for v in p)]


def _retarget(spec: Spec, option: int, rng: random.Random) -> Spec:
    """The spec with the matrix redrawn so that its rules give option ``option``: the first two
    panels of row 3 change; where the attribute's rule cannot reach the option's value (a
    progression runs out of values), that attribute gets another rule the sampler uses, with
    rows 1 and 2 redrawn for it."""
    layout, wanted = spec["layout"], spec["options"][option]
    varied = copy.deepcopy(spec)
    panels, rules = varied["panels"], varied["rules"]
    for attr in governed(spec):
        values = [attribute_value(p, attr) for p in panels]
        target = attribute_value(wanted, attr)
        pairs = _pairs(attr, rules[attr], target, values, layout, rng)
        if not pairs and attr != "position":
            # an attribute the options differ in keeps a progression or arithmetic rule, as the sampler gives it
            kinds = AXIS_KINDS if rules[attr]["kind"] in AXIS_KINDS else VARYING_KINDS + ("constant",)
            others = [r for r in generator_rules(attr, layout, kinds) + [{"kind": "constant"}]
                      if r != rules[attr] and r["kind"] in kinds]
            rng.shuffle(others)
            for rule in others:
                table: list[Value] = list(scalar_table(rng, rule, scalar_domain(attr, layout)))
                pairs = _pairs(attr, rule, target, table[:6] + values[6:], layout, rng)
                if pairs:
                    rules[attr] = rule
                    for panel, value in zip(panels[:6], table[:6]):
                        _set(panel, attr, value, layout, rng)
                    break
        if not pairs:
            raise NoVariation(f"no row 3 gives the option's {attr}")
        for panel, value in zip(panels[6:8], rng.choice(pairs)):
            _set(panel, attr, value, layout, rng)
    n_varying = len({"numpos" if a in ("number", "position") else a for a, r in rules.items()
                     if r["kind"] not in ("constant", "free")})
    if not MIN_RULES <= n_varying <= MAX_RULES:
        raise NoVariation(f"{n_varying} varying rules")
    return varied


def _in_domain(attr: str, value: Value, layout: str) -> bool:
    if attr == "position":
        return isinstance(value, tuple) and len(value) > 0
    return value in scalar_domain(attr, layout)


def _set(panel: dict[str, Any], attr: str, value: Value, layout: str, rng: random.Random) -> None:
    if attr == "position":
        panel["positions"] = list(value)  # type: ignore[arg-type]
    elif attr == "number":
        if len(panel["positions"]) != value:
            panel["positions"] = sorted(rng.sample(range(n_slots(layout)), value))  # type: ignore[arg-type]
    elif attr == "shape":
        panel["shape"] = SHAPES[value]  # type: ignore[index]
    else:
        panel[attr] = value


def _valid(spec: Spec, answer: int) -> Spec:
    """The sampler's checks: rules hold, one reading only, no repeated row, one option fits."""
    try:
        expected = expected_values(spec)
    except ValueError as error:
        raise NoVariation(str(error)) from None
    ninth = dict(spec["options"][answer])
    try:
        _check_unambiguous(spec["layout"], spec["panels"] + [ninth])
        check_rows(spec["panels"] + [ninth])
    except Rejected as error:
        raise NoVariation(str(error)) from None
    if not expected or satisfying_options(spec) != [answer]:
        raise NoVariation("the redrawn row does not single out the option")
    if len({panel_key(o) for o in spec["options"]}) != 5:
        raise NoVariation("two options look the same")
    return spec


class IQAudit(TaskAudit):
    task = "IQ"

    def options(self, spec: Spec) -> tuple[str, ...] | None:
        return tuple("ABCDE")

    def view(self, spec: Spec) -> View:
        seen = {"layout": spec["layout"], "panels": copy.deepcopy(spec["panels"]),
                "options": copy.deepcopy(spec["options"])}
        return View(question=TASK.question(spec), options=self.options(spec), seen=seen)

    def vary(self, spec: Spec, part: Part, rng: Any) -> Spec:
        if part != 1:
            raise NoVariation("one option alone cannot change the answer: it would leave none or two that fit")
        current = satisfying_options(spec)[0]
        others = [i for i in range(5) if i != current]
        option = rng.choice(others)
        return _valid(_retarget(spec, option, rng), option)

    def text_carries_data(self, spec: Spec) -> bool:
        return False

    def candidates(self, spec: Spec) -> list[int]:
        return [2 + i for i in range(len(spec["options"]))]

    def answer_set(self, spec: Spec) -> frozenset[str]:
        """The letters of every option that keeps the row rules (none when the matrix breaks them)."""
        try:
            return frozenset(LETTERS[i] for i in satisfying_options(spec))
        except ValueError:
            return frozenset()

    def vary_candidate(self, spec: Spec, image: int, rng: Any) -> Spec:
        """Option ``image`` alone changed: a distractor takes every value the rules ask for, a
        fitting option gets one governed attribute set to another value the matrix shows."""
        index = image - 2
        if not 0 <= index < len(spec["options"]):
            raise NoVariation(f"image {image} is not an option")
        try:
            expected = expected_values(spec)
        except ValueError as error:
            raise NoVariation(str(error)) from None
        layout = spec["layout"]
        varied = copy.deepcopy(spec)
        option = varied["options"][index]
        if not option_satisfies(spec, option, expected):
            for attr, value in expected.items():  # every governed value the option misses
                if attribute_value(option, attr) != value:
                    _set(option, attr, value, layout, rng)
            return varied
        choices = [(attr, value) for attr in expected
                   for value in sorted({attribute_value(p, attr) for p in spec["panels"]}) if value != expected[attr]]
        if not choices:
            raise NoVariation("the matrix shows no other value of a governed attribute")
        attr, value = rng.choice(choices)
        _set(option, attr, value, layout, rng)
        return varied


AUDIT = IQAudit()
AUDIT.guessers = GUESSERS
