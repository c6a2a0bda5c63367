"""Collisions: whether a finished spec is a well-posed item, whoever made it.

The samplers build items that pass these checks by construction; the audit's variations (one
printed number changed) are run through them so that a varied item is one the sampler could
have produced: a physical collision, an answer in range and clear of rounding halves, readable
snapshots, and for yes/no items a clear margin between the meeting time and ``T``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from remibench.tasks.base import Rejected
from remibench.tasks.collisions.sampling import (
    NO_MARGIN,
    RESTITUTIONS_NOT_ELASTIC,
    TRACK_METRES,
    YES_MARGIN,
    _physical,
    _readable_snapshot,
    meets_on_track,
)
from remibench.tasks.collisions.solve import (
    before_velocities,
    elastic_after,
    exact_sqrt,
    first_collision_time,
    frac,
    on_rounding_half,
    restitution,
    unknown_value,
)

MAX_MASS = 8  # the default config's heaviest object
MAX_SPEED = 6


def _positions_ok(spec: dict[str, Any]) -> None:
    if spec.get("layout") == "positions":
        if not all(_readable_snapshot([frac(x) for x in row]) for row in spec["x"]):
            raise Rejected("snapshot leaves the track or crowds together")
        if any((frac(x) * 2).denominator != 1 for row in spec["x"] for x in row):
            raise Rejected("positions are printed in half metres")


def _check_velocity(spec: dict[str, Any], value: Fraction) -> None:
    if not Fraction(1, 10) <= abs(value) <= 40:
        raise Rejected("answer out of range")
    if on_rounding_half(abs(value)):
        raise Rejected("answer on a rounding half")
    if spec["ask"] in ("right", "left") and (value > 0) != (spec["ask"] == "right"):
        raise Rejected("the stated convention makes the answer negative")


def _check_conservation(spec: dict[str, Any], value: Fraction) -> None:
    masses = [None if m is None else frac(m) for m in spec["masses"]]
    before = before_velocities(spec)
    what, k, n, stuck = spec["hidden"]["what"], spec["hidden"]["index"], len(masses), spec["stuck"]
    if any(m is not None and m <= 0 for m in masses):
        raise Rejected("a mass is not positive")
    full_m = [value if m is None else m for m in masses]
    full_b = [value if v is None else v for v in before]
    if stuck:
        full_a = [value] * n if what == "after" else [frac(spec["final"])] * n
    else:
        full_a = [value if v is None else frac(v) for v in spec["after"]]
    if stuck and what == "after" and len(set(full_m)) == 1:
        raise Rejected("equal masses")
    if what == "mass":
        if not Fraction(1, 4) <= value <= 3 * MAX_MASS or on_rounding_half(value):
            raise Rejected("unknown mass out of range or on a rounding half")
        if abs(full_b[k] - full_a[k]) < Fraction(1, 2):
            raise Rejected("unknown mass ill-conditioned")
    else:
        _check_velocity(spec, value)
    if not _physical(full_m, full_b, full_a, stuck):  # type: ignore[arg-type]
        raise Rejected("completed collision is not physical")


def _check_collide(spec: dict[str, Any]) -> None:
    t1 = frac(spec["times"][1]) - frac(spec["times"][0])
    x0 = [frac(x) for x in spec["x"][0]]
    vs = [(frac(b) - a) / t1 for a, b in zip(x0, spec["x"][1])]
    t_hit = first_collision_time(x0, vs)
    T = frac(spec["T"])
    if t_hit is None or not meets_on_track(x0, vs, t_hit):
        raise Rejected("no meeting on the track")
    if NO_MARGIN * t_hit < T < YES_MARGIN * t_hit:
        raise Rejected("T too close to the meeting time")
    if not frac(spec["times"][-1]) < T <= 60 or (T * 2).denominator != 1:
        raise Rejected("T out of range")


def _check_elastic_check(spec: dict[str, Any]) -> None:
    masses = [frac(m) for m in spec["masses"]]
    before = before_velocities(spec)
    after = [frac(v) for v in spec["after"]]
    if before[0] <= before[1]:  # type: ignore[operator]
        raise Rejected("not approaching")
    if sum(m * v for m, v in zip(masses, before)) != sum(m * v for m, v in zip(masses, after)):  # type: ignore[misc]
        raise Rejected("momentum not conserved")
    e = (after[1] - after[0]) / (before[0] - before[1])  # type: ignore[operator]
    if not min(RESTITUTIONS_NOT_ELASTIC) <= e <= 1:
        raise Rejected("restitution outside the sampler's range")
    if masses[0] == masses[1]:
        raise Rejected("equal masses")
    if any(abs(a) > 3 * MAX_SPEED or (a * 100).denominator != 1 for a in after):
        raise Rejected("after-velocity out of range")


def well_posed(spec: dict[str, Any]) -> None:
    """Raise :class:`Rejected` unless ``spec`` is an item the samplers could have produced."""
    qtype = spec["qtype"]
    _positions_ok(spec)
    if qtype == "collide":
        _check_collide(spec)
        return
    if qtype == "elastic_check":
        _check_elastic_check(spec)
        return
    try:
        value = unknown_value(spec)
    except ZeroDivisionError:
        raise Rejected("unknown not determined") from None
    if spec["dims"] == 2:
        if any(frac(m) <= 0 for m in spec["masses"]) or value < Fraction(1, 100):
            raise Rejected("lump nearly at rest")
        speed = exact_sqrt(value)
        if speed is not None and on_rounding_half(speed):
            raise Rejected("speed on a rounding half")
        return
    if qtype == "elastic":
        masses = [frac(m) for m in spec["masses"]]
        before = before_velocities(spec)
        if any(m <= 0 for m in masses) or before[0] <= before[1]:  # type: ignore[operator]
            raise Rejected("not approaching")
        if masses[0] == masses[1]:
            raise Rejected("equal masses")
        elastic_after(masses[0], masses[1], before[0], before[1], restitution(spec))  # type: ignore[arg-type]
        _check_velocity(spec, value)
        return
    _check_conservation(spec, value)


def snapshots_decide(spec: dict[str, Any]) -> bool:
    """Collide items: each snapshot matters, i.e. moving one object in that snapshot alone (to a
    position the sampler could print) can give a valid item with the other answer."""
    answer = _collide_yes(spec)
    for k in range(len(spec["x"])):
        if not any(_flips(spec, k, j, Fraction(h, 2), answer) for j in range(len(spec["names"]))
                   for h in range(2, 2 * TRACK_METRES - 1)):
            return False
    return True


def _collide_yes(spec: dict[str, Any]) -> bool:
    t1 = frac(spec["times"][1]) - frac(spec["times"][0])
    x0 = [frac(x) for x in spec["x"][0]]
    t = first_collision_time(x0, [(frac(b) - a) / t1 for a, b in zip(x0, spec["x"][1])])
    return t is not None and t <= frac(spec["T"])


def _flips(spec: dict[str, Any], k: int, j: int, x: Fraction, answer: bool) -> bool:
    if x == frac(spec["x"][k][j]):
        return False
    varied = {**spec, "x": [list(row) for row in spec["x"]]}
    varied["x"][k][j] = x
    try:
        _positions_ok(varied)
        _check_collide(varied)
    except Rejected:
        return False
    return _collide_yes(varied) != answer
