"""Schedule: plan with a boarding pass or itinerary and airport departure/arrival boards.

One image is the traveller's document (a boarding pass card or a multi-leg itinerary); the
others are airport boards drawn as realistic dark flight-information screens. Boards carry the
news the document cannot: delays, gate changes, cancellations, late or early landings. The
question text gives the rest (the minimum connection time). Labels are strings exactly as printed
(a city or a gate code). The solver reads only the stored boards and document; the sampler builds
each item around a chosen answer row (so the answer's place on the board is spread evenly) and
keeps only draws the solver finds unambiguous. The solver lives in ``solve.py``, the
config-free building blocks in ``build.py``, the wording and place names in
``wording.py`` and the drawing in ``drawing.py``.

Question types: ``gate`` (which gate to go to), ``earliest`` (the destination of the earliest
departure still catchable after landing), ``reachable`` (which of several cities can still be
reached), ``connection_gate`` (the gate of the first catchable flight to the final destination).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import Any

from PIL import Image

from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_min_max, check_range, knob
from remibench.tasks.schedule.build import (
    DAY_END,
    Pools,
    airline_of,
    arrival_status,
    choose_threshold,
    legs_before,
    not_cancelled,
    paginate,
    set_status,
    travel_date,
    traveller,
    within_day,
)
from remibench.tasks.schedule.drawing import render_schedule
from remibench.tasks.schedule.solve import Ambiguous, departure_time, solve_spec
from remibench.tasks.schedule.wording import (
    ARRIVALS,
    ASK,
    BOARD_MANY,
    BOARD_ONE,
    CITIES,
    DOC_ITINERARY,
    DOC_PASS,
    DOC_PASS_INBOUND,
    MCT_TEXT,
    NO_ARRIVALS,
    join_words,
)

QTYPES = ("gate", "earliest", "reachable", "connection_gate")
STEPS = (5, 10, 10, 15, 15, 20, 25, 30)
MCTS = (30, 35, 40, 45, 50, 60, 75, 90)


@dataclass
class ScheduleConfig(TaskConfig):
    question_types: list = knob(list(QTYPES), "question types drawn from: gate, earliest, reachable, connection_gate")
    rows_min: int = knob(6, "fewest flights per departures-board image (4-14)")
    rows_max: int = knob(10, "most flights per departures-board image (4-14)")
    max_boards: int = knob(2, "most departures-board images per item (1-3; gate items may use three)")
    p_delay: float = knob(0.25, "probability that a background flight is delayed")
    p_gate_change: float = knob(0.15, "probability that a background flight has a gate change")
    p_cancel: float = knob(0.1, "probability that a background flight is cancelled")
    p_own_gate_change: float = knob(0.6, "probability that the traveller's own flight has its gate changed (gate items)")
    legs_min: int = knob(1, "fewest legs in an itinerary (1-3; connection_gate items need two)")
    legs_max: int = knob(3, "most legs in an itinerary (1-3)")
    p_arrivals_board: float = knob(0.75, "probability that a connection item shows the arrivals board (actual landing time)")
    n_candidates: int = knob(4, "cities offered in a reachable item (3-5); exactly one can still be reached")

    def validate(self) -> None:
        if not self.question_types or any(q not in QTYPES for q in self.question_types):
            raise ConfigError(f"ScheduleConfig.question_types={self.question_types!r}: choose from {', '.join(QTYPES)}")
        check_range(self, "rows_min", 4, 14)
        check_range(self, "rows_max", 4, 14)
        check_min_max(self, "rows_min", "rows_max")
        check_range(self, "max_boards", 1, 3)
        for name in ("p_delay", "p_gate_change", "p_cancel", "p_own_gate_change", "p_arrivals_board"):
            check_range(self, name, 0.0, 1.0)
        if self.p_delay + self.p_gate_change + self.p_cancel > 0.9:
            raise ConfigError("ScheduleConfig: p_delay + p_gate_change + p_cancel must stay at most 0.9")
        check_range(self, "legs_min", 1, 3)
        check_range(self, "legs_max", 1, 3)
        check_min_max(self, "legs_min", "legs_max")
        check_range(self, "n_candidates", 3, 5)


# ---------------------------------------------------------------- sampling helpers

def _status(rng: random.Random, config: ScheduleConfig, pools: Pools) -> dict[str, Any]:
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


def _board(rng: random.Random, config: ScheduleConfig, pools: Pools, n: int, start: int,
           cities: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """``n`` departures sorted by time, distinct destinations from ``cities``, random statuses."""
    rows, t = [], start
    for k, (city, _) in enumerate(rng.sample(cities, n)):
        if k:
            t += rng.choice(STEPS)
        row = {"time": t, "flight": pools.flight(), "dest": city, "gate": pools.gate()}
        row.update(_status(rng, config, pools))
        rows.append(row)
    return rows


def _rows_total(rng: random.Random, config: ScheduleConfig, n_pages: int) -> int:
    return sum(rng.randint(config.rows_min, config.rows_max) for _ in range(n_pages))


# ---------------------------------------------------------------- gate items

def sample_gate(rng: random.Random, config: ScheduleConfig, pools: Pools) -> dict[str, Any]:
    """A boarding pass and the departure boards of its airport; the pass's gate may be outdated."""
    origin = rng.choice(CITIES)
    others = [c for c in CITIES if c != origin]
    n_pages = rng.randint(1, config.max_boards)
    rows = _board(rng, config, pools, _rows_total(rng, config, n_pages), 5 * rng.randint(6 * 12, 17 * 12), others)
    if not within_day(rows):
        raise Rejected("times run past midnight")
    r = rng.randrange(len(rows))
    own = rows[r]
    not_cancelled(rng, own, pools)
    if rng.random() < config.p_own_gate_change:
        set_status(own, status="gate_change", new_gate=pools.gate())
    elif own["status"] == "gate_change":
        set_status(own, status=rng.choice(["on_time", "boarding"]))
    if rng.random() < 0.5 and len(rows) > 2:  # another flight to the same city, so the flight number matters
        j = rng.choice([k for k in range(len(rows)) if k != r])
        rows[j]["dest"] = own["dest"]
    dest_code = dict(CITIES)[own["dest"]]
    doc = {"kind": "pass", "airline": airline_of(own["flight"]), "flight": own["flight"], "from": origin[0],
           "from_code": origin[1], "to": own["dest"], "to_code": dest_code, "date": travel_date(rng),
           "dep": own["time"], "boarding": own["time"] - rng.choice((25, 30, 35, 40)), "gate": own["gate"],
           "seat": f"{rng.randint(3, 38)}{rng.choice('ABCDEF')}", "group": rng.randint(1, 6),
           "barcode": rng.getrandbits(32)}
    return {"qtype": "gate", "person": traveller(rng), "doc": doc, "airport": origin[0],
            "departures": {"pages": paginate(rows, n_pages), "delay_style": rng.choice(["min", "time"])},
            "arrivals": None}


# ---------------------------------------------------------------- connection items

def _arrivals_board(rng: random.Random, config: ScheduleConfig, pools: Pools, flight: str, origin: str,
                    scheduled: int, status: dict[str, Any], hub: str) -> dict[str, Any]:
    low = max(4, config.rows_min - 2)
    n = rng.randint(low, max(low, config.rows_max - 2))
    own_at = rng.randrange(n)
    cities = [c for c, _ in CITIES if c not in (hub, origin)]
    rows: list[dict[str, Any]] = [{"flight": pools.flight(), "origin": city} for city in rng.sample(cities, n)]
    times = sorted(rng.sample(range(scheduled - 90, scheduled + 95, 5), n))
    times[own_at] = scheduled
    times.sort()
    for row, t in zip(rows, times):
        row["time"] = t
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
    own = rows[times.index(scheduled)]
    own.update(flight=flight, origin=origin)
    for key in ("delay", "at"):
        own.pop(key, None)
    own.update(status)
    return {"rows": rows}


def sample_connection(rng: random.Random, config: ScheduleConfig, pools: Pools, qtype: str) -> dict[str, Any]:
    """Land at a hub (actual time from the arrivals board) and choose among its departures."""
    hub = rng.choice(CITIES)
    mct = rng.choice(MCTS)
    show_arrivals = rng.random() < config.p_arrivals_board
    max_pages = min(config.max_boards, 3 if not show_arrivals else 2)
    n_pages = rng.randint(1, max_pages)
    n_rows = _rows_total(rng, config, n_pages)
    cities = [c for c in CITIES if c != hub]
    rows = _board(rng, config, pools, n_rows, 5 * rng.randint(9 * 12, 17 * 12), cities)
    spec: dict[str, Any] = {"qtype": qtype, "person": traveller(rng), "airport": hub[0], "mct": mct}
    min_legs = 2 if qtype == "connection_gate" else 1
    legs_total = rng.randint(max(config.legs_min, min_legs), max(config.legs_max, min_legs))
    booked: dict[str, Any] | None = None
    if qtype == "connection_gate":
        target = rng.choice([c for c, _ in cities if c not in {r["dest"] for r in rows}])
        slots = sorted(rng.sample(range(len(rows)), rng.choice((2, 3))))
        for k in slots:
            rows[k]["dest"] = target
        d_rows = [rows[k] for k in slots]
        booked = d_rows[0]  # the itinerary's connection is the first flight of the day to the target
        answer = rng.choice(d_rows)
        not_cancelled(rng, answer, pools)
        if answer is not booked and rng.random() < 0.35:
            set_status(booked, status="cancelled")
        threshold = choose_threshold(rng, rows, answer, d_rows)
        t_booked = departure_time(booked)
        if booked is not answer and t_booked is not None and t_booked >= threshold:
            raise Rejected("booked connection still catchable but not the first")
        spec["target_city"] = target
        min_delay = threshold - booked["time"]  # the booked connection was legal when planned
    elif qtype == "earliest":
        answer = rows[rng.randrange(len(rows))]
        not_cancelled(rng, answer, pools)
        threshold = choose_threshold(rng, rows, answer, rows)
        min_delay = -(10**6)
    else:
        answer = rows[rng.randrange(len(rows))]
        not_cancelled(rng, answer, pools)
        threshold = departure_time(answer) - rng.randint(2, 75)  # type: ignore[operator]
        spec["candidates"] = _candidates(rng, config, rows, answer, threshold, mct, pools)
        min_delay = -(10**6)
    for row in rows:  # nothing leaves exactly at the threshold: keep every comparison clear
        t = departure_time(row)
        if t is not None and abs(t - threshold) < 2:
            raise Rejected("a departure sits on the connection threshold")
    actual = threshold - mct
    if min_delay > 0 and not show_arrivals:
        raise Rejected("missed connection needs the arrivals board")
    if show_arrivals:
        scheduled, status = arrival_status(rng, actual, min_delay)
    else:
        scheduled, status = actual, {"status": "on_time"}
    used = {hub[0]} | {r["dest"] for r in rows}
    n_after = 1 if booked is not None and legs_total == 3 and rng.random() < 0.5 else 0
    n_before = legs_total - n_after - (booked is not None)
    legs = legs_before(rng, pools, hub, scheduled, n_before, used)
    inbound_leg = legs[-1]
    if booked is not None:
        d_code = dict(CITIES)[booked["dest"]]
        dur = rng.choice(range(55, 245, 5))
        legs.append({"flight": booked["flight"], "from": hub[0], "from_code": hub[1], "to": booked["dest"],
                     "to_code": d_code, "dep": booked["time"], "arr": booked["time"] + dur})
        if n_after:
            nxt = rng.choice([c for c in CITIES if c[0] not in used | {booked['dest']}])
            dep = legs[-1]["arr"] + rng.choice(range(50, 125, 5))
            legs.append({"flight": pools.flight(), "from": booked["dest"], "from_code": d_code, "to": nxt[0],
                         "to_code": nxt[1], "dep": dep, "arr": dep + rng.choice(range(55, 185, 5))})
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
    spec["departures"] = {"pages": paginate(rows, n_pages), "delay_style": rng.choice(["min", "time"])}
    return spec


def _candidates(rng: random.Random, config: ScheduleConfig, rows: list[dict[str, Any]], answer: dict[str, Any],
                threshold: int, mct: int, pools: Pools) -> list[str]:
    """The offered cities: the answer and cities that cannot be reached (preferring near misses)."""
    need = config.n_candidates - 1

    def unreachable(row: dict[str, Any]) -> bool:
        t = departure_time(row)
        return row is not answer and (t is None or t < threshold)

    pool = [r for r in rows if unreachable(r)]
    spare = [r for r in rows if r is not answer and not unreachable(r)]
    rng.shuffle(spare)
    while len(pool) < need and spare:
        row = spare.pop()
        set_status(row, status="cancelled")
        pool.append(row)
    if len(pool) < need:
        raise Rejected("too few unreachable cities")

    def weight(row: dict[str, Any]) -> float:
        t = departure_time(row)
        near_miss = t is not None and threshold - mct <= t < threshold  # catchable if the MCT were ignored
        late_cancel = t is None and row["time"] >= threshold
        delayed_early = row["status"] == "delayed"
        return 4.0 if near_miss or late_cancel else (2.0 if delayed_early else 1.0)

    chosen: list[dict[str, Any]] = []
    while len(chosen) < need:
        pick = rng.choices(pool, [weight(r) for r in pool])[0]
        pool.remove(pick)
        chosen.append(pick)
    names = [r["dest"] for r in chosen] + [answer["dest"]]
    rng.shuffle(names)
    return names


def image_roles(spec: dict[str, Any]) -> list[tuple[str, int]]:
    """The images in order: the document, the arrivals board, then the departure pages (or doc last)."""
    boards = [("arrivals", 0)] if spec["arrivals"] is not None else []
    boards += [("departures", k) for k in range(len(spec["departures"]["pages"]))]
    return [("doc", 0), *boards] if spec["doc_first"] else [*boards, ("doc", 0)]


class ScheduleTask(Task):
    name = "Schedule"
    domain = "planning"
    consumption = "set"
    image_types_default = "different"
    version = "1"
    config_cls = ScheduleConfig

    def sample(self, rng: random.Random, config: ScheduleConfig, ctx: DrawContext) -> dict[str, Any]:
        qtype = config.question_types[ctx.balanced(len(config.question_types))]
        pools = Pools(rng)
        spec = sample_gate(rng, config, pools) if qtype == "gate" else sample_connection(rng, config, pools, qtype)
        spec["doc_first"] = rng.random() < 0.7
        spec["tpl"] = [rng.randrange(12) for _ in range(5)]
        try:
            solve_spec(spec)
        except Ambiguous as error:
            raise Rejected(str(error)) from None
        return spec

    def question(self, spec: dict[str, Any]) -> str:
        t_doc, t_board, t_arr, t_mct, t_ask = spec["tpl"]
        name, airport, qtype = spec["person"]["first"], spec["airport"], spec["qtype"]
        tags: dict[str, list[str]] = {"doc": [], "arrivals": [], "departures": []}
        for k, (role, _) in enumerate(image_roles(spec), start=1):
            tags[role].append(f"<image{k}>")
        doc = spec["doc"]
        if doc["kind"] == "itinerary":
            doc_text = DOC_ITINERARY[t_doc % len(DOC_ITINERARY)]
        elif qtype == "gate":
            doc_text = DOC_PASS[t_doc % len(DOC_PASS)]
        else:
            doc_text = DOC_PASS_INBOUND[t_doc % len(DOC_PASS_INBOUND)]
        doc_text = doc_text.format(name=name, tag=tags["doc"][0], hub=airport)
        doc_text = doc_text[0].upper() + doc_text[1:] if doc_text[0] != "<" else doc_text
        boards = BOARD_ONE if len(tags["departures"]) == 1 else BOARD_MANY
        board_parts = []
        if tags["arrivals"]:
            board_parts.append(ARRIVALS[t_arr % len(ARRIVALS)].format(airport=airport, tag=tags["arrivals"][0]))
        board_parts.append(boards[t_board % len(boards)].format(airport=airport, tags=join_words(tags["departures"])))
        parts = [doc_text, *board_parts] if spec["doc_first"] else [*board_parts, doc_text]
        if qtype != "gate":
            if spec["arrivals"] is None:
                parts.append(NO_ARRIVALS.format(name=name, airport=airport))
            parts.append(MCT_TEXT[t_mct % len(MCT_TEXT)].format(name=name, mct=spec["mct"], airport=airport))
        asks = ASK[qtype]
        parts.append(asks[t_ask % len(asks)].format(name=name, airport=airport, target=spec.get("target_city"),
                                                    cands=join_words(spec.get("candidates") or ["-"], "or"),
                                                    cands_and=join_words(spec.get("candidates") or ["-"])))
        return " ".join(parts)

    def solve(self, spec: dict[str, Any]) -> str:
        return solve_spec(spec)

    def render(self, spec: dict[str, Any]) -> list[Image.Image]:
        return render_schedule(spec, image_roles(spec))


TASK = ScheduleTask()
