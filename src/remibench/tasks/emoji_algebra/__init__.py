"""The emoji_algebra task; the registry loads ``TASK`` from here by name."""

from remibench.tasks.emoji_algebra.task import TASK

__all__ = ["TASK"]
