"""One-image variations of the traveller's document, shared by the sampler and the audit.

The document matters when naming another flight (gate items), another arriving flight (when the
arrivals board gives the landing) or moving the inbound earlier or later (when the schedule
gives it) changes the answer. The sampler keeps only items where some such change does; the
audit draws its document variations from the same lists.
"""

from __future__ import annotations

import copy
import random
from itertools import pairwise
from typing import Any

from remibench.tasks.base import Rejected
from remibench.tasks.schedule.build import DAY_START, Pools, legs_before
from remibench.tasks.schedule.checks import valid
from remibench.tasks.schedule.geo import block_minutes
from remibench.tasks.schedule.solve import all_departures, solve_spec
from remibench.tasks.schedule.wording import CITIES


class NoDocVariation(Exception):
    """No valid change of the document changes the answer."""


SHIFTS = tuple(s for s in range(-120, 125, 5) if s)


def _checked(spec: dict[str, Any]) -> dict[str, Any]:
    if not valid(spec):
        raise NoDocVariation("the varied item has no single clear answer")
    return spec


def fresh_pools(spec: dict[str, Any], rng: random.Random) -> Pools:
    """Fresh codes that clash with nothing the item already shows."""
    pools = Pools(rng)
    rows = all_departures(spec) + (spec["arrivals"]["rows"] if spec["arrivals"] else [])
    pools.flights |= {r["flight"] for r in rows}
    pools.gates |= {r["gate"] for r in all_departures(spec)} | {r["new_gate"] for r in all_departures(spec) if "new_gate" in r}
    if spec["doc"]["kind"] == "itinerary":
        pools.flights |= {leg["flight"] for leg in spec["doc"]["legs"]}
    return pools


def _planned_ok(spec: dict[str, Any]) -> bool:
    """A booked onward leg was catchable when the trip was planned; legs start after dawn."""
    doc = spec["doc"]
    if doc["kind"] == "pass":
        return doc["dep"] >= DAY_START
    legs, h = doc["legs"], doc["hub_leg"]
    if legs[0]["dep"] < DAY_START or any(a["arr"] + 45 > b["dep"] for a, b in pairwise(legs[:h + 1])):
        return False
    return h + 1 >= len(legs) or legs[h]["arr"] + spec["mct"] <= legs[h + 1]["dep"]


def _vary_gate_pass(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The pass names another flight of the boards (with its printed gate as a pass would show it)."""
    others = [r for r in all_departures(spec) if r["flight"] != spec["doc"]["flight"] and r["status"] != "cancelled"]
    if not others:
        raise NoDocVariation("no other flight to name")
    row = rng.choice(others)
    varied = copy.deepcopy(spec)
    varied["doc"].update(flight=row["flight"], to=row["dest"], to_code=dict(CITIES)[row["dest"]], dep=row["time"],
                         boarding=row["time"] - (spec["doc"]["dep"] - spec["doc"]["boarding"]),
                         gate=row["gate"] if row["status"] == "gate_change" else None)
    return _checked(varied)


def _changing(spec: dict[str, Any], tries: list[dict[str, Any]], why: str) -> dict[str, Any]:
    """Among valid variations, the ones that change the answer (targeted); NoVariation if none."""
    label = solve_spec(spec)
    good = [v for v in tries if _planned_ok(v) and valid(v) and solve_spec(v) != label]
    if not good:
        raise NoDocVariation(why)
    return good[0]


def _shift_inbound(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """No arrivals board: the document's inbound (and the legs before it) runs earlier or later."""
    tries = []
    for shift in rng.sample(SHIFTS, len(SHIFTS)):
        varied = copy.deepcopy(spec)
        doc = varied["doc"]
        legs = [doc] if doc["kind"] == "pass" else doc["legs"][:doc["hub_leg"] + 1]
        for leg in legs:
            leg["dep"] += shift
            leg["arr"] += shift
        if doc["kind"] == "pass":
            doc["boarding"] += shift
        tries.append(varied)
    return _changing(spec, tries, "no shift of the inbound changes the answer")


def _renamed(spec: dict[str, Any], row: dict[str, Any], rng: random.Random) -> dict[str, Any] | None:
    """The document with ``row`` of the arrivals board as its inbound flight (None if no legs fit)."""
    hub = (spec["airport"], dict(CITIES)[spec["airport"]])
    origin = (row["origin"], dict(CITIES)[row["origin"]])
    leg = {"flight": row["flight"], "from": origin[0], "from_code": origin[1], "to": hub[0], "to_code": hub[1],
           "dep": row["time"] - block_minutes(origin[0], hub[0]), "arr": row["time"]}
    varied = copy.deepcopy(spec)
    doc, new = spec["doc"], varied["doc"]
    if new["kind"] == "pass":
        new.update(leg, boarding=leg["dep"] - (doc["dep"] - doc["boarding"]))
        return varied
    h = new["hub_leg"]
    used = {spec["airport"], origin[0]} | {c["to"] for c in new["legs"][h + 1:]}
    for n_before in range(h, -1, -1):  # as many legs before as fit the day
        try:
            before = legs_before(rng, fresh_pools(spec, rng), origin, leg["dep"] - rng.choice(range(45, 155, 5)), n_before,
                                 set(used)) if n_before else []
        except Rejected:
            continue
        new["legs"] = [*before, leg, *new["legs"][h + 1:]]
        new["hub_leg"] = n_before
        return varied
    return None


def _rename_inbound(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """With an arrivals board: the document names another arriving flight as the inbound."""
    doc = spec["doc"]
    flight = doc["flight"] if doc["kind"] == "pass" else doc["legs"][doc["hub_leg"]]["flight"]
    rows = [r for r in spec["arrivals"]["rows"] if r["flight"] != flight and r["status"] != "cancelled"]
    tries = [v for r in rng.sample(rows, len(rows)) if (v := _renamed(spec, r, rng)) is not None]
    return _changing(spec, tries, "no other arriving flight changes the answer")


def doc_variation(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A valid spec differing only in the document and giving another answer."""
    if spec["qtype"] == "gate":
        return _vary_gate_pass(spec, rng)
    return _shift_inbound(spec, rng) if spec["arrivals"] is None else _rename_inbound(spec, rng)


def doc_decisive(spec: dict[str, Any], rng: random.Random) -> bool:
    try:
        doc_variation(spec, rng)
    except NoDocVariation:
        return False
    return True
