"""IQ: which of five options completes a Raven-style 3x3 matrix?

Every row of the matrix follows the same rule per attribute (number, position, shape, size,
colour of the entities; see :mod:`remibench.tasks.iq.rules`). Some attributes get a varying
rule (progression, arithmetic, distribute-three), the rest stay constant along each row; when
the number of entities varies their positions are free, when positions follow a rule the
number follows from them. Draws in which another rule, read along rows or columns, would give a
different missing panel are rejected, so the answer is what any consistent reading gives.

The five options are built the I-RAVEN way: the answer and its distractors are the points of a
small grid over one to three attributes (each axis: the answer's value and one to four other
values), and the five points are a random subset containing the answer in which every axis
value is equally common as far as five allows. The attributes are ones with a progression by
two levels or an arithmetic rule (see :mod:`remibench.tasks.iq.rulebook` for why). The grid
looks the same from each of its points, so which option is the answer cannot be read off the
options alone (no majority vote, no odd one out); how often the matrix shows each value, and how
near each option lies to the panels around the gap, do not single out the answer either (see
:mod:`remibench.tasks.iq.options`). The spec stores rules, the eight shown panels and the
five options, never which option is right; the solver re-derives it from the rules.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from PIL import Image

from remibench.seeding import derive_seed
from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_min_max, check_range, knob
from remibench.tasks.iq.drawing import render_matrix, render_option
from remibench.tasks.iq.options import OptionPlan, build_options, option_plan
from remibench.tasks.iq.rulebook import VARYING_KINDS, draw_rules, option_groups, rule_groups
from remibench.tasks.iq.rules import (
    ATTRIBUTES,
    LAYOUT_GRID,
    SHAPES,
    Panel,
    Value,
    attribute_value,
    n_slots,
    panel_key,
    plausible_answers,
    satisfying_options,
    scalar_domain,
    solve_index,
)

LETTERS = "ABCDE"
PLAN_TRIES = 300  # matrices drawn per attempt to fit the option plan: some plans fit few matrices
FREE_TRIES = 10  # then matrices with free option values (knobs that leave no matrix fitting the plan)
TEMPLATES = [
    "Which option completes the pattern in <image1>? Option A: <image2> Option B: <image3> Option C: <image4> "
    "Option D: <image5> Option E: <image6>. Answer with the letter.",
    "<image1> The image above is a 3x3 grid of panels whose bottom-right panel is missing. Which of the "
    "following options fits in the missing panel? A: <image2> B: <image3> C: <image4> D: <image5> E: <image6> "
    "Answer with the letter of the option.",
    "Look at the pattern of shapes in <image1>. Every row follows the same rules. Which panel should replace "
    "the question mark? (A) <image2> (B) <image3> (C) <image4> (D) <image5> (E) <image6> Give the letter of "
    "your choice.",
    "Here is an IQ test question: <image1> Choose the panel that correctly replaces the question mark from "
    "these options: A <image2>, B <image3>, C <image4>, D <image5>, E <image6>. Respond with the option letter.",
    "In the matrix shown in <image1>, the figures follow fixed rules along each row: their number, position, "
    "shape, size and colour each either stay the same or change in a regular way. Which option belongs in "
    "the empty cell marked with \"?\"? "
    "Option A: <image2> Option B: <image3> Option C: <image4> Option D: <image5> Option E: <image6> "
    "Answer with a letter from A to E.",
    "Find the missing panel of the puzzle in <image1>. The candidates are A <image2> B <image3> C <image4> "
    "D <image5> and E <image6>. Which letter is the correct answer?",
]


@dataclass
class IQConfig(TaskConfig):
    layouts: list = knob(list(LAYOUT_GRID), f"panel layouts to draw from: {', '.join(LAYOUT_GRID)}")
    min_rules: int = knob(1, "fewest attributes with a varying (non-constant) row rule (1-4; number and "
                          "position count as one)")
    max_rules: int = knob(3, "most attributes with a varying row rule (1-4); at least min_option_attrs, "
                          "since the options differ only in attributes with a varying rule")
    vary_attributes: list = knob(list(ATTRIBUTES), f"attributes allowed to vary: {', '.join(ATTRIBUTES)}")
    rule_kinds: list = knob(list(VARYING_KINDS), f"varying rule kinds allowed: {', '.join(VARYING_KINDS)}")
    min_option_attrs: int = knob(2, "fewest attributes in which the five options differ (1-3); only attributes "
                                 "with a progression by two levels or an arithmetic rule")
    max_option_attrs: int = knob(3, "most attributes in which the five options differ (1-3)")

    def validate(self) -> None:
        check_range(self, "min_rules", 1, 4)
        check_range(self, "max_rules", 1, 4)
        check_min_max(self, "min_rules", "max_rules")
        check_range(self, "min_option_attrs", 1, 3)
        check_range(self, "max_option_attrs", 1, 3)
        check_min_max(self, "min_option_attrs", "max_option_attrs")
        for name, allowed in (("layouts", LAYOUT_GRID), ("vary_attributes", ATTRIBUTES), ("rule_kinds", VARYING_KINDS)):
            values = getattr(self, name)
            if not values or any(v not in allowed for v in values):
                raise ConfigError(f"IQConfig.{name}={values!r}: choose one or more of {', '.join(allowed)}")
        if max(len(rule_groups(layout, self.vary_attributes, self.rule_kinds)) for layout in self.layouts) < self.min_rules:
            raise ConfigError(f"IQConfig: no layout in {self.layouts} lets {self.min_rules} attributes vary "
                              f"with attributes {self.vary_attributes} and rule kinds {self.rule_kinds}")
        if not self.option_attr_counts():
            raise ConfigError(f"IQConfig: the options differ only in attributes with a progression by two levels "
                              f"or an arithmetic rule, and no layout in {self.layouts} gives {self.min_option_attrs} "
                              f"to {self.max_option_attrs} of them (a single one needs five values; at most "
                              f"max_rules={self.max_rules}) with attributes {self.vary_attributes} and rule kinds "
                              f"{self.rule_kinds}")

    def layouts_for(self, n_axes: int) -> list[str]:
        """The layouts that allow ``min_rules`` varying attributes and ``n_axes`` option attributes."""
        return [layout for layout in self.layouts
                if len(rule_groups(layout, self.vary_attributes, self.rule_kinds)) >= self.min_rules
                and len(option_groups(layout, self.vary_attributes, self.rule_kinds, n_axes)) >= n_axes]

    def option_attr_counts(self) -> list[int]:
        """The numbers of option attributes some layout allows, within the knobs' bounds."""
        return [k for k in range(self.min_option_attrs, self.max_option_attrs + 1)
                if k <= self.max_rules and self.layouts_for(k)]


# ---------------------------------------------------------------- drawing the matrix values

def _random_set(rng: random.Random, slots: int, size: int) -> tuple[int, ...]:
    return tuple(sorted(rng.sample(range(slots), size)))


def _shifted_rows(rng: random.Random, values: list[Any]) -> list[Any]:
    """Distribute-three: each row holds the three values, each column too."""
    shift = rng.choice((1, 2))
    return [values[(c + r * shift) % 3] for r in range(3) for c in range(3)]


def scalar_table(rng: random.Random, rule: dict[str, Any], domain: list[int]) -> list[int]:
    """Nine values in reading order that follow ``rule`` along every row."""
    kind, lo, hi = rule["kind"], min(domain), max(domain)
    out: list[int] = []
    if kind == "distribute_three":
        return _shifted_rows(rng, rng.sample(domain, 3))
    for _ in range(3):
        if kind == "constant":
            v = rng.choice(domain)
            out += [v, v, v]
        elif kind == "progression":
            step = rule["step"]
            starts = list(range(lo - min(0, 2 * step), hi - max(0, 2 * step) + 1))
            if len(out) == 6 and len(starts) > 1:  # row 3 unlike row 2, or the answer is the panel above's
                starts.remove(out[3])
            start = rng.choice(starts)
            out += [start, start + step, start + 2 * step]
        elif kind == "arithmetic":
            sign = 1 if rule["op"] == "add" else -1
            pairs = [(a, b) for a in domain for b in domain if lo <= a + sign * b <= hi]
            a, b = rng.choice(pairs)
            out += [a, b, a + sign * b]
        else:
            raise ValueError(kind)
    return out


def position_table(rng: random.Random, rule: dict[str, Any], slots: int) -> list[tuple[int, ...]]:
    """Nine slot sets in reading order that follow ``rule`` along every row."""
    kind = rule["kind"]
    if kind == "distribute_three":
        size = rng.randint(1, slots - 1)
        sets: set[tuple[int, ...]] = set()
        while len(sets) < 3:
            sets.add(_random_set(rng, slots, size))
        return _shifted_rows(rng, rng.sample(sorted(sets), 3))
    out: list[tuple[int, ...]] = []
    for _ in range(3):
        for _try in range(50):
            if kind == "constant":
                a = _random_set(rng, slots, rng.randint(1, slots))
                row = [a, a, a]
            elif kind == "progression":
                step = rule["step"]
                a = _random_set(rng, slots, rng.randint(1, slots - 1))
                b = tuple(sorted((p + step) % slots for p in a))
                c = tuple(sorted((p + 2 * step) % slots for p in a))
                row = [a, b, c]
            elif rule["op"] == "add":
                a = _random_set(rng, slots, rng.randint(1, slots - 1))
                b = _random_set(rng, slots, rng.randint(1, slots - 1))
                row = [a, b, tuple(sorted(set(a) | set(b)))]
            else:
                a = _random_set(rng, slots, rng.randint(2, slots))
                b = tuple(sorted(rng.sample(a, rng.randint(1, len(a) - 1))))
                row = [a, b, tuple(sorted(set(a) - set(b)))]
            if kind == "constant" or len(set(row)) == 3:
                break
        else:
            raise Rejected("no distinct position sets for the row rule")
        out += row
    return out


def _panels(layout: str, rules: dict[str, dict[str, Any]], rng: random.Random) -> list[Panel]:
    """All nine panels (the ninth is the answer) drawn from the rules."""
    slots = n_slots(layout)
    if rules["number"]["kind"] != "free" and rules["position"]["kind"] == "free":
        numbers = scalar_table(rng, rules["number"], scalar_domain("number", layout))
        positions = [_random_set(rng, slots, n) for n in numbers]
    else:
        positions = position_table(rng, rules["position"], slots)
    shapes = scalar_table(rng, rules["shape"], scalar_domain("shape", layout))
    sizes = scalar_table(rng, rules["size"], scalar_domain("size", layout))
    colours = scalar_table(rng, rules["colour"], scalar_domain("colour", layout))
    return [{"positions": list(positions[i]), "shape": SHAPES[shapes[i]], "size": sizes[i], "colour": colours[i]}
            for i in range(9)]


def _check_unambiguous(layout: str, panels: list[Panel]) -> None:
    """Reject a matrix in which some rule, along rows or columns, gives another missing panel."""
    attrs = ATTRIBUTES if n_slots(layout) > 1 else ATTRIBUTES[2:]
    for attr in attrs:
        values: list[Value] = [attribute_value(p, attr) for p in panels]
        for by in ("row", "col"):
            if plausible_answers(attr, values[:8], layout, by) - {values[8]}:
                raise Rejected(f"another {attr} rule fits")


def check_rows(panels: list[Panel]) -> None:
    """Reject a matrix in which a row repeats an earlier one: row 3 would then be read off the row
    above (its first two panels decide the third), not worked out from the rules."""
    keys = [panel_key(p) for p in panels]
    if keys[3:6] == keys[0:3] or keys[6:8] in (keys[0:2], keys[3:5]):
        raise Rejected("a row repeats an earlier row")


# ---------------------------------------------------------------- the task

class IQTask(Task):
    name = "IQ"
    domain = "abstract reasoning"
    consumption = "set"
    image_types_default = "different"
    version = "4"
    config_cls = IQConfig

    def sample(self, rng: random.Random, config: IQConfig, ctx: DrawContext) -> dict[str, Any]:
        answer_index = ctx.balanced(5)
        # drawn once per item, not per attempt: a rejected draw must not tilt the plan's fair coins
        plan_rng = random.Random(derive_seed("IQ option plan", ctx.seed))
        # the layout too, uniformly, or those whose matrices fit plans more often would crowd out the others
        counts = {lay: [k for k in config.option_attr_counts() if lay in config.layouts_for(k)] for lay in config.layouts}
        layout = plan_rng.choice([lay for lay in config.layouts if counts[lay]])
        plan = option_plan(plan_rng, plan_rng.choice(counts[layout]))
        last: Rejected | None = None
        # some knobs (rule kinds, attributes) leave few matrices that fit a plan: then any values do
        for tried, tries in ((plan, PLAN_TRIES), (plan.free(), FREE_TRIES)):
            for _ in range(tries):
                try:
                    return self._draw(rng, config, layout, tried, answer_index)
                except Rejected as rejected:
                    last = rejected
        raise last  # type: ignore[misc]

    def _draw(self, rng: random.Random, config: IQConfig, layout: str, plan: OptionPlan,
              answer_index: int) -> dict[str, Any]:
        """One matrix in ``layout`` and its options under ``plan``: at least as many rules the
        options may differ in as the options have attributes to differ in."""
        n_axes = len(plan.shape)
        n_groups = len(rule_groups(layout, config.vary_attributes, config.rule_kinds))
        n_rules = rng.randint(max(config.min_rules, n_axes), min(config.max_rules, n_groups))
        rules = draw_rules(rng, layout, config.vary_attributes, config.rule_kinds, n_rules, n_axes)
        panels = _panels(layout, rules, rng)
        _check_unambiguous(layout, panels)
        check_rows(panels)
        options = build_options(rng, layout, rules, panels, plan, answer_index)
        spec = {"template": rng.randrange(len(TEMPLATES)), "layout": layout, "rules": rules,
                "panels": panels[:8], "options": options}
        if len({panel_key(o) for o in options}) != 5:
            raise Rejected("two options look the same")
        if len(satisfying_options(spec)) != 1:
            raise Rejected("a distractor also satisfies the rules")
        return spec

    def question(self, spec: dict[str, Any]) -> str:
        return TEMPLATES[spec["template"]]

    def solve(self, spec: dict[str, Any]) -> str:
        return LETTERS[solve_index(spec)]

    def render(self, spec: dict[str, Any]) -> list[Image.Image]:
        matrix = render_matrix(spec["layout"], spec["panels"])
        return [matrix] + [render_option(spec["layout"], option, LETTERS[i]) for i, option in enumerate(spec["options"])]


TASK = IQTask()
