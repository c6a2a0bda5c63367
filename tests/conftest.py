"""Shared fixtures: small synthetic items and files the tests build themselves (no downloads)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from remibench.items import Item


def png_bytes(colour: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (32, 24)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def synthetic_item(index: int, task: str = "Clocks", n_images: int = 2, label: str = "15") -> Item:
    tags = " ".join(f"<image{k}>" for k in range(1, n_images + 1))
    return Item(
        id=f"{task}-test-s0-{index:05d}",
        task=task,
        question=f"Look at {tags} and answer question {index}.",
        images=tuple(png_bytes((10 * k, 20 + index % 200, 40)) for k in range(n_images)),
        label=label,
        metadata={"index": index},
    )


@pytest.fixture
def items() -> list[Item]:
    return [synthetic_item(i, task, n, label)
            for i, (task, n, label) in enumerate([("Clocks", 2, "15"), ("IQ", 6, "C"), ("Maps", 4, "D,B"),
                                                   ("Charts", 3, "(Orange, decreased)")])]


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    return tmp_path
