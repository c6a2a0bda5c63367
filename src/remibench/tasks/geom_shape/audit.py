"""GeomShape's audit hooks: what a test-taker sees, one-image variations and the tricks to rule out.

Image k shows shape k. A variation draws shape k again (same kind, same vertex names, new marked
values, new figure) with the same true length for the side it inherits; the side it passes on
may change, since later figures are not drawn to scale and stay exactly as they are. The varied
item must meet every rule of the sampler (``checks.spec_problem``) and counts only when it moves
the answer by more than the 3% scoring tolerance.
"""

from __future__ import annotations

import copy
import math
import random
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit, View
from remibench.tasks.geom_shape.checks import spec_problem
from remibench.tasks.geom_shape.construct import DRAFTERS, Unfit, named_marks
from remibench.tasks.geom_shape.guessers import GUESSERS
from remibench.tasks.geom_shape.solve import SOLVERS, Given, solve_chain, solve_shapes
from remibench.tasks.geom_shape.task import LETTERS, TASK, GeomShapeConfig, phantom, place_shape

TOLERANCE = 0.03  # the official scorer's relative tolerance for GeomShape
ATTEMPTS = 120  # drafts of one shape per variation


def _named(shape: dict[str, Any], draft: Any, taken: set[str]) -> dict[str, Any] | None:
    """The draft as a shape with the original's vertex names (no coordinates yet), or None when
    its inherited side sits at other corners than the original's (the question would change)."""
    names = list(shape["names"])
    if len(draft.pts) != len(names):
        return None
    old_foot = next((m["foot"] for m in shape["marks"] if "foot" in m), None)
    foot_name = "_F"
    if draft.foot_named:
        foot_name = old_foot if old_foot and not old_foot.startswith("_") else next(c for c in LETTERS if c not in taken)
    marks = named_marks(draft.marks, names, foot_name)
    return {"kind": shape["kind"], "names": names, "points": {}, "marks": marks, "style": shape["style"]}


def _nudged(shape: dict[str, Any], rng: random.Random, half_prob: float) -> dict[str, Any]:
    """The shape with some marked values moved to nearby nice ones (lengths by up to about 35%,
    angles by 5-15 degrees), no coordinates yet: a variation that stays near a valid shape."""
    marks = [dict(m) for m in shape["marks"]]
    valued = [m for m in marks if m["t"] in ("len", "diag", "height", "ang")]
    chosen = [m for m in valued if rng.random() < 0.6] or [rng.choice(valued)]
    for m in chosen:
        if m["t"] == "ang":
            m["v"] = m["v"] + 5 * rng.choice([-3, -2, -1, 1, 2, 3])
        else:
            v = m["v"] * math.exp(rng.uniform(-0.3, 0.3))
            m["v"] = max(1.0, round(2 * v) / 2 if rng.random() < half_prob else float(round(v)))
    return dict(shape, marks=marks, points={})


def _redrawn(shape: dict[str, Any], inherited: float | None, into: list[str] | None, taken: set[str],
             rng: random.Random) -> dict[str, Any] | None:
    """Shape drawn again with new values, as the sampler would (for the same true inherited side),
    or with some of its values nudged; None when a draft does not fit the names."""
    config = GeomShapeConfig()
    if rng.random() < 0.5:
        return _nudged(shape, rng, config.half_prob)
    try:
        draft = DRAFTERS[shape["kind"]](rng, phantom(rng, inherited), rng.random() < config.trig_prob, config.half_prob)
    except Unfit:
        return None
    if into and {shape["names"][i] for i in draft.incoming} != set(into):
        return None
    return _named(shape, draft, taken)


def _vary_shape(spec: dict[str, Any], k: int, rng: random.Random) -> dict[str, Any]:
    """Shape ``k`` (0-based) with new values and the same true inherited side; the side it passes
    on may change, since the later figures are not drawn to scale."""
    shapes, shared = spec["shapes"], spec["shared"]
    sols = solve_shapes(spec)
    shape, old = shapes[k], solve_chain(spec)
    into = shared[k - 1] if k > 0 else None
    inherited = {frozenset(into): sols[k - 1].lengths[frozenset(into)]} if into else {}
    passed = frozenset(shared[k]) if k < len(shapes) - 1 else None
    taken = {n for s in shapes for n in s["names"]}
    for _ in range(ATTEMPTS):
        new = _redrawn(shape, next(iter(inherited.values()), None), into, taken, rng)
        if new is None or new["marks"] == shape["marks"]:
            continue
        sides = dict(inherited)
        try:
            if passed is not None:
                sides[passed] = SOLVERS[new["kind"]](list(new["names"]), Given(new["marks"], inherited)).lengths[passed]
            new["points"] = place_shape(rng, new, into, sides)
        except (ValueError, ZeroDivisionError, KeyError):
            continue
        varied = copy.deepcopy(spec)
        varied["shapes"][k] = new
        if spec_problem(varied):
            continue
        if abs(solve_chain(varied) - old) <= TOLERANCE * abs(old):
            continue  # within the scoring tolerance: not a different answer
        return varied
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


AUDIT = GeomShapeAudit()
AUDIT.guessers = GUESSERS
