"""Exact arithmetic and the closed-form solver of Collisions.

Kept apart from the sampler so that a label can only depend on what is printed in the images:
everything here reads a stored spec (or plain fractions) and works in exact fractions.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any

Num = int | float


# ---------------------------------------------------------------- exact numbers

def frac(x: Num) -> Fraction:
    """The exact value of a printed number (floats are stored with at most two decimals)."""
    return Fraction(str(x)) if isinstance(x, float) else Fraction(x)


def num(x: Fraction) -> Num:
    """A JSON number for an exact value with at most two decimals."""
    if (x * 100).denominator != 1:
        raise ValueError(f"{x} has more than two decimals")
    return int(x) if x.denominator == 1 else float(x)


def round_step(x: float | Fraction, step: Fraction) -> Fraction:
    """``x`` rounded to the nearest multiple of ``step`` (halves away from zero)."""
    q = Fraction(x) / step
    n = math.floor(abs(q) + Fraction(1, 2))
    return (n if q >= 0 else -n) * step


def fmt_two(x: Fraction | Decimal) -> str:
    """Rounded half-up to two decimals, always printed with two decimals (e.g. ``2.50``)."""
    with localcontext() as context:
        context.prec = 50
        d = x if isinstance(x, Decimal) else Decimal(x.numerator) / Decimal(x.denominator)
        text = f"{d.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"
    return "0.00" if text == "-0.00" else text


def _maybe(values: list[Num | None] | None) -> list[Fraction | None] | None:
    return None if values is None else [None if v is None else frac(v) for v in values]


# ---------------------------------------------------------------- solver

def before_velocities(spec: dict[str, Any]) -> list[Fraction | None]:
    """Velocities before the collision, as printed or from positions at two printed times."""
    if spec.get("layout") == "positions":
        t1 = frac(spec["times"][1]) - frac(spec["times"][0])
        return [(frac(b) - frac(a)) / t1 for a, b in zip(spec["x"][0], spec["x"][1])]
    return _maybe(spec["before"])  # type: ignore[return-value]


def conservation_unknown(masses: list[Fraction | None], before: list[Fraction | None],
                         after: list[Fraction | None] | None, final: Fraction | None, stuck: bool) -> Fraction:
    """The one missing quantity (a mass or a velocity) from conservation of momentum."""
    n = len(masses)
    if stuck:
        if final is None:
            return sum(m * v for m, v in zip(masses, before)) / sum(masses)  # type: ignore[operator,misc]
        after = [final] * n
    assert after is not None
    if None in masses:
        k = masses.index(None)
        rest = sum(masses[j] * (after[j] - before[j]) for j in range(n) if j != k)  # type: ignore[operator]
        return rest / (before[k] - after[k])  # type: ignore[operator]
    if None in before:
        k = before.index(None)
        rest = sum(masses[j] * after[j] for j in range(n)) - sum(masses[j] * before[j] for j in range(n) if j != k)  # type: ignore[operator]
        return rest / masses[k]  # type: ignore[operator]
    k = after.index(None)
    rest = sum(masses[j] * before[j] for j in range(n)) - sum(masses[j] * after[j] for j in range(n) if j != k)  # type: ignore[operator]
    return rest / masses[k]  # type: ignore[operator]


def elastic_after(m1: Fraction, m2: Fraction, v1: Fraction, v2: Fraction,
                  e: Fraction = Fraction(1)) -> tuple[Fraction, Fraction]:
    """Velocities after a 1-D collision of objects 1 and 2 with restitution ``e`` (1: perfectly elastic)."""
    total, momentum = m1 + m2, m1 * v1 + m2 * v2
    return (momentum - m2 * e * (v1 - v2)) / total, (momentum + m1 * e * (v1 - v2)) / total


def restitution(spec: dict[str, Any]) -> Fraction:
    """The restitution the text of an elastic item states (1 = perfectly elastic)."""
    return frac(spec.get("restitution", 1))


def on_rounding_half(x: Fraction) -> bool:
    """True when ``x`` sits exactly half-way between two two-decimal roundings (readers may differ)."""
    return (x * 200).denominator == 1 and (x * 100).denominator != 1


def exact_sqrt(x: Fraction) -> Fraction | None:
    """The exact square root of a non-negative fraction when it is rational, else None."""
    n, d = math.isqrt(x.numerator), math.isqrt(x.denominator)
    return Fraction(n, d) if n * n == x.numerator and d * d == x.denominator else None


def kinetic_energy(masses: list[Fraction], velocities: list[Fraction]) -> Fraction:
    return sum((m * v * v for m, v in zip(masses, velocities)), Fraction(0)) / 2


def first_collision_time(xs: list[Fraction], vs: list[Fraction]) -> Fraction | None:
    """When two neighbours (point objects at constant velocity) first meet, or None if never."""
    times = [(xs[i + 1] - xs[i]) / (vs[i] - vs[i + 1]) for i in range(len(xs) - 1) if vs[i] > vs[i + 1]]
    return min(times) if times else None


def unknown_value(spec: dict[str, Any]) -> Fraction:
    """The exact value a numeric item asks about, before applying its sign convention."""
    qtype = spec["qtype"]
    if spec["dims"] == 2:
        masses = [frac(m) for m in spec["masses"]]
        px = sum(m * frac(v[0]) for m, v in zip(masses, spec["vel2d"]))
        py = sum(m * frac(v[1]) for m, v in zip(masses, spec["vel2d"]))
        return (px * px + py * py) / (sum(masses) ** 2)  # squared speed; see solve()
    masses = _maybe(spec["masses"])
    before = before_velocities(spec)
    if qtype == "elastic":
        m1, m2 = masses  # type: ignore[misc]
        v1, v2 = before  # type: ignore[misc]
        return elastic_after(m1, m2, v1, v2, restitution(spec))[spec["target"]]  # type: ignore[arg-type]
    final = None if spec.get("final") is None else frac(spec["final"])
    return conservation_unknown(masses, before, _maybe(spec.get("after")), final, spec["stuck"])  # type: ignore[arg-type]


def yes_no_value(spec: dict[str, Any]) -> bool:
    if spec["qtype"] == "collide":
        t1 = frac(spec["times"][1]) - frac(spec["times"][0])
        x0 = [frac(x) for x in spec["x"][0]]
        vs = [(frac(b) - a) / t1 for a, b in zip(x0, spec["x"][1])]
        t = first_collision_time(x0, vs)
        return t is not None and frac(spec["times"][0]) + t <= frac(spec["T"])
    masses = [frac(m) for m in spec["masses"]]
    before = before_velocities(spec)
    after = [frac(v) for v in spec["after"]]
    return kinetic_energy(masses, before) == kinetic_energy(masses, after)  # type: ignore[arg-type]


def signed_answer(spec: dict[str, Any], value: Fraction) -> Fraction:
    """Apply the question's convention: speed (magnitude), right or left positive, or a mass."""
    ask = spec["ask"]
    if ask == "speed":
        return abs(value)
    if ask == "left":
        return -value
    return value  # "right" or "mass"
