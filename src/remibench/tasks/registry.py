"""The one registry of the 13 ReMI tasks.

Static facts about each task live here so ``remi tasks`` can list them without importing any
generator; the generator module (one per task, exposing ``TASK``) is imported on first use.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from functools import lru_cache

from remibench.items import TASK_NAMES
from remibench.tasks.base import Task


@dataclass(frozen=True)
class TaskInfo:
    name: str
    domain: str
    images: tuple[int, int]
    interleaved: bool
    consumption: str
    image_types: str
    module: str

    def implemented(self) -> bool:
        return importlib.util.find_spec(self.module) is not None


_INFO = [
    TaskInfo("EmojiAlgebra", "algebra", (3, 6), True, "sequential", "same", "emoji_algebra"),
    TaskInfo("FuncRead", "calculus", (2, 3), True, "set", "same", "func_read"),
    TaskInfo("GeomShape", "geometry", (2, 3), True, "sequential", "same", "geom_shape"),
    TaskInfo("GeomCost", "geometry", (2, 3), True, "set", "different", "geom_cost"),
    TaskInfo("Collisions", "physics", (2, 3), True, "sequential", "same", "collisions"),
    TaskInfo("Clocks", "time", (2, 4), True, "sequential", "same or different", "clocks"),
    TaskInfo("Schedule", "planning", (2, 4), True, "set", "different", "schedule"),
    TaskInfo("Charts", "charts", (2, 3), False, "set", "same or different", "charts"),
    TaskInfo("CodeEdit", "code", (2, 3), True, "sequential", "different", "code_edit"),
    TaskInfo("Isomorphism", "graph theory", (2, 2), True, "set", "same", "isomorphism"),
    TaskInfo("Maps", "spatial", (4, 5), True, "set", "same", "maps"),
    TaskInfo("RefCoco", "grounding", (2, 4), True, "set", "same", "refcoco"),
    TaskInfo("IQ", "abstract reasoning", (5, 6), True, "set", "different", "iq"),
]

TASKS: dict[str, TaskInfo] = {
    info.name: TaskInfo(**{**info.__dict__, "module": f"remibench.tasks.{info.module}"}) for info in _INFO
}
assert tuple(TASKS) == TASK_NAMES


class UnknownTask(KeyError):
    """A task name that is not one of the 13."""

    def __str__(self) -> str:
        return f"unknown task {self.args[0]!r}; tasks are: {', '.join(TASK_NAMES)}"


class NotImplementedTask(LookupError):
    """A ReMI task whose generator this version does not have yet."""


def implemented_tasks() -> list[str]:
    """Names of the tasks with a generator, in the official order."""
    return [name for name, info in TASKS.items() if info.implemented()]


@lru_cache(maxsize=None)
def get_task(name: str) -> Task:
    """The generator of task ``name`` (one shared instance per process)."""
    if name not in TASKS:
        raise UnknownTask(name)
    info = TASKS[name]
    if not info.implemented():
        raise NotImplementedTask(f"task {name} has no generator yet (module {info.module})")
    task = importlib.import_module(info.module).TASK
    if task.name != name:
        raise RuntimeError(f"{info.module}.TASK is named {task.name!r}, expected {name!r}")
    return task


def parse_task_list(text: str, *, implemented_only: bool = True) -> list[str]:
    """``all`` or ``T1,T2``: validated names in the official order."""
    if text.strip().lower() == "all":
        return implemented_tasks() if implemented_only else list(TASK_NAMES)
    wanted = [t.strip() for t in text.split(",") if t.strip()]
    for name in wanted:
        if name not in TASKS:
            raise UnknownTask(name)
        if implemented_only and not TASKS[name].implemented():
            raise NotImplementedTask(f"task {name} has no generator yet")
    return [name for name in TASK_NAMES if name in wanted]
