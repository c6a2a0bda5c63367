"""Tricks a traveller could try on a Schedule item without doing the whole reasoning.

Each guesser reads only the audit's ``View`` (the question, the offered cities and what the
images show) and returns an answer, or None where its trick does not apply. The audit requires
that none of them beats chance.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from remibench.audit.base import View

Row = dict[str, Any]


def _leaves(row: Row) -> int | None:
    """When a departure leaves as the board shows it; None if cancelled."""
    if row["status"] == "cancelled":
        return None
    return row["time"] + (row["delay"] if row["status"] == "delayed" else 0)


def _inbound(view: View) -> tuple[str, int]:
    doc = view.seen["doc"]
    leg = doc if doc["kind"] == "pass" else doc["legs"][doc["hub_leg"]]
    return leg["flight"], leg["arr"]


def _landing(view: View) -> int:
    """The actual landing as the arrivals board (if shown) gives it, else the document's schedule."""
    flight, scheduled = _inbound(view)
    if view.seen["arrivals"] is None:
        return scheduled
    row = next(r for r in view.seen["arrivals"]["rows"] if r["flight"] == flight)
    if row["status"] == "delayed":
        return row["time"] + row["delay"]
    return row.get("at", row["time"])


def _first_from(rows: list[Row], threshold: int) -> Row | None:
    rows = [r for r in rows if (t := _leaves(r)) is not None and t >= threshold]
    return min(rows, key=_leaves) if rows else None  # type: ignore[arg-type,return-value]


def _answer(view: View, row: Row | None) -> str | None:
    if row is None:
        return None
    return row["gate"] if view.seen["qtype"] == "connection_gate" else row["dest"]


def _pool(view: View) -> list[Row]:
    rows = view.seen["departures"]
    if view.seen["qtype"] == "reachable":
        return [r for r in rows if r["dest"] in (view.options or ())]
    if view.seen["qtype"] == "connection_gate":
        return [r for r in rows if r["dest"] == view.seen["target"]]
    return rows


def _only(qtype: str, fn: Callable[[View], str | None]) -> Callable[[View], str | None]:
    """``fn`` on items of ``qtype`` only, so each question type is scored against its own chance."""
    def guess(view: View) -> str | None:
        return fn(view) if view.seen["qtype"] == qtype else None
    guess.__doc__ = fn.__doc__
    return guess


# ---------------------------------------------------------------- every connection type

def ignore_arrivals(view: View) -> str | None:
    """Take the document's scheduled landing although the arrivals board is shown."""
    if view.seen["arrivals"] is None:
        return None
    return _answer(view, _first_from(_pool(view), _inbound(view)[1] + view.seen["mct"]))


def ignore_connection_time(view: View) -> str | None:
    """Catch anything leaving after the actual landing, forgetting the minimum connection time."""
    return _answer(view, _first_from(_pool(view), _landing(view)))


def first_not_cancelled(view: View) -> str | None:
    """The first flight of the pool that is not cancelled, ignoring when the traveller lands."""
    return _answer(view, _first_from(_pool(view), 0))


def ignore_delays(view: View) -> str | None:
    """Read every departure at its printed time, ignoring delays (cancellations still count)."""
    rows = [dict(r, status="on_time") if r["status"] == "delayed" else r for r in _pool(view)]
    return _answer(view, _first_from(rows, _landing(view) + view.seen["mct"]))


def ignore_cancellations(view: View) -> str | None:
    """Read every departure as flying, ignoring cancellations (delays still count)."""
    rows = [dict(r, status="on_time") if r["status"] == "cancelled" else r for r in _pool(view)]
    return _answer(view, _first_from(rows, _landing(view) + view.seen["mct"]))


def first_on_a_page(view: View) -> str | None:
    """The first flight of the pool that is not cancelled on the first (or last) terminal screen."""
    rows = [r for r in _pool(view) if r["page"] == 0 and r["status"] != "cancelled"]
    return _answer(view, rows[0] if rows else None)


def after_news(view: View) -> str | None:
    """The first flight without news that follows a cancelled or delayed one (a pattern, not a reading)."""
    rows = sorted(_pool(view), key=lambda r: r["time"])
    for before, row in pairwise(rows):
        if before["status"] in ("cancelled", "delayed") and row["status"] not in ("cancelled", "delayed"):
            return _answer(view, row)
    return None


# ---------------------------------------------------------------- reachable

def latest_not_cancelled(view: View) -> str | None:
    """reachable: the offered city whose flight leaves last and is not cancelled."""
    if view.seen["qtype"] != "reachable":
        return None
    rows = [r for r in _pool(view) if _leaves(r) is not None]
    return max(rows, key=_leaves)["dest"] if rows else None  # type: ignore[arg-type]


def first_named(view: View) -> str | None:
    return view.options[0] if view.options else None


def last_named(view: View) -> str | None:
    return view.options[-1] if view.options else None


# ---------------------------------------------------------------- connection_gate

def _booked(view: View) -> Row | None:
    doc = view.seen["doc"]
    if view.seen["qtype"] != "connection_gate" or doc["kind"] != "itinerary":
        return None
    flight = doc["legs"][doc["hub_leg"] + 1]["flight"]
    return next((r for r in view.seen["departures"] if r["flight"] == flight), None)


def booked_gate(view: View) -> str | None:
    """connection_gate: the booked connection's gate, assuming it is still made."""
    row = _booked(view)
    return row["gate"] if row else None


def last_to_target(view: View) -> str | None:
    """connection_gate: the last flight of the day to the target."""
    if view.seen["qtype"] != "connection_gate":
        return None
    rows = [r for r in _pool(view) if _leaves(r) is not None]
    return max(rows, key=_leaves)["gate"] if rows else None  # type: ignore[arg-type]


def next_after_booked(view: View) -> str | None:
    """connection_gate: the booked connection is lost, so take the next flight to the target."""
    row = _booked(view)
    if row is None:
        return None
    later = [r for r in _pool(view) if r["time"] > row["time"] and _leaves(r) is not None]
    return min(later, key=lambda r: r["time"])["gate"] if later else None


# ---------------------------------------------------------------- gate

def gate_on_pass(view: View) -> str | None:
    """gate: the gate printed on the boarding pass (None when it reads TBA)."""
    return view.seen["doc"]["gate"] if view.seen["qtype"] == "gate" else None


def same_destination(view: View) -> str | None:
    """gate: the first flight to the pass's destination, ignoring the flight number."""
    if view.seen["qtype"] != "gate":
        return None
    rows = [r for r in view.seen["departures"] if r["dest"] == view.seen["doc"]["to"]]
    return rows[0]["gate"] if rows else None


def changed_gate(view: View) -> str | None:
    """gate: the first flight with a gate change, ignoring the pass."""
    if view.seen["qtype"] != "gate":
        return None
    rows = [r for r in view.seen["departures"] if r["status"] == "gate_change"]
    return rows[0]["gate"] if rows else None


CONNECTION_TRICKS = {
    "ignore the arrivals board": ignore_arrivals,
    "ignore the connection time": ignore_connection_time,
    "first flight not cancelled": first_not_cancelled,
}
GUESSERS: dict[str, Callable[[View], str | None]] = {
    **{f"{q}: {name}": _only(q, fn) for q in ("earliest", "reachable", "connection_gate") for name, fn in CONNECTION_TRICKS.items()},
    "reachable: latest non-cancelled candidate": latest_not_cancelled,
    "reachable: first city named": first_named,
    "reachable: last city named": last_named,
    "connection_gate: the booked flight's gate": booked_gate,
    "connection_gate: last flight to the target": last_to_target,
    "connection_gate: next flight after the booked one": next_after_booked,
    "gate: the gate on the pass": gate_on_pass,
}

# Partial readings and positional patterns, measured but not gated: with an open answer the
# audit's chance is the best constant answer (about 1-3%), while these pick among the few
# flights the images single out, so their floor is one in the number of such flights.
DIAGNOSTICS: dict[str, Callable[[View], str | None]] = {
    **{f"{q}: {name}": _only(q, fn) for q in ("earliest", "reachable", "connection_gate") for name, fn in {
        "ignore delays": ignore_delays, "ignore cancellations": ignore_cancellations,
        "first flight on the first screen": first_on_a_page, "first quiet flight after news": after_news}.items()},
    "gate: first flight to the pass's city": same_destination,
    "gate: first changed gate": changed_gate,
}
