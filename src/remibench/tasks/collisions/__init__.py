"""The collisions task; the registry loads ``TASK`` from here by name."""

from remibench.tasks.collisions.task import TASK

__all__ = ["TASK"]
