"""EmojiAlgebra: evaluate an expression over emojis whose values are fixed by equations.

Image 1 shows an expression such as ``4*🍎*🍌+🍇=?``; each further image shows one linear
equation that fixes one emoji in terms of itself and earlier emojis (``🍌=3*🍌-8``,
``🍇=-4*🍎+5*🍌+12``). The spec holds only the structure (emoji codes, coefficients and
constants); :func:`solve_values` solves the equations in order with exact fractions.

The sampler picks the emoji values first and builds each equation's constant so that the
value comes out an integer; the solver never sees those values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PIL import Image

from remibench.tasks.base import ConfigError, DrawContext, Rejected, Task, TaskConfig, check_min_max, check_range, knob
from remibench.tasks.emoji_algebra.drawing import MINUS, Token, render_token_lines
from remibench.tasks.emoji_algebra.pool import pool_groups
from remibench.tasks.emoji_algebra.solve import check_alternatives, evaluate, solve_values, validate

Spec = dict[str, Any]

# --- config ------------------------------------------------------------------------------------


@dataclass
class EmojiAlgebraConfig(TaskConfig):
    min_emojis: int = knob(2, "fewest emojis (one equation image each), 2..5")
    max_emojis: int = knob(5, "most emojis (one equation image each), 2..5")
    coef_max: int = knob(5, "largest |coefficient| in an equation, 1..9")
    max_refs: int = knob(2, "dependency depth: most earlier emojis one equation refers to, 0..4")
    self_ref_prob: float = knob(0.4, "chance that an equation also has its own emoji on the right (x = a*x + ...); 0 disables")
    lhs_coef_prob: float = knob(0.15, "chance that an equation's left side carries a coefficient (2*x = ...)")
    operators: str = knob("+-*", "operators the expression may use: any non-empty subset of '+-*'")
    max_terms: int = knob(3, "most terms in the expression, 1..5")
    max_factors: int = knob(2, "most emojis multiplied in one expression term, 1..3 (needs '*')")
    expr_coef_max: int = knob(5, "largest coefficient of an expression term, 1..9 (needs '*')")
    value_min: int = knob(1, "smallest emoji value (negative allowed; 0 is never used)")
    value_max: int = knob(10, "largest emoji value (0 is never used)")
    max_abs_constant: int = knob(60, "largest |constant| printed in an equation")
    max_abs_label: int = knob(999, "largest |answer|; bigger draws are rejected")

    def validate(self) -> None:
        check_range(self, "min_emojis", 2, 5)
        check_range(self, "max_emojis", 2, 5)
        check_min_max(self, "min_emojis", "max_emojis")
        check_range(self, "coef_max", 1, 9)
        check_range(self, "max_refs", 0, 4)
        check_range(self, "self_ref_prob", 0.0, 1.0)
        check_range(self, "lhs_coef_prob", 0.0, 1.0)
        if not self.operators or set(self.operators) - set("+-*") or len(set(self.operators)) != len(self.operators):
            raise ConfigError(f"EmojiAlgebraConfig.operators={self.operators!r} must be a non-empty subset of '+-*'")
        check_range(self, "max_terms", 1, 5)
        check_range(self, "max_factors", 1, 3)
        check_range(self, "expr_coef_max", 1, 9)
        check_range(self, "value_min", -30, 30)
        check_range(self, "value_max", -30, 30)
        check_min_max(self, "value_min", "value_max")
        if self.value_min == self.value_max == 0:
            raise ConfigError("EmojiAlgebraConfig: value range [0, 0] has no non-zero value")
        check_range(self, "max_abs_constant", 1, 999)
        check_range(self, "max_abs_label", 10, 99999)
        terms = self.max_terms if set(self.operators) & set("+-") else 1
        factors = self.max_factors if "*" in self.operators else 1
        if terms * factors < self.min_emojis and self.max_refs == 0:
            raise ConfigError("EmojiAlgebraConfig: with max_refs=0 every emoji must appear in the expression, "
                              f"which holds at most {terms * factors} emojis under these knobs")


# --- question wording ----------------------------------------------------------------------------

TEMPLATES: tuple[str, ...] = (
    "Compute the value of the expression in the image below {expr} by using the emoji equations in the following images {eqs}.",
    "What is the value of the expression shown here {expr}? Each emoji stands for a number, which is fixed by the equations in these images: {eqs}.",
    "Evaluate the emoji expression {expr} using the following equations, where each emoji stands for an integer: {eqs}.",
    "The image {expr} shows an expression over emojis. The images {eqs_and} each give one equation for an emoji. Solve them in order and compute the value of the expression.",
    "Find the value of the expression {expr} if the emojis satisfy the equations {eqs}.",
    "Each emoji hides a number. Use the emoji equations in the images below to compute the value of the expression in the first image.\nExpression: {expr}\nEquations: {eqs}",
)


def _tags(first: int, last: int) -> list[str]:
    return [f"<image{k}>" for k in range(first, last + 1)]


def _and_join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- sampling ------------------------------------------------------------------------------------


def _nonzero(rng: Any, low: int, high: int) -> int:
    choices = [v for v in range(low, high + 1) if v != 0]
    return rng.choice(choices)


def _signed_coef(rng: Any, magnitude: int) -> int:
    return rng.randint(1, magnitude) * rng.choice((1, -1))


def _pick_emojis(rng: Any, n: int) -> list[str]:
    """``n`` emoji codes from ``n`` different look-alike groups."""
    groups = pool_groups()
    chosen = rng.sample(sorted(groups), n)
    return [rng.choice(groups[name]) for name in chosen]


def _sample_equation(rng: Any, config: EmojiAlgebraConfig, target: int, values: list[int]) -> Spec:
    """One equation for emoji ``target``; it refers only to earlier emojis not worth 1 or -1
    (``🍌 = 3*🍎 + 2`` with 🍎 = 1 could be answered by reading 3*🍎 as 3)."""
    referable = [j for j in range(target) if abs(values[j]) != 1]
    depth = min(config.max_refs, len(referable))
    count = rng.randint(1, depth) if depth and rng.random() < 0.85 else 0
    refs = sorted(rng.sample(referable, count))
    lhs = rng.randint(2, min(3, config.coef_max)) if config.coef_max >= 2 and rng.random() < config.lhs_coef_prob else 1
    terms = [{"coef": _signed_coef(rng, config.coef_max), "emoji": j} for j in refs]
    if rng.random() < config.self_ref_prob:
        choices = [c for m in range(1, config.coef_max + 1) for c in (m, -m) if c != lhs]
        if choices:
            terms.append({"coef": rng.choice(choices), "emoji": target})
    rng.shuffle(terms)
    constant = (lhs - sum(t["coef"] for t in terms if t["emoji"] == target)) * values[target]
    constant -= sum(t["coef"] * values[t["emoji"]] for t in terms if t["emoji"] != target)
    if abs(constant) > config.max_abs_constant:
        raise Rejected("equation constant too large")
    if constant:
        const_term = {"coef": constant, "emoji": None}
        if terms and rng.random() < 0.25:
            terms.insert(0, const_term)
        else:
            terms.append(const_term)
    return {"target": target, "lhs_coef": lhs, "rhs": terms}


def _sample_expression(rng: Any, config: EmojiAlgebraConfig, equations: list[Spec], n: int) -> list[Spec]:
    """Terms covering every emoji that no later equation refers to (so every image is needed).

    Emojis referred to by a later equation are needed through it; some join the expression
    anyway, so that it always shows at least two emojis.
    """
    referenced = {t["emoji"] for eq in equations for t in eq["rhs"] if t["emoji"] not in (None, eq["target"])}
    mandatory = [e for e in range(n) if e not in referenced]
    optional = [e for e in range(n) if e in referenced]
    extras = [e for e in optional if rng.random() < 0.35]
    if len(mandatory) + len(extras) < 2 and optional:  # a lone emoji would make a dull expression
        extras = [rng.choice(optional)]
    emojis = mandatory + extras
    rng.shuffle(emojis)
    ops = config.operators
    max_factors = config.max_factors if "*" in ops else 1
    max_terms = config.max_terms if ("+" in ops or "-" in ops) else 1
    if "+" not in ops and "-" not in ops:
        groups = [emojis]
    else:
        groups = []
        while emojis:
            take = rng.randint(1, min(max_factors, len(emojis)))
            groups.append(sorted(emojis[:take]))
            emojis = emojis[take:]
    if len(groups) > max_terms or any(len(g) > max_factors for g in groups):
        raise Rejected("expression too long")
    signs = [s for s in (1, -1) if "+-"[s < 0] in ops]
    terms = []
    for i, factors in enumerate(groups):
        coef = 1
        if "*" in ops and config.expr_coef_max >= 2 and rng.random() < 0.5:
            coef = rng.randint(2, config.expr_coef_max)
        if i == 0:
            sign = -1 if "-" in ops and rng.random() < 0.15 else 1
        else:
            sign = rng.choice(signs)
        terms.append({"coef": sign * coef, "factors": factors})
    return terms


def _check(spec: Spec, values: list[int], config: EmojiAlgebraConfig) -> None:
    """Reject draws whose answer is unwieldy or does not need every equation image."""
    if validate(spec, config) != values:
        raise RuntimeError("EmojiAlgebra solver disagrees with the sampled values")
    check_alternatives(spec, config)


# --- display tokens ------------------------------------------------------------------------------


def _term_tokens(coef: int, emojis: list[str], first: bool) -> list[Token]:
    """``+ 3 * 🍎 * 🍌``; coefficient 1 omitted, a leading term shows only a minus sign."""
    tokens: list[Token] = []
    sign = ""
    if first:
        sign = "-" if coef < 0 else ""  # a leading sign is glued to what follows
    else:
        tokens.append(("text", "-" if coef < 0 else "+"))
    if not emojis:
        return tokens + [("text", sign + str(abs(coef)))]
    if abs(coef) != 1:
        tokens += [("text", sign + str(abs(coef))), ("text", "*")]
    elif sign:
        tokens.append(("text", MINUS))
    for k, code in enumerate(emojis):
        if k:
            tokens.append(("text", "*"))
        tokens.append(("emoji", code))
    return tokens


def expression_tokens(spec: Spec) -> list[Token]:
    codes = spec["emojis"]
    tokens: list[Token] = []
    for i, term in enumerate(spec["expression"]):
        tokens += _term_tokens(term["coef"], [codes[e] for e in term["factors"]], i == 0)
    return tokens + [("text", "="), ("text", "?")]


def equation_tokens(spec: Spec, equation: Spec) -> list[Token]:
    codes = spec["emojis"]
    tokens = _term_tokens(equation["lhs_coef"], [codes[equation["target"]]], True) + [("text", "=")]
    for i, term in enumerate(equation["rhs"]):
        emojis = [] if term["emoji"] is None else [codes[term["emoji"]]]
        tokens += _term_tokens(term["coef"], emojis, i == 0)
    return tokens


def image_lines(spec: Spec) -> list[list[Token]]:
    """The tokens of every image: the expression, then one equation per image."""
    return [expression_tokens(spec)] + [equation_tokens(spec, eq) for eq in spec["equations"]]


# --- the task ------------------------------------------------------------------------------------


class EmojiAlgebraTask(Task):
    name = "EmojiAlgebra"
    domain = "algebra"
    consumption = "sequential"
    image_types_default = "same"
    version = "2"
    config_cls = EmojiAlgebraConfig

    def sample(self, rng: Any, config: EmojiAlgebraConfig, ctx: DrawContext) -> Spec:
        n = rng.randint(config.min_emojis, config.max_emojis)
        codes = _pick_emojis(rng, n)
        values = [_nonzero(rng, config.value_min, config.value_max) for _ in range(n)]
        equations = [_sample_equation(rng, config, i, values) for i in range(n)]
        spec: Spec = {
            "template": rng.randrange(len(TEMPLATES)),
            "emojis": codes,
            "expression": _sample_expression(rng, config, equations, n),
            "equations": equations,
        }
        _check(spec, values, config)
        return spec

    def question(self, spec: Spec) -> str:
        k = 1 + len(spec["equations"])
        eqs = _tags(2, k)
        return TEMPLATES[spec["template"]].format(expr="<image1>", eqs=" ".join(eqs), eqs_and=_and_join(eqs))

    def solve(self, spec: Spec) -> str:
        answer = evaluate(spec, solve_values(spec))
        if answer.denominator != 1:
            raise ValueError(f"EmojiAlgebra answer {answer} is not an integer")
        return str(answer.numerator)

    def render(self, spec: Spec) -> list[Image.Image]:
        return render_token_lines(image_lines(spec))


TASK = EmojiAlgebraTask()
