"""GeomCost: the price of a fencing, flooring or ground-cover job read off a plan and a price list.

One image is a to-scale plan (rectangle, right trapezoid, L/U/T shapes, a cut corner, possibly a
semicircular end) with some dimensions printed; another is a price list (per metre for fencing
and skirting, per square metre for surfaces); an optional third image is a second plan or an
offer card (a percentage off, a section on sale, a fitting charge per unit, a delivery fee) that
always changes the total by more than the scoring tolerance. The images come in any order.

``sample`` builds the plot from a few rectangles and cuts; ``solve`` (arithmetic in ``solve.py``)
reconstructs every edge from the printed dimensions alone (the edges of a closed outline sum to
zero along each axis), takes the area with the shoelace formula, looks up the prices and applies
the offer. The question text comes from ``wording.py``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from PIL import Image

from remibench.render.geometry import Unfit
from remibench.render.geometry_layout import layout
from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_min_max, check_range, knob
from remibench.tasks.geom_cost.drawing import offer_image, plan_figure, plan_image, price_table_image
from remibench.tasks.geom_cost.plans import edge_direction, hidden_edges, on_box_and_convex, plan_corners, quantize
from remibench.tasks.geom_cost.solve import fmt_money, job_costs, plan_measures, printed_total, subtotal, total_cost
from remibench.tasks.geom_cost.wording import AREAS, CLAUSES, ENDINGS, OWNERS, STORES, clauses, job_phrase

Pt = tuple[float, float]
SHAPES = {1: ("rect", "trapezoid"), 2: ("L", "rect_semi", "cut"), 3: ("U", "T", "L_semi")}
PLACES = ("garden", "room")
# (section name, unit, [(item, lowest price, highest price)])
CATALOGUE: dict[str, list[tuple[str, str, list[tuple[str, float, float]]]]] = {
    "garden": [
        ("FENCING", "m", [("Cedar fencing", 35, 60), ("Pine fencing", 18, 34), ("Vinyl fencing", 25, 45),
                          ("Chain-link fencing", 9, 19), ("Bamboo fencing", 14, 28), ("Steel fencing", 45, 80),
                          ("Picket fencing", 20, 38)]),
        ("GROUND COVER", "m2", [("Premium turf", 9, 16), ("Standard turf", 4, 8.5), ("Artificial grass", 22, 40),
                                ("Gravel", 5, 12), ("Paving stones", 30, 60), ("Bark mulch", 3, 7.5),
                                ("Decking boards", 45, 90)]),
    ],
    "room": [
        ("FLOORING", "m2", [("Oak parquet", 45, 90), ("Walnut parquet", 65, 120), ("Laminate", 12, 28),
                            ("Ceramic tiles", 20, 45), ("Porcelain tiles", 32, 60), ("Vinyl planks", 15, 34),
                            ("Wool carpet", 25, 55), ("Slate tiles", 48, 85)]),
        ("SKIRTING & TRIM", "m", [("Pine skirting board", 4, 9), ("Oak skirting board", 10, 19),
                                  ("MDF skirting board", 3, 7), ("Ceiling cornice", 7, 16)]),
    ],
}


@dataclass
class GeomCostConfig(TaskConfig):
    min_complexity: int = knob(1, "simplest plot shape: 1 rectangle/trapezoid, 2 L/cut corner/semicircular end, 3 U/T/L with round end")
    max_complexity: int = knob(3, "most complex plot shape (1-3)")
    min_materials: int = knob(3, "fewest items in the price list (3-8)")
    max_materials: int = knob(6, "most items in the price list (3-8)")
    combined_prob: float = knob(0.3, "chance of two jobs on one plot (its boundary and its surface)")
    third_image_prob: float = knob(0.6, "chance of a third image (an offer card or a second plan)")
    discount_share: float = knob(0.6, "share of third images that are offer cards rather than second plans")
    house_prob: float = knob(0.35, "chance that a garden backs onto a house wall that needs no fencing")
    places: list[str] = knob(list(PLACES), "kinds of plot: garden (fencing, ground cover), room (flooring, skirting)")
    half_prob: float = knob(0.3, "chance that the plot's dimensions use half metres")

    def validate(self) -> None:
        check_range(self, "min_complexity", 1, 3)
        check_range(self, "max_complexity", 1, 3)
        check_min_max(self, "min_complexity", "max_complexity")
        check_range(self, "min_materials", 3, 8)
        check_range(self, "max_materials", 3, 8)
        check_min_max(self, "min_materials", "max_materials")
        for name in ("combined_prob", "third_image_prob", "discount_share", "house_prob", "half_prob"):
            check_range(self, name, 0.0, 1.0)
        if not self.places or any(p not in PLACES for p in self.places):
            raise ConfigError(f"GeomCostConfig.places={self.places!r}: choose from {PLACES}")


# ----------------------------------------------------------------------------- sampling the plot

def _sample_plan(rng: Any, config: GeomCostConfig, place: str, title: str, house: bool) -> dict[str, Any]:
    shape = rng.choice(SHAPES[rng.randint(config.min_complexity, config.max_complexity)])
    half = rng.random() < config.half_prob
    if place == "garden":
        step = 0.5 if half else 1.0
        W = quantize(rng, 10, 30, step)
        H = quantize(rng, max(8, W / 2), min(24, W * 2), step)
    else:
        step = 0.25 if half else 0.5
        W = quantize(rng, 3, 9, step)
        H = quantize(rng, max(2.5, W / 2), min(7, W * 2), step)
    coords = plan_corners(rng, shape, W, H, step)
    k = rng.randrange(4)
    mirror = rng.random() < 0.5
    moved = []
    for x, y in coords:
        x = -x if mirror else x
        for _ in range(k):
            x, y = -y, x
        moved.append((x + 0.0, y + 0.0))
    if mirror:
        moved.reverse()  # keep the corners counter-clockwise
    coords = moved
    n = len(coords)
    edges = [{"dir": edge_direction(coords[i], coords[(i + 1) % n]), "len": round(math.dist(coords[i], coords[(i + 1) % n]), 4)}
             for i in range(n)]
    if min(e["len"] for e in edges) < (2.0 if place == "garden" else 0.75):
        raise Rejected("plot edge too short")
    semi = None
    if shape.endswith("semi"):
        options = [i for i in range(n) if edges[i]["dir"] != "free" and on_box_and_convex(coords, i)
                   and (shape == "rect_semi" or edges[i]["len"] <= 0.75 * max(W, H))]
        if not options:
            raise Rejected("no edge for the semicircular end")
        semi = rng.choice(options)
    house_edge = None
    if house and place == "garden":
        options = [i for i in range(n) if i != semi and edges[i]["dir"] != "free" and on_box_and_convex(coords, i)
                   and edges[i]["len"] >= 0.3 * max(W, H) and (semi is None or abs(i - semi) % n not in (1, n - 1))]
        house_edge = rng.choice(options) if options else None
    # Printed dimensions: all edges except one unknown per axis (or the slanted edge, found from the rest).
    if all(e["dir"] != "free" for e in edges):
        hidden = hidden_edges(rng, coords, edges, semi, house_edge)
        for i in hidden:
            edges[i]["len"] = None
    else:
        for e in edges:
            if e["dir"] == "free":
                e["len"] = None
    return {"title": title, "shape": shape, "coords": [[round(x, 4), round(y, 4)] for x, y in coords],
            "edges": edges, "semi": semi, "house": house_edge}


# ----------------------------------------------------------------------------- table, offer, jobs

def _price_value(rng: Any, lo: float, hi: float) -> float:
    value = rng.uniform(lo, hi)
    style = rng.random()
    if style < 0.5:
        return round(value * 4) / 4
    if style < 0.8:
        return math.floor(value) + 0.99 if value >= 2 else round(value, 2)
    return round(value * 20) / 20


def _sample_table(rng: Any, config: GeomCostConfig, place: str, needed: list[str]) -> dict[str, Any]:
    n_rows = max(rng.randint(config.min_materials, config.max_materials), len(needed) + 1)
    n_rows = max(n_rows, 2 * len(needed))
    sections = CATALOGUE[place]
    pool = [(s_i, item) for s_i, (_, _, items) in enumerate(sections) for item, _, _ in items if item not in needed]
    rng.shuffle(pool)
    chosen = {s_i: [] for s_i in range(len(sections))}  # type: dict[int, list[str]]
    for item in needed:
        s_i = next(k for k, (_, _, items) in enumerate(sections) if any(it == item for it, _, _ in items))
        chosen[s_i].append(item)
    # a section a job buys from lists another item too, so the item named in the text matters
    short = {s_i for s_i, items in chosen.items() if len(items) == 1}
    for s_i, item in pool:
        if s_i in short:
            chosen[s_i].append(item)
            short.discard(s_i)
    for s_i, item in pool:
        if any(item in v for v in chosen.values()):
            continue
        if sum(len(v) for v in chosen.values()) >= n_rows and all(chosen.values()):
            break
        if sum(len(v) for v in chosen.values()) < n_rows or not chosen[s_i]:
            chosen[s_i].append(item)
    out = []
    for s_i, (name, unit, items) in enumerate(sections):
        ranges = {it: (lo, hi) for it, lo, hi in items}
        rows = [{"item": it, "price": _price_value(rng, *ranges[it])} for it in chosen[s_i]]
        rng.shuffle(rows)
        out.append({"name": name, "unit": unit, "rows": rows})
    if rng.random() < 0.5:
        out.reverse()
    return {"title": rng.choice(STORES[place]), "sections": out}


OFFER_EFFECT = 0.04  # the third image must move the total by more than the 3% scoring tolerance
DELIVERY_SHARE = 0.1  # a flat delivery fee is offered only on orders small enough for it to be a tenth of the bill
FITTING_RATES = {"garden": {"per_m2": (3.0, 15.0), "per_m": (6.0, 20.0)},
                 "room": {"per_m2": (8.0, 25.0), "per_m": (2.5, 8.0)}}


def offer_matters(spec: dict[str, Any]) -> bool:
    """Does the offer card change the total by more than the scoring tolerance?"""
    with_offer, without = total_cost(spec), subtotal(spec)
    return abs(with_offer - without) > OFFER_EFFECT * with_offer


def _sample_offer(rng: Any, spec: dict[str, Any]) -> dict[str, Any]:
    """An offer card that always applies and always changes the total by more than the tolerance.

    No offer depends on a threshold: a threshold decides yes or no, so either ignoring the card or
    applying it without looking would be right on a large share of items. A section sale names a
    section some job buys from; a flat delivery fee only appears on orders small enough for it to
    count.
    """
    base = subtotal(spec)
    used = sorted({section for _, section in job_costs(spec)})
    fees = [float(f) for f in range(25, 95, 5) if f > DELIVERY_SHARE * (base + f)]
    kinds = ["pct_all", "section_pct", "fitting"] + (["delivery"] if fees else [])
    kind = rng.choice(kinds)
    if kind == "pct_all":
        offer = {"kind": kind, "pct": rng.choice([5, 10, 15, 20, 25])}
    elif kind == "section_pct":
        offer = {"kind": kind, "pct": rng.choice([10, 15, 20, 25, 30]), "section": rng.choice(used)}
    elif kind == "fitting":
        ranges = FITTING_RATES[spec["place"]]
        offer = {"kind": kind, "per_m2": quantize(rng, *ranges["per_m2"], 0.5), "per_m": quantize(rng, *ranges["per_m"], 0.5)}
    else:
        offer = {"kind": kind, "fee": rng.choice(fees), "free_over": None}
    if not offer_matters(dict(spec, offer=offer)):
        raise Rejected("the offer hardly changes the total")
    if kind == "section_pct" and len(used) > 1:  # which job the sale covers must matter too
        everything = base * (1 - offer["pct"] / 100)
        if abs(everything - total_cost(dict(spec, offer=offer))) <= OFFER_EFFECT * everything:
            raise Rejected("the sale's section hardly matters")
    return offer


def jobs_matter(spec: dict[str, Any]) -> bool:
    """Does every part of the reasoning move the total by more than the scoring tolerance?

    Each job (so each plan and each item named), the unprinted sides of a fenced plot, the house
    wall left unfenced and the semicircular end: leaving any one out must change the total by
    more than the tolerance, or an item could be answered without that step.
    """
    total, costs = total_cost(spec), job_costs(spec)
    if any(cost <= OFFER_EFFECT * total for cost, _ in costs):
        return False
    for job, (cost, _) in zip(spec["jobs"], costs):
        plan = spec["plans"][job["plan"]]
        if job["measure"] == "boundary":
            fence = plan_measures(plan)["fence"]
            if abs(fence - printed_total(plan)) * cost / fence <= OFFER_EFFECT * total:
                return False
    for feature in ("house", "semi"):
        if any(p[feature] is not None for p in spec["plans"]):
            without = total_cost(dict(spec, plans=[dict(p, **{feature: None}) for p in spec["plans"]]))
            if abs(without - total) <= OFFER_EFFECT * total:
                return False
    return True


def _sample_jobs(rng: Any, config: GeomCostConfig, place: str, n_plans: int) -> list[dict[str, Any]]:
    sections = CATALOGUE[place]
    by_measure = {("area" if unit == "m2" else "boundary"): [it for it, _, _ in items] for _, unit, items in sections}
    if n_plans == 2:
        measure = "area" if rng.random() < 0.75 else "boundary"
        first = rng.choice(by_measure[measure])
        second = first if rng.random() < 0.5 else rng.choice([it for it in by_measure[measure] if it != first])
        return [{"plan": 0, "measure": measure, "item": first}, {"plan": 1, "measure": measure, "item": second}]
    if rng.random() < config.combined_prob:
        return [{"plan": 0, "measure": "area", "item": rng.choice(by_measure["area"])},
                {"plan": 0, "measure": "boundary", "item": rng.choice(by_measure["boundary"])}]
    measure = rng.choice(["area", "boundary"])
    return [{"plan": 0, "measure": measure, "item": rng.choice(by_measure[measure])}]


class GeomCostTask(Task):
    name = "GeomCost"
    domain = "geometry"
    consumption = "set"
    image_types_default = "different"
    version = "2"
    config_cls = GeomCostConfig

    def sample(self, rng: Any, config: GeomCostConfig, ctx: DrawContext) -> dict[str, Any]:
        place = rng.choice(list(config.places))
        third = rng.random() < config.third_image_prob
        roles = ["plan", "table"]
        if third:
            roles.append("offer" if rng.random() < config.discount_share else "plan2")
        n_plans = 2 if "plan2" in roles else 1
        areas = rng.sample(AREAS[place], n_plans)
        plans = []
        for k in range(n_plans):
            try:
                plan = _sample_plan(rng, config, place, areas[k].capitalize(), rng.random() < config.house_prob)
            except Unfit as unfit:
                raise Rejected(unfit.reason) from None
            plan["area"] = areas[k]
            problems = layout(plan_figure(plan, place)).problems
            if problems:
                raise Rejected("unreadable plan: " + re.sub(r" '.*'", "", problems[0]))
            plans.append(plan)
        jobs = _sample_jobs(rng, config, place, n_plans)
        spec: dict[str, Any] = {"place": place, "owner": rng.choice(OWNERS), "plans": plans, "jobs": jobs,
                                "offer": None}
        spec["table"] = _sample_table(rng, config, place, sorted({j["item"] for j in jobs}))
        if "offer" in roles:
            spec["offer"] = _sample_offer(rng, spec)
        rng.shuffle(roles)
        spec["order"] = roles
        spec["wording"] = {role: rng.randrange(len(CLAUSES[role])) for role in roles} | {"ending": rng.randrange(len(ENDINGS))}
        value = total_cost(spec)
        if not 20 <= value <= 200000:
            raise Rejected("cost out of range")
        if not jobs_matter(spec):
            raise Rejected("a job hardly changes the total")
        return spec

    def question(self, spec: dict[str, Any]) -> str:
        plans = spec["plans"]
        text = " ".join(clauses(spec)) + " " + job_phrase(spec)
        if any(p.get("semi") is not None for p in plans):
            text += " The rounded end is a semicircle."
        if any(p.get("house") is not None for p in plans) and any(j["measure"] == "boundary" for j in spec["jobs"]):
            text += " No fencing is needed along the wall of the house."
        return text + ENDINGS[spec["wording"]["ending"]]

    def solve(self, spec: dict[str, Any]) -> str:
        return fmt_money(total_cost(spec))

    def render(self, spec: dict[str, Any]) -> list[Image.Image]:
        images = []
        for role in spec["order"]:
            if role in ("plan", "plan2"):
                images.append(plan_image(spec["plans"][1 if role == "plan2" else 0], spec["place"]))
            elif role == "table":
                images.append(price_table_image(spec["table"]))
            else:
                images.append(offer_image(spec["offer"]))
        return images


TASK = GeomCostTask()
