"""Headless Chromium for page tests: Debian's build driven by Playwright, nothing downloaded.

On CI (``CI`` set) a missing browser is a failure, not a skip, so no page test is silently lost.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _missing(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def chromium_path() -> str:
    path = os.environ.get("REMI_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        _missing("Debian's chromium is not installed (make test installs it)")
    return str(path)


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless browser."""
    try:
        from playwright import sync_api
    except ImportError:
        _missing("the playwright package (test extra) is not installed")
    executable = chromium_path()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def chromium_page(tmp_path: Any) -> Iterator[Any]:
    """A page in headless Chromium, with console and page errors collected on ``page.errors``."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors  # type: ignore[attr-defined]
        yield page
