"""Generation in shards, locally and on a Ray cluster started by the test: the same rows as one
file, the hub's layout, and runs that die are finished by running them again."""

from __future__ import annotations

import glob
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from remibench.build import build_dataset
from remibench.build_sharded import build_sharded
from remibench.cli import main
from remibench.data.loader import load_items
from remibench.shards import LEDGER, ShardError, plan_shards

TASKS = ["Clocks", "Charts", "IQ"]


def rows(folder: Path, split: str) -> list[dict]:
    files = sorted(glob.glob(str(folder / "data" / f"{split}-*.parquet"))) or [str(folder / f"{split}.parquet")]
    return [row for path in files for row in pq.read_table(path).to_pylist()]


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("single")
    build_dataset(out, TASKS, per_task=7, train_per_task=2, seed=4)
    return out


def test_shards_cut_the_job_list_in_order() -> None:
    shards = plan_shards(TASKS, 7, "test", 4, 5)
    assert [s.file for s in shards][:2] == ["data/test-00000-of-00005.parquet", "data/test-00001-of-00005.parquet"]
    assert shards[1].ranges == (("Clocks", 5, 7), ("Charts", 0, 3))
    assert [j.index for s in shards for j in s.jobs()] == [i for _ in TASKS for i in range(7)]
    with pytest.raises(ShardError):
        plan_shards(TASKS, 7, "test", 4, 0)


def test_shards_hold_the_rows_of_a_single_file_run_and_every_reader_takes_them(single: Path, tmp_path: Path) -> None:
    summary = build_sharded(tmp_path, TASKS, 7, 2, 4, workers=2, shard_size=4)
    for split in ("test", "train"):
        assert rows(tmp_path, split) == rows(single, split)
    assert len(summary["shards"]) == 6 + 2 and summary["resumed_shards"] == 0
    recorded = json.loads((tmp_path / "generation.json").read_text())
    assert all(len(s["sha256"]) == 64 for s in recorded["shards"])
    assert [i.id for i in load_items(tmp_path)] == [r["id"] for r in rows(single, "test")]
    assert main(["verify", str(tmp_path), "--quiet"]) == 0
    import datasets

    loaded = datasets.load_dataset("parquet", data_files={"test": str(tmp_path / "data" / "test-*.parquet")},
                                   split="test")
    assert loaded["id"] == [r["id"] for r in rows(single, "test")]


def test_an_interrupted_run_is_finished_by_running_it_again(single: Path, tmp_path: Path) -> None:
    finished: list[str] = []

    def stop_after_three(record: dict) -> None:
        finished.append(record["file"])
        if len(finished) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_sharded(tmp_path, TASKS, 7, 2, 4, shard_size=3, on_shard=stop_after_three)
    kept = {name: (tmp_path / name).stat().st_mtime_ns for name in finished}
    (tmp_path / "data" / "test-00006-of-00007.parquet.partial").write_bytes(b"half a shard")
    broken = tmp_path / finished[0]
    broken.write_bytes(broken.read_bytes()[:-10])  # damaged after it was recorded: made again
    summary = build_sharded(tmp_path, TASKS, 7, 2, 4, shard_size=3)
    assert summary["resumed_shards"] == 2
    assert all((tmp_path / name).stat().st_mtime_ns == kept[name] for name in finished[1:])
    assert not list((tmp_path / "data").glob("*.partial"))
    for split in ("test", "train"):
        assert rows(tmp_path, split) == rows(single, split)


def test_a_folder_of_another_generation_is_refused_without_force(single: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    build_sharded(tmp_path, TASKS, 7, 2, 4, shard_size=4)
    with pytest.raises(ShardError, match="other settings"):
        build_sharded(tmp_path, TASKS, 7, 2, 5, shard_size=4)
    assert build_sharded(tmp_path, TASKS, 7, 2, 4, shard_size=6, force=True)["resumed_shards"] == 0
    assert len(list((tmp_path / "data").glob("*.parquet"))) == 4 + 1
    assert main(["generate", "--out", str(single), "--tasks", "Clocks", "--per-task", "2", "--shard-size", "2"]) == 2
    assert "a generation without shards" in capsys.readouterr().err


def generate_command(out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "remibench.cli", "generate", "--tasks", ",".join(TASKS), "--per-task", "7",
            "--train-per-task", "2", "--seed", "4", "--out", str(out), "--engine", "ray", "--workers", "2",
            "--shard-size", "2", "--quiet", *extra]


def wait_for_shards(out: Path, count: int, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline and process.poll() is None:
        ledger = out / LEDGER
        if ledger.exists() and len(ledger.read_text().splitlines()) > count:
            return
        time.sleep(0.05)
    raise AssertionError(f"no {count} shard(s) within {timeout} s: {process.poll()}")


@pytest.mark.slow
def test_ray_engine_survives_a_killed_worker_and_a_killed_driver(single: Path, tmp_path: Path) -> None:
    env = {**os.environ, "RAY_ADDRESS": ""}
    first = subprocess.Popen(generate_command(tmp_path), env=env, start_new_session=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_shards(tmp_path, 1, first)
        subprocess.run(["pkill", "-9", "-f", "ray::write_shard"], check=False)  # a worker dies mid-shard
        wait_for_shards(tmp_path, 3, first)
        os.killpg(first.pid, signal.SIGKILL)  # then the driver and its local cluster
    finally:
        first.wait(timeout=60)
    done_before = len((tmp_path / LEDGER).read_text().splitlines()) - 1
    assert 3 <= done_before < 12
    second = subprocess.run(generate_command(tmp_path), env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr[-2000:]
    assert f"{done_before} shard(s) kept from an earlier run" in second.stdout
    for split in ("test", "train"):
        assert rows(tmp_path, split) == rows(single, split)
