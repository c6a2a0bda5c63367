"""Charts question wording: every image tag first, then the question in words.

Charts are named by position ("first chart", "second chart", ...), as in the published
Charts questions; when one of the images is a table, every image is named "image" instead
("second image"), since a table is no chart. A cell is named by its category (and series, in
multi-series charts).
Template indices are stored in the spec so the text can be rebuilt from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Spec = dict[str, Any]

ORDINALS = ("first", "second", "third")
ROUNDING = {0: "the nearest integer", 1: "one decimal place", 2: "two decimal places"}


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def cell_name(spec: Spec, ref: list[int]) -> str:
    """``Low`` or ``Math (Girls)``: the category, plus the series when there are several."""
    _chart, series, category = ref
    name = spec["categories"][category]
    return f"{name} ({spec['series'][series]})" if spec["series"] else name


def _where(spec: Spec, ref: list[int], article: bool = True) -> str:
    return f"{cell_name(spec, ref)} in {'the ' if article else ''}{ORDINALS[ref[0]]} {picture(spec)}"


def picture(spec: Spec) -> str:
    """What the images are called: "chart", or "image" when one of them is a table."""
    return "image" if any(c["kind"] == "table" for c in spec["charts"]) else "chart"


def _unit_note(spec: Spec) -> str:
    unit = spec["topic"]["unit"]
    return "" if unit == "%" else f" (in {unit})"


def _points(spec: Spec) -> str:
    unit = spec["topic"]["unit"]
    return "percentage points" if unit == "%" else unit


def _round(digits: int) -> str:
    return f"Round to {ROUNDING[digits]}."


# ---------------------------------------------------------------- mean

def _mean_share(spec: Spec, k: int) -> str:
    q = spec["query"]
    refs = q["cells"]
    if k == 0:  # the published wording
        return (f"The mean of {_join([_where(spec, r, article=False) for r in refs])} is X% "
                f"(assuming same sample size). Find X. {_round(q['digits'])}")
    if k == 1:
        return (f"Assuming the same sample size, what is the average percentage of "
                f"{_join([_where(spec, r) for r in refs])}? {_round(q['digits'])}")
    return (f"Averaging {_join([_where(spec, r) for r in refs])} (same sample size for each) gives X%. "
            f"What is X? {_round(q['digits'])}")


def _mean_percent(spec: Spec, k: int) -> str:
    """Shares that are no survey (electricity, market, spending): a plain mean of percentages."""
    q = spec["query"]
    refs = q["cells"]
    if k == 0:
        return (f"The simple (unweighted) mean of {_join([_where(spec, r, article=False) for r in refs])} is X%. "
                f"Find X. {_round(q['digits'])}")
    if k == 1:
        return (f"What is the unweighted average of the percentages of {_join([_where(spec, r) for r in refs])}? "
                f"{_round(q['digits'])}")
    return (f"Averaging the percentages of {_join([_where(spec, r) for r in refs])} without weights gives X%. "
            f"What is X? {_round(q['digits'])}")


def _mean_level(spec: Spec, k: int) -> str:
    q = spec["query"]
    places = _join([_where(spec, r) for r in q["cells"]])
    if k == 0:
        return f"What is the mean of {places}{_unit_note(spec)}? {_round(q['digits'])}"
    if k == 1:
        return f"Find the average of the values of {places}. {_round(q['digits'])}"
    return (f"The mean of {_join([_where(spec, r, article=False) for r in q['cells']])} is X. Find X. "
            f"{_round(q['digits'])}")


# ---------------------------------------------------------------- difference and ratio

def _difference(spec: Spec, k: int) -> str:
    q = spec["query"]
    a, b = q["cells"]
    tail = " Give your answer to one decimal place." if q["digits"] == 1 else ""
    if q["mode"] == "change":
        name, first, second, pic = cell_name(spec, a), ORDINALS[b[0]], ORDINALS[a[0]], picture(spec)
        texts = [
            f"By how much did {name} change from the {first} {pic} to the {second} {pic}? "
            f"Use a negative number for a decrease.",
            f"What is the change in {name} between the {first} {pic} and the {second} {pic} "
            f"({second} minus {first})?",
        ]
    elif q["mode"] == "signed":
        texts = [
            f"What is {_where(spec, a)} minus {_where(spec, b)}?",
            f"Let X = ({_where(spec, a)}) - ({_where(spec, b)}). Find X.",
        ]
    else:
        texts = [
            f"How much larger is {_where(spec, a)} than {_where(spec, b)}?",
            f"By how many {_points(spec)} does {_where(spec, a)} exceed {_where(spec, b)}?",
        ]
    return texts[k % len(texts)] + tail


RATIOS: list[Callable[[str, str, str], str]] = [
    lambda a, b, r: f"What is the ratio of {a} to {b}? {r}",
    lambda a, b, r: f"Divide {a} by {b}. What do you get? {r}",
    lambda a, b, r: f"{a[0].upper() + a[1:]} is X times {b}. Find X. {r}",
]


def _ratio(spec: Spec, k: int) -> str:
    q = spec["query"]
    a, b = q["cells"]
    return RATIOS[k](_where(spec, a), _where(spec, b), _round(q["digits"]))


# ---------------------------------------------------------------- largest change

CHANGED: list[Callable[[str, str, str, str], str]] = [
    lambda noun, i, j, p: (f"Which {noun} changed the most from the {i} {p} to the {j} {p}, and did it increase "
                        f"or decrease? Answer as a tuple (category, increased) or (category, decreased)."),
    lambda noun, i, j, p: (f"Between the {i} {p} and the {j} {p}, which {noun} shows the largest change, and in "
                        f"which direction? Answer in the form (category, increased/decreased)."),
    lambda noun, i, j, p: (f"Comparing the {i} and the {j} {p}, find the {noun} whose value changed by the largest "
                        f"amount and say whether it increased or decreased. Answer like (name, decreased)."),
]


def _changed(spec: Spec, k: int) -> str:
    q = spec["query"]
    text = CHANGED[k](spec["topic"]["noun"], ORDINALS[q["from"]], ORDINALS[q["to"]], picture(spec))
    # "changed the most" means the largest absolute change, never a relative one: say so
    text += f" Compare the changes in {_points(spec)}, not in percent."
    if spec["series"]:
        text = f"Looking only at {spec['series'][q['series']]}: " + text[0].lower() + text[1:]
    return text


def _options(spec: Spec) -> int:
    qtype = spec["qtype"]
    if qtype in ("mean", "changed_most", "ratio"):
        return 3
    return 2


def pick_wording(rng: Any, spec: Spec) -> dict[str, int]:
    """Template choice for this spec (stored in it, so the question can be rebuilt)."""
    return {"ask": rng.randrange(_options(spec))}


def question_text(spec: Spec) -> str:
    """All image tags first (the Charts style), then the question."""
    tags = "".join(f"<image{i}>" for i in range(1, len(spec["charts"]) + 1))
    k, qtype = spec["wording"]["ask"], spec["qtype"]
    if qtype == "mean":
        topic = spec["topic"]
        if topic["share"] and topic.get("sample", True):
            body = _mean_share(spec, k)
        elif topic["share"]:
            body = _mean_percent(spec, k)
        else:
            body = _mean_level(spec, k)
    elif qtype == "difference":
        body = _difference(spec, k)
    elif qtype == "ratio":
        body = _ratio(spec, k)
    elif qtype == "changed_most":
        body = _changed(spec, k)
    else:
        raise ValueError(f"unknown Charts question type {qtype!r}")
    return tags + body
