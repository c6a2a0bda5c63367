"""Fresh items for training: datasets made on demand, presets, scoring with partial credit, the
reward function called as TRL calls it, chat records read back by `datasets`, and no overlap
with a test set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

import remibench
from remibench.build import build_dataset
from remibench.cli import main
from remibench.export.chat import export_chat
from remibench.generate import Job, make_item
from remibench.overlap import find_overlap
from remibench.presets import DIFFICULTIES, PRESETS, UnknownDifficulty, preset
from remibench.tasks.base import ConfigError
from remibench.tasks.registry import TASKS
from remibench.training import CompositeDataset, ProceduralDataset, remi_reward, score


def test_entries_are_made_on_demand_and_regenerate_alone() -> None:
    data = remibench.create_dataset("Clocks", size=6, seed=3)
    assert len(data) == 6
    entry = data[4]
    item = make_item(Job("Clocks", "train", 4, 3, {}))
    assert entry["question"] == item.question and entry["answer"] == item.label
    assert len(entry["images"]) == item.n_images and all(isinstance(i, Image.Image) for i in entry["images"])
    assert entry["metadata"]["task"] == "Clocks" and entry["metadata"]["spec"] == item.metadata["spec"]
    assert data[-2]["metadata"]["id"] == entry["metadata"]["id"]
    assert [e["answer"] for e in data] == [make_item(Job("Clocks", "train", i, 3, {})).label for i in range(6)]
    with pytest.raises(IndexError):
        data[6]
    assert data.score_answer(entry["answer"], entry) == 1.0
    assert data.score_answer(json.dumps({"explanation": "read both", "answer": entry["answer"]}), entry) == 1.0
    assert data.score_answer("not a number", entry) == 0.0


def test_bad_knobs_are_refused_at_once() -> None:
    with pytest.raises(ConfigError, match="unknown knob"):
        ProceduralDataset("Clocks", size=10, no_such_knob=1)
    with pytest.raises(UnknownDifficulty):
        remibench.create_dataset("Clocks", difficulty="brutal")


@pytest.mark.parametrize("task", list(TASKS))
def test_every_preset_is_a_valid_config_that_generates(task: str) -> None:
    assert set(PRESETS[task]) == {"easy", "hard"}
    for difficulty in DIFFICULTIES:
        data = remibench.create_dataset(task, size=2, seed=5, difficulty=difficulty)
        assert data[0]["answer"] and data.knobs == preset(task, difficulty)


def test_a_mix_draws_tasks_by_weight_and_each_entry_is_its_tasks_entry() -> None:
    mix = CompositeDataset({"Clocks": 1, "IQ": 3}, size=200, seed=2)
    counts = {task: mix.plan.count(task) for task in ("Clocks", "IQ")}
    assert 30 <= counts["Clocks"] <= 70 and counts["Clocks"] + counts["IQ"] == 200
    assert mix.plan == CompositeDataset({"Clocks": 1, "IQ": 3}, size=200, seed=2).plan
    k = mix.plan.index("IQ")
    assert mix.item(k) == ProceduralDataset("IQ", size=200, seed=2).item(k)
    with pytest.raises(ValueError):
        CompositeDataset({"Clocks": 0}, size=3)


def test_scores_follow_the_official_and_lenient_rules_with_partial_credit() -> None:
    assert score("Clocks", "128", "135") == 1.0 and score("Clocks", "150", "135") == 0.0
    assert score("GeomShape", "{'answer': 37.8}", "37.7") == 1.0  # single quotes: lenient only
    assert score("Maps", "D,B", "D,B") == 1.0 and score("Maps", "D,C", "D,B") == 0.5 and score("Maps", "B,D", "D,B") == 0.0
    assert score("Charts", "(Orange, increased)", "(Orange, decreased)") == 0.5
    assert score("IQ", None, "C") == 0.0


def test_reward_function_takes_what_trl_passes() -> None:
    """GRPOTrainer calls reward_func(prompts=..., completions=..., completion_ids=..., **columns)."""
    completions = [[{"role": "assistant", "content": '{"explanation": "x", "answer": "C"}'}],
                   [{"role": "assistant", "content": [{"type": "text", "text": '{"answer": "A"}'}]}],
                   '{"answer": "15"}']
    rewards = remi_reward(prompts=[[], [], []], completions=completions, completion_ids=[[1], [2], [3]],
                          answer=["C", "B", "17"], task=["IQ", "IQ", "Clocks"], id=["a", "b", "c"], trainer_state=None)
    assert rewards == [1.0, 0.0, 1.0]


def test_chat_records_load_with_datasets(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    items = [make_item(Job(task, "train", i, 1, {})) for task in ("Clocks", "Maps") for i in range(2)]
    assert export_chat(items, tmp_path / "chat.parquet") == 4
    loaded = datasets.load_dataset("parquet", data_files=str(tmp_path / "chat.parquet"), split="train")
    row = loaded[2]
    user, assistant = row["messages"]
    assert user["role"] == "user" and assistant["role"] == "assistant"
    assert sum(part["type"] == "image" for part in user["content"]) == len(row["images"]) == items[2].n_images
    assert isinstance(row["images"][0], Image.Image)
    assert json.loads(assistant["content"][0]["text"])["answer"] == items[2].label == row["answer"]
    assert row["prompt"] == [user] and row["task"] == "Maps"
    texts = "".join(part["text"] for part in user["content"] if part["type"] == "text")
    assert texts.startswith("Question: ") and "Output only a valid JSON string" in texts
    assert remi_reward(completions=[assistant["content"][0]["text"]], answer=[row["answer"]], task=[row["task"]]) == [1.0]


def test_training_items_never_share_seeds_or_content_with_a_test_set(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    build_dataset(tmp_path / "test-set", ["Clocks", "IQ"], per_task=10, train_per_task=0, seed=0)
    fresh = [remibench.create_dataset(task, size=10, seed=0).item(i) for task in ("Clocks", "IQ") for i in range(10)]
    assert find_overlap(fresh, tmp_path / "test-set").clean
    build_dataset(tmp_path / "copy", ["IQ"], per_task=3, train_per_task=0, seed=0)
    assert main(["verify", str(tmp_path / "copy"), "--against", str(tmp_path / "test-set")]) == 1
    out = capsys.readouterr().out
    assert "IQ-test-s0-00000 shows the same question and images as IQ-test-s0-00000" in out
    assert "3 shared item(s), 3 shared seed(s)" in out
    build_dataset(tmp_path / "train-set", ["IQ"], per_task=3, train_per_task=0, seed=9)
    assert main(["verify", str(tmp_path / "train-set"), "--against", str(tmp_path / "test-set")]) == 0
    assert "no item or item seed shared" in capsys.readouterr().out
