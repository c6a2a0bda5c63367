"""The ``remi`` verbs end to end, on small datasets the tests generate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

from remibench.cli import main

FOUNDATION = "EmojiAlgebra,Clocks,Isomorphism"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("data")
    assert main(["generate", "--tasks", FOUNDATION, "--per-task", "6", "--train-per-task", "2",
                 "--seed", "7", "--out", str(out), "--quiet"]) == 0
    return out


def test_help_is_instant_and_imports_nothing_heavy() -> None:
    code = ("import sys, remibench.cli as c\n"
            "try:\n    c.main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('PIL', 'numpy', 'matplotlib', 'pyarrow', 'networkx', 'tqdm') if m in sys.modules]\n"
            "assert not heavy, heavy")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "generate" in result.stdout


def test_generate_writes_both_splits_and_a_summary(dataset: Path) -> None:
    test = pq.read_table(dataset / "test.parquet").to_pylist()
    train = pq.read_table(dataset / "train.parquet").to_pylist()
    assert len(test) == 18 and len(train) == 6
    assert [r["task"] for r in test] == ["EmojiAlgebra"] * 6 + ["Clocks"] * 6 + ["Isomorphism"] * 6
    assert len({r["id"] for r in test + train}) == 24
    summary = json.loads((dataset / "generation.json").read_text())
    assert summary["splits"]["test"]["items"] == {"EmojiAlgebra": 6, "Clocks": 6, "Isomorphism": 6}
    def specs(rows: list[dict]) -> set[str]:
        return {json.dumps(json.loads(r["metadata"])["spec"], sort_keys=True) for r in rows}

    assert not specs(train) & specs(test)


def test_workers_give_identical_columns(dataset: Path, tmp_path: Path) -> None:
    assert main(["generate", "--tasks", FOUNDATION, "--per-task", "6", "--train-per-task", "2",
                 "--seed", "7", "--out", str(tmp_path), "--workers", "2", "--quiet"]) == 0
    for split in ("test", "train"):
        one = pq.read_table(dataset / f"{split}.parquet")
        two = pq.read_table(tmp_path / f"{split}.parquet")
        for column in ("question", "label", "id", "metadata", "image_1", "image_2"):
            assert one.column(column).equals(two.column(column)), (split, column)


def test_generate_refuses_to_overwrite_and_bad_task(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--tasks", "Clocks", "--per-task", "1", "--out", str(dataset), "--quiet"]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["generate", "--tasks", "Clock", "--per-task", "1", "--out", "x", "--quiet"]) == 2
    assert "unknown task 'Clock'" in capsys.readouterr().err


def test_generate_applies_and_validates_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "knobs.json"
    config.write_text(json.dumps({"Clocks": {"no_such_knob": 3}}))
    assert main(["generate", "--tasks", "Clocks", "--per-task", "1", "--out", str(tmp_path / "d"),
                 "--config", str(config), "--quiet"]) == 2
    assert "unknown knob" in capsys.readouterr().err


def test_verify_passes_then_catches_a_tampered_label(dataset: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(dataset), "--quiet", "--rerender"]) == 0
    assert "checked 24 rows" in capsys.readouterr().out
    table = pq.read_table(dataset / "test.parquet").to_pylist()
    table[3]["label"] = table[3]["label"] + "1"
    pq.write_table(pa.Table.from_pylist(table, schema=pq.read_schema(dataset / "test.parquet")), tmp_path / "test.parquet")
    assert main(["verify", str(tmp_path), "--quiet"]) == 1
    out = capsys.readouterr().out
    assert "row 3" in out and "but the spec solves to" in out


def test_stats_reports_per_task_counts(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(dataset), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["Isomorphism"]["items"] == 6
    assert stats["Isomorphism"]["properties"]["n_images"] == {"2": 6}
    assert sorted(label for label, _ in stats["Isomorphism"]["top_labels"]) == ["0", "1"]


def test_show_writes_a_contact_sheet(dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sheet.png"
    assert main(["show", str(dataset), "--id", "Clocks-test-s7-00002", "--out", str(out)]) == 0
    sheet = Image.open(out)
    assert sheet.width == 1400 and sheet.height > 300
    assert main(["show", str(dataset), "--id", "nope", "--out", str(out)]) == 2
    assert "no item with id 'nope'" in capsys.readouterr().err


def test_tasks_lists_all_thirteen(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tasks", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 13
    clocks = next(r for r in rows if r["task"] == "Clocks")
    assert clocks["implemented"] and clocks["knobs"]


def test_a_reader_that_stops_early_is_not_an_error() -> None:
    """`remi tasks | head -1`: the closed pipe ends the command quietly (exit 141, as SIGPIPE would),
    with no error message and no traceback from the interpreter's last flush."""
    code = ("import os, sys\n"
            "r, w = os.pipe(); os.close(r); os.dup2(w, 1)\n"
            "from remibench.cli import main\n"
            "sys.exit(main(['tasks']))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 141
    assert done.stderr == ""
