"""The generator framework every task module plugs into.

A task is three pure stages over a JSON-serialisable *spec*:

* ``sample(rng, config, ctx)`` draws a spec from a seeded RNG (and raises :class:`Rejected`
  for degenerate draws),
* ``solve(spec)`` computes the label from the spec alone, by code separate from sampling,
* ``render(spec)`` draws the images; it never decides the answer.

``question(spec)`` words the question from the spec, so a stored spec is enough to check an
item again (``remi verify``).
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from PIL import Image

from remibench.items import Consumption, ImageTypes
from remibench.seeding import balanced_slot


class Rejected(Exception):
    """A degenerate draw (ambiguous, unreadable, too close to tell apart); draw again."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ConfigError(ValueError):
    """A task configuration value outside what the generator supports."""


def knob(default: Any, help: str) -> Any:
    """A config field with the help text ``remi tasks`` shows."""
    if isinstance(default, (list, dict, set)):
        return dataclasses.field(default_factory=lambda: type(default)(default), metadata={"help": help})
    return dataclasses.field(default=default, metadata={"help": help})


@dataclass
class TaskConfig:
    """Base of every task's config: difficulty knobs with sensible defaults, validated."""

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the first invalid knob."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Self:
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise ConfigError(f"{cls.__name__}: unknown knob(s) {', '.join(unknown)}; known: {', '.join(sorted(names))}")
        config = cls(**values)
        config.validate()
        return config

    @classmethod
    def knobs(cls) -> list[tuple[str, Any, str]]:
        """(name, default, help) of every knob, for listings."""
        out = []
        for f in dataclasses.fields(cls):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
            out.append((f.name, default, f.metadata.get("help", "")))
        return out


def check_range(config: TaskConfig, name: str, low: float, high: float) -> None:
    """Raise unless ``low <= config.name <= high``."""
    value = getattr(config, name)
    if not low <= value <= high:
        raise ConfigError(f"{type(config).__name__}.{name}={value!r} must lie in [{low}, {high}]")


def check_min_max(config: TaskConfig, low_name: str, high_name: str) -> None:
    """Raise unless ``config.low_name <= config.high_name``."""
    low, high = getattr(config, low_name), getattr(config, high_name)
    if low > high:
        raise ConfigError(f"{type(config).__name__}: {low_name}={low} exceeds {high_name}={high}")


@dataclass(frozen=True)
class DrawContext:
    """Where an item sits in the dataset; lets a task balance its answers across items."""

    base_seed: int
    task: str
    split: str
    index: int
    seed: int

    def balanced(self, n_options: int) -> int:
        """The answer class (0..n_options-1) this item must take for exact balance."""
        return balanced_slot(self.base_seed, self.task, self.split, self.index, n_options)


class Task(ABC):
    """One ReMI task: class attributes describe it, methods are the three pure stages."""

    name: ClassVar[str]
    domain: ClassVar[str]
    consumption: ClassVar[Consumption]
    image_types_default: ClassVar[ImageTypes] = "same"
    version: ClassVar[str] = "1"
    config_cls: ClassVar[type[TaskConfig]] = TaskConfig

    @abstractmethod
    def sample(self, rng: Any, config: Any, ctx: DrawContext) -> dict[str, Any]:
        """Draw a JSON-serialisable spec; raise :class:`Rejected` for a degenerate draw."""

    @abstractmethod
    def question(self, spec: dict[str, Any]) -> str:
        """The question text with ``<image1>..<imageK>`` tags."""

    @abstractmethod
    def solve(self, spec: dict[str, Any]) -> str:
        """The label, computed from the spec alone."""

    @abstractmethod
    def render(self, spec: dict[str, Any]) -> list[Image.Image]:
        """The K images, in tag order."""

    def image_types(self, spec: dict[str, Any]) -> ImageTypes:
        """Whether this item's images are all of one kind of picture."""
        return self.image_types_default
