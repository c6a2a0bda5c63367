"""GeomShape: a chain of 2-3 shapes, one per image, sharing named sides.

Shape 1 is fixed by the values marked in image 1; every later shape shares a side with the one
before it, and its own image marks everything except that shared side. A question about the last
shape or about the composite figure therefore needs the values of every image.

``sample`` builds each shape forward from nice marked values (coordinates drawn to scale);
``solve`` recomputes everything from the marked values alone with textbook formulas (law of
cosines and sines, Heron, Pythagoras, sector and semicircle formulas), never reading
coordinates.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass
from typing import Any

from PIL import Image

from remibench.render.geometry_layout import layout, render_figure
from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_min_max, check_range, knob
from remibench.tasks.geom_shape.composite import composite_problem
from remibench.tasks.geom_shape.construct import DRAFTERS, Draft, Unfit, named_marks, pose, random_rotation, sides_of
from remibench.tasks.geom_shape.shapes import CURVED_KINDS, shape_figure
from remibench.tasks.geom_shape.solve import SOLVERS, Given, fmt_label, solve_chain, solve_shapes

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


def _build_chain(rng: Any, config: GeomShapeConfig, qtype: str) -> tuple[list[dict[str, Any]], list[list[str]], list[Draft]]:
    n = rng.randint(config.min_shapes, config.max_shapes)
    kinds = _kind_sequence(rng, config, n, qtype)
    letters = iter(LETTERS)
    shapes: list[dict[str, Any]] = []
    shared: list[list[str]] = []
    drafts: list[Draft] = []
    L: float | None = None
    out_names: list[str] = []
    for idx, kind in enumerate(kinds):
        try:
            draft = DRAFTERS[kind](rng, L, rng.random() < config.trig_prob, config.half_prob)
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
        rot = random_rotation(rng)
        extra = ([draft.foot] if draft.foot else []) + ([draft.apex] if draft.apex else [])
        world = pose(draft.pts + extra, rot, rng.random() < 0.5)
        points = {nm: list(p) for nm, p in zip(names, world)}
        k = len(names)
        if draft.foot:
            points[foot_name] = list(world[k])
        if draft.apex:
            points["_T"] = list(world[-1])
        shape = {"kind": kind, "names": names, "points": points, "marks": marks, "style": rng.randrange(5)}
        problems = layout(shape_figure(shape)).problems
        if problems:
            raise Rejected("unreadable figure: " + re.sub(r" '.*'", "", problems[0]))
        shapes.append(shape)
        drafts.append(draft)
        if idx < n - 1:
            candidates = [s for s in sides_of(kind, k) if draft.incoming is None or set(s) != set(draft.incoming)]
            if draft.incoming is not None:  # the side passed on must carry the earlier images' information
                # and this image's own: a parallelogram's side opposite the inherited one is known from
                # the text alone ("parallelogram DAEF"), so its image would add nothing
                candidates = [s for s in candidates
                              if all(_sensitivity(shape, shared[-1], L, frozenset((names[s[0]], names[s[1]]))))]
            marked = {frozenset(m["seg"]) for m in draft.marks if m["t"] == "len" and all(isinstance(i, int) for i in m["seg"])}
            unmarked = [s for s in candidates if frozenset(s) not in marked]
            if not candidates:
                raise Rejected("no side to pass on")
            pool = unmarked if unmarked and rng.random() < 0.75 else candidates
            side = rng.choice(pool)
            L = math.dist(draft.pts[side[0]], draft.pts[side[1]])
            if not 2.0 <= L <= 40.0:
                raise Rejected("shared side out of range")
            out_names = [names[side[0]], names[side[1]]]
    return shapes, shared, drafts


# ----------------------------------------------------------------------------- targets and wording

def _sensitivity(shape: dict[str, Any], shared: list[str], L: float, key: frozenset[str],
                 arc: bool = False) -> tuple[bool, bool]:
    """Does a length of ``shape`` change with the inherited side, and with the image's own marks?"""
    solve = SOLVERS[shape["kind"]]
    names, inherited = list(shape["names"]), frozenset(shared)

    def value(length: float, factor: float) -> float:
        marks = [dict(m, v=m["v"] * factor) if m["t"] in ("len", "diag", "height") else
                 dict(m, v=m["v"] + 50 * (factor - 1)) if m["t"] == "ang" else m for m in shape["marks"]]
        sol = solve(names, Given(marks, {inherited: length}))
        return (sol.arcs if arc else sol.lengths)[key]

    try:
        base = value(L, 1.0)
        by_shared = abs(value(L * 1.002, 1.0) - base) > 1e-7 * base
        by_marks = abs(value(L, 1.002) - base) > 1e-7 * base
    except (ValueError, ZeroDivisionError):
        return False, False
    return by_shared, by_marks


def _length_targets(shape: dict[str, Any], shared: list[str], L: float, trig_ok: bool) -> list[dict[str, Any]]:
    """Lengths of the last shape that need both its own marks and the shared side."""
    sol = SOLVERS[shape["kind"]](list(shape["names"]), Given(shape["marks"], {frozenset(shared): L}))
    marked = {frozenset(m["seg"]) for m in shape["marks"] if m["t"] in ("len", "diag")}
    out: list[dict[str, Any]] = []
    for kind, table in (("seg", sol.lengths), ("arc", sol.arcs)):
        for key in sorted(table, key=sorted):
            if kind == "seg" and (key in marked or key == frozenset(shared)):
                continue
            if kind == "seg" and shape["kind"] == "sector" and not trig_ok:
                continue  # a chord needs the sine
            if all(_sensitivity(shape, shared, L, key, arc=kind == "arc")):
                ends = [n for n in shape["names"] if n in key]
                out.append({"type": kind, "ends": ends})
    return out


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
ROUND = [" Round your answer to two decimal places.", " Give the answer rounded to 2 decimal places.",
         " Answer with a number rounded to two decimals."]


MARK_STEP = 0.15  # relative change of an image's marked values ...
MARK_EFFECT = 0.03  # ... that must move the answer beyond the 3% scoring tolerance


def marks_matter(spec: dict[str, Any], k: int) -> bool:
    """Do the values marked in image ``k`` move the answer by more than the tolerance when they
    change by 15% (up or, where that gives no valid shape, down)?

    A right triangle whose hypotenuse is inherited, for one, has nearly the same perimeter whatever
    its marked leg: the answer then follows from the other images within the tolerance.
    """
    base = solve_chain(spec)
    for factor in (1 + MARK_STEP, 1 - MARK_STEP):
        changed = copy.deepcopy(spec)
        for m in changed["shapes"][k]["marks"]:
            if m["t"] in ("len", "diag", "height", "ang"):
                m["v"] = m["v"] * factor
        try:
            value = solve_chain(changed)
        except (ValueError, ZeroDivisionError):
            continue
        if abs(value - base) > MARK_EFFECT * abs(base):
            return True
    return False


UNION_SHARE = 0.1  # least share of the composite's area or outline each shape must give


def union_shares(spec: dict[str, Any]) -> list[float]:
    """Each shape's share of the composite's area (or of its outline, without the shared sides).

    A shape that adds only a sliver could change by more than its own size and still leave the
    answer within the 3% scoring tolerance, so its image would hardly count.
    """
    sols, shared = solve_shapes(spec), spec["shared"]
    if spec["qtype"] == "union_area":
        parts = [s.area for s in sols]
    else:
        sides = [sols[i].lengths[frozenset(pair)] for i, pair in enumerate(shared)]
        parts = [s.perimeter - (sides[k - 1] if k > 0 else 0.0) - (sides[k] if k < len(sides) else 0.0)
                 for k, s in enumerate(sols)]
    total = sum(parts)
    return [p / total for p in parts]


class GeomShapeTask(Task):
    name = "GeomShape"
    domain = "geometry"
    consumption = "sequential"
    image_types_default = "same"
    version = "2"
    config_cls = GeomShapeConfig

    def sample(self, rng: Any, config: GeomShapeConfig, ctx: DrawContext) -> dict[str, Any]:
        qtype = rng.choice(list(config.question_types))
        shapes, shared, drafts = _build_chain(rng, config, qtype)
        last = shapes[-1]
        if last["kind"] == "semicircle" and not qtype.startswith("union"):
            raise Rejected("semicircle image alone adds no value")
        target: dict[str, Any] | None = None
        if qtype == "length":
            d = drafts[-1]
            incoming = math.dist(d.pts[d.incoming[0]], d.pts[d.incoming[1]])  # type: ignore[index]
            options = _length_targets(last, shared[-1], incoming, config.trig_prob > 0)
            if not options:
                raise Rejected("no length to ask")
            target = rng.choice(options)
        if qtype.startswith("union"):
            problem = composite_problem(shapes, shared)
            if problem:
                raise Rejected(problem)
        spec = {
            "shapes": shapes,
            "shared": shared,
            "qtype": qtype,
            "target": target,
            "wording": {"intro": rng.randrange(len(INTROS)), "union": rng.randrange(len(UNION)),
                        "ask": rng.randrange(3), "round": rng.randrange(len(ROUND))},
        }
        value = solve_chain(spec)
        if not 0.5 <= value <= 20000:
            raise Rejected("answer out of range")
        if qtype.startswith("union") and min(union_shares(spec)) < UNION_SHARE:
            raise Rejected("a shape adds too little to the composite figure")
        if not all(marks_matter(spec, k) for k in range(len(shapes))):
            raise Rejected("an image's values hardly move the answer")
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

