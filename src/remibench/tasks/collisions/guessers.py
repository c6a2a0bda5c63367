"""Collisions: the shortcut guessers the audit runs, each reading only what a test-taker sees.

Each trick skips part of the reasoning (the masses, the text, one frame) and returns None where it
does not apply; the audit checks that none beats chance.
"""

from __future__ import annotations

from fractions import Fraction

from remibench.audit.base import View
from remibench.tasks.collisions.solve import elastic_after, fmt_two


def _numeric(view: View) -> bool:
    return view.seen["qtype"] not in ("collide", "elastic_check")


def _shown_speeds(view: View) -> list[float]:
    seen = view.seen
    if seen["dims"] == 2:
        return [max(abs(vx), abs(vy)) for vx, vy in seen["vel2d"]]
    values = [v for v in (seen.get("before") or []) + (seen.get("after") or []) if v is not None]
    return [abs(v) for v in values] + ([abs(seen["final"])] if seen.get("final") is not None else [])


def largest_speed(view: View) -> str | None:
    """Numeric: the largest speed printed anywhere."""
    return fmt_two(Fraction(str(max(_shown_speeds(view))))) if _numeric(view) and view.seen["ask"] != "mass" else None


def first_before_speed(view: View) -> str | None:
    """Numeric: the first object's speed before the collision, read from one image."""
    seen = view.seen
    if not _numeric(view) or seen["ask"] == "mass" or seen["dims"] == 2 or seen["before"][0] is None:
        return None
    return fmt_two(abs(Fraction(str(seen["before"][0]))))


def velocities_swap(view: View) -> str | None:
    """Elastic: the asked object leaves with the other's velocity (true only for equal masses)."""
    seen = view.seen
    if seen["qtype"] != "elastic":
        return None
    return fmt_two(abs(Fraction(str(seen["before"][1 - seen["target"]]))))


def restitution_ignored(view: View) -> str | None:
    """Elastic with a stated restitution below 1: the perfectly elastic answer, text unread."""
    seen = view.seen
    if seen["qtype"] != "elastic" or seen["restitution"] == 1:
        return None
    m1, m2 = (Fraction(str(m)) for m in seen["masses"])
    v1, v2 = (Fraction(str(v)) for v in seen["before"])
    return fmt_two(abs(elastic_after(m1, m2, v1, v2)[seen["target"]]))


def speed_unchanged(view: View) -> str | None:
    """General collision, an after-velocity asked: the object keeps its speed from before."""
    seen = view.seen
    if seen["qtype"] != "momentum" or seen["hidden"]["what"] != "after":
        return None
    before = seen["before"][seen["hidden"]["index"]]
    return None if before is None else fmt_two(abs(Fraction(str(before))))


def mass_blind_mean(view: View) -> str | None:
    """Sticking: the plain mean of the velocities before, ignoring the masses."""
    seen = view.seen
    if seen["qtype"] != "inelastic" or seen["dims"] != 1 or seen["hidden"]["what"] != "after":
        return None
    return fmt_two(abs(sum(Fraction(str(v)) for v in seen["before"]) / len(seen["before"])))


def mean_mass(view: View) -> str | None:
    """Unknown mass: the mean of the printed masses."""
    seen = view.seen
    if seen["ask"] != "mass":
        return None
    shown = [Fraction(str(m)) for m in seen["masses"] if m is not None]
    return fmt_two(sum(shown) / len(shown))


def mean_speed_2d(view: View) -> str | None:
    """Top view: the plain mean of the speeds before."""
    speeds = _shown_speeds(view) if view.seen["dims"] == 2 else []
    return fmt_two(Fraction(str(sum(speeds))) / len(speeds)) if speeds else None


def collide_if_close(view: View) -> str | None:
    """Collide: yes when some neighbours are less than 5 m apart in the last snapshot."""
    seen = view.seen
    if seen["qtype"] != "collide":
        return None
    xs = seen["x"][-1]
    return "1" if any(b - a < 5 for a, b in zip(xs, xs[1:])) else "0"


def collide_if_long(view: View) -> str | None:
    """Collide: yes when T is long (at least 10 s, about the median)."""
    return None if view.seen["qtype"] != "collide" else ("1" if view.seen["T"] >= 10 else "0")


def collide_if_closing_fast(view: View) -> str | None:
    """Collide: yes when some gap shrinks by more than a tenth between the snapshots."""
    seen = view.seen
    if seen["qtype"] != "collide":
        return None
    first, last = seen["x"][0], seen["x"][-1]
    gaps = [(b0 - a0, b1 - a1) for a0, b0, a1, b1 in zip(first, first[1:], last, last[1:])]
    return "1" if any(g1 < 0.9 * g0 for g0, g1 in gaps) else "0"


def _check_values(view: View) -> tuple[list[Fraction], list[Fraction], list[Fraction]] | None:
    seen = view.seen
    if seen["qtype"] != "elastic_check":
        return None
    return ([Fraction(str(m)) for m in seen["masses"]], [Fraction(str(v)) for v in seen["before"]],
            [Fraction(str(v)) for v in seen["after"]])


def speeds_kept(view: View) -> str | None:
    """Elastic check: yes when the sum of the speeds is the same before and after."""
    values = _check_values(view)
    if values is None:
        return None
    _, before, after = values
    return "1" if sum(map(abs, before)) == sum(map(abs, after)) else "0"


def mass_blind_energy(view: View) -> str | None:
    """Elastic check: yes when the sum of squared velocities (masses ignored) is kept."""
    values = _check_values(view)
    if values is None:
        return None
    _, before, after = values
    return "1" if sum(v * v for v in before) == sum(v * v for v in after) else "0"


def someone_reverses(view: View) -> str | None:
    """Elastic check: yes when an object bounces back (its velocity changes sign)."""
    values = _check_values(view)
    if values is None:
        return None
    _, before, after = values
    return "1" if any(b * a < 0 for b, a in zip(before, after)) else "0"


GUESSERS = {
    "largest printed speed": largest_speed,
    "first object's speed before": first_before_speed,
    "velocities swap (equal masses)": velocities_swap,
    "mean velocity ignoring masses": mass_blind_mean,
    "restitution ignored (perfectly elastic)": restitution_ignored,
    "speed unchanged by the collision": speed_unchanged,
    "mean of printed masses": mean_mass,
    "2-D mean speed": mean_speed_2d,
    "collide: close in last snapshot": collide_if_close,
    "collide: long T": collide_if_long,
    "collide: gap closing fast": collide_if_closing_fast,
    "elastic check: speeds kept": speeds_kept,
    "elastic check: energy without masses": mass_blind_energy,
    "elastic check: someone bounces back": someone_reverses,
}
