"""Schedule: plan with a boarding pass or itinerary and airport departure/arrival boards.

One image is the traveller's document (a boarding pass card or a multi-leg itinerary); the
others are airport boards drawn as realistic dark flight-information screens. Boards carry the
news the document cannot: delays, gate changes, cancellations, late or early landings. The
question text gives the rest (the minimum connection time). Labels are strings exactly as printed
(a city or a gate code). The solver reads only the stored boards and document; the samplers
(gate items here, connection items in ``connect.py``) build each item around a chosen answer row
and keep only draws the solver finds unambiguous and in which every image decides the answer
(``checks.py``, ``docvary.py``).

Question types: ``gate`` (which gate to go to), ``earliest`` (the destination of the earliest
departure still catchable after landing), ``reachable`` (which of several offered cities has the
first catchable flight), ``connection_gate`` (the gate of the first catchable flight to the final
destination).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from PIL import Image

from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_min_max, check_range, knob
from remibench.tasks.schedule.build import (
    Pools,
    airline_of,
    board,
    not_cancelled,
    page_sizes,
    set_status,
    split_pages,
    travel_date,
    traveller,
    within_day,
)
from remibench.tasks.schedule.checks import arrivals_decisive, every_board_decisive, mct_decisive
from remibench.tasks.schedule.connect import sample_connection
from remibench.tasks.schedule.docvary import doc_decisive
from remibench.tasks.schedule.drawing import render_schedule
from remibench.tasks.schedule.solve import Ambiguous, solve_spec
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


@dataclass
class ScheduleConfig(TaskConfig):
    question_types: list = knob(list(QTYPES), "question types drawn from: gate, earliest, reachable, connection_gate")
    rows_min: int = knob(6, "fewest flights per departures-board image (4-14)")
    rows_max: int = knob(10, "most flights per departures-board image (4-14)")
    max_boards: int = knob(2, "most departures-board images per item (1-3; gate items use at most two)")
    p_delay: float = knob(0.25, "probability that a background flight is delayed")
    p_gate_change: float = knob(0.15, "probability that a background flight has a gate change")
    p_cancel: float = knob(0.1, "probability that a background flight is cancelled")
    p_own_gate_change: float = knob(0.15, "probability that the traveller's own flight has its gate changed (gate items; "
                                            "the pass then shows the old gate, else TBA)")
    legs_min: int = knob(1, "fewest legs in an itinerary (1-3; connection_gate items need two)")
    legs_max: int = knob(3, "most legs in an itinerary (1-3)")
    p_arrivals_board: float = knob(0.75, "probability that a connection item shows the arrivals board (actual landing time)")
    n_candidates: int = knob(4, "cities offered in a reachable item (3-5); the answer is the one with the first catchable flight")

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


# ---------------------------------------------------------------- gate items

def sample_gate(rng: random.Random, config: ScheduleConfig, pools: Pools) -> dict[str, Any]:
    """A boarding pass and the departure boards of its airport.

    The pass prints the gate assigned at check-in; when the board later changed it, the pass
    shows the old gate, and when no gate had been assigned yet it reads TBA. Either way only the
    board gives the gate to go to. A second departures page (if any) is searched but not used.
    """
    origin = rng.choice(CITIES)
    others = [c for c in CITIES if c != origin]
    n_pages = rng.randint(1, min(config.max_boards, 2))
    sizes = page_sizes(rng, config, n_pages)
    rows = board(rng, config, pools, sum(sizes), 5 * rng.randint(6 * 12, 17 * 12), others)
    if not within_day(rows):
        raise Rejected("times run past midnight")
    r = rng.randrange(len(rows))
    own = rows[r]
    not_cancelled(rng, own, pools)
    printed: str | None = None
    if rng.random() < config.p_own_gate_change:
        printed = own["gate"]
        set_status(own, status="gate_change", new_gate=pools.gate())
    elif own["status"] == "gate_change":
        set_status(own, status=rng.choice(["on_time", "boarding"]))
    if rng.random() < 0.5 and len(rows) > 2:  # another flight to the same city, so the flight number matters
        j = rng.choice([k for k in range(len(rows)) if k != r])
        rows[j]["dest"] = own["dest"]
    doc = {"kind": "pass", "airline": airline_of(own["flight"]), "flight": own["flight"], "from": origin[0],
           "from_code": origin[1], "to": own["dest"], "to_code": dict(CITIES)[own["dest"]], "date": travel_date(rng),
           "dep": own["time"], "boarding": own["time"] - rng.choice((25, 30, 35, 40)), "gate": printed,
           "seat": f"{rng.randint(3, 38)}{rng.choice('ABCDEF')}", "group": rng.randint(1, 6),
           "barcode": rng.getrandbits(32)}
    return {"qtype": "gate", "person": traveller(rng), "doc": doc, "airport": origin[0],
            "departures": {"pages": split_pages(rng, rows, sizes), "delay_style": rng.choice(["min", "time"])},
            "arrivals": None}


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
    version = "2"
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
        if not arrivals_decisive(spec):
            raise Rejected("the arrivals board does not change the answer")
        if not mct_decisive(spec):
            raise Rejected("the connection time does not change the answer")
        if not every_board_decisive(spec, pools.gate()):
            raise Rejected("a board cannot change the answer")
        if not doc_decisive(spec, rng):
            raise Rejected("the document cannot change the answer")
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
