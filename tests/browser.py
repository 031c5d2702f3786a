"""Opening a release page in Debian's headless Chromium (via Playwright's driver, never its own browsers).

Used by tests/test_release_page.py and bench/release_page.py (the README screenshot). The Makefile and
.ci/run install the `chromium` package when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path(os.environ.get("NEWSEVENTS_CHROMIUM", "/usr/bin/chromium"))
# Headless, no sandbox (root in containers), and nothing that reaches out to the network on its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
CHART_TIMEOUT_MS = 120_000  # a shared 2-core machine can be slow to parse a 1 MB page


@dataclass
class OpenedPage:
    page: object
    console_errors: list[str] = field(default_factory=list)
    console_messages: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def chart_marks(self, chart_ids: list[str]) -> dict[str, int]:
        """SVG marks (paths, shapes, text) drawn inside each chart's element, waiting until every chart has an SVG."""
        self.page.wait_for_function(
            "ids => ids.every(id => document.querySelector('#' + id + ' svg'))",
            arg=chart_ids,
            timeout=CHART_TIMEOUT_MS,
        )
        return {
            chart_id: self.page.locator(f"#{chart_id} svg").first.locator("path, rect, circle, line, text").count()
            for chart_id in chart_ids
        }


@contextmanager
def open_page(html_path: Path, *, width: int = 1000, height: int = 900) -> Iterator[OpenedPage]:
    """Load a local HTML file in a fresh headless Chromium profile; collect console errors and any
    request that is not for a local file."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        raise FileNotFoundError(
            f"{CHROMIUM} not found: `make test` installs Debian's chromium (apt-get install chromium)"
        )
    with tempfile.TemporaryDirectory(prefix="newsevents-chromium-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
        )
        try:
            page = context.new_page()
            opened = OpenedPage(page)
            page.on("console", lambda m: opened.console_messages.append(f"{m.type}: {m.text}"))
            page.on("console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: opened.console_errors.append(str(e)))
            page.on(
                "request", lambda r: opened.outside_requests.append(r.url) if not r.url.startswith("file:") else None
            )
            page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
            yield opened
        finally:
            context.close()


def screenshot(
    html_path: Path, png_path: Path, chart_ids: list[str], *, width: int = 1000, height: int | None = None
) -> None:
    """A PNG of a release page once every chart has drawn: the whole page, or its top ``height`` pixels."""
    with open_page(html_path, width=width) as opened:
        opened.chart_marks(chart_ids)
        clip = {"x": 0, "y": 0, "width": width, "height": height} if height else None
        opened.page.screenshot(path=str(png_path), full_page=True, clip=clip)
