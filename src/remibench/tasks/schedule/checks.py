"""What makes a Schedule item fair: no departure on the threshold, and every image decisive.

The sampler keeps a draw only when each departures page and the arrivals board can change the
answer through one plausible status edit of one of their rows, and when the arrivals board (if
shown) gives another answer than the printed schedule would. The audit reuses the same edits
as its targeted variations, so what it varies is exactly what a sampler could have drawn.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from remibench.tasks.schedule.solve import Ambiguous, all_departures, arrival_time, departure_time, solve_spec

DELAYS = tuple(range(10, 125, 5))
LATEST = 23 * 60 + 30


def answer_or_none(spec: dict[str, Any]) -> str | None:
    try:
        return solve_spec(spec)
    except Ambiguous:
        return None


def clear_threshold(spec: dict[str, Any]) -> bool:
    """No departure leaves within 2 minutes of the connection threshold (gate items: always)."""
    if spec["qtype"] == "gate":
        return True
    threshold = arrival_time(spec) + spec["mct"]
    return all(abs(t - threshold) >= 2 for r in all_departures(spec) if (t := departure_time(r)) is not None)


def valid(spec: dict[str, Any]) -> bool:
    """Exactly one answer, a clear threshold, and every delayed departure still before midnight."""
    if answer_or_none(spec) is None:
        return False
    late = any(departure_time(r) is not None and departure_time(r) > LATEST for r in all_departures(spec))  # type: ignore[operator]
    return not late and clear_threshold(spec)


def departure_edits(row: dict[str, Any], fresh_gate: str) -> Iterator[dict[str, Any]]:
    """Every status this departure could show instead of its own: on time, a delay, cancelled, a gate change."""
    yield {"status": "on_time"}
    yield {"status": "cancelled"}
    yield {"status": "gate_change", "new_gate": fresh_gate}
    for delay in DELAYS:
        yield {"status": "delayed", "delay": delay}


def with_status(row: dict[str, Any], status: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if k not in ("status", "delay", "new_gate")}
    out.update(status)
    return out


def _with_row(spec: dict[str, Any], rows: list[dict[str, Any]], k: int, new: dict[str, Any],
              label: str) -> dict[str, Any] | None:
    """A copy of ``spec`` with ``rows[k]`` (a list inside it) replaced by ``new``, when that is a valid
    item with another answer than ``label``. The row is tried in place and put back, so only
    label-changing variations pay for a deep copy."""
    row = rows[k]
    rows[k] = new
    try:
        return copy.deepcopy(spec) if valid(spec) and solve_spec(spec) != label else None
    finally:
        rows[k] = row


def page_edits(spec: dict[str, Any], page: int, fresh_gate: str) -> Iterator[dict[str, Any]]:
    """Valid specs differing from ``spec`` in the status of one row of departures page ``page``
    and giving another answer."""
    label = solve_spec(spec)
    rows = spec["departures"]["pages"][page]
    for k, row in enumerate(rows):
        for status in departure_edits(row, fresh_gate):
            if status["status"] == row["status"] and status.get("delay") == row.get("delay"):
                continue
            varied = _with_row(spec, rows, k, with_status(row, status), label)
            if varied is not None:
                yield varied


def inbound_row(spec: dict[str, Any]) -> int:
    doc = spec["doc"]
    flight = doc["flight"] if doc["kind"] == "pass" else doc["legs"][doc["hub_leg"]]["flight"]
    return next(k for k, r in enumerate(spec["arrivals"]["rows"]) if r["flight"] == flight)


def arrival_edits(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Valid specs differing in the inbound flight's arrivals line and giving another answer."""
    label = solve_spec(spec)
    k = inbound_row(spec)
    row = spec["arrivals"]["rows"][k]
    options: list[dict[str, Any]] = [{"status": "on_time"}]
    options += [{"status": "delayed", "delay": d} for d in DELAYS]
    options += [{"status": s, "at": row["time"] + d} for s in ("landed", "expected") for d in range(-15, 125, 5) if d]
    rows = spec["arrivals"]["rows"]
    for status in options:
        new = {key: v for key, v in row.items() if key not in ("status", "delay", "at")}
        new.update(status)
        varied = _with_row(spec, rows, k, new, label)
        if varied is not None:
            yield varied


def arrivals_decisive(spec: dict[str, Any]) -> bool:
    """With the arrivals board shown, the schedule alone would give another (or no) answer."""
    if spec["arrivals"] is None:
        return True
    plain = copy.deepcopy(spec)
    plain["arrivals"] = None
    return answer_or_none(plain) != solve_spec(spec)


def mct_decisive(spec: dict[str, Any]) -> bool:
    """Some flight leaves after the landing but within the connection time, so the time matters
    (reachable items see to it in their offer, unless no offered city leaves too early)."""
    if spec["qtype"] in ("gate", "reachable"):
        return True
    plain = copy.deepcopy(spec)
    plain["mct"] = 0
    return answer_or_none(plain) != solve_spec(spec)


def every_board_decisive(spec: dict[str, Any], fresh_gate: str) -> bool:
    """Each departures page (gate items: the traveller's page) and the arrivals board can change the answer."""
    pages = range(len(spec["departures"]["pages"]))
    if spec["qtype"] == "gate":
        pages = [own_page(spec)]  # type: ignore[assignment]
    if any(next(page_edits(spec, p, fresh_gate), None) is None for p in pages):
        return False
    return spec["arrivals"] is None or next(arrival_edits(spec), None) is not None


def own_page(spec: dict[str, Any]) -> int:
    """The departures page listing the boarding pass's flight (gate items)."""
    flight = spec["doc"]["flight"]
    return next(p for p, page in enumerate(spec["departures"]["pages"]) if any(r["flight"] == flight for r in page))
