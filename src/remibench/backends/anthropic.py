"""Anthropic's Messages API: images as base64 ``image`` blocks between text blocks."""

from __future__ import annotations

import base64
import os
from typing import Any

from remibench.backends.base import Backend, GenerationSettings, ImageLimits, Response
from remibench.backends.http import JsonClient, field
from remibench.items import Item
from remibench.prompt import ImagePart, Message

DEFAULT_BASE_URL = "https://api.anthropic.com"
API_VERSION = "2023-06-01"


def anthropic_content(message: Message) -> list[dict[str, Any]]:
    content: list[dict[str, Any]] = []
    for part in message.parts:
        if isinstance(part, ImagePart):
            data = base64.b64encode(part.png).decode("ascii")
            content.append({"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": data}})
        else:
            content.append({"type": "text", "text": part.text})
    return content


class Anthropic(Backend):
    limits = ImageLimits(max_images=100, max_image_bytes=5 * 1024 * 1024, max_side=8000)

    def __init__(self, model: str, base_url: str | None = None, timeout: float = 120.0, concurrency: int = 64) -> None:
        self.model = model
        self.spec = f"anthropic/{model}"
        self.endpoint = (base_url or os.environ.get("ANTHROPIC_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        key = os.environ.get("ANTHROPIC_API_KEY", "")
        headers = {"x-api-key": key, "anthropic-version": API_VERSION}
        self.http = JsonClient(self.endpoint, headers, timeout, concurrency, secrets=[key])

    async def generate(self, message: Message, item: Item, settings: GenerationSettings) -> Response:
        body = {
            "model": self.model,
            "max_tokens": settings.max_tokens,
            "temperature": settings.temperature,
            "messages": [{"role": "user", "content": anthropic_content(message)}],
        }
        data = await self.http.post("/v1/messages", body, settings.timeout)
        blocks = field(data, "content")
        text = "".join(b.get("text", "") for b in blocks if isinstance(b, dict) and b.get("type") == "text")
        usage = data.get("usage") or {}
        return Response(text, usage.get("input_tokens"), usage.get("output_tokens"))

    async def aclose(self) -> None:
        await self.http.aclose()
