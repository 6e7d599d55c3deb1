"""Headless Chromium for the view tests: the Debian `chromium` package driven by Playwright for Python
(which downloads no browser here). Under CI=true a missing Chromium or Playwright fails instead of skipping."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..neo4j_support import unavailable

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 120_000  # generous: the machine running the tests may be busy
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    """$KGBUILD_CHROMIUM if set (None when it names no program), else chromium on PATH."""
    chosen = os.environ.get("KGBUILD_CHROMIUM")
    if chosen:
        return shutil.which(chosen)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def artifacts_dir() -> Path:
    """Where the view tests save screenshots and timings: $KGBUILD_ARTIFACTS, else tests/artifacts/ (gitignored)."""
    out = Path(os.environ.get("KGBUILD_ARTIFACTS") or ROOT / "tests" / "artifacts") / "view"
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="module")
def chromium() -> Iterator:
    """A headless Chromium (a fresh temporary profile: Playwright passes its own --user-data-dir)."""
    path = chromium_path()
    if path is None:
        unavailable("Chromium is not installed (apt-get install chromium, or KGBUILD_CHROMIUM=/path/to/chromium); "
                    "the view tests drive it headless")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS, timeout=WAIT_MS)
        try:
            yield browser
        finally:
            browser.close()


class PageLog:
    """What a page did besides drawing: its requests, uncaught errors and console errors."""

    def __init__(self, page) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def network(self) -> list[str]:
        """Requests to anything but the page itself and the layout worker's blob: none may go out."""
        return [u for u in self.requests if not u.startswith(("file://", "blob:", "data:"))]


@pytest.fixture
def open_view(chromium):
    """open_view(path) -> (page, log, seconds): the page loaded and interactive (body[data-state=ready])."""
    contexts = []

    def run(path: Path, width: int = 1400, height: int = 860):
        import time

        context = chromium.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        log = PageLog(page)
        start = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("body[data-state=ready], body[data-state=error]", state="attached")
        seconds = time.perf_counter() - start
        state = page.get_attribute("body", "data-state")
        assert state == "ready", f"the page shows an error: {page.text_content('#message')} {log.errors}"
        return page, log, seconds

    yield run
    for context in contexts:
        context.close()
