"""Tricks a reader could try on a Clocks item without doing the whole reasoning.

Each guesser reads only the audit's ``View`` (the question, the clock readings, the stated
duration) and returns a number of minutes, or None where its trick does not apply.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from remibench.audit.base import View


def _minutes(reading: dict[str, Any]) -> float:
    """Minutes into the 12-hour cycle (faces) or the day (displays) that a reading shows."""
    hour = reading["hour"]
    if reading["kind"] == "digital" and reading["ampm"]:
        hour = hour % 12 + (12 if reading["ampm"] == "PM" else 0)
    elif reading["kind"] == "analog":
        hour %= 12
    return hour * 60 + reading["minute"] + (reading.get("second") or 0) / 60


def _wrap(a: dict[str, Any], b: dict[str, Any]) -> float:
    """Forward time from reading a to reading b on a 12-hour dial."""
    return (_minutes(b) - _minutes(a)) % 720


def _gaps(view: View, fn: Callable[[dict[str, Any], dict[str, Any]], float]) -> list[float]:
    clocks = view.seen["clocks"]
    return [fn(a, b) for a, b in pairwise(clocks)]


def _combine(view: View, gaps: list[float]) -> float:
    """What the question asks for, from the gaps between consecutive clocks."""
    qtype, mode = view.seen["qtype"], view.seen["mode"]
    if qtype == "two_activities":
        return gaps[0] + gaps[2]
    if qtype == "legs":
        return gaps[0] + gaps[1] if mode == "total" else abs(gaps[0] - gaps[1])
    if qtype == "extra":
        return gaps[0] + view.seen["stated"] if mode in ("after", "before") else abs(gaps[0] - view.seen["stated"])
    return gaps[0]


def _answer(value: float | None) -> str | None:
    return None if value is None else str(round(value))


def minute_hands_only(view: View) -> str | None:
    """Read only the minute hands: every gap is taken as less than an hour."""
    return _answer(_combine(view, _gaps(view, lambda a, b: (b["minute"] - a["minute"]) % 60)))


def hour_hands_only(view: View) -> str | None:
    """Read only the hour hands: every gap in whole hours."""
    return _answer(_combine(view, _gaps(view, lambda a, b: 60 * ((b["hour"] - a["hour"]) % 12))))


def first_interval_only(view: View) -> str | None:
    """Two activities or two legs: the first one only (the later clocks ignored)."""
    if view.seen["qtype"] == "two_activities" or (view.seen["qtype"] == "legs" and view.seen["mode"] == "total"):
        return _answer(_gaps(view, _wrap)[0])
    return None


def first_to_last(view: View) -> str | None:
    """Two activities: from the first clock to the last, the break between them included."""
    if view.seen["qtype"] != "two_activities":
        return None
    return _answer(sum(_gaps(view, _wrap)))


def longer_leg(view: View) -> str | None:
    """Leg comparisons: the longer leg itself instead of the difference."""
    if view.seen["qtype"] != "legs" or view.seen["mode"] != "diff":
        return None
    return _answer(max(_gaps(view, _wrap)))


def whole_instead_of_difference(view: View) -> str | None:
    """Leg comparisons: both legs added up instead of compared."""
    if view.seen["qtype"] != "legs" or view.seen["mode"] != "diff":
        return None
    return _answer(sum(_gaps(view, _wrap)))


def clocks_only(view: View) -> str | None:
    """Stated-duration items: the time between the two clocks, the text's duration ignored."""
    return _answer(_gaps(view, _wrap)[0]) if view.seen["qtype"] == "extra" else None


def stated_only(view: View) -> str | None:
    """Stated-duration items: the duration the text states, the clocks ignored."""
    return _answer(view.seen["stated"]) if view.seen["qtype"] == "extra" else None


def one_clock_only(view: View) -> str | None:
    """The value read from one image only: the last clock's minutes past the hour."""
    return _answer(view.seen["clocks"][-1]["minute"])


GUESSERS: dict[str, Callable[[View], str | None]] = {
    "minute hands only": minute_hands_only,
    "hour hands only": hour_hands_only,
    "first interval only": first_interval_only,
    "two activities: first to last clock": first_to_last,
    "legs: the longer leg": longer_leg,
    "legs: sum instead of difference": whole_instead_of_difference,
    "extra: clocks only": clocks_only,
    "extra: stated duration only": stated_only,
    "one clock: its minutes": one_clock_only,
}


def wrap_without_day_parts(view: View) -> str | None:
    """Diagnostic, not a shortcut: every gap read forward on a 12-hour dial, the day parts unread.

    Right whenever no gap reaches twelve hours, which the activity lengths make the rule; it does
    the whole reading of the clocks, so it is reported next to the audit, not gated."""
    return _answer(_combine(view, _gaps(view, _wrap)))


DIAGNOSTICS: dict[str, Callable[[View], str | None]] = {"12-hour wrap, day parts unread": wrap_without_day_parts}
