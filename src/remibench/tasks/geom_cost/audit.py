"""GeomCost's audit hooks: what a buyer sees, one-image variations and the tricks to rule out.

Images are the plan (and a second plan), the price list and the offer card. A variation redraws
one plan, changes the price of an item a job buys, or changes the terms on the offer card; the
text variation names another item of the same unit from the same price list. A variation only
counts when it moves the total by more than the 3% scoring tolerance.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit, View
from remibench.render.geometry import Unfit
from remibench.render.geometry_layout import layout
from remibench.tasks.base import Rejected
from remibench.tasks.geom_cost.drawing import plan_figure
from remibench.tasks.geom_cost.plans import quantize
from remibench.tasks.geom_cost.solve import fmt_money, job_costs, plan_measures, subtotal, total_cost
from remibench.tasks.geom_cost.task import (
    CATALOGUE,
    FITTING_RATES,
    TASK,
    GeomCostConfig,
    _price_value,
    _sample_plan,
    jobs_matter,
    offer_matters,
)

TOLERANCE = 0.03  # the official scorer's relative tolerance for GeomCost
PLAN_TRIES = 40


def _checked(spec: dict[str, Any], varied: dict[str, Any]) -> dict[str, Any]:
    """``varied`` when the sampler would accept it and its total differs clearly from ``spec``'s."""
    try:
        value = total_cost(varied)
    except (ValueError, ZeroDivisionError) as error:
        raise NoVariation(str(error)) from None
    if not 20 <= value <= 200000:
        raise NoVariation("cost out of range")
    if varied["offer"] and not offer_matters(varied):
        raise NoVariation("the offer hardly changes the total")
    if not jobs_matter(varied):
        raise NoVariation("a job hardly changes the total")
    if abs(value - total_cost(spec)) <= TOLERANCE * abs(total_cost(spec)):
        raise NoVariation("the total moves by less than the scoring tolerance")
    return varied


def _vary_plan(spec: dict[str, Any], k: int, rng: random.Random) -> dict[str, Any]:
    """Redraw plan ``k`` (same area name, same semicircle/house wording) until the item is valid."""
    config, question = GeomCostConfig(), TASK.question(spec)
    old = spec["plans"][k]
    for _ in range(PLAN_TRIES):
        varied = copy.deepcopy(spec)
        try:
            plan = _sample_plan(rng, config, spec["place"], old["title"], old["house"] is not None)
        except (Unfit, Rejected):
            continue
        plan["area"] = old["area"]
        if layout(plan_figure(plan, spec["place"])).problems:
            continue
        varied["plans"][k] = plan
        if TASK.question(varied) != question:
            continue
        return _checked(spec, varied)
    raise NoVariation("no valid redrawn plan")


def _vary_table(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A new price for an item one of the jobs buys."""
    varied = copy.deepcopy(spec)
    item = rng.choice([j["item"] for j in spec["jobs"]])
    ranges = {it: (lo, hi) for _, _, items in CATALOGUE[spec["place"]] for it, lo, hi in items}
    row = next(r for s in varied["table"]["sections"] for r in s["rows"] if r["item"] == item)
    row["price"] = _price_value(rng, *ranges[item])
    return _checked(spec, varied)


def _vary_offer(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Other terms of the same kind: another percentage, section, rate or fee."""
    varied = copy.deepcopy(spec)
    offer = varied["offer"]
    if offer["kind"] in ("pct_all", "pct_over"):
        offer["pct"] = rng.choice([5, 10, 15, 20, 25])
    elif offer["kind"] == "section_pct":
        offer["pct"] = rng.choice([10, 15, 20, 25, 30])
        offer["section"] = rng.choice(sorted({section for _, section in job_costs(spec)}))
    elif offer["kind"] == "fitting":
        ranges = FITTING_RATES[spec["place"]]
        offer.update(per_m2=quantize(rng, *ranges["per_m2"], 0.5), per_m=quantize(rng, *ranges["per_m"], 0.5))
    else:
        offer["fee"] = float(rng.choice(range(25, 95, 5)))
    return _checked(spec, varied)


def _vary_text(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """One job names another item of the same unit from the same price list."""
    varied = copy.deepcopy(spec)
    job = rng.choice(varied["jobs"])
    section = next(s for s in spec["table"]["sections"] if any(r["item"] == job["item"] for r in s["rows"]))
    others = [r["item"] for r in section["rows"] if r["item"] != job["item"]]
    if not others:
        raise NoVariation("no other item of this unit on the list")
    job["item"] = rng.choice(others)
    return _checked(spec, varied)


class GeomCostAudit(TaskAudit):
    task = "GeomCost"

    def view(self, spec: dict[str, Any]) -> View:
        plans = [{key: copy.deepcopy(p[key]) for key in ("area", "edges", "semi", "house")} for p in spec["plans"]]
        seen = {"place": spec["place"], "order": list(spec["order"]), "plans": plans, "jobs": copy.deepcopy(spec["jobs"]),
                "table": copy.deepcopy(spec["table"]), "offer": copy.deepcopy(spec["offer"])}
        return View(question=TASK.question(spec), options=None, seen=seen)

    def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
        if part == "text":
            return _vary_text(spec, rng)
        role = spec["order"][part - 1]
        if role in ("plan", "plan2"):
            return _vary_plan(spec, 1 if role == "plan2" else 0, rng)
        if role == "table":
            return _vary_table(spec, rng)
        return _vary_offer(spec, rng)

    def text_carries_data(self, spec: dict[str, Any]) -> bool:
        return True  # the text names the item each job buys


# ----------------------------------------------------------------------------- shortcuts

def _spec(view: View, **changes: Any) -> dict[str, Any]:
    spec = {key: copy.deepcopy(value) for key, value in view.seen.items()}
    spec.update(changes)
    return spec


def _money(spec: dict[str, Any]) -> str | None:
    try:
        return fmt_money(total_cost(spec))
    except (ValueError, ZeroDivisionError):
        return None


def ignore_offer(view: View) -> str | None:
    """The total of the goods without the offer card."""
    return fmt_money(subtotal(_spec(view))) if view.seen["offer"] else None


def sale_on_everything(view: View) -> str | None:
    """A section sale taken off the whole order, where some job buys from another section."""
    offer = view.seen["offer"]
    if not offer or offer["kind"] != "section_pct":
        return None
    spec = _spec(view)
    if len({section for _, section in job_costs(spec)}) < 2:
        return None
    return fmt_money(subtotal(spec) * (1 - offer["pct"] / 100))


def first_job_only(view: View) -> str | None:
    """Only the first job the text names (the other one skipped)."""
    if len(view.seen["jobs"]) < 2:
        return None
    return _money(_spec(view, jobs=view.seen["jobs"][:1]))


def ignore_second_plan(view: View) -> str | None:
    """Only the jobs on the first plan described in the text."""
    if len(view.seen["plans"]) < 2:
        return None
    return _money(_spec(view, jobs=[j for j in view.seen["jobs"] if j["plan"] == 0]))


def fence_the_house(view: View) -> str | None:
    """Fence the whole boundary, the house wall included."""
    if not any(p["house"] is not None for p in view.seen["plans"]) or all(j["measure"] == "area" for j in view.seen["jobs"]):
        return None
    return _money(_spec(view, plans=[dict(p, house=None) for p in view.seen["plans"]]))


def straight_instead_of_semicircle(view: View) -> str | None:
    """Treat the semicircular end as its straight diameter."""
    if all(p["semi"] is None for p in view.seen["plans"]):
        return None
    return _money(_spec(view, plans=[dict(p, semi=None) for p in view.seen["plans"]]))


def printed_lengths_only(view: View) -> str | None:
    """Fence length as the sum of the printed dimensions, skipping the unprinted sides."""
    if all(j["measure"] == "area" for j in view.seen["jobs"]):
        return None
    spec = _spec(view)
    cost = 0.0
    for job, (full, _) in zip(spec["jobs"], job_costs(spec)):
        plan = spec["plans"][job["plan"]]
        if job["measure"] == "boundary":  # price per metre times the printed lengths
            full *= sum(e["len"] for e in plan["edges"] if e["len"] is not None) / plan_measures(plan)["fence"]
        cost += full
    return fmt_money(cost)


def _extent(edges: list[dict[str, Any]], forward: str, back: str) -> float:
    """The outline's extent along one axis, the one unprinted edge of the axis worked out first."""
    signed = sum(e["len"] * (1 if e["dir"] == forward else -1) for e in edges if e["dir"] in (forward, back) and e["len"])
    hidden = abs(signed)
    return sum((e["len"] if e["len"] is not None else hidden) for e in edges if e["dir"] == forward)


def bounding_box(view: View) -> str | None:
    """Surface as the outline's bounding box (notches and cut corners ignored)."""
    plans = view.seen["plans"]
    if all(j["measure"] == "boundary" for j in view.seen["jobs"]) or all(len(p["edges"]) == 4 for p in plans):
        return None  # a rectangle is its own box
    boxed = []
    for plan in plans:
        if any(e["dir"] == "free" for e in plan["edges"]):
            return None
        width, height = _extent(plan["edges"], "E", "W"), _extent(plan["edges"], "N", "S")
        edges = [{"dir": "E", "len": width}, {"dir": "N", "len": height}, {"dir": "W", "len": None}, {"dir": "S", "len": None}]
        boxed.append(dict(plan, edges=edges, semi=None, house=None))
    return _money(_spec(view, plans=boxed))


AUDIT = GeomCostAudit()
AUDIT.guessers = {
    "zero": lambda view: "0",
    "ignore the offer card": ignore_offer,
    "section sale on every item": sale_on_everything,
    "ignore the second plan": ignore_second_plan,
    "only the first job named": first_job_only,
    "fence along the house wall too": fence_the_house,
    "semicircle as a straight side": straight_instead_of_semicircle,
    "fence: printed sides only": printed_lengths_only,
    "surface: bounding box": bounding_box,
}
