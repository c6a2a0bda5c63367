"""A lenient scorer: the official rules with the protocol's unintended quirks fixed.

What changes against :mod:`official` (and nothing else):

* Extraction tries, in order: strict JSON of the official cut (without deleting backslashes, so
  ``\\draw`` in a code answer survives); the same inside a fenced block; Python-literal
  pseudo-JSON with single quotes; a loose ``"answer": value`` pair; and finally an answer given
  outside JSON (``Answer: 42``, ``the answer is C``). Only if all fail is the output BAD_JSON.
* Numeric tolerance is symmetric, ``|P - L| <= tol * |L|``, so it works for negative labels, with
  an absolute floor of 0.005 (half the two-decimal rounding step) so a label of 0 accepts 0.004.
* Labels keep their backslashes and are compared with backslashes on both sides.

Kept on purpose: Maps answers stay order-sensitive, because the question asks for the route
order; RefCoco stays membership in the comma list; the Clocks window stays +/-10 minutes.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from remibench.scoring.official import (
    BAD_JSON, CLOCKS_MINUTES, FUNCTION_NAMES, GENERAL_TOLERANCE, GEOMETRY_TASKS, GEOMETRY_TOLERANCE, is_float,
    json_cut, normalise,
)

ABSOLUTE_FLOOR = 0.005
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)
_LOOSE_PAIR = re.compile(r"""["']answer["']\s*:\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^,}\n]+)""")
_OUTSIDE = re.compile(r"(?:final answer|answer)\s*(?:is|:|=)\s*\**\s*([^\n]+)", re.IGNORECASE)


def _answer_of(text: str) -> Any:
    """The ``answer`` field of a JSON or Python-literal object in ``text``; KeyError if none."""
    for parse in (json.loads, ast.literal_eval):
        try:
            value = parse(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        if isinstance(value, dict) and "answer" in value:
            return value["answer"]
    raise KeyError("answer")


def _as_text(answer: Any) -> str:
    if isinstance(answer, float) and answer.is_integer():
        return str(int(answer))
    if isinstance(answer, (list, tuple)):
        return ",".join(_as_text(a) for a in answer)
    return str(answer)


def extract_lenient(response: str) -> str:
    """The prediction under the lenient rules (normalised like the official one)."""
    candidates = [json_cut(response)]
    candidates += [json_cut(block) for block in _FENCE.findall(response)]
    for candidate in candidates:
        try:
            return normalise(_as_text(_answer_of(candidate)))
        except KeyError:
            continue
    pair = _LOOSE_PAIR.search(response)
    if pair:
        return normalise(pair.group(1).strip().strip("\"'"))
    outside = _OUTSIDE.findall(response)
    if outside:
        return normalise(outside[-1].strip(" *.`\"'"))
    return BAD_JSON


def prepare_label_lenient(label: str) -> str:
    return normalise(label)


def _close(pred: str, label: str, tolerance: float) -> bool:
    value, target = float(pred), float(label)
    return abs(value - target) <= max(tolerance * abs(target), ABSOLUTE_FLOOR)


def lenient_match(task: str, pred: str, label: str) -> bool:
    if pred == BAD_JSON:
        return False
    numeric = is_float(pred) and is_float(label)
    if task == "RefCoco":
        return pred.replace(" ", "") in [piece.strip() for piece in label.split(",")]
    if task in GEOMETRY_TASKS:
        return numeric and _close(pred, label, GEOMETRY_TOLERANCE)
    if task == "Clocks":
        return numeric and abs(float(pred) - float(label)) <= CLOCKS_MINUTES
    squeezed_pred, squeezed_label = pred.replace(" ", ""), label.replace(" ", "")
    return (
        squeezed_pred == squeezed_label
        or (pred, label) in FUNCTION_NAMES
        or "(" + squeezed_pred + ")" == squeezed_label
        or "(" + squeezed_label + ")" == squeezed_pred
        or (numeric and _close(pred, label, GENERAL_TOLERANCE))
    )


def score_lenient(task: str, response: str, label: str) -> tuple[str, bool]:
    """(prediction, correct) for one response under the lenient rules."""
    pred = extract_lenient(response)
    return pred, lenient_match(task, pred, prepare_label_lenient(label))
