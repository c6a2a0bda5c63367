"""Estimates before a run (provider token rules on their documentation's worked examples, the
dry run that sends nothing) and client-side rate limits held against a loopback server."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from fake_providers import FakeProvider
from remibench.backends.base import Backend, BackendError, GenerationSettings, Response
from remibench.cli import main
from remibench.estimate import anthropic_image_tokens, gemini_image_tokens, openai_image_tokens
from remibench.runner.limits import Bucket, RateLimited
from test_eval_runner import answers_for, records


def test_openai_rule_on_its_guides_examples() -> None:
    assert openai_image_tokens(1024, 1024) == 765  # 768x768, four tiles
    assert openai_image_tokens(2048, 4096) == 1105  # 1024x2048 -> 768x1536, six tiles
    assert openai_image_tokens(4096, 8192, detail="low") == 85
    assert openai_image_tokens(500, 400) == 85 + 170  # small images are not scaled up


def test_anthropic_rule_on_its_guides_table() -> None:
    assert anthropic_image_tokens(200, 200) == 54
    assert anthropic_image_tokens(1000, 1000) == 1334
    assert anthropic_image_tokens(1092, 1092) == 1590
    assert anthropic_image_tokens(4000, 4000) <= 1600  # scaled down first


def test_gemini_rule_on_its_examples() -> None:
    assert gemini_image_tokens(384, 384) == 258
    assert gemini_image_tokens(600, 400) == 258
    assert gemini_image_tokens(1000, 1000) == 4 * 258


@pytest.fixture
def dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from test_eval_runner import make_items
    from remibench.data.writer import DatasetWriter

    monkeypatch.setenv("OPENAI_API_KEY", "sk-limits")
    monkeypatch.setenv("REMI_CACHE_DIR", str(tmp_path / "cache"))
    items = make_items(3)
    with DatasetWriter(tmp_path / "data" / "test.parquet") as writer:
        for item in items:
            writer.write(item)
    return tmp_path / "data", items


def test_dry_run_sends_nothing_and_counts_what_is_already_paid_for(dataset, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    data, items = dataset
    fake = FakeProvider(answers=answers_for(items))
    server, url = fake.start()
    base = ["eval", "--data", str(data), "--model", "openai/test-vlm", "--out", str(tmp_path / "run"),
            "--base-url", url + "/v1", "--quiet"]
    try:
        assert main([*base, "--dry-run", "--price-in", "2.5", "--price-out", "10"]) == 0
        first = capsys.readouterr().out
        assert not fake.received and not (tmp_path / "run").exists()
        assert main([*base, "--tasks", "Clocks"]) == 0
        capsys.readouterr()
        assert main([*base, "--dry-run", "--max-images", "4"]) == 0
        second = capsys.readouterr().out
    finally:
        server.shutdown()
    total = next(line for line in first.splitlines() if line.startswith("total"))
    assert total.split()[1] == str(len(items)) and "cost at $2.5 in / $10 out" in first
    clocks = next(line for line in second.splitlines() if line.startswith("Clocks"))
    assert clocks.split()[1] == "0" and clocks.split()[5] == "3"  # nothing left to pay for Clocks
    assert "would be refused: IQ-test-00000: 6 images, the backend takes at most 4" in second
    assert len(fake.received) == 3  # only the real run sent anything


def test_bucket_paces_requests_and_lets_a_large_request_through() -> None:
    now = [0.0]
    bucket = Bucket(60, clock=lambda: now[0])  # one a second, ten at most in hand
    for _ in range(10):
        assert bucket.wait_for(1) == 0
        bucket.take(1)
    assert bucket.wait_for(1) == pytest.approx(1.0)
    now[0] += 5
    assert bucket.wait_for(5) == 0
    tokens = Bucket(600, clock=lambda: now[0])  # a 10-second bucket of 100 tokens
    tokens.take(100)
    assert tokens.wait_for(250) == pytest.approx(10.0)  # waits for a full bucket, then may go below zero


class Flaky(Backend):
    """Answers 429 to the first ``refusals`` requests, then answers; records peak concurrency."""

    spec, endpoint = "openai/flaky", "x"

    def __init__(self, refusals: int) -> None:
        self.refusals, self.in_flight, self.peak = refusals, 0, 0

    async def generate(self, message, item, settings):  # type: ignore[no-untyped-def]
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(0.01)
            if self.refusals > 0:
                self.refusals -= 1
                raise BackendError("HTTP 429", retryable=True, status=429, retry_after=0.0)
            return Response("{}")
        finally:
            self.in_flight -= 1


def test_concurrency_halves_on_429_and_climbs_back() -> None:
    inner = Flaky(refusals=8)
    limited = RateLimited(inner, rpm=None, tpm=None, concurrency=8, estimate=lambda m, s: 1)

    async def run() -> list[str]:
        async def one() -> str:
            for _ in range(20):
                try:
                    return (await limited.generate(None, None, GenerationSettings())).text  # type: ignore[arg-type]
                except BackendError:
                    await asyncio.sleep(0.01)
            return "gave up"
        return list(await asyncio.gather(*(one() for _ in range(40))))

    assert set(asyncio.run(run())) == {"{}"}
    figures = limited.stats()["rate_limits"]
    assert figures["backoffs_on_429"] >= 1 and figures["lowest_concurrency"] <= 4
    assert figures["final_concurrency"] > figures["lowest_concurrency"]


def test_rpm_holds_against_a_server_that_counts(dataset, tmp_path: Path) -> None:
    data, items = dataset
    fake = FakeProvider(answers=answers_for(items))
    stamps: list[float] = []
    original = fake.answer_for

    def stamped(parts):  # type: ignore[no-untyped-def]
        stamps.append(time.monotonic())
        return original(parts)

    fake.answer_for = stamped  # type: ignore[method-assign]
    server, url = fake.start()
    try:
        assert main(["eval", "--data", str(data), "--model", "openai/test-vlm", "--out", str(tmp_path / "run"),
                     "--base-url", url + "/v1", "--quiet", "--no-cache", "--concurrency", "8", "--rpm", "120"]) == 0
    finally:
        server.shutdown()
    assert len(stamps) == len(items) == 24
    # 120 a minute with 20 in hand: the last 4 wait half a second each
    assert stamps[-1] - stamps[0] >= 1.5
    for k in range(len(stamps) - 21):  # never more than 20 + 2/s in any stretch
        assert stamps[k + 21] - stamps[k] >= 0.45
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    limits = manifest["rate_limits"]
    assert limits["rpm"] == 120 and limits["waits_for_rpm"] >= 1 and limits["waited_s"] > 0
    assert all(r["error"] is None for r in records(tmp_path / "run"))
