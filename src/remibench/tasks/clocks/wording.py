"""The words of Clocks questions: people, activities, part-of-day phrases and templates.

Kept apart from the sampler and solver so the wording can grow without touching the logic.
Every part-of-day phrase lies inside one 12-hour half, which is what makes analog faces
unambiguous.
"""

from __future__ import annotations

from typing import Any

NAMES = [("Maya", "she"), ("Omar", "he"), ("Lena", "she"), ("Tariq", "he"), ("Priya", "she"), ("Jonas", "he"),
         ("Aisha", "she"), ("Mateo", "he"), ("Chloe", "she"), ("Kenji", "he"), ("Ingrid", "she"), ("Samuel", "he"),
         ("Nadia", "she"), ("Felix", "he"), ("Rosa", "she"), ("Dmitri", "he"), ("Amara", "she"), ("Lucas", "he"),
         ("Hana", "she"), ("Kwame", "he"), ("Elif", "she"), ("Rafael", "he"), ("Zoe", "she"), ("Arjun", "he")]
POSSESSIVE = {"she": "her", "he": "his"}
TOWNS = ["Millbrook", "Ashford", "Riverton", "Kingsbridge", "Elmwood", "Hartley", "Fairview", "Stonehaven", "Oakridge",
         "Westcliff", "Brambleton", "Larkfield", "Marlow", "Redhill", "Thornbury", "Willowdale", "Greystone", "Sandport"]

# key: (start clause, end clause, noun phrase, shortest, longest in minutes)
ACTIVITIES: dict[str, tuple[str, str, str, int, int]] = {
    "cake": ("put a cake in the oven", "took the cake out of the oven", "the baking", 20, 100),
    "hike": ("set off on a hike", "got back from the hike", "the hike", 60, 540),
    "shift": ("started {poss} shift at the hospital", "finished {poss} shift", "{poss} shift", 180, 780),
    "train": ("boarded the train", "got off the train", "the train ride", 30, 600),
    "flight": ("took off on a flight to Oslo", "landed in Oslo", "the flight", 50, 720),
    "library": ("sat down to study in the library", "left the library", "the study session", 30, 420),
    "stew": ("switched on the slow cooker", "switched off the slow cooker", "the slow cooking", 120, 600),
    "charge": ("plugged in {poss} electric car", "unplugged the car", "the charging", 30, 900),
    "boardgame": ("started a board game with friends", "packed the game away", "the board game", 30, 300),
    "drive": ("set off on a drive to the coast", "arrived at the coast", "the drive", 40, 480),
    "print": ("started a 3D print", "took the finished print off the printer", "the print job", 20, 960),
    "stream": ("went live on {poss} video stream", "ended the stream", "the stream", 30, 480),
    "fishing": ("cast {poss} first line into the lake", "packed up {poss} fishing gear", "the fishing trip", 45, 480),
    "fence": ("started painting the fence", "put the brushes away", "the painting", 30, 360),
    "rehearsal": ("started the band rehearsal", "ended the rehearsal", "the rehearsal", 40, 240),
    "bus": ("got on the long-distance bus", "got off the bus", "the bus ride", 30, 840),
    "films": ("started a film marathon", "switched off the TV", "the film marathon", 90, 600),
    "piano": ("sat down at the piano", "stopped practising", "the piano practice", 20, 180),
    "exam": ("began the exam", "handed in the exam", "the exam", 45, 240),
    "run": ("started {poss} long run", "finished {poss} run", "the run", 25, 240),
    "hackathon": ("started coding at the hackathon", "submitted {poss} project", "the coding session", 60, 960),
    "laundry": ("started the washing machine", "took the laundry out", "the wash cycle", 30, 150),
}

# When in the day each activity or story plausibly happens: (earliest start, latest start, latest
# end), in minutes after the midnight that opens its day; a latest end past 1440 runs into the night.
ANYTIME = (0, 1439, 2880)
WINDOWS: dict[str, tuple[int, int, int]] = {
    "cake": (7 * 60, 21 * 60, 23 * 60), "hike": (5 * 60, 14 * 60, 22 * 60), "shift": ANYTIME,
    "train": (5 * 60, 23 * 60, 25 * 60), "flight": (5 * 60, 1439, 2880), "library": (7 * 60, 22 * 60, 24 * 60),
    "stew": (6 * 60, 14 * 60, 24 * 60), "charge": ANYTIME, "boardgame": (10 * 60, 23 * 60, 26 * 60),
    "drive": (4 * 60, 23 * 60, 26 * 60), "print": ANYTIME, "stream": (8 * 60, 1439, 27 * 60),
    "fishing": (4 * 60, 18 * 60, 23 * 60), "fence": (7 * 60, 17 * 60, 21 * 60), "rehearsal": (9 * 60, 21 * 60, 24 * 60),
    "bus": ANYTIME, "films": (10 * 60, 22 * 60, 28 * 60), "piano": (7 * 60, 21 * 60, 23 * 60),
    "exam": (8 * 60, 16 * 60, 19 * 60), "run": (5 * 60, 20 * 60, 22 * 60), "hackathon": ANYTIME,
    "laundry": (6 * 60, 22 * 60, 24 * 60),
    # two-leg stories
    "rail": (5 * 60, 22 * 60, 25 * 60), "bread": (5 * 60, 18 * 60, 23 * 60), "race": (4 * 60, 12 * 60, 2880),
    "roadtrip": (5 * 60, 22 * 60, 26 * 60), "summit": (4 * 60, 13 * 60, 22 * 60), "sailing": (5 * 60, 17 * 60, 23 * 60),
    "biketour": (6 * 60, 15 * 60, 22 * 60),
}

# key: (three event clauses, two leg names, whole, story, leg ranges); {c0}..{c2} are towns.
SCENARIOS: dict[str, tuple[tuple[str, str, str], tuple[str, str], str, str, tuple[tuple[int, int], tuple[int, int]]]] = {
    "rail": (("left home", "changed trains in {c1}", "arrived in {c2}"),
             ("the trip from home to {c1}", "the trip from {c1} to {c2}"), "the whole journey", "train journey",
             ((20, 300), (30, 420))),
    "bread": (("started making the dough", "put the loaf in the oven", "took the bread out of the oven"),
              ("the preparation", "the baking"), "the whole bread-making process", "baking day",
              ((20, 300), (25, 80))),
    "race": (("started the ultramarathon", "reached the halfway checkpoint", "crossed the finish line"),
             ("the first half of the race", "the second half of the race"), "the whole race", "race",
             ((60, 420), (60, 480))),
    "roadtrip": (("drove off from {c0}", "stopped for fuel in {c1}", "arrived in {c2}"),
                 ("the drive from {c0} to {c1}", "the drive from {c1} to {c2}"), "the whole drive", "road trip",
                 ((30, 480), (30, 480))),
    "summit": (("left the car park", "reached the summit", "got back to the car park"),
               ("the climb to the summit", "the descent"), "the whole hike", "mountain hike",
               ((40, 360), (30, 300))),
    "sailing": (("set sail from {c0}", "passed the lighthouse", "moored in {c1}"),
                ("the sail to the lighthouse", "the sail from the lighthouse to {c1}"), "the whole voyage",
                "sailing trip", ((30, 360), (30, 360))),
    "biketour": (("set off from {c0} by bike", "reached {c1}", "reached {c2}"),
                 ("the ride from {c0} to {c1}", "the ride from {c1} to {c2}"), "the whole ride", "bike tour",
                 ((30, 360), (30, 360))),
}

# Extra activities named only in the text: (clause with {k}, noun phrase).
AFTERWARDS = [("rested for {k}", "stopped resting"), ("took a break for {k}", "ended the break"),
              ("tidied up for {k}", "finished tidying up"), ("chatted with a friend for {k}", "finished the chat"),
              ("stretched for {k}", "finished stretching")]
BEFOREHAND = [("had spent {k} getting ready", "getting ready"), ("had spent {k} warming up", "warming up"),
              ("had spent {k} packing {poss} bag", "packing {poss} bag"),
              ("had spent {k} reading the instructions", "reading the instructions")]


# ---------------------------------------------------------------- wording of times and durations

PERIODS = ((0, 5, "early"), (5, 12, "morning"), (12, 17, "afternoon"), (17, 21, "evening"), (21, 24, "night"))
FIRST_DAY = {"early": ("in the early hours of the morning", "in the small hours"), "morning": ("in the morning",),
             "afternoon": ("in the afternoon",), "evening": ("in the evening",),
             "night": ("at night", "late in the evening")}
NEXT_DAY = {"early": ("after midnight", "in the early hours of the next day"), "morning": ("the next morning",),
            "afternoon": ("the next afternoon",), "evening": ("the next evening",), "night": ("late the next evening",)}
SAME_AGAIN = {"early": "later, still in the early hours", "morning": "later that morning",
              "afternoon": "later that afternoon", "evening": "later that evening",
              "night": "later that night, before midnight"}


def period_of(hour: int) -> str:
    """Each period lies inside one 12-hour half, so it fixes AM/PM for an analog face."""
    return next(name for low, high, name in PERIODS if low <= hour < high)


def day_phrases(clocks: list[dict[str, Any]], variants: list[int]) -> list[str]:
    """The part-of-day phrase of every clock; 'later that ...' only for the same day and period."""
    out = []
    for i, clock in enumerate(clocks):
        key = (clock["day"], period_of(clock["hour"]))
        prev = (clocks[i - 1]["day"], period_of(clocks[i - 1]["hour"])) if i else None
        options = list((NEXT_DAY if clock["day"] else FIRST_DAY)[key[1]])
        if key == (1, "early") and period_of(clocks[0]["hour"]) == "early":
            options = options[1:]  # 'after midnight' would not tell this night from the first one
        if key == prev:
            options = [SAME_AGAIN[key[1]], SAME_AGAIN[key[1]], *options]
        out.append(options[variants[i] % len(options)])
    return out


def duration_words(minutes: int, as_hours: bool) -> str:
    """'95 minutes' or '1 hour and 35 minutes'."""
    if not as_hours or minutes < 60:
        return f"{minutes} minutes"
    hours, rest = divmod(minutes, 60)
    head = f"{hours} hour" + ("s" if hours > 1 else "")
    return head if rest == 0 else f"{head} and {rest} minutes"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- question templates

ELAPSED = [
    "<image1> shows the time when {name} {start} {p1}, and <image2> shows the time when {pron} {end} {p2}.",
    "{name} {start} {p1} at the time shown in <image1> and {end} {p2} at the time shown in <image2>.",
    "The clock in <image1> was read when {name} {start} {p1}. The clock in <image2> was read when {pron} {end} {p2}.",
    "{P1}, {name} {start}; the time is shown in <image1>. {P2}, {pron} {end}, at the time shown in <image2>.",
]
NEAREST = "Give the answer to the nearest minute."
ELAPSED_Q = ["How many minutes did {what} last?", "How long, in minutes, did {what} take?",
             "How many minutes passed between these two moments?"]
TWO = [
    "{name} {start0} {p1} (<image1>) and {end0} {p2} (<image2>). After that, {pron} {start1} {p3} (<image3>) and "
    "{end1} {p4} (<image4>). How many minutes did {what0} and {what1} take in total?",
    "Here is part of {name}'s day. <image1> shows when {pron} {start0} {p1} and <image2> when {pron} {end0} {p2}; "
    "<image3> shows when {pron} {start1} {p3} and <image4> when {pron} {end1} {p4}. How many minutes did {pron} spend "
    "on {what0} and {what1} altogether?",
    "Four clocks were read during {name}'s day: when {pron} {start0} {p1} <image1>, when {pron} {end0} {p2} <image2>, "
    "when {pron} {start1} {p3} <image3>, and when {pron} {end1} {p4} <image4>. What is the combined length, in minutes, "
    "of {what0} and {what1}?",
]
LEGS = [
    "{name} {e0} {p1} (<image1>), {e1} {p2} (<image2>) and {e2} {p3} (<image3>).",
    "<image1> shows when {name} {e0} {p1}, <image2> when {pron} {e1} {p2}, and <image3> when {pron} {e2} {p3}.",
    "Three clocks tell the story of {name}'s {story}: {pron} {e0} {p1} at the time in <image1>, {e1} {p2} at the time "
    "in <image2> and {e2} {p3} at the time in <image3>.",
]
LEGS_DIFF_Q = ["How many minutes {word} was {x} than {y}?", "By how many minutes was {x} {word} than {y}?"]
LEGS_TOTAL_Q = ["How many minutes did {whole} take?", "How long, in minutes, did {whole} take?"]
EXTRA_Q = {
    "after": "How many minutes passed from the start of {what} until {pron} {noun}?",
    "before": "How many minutes passed from the moment {pron} started {noun} until the end of {what}?",
    "planned": "How many minutes {word} than planned did {what} take?",
}
