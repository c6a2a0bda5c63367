"""The clocks task; the registry loads ``TASK`` from here by name."""

from remibench.tasks.clocks.task import TASK

__all__ = ["TASK"]
