"""OpenAI's Batch API: a JSONL file of chat completion requests, uploaded, run within 24 h.

Files: ``POST /files`` (multipart, purpose ``batch``); batches: ``POST /batches`` with the file,
the endpoint and a ``metadata`` entry naming our chunk key, ``GET /batches/{id}``,
``GET /batches`` (listed to find a batch created just before a run was killed); results:
``GET /files/{id}/content`` of the output file (answers) and the error file (failures).
Limits: 50,000 requests and 200 MB a file.
"""

from __future__ import annotations

import json
from typing import Any

from remibench.backends.base import BackendError, GenerationSettings, Response
from remibench.backends.batch_http import BatchHttp
from remibench.backends.openai_compat import OpenAICompatible, response_of
from remibench.prompt import Message
from remibench.runner.batch import BatchStatus

RUNNING = ("validating", "in_progress", "finalizing", "cancelling")
KEY_FIELD = "remi_chunk"


class OpenAIBatch:
    max_requests = 50_000
    max_bytes = 190 * 1024 * 1024  # under the 200 MB file limit, with room for the multipart framing

    def __init__(self, backend: OpenAICompatible, timeout: float = 300.0) -> None:
        self.backend = backend
        secret = backend.http.secrets[0] if backend.http.secrets else ""
        self.http = BatchHttp(backend.endpoint, {"Authorization": f"Bearer {secret}"} if secret else {}, secret, timeout)

    def custom_id(self, item_id: str) -> str:
        return item_id

    def request_line(self, custom_id: str, message: Message, settings: GenerationSettings) -> dict[str, Any]:
        return {"custom_id": custom_id, "method": "POST", "url": "/v1/chat/completions",
                "body": self.backend.body(message, settings)}

    async def upload(self, key: str, lines: list[dict[str, Any]]) -> str | None:
        payload = "".join(json.dumps(line) + "\n" for line in lines).encode("utf-8")
        reply = await self.http.call("POST", "/files", data={"purpose": "batch"},
                                 files={"file": (f"{key}.jsonl", payload, "application/jsonl")})
        return str(reply.json()["id"])

    async def submit(self, key: str, file_id: str | None, lines: list[dict[str, Any]]) -> str:
        body = {"input_file_id": file_id, "endpoint": "/v1/chat/completions", "completion_window": "24h",
                "metadata": {KEY_FIELD: key}}
        return str((await self.http.call("POST", "/batches", json=body)).json()["id"])

    async def find(self, key: str, custom_ids: list[str], planned_at: float) -> str | None:
        """A live or finished batch submitted under ``key`` (failed, expired, cancelled ones do not count)."""
        after: str | None = None
        while True:
            params = {"limit": 100, **({"after": after} if after else {})}
            page = (await self.http.call("GET", "/batches", params=params)).json()
            for batch in page.get("data", []):
                if (batch.get("metadata") or {}).get(KEY_FIELD) == key and batch.get("status") not in (
                        "failed", "expired", "cancelled"):
                    return str(batch["id"])
            if not page.get("has_more") or not page.get("data"):
                return None
            after = page["data"][-1]["id"]

    async def _batch(self, batch_id: str) -> dict[str, Any]:
        return dict((await self.http.call("GET", f"/batches/{batch_id}")).json())

    async def status(self, batch_id: str) -> BatchStatus:
        batch = await self._batch(batch_id)
        state = str(batch.get("status"))
        detail = json.dumps(batch.get("errors") or batch.get("request_counts") or {})[:300]
        return BatchStatus("running" if state in RUNNING else state, detail)

    async def _lines(self, file_id: str | None) -> list[dict[str, Any]]:
        if not file_id:
            return []
        text = (await self.http.call("GET", f"/files/{file_id}/content")).text
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    async def results(self, batch_id: str, custom_ids: list[str]) -> dict[str, Response | str]:
        batch = await self._batch(batch_id)
        out: dict[str, Response | str] = {}
        for line in await self._lines(batch.get("output_file_id")) + await self._lines(batch.get("error_file_id")):
            custom_id = str(line.get("custom_id"))
            response = line.get("response") or {}
            if response.get("status_code") == 200 and not line.get("error"):
                try:
                    out[custom_id] = response_of(response.get("body") or {})
                except BackendError as error:
                    out[custom_id] = str(error)
            else:
                error = line.get("error") or (response.get("body") or {}).get("error") or response
                out.setdefault(custom_id, json.dumps(error)[:300])
        return out

    async def aclose(self) -> None:
        await self.http.aclose()
