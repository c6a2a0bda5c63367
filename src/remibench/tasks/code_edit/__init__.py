"""The code_edit task; the registry loads ``TASK`` from here by name."""

from remibench.tasks.code_edit.task import TASK

__all__ = ["TASK"]
