"""What a person should type for each task: the official instruction is written for models
("the answer field contains..."), so the page adds a short hint in plain words."""

from __future__ import annotations

from remibench.prompt import TAILS

HINTS: dict[str, str] = {
    "EmojiAlgebra": "a whole number, e.g. 42 or -7",
    "FuncRead": "a number, or a function's name such as f, as the question asks",
    "GeomShape": "a number, e.g. 16.1 (round as the question says)",
    "GeomCost": "a number of dollars, e.g. 1226.50 (no $ sign)",
    "Collisions": "a number, e.g. 3.53; for a yes/no question 1 for yes and 0 for no",
    "Clocks": "minutes, as a whole number, e.g. 95",
    "Schedule": "a short text as the question asks: a gate, a flight number or a city",
    "Charts": "a number, or a pair like (name, increased), as the question asks",
    "CodeEdit": "the line of code, as it would appear in the program",
    "Isomorphism": "1 if the graphs are isomorphic, 0 if not",
    "Maps": "two route letters in order, e.g. D,B",
    "RefCoco": "an image number, e.g. 2",
    "IQ": "a letter A-E",
}


def answer_hint(task: str) -> str:
    """The plain-words format of an answer to ``task``."""
    return HINTS.get(task, "a short answer, as the question asks")


def official_instruction(task: str) -> str:
    """The task-specific sentence the official prompt gives models, for reference."""
    return TAILS.get(task, "")
