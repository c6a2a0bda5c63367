"""RefCoco scenes: the object catalogue, the scene model and referring-expression programs.

A scene is a list of objects, each a dict with its ``kind`` (the noun it is called by),
``colour`` (or None for pictures of mixed colour), ``size`` (``small``/``medium``/``large``),
the Twemoji ``code`` it is drawn with, its scale ``px``, paste position ``pos`` and its exact
visible ``box`` ``[x0, y0, x1, y1]`` in image pixels (y grows downwards).

A referring expression is a small structured program::

    {"type": "attribute" | "relation" | "superlative",
     "kind": "car", "colour": "red" | None, "size": "small" | None,
     "relation": None | {"type": "left_of" | "right_of" | "above" | "below" | "closest_to",
                         "anchor": {"kind": "bus", "colour": None}},
     "superlative": None | "largest" | "smallest" | "leftmost" | "rightmost" | "topmost" | "bottommost",
     "wording": {...word choices...}}

:func:`evaluate` runs it on a scene (filter by kind and attributes, then keep the objects in the
relation to the anchor, then take the extreme one) and :func:`referent` insists on exactly one
result; :func:`marked_images` turns the referent into the image numbers of the label. This is
the solver's code (the sampler, in :mod:`remibench.tasks.refcoco.task`, only uses it to check its own
draws). The question wording lives here too, since ``question(spec)`` is re-run from the spec.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

Obj = dict[str, Any]
Expr = dict[str, Any]
Spec = dict[str, Any]
Box = list[float] | tuple[float, float, float, float]

SIZES: tuple[str, ...] = ("small", "medium", "large")
SIZE_PX: dict[str, int] = {"small": 48, "medium": 80, "large": 120}
SIZE_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SIZES)}

RELATIONS: tuple[str, ...] = ("left_of", "right_of", "above", "below", "closest_to")
VERTICAL_RELATIONS = frozenset({"above", "below"})
SUPERLATIVES: tuple[str, ...] = ("largest", "smallest", "leftmost", "rightmost", "topmost", "bottommost")
VERTICAL_SUPERLATIVES = frozenset({"topmost", "bottommost"})
EXPRESSION_TYPES: tuple[str, ...] = ("attribute", "relation", "superlative")
IOU_ACCEPT = 0.9  # a drawn box this close to the target's box marks the target too (COCO items)


class ExpressionError(ValueError):
    """An expression that does not pick out exactly one object of its scene."""


# --- the catalogue of object pictures --------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """One Twemoji picture: the noun it is called by and its colour as the picture shows it."""

    code: str
    kind: str
    colour: str | None  # None: several colours, never referred to by colour


def _pictures(*rows: tuple[str, str, str | None]) -> tuple[Picture, ...]:
    return tuple(Picture(code, kind, colour) for code, kind, colour in rows)


# A colour is given only where most of the picture has it (checked pixel by pixel in the tests);
# pictures of mixed colour have None, and near-white or light variants that read as a shade of
# another colour (light blue heart, white circle, the orange-yellow star and sunflower) are left out.
CATALOGUE: tuple[Picture, ...] = _pictures(
    ("1f697", "car", "red"), ("1f699", "car", "blue"), ("1f695", "car", "yellow"),
    ("1f68c", "bus", None), ("1f69a", "truck", None), ("1f69c", "tractor", None),
    ("1f3c0", "ball", "orange"), ("1f3b1", "ball", "black"), ("1f3be", "ball", "green"),
    ("1f94e", "ball", "yellow"), ("26be", "ball", "white"),
    ("1f34e", "apple", "red"), ("1f34f", "apple", "green"),
    ("2764", "heart", "red"), ("1f9e1", "heart", "orange"), ("1f49b", "heart", "yellow"),
    ("1f49a", "heart", "green"), ("1f499", "heart", "blue"), ("1f49c", "heart", "purple"),
    ("1f5a4", "heart", "black"), ("1f90e", "heart", "brown"), ("1fa77", "heart", "pink"),
    ("1fa76", "heart", "grey"),
    ("1f534", "circle", "red"), ("1f535", "circle", "blue"), ("1f7e0", "circle", "orange"),
    ("1f7e1", "circle", "yellow"), ("1f7e2", "circle", "green"), ("1f7e3", "circle", "purple"),
    ("1f7e4", "circle", "brown"), ("26ab", "circle", "black"),
    ("1f7e5", "square", "red"), ("1f7e6", "square", "blue"), ("1f7e7", "square", "orange"),
    ("1f7e8", "square", "yellow"), ("1f7e9", "square", "green"), ("1f7ea", "square", "purple"),
    ("1f7eb", "square", "brown"), ("2b1b", "square", "black"),
    ("2b50", "star", None), ("1f319", "moon", "yellow"),
    ("1f4d5", "book", "red"), ("1f4d7", "book", "green"), ("1f4d8", "book", "blue"), ("1f4d9", "book", "orange"),
    ("1f337", "flower", "pink"), ("1f339", "flower", "red"), ("1fabb", "flower", "purple"), ("1f33c", "flower", "white"),
    ("1f415", "dog", "brown"), ("1f429", "dog", "grey"),
    ("1f408", "cat", "yellow"), ("1f408-200d-2b1b", "cat", "black"),
    ("1f426", "bird", "red"), ("1f424", "bird", "yellow"), ("1f99c", "bird", "green"),
    ("1f40e", "horse", "brown"), ("1f416", "pig", "pink"), ("1f411", "sheep", "white"), ("1f404", "cow", None),
    ("1f333", "tree", "green"), ("1f3e0", "house", None), ("1f6b2", "bicycle", None),
    ("1f9f8", "teddy bear", "brown"), ("1fab4", "potted plant", None), ("1f381", "gift box", None),
    ("1f3fa", "vase", None), ("1fad6", "teapot", "blue"), ("1fa91", "chair", "brown"),
)

PICTURE_BY_CODE: dict[str, Picture] = {p.code: p for p in CATALOGUE}


def colours_of(kind: str) -> list[str | None]:
    """The colours the catalogue has for ``kind``, in catalogue order."""
    return [p.colour for p in CATALOGUE if p.kind == kind]


def picture_for(kind: str, colour: str | None) -> Picture:
    for picture in CATALOGUE:
        if picture.kind == kind and picture.colour == colour:
            return picture
    raise KeyError(f"no picture of a {colour} {kind}")


@dataclass(frozen=True)
class Setting:
    """A kind of scene: its repeated (target) kinds, its one-off kinds, and whether up/down means
    anything (on a shelf or a board it does; on the ground it would mean near/far)."""

    main: tuple[str, ...]
    extra: tuple[str, ...]
    vertical: bool


SETTINGS: dict[str, Setting] = {
    "park": Setting(("dog", "cat", "bird", "ball", "flower"),
                    ("tree", "house", "bicycle", "horse", "pig", "sheep", "cow"), False),
    "street": Setting(("car", "dog", "bird"), ("bus", "truck", "tractor", "tree", "bicycle", "house"), False),
    "room": Setting(("cat", "dog", "ball", "book"), ("teddy bear", "potted plant", "gift box", "chair"), False),
    "table": Setting(("apple", "book", "ball", "heart"), ("teapot", "potted plant", "gift box", "vase"), True),
    "shelf": Setting(("book", "ball", "apple", "heart"), ("teddy bear", "potted plant", "vase", "gift box", "teapot"), True),
    "board": Setting(("circle", "square", "heart"), ("star", "moon"), True),
}


# --- geometry ----------------------------------------------------------------------------------


def centre(box: Box) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def centre_distance(a: Box, b: Box) -> float:
    (ax, ay), (bx, by) = centre(a), centre(b)
    return math.hypot(ax - bx, ay - by)


def gap_distance(a: Box, b: Box) -> float:
    """Distance between the two boxes' nearest points (0 when they touch or overlap)."""
    dx = max(0.0, b[0] - a[2], a[0] - b[2])
    dy = max(0.0, b[1] - a[3], a[1] - b[3])
    return math.hypot(dx, dy)


def area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def intersection(a: Box, b: Box) -> float:
    return area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def iou(a: Box, b: Box) -> float:
    inter = intersection(a, b)
    union = area(a) + area(b) - inter
    return inter / union if union > 0 else 0.0


# --- evaluation (the solver) -------------------------------------------------------------------


def matches(obj: Obj, kind: str, colour: str | None = None, size: str | None = None) -> bool:
    """Whether ``obj`` is a ``kind`` with the given colour and size (None: any)."""
    return obj["kind"] == kind and colour in (None, obj["colour"]) and size in (None, obj["size"])


def filtered(objects: list[Obj], kind: str, colour: str | None = None, size: str | None = None) -> list[int]:
    return [i for i, obj in enumerate(objects) if matches(obj, kind, colour, size)]


def anchor_index(objects: list[Obj], anchor: dict[str, Any]) -> int:
    """The one object an anchor description (kind, optional colour) names."""
    found = filtered(objects, anchor["kind"], anchor.get("colour"))
    if len(found) != 1:
        raise ExpressionError(f"anchor {anchor} matches {len(found)} objects")
    return found[0]


def relation_holds(relation: str, box: Box, anchor: Box) -> bool:
    """Directional relations in the image plane: the box lies wholly on that side of the anchor."""
    if relation == "left_of":
        return box[2] < anchor[0]
    if relation == "right_of":
        return box[0] > anchor[2]
    if relation == "above":
        return box[3] < anchor[1]
    if relation == "below":
        return box[1] > anchor[3]
    raise ValueError(f"not a directional relation: {relation}")


def _extremes(indices: list[int], key: Any) -> list[int]:
    """All indices sharing the smallest key (more than one: a tie)."""
    if not indices:
        return []
    best = min(key(i) for i in indices)
    return [i for i in indices if key(i) == best]


def superlative_key(objects: list[Obj], superlative: str) -> Any:
    """Sort key under which the chosen object comes first."""
    boxes = [obj["box"] for obj in objects]
    keys = {
        "largest": lambda i: -SIZE_RANK[objects[i]["size"]],
        "smallest": lambda i: SIZE_RANK[objects[i]["size"]],
        "leftmost": lambda i: centre(boxes[i])[0],
        "rightmost": lambda i: -centre(boxes[i])[0],
        "topmost": lambda i: centre(boxes[i])[1],
        "bottommost": lambda i: -centre(boxes[i])[1],
    }
    if superlative not in keys:
        raise ValueError(f"unknown superlative {superlative!r}")
    return keys[superlative]


def base_candidates(objects: list[Obj], expr: Expr) -> list[int]:
    """Objects of the expression's kind with its attributes, before relation and superlative."""
    found = filtered(objects, expr["kind"], expr.get("colour"), expr.get("size"))
    relation = expr.get("relation")
    if relation:
        found = [i for i in found if i != anchor_index(objects, relation["anchor"])]
    return found


def evaluate(objects: list[Obj], expr: Expr) -> list[int]:
    """Every object the expression fits (one for a well-formed expression)."""
    found = base_candidates(objects, expr)
    relation = expr.get("relation")
    if relation:
        anchor_box = objects[anchor_index(objects, relation["anchor"])]["box"]
        if relation["type"] == "closest_to":
            found = _extremes(found, lambda i: centre_distance(objects[i]["box"], anchor_box))
        else:
            found = [i for i in found if relation_holds(relation["type"], objects[i]["box"], anchor_box)]
    superlative = expr.get("superlative")
    if superlative:
        found = _extremes(found, superlative_key(objects, superlative))
    return found


def referent(objects: list[Obj], expr: Expr) -> int:
    """The one object the expression refers to."""
    found = evaluate(objects, expr)
    if len(found) != 1:
        raise ExpressionError(f"expression matches {len(found)} objects, not exactly one")
    return found[0]


# --- wording -----------------------------------------------------------------------------------

SIZE_WORDS: dict[str, tuple[str, ...]] = {"small": ("small", "little"), "large": ("large", "big"), "medium": ("medium-sized",)}
RELATION_WORDS: dict[str, tuple[str, ...]] = {
    "left_of": ("left of", "to the left of", "on the left of"),
    "right_of": ("right of", "to the right of", "on the right of"),
    "above": ("above", "higher up than"),
    "below": ("below", "lower down than"),
    "closest_to": ("closest to", "nearest to", "nearest"),
}
# "{base}" is the noun phrase without article; "{pair}" wordings fit only two candidates
SUPERLATIVE_WORDS: dict[str, tuple[str, ...]] = {
    "largest": ("the largest {base}", "the biggest {base}"),
    "smallest": ("the smallest {base}", "the tiniest {base}"),
    "leftmost": ("the leftmost {base}", "the {base} furthest to the left"),
    "rightmost": ("the rightmost {base}", "the {base} furthest to the right"),
    "topmost": ("the topmost {base}", "the highest {base}"),
    "bottommost": ("the bottommost {base}", "the lowest {base}"),
}
PAIR_WORDS: dict[str, str] = {
    "leftmost": "the {base} on the left", "rightmost": "the {base} on the right",
    "topmost": "the upper {base}", "bottommost": "the lower {base}",
    "largest": "the larger {base}", "smallest": "the smaller {base}",
}


def noun_phrase(kind: str, colour: str | None = None, size: str | None = None, size_word: int = 0) -> str:
    """``small red car``: size, then colour, then the noun."""
    words = []
    if size:
        options = SIZE_WORDS[size]
        words.append(options[size_word % len(options)])
    if colour:
        words.append(colour)
    return " ".join(words + [kind])


def describe(expr: Expr) -> str:
    """The expression in words, e.g. ``the small red car left of the bus``."""
    wording = expr.get("wording", {})
    base = noun_phrase(expr["kind"], expr.get("colour"), expr.get("size"), wording.get("size", 0))
    superlative = expr.get("superlative")
    if superlative:
        if wording.get("pair"):
            return PAIR_WORDS[superlative].format(base=base)
        options = SUPERLATIVE_WORDS[superlative]
        return options[wording.get("superlative", 0) % len(options)].format(base=base)
    relation = expr.get("relation")
    if relation:
        options = RELATION_WORDS[relation["type"]]
        anchor = relation["anchor"]
        return f"the {base} {options[wording.get('relation', 0) % len(options)]} the {noun_phrase(anchor['kind'], anchor.get('colour'))}"
    return f"the {base}"


# --- question wording --------------------------------------------------------------------------

TEMPLATES: tuple[str, ...] = (
    "Which image has a box around {target}? {listing} Answer with the image number.",
    "Each of these {pics} shows the same scene with one numbered box: {tags}. In which {pic} does the box mark {target}? Answer with the image number.",
    "{Target} is marked by the box in one of the following images. {listing} Which image is it? Answer with the number of the image.",
    "Here are {count} copies of one {pic}, each with a box drawn around one object: {tags}. Which image's box surrounds {target}? Give the image number.",
    "Find {target}. {listing} Which image shows a box around it? Answer with the image number.",
    "Look at the numbered boxes in {tags}. Which image puts its box around {target}? Answer with the image number.",
)
COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def question_text(template: int, target: str, n_images: int, pic: str = "picture") -> str:
    """One wording of the question for ``n_images`` images and the target phrase ``target``."""
    tags = [f"<image{k}>" for k in range(1, n_images + 1)]
    listing = " ".join(f"Image {k}: {tag}" for k, tag in enumerate(tags, start=1)) + "."
    joined = ", ".join(tags[:-1]) + " and " + tags[-1]
    return TEMPLATES[template].format(
        target=target, Target=target[:1].upper() + target[1:], listing=listing, tags=joined,
        count=COUNT_WORDS[n_images], pic=pic, pics=pic + "s",
    )


def coco_target_phrase(sentence: str) -> str:
    return f'the object described as "{sentence}"'


# --- the label -----------------------------------------------------------------------------------


def marked_images(spec: Spec) -> list[int]:
    """Image numbers (from 1) whose box marks the object the question refers to."""
    if spec.get("source") == "coco":
        target = spec["target_box"]
        return [k for k, image in enumerate(spec["images"], start=1) if iou(image["box"], target) >= IOU_ACCEPT]
    chosen = referent(spec["objects"], spec["expression"])
    return [k for k, image in enumerate(spec["images"], start=1) if image["object"] == chosen]
