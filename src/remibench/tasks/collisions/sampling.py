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
from remibench.tasks.collisions.solve import (
    exact_sqrt,
    first_collision_time,
    frac,
    kinetic_energy,
    num,
    on_rounding_half,
    round_step,
    unknown_value,
)
from remibench.tasks.collisions.wording import LETTERS, NOUNS_1D, NOUNS_2D

MIN_GAP = 3  # metres between neighbours in a position snapshot, so drawings never touch
RESTITUTIONS_NOT_ELASTIC = tuple(Fraction(x) for x in ("0.1", "0.2", "0.25", "0.3", "0.4", "0.5", "0.6", "0.7", "0.75", "0.8"))
DIRECTIONS_2D = ((1, 0), (0, 1), (-1, 0), (0, -1))
BOUNCE_WEIGHTS = (47, 47, 6)  # elastic-check items where 0, 1 or 2 objects reverse direction
P_SPEED_IS_GAP = 0.06
YES_MARGIN, NO_MARGIN = Fraction(105, 100), Fraction(95, 100)  # T against the meeting time in collide items
# Restitutions an elastic item may state instead of "perfectly elastic".
RESTITUTIONS_STATED = tuple(Fraction(x) for x in ("0.2", "0.25", "0.4", "0.5", "0.6", "0.75", "0.8", "0.9"))


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


def pick_type(config: CollisionsConfig, ctx: DrawContext) -> tuple[str, bool, float]:
    """The question type, (for yes/no types) the answer, exactly balanced per block of slots, and a
    share in [0, 1) that the yes and the no item of one pair of slots have in common."""
    weights = [(t, config.type_weights.get(t, 0)) for t in QTYPES if config.type_weights.get(t, 0) > 0]
    total = sum(w for _, w in weights)
    slot = ctx.balanced(total)
    for qtype, weight in weights:
        if slot < weight:
            pair = (ctx.base_seed, ctx.split, qtype, ctx.index // total, slot // 2)
            return qtype, slot % 2 == 1, random.Random(repr(pair)).random()
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
        # the after frame must carry something needed: its masses, unless it prints velocities
        spec["mass_frame"] = rng.choice((0, 2)) if masses_anywhere else 2
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
    if on_rounding_half(abs(value)):
        raise Rejected("answer sits exactly on a rounding half")
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
    if stuck and what == "after" and len(set(masses)) == 1:
        raise Rejected("equal masses: the plain mean of the velocities, masses unread")
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
        spec.update(stuck=False, final=None,
                    after=[None if (what == "after" and j == k) else num(a) for j, a in enumerate(after)])
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
        if on_rounding_half(value):
            raise Rejected("unknown mass sits exactly on a rounding half")
        spec["ask"] = "mass"
    else:
        spec["ask"] = _velocity_ask(rng, config, value)
    if not _physical(full_m, full_b, full_a, stuck):  # type: ignore[arg-type]
        raise Rejected("completed collision is not physical")
    return spec


def sample_elastic(rng: random.Random, config: CollisionsConfig) -> dict[str, Any]:
    """Two objects, perfectly elastic or with a stated restitution; asks one velocity afterwards."""
    spec = _base(rng, "elastic", 2)
    masses = [_mass(rng, config) for _ in range(2)]
    if masses[0] == masses[1]:
        raise Rejected("equal masses just swap velocities, masses unread")
    _set_before(spec, rng, config, 2, stuck=False, positions_ok=True, masses_anywhere=False)
    e = rng.choice(RESTITUTIONS_STATED) if rng.random() < config.p_restitution else Fraction(1)
    spec.update(masses=[num(m) for m in masses], stuck=False, after=None, final=None, hidden=None, target=rng.randrange(2),
                restitution=num(e))
    spec["ask"] = _velocity_ask(rng, config, unknown_value(spec))
    return spec


def sample_elastic_check(rng: random.Random, config: CollisionsConfig, elastic: bool) -> dict[str, Any]:
    """Before and after velocities printed exactly; the collision is elastic or loses energy."""
    # How many objects bounce back is drawn first, the same way for both answers: a head-on double
    # bounce keeps the total speed exactly when the collision is elastic, so it stays rare.
    reversals = rng.choices((0, 1, 2), BOUNCE_WEIGHTS)[0]
    # Where both pairs of velocities have opposite signs (or one is zero), the total speed is the
    # relative speed, so "total speed kept" would decide; that case is as rare for both answers.
    speed_is_gap = rng.random() < P_SPEED_IS_GAP
    for _ in range(3000):
        spec = _base(rng, "elastic_check", 2)
        masses = [_mass(rng, config) for _ in range(2)]
        if masses[0] == masses[1]:
            continue  # equal masses would let the sum of squared velocities decide, masses unread
        before = _set_before(spec, rng, config, 2, stuck=False, positions_ok=True, masses_anywhere=True)
        e = Fraction(1) if elastic else rng.choice(RESTITUTIONS_NOT_ELASTIC)
        total = masses[0] * before[0] + masses[1] * before[1]
        gap = before[0] - before[1]
        after = [(total - masses[1] * e * gap) / sum(masses), (total + masses[0] * e * gap) / sum(masses)]
        if not all((a * 100).denominator == 1 and abs(a) <= 3 * config.max_speed for a in after):
            continue
        if not _elastic_twins_printable(spec, masses, before, after, elastic, config):
            continue
        if sum(a * b < 0 for a, b in zip(after, before)) != reversals:
            continue
        if (before[0] * before[1] <= 0 and after[0] * after[1] <= 0) != speed_is_gap:
            continue
        spec.update(masses=[num(m) for m in masses], after=[num(a) for a in after], stuck=False, final=None,
                    hidden=None, ask="yesno")
        return spec
    raise Rejected("after-velocities not exact to two decimals")


def _elastic_twins_printable(spec: dict[str, Any], masses: list[Fraction], before: list[Fraction],
                             after: list[Fraction], elastic: bool, config: CollisionsConfig) -> bool:
    """Whether each frame alone could flip the answer with printable numbers: after-velocities
    (two decimals) and before-velocities (half m/s, or half-metre positions in either snapshot)
    for the other kind of collision, momentum kept. Then every frame decides the answer, not the
    printability of the alternative."""
    m1, m2 = masses
    total, momentum = m1 + m2, m1 * before[0] + m2 * before[1]
    gap_before, gap_after = before[0] - before[1], after[1] - after[0]
    others = RESTITUTIONS_NOT_ELASTIC if elastic else (Fraction(1),)
    after_ok = any(all((v * 100).denominator == 1 and abs(v) <= 3 * config.max_speed for v in
                       ((momentum - m2 * e * gap_before) / total, (momentum + m1 * e * gap_before) / total))
                   for e in others)
    return after_ok and any(_before_twin_ok(spec, [(momentum + m2 * gap_after / e) / total,
                                                   (momentum - m1 * gap_after / e) / total], config) for e in others)


def _before_twin_ok(spec: dict[str, Any], vs: list[Fraction], config: CollisionsConfig) -> bool:
    if any((v * 2).denominator != 1 or abs(v) > config.max_speed for v in vs) or vs[0] <= vs[1]:
        return False
    if spec["layout"] != "positions":
        return True
    t1 = spec["times"][1]
    x0, x1 = ([frac(x) for x in row] for row in spec["x"])
    return (_readable_snapshot([x - v * t1 for x, v in zip(x1, vs)])
            and _readable_snapshot([x + v * t1 for x, v in zip(x0, vs)]))


def sample_collide(rng: random.Random, config: CollisionsConfig, collide: bool, pivot_share: float = 0.5) -> dict[str, Any]:
    """Point objects at two printed times; do two of them meet within T seconds?

    Some pair always approaches and meets on the drawn track, so a "no" needs the meeting time
    (it comes after T), never just the sight of objects drifting apart.
    """
    n = _n_objects(rng, config)
    limit = min(3, config.max_speed)
    # A pivot time P is spread log-uniformly over pairs of items (3-25 s), shared by the yes and the
    # no item of a pair and fixed per item (not per attempt), so rejected draws cannot bend it. The
    # meeting comes at P / sqrt(f) and T = P * sqrt(f) with f just above 1 (yes) or just below it
    # (no): the answer shifts T and the meeting time each by half of a small margin, so neither the
    # size of T nor the look of the motion tells it.
    pivot = math.exp(math.log(3) + pivot_share * math.log(25 / 3))
    for _ in range(3000):
        factor = rng.uniform(1.05, 1.09) if collide else rng.uniform(0.92, 0.95)
        drawn = _motion_meeting_near(rng, n, limit, pivot / math.sqrt(factor))
        if drawn is None:
            continue
        x0, vs, t1, t_hit = drawn
        x1 = [x + v * t1 for x, v in zip(x0, vs)]
        T = round_step(float(t_hit) * factor, Fraction(1, 2))
        if (collide and T < YES_MARGIN * t_hit) or (not collide and T > NO_MARGIN * t_hit):
            continue
        if T <= t1 + 1:
            continue
        spec = _base(rng, "collide", n)
        spec.update(layout="positions", times=[0, t1], T=num(T), x=[[num(x) for x in x0], [num(x) for x in x1]])
        return spec
    raise Rejected("no collide-within draw")


def _motion_meeting_near(rng: random.Random, n: int, limit: int,
                         target: float) -> tuple[list[Fraction], list[Fraction], int, Fraction] | None:
    """Positions and velocities whose first meeting falls within 6% of ``target`` seconds, every
    snapshot readable and the meeting on the track; None when this try fails."""
    vs = [_velocity(rng, limit) for _ in range(n)]
    pairs = [i for i in range(n - 1) if vs[i] > vs[i + 1]]
    if not pairs:
        return None
    p = rng.choice(pairs)
    gaps = [Fraction(rng.randint(2 * MIN_GAP, 30), 2) for _ in range(n - 1)]
    gaps[p] = round_step(float(vs[p] - vs[p + 1]) * target, Fraction(1, 2))
    if gaps[p] < MIN_GAP:
        return None
    span = sum(gaps)
    if span > TRACK_METRES - 2:
        return None
    start = Fraction(rng.randint(2, int(2 * (TRACK_METRES - 1 - span))), 2)
    x0 = [start + sum(gaps[:k], Fraction(0)) for k in range(n)]
    t1 = rng.choice((1, 2))
    t_hit = first_collision_time(x0, vs)
    if t_hit is None or abs(math.log(float(t_hit) / target)) > 0.06:
        return None
    x1 = [x + v * t1 for x, v in zip(x0, vs)]
    if not (_readable_snapshot(x0) and _readable_snapshot(x1)) or not meets_on_track(x0, vs, t_hit):
        return None
    if any((vs[i] - vs[i + 1]) * t1 < 1 for i in range(n - 1) if vs[i] > vs[i + 1]):
        return None  # a gap closing by one grid step only could not close more slowly in another snapshot
    return x0, vs, t1, t_hit


def meets_on_track(x0: list[Fraction], vs: list[Fraction], t_hit: Fraction) -> bool:
    """The first meeting happens on the drawn ruler, at least 1 m from either end (objects not
    involved may run past the drawn part of the track)."""
    at_hit = [x + v * t_hit for x, v in zip(x0, vs)]
    meeting = [at_hit[i] for i in range(len(vs) - 1) if vs[i] > vs[i + 1] and at_hit[i] == at_hit[i + 1]]
    return all(1 <= x <= TRACK_METRES - 1 for x in meeting)


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
    speed = exact_sqrt(unknown_value(spec))
    if speed is not None and on_rounding_half(speed):
        raise Rejected("speed sits exactly on a rounding half")
    return spec
