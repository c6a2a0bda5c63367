"""``remi eval --batch`` against a loopback server speaking the batch APIs of OpenAI, Anthropic
and Gemini: submit then collect on the next run, --wait, expired and partly failed batches,
kills between upload and submit and between submit and recording, batches cut to the
provider's limits, and a cache shared with online runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fake_batches import FakeBatches
from remibench.cli import main
from remibench.data.writer import DatasetWriter
from remibench.runner import batch as batch_module
from remibench.scoring import score_official
from test_eval_runner import answers_for, make_items


@pytest.fixture
def dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPENAI_API_KEY", "sk-batch-secret")
    monkeypatch.setenv("REMI_CACHE_DIR", str(tmp_path / "cache"))
    items = make_items(2)
    with DatasetWriter(tmp_path / "data" / "test.parquet") as writer:
        for item in items:
            writer.write(item)
    return tmp_path / "data", items


def run(data: Path, out: Path, url: str, *extra: str) -> int:
    return main(["eval", "--data", str(data), "--model", "openai/test-vlm", "--out", str(out), "--base-url", url,
                 "--quiet", "--batch", *extra])


def samples(out: Path) -> dict[str, dict]:
    lines = (out / "samples.jsonl").read_text().splitlines() if (out / "samples.jsonl").exists() else []
    latest: dict[str, dict] = {}
    for line in lines:
        record = json.loads(line)
        latest[record["id"]] = record
    return latest


def test_submit_then_collect_on_the_next_run(dataset, tmp_path: Path) -> None:
    data, items = dataset
    fake = FakeBatches(answers=answers_for(items), polls_to_finish=1)
    server, url = fake.start()
    try:
        assert run(data, tmp_path / "run", url) == 0
        assert fake.counts["uploads"] == 1 and fake.counts["creates"] == 1 and not samples(tmp_path / "run")
        assert run(data, tmp_path / "run", url) == 0
    finally:
        server.shutdown()
    got = samples(tmp_path / "run")
    assert len(got) == len(items) and fake.counts["uploads"] == 1 and fake.counts["creates"] == 1
    for item in items:
        record = got[item.id]
        assert record["error"] is None and record["correct"] == score_official(item.task, record["response"], item.label)[1]
    assert "sk-batch-secret" not in (tmp_path / "run" / "batches.jsonl").read_text()
    results = json.loads((tmp_path / "run" / "results.json").read_text())
    assert results["batch"]["collected"] == 1 and 0 < results["overall"] < 1


def test_wait_polls_until_done_and_shares_the_cache_with_online_runs(dataset, tmp_path: Path) -> None:
    data, items = dataset
    fake = FakeBatches(answers=answers_for(items), polls_to_finish=2)
    server, url = fake.start()
    try:
        assert run(data, tmp_path / "batched", url, "--wait", "--poll", "0.01") == 0
        assert len(samples(tmp_path / "batched")) == len(items)
        assert main(["eval", "--data", str(data), "--model", "openai/test-vlm", "--out", str(tmp_path / "online"),
                     "--base-url", url, "--quiet"]) == 0
        assert fake.counts["online"] == 0  # every answer came from the batch, through the cache
        assert all(r["cached"] for r in samples(tmp_path / "online").values())
        assert run(data, tmp_path / "again", url) == 0  # and a batch run reuses online answers too
    finally:
        server.shutdown()
    assert fake.counts["creates"] == 1 and len(samples(tmp_path / "again")) == len(items)


@pytest.mark.parametrize("fate", ["expired", "failed_items"])
def test_what_a_batch_did_not_answer_is_asked_again_by_the_next_run(fate: str, dataset, tmp_path: Path) -> None:
    data, items = dataset
    fake = FakeBatches(answers=answers_for(items), polls_to_finish=0, plan=lambda n: fate if n == 0 else "completed")
    server, url = fake.start()
    try:
        assert run(data, tmp_path / "run", url, "--wait", "--poll", "0.01") == 0
        first = samples(tmp_path / "run")
        answered = [i for i, r in first.items() if r["error"] is None]
        assert 0 < len(answered) < len(items)
        assert run(data, tmp_path / "run", url, "--wait", "--poll", "0.01") == 0
    finally:
        server.shutdown()
    final = samples(tmp_path / "run")
    assert len(final) == len(items) and all(r["error"] is None for r in final.values())
    assert fake.counts["creates"] == 2
    second_batch = fake.files[fake.batches["batch_1"]["input_file_id"]].decode().splitlines()
    assert len(second_batch) == len(items) - len(answered)  # only what the first did not answer


def test_killed_between_upload_and_submit_pays_nothing_twice(dataset, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from remibench.backends.openai_batch import OpenAIBatch

    data, items = dataset
    fake = FakeBatches(answers=answers_for(items), polls_to_finish=0)
    server, url = fake.start()
    original = OpenAIBatch.submit

    async def killed(self, key, file_id, lines):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    try:
        monkeypatch.setattr(OpenAIBatch, "submit", killed)
        assert run(data, tmp_path / "run", url) == 130  # interrupted, as by Ctrl-C
        assert fake.counts["uploads"] == 1 and fake.counts["creates"] == 0
        monkeypatch.setattr(OpenAIBatch, "submit", original)
        assert run(data, tmp_path / "run", url, "--wait", "--poll", "0.01") == 0
    finally:
        server.shutdown()
    assert fake.counts["uploads"] == 1 and fake.counts["creates"] == 1  # the uploaded file was submitted as it was
    assert len(samples(tmp_path / "run")) == len(items)


def test_killed_between_submit_and_recording_finds_its_batch(dataset, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    data, items = dataset
    fake = FakeBatches(answers=answers_for(items), polls_to_finish=0)
    server, url = fake.start()
    original = batch_module.Ledger.record

    def killed(self, chunk, event, **fields):  # type: ignore[no-untyped-def]
        if event == "submitted":
            raise KeyboardInterrupt
        return original(self, chunk, event, **fields)

    try:
        monkeypatch.setattr(batch_module.Ledger, "record", killed)
        assert run(data, tmp_path / "run", url) == 130
        assert fake.counts["creates"] == 1
        monkeypatch.setattr(batch_module.Ledger, "record", original)
        assert run(data, tmp_path / "run", url, "--wait", "--poll", "0.01") == 0
    finally:
        server.shutdown()
    assert fake.counts["creates"] == 1 and fake.counts["uploads"] == 1  # found by its key, not submitted again
    assert len(samples(tmp_path / "run")) == len(items)


PROVIDERS = {"anthropic": ("anthropic/claude-test", "ANTHROPIC_API_KEY", ""),
             "google": ("google/gemini-test", "GEMINI_API_KEY", "")}


@pytest.mark.parametrize("provider", list(PROVIDERS))
@pytest.mark.parametrize("fate", ["completed", "expired", "failed_items"])
def test_anthropic_and_gemini_batches_answer_and_retry_what_they_did_not(provider: str, fate: str, dataset,
                                                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, items = dataset
    model, key_name, _ = PROVIDERS[provider]
    monkeypatch.setenv(key_name, "sk-provider-secret")
    fake = FakeBatches(answers=answers_for(items), polls_to_finish=1, plan=lambda n: fate if n == 0 else "completed")
    server, url = fake.start()
    base = url.removesuffix("/v1")
    argv = ["eval", "--data", str(data), "--model", model, "--out", str(tmp_path / "run"), "--base-url", base,
            "--quiet", "--batch"]
    try:
        assert main(argv) == 0  # submitted, not yet done
        assert fake.counts["creates"] == 1 and not samples(tmp_path / "run")
        assert main([*argv, "--wait", "--poll", "0.01"]) == 0  # collects the first batch
        first = {i: r for i, r in samples(tmp_path / "run").items() if r["error"] is None}
        if fate == "completed":
            assert len(first) == len(items) and fake.counts["creates"] == 1
        else:
            assert len(first) < len(items)
            assert main([*argv, "--wait", "--poll", "0.01"]) == 0  # asks again for what is missing
            assert fake.counts["creates"] == 2
    finally:
        server.shutdown()
    final = samples(tmp_path / "run")
    assert len(final) == len(items) and all(r["error"] is None for r in final.values())
    for item in items:
        assert final[item.id]["correct"] == score_official(item.task, final[item.id]["response"], item.label)[1]
    assert "sk-provider-secret" not in (tmp_path / "run" / "batches.jsonl").read_text()


@pytest.mark.parametrize("provider", list(PROVIDERS))
def test_a_batch_submitted_just_before_a_kill_is_found_not_sent_again(provider: str, dataset, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    data, items = dataset
    model, key_name, _ = PROVIDERS[provider]
    monkeypatch.setenv(key_name, "sk-provider-secret")
    fake = FakeBatches(answers=answers_for(items), polls_to_finish=0)
    server, url = fake.start()
    original = batch_module.Ledger.record

    def killed(self, chunk, event, **fields):  # type: ignore[no-untyped-def]
        if event == "submitted":
            raise KeyboardInterrupt
        return original(self, chunk, event, **fields)

    argv = ["eval", "--data", str(data), "--model", model, "--out", str(tmp_path / "run"),
            "--base-url", url.removesuffix("/v1"), "--quiet", "--batch"]
    try:
        monkeypatch.setattr(batch_module.Ledger, "record", killed)
        assert main(argv) == 130
        monkeypatch.setattr(batch_module.Ledger, "record", original)
        assert main([*argv, "--wait", "--poll", "0.01"]) == 0
    finally:
        server.shutdown()
    assert fake.counts["creates"] == 1 and len(samples(tmp_path / "run")) == len(items)


def test_chunks_respect_the_request_and_size_limits() -> None:
    class Small:
        max_requests, max_bytes = 3, 200

    lines = [(f"id{k}", {"body": "x" * (40 if k % 2 else 120)}) for k in range(10)]
    chunks = batch_module.plan_chunks(Small(), lines)  # type: ignore[arg-type]
    assert [c for chunk in chunks for c, _ in chunk] == [c for c, _ in lines]
    for chunk in chunks:
        assert len(chunk) <= 3 and sum(len(json.dumps(line)) + 1 for _, line in chunk) <= 200
