"""``remi eval`` against real HTTP servers on loopback speaking each provider's wire format."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import synthetic_item
from fake_providers import FakeProvider, by_key
from remibench.cli import main
from remibench.data.loader import load_items
from remibench.data.writer import DatasetWriter
from remibench.items import Item
from remibench.prompt import ImagePart, build_message
from remibench.scoring import score_official

KEYS = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY", "google": "GEMINI_API_KEY"}
SECRET = "sk-test-secret-123456"
TASKS = [("Clocks", 2, "15"), ("IQ", 6, "C"), ("Maps", 4, "D,B"), ("EmojiAlgebra", 3, "-7"), ("Isomorphism", 2, "1"),
         ("Charts", 3, "(Orange, decreased)"), ("RefCoco", 3, "1,3"), ("GeomShape", 2, "37.7")]


def make_items(per_task: int = 3) -> list[Item]:
    items = []
    for task, n, label in TASKS:
        for i in range(per_task):
            base = synthetic_item(len(items), task, n, label)
            items.append(Item(f"{task}-test-{i:05d}", task, base.question, base.images, label))
    return items


def marker(item: Item) -> str:
    """The question's text after its last tag: unique per item, and whole in one text part."""
    return item.question.rsplit(">", 1)[-1]


def answers_for(items: list[Item]) -> dict[str, str]:
    """The server answers the label for even positions and something wrong for odd ones."""
    def right(item: Item) -> str:
        return item.label.split(",")[-1] if item.task == "RefCoco" else item.label  # RefCoco: one of the list

    return {marker(item): right(item) if k % 2 == 0 else "wrong" for k, item in enumerate(items)}


@pytest.fixture
def dataset(tmp_path: Path) -> tuple[Path, list[Item]]:
    items = make_items()
    with DatasetWriter(tmp_path / "data" / "test.parquet") as writer:
        for item in items:
            writer.write(item)
    with DatasetWriter(tmp_path / "data" / "train.parquet") as writer:
        for item in make_items(1):
            writer.write(Item(item.id.replace("test", "train"), item.task, item.question, item.images, item.label))
    return tmp_path / "data", items


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in KEYS.values():
        monkeypatch.setenv(name, SECRET)
    cache = tmp_path / "cache" / "responses.sqlite"
    monkeypatch.setenv("REMI_CACHE_DIR", str(cache.parent))
    return cache


def run_eval(data: Path, out: Path, provider: str, url: str, *extra: str) -> int:
    base = url + ("/v1" if provider == "openai" else "")
    model = {"openai": "openai/test-vlm", "anthropic": "anthropic/claude-test", "google": "google/gemini-test"}[provider]
    return main(["eval", "--data", str(data), "--model", model, "--out", str(out), "--base-url", base,
                 "--backoff", "0.01", "--timeout", "1.5", "--quiet", *extra])


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "samples.jsonl").read_text().splitlines()]


def expected_parts(item: Item) -> list[tuple[str, object]]:
    return [("image", p.png) if isinstance(p, ImagePart) else ("text", p.text) for p in build_message(item).parts]


@pytest.mark.parametrize("provider", ["openai", "anthropic", "google"])
def test_backend_sends_every_part_in_order_and_scores_officially(provider: str, dataset, env, tmp_path: Path) -> None:
    data, items = dataset
    fake = FakeProvider(answers=answers_for(items))
    server, url = fake.start()
    try:
        assert run_eval(data, tmp_path / "run", provider, url, "--max-tokens", "77", "--temperature", "0.5") == 0
    finally:
        server.shutdown()
    assert len(fake.received) == len(items)
    sent = {r.key: r for r in fake.received}
    by_parts = {tuple(map(repr, r.parts)): r for r in fake.received}
    for item in items:
        request = by_parts[tuple(map(repr, expected_parts(item)))]  # parts in order, images byte-identical
        assert request.key in sent
    request = fake.received[0]
    if provider == "openai":
        assert request.headers["Authorization"] == f"Bearer {SECRET}"
        assert request.body["model"] == "test-vlm" and request.body["max_tokens"] == 77
        assert request.body["temperature"] == 0.5
    elif provider == "anthropic":
        assert request.headers["x-api-key"] == SECRET and request.headers["anthropic-version"] == "2023-06-01"
        assert request.body["model"] == "claude-test" and request.body["max_tokens"] == 77
    else:
        assert request.path.endswith("/v1beta/models/gemini-test:generateContent")
        assert request.headers["x-goog-api-key"] == SECRET
        assert request.body["generationConfig"] == {"temperature": 0.5, "maxOutputTokens": 77}
    samples = records(tmp_path / "run")
    assert sorted(s["id"] for s in samples) == sorted(i.id for i in items)
    labels = {i.id: i.label for i in items}
    for sample in samples:
        assert sample["correct"] == score_official(sample["task"], sample["response"], labels[sample["id"]])[1]
        assert sample["input_tokens"] == 100 and sample["output_tokens"] == 20
    assert sum(s["correct"] for s in samples) == (len(items) + 1) // 2
    results = json.loads((tmp_path / "run" / "results.json").read_text())
    assert results["n"] == len(items) and results["complete"]
    assert results["tasks"]["IQ"]["n"] == 3
    for folder in (tmp_path / "run", env.parent):
        for file in folder.iterdir():
            assert SECRET.encode() not in file.read_bytes(), file


FAULT_SEQUENCES = [["429", "ok"], ["500", "503", "ok"], ["stall", "ok"], ["drop", "ok"], ["garbage", "ok"],
                   ["malformed", "ok"], ["ok"], ["503", "429", "500", "ok"]]


def round_robin_faults() -> Callable[[str, int], str]:
    """Each new prompt gets the next fault sequence, so every kind of fault occurs."""
    assigned: dict[str, list[str]] = {}

    def plan(key: str, attempt: int) -> str:
        sequence = assigned.setdefault(key, FAULT_SEQUENCES[len(assigned) % len(FAULT_SEQUENCES)])
        return sequence[min(attempt, len(sequence) - 1)]

    return plan


@pytest.mark.parametrize("provider", ["openai", "anthropic", "google"])
def test_faults_lose_no_sample_and_nothing_is_paid_twice(provider: str, dataset, env, tmp_path: Path) -> None:
    data, items = dataset
    fake = FakeProvider(answers=answers_for(items), plan=round_robin_faults(), stall_s=2.5)
    server, url = fake.start()
    try:
        assert run_eval(data, tmp_path / "run", provider, url, "--concurrency", "8") == 0
    finally:
        server.shutdown()
    outcomes = {r.outcome for r in fake.received}
    assert {"429", "500", "503", "stall", "drop", "garbage", "malformed"} <= outcomes
    samples = records(tmp_path / "run")
    assert sorted(s["id"] for s in samples) == sorted(i.id for i in items)
    assert all(s["error"] is None for s in samples)
    assert all(count == 1 for count in fake.answered.values()) and len(fake.answered) == len(items)
    assert max(s["attempts"] for s in samples) >= 4  # the longest fault sequence needed four


def test_persistent_failures_are_recorded_then_retried_by_a_rerun(dataset, env, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    data, items = dataset
    failing = {marker(items[1]), marker(items[4])}
    fake = FakeProvider(answers=answers_for(items))
    fake.plan = lambda key, attempt: "500" if key in doomed else "ok"
    server, url = fake.start()
    doomed: set[str] = set()
    try:
        # first learn each prompt's key with a harmless run into a scratch folder, no cache
        assert run_eval(data, tmp_path / "scratch", "openai", url, "--no-cache") == 0
        for request in fake.received:
            text = "".join(v for k, v in request.parts if k == "text")
            if any(q in text for q in failing):
                doomed.add(request.key)
        fake.answered.clear()
        assert run_eval(data, tmp_path / "run", "openai", url, "--max-retries", "2", "--no-cache") == 0
        samples = {s["id"]: s for s in records(tmp_path / "run")}
        errors = [s for s in samples.values() if s["error"]]
        assert len(errors) == 2 and all("HTTP 500" in s["error"] and "after 3 attempt" in s["error"] for s in errors)
        results = json.loads((tmp_path / "run" / "results.json").read_text())
        assert results["errors"] == 2 and not results["complete"]
        assert "2 item(s) failed" in capsys.readouterr().out
        doomed.clear()
        before = sum(fake.answered.values())
        assert run_eval(data, tmp_path / "run", "openai", url, "--no-cache") == 0
        assert sum(fake.answered.values()) - before == 2  # only the failed ones were asked again
    finally:
        server.shutdown()
    latest = {}
    for sample in records(tmp_path / "run"):
        latest[sample["id"]] = sample
    assert len(latest) == len(items) and not any(s["error"] for s in latest.values())
    assert json.loads((tmp_path / "run" / "results.json").read_text())["complete"]


def test_non_retryable_errors_are_not_retried(dataset, env, tmp_path: Path) -> None:
    data, items = dataset
    fake = FakeProvider(plan=lambda key, attempt: "400")
    server, url = fake.start()
    try:
        assert run_eval(data, tmp_path / "run", "openai", url, "--tasks", "Clocks") == 0
    finally:
        server.shutdown()
    samples = records(tmp_path / "run")
    assert len(samples) == 3 and len(fake.received) == 3
    assert all("HTTP 400" in s["error"] and "not retryable" in s["error"] and s["attempts"] == 1 for s in samples)


def test_retry_after_is_honoured(dataset, env, tmp_path: Path) -> None:
    data, items = dataset
    fake = FakeProvider(plan=lambda key, attempt: "429-wait" if attempt == 0 else "ok")
    server, url = fake.start()
    started = time.perf_counter()
    try:
        assert run_eval(data, tmp_path / "run", "openai", url, "--tasks", "Clocks", "--limit", "1") == 0
    finally:
        server.shutdown()
    assert time.perf_counter() - started >= 1.0  # the server asked for one second
    assert [r.outcome for r in fake.received] == ["429-wait", "ok"]


def test_resume_and_cache_never_request_an_answer_twice(dataset, env, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    data, items = dataset
    fake = FakeProvider(answers=answers_for(items))
    server, url = fake.start()
    try:
        assert run_eval(data, tmp_path / "run", "openai", url, "--limit", "1") == 0
        assert len(fake.received) == len(TASKS)
        assert run_eval(data, tmp_path / "run", "openai", url) == 0
        assert len(fake.received) == len(items) and set(fake.answered.values()) == {1}
        assert len(records(tmp_path / "run")) == len(items)
        assert run_eval(data, tmp_path / "other", "openai", url) == 0  # another run, same cache
        assert len(fake.received) == len(items)
        assert all(s["cached"] for s in records(tmp_path / "other"))
        assert run_eval(data, tmp_path / "third", "openai", url, "--layout", "images-first", "--tasks", "Clocks") == 0
        assert len(fake.received) == len(items) + 3  # a different prompt is a different cache key
        assert run_eval(data, tmp_path / "run", "openai", url, "--max-tokens", "100") == 2
        assert "holds a run with other settings (max_tokens: 512 -> 100)" in capsys.readouterr().err
    finally:
        server.shutdown()


def eval_command(data: Path, out: Path, url: str) -> list[str]:
    """``remi eval`` in its own process, slowly enough to be interrupted part way."""
    return [sys.executable, "-m", "remibench.cli", "eval", "--data", str(data), "--model", "openai/test-vlm",
            "--out", str(out), "--base-url", url + "/v1", "--concurrency", "2", "--quiet", "--no-cache"]


def default_sigint() -> None:
    """Give the child the default SIGINT action: a suite started in the background (where the shell
    leaves SIGINT ignored, and children inherit that) must still see Ctrl-C act as Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_and_wait_for_samples(command: list[str], out: Path, lines: int) -> subprocess.Popen:
    """Start ``command`` and return once ``out/samples.jsonl`` holds at least ``lines`` lines."""
    process = subprocess.Popen(command, env={**os.environ}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=default_sigint)
    deadline = time.time() + 30
    while time.time() < deadline:
        if (out / "samples.jsonl").exists() and len((out / "samples.jsonl").read_bytes().splitlines()) >= lines:
            break
        time.sleep(0.02)
    return process


def test_killed_run_resumes_without_asking_answered_items_again(dataset, env, tmp_path: Path) -> None:
    data, items = dataset
    fake = FakeProvider(answers=answers_for(items), delay_s=0.15)
    server, url = fake.start()
    out = tmp_path / "run"
    command = eval_command(data, out, url)
    try:
        process = start_and_wait_for_samples(command, out, 5)
        process.send_signal(signal.SIGKILL)
        process.wait()
        recorded = {json.loads(line)["id"] for line in (out / "samples.jsonl").read_bytes().splitlines()
                    if line.endswith(b"}")}
        assert 5 <= len(recorded) < len(items)
        asked_before = {r.key for r in fake.received}
        assert subprocess.run(command, env={**os.environ}, capture_output=True).returncode == 0
    finally:
        server.shutdown()
    final = records(out)
    assert sorted(s["id"] for s in final) == sorted(i.id for i in items)  # every item exactly once
    requests = by_key(fake.received)
    answered_keys = {}
    for item in items:
        text = marker(item)
        key = next(k for k, rs in requests.items() if any(text in "".join(v for kind, v in r.parts if kind == "text")
                                                         for r in rs))
        answered_keys[item.id] = key
    for item_id in recorded:
        assert len(requests[answered_keys[item_id]]) == 1, item_id  # recorded before the kill: never asked again
    assert len(asked_before) < len(items)


def test_oracle_scores_everything_and_baselines_use_the_data(dataset, env, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    data, items = dataset
    assert main(["eval", "--data", str(data), "--model", "baseline/oracle", "--out", str(tmp_path / "o"), "--quiet"]) == 0
    results = json.loads((tmp_path / "o" / "results.json").read_text())
    assert results["overall"] == 1.0 and results["overall_lenient"] == 1.0
    assert main(["eval", "--data", str(data), "--model", "baseline/majority", "--out", str(tmp_path / "m"), "--quiet"]) == 0
    majority = json.loads((tmp_path / "m" / "results.json").read_text())
    assert majority["overall"] == 1.0  # every task has one label here, so the train majority is it
    assert main(["eval", "--data", str(data), "--model", "baseline/random", "--out", str(tmp_path / "r"), "--quiet"]) == 0
    assert json.loads((tmp_path / "r" / "results.json").read_text())["n"] == len(items)
    assert main(["eval", "--data", str(data), "--model", "nope/x", "--out", str(tmp_path / "x"), "--quiet"]) == 2
    assert "expected PROVIDER/NAME" in capsys.readouterr().err


def test_items_a_backend_cannot_take_are_refused_before_any_request(dataset, env, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    data, items = dataset
    fake = FakeProvider()
    server, url = fake.start()
    try:
        assert run_eval(data, tmp_path / "run", "openai", url, "--max-images", "4") == 2
    finally:
        server.shutdown()
    error = capsys.readouterr().err
    assert "cannot take 3 item(s)" in error and "IQ-test-00000: 6 images" in error and "Nothing was sent" in error
    assert fake.received == [] and not (tmp_path / "run" / "samples.jsonl").exists()


def test_score_recomputes_verdicts_without_calling_anything(dataset, env, tmp_path: Path) -> None:
    data, items = dataset
    out = tmp_path / "o"
    assert main(["eval", "--data", str(data), "--model", "baseline/oracle", "--out", str(out), "--quiet"]) == 0
    lines = records(out)
    lines[0]["response"] = '{"answer": "surely wrong"}'
    lines[0]["correct"] = True
    (out / "samples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines))
    assert main(["score", str(out)]) == 0
    rescored = {r["id"]: r for r in records(out)}
    assert rescored[lines[0]["id"]]["correct"] is False
    results = json.loads((out / "results.json").read_text())
    assert results["tasks"][lines[0]["task"]]["correct"] == 2
    assert list(load_items(data))  # the data is untouched


def test_ctrl_c_stops_cleanly_and_keeps_what_finished(dataset, env, tmp_path: Path) -> None:
    data, items = dataset
    fake = FakeProvider(answers=answers_for(items), delay_s=0.15)
    server, url = fake.start()
    out = tmp_path / "run"
    try:
        process = start_and_wait_for_samples(eval_command(data, out, url), out, 3)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        server.shutdown()
    assert process.returncode == 130, stderr
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    recorded = records(out)  # every line is a whole record
    results = json.loads((out / "results.json").read_text())
    assert results["n"] == len(recorded) < len(items)


def test_ablate_runs_every_layout_sharing_the_cache_and_reports(dataset, env, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    data, items = dataset
    fake = FakeProvider(answers=answers_for(items))
    server, url = fake.start()
    command = ["ablate", "--data", str(data), "--model", "openai/test-vlm", "--base-url", url + "/v1",
               "--tasks", "Clocks,IQ", "--quiet", "--out"]
    try:
        assert main([*command, str(tmp_path / "ablation")]) == 0
        first = len(fake.received)
        assert main([*command, str(tmp_path / "again")]) == 0  # every answer comes from the cache
    finally:
        server.shutdown()
    assert first == 6 * 4 and len(fake.received) == first
    images_sent = sorted({sum(kind == "image" for kind, _ in r.parts) for r in fake.received})
    assert images_sent == [0, 1, 2, 6]  # text-only, merged, then native counts
    for layout in ("interleaved", "images-first", "merged", "text-only"):
        assert json.loads((tmp_path / "ablation" / layout / "manifest.json").read_text())["layout"] == layout
    markdown = (tmp_path / "ablation" / "report" / "report.md").read_text()
    assert "## Layout ablation" in markdown and "| openai/test-vlm |" in markdown.split("## Layout ablation")[1]


def test_azure_speaks_its_url_scheme_and_key_header(dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    data, items = dataset
    monkeypatch.setenv("REMI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("AZURE_OPENAI_ENDPOINT", raising=False)
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", SECRET)
    args = ["eval", "--data", str(data), "--model", "azure/gpt4o-prod", "--out", str(tmp_path / "run"), "--quiet",
            "--tasks", "Clocks,IQ"]
    assert main(args) == 2
    assert "AZURE_OPENAI_ENDPOINT" in capsys.readouterr().err
    fake = FakeProvider(answers=answers_for(items))
    server, url = fake.start()
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", url + "/")
    try:
        assert main([*args, "--api-version", "2025-01-01-preview"]) == 0
    finally:
        server.shutdown()
    assert len(fake.received) == 6
    for request in fake.received:
        assert request.path == "/openai/deployments/gpt4o-prod/chat/completions?api-version=2025-01-01-preview"
        assert request.headers.get("api-key") == SECRET and "Authorization" not in request.headers
        assert request.body["model"] == "gpt4o-prod"
    out = records(tmp_path / "run")
    assert all(r["model"] == "azure/gpt4o-prod" and r["error"] is None for r in out)
    assert SECRET not in (tmp_path / "run" / "manifest.json").read_text()
