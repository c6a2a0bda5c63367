"""FuncRead question wording: turns a spec's query into the question text.

Several templates per question type, in the style of the published FuncRead questions (LaTeX
between dollar signs, ``<imageN>`` tags where each graph is introduced). The sampler stores
the chosen template indices in the spec, so the text can be rebuilt from the spec alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Spec = dict[str, Any]


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


# ---------------------------------------------------------------- introducing the graphs

def _intro_as_follows(names: list[str]) -> str:
    first = f"The graph of ${names[0]}(x)$ is as follows <image1>"
    rest = [f"${n}(x)$ as follows <image{i}>" for i, n in enumerate(names[1:], start=2)]
    return (first + " and " + rest[0] if len(rest) == 1 else first + ", " + _join(rest)) + "."


INTROS: list[Callable[[list[str]], str]] = [
    _intro_as_follows,
    lambda names: "Here are the graphs of " + _join([f"${n}(x)$ <image{i}>" for i, n in enumerate(names, 1)]) + ".",
    lambda names: _cap(_join([f"the function ${n}$ is plotted in <image{i}>" for i, n in enumerate(names, 1)])) + ".",
    lambda names: "Consider " + _join([f"the graph of ${n}(x)$ in <image{i}>" for i, n in enumerate(names, 1)]) + ".",
    lambda names: _cap(_join([f"the plot <image{i}> shows $y={n}(x)$" for i, n in enumerate(names, 1)])) + ".",
]


# ---------------------------------------------------------------- defining the piecewise h

def _intervals(spec: Spec) -> list[str]:
    """Interval of each piece of h in LaTeX, e.g. ``(-\\infty, 1]``, ``(1, 4]``, ``(4, \\infty)``."""
    splits, closed = spec["splits"], spec["closed_left"]
    out = []
    for k in range(len(splits) + 1):
        lo = "(-\\infty" if k == 0 else ("(" if closed[k - 1] else "[") + str(splits[k - 1])
        hi = "\\infty)" if k == len(splits) else str(splits[k]) + ("]" if closed[k] else ")")
        out.append(f"{lo}, {hi}")
    return out


def _conditions(spec: Spec) -> list[str]:
    """Condition of each piece of h in LaTeX, e.g. ``x \\le 1``, ``1 < x \\le 4``, ``x > 4``."""
    splits, closed = spec["splits"], spec["closed_left"]
    le, ge = "\\le", "\\ge"
    out = []
    for k in range(len(splits) + 1):
        if k == len(splits):
            out.append(f"x {'>' if closed[k - 1] else ge} {splits[k - 1]}")
            continue
        lo = "" if k == 0 else f"{splits[k - 1]} {'<' if closed[k - 1] else le} "
        out.append(f"{lo}x {le if closed[k] else '<'} {splits[k]}")
    return out


def _cases(spec: Spec) -> str:
    rows = " \\\\ ".join(f"{p}(x) & \\text{{if }} {c}" for p, c in zip(spec["pieces"], _conditions(spec)))
    return f"Let $h(x)=\\begin{{cases}} {rows} \\end{{cases}}$."


DEFINITIONS: list[Callable[[Spec], str]] = [
    lambda s: _join([f"$h(x)={p}(x)$ for $x\\in{i}$" for p, i in zip(s["pieces"], _intervals(s))]).join(("Let ", ".")),
    lambda s: "Define " + _join([f"$h(x) = {p}(x)$ if ${c}$" for p, c in zip(s["pieces"], _conditions(s))]) + ".",
    _cases,
    lambda s: "The function $h$ agrees " + _join([f"with ${p}$ on ${i}$" for p, i in zip(s["pieces"], _intervals(s))]) + ".",
]


# ---------------------------------------------------------------- asking

def _lim(c: int, side: str) -> str:
    return f"\\lim_{{x \\to {c}^{side}}} h(x)"


LIMIT_ASKS: dict[str, list[Callable[[int], str]]] = {
    "+": [
        lambda c: f"Compute ${_lim(c, '+')}$.",
        lambda c: f"What is ${_lim(c, '{+}')}$?",
        lambda c: f"Find the limit of $h(x)$ as $x$ approaches ${c}$ from the right.",
        lambda c: f"Evaluate the right-hand limit ${_lim(c, '+')}$.",
    ],
    "-": [
        lambda c: f"Compute ${_lim(c, '-')}$.",
        lambda c: f"What is ${_lim(c, '{-}')}$?",
        lambda c: f"Find the limit of $h(x)$ as $x$ approaches ${c}$ from the left.",
        lambda c: f"Evaluate the left-hand limit ${_lim(c, '-')}$.",
    ],
    "sum": [
        lambda c: f"Compute ${_lim(c, '-')} + {_lim(c, '+')}$.",
        lambda c: f"What is the sum of the left-hand and the right-hand limits of $h(x)$ at $x = {c}$?",
        lambda c: f"Find ${_lim(c, '+')} + {_lim(c, '-')}$.",
    ],
    "difference": [
        lambda c: f"Compute ${_lim(c, '-')} - {_lim(c, '+')}$.",
        lambda c: f"What is the left-hand limit of $h(x)$ at $x = {c}$ minus its right-hand limit there?",
        lambda c: f"Find the value of ${_lim(c, '-')} - {_lim(c, '+')}$.",
    ],
}

VALUE_ASKS: dict[int, list[Callable[[list[int]], str]]] = {
    1: [
        lambda xs: f"Compute $h({xs[0]})$.",
        lambda xs: f"What is the value of $h({xs[0]})$?",
        lambda xs: f"Find $h({xs[0]})$.",
        lambda xs: f"Evaluate $h$ at $x = {xs[0]}$.",
    ],
    2: [
        lambda xs: f"Compute $h({xs[0]}) + h({xs[1]})$.",
        lambda xs: f"What is $h({xs[0]}) + h({xs[1]})$?",
        lambda xs: f"Find the value of $h({xs[0]})+h({xs[1]})$.",
    ],
    3: [
        lambda xs: f"Compute $h({xs[0]}) + h({xs[1]}) + h({xs[2]})$.",
        lambda xs: f"What is $h({xs[0]}) + h({xs[1]}) + h({xs[2]})$?",
        lambda xs: f"Find the value of $h({xs[0]})+h({xs[1]})+h({xs[2]})$.",
    ],
}

EXPRESSION_ASKS: list[Callable[[str], str]] = [
    lambda e: f"Compute ${e}$.",
    lambda e: f"What is the value of ${e}$?",
    lambda e: f"Evaluate ${e}$.",
    lambda e: f"Using the graphs, find ${e}$.",
]

LARGER_ASKS: list[Callable[[int, str, str], str]] = [
    lambda a, m, n: f"Which function has the larger value at $x = {a}$: ${m}$ or ${n}$? Answer with the function name.",
    lambda a, m, n: f"Is ${m}({a})$ or ${n}({a})$ larger? Answer {m} or {n}.",
    lambda a, m, n: f"At $x = {a}$, which is greater, ${m}(x)$ or ${n}(x)$? Give the name of the function.",
    lambda a, m, n: f"Which of the two functions takes the bigger value at $x = {a}$? Answer {m} or {n}.",
]

COUNT_ASKS: list[Callable[[int, int, str, str], str]] = [
    lambda a, b, p, q: f"For how many integers $x$ in $[{a}, {b}]$ is ${p}(x) > {q}(x)$?",
    lambda a, b, p, q: f"How many integer values of $x$ with ${a} \\le x \\le {b}$ satisfy ${p}(x) > {q}(x)$?",
    lambda a, b, p, q: f"Count the integers $x$ from ${a}$ to ${b}$ (inclusive) for which ${q}(x) < {p}(x)$.",
    lambda a, b, p, q: f"On the interval $[{a}, {b}]$, at how many integer points $x$ is ${p}(x)$ strictly greater than ${q}(x)$?",
]


def _composition(spec: Spec, index: int) -> str:
    chain, x = spec["query"]["chain"], spec["query"]["x"]
    if index == len(EXPRESSION_ASKS):  # the circle-notation variant
        circle = " \\circ ".join(chain)
        return f"Find $({circle})({x})$."
    return EXPRESSION_ASKS[index]("".join(f"{n}(" for n in chain) + str(x) + ")" * len(chain))


def _combination(spec: Spec) -> str:
    q = spec["query"]
    terms = [f"{coef if coef != 1 else ''}{name}({x})" for name, x, coef in q["terms"]]
    if q["ops"] == ["*"]:
        return f"{terms[0]} \\cdot {terms[1]}"
    return terms[0] + "".join(f" {op} {t}" for op, t in zip(q["ops"], terms[1:]))


def _ask_options(spec: Spec) -> int:
    q, qtype = spec["query"], spec["qtype"]
    return {
        "limit": lambda: len(LIMIT_ASKS[q["side"]]),
        "piecewise_value": lambda: len(VALUE_ASKS[len(q["xs"])]),
        "composition": lambda: len(EXPRESSION_ASKS) + 1,
        "combination": lambda: len(EXPRESSION_ASKS),
        "larger": lambda: len(LARGER_ASKS),
        "count": lambda: len(COUNT_ASKS),
    }[qtype]()


def pick_wording(rng: Any, spec: Spec) -> dict[str, Any]:
    """Template choices for this spec (stored in it, so the question can be rebuilt)."""
    uses_h = spec["qtype"] in ("limit", "piecewise_value")
    return {
        "intro": rng.randrange(len(INTROS)),
        "define": rng.randrange(len(DEFINITIONS)) if uses_h else None,
        "define_first": uses_h and rng.random() < 0.7,
        "ask": rng.randrange(_ask_options(spec)),
    }


def ask_text(spec: Spec) -> str:
    q, qtype, k = spec["query"], spec["qtype"], spec["wording"]["ask"]
    if qtype == "limit":
        return LIMIT_ASKS[q["side"]][k](q["x"])
    if qtype == "piecewise_value":
        return VALUE_ASKS[len(q["xs"])][k](q["xs"])
    if qtype == "composition":
        return _composition(spec, k)
    if qtype == "combination":
        return EXPRESSION_ASKS[k](_combination(spec))
    if qtype == "larger":
        return LARGER_ASKS[k](q["x"], *q["mention"])
    if qtype == "count":
        other = "g" if q["bigger"] == "f" else "f"
        return COUNT_ASKS[k](q["a"], q["b"], q["bigger"], other)
    raise ValueError(f"unknown FuncRead question type {qtype!r}")


def question_text(spec: Spec) -> str:
    """The full question: (definition of h,) graphs introduced with their tags, the ask."""
    wording = spec["wording"]
    intro = INTROS[wording["intro"]](spec["order"])
    parts = [intro, ask_text(spec)]
    if wording["define"] is not None:
        definition = DEFINITIONS[wording["define"]](spec)
        parts.insert(0 if wording["define_first"] else 1, definition)
    return " ".join(parts)
