"""RefCoco: which image's numbered box marks the object a referring expression describes?

Every image shows the same scene with one numbered box around one object; the question gives
a referring expression ("the small red car left of the bus", "the largest ball") and asks for
the image whose box marks that object. The label lists every such image, comma-separated
without spaces (``2`` or ``1,3``), and is scored as membership.

Default scenes are built offline: Twemoji pictures of known kind, colour and size placed on a
drawn background, so boxes and relations are exact. The sampler draws a scene, lists every
expression of the requested type that picks out exactly one object with clear margins, and
chooses one; :func:`remibench.tasks.refcoco.scenes.referent` (the solver) evaluates the
expression again from the spec. Items built from local COCO photos and RefCOCO annotations
(:mod:`remibench.tasks.refcoco.coco`) share the question wording and the solver.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from PIL import Image

from remibench.seeding import derive_seed
from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_min_max, check_range, knob
from remibench.tasks.refcoco.composition import kind_traits, scene_kinds
from remibench.tasks.refcoco.decoys import choose_decoys, decoy_pool, size_sign
from remibench.tasks.refcoco.drawing import (
    BACKGROUND_KINDS,
    compose_scene,
    draw_numbered_box,
    place_box,
    placement_area,
    random_background,
    visible_box,
)
from remibench.tasks.refcoco.expressions import expression_options, noun_dropped_misses
from remibench.tasks.refcoco.scenes import (
    EXPRESSION_TYPES,
    SETTINGS,
    SIZE_PX,
    SIZES,
    TEMPLATES,
    base_candidates,
    coco_target_phrase,
    describe,
    marked_images,
    picture_for,
    question_text,
    referent,
)

Spec = dict[str, Any]

BOX_COLOURS: tuple[tuple[int, int, int], ...] = ((255, 40, 200), (0, 225, 255))
BOX_PAD = (4, 10)  # padding between an object's visible box and the drawn box, per side


# --- config ------------------------------------------------------------------------------------


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@dataclass
class RefCocoConfig(TaskConfig):
    min_images: int = knob(2, "fewest images (one numbered box each), 2..4")
    max_images: int = knob(4, "most images (one numbered box each), 2..4")
    min_objects: int = knob(5, "fewest objects in a scene, 4..12 (at least max_images)")
    max_objects: int = knob(9, "most objects in a scene, 4..12")
    expression_types: str = knob("attribute,relation,superlative",
                                 "comma-separated expression kinds: attribute (colour/size), relation (to an anchor object), superlative (largest, leftmost, ...)")
    backgrounds: str = knob(",".join(BACKGROUND_KINDS), "comma-separated scene kinds: " + ", ".join(BACKGROUND_KINDS))
    directional_relations: bool = knob(False, "also use left of, right of, above and below (their boxes cannot hide the target from every partial reading; see the task card)")
    attribute_filters: float = knob(0.5, "chance that a relation or superlative expression also names a colour or size")
    duplicate_box_prob: float = knob(0.0, "chance (with 3+ images) that a second image boxes the target with a differently shaped box; the label then lists both")
    max_overlap: float = knob(0.0, "largest share of the smaller object's box another object may cover, 0..0.3 (0: objects keep apart)")

    def validate(self) -> None:
        check_range(self, "min_images", 2, 4)
        check_range(self, "max_images", 2, 4)
        check_min_max(self, "min_images", "max_images")
        check_range(self, "min_objects", 4, 12)
        check_range(self, "max_objects", 4, 12)
        check_min_max(self, "min_objects", "max_objects")
        if self.min_objects < self.max_images:
            raise ConfigError(f"RefCocoConfig: min_objects={self.min_objects} must be at least max_images={self.max_images}")
        types = _names(self.expression_types)
        if not types or set(types) - set(EXPRESSION_TYPES):
            raise ConfigError(f"RefCocoConfig.expression_types={self.expression_types!r}: use a comma-separated subset of {', '.join(EXPRESSION_TYPES)}")
        kinds = _names(self.backgrounds)
        if not kinds or set(kinds) - set(SETTINGS):
            raise ConfigError(f"RefCocoConfig.backgrounds={self.backgrounds!r}: use a comma-separated subset of {', '.join(SETTINGS)}")
        check_range(self, "attribute_filters", 0.0, 1.0)
        check_range(self, "duplicate_box_prob", 0.0, 1.0)
        check_range(self, "max_overlap", 0.0, 0.3)


# --- sampling: the scene -----------------------------------------------------------------------

WIDTH, HEIGHT = 640, 480
# scale of one-off objects (kinds shown once): spread out, or about as large or small as a size
# word's target may be, so that its box does not stand out by size alone
ONE_OFF_PX: dict[str | None, tuple[int, int]] = {None: (32, 150), "large": (104, 164), "small": (30, 58)}
COLOUR_AND_SIZE = 0.2  # share of attribute items with a size word that also name a colour ("the big red ball")
GAP = 14  # pixels kept free between two objects' boxes (when no overlap is allowed)


def sample_objects(rng: Any, background: dict[str, Any], n: int, max_overlap: float,
                   favour: str | None = None, boxes: int = 2, crowd: bool = False,
                   crossed: bool = False) -> list[dict[str, Any]]:
    """``n`` objects with kinds, colours and sizes, placed apart on ``background``. One-off objects
    (never compared in size with their own kind) get a scale from a range, near ``favour`` (a size)
    when given, so that a size word's target has look-alikes in size among the other kinds. With
    ``crossed``, the first kind's colours cross its sizes (see ``composition.crossed``)."""
    setting = SETTINGS[background["kind"]]
    kinds = scene_kinds(rng, setting, n, boxes, crowd)
    objects: list[dict[str, Any]] = []
    for number, kind in enumerate(dict.fromkeys(kinds)):
        count = kinds.count(kind)
        for colour, size in kind_traits(rng, kind, count, crowd, favour if crossed and number == 0 else None):
            code = picture_for(kind, colour).code
            if size is None:  # never compared in size with another of its kind: any scale will do
                px = rng.randint(*ONE_OFF_PX[favour])
                size = min(SIZES, key=lambda name: abs(SIZE_PX[name] - px))
            else:
                px = SIZE_PX[size]
            objects.append({"kind": kind, "colour": colour, "size": size, "code": code, "px": px})
    rng.shuffle(objects)
    area_ = placement_area(background, WIDTH, HEIGHT)
    placed: list[list[int]] = []
    for index in sorted(range(n), key=lambda i: -objects[i]["px"]):
        obj = objects[index]
        x0, y0, x1, y1 = visible_box(obj["code"], obj["px"])
        box = place_box(rng, area_, (x1 - x0, y1 - y0), placed, GAP, max_overlap)
        if box is None:
            raise Rejected("no room for the objects")
        obj["pos"], obj["box"] = [box[0] - x0, box[1] - y0], box
        placed.append(box)
    return objects


# --- sampling: choosing an expression (the options come from refcoco_expressions) ----------


def _flavour(program: dict[str, Any]) -> str:
    """What an expression leans on: its relation or superlative, or which attributes it names."""
    if program["relation"]:
        return program["relation"]["type"]
    if program["superlative"]:
        return program["superlative"]
    return "+".join(name for name in ("colour", "size") if program[name])


# expressions of a type come in groups drawn uniformly, so each group shows up often enough
GROUPS: dict[str, dict[str, frozenset[str]]] = {
    "relation": {"horizontal": frozenset({"left_of", "right_of"}), "vertical": frozenset({"above", "below"}),
                 "distance": frozenset({"closest_to"})},
    "superlative": {"size": frozenset({"largest", "smallest"}), "horizontal": frozenset({"leftmost", "rightmost"}),
                    "vertical": frozenset({"topmost", "bottommost"})},
}


def answer_slots(min_images: int, max_images: int) -> list[tuple[int, int]]:
    """(image count, answer) pairs that items cycle through in balanced blocks.

    Every answer is equally likely within each image count, so neither "the last image" nor any
    other guess that sees only the count beats chance; the larger counts get two turns each,
    which keeps the share of the most frequent label (``1``) near 30% over counts 2..4.
    """
    slots = []
    for n_images in range(min_images, max_images + 1):
        turns = 2 if n_images > min_images else 1
        slots += [(n_images, answer) for _ in range(turns) for answer in range(1, n_images + 1)]
    return slots


def _plan(config: RefCocoConfig, ctx: DrawContext) -> tuple[str, str | None, list[str]]:
    """Expression type, group and allowed backgrounds of an item.

    They are fixed per item, not per draw: redrawing them after a rejection would favour the
    easy groups (an expression by distance exists in almost every scene, one by "below" does not).
    """
    plan = random.Random(derive_seed("refcoco-plan", ctx.seed))
    backgrounds = _names(config.backgrounds)
    upright = [b for b in backgrounds if SETTINGS[b].vertical]
    expr_type = plan.choice(_names(config.expression_types))
    groups = [g for g in GROUPS.get(expr_type, {}) if (g != "vertical" or upright)
              and (expr_type != "relation" or g == "distance" or config.directional_relations)]
    group = plan.choice(groups) if groups else None
    return expr_type, group, upright if group == "vertical" else backgrounds


def _group_options(options: dict[int, list[dict[str, Any]]], expr_type: str, group: str | None) -> dict[int, list[dict[str, Any]]]:
    """The options whose flavour belongs to ``group``."""
    if group is None:
        return options
    members = GROUPS[expr_type][group]
    kept = {t: [p for p in programs if _flavour(p) in members] for t, programs in options.items()}
    kept = {t: programs for t, programs in kept.items() if programs}
    if not kept:
        raise Rejected(f"no {group} {expr_type} expression")
    return kept


def _size_options(options: dict[int, list[dict[str, Any]]], sign: int) -> dict[int, list[dict[str, Any]]]:
    """The options with a "large" word (``sign`` 1), a "small" word (-1) or none (0). This is fixed
    per item, like the group, and the scene favours that size for its one-off objects, so that the
    target of a size word has decoys about as large (or small) as itself; a rejected draw (see
    ``choose_decoys``) is redrawn with the same plan, so rejections cannot favour easy wordings."""
    kept = {t: [p for p in programs if size_sign(p) == sign] for t, programs in options.items()}
    kept = {t: programs for t, programs in kept.items() if programs}
    if not kept:
        raise Rejected(f"no expression with size sign {sign}")
    return kept


def _colour_options(options: dict[int, list[dict[str, Any]]], with_colour: bool) -> dict[int, list[dict[str, Any]]]:
    """The options that name a colour (``with_colour``) or do not. Fixed per item like the size word:
    were it left to the draw, a rejected "big red ball" (whose decoys must hide it from "the biggest
    ball") would come back as "the big ball", and the kept ones would favour easy aims."""
    kept = {t: [p for p in programs if bool(p["colour"]) == with_colour] for t, programs in options.items()}
    kept = {t: programs for t, programs in kept.items() if programs}
    if not kept:
        raise Rejected(f"no expression {'with' if with_colour else 'without'} a colour")
    return kept


def _pick_program(rng: Any, options: dict[int, list[dict[str, Any]]], filter_chance: float) -> dict[str, Any]:
    """A flavour (e.g. "closest_to", "leftmost") uniformly among those on offer, so that no single
    kind of expression dominates; then a target with that flavour, then one of its expressions."""
    flavours = sorted({_flavour(p) for programs in options.values() for p in programs})
    flavour = rng.choice(flavours)
    targets = sorted(t for t, programs in options.items() if any(_flavour(p) == flavour for p in programs))
    programs = [p for p in options[rng.choice(targets)] if _flavour(p) == flavour]
    plain = [p for p in programs if not (p["colour"] or p["size"])]
    named = [p for p in programs if p["colour"] or p["size"]]
    if plain and named:
        programs = named if rng.random() < filter_chance else plain
    return rng.choice(programs)


def _drawn_box(rng: Any, box: list[int], pad: int | None = None) -> list[int]:
    """The numbered box drawn around an object's box: ``pad`` pixels on every side (the item's boxes
    share one, so a box's size follows its object's), or a random padding per side."""
    pads = [pad if pad is not None else rng.randint(*BOX_PAD) for _ in range(4)]
    return [max(2, box[0] - pads[0]), max(2, box[1] - pads[1]),
            min(WIDTH - 3, box[2] + pads[2]), min(HEIGHT - 3, box[3] + pads[3])]


def _duplicate_box(rng: Any, box: list[int], first: list[int]) -> list[int]:
    """A box around the same object with a visibly different shape."""
    for _ in range(20):
        candidate = _drawn_box(rng, box)
        if max(abs(a - b) for a, b in zip(candidate, first)) >= 5:
            return candidate
    return [max(2, first[0] - 6), first[1], min(WIDTH - 3, first[2] + 6), first[3]]


# --- the task ----------------------------------------------------------------------------------


class RefCocoTask(Task):
    name = "RefCoco"
    domain = "grounding"
    consumption = "set"
    image_types_default = "same"
    version = "3"
    config_cls = RefCocoConfig

    def sample(self, rng: Any, config: RefCocoConfig, ctx: DrawContext) -> Spec:
        slots = answer_slots(config.min_images, config.max_images)
        n_images, answer = slots[ctx.balanced(len(slots))]
        expr_type, group, backgrounds = _plan(config, ctx)
        kind = rng.choice(backgrounds)
        background = random_background(rng, kind, WIDTH, HEIGHT)
        # fixed per item like the plan: the size word and the decoys' aims (see choose_decoys)
        item_plan = random.Random(derive_seed("refcoco-decoy-plan", ctx.seed))
        size_draw, sign, size_filter = item_plan.random(), item_plan.choice((1, -1)), item_plan.random()
        draws = [item_plan.random() for _ in range(12)]
        with_colour = item_plan.random() < COLOUR_AND_SIZE  # an attribute with a size word: also a colour?
        forced = expr_type == "attribute" or group == "size"
        planned_sign = sign if group == "size" or (expr_type == "attribute" and size_draw < 2 / 3) else 0
        favour = {1: "large", -1: "small"}.get(planned_sign if forced else sign)
        same_phrase = expr_type != "attribute"  # the boxes fit the noun phrase; the relation or superlative decides
        directional = expr_type == "relation" and group != "distance"
        colour_and_size = expr_type == "attribute" and planned_sign != 0 and with_colour
        crowd = (same_phrase and not directional) or colour_and_size  # more objects of the target's kind
        objects = sample_objects(rng, background, rng.randint(config.min_objects, config.max_objects),
                                 config.max_overlap, favour, n_images, crowd, colour_and_size)
        options = expression_options(objects, expr_type, SETTINGS[kind].vertical)
        if same_phrase and not directional:
            options = {t: kept for t, programs in options.items()
                       if (kept := [p for p in programs if len(base_candidates(objects, p)) >= n_images
                                    and noun_dropped_misses(objects, p)])}
        if not options:
            raise Rejected(f"no unique {expr_type} expression")
        options = _group_options(options, expr_type, group)
        if forced:
            options = _size_options(options, planned_sign)
            if expr_type == "attribute" and planned_sign:
                options = _colour_options(options, colour_and_size)
        else:  # a size filter where the item's plan asks for one and the scene offers it, the way it favours
            wanted = sign if size_filter < config.attribute_filters / 2 else 0
            with_size = {t: kept for t, programs in options.items() if (kept := [p for p in programs if size_sign(p) == wanted])}
            options = with_size or {t: kept for t, programs in options.items()
                                    if (kept := [p for p in programs if size_sign(p) == 0])}
            if not options:
                raise Rejected("no expression without a size word")
        program = _pick_program(rng, options, config.attribute_filters)
        expr = dict(program)
        pair = bool(expr["superlative"]) and len(base_candidates(objects, expr)) == 2 and rng.random() < 0.5
        expr["wording"] = {"size": rng.randrange(2), "relation": rng.randrange(3), "superlative": rng.randrange(2), "pair": pair}
        target = referent(objects, expr)
        pool = decoy_pool(objects, expr, target) if same_phrase else None
        marks = choose_decoys(rng, objects, target, expr, n_images - 1, draws, pool)
        marks.insert(answer - 1, target)
        pad = rng.randint(*BOX_PAD)
        images = [{"object": i, "box": _drawn_box(rng, objects[i]["box"], pad)} for i in marks]
        if n_images >= 3 and rng.random() < config.duplicate_box_prob:
            second = rng.choice([k for k in range(n_images) if k != answer - 1])
            images[second] = {"object": target, "box": _duplicate_box(rng, objects[target]["box"], images[answer - 1]["box"])}
        return {
            "source": "scene", "width": WIDTH, "height": HEIGHT, "background": background, "objects": objects,
            "expression": expr, "images": images, "box_colour": list(rng.choice(BOX_COLOURS)),
            "template": rng.randrange(len(TEMPLATES)),
        }

    def question(self, spec: Spec) -> str:
        if spec.get("source") == "coco":
            return question_text(spec["template"], coco_target_phrase(spec["sentence"]), len(spec["images"]), "photo")
        return question_text(spec["template"], describe(spec["expression"]), len(spec["images"]))

    def solve(self, spec: Spec) -> str:
        marked = marked_images(spec)
        if not marked:
            raise ValueError("no image's box marks the object the expression refers to")
        return ",".join(str(k) for k in marked)

    def render(self, spec: Spec) -> list[Image.Image]:
        if spec.get("source") == "coco":
            raise ValueError("RefCoco items built from COCO photos are drawn from the local photo: "
                             "use remibench.tasks.refcoco.coco.render_coco(spec, root)")
        scene = compose_scene(spec["background"], spec["objects"], spec["width"], spec["height"])
        images = []
        for number, image in enumerate(spec["images"], start=1):
            picture = scene.copy()
            draw_numbered_box(picture, image["box"], number, spec["box_colour"])
            images.append(picture)
        return images


TASK = RefCocoTask()
