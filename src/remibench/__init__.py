"""remibench: the ReMI multi-image reasoning benchmark (generators, evaluation, reports)."""

__version__ = "0.1.0"
