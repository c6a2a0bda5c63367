"""The func_read task; the registry loads ``TASK`` from here by name."""

from remibench.tasks.func_read.task import TASK

__all__ = ["TASK"]
