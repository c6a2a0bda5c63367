"""GeomShape: a chain of 2-3 shapes, one per image, sharing named sides.

Shape 1 is fixed by the values marked in image 1; every later shape shares a side with the one
before it, and its own image marks everything except that shared side. A question about the last
shape or about the composite figure therefore needs the values of every image.

``sample`` builds each shape forward from nice marked values; the first figure is drawn to
scale, every later one with an invented length for the side it inherits (``drawing.py``), so
neither a measurement nor an earlier image's values shape it, and the question says the figures
are not drawn to scale. ``solve`` recomputes everything from the marked values alone with
textbook formulas (law of cosines and sines, Heron, Pythagoras, sector and semicircle formulas),
never reading coordinates; ``checks.spec_problem`` holds the rules every item meets.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from PIL import Image

from remibench.render.geometry_layout import layout, render_figure
from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_min_max, check_range, knob
from remibench.tasks.geom_shape.checks import MEASURABLE, length_targets, sensitivity, spec_problem
from remibench.tasks.geom_shape.construct import DRAFTERS, Unfit, named_marks, pose, random_rotation, sides_of
from remibench.tasks.geom_shape.drawing import canonical_points, draw_later, geometry_problem, solved
from remibench.tasks.geom_shape.shapes import CURVED_KINDS, shape_figure
from remibench.tasks.geom_shape.solve import fmt_label, solve_chain, solve_shapes

KINDS = ("triangle", "right_triangle", "rectangle", "parallelogram", "right_trapezoid", "iso_trapezoid",
         "sector", "semicircle")
QTYPES = ("area", "perimeter", "length", "union_area", "union_perimeter")
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
NOUNS = {"triangle": "triangle", "right_triangle": "right triangle", "rectangle": "rectangle",
         "parallelogram": "parallelogram", "right_trapezoid": "right trapezoid",
         "iso_trapezoid": "isosceles trapezoid", "sector": "circular sector", "semicircle": "semicircle"}
Pt = tuple[float, float]


@dataclass
class GeomShapeConfig(TaskConfig):
    min_shapes: int = knob(2, "fewest shapes (images) in the chain, 2-3")
    max_shapes: int = knob(3, "most shapes (images) in the chain, 2-3")
    shape_kinds: list[str] = knob(list(KINDS), "shape kinds allowed: " + ", ".join(KINDS))
    trig_prob: float = knob(0.4, "chance that a shape is fixed by marked angles, so trigonometry is needed")
    pi_prob: float = knob(0.35, "chance that the chain holds a circle sector or semicircle, so pi is needed")
    question_types: list[str] = knob(list(QTYPES), "question types: " + ", ".join(QTYPES))
    half_prob: float = knob(0.25, "chance that a marked length is a half-integer rather than an integer")

    def validate(self) -> None:
        check_range(self, "min_shapes", 2, 3)
        check_range(self, "max_shapes", 2, 3)
        check_min_max(self, "min_shapes", "max_shapes")
        for name in ("trig_prob", "pi_prob", "half_prob"):
            check_range(self, name, 0.0, 1.0)
        bad = [k for k in self.shape_kinds if k not in KINDS]
        if bad or not any(k not in CURVED_KINDS for k in self.shape_kinds):
            raise ConfigError(f"GeomShapeConfig.shape_kinds={self.shape_kinds!r}: kinds must come from {KINDS} "
                              "and include at least one polygon")
        bad = [q for q in self.question_types if q not in QTYPES]
        if bad or not self.question_types:
            raise ConfigError(f"GeomShapeConfig.question_types={self.question_types!r}: choose from {QTYPES}")


# ----------------------------------------------------------------------------- the chain

def _kind_sequence(rng: Any, config: GeomShapeConfig, n: int, qtype: str) -> list[str]:
    polys = [k for k in config.shape_kinds if k not in CURVED_KINDS]
    curved = [k for k in config.shape_kinds if k in CURVED_KINDS]
    seq = [rng.choice(polys) for _ in range(n)]
    if curved and rng.random() < config.pi_prob:
        end = rng.choice([0, n - 1])
        # a semicircle after the first image would show no number (its diameter is the shared side);
        # a sector first passes on a radius, so its angle only counts in a union question
        options = [k for k in curved if (k != "semicircle" or end == 0)
                   and (k != "sector" or end == n - 1 or qtype.startswith("union"))]
        if options:
            seq[end] = rng.choice(options)
    return seq


def place_shape(rng: Any, shape: dict[str, Any], inherited: list[str] | None,
                sides: dict[frozenset[str], float]) -> dict[str, list[float]]:
    """World coordinates of a shape's figure: the first shape to scale, a later one not to scale
    (``drawing.draw_later``); ``sides`` holds the true lengths of its shared sides. Raises
    ValueError when the figure cannot be drawn legibly."""
    if inherited is not None:
        return draw_later(rng, shape, frozenset(inherited), sides)
    canon = canonical_points(shape, solved(shape, {}))
    keys = list(canon)
    world = pose([canon[k] for k in keys], random_rotation(rng), rng.random() < 0.5)
    points = {k: list(p) for k, p in zip(keys, world)}
    problems = layout(shape_figure(dict(shape, points=points))).problems
    if problems:
        raise ValueError("unreadable figure: " + re.sub(r" '.*'", "", problems[0]))
    return points


PHANTOM = 1.7  # a later shape's values are picked for an inherited side up to this factor off


def phantom(rng: Any, length: float | None) -> float | None:
    """The inherited length a later shape's values are picked for: the true one times a random
    factor in [1/1.7, 1.7]. Picked for the true length, the shape's own numbers would bound it
    closely (a trapezoid's base is 1.4-1.8 times an inherited leg, say), so the last image
    alone would give the answer away; whether the shape is well formed is checked on the true
    geometry (``checks.spec_problem``)."""
    return None if length is None else length * math.exp(rng.uniform(-math.log(PHANTOM), math.log(PHANTOM)))


def true_length(shape: dict[str, Any], inherited: list[str] | None, length: float | None, side: tuple[str, str]) -> float:
    """The true length of one side of a shape, from its marks and its true inherited side."""
    given = {} if inherited is None else {frozenset(inherited): length}
    return solved(shape, given).lengths[frozenset(side)]  # type: ignore[arg-type]


def _build_chain(rng: Any, config: GeomShapeConfig, qtype: str) -> tuple[list[dict[str, Any]], list[list[str]]]:
    n = rng.randint(config.min_shapes, config.max_shapes)
    kinds = _kind_sequence(rng, config, n, qtype)
    letters = iter(LETTERS)
    shapes: list[dict[str, Any]] = []
    shared: list[list[str]] = []
    L: float | None = None
    out_names: list[str] = []
    for idx, kind in enumerate(kinds):
        try:
            draft = DRAFTERS[kind](rng, phantom(rng, L), rng.random() < config.trig_prob, config.half_prob)
        except Unfit as unfit:
            raise Rejected(unfit.reason) from None
        names: list[str | None] = [None] * len(draft.pts)
        if draft.incoming is not None:
            first, second = (out_names if rng.random() < 0.5 else out_names[::-1])
            names[draft.incoming[0]], names[draft.incoming[1]] = first, second
            shared.append(sorted(out_names))
        names = [nm if nm is not None else next(letters) for nm in names]
        foot_name = next(letters) if draft.foot_named else "_F"
        marks = named_marks(draft.marks, names, foot_name)
        shape = {"kind": kind, "names": names, "points": {}, "marks": marks, "style": rng.randrange(5)}
        k = len(names)
        sides = {} if L is None else {frozenset(shared[-1]): L}
        inherited = None if L is None else shared[-1]
        if inherited is not None:  # the values were picked for a phantom length: the true shape must hold
            try:
                problem = geometry_problem(shape, canonical_points(shape, solved(shape, sides)))
            except (ValueError, ZeroDivisionError, KeyError):
                problem = "the marked values give no shape"
            if problem:
                raise Rejected(problem)
        if idx < n - 1:
            candidates = [s for s in sides_of(kind, k) if draft.incoming is None or set(s) != set(draft.incoming)]
            if draft.incoming is not None:  # the side passed on must carry the earlier images' information
                # and this image's own: a parallelogram's side opposite the inherited one is known from
                # the text alone ("parallelogram DAEF"), so its image would add nothing
                candidates = [s for s in candidates
                              if all(sensitivity(shape, shared[-1], L, frozenset((names[s[0]], names[s[1]]))))]
            marked = {frozenset(m["seg"]) for m in draft.marks if m["t"] == "len" and all(isinstance(i, int) for i in m["seg"])}
            unmarked = [s for s in candidates if frozenset(s) not in marked]
            if not candidates:
                raise Rejected("no side to pass on")
            pool = unmarked if unmarked and rng.random() < 0.75 else candidates
            side = rng.choice(pool)
            L = true_length(shape, inherited, L, (names[side[0]], names[side[1]]))
            if not 2.0 <= L <= 40.0:
                raise Rejected("shared side out of range")
            out_names = [names[side[0]], names[side[1]]]
            sides[frozenset(out_names)] = L
        try:
            shape["points"] = place_shape(rng, shape, inherited, sides)
        except ValueError as error:
            raise Rejected(str(error)) from None
        shapes.append(shape)
    return shapes, shared


# ----------------------------------------------------------------------------- targets and wording

def shape_title(shape: dict[str, Any]) -> str:
    """``triangle ABC``, ``circular sector CDE with centre C``, ``semicircle with diameter DE``."""
    kind, names = shape["kind"], shape["names"]
    if kind == "sector":
        return f"circular sector {''.join(names)} with centre {names[0]}"
    if kind == "semicircle":
        return f"semicircle with diameter {''.join(names)}"
    return f"{NOUNS[kind]} {''.join(names)}"


def _short(shape: dict[str, Any]) -> str:
    if shape["kind"] == "semicircle":
        return "the semicircle"
    return f"{NOUNS[shape['kind']]} {''.join(shape['names'])}" if shape["kind"] != "sector" else f"sector {''.join(shape['names'])}"


INTROS = [
    # (first sentence, sentence per further link)
    ("The {t1} in <image1> and the {t2} in <image2> share side {s1}.",
     " The {p} and the {t} in <image{k}> share side {s}."),
    ("<image1> shows the {t1}. Side {s1} of this {n1} is also a side of the {t2} in <image2>.",
     " Side {s} of the {pn} is also a side of the {t} shown in <image{k}>."),
    ("Look at the {t1} in <image1> and the {t2} in <image2>: the two shapes have side {s1} in common.",
     " The {t} in <image{k}> has side {s} in common with the {p}."),
    ("In <image1> you see the {t1}, and in <image2> the {t2}, which shares side {s1} with it.",
     " Finally, <image{k}> shows the {t}; it shares side {s} with the {p}."),
]
UNION = [
    " The shapes are glued together along their shared sides, each one on the other side of a shared side "
    "from its neighbour, so that they do not overlap and form one composite figure.",
    " Joining the shapes along the shared sides (neighbouring shapes on opposite sides of the shared side, "
    "no overlaps) gives a composite figure.",
    " Put the shapes together so that each shared side is used once, with the two shapes on either side of it "
    "and no overlap; call the result the composite figure.",
]
ASK = {
    "area": ["What is the area of the {t}?", "Find the area of {st}.", "Compute the area enclosed by {st}."],
    "perimeter": ["What is the perimeter of the {t}?", "Find the perimeter of {st}.",
                  "How long is the boundary of {st}?"],
    "length": ["What is the length of {x}?", "Find the length of {x}.", "How long is {x}?"],
    "union_area": ["What is the area of the composite figure?", "Find the total area of the composite figure.",
                   "How large is the area covered by the composite figure?"],
    "union_perimeter": ["What is the perimeter of the composite figure?",
                        "Find the length of the outer boundary of the composite figure.",
                        "How long is the outline of the composite figure?"],
}
NOT_TO_SCALE = [" The figures are not drawn to scale.", " Figures are not drawn to scale.",
                " Note that the figures are not drawn to scale."]
ROUND = [" Round your answer to two decimal places.", " Give the answer rounded to 2 decimal places.",
         " Answer with a number rounded to two decimals."]


REDRAWS = 6  # new not-to-scale drawings tried when measuring the figures would give the answer


def _redraw_later(rng: Any, spec: dict[str, Any]) -> None:
    """Draw every figure after the first again (new invented lengths for the inherited sides)."""
    shapes, shared = spec["shapes"], spec["shared"]
    sols = solve_shapes(spec)
    for k in range(1, len(shapes)):
        pairs = shared[k - 1:k + 1]
        sides = {frozenset(pair): sols[k].lengths[frozenset(pair)] for pair in pairs}
        try:
            shapes[k]["points"] = place_shape(rng, shapes[k], shared[k - 1], sides)
        except ValueError:
            return


class GeomShapeTask(Task):
    name = "GeomShape"
    domain = "geometry"
    consumption = "sequential"
    image_types_default = "same"
    version = "3"
    config_cls = GeomShapeConfig

    def sample(self, rng: Any, config: GeomShapeConfig, ctx: DrawContext) -> dict[str, Any]:
        qtype = rng.choice(list(config.question_types))
        shapes, shared = _build_chain(rng, config, qtype)
        last = shapes[-1]
        if last["kind"] == "semicircle" and not qtype.startswith("union"):
            raise Rejected("semicircle image alone adds no value")
        target: dict[str, Any] | None = None
        if qtype == "length":
            incoming = solve_shapes({"shapes": shapes, "shared": shared})[-2].lengths[frozenset(shared[-1])]
            options = length_targets(last, shared[-1], incoming, config.trig_prob > 0)
            if not options:
                raise Rejected("no length to ask")
            target = rng.choice(options)
        spec = {
            "shapes": shapes,
            "shared": shared,
            "qtype": qtype,
            "target": target,
            "wording": {"intro": rng.randrange(len(INTROS)), "union": rng.randrange(len(UNION)),
                        "ask": rng.randrange(3), "round": rng.randrange(len(ROUND)),
                        "scale": rng.randrange(len(NOT_TO_SCALE))},
        }
        for _ in range(REDRAWS):
            problem = spec_problem(spec, config.trig_prob > 0)
            if problem != MEASURABLE:
                break
            _redraw_later(rng, spec)
        if problem:
            raise Rejected(problem)
        return spec

    def question(self, spec: dict[str, Any]) -> str:
        shapes, shared, w = spec["shapes"], spec["shared"], spec["wording"]
        first, link = INTROS[w["intro"]]
        text = first.format(t1=shape_title(shapes[0]), t2=shape_title(shapes[1]), n1=NOUNS[shapes[0]["kind"]],
                            s1="".join(shared[0]))
        for k in range(2, len(shapes)):
            prev = shapes[k - 1]
            text += link.format(t=shape_title(shapes[k]), s="".join(shared[k - 1]), k=k + 1,
                                p=_short(prev), pn=NOUNS[prev["kind"]])
        text += NOT_TO_SCALE[w.get("scale", 0)]
        qtype = spec["qtype"]
        if qtype.startswith("union"):
            text += UNION[w["union"]]
        last = shapes[-1]
        if qtype == "length":
            target = spec["target"]
            ends = "".join(target["ends"])
            x = f"arc {ends} of the {NOUNS[last['kind']]}" if target["type"] == "arc" else f"segment {ends}"
            ask = ASK[qtype][w["ask"]].format(x=x)
        else:
            ask = ASK[qtype][w["ask"]].format(t=shape_title(last), st=_short(last))
        return text + " " + ask + ROUND[w["round"]]

    def solve(self, spec: dict[str, Any]) -> str:
        return fmt_label(solve_chain(spec))

    def render(self, spec: dict[str, Any]) -> list[Image.Image]:
        return [render_figure(shape_figure(shape)) for shape in spec["shapes"]]


TASK = GeomShapeTask()

