"""Clocks' audit hooks: what a reader sees, one-clock and text variations, shortcuts to rule out.

An image variation moves one clock to another time that keeps its part-of-day phrase (so the
question stays byte-identical) and keeps the item valid (``rules.check_spec``). A text variation
changes only data the text carries: the stated duration of an ``extra`` item, or the part of the
day of some clocks (an analog face reads the same twelve hours later, any clock the same a day
later), so every image stays as it is. Shortcut guessers live in ``guessers.py``.
"""

from __future__ import annotations

import copy
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit, View
from remibench.tasks.clocks.guessers import GUESSERS
from remibench.tasks.clocks.rules import DAY, check_spec, minutes_of, second_clear
from remibench.tasks.clocks.task import TASK, ClocksConfig, minute_precise

CONFIG = ClocksConfig()
SHIFTS = tuple(d for d in range(-180, 181) if abs(d) >= 3)


def _reading(clock: dict[str, Any]) -> dict[str, Any]:
    """What the face or display shows: a 12-hour reading for a face, the digits (and AM/PM) for a display."""
    if clock["kind"] == "analog":
        second = clock["second"] if clock["style"].get("second_hand") else None
        return {"kind": "analog", "hour": clock["hour"] % 12 or 12, "minute": clock["minute"], "second": second}
    if clock["style"]["format"] == "12h":
        return {"kind": "digital", "hour": clock["hour"] % 12 or 12, "minute": clock["minute"],
                "ampm": "AM" if clock["hour"] < 12 else "PM"}
    return {"kind": "digital", "hour": clock["hour"], "minute": clock["minute"], "ampm": None}


def _set_time(clock: dict[str, Any], t: int) -> None:
    clock["day"], rest = divmod(t, DAY)
    clock["hour"], clock["minute"] = divmod(rest, 60)


def _fits(spec: dict[str, Any], varied: dict[str, Any]) -> bool:
    """A valid item with a whole-minute rounding that is never a tie, and another answer."""
    if check_spec(varied, CONFIG) is not None:
        return False
    try:
        return minute_precise(varied) and TASK.solve(varied) != TASK.solve(spec)
    except ValueError:  # clocks out of order or a negative duration
        return False


def _vary_clock(spec: dict[str, Any], k: int, rng: Any) -> dict[str, Any]:
    question = TASK.question(spec)
    for delta in rng.sample(SHIFTS, 40):
        varied = copy.deepcopy(spec)
        clock = varied["clocks"][k]
        _set_time(clock, minutes_of(clock) + delta)
        if clock["kind"] == "analog" and clock["style"].get("second_hand"):
            clock["second"] = rng.randrange(60)
            if not second_clear(clock):
                continue
        if _fits(spec, varied) and TASK.question(varied) == question:
            return varied
    raise NoVariation("no other time of this clock keeps its phrase and a valid item")


def _vary_stated(spec: dict[str, Any], rng: Any) -> dict[str, Any]:
    """extra items: the text states another duration."""
    extra = spec["extra"]
    choices = range(5, 151, 5) if spec["mode"] in ("after", "before") else range(10, 721, 5)
    for minutes in rng.sample(list(choices), len(choices)):
        varied = copy.deepcopy(spec)
        varied["extra"]["minutes"] = minutes
        if minutes != extra["minutes"] and _fits(spec, varied):
            return varied
    raise NoVariation("no other stated duration gives a valid item")


def _vary_day_parts(spec: dict[str, Any], rng: Any) -> dict[str, Any]:
    """The clocks from some point on are read twelve hours (faces only) or a day later or earlier."""
    options = [(j, d) for j in range(1, len(spec["clocks"])) for d in (-DAY, -720, 720, DAY)]
    for j, delta in rng.sample(options, len(options)):
        moved = spec["clocks"][j:]
        if abs(delta) == 720 and any(c["kind"] != "analog" for c in moved):
            continue  # a display shows the hour of day (or AM/PM): it would change
        varied = copy.deepcopy(spec)
        for clock in varied["clocks"][j:]:
            _set_time(clock, minutes_of(clock) + delta)
        if _fits(spec, varied) and TASK.question(varied) != TASK.question(spec):
            return varied
    raise NoVariation("no other part of the day gives a valid item")


class ClocksAudit(TaskAudit):
    task = "Clocks"

    def view(self, spec: dict[str, Any]) -> View:
        seen = {"qtype": spec["qtype"], "mode": spec["mode"], "clocks": [_reading(c) for c in spec["clocks"]],
                "stated": spec["extra"]["minutes"] if spec["qtype"] == "extra" else None}
        return View(question=TASK.question(spec), options=None, seen=seen)

    def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
        if part != "text":
            return _vary_clock(spec, part - 1, rng)
        if spec["qtype"] == "extra" and rng.random() < 0.7:
            return _vary_stated(spec, rng)
        return _vary_day_parts(spec, rng)

    def distractors(self, spec: dict[str, Any]) -> dict[int, str]:
        """A whole two-leg journey runs from the first clock to the last: the middle one cancels out."""
        if spec["qtype"] == "legs" and spec["mode"] == "total":
            return {2: "the whole of a two-leg journey needs only its first and last clocks"}
        return {}

    def text_carries_data(self, spec: dict[str, Any]) -> bool:
        """The text gives every clock's part of the day, and extra items a stated duration."""
        return True


AUDIT = ClocksAudit()
AUDIT.guessers = GUESSERS
