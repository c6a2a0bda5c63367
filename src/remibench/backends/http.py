"""HTTP plumbing shared by the API backends: one pooled client, status mapping, Retry-After."""

from __future__ import annotations

import email.utils
import time
from typing import Any

from remibench.backends.base import BackendError

RETRYABLE_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529})


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    return text


class JsonClient:
    """POSTs JSON and returns JSON, turning every failure into a BackendError."""

    def __init__(self, base_url: str, headers: dict[str, str], timeout: float, concurrency: int = 64,
                 secrets: list[str] | None = None) -> None:
        import httpx

        self._httpx = httpx
        self.base_url = base_url.rstrip("/")
        self.secrets = [s for s in (secrets or []) if s]
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        self.client = httpx.AsyncClient(headers=headers, timeout=timeout, limits=limits)

    async def post(self, path: str, body: dict[str, Any], timeout: float) -> dict[str, Any]:
        httpx = self._httpx
        url = f"{self.base_url}{path}"
        try:
            reply = await self.client.post(url, json=body, timeout=timeout)
        except httpx.TimeoutException as error:
            raise BackendError(f"timed out after {timeout:g} s ({type(error).__name__})", retryable=True) from error
        except httpx.TransportError as error:
            raise BackendError(f"connection failed: {type(error).__name__}: {redact(str(error), self.secrets)}",
                               retryable=True) from error
        if reply.status_code >= 400:
            snippet = redact(reply.text[:300], self.secrets)
            raise BackendError(f"HTTP {reply.status_code}: {snippet}", retryable=reply.status_code in RETRYABLE_STATUS,
                               status=reply.status_code, retry_after=parse_retry_after(reply.headers.get("retry-after")))
        try:
            data = reply.json()
        except ValueError as error:
            raise BackendError(f"HTTP {reply.status_code} with a body that is not JSON: {reply.text[:200]!r}",
                               retryable=True, status=reply.status_code) from error
        if not isinstance(data, dict):
            raise BackendError(f"expected a JSON object, got {type(data).__name__}", retryable=True)
        return data

    async def aclose(self) -> None:
        await self.client.aclose()


def field(data: dict[str, Any], *path: str | int) -> Any:
    """``data[path...]`` or a retryable BackendError naming the missing piece (a garbled body)."""
    value: Any = data
    for key in path:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            shown = "".join(f"[{k!r}]" for k in path)
            raise BackendError(f"malformed response: no {shown} in {str(data)[:200]}", retryable=True) from None
    return value
