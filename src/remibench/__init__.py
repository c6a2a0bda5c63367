"""remibench: the ReMI multi-image reasoning benchmark (generators, evaluation, reports)."""

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "create_dataset", "remi_reward"]


def __getattr__(name: str) -> Any:
    """``remibench.create_dataset`` and ``remibench.remi_reward``, imported on first use so that
    importing the package (and ``remi --help``) stays instant."""
    if name in ("create_dataset", "remi_reward"):
        from remibench import training

        return getattr(training, name)
    raise AttributeError(f"module 'remibench' has no attribute {name!r}")
