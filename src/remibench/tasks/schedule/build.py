"""Building blocks of Schedule items that do not depend on the task's config.

Fresh flight numbers and gates, status edits, board pages, traveller names and dates, the
connection threshold, the inbound flight's arrival status and the itinerary legs before the hub.
Kept apart from ``task.py`` so the item samplers there stay short and readable.
"""

from __future__ import annotations

import random
from typing import Any

from remibench.tasks.base import Rejected
from remibench.tasks.schedule.drawing import AIRLINES
from remibench.tasks.schedule.solve import departure_time
from remibench.tasks.schedule.wording import CITIES, FIRST_NAMES, SURNAMES

GATE_LETTERS = "ABCDEFGHK"
DAY_START, DAY_END = 5 * 60, 23 * 60 + 30


class Pools:
    """Fresh flight numbers and gate codes for one item (never repeated inside it)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.flights: set[str] = set()
        self.gates: set[str] = set()

    def flight(self) -> str:
        while True:
            code = self.rng.choice(AIRLINES)[1]
            number = f"{code} {self.rng.randint(10, 2999)}"
            if number not in self.flights:
                self.flights.add(number)
                return number

    def gate(self) -> str:
        while True:
            gate = f"{self.rng.choice(GATE_LETTERS)}{self.rng.randint(1, 58)}"
            if gate not in self.gates:
                self.gates.add(gate)
                return gate


def set_status(row: dict[str, Any], **status: Any) -> None:
    for key in ("delay", "new_gate"):
        row.pop(key, None)
    row.update(status)


def not_cancelled(rng: random.Random, row: dict[str, Any], pools: Pools) -> None:
    if row["status"] == "cancelled":
        set_status(row, **rng.choice([{"status": "on_time"}, {"status": "delayed", "delay": rng.choice(range(10, 65, 5))},
                                      {"status": "gate_change", "new_gate": pools.gate()}]))


def within_day(rows: list[dict[str, Any]]) -> bool:
    return all(DAY_START <= r["time"] and r["time"] + r.get("delay", 0) <= DAY_END for r in rows)


def paginate(rows: list[dict[str, Any]], n_pages: int) -> list[list[dict[str, Any]]]:
    size, extra = divmod(len(rows), n_pages)
    pages, at = [], 0
    for k in range(n_pages):
        step = size + (1 if k < extra else 0)
        pages.append(rows[at:at + step])
        at += step
    return pages


def traveller(rng: random.Random) -> dict[str, str]:
    return {"first": rng.choice(FIRST_NAMES), "last": rng.choice(SURNAMES)}


def travel_date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28):02d} {rng.choice(['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'])}"


def airline_of(flight: str) -> int:
    code = flight.split()[0]
    return next(k for k, a in enumerate(AIRLINES) if a[1] == code)


def choose_threshold(rng: random.Random, rows: list[dict[str, Any]], target: dict[str, Any], lower_pool: list[dict[str, Any]]) -> int:
    """A 'catchable from' time making ``target`` the first catchable flight among ``lower_pool``."""
    t_target = departure_time(target)
    assert t_target is not None
    below = [t for r in lower_pool if r is not target and (t := departure_time(r)) is not None and t <= t_target]
    if t_target in below:
        raise Rejected("tie with the answer flight")
    lo = max(below) + 3 if below else t_target - 70
    hi = t_target - 2
    lo = max(lo, hi - 70)
    if lo > hi:
        raise Rejected("no room for the connection threshold")
    return rng.randint(lo, hi)


def arrival_status(rng: random.Random, actual: int, min_delay: int) -> tuple[int, dict[str, Any]]:
    """The inbound's scheduled arrival and its board status so that it lands at ``actual``.

    ``min_delay`` is the least delay (negative: the most it may be early) that keeps the booked
    itinerary legal when it was planned.
    """
    kinds = ["delayed", "expected", "landed"]
    if min_delay <= 0:
        kinds.append("on_time")
    if min_delay <= -5:
        kinds.append("early")
    kind = rng.choice(kinds)
    if kind == "on_time":
        return actual, {"status": "on_time"}
    if kind == "early":
        early = rng.randint(5, min(19, -min_delay))
        return actual + early, {"status": rng.choice(["landed", "expected"]), "at": actual}
    delay = rng.randint(max(min_delay, 10), max(min_delay, 10) + 60)
    if kind == "delayed":
        delay -= delay % 5
        if delay < max(min_delay, 1):
            delay += 5
        return actual - delay, {"status": "delayed", "delay": delay}
    return actual - delay, {"status": kind, "at": actual}


def legs_before(rng: random.Random, pools: Pools, hub: tuple[str, str], arrive: int, n: int,
                used: set[str]) -> list[dict[str, Any]]:
    """``n`` legs ending at ``hub`` at ``arrive``, built backwards in time."""
    legs: list[dict[str, Any]] = []
    to, t = hub, arrive
    for i in range(n):
        frm = rng.choice([c for c in CITIES if c[0] not in used])
        used.add(frm[0])
        longest = max(60, min(300, (t - DAY_START) // (n - i) - 50))  # leave room for earlier legs
        dep = t - rng.choice(range(55, longest + 1, 5))
        legs.insert(0, {"flight": pools.flight(), "from": frm[0], "from_code": frm[1], "to": to[0], "to_code": to[1],
                        "dep": dep, "arr": t})
        to, t = frm, dep - rng.choice(range(45, 155, 5))
    if legs[0]["dep"] < DAY_START:
        raise Rejected("itinerary starts before dawn")
    return legs
