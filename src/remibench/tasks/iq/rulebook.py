"""Which row rules each layout allows, and drawing an item's rules so that its options have
attributes to differ in.

The five options differ only in attributes whose rule is a progression by two levels (any step
for positions) or an arithmetic rule. Under a constant or distribute-three rule every value
appears a multiple of three times in the full matrix, so the missing panel's value is the one the
eight shown panels show 2, 5 or 8 times, and no choice of distractor values on such an attribute
could hide it. Under a progression by one level the answer's value is next to panel 8's, and every
value as near is a value row 3 already shows; a step of two leaves a value between them. An item whose options
differ in k attributes therefore gets at least k groups (number and position count as one) with
a progression or arithmetic rule; the other varying groups may take any rule.
"""

from __future__ import annotations

import random
from typing import Any

from remibench.tasks.iq.rules import ATTRIBUTES, n_slots, scalar_domain

Rule = dict[str, Any]
Groups = dict[str, dict[str, list[Rule]]]

VARYING_KINDS = ("progression", "arithmetic", "distribute_three")
AXIS_KINDS = ("progression", "arithmetic")  # the rules whose value counts follow no multiple-of-three pattern
APPLICABLE: dict[str, tuple[str, ...]] = {
    "number": VARYING_KINDS,
    "position": VARYING_KINDS,
    "shape": ("progression", "distribute_three"),
    "size": VARYING_KINDS,
    "colour": ("progression", "distribute_three"),
}


def generator_rules(attr: str, layout: str, kinds: list[str] | tuple[str, ...]) -> list[Rule]:
    """Every varying rule the sampler may give ``attr`` in ``layout``."""
    slots = n_slots(layout)
    if attr in ("number", "position") and slots == 1:
        return []
    out: list[Rule] = []
    for kind in APPLICABLE[attr]:
        if kind not in kinds:
            continue
        if kind == "progression":
            for step in (-2, -1, 1, 2):
                if attr == "position":
                    ok = (2 * step) % slots != 0
                else:
                    domain = scalar_domain(attr, layout)
                    ok = 2 * abs(step) <= max(domain) - min(domain)
                if ok:
                    out.append({"kind": "progression", "step": step})
        elif kind == "arithmetic":
            if attr == "size" and min(scalar_domain("size", layout)) != 1:
                continue  # sizes only add up when the smallest level is one unit
            out += [{"kind": "arithmetic", "op": "add"}, {"kind": "arithmetic", "op": "sub"}]
        else:
            out.append({"kind": "distribute_three"})
    return out


def rule_groups(layout: str, attributes: list[str], kinds: list[str] | tuple[str, ...]) -> Groups:
    """Groups of attributes that can vary (number and position form one group) and their rules."""
    groups: Groups = {}
    for attr in attributes:
        rules = generator_rules(attr, layout, kinds)
        if rules:
            group = "numpos" if attr in ("number", "position") else attr
            groups.setdefault(group, {})[attr] = rules
    return groups


def is_axis_rule(attr: str, rule: Rule, layout: str) -> bool:
    """Whether the options may differ in ``attr`` under ``rule`` (see the module docstring). A
    progression by two needs six levels: over five, every row would run through the same three."""
    if rule["kind"] == "progression":
        return attr == "position" or (abs(int(rule["step"])) == 2 and len(scalar_domain(attr, layout)) >= 6)
    return rule["kind"] == "arithmetic"


def axis_groups(layout: str, attributes: list[str], kinds: list[str] | tuple[str, ...]) -> Groups:
    """The groups that can take a rule the options may differ in, with only those rules."""
    groups = rule_groups(layout, attributes, [k for k in kinds if k in AXIS_KINDS])
    out: Groups = {}
    for group, attrs in groups.items():
        for attr, rules in attrs.items():
            kept = [rule for rule in rules if is_axis_rule(attr, rule, layout)]
            if kept:
                out.setdefault(group, {})[attr] = kept
    return out


def n_values(attr: str, layout: str) -> int:
    """How many values ``attr`` can take in ``layout``."""
    return 2 ** n_slots(layout) - 1 if attr == "position" else len(scalar_domain(attr, layout))


def wide_groups(groups: Groups, layout: str) -> Groups:
    """The attributes of ``groups`` with at least five values: a single option axis needs five."""
    out: Groups = {}
    for group, attrs in groups.items():
        for attr, rules in attrs.items():
            if n_values(attr, layout) >= 5:
                out.setdefault(group, {})[attr] = rules
    return out


def option_groups(layout: str, attributes: list[str], kinds: list[str] | tuple[str, ...], n_axes: int) -> Groups:
    """The groups that can carry one of ``n_axes`` option axes (with five values when it is the only one)."""
    axes = axis_groups(layout, attributes, kinds)
    return wide_groups(axes, layout) if n_axes == 1 else axes


def draw_rules(rng: random.Random, layout: str, attributes: list[str], kinds: list[str], n_rules: int,
               n_axes: int) -> dict[str, Rule]:
    """Rules for the five attributes: ``n_rules`` groups vary, ``n_axes`` of them by a progression or
    arithmetic rule (the attributes the options can differ in); the partner of a varying number or
    position is ``free``."""
    groups = rule_groups(layout, attributes, kinds)
    axes = option_groups(layout, attributes, kinds, n_axes)
    chosen = rng.sample(sorted(axes), n_axes)
    chosen += rng.sample(sorted(set(groups) - set(chosen)), n_rules - n_axes)
    rules: dict[str, Rule] = {attr: {"kind": "constant"} for attr in ATTRIBUTES}
    for i, group in enumerate(chosen):
        pool = axes[group] if i < n_axes else groups[group]
        attr = rng.choice(sorted(pool))
        rules[attr] = dict(rng.choice(pool[attr]))
        if group == "numpos":
            rules["position" if attr == "number" else "number"] = {"kind": "free"}
    return rules


def axis_attributes(rules: dict[str, Rule], layout: str) -> list[str]:
    """The attributes the options may differ in (see :func:`is_axis_rule`)."""
    return [attr for attr in ATTRIBUTES if is_axis_rule(attr, rules[attr], layout)]
