"""A local model on many devices: N replicas of the hf backend as Ray actors.

``remi eval --model hf/... --engine ray --replicas N`` starts N actors, each loading the model
once (one GPU each when the cluster has GPUs, else one CPU) and batching the requests it gets as
the in-process backend does. Requests go to the actor with the fewest in flight. The runner,
its cache, resume and ordering are unchanged: to them this is one backend named like the
in-process one, so answers cached by either serve the other. On a cluster of several machines,
start Ray on each (``ray start --head`` on one, ``ray start --address HEAD:6379`` on the others),
then pass ``--address HEAD:6379`` (or set ``RAY_ADDRESS``); every node needs remibench and the
model folder (or hub access) at the same path.
"""

from __future__ import annotations

import os
from typing import Any

from remibench.backends.base import Backend, BackendError, GenerationSettings, Response
from remibench.items import Item
from remibench.prompt import Message


class ReplicaActor:
    """One model replica; Ray runs its async method on the actor's own event loop."""

    def __init__(self, name: str, batch_size: int) -> None:
        from remibench.backends.hf import HuggingFace

        self.backend = HuggingFace(name, batch_size=batch_size)

    async def generate(self, message: Message, item: Item, settings: GenerationSettings) -> Response:
        return await self.backend.generate(message, item, settings)

    def where(self) -> str:
        return f"{os.uname().nodename}:{os.getpid()}"


class RayReplicas(Backend):
    """``replicas`` actors serving ``hf/<name>``; see the module docstring."""

    def __init__(self, name: str, replicas: int, batch_size: int = 4, address: str | None = None) -> None:
        if replicas < 1:
            raise ValueError(f"--replicas must be >= 1, got {replicas}")
        try:
            import ray
        except ImportError as error:
            raise BackendError("--engine ray needs Ray: pip install 'remibench[ray]'", retryable=False) from error
        self._ray = ray
        self.spec = f"hf/{name}"
        self.endpoint = "local"  # the same cache identity as the in-process hf backend
        self._started_here = not ray.is_initialized()
        if self._started_here:
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
            address = address or os.environ.get("RAY_ADDRESS")
            if address:
                ray.init(address=address, **options)
            else:
                ray.init(num_cpus=max(replicas, 1), **options)
        gpus = ray.cluster_resources().get("GPU", 0)
        actor = ray.remote(num_gpus=1, num_cpus=0)(ReplicaActor) if gpus >= 1 else ray.remote(num_cpus=1)(ReplicaActor)
        concurrency = max(4, 4 * batch_size)
        self.actors = [actor.options(max_concurrency=concurrency).remote(name, batch_size) for _ in range(replicas)]
        self.in_flight = [0] * replicas
        self.answered = [0] * replicas
        self.errors = [0] * replicas
        self.device = "gpu" if gpus >= 1 else "cpu"

    async def generate(self, message: Message, item: Item, settings: GenerationSettings) -> Response:
        ray = self._ray
        k = min(range(len(self.actors)), key=lambda i: (self.in_flight[i], self.answered[i] + self.errors[i], i))
        self.in_flight[k] += 1
        try:
            response: Response = await self.actors[k].generate.remote(message, item, settings)
        except ray.exceptions.RayTaskError as error:
            self.errors[k] += 1
            cause = error.cause if isinstance(getattr(error, "cause", None), BackendError) else None
            if cause is not None:
                raise cause from None
            raise BackendError(f"replica {k}: {error}", retryable=False) from error
        except ray.exceptions.RayActorError as error:
            self.errors[k] += 1
            raise BackendError(f"replica {k} died: {error}", retryable=True) from error
        finally:
            self.in_flight[k] -= 1
        self.answered[k] += 1
        return response

    async def aclose(self) -> None:
        for actor in self.actors:
            self._ray.kill(actor)
        if self._started_here:
            self._ray.shutdown()

    def stats(self) -> dict[str, Any]:
        return {"replicas": [{"replica": k, "device": self.device, "answered": self.answered[k], "errors": self.errors[k]}
                             for k in range(len(self.actors))]}
