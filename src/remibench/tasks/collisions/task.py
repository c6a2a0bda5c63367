"""Collisions: momentum and kinetic energy read from snapshots of colliding objects.

Every item shows two or three snapshots ("frames") of carts, blocks or balls on a frictionless
track, or of pucks on an air table seen from above. Masses are printed in one frame and the
velocities in another (or they follow from positions at two printed times), so no single image
answers the question. The solver works in exact fractions on the printed values only, so the label
is the closed-form answer to exactly what the reader sees. The config lives in ``config.py``, the
samplers in ``sampling.py``, the solver in ``solve.py``, the wording in ``wording.py`` and the
drawing in ``drawing.py``.

Question types: the common velocity after a perfectly inelastic collision (or, with ``hidden``, a
mass or an initial velocity from momentum conservation), a velocity after a 1-D elastic collision,
the unknown one of the velocities/masses in a general collision, whether the objects collide within
T seconds (1/0), whether a collision was elastic (1/0).
"""

from __future__ import annotations

import random
from decimal import Decimal, localcontext
from typing import Any

from PIL import Image

from remibench.tasks.base import DrawContext, Rejected, Task
from remibench.tasks.collisions.checks import snapshots_decide, well_posed
from remibench.tasks.collisions.config import YES_NO, CollisionsConfig
from remibench.tasks.collisions.drawing import collision_images
from remibench.tasks.collisions.sampling import (
    pick_type,
    sample_collide,
    sample_elastic,
    sample_elastic_check,
    sample_momentum,
    sample_plane,
)
from remibench.tasks.collisions.solve import fmt_two, signed_answer, unknown_value, yes_no_value
from remibench.tasks.collisions.variants import frames_decide
from remibench.tasks.collisions.wording import (
    ASK,
    COLLIDE_ASK,
    COLLIDE_INTRO,
    CONVENTION,
    INTRO_ARROWS,
    INTRO_PLANE,
    INTRO_POSITIONS,
    KIND_ELASTIC,
    KIND_RESTITUTION,
    ROUND,
    YES_NO_TAIL,
    fmt_number,
    image_tags,
    list_names,
)


def _kind(spec: dict[str, Any], k: int) -> str:
    """The sentence stating the collision type of an elastic item (perfectly elastic or a restitution)."""
    e = spec.get("restitution", 1)
    if e == 1:
        return KIND_ELASTIC[k % len(KIND_ELASTIC)]
    return KIND_RESTITUTION[k % len(KIND_RESTITUTION)].format(e=fmt_number(e), noun=spec["noun"])


class CollisionsTask(Task):
    name = "Collisions"
    domain = "physics"
    consumption = "sequential"
    image_types_default = "same"
    version = "2"
    config_cls = CollisionsConfig

    def sample(self, rng: random.Random, config: CollisionsConfig, ctx: DrawContext) -> dict[str, Any]:
        qtype, yes, pair_share = pick_type(config, ctx)
        if qtype == "collide":
            # the yes and the no item of a pair share the pivot time, so T's size is matched across answers
            spec = sample_collide(rng, config, yes, pair_share)
        elif qtype == "elastic_check":
            spec = sample_elastic_check(rng, config, yes)
        elif qtype == "elastic":
            spec = sample_elastic(rng, config)
        elif qtype == "inelastic" and rng.random() < config.p_2d:
            spec = sample_plane(rng, config)
        else:
            spec = sample_momentum(rng, config, stuck=qtype == "inelastic")
        spec["tpl"] = [rng.randrange(12) for _ in range(4)]
        well_posed(spec)
        if qtype == "collide" and not snapshots_decide(spec):
            raise Rejected("a snapshot could not change the answer")
        if qtype not in YES_NO and not frames_decide(spec, self.solve(spec)):
            raise Rejected("a frame could not change the answer")
        return spec

    def question(self, spec: dict[str, Any]) -> str:
        t_intro, t_ask, t_conv, t_round = spec["tpl"]
        noun, names = spec["noun"], spec["names"]
        objs = f"{noun}s {list_names(names)}"
        qtype = spec["qtype"]
        if qtype == "collide":
            pair = f"{names[0]} and {names[1]}" if len(names) == 2 else "any two of them"
            intro = COLLIDE_INTRO[t_intro % len(COLLIDE_INTRO)].format(snapshots=image_tags(len(spec["times"])), objs=objs)
            ask = COLLIDE_ASK[t_ask % len(COLLIDE_ASK)].format(noun=noun, pair=pair, T=fmt_number(spec["T"]))
            return f"{intro} {ask} {YES_NO_TAIL}"
        event = "all the collisions" if len(names) == 3 and not spec.get("stuck") else "the collision"
        if spec["dims"] == 2:
            intros = INTRO_PLANE
        elif spec["layout"] == "positions":
            intros = INTRO_POSITIONS
        else:
            intros = INTRO_ARROWS
        intro = intros[t_intro % len(intros)].format(objs=objs, Objs=objs[0].upper() + objs[1:], event=event, noun=noun)
        if qtype == "elastic_check":
            asks = ASK[("elastic_check", None)]
            return f"{intro} {asks[t_ask % len(asks)]} {YES_NO_TAIL}"
        what = "after" if qtype == "elastic" or spec["dims"] == 2 else spec["hidden"]["what"]
        key = (qtype, what) if what == "after" else ("any", what)
        index = spec["target"] if qtype == "elastic" else (spec.get("hidden") or {}).get("index", 0)
        ask_mode = spec["ask"]
        quantity = "speed" if ask_mode == "speed" else "velocity"
        asks = ASK[key]
        ask = asks[t_ask % len(asks)].format(quantity=quantity, noun=noun, name=names[index], event=event,
                                             kind=_kind(spec, t_conv) if qtype == "elastic" else "")
        parts = [intro, ask]
        if ask_mode in CONVENTION:
            parts.append(CONVENTION[ask_mode][t_conv % 2])
        unit = "kg" if ask_mode == "mass" else "m/s"
        parts.append(ROUND[t_round % len(ROUND)].format(unit=unit))
        return " ".join(parts)

    def solve(self, spec: dict[str, Any]) -> str:
        if spec["qtype"] in YES_NO:
            return "1" if yes_no_value(spec) else "0"
        value = unknown_value(spec)
        if spec["dims"] == 2:
            with localcontext() as context:
                context.prec = 50
                return fmt_two((Decimal(value.numerator) / Decimal(value.denominator)).sqrt())
        return fmt_two(signed_answer(spec, value))

    def render(self, spec: dict[str, Any]) -> list[Image.Image]:
        return collision_images(spec)


TASK = CollisionsTask()
