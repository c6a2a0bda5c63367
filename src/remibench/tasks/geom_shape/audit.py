"""GeomShape's audit hooks: what a test-taker sees, one-image variations and the tricks to rule out.

Image k shows shape k. A variation draws shape k again (same kind, same vertex names, new marked
values, new pose) with the same length for the side it inherits; when a later image shares a side
with it, the new shape must give that side the same length, because the later figures are drawn
to scale around it and must stay as they are. A variation only counts when it moves the answer by
more than the 3% scoring tolerance.
"""

from __future__ import annotations

import copy
import math
import random
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit, View
from remibench.render.geometry_layout import layout
from remibench.tasks.geom_shape.composite import composite_problem
from remibench.tasks.geom_shape.construct import DRAFTERS, Unfit, named_marks, pose, random_rotation
from remibench.tasks.geom_shape.shapes import shape_figure
from remibench.tasks.geom_shape.solve import SOLVERS, Given, fmt_label, solve_chain, solve_shapes
from remibench.tasks.geom_shape.task import LETTERS, TASK, GeomShapeConfig, _length_targets

TOLERANCE = 0.03  # the official scorer's relative tolerance for GeomShape
ATTEMPTS = 120  # drafts of one shape per variation


def _named(shape: dict[str, Any], draft: Any, rng: random.Random, taken: set[str]) -> dict[str, Any] | None:
    """The draft as a shape with the original's vertex names, or None when its inherited side
    sits at other corners than the original's (the names, and so the question, would change)."""
    names = list(shape["names"])
    if len(draft.pts) != len(names):
        return None
    old_foot = next((m["foot"] for m in shape["marks"] if "foot" in m), None)
    foot_name = "_F"
    if draft.foot_named:
        foot_name = old_foot if old_foot and not old_foot.startswith("_") else next(c for c in LETTERS if c not in taken)
    marks = named_marks(draft.marks, names, foot_name)
    extra = ([draft.foot] if draft.foot else []) + ([draft.apex] if draft.apex else [])
    world = pose(draft.pts + extra, random_rotation(rng), rng.random() < 0.5)
    points = {nm: list(p) for nm, p in zip(names, world)}
    if draft.foot:
        points[foot_name] = list(world[len(names)])
    if draft.apex:
        points["_T"] = list(world[-1])
    return {"kind": shape["kind"], "names": names, "points": points, "marks": marks, "style": shape["style"]}


def _valid(spec: dict[str, Any], varied: dict[str, Any]) -> dict[str, Any]:
    """``varied`` when the sampler could have produced it and its answer moves by more than the tolerance."""
    try:
        value, old = solve_chain(varied), solve_chain(spec)
    except (ValueError, ZeroDivisionError, KeyError) as error:
        raise NoVariation(str(error)) from None
    if not 0.5 <= value <= 20000:
        raise NoVariation("answer out of range")
    if varied["qtype"].startswith("union") and composite_problem(varied["shapes"], varied["shared"]):
        raise NoVariation("the composite figure overlaps")
    if varied["qtype"] == "length":
        last, shared = varied["shapes"][-1], varied["shared"][-1]
        inherited = solve_shapes(varied)[-2].lengths[frozenset(shared)]
        targets = _length_targets(last, shared, inherited, True)
        if varied["target"] not in targets:
            raise NoVariation("the asked length no longer needs both the shared side and the marks")
    if abs(value - old) <= TOLERANCE * abs(old):
        raise NoVariation("the answer moves by less than the scoring tolerance")
    return varied


def _vary_shape(spec: dict[str, Any], k: int, rng: random.Random) -> dict[str, Any]:
    """Shape ``k`` (0-based) drawn again with the same inherited and passed-on side lengths."""
    config, shapes, shared = GeomShapeConfig(), spec["shapes"], spec["shared"]
    sols = solve_shapes(spec)
    shape = shapes[k]
    inherited = sols[k - 1].lengths[frozenset(shared[k - 1])] if k > 0 else None
    passed = frozenset(shared[k]) if k < len(shapes) - 1 else None
    taken = {n for s in shapes for n in s["names"]}
    for _ in range(ATTEMPTS):
        try:
            draft = DRAFTERS[shape["kind"]](rng, inherited, rng.random() < config.trig_prob, config.half_prob)
        except Unfit:
            continue
        if k > 0 and {shape["names"][i] for i in draft.incoming} != set(shared[k - 1]):
            continue
        new = _named(shape, draft, rng, taken)
        if new is None or layout(shape_figure(new)).problems:
            continue
        if passed is not None:
            given = {frozenset(shared[k - 1]): inherited} if k > 0 else {}
            try:
                length = SOLVERS[new["kind"]](list(new["names"]), Given(new["marks"], given)).lengths[passed]
            except (ValueError, ZeroDivisionError, KeyError):
                continue
            if not math.isclose(length, sols[k].lengths[passed], rel_tol=1e-9):
                continue  # the later figures are drawn to scale around this length
        varied = copy.deepcopy(spec)
        varied["shapes"][k] = new
        try:
            return _valid(spec, varied)
        except NoVariation:
            continue
    raise NoVariation("no valid redrawn shape")


class GeomShapeAudit(TaskAudit):
    task = "GeomShape"

    def view(self, spec: dict[str, Any]) -> View:
        seen = {"qtype": spec["qtype"], "shared": copy.deepcopy(spec["shared"]), "target": copy.deepcopy(spec["target"]),
                "shapes": copy.deepcopy(spec["shapes"])}
        return View(question=TASK.question(spec), options=None, seen=seen)

    def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
        if part == "text":
            raise NoVariation("the text carries no values of its own")
        return _vary_shape(spec, part - 1, rng)


# ----------------------------------------------------------------------------- shortcuts

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


def measured_shared_side(view: View) -> str | None:
    """Questions about the last shape: the shared side measured on its to-scale figure against a
    printed length there, rounded to a whole unit, as a careful eye might estimate it."""
    spec = copy.deepcopy(dict(view.seen))
    if spec["qtype"].startswith("union"):
        return None
    last = spec["shapes"][-1]
    pts = last["points"]
    ruler = next((m for m in last["marks"] if m["t"] in ("len", "diag", "height")), None)
    if ruler is None:
        return None
    ends = ruler["seg"] if "seg" in ruler else [ruler["from"], ruler["foot"]]
    scale = float(ruler["v"]) / math.dist(pts[ends[0]], pts[ends[1]])
    a, b = spec["shared"][-1]
    estimate = round(math.dist(pts[a], pts[b]) * scale)
    last["marks"].append({"t": "len", "seg": [a, b], "v": estimate})
    return _answer_last(spec)


AUDIT = GeomShapeAudit()
AUDIT.guessers = {
    "zero": lambda view: "0",
    "union perimeter: shared sides not subtracted": union_perimeter_without_subtracting,
    "union: last shape only": last_shape_only,
    "first shape only": first_shape_only,
    "shared side = largest number in the image before": shared_side_is_a_printed_number,
    "shared side measured on the last figure": measured_shared_side,
}
