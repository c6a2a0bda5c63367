"""The geom_shape task; the registry loads ``TASK`` from here by name."""

from remibench.tasks.geom_shape.task import TASK

__all__ = ["TASK"]
