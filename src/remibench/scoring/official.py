"""The official ReMI answer extraction and scoring, reproduced rule for rule, quirks included.

See PROTOCOL.md §3-4. Parity matters more than sense here: the relative tolerance is empty for
negative labels, single-quoted pseudo-JSON fails, backslashes vanish from code answers, and Maps
pairs are order-sensitive. :mod:`remibench.scoring.lenient` fixes what is not intended.
"""

from __future__ import annotations

import json
from typing import Any

BAD_JSON = "BAD_JSON"
GEOMETRY_TASKS = frozenset({"GeomShape", "GeomCost"})
GEOMETRY_TOLERANCE = 0.03
GENERAL_TOLERANCE = 0.01
CLOCKS_MINUTES = 10
FUNCTION_NAMES = (("f(x)", "f"), ("g(x)", "g"), ("h(x)", "h"))


def json_cut(response: str) -> str:
    """From the first ``{`` (or the start) to the last ``}`` inclusive; empty without a ``}``."""
    start = response.find("{")
    if start == -1:
        start = 0
    end = response.rfind("}")
    return response[start:end + 1]


def normalise(text: str) -> str:
    """Lower-case, cut before the first ``%``, strip surrounding white space."""
    return text.lower().split("%")[0].strip()


def extract_official(response: str) -> str:
    """The prediction the official notebook reads out of ``response``."""
    cut = json_cut(response).replace('\\"', "").replace("\\", "")
    try:
        answer: Any = json.loads(cut)["answer"]
    except (json.JSONDecodeError, KeyError, TypeError, IndexError):
        return BAD_JSON
    return normalise(str(answer))


def prepare_label(label: str) -> str:
    """The label as the official notebook compares it: backslashes deleted, then normalised."""
    return normalise(label.replace("\\", ""))


def is_float(text: str) -> bool:
    """Python's ``float(x)`` succeeds (so 'nan', 'inf' and '1_0' count, as in the notebook)."""
    try:
        float(text)
    except (ValueError, OverflowError):
        return False
    return True


def _within(pred: str, label: str, tolerance: float) -> bool:
    value, target = float(pred), float(label)
    return (1 - tolerance) * target <= value <= (1 + tolerance) * target


def official_match(task: str, pred: str, label: str) -> bool:
    """The per-task rule on already prepared ``pred`` and ``label``."""
    if pred == BAD_JSON:
        return False
    if task == "RefCoco":
        return pred in label.split(",")
    if task in GEOMETRY_TASKS:
        return is_float(pred) and is_float(label) and _within(pred, label, GEOMETRY_TOLERANCE)
    if task == "Clocks":
        return is_float(pred) and is_float(label) and float(label) - CLOCKS_MINUTES <= float(pred) <= float(label) + CLOCKS_MINUTES
    both_floats = is_float(pred) and is_float(label)
    return (
        pred == label
        or (both_floats and float(pred) == float(label))
        or (pred, label) in FUNCTION_NAMES
        or "(" + pred + ")" == label
        or "(" + label + ")" == pred
        or pred.replace(" ", "") == label
        or label.replace(" ", "") == pred
        or (both_floats and _within(pred, label, GENERAL_TOLERANCE))
    )


def score_official(task: str, response: str, label: str) -> tuple[str, bool]:
    """(prediction, correct) for one response under the official rules."""
    pred = extract_official(response)
    return pred, official_match(task, pred, prepare_label(label))
