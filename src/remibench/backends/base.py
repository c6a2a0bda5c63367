"""What every backend shares: settings, responses, errors, image limits."""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from remibench.items import Item
from remibench.prompt import Message


@dataclass(frozen=True)
class GenerationSettings:
    """What changes an answer (part of the cache key) plus the request timeout (not)."""

    temperature: float = 0.0
    max_tokens: int = 512
    timeout: float = 120.0

    def cache_fields(self) -> dict[str, Any]:
        return {"temperature": self.temperature, "max_tokens": self.max_tokens}


@dataclass(frozen=True)
class Response:
    text: str
    input_tokens: int | None = None
    output_tokens: int | None = None


class BackendError(Exception):
    """A failed request. ``retryable`` errors (429, 5xx, timeouts, dropped connections, garbled
    bodies) are retried with backoff; the others (bad request, auth) are recorded at once."""

    def __init__(self, message: str, *, retryable: bool, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after


class UnsupportedInput(ValueError):
    """Items the backend cannot take (too many or too large images): refused before any request."""


@dataclass(frozen=True)
class ImageLimits:
    max_images: int | None = None
    max_image_bytes: int | None = None
    max_side: int | None = None

    def problem(self, message: Message) -> str | None:
        """Why ``message`` exceeds these limits, or None."""
        images = message.images
        if self.max_images is not None and len(images) > self.max_images:
            return f"{len(images)} images, the backend takes at most {self.max_images}"
        for k, png in enumerate(images, start=1):
            if self.max_image_bytes is not None and len(png) > self.max_image_bytes:
                return f"image {k} is {len(png)} bytes, the backend takes at most {self.max_image_bytes}"
            if self.max_side is not None:
                from PIL import Image

                with Image.open(io.BytesIO(png)) as image:
                    if max(image.size) > self.max_side:
                        return f"image {k} is {image.size[0]}x{image.size[1]}, the backend takes at most {self.max_side} px a side"
        return None


class Backend(ABC):
    """A model behind one interface. ``spec`` is what the user typed (``provider/name``)."""

    spec: str
    endpoint: str = ""
    limits: ImageLimits = ImageLimits()
    cacheable: bool = True

    @abstractmethod
    async def generate(self, message: Message, item: Item, settings: GenerationSettings) -> Response:
        """One answer. Raise BackendError on failure."""

    async def aclose(self) -> None:
        """Release connections."""

    def describe(self) -> dict[str, Any]:
        """What identifies this model in manifests and cache keys (never a secret)."""
        return {"model": self.spec, "endpoint": self.endpoint}

    def stats(self) -> dict[str, Any]:
        """Figures about the run worth keeping in its manifest (per-endpoint traffic, say)."""
        return {}
