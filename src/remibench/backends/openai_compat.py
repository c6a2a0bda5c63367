"""Any OpenAI-compatible chat server: OpenAI, vLLM, SGLang, Ollama, LM Studio, ...

Images travel as base64 ``data:image/png`` URLs inside one user message, in part order.
"""

from __future__ import annotations

import base64
import os
from typing import Any

from remibench.backends.base import Backend, BackendError, GenerationSettings, Response
from remibench.backends.http import JsonClient, field
from remibench.items import Item
from remibench.prompt import ImagePart, Message

DEFAULT_BASE_URL = "https://api.openai.com/v1"


def openai_content(message: Message) -> list[dict[str, Any]]:
    content: list[dict[str, Any]] = []
    for part in message.parts:
        if isinstance(part, ImagePart):
            url = "data:image/png;base64," + base64.b64encode(part.png).decode("ascii")
            content.append({"type": "image_url", "image_url": {"url": url}})
        else:
            content.append({"type": "text", "text": part.text})
    return content


class OpenAICompatible(Backend):
    def __init__(self, model: str, base_url: str | None = None, timeout: float = 120.0, concurrency: int = 64) -> None:
        self.model = model
        self.spec = f"openai/{model}"
        self.endpoint = (base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        key = os.environ.get("OPENAI_API_KEY", "")
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.http = JsonClient(self.endpoint, headers, timeout, concurrency, secrets=[key])

    path = "/chat/completions"

    def body(self, message: Message, settings: GenerationSettings) -> dict[str, Any]:
        return {
            "model": self.model,
            "messages": [{"role": "user", "content": openai_content(message)}],
            "temperature": settings.temperature,
            "max_tokens": settings.max_tokens,
        }

    async def generate(self, message: Message, item: Item, settings: GenerationSettings) -> Response:
        data = await self.http.post(self.path, self.body(message, settings), settings.timeout)
        return response_of(data)

    async def aclose(self) -> None:
        await self.http.aclose()


def response_of(data: dict[str, Any]) -> Response:
    """The answer of a chat completion body (online, or one line of a batch's output)."""
    text = field(data, "choices", 0, "message", "content")
    if text is None:
        raise BackendError(f"empty answer (finish_reason {field(data, 'choices', 0).get('finish_reason')!r})",
                           retryable=True)
    usage = data.get("usage") or {}
    return Response(str(text), usage.get("prompt_tokens"), usage.get("completion_tokens"))
