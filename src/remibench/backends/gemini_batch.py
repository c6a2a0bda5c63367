"""Gemini's Batch Mode: inlined ``generateContent`` requests, one long-running batch operation.

``POST /v1beta/models/{model}:batchGenerateContent`` with ``batch: {displayName, inputConfig:
{requests: {requests: [{request, metadata}]}}}`` returns an operation named ``batches/{id}``;
``GET /v1beta/batches/{id}`` gives its state (``BATCH_STATE_PENDING``, ``_RUNNING``,
``_SUCCEEDED``, ``_FAILED``, ``_CANCELLED``, ``_EXPIRED``) and, once done, the inlined responses
in request order; ``GET /v1beta/batches`` lists operations, and the ``displayName`` (our chunk
key) finds a batch created just before a kill. Inline requests are limited to 20 MB a batch.
"""

from __future__ import annotations

import json
from typing import Any

from remibench.backends.base import BackendError, GenerationSettings, Response
from remibench.backends.batch_http import BatchHttp
from remibench.backends.google import Gemini, gemini_response
from remibench.prompt import Message
from remibench.runner.batch import BatchStatus

STATES = {"BATCH_STATE_SUCCEEDED": "completed", "BATCH_STATE_FAILED": "failed",
          "BATCH_STATE_CANCELLED": "cancelled", "BATCH_STATE_EXPIRED": "expired"}


def _batch(operation: dict[str, Any]) -> dict[str, Any]:
    """The batch resource of an operation (its metadata), or the resource itself."""
    metadata = operation.get("metadata")
    return metadata if isinstance(metadata, dict) and "state" in metadata else operation


class GeminiBatch:
    max_requests = 100_000
    max_bytes = 19 * 1024 * 1024

    def __init__(self, backend: Gemini, timeout: float = 300.0) -> None:
        self.backend = backend
        secret = backend.http.secrets[0] if backend.http.secrets else ""
        self.http = BatchHttp(backend.endpoint, {"x-goog-api-key": secret}, secret, timeout)

    def custom_id(self, item_id: str) -> str:
        return item_id

    def request_line(self, custom_id: str, message: Message, settings: GenerationSettings) -> dict[str, Any]:
        return {"request": self.backend.body(message, settings), "metadata": {"key": custom_id}}

    async def upload(self, key: str, lines: list[dict[str, Any]]) -> str | None:
        return None  # requests travel inline with the batch

    async def submit(self, key: str, file_id: str | None, lines: list[dict[str, Any]]) -> str:
        body = {"batch": {"displayName": key, "inputConfig": {"requests": {"requests": lines}}}}
        reply = await self.http.call("POST", f"/v1beta/models/{self.backend.model}:batchGenerateContent", json=body)
        return str(reply.json()["name"]).split("/", 1)[-1]

    async def find(self, key: str, custom_ids: list[str], planned_at: float) -> str | None:
        token: str | None = None
        while True:
            params = {"pageSize": 100, **({"pageToken": token} if token else {})}
            page = (await self.http.call("GET", "/v1beta/batches", params=params)).json()
            for operation in page.get("operations", []):
                batch = _batch(operation)
                if batch.get("displayName") == key and batch.get("state") not in (
                        "BATCH_STATE_FAILED", "BATCH_STATE_CANCELLED", "BATCH_STATE_EXPIRED"):
                    return str(operation["name"]).split("/", 1)[-1]
            token = page.get("nextPageToken")
            if not token:
                return None

    async def _operation(self, batch_id: str) -> dict[str, Any]:
        return dict((await self.http.call("GET", f"/v1beta/batches/{batch_id}")).json())

    async def status(self, batch_id: str) -> BatchStatus:
        batch = _batch(await self._operation(batch_id))
        state = str(batch.get("state"))
        return BatchStatus(STATES.get(state, "running"), json.dumps(batch.get("batchStats") or {})[:300])

    async def results(self, batch_id: str, custom_ids: list[str]) -> dict[str, Response | str]:
        operation = await self._operation(batch_id)
        output = operation.get("response") or _batch(operation).get("output") or {}
        inlined = (output.get("inlinedResponses") or {}).get("inlinedResponses") or []
        out: dict[str, Response | str] = {}
        for custom_id, entry in zip(custom_ids, inlined):  # responses come in request order
            if "response" in entry:
                try:
                    out[custom_id] = gemini_response(entry["response"])
                except BackendError as error:
                    out[custom_id] = str(error)
            else:
                out[custom_id] = json.dumps(entry.get("error") or entry)[:300]
        return out

    async def aclose(self) -> None:
        await self.http.aclose()
