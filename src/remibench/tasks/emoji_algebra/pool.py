"""The emojis EmojiAlgebra draws from, curated for legibility.

Each entry belongs to a look-alike *group* (e.g. apple, tomato, cherries and a red balloon are
all red and round), and a draw that needs visually distinct emojis takes at most one entry per
group. Codes are Twemoji codepoint strings (see :mod:`remibench.render.emoji`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PoolEmoji:
    code: str  # codepoint hex, the PNG file stem
    name: str
    group: str  # look-alike group: at most one per group in one picture set


def _pool(*rows: tuple[str, str, str]) -> tuple[PoolEmoji, ...]:
    return tuple(PoolEmoji(code, name, group) for code, name, group in rows)


EMOJI_POOL: tuple[PoolEmoji, ...] = _pool(
    # fruits
    ("1f34e", "red apple", "red-round"),
    ("1f345", "tomato", "red-round"),
    ("1f352", "cherries", "red-round"),
    ("1f353", "strawberry", "strawberry"),
    ("1f34f", "green apple", "green-round"),
    ("1f350", "pear", "green-round"),
    ("1f348", "melon", "green-round"),
    ("1f95d", "kiwi", "kiwi"),
    ("1f34b", "lemon", "citrus-round"),
    ("1f34a", "tangerine", "citrus-round"),
    ("1f351", "peach", "citrus-round"),
    ("1f96d", "mango", "citrus-round"),
    ("1f34c", "banana", "yellow-crescent"),
    ("1f347", "grapes", "purple-berries"),
    ("1fad0", "blueberries", "purple-berries"),
    ("1f349", "watermelon", "watermelon"),
    ("1f34d", "pineapple", "pineapple"),
    ("1f951", "avocado", "avocado"),
    # vegetables
    ("1f955", "carrot", "carrot"),
    ("1f33d", "corn", "corn"),
    ("1f346", "eggplant", "eggplant"),
    ("1f966", "broccoli", "green-bushy"),
    ("1f336", "hot pepper", "hot-pepper"),
    ("1f344", "mushroom", "mushroom"),
    ("1f954", "potato", "brown-round"),
    ("1f9c5", "onion", "white-bulb"),
    ("1f9c4", "garlic", "white-bulb"),
    ("1f952", "cucumber", "green-long"),
    ("1f96c", "leafy green", "leafy-green"),
    # food
    ("1f355", "pizza", "pizza"),
    ("1f354", "burger", "burger"),
    ("1f35f", "fries", "fries"),
    ("1f369", "doughnut", "doughnut"),
    ("1f36a", "cookie", "brown-round"),
    ("1f370", "cake", "cake"),
    ("1f366", "ice cream", "ice-cream"),
    ("1f36d", "lollipop", "lollipop"),
    ("1f9c0", "cheese", "cheese"),
    # animals
    ("1f436", "dog", "brown-face"),
    ("1f43b", "bear", "brown-face"),
    ("1f435", "monkey", "brown-face"),
    ("1f431", "cat", "yellow-face"),
    ("1f42f", "tiger", "yellow-face"),
    ("1f981", "lion", "yellow-face"),
    ("1f98a", "fox", "yellow-face"),
    ("1f430", "rabbit", "grey-face"),
    ("1f42d", "mouse", "grey-face"),
    ("1f428", "koala", "grey-face"),
    ("1f43c", "panda", "panda"),
    ("1f438", "frog", "frog"),
    ("1f437", "pig", "pig"),
    ("1f414", "chicken", "chicken"),
    ("1f427", "penguin", "penguin"),
    ("1f422", "turtle", "turtle"),
    ("1f419", "octopus", "octopus"),
    ("1f41d", "bee", "bee"),
    ("1f98b", "butterfly", "butterfly"),
    ("1f41e", "lady beetle", "lady-beetle"),
    ("1f41f", "fish", "blue-sea"),
    ("1f42c", "dolphin", "blue-sea"),
    ("1f433", "whale", "blue-sea"),
    ("1f980", "crab", "crab"),
    ("1f40c", "snail", "snail"),
    ("1f984", "unicorn", "unicorn"),
    ("1f418", "elephant", "elephant"),
    ("1f992", "giraffe", "giraffe"),
    ("1f989", "owl", "owl"),
    # objects and plants
    ("26bd", "soccer ball", "soccer-ball"),
    ("1f3c0", "basketball", "citrus-round"),
    ("1f3c8", "american football", "brown-round"),
    ("1f388", "balloon", "red-round"),
    ("1f381", "gift", "gift"),
    ("1f511", "key", "key"),
    ("1f514", "bell", "bell"),
    ("2b50", "star", "star"),
    ("1f319", "crescent moon", "yellow-crescent"),
    ("26a1", "lightning", "lightning"),
    ("1f697", "car", "car"),
    ("1f680", "rocket", "rocket"),
    ("270f", "pencil", "pencil"),
    ("1f4da", "books", "books"),
    ("23f0", "alarm clock", "alarm-clock"),
    ("1f48e", "gem", "gem"),
    ("1f3b8", "guitar", "guitar"),
    ("1f335", "cactus", "green-long"),
    ("1f33b", "sunflower", "sunflower"),
    ("1f332", "evergreen tree", "green-bushy"),
    ("1f9e9", "puzzle piece", "puzzle"),
    ("1f3b2", "die", "die"),
    ("2602", "umbrella", "umbrella"),
    ("1f6b2", "bicycle", "bicycle"),
)


def pool_groups() -> dict[str, list[str]]:
    """Look-alike group -> emoji codes, both in pool order (stable for seeded picks)."""
    groups: dict[str, list[str]] = {}
    for entry in EMOJI_POOL:
        groups.setdefault(entry.group, []).append(entry.code)
    return groups
