"""What a run will send and cost, before sending anything (``remi eval --dry-run``).

Image tokens follow each provider's published rule:

* OpenAI (detail ``auto``/``high``; images are sent without a detail level, which means auto):
  fit in 2048x2048, scale the shortest side down to 768, count 512-pixel tiles;
  85 + 170 per tile (``low``: 85). Source: OpenAI's vision guide, "Calculating costs".
* Anthropic: width x height / 750 after scaling down so the long edge is at most 1568 pixels
  and the image at most about 1,600 tokens. Source: Anthropic's vision guide, "Calculate image costs".
* Gemini: 258 for an image at most 384 pixels on both sides, else 258 per 768x768 tile.
  Source: Gemini API "Understand and count tokens".

Text is counted at 4 characters a token, the rule of thumb all three publish (no tokenizer is
downloaded here); the output ceiling is ``max_tokens`` per request. No prices are built in.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from remibench.backends.base import ImageLimits
from remibench.items import Item
from remibench.prompt import ImagePart, Message, TextPart, build_message

CHARS_PER_TOKEN = 4
RULES = ("openai", "anthropic", "google")


def openai_image_tokens(width: int, height: int, detail: str = "auto") -> int:
    if detail == "low":
        return 85
    if max(width, height) > 2048:
        scale = 2048 / max(width, height)
        width, height = math.floor(width * scale), math.floor(height * scale)
    if min(width, height) > 768:
        scale = 768 / min(width, height)
        width, height = math.floor(width * scale), math.floor(height * scale)
    return 85 + 170 * math.ceil(width / 512) * math.ceil(height / 512)


def anthropic_image_tokens(width: int, height: int) -> int:
    scale = min(1.0, 1568 / max(width, height), math.sqrt(1600 * 750 / (width * height)))
    width, height = math.floor(width * scale), math.floor(height * scale)
    return math.ceil(width * height / 750)


def gemini_image_tokens(width: int, height: int) -> int:
    if width <= 384 and height <= 384:
        return 258
    return 258 * math.ceil(width / 768) * math.ceil(height / 768)


def rule_for(model: str) -> str:
    """The image-token rule of a ``provider/name`` model (OpenAI's for OpenAI-compatible servers)."""
    provider = model.split("/", 1)[0]
    return {"anthropic": "anthropic", "google": "google"}.get(provider, "openai")


def image_tokens(rule: str, png: bytes) -> int:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    if rule == "anthropic":
        return anthropic_image_tokens(width, height)
    if rule == "google":
        return gemini_image_tokens(width, height)
    return openai_image_tokens(width, height)


def text_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def message_tokens(rule: str, message: Message) -> int:
    """Estimated input tokens of one message under ``rule``."""
    return sum(image_tokens(rule, p.png) if isinstance(p, ImagePart) else text_tokens(p.text)
               for p in message.parts if isinstance(p, (ImagePart, TextPart)))


def request_estimator(model: str) -> Callable[[Message, Any], int]:
    """Input plus output ceiling of one request: what a tokens-per-minute limit counts."""
    rule = rule_for(model)
    return lambda message, settings: message_tokens(rule, message) + settings.max_tokens


@dataclass
class TaskEstimate:
    requests: int = 0
    images: int = 0
    input_tokens: int = 0
    covered: int = 0
    refused: list[str] = field(default_factory=list)


def estimate_run(items: Iterable[Item], model: str, layout: str, max_tokens: int, limits: ImageLimits,
                 is_covered: Callable[[Item, Message], bool]) -> dict[str, Any]:
    """Per task: requests, images, input tokens, what the cache or the run folder already holds,
    and the items the backend would refuse; totals with the output ceiling."""
    rule = rule_for(model)
    per_task: dict[str, TaskEstimate] = defaultdict(TaskEstimate)
    for item in items:
        message = build_message(item, layout)
        entry = per_task[item.task]
        problem = limits.problem(message)
        if problem:
            entry.refused.append(f"{item.id}: {problem}")
        if is_covered(item, message):
            entry.covered += 1
            continue
        entry.requests += 1
        entry.images += len(message.images)
        entry.input_tokens += message_tokens(rule, message)
    tasks = {task: {"requests": e.requests, "images": e.images, "input_tokens": e.input_tokens,
                    "output_ceiling": e.requests * max_tokens, "covered": e.covered, "refused": e.refused}
             for task, e in per_task.items()}
    total = {key: sum(t[key] for t in tasks.values())
             for key in ("requests", "images", "input_tokens", "output_ceiling", "covered")}
    total["refused"] = sum(len(t["refused"]) for t in tasks.values())
    return {"rule": rule, "chars_per_token": CHARS_PER_TOKEN, "tasks": tasks, "total": total}


def cost(estimate: dict[str, Any], price_in: float | None, price_out: float | None) -> float | None:
    """Dollars for the input tokens and the output ceiling at prices per million tokens."""
    if price_in is None and price_out is None:
        return None
    total = estimate["total"]
    return (total["input_tokens"] * (price_in or 0.0) + total["output_ceiling"] * (price_out or 0.0)) / 1e6
