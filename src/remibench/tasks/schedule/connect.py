"""Connection items: land at a hub (actual time from the arrivals board) and choose among its departures.

Each item is built around its answer row. The connection threshold (actual landing plus minimum
connection time) is chosen to make that row the answer; the landing time, the inbound's arrivals
line and the itinerary are derived from it. Rows are dealt to one screen per terminal, so each screen spans
the same hours and can hold the flight that decides the answer.
"""

from __future__ import annotations

import random
import string
from typing import Any

from remibench.tasks.base import Rejected
from remibench.tasks.schedule.build import (
    DAY_END,
    DAY_START,
    LONGEST_LEG,
    Pools,
    airline_of,
    arrival_status,
    board,
    choose_threshold,
    legs_before,
    make_decoy,
    not_cancelled,
    page_sizes,
    set_status,
    split_pages,
    travel_date,
    traveller,
    within_day,
)
from remibench.tasks.schedule.geo import block_minutes
from remibench.tasks.schedule.solve import departure_time
from remibench.tasks.schedule.wording import CITIES

MCTS = (30, 35, 40, 45, 50, 60, 75, 90)
ANSWER_DELAYED = 0.3
SHUTTLE = 150  # minutes: connection_gate targets are short routes with several flights a day
# weights of no early offer, of some and of all offers early (see _reachable)
EARLY_FIRST, EARLY_MIDDLE, EARLY_LAST = 2.2, (0.72, 0.85, 0.85), 0.7
FAR = 10**6
CODES = dict(CITIES)


def _arrivals_board(rng: random.Random, config: Any, pools: Pools, flight: str, origin: str,
                    scheduled: int, status: dict[str, Any], hub: str) -> dict[str, Any]:
    """The hub's arrivals screen around the inbound's scheduled time; every other flight comes
    from a city close enough to have left the same morning."""
    low = max(4, config.rows_min - 2)
    n = rng.randint(low, max(low, config.rows_max - 2))
    times = sorted(rng.sample([t for t in range(scheduled - 90, scheduled + 95, 5) if t != scheduled], n - 1) + [scheduled])
    used = {hub, origin}
    rows: list[dict[str, Any]] = []
    for t in times:
        if t == scheduled:
            rows.append({"flight": flight, "origin": origin, "time": t, **status})
            continue
        near = [c for c, _ in CITIES if c not in used and block_minutes(c, hub) <= min(LONGEST_LEG, t - DAY_START - 60)]
        if not near:
            raise Rejected("no city close enough for the arrivals board")
        city = rng.choice(near)
        used.add(city)
        row: dict[str, Any] = {"flight": pools.flight(), "origin": city, "time": t}
        x = rng.random()
        if x < 0.3:
            row.update(status="delayed", delay=rng.choice(range(10, 95, 5)))
        elif x < 0.55 and t < scheduled:
            row.update(status="landed", at=t + rng.randint(-12, 20))
        elif x < 0.7:
            row.update(status="expected", at=t + rng.randint(-10, 30))
        elif x < 0.75:
            row.update(status="cancelled")
        else:
            row.update(status="on_time")
        rows.append(row)
    return {"rows": rows}


def _earliest(rng: random.Random, rows: list[dict[str, Any]], pools: Pools) -> int:
    """earliest: any row can be the answer; flights printed between the threshold and it are
    ruled out by their remarks (cancelled, or delayed past it)."""
    answer = rows[rng.randrange(1, len(rows))]
    not_cancelled(rng, answer, pools)
    return choose_threshold(rng, answer, rows)


def _reachable(rng: random.Random, config: Any, rows: list[dict[str, Any]], mct: int, pools: Pools) -> tuple[int, list[str]]:
    """reachable: the offered cities are the answer, sometimes one cancelled flight, and others
    that leave before the threshold or after the answer; the answer's rank among the offered
    flights that fly is uniform. When some leave before the threshold, the latest of them is a
    near miss (it would be caught if the connection time were ignored)."""
    answer = rows[rng.randrange(len(rows))]
    not_cancelled(rng, answer, pools)
    if answer["status"] != "delayed" and rng.random() < ANSWER_DELAYED:  # the answer carries news as often as
        set_status(answer, status="delayed", delay=rng.choice(range(10, 65, 5)))  # the offers before it
    t_answer = departure_time(answer)
    assert t_answer is not None
    threshold = t_answer - rng.randint(3, 75)
    n_cancelled = 1 if rng.random() < 0.3 else 0
    n_flying = config.n_candidates - 1 - n_cancelled
    # draws with no early city are often refused later (the arrivals board would not matter), so
    # they are drawn more often here: the answer's rank among the flying offers ends up uniform
    n_early = rng.choices(range(n_flying + 1), [EARLY_FIRST, *EARLY_MIDDLE[:n_flying - 1], EARLY_LAST])[0]
    free = [r for r in rows if r is not answer]
    early = [r for r in free if (t := departure_time(r)) is not None and t < threshold]
    near = [r for r in early if departure_time(r) >= threshold - mct]  # type: ignore[operator]
    late = [r for r in free if (t := departure_time(r)) is not None and t > t_answer]
    cancelled = [r for r in free if r["status"] == "cancelled"]
    if n_early and not near or len(early) < n_early or len(late) < n_flying - n_early or len(cancelled) < n_cancelled:
        raise Rejected("too few flights of some kind for the offer")
    chosen = [answer]
    if n_early:
        first = rng.choice(near)
        chosen.append(first)
        chosen += rng.sample([r for r in early if r is not first], n_early - 1)
    chosen += rng.sample(late, n_flying - n_early) + rng.sample(cancelled, n_cancelled)
    names = [r["dest"] for r in chosen]
    rng.shuffle(names)
    return threshold, names


def _target_rows(rng: random.Random, rows: list[dict[str, Any]], hub: str, cities: list[tuple[str, str]],
                 pools: Pools) -> tuple[dict[str, Any], int, int, int]:
    """connection_gate: 4-6 flights to one nearby target city: maybe one that left before the traveller could
    ever make it, the booked one (cancelled or missed), one or two more that are lost too (missed
    after the late landing, cancelled, or delayed past the answer), the answer and one or two later
    ones. So neither the booked flight, the next one, the first nor the last is the answer by rule.
    Returns the booked row, the threshold and the delay range that keeps the booking legal."""
    shuttles = [c for c, _ in cities if c not in {r["dest"] for r in rows} and block_minutes(hub, c) <= SHUTTLE]
    if not shuttles:
        raise Rejected("no city near enough for a frequent service")
    target = rng.choice(shuttles)  # a short route flown several times a day
    n_early, n_lost, n_after = rng.choice((0, 1)), rng.choice((1, 2)), rng.choice((1, 1, 2))
    n = n_early + 1 + n_lost + 1 + n_after
    if len(rows) < n + 2:
        raise Rejected("board too short for the target flights")
    flights = [rows[k] for k in sorted(rng.sample(range(len(rows)), n))]
    for row in flights:
        row["dest"] = target
    booked, lost, answer = flights[n_early], flights[n_early + 1:n_early + 1 + n_lost], flights[n_early + 1 + n_lost]
    for row in flights[n_early + 1 + n_lost:]:
        not_cancelled(rng, row, pools)
    t_answer = departure_time(answer)
    assert t_answer is not None
    if any((departure_time(r) or 0) <= t_answer + 2 for r in flights[n_early + 2 + n_lost:]):
        raise Rejected("a later flight to the target leaves before the answer")
    decoys = []
    kinds = [rng.choice(["missed", "missed", "missed", "late"]), rng.choice(["missed", "missed", "cancelled", "late"])][:n_lost]
    kinds.sort(key=lambda kind: kind != "missed")  # missed flights leave before the threshold, so come first
    for row, kind in zip(lost, kinds):
        if kind == "missed":
            not_cancelled(rng, row, pools)
            if (departure_time(row) or 0) > t_answer:
                set_status(row, status="on_time")
        else:
            make_decoy(rng, row, kind, t_answer)
            decoys.append(row)
    if rng.random() < 0.35:
        set_status(booked, status="cancelled")
    elif booked["status"] == "cancelled":
        set_status(booked, status="on_time")
    threshold = choose_threshold(rng, answer, flights, decoys)
    t_booked = departure_time(booked)
    if t_booked is not None and t_booked >= threshold:
        raise Rejected("booked connection still catchable")
    earlier = [r["time"] for r in flights[:n_early]]
    max_delay = threshold - max(earlier) - 1 if earlier else FAR  # the booking was the first one possible
    return booked, threshold, threshold - booked["time"], max_delay


def _legs(rng: random.Random, pools: Pools, hub: tuple[str, str], scheduled: int, legs_total: int,
          booked: dict[str, Any] | None, used: set[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The itinerary: legs into the hub, the booked connection and maybe one leg after it."""
    n_after = 1 if booked is not None and legs_total == 3 and rng.random() < 0.5 else 0
    n_before = legs_total - n_after - (booked is not None)
    legs = legs_before(rng, pools, hub, scheduled, n_before, used)
    inbound_leg = legs[-1]
    if booked is not None:
        legs.append({"flight": booked["flight"], "from": hub[0], "from_code": hub[1], "to": booked["dest"],
                     "to_code": CODES[booked["dest"]], "dep": booked["time"],
                     "arr": booked["time"] + block_minutes(hub[0], booked["dest"])})
        if n_after:
            here = booked["dest"]
            near = [c for c in CITIES if c[0] not in used | {here} and block_minutes(here, c[0]) <= 240]
            if not near:
                raise Rejected("no city close enough for the leg after the connection")
            nxt = rng.choice(near)
            dep = legs[-1]["arr"] + rng.choice(range(50, 125, 5))
            legs.append({"flight": pools.flight(), "from": here, "from_code": CODES[here], "to": nxt[0],
                         "to_code": nxt[1], "dep": dep, "arr": dep + block_minutes(here, nxt[0])})
    return legs, inbound_leg


def sample_connection(rng: random.Random, config: Any, pools: Pools, qtype: str) -> dict[str, Any]:
    hub = rng.choice(CITIES)
    mct = rng.choice(MCTS)
    show_arrivals = rng.random() < config.p_arrivals_board
    n_pages = rng.randint(1, min(config.max_boards, 2 if show_arrivals else 3))
    sizes = page_sizes(rng, config, n_pages)
    cities = [c for c in CITIES if c != hub]
    rows = board(rng, config, pools, sum(sizes), 5 * rng.randint(9 * 12, 16 * 12), cities)
    spec: dict[str, Any] = {"qtype": qtype, "person": traveller(rng), "airport": hub[0], "mct": mct}
    min_legs = 2 if qtype == "connection_gate" else 1
    legs_total = rng.randint(max(config.legs_min, min_legs), max(config.legs_max, min_legs))
    booked: dict[str, Any] | None = None
    min_delay, max_delay = -FAR, FAR
    if qtype == "connection_gate":
        booked, threshold, min_delay, max_delay = _target_rows(rng, rows, hub[0], cities, pools)
        spec["target_city"] = booked["dest"]
    elif qtype == "earliest":
        threshold = _earliest(rng, rows, pools)
    else:
        threshold, spec["candidates"] = _reachable(rng, config, rows, mct, pools)
    for row in rows:  # nothing leaves exactly at the threshold: keep every comparison clear
        t = departure_time(row)
        if t is not None and abs(t - threshold) < 2:
            raise Rejected("a departure sits on the connection threshold")
    actual = threshold - mct
    if min_delay > 0 and not show_arrivals:
        raise Rejected("missed connection needs the arrivals board")
    if show_arrivals:
        scheduled, status = arrival_status(rng, actual, min_delay, max_delay)
    else:
        scheduled, status = actual, {"status": "on_time"}
    legs, inbound_leg = _legs(rng, pools, hub, scheduled, legs_total, booked, {hub[0]} | {r["dest"] for r in rows})
    if max(leg["arr"] for leg in legs) > DAY_END or not within_day(rows):
        raise Rejected("times run past midnight")
    if len(legs) == 1 and rng.random() < 0.5:
        leg = legs[0]
        spec["doc"] = {"kind": "pass", "airline": airline_of(leg["flight"]), "flight": leg["flight"],
                       "from": leg["from"], "from_code": leg["from_code"], "to": leg["to"], "to_code": leg["to_code"],
                       "date": travel_date(rng), "dep": leg["dep"], "arr": leg["arr"],
                       "boarding": leg["dep"] - rng.choice((25, 30, 35, 40)), "gate": pools.gate(),
                       "seat": f"{rng.randint(3, 38)}{rng.choice('ABCDEF')}", "group": rng.randint(1, 6),
                       "barcode": rng.getrandbits(32)}
    else:
        spec["doc"] = {"kind": "itinerary", "ref": "".join(rng.choice(string.ascii_uppercase + "23456789") for _ in range(6)),
                       "date": travel_date(rng), "legs": legs, "hub_leg": legs.index(inbound_leg)}
    spec["arrivals"] = (_arrivals_board(rng, config, pools, inbound_leg["flight"], inbound_leg["from"], scheduled, status, hub[0])
                        if show_arrivals else None)
    spec["departures"] = {"pages": split_pages(rng, rows, sizes), "delay_style": rng.choice(["min", "time"])}
    return spec
