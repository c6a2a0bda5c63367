"""The maps task; the registry loads ``TASK`` from here by name."""

from remibench.tasks.maps.task import TASK

__all__ = ["TASK"]
