"""Answer extraction and per-task scoring: the official rules, and a lenient variant."""

from remibench.scoring.official import BAD_JSON, extract_official, prepare_label, score_official
from remibench.scoring.lenient import extract_lenient, score_lenient

SCORERS = ("official", "lenient")

__all__ = ["BAD_JSON", "SCORERS", "extract_official", "prepare_label", "score_official", "extract_lenient",
           "score_lenient"]
