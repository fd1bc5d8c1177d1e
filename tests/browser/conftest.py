"""A real browser against the built site: a localhost server, Chromium, and a page
whose every request to another host is blocked and counted."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from harness import CHROMIUM_ARGS, LOCAL_HOSTS, page_report


def _chromium_path() -> str | None:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium if installed, else Playwright's own; skipped only outside CI."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_ARGS)
        except Error as error:
            if os.environ.get("CI"):
                pytest.fail(f"no browser could be started in CI: {error}")
            pytest.skip(
                f"no browser available ({error.message.splitlines()[0]}); run ./dev test to install one"
            )
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def full_page_screenshots(request) -> bool:
    """Whether `--screenshots` asked for full-page shots (a few seconds each on a long page)."""
    return request.config.getoption("--screenshots")


@dataclass
class Watched:
    """What a page did on the network and in its console."""

    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    transferred: int = 0


@pytest.fixture
def open_page(browser, site_url):
    """Open a site path in a fresh context; returns (page, watched)."""
    contexts = []

    def _open(path: str, *, color_scheme: str = "light", viewport=None):
        context = browser.new_context(
            color_scheme=color_scheme,
            viewport=viewport or {"width": 1280, "height": 900},
            permissions=["clipboard-read", "clipboard-write"],
        )
        contexts.append(context)
        watched = Watched()

        def route(route):
            host = urlparse(route.request.url).hostname
            if host in LOCAL_HOSTS:
                route.continue_()
            else:
                watched.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and watched.console_errors.append(m.text))
        page.on("pageerror", lambda e: watched.console_errors.append(str(e)))

        def finished(request):
            sizes = request.sizes()
            watched.transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]

        page.on("requestfinished", finished)
        page.on(
            "requestfailed",
            lambda r: urlparse(r.url).hostname in LOCAL_HOSTS and watched.failed.append(r.url),
        )
        # Ready when the document and everything it loads are in (the load event), Material's
        # JavaScript has run (document$) and the web fonts a layout measurement depends on
        # have arrived. Not "networkidle": it always waits 500 ms more, on every page load of
        # the suite, for requests that come later (the search index), which no test reads then.
        page.goto(site_url + path, wait_until="load")
        page.wait_for_function("document.readyState === 'complete' && typeof document$ !== 'undefined'")
        page.evaluate("document.fonts.ready.then(() => true)")
        return page, watched

    yield _open
    for context in contexts:
        context.close()


def pytest_terminal_summary(terminalreporter):
    report = page_report()
    if not report:
        return
    write = terminalreporter.write_line
    terminalreporter.section("browser: per-page report")
    columns = ["blocked", "console_errors", "failed", "axe_serious", "html_bytes", "transferred_bytes"]
    write(f"{'page':<28}" + "".join(f"{c:>18}" for c in columns))
    for page, row in sorted(report.items()):
        write(f"{page:<28}" + "".join(f"{row.get(c, '-'):>18}" for c in columns))
