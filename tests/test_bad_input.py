"""Broken inputs, built here, through every verb that reads them: each ends with a message that
names the file (and the row where there is one), a non-zero exit and no traceback; one writer
per run folder; nothing paid for is lost."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

from conftest import png_bytes, synthetic_item
from remibench.cli import main
from remibench.data.schema import dataset_schema
from remibench.data.writer import DatasetWriter, item_row


def write_items(path: Path, items: list) -> Path:  # type: ignore[type-arg]
    with DatasetWriter(path) as writer:
        for item in items:
            writer.write(item)
    return path


def write_rows(path: Path, rows: list[dict], schema: pa.Schema | None = None) -> Path:  # type: ignore[type-arg]
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema or dataset_schema()), path)
    return path


def bomb_png() -> bytes:
    """A 20000 x 20000 PNG of a few dozen kilobytes: decoding it would take 400 MB."""
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, format="PNG", optimize=True)
    return out.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """name -> (source, what the message must contain)."""
    root = tmp_path_factory.mktemp("corpus")
    good = write_items(root / "good" / "test.parquet", [synthetic_item(i) for i in range(20)])
    cases: dict[str, tuple[Path, str]] = {}
    truncated = root / "truncated.parquet"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    cases["truncated"] = (truncated, "truncated.parquet")
    (root / "empty.parquet").write_bytes(b"")
    cases["empty"] = (root / "empty.parquet", "empty.parquet")
    (root / "text.parquet").write_text("question,label\nwhat?,1\n")
    cases["not parquet"] = (root / "text.parquet", "text.parquet")
    cases["missing columns"] = (write_rows(root / "columns.parquet", [{"question": "q", "label": "1"}],
                                           pa.schema([("question", pa.string()), ("label", pa.string())])),
                                "missing column")
    row = item_row(synthetic_item(0))
    mistyped_schema = pa.schema([f if f.name != "image_1" else pa.field("image_1", pa.string())
                                 for f in dataset_schema()])
    cases["mistyped column"] = (write_rows(root / "mistyped.parquet", [{**row, "image_1": "a file name"}], mistyped_schema),
                                "row 0")
    cases["not an image"] = (write_rows(root / "junk.parquet", [{**row, "image_2": {"bytes": b"\x00junk" * 40, "path": None}}]),
                             "row 0")
    cases["decompression bomb"] = (write_rows(root / "bomb.parquet", [{**row, "image_1": {"bytes": bomb_png(), "path": None}}]),
                                   "row 0")
    cases["tags"] = (write_rows(root / "tags.parquet", [{**row, "question": "no tags here"}]), "row 0")
    cases["unknown task"] = (write_rows(root / "task.parquet", [{**row, "task": "Sudoku"}]), "Sudoku")
    bad_text = pa.array([b"What is \xff<image1><image2>?"], type=pa.binary()).cast(pa.string(), safe=False)
    table = pa.Table.from_pylist([row], schema=dataset_schema()).set_column(0, "question", bad_text)
    pq.write_table(table, root / "utf8.parquet")
    cases["non-UTF-8 text"] = (root / "utf8.parquet", "utf8.parquet")
    return cases


DATA_VERBS = {
    "verify": lambda src, out: ["verify", str(src), "--quiet"],
    "stats": lambda src, out: ["stats", str(src)],
    "show": lambda src, out: ["show", str(src), "--id", "Clocks-test-s0-00000", "--out", str(out / "sheet.png")],
    "eval": lambda src, out: ["eval", "--data", str(src), "--model", "baseline/oracle", "--out", str(out / "run"),
                              "--quiet", "--no-cache"],
    "audit": lambda src, out: ["audit", str(src), "--necessity-items", "0"],
    "export chat": lambda src, out: ["export", "chat", "--data", str(src), "--out", str(out / "chat.parquet")],
    "export vlmevalkit": lambda src, out: ["export", "vlmevalkit", "--data", str(src), "--out", str(out / "x.tsv")],
}


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("verb", list(DATA_VERBS))
def test_every_broken_dataset_gets_a_message_through_every_verb(verb: str, corpus, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    for name, (source, where) in corpus.items():
        code, output = run_cli(DATA_VERBS[verb](source, tmp_path / name.replace(" ", "_")), capsys)
        assert code != 0, f"{verb} accepted {name}: {output[-300:]}"
        assert where in output, f"{verb} on {name} does not say where: {output[-400:]}"
        assert "Traceback" not in output and "<_io." not in output, output[-400:]


def test_image_problems_are_named_plainly(corpus, capsys: pytest.CaptureFixture[str]) -> None:
    _, junk = run_cli(["stats", str(corpus["not an image"][0])], capsys)
    assert "image_2 does not decode as an image (200 bytes in no image format this tool reads)" in junk
    started = time.perf_counter()
    _, bomb = run_cli(["verify", str(corpus["decompression bomb"][0]), "--quiet"], capsys)
    assert "row 0" in bomb and "image_1 is too large to decode safely" in bomb and "decompression bomb" in bomb
    assert time.perf_counter() - started < 20


def test_broken_run_folders_and_caches_get_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_items(tmp_path / "data" / "test.parquet", [synthetic_item(i) for i in range(3)]).parent
    run = tmp_path / "run"
    assert main(["eval", "--data", str(data), "--model", "baseline/oracle", "--out", str(run), "--quiet", "--no-cache"]) == 0
    capsys.readouterr()
    verbs = {"score": ["score", str(run)],
             "report": ["report", str(run), "--out", str(tmp_path / "rep"), "--audit", "none"],
             "eval": ["eval", "--data", str(data), "--model", "baseline/oracle", "--out", str(run), "--quiet", "--no-cache"]}
    cases = {  # the file, what it is made to hold, where the message points, the verbs that read it
        "samples.jsonl": ("{broken json\n", "samples.jsonl:1", ("score", "report", "eval")),
        "manifest.json": ("not json at all", "manifest.json", ("report", "eval")),
        "results.json": ('["a", "list"]', "results.json", ("score", "report")),
    }
    for name, (content, where, readers) in cases.items():
        saved = (run / name).read_text()
        (run / name).write_text(content)
        for verb in readers:
            code, output = run_cli(verbs[verb], capsys)
            assert code == 2 and where in output and "Traceback" not in output, (name, verb, output[-300:])
        (run / name).write_text(saved)
    (run / "samples.jsonl").write_text('{"not": "ours"}\n')
    code, output = run_cli(["score", str(run)], capsys)
    assert code == 2 and "not a sample record of remibench" in output
    bad_cache = tmp_path / "cache.sqlite"
    bad_cache.write_text("definitely not SQLite")
    code, output = run_cli(["eval", "--data", str(data), "--model", "baseline/oracle", "--out", str(tmp_path / "r2"),
                            "--cache", str(bad_cache), "--quiet"], capsys)
    assert code == 2 and "Move it aside (mv" in output and str(bad_cache) in output


def test_a_folder_that_cannot_be_written_or_a_full_disk_is_a_message(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data = write_items(tmp_path / "data" / "test.parquet", [synthetic_item(i) for i in range(3)]).parent
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, output = run_cli(["eval", "--data", str(data), "--model", "baseline/oracle", "--out", str(blocker / "run"),
                            "--quiet", "--no-cache"], capsys)
    assert code == 2 and str(blocker) in output and "Traceback" not in output
    full = tmp_path / "full-run"
    full.mkdir()
    (full / "manifest.json.tmp").symlink_to("/dev/full")  # the manifest's write fails with ENOSPC
    code, output = run_cli(["eval", "--data", str(data), "--model", "baseline/oracle", "--out", str(full),
                            "--quiet", "--no-cache"], capsys)
    assert code == 2 and "the disk is full" in output
    code, output = run_cli(["audit", "--tasks", "Clocks", "--items", "5", "--necessity-items", "0",
                            "--json", "/dev/full"], capsys)
    assert code == 2 and "the disk is full" in output


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "x.parquet").write_text("nope")
    result = subprocess.run([sys.executable, "-m", "remibench.cli", "--debug", "stats", str(tmp_path / "x.parquet")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_one_writer_per_run_folder_and_a_dead_writers_lock_is_taken_over(tmp_path: Path) -> None:
    data = write_items(tmp_path / "data" / "test.parquet", [synthetic_item(i) for i in range(40)]).parent
    out = tmp_path / "run"
    code = ("import sys, time\nfrom remibench.runner.store import RunStore\n"
            f"s = RunStore({str(out)!r}); s.lock(); print('locked', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"  # type: ignore[union-attr]
        second = subprocess.run([sys.executable, "-m", "remibench.cli", "eval", "--data", str(data), "--model",
                                 "baseline/oracle", "--out", str(out), "--quiet", "--no-cache"],
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 2 and f"pid {holder.pid}" in second.stderr and "is being written by" in second.stderr
        assert not (out / "samples.jsonl").exists()
    finally:
        holder.kill()  # kill -9: the lock dies with it
        holder.wait()
    assert main(["eval", "--data", str(data), "--model", "baseline/oracle", "--out", str(out), "--quiet", "--no-cache"]) == 0
    assert len((out / "samples.jsonl").read_text().splitlines()) == 40


def test_runs_in_two_folders_share_one_cache_without_locking_errors(tmp_path: Path) -> None:
    from fake_providers import FakeProvider

    items = [synthetic_item(i, "IQ", 2, "C") for i in range(60)]
    data = write_items(tmp_path / "data" / "test.parquet", items).parent
    fake = FakeProvider(delay_s=0.005)
    server, url = fake.start()
    env = {**os.environ, "OPENAI_API_KEY": "sk-x", "REMI_CACHE_DIR": str(tmp_path / "cache")}
    try:
        runs = [subprocess.Popen([sys.executable, "-m", "remibench.cli", "eval", "--data", str(data), "--model",
                                  "openai/test-vlm", "--base-url", url + "/v1", "--out", str(tmp_path / f"run{k}"),
                                  "--quiet", "--concurrency", "8"], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for k in range(3)]
        outputs = [run.communicate(timeout=300) for run in runs]
    finally:
        server.shutdown()
    assert [run.returncode for run in runs] == [0, 0, 0], [o[1][-500:] for o in outputs]
    for k in range(3):
        assert len((tmp_path / f"run{k}" / "samples.jsonl").read_text().splitlines()) == 60
    assert all("locked" not in err for _, err in outputs)


def test_a_run_stopped_by_a_bad_row_keeps_its_samples_and_resumes_once_fixed(tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from fake_providers import FakeProvider

    good = [synthetic_item(i, "IQ", 2, "C") for i in range(30)]
    rows = [item_row(item) for item in good]
    rows[20] = {**rows[20], "question": "no tags at all"}
    data = write_rows(tmp_path / "data" / "test.parquet", rows)
    fake = FakeProvider()
    server, url = fake.start()
    argv = ["eval", "--data", str(data), "--model", "openai/test-vlm", "--base-url", url + "/v1",
            "--out", str(tmp_path / "run"), "--quiet", "--no-cache", "--concurrency", "2"]
    try:
        code, output = run_cli(argv, capsys)
        assert code == 2 and "row 20" in output
        kept = (tmp_path / "run" / "samples.jsonl").read_text().splitlines()
        assert 1 <= len(kept) <= 20 and len(fake.received) >= len(kept)
        before = len(fake.received)
        write_items(tmp_path / "data" / "test.parquet", good)
        code, output = run_cli(argv, capsys)
        assert code == 0, output[-300:]
    finally:
        server.shutdown()
    assert len(fake.received) - before == 30 - len(kept)  # only what was missing
    assert len({json.loads(line)["id"] for line in (tmp_path / "run" / "samples.jsonl").read_text().splitlines()}) == 30
