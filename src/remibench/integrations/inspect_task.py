"""ReMI as an inspect_ai task: ``inspect eval remibench/remi --model openai/gpt-4o -T tasks=Clocks``.

Registered through the ``inspect_ai`` entry point of this package (``pip install
'remibench[inspect]'``). Each sample is one user message whose parts are the official prompt's
text and images in the official order (or another ``-T layout=``), byte for byte what
``remi eval`` sends; the scorer is this project's official one (``-T scorer=lenient`` for the
lenient rules), and the metrics are accuracy per task and the ReMI score, the mean of the
per-task accuracies. Task options: ``data`` (a folder, parquet file or hub name), ``tasks``
(``all`` or a comma list), ``split``, ``limit`` (items per task), ``layout``, ``scorer``.
"""

from __future__ import annotations

import base64
from typing import Any

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessageUser, ContentImage, ContentText, GenerateConfig
from inspect_ai.scorer import CORRECT, INCORRECT, Score, Target, accuracy, grouped, scorer
from inspect_ai.solver import TaskState, generate

from remibench.data.loader import PUBLISHED_HUB_NAME, load_items
from remibench.items import Item
from remibench.prompt import LAYOUTS, ImagePart, build_message
from remibench.scoring import score_lenient, score_official
from remibench.tasks.registry import parse_task_list

SCORERS = ("official", "lenient")


def sample_of(item: Item, layout: str = "interleaved") -> Sample:
    """The item as one user message of text and image parts, in the layout's order."""
    content: list[Any] = []
    for part in build_message(item, layout).parts:
        if isinstance(part, ImagePart):
            content.append(ContentImage(image="data:image/png;base64," + base64.b64encode(part.png).decode("ascii")))
        else:
            content.append(ContentText(text=part.text))
    return Sample(input=[ChatMessageUser(content=content)], target=item.label, id=item.id,
                  metadata={"task": item.task, "layout": layout})


@scorer(metrics=[grouped(accuracy(), "task", all="groups", all_label="ReMI score")])
def remi_scorer(kind: str = "official") -> Any:
    """The verdict of the official (or lenient) rules on the model's completion."""
    if kind not in SCORERS:
        raise ValueError(f"scorer {kind!r}: choose official or lenient")

    async def score(state: TaskState, target: Target) -> Score:
        task_name = state.metadata["task"]
        response = state.output.completion
        official_prediction, official = score_official(task_name, response, target.text)
        lenient_prediction, lenient = score_lenient(task_name, response, target.text)
        correct = official if kind == "official" else lenient
        return Score(value=CORRECT if correct else INCORRECT,
                     answer=official_prediction if kind == "official" else lenient_prediction,
                     metadata={"official": official, "lenient": lenient, "task": task_name})

    return score


@task
def remi(data: str = PUBLISHED_HUB_NAME, tasks: str | list[str] = "all", split: str = "test", limit: int | None = None,
         layout: str = "interleaved", scorer: str = "official") -> Task:
    """ReMI under the paper's protocol: zero-shot, temperature 0, at most 512 output tokens."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout {layout!r}: choose one of {', '.join(LAYOUTS)}")
    wanted = ",".join(tasks) if isinstance(tasks, list) else str(tasks)  # inspect splits "A,B" into a list
    names = None if wanted.strip().lower() == "all" else parse_task_list(wanted, implemented_only=False)
    samples = [sample_of(item, layout) for item in load_items(data, split, tasks=names, limit=limit)]
    return Task(dataset=MemoryDataset(samples, name="remi"), solver=generate(), scorer=remi_scorer(scorer),
                config=GenerateConfig(temperature=0.0, max_tokens=512))
