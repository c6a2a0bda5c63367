"""GeomCost's solver: the cost of the jobs from the printed dimensions, the price list and the offer.

Only printed values are read: the unprinted edges follow from the printed ones (the edges of a
closed outline sum to zero along each axis), the area comes from the shoelace formula. The plan's
drawn coordinates are never used.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def plan_measures(plan: dict[str, Any]) -> dict[str, float]:
    """Area, perimeter and fence length (without the house wall) from the printed dimensions."""
    vec = {"E": (1, 0), "W": (-1, 0), "N": (0, 1), "S": (0, -1)}
    edges = plan["edges"]
    sx = sum(vec[e["dir"]][0] * e["len"] for e in edges if e["dir"] != "free" and e["len"] is not None)
    sy = sum(vec[e["dir"]][1] * e["len"] for e in edges if e["dir"] != "free" and e["len"] is not None)
    vectors: list[tuple[float, float]] = []
    for e in edges:
        if e["dir"] == "free":  # the one slanted edge closes the outline
            vectors.append((-sx, -sy))
        elif e["len"] is None:  # the one unknown edge of its axis
            ux, uy = vec[e["dir"]]
            length = -(sx * ux + sy * uy)
            if length <= 0:
                raise ValueError("printed dimensions do not close the outline")
            vectors.append((ux * length, uy * length))
        else:
            ux, uy = vec[e["dir"]]
            vectors.append((ux * e["len"], uy * e["len"]))
    x = y = 0.0
    twice_area = 0.0
    for dx, dy in vectors:
        twice_area += x * (y + dy) - (x + dx) * y
        x, y = x + dx, y + dy
    if abs(x) > 1e-6 or abs(y) > 1e-6:
        raise ValueError("outline does not close")
    lengths = [math.hypot(dx, dy) for dx, dy in vectors]
    area = abs(twice_area) / 2
    if plan.get("semi") is not None:
        d = lengths[plan["semi"]]
        area += math.pi * d * d / 8
        lengths[plan["semi"]] = math.pi * d / 2
    perimeter = sum(lengths)
    fence = perimeter - (lengths[plan["house"]] if plan.get("house") is not None else 0.0)
    return {"area": area, "perimeter": perimeter, "fence": fence}


def _price(table: dict[str, Any], item: str) -> tuple[float, str, str]:
    for section in table["sections"]:
        for row in section["rows"]:
            if row["item"] == item:
                return float(row["price"]), section["unit"], section["name"]
    raise ValueError(f"{item} is not in the price list")


def job_quantities(spec: dict[str, Any]) -> list[float]:
    """How much each job covers: square metres of surface or metres of fence."""
    out = []
    for job in spec["jobs"]:
        m = plan_measures(spec["plans"][job["plan"]])
        out.append(m["area"] if job["measure"] == "area" else m["fence"])
    return out


def printed_total(plan: dict[str, Any]) -> float:
    """The sum of the lengths printed on the plan (what a reader who skips the unprinted sides adds up)."""
    return sum(e["len"] for e in plan["edges"] if e["len"] is not None)


def job_costs(spec: dict[str, Any]) -> list[tuple[float, str]]:
    """(cost, section) of each job before any offer."""
    out = []
    for job, quantity in zip(spec["jobs"], job_quantities(spec)):
        price, unit, section = _price(spec["table"], job["item"])
        if job["measure"] == "area" and unit != "m2":
            raise ValueError("an area job needs a price per square metre")
        if job["measure"] == "boundary" and unit != "m":
            raise ValueError("a boundary job needs a price per metre")
        out.append((price * quantity, section))
    return out


def subtotal(spec: dict[str, Any]) -> float:
    return sum(cost for cost, _ in job_costs(spec))


def total_cost(spec: dict[str, Any]) -> float:
    """The amount to pay, offer included."""
    costs = job_costs(spec)
    base = sum(cost for cost, _ in costs)
    offer = spec.get("offer")
    if not offer:
        return base
    if offer["kind"] == "pct_all":
        return base * (1 - offer["pct"] / 100)
    if offer["kind"] == "fitting":  # a fitting charge per square metre laid and per metre fitted
        rates = {"area": offer["per_m2"], "boundary": offer["per_m"]}
        return base + sum(rates[job["measure"]] * q for job, q in zip(spec["jobs"], job_quantities(spec)))
    if offer["kind"] == "pct_over":
        return base * (1 - offer["pct"] / 100) if base > offer["threshold"] else base
    if offer["kind"] == "section_pct":
        return sum(cost * (1 - offer["pct"] / 100) if section == offer["section"] else cost for cost, section in costs)
    free = offer.get("free_over") is not None and base > offer["free_over"]
    return base + (0.0 if free else offer["fee"])


def fmt_money(value: float) -> str:
    """Two decimals, half a cent rounded up, trailing zeros dropped: ``1234.5``, ``987.25``.

    ``f"{x:.2f}"`` rounds the binary float (1353.625 -> 1353.62); a total that lands on half a
    cent rounds up as on a bill, after the float noise below a millionth is rounded away.
    """
    cents = Decimal(repr(round(value, 6))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{cents:.2f}".rstrip("0").rstrip(".")
