"""The text-only shortcut that works for every task.

The text-only model is multinomial naive Bayes over the question's words and word pairs,
trained on one split and tested on another: if the wording alone predicts the label better than
chance, the images are not what decides the answer (the hypothesis-only baseline of NLI).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

_WORD = re.compile(r"[a-z]+|\d+(?:\.\d+)?|[^\sa-z\d]")
MAX_CLASSES = 12  # a text model over more labels than this is not a meaningful shortcut


def features(question: str) -> list[str]:
    """Words and numbers of the question, and adjacent pairs of them."""
    words = _WORD.findall(question.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


class NaiveBayesText:
    """Multinomial naive Bayes with add-one smoothing over :func:`features`."""

    def __init__(self, questions: Sequence[str], labels: Sequence[str]) -> None:
        self.class_counts = Counter(labels)
        self.word_counts: dict[str, Counter[str]] = {label: Counter() for label in self.class_counts}
        for question, label in zip(questions, labels):
            self.word_counts[label].update(features(question))
        self.vocabulary = set().union(*self.word_counts.values()) if self.word_counts else set()
        self.totals = {label: sum(counts.values()) for label, counts in self.word_counts.items()}
        self.n = len(labels)

    def __call__(self, question: str) -> str | None:
        if not self.class_counts:
            return None
        words = [w for w in features(question) if w in self.vocabulary]
        size = len(self.vocabulary) + 1

        def score(label: str) -> float:
            counts, total = self.word_counts[label], self.totals[label]
            prior = math.log(self.class_counts[label] / self.n)
            return prior + sum(math.log((counts[w] + 1) / (total + size)) for w in words)

        return max(self.class_counts, key=score)


def suits_text_model(labels: Sequence[str]) -> bool:
    """A small closed label set, where predicting from the words is a meaningful trick."""
    return 1 < len(set(labels)) <= MAX_CLASSES
