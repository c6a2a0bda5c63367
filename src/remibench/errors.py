"""The library errors the CLI reports as plain messages (no traceback): bad input, not bugs."""

from __future__ import annotations

from remibench.backends.base import UnsupportedInput
from remibench.backends.factory import UnknownModel
from remibench.data.loader import DatasetError
from remibench.generate import GenerationError
from remibench.runner.cache import CacheError
from remibench.runner.store import RunStoreError
from remibench.shards import ShardError
from remibench.tasks.base import ConfigError
from remibench.tasks.registry import NotImplementedTask, UnknownTask

USER_ERRORS: tuple[type[BaseException], ...] = (
    DatasetError, ConfigError, UnknownTask, NotImplementedTask, GenerationError, UnknownModel, UnsupportedInput,
    RunStoreError, ShardError, CacheError,
)
