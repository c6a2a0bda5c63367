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
from remibench.tasks.refcoco.drawing import (
    BACKGROUND_KINDS,
    compose_scene,
    draw_numbered_box,
    place_box,
    placement_area,
    random_background,
    visible_box,
)
from remibench.tasks.refcoco.expressions import expression_options
from remibench.tasks.refcoco.scenes import (
    EXPRESSION_TYPES,
    SETTINGS,
    SIZE_PX,
    SIZES,
    TEMPLATES,
    Setting,
    base_candidates,
    coco_target_phrase,
    colours_of,
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
GAP = 14  # pixels kept free between two objects' boxes (when no overlap is allowed)


def _scene_kinds(rng: Any, setting: Setting, n: int) -> list[str]:
    """One or two repeated kinds (the possible targets) and one-off kinds (possible anchors)."""
    main = rng.sample(setting.main, 2)
    first = rng.randint(2, min(4, n - 2))
    second = rng.randint(0, min(3, n - first - 2))
    kinds = [main[0]] * first + [main[1]] * second
    singles = [k for k in setting.extra + setting.main if k not in main]
    rng.shuffle(singles)
    kinds += singles[: n - len(kinds)]
    while len(kinds) < n:
        kinds.append(rng.choice(main))
    return kinds


def _colours(rng: Any, kind: str, count: int) -> list[str | None]:
    """Colours for ``count`` objects of ``kind``, from a small palette so that some repeat."""
    options = colours_of(kind)
    palette = rng.sample(options, rng.randint(1, min(count, len(options))))
    colours = palette + [rng.choice(palette) for _ in range(count - len(palette))]
    rng.shuffle(colours)
    return colours


def sample_objects(rng: Any, background: dict[str, Any], n: int, max_overlap: float) -> list[dict[str, Any]]:
    """``n`` objects with kinds, colours and sizes, placed apart on ``background``."""
    setting = SETTINGS[background["kind"]]
    kinds = _scene_kinds(rng, setting, n)
    objects: list[dict[str, Any]] = []
    for kind in dict.fromkeys(kinds):
        count = kinds.count(kind)
        for colour in _colours(rng, kind, count):
            size = rng.choice(SIZES) if count > 1 else rng.choice(SIZES[1:])
            code = picture_for(kind, colour).code
            objects.append({"kind": kind, "colour": colour, "size": size, "code": code, "px": SIZE_PX[size]})
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
    groups = [g for g in GROUPS.get(expr_type, {}) if g != "vertical" or upright]
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


def _distractor_order(rng: Any, objects: list[dict[str, Any]], target: int, expr: dict[str, Any]) -> list[int]:
    """Other objects, the confusable ones first: same kind, then the anchor or the same colour."""
    anchor = expr.get("relation", {}) or {}
    anchor_kind = anchor.get("anchor", {}).get("kind")

    def hardness(i: int) -> int:
        obj = objects[i]
        if obj["kind"] == objects[target]["kind"]:
            return 0
        if obj["kind"] == anchor_kind or (obj["colour"] and obj["colour"] == objects[target]["colour"]):
            return 1
        return 2

    keyed = [(hardness(i), rng.random(), i) for i in range(len(objects)) if i != target]
    return [i for _, _, i in sorted(keyed)]


def _drawn_box(rng: Any, box: list[int]) -> list[int]:
    pads = [rng.randint(*BOX_PAD) for _ in range(4)]
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
    version = "1"
    config_cls = RefCocoConfig

    def sample(self, rng: Any, config: RefCocoConfig, ctx: DrawContext) -> Spec:
        slots = answer_slots(config.min_images, config.max_images)
        n_images, answer = slots[ctx.balanced(len(slots))]
        expr_type, group, backgrounds = _plan(config, ctx)
        kind = rng.choice(backgrounds)
        background = random_background(rng, kind, WIDTH, HEIGHT)
        objects = sample_objects(rng, background, rng.randint(config.min_objects, config.max_objects), config.max_overlap)
        options = expression_options(objects, expr_type, SETTINGS[kind].vertical)
        if not options:
            raise Rejected(f"no unique {expr_type} expression")
        options = _group_options(options, expr_type, group)
        program = _pick_program(rng, options, config.attribute_filters)
        expr = dict(program)
        pair = bool(expr["superlative"]) and len(base_candidates(objects, expr)) == 2 and rng.random() < 0.5
        expr["wording"] = {"size": rng.randrange(2), "relation": rng.randrange(3), "superlative": rng.randrange(2), "pair": pair}
        target = referent(objects, expr)
        marks = _distractor_order(rng, objects, target, expr)[: n_images - 1]
        marks.insert(answer - 1, target)
        images = [{"object": i, "box": _drawn_box(rng, objects[i]["box"])} for i in marks]
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
