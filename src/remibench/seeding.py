"""Seeds derived by hashing, so every item can be regenerated alone.

``seed + index`` would make item i of seed s equal item i-1 of seed s+1; hashing the whole
coordinate (base seed, task, split, index, attempt) gives independent streams instead.
"""

from __future__ import annotations

import hashlib
import random

SEED_BITS = 63


def derive_seed(*parts: object) -> int:
    """A 63-bit seed from any tuple of ints and strings (stable across runs and platforms)."""
    text = "\x1f".join(f"{type(p).__name__}:{p}" for p in parts)
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> (64 - SEED_BITS)


def item_seed(base_seed: int, task: str, split: str, index: int) -> int:
    """The seed recorded for item ``index`` of ``task`` in ``split``."""
    return derive_seed("item", base_seed, task, split, index)


def attempt_rng(seed: int, attempt: int) -> random.Random:
    """The RNG for one draw of an item; a rejected draw moves to the next attempt."""
    return random.Random(derive_seed("attempt", seed, attempt))


def balanced_slot(base_seed: int, task: str, split: str, index: int, n_options: int) -> int:
    """Which of ``n_options`` answer classes item ``index`` must have.

    Items are grouped in consecutive blocks of ``n_options``; each block is a seeded
    permutation of the classes. Any N items are therefore balanced to within one block,
    exactly when N is a multiple of ``n_options``, and each item still depends on its own
    coordinates only.
    """
    if n_options < 1:
        raise ValueError("n_options must be at least 1")
    block, position = divmod(index, n_options)
    order = list(range(n_options))
    random.Random(derive_seed("balance", base_seed, task, split, n_options, block)).shuffle(order)
    return order[position]
