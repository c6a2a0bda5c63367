"""Gemini's generateContent: images as ``inline_data`` parts between text parts."""

from __future__ import annotations

import base64
import os
from typing import Any

from remibench.backends.base import Backend, BackendError, GenerationSettings, ImageLimits, Response
from remibench.backends.http import JsonClient, field
from remibench.items import Item
from remibench.prompt import ImagePart, Message

DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com"


def gemini_parts(message: Message) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = []
    for part in message.parts:
        if isinstance(part, ImagePart):
            parts.append({"inline_data": {"mime_type": "image/png", "data": base64.b64encode(part.png).decode("ascii")}})
        else:
            parts.append({"text": part.text})
    return parts


class Gemini(Backend):
    limits = ImageLimits(max_images=3000, max_image_bytes=15 * 1024 * 1024)

    def __init__(self, model: str, base_url: str | None = None, timeout: float = 120.0, concurrency: int = 64) -> None:
        self.model = model
        self.spec = f"google/{model}"
        self.endpoint = (base_url or os.environ.get("GEMINI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        key = os.environ.get("GEMINI_API_KEY") or os.environ.get("GOOGLE_API_KEY") or ""
        self.http = JsonClient(self.endpoint, {"x-goog-api-key": key}, timeout, concurrency, secrets=[key])

    def body(self, message: Message, settings: GenerationSettings) -> dict[str, Any]:
        return {
            "contents": [{"role": "user", "parts": gemini_parts(message)}],
            "generationConfig": {"temperature": settings.temperature, "maxOutputTokens": settings.max_tokens},
        }

    async def generate(self, message: Message, item: Item, settings: GenerationSettings) -> Response:
        data = await self.http.post(f"/v1beta/models/{self.model}:generateContent", self.body(message, settings),
                                    settings.timeout)
        return gemini_response(data)

    async def aclose(self) -> None:
        await self.http.aclose()


def gemini_response(data: dict[str, Any]) -> Response:
    """The answer of a generateContent body (online, or one response of a batch)."""
    candidate = field(data, "candidates", 0)
    parts = (candidate.get("content") or {}).get("parts")
    if not parts:
        reason = candidate.get("finishReason")
        raise BackendError(f"no text in the answer (finishReason {reason!r})", retryable=reason not in ("SAFETY",))
    text = "".join(p.get("text", "") for p in parts if isinstance(p, dict))
    usage = data.get("usageMetadata") or {}
    return Response(text, usage.get("promptTokenCount"), usage.get("candidatesTokenCount"))
