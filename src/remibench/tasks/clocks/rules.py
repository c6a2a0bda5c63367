"""What a valid Clocks item is: plausible hours, durations in range, one reading of every clock.

The sampler draws times and keeps them only when every activity happens at a plausible time of
day (``WINDOWS``); the audit checks its varied items with :func:`check_spec`, the same rules the
sampler applies, so a variation is an item the sampler could have drawn.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from remibench.tasks.clocks.drawing import hand_angles
from remibench.tasks.clocks.wording import ACTIVITIES, SCENARIOS, WINDOWS

DAY = 1440
HALF_DAY = 720


def minutes_of(clock: dict[str, Any]) -> int:
    """Minutes since the first day's midnight (the seconds are left out)."""
    return (clock["day"] * 24 + clock["hour"]) * 60 + clock["minute"]


def spans(spec: dict[str, Any]) -> list[tuple[str, int, int]]:
    """(activity or story key, index of its first clock, index of its last clock)."""
    if spec["qtype"] in ("elapsed", "extra"):
        return [(spec["activities"][0], 0, 1)]
    if spec["qtype"] == "two_activities":
        return [(spec["activities"][0], 0, 1), (spec["activities"][1], 2, 3)]
    return [(spec["scenario"], 0, 2)]


def plausible(spec: dict[str, Any], times: list[int]) -> bool:
    """Every activity starts and ends inside its window of the day."""
    for key, first, last in spans(spec):
        earliest, latest_start, latest_end = WINDOWS[key]
        start = times[first] % DAY
        if not earliest <= start <= latest_start or start + times[last] - times[first] > latest_end:
            return False
    return True


def part_ranges(spec: dict[str, Any], cap: int) -> list[tuple[int, int]]:
    """The allowed length of each interval between consecutive clocks, in minutes."""
    if spec["qtype"] in ("elapsed", "extra"):
        lo, hi = ACTIVITIES[spec["activities"][0]][3:]
        return [(lo, min(hi, cap))]
    if spec["qtype"] == "two_activities":
        first, second = (ACTIVITIES[k] for k in spec["activities"])
        return [(first[3], min(first[4], cap)), (5, min(240, cap)), (second[3], min(second[4], cap))]
    return [(lo, min(hi, cap)) for lo, hi in SCENARIOS[spec["scenario"]][4]]


def counted(spec: dict[str, Any]) -> list[int]:
    """Indices of the intervals the question counts."""
    return [0, 2] if spec["qtype"] == "two_activities" else ([0, 1] if spec["qtype"] == "legs" else [0])


def placement_ok(spec: dict[str, Any], times: list[int]) -> bool:
    """As the sampler places clocks: all in one 12-hour half, or a counted interval strictly
    containing noon or midnight."""
    if times[-1] // HALF_DAY == times[0] // HALF_DAY:
        return True
    return any(times[i] < b < times[i + 1] for i in counted(spec) for b in range(HALF_DAY, 3 * DAY, HALF_DAY))


def second_clear(clock: dict[str, Any]) -> bool:
    """A second hand never lies within 12 degrees of the hour or minute hand."""
    if clock["kind"] != "analog" or not clock["style"].get("second_hand"):
        return clock["second"] == 0
    h, m, s = hand_angles(clock["hour"], clock["minute"], clock["second"])
    return all(abs((s - a + 180) % 360 - 180) >= 12 for a in (h, m))


def check_spec(spec: dict[str, Any], config: Any) -> str | None:
    """Why ``spec`` is not an item the sampler could draw under ``config``, or None when it is."""
    clocks = spec["clocks"]
    times = [minutes_of(c) for c in clocks]
    if any(c["day"] not in (0, 1) for c in clocks) or times[0] >= DAY:
        return "clocks must lie on the first or the next day, starting on the first"
    gaps = [b - a for a, b in pairwise(times)]
    for gap, (lo, hi) in zip(gaps, part_ranges(spec, config.max_interval_hours * 60)):
        if not max(lo, config.min_minutes) <= gap <= hi or gap % config.minute_step:
            return "an interval is out of its range"
    if times[-1] - times[0] > config.max_span_hours * 60 or not placement_ok(spec, times):
        return "the clocks are not placed as the sampler places them"
    if not plausible(spec, times):
        return "an activity happens at an implausible time of day"
    if not all(second_clear(c) for c in clocks):
        return "a second hand covers another hand"
    seconds = [t * 60 + c["second"] for t, c in zip(times, clocks)]
    if spec["qtype"] == "legs" and spec["mode"] == "diff":
        legs = [seconds[1] - seconds[0], seconds[2] - seconds[1]]
        longer = 0 if legs[0] > legs[1] else 1
        subject = longer if spec["compare"]["word"] == "longer" else 1 - longer
        if abs(legs[0] - legs[1]) < 300 or subject != spec["compare"]["subject"]:
            return "the legs do not differ as the question says"
    if spec["qtype"] == "extra" and spec["mode"] == "planned":
        actual, planned = seconds[1] - seconds[0], spec["extra"]["minutes"] * 60
        if abs(actual - planned) < 300 or (actual > planned) != (spec["extra"]["word"] == "longer") or planned < 600:
            return "the plan does not differ from the actual length as the question says"
    return None
