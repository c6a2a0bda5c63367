"""Maps: route reasoning over four copies of one street map, each with a blue route.

Two question types share the map (an n x n grid of named streets, landmark icons, a green
start pin and a red end pin):

* ``route_pair``: the text gives turn-by-turn directions for a full route; each image A-D shows
  a partial route. Exactly one ordered pair of images (the first from the start pin to a
  junction, the second from there to the end pin) is the described route. Label: ``D,B``.
  Two pieces leave the start pin the same way and two reach the destination the same way, all
  four meet at one junction and every start-then-end combination is a shortest route, so the
  pins, joins, lengths and the first and last instructions leave four pairs; only following
  the directions picks one (see :mod:`.pieces`).
* ``shorter``: each image shows a full route from start to end; which of the four routes is
  shortest in blocks? Label: its letter, or ``Equal`` when two routes tie for the shortest.

The spec stores the grid, icons, pins, every image's path and, for ``route_pair``, the
described route; the solver turns that route into directions, traces them back along the
named streets and finds the one composing pair, without any record of which image is which.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import permutations
from typing import Any

from PIL import Image

from remibench.render.fonts import font
from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_min_max, check_range, knob
from remibench.tasks.maps.drawing import LEFT, NAME_PX, RIGHT, WIDTH, render_route_images
from remibench.tasks.maps.icons import ICON_KINDS
from remibench.tasks.maps.pieces import pair_layout, pin_pair
from remibench.tasks.maps.routes import (
    DIRECTION_STYLES,
    Node,
    as_nodes,
    check_path,
    composing_pairs,
    covering_pairs,
    directions,
    directions_text,
    edge_set,
    follow_directions,
)
from remibench.tasks.maps.shorter import shorter_problem, shorter_route, solve_shorter

Spec = dict[str, Any]
LETTERS = "ABCD"
QUESTION_TYPES = ("route_pair", "shorter")
NAME_SCHEMES = ("words", "numbered")
PAIRS = list(permutations(range(4), 2))  # the 12 ordered answers of route_pair
SHORTER_CLASSES = ["A", "B", "C", "D", "Equal"]

_WORDS_V = ["Oak", "Elm", "Pine", "Ash", "Birch", "Cedar", "Maple", "Palm", "Fir", "Beech"]
_WORDS_H = ["Main", "Park", "Lake", "Hill", "Mill", "Bay", "Bank", "Grove", "Union", "Front", "River", "Court"]
_ORDINALS = ["1st", "2nd", "3rd", "4th", "5th", "6th"]

# ---------------------------------------------------------------- config


@dataclass
class MapsConfig(TaskConfig):
    question_types: list = knob(list(QUESTION_TYPES), "question types: route_pair (which two partial routes make "
                                "the described route, label like D,B), shorter (which of the four routes is "
                                "shortest, or Equal)")
    grid_size: int = knob(5, "named streets in each direction (4-6)")
    min_blocks: int = knob(7, "shortest described route in blocks (route_pair; the route is a shortest way "
                           "between the pins)")
    max_blocks: int = knob(8, "longest described route in blocks (route_pair); full routes of shorter stay "
                           "within it + 2")
    min_turns: int = knob(2, "fewest turns in the described route (1-5)")
    max_turns: int = knob(5, "most turns in any route (min_turns-6); route_pair needs 5 or more, counts "
                          "directions 6")
    max_detour: int = knob(3, "shorter: most blocks a route may walk away from its destination (1-3); the length "
                           "over the shortest possible is twice this at most")
    min_piece: int = knob(2, "fewest blocks in a partial route (1-4)")
    max_length_gap: int = knob(6, "shorter: largest difference in blocks between the shortest route and any "
                               "other (4 or 6)")
    icon_density: float = knob(0.4, "share of intersections with a landmark icon (0-1)")
    street_names: list = knob(list(NAME_SCHEMES), "street naming schemes: words (Oak St, Main St), numbered "
                              "(1st Ave.. and Main St..); never single letters, which read like the image letters")
    direction_styles: list = knob(["names"], "direction wording: names (turns located by street names, only the "
                                  "last run counted, as in ReMI), counts (every run counted in blocks)")

    def validate(self) -> None:
        _check_subset("question_types", self.question_types, QUESTION_TYPES)
        _check_subset("street_names", self.street_names, NAME_SCHEMES)
        _check_subset("direction_styles", self.direction_styles, DIRECTION_STYLES)
        check_range(self, "grid_size", 4, 6)
        check_range(self, "min_piece", 1, 4)
        check_range(self, "min_blocks", max(4, 2 * self.min_piece), 16)
        check_range(self, "max_blocks", 4, 16)
        check_min_max(self, "min_blocks", "max_blocks")
        check_range(self, "min_turns", 1, 5)
        check_range(self, "max_turns", 1, 6)
        check_min_max(self, "min_turns", "max_turns")
        check_range(self, "max_detour", 1, 3)
        check_range(self, "icon_density", 0.0, 1.0)
        if self.max_length_gap not in (4, 6):
            raise ConfigError(f"MapsConfig.max_length_gap={self.max_length_gap!r} must be 4 or 6 (room for two "
                              "longer lengths)")
        if "route_pair" in self.question_types and self.max_turns < (6 if "counts" in self.direction_styles else 5):
            raise ConfigError("MapsConfig: route_pair pieces (three openings turning equally often) need "
                              "max_turns >= 5 (6 with counts)")
        if "route_pair" in self.question_types and self.min_blocks < 7:
            raise ConfigError("MapsConfig: route_pair needs min_blocks >= 7 (room for three openings that turn "
                              "equally often)")
        if "route_pair" in self.question_types and self.min_blocks > 2 * (self.grid_size - 1):
            raise ConfigError(f"MapsConfig.min_blocks={self.min_blocks} is longer than any shortest route on a "
                              f"{self.grid_size}x{self.grid_size} grid")


def _check_subset(name: str, values: list, allowed: tuple[str, ...]) -> None:
    if not values or any(v not in allowed for v in values):
        raise ConfigError(f"MapsConfig.{name}={values!r}: choose one or more of {', '.join(allowed)}")


# ---------------------------------------------------------------- wording

PAIR_TEMPLATES = [
    "Each of the four images below shows the same street map with part of a route drawn in blue; the green pin "
    "marks the start and the red pin the destination. Route A: <image1> Route B: <image2> Route C: <image3> "
    "Route D: <image4> Here are the directions: {directions} Exactly two of the images together make up this "
    "route: the first starts at the start pin and the second continues from where the first ends to the "
    "destination. Which two images are they? Answer with the two letters in route order, separated by a comma.",
    "Follow these directions from the green start pin to the red destination pin: {directions} The partial "
    "routes below are drawn in blue on copies of the same map. A: <image1> B: <image2> C: <image3> D: <image4> "
    "Which two partial routes, joined one after the other, give exactly the route described? Give the letter "
    "of the first part, then the letter of the second part, separated by a comma.",
    "I am driving from the green pin to the red pin with these directions: {directions} A friend drew pieces of "
    "routes on four copies of the map. Image A <image1> Image B <image2> Image C <image3> Image D <image4> "
    "Which image shows the first part of my route and which shows the rest of it? Answer with the two image "
    "letters in order (first part first), separated by a comma.",
    "Map A: <image1> Map B: <image2> Map C: <image3> Map D: <image4> All four maps show the same streets, "
    "start pin (green) and destination pin (red), each with a different partial route in blue. The directions "
    "are: {directions} Which two maps combine to form the route these directions describe? List the two map "
    "letters in the order the route uses them, separated by a comma.",
]

SHORTER_TEMPLATES = [
    "Each image shows the same street map with a route in blue from the green start pin to the red destination "
    "pin. Route A: <image1> Route B: <image2> Route C: <image3> Route D: <image4> Counting city blocks, which "
    "route is the shortest? Answer with the letter of the shortest route, or Equal if two routes tie for the "
    "shortest.",
    "Four drivers took different routes from the green pin to the red pin. A: <image1> B: <image2> C: <image3> "
    "D: <image4> Which driver drove the fewest blocks? Answer with that route's letter, or Equal if two drivers "
    "tie for the fewest blocks.",
    "Here are four routes on one map, each drawn in blue from start (green pin) to destination (red pin). "
    "Image A <image1> Image B <image2> Image C <image3> Image D <image4> Which route is the shortest, measured "
    "in blocks along the streets? Reply with its letter, or Equal if two routes tie for the shortest.",
]

# ---------------------------------------------------------------- sampling helpers


def _tag_width(name: str) -> float:
    """Width of a street-name tag as drawn (text plus padding)."""
    return font(NAME_PX, "sans-bold").getlength(name) + 14


def _fits(name: str, vertical: bool, n: int) -> bool:
    """Vertical names must fit between neighbouring streets, horizontal ones in the left margin."""
    room = (WIDTH - LEFT - RIGHT) / (n - 1) - 4 if vertical else LEFT - 8
    return _tag_width(name) < room


def _street_names(rng: random.Random, scheme: str, n: int) -> tuple[list[str], list[str]]:
    """Names of the vertical (west to east) and horizontal (north to south) streets.

    No single letters: a street called ``B St`` reads like image B.
    """
    pool_h = [f"{w} St" for w in _WORDS_H if _fits(f"{w} St", False, n)]
    horizontal = rng.sample(pool_h, n)
    if scheme == "numbered":
        return [f"{o} Ave" for o in _ORDINALS[:n]], horizontal
    pool_v = [f"{w} St" for w in _WORDS_V if _fits(f"{w} St", True, n)]
    return rng.sample(pool_v, n), horizontal


def _icons(rng: random.Random, n: int, density: float) -> list[dict[str, Any]]:
    """Landmarks at intersections, each in a block corner facing into the grid."""
    icons = []
    for r in range(n):
        for c in range(n):
            if rng.random() >= density:
                continue
            corners = [k for k in ("ne", "nw", "se", "sw")
                       if not (r == 0 and k[0] == "n") and not (r == n - 1 and k[0] == "s")
                       and not (c == 0 and k[1] == "w") and not (c == n - 1 and k[1] == "e")]
            icons.append({"kind": rng.choice(ICON_KINDS), "node": [c, r], "corner": rng.choice(corners)})
    return icons


# ---------------------------------------------------------------- uniqueness


def route_pair_problem(spec: Spec) -> str | None:
    """Why a route_pair spec would be ambiguous or malformed, or None if its answer is unique."""
    n = spec["grid"]["n"]
    route = as_nodes(spec["route"])
    pieces = [as_nodes(image["path"]) for image in spec["images"]]
    try:
        check_path(route, n, 2)
        for piece in pieces:
            check_path(piece, n, 1)
    except ValueError as error:
        return str(error)
    if route[0] != tuple(spec["start"]) or route[-1] != tuple(spec["end"]):
        return "the route does not run from the start pin to the end pin"
    if len({edge_set(p) for p in pieces}) < len(pieces):
        return "two images show the same partial route"
    pairs = composing_pairs(route, pieces)
    if len(pairs) != 1:
        return f"{len(pairs)} ordered pairs of images make the route"
    covering = covering_pairs(route, pieces)
    if covering != [tuple(sorted(pairs[0]))]:
        return "another pair of images covers the route's blocks"
    return None


# ---------------------------------------------------------------- task


class MapsTask(Task):
    name = "Maps"
    domain = "spatial"
    consumption = "set"
    image_types_default = "same"
    version = "3"
    config_cls = MapsConfig

    def sample(self, rng: random.Random, config: MapsConfig, ctx: DrawContext) -> Spec:
        classes = [("route_pair", c) for c in range(len(PAIRS))] if "route_pair" in config.question_types else []
        if "shorter" in config.question_types:
            classes += [("shorter", c) for c in range(len(SHORTER_CLASSES))]
        qtype, answer_class = classes[ctx.balanced(len(classes))]
        n = config.grid_size
        vertical, horizontal = _street_names(rng, rng.choice(config.street_names), n)
        if not all(_fits(v, True, n) for v in vertical) or not all(_fits(h, False, n) for h in horizontal):
            raise Rejected("street names too wide")
        spec: Spec = {
            "qtype": qtype,
            "grid": {"n": n, "vertical": vertical, "horizontal": horizontal},
            "icons": _icons(rng, n, config.icon_density),
        }
        if qtype == "route_pair":
            self._sample_route_pair(rng, config, PAIRS[answer_class], spec)
        else:
            self._sample_shorter(rng, config, answer_class, spec)
        return spec

    def _sample_route_pair(self, rng: random.Random, config: MapsConfig, answer: tuple[int, int], spec: Spec) -> None:
        n = config.grid_size
        length = rng.randint(config.min_blocks, min(config.max_blocks, 2 * (n - 1)))
        pins = pin_pair(rng, n, length)
        if pins is None:
            raise Rejected("no pins at that distance")
        start, end = pins
        style = rng.choice(config.direction_styles)
        layout = pair_layout(rng, start, end, config.min_piece, config.min_turns, config.max_turns,
                             whole_opening=style == "counts")
        if layout is None:
            raise Rejected("no three start pieces turning equally often into one end piece")
        pieces: list[list[Node] | None] = [None] * 4
        pieces[answer[0]], pieces[answer[1]] = layout.starts[0], layout.end
        rest = [i for i in range(4) if pieces[i] is None]
        rng.shuffle(rest)
        for slot, decoy in zip(rest, layout.starts[1:]):
            pieces[slot] = decoy
        spec.update({
            "start": list(start),
            "end": list(end),
            "route": [list(v) for v in layout.route],
            "images": [{"name": LETTERS[i], "path": [list(v) for v in (p if rng.random() < 0.5 else p[::-1])]}
                       for i, p in enumerate(pieces) if p is not None],
            "direction_style": style,
            "template": rng.randrange(len(PAIR_TEMPLATES)),
        })
        problem = route_pair_problem(spec)
        if problem:
            raise Rejected(f"ambiguous: {problem.split(':')[0]}")

    def _sample_shorter(self, rng: random.Random, config: MapsConfig, answer_class: int, spec: Spec) -> None:
        n = config.grid_size
        distance = rng.randint(4, min(2 * (n - 1), config.max_blocks))
        lengths = shorter_lengths(config, distance)
        pins = pin_pair(rng, n, distance)
        if pins is None or len(lengths) < 2:
            raise Rejected("no pins at that distance")
        start, end = pins
        equal = SHORTER_CLASSES[answer_class] == "Equal"
        # a tie is never at the pin distance: any other route could still be redrawn shorter than the tie
        low = rng.choice(lengths[1:-1] if equal else lengths[:-1]) if len(lengths) > 2 or not equal else None
        if low is None:
            raise Rejected("no room for a tie above the pin distance")
        longer = [x for x in lengths if low < x <= low + config.max_length_gap]
        if len(longer) < 2:
            raise Rejected("no room for routes of different lengths")
        first = rng.sample(range(4), 2) if equal else [answer_class]
        drawn = rng.sample(longer * 2, 4 - len(first))  # no length drawn more than twice
        if not equal and drawn.count(min(drawn)) > 1:
            raise Rejected("the runner-up length must be unique, so the shortest route can be tied by redrawing it")
        rest = iter(drawn)
        wanted = [low if i in first else next(rest) for i in range(4)]
        turns = rng.choice(shorter_turns(config))
        paths: list[list[Node]] = []
        for i in range(4):
            route = shorter_route(rng, n, start, end, wanted[i], turns, paths)
            if route is None:
                raise Rejected("no distinct route of the wanted length")
            paths.append(route)
        spec.update({
            "start": list(start),
            "end": list(end),
            "images": [{"name": LETTERS[i], "path": [list(v) for v in paths[i]]} for i in range(4)],
            "template": rng.randrange(len(SHORTER_TEMPLATES)),
        })
        problem = shorter_problem(spec)
        if problem:
            raise Rejected(problem)

    def question(self, spec: Spec) -> str:
        if spec["qtype"] == "route_pair":
            grid = spec["grid"]
            steps = directions(as_nodes(spec["route"]), grid["vertical"], grid["horizontal"])
            return PAIR_TEMPLATES[spec["template"]].format(directions=directions_text(steps, spec["direction_style"]))
        return SHORTER_TEMPLATES[spec["template"]]

    def solve(self, spec: Spec) -> str:
        if spec["qtype"] == "route_pair":
            return solve_route_pair(spec)
        return solve_shorter(spec)

    def render(self, spec: Spec) -> list[Image.Image]:
        panels = [(image["name"], image["path"]) for image in spec["images"]]
        return render_route_images(spec["grid"], spec["icons"], spec["start"], spec["end"], panels)


def solve_route_pair(spec: Spec) -> str:
    """Trace the directions from the start pin, then find the one ordered pair that makes that route."""
    grid = spec["grid"]
    steps = directions(as_nodes(spec["route"]), grid["vertical"], grid["horizontal"])
    traced = follow_directions(tuple(spec["start"]), steps, grid["n"], grid["vertical"], grid["horizontal"])
    if traced[-1] != tuple(spec["end"]):
        raise ValueError("the directions do not reach the end pin")
    pieces = [as_nodes(image["path"]) for image in spec["images"]]
    pairs = composing_pairs(traced, pieces)
    if len(pairs) != 1:
        raise ValueError(f"{len(pairs)} ordered pairs of images make the route; expected exactly one")
    first, second = pairs[0]
    return f"{spec['images'][first]['name']},{spec['images'][second]['name']}"


def shorter_lengths(config: MapsConfig, distance: int) -> list[int]:
    """Route lengths a shorter item may use: the pin distance plus up to ``max_detour`` detours of 2 blocks."""
    return [distance + 2 * j for j in range(config.max_detour + 1) if distance + 2 * j <= config.max_blocks + 2]


def shorter_turns(config: MapsConfig) -> list[int]:
    """Turn counts a shorter item may use: two or three (within the knobs)."""
    fewest = max(2, config.min_turns)
    return list(range(fewest, max(fewest, min(3, config.max_turns)) + 1))


TASK = MapsTask()
