"""IQ shortcut guessers: ways to pick an option without working out the rules.

Each takes the audit's View (``seen`` holds the layout, the eight shown panels and the five
options as attribute dicts) and returns a letter, or None where the trick does not apply. Ties go
to the earliest option, which is fair since the answer letter is balanced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from remibench.audit.base import View
from remibench.tasks.iq.rules import ATTRIBUTES, attribute_value, panel_key

LETTERS = "ABCDE"
SCALARS = ("number", "shape", "size", "colour")


def _values(panel: dict[str, Any]) -> dict[str, Any]:
    return {attr: attribute_value(panel, attr) for attr in ATTRIBUTES}


def _pick(scores: list[float], best: str = "max") -> str:
    target = max(scores) if best == "max" else min(scores)
    return LETTERS[scores.index(target)]


def _shown_counts(view: View) -> dict[str, Counter]:
    """Per attribute, how often the eight shown panels hold each value."""
    return {attr: Counter(attribute_value(p, attr) for p in view.seen["panels"]) for attr in ATTRIBUTES}


def _first(indices: list[int]) -> str | None:
    return LETTERS[indices[0]] if indices else None


def repeats_a_panel(view: View) -> str | None:
    """The first option drawn exactly like one of the eight shown panels."""
    shown = {panel_key(p) for p in view.seen["panels"]}
    return _first([i for i, o in enumerate(view.seen["options"]) if panel_key(o) in shown])


def repeats_no_panel(view: View) -> str | None:
    """Where some options repeat a shown panel, the first option that repeats none."""
    shown = {panel_key(p) for p in view.seen["panels"]}
    fresh = [i for i, o in enumerate(view.seen["options"]) if panel_key(o) not in shown]
    return _first(fresh) if len(fresh) < 5 else None


def _repeats(view: View, number: int) -> str | None:
    key = panel_key(view.seen["panels"][number - 1])
    return _first([i for i, o in enumerate(view.seen["options"]) if panel_key(o) == key])


def repeats_panel_above(view: View) -> str | None:
    """The option equal to panel 6, just above the gap (right when row 3 repeats row 2)."""
    return _repeats(view, 6)


def repeats_last_panel(view: View) -> str | None:
    """The option equal to panel 8, just left of the gap."""
    return _repeats(view, 8)


def only_seen_values(view: View) -> str | None:
    """The first option whose number, shape, size and colour all appear somewhere in the matrix
    (distractors that bring a value never shown would give themselves away)."""
    seen = {attr: {attribute_value(p, attr) for p in view.seen["panels"]} for attr in SCALARS}
    fits = [i for i, o in enumerate(view.seen["options"]) if all(attribute_value(o, a) in seen[a] for a in SCALARS)]
    return _first(fits)


def most_seen_values(view: View) -> str | None:
    """The option whose values are shown most often in the matrix, summed over the attributes."""
    counts = _shown_counts(view)
    return _pick([sum(counts[a][attribute_value(o, a)] for a in ATTRIBUTES) for o in view.seen["options"]])


def fewest_seen_values(view: View) -> str | None:
    """The option whose values are shown least often in the matrix (the value row 3 lacks)."""
    counts = _shown_counts(view)
    return _pick([sum(counts[a][attribute_value(o, a)] for a in ATTRIBUTES) for o in view.seen["options"]], "min")


def _axis_votes(view: View, best: Callable[[list[int]], int]) -> list[int]:
    """Per option, on how many of the attributes the options differ in it holds the best-counted value."""
    counts = _shown_counts(view)
    options = view.seen["options"]
    votes = [0] * len(options)
    for attr in ATTRIBUTES:
        seen = [counts[attr][attribute_value(o, attr)] for o in options]
        if len(set(seen)) > 1:
            for i, n in enumerate(seen):
                votes[i] += n == best(seen)
    return votes


def most_seen_vote(view: View) -> str | None:
    """The option holding, on the most attributes, the value the matrix shows most often there."""
    return _pick(_axis_votes(view, max))  # type: ignore[arg-type]


def fewest_seen_vote(view: View) -> str | None:
    """The option holding, on the most attributes, the value the matrix shows least often there."""
    return _pick(_axis_votes(view, min))  # type: ignore[arg-type]


def with_unseen_value(view: View) -> str | None:
    """The first option holding a number, shape, size or colour the matrix never shows."""
    seen = {attr: {attribute_value(p, attr) for p in view.seen["panels"]} for attr in SCALARS}
    new = [i for i, o in enumerate(view.seen["options"]) if any(attribute_value(o, a) not in seen[a] for a in SCALARS)]
    return _first(new)


def _agreement(view: View) -> list[int]:
    vals = [_values(o) for o in view.seen["options"]]
    return [sum(sum(w[a] == v[a] for w in vals) for a in ATTRIBUTES) for v in vals]


def majority_vote(view: View) -> str | None:
    """Per attribute the value most options share; the option with the most such values."""
    return _pick(_agreement(view))  # type: ignore[arg-type]


def odd_one_out(view: View) -> str | None:
    """The option whose values the fewest other options share."""
    return _pick(_agreement(view), "min")  # type: ignore[arg-type]


def _distance(a: dict[str, Any], b: dict[str, Any]) -> float:
    sa, sb = set(a["position"]), set(b["position"])
    return sum(abs(a[k] - b[k]) for k in SCALARS) + 1 - len(sa & sb) / len(sa | sb)


def panel_distance(a: dict[str, Any], b: dict[str, Any]) -> float:
    """How unlike two panels are: summed level differences, Jaccard distance of the slot sets."""
    return _distance(_values(a), _values(b))


def medoid(view: View) -> str | None:
    """The option closest on average to the others (numeric distance, Jaccard for positions)."""
    vals = [_values(o) for o in view.seen["options"]]
    return _pick([round(sum(_distance(v, w) for w in vals), 9) for v in vals], "min")


def nearest_to_last_panel(view: View) -> str | None:
    """The option most like panel 8, the one left of the gap."""
    last = _values(view.seen["panels"][7])
    return _pick([_distance(_values(o), last) for o in view.seen["options"]], "min")


def nearest_to_panel_above(view: View) -> str | None:
    """The option most like panel 6, the one above the gap."""
    above = _values(view.seen["panels"][5])
    return _pick([_distance(_values(o), above) for o in view.seen["options"]], "min")


def nearest_to_panel_3(view: View) -> str | None:
    """The option most like panel 3, at the top of the gap's column."""
    top = _values(view.seen["panels"][2])
    return _pick([_distance(_values(o), top) for o in view.seen["options"]], "min")


def farthest_from_last_panel(view: View) -> str | None:
    """The option least like panel 8 (the answer's values are planned neither nearer nor farther)."""
    last = _values(view.seen["panels"][7])
    return _pick([_distance(_values(o), last) for o in view.seen["options"]])


def farthest_from_panel_above(view: View) -> str | None:
    """The option least like panel 6: a progression's row 3 seldom starts like row 2, so its answer
    value is seldom panel 6's."""
    above = _values(view.seen["panels"][5])
    return _pick([_distance(_values(o), above) for o in view.seen["options"]])


def count_two_mod_three(view: View) -> str | None:
    """The option holding, on the most attributes, a value the eight panels show 2, 5 or 8 times.

    Constant and distribute-three rows show every value a multiple of three times in the full
    matrix, so the missing panel's value is the one seen one short of that. The trick ignores the
    rows altogether: it would work on the panels shuffled."""
    counts = _shown_counts(view)
    return _pick([sum(counts[a][attribute_value(o, a)] % 3 == 2 for a in ATTRIBUTES) for o in view.seen["options"]])


def fewest_row_3_repeats(view: View) -> str | None:
    """Where options differ in it, the option repeating a value of panel 7 or 8 on the fewest
    attributes on which those two panels differ.

    Progression and distribute-three rows hold three different values, so on an attribute that
    changes within row 3 the missing value is neither of the two shown before it. The trick needs
    no rule and ignores rows 1 and 2."""
    panels = view.seen["panels"]
    changing = [a for a in ATTRIBUTES if attribute_value(panels[6], a) != attribute_value(panels[7], a)]
    row_3 = {a: {attribute_value(panels[6], a), attribute_value(panels[7], a)} for a in changing}
    repeats = [sum(attribute_value(o, a) in row_3[a] for a in changing) for o in view.seen["options"]]
    return _pick(repeats, "min") if len(set(repeats)) > 1 else None


GUESSERS: dict[str, Callable[[View], str | None]] = {
    "option repeating a matrix panel": repeats_a_panel,
    "option repeating no panel": repeats_no_panel,
    "option repeating panel 6 (above)": repeats_panel_above,
    "option repeating panel 8 (left)": repeats_last_panel,
    "option made only of seen values": only_seen_values,
    "option with the most-seen values": most_seen_values,
    "option with the fewest-seen values": fewest_seen_values,
    "option with a never-seen value": with_unseen_value,
    "option most often most-seen per attribute": most_seen_vote,
    "option most often fewest-seen per attribute": fewest_seen_vote,
    "majority vote across options": majority_vote,
    "odd one out": odd_one_out,
    "medoid of the options": medoid,
    "option nearest panel 8": nearest_to_last_panel,
    "option nearest panel 6": nearest_to_panel_above,
    "option farthest from panel 8": farthest_from_last_panel,
    "option farthest from panel 6": farthest_from_panel_above,
    "option nearest panel 3": nearest_to_panel_3,
    "option whose values are seen 2, 5 or 8 times": count_two_mod_three,
    "option repeating the fewest row-3 values": fewest_row_3_repeats,
}
