"""FuncRead item checks: every asked value readable, and every plotted graph changing the answer.

An item where one term is 0, where two compared values tie, or where a composition would give the
same number with one function left out can be answered without reading one of the graphs. The
sampler rejects such draws, and the audit's variations run the same checks, so a varied item is
one the sampler could have produced.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from remibench.tasks.func_read.model import limit, readable, reading, value

Spec = dict[str, Any]


def h_piece(spec: Spec, x: Fraction, side: str | None = None) -> str:
    """Name of the plotted function that defines ``h`` at ``x`` (or just right/left of it)."""
    index = 0
    for c, closed_left in zip(spec["splits"], spec["closed_left"]):
        if x > c or (x == c and (side == "+" or (side is None and not closed_left))):
            index += 1
    return spec["pieces"][index]


def asked_readings(spec: Spec, max_slope: int) -> list[tuple[str, int, str | None, int | None]]:
    """(function, x, side, reading or None) of every value the question needs, in reading order."""
    fns, wins, q, qtype = spec["functions"], spec["windows"], spec["query"], spec["qtype"]

    def read(name: str, x: int, side: str | None = None) -> tuple[str, int, str | None, int | None]:
        return (name, x, side, reading(fns[name], wins[name], x, max_slope, side))

    if qtype == "limit":
        sides = {"+": ["+"], "-": ["-"]}.get(q["side"], ["-", "+"])
        return [read(h_piece(spec, Fraction(q["x"]), s), q["x"], s) for s in sides]
    if qtype == "piecewise_value":
        return [read(h_piece(spec, Fraction(x)), x) for x in q["xs"]]
    if qtype == "composition":
        out, x = [], q["x"]
        for name in reversed(q["chain"]):
            out.append(read(name, x))
            if out[-1][3] is None:
                break
            x = out[-1][3]
        return out
    if qtype == "combination":
        return [read(name, x) for name, x, _ in q["terms"]]
    if qtype == "larger":
        return [read("f", q["x"]), read("g", q["x"])]
    return [read(n, x) for x in range(q["a"], q["b"] + 1) for n in ("f", "g")]


def _chain_value(spec: Spec, chain: list[str], x: int) -> Fraction:
    v = Fraction(x)
    for name in reversed(chain):
        v = value(spec["functions"][name], v)
    return v


def _can_flip(spec: Spec, name: str, q: dict[str, Any]) -> bool:
    """Could graph ``name`` show a readable value on the other side of the other graph at some asked x?

    Otherwise its window alone (every readable value lies on one side) would settle the comparison.
    """
    other = "g" if name == "f" else "f"
    fn, low, high = spec["functions"][name], spec["windows"][name][2] + 1, spec["windows"][name][3] - 1
    xs = [q["x"]] if "x" in q else range(q["a"], q["b"] + 1)
    for x in xs:
        mine, theirs = value(fn, x), value(spec["functions"][other], x)
        if (mine > theirs and theirs - 1 >= low) or (mine < theirs and theirs + 1 <= high):
            return True
    return False


def _outer_graphs_vary(spec: Spec, max_slope: int) -> bool:
    """composition: does every graph that takes another's output give varied readable values?

    When the outer graph is readable at few inputs, or shows the same value at most of them, the
    result hardly depends on the inner reading: it needs three distinct readable values, none at
    more than half of its readable inputs.
    """
    for name in set(spec["query"]["chain"][:-1]):
        values = list(readable(spec["functions"][name], spec["windows"][name], max_slope).values())
        if len(set(values)) < 3 or max(values.count(v) for v in set(values)) > len(values) / 2:
            return False
    return True


def _limit_value(spec: Spec) -> Fraction:
    q = spec["query"]
    left, right = (limit(spec["functions"][h_piece(spec, Fraction(q["x"]), s)], q["x"], s) for s in ("-", "+"))
    return {"+": right, "-": left, "sum": left + right, "difference": left - right}[q["side"]]


def _limit_from_values(spec: Spec) -> Fraction:
    """The same combination with each side's function read at the point (its closed dot) instead."""
    q = spec["query"]
    left, right = (value(spec["functions"][h_piece(spec, Fraction(q["x"]), s)], q["x"]) for s in ("-", "+"))
    return {"+": right, "-": left, "sum": left + right, "difference": left - right}[q["side"]]


def problem(spec: Spec, max_slope: int) -> str | None:
    """Why the item is not one the sampler keeps (unreadable, or a graph that does not count), else None."""
    readings = asked_readings(spec, max_slope)
    if any(r[3] is None for r in readings):
        return "an asked value is not readable"
    if {r[0] for r in readings} != set(spec["functions"]):
        return "a plotted graph is not asked about"
    q, qtype = spec["query"], spec["qtype"]
    values = [r[3] for r in readings]
    if qtype in ("limit", "piecewise_value", "combination") and len(values) > 1 and 0 in values:
        return "a term is 0, so its graph adds nothing to the number"
    if qtype == "limit" and q["side"] in ("sum", "difference") and values[0] == values[1]:
        return "the two one-sided limits tie"
    if qtype == "larger" and values[0] == values[1]:
        return "f and g tie at the point"
    if qtype == "count" and any(values[i] == values[i + 1] for i in range(0, len(values), 2)):
        return "f and g tie at a point of the interval"
    if qtype in ("larger", "count") and not all(_can_flip(spec, name, q) for name in ("f", "g")):
        return "one graph's window decides the comparison without reading it"
    if qtype == "count":
        n = sum(1 for i in range(0, len(values), 2) if (values[i] > values[i + 1]) == (q["bigger"] == "f"))
        if not 0 < n < q["b"] - q["a"] + 1:
            return "all or none of the interval's integers count"
    if qtype == "limit" and _limit_from_values(spec) == _limit_value(spec):
        return "the plotted values at the split point give the same answer as the limits"
    if qtype == "composition":
        if _chain_value(spec, q["chain"][::-1], q["x"]) == _chain_value(spec, q["chain"], q["x"]):
            return "the functions in the other order give the same result"
        if not _outer_graphs_vary(spec, max_slope):
            return "an outer graph is nearly flat, so the inner reading hardly matters"
        chain, answer = q["chain"], _chain_value(spec, q["chain"], q["x"])
        if answer == q["x"]:
            return "the composition returns its input"
        for k in range(len(chain)):  # leaving any one function out must change the result
            shorter = chain[:k] + chain[k + 1:]
            try:
                if _chain_value(spec, shorter, q["x"]) == answer:
                    return "a function of the chain can be skipped"
            except ZeroDivisionError:
                continue
    return None
