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
from remibench.tasks.schedule.geo import block_minutes
from remibench.tasks.schedule.solve import departure_time
from remibench.tasks.schedule.wording import CITIES, FIRST_NAMES, SURNAMES

GATE_LETTERS = "ABCDEFGHK"
DAY_START, DAY_END = 5 * 60, 23 * 60 + 30
STEPS = (5, 10, 10, 15, 15, 20, 25, 30)
LONGEST_LEG = 420  # minutes; legs before the hub are drawn from cities within reach of the day


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


def split_pages(rng: random.Random, rows: list[dict[str, Any]], sizes: list[int]) -> list[list[dict[str, Any]]]:
    """One screen per terminal: the time-sorted rows dealt at random to screens of the given sizes,
    each screen in time order, so every screen spans the same hours."""
    owner = [k for k, size in enumerate(sizes) for _ in range(size)]
    rng.shuffle(owner)
    return [[row for row, k in zip(rows, owner) if k == page] for page in range(len(sizes))]


def page_sizes(rng: random.Random, config: Any, n_pages: int) -> list[int]:
    return [rng.randint(config.rows_min, config.rows_max) for _ in range(n_pages)]


def random_status(rng: random.Random, config: Any, pools: Pools) -> dict[str, Any]:
    x = rng.random()
    if x < config.p_delay:
        return {"status": "delayed", "delay": rng.choice(range(10, 125, 5))}
    x -= config.p_delay
    if x < config.p_gate_change:
        return {"status": "gate_change", "new_gate": pools.gate()}
    x -= config.p_gate_change
    if x < config.p_cancel:
        return {"status": "cancelled"}
    return {"status": "on_time"}


def board(rng: random.Random, config: Any, pools: Pools, n: int, start: int,
          cities: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """``n`` departures sorted by time, distinct destinations from ``cities``, random statuses."""
    rows, t = [], start
    for k, (city, _) in enumerate(rng.sample(cities, n)):
        if k:
            t += rng.choice(STEPS)
        row = {"time": t, "flight": pools.flight(), "dest": city, "gate": pools.gate()}
        row.update(random_status(rng, config, pools))
        rows.append(row)
    return rows


def traveller(rng: random.Random) -> dict[str, str]:
    return {"first": rng.choice(FIRST_NAMES), "last": rng.choice(SURNAMES)}


def travel_date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28):02d} {rng.choice(['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'])}"


def airline_of(flight: str) -> int:
    code = flight.split()[0]
    return next(k for k, a in enumerate(AIRLINES) if a[1] == code)


def choose_threshold(rng: random.Random, target: dict[str, Any], pool: list[dict[str, Any]],
                     decoys: list[dict[str, Any]] = ()) -> int:  # type: ignore[assignment]
    """A 'catchable from' time making ``target`` the first catchable flight among ``pool``,
    at or before every decoy's printed time (so a decoy's remark is what rules it out)."""
    t_target = departure_time(target)
    assert t_target is not None
    below = [t for r in pool if r is not target and (t := departure_time(r)) is not None and t <= t_target]
    if t_target in below:
        raise Rejected("tie with the answer flight")
    hi = min([t_target] + [d["time"] for d in decoys]) - 2
    lo = max(below) + 3 if below else hi - 70
    lo = max(lo, hi - 70)
    if lo > hi:
        raise Rejected("no room for the connection threshold")
    return rng.randint(lo, hi)


def make_decoy(rng: random.Random, row: dict[str, Any], kind: str, after: int) -> None:
    """Turn ``row`` into news that rules it out: cancelled, or delayed until after minute ``after``."""
    if kind == "cancelled":
        set_status(row, status="cancelled")
        return
    least = 5 * -(-(after + 3 - row["time"]) // 5)
    delay = max(10, least) + 5 * rng.randint(0, 4)
    if delay > 120:
        raise Rejected("a decoy would need a delay over two hours")
    set_status(row, status="delayed", delay=delay)


def arrival_status(rng: random.Random, actual: int, min_delay: int, max_delay: int) -> tuple[int, dict[str, Any]]:
    """The inbound's scheduled arrival and its board status so that it lands at ``actual``.

    The delay lies in ``[min_delay, max_delay]`` (negative: early), the range that keeps the
    booked itinerary legal when it was planned. Never on time: a shown arrivals board carries news.
    """
    kinds = ["delayed", "expected", "landed"]
    if min_delay <= -5:
        kinds.append("early")
    kind = rng.choice(kinds)
    if kind == "early":
        early = rng.randint(5, min(25, -min_delay))
        return actual + early, {"status": rng.choice(["landed", "expected"]), "at": actual}
    low = max(min_delay, 10)
    high = min(max_delay, low + 90)
    if high < low:
        raise Rejected("no delay fits the booked connection")
    delay = rng.randint(low, high)
    if kind == "delayed":
        delay = 5 * -(-delay // 5)
        if delay > max_delay:
            raise Rejected("no delay in 5-minute steps fits")
        return actual - delay, {"status": "delayed", "delay": delay}
    return actual - delay, {"status": kind, "at": actual}


def legs_before(rng: random.Random, pools: Pools, hub: tuple[str, str], arrive: int, n: int,
                used: set[str]) -> list[dict[str, Any]]:
    """``n`` legs ending at ``hub`` at ``arrive``, built backwards in time."""
    legs: list[dict[str, Any]] = []
    to, t = hub, arrive
    for i in range(n):
        longest = min(LONGEST_LEG, (t - DAY_START) // (n - i) - 50)  # leave room for earlier legs
        near = [c for c in CITIES if c[0] not in used and c != to and block_minutes(c[0], to[0]) <= longest]
        if not near:
            raise Rejected("no city close enough for the legs before the hub")
        frm = rng.choice(near)
        used.add(frm[0])
        dep = t - block_minutes(frm[0], to[0])
        legs.insert(0, {"flight": pools.flight(), "from": frm[0], "from_code": frm[1], "to": to[0], "to_code": to[1],
                        "dep": dep, "arr": t})
        to, t = frm, dep - rng.choice(range(45, 155, 5))
    if legs[0]["dep"] < DAY_START:
        raise Rejected("itinerary starts before dawn")
    return legs
