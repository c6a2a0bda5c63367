"""The attribute model of Raven-style panels and the row rules the IQ solver checks.

A panel holds identical entities (one shape, size and colour) in some slots of its layout.
Its five attributes are read back from the stored panel dict:

* ``number``: how many entities (1..slots),
* ``position``: which slots they occupy (a sorted tuple of slot indices, reading order),
* ``shape``: index into :data:`SHAPES` (ordered by number of sides, circle last),
* ``size``: level (entity width = level x :data:`SIZE_UNIT` of a slot, so sizes add up),
* ``colour``: fill level 0 (white) .. 6 (black).

A rule says how the third panel of every row follows from the first two: ``constant``,
``progression`` (``step``), ``arithmetic`` (``op`` add/sub; union/difference for positions),
``distribute_three`` (each row holds the same three values) or ``free`` (not constrained).
This module only reads specs; the sampler that builds them lives in :mod:`remibench.tasks.iq.task`.
"""

from __future__ import annotations

from typing import Any

SHAPES: tuple[str, ...] = ("triangle", "square", "pentagon", "hexagon", "circle")
LAYOUT_GRID: dict[str, int] = {"center": 1, "2x2": 2, "3x3": 3}
ATTRIBUTES: tuple[str, ...] = ("number", "position", "shape", "size", "colour")
RULE_KINDS: tuple[str, ...] = ("constant", "progression", "arithmetic", "distribute_three", "free")
N_COLOURS = 7  # grey levels, as many as stay apart by eye (RAVEN uses ten)
SIZE_UNIT: dict[str, float] = {"center": 0.13, "2x2": 0.13, "3x3": 0.23}  # entity width per level, of a slot

Value = int | tuple[int, ...]
Panel = dict[str, Any]


def n_slots(layout: str) -> int:
    return LAYOUT_GRID[layout] ** 2


def size_levels(layout: str) -> list[int]:
    """Size levels a layout uses: the smallest is about an eighth of a panel wide, large enough to
    tell the shapes apart; neighbouring levels differ by a tenth of a panel in one figure and 2x2
    panels (levels 1-7 and 2-7), by a twelfth in the small slots of 3x3 panels (levels 2-4)."""
    return {"center": list(range(1, 8)), "2x2": list(range(2, 8)), "3x3": [2, 3, 4]}[layout]


def scalar_domain(attr: str, layout: str) -> list[int]:
    """The values a scalar attribute can take in ``layout``."""
    if attr == "number":
        return list(range(1, n_slots(layout) + 1))
    if attr == "shape":
        return list(range(len(SHAPES)))
    if attr == "size":
        return size_levels(layout)
    if attr == "colour":
        return list(range(N_COLOURS))
    raise ValueError(f"{attr} is not a scalar attribute")


def attribute_value(panel: Panel, attr: str) -> Value:
    """One attribute of a stored panel, in the form the rules compute with."""
    if attr == "number":
        return len(panel["positions"])
    if attr == "position":
        return tuple(sorted(panel["positions"]))
    if attr == "shape":
        return SHAPES.index(panel["shape"])
    return int(panel[attr])


def panel_key(panel: Panel) -> tuple[Any, ...]:
    """Everything a panel's drawing depends on: equal keys draw equal panels."""
    return (tuple(sorted(panel["positions"])), panel["shape"], panel["size"], panel["colour"])


def in_domain(attr: str, value: Value, layout: str) -> bool:
    if attr == "position":
        slots = n_slots(layout)
        return isinstance(value, tuple) and len(value) > 0 and all(0 <= v < slots for v in value)
    return value in scalar_domain(attr, layout)


def shift_positions(positions: tuple[int, ...], step: int, slots: int) -> tuple[int, ...]:
    """Every entity moved ``step`` slots on in reading order, wrapping around."""
    return tuple(sorted((p + step) % slots for p in positions))


def predict(attr: str, rule: dict[str, Any], a: Value, b: Value, first_line: list[Value],
            layout: str) -> Value | None:
    """The third value of a line starting ``a, b`` under ``rule``; None if the rule cannot hold.

    ``first_line`` is the first complete line (for distribute-three, whose values it fixes).
    """
    kind = rule["kind"]
    c: Value
    if kind == "constant":
        if a != b:
            return None
        c = a
    elif kind == "progression":
        step = int(rule["step"])
        if attr == "position":
            slots = n_slots(layout)
            if shift_positions(a, step, slots) != b:  # type: ignore[arg-type]
                return None
            c = shift_positions(b, step, slots)  # type: ignore[arg-type]
        else:
            if b - a != step:  # type: ignore[operator]
                return None
            c = b + step  # type: ignore[operator]
    elif kind == "arithmetic":
        add = rule["op"] == "add"
        if attr == "position":
            sa, sb = set(a), set(b)  # type: ignore[arg-type]
            c = tuple(sorted(sa | sb if add else sa - sb))
        else:
            c = a + b if add else a - b  # type: ignore[operator]
    elif kind == "distribute_three":
        values = set(first_line)
        if len(values) != 3 or a == b or a not in values or b not in values:
            return None
        (c,) = values - {a, b}
    else:
        raise ValueError(f"rule kind {kind!r} predicts nothing")
    return c if in_domain(attr, c, layout) else None


def lines(values: list[Value], by: str) -> list[list[Value]]:
    """The 3x3 values (reading order, the ninth may be missing) as rows or as columns."""
    if by == "row":
        return [values[3 * r:3 * r + 3] for r in range(3)]
    return [values[c::3] for c in range(3)]


def line_prediction(attr: str, rule: dict[str, Any], values: list[Value], layout: str,
                    by: str = "row") -> Value | None:
    """The missing ninth value under ``rule`` if lines 1 and 2 follow it, else None."""
    first, second, third = lines(values, by)
    for line in (first, second):
        if predict(attr, rule, line[0], line[1], first, layout) != line[2]:
            return None
    return predict(attr, rule, third[0], third[1], first, layout)


def candidate_rules(attr: str, layout: str) -> list[dict[str, Any]]:
    """Every rule a solver might read into an attribute, whether or not the sampler uses it."""
    rules: list[dict[str, Any]] = [{"kind": "constant"}, {"kind": "distribute_three"}]
    if attr == "position":
        slots = n_slots(layout)
        rules += [{"kind": "progression", "step": s} for s in range(1, slots)]
    else:
        domain = scalar_domain(attr, layout)
        span = max(domain) - min(domain)
        rules += [{"kind": "progression", "step": s} for s in range(-span, span + 1) if s and 2 * abs(s) <= span]
    if attr != "shape":
        rules += [{"kind": "arithmetic", "op": "add"}, {"kind": "arithmetic", "op": "sub"}]
    return rules


def plausible_answers(attr: str, values: list[Value], layout: str, by: str) -> set[Value]:
    """Every ninth value some candidate rule, read along rows or columns, would give."""
    out: set[Value] = set()
    for rule in candidate_rules(attr, layout):
        value = line_prediction(attr, rule, values, layout, by)
        if value is not None:
            out.add(value)
    return out


def governed(spec: dict[str, Any]) -> list[str]:
    """The attributes whose rule constrains the missing panel."""
    return [attr for attr in ATTRIBUTES if spec["rules"][attr]["kind"] != "free"]


def expected_values(spec: dict[str, Any]) -> dict[str, Value]:
    """What each governed attribute of the missing panel must be, from the eight shown panels.

    Raises ValueError when the shown panels break a stated rule or a rule gives no value.
    """
    layout = spec["layout"]
    out: dict[str, Value] = {}
    for attr in governed(spec):
        rule = spec["rules"][attr]
        values = [attribute_value(p, attr) for p in spec["panels"]]
        value = line_prediction(attr, rule, values, layout, "row")
        if value is None:
            raise ValueError(f"the shown panels do not follow the {rule['kind']} rule on {attr}")
        out[attr] = value
    return out


def option_satisfies(spec: dict[str, Any], option: Panel, expected: dict[str, Value]) -> bool:
    """Whether ``option`` in the missing place keeps every row rule."""
    return all(attribute_value(option, attr) == value for attr, value in expected.items())


def satisfying_options(spec: dict[str, Any]) -> list[int]:
    """Indices of the options that complete the matrix under its rules."""
    expected = expected_values(spec)
    return [i for i, option in enumerate(spec["options"]) if option_satisfies(spec, option, expected)]


def solve_index(spec: dict[str, Any]) -> int:
    """The index of the one option that satisfies every rule (ValueError unless exactly one)."""
    valid = satisfying_options(spec)
    if len(valid) != 1:
        raise ValueError(f"{len(valid)} options satisfy the rules, expected exactly one")
    keys = [panel_key(o) for o in spec["options"]]
    if len(set(keys)) != len(keys):
        raise ValueError("two options draw identically")
    return valid[0]
