"""The contract every implemented generator must keep, checked the same way for each."""

from __future__ import annotations

import io
import json
from collections import Counter

import pytest
from PIL import Image

from remibench.generate import Job, draw, make_item, plan_jobs, run_jobs
from remibench.items import tag_problem
from remibench.tasks.registry import TASKS, get_task, implemented_tasks
from remibench.verify import check_generated

IMPLEMENTED = implemented_tasks()
N_BALANCE = 60


def test_at_least_the_foundation_tasks_are_implemented() -> None:
    assert {"EmojiAlgebra", "Clocks", "Isomorphism"} <= set(IMPLEMENTED)


@pytest.mark.parametrize("task", IMPLEMENTED)
def test_same_coordinates_give_the_same_item(task: str) -> None:
    job = Job(task, "test", 3, 11, {})
    first, second = make_item(job), make_item(job)
    assert first == second
    other_seed = make_item(Job(task, "test", 3, 12, {}))
    other_index = make_item(Job(task, "test", 4, 11, {}))
    assert other_seed.metadata["spec"] != first.metadata["spec"]
    assert other_index.metadata["spec"] != first.metadata["spec"]


@pytest.mark.parametrize("task", IMPLEMENTED)
def test_drawing_without_images_keeps_the_same_spec(task: str) -> None:
    """render never rejects a draw, so specs drawn without images are the dataset's specs."""
    for index in range(4):
        job = Job(task, "test", index, 2, {})
        drawn, item = draw(job, render=False), make_item(job)
        assert drawn.images is None
        assert (drawn.spec, drawn.question, drawn.label) == (item.metadata["spec"], item.question, item.label)


@pytest.mark.parametrize("task", IMPLEMENTED)
def test_item_regenerated_alone_equals_item_of_a_parallel_run(task: str) -> None:
    jobs = plan_jobs([task], 6, "test", 5)
    parallel = list(run_jobs(jobs, workers=2))
    assert parallel[4] == make_item(Job(task, "test", 4, 5, {}))
    assert [i.id for i in parallel] == [f"{task}-test-s5-{k:05d}" for k in range(6)]


@pytest.mark.parametrize("task", IMPLEMENTED)
def test_items_are_well_formed_and_re_solve_from_their_spec(task: str) -> None:
    info, generator = TASKS[task], get_task(task)
    for index in range(8):
        item = make_item(Job(task, "test", index, 0, {}))
        assert tag_problem(item.question, item.n_images) is None
        low, high = info.images
        assert low <= item.n_images <= high
        assert item.label.strip() == item.label and item.label
        assert check_generated(item, generator, rerender=index < 2) == []
        json.dumps(item.metadata)  # serialisable as stored
        props = item.metadata["properties"]
        assert props["n_images"] == item.n_images
        assert props["interleaved"] == info.interleaved
        assert props["consumption"] == info.consumption and props["domain"] == info.domain
        for data in item.images:
            image = Image.open(io.BytesIO(data))
            assert image.format == "PNG"
            assert 200 <= max(image.size) <= 1400, image.size


@pytest.mark.parametrize("task", IMPLEMENTED)
def test_no_label_dominates(task: str) -> None:
    labels = Counter(make_item(Job(task, "test", i, 1, {})).label for i in range(N_BALANCE))
    n_classes = len(labels)
    top_share = labels.most_common(1)[0][1] / N_BALANCE
    if n_classes <= 6:  # categorical (yes/no, letters): near-uniform
        assert top_share <= 1 / n_classes + 0.1, labels
    else:
        assert top_share <= 0.1, labels.most_common(5)


@pytest.mark.parametrize("task", IMPLEMENTED)
def test_config_knobs_are_documented_and_validated(task: str) -> None:
    config_cls = get_task(task).config_cls
    knobs = config_cls.knobs()
    assert knobs, f"{task} has no difficulty knobs"
    assert all(help_text for _, _, help_text in knobs)
    config_cls.from_dict({}).validate()
    with pytest.raises(ValueError, match="unknown knob"):
        config_cls.from_dict({"no_such_knob": 1})
