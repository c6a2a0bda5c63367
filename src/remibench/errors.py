"""The library errors the CLI reports as plain messages (no traceback): bad input, not bugs."""

from __future__ import annotations

from remibench.data.loader import DatasetError
from remibench.generate import GenerationError
from remibench.tasks.base import ConfigError
from remibench.tasks.registry import NotImplementedTask, UnknownTask

USER_ERRORS: tuple[type[BaseException], ...] = (DatasetError, ConfigError, UnknownTask, NotImplementedTask, GenerationError)
