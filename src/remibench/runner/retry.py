"""Calling a backend with retries: exponential backoff with jitter, honouring Retry-After."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass

from remibench.backends.base import Backend, BackendError, GenerationSettings, Response
from remibench.items import Item
from remibench.prompt import Message

MAX_RETRY_AFTER = 600.0


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 6
    base_delay: float = 1.0
    max_delay: float = 60.0

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        """Seconds before retry number ``attempt + 1``: the server's Retry-After if it gave one,
        else base * 2^attempt with +/-50% jitter, capped."""
        if retry_after is not None:
            return min(retry_after, MAX_RETRY_AFTER)
        return min(self.max_delay, self.base_delay * 2**attempt) * rng.uniform(0.5, 1.5)


@dataclass
class CallOutcome:
    response: Response | None
    error: str | None
    attempts: int
    latency_s: float


async def call_with_retries(backend: Backend, message: Message, item: Item, settings: GenerationSettings,
                            policy: RetryPolicy, rng: random.Random) -> CallOutcome:
    """One answer, or the last error once retries are spent (never raises BackendError)."""
    attempt = 0
    while True:
        started = time.perf_counter()
        try:
            response = await backend.generate(message, item, settings)
            return CallOutcome(response, None, attempt + 1, time.perf_counter() - started)
        except BackendError as error:
            if not error.retryable or attempt >= policy.max_retries:
                kind = "retries exhausted" if error.retryable else "not retryable"
                return CallOutcome(None, f"{error} ({kind} after {attempt + 1} attempt(s))", attempt + 1,
                                   time.perf_counter() - started)
            await asyncio.sleep(policy.delay(attempt, error.retry_after, rng))
            attempt += 1
