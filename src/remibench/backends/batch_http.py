"""The HTTP calls of the batch adapters: one client, failures as BackendError, secrets redacted."""

from __future__ import annotations

from typing import Any

from remibench.backends.base import BackendError
from remibench.backends.http import redact


class BatchHttp:
    def __init__(self, base_url: str, headers: dict[str, str], secret: str, timeout: float = 300.0) -> None:
        import httpx

        self.secret = secret
        self.client = httpx.AsyncClient(base_url=base_url, headers=headers, timeout=timeout)

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """The reply of ``method path``; a connection failure or an HTTP error is a BackendError."""
        import httpx

        try:
            reply = await self.client.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise BackendError(f"batch API {method} {path}: {type(error).__name__}: {redact(str(error), [self.secret])}",
                               retryable=True) from error
        if reply.status_code >= 400:
            raise BackendError(f"batch API {method} {path}: HTTP {reply.status_code}: "
                               f"{redact(reply.text[:300], [self.secret])}", retryable=reply.status_code >= 500,
                               status=reply.status_code)
        return reply

    async def aclose(self) -> None:
        await self.client.aclose()
