"""``remi eval`` over several replicas of one model, each a real HTTP server on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fake_providers import FakeProvider
from remibench.cli import main
from remibench.data.writer import DatasetWriter
from remibench.items import Item
from test_eval_runner import answers_for, make_items, records


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Item]]:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-pool-test")
    monkeypatch.setenv("REMI_CACHE_DIR", str(tmp_path / "cache"))
    items = make_items(3)
    with DatasetWriter(tmp_path / "data" / "test.parquet") as writer:
        for item in items:
            writer.write(item)
    return tmp_path / "data", items


def serve(*providers: FakeProvider) -> tuple[list, list[str]]:
    started = [p.start() for p in providers]
    return [s for s, _ in started], [url + "/v1" for _, url in started]


def eval_pool(data: Path, out: Path, urls: list[str], *extra: str) -> int:
    flags = [arg for url in urls for arg in ("--base-url", url)]
    return main(["eval", "--data", str(data), "--model", "openai/test-vlm", "--out", str(out), *flags,
                 "--backoff", "0.01", "--timeout", "2", "--quiet", *extra])


def test_a_failing_replica_is_rested_and_its_requests_go_to_the_others(data, tmp_path: Path) -> None:
    folder, items = data
    answers = answers_for(items)
    good, other, broken = FakeProvider(answers=answers), FakeProvider(answers=answers), \
        FakeProvider(plan=lambda key, attempt: "500")
    servers, urls = serve(good, other, broken)
    try:
        assert eval_pool(folder, tmp_path / "pool", urls, "--concurrency", "4") == 0
        assert eval_pool(folder, tmp_path / "single", urls[:1], "--no-cache") == 0
    finally:
        for server in servers:
            server.shutdown()
    pooled, single = records(tmp_path / "pool"), records(tmp_path / "single")
    assert len(pooled) == len(items) and not any(r["error"] for r in pooled)
    assert {r["id"]: r["correct"] for r in pooled} == {r["id"]: r["correct"] for r in single}
    manifest = json.loads((tmp_path / "pool" / "manifest.json").read_text())
    assert manifest["endpoint"] == "replicas"
    figures = {e["url"]: e for e in manifest["endpoints"]}
    assert figures[urls[2]]["answered"] == 0 and figures[urls[2]]["errors"] >= 3 and figures[urls[2]]["rests"] >= 1
    assert figures[urls[0]]["answered"] + figures[urls[1]]["answered"] == len(items)
    assert figures[urls[0]]["answered"] > 0 and figures[urls[1]]["answered"] > 0
    assert figures[urls[0]]["mean_latency_s"] is not None


def test_the_least_busy_replica_gets_more_work(data, tmp_path: Path) -> None:
    folder, items = data
    slow, fast = FakeProvider(answers=answers_for(items), delay_s=0.4), FakeProvider(answers=answers_for(items))
    servers, urls = serve(slow, fast)
    try:
        assert eval_pool(folder, tmp_path / "run", urls, "--concurrency", "3", "--no-cache") == 0
    finally:
        for server in servers:
            server.shutdown()
    assert len(slow.received) + len(fast.received) == len(items)
    assert len(fast.received) > 2 * len(slow.received) > 0


def test_answers_are_cached_for_the_model_not_the_replica(data, tmp_path: Path) -> None:
    folder, items = data
    first, second, third = (FakeProvider(answers=answers_for(items)) for _ in range(3))
    servers, urls = serve(first, second, third)
    try:
        assert eval_pool(folder, tmp_path / "a", urls[:2]) == 0
        assert eval_pool(folder, tmp_path / "b", urls[1:]) == 0  # other replicas, same model: all cached
        assert eval_pool(folder, tmp_path / "a", urls[1:]) == 0  # resuming with other replicas is allowed
    finally:
        for server in servers:
            server.shutdown()
    assert len(first.received) + len(second.received) == len(items) and not third.received
    assert all(r["cached"] for r in records(tmp_path / "b"))


def test_replica_lists_from_a_file_and_bad_lists_are_refused(data, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder, items = data
    providers = [FakeProvider(answers=answers_for(items)) for _ in range(2)]
    servers, urls = serve(*providers)
    listing = tmp_path / "replicas.txt"
    listing.write_text(f"# two replicas\n{urls[0]}\n\n{urls[1]}  # the second\n")
    try:
        assert main(["eval", "--data", str(folder), "--model", "openai/test-vlm", "--out", str(tmp_path / "run"),
                     "--base-urls", str(listing), "--quiet"]) == 0
    finally:
        for server in servers:
            server.shutdown()
    assert all(p.received for p in providers)
    listing.write_text("# nothing here\n")
    assert main(["eval", "--data", str(folder), "--model", "openai/test-vlm", "--out", str(tmp_path / "x"),
                 "--base-urls", str(listing)]) == 2
    assert "no URL in the file" in capsys.readouterr().err
    assert eval_pool(folder, tmp_path / "y", ["localhost:8000"]) == 2
    assert "does not start with http" in capsys.readouterr().err
    assert main(["eval", "--data", str(folder), "--model", "baseline/oracle", "--out", str(tmp_path / "z"),
                 "--base-url", urls[0], "--base-url", urls[1]]) == 2
    assert "need an API provider" in capsys.readouterr().err
