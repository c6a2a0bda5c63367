"""One model served by several replicas (vLLM or SGLang servers with no load balancer in front).

Each request goes to the healthy endpoint with the fewest requests in flight. An endpoint that
fails several times in a row is rested, for a time that doubles with each rest (or for the
server's Retry-After), and the failed request is retried at once on another endpoint. Answers do
not depend on which replica gave them: cache keys and resume checks name the model and the
settings, never a replica, so adding or removing a replica keeps every cached answer.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from remibench.backends.base import Backend, BackendError, GenerationSettings, Response
from remibench.items import Item
from remibench.prompt import Message

FAILURES_TO_REST = 3
FIRST_REST_S = 1.0
LONGEST_REST_S = 60.0
POOL_ENDPOINT = "replicas"  # what cache keys and manifests name instead of one replica's URL


@dataclass
class Replica:
    backend: Backend
    index: int
    in_flight: int = 0
    sent: int = 0
    answered: int = 0
    errors: int = 0
    in_a_row: int = 0
    rests: int = 0
    resting_until: float = 0.0
    latency_s: float = 0.0

    def figures(self) -> dict[str, Any]:
        return {"url": self.backend.endpoint, "requests": self.sent, "answered": self.answered, "errors": self.errors,
                "rests": self.rests, "mean_latency_s": round(self.latency_s / self.answered, 4) if self.answered else None}


class EndpointPool(Backend):
    """Several backends for one model; see the module docstring for the routing rules."""

    def __init__(self, members: Sequence[Backend], *, failures_to_rest: int = FAILURES_TO_REST,
                 first_rest_s: float = FIRST_REST_S, longest_rest_s: float = LONGEST_REST_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if len(members) < 2:
            raise ValueError("a pool needs at least two endpoints")
        if len({m.spec for m in members}) != 1:
            raise ValueError("every endpoint of a pool must serve the same model")
        self.replicas = [Replica(m, k) for k, m in enumerate(members)]
        self.spec = members[0].spec
        self.endpoint = POOL_ENDPOINT
        self.limits = members[0].limits
        self.cacheable = all(m.cacheable for m in members)
        self.failures_to_rest, self.first_rest_s, self.longest_rest_s = failures_to_rest, first_rest_s, longest_rest_s
        self.clock = clock

    def _healthy(self, now: float) -> list[Replica]:
        return [r for r in self.replicas if r.resting_until <= now]

    async def _choose(self) -> Replica:
        """The healthy replica with the fewest requests in flight (then the fewest sent)."""
        while True:
            now = self.clock()
            healthy = self._healthy(now)
            if healthy:
                return min(healthy, key=lambda r: (r.in_flight, r.sent, r.index))
            await asyncio.sleep(max(0.0, min(r.resting_until for r in self.replicas) - now))

    def _rest(self, replica: Replica, retry_after: float | None) -> None:
        if retry_after is not None and retry_after > 0:
            span = retry_after
        elif replica.in_a_row >= self.failures_to_rest:
            span = min(self.longest_rest_s, self.first_rest_s * 2 ** replica.rests)
        else:
            return
        replica.rests += 1
        replica.resting_until = self.clock() + span

    async def generate(self, message: Message, item: Item, settings: GenerationSettings) -> Response:
        replica = await self._choose()
        replica.in_flight += 1
        replica.sent += 1
        started = self.clock()
        try:
            response = await replica.backend.generate(message, item, settings)
        except BackendError as error:
            replica.errors += 1
            if not error.retryable:
                raise
            replica.in_a_row += 1
            self._rest(replica, error.retry_after)
            others = [r for r in self._healthy(self.clock()) if r is not replica]
            raise BackendError(f"{replica.backend.endpoint}: {error}", retryable=True, status=error.status,
                               retry_after=0.0 if others else error.retry_after) from error
        finally:
            replica.in_flight -= 1
        replica.in_a_row = 0
        replica.answered += 1
        replica.latency_s += self.clock() - started
        return response

    async def aclose(self) -> None:
        for replica in self.replicas:
            await replica.backend.aclose()

    def stats(self) -> dict[str, Any]:
        return {"endpoints": [r.figures() for r in self.replicas]}
