"""RefCoco scene composition: which kinds a scene's objects are, and their colours and sizes.

The target's kind repeats (as many objects as there are boxes, or more where every box must fit
the noun phrase); the other kinds appear once, as possible anchors. Colours come from a small
palette so that some repeat; for "the big red ball" two colours cross two sizes.
"""

from __future__ import annotations

from typing import Any

from remibench.tasks.refcoco.scenes import SIZES, Setting, colours_of


def scene_kinds(rng: Any, setting: Setting, n: int, boxes: int = 2, crowd: bool = False) -> list[str]:
    """One or two repeated kinds (the possible targets) and one-off kinds (possible anchors).
    The first kind has, where room allows, as many objects as there are ``boxes``, so that every
    box can go around an object the expression's noun names and its other words are needed; with
    ``crowd`` (relations and superlatives, whose boxes all fit the noun phrase) one or two more."""
    main = rng.sample(setting.main, 2)
    low = min(max(2, boxes + crowd), n - 2)
    first = rng.randint(low, max(low, min(4 + 2 * crowd, n - 2)))
    second = rng.randint(0, min(3, n - first - 2))
    kinds = [main[0]] * first + [main[1]] * second
    singles = [k for k in setting.extra + setting.main if k not in main]
    rng.shuffle(singles)
    kinds += singles[: n - len(kinds)]
    while len(kinds) < n:
        kinds.append(rng.choice(main))
    return kinds


def colours(rng: Any, kind: str, count: int, crowd: bool = False) -> list[str | None]:
    """Colours for ``count`` objects of ``kind``, from a small palette so that some repeat; with
    ``crowd``, one colour for all but one or two, so that "the red ball ..." leaves several."""
    options = colours_of(kind)
    palette = rng.sample(options, rng.randint(1, min(count, len(options))))
    if crowd and len(options) > 1 and count >= 3:
        palette = rng.sample(options, 2)
        colours = [palette[0]] * (count - rng.randint(1, 2)) + [palette[1]] * 2
        colours = colours[:count]
        rng.shuffle(colours)
        return colours
    colours = palette + [rng.choice(palette) for _ in range(count - len(palette))]
    rng.shuffle(colours)
    return colours


def crossed(rng: Any, kind: str, count: int, favour: str) -> list[tuple[str | None, str]] | None:
    """(colour, size) of ``count`` objects of ``kind`` where two colours cross two sizes, so that
    "the big red ball" needs both words: a red and another-coloured ball of size ``favour``, and
    of each colour one of another size. None where the kind has one colour or too few objects."""
    options = [c for c in colours_of(kind) if c]
    if count < 4 or len(options) < 2:
        return None
    first, second = rng.sample(options, 2)
    other = [s for s in SIZES if s != favour]
    pairs = [(first, favour), (first, rng.choice(other)), (second, favour), (second, rng.choice(SIZES))]
    pairs += [(rng.choice((first, second)), rng.choice(other)) for _ in range(count - 4)]
    return pairs


def kind_traits(rng: Any, kind: str, count: int, crowd: bool, cross: str | None) -> list[tuple[str | None, str | None]]:
    """(colour, size) of the ``count`` objects of ``kind`` (size None: a one-off object's scale is drawn)."""
    if cross and (pairs := crossed(rng, kind, count, cross)):
        return list(pairs)
    return [(c, None if count == 1 else rng.choice(SIZES)) for c in colours(rng, kind, count, crowd and rng.random() < 0.5)]
