"""The refcoco task; the registry loads ``TASK`` from here by name."""

from remibench.tasks.refcoco.task import TASK

__all__ = ["TASK"]
