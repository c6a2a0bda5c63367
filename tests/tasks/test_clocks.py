"""Tests of the Clocks generator: hand-checked solver cases, unambiguous wording, rendering."""

from __future__ import annotations

import io
import json
import random
from collections import Counter

import numpy as np
import pytest
from PIL import Image
from task_helpers import generated_items

from remibench.audit.necessity import check_item
from remibench.generate import Job, make_item
from remibench.items import tag_problem
from remibench.tasks.base import ConfigError, Rejected
from remibench.tasks.clocks.audit import AUDIT
from remibench.tasks.clocks.drawing import (
    digital_text,
    hand_angles,
    random_analog_style,
    random_digital_style,
    render_analog,
    render_digital,
)
from remibench.tasks.clocks.rules import check_spec, minutes_of, plausible, spans
from remibench.tasks.clocks.task import N_CLOCKS, TASK, ClocksConfig, _draw_parts, _sample_legs_question, minute_precise
from remibench.tasks.clocks.wording import FIRST_DAY, NEAREST, NEXT_DAY, SAME_AGAIN, day_phrases, duration_words, period_of


def clock(hhmm: str, day: int = 0, second: int = 0, kind: str = "analog") -> dict:
    hour, minute = map(int, hhmm.split(":"))
    return {"day": day, "hour": hour, "minute": minute, "second": second, "kind": kind, "style": {}}


def spec(qtype: str, clocks: list[dict], mode: str | None = None, **extra) -> dict:
    base = {"qtype": qtype, "mode": mode, "name": "Maya", "pronoun": "she", "clocks": clocks,
            "phrase_variants": [0] * len(clocks), "template": 0, "question_template": 0,
            "activities": ["cake", "hike"], "scenario": "rail", "places": ["Ashford", "Marlow", "Redhill"]}
    base.update(extra)
    return base


# ---------------------------------------------------------------- solver, by hand

@pytest.mark.parametrize("clocks, expected", [
    ([clock("9:15"), clock("11:40")], "145"),
    ([clock("23:50"), clock("1:20", day=1)], "90"),            # across midnight
    ([clock("11:20"), clock("13:05")], "105"),                 # across noon
    ([clock("10:00", second=40), clock("10:30")], "29"),       # 29 min 20 s
    ([clock("10:00", second=20), clock("10:30", second=50)], "31"),  # 30 min 30 s rounds up
])
def test_solve_elapsed(clocks, expected):
    assert TASK.solve(spec("elapsed", clocks)) == expected


@pytest.mark.parametrize("clocks, expected", [
    ([clock("8:00"), clock("9:30"), clock("14:10"), clock("15:00")], "140"),
    ([clock("22:15"), clock("23:45"), clock("0:30", 1), clock("2:00", 1)], "180"),
    ([clock("11:50"), clock("12:20"), clock("12:45"), clock("18:00")], "345"),
])
def test_solve_two_activities(clocks, expected):
    assert TASK.solve(spec("two_activities", clocks)) == expected


@pytest.mark.parametrize("clocks, expected", [
    ([clock("7:00"), clock("9:30"), clock("12:15")], "315"),
    ([clock("21:40"), clock("23:10"), clock("1:05", 1)], "205"),
    ([clock("10:05"), clock("11:55"), clock("12:35")], "150"),
])
def test_solve_legs_total(clocks, expected):
    assert TASK.solve(spec("legs", clocks, "total")) == expected


@pytest.mark.parametrize("clocks, compare, expected", [
    ([clock("7:00"), clock("9:30"), clock("12:15")], {"subject": 1, "word": "longer"}, "15"),   # 150 vs 165
    ([clock("7:00"), clock("9:30"), clock("12:15")], {"subject": 0, "word": "shorter"}, "15"),
    ([clock("21:40"), clock("23:10"), clock("1:05", 1)], {"subject": 0, "word": "shorter"}, "25"),  # 90 vs 115
    ([clock("11:00"), clock("13:40"), clock("14:00")], {"subject": 0, "word": "longer"}, "140"),  # 160 vs 20
])
def test_solve_legs_diff(clocks, compare, expected):
    assert TASK.solve(spec("legs", clocks, "diff", compare=compare)) == expected


def test_solve_legs_diff_refuses_a_negative_wording():
    s = spec("legs", [clock("7:00"), clock("9:30"), clock("12:15")], "diff", compare={"subject": 0, "word": "longer"})
    with pytest.raises(ValueError):
        TASK.solve(s)


@pytest.mark.parametrize("clocks, mode, extra, expected", [
    ([clock("13:00"), clock("14:20")], "after", {"minutes": 25}, "105"),
    ([clock("23:30"), clock("0:45", 1)], "before", {"minutes": 90}, "165"),
    ([clock("4:10"), clock("4:40")], "after", {"minutes": 5}, "35"),
    ([clock("9:00"), clock("11:10")], "planned", {"minutes": 120, "word": "longer"}, "10"),
    ([clock("18:00"), clock("19:00")], "planned", {"minutes": 75, "word": "shorter"}, "15"),
    ([clock("11:30"), clock("2:30", 0)], None, None, None),
])
def test_solve_extra(clocks, mode, extra, expected):
    if mode is None:  # the second clock lies before the first: not a valid spec
        with pytest.raises(ValueError):
            TASK.solve(spec("extra", clocks, "after", extra={"minutes": 10, "as_hours": False, "choice": 0}))
        return
    extra = {"as_hours": False, "choice": 0, **extra}
    assert TASK.solve(spec("extra", clocks, mode, extra=extra)) == expected


def test_zero_duration_is_refused():
    with pytest.raises(ValueError):
        TASK.solve(spec("elapsed", [clock("10:00"), clock("10:00")]))


# ---------------------------------------------------------------- wording

def test_periods_and_duration_words():
    assert [period_of(h) for h in (0, 4, 5, 11, 12, 16, 17, 20, 21, 23)] == [
        "early", "early", "morning", "morning", "afternoon", "afternoon", "evening", "evening", "night", "night"]
    assert duration_words(95, True) == "1 hour and 35 minutes"
    assert duration_words(120, True) == "2 hours"
    assert duration_words(95, False) == "95 minutes"


def test_every_phrase_lies_in_one_half_day():
    halves: dict[str, set] = {}
    for hour in range(24):
        period = period_of(hour)
        for table, day in ((FIRST_DAY, 0), (NEXT_DAY, 1)):
            for phrase in table[period]:
                halves.setdefault(phrase, set()).add((day, hour >= 12))
        halves.setdefault(SAME_AGAIN[period], set()).add(hour >= 12)
    assert all(len(v) == 1 for v in halves.values()), halves


def test_day_phrases_follow_days_and_repeats():
    clocks = [clock("22:10"), clock("23:20"), clock("1:30", 1), clock("9:00", 1)]
    assert day_phrases(clocks, [0, 0, 0, 0]) == [
        "at night", "later that night, before midnight", "after midnight", "the next morning"]
    # a first clock in the small hours: 'after midnight' would not say which night
    assert day_phrases([clock("4:30"), clock("0:30", 1)], [0, 0]) == [
        "in the early hours of the morning", "in the early hours of the next day"]


# The reader's view: phrase -> (day, afternoon half?); None means "same as the clock before".
READER = {"in the early hours of the morning": (0, False), "in the small hours": (0, False),
          "in the morning": (0, False), "in the afternoon": (0, True), "in the evening": (0, True),
          "at night": (0, True), "late in the evening": (0, True), "after midnight": (1, False),
          "in the early hours of the next day": (1, False), "the next morning": (1, False),
          "the next afternoon": (1, True), "the next evening": (1, True), "late the next evening": (1, True),
          **{p: None for p in SAME_AGAIN.values()}}


def read_like_a_person(item) -> list[int]:
    """Minutes since day-0 midnight, read from the 12-hour faces and the question's words only."""
    s = item.metadata["spec"]
    phrases = day_phrases(s["clocks"], s["phrase_variants"])
    out, prev = [], None
    for c, phrase in zip(s["clocks"], phrases):
        assert phrase in item.question or phrase[0].upper() + phrase[1:] in item.question
        where = READER[phrase] if READER[phrase] is not None else prev
        day, pm = where
        if c["kind"] == "digital" and c["style"]["format"] == "24h":
            hour = c["hour"]  # a 24-hour display shows it
        else:
            shown = c["hour"] % 12 or 12  # what the face or a 12-hour display shows
            hour = shown % 12 + (12 if pm else 0)
            if c["kind"] == "digital":
                assert digital_text(c["hour"], c["minute"], c["style"])[1] == ("PM" if pm else "AM")
        out.append(day * 1440 + hour * 60 + c["minute"])
        prev = where
    return out


@pytest.fixture(scope="module")
def items():
    return generated_items("Clocks", 120, 11)


def test_times_are_unambiguous_from_faces_and_words(items):
    for item in items:
        read = read_like_a_person(item)
        s = item.metadata["spec"]
        assert read == [c["day"] * 1440 + c["hour"] * 60 + c["minute"] for c in s["clocks"]], item.question


def test_questions_are_well_formed(items):
    for item in items:
        s = item.metadata["spec"]
        assert tag_problem(item.question, len(item.images)) is None
        assert len(item.images) == N_CLOCKS[s["qtype"]] == len(s["clocks"])
        assert item.metadata["properties"]["interleaved"] is True
        assert "{" not in item.question and "}" not in item.question
        assert item.question[0].isupper() or item.question.startswith("<image1>")
        assert "minutes" in item.question


def test_mix_of_types_crossings_and_kinds(items):
    kinds = Counter(it.metadata["spec"]["qtype"] for it in items)
    assert set(kinds) == set(N_CLOCKS) and min(kinds.values()) >= 10
    crossings = 0
    for it in items:
        t = [c["day"] * 1440 + c["hour"] * 60 + c["minute"] for c in it.metadata["spec"]["clocks"]]
        crossings += any(a // 720 != b // 720 for a, b in zip(t, t[1:]))
    assert 20 <= crossings <= 80
    types = Counter(it.metadata["properties"]["image_types"] for it in items)
    assert types["same"] >= 20 and types["different"] >= 20
    for it in items:
        kinds_here = {c["kind"] for c in it.metadata["spec"]["clocks"]}
        assert it.metadata["properties"]["image_types"] == ("different" if len(kinds_here) == 2 else "same")


def test_labels_are_spread(items):
    labels = Counter(it.label for it in items)
    assert all(int(label) > 0 for label in labels)
    assert labels.most_common(1)[0][1] / len(items) < 0.05
    assert len(labels) > 80


def test_json_round_trip_reproduces_question_and_label(items):
    for item in items[:40]:
        s = json.loads(json.dumps(item.metadata["spec"]))
        assert TASK.question(s) == item.question
        assert TASK.solve(s) == item.label


# ---------------------------------------------------------------- knobs and rejection

def test_knobs_shape_the_items():
    step5 = [make_item(Job("Clocks", "test", i, 1, {"minute_step": 5, "second_hand_prob": 0.0})) for i in range(20)]
    for it in step5:
        assert all(c["minute"] % 5 == 0 and c["second"] == 0 for c in it.metadata["spec"]["clocks"])
    no_cross = [make_item(Job("Clocks", "test", i, 1, {"cross_prob": 0.0})) for i in range(20)]
    for it in no_cross:
        t = [c["day"] * 1440 + c["hour"] * 60 + c["minute"] for c in it.metadata["spec"]["clocks"]]
        assert len({x // 720 for x in t}) == 1
    always = [make_item(Job("Clocks", "test", i, 1, {"cross_prob": 1.0})) for i in range(20)]
    for it in always:
        t = [c["day"] * 1440 + c["hour"] * 60 + c["minute"] for c in it.metadata["spec"]["clocks"]]
        assert len({x // 720 for x in t}) > 1
    analog = [make_item(Job("Clocks", "test", i, 1, {"digital_prob": 0.0, "face_numerals": ["roman"]})) for i in range(10)]
    for it in analog:
        assert all(c["kind"] == "analog" and c["style"]["numerals"] == "roman" for c in it.metadata["spec"]["clocks"])
        assert it.metadata["properties"]["image_types"] == "same"
    two = [make_item(Job("Clocks", "test", i, 1, {"max_clocks": 2, "digital_prob": 1.0})) for i in range(10)]
    assert all(len(it.images) == 2 and it.metadata["spec"]["clocks"][0]["kind"] == "digital" for it in two)


@pytest.mark.parametrize("bad", [
    {"min_clocks": 1}, {"max_clocks": 5}, {"min_clocks": 4, "max_clocks": 3}, {"minute_step": 7},
    {"digital_prob": 1.5}, {"question_types": ["sorting"]}, {"face_numerals": []},
    {"min_clocks": 3, "max_clocks": 3, "question_types": ["elapsed"]}, {"max_interval_hours": 17},
])
def test_invalid_configs_are_refused(bad):
    with pytest.raises(ConfigError):
        ClocksConfig.from_dict(bad)


def test_degenerate_draws_are_rejected():
    with pytest.raises(Rejected):
        _draw_parts(random.Random(0), [(60, 300), (60, 300)], budget=100, step=1, min_minutes=10)
    close = spec("legs", [clock("7:00"), clock("9:30"), clock("12:02")], "diff")  # 150 vs 152 minutes
    rng = random.Random(1)
    assert random.Random(1).random() < 0.6  # this seed asks for a difference, not a total
    with pytest.raises(Rejected):
        _sample_legs_question(rng, close)
    apart = spec("legs", [clock("7:00"), clock("9:30"), clock("12:15")], "diff")  # 150 vs 165 minutes
    _sample_legs_question(random.Random(1), apart)
    assert TASK.solve(apart) == "15" and apart["compare"]["word"] in ("longer", "shorter")


# ---------------------------------------------------------------- rendering

def test_hour_hand_moves_with_the_minutes():
    assert hand_angles(3, 45, 0) == (112.5, 270.0, 0.0)
    assert hand_angles(15, 45, 0)[0] == 112.5  # a face shows 12-hour time
    assert hand_angles(12, 0, 30) == (0.25, 3.0, 180.0)


def test_analog_hands_point_where_they_should():
    style = random_analog_style(random.Random(0), ["none"], ["hours"], False)
    style.update(face=[255, 255, 255], hands=[0, 0, 0], ink=[0, 0, 0], hand_shape="bar")
    image = render_analog(3, 0, 0, style)  # hour hand to 3, minute hand to 12
    assert image.size == (400, 400) and image.mode == "RGB"
    r = 400 * 0.46 - style["rim_width"]

    def dark(x: float, y: float) -> bool:
        return sum(image.getpixel((round(x), round(y)))) < 200

    assert dark(200, 200 - 0.7 * r)        # minute hand up, long
    assert dark(200 + 0.35 * r, 200)       # hour hand right
    assert not dark(200 + 0.62 * r, 200)   # ... but short
    assert not dark(200, 200 + 0.4 * r)    # nothing points down
    assert not dark(200 - 0.4 * r, 200)


def test_digital_display_text_and_size():
    style = random_digital_style(random.Random(0), twelve_hour=True)
    style["leading_zero"] = False
    assert digital_text(21, 5, style) == (" 905", "PM")
    assert digital_text(0, 30, style) == ("1230", "AM")
    assert digital_text(12, 0, style) == ("1200", "PM")
    style24 = random_digital_style(random.Random(0), twelve_hour=False)
    assert digital_text(7, 3, style24) == ("0703", "")
    image = render_digital(21, 5, style)
    assert image.size == (480, 200) and image.mode == "RGB"
    # lit segments are bright and take a visible share of the panel
    colour = tuple(style["colour"])
    pixels = np.asarray(image, dtype=int)
    lit = int((np.abs(pixels - np.array(colour)).sum(axis=2) < 30).sum())
    assert lit > 3000


def test_item_images_have_expected_sizes(items):
    for item in items[:30]:
        for png, c in zip(item.images, item.metadata["spec"]["clocks"]):
            image = Image.open(io.BytesIO(png))
            assert image.size == ((400, 400) if c["kind"] == "analog" else (480, 200))
            low, high = image.convert("L").getextrema()
            assert high - low > 100  # real contrast (in brightness: a green display has little red)


def test_second_hand_never_covers_the_other_hands(items):
    seen = 0
    for item in items:
        for c in item.metadata["spec"]["clocks"]:
            if c["kind"] == "analog" and c["style"]["second_hand"]:
                seen += 1
                h, m, s = hand_angles(c["hour"], c["minute"], c["second"])
                assert all(abs((s - a + 180) % 360 - 180) >= 12 for a in (h, m))
    assert seen > 5


# ---------------------------------------------------------------- version 2: plausible hours, wording, audit

def test_activities_happen_at_plausible_hours(items):
    for item in items:
        s = item.metadata["spec"]
        times = [minutes_of(c) for c in s["clocks"]]
        assert plausible(s, times), item.question
        for key, first, last in spans(s):
            if key == "exam":
                assert 8 * 60 <= times[first] % 1440 <= 16 * 60 and times[last] - times[first] + times[first] % 1440 <= 19 * 60
            if key == "cake":
                assert 7 * 60 <= times[first] % 1440 and times[last] % 1440 <= 23 * 60


def test_an_exam_late_at_night_is_refused():
    late = spec("elapsed", [clock("22:41"), clock("23:50")], activities=["exam"])
    assert check_spec(late, ClocksConfig()) == "an activity happens at an implausible time of day"
    morning = spec("elapsed", [clock("9:12"), clock("11:40")], activities=["exam"])
    assert check_spec(morning, ClocksConfig()) is None
    assert not plausible(spec("elapsed", [clock("23:55"), clock("0:40", day=1)], activities=["cake"]), [1435, 1480])


def test_second_hands_come_with_rounding_words(items):
    for item in items:
        hands = any(c["kind"] == "analog" and c["style"]["second_hand"] for c in item.metadata["spec"]["clocks"])
        assert (NEAREST in item.question) == hands
    with_hand = spec("elapsed", [clock("10:00", second=40), clock("10:30")])
    with_hand["clocks"][0]["style"] = {"second_hand": True}
    assert TASK.question(with_hand).endswith(NEAREST) and TASK.solve(with_hand) == "29"


def test_answers_need_the_minute_hands(items):
    for item in items:
        minutes = int(item.label)
        assert 11 <= minutes % 60 <= 49, item.label
    assert not minute_precise(spec("elapsed", [clock("9:15"), clock("11:20")]))  # 125 min: 5 past two hours
    assert minute_precise(spec("elapsed", [clock("9:15"), clock("11:40")]))  # 145 min
    assert not minute_precise(spec("elapsed", [clock("10:00", second=20), clock("10:30", second=50)]))  # 30.5 min


def test_audit_variations_change_only_their_part(items):
    for item in items[:12]:
        s = json.loads(json.dumps(item.metadata["spec"]))
        result = check_item(TASK, AUDIT, s, len(item.images), 16, random.Random(0))
        assert result.faults == []
        assert all(result.necessary[k] for k in range(1, len(item.images) + 1) if k not in result.distractors)
        view = AUDIT.view(s)
        assert "label" not in view.seen and view.options is None


def test_whole_journey_declares_its_middle_clock():
    total = spec("legs", [clock("7:00"), clock("9:30"), clock("12:15")], "total")
    assert AUDIT.distractors(total) == {2: "the whole of a two-leg journey needs only its first and last clocks"}
    assert AUDIT.distractors(spec("legs", [clock("7:00"), clock("9:30"), clock("12:15")], "diff",
                                  compare={"subject": 1, "word": "longer"})) == {}


def test_stated_duration_is_text_data():
    s = spec("extra", [clock("9:12"), clock("11:40")], "after", activities=["exam"],
             extra={"minutes": 25, "as_hours": False, "choice": 0})
    assert TASK.solve(s) == "173"  # 148 + 25
    assert AUDIT.text_carries_data(s)
    varied = AUDIT.vary(s, "text", random.Random(3))
    assert varied["clocks"] == s["clocks"] and TASK.question(varied) != TASK.question(s)
    assert TASK.solve(varied) != "173"
