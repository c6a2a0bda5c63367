"""Schedule: solver on hand-written boards, ambiguity, determinism, balance and rendering."""

from __future__ import annotations

import io
import json
import random
from collections import Counter

import pytest
from PIL import Image
from task_helpers import generated_items

from remibench.audit.necessity import check_item
from remibench.generate import Job, make_item
from remibench.items import tag_problem
from remibench.tasks.base import ConfigError
from remibench.tasks.schedule.audit import AUDIT
from remibench.tasks.schedule.checks import arrivals_decisive, every_board_decisive, inbound_row, mct_decisive
from remibench.tasks.schedule.docvary import doc_decisive
from remibench.tasks.schedule.drawing import arrival_remark, departure_remark
from remibench.tasks.schedule.geo import block_minutes
from remibench.tasks.schedule.guessers import GUESSERS
from remibench.tasks.schedule.solve import Ambiguous, all_departures, arrival_time, departure_gate
from remibench.tasks.schedule.task import TASK, ScheduleConfig, image_roles
from remibench.verify import check_generated

PERSON = {"first": "Maya", "last": "Chen"}
TPL = [0, 0, 0, 0, 0]


def dep(time: str, flight: str, dest: str, gate: str, status: str = "on_time", **extra: object) -> dict:
    h, m = map(int, time.split(":"))
    return {"time": 60 * h + m, "flight": flight, "dest": dest, "gate": gate, "status": status, **extra}


def minutes(time: str) -> int:
    h, m = map(int, time.split(":"))
    return 60 * h + m


def gate_spec(flight: str, gate: str, pages: list[list[dict]]) -> dict:
    doc = {"kind": "pass", "airline": 0, "flight": flight, "from": "Oslo", "from_code": "OSL", "to": "Rome",
           "to_code": "FCO", "date": "03 MAY", "dep": 600, "boarding": 570, "gate": gate, "seat": "12C", "group": 2,
           "barcode": 7}
    return {"qtype": "gate", "person": PERSON, "doc": doc, "airport": "Oslo", "arrivals": None,
            "departures": {"pages": pages, "delay_style": "min"}, "doc_first": True, "tpl": TPL}


def hub_spec(qtype: str, rows: list[dict], *, arrive: str = "10:00", mct: int = 45, arrivals: dict | None = None,
             **extra: object) -> dict:
    """An itinerary landing at Paris (flight AU 10) and the Paris departures board."""
    leg = {"flight": "AU 10", "from": "Lima", "from_code": "LIM", "to": "Paris", "to_code": "CDG",
           "dep": minutes(arrive) - 120, "arr": minutes(arrive)}
    doc = {"kind": "itinerary", "ref": "ABC123", "date": "03 MAY", "legs": [leg], "hub_leg": 0}
    spec = {"qtype": qtype, "person": PERSON, "doc": doc, "airport": "Paris", "mct": mct, "arrivals": arrivals,
            "departures": {"pages": [rows], "delay_style": "time"}, "doc_first": True, "tpl": TPL}
    spec.update(extra)
    return spec


def arrivals_with(status: dict) -> dict:
    return {"rows": [{"time": 580, "flight": "NS 5", "origin": "Rome", "status": "on_time"},
                     {"time": 600, "flight": "AU 10", "origin": "Lima", **status}]}


# ---------------------------------------------------------------- gate

GATE_CASES = [
    (gate_spec("AU 100", "B12", [[dep("09:50", "MR 7", "Rome", "A3"), dep("10:00", "AU 100", "Rome", "B12")]]), "B12"),
    (gate_spec("AU 100", "B12", [[dep("10:00", "AU 100", "Rome", "B12", "gate_change", new_gate="C7")]]), "C7"),
    # the flight is on the second page; a same-city flight with a gate change is a distractor
    (gate_spec("MR 20", "D4", [[dep("09:00", "NS 1", "Rome", "D9", "gate_change", new_gate="D4")],
                                 [dep("10:00", "MR 20", "Rome", "D4", "delayed", delay=30)]]), "D4"),
]


@pytest.mark.parametrize(("spec", "label"), GATE_CASES)
def test_gate_solver(spec: dict, label: str) -> None:
    assert TASK.solve(json.loads(json.dumps(spec))) == label


# ---------------------------------------------------------------- connections

BOARD = [
    dep("10:20", "SL 1", "Oslo", "A1"),                              # too early
    dep("10:37", "SL 2", "Quito", "A2"),
    dep("10:40", "SL 3", "Rome", "A3", "delayed", delay=30),        # leaves 11:10
    dep("10:50", "SL 4", "Cairo", "A4", "cancelled"),
    dep("11:00", "SL 5", "Lima", "A5", "gate_change", new_gate="K9"),
    dep("12:00", "SL 6", "Accra", "A6"),
]

EARLIEST_CASES = [
    # lands 10:00 (on schedule), catchable from 10:45: Rome leaves 11:10, Lima 11:00 -> Lima
    (hub_spec("earliest", BOARD), "Lima"),
    # delayed 20 min: lands 10:20, catchable from 11:05 -> Rome (11:10)
    (hub_spec("earliest", BOARD, arrivals=arrivals_with({"status": "delayed", "delay": 20})), "Rome"),
    # landed early at 09:50: catchable from 10:35 -> Quito (10:37)
    (hub_spec("earliest", BOARD, arrivals=arrivals_with({"status": "landed", "at": 590})), "Quito"),
    # expected 11:20 with a 40 minute connection: catchable from 12:00 -> Accra (exactly on the limit)
    (hub_spec("earliest", BOARD, mct=40, arrivals=arrivals_with({"status": "expected", "at": 680})), "Accra"),
]
REACHABLE_CASES = [
    (hub_spec("reachable", BOARD, candidates=["Oslo", "Cairo", "Rome"]), "Rome"),
    (hub_spec("reachable", BOARD, candidates=["Lima", "Oslo", "Cairo"]), "Lima"),
    # delayed 70 min: lands 11:10, catchable from 11:55 -> only Accra among these
    (hub_spec("reachable", BOARD, arrivals=arrivals_with({"status": "delayed", "delay": 70}),
              candidates=["Rome", "Lima", "Accra"]), "Accra"),
    # Rome (11:10) and Lima (11:00) can both be caught: the one leaving first is the answer
    (hub_spec("reachable", BOARD, candidates=["Rome", "Lima", "Oslo"]), "Lima"),
    # Rome is printed at 10:40, before the threshold, but its delay to 11:10 makes it the first
    (hub_spec("reachable", BOARD, candidates=["Accra", "Rome", "Cairo"]), "Rome"),
]
DENVER = [
    dep("10:40", "MR 1", "Denver", "A1"),
    dep("11:40", "MR 2", "Denver", "B2", "gate_change", new_gate="C3"),
    dep("12:40", "MR 3", "Denver", "D4"),
    dep("11:00", "SL 5", "Lima", "E5"),
]
CONNECTION_CASES = [
    # lands 09:40, catchable from 10:25 -> the booked 10:40 flight
    (hub_spec("connection_gate", DENVER, arrive="09:40", target_city="Denver"), "A1"),
    # lands 10:00, catchable from 10:45 -> 11:40 flight, whose gate changed to C3
    (hub_spec("connection_gate", DENVER, target_city="Denver"), "C3"),
    # lands 10:00 + 70 min delay = 11:10, catchable from 11:55 -> 12:40 flight
    (hub_spec("connection_gate", DENVER, target_city="Denver",
              arrivals=arrivals_with({"status": "delayed", "delay": 70})), "D4"),
    # booked flight cancelled although catchable -> next one
    (hub_spec("connection_gate", [dict(DENVER[0], status="cancelled"), *DENVER[1:]], arrive="09:40",
              target_city="Denver"), "C3"),
]


@pytest.mark.parametrize(("spec", "label"), EARLIEST_CASES + REACHABLE_CASES + CONNECTION_CASES)
def test_connection_solvers(spec: dict, label: str) -> None:
    assert TASK.solve(json.loads(json.dumps(spec))) == label
    question = TASK.question(spec)
    assert tag_problem(question, len(image_roles(spec))) is None
    assert f"{spec['mct']} minutes" in question


def test_ambiguous_boards_are_refused() -> None:
    tie = BOARD + [dep("11:00", "SL 9", "Sofia", "B1")]  # two catchable flights at 11:00 (Lima, Sofia)
    with pytest.raises(Ambiguous, match="same time"):
        TASK.solve(hub_spec("earliest", tie))
    with pytest.raises(Ambiguous, match="none of the offered"):
        TASK.solve(hub_spec("reachable", BOARD, candidates=["Oslo", "Cairo"]))
    with pytest.raises(Ambiguous, match="no catchable"):
        TASK.solve(hub_spec("connection_gate", DENVER, arrive="13:00", target_city="Denver"))
    with pytest.raises(Ambiguous, match="2 times"):
        TASK.solve(gate_spec("AU 1", "A1", [[dep("09:00", "AU 1", "Rome", "A1"), dep("10:00", "AU 1", "Rome", "A2")]]))


def test_board_remarks_and_actual_times() -> None:
    assert departure_remark(BOARD[2], "min") == "Delayed 30 min"
    assert departure_remark(BOARD[2], "time") == "Delayed to 11:10"
    assert departure_remark(BOARD[4], "min") == "Gate changed"  # the gate column shows K9
    assert departure_remark(BOARD[3], "min") == "Cancelled"
    assert departure_gate(BOARD[4]) == "K9" and departure_gate(BOARD[0]) == "A1"
    assert arrival_remark({"status": "landed", "at": 590}) == "Landed 09:50"
    assert arrival_remark({"status": "expected", "at": 680}) == "Expected 11:20"
    assert arrival_time(hub_spec("earliest", BOARD, arrivals=arrivals_with({"status": "delayed", "delay": 25}))) == 625


def test_config_validation() -> None:
    with pytest.raises(ConfigError):
        ScheduleConfig.from_dict({"question_types": ["teleport"]})
    with pytest.raises(ConfigError):
        ScheduleConfig.from_dict({"rows_min": 9, "rows_max": 5})
    with pytest.raises(ConfigError):
        ScheduleConfig.from_dict({"p_delay": 0.5, "p_cancel": 0.3, "p_gate_change": 0.2})


# ---------------------------------------------------------------- generated items

@pytest.fixture(scope="module")
def items() -> list:
    return generated_items("Schedule", 100, 9)


def test_same_job_same_bytes_and_other_seed_differs() -> None:
    job = Job("Schedule", "test", 2, 4, {})
    first, second = make_item(job), make_item(job)
    assert first.images == second.images and first.question == second.question and first.label == second.label
    assert make_item(Job("Schedule", "test", 2, 5, {})).metadata["spec"] != first.metadata["spec"]


def test_items_round_trip_tags_and_roles(items: list) -> None:
    for k, item in enumerate(items):
        assert check_generated(item, TASK, rerender=k < 6) == []
        assert tag_problem(item.question, item.n_images) is None
        assert 2 <= item.n_images <= 4
        spec = item.metadata["spec"]
        roles = [role for role, _ in image_roles(spec)]
        assert roles.count("doc") == 1 and "departures" in roles
        assert item.metadata["properties"]["image_types"] == "different"


def test_question_types_balanced_and_labels_varied(items: list) -> None:
    types = Counter(item.metadata["spec"]["qtype"] for item in items)
    assert types == {"gate": 25, "earliest": 25, "reachable": 25, "connection_gate": 25}
    labels = Counter(item.label for item in items)
    assert labels.most_common(1)[0][1] <= 4
    for item in items:
        spec = item.metadata["spec"]
        printed = {r["dest"] for r in all_departures(spec)} | {departure_gate(r) for r in all_departures(spec)}
        assert item.label in printed  # exactly as printed on a board


def test_answer_rows_spread_over_the_board(items: list) -> None:
    thirds = Counter()
    for item in items:
        rows = all_departures(item.metadata["spec"])
        if item.metadata["spec"]["qtype"] in ("earliest", "reachable"):
            k = [r["dest"] for r in rows].index(item.label)
        else:
            k = [departure_gate(r) for r in rows].index(item.label)
        thirds[3 * k // len(rows)] += 1
    assert all(thirds[t] >= 18 for t in range(3)), thirds


def test_gate_pass_never_prints_the_answer(items: list) -> None:
    """The pass shows the gate of check-in only when it was changed since (else TBA), so the
    board is always needed; the traveller's row has a gate change as often as any other row."""
    gate_items = [item for item in items if item.metadata["spec"]["qtype"] == "gate"]
    for item in gate_items:
        doc = item.metadata["spec"]["doc"]
        row = next(r for r in all_departures(item.metadata["spec"]) if r["flight"] == doc["flight"])
        assert item.label != doc["gate"]
        assert (doc["gate"] is None) == (row["status"] != "gate_change")
        if doc["gate"] is not None:
            assert doc["gate"] == row["gate"] and item.label == row["new_gate"]
    printed = sum(item.metadata["spec"]["doc"]["gate"] is not None for item in gate_items)
    assert printed <= 0.5 * len(gate_items)


def test_reachable_offers_cities_from_the_board(items: list) -> None:
    for item in items:
        spec = item.metadata["spec"]
        if spec["qtype"] == "reachable":
            cities = {r["dest"] for r in all_departures(spec)}
            assert len(spec["candidates"]) == 4 and set(spec["candidates"]) <= cities
            assert all(c in item.question for c in spec["candidates"])


def test_images_are_legible_sizes(items: list) -> None:
    for item in items[:24]:
        for data in item.images:
            image = Image.open(io.BytesIO(data))
            assert image.mode == "RGB" and image.size[0] == 780
            assert 200 <= image.size[1] <= 700
            grey = image.convert("L").histogram()
            assert sum(grey[:60]) > 1000 and sum(grey[160:]) > 1000  # text contrasts with its background


def test_knobs_shape_items() -> None:
    short = [make_item(Job("Schedule", "test", i, 1, {"rows_min": 4, "rows_max": 4, "max_boards": 1,
                                                        "question_types": ["earliest"]})) for i in range(6)]
    assert all(len(all_departures(it.metadata["spec"])) == 4 for it in short)
    no_arrivals = [make_item(Job("Schedule", "test", i, 1, {"p_arrivals_board": 0.0, "question_types": ["reachable"]}))
                   for i in range(6)]
    assert all(it.metadata["spec"]["arrivals"] is None and "on schedule" in it.question for it in no_arrivals)
    legs = [make_item(Job("Schedule", "test", i, 1, {"legs_min": 3, "legs_max": 3, "question_types": ["connection_gate"]}))
            for i in range(6)]
    assert all(len(it.metadata["spec"]["doc"]["legs"]) == 3 for it in legs)


# ---------------------------------------------------------------- version 2: every image decides

def test_block_times_fit_the_distance() -> None:
    assert 55 <= block_minutes("London", "Paris") <= 80
    assert 300 <= block_minutes("New York", "Los Angeles") <= 390
    assert block_minutes("London", "New York") > block_minutes("London", "Rome") > block_minutes("London", "Paris")


def test_itinerary_legs_take_their_block_time(items: list) -> None:
    seen = 0
    for item in items:
        doc = item.metadata["spec"]["doc"]
        legs = doc["legs"] if doc["kind"] == "itinerary" else [doc]
        for leg in legs:
            if doc["kind"] == "itinerary" or "arr" in doc:
                assert leg["arr"] - leg["dep"] == block_minutes(leg["from"], leg["to"])
                assert 5 * 60 <= leg["dep"] and leg["arr"] <= 23 * 60 + 30
                seen += 1
    assert seen > 50


def test_terminal_screens_span_the_same_hours(items: list) -> None:
    """Rows are dealt to one screen per terminal, each in time order, so no screen is all early."""
    overlapping = 0
    for item in items:
        pages = item.metadata["spec"]["departures"]["pages"]
        for page in pages:
            assert [r["time"] for r in page] == sorted(r["time"] for r in page)
        if len(pages) > 1:
            overlapping += pages[0][-1]["time"] > pages[1][0]["time"] and pages[1][-1]["time"] > pages[0][0]["time"]
    assert overlapping > 20

def test_every_board_and_the_document_decide(items: list) -> None:
    for item in items:
        spec = json.loads(json.dumps(item.metadata["spec"]))
        assert arrivals_decisive(spec)
        assert mct_decisive(spec)
        assert every_board_decisive(spec, "Z99")
        assert doc_decisive(spec, random.Random(0))
        if spec["arrivals"] is not None:  # the inbound's line always carries news
            own = spec["arrivals"]["rows"][inbound_row(spec)]
            assert own["status"] != "on_time"


def test_connection_gate_is_never_the_booked_first_or_last_flight(items: list) -> None:
    for item in items:
        spec = item.metadata["spec"]
        if spec["qtype"] != "connection_gate":
            continue
        flying = [r for r in all_departures(spec) if r["dest"] == spec["target_city"] and r["status"] != "cancelled"]
        flying.sort(key=lambda r: r["time"])
        booked = spec["doc"]["legs"][spec["doc"]["hub_leg"] + 1]["flight"]
        answer = next(r for r in flying if departure_gate(r) == item.label)
        assert answer["flight"] != booked and answer is not flying[0] and answer is not flying[-1]


def test_arrivals_origins_are_within_reach(items: list) -> None:
    for item in items:
        spec = item.metadata["spec"]
        for row in (spec["arrivals"] or {"rows": []})["rows"]:
            assert block_minutes(row["origin"], spec["airport"]) <= row["time"] - 5 * 60


def test_audit_variations_change_only_their_part(items: list) -> None:
    for item in items[:8]:
        spec = json.loads(json.dumps(item.metadata["spec"]))
        result = check_item(TASK, AUDIT, spec, item.n_images, 16, random.Random(0))
        assert result.faults == []
        assert all(result.necessary[k] for k in range(1, item.n_images + 1) if k not in result.distractors)
        assert len(result.distractors) <= 1
        view = AUDIT.view(spec)
        assert "candidates" not in view.seen and (view.options is None) == (spec["qtype"] != "reachable")
    for name in ("reachable: latest non-cancelled candidate", "gate: the gate on the pass",
                 "earliest: ignore the arrivals board", "connection_gate: first flight not cancelled"):
        assert name in AUDIT.guessers


def test_shortcuts_on_hand_built_boards() -> None:
    """On BOARD (landing 10:00, 45 min to connect) the tricks that skip a part give other answers."""
    spec = hub_spec("earliest", BOARD, arrivals=arrivals_with({"status": "delayed", "delay": 20}))
    view = AUDIT.view(spec)
    assert TASK.solve(spec) == "Rome"                    # lands 10:20, catchable from 11:05
    assert GUESSERS["earliest: ignore the arrivals board"](view) == "Lima"  # 10:45 -> Lima 11:00
    assert GUESSERS["earliest: ignore the connection time"](view) == "Oslo"  # from 10:20 -> Oslo at 10:20
    assert GUESSERS["earliest: first flight not cancelled"](view) == "Oslo"
