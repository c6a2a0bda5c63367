"""The schedule task; the registry loads ``TASK`` from here by name."""

from remibench.tasks.schedule.task import TASK

__all__ = ["TASK"]
