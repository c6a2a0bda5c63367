"""The charts task; the registry loads ``TASK`` from here by name."""

from remibench.tasks.charts.task import TASK

__all__ = ["TASK"]
