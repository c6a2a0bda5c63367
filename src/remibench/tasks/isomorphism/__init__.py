"""The isomorphism task; the registry loads ``TASK`` from here by name."""

from remibench.tasks.isomorphism.task import TASK

__all__ = ["TASK"]
