"""Collisions: seeded samplers that draw one spec per question type.

Each sampler picks masses, velocities and the layout of the frames, rejects draws whose label
would be ill-conditioned or whose completed collision is not physical, and returns the spec that
the solver and the drawing read.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction
from typing import Any

from remibench.tasks.base import DrawContext, Rejected
from remibench.tasks.collisions.config import HIDDEN, HIDDEN_WEIGHTS, QTYPES, CollisionsConfig
from remibench.tasks.collisions.drawing import N_COLORS, TRACK_METRES
from remibench.tasks.collisions.solve import first_collision_time, kinetic_energy, num, round_step, unknown_value
from remibench.tasks.collisions.wording import LETTERS, NOUNS_1D, NOUNS_2D

MIN_GAP = 3  # metres between neighbours in a position snapshot, so drawings never touch
RESTITUTIONS_NOT_ELASTIC = tuple(Fraction(x) for x in ("0.1", "0.2", "0.25", "0.3", "0.4", "0.5", "0.6", "0.7", "0.75", "0.8"))
DIRECTIONS_2D = ((1, 0), (0, 1), (-1, 0), (0, -1))


# ---------------------------------------------------------------- sampling helpers

def _mass(rng: random.Random, config: CollisionsConfig) -> Fraction:
    if rng.random() < 0.7:
        return Fraction(rng.randint(1, config.max_mass))
    return Fraction(rng.randint(1, 2 * config.max_mass - 1) | 1, 2)  # an odd number of halves


def _velocity(rng: random.Random, limit: int) -> Fraction:
    return Fraction(rng.randint(-2 * limit, 2 * limit), 2)


def _approaching_1d(rng: random.Random, n: int, limit: int, stuck: bool) -> list[Fraction]:
    """Velocities (left to right) of objects that will collide: someone catches a right neighbour."""
    for _ in range(200):
        vs = [_velocity(rng, limit) for _ in range(n)]
        if vs[0] - vs[-1] < 1:
            continue
        if stuck and any(vs[i] < vs[i + 1] for i in range(n - 1)):
            continue  # everyone must end up in one lump: no pair drifting apart
        if not any(vs[i] > vs[i + 1] for i in range(n - 1)):
            continue
        return vs
    raise Rejected("no approaching velocities")


def _positions(rng: random.Random, n: int, vs_limit: int, stuck: bool) -> tuple[list[Fraction], list[Fraction], int]:
    """Start positions, velocities and the second snapshot time for a positions layout."""
    for _ in range(300):
        vs = _approaching_1d(rng, n, vs_limit, stuck)
        t1 = rng.choice((1, 2))
        x0 = sorted(Fraction(k, 2) for k in rng.sample(range(2, 2 * TRACK_METRES - 1), n))
        x1 = [x + v * t1 for x, v in zip(x0, vs)]
        if _readable_snapshot(x0) and _readable_snapshot(x1):
            return x0, vs, t1
    raise Rejected("positions leave the track or crowd together")


def _readable_snapshot(xs: list[Fraction]) -> bool:
    inside = all(1 <= x <= TRACK_METRES - 1 for x in xs)
    return inside and all(b - a >= MIN_GAP for a, b in zip(xs, xs[1:]))


def _separating_after(rng: random.Random, masses: list[Fraction], before: list[Fraction]) -> list[Fraction]:
    """A physical outcome: momentum kept, energy lost (fraction kept random), objects separating."""
    total = sum(masses)
    centre = sum(m * v for m, v in zip(masses, before)) / total
    internal = float(sum(m * (v - centre) ** 2 for m, v in zip(masses, before)))
    us = sorted(rng.uniform(-1.0, 1.0) for _ in masses)
    mean = sum(float(m) * u for m, u in zip(masses, us)) / float(total)
    us = [u - mean for u in us]
    spread = sum(float(m) * u * u for m, u in zip(masses, us))
    if spread <= 1e-9 or internal <= 0:
        raise Rejected("no relative motion")
    scale = math.sqrt(rng.uniform(0.05, 0.9) * internal / spread)
    return [round_step(float(centre) + scale * u, Fraction(1, 10)) for u in us]


def _physical(masses: list[Fraction], before: list[Fraction], after: list[Fraction], stuck: bool) -> bool:
    """Objects approach before, do not pass through each other after, and lose no kinetic energy."""
    if not any(before[i] > before[i + 1] for i in range(len(before) - 1)):
        return False
    if stuck and any(before[i] < before[i + 1] for i in range(len(before) - 1)):
        return False
    if any(after[i] > after[i + 1] for i in range(len(after) - 1)):
        return False
    return kinetic_energy(masses, after) <= kinetic_energy(masses, before)


def pick_type(config: CollisionsConfig, ctx: DrawContext) -> tuple[str, bool]:
    """The question type and (for yes/no types) the answer, exactly balanced per block of slots."""
    weights = [(t, config.type_weights.get(t, 0)) for t in QTYPES if config.type_weights.get(t, 0) > 0]
    slot = ctx.balanced(sum(w for _, w in weights))
    for qtype, weight in weights:
        if slot < weight:
            return qtype, slot % 2 == 1
        slot -= weight
    raise AssertionError("slot outside the weights")


def _n_objects(rng: random.Random, config: CollisionsConfig) -> int:
    return 3 if config.max_objects >= 3 and rng.random() < config.p_three else 2


def _base(rng: random.Random, qtype: str, n: int, nouns: tuple[str, ...] = NOUNS_1D) -> dict[str, Any]:
    return {"qtype": qtype, "dims": 1, "noun": rng.choice(nouns), "names": list(rng.choice(LETTERS)[:n]),
            "colors": rng.sample(range(N_COLORS), n)}


def _set_before(spec: dict[str, Any], rng: random.Random, config: CollisionsConfig, n: int, stuck: bool,
                positions_ok: bool, masses_anywhere: bool) -> list[Fraction]:
    """Choose the layout and store the before-collision motion; returns the velocities."""
    if positions_ok and rng.random() < config.p_positions:
        x0, vs, t1 = _positions(rng, n, min(3, config.max_speed), stuck)
        spec.update(layout="positions", times=[0, t1], x=[[num(x) for x in x0], [num(x + v * t1) for x, v in zip(x0, vs)]],
                    before=None)
        spec["mass_frame"] = rng.choice((0, 2))
    else:
        vs = _approaching_1d(rng, n, config.max_speed, stuck)
        spec.update(layout="arrows", before=[num(v) for v in vs])
        # With arrows, the before-frame alone would hold masses and velocities; put the masses
        # after the collision unless the after frame already carries needed velocities.
        spec["mass_frame"] = rng.choice((0, 1)) if masses_anywhere else 1
    return vs


def _velocity_ask(rng: random.Random, config: CollisionsConfig, value: Fraction) -> str:
    if abs(value) < Fraction(1, 10):
        raise Rejected("answer too close to zero")
    if abs(value) > 40:
        raise Rejected("answer too large")
    if rng.random() < config.p_speed:
        return "speed"
    return "right" if value > 0 else "left"


# ---------------------------------------------------------------- samplers per question type

def sample_momentum(rng: random.Random, config: CollisionsConfig, stuck: bool) -> dict[str, Any]:
    """A collision (sticking or not) with one mass or velocity replaced by a question mark."""
    n = _n_objects(rng, config)
    what = config.hidden if config.hidden != "any" else rng.choices(HIDDEN, HIDDEN_WEIGHTS)[0]
    spec = _base(rng, "inelastic" if stuck else "momentum", n)
    masses = [_mass(rng, config) for _ in range(n)]
    # a shown after-velocity (general collision) or a hidden before-value ties the frames together
    masses_anywhere = not stuck or what != "after"
    before = _set_before(spec, rng, config, n, stuck, positions_ok=what != "before", masses_anywhere=masses_anywhere)
    k = rng.randrange(n)
    if stuck:
        final = sum(m * v for m, v in zip(masses, before)) / sum(masses)
        after = [round_step(final, Fraction(1, 100))] * n
        spec.update(stuck=True, after=None, final=None if what == "after" else num(after[0]))
    else:
        after = _separating_after(rng, masses, before)
        spec.update(stuck=False, final=None, after=[None if (what == "after" and j == k) else num(a) for j, a in enumerate(after)])
    shown_masses: list[Fraction | None] = list(masses)
    if what == "mass":
        if abs(before[k] - after[k]) < Fraction(1, 2):
            raise Rejected("mass barely changes speed; unknown mass ill-conditioned")
        shown_masses[k] = None
    elif what == "before":
        spec["before"][k] = None
    spec["masses"] = [None if m is None else num(m) for m in shown_masses]
    spec["hidden"] = {"what": what, "index": k}
    value = unknown_value(spec)
    # the completed picture must still be a physical collision
    full_m = [value if m is None else m for m in shown_masses]
    full_b = [value if (what == "before" and j == k) else v for j, v in enumerate(before)]
    if stuck:
        full_a = [value] * n if what == "after" else after
    else:
        full_a = [value if (what == "after" and j == k) else a for j, a in enumerate(after)]
    if what == "mass":
        if not Fraction(1, 4) <= value <= 3 * config.max_mass:
            raise Rejected("unknown mass out of range")
        spec["ask"] = "mass"
    else:
        spec["ask"] = _velocity_ask(rng, config, value)
    if not _physical(full_m, full_b, full_a, stuck):  # type: ignore[arg-type]
        raise Rejected("completed collision is not physical")
    return spec


def sample_elastic(rng: random.Random, config: CollisionsConfig) -> dict[str, Any]:
    """Two objects, perfectly elastic; asks one velocity afterwards."""
    spec = _base(rng, "elastic", 2)
    masses = [_mass(rng, config) for _ in range(2)]
    _set_before(spec, rng, config, 2, stuck=False, positions_ok=True, masses_anywhere=False)
    spec.update(masses=[num(m) for m in masses], stuck=False, after=None, final=None, hidden=None, target=rng.randrange(2))
    spec["ask"] = _velocity_ask(rng, config, unknown_value(spec))
    return spec


def sample_elastic_check(rng: random.Random, config: CollisionsConfig, elastic: bool) -> dict[str, Any]:
    """Before and after velocities printed exactly; the collision is elastic or loses energy."""
    for _ in range(200):
        spec = _base(rng, "elastic_check", 2)
        masses = [_mass(rng, config) for _ in range(2)]
        before = _set_before(spec, rng, config, 2, stuck=False, positions_ok=True, masses_anywhere=True)
        e = Fraction(1) if elastic else rng.choice(RESTITUTIONS_NOT_ELASTIC)
        total = masses[0] * before[0] + masses[1] * before[1]
        gap = before[0] - before[1]
        after = [(total - masses[1] * e * gap) / sum(masses), (total + masses[0] * e * gap) / sum(masses)]
        if all((a * 100).denominator == 1 and abs(a) <= 3 * config.max_speed for a in after):
            spec.update(masses=[num(m) for m in masses], after=[num(a) for a in after], stuck=False, final=None,
                        hidden=None, ask="yesno")
            return spec
    raise Rejected("after-velocities not exact to two decimals")


def sample_collide(rng: random.Random, config: CollisionsConfig, collide: bool) -> dict[str, Any]:
    """Point objects at two (or three) printed times; do two of them meet within T seconds?"""
    n = _n_objects(rng, config)
    limit = min(3, config.max_speed)
    mode = "yes" if collide else rng.choice(("late", "late", "never"))
    for _ in range(400):
        vs = [_velocity(rng, limit) for _ in range(n)]
        approaching = any(vs[i] > vs[i + 1] for i in range(n - 1))
        if approaching != (mode != "never") or all(v == 0 for v in vs):
            continue
        t1 = rng.choice((1, 2))
        x0 = sorted(Fraction(k, 2) for k in rng.sample(range(2, 2 * TRACK_METRES - 1), n))
        x1 = [x + v * t1 for x, v in zip(x0, vs)]
        if not (_readable_snapshot(x0) and _readable_snapshot(x1)):
            continue
        times = [0, t1]
        if rng.random() < config.p_three_snapshots:
            t2 = t1 + rng.choice((1, 2))
            x2 = [x + v * t2 for x, v in zip(x0, vs)]
            if _readable_snapshot(x2):
                times.append(t2)
        last = times[-1]
        t_hit = first_collision_time(x0, vs)
        if mode == "never":
            T = round_step(rng.uniform(last + 1, last + 10), Fraction(1, 2))
        else:
            assert t_hit is not None
            factor = rng.uniform(1.3, 2.2) if mode == "yes" else rng.uniform(0.35, 0.8)
            T = round_step(float(t_hit) * factor, Fraction(1, 2))
            if (mode == "yes" and T < Fraction(6, 5) * t_hit) or (mode == "late" and T > Fraction(17, 20) * t_hit):
                continue
        if T <= last or T > 60:
            continue
        spec = _base(rng, "collide", n)
        spec.update(layout="positions", times=times, T=num(T),
                    x=[[num(x + v * t) for x, v in zip(x0, vs)] for t in times])
        return spec
    raise Rejected("no collide-within draw")


def sample_plane(rng: random.Random, config: CollisionsConfig) -> dict[str, Any]:
    """Pucks meeting from axis-aligned directions and sticking: asks the speed of the lump."""
    n = _n_objects(rng, config)
    spec = _base(rng, "inelastic", n, NOUNS_2D)
    dirs = rng.sample(DIRECTIONS_2D, n)
    if n == 2 and dirs[0][0] == -dirs[1][0] and dirs[0][1] == -dirs[1][1]:
        raise Rejected("head-on pair is a 1-D collision")
    speeds = [Fraction(rng.randint(1, 2 * config.max_speed), 2) for _ in range(n)]
    masses = [_mass(rng, config) for _ in range(n)]
    spec.update(dims=2, masses=[num(m) for m in masses], vel2d=[[num(s * dx), num(s * dy)] for s, (dx, dy) in zip(speeds, dirs)],
                stuck=True, ask="speed", mass_frame=1, layout="plane")
    if unknown_value(spec) < Fraction(1, 100):
        raise Rejected("lump nearly at rest")
    return spec
