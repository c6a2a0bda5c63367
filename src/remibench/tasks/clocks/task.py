"""Clocks: read analog faces and digital displays and compute durations in minutes.

Every clock time is stored as a 24-hour time with a day offset (day 0 = the day of the first
clock). Analog faces only show a 12-hour reading, so the question text names the part of the
day of every clock in words that each lie inside one 12-hour half ("in the afternoon",
"after midnight", "the next morning"); together with the faces this fixes every time.
The solver works from the stored times alone; drawing lives in ``drawing.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PIL import Image

from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_min_max, check_range, knob
from remibench.tasks.clocks.drawing import (
    NUMERAL_STYLES,
    TICK_STYLES,
    hand_angles,
    random_analog_style,
    random_digital_style,
    render_analog,
    render_digital,
)
from remibench.tasks.clocks.rules import plausible
from remibench.tasks.clocks.wording import (
    ACTIVITIES,
    AFTERWARDS,
    BEFOREHAND,
    ELAPSED,
    ELAPSED_Q,
    EXTRA_Q,
    LEGS,
    LEGS_DIFF_Q,
    LEGS_TOTAL_Q,
    NAMES,
    NEAREST,
    POSSESSIVE,
    SCENARIOS,
    TOWNS,
    TWO,
    capitalise,
    day_phrases,
    duration_words,
)

QTYPES = ("elapsed", "two_activities", "legs", "extra")
N_CLOCKS = {"elapsed": 2, "extra": 2, "legs": 3, "two_activities": 4}
QTYPE_WEIGHTS = {"elapsed": 3, "two_activities": 2, "legs": 3, "extra": 3}
HALF_DAY = 720
DAY = 1440

@dataclass
class ClocksConfig(TaskConfig):
    min_clocks: int = knob(2, "fewest clocks per item (2: one interval; 3: two legs; 4: two activities)")
    max_clocks: int = knob(4, "most clocks per item (2-4)")
    question_types: list = knob(list(QTYPES), "question types drawn from: elapsed, two_activities, legs, extra")
    digital_prob: float = knob(0.35, "probability that a clock is a digital display instead of an analog face")
    digital_12h_prob: float = knob(0.5, "probability that a digital display uses 12-hour time with AM/PM")
    cross_prob: float = knob(0.4, "probability that a counted interval crosses noon or midnight (else no crossing)")
    minute_step: int = knob(1, "clock times are multiples of this many minutes (1, 5, 10 or 15)")
    face_numerals: list = knob(list(NUMERAL_STYLES), "analog numeral styles allowed: arabic, roman, none")
    tick_styles: list = knob(list(TICK_STYLES), "analog tick styles allowed: hours (12 marks), minutes (60 ticks)")
    second_hand_prob: float = knob(0.3, "probability that an analog face has a (thin red) second hand")
    shared_style_prob: float = knob(0.5, "probability that all analog faces of an item share one style")
    min_minutes: int = knob(10, "shortest interval between two clocks, in minutes")
    max_interval_hours: int = knob(16, "longest interval between two consecutive clocks, in hours (max 16)")
    max_span_hours: int = knob(20, "longest time from the first to the last clock, in hours (max 23)")

    def validate(self) -> None:
        check_range(self, "min_clocks", 2, 4)
        check_range(self, "max_clocks", 2, 4)
        check_min_max(self, "min_clocks", "max_clocks")
        for name in ("digital_prob", "digital_12h_prob", "cross_prob", "second_hand_prob", "shared_style_prob"):
            check_range(self, name, 0.0, 1.0)
        check_range(self, "min_minutes", 1, 120)
        check_range(self, "max_interval_hours", 1, 16)
        check_range(self, "max_span_hours", 1, 23)
        if self.minute_step not in (1, 5, 10, 15):
            raise ConfigError(f"ClocksConfig.minute_step={self.minute_step!r} must be 1, 5, 10 or 15")
        _check_subset("question_types", self.question_types, QTYPES)
        _check_subset("face_numerals", self.face_numerals, NUMERAL_STYLES)
        _check_subset("tick_styles", self.tick_styles, TICK_STYLES)
        if not _allowed_types(self):
            raise ConfigError("ClocksConfig: no question type has a clock count within [min_clocks, max_clocks]")


def _check_subset(name: str, values: list, allowed: tuple[str, ...]) -> None:
    if not values or any(v not in allowed for v in values):
        raise ConfigError(f"ClocksConfig.{name}={values!r} must be a non-empty list drawn from {', '.join(allowed)}")


def _allowed_types(config: ClocksConfig) -> list[str]:
    return [q for q in QTYPES if q in config.question_types and config.min_clocks <= N_CLOCKS[q] <= config.max_clocks]


class ClocksTask(Task):
    name = "Clocks"
    domain = "time"
    consumption = "sequential"
    image_types_default = "same"
    version = "2"
    config_cls = ClocksConfig

    # ------------------------------------------------------------ sampling

    def sample(self, rng: Any, config: ClocksConfig, ctx: DrawContext) -> dict[str, Any]:
        allowed = _allowed_types(config)
        qtype = rng.choices(allowed, weights=[QTYPE_WEIGHTS[q] for q in allowed])[0]
        cross = rng.random() < config.cross_prob
        step = config.minute_step
        cap = config.max_interval_hours * 60
        budget = min(config.max_span_hours * 60, DAY if cross else HALF_DAY - 1)
        name, pron = rng.choice(NAMES)
        spec: dict[str, Any] = {"qtype": qtype, "mode": None, "name": name, "pronoun": pron, "crossing": cross}
        if qtype in ("elapsed", "extra"):
            key = _pick_activity(rng, config, cap, exclude=())
            lo, hi = ACTIVITIES[key][3:]
            gaps = _draw_parts(rng, [(lo, min(hi, cap))], budget, step, config.min_minutes)
            spec["activities"] = [key]
            counted = [0]
        elif qtype == "two_activities":
            first = _pick_activity(rng, config, cap, exclude=())
            second = _pick_activity(rng, config, cap, exclude=(first,))
            ranges = [(ACTIVITIES[first][3], min(ACTIVITIES[first][4], cap)), (5, min(240, cap)),
                      (ACTIVITIES[second][3], min(ACTIVITIES[second][4], cap))]
            gaps = _draw_parts(rng, ranges, budget, step, config.min_minutes)
            spec["activities"] = [first, second]
            counted = [0, 2]
        else:
            key = rng.choice(sorted(SCENARIOS))
            ranges = [(lo, min(hi, cap)) for lo, hi in SCENARIOS[key][4]]
            gaps = _draw_parts(rng, ranges, budget, step, config.min_minutes)
            spec["scenario"] = key
            spec["places"] = rng.sample(TOWNS, 3)
            counted = [0, 1]
        for _ in range(40):  # place the clocks in the day until every activity happens at a plausible hour
            times = _place(rng, gaps, counted, cross, step)
            if plausible(spec, times):
                break
        else:
            raise Rejected("no plausible time of day for the activities")
        if times[-1] - times[0] > config.max_span_hours * 60:
            raise Rejected("span too long")
        spec["clocks"] = _make_clocks(rng, config, times)
        spec["phrase_variants"] = [rng.randrange(6) for _ in times]
        spec["template"] = rng.randrange(12)
        spec["question_template"] = rng.randrange(12)
        if qtype == "legs":
            _sample_legs_question(rng, spec)
        elif qtype == "extra":
            _sample_extra(rng, spec, step)
        if not minute_precise(spec):
            raise Rejected("the answer is a tie between two minutes or close to whole hours")
        return spec

    # ------------------------------------------------------------ wording

    def question(self, spec: dict[str, Any]) -> str:
        text = self._question(spec)
        if any(c["kind"] == "analog" and c["style"].get("second_hand") for c in spec["clocks"]):
            text += " " + NEAREST  # the second hands make the duration a fraction of a minute
        return text

    def _question(self, spec: dict[str, Any]) -> str:
        clocks = spec["clocks"]
        phrases = day_phrases(clocks, spec["phrase_variants"])
        pron = spec["pronoun"]
        poss = POSSESSIVE[pron]
        fill: dict[str, str] = {"name": spec["name"], "pron": pron, "poss": poss}
        for i, phrase in enumerate(phrases):
            fill[f"p{i + 1}"] = phrase
            fill[f"P{i + 1}"] = capitalise(phrase)
        qtype, t, qt = spec["qtype"], spec["template"], spec["question_template"]
        if qtype in ("elapsed", "extra"):
            start, end, what = (s.format(poss=poss) for s in ACTIVITIES[spec["activities"][0]][:3])
            fill.update(start=start, end=end, what=what)
            text = ELAPSED[t % len(ELAPSED)].format(**fill)
            if qtype == "elapsed":
                return capitalise(text) + " " + ELAPSED_Q[qt % len(ELAPSED_Q)].format(**fill)
            return capitalise(text) + " " + _extra_sentence(spec, fill)
        if qtype == "two_activities":
            for j, key in enumerate(spec["activities"]):
                start, end, what = (s.format(poss=poss) for s in ACTIVITIES[key][:3])
                fill.update({f"start{j}": start, f"end{j}": end, f"what{j}": what})
            return capitalise(TWO[t % len(TWO)].format(**fill))
        events, legs, whole, story, _ = SCENARIOS[spec["scenario"]]
        places = {f"c{i}": city for i, city in enumerate(spec["places"])}
        fill.update({f"e{i}": e.format(**places) for i, e in enumerate(events)})
        fill["story"] = story
        text = capitalise(LEGS[t % len(LEGS)].format(**fill))
        if spec["mode"] == "total":
            return text + " " + LEGS_TOTAL_Q[qt % len(LEGS_TOTAL_Q)].format(whole=whole.format(**places))
        leg_names = [leg.format(**places) for leg in legs]
        subject = spec["compare"]["subject"]
        q = LEGS_DIFF_Q[qt % len(LEGS_DIFF_Q)].format(word=spec["compare"]["word"], x=leg_names[subject],
                                                      y=leg_names[1 - subject])
        return text + " " + q

    # ------------------------------------------------------------ solving

    def solve(self, spec: dict[str, Any]) -> str:
        return str((duration_seconds(spec) + 30) // 60)

    # ------------------------------------------------------------ drawing

    def render(self, spec: dict[str, Any]) -> list[Image.Image]:
        out = []
        for clock in spec["clocks"]:
            if clock["kind"] == "analog":
                out.append(render_analog(clock["hour"], clock["minute"], clock["second"], clock["style"]))
            else:
                out.append(render_digital(clock["hour"], clock["minute"], clock["style"]))
        return out

    def image_types(self, spec: dict[str, Any]) -> str:
        kinds = {clock["kind"] for clock in spec["clocks"]}
        return "different" if len(kinds) > 1 else "same"


# ---------------------------------------------------------------- helpers: solving

def duration_seconds(spec: dict[str, Any]) -> int:
    """The duration the question asks for, in seconds (the label rounds it to whole minutes)."""
    clocks = spec["clocks"]
    qtype, mode = spec["qtype"], spec["mode"]
    if qtype == "elapsed":
        seconds = _interval(clocks[0], clocks[1])
    elif qtype == "two_activities":
        seconds = _interval(clocks[0], clocks[1]) + _interval(clocks[2], clocks[3])
    elif qtype == "legs" and mode == "total":
        seconds = _interval(clocks[0], clocks[1]) + _interval(clocks[1], clocks[2])
    elif qtype == "legs":
        legs = [_interval(clocks[0], clocks[1]), _interval(clocks[1], clocks[2])]
        subject = spec["compare"]["subject"]
        diff = legs[subject] - legs[1 - subject]
        seconds = diff if spec["compare"]["word"] == "longer" else -diff
    elif mode in ("after", "before"):
        seconds = _interval(clocks[0], clocks[1]) + spec["extra"]["minutes"] * 60
    else:
        diff = _interval(clocks[0], clocks[1]) - spec["extra"]["minutes"] * 60
        seconds = diff if spec["extra"]["word"] == "longer" else -diff
    if seconds <= 0:
        raise ValueError(f"Clocks spec words a non-positive duration ({seconds} s)")
    return seconds


def minute_precise(spec: dict[str, Any]) -> bool:
    """The answer needs the minute hands: it is no tie between two whole minutes, and at least 11
    minutes away from every whole number of hours (so reading hours only misses it even with the
    scorer's 10-minute window)."""
    seconds = duration_seconds(spec)
    return seconds % 60 != 30 and 11 <= (seconds + 30) // 60 % 60 <= 49


def _seconds_since_day0(clock: dict[str, Any]) -> int:
    return ((clock["day"] * 24 + clock["hour"]) * 60 + clock["minute"]) * 60 + clock["second"]


def _interval(a: dict[str, Any], b: dict[str, Any]) -> int:
    """Seconds from clock a to clock b; they must be in order."""
    seconds = _seconds_since_day0(b) - _seconds_since_day0(a)
    if seconds <= 0:
        raise ValueError("Clocks spec has clocks out of order")
    return seconds


def _extra_sentence(spec: dict[str, Any], fill: dict[str, str]) -> str:
    extra = spec["extra"]
    k = duration_words(extra["minutes"], extra["as_hours"])
    mode = spec["mode"]
    if mode == "after":
        clause, noun = AFTERWARDS[extra["choice"] % len(AFTERWARDS)]
        lead = f"Right after {fill['what']} ended, {fill['pron']} {clause.format(k=k)}."
    elif mode == "before":
        clause, noun = BEFOREHAND[extra["choice"] % len(BEFOREHAND)]
        lead = f"Before {fill['what']} began, {fill['pron']} {clause.format(k=k, poss=fill['poss'])}."
        noun = noun.format(poss=fill["poss"])
    else:
        noun = ""
        lead = f"{capitalise(fill['pron'])} had planned for {fill['what']} to take {k}."
    return lead + " " + EXTRA_Q[mode].format(what=fill["what"], noun=noun, pron=fill["pron"], word=extra.get("word", ""))


# ---------------------------------------------------------------- helpers: sampling

def _pick_activity(rng: Any, config: ClocksConfig, cap: int, exclude: tuple[str, ...]) -> str:
    keys = [k for k, a in sorted(ACTIVITIES.items()) if k not in exclude and max(a[3], config.min_minutes) <= min(a[4], cap)]
    if not keys:
        raise Rejected("no activity fits the interval limits")
    return rng.choice(keys)


def _draw_parts(rng: Any, ranges: list[tuple[int, int]], budget: int, step: int, min_minutes: int) -> list[int]:
    """Durations (multiples of ``step``) within their ranges whose sum stays within ``budget``."""
    lows = [-(-max(lo, min_minutes) // step) * step for lo, _ in ranges]
    out: list[int] = []
    used = 0
    for i, (_, hi) in enumerate(ranges):
        top = min(hi, budget - used - sum(lows[i + 1:])) // step * step
        if top < lows[i]:
            raise Rejected("durations do not fit the time budget")
        value = rng.randrange(lows[i], top + 1, step)
        out.append(value)
        used += value
    return out


def _place(rng: Any, gaps: list[int], counted: list[int], cross: bool, step: int) -> list[int]:
    """Absolute minutes since day-0 midnight of every clock (first clock on day 0).

    With ``cross`` one counted interval strictly contains noon or midnight; without it all
    clocks lie in one 12-hour half, so no interval crosses either.
    """
    offsets = [0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    span = offsets[-1]
    if cross:
        candidates = [i for i in counted if gaps[i] >= 2 * step]
        if not candidates:
            raise Rejected("interval too short to cross noon or midnight")
        j = rng.choice(candidates)
        boundary = rng.choice([HALF_DAY, DAY])
        before = rng.randrange(step, gaps[j], step)  # boundary - t_j, so t_j < boundary < t_{j+1}
        start = (boundary - before - offsets[j]) % DAY
    else:
        half = rng.choice([0, HALF_DAY])
        start = half + rng.randrange(0, HALF_DAY - span, step)
    return [start + o for o in offsets]


def _make_clocks(rng: Any, config: ClocksConfig, times: list[int]) -> list[dict[str, Any]]:
    shared = rng.random() < config.shared_style_prob
    shared_second = rng.random() < config.second_hand_prob
    shared_style = random_analog_style(rng, config.face_numerals, config.tick_styles, shared_second)
    shared_12h = rng.random() < config.digital_12h_prob
    shared_digital = random_digital_style(rng, shared_12h)
    clocks = []
    for t in times:
        day, minute_of_day = divmod(t, DAY)
        digital = rng.random() < config.digital_prob
        if digital:
            style = shared_digital if shared else random_digital_style(rng, rng.random() < config.digital_12h_prob)
            second = 0
        else:
            style = shared_style if shared else random_analog_style(
                rng, config.face_numerals, config.tick_styles, rng.random() < config.second_hand_prob)
            second = _second_clear_of_hands(rng, minute_of_day // 60, minute_of_day % 60) if style["second_hand"] else 0
        clocks.append({"day": day, "hour": minute_of_day // 60, "minute": minute_of_day % 60, "second": second,
                       "kind": "digital" if digital else "analog", "style": dict(style)})
    return clocks


def _second_clear_of_hands(rng: Any, hour: int, minute: int) -> int:
    """A seconds value whose red hand does not lie over the hour or minute hand."""
    for _ in range(20):
        second = rng.randrange(60)
        h_angle, m_angle, s_angle = hand_angles(hour, minute, second)
        if all(abs((s_angle - a + 180) % 360 - 180) >= 12 for a in (h_angle, m_angle)):
            return second
    raise Rejected("second hand covers another hand")


def _sample_legs_question(rng: Any, spec: dict[str, Any]) -> None:
    spec["mode"] = "diff" if rng.random() < 0.6 else "total"
    if spec["mode"] == "total":
        return
    c = spec["clocks"]
    legs = [_seconds_since_day0(c[1]) - _seconds_since_day0(c[0]), _seconds_since_day0(c[2]) - _seconds_since_day0(c[1])]
    if abs(legs[0] - legs[1]) < 5 * 60:
        raise Rejected("legs too close in length")
    longer = 0 if legs[0] > legs[1] else 1
    word = rng.choice(["longer", "shorter"])
    spec["compare"] = {"subject": longer if word == "longer" else 1 - longer, "word": word}


def _sample_extra(rng: Any, spec: dict[str, Any], step: int) -> None:
    mode = rng.choice(["after", "before", "planned"])
    spec["mode"] = mode
    extra: dict[str, Any] = {"as_hours": rng.random() < 0.4, "choice": rng.randrange(12)}
    if mode in ("after", "before"):
        extra["minutes"] = rng.randrange(5, 151, 5)
    else:
        c = spec["clocks"]
        actual = _seconds_since_day0(c[1]) - _seconds_since_day0(c[0])
        planned = max(10, actual // 60 + rng.choice([-1, 1]) * rng.randrange(5, 181)) // 5 * 5
        if abs(actual - planned * 60) < 5 * 60 or planned < 10:
            raise Rejected("plan too close to the actual duration")
        extra["minutes"] = planned
        extra["word"] = "longer" if actual > planned * 60 else "shorter"
    spec["extra"] = extra


TASK = ClocksTask()
