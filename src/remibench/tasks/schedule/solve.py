"""The Schedule solver: it reads only the stored boards and the traveller's document.

Kept apart from the sampler so that a label can only come from what the images show; the
sampler calls ``solve_spec`` to keep only draws with exactly one answer.
"""

from __future__ import annotations

from typing import Any


class Ambiguous(ValueError):
    """The boards give no answer or more than one."""


def departure_time(row: dict[str, Any]) -> int | None:
    """When a departure actually leaves, in minutes after midnight; None if cancelled."""
    status = row["status"]
    if status == "cancelled":
        return None
    if status == "delayed":
        return row["time"] + row["delay"]
    return row["time"]


def departure_gate(row: dict[str, Any]) -> str:
    return row["new_gate"] if row["status"] == "gate_change" else row["gate"]


def arrival_time(spec: dict[str, Any]) -> int:
    """When the traveller actually lands at the hub: the arrivals board if shown, else the schedule."""
    flight, scheduled = inbound(spec)
    if spec["arrivals"] is None:
        return scheduled
    rows = [r for r in spec["arrivals"]["rows"] if r["flight"] == flight]
    if len(rows) != 1:
        raise Ambiguous(f"inbound flight {flight} is on the arrivals board {len(rows)} times")
    row = rows[0]
    if row["status"] == "delayed":
        return row["time"] + row["delay"]
    if row["status"] in ("expected", "landed"):
        return row["at"]
    return row["time"]


def inbound(spec: dict[str, Any]) -> tuple[str, int]:
    """The flight that brings the traveller to the hub and its scheduled arrival."""
    doc = spec["doc"]
    if doc["kind"] == "pass":
        return doc["flight"], doc["arr"]
    leg = doc["legs"][doc["hub_leg"]]
    return leg["flight"], leg["arr"]


def all_departures(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for page in spec["departures"]["pages"] for row in page]


def catchable(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Departures leaving at least the minimum connection time after the actual landing."""
    earliest = arrival_time(spec) + spec["mct"]
    return [r for r in all_departures(spec) if (t := departure_time(r)) is not None and t >= earliest]


def _first(rows: list[dict[str, Any]]) -> dict[str, Any]:
    if not rows:
        raise Ambiguous("no catchable flight")
    times = sorted(departure_time(r) for r in rows)  # type: ignore[type-var]
    if len(times) > 1 and times[0] == times[1]:
        raise Ambiguous("two catchable flights leave at the same time")
    return min(rows, key=departure_time)  # type: ignore[arg-type,return-value]


def solve_spec(spec: dict[str, Any]) -> str:
    qtype = spec["qtype"]
    if qtype == "gate":
        rows = [r for r in all_departures(spec) if r["flight"] == spec["doc"]["flight"]]
        if len(rows) != 1:
            raise Ambiguous(f"the flight is on the boards {len(rows)} times")
        return departure_gate(rows[0])
    if qtype == "earliest":
        return _first(catchable(spec))["dest"]
    if qtype == "connection_gate":
        return departure_gate(_first([r for r in catchable(spec) if r["dest"] == spec["target_city"]]))
    offered = [r for r in catchable(spec) if r["dest"] in spec["candidates"]]
    if not offered:
        raise Ambiguous("none of the offered cities can be reached")
    return _first(offered)["dest"]
