"""FuncRead: read values, one-sided limits and comparisons off function plots.

Each image plots one function on an integer grid. The question combines readings from
several plots: one-sided limits and values of a piecewise ``h`` built from the plotted
functions, compositions ``f(g(a))``, sums and products of readings, which function is larger
at a point, and how many integers in an interval satisfy ``f(x) > g(x)``.

Functions are exact objects (integer or rational polynomial coefficients; piecewise-linear
graphs with integer breakpoints, jumps and holes), so the solver works with fractions.
The sampler only asks about *readable* values: integer x, integer y, at least one grid cell
inside the plotted window, on a part of the curve that is not too steep; jumps and holes are
drawn with closed and open circles so that values and limits can be told apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from PIL import Image

from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_range, knob
from remibench.tasks.func_read.checks import h_piece, problem
from remibench.tasks.func_read.model import limit, make_function, make_window, readable, reading, value
from remibench.tasks.func_read.wording import pick_wording, question_text

FAMILIES = ("polynomial", "piecewise_linear", "jump")
QUESTION_TYPES = ("limit", "piecewise_value", "composition", "combination", "larger", "count")
THREE_FUNCTION_TYPES = ("piecewise_value", "composition", "combination")
SLOTS_PER_TYPE = 3  # "larger" takes 2 slots (one per answer), so "f"/"g" stay rare labels
# (count, interval size) pairs, each equally often: the count is never none or all of the interval,
# and neither the count nor the number of integers that fail it follows from the size
COUNT_TARGETS = [(n, size) for size in range(3, 9) for n in range(1, size)]
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#e6550d", "#8c564b")


@dataclass
class FuncReadConfig(TaskConfig):
    question_types: list[str] = knob(list(QUESTION_TYPES), "question types to draw from: " + ", ".join(QUESTION_TYPES))
    families: list[str] = knob(list(FAMILIES), "function families: " + ", ".join(FAMILIES))
    max_functions: int = knob(3, "most plotted functions per item (2 or 3; 3 only for h, compositions and sums)")
    three_function_share: float = knob(0.35, "share of eligible items drawn with three functions")
    composition_depth: int = knob(3, "deepest nesting of f(g(...)) (2 or 3)")
    window_min: int = knob(10, "smallest plotted span of x and of y, in grid units")
    window_max: int = knob(14, "largest plotted span of x and of y, in grid units")
    max_slope: int = knob(3, "steepest slope (grid units) of a line or curve where a value is read")

    def validate(self) -> None:
        for name, allowed in (("question_types", QUESTION_TYPES), ("families", FAMILIES)):
            values = getattr(self, name)
            if not values or any(v not in allowed for v in values):
                raise ConfigError(f"FuncReadConfig.{name}={values!r} must be a non-empty subset of {list(allowed)}")
        check_range(self, "max_functions", 2, 3)
        check_range(self, "three_function_share", 0.0, 1.0)
        check_range(self, "composition_depth", 2, 3)
        check_range(self, "window_min", 8, 16)
        check_range(self, "window_max", self.window_min, 16)
        check_range(self, "max_slope", 1, 4)


def h_value(spec: dict[str, Any], x: int) -> Fraction:
    return value(spec["functions"][h_piece(spec, Fraction(x))], x)


def h_limit(spec: dict[str, Any], x: int, side: str) -> Fraction:
    return limit(spec["functions"][h_piece(spec, Fraction(x), side)], x, side)


# ---------------------------------------------------------------- sampling per question type

def _slots(config: FuncReadConfig) -> list[tuple[str, str | None]]:
    slots: list[tuple[str, str | None]] = []
    for qtype in QUESTION_TYPES:
        if qtype in config.question_types:
            slots += [("larger", "f"), ("larger", "g")] if qtype == "larger" else [(qtype, None)] * SLOTS_PER_TYPE
    return slots


def _keep_share(result: int) -> float:
    """How often to keep a draw with this answer: readings cluster near 0, so small answers
    are thinned to keep any one label value rare across a dataset."""
    return min(1.0, 0.15 + 0.08 * abs(result))


def _pick(rng: Any, options: dict[int, Any] | list[Any], reason: str) -> Any:
    if not options:
        raise Rejected(reason)
    return rng.choice(sorted(options))


class _Builder:
    """Draws the functions and the query of one item; every method fills ``self.spec``."""

    def __init__(self, rng: Any, config: FuncReadConfig, names: list[str]) -> None:
        self.rng, self.config, self.names = rng, config, names
        self.spec: dict[str, Any] = {"functions": {}, "windows": {}}

    def family(self, may_jump: bool = False) -> str:
        if may_jump and "jump" in self.config.families and self.rng.random() < 0.65:
            return "jump"
        return self.rng.choice(self.config.families)

    def add(self, name: str, family: str, need_x: Sequence[int] = (), forced: dict[int, str] | None = None) -> None:
        """Draw a window (keeping ``need_x`` well inside) and a function of ``family`` for it."""
        config = self.config
        window = make_window(self.rng, config.window_min, config.window_max, list(need_x))
        self.spec["windows"][name] = window
        self.spec["functions"][name] = make_function(self.rng, window, family, forced or {}, config.max_slope)

    def readings(self, name: str) -> dict[int, int]:
        return readable(self.spec["functions"][name], self.spec["windows"][name], self.config.max_slope)

    def read(self, name: str, x: int, side: str | None = None) -> int | None:
        return reading(self.spec["functions"][name], self.spec["windows"][name], x, self.config.max_slope, side)

    # -- piecewise h (limit, piecewise_value)
    def h_frame(self) -> None:
        rng, n = self.rng, len(self.names)
        pieces = self.names[:]
        rng.shuffle(pieces)
        if n == 2:
            splits = [rng.randint(-3, 3)]
        else:
            first = rng.randint(-4, 0)
            splits = [first, first + rng.randint(2, 4)]
        self.spec.update(pieces=pieces, splits=splits, closed_left=[rng.random() < 0.5 for _ in splits])

    def limit(self) -> None:
        rng = self.rng
        self.h_frame()
        j = rng.randrange(len(self.spec["splits"]))
        c = self.spec["splits"][j]
        side = rng.choice(("sum", "difference"))  # both graphs count; a one-sided limit needs one graph only
        left, right = self.spec["pieces"][j], self.spec["pieces"][j + 1]
        wanted = {"+": [right], "-": [left]}.get(side, [left, right])
        for name in self.names:
            family = self.family(may_jump=name in wanted)
            forced = {c: rng.choice(("jump", "jump", "hole"))} if name in wanted else {}
            self.add(name, family, self.spec["splits"], forced)
        for name, s in ((left, "-"), (right, "+")):
            if name in wanted and self.read(name, c, s) is None:
                raise Rejected("limit not readable")
        self.spec["query"] = {"x": c, "side": side}

    def piecewise_value(self) -> None:
        """``h`` at one point of every piece (summed), so every graph is read; a point may be a
        split point, where the closed end decides which piece it belongs to."""
        rng, spec = self.rng, self.spec
        self.h_frame()
        splits, pieces = spec["splits"], spec["pieces"]
        at_split = {k: rng.random() < 0.4 for k in range(len(pieces))}
        owners = {h_piece(spec, Fraction(c)): c for c in splits}
        forced: dict[str, dict[int, str]] = {name: {} for name in self.names}
        for name, c in owners.items():
            if at_split[pieces.index(name)]:
                forced[name][c] = rng.choice(("jump", "hole"))
        for name in self.names:
            need_jump = bool(forced[name]) and rng.random() < 0.7
            self.add(name, self.family(may_jump=need_jump), splits, forced[name])
        bounds = [-99, *splits, 99]
        xs = []
        for k, name in enumerate(pieces):
            if at_split[k] and name in owners:
                xs.append(owners[name])
                continue
            inside = {x: v for x, v in self.readings(name).items() if bounds[k] < x < bounds[k + 1]}
            xs.append(_pick(rng, inside, "no readable point on a piece"))
        rng.shuffle(xs)
        spec["query"] = {"xs": xs}

    # -- plain readings (composition, combination, larger, count)
    def plain(self, same_window: bool = False) -> None:
        """Functions for plain readings; compared graphs share one window, so either value could
        lie above the other and neither plot's range settles the comparison."""
        for name in self.names:
            self.add(name, self.family())
        if same_window:
            window = self.spec["windows"][self.names[0]]
            for name in self.names[1:]:
                self.spec["windows"][name] = list(window)
                self.spec["functions"][name] = make_function(self.rng, window, self.family(), {}, self.config.max_slope)

    def composition(self, depth: int) -> None:
        rng = self.rng
        self.plain()
        if len(self.names) == 3:
            chain = self.names[:]
            rng.shuffle(chain)
        else:
            outer, inner = rng.sample(self.names, 2)
            chain = [outer, inner] if depth == 2 else [outer, inner, outer]
        tables = {name: self.readings(name) for name in self.names}
        starts = []
        for a in tables[chain[-1]]:
            v: int | None = a
            for name in reversed(chain):
                v = tables[name].get(v) if v is not None else None
            if v is not None:
                starts.append(a)
        self.spec["query"] = {"chain": chain, "x": _pick(rng, starts, "no readable composition")}

    def combination(self) -> None:
        """A sum, difference or product of readings, sometimes with a small coefficient."""
        rng = self.rng
        self.plain()
        ops = [rng.choice("+-*")] if len(self.names) == 2 else [rng.choice("+-") for _ in range(2)]
        scaled = -1 if ops == ["*"] or rng.random() < 0.5 else rng.randrange(len(self.names))
        terms = []
        for k, name in enumerate(self.names):
            table = self.readings(name)
            if ops == ["*"]:
                table = {x: v for x, v in table.items() if v not in (0, 1)}
            terms.append([name, _pick(rng, table, "no readable point"), rng.choice((2, 3)) if k == scaled else 1])
        self.spec["query"] = {"terms": terms, "ops": ops}

    def larger(self, target: str) -> None:
        rng = self.rng
        self.plain(same_window=True)
        f, g = self.readings("f"), self.readings("g")
        sign = 1 if target == "f" else -1
        y0, y1 = self.spec["windows"]["f"][2:]
        # both values two cells away from the lowest and highest readable rows: near the edge of the
        # shared window, the order of the two values would be half given away by the window
        xs = [x for x in f if x in g and (f[x] - g[x]) * sign > 0 and all(y0 + 3 <= v <= y1 - 3 for v in (f[x], g[x]))]
        self.spec["query"] = {"x": _pick(rng, xs, "no point with the wanted larger function"), "mention": rng.sample(["f", "g"], 2)}

    def count(self, target: tuple[int, int]) -> None:
        """An interval of ``size`` readable integers, ``n`` of them with f > g, for ``target`` =
        (n, size) (or the nearest pair these functions allow).

        The pair comes from the item's position (not the draw), so rejected draws cannot drift the
        counts towards the easy ones; pairs are spread so that neither the count nor the number of
        integers that fail it is predictable from the interval's length.
        """
        rng = self.rng
        self.plain(same_window=True)
        f, g = self.readings("f"), self.readings("g")
        common = sorted(x for x in f if x in g)
        runs: list[list[int]] = []
        for x in common:
            if runs and x == runs[-1][-1] + 1:
                runs[-1].append(x)
            else:
                runs.append([x])
        by_pair: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        for run in runs:
            for size in range(3, min(8, len(run)) + 1):
                for a in run[:len(run) - size + 1]:
                    for bigger, p, q in (("f", f, g), ("g", g, f)):
                        n = sum(1 for x in range(a, a + size) if p[x] > q[x])
                        if 0 < n < size and all(p[x] != q[x] for x in range(a, a + size)):
                            by_pair.setdefault((n, size), []).append((a, a + size - 1, bigger))
        if not by_pair:
            raise Rejected("no readable interval")
        def gap(pair: tuple[int, int]) -> int:
            return abs(pair[0] - target[0]) + abs(pair[1] - pair[0] - (target[1] - target[0]))
        nearest = min(gap(pair) for pair in by_pair)
        if nearest:
            # usually draw again; now and then settle for the nearest pair, so that narrow
            # configs (e.g. polynomials only, small windows) still finish
            if rng.random() < 0.95:
                raise Rejected("no interval with the drawn count")
            target = rng.choice(sorted(pair for pair in by_pair if gap(pair) == nearest))
        a, b, bigger = rng.choice(by_pair[target])
        self.spec["query"] = {"a": a, "b": b, "bigger": bigger}


# ---------------------------------------------------------------- the task

class FuncReadTask(Task):
    name = "FuncRead"
    domain = "calculus"
    consumption = "set"
    image_types_default = "same"
    version = "2"
    config_cls = FuncReadConfig

    def sample(self, rng: Any, config: FuncReadConfig, ctx: DrawContext) -> dict[str, Any]:
        slots = _slots(config)
        qtype, target = slots[ctx.balanced(len(slots))]
        three = (qtype in THREE_FUNCTION_TYPES and config.max_functions == 3
                 and rng.random() < config.three_function_share
                 and not (qtype == "composition" and config.composition_depth < 3))
        letters = ("f", "g", "k") if qtype in ("limit", "piecewise_value") else ("f", "g", "h")
        names = list(letters[:3 if three else 2])
        builder = _Builder(rng, config, names)
        if qtype == "composition":
            depth = 3 if three or (config.composition_depth == 3 and rng.random() < 0.4) else 2
            builder.composition(depth)
        elif qtype == "larger":
            builder.larger(target or "f")
        elif qtype == "count":
            builder.count(COUNT_TARGETS[ctx.balanced(len(COUNT_TARGETS))])
        else:
            getattr(builder, qtype)()
        spec = builder.spec
        spec["qtype"] = qtype
        reason = problem(spec, config.max_slope)
        if reason:
            raise Rejected(reason)
        if qtype not in ("larger", "count") and rng.random() > _keep_share(int(answer(spec))):
            raise Rejected("common small answer thinned")
        order = names[:]
        if rng.random() < 0.5:
            rng.shuffle(order)
        colors = rng.sample(COLORS, len(order))
        spec.update(qtype=qtype, order=order, colors=colors)
        spec["wording"] = pick_wording(rng, spec)
        return spec

    def question(self, spec: dict[str, Any]) -> str:
        return question_text(spec)

    def solve(self, spec: dict[str, Any]) -> str:
        return str(answer(spec))

    def render(self, spec: dict[str, Any]) -> list[Image.Image]:
        from remibench.tasks.func_read.drawing import plot_function

        return [plot_function(spec["functions"][name], spec["windows"][name], name, color)
                for name, color in zip(spec["order"], spec["colors"])]


def answer(spec: dict[str, Any]) -> int | str:
    """The label's value, computed from the spec's functions alone."""
    fns, q, qtype = spec["functions"], spec["query"], spec["qtype"]
    if qtype == "limit":
        left, right = h_limit(spec, q["x"], "-"), h_limit(spec, q["x"], "+")
        result = {"+": right, "-": left, "sum": left + right, "difference": left - right}[q["side"]]
    elif qtype == "piecewise_value":
        result = sum((h_value(spec, x) for x in q["xs"]), Fraction(0))
    elif qtype == "composition":
        result = Fraction(q["x"])
        for name in reversed(q["chain"]):
            result = value(fns[name], result)
    elif qtype == "combination":
        readings = [coef * value(fns[name], x) for name, x, coef in q["terms"]]
        if q["ops"] == ["*"]:
            result = readings[0] * readings[1]
        else:
            result = readings[0]
            for op, r in zip(q["ops"], readings[1:]):
                result = result + r if op == "+" else result - r
    elif qtype == "larger":
        f, g = value(fns["f"], q["x"]), value(fns["g"], q["x"])
        if f == g:
            raise ValueError("larger: f and g are equal at the queried point")
        return "f" if f > g else "g"
    elif qtype == "count":
        first, second = (fns["f"], fns["g"]) if q["bigger"] == "f" else (fns["g"], fns["f"])
        result = Fraction(sum(1 for x in range(q["a"], q["b"] + 1) if value(first, x) > value(second, x)))
    else:
        raise ValueError(f"unknown FuncRead question type {qtype!r}")
    if result.denominator != 1:
        raise ValueError(f"FuncRead answer {result} is not an integer")
    return int(result)


TASK = FuncReadTask()
