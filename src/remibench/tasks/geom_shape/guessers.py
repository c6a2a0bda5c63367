"""GeomShape's shortcut guessers: what a test-taker could try instead of carrying the shared sides.

Each reads only the view (the question's data and what the figures show, coordinates included:
a later figure's coordinates are its not-to-scale drawing, exactly what the picture shows).
"""

from __future__ import annotations

import copy
import math
from typing import Any

from remibench.audit.base import View
from remibench.tasks.geom_shape.checks import counts
from remibench.tasks.geom_shape.solve import SOLVERS, Given, fmt_label, solve_chain, solve_shapes


def _answer(view: View, **changes: Any) -> str | None:
    spec = dict(view.seen, **changes)
    try:
        return fmt_label(solve_chain(spec))
    except (ValueError, ZeroDivisionError, KeyError):
        return None


def union_perimeter_without_subtracting(view: View) -> str | None:
    """union_perimeter: every perimeter added, the shared sides counted too."""
    if view.seen["qtype"] != "union_perimeter":
        return None
    return fmt_label(sum(s.perimeter for s in solve_shapes(dict(view.seen))))


def last_shape_only(view: View) -> str | None:
    """union questions: the last shape's area or perimeter alone."""
    qtype = view.seen["qtype"]
    if not qtype.startswith("union"):
        return None
    return _answer(view, qtype=qtype.removeprefix("union_"))


def first_shape_only(view: View) -> str | None:
    """union questions and questions about the last shape: the same measure of the first shape."""
    qtype = view.seen["qtype"]
    if qtype == "length":
        return None
    return _answer(view, qtype=qtype.removeprefix("union_"), shapes=view.seen["shapes"][:1], shared=[])


def _marked_lengths(shape: dict[str, Any]) -> list[float]:
    return [float(m["v"]) for m in shape["marks"] if m["t"] in ("len", "diag")]


def shared_side_is_a_printed_number(view: View) -> str | None:
    """The shared side taken as the largest length printed in the image before it, where that
    image does not print the shared side's length (on it or on an equal side: there, reading it
    off is the intended step)."""
    shapes, side = view.seen["shapes"], frozenset(view.seen["shared"][-1])
    printed = _marked_lengths(shapes[-2])
    length = solve_shapes(dict(view.seen))[-2].lengths[side]
    if not printed or any(math.isclose(length, v, rel_tol=1e-9) for v in printed):
        return None
    spec = copy.deepcopy(dict(view.seen))
    if spec["qtype"].startswith("union"):
        return None
    a, b = spec["shared"][-1]  # the last shape gets the guessed length as if it were marked
    spec["shapes"][-1]["marks"].append({"t": "len", "seg": [a, b], "v": max(printed)})
    return _answer_last(spec)


def _answer_last(spec: dict[str, Any]) -> str | None:
    """The question about the last shape, solved from its own marks alone."""
    last = spec["shapes"][-1]
    try:
        sol = SOLVERS[last["kind"]](list(last["names"]), Given(last["marks"], {}))
    except (ValueError, ZeroDivisionError, KeyError, TypeError):
        return None
    if spec["qtype"] == "area":
        return fmt_label(sol.area)
    if spec["qtype"] == "perimeter":
        return fmt_label(sol.perimeter)
    target = spec["target"]
    table = sol.arcs if target["type"] == "arc" else sol.lengths
    return fmt_label(table[frozenset(target["ends"])]) if frozenset(target["ends"]) in table else None


def _measured(shape: dict[str, Any], side: list[str]) -> float | None:
    """A segment of a figure measured against the figure's first printed length, rounded to a
    whole unit as a careful eye might estimate it; None when the figure prints no length."""
    pts = shape["points"]
    ruler = next((m for m in shape["marks"] if m["t"] in ("len", "diag", "height")), None)
    if ruler is None:
        return None
    ends = ruler["seg"] if "seg" in ruler else [ruler["from"], ruler["foot"]]
    scale = float(ruler["v"]) / math.dist(pts[ends[0]], pts[ends[1]])
    return float(max(1, round(math.dist(pts[side[0]], pts[side[1]]) * scale)))


def _with_length(spec: dict[str, Any], value: float | None) -> str | None:
    """The question about the last shape, its shared side taken as ``value``."""
    if value is None:
        return None
    a, b = spec["shared"][-1]
    spec["shapes"][-1]["marks"].append({"t": "len", "seg": [a, b], "v": value})
    return _answer_last(spec)


def measured_shared_side(view: View) -> str | None:
    """Questions about the last shape: the shared side measured on the last figure against a
    printed length there, as if the figure were to scale."""
    spec = copy.deepcopy(dict(view.seen))
    if spec["qtype"].startswith("union"):
        return None
    return _with_length(spec, _measured(spec["shapes"][-1], spec["shared"][-1]))


def measured_on_figure_before(view: View) -> str | None:
    """Questions about the last shape of a three-shape chain: the shared side measured on the
    middle figure, which skips the first image. (In a two-shape chain the figure before is the
    first one, drawn to scale: measuring there reads the first image, the intended step.)"""
    spec = copy.deepcopy(dict(view.seen))
    if spec["qtype"].startswith("union") or len(spec["shapes"]) < 3:
        return None
    return _with_length(spec, _measured(spec["shapes"][-2], spec["shared"][-1]))


def union_measured(view: View) -> str | None:
    """union questions: every later shape's inherited side measured on its own figure, as if the
    figures were to scale. A side the answer does not depend on (in an outline, a rectangle's
    inherited side cancels out) is no shortcut; where no measured side counts, or no later figure
    prints a length to measure against, the test-taker computes every side: the full reasoning,
    so no guess."""
    spec = dict(view.seen)
    if not spec["qtype"].startswith("union"):
        return None
    taken = {k: _measured(shape, spec["shared"][k - 1]) for k, shape in enumerate(spec["shapes"]) if k > 0}
    taken = {k: v for k, v in taken.items() if v is not None}
    try:
        taken = {k: v for k, v in taken.items() if counts(spec, taken, k)}
        return fmt_label(solve_chain(spec, taken)) if taken else None
    except (ValueError, ZeroDivisionError, KeyError):
        return None


def printed_mean_as_shared_side(view: View) -> str | None:
    """Questions about the last shape: the shared side guessed as the geometric mean of the
    lengths the last figure prints (shapes tend to have sides of similar size)."""
    spec = copy.deepcopy(dict(view.seen))
    if spec["qtype"].startswith("union"):
        return None
    rulers = [float(m["v"]) for m in spec["shapes"][-1]["marks"] if m["t"] in ("len", "diag", "height")]
    if not rulers:
        return None
    return _with_length(spec, round(math.exp(sum(math.log(v) for v in rulers) / len(rulers)), 1))


def printed_max_as_shared_side(view: View) -> str | None:
    """Questions about the last shape: the shared side taken to equal the largest length the last
    figure prints (as if the shape had equal sides)."""
    spec = copy.deepcopy(dict(view.seen))
    if spec["qtype"].startswith("union"):
        return None
    rulers = [float(m["v"]) for m in spec["shapes"][-1]["marks"] if m["t"] in ("len", "diag", "height")]
    return _with_length(spec, max(rulers)) if rulers else None


GUESSERS = {
    "zero": lambda view: "0",
    "union perimeter: shared sides not subtracted": union_perimeter_without_subtracting,
    "union: last shape only": last_shape_only,
    "first shape only": first_shape_only,
    "shared side = largest number in the image before": shared_side_is_a_printed_number,
    "shared side measured on the last figure": measured_shared_side,
    "shared side measured on the middle figure": measured_on_figure_before,
    "union: inherited sides measured on their figures": union_measured,
    "shared side = mean printed length of the last figure": printed_mean_as_shared_side,
    "shared side = largest printed length of the last figure": printed_max_as_shared_side,
}
