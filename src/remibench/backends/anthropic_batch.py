"""Anthropic's Message Batches API: requests sent inline, results as JSONL once the batch ends.

``POST /v1/messages/batches`` with ``requests: [{custom_id, params}]``, ``GET .../{id}``
(``processing_status``: in_progress, canceling, ended), ``GET .../{id}/results`` (one JSON line a
request: succeeded, errored, canceled or expired), ``GET /v1/messages/batches`` to list. Limits:
100,000 requests and 256 MB a batch. Batches carry no metadata of ours, so a batch created just
before a kill is recognised by being created after the chunk was planned with the same number
of requests (the results are checked against the chunk's custom ids when collected).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import Any

from remibench.backends.anthropic import API_VERSION, Anthropic, anthropic_content
from remibench.backends.base import GenerationSettings, Response
from remibench.backends.batch_http import BatchHttp
from remibench.prompt import Message
from remibench.runner.batch import BatchStatus

_CUSTOM_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class AnthropicBatch:
    max_requests = 100_000
    max_bytes = 250 * 1024 * 1024

    def __init__(self, backend: Anthropic, timeout: float = 300.0) -> None:
        self.backend = backend
        secret = backend.http.secrets[0] if backend.http.secrets else ""
        self.http = BatchHttp(backend.endpoint, {"x-api-key": secret, "anthropic-version": API_VERSION}, secret, timeout)

    def custom_id(self, item_id: str) -> str:
        """The item id where Anthropic accepts it (letters, digits, - and _, at most 64), else a hash."""
        return item_id if _CUSTOM_ID.fullmatch(item_id) else "h" + hashlib.sha256(item_id.encode()).hexdigest()[:40]

    def request_line(self, custom_id: str, message: Message, settings: GenerationSettings) -> dict[str, Any]:
        return {"custom_id": custom_id, "params": {
            "model": self.backend.model, "max_tokens": settings.max_tokens, "temperature": settings.temperature,
            "messages": [{"role": "user", "content": anthropic_content(message)}]}}

    async def upload(self, key: str, lines: list[dict[str, Any]]) -> str | None:
        return None  # requests travel inline with the batch

    async def submit(self, key: str, file_id: str | None, lines: list[dict[str, Any]]) -> str:
        return str((await self.http.call("POST", "/v1/messages/batches", json={"requests": lines})).json()["id"])

    async def find(self, key: str, custom_ids: list[str], planned_at: float) -> str | None:
        after: str | None = None
        while True:
            params = {"limit": 100, **({"after_id": after} if after else {})}
            page = (await self.http.call("GET", "/v1/messages/batches", params=params)).json()
            for batch in page.get("data", []):
                created = datetime.fromisoformat(str(batch.get("created_at", "1970-01-01T00:00:00+00:00"))
                                                 .replace("Z", "+00:00")).timestamp()
                counts = batch.get("request_counts") or {}
                if created >= planned_at - 5 and sum(counts.values()) == len(custom_ids):
                    return str(batch["id"])
            if not page.get("has_more"):
                return None
            after = page.get("last_id")

    async def status(self, batch_id: str) -> BatchStatus:
        batch = (await self.http.call("GET", f"/v1/messages/batches/{batch_id}")).json()
        state = batch.get("processing_status")
        detail = json.dumps(batch.get("request_counts") or {})
        return BatchStatus("completed" if state == "ended" else "running", detail)

    async def results(self, batch_id: str, custom_ids: list[str]) -> dict[str, Response | str]:
        text = (await self.http.call("GET", f"/v1/messages/batches/{batch_id}/results")).text
        out: dict[str, Response | str] = {}
        for line in text.splitlines():
            if not line.strip():
                continue
            entry = json.loads(line)
            result = entry.get("result") or {}
            if result.get("type") == "succeeded":
                message = result.get("message") or {}
                blocks = message.get("content") or []
                answer = "".join(b.get("text", "") for b in blocks if isinstance(b, dict) and b.get("type") == "text")
                usage = message.get("usage") or {}
                out[str(entry.get("custom_id"))] = Response(answer, usage.get("input_tokens"), usage.get("output_tokens"))
            else:
                out[str(entry.get("custom_id"))] = json.dumps({"type": result.get("type"), "error": result.get("error")})[:300]
        foreign = set(out) - set(custom_ids)
        if foreign:  # a batch found by time and size that is not ours: collect nothing from it
            return {custom_id: "the batch found for this chunk holds other requests; asked again" for custom_id in custom_ids}
        return out

    async def aclose(self) -> None:
        await self.http.aclose()
