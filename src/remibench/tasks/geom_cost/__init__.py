"""The geom_cost task; the registry loads ``TASK`` from here by name."""

from remibench.tasks.geom_cost.task import TASK

__all__ = ["TASK"]
