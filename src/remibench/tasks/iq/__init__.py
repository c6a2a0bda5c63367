"""The iq task; the registry loads ``TASK`` from here by name."""

from remibench.tasks.iq.task import TASK

__all__ = ["TASK"]
