"""The dataset card remi generate writes: `datasets.load_dataset(DIR)` and `load_dataset(DIR, task)`
work on the folder as it is, for one file per split and for shards."""

from __future__ import annotations

from pathlib import Path

import pytest

from remibench.build import build_dataset
from remibench.build_sharded import build_sharded

datasets = pytest.importorskip("datasets")
TASKS = ["Clocks", "IQ"]


@pytest.mark.parametrize("layout", ["single", "shards"])
def test_the_folder_loads_by_config_with_datasets(layout: str, tmp_path: Path) -> None:
    if layout == "single":
        build_dataset(tmp_path, TASKS, per_task=4, train_per_task=2, seed=1)
    else:
        build_sharded(tmp_path, TASKS, 4, 2, 1, shard_size=3)
    card = (tmp_path / "README.md").read_text()
    assert card.startswith("---\nlicense: cc-by-4.0\n") and "config_name: IQ" in card
    every = datasets.load_dataset(str(tmp_path))
    assert every["test"].num_rows == 8 and every["train"].num_rows == 4
    assert every["test"]["task"] == ["Clocks"] * 4 + ["IQ"] * 4
    iq = datasets.load_dataset(str(tmp_path), "IQ")
    assert iq["test"].num_rows == 4 and set(iq["test"]["task"]) == {"IQ"} and iq["train"].num_rows == 2
    first = iq["test"][0]
    assert first["image_6"].size[0] > 100 and first["id"] == "IQ-test-s1-00000"
    assert "| Clocks | 4 | 2 |" in card and '"seed": 1' in card
