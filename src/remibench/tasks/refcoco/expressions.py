"""RefCoco's expression enumeration: every referring expression that picks out one object.

The sampler lists the options this module finds (attribute filters, relations to a uniquely
named anchor, superlatives), each with clear pixel margins, and then chooses one; the solver
in :mod:`remibench.tasks.refcoco.scenes` evaluates the chosen program again on its own.
"""

from __future__ import annotations

from typing import Any

from remibench.tasks.refcoco.scenes import (
    RELATIONS,
    SUPERLATIVES,
    VERTICAL_RELATIONS,
    VERTICAL_SUPERLATIVES,
    anchor_index,
    area,
    base_candidates,
    centre,
    centre_distance,
    evaluate,
    filtered,
    gap_distance,
    superlative_key,
)

EDGE_MARGIN = 12  # a directional relation must hold or fail by this much
POSITION_MARGIN = 30  # the extreme object's centre leads the next one by this much
CLOSEST_MARGIN = 40  # the nearest object is this much nearer than the next one ...
CLOSEST_RATIO = 1.3  # ... and the next one at least this many times as far
SIDE_SLACK = 30  # a target left of its anchor is at most this far above or below it (and so on)


def _expr(kind: str, colour: str | None = None, size: str | None = None, relation: dict[str, Any] | None = None,
          superlative: str | None = None, type_: str = "attribute") -> dict[str, Any]:
    return {"type": type_, "kind": kind, "colour": colour, "size": size, "relation": relation, "superlative": superlative}


def _filters(objects: list[dict[str, Any]], obj: dict[str, Any]) -> list[tuple[str | None, str | None]]:
    """(colour, size) filters an expression about ``obj`` may name: none, or its colour or size
    where that leaves out some objects of its kind (so no word is idle)."""
    options: list[tuple[str | None, str | None]] = [(None, None)]
    everyone = len(filtered(objects, obj["kind"]))
    if obj["colour"] and len(filtered(objects, obj["kind"], obj["colour"])) < everyone:
        options.append((obj["colour"], None))
    if obj["size"] != "medium" and len(filtered(objects, obj["kind"], None, obj["size"])) < everyone:
        options.append((None, obj["size"]))
    return options


def _attribute_options(objects: list[dict[str, Any]], t: int) -> list[dict[str, Any]]:
    """Colour and/or size filters that pick ``t`` out of several objects of its kind, each needed."""
    obj = objects[t]
    kind, colour = obj["kind"], obj["colour"]
    size = obj["size"] if obj["size"] != "medium" else None
    if len(filtered(objects, kind)) < 2:
        return []
    candidates = [(colour, None)] if colour else []
    candidates += [(None, size)] if size else []
    candidates += [(colour, size)] if colour and size else []
    options = []
    for c, s in candidates:
        if evaluate(objects, _expr(kind, c, s)) != [t]:
            continue
        if c and s and (len(filtered(objects, kind, c)) == 1 or len(filtered(objects, kind, None, s)) == 1):
            continue  # one of the two attributes alone would do
        options.append(_expr(kind, c, s))
    return options


def _anchors(objects: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Objects that a short description names alone: their kind, or kind and colour."""
    anchors = {}
    for i, obj in enumerate(objects):
        if len(filtered(objects, obj["kind"])) == 1:
            anchors[i] = {"kind": obj["kind"], "colour": None}
        elif obj["colour"] and len(filtered(objects, obj["kind"], obj["colour"])) == 1:
            anchors[i] = {"kind": obj["kind"], "colour": obj["colour"]}
    return anchors


def _clear_direction(relation: str, box: list[int], anchor: list[int]) -> bool:
    """The relation holds with room to spare, or plainly fails (the centre is on the other side)."""
    (cx, cy), (ax, ay) = centre(box), centre(anchor)
    m = EDGE_MARGIN
    if relation == "left_of":
        return box[2] <= anchor[0] - m or cx >= ax + m
    if relation == "right_of":
        return box[0] >= anchor[2] + m or cx <= ax - m
    if relation == "above":
        return box[3] <= anchor[1] - m or cy >= ay + m
    return box[1] >= anchor[3] + m or cy <= ay - m


def _in_line(relation: str, box: list[int], anchor: list[int]) -> bool:
    """A target "above" its anchor should be roughly over it, one "left of" it roughly level with it."""
    if relation in ("above", "below"):
        return max(anchor[0] - box[2], box[0] - anchor[2]) <= SIDE_SLACK
    if relation in ("left_of", "right_of"):
        return max(anchor[1] - box[3], box[1] - anchor[3]) <= SIDE_SLACK
    return True


def _clear_relation(objects: list[dict[str, Any]], base: list[int], anchor: int, relation: str) -> bool:
    anchor_box = objects[anchor]["box"]
    if relation != "closest_to":
        return all(_clear_direction(relation, objects[i]["box"], anchor_box) for i in base)
    by_centre = sorted((centre_distance(objects[i]["box"], anchor_box), i) for i in base)
    (d1, nearest), (d2, _) = by_centre[0], by_centre[1]
    by_gap = min((gap_distance(objects[i]["box"], anchor_box), i) for i in base)[1]
    return d2 >= max(d1 + CLOSEST_MARGIN, d1 * CLOSEST_RATIO) and by_gap == nearest


def _relation_options(objects: list[dict[str, Any]], t: int, anchors: dict[int, dict[str, Any]], vertical: bool) -> list[dict[str, Any]]:
    obj = objects[t]
    relations = [r for r in RELATIONS if vertical or r not in VERTICAL_RELATIONS]
    options = []
    for colour, size in _filters(objects, obj):
        base = filtered(objects, obj["kind"], colour, size)
        if len(base) < 2:
            continue
        for a, description in anchors.items():
            if objects[a]["kind"] == obj["kind"]:
                continue
            for relation in relations:
                expr = _expr(obj["kind"], colour, size, {"type": relation, "anchor": description}, type_="relation")
                if (evaluate(objects, expr) == [t] and _in_line(relation, obj["box"], objects[a]["box"])
                        and _clear_relation(objects, base, a, relation)):
                    options.append(expr)
    return options


def _clear_extreme(objects: list[dict[str, Any]], base: list[int], t: int, superlative: str) -> bool:
    """A positional extreme leads by a margin in centre and is also first by its outer edge."""
    if superlative in ("largest", "smallest"):
        return True
    axis, sign = {"leftmost": (0, 1), "rightmost": (0, -1), "topmost": (1, 1), "bottommost": (1, -1)}[superlative]
    boxes = {i: objects[i]["box"] for i in base}
    lead = sorted(sign * centre(box)[axis] for box in boxes.values())
    edge = {i: sign * (box[axis] if sign > 0 else box[axis + 2]) for i, box in boxes.items()}
    return lead[1] - lead[0] >= POSITION_MARGIN and all(edge[t] < edge[i] for i in base if i != t)


def _superlative_options(objects: list[dict[str, Any]], t: int, vertical: bool) -> list[dict[str, Any]]:
    obj = objects[t]
    superlatives = [s for s in SUPERLATIVES if vertical or s not in VERTICAL_SUPERLATIVES]
    options = []
    for colour, size in _filters(objects, obj):
        base = filtered(objects, obj["kind"], colour, size)
        if len(base) < 2:
            continue
        for superlative in superlatives:
            if size and superlative in ("largest", "smallest"):
                continue
            expr = _expr(obj["kind"], colour, size, superlative=superlative, type_="superlative")
            if evaluate(objects, expr) == [t] and _clear_extreme(objects, base, t, superlative):
                options.append(expr)
    return options


def expression_options(objects: list[dict[str, Any]], expr_type: str, vertical: bool) -> dict[int, list[dict[str, Any]]]:
    """Every valid expression of ``expr_type``, by the object it refers to."""
    anchors = _anchors(objects) if expr_type == "relation" else {}
    options: dict[int, list[dict[str, Any]]] = {}
    for t in range(len(objects)):
        if expr_type == "attribute":
            found = _attribute_options(objects, t)
        elif expr_type == "relation":
            found = _relation_options(objects, t, anchors, vertical)
        else:
            found = _superlative_options(objects, t, vertical)
        if found:
            options[t] = found
    return options


# --- sampling: choosing the expression and the boxes ------------------------------------------


def noun_dropped_misses(objects: list[dict[str, Any]], expr: dict[str, Any]) -> bool:
    """Whether the superlative or "closest to", evaluated over every object of the scene (the noun
    phrase dropped), wins on an object the noun phrase does not fit (a larger teapot beside the
    largest ball, a vase nearer the tree than the ball closest to it): a reader who skips the noun
    then lands on no box, since every box fits the noun phrase."""
    base = set(base_candidates(objects, expr))
    relation, superlative = expr.get("relation"), expr.get("superlative")
    if relation and relation["type"] == "closest_to":
        anchor = anchor_index(objects, relation["anchor"])
        anchor_box = objects[anchor]["box"]
        others = [i for i in range(len(objects)) if i != anchor]
        winner = min(others, key=lambda i: centre_distance(objects[i]["box"], anchor_box))
    elif superlative in ("largest", "smallest"):
        sign = -1 if superlative == "largest" else 1
        winner = min(range(len(objects)), key=lambda i: sign * area(objects[i]["box"]))
    elif superlative:
        winner = min(range(len(objects)), key=superlative_key(objects, superlative))
    else:
        return True
    return winner not in base
