"""RefCoco shortcut guessers: tricks that pick a box without evaluating the whole expression.

Each takes the audit's View (the question and what the images show: every object of the scene
and, per image, the boxed object with its drawn box) and returns an image number, or None where
the trick does not apply. They read the noun, colour, size and position words off the question
text, as a test-taker skimming it would. Ties go to the earliest image.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from remibench.audit.base import View
from remibench.tasks.refcoco.scenes import CATALOGUE, gap_distance

KINDS = sorted({p.kind for p in CATALOGUE}, key=len, reverse=True)
COLOURS = sorted({p.colour for p in CATALOGUE if p.colour})
LARGE_WORDS = ("large", "big", "largest", "biggest", "larger")
SMALL_WORDS = ("small", "little", "smallest", "tiniest", "smaller")
POSITION_WORDS: dict[str, tuple[str, ...]] = {
    "left": ("leftmost", "furthest to the left", "on the left"),
    "right": ("rightmost", "furthest to the right", "on the right"),
    "top": ("topmost", "highest", "upper"),
    "bottom": ("bottommost", "lowest", "lower "),
}
SUPERLATIVE_SIZE_WORDS = ("largest", "biggest", "larger", "smallest", "tiniest", "smaller")
DIRECTION_WORDS: dict[str, tuple[str, ...]] = {
    "left": ("left of",), "right": ("right of",), "top": ("above", "higher up than"), "bottom": ("below", "lower down than"),
}
AXES: dict[str, tuple[int, int]] = {"left": (0, 1), "right": (0, -1), "top": (1, 1), "bottom": (1, -1)}
RELATION_WORDS = ("left of", "right of", "above", "below", "higher up than", "lower down than", "closest to", "nearest")


def _has(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word.strip())}\b", text) is not None


def _nouns(question: str) -> list[str]:
    """The kinds named in the question, in order: the target's noun first, then the anchor's."""
    found = []
    for kind in KINDS:
        for match in re.finditer(rf"\b{re.escape(kind)}\b", question):
            if not any(s <= match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), kind))
    return [kind for _, _, kind in sorted(found)]


def _target_words(question: str) -> str:
    """The question up to and including the target's noun (its size and colour words)."""
    nouns = _nouns(question)
    if not nouns:
        return ""
    match = re.search(rf"\b{re.escape(nouns[0])}\b", question)
    return question[: match.end()] if match else ""


def _size_word(question: str) -> str | None:
    if any(_has(question, w) for w in LARGE_WORDS):
        return "large"
    if any(_has(question, w) for w in SMALL_WORDS):
        return "small"
    return None


def _colour_word(question: str) -> str | None:
    head = _target_words(question)
    return next((c for c in COLOURS if _has(head, c)), None)


def _position_word(question: str) -> str | None:
    """The side a position word names, read as whole words ("flower" holds no "lower")."""
    return next((side for side, words in POSITION_WORDS.items() if any(_has(question, w) for w in words)), None)


def _relation(question: str) -> bool:
    return any(_has(question, w) for w in RELATION_WORDS)


def _superlative_size(question: str) -> bool:
    """A size superlative ("the largest ball"): the size word is the superlative itself."""
    return any(_has(question, w) for w in SUPERLATIVE_SIZE_WORDS)


def _closest(question: str) -> bool:
    return any(_has(question, w) for w in ("closest to", "nearest to", "nearest"))


def _direction(question: str) -> str | None:
    """The directional relation named, as the side of the anchor: left, right, top or bottom."""
    for side, words in DIRECTION_WORDS.items():
        if any(_has(question, w) for w in words):
            return side
    return None


def _boxes_fit_phrase(view: View) -> bool:
    """Every boxed object is of the named kind and colour (and size class, for a plain size word):
    then reading the superlative or relation among the boxes is the whole expression."""
    q, nouns = view.question, _nouns(view.question)
    if not nouns or not view.seen.get("boxed"):
        return False
    size = None if _superlative_size(q) else _size_word(_target_words(q))
    return len(_matching(view, nouns[0], _colour_word(q), size)) == len(view.seen["boxed"])


def _area(box: list[int]) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])


def _centre(box: list[int]) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _best(view: View, key: Callable[[dict[str, Any]], float], among: list[int] | None = None) -> str | None:
    """The image whose boxed object has the smallest ``key`` (the earliest on a tie)."""
    boxed = view.seen.get("boxed")
    if not boxed:
        return None
    indices = among if among is not None else list(range(len(boxed)))
    if not indices:
        return None
    return str(min(indices, key=lambda i: (key(boxed[i]), i)) + 1)


def _matching(view: View, kind: str | None, colour: str | None = None, size: str | None = None) -> list[int]:
    return [i for i, b in enumerate(view.seen.get("boxed", []))
            if (kind is None or b["kind"] == kind) and colour in (None, b["colour"]) and size in (None, b["size"])]


def first_image(view: View) -> str | None:
    return "1" if view.options else None


def last_image(view: View) -> str | None:
    return view.options[-1] if view.options else None


def largest_box(view: View) -> str | None:
    return _best(view, lambda b: -_area(b["drawn"]))


def smallest_box(view: View) -> str | None:
    return _best(view, lambda b: _area(b["drawn"]))


def largest_object(view: View) -> str | None:
    return _best(view, lambda b: -_area(b["box"]))


def smallest_object(view: View) -> str | None:
    return _best(view, lambda b: _area(b["box"]))


def _size_shortcut(view: View) -> str | None:
    """The size word of the question, except a size superlative ("the largest ball") where every
    box fits the noun phrase: the largest box is then the superlative itself, not a shortcut."""
    if _superlative_size(view.question) and _boxes_fit_phrase(view):
        return None
    return _size_word(view.question)


def _extreme_by_size_word(view: View, box: str) -> str | None:
    """The image whose ``box`` ("box": the object's, "drawn": the frame's) is largest or smallest as the
    size word says, where the size word is a shortcut at all."""
    size = _size_shortcut(view)
    if size is None:
        return None
    sign = -1 if size == "large" else 1
    return _best(view, lambda b: sign * _area(b[box]))


def size_word_box(view: View) -> str | None:
    """A size word ("small", "largest", ...) picks the smallest or largest boxed object, ignoring the
    noun (not where it is the superlative itself, see ``_size_shortcut``)."""
    return _extreme_by_size_word(view, "box")


def size_word_drawn_box(view: View) -> str | None:
    """A size word picks the smallest or largest drawn box (not where it is the superlative itself)."""
    return _extreme_by_size_word(view, "drawn")


def size_word_box_of_noun(view: View) -> str | None:
    """A size word picks the smallest or largest box among those of the named kind, ignoring the
    colour and the relation (applies where the phrase has such another cue, and not where it is the
    superlative itself, see ``_size_shortcut``)."""
    size, nouns = _size_shortcut(view), _nouns(view.question)
    if size is None or not nouns or not (_colour_word(view.question) or _relation(view.question)):
        return None
    sign = -1 if size == "large" else 1
    return _best(view, lambda b: sign * _area(b["box"]), _matching(view, nouns[0]))


def nearest_centre(view: View) -> str | None:
    seen = view.seen
    if "boxed" not in seen:
        return None
    mid = (seen["width"] / 2, seen["height"] / 2)
    return _best(view, lambda b: math.dist(_centre(b["drawn"]), mid))


def noun_match(view: View) -> str | None:
    """The first box around an object of the named kind."""
    nouns = _nouns(view.question)
    return _best(view, lambda b: 0, _matching(view, nouns[0])) if nouns else None


def noun_phrase_match(view: View) -> str | None:
    """Relations and superlatives: the first box matching the kind, colour and size words, ignoring
    the relation or superlative (on attribute expressions this is the reasoning itself). A size
    superlative ("largest") is the superlative, not a size class, so it is not read as "large"."""
    q = view.question
    nouns = _nouns(q)
    if not nouns or not (_relation(q) or _position_word(q) or any(_has(q, w) for w in ("largest", "biggest", "larger",
                                                                                             "smallest", "tiniest", "smaller"))):
        return None
    size = None if _superlative_size(q) else _size_word(_target_words(q))
    return _best(view, lambda b: 0, _matching(view, nouns[0], _colour_word(q), size))


def colour_match(view: View) -> str | None:
    """Relations and superlatives: the first box around an object of the named colour, whatever its
    kind (for "the red ball" among boxed balls this is the reasoning itself, so it is left out)."""
    colour, q = _colour_word(view.question), view.question
    if not colour or not (_relation(q) or _position_word(q) or _size_word(q)):
        return None
    return _best(view, lambda b: 0, _matching(view, None, colour))


def position_word_box(view: View) -> str | None:
    """leftmost / upper / ...: the box furthest that way, ignoring the noun (where every box fits the
    noun phrase, the furthest box is the superlative itself: left out)."""
    side = _position_word(view.question)
    if side is None or _relation(view.question) or _boxes_fit_phrase(view):
        return None
    axis, sign = {"left": (0, 1), "right": (0, -1), "top": (1, 1), "bottom": (1, -1)}[side]
    return _best(view, lambda b: sign * _centre(b["drawn"])[axis])


def _anchor_box(view: View) -> list[int] | None:
    """The box of the anchor: the one object of the second noun's kind, or of that kind with the
    colour named just before it ("the blue book"); the first such object where that is unclear."""
    q, nouns = view.question, _nouns(view.question)
    if len(nouns) < 2 or not _relation(q):
        return None
    anchors = [o for o in view.seen.get("objects", []) if o["kind"] == nouns[1]]
    named = re.search(rf"\b(\w+) {re.escape(nouns[1])}\b", q[len(_target_words(q)):])
    if named and named.group(1) in COLOURS:
        anchors = [o for o in anchors if o["colour"] == named.group(1)] or anchors
    return anchors[0]["box"] if anchors else None


def nearest_anchor(view: View) -> str | None:
    """Relations: the box nearest the anchor, whatever its kind (for "closest to" with every box
    fitting the noun phrase this is the reasoning itself)."""
    anchor = _anchor_box(view)
    if anchor is None or (_closest(view.question) and _boxes_fit_phrase(view)):
        return None
    return _best(view, lambda b: gap_distance(b["box"], anchor) if b["box"] != anchor else math.inf)


def nearest_anchor_of_noun(view: View) -> str | None:
    """Relations: the box of the named kind nearest the anchor, ignoring the direction or the
    colour and size words (for a plain "the ball closest to the tree", or any "closest to" with every
    box fitting the noun phrase, this is the reasoning itself)."""
    anchor, nouns, q = _anchor_box(view), _nouns(view.question), view.question
    if anchor is None or (_closest(q) and _boxes_fit_phrase(view)):
        return None
    plain_closest = any(_has(q, w) for w in ("closest to", "nearest")) and not (_colour_word(q) or _size_word(q))
    if plain_closest:
        return None
    return _best(view, lambda b: gap_distance(b["box"], anchor), _matching(view, nouns[0]))


def direction_box(view: View) -> str | None:
    """Directional relations: the box furthest the named way ("left of the tree": the leftmost box),
    ignoring the anchor."""
    side = _direction(view.question)
    if side is None:
        return None
    axis, sign = AXES[side]
    return _best(view, lambda b: sign * _centre(b["box"])[axis])


def side_of_anchor(view: View) -> str | None:
    """Directional relations: the first box wholly on the named side of the anchor, ignoring
    whether it is level with the anchor (on the same shelf)."""
    side, anchor = _direction(view.question), _anchor_box(view)
    if side is None or anchor is None:
        return None
    beyond = {"left": lambda b: b[2] < anchor[0], "right": lambda b: b[0] > anchor[2],
              "top": lambda b: b[3] < anchor[1], "bottom": lambda b: b[1] > anchor[3]}[side]
    boxed = view.seen.get("boxed", [])
    return _best(view, lambda b: 0, [i for i, b in enumerate(boxed) if beyond(b["box"])])


def farthest_anchor(view: View) -> str | None:
    """Relations: the box furthest from the anchor."""
    anchor = _anchor_box(view)
    if anchor is None:
        return None
    return _best(view, lambda b: -gap_distance(b["box"], anchor))


def scene_winner(view: View) -> str | None:
    """Superlatives and "closest to": the object of any kind that wins the superlative or is nearest
    the anchor in the whole scene, if a box marks it (the noun dropped)."""
    q, objects, boxed = view.question, view.seen.get("objects", []), view.seen.get("boxed", [])
    side, anchor = _position_word(q), _anchor_box(view)
    if _relation(q) and _closest(q) and anchor is not None:
        key = lambda o: math.dist(_centre(o["box"]), _centre(anchor)) if o["box"] != anchor else math.inf  # noqa: E731
    elif not _relation(q) and side is not None:
        axis, sign = AXES[side]
        key = lambda o: sign * _centre(o["box"])[axis]  # noqa: E731
    elif not _relation(q) and _superlative_size(q):
        sign = -1 if _size_word(q) == "large" else 1
        key = lambda o: sign * _area(o["box"])  # noqa: E731
    else:
        return None
    if not objects:
        return None
    winner = min(objects, key=key)["box"]
    hits = [i for i, b in enumerate(boxed) if b["box"] == winner]
    return str(hits[0] + 1) if hits else None


def odd_kind_out(view: View) -> str | None:
    """The one box whose object's kind no other box shows."""
    kinds = Counter(b["kind"] for b in view.seen.get("boxed", []))
    lone = [i for i, b in enumerate(view.seen.get("boxed", [])) if kinds[b["kind"]] == 1]
    return str(lone[0] + 1) if len(lone) == 1 else None


def common_kind(view: View) -> str | None:
    """The first box around the kind most boxes show."""
    kinds = Counter(b["kind"] for b in view.seen.get("boxed", []))
    if not kinds:
        return None
    top = kinds.most_common(1)[0][0]
    return _best(view, lambda b: 0, [i for i, b in enumerate(view.seen["boxed"]) if b["kind"] == top])


GUESSERS: dict[str, Callable[[View], str | None]] = {
    "first image": first_image,
    "last image": last_image,
    "largest box": largest_box,
    "smallest box": smallest_box,
    "largest object": largest_object,
    "smallest object": smallest_object,
    "size word: largest/smallest object": size_word_box,
    "size word: largest/smallest box": size_word_drawn_box,
    "size word: extreme box of the noun": size_word_box_of_noun,
    "box nearest the centre": nearest_centre,
    "noun: first box of the named kind": noun_match,
    "noun phrase, ignoring relation": noun_phrase_match,
    "colour word (relation, superlative)": colour_match,
    "position word: extreme box": position_word_box,
    "relation: box nearest the anchor": nearest_anchor,
    "relation: noun box nearest anchor": nearest_anchor_of_noun,
    "relation: box furthest the named way": direction_box,
    "relation: box beyond the anchor's edge": side_of_anchor,
    "relation: box furthest from the anchor": farthest_anchor,
    "noun dropped: scene-wide winner if boxed": scene_winner,
    "odd kind out": odd_kind_out,
    "most common kind": common_kind,
}
