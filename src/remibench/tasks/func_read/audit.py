"""FuncRead's audit hooks: what a reader of the graphs sees, one-graph variations and the tricks to rule out.

Image k plots one function. A variation shifts that graph up or down by a few grid cells (every
reading of it moves by the same whole number) or redraws it in the same window and family; the
text variation asks about other points. Every variation must pass the sampler's checks
(``checks.problem``): readable values, no zero term, no tie, no skippable function.
"""

from __future__ import annotations

import copy
import random
from fractions import Fraction
from typing import Any

from remibench.audit.base import NoVariation, Part, TaskAudit, View
from remibench.tasks.base import Rejected
from remibench.tasks.func_read.checks import asked_readings, h_piece, problem
from remibench.tasks.func_read.model import limit, make_function, readable, value
from remibench.tasks.func_read.task import TASK, FuncReadConfig, answer
from remibench.tasks.func_read.wording import question_text

MAX_SLOPE = FuncReadConfig().max_slope
ATTEMPTS = 40  # candidate changes of one graph per variation


def _checked(varied: dict[str, Any]) -> dict[str, Any]:
    reason = problem(varied, MAX_SLOPE)
    if reason:
        raise NoVariation(reason)
    try:
        answer(varied)
    except (ValueError, ZeroDivisionError) as error:
        raise NoVariation(str(error)) from None
    return varied


def _shifted(fn: dict[str, Any], window: list[int], d: int) -> dict[str, Any]:
    """The graph moved up by ``d`` cells; a piecewise graph must stay inside the window."""
    fn = copy.deepcopy(fn)
    if fn["family"] == "polynomial":
        fn["num"][0] += d * fn["den"]
        return fn
    fn["seg"] = [[s + d, e + d] for s, e in fn["seg"]]
    fn["at"] = [a + d for a in fn["at"]]
    values = [v for pair in fn["seg"] for v in pair] + fn["at"]
    if min(values) < window[2] + 1 or max(values) > window[3] - 1:
        raise NoVariation("the shifted graph leaves the window")
    return fn


def _bumped(fn: dict[str, Any], x: int, v: int) -> dict[str, Any]:
    """A piecewise graph whose value at ``x`` becomes ``v``: the dot at a breakpoint moves (with
    both ends where the graph is continuous there), or a new corner is put at ``x``."""
    fn = copy.deepcopy(fn)
    xs = fn["xs"]
    if x in xs[1:-1]:
        j = xs.index(x)
        if fn["seg"][j - 1][1] == fn["seg"][j][0] == fn["at"][j - 1]:
            fn["seg"][j - 1][1] = fn["seg"][j][0] = v
        fn["at"][j - 1] = v
        return fn
    i = next((i for i in range(len(xs) - 1) if xs[i] < x < xs[i + 1]), None)
    if i is None:
        raise NoVariation("the point is not inside the graph")
    (s, e) = fn["seg"][i]
    fn["xs"] = xs[:i + 1] + [x] + xs[i + 1:]
    fn["seg"] = fn["seg"][:i] + [[s, v], [v, e]] + fn["seg"][i + 1:]
    fn["at"] = fn["at"][:i] + [v] + fn["at"][i:]
    return fn


def _bump_targets(spec: dict[str, Any], name: str, x: int) -> list[int]:
    """New values at ``x`` likely to change the answer: for an inner graph of a composition, the
    inputs the next graph is readable at; for a comparison, values on the other side of the other graph."""
    window, q, current = spec["windows"][name], spec["query"], value(spec["functions"][name], x)
    inside = [v for v in range(window[2] + 1, window[3]) if v != current]
    if spec["qtype"] == "composition" and name in q["chain"][1:]:
        outer = q["chain"][q["chain"].index(name, 1) - 1]
        usable = readable(spec["functions"][outer], spec["windows"][outer], MAX_SLOPE)
        return [v for v in inside if v in usable]
    if spec["qtype"] in ("larger", "count"):
        other = value(spec["functions"]["g" if name == "f" else "f"], x)
        return [v for v in inside if (v > other) != (current > other) and v != other]
    return []


def _one_graph_change(spec: dict[str, Any], name: str, rng: random.Random) -> dict[str, Any]:
    """Shift the graph, move its value at an asked point, or redraw it."""
    varied = copy.deepcopy(spec)
    fn, window = spec["functions"][name], spec["windows"][name]
    asked = [x for n, x, side, _ in asked_readings(spec, MAX_SLOPE) if n == name and side is None]
    choice = rng.random()
    if choice < 0.4 or (choice < 0.8 and (fn["family"] == "polynomial" or not asked)):
        varied["functions"][name] = _shifted(fn, window, rng.choice((-4, -3, -2, -1, 1, 2, 3, 4)))
    elif choice < 0.8:
        x = rng.choice(asked)
        v = rng.choice(_bump_targets(spec, name, x) or [v for v in range(window[2] + 1, window[3]) if v != value(fn, x)])
        varied["functions"][name] = _bumped(fn, x, v)
    else:
        forced = {c: "jump" for c in spec.get("splits", [])} if fn["family"] == "jump" else {}
        try:
            varied["functions"][name] = make_function(rng, window, fn["family"], forced, MAX_SLOPE)
        except Rejected as error:
            raise NoVariation(error.reason) from None
    return _checked(varied)


def _vary_graph(spec: dict[str, Any], k: int, rng: random.Random) -> dict[str, Any]:
    """A valid change of graph ``k``, preferring one that changes the answer (up to ``ATTEMPTS`` draws)."""
    name, label = spec["order"][k - 1], TASK.solve(spec)
    found = None
    for _ in range(ATTEMPTS):
        try:
            varied = _one_graph_change(spec, name, rng)
        except NoVariation:
            continue
        if TASK.solve(varied) != label:
            return varied
        found = varied
    if found is None:
        raise NoVariation("no valid change of the graph")
    return found


def _vary_text(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Ask about another point (or interval) of the same graphs."""
    varied = copy.deepcopy(spec)
    q, qtype, fns, wins = varied["query"], spec["qtype"], spec["functions"], spec["windows"]
    table = {n: readable(fns[n], wins[n], MAX_SLOPE) for n in fns}
    if qtype == "limit":  # the split point carries the jumps; ask for the other combination of the limits
        q["side"] = {"sum": "difference", "difference": "sum"}.get(q["side"], q["side"])
    elif qtype == "piecewise_value":
        i = rng.randrange(len(q["xs"]))
        name = h_piece(spec, Fraction(q["xs"][i]))
        options = [x for x in table[name] if h_piece(spec, Fraction(x)) == name and x not in q["xs"]]
        if not options:
            raise NoVariation("no other point on the piece")
        q["xs"][i] = rng.choice(options)
    elif qtype == "composition":
        q["x"] = rng.choice(sorted(table[q["chain"][-1]]))
    elif qtype == "combination":
        term = rng.choice(q["terms"])
        term[1] = rng.choice(sorted(table[term[0]]))
    elif qtype == "larger":
        q["x"] = rng.choice(sorted(set(table["f"]) & set(table["g"])))
    else:
        shift = rng.choice((-2, -1, 1, 2))
        q["a"], q["b"] = q["a"] + shift, q["b"] + shift
    if question_text(varied) == question_text(spec):
        raise NoVariation("same question")
    return _checked(varied)


class FuncReadAudit(TaskAudit):
    task = "FuncRead"

    def options(self, spec: dict[str, Any]) -> tuple[str, ...] | None:
        return tuple(spec["query"]["mention"]) if spec["qtype"] == "larger" else None

    def view(self, spec: dict[str, Any]) -> View:
        keys = ("qtype", "query", "order", "functions", "windows", "pieces", "splits", "closed_left")
        seen = {key: copy.deepcopy(spec[key]) for key in keys if key in spec}
        return View(question=TASK.question(spec), options=self.options(spec), seen=seen)

    def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
        if part == "text":
            return _vary_text(spec, rng)
        return _vary_graph(spec, part, rng)

    def text_carries_data(self, spec: dict[str, Any]) -> bool:
        return True  # the points, intervals and h's split points are given in the text


# ----------------------------------------------------------------------------- shortcuts

def _int(v: Fraction) -> str | None:
    return str(int(v)) if v.denominator == 1 else None


def _val(view: View, name: str, x: Fraction | int) -> Fraction:
    return value(view.seen["functions"][name], x)


def larger_first_named(view: View) -> str | None:
    return view.options[0] if view.options else None


def larger_first_image(view: View) -> str | None:
    return view.seen["order"][0] if view.seen["qtype"] == "larger" else None


def first_term_only(view: View) -> str | None:
    """The first reading the question names, the rest ignored (the value read from one image only)."""
    q, qtype = view.seen["query"], view.seen["qtype"]
    if qtype == "combination":
        name, x, coef = q["terms"][0]
        return _int(coef * _val(view, name, x))
    if qtype == "limit" and q["side"] in ("sum", "difference"):
        return _int(limit(view.seen["functions"][h_piece(view.seen, Fraction(q["x"]), "-")], q["x"], "-"))
    if qtype == "piecewise_value" and len(q["xs"]) > 1:
        return _int(_val(view, h_piece(view.seen, Fraction(q["xs"][0])), q["xs"][0]))
    return None


def outer_function_only(view: View) -> str | None:
    """composition: the outer function at the given point, the inner ones skipped."""
    q = view.seen["query"]
    return _int(_val(view, q["chain"][0], q["x"])) if view.seen["qtype"] == "composition" else None


def inner_function_only(view: View) -> str | None:
    """composition: the innermost reading only."""
    q = view.seen["query"]
    return _int(_val(view, q["chain"][-1], q["x"])) if view.seen["qtype"] == "composition" else None


def reversed_chain(view: View) -> str | None:
    """composition: the functions applied in the wrong order."""
    if view.seen["qtype"] != "composition":
        return None
    q, v = view.seen["query"], Fraction(view.seen["query"]["x"])
    for name in q["chain"]:
        v = _val(view, name, v)
    return _int(v)


def values_for_limits(view: View) -> str | None:
    """limit: the plotted values (closed dots) at the split point instead of the one-sided limits."""
    if view.seen["qtype"] != "limit":
        return None
    q = view.seen["query"]
    left, right = (_val(view, h_piece(view.seen, Fraction(q["x"]), s), q["x"]) for s in ("-", "+"))
    return _int({"+": right, "-": left, "sum": left + right, "difference": left - right}[q["side"]])


def no_coefficient(view: View) -> str | None:
    """combination: the coefficient dropped."""
    q = view.seen["query"]
    if view.seen["qtype"] != "combination" or all(c == 1 for _, _, c in q["terms"]):
        return None
    spec = copy.deepcopy(dict(view.seen))
    spec["query"]["terms"] = [[n, x, 1] for n, x, _ in q["terms"]]
    return str(answer(spec))


def every_integer(view: View) -> str | None:
    """count: every integer of the interval."""
    q = view.seen["query"]
    return str(q["b"] - q["a"] + 1) if view.seen["qtype"] == "count" else None


def all_but_one(view: View) -> str | None:
    """count: every integer of the interval but one."""
    q = view.seen["query"]
    return str(q["b"] - q["a"]) if view.seen["qtype"] == "count" else None


def half(view: View) -> str | None:
    """count: half the integers of the interval, rounded down."""
    q = view.seen["query"]
    return str((q["b"] - q["a"] + 1) // 2) if view.seen["qtype"] == "count" else None


def last_term_only(view: View) -> str | None:
    """The last reading the question names, the others ignored."""
    q, qtype = view.seen["query"], view.seen["qtype"]
    if qtype == "combination":
        name, x, coef = q["terms"][-1]
        return _int(coef * _val(view, name, x))
    if qtype == "limit" and q["side"] in ("sum", "difference"):
        return _int(limit(view.seen["functions"][h_piece(view.seen, Fraction(q["x"]), "+")], q["x"], "+"))
    if qtype == "piecewise_value" and len(q["xs"]) > 1:
        return _int(_val(view, h_piece(view.seen, Fraction(q["xs"][-1])), q["xs"][-1]))
    return None


AUDIT = FuncReadAudit()
AUDIT.guessers = {
    "zero": lambda view: "0",
    "larger: always f": lambda view: "f" if view.seen["qtype"] == "larger" else None,
    "larger: the function named first": larger_first_named,
    "larger: the function of image 1": larger_first_image,
    "one image only: the first term": first_term_only,
    "one image only: the last term": last_term_only,
    "composition: outer function only": outer_function_only,
    "composition: inner function only": inner_function_only,
    "composition: reversed order": reversed_chain,
    "limit: values instead of limits": values_for_limits,
    "combination: coefficient dropped": no_coefficient,
    "count: every integer": every_integer,
    "count: all but one": all_but_one,
    "count: half the interval": half,
}
