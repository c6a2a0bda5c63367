"""Client-side rate limits: requests and tokens per minute, and concurrency that backs off on 429.

``--rpm`` and ``--tpm`` are token buckets shared by every request of a run: a request waits
until both buckets hold what it will spend (one request; its estimated input tokens plus the
output ceiling), so a run at an account's limits proceeds at those limits instead of
provoking a storm of 429s. Independently, the number of requests in flight halves on a 429
(at most once a second) and grows back by one after each run of successes as long as the
concurrency, so the run settles at what the server accepts.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from remibench.backends.base import Backend, BackendError, GenerationSettings, Response
from remibench.items import Item
from remibench.prompt import Message

BACKOFF_SPACING_S = 1.0
BURST_S = 10.0  # a bucket holds ten seconds' worth: a steady pace, not a minute's worth at once


@dataclass
class Bucket:
    """``per_minute`` units, refilled continuously, holding at most :data:`BURST_S` seconds' worth."""

    per_minute: float
    clock: Callable[[], float] = time.monotonic
    level: float = field(init=False)
    stamp: float = field(init=False)

    def __post_init__(self) -> None:
        self.size = max(1.0, self.per_minute * BURST_S / 60.0)
        self.level, self.stamp = self.size, self.clock()

    def _refill(self) -> None:
        now = self.clock()
        self.level = min(self.size, self.level + (now - self.stamp) * self.per_minute / 60.0)
        self.stamp = now

    def wait_for(self, amount: float) -> float:
        """Seconds until ``amount`` (capped at the bucket's size) is there; 0 when it is."""
        self._refill()
        need = min(amount, self.size)
        return 0.0 if self.level >= need else (need - self.level) * 60.0 / self.per_minute

    def take(self, amount: float) -> None:
        self._refill()
        self.level -= amount  # may go below zero for a request larger than the bucket


class RateLimited(Backend):
    """Wraps a backend with the buckets and the adaptive concurrency; see the module docstring."""

    def __init__(self, inner: Backend, *, rpm: float | None, tpm: float | None, concurrency: int,
                 estimate: Callable[[Message, GenerationSettings], int], clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Any] = asyncio.sleep) -> None:
        self.inner = inner
        self.spec, self.endpoint, self.limits, self.cacheable = inner.spec, inner.endpoint, inner.limits, inner.cacheable
        self.requests = Bucket(rpm, clock) if rpm else None
        self.tokens = Bucket(tpm, clock) if tpm else None
        self.rpm, self.tpm, self.estimate, self.clock, self.sleep = rpm, tpm, estimate, clock, sleep
        self.ceiling = self.allowed = max(1, concurrency)
        self.in_flight = self.successes = 0
        self.last_backoff = -1e9
        self.counts = {"waits_for_rpm": 0, "waits_for_tpm": 0, "waited_s": 0.0, "backoffs_on_429": 0,
                       "lowest_concurrency": self.allowed}
        self._changed = asyncio.Condition()

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    async def _admit(self, tokens: int) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: self.in_flight < self.allowed)
            self.in_flight += 1
        while True:
            waits = {"rpm": self.requests.wait_for(1) if self.requests else 0.0,
                     "tpm": self.tokens.wait_for(tokens) if self.tokens else 0.0}
            longest = max(waits.values())
            if longest <= 0:
                break
            self.counts["waits_for_rpm" if waits["rpm"] >= waits["tpm"] else "waits_for_tpm"] += 1
            self.counts["waited_s"] += longest
            await self.sleep(longest)
        if self.requests:
            self.requests.take(1)
        if self.tokens:
            self.tokens.take(tokens)

    async def _release(self, rate_limited: bool) -> None:
        async with self._changed:
            self.in_flight -= 1
            if rate_limited:
                self.successes = 0
                if self.clock() - self.last_backoff >= BACKOFF_SPACING_S:
                    self.allowed = max(1, self.allowed // 2)
                    self.last_backoff = self.clock()
                    self.counts["backoffs_on_429"] += 1
                    self.counts["lowest_concurrency"] = min(self.counts["lowest_concurrency"], self.allowed)
            else:
                self.successes += 1
                if self.allowed < self.ceiling and self.successes >= self.allowed:
                    self.allowed += 1
                    self.successes = 0
            self._changed.notify_all()

    async def generate(self, message: Message, item: Item, settings: GenerationSettings) -> Response:
        await self._admit(self.estimate(message, settings))
        rate_limited = False
        try:
            return await self.inner.generate(message, item, settings)
        except BackendError as error:
            rate_limited = error.status == 429
            raise
        finally:
            await self._release(rate_limited)

    async def aclose(self) -> None:
        await self.inner.aclose()

    def stats(self) -> dict[str, Any]:
        figures = {**self.counts, "waited_s": round(self.counts["waited_s"], 3), "final_concurrency": self.allowed}
        return {**self.inner.stats(), "rate_limits": {"rpm": self.rpm, "tpm": self.tpm, "concurrency": self.ceiling,
                                                     **figures}}
