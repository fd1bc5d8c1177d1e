"""Shared fixtures: the built site (once per test session) and snippet runs."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sitebuild import PORT, ROOT, SITE_URL, build

from engine import SnippetRun, run_snippet


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The layers: `site` for tests that build a site (or read the built one), `browser` for Chromium.

    `./dev test -m "not site and not browser"` runs the fast layer alone.
    """
    for item in items:
        parts = item.path.relative_to(Path(__file__).parent).parts
        if parts[0] == "site_tests" or "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.site)
        if parts[0] == "browser":
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built strictly from this checkout and uncached, as the deploy build does."""
    site = tmp_path_factory.mktemp("site")
    result = build(ROOT, site, SNIPPET_CACHE="off", SITE_URL=SITE_URL)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def run():
    """Run a snippet file (path relative to the project root) through the site's runner, once."""
    runs: dict[str, SnippetRun] = {}

    def _run(relative: str) -> SnippetRun:
        if relative not in runs:
            runs[relative] = run_snippet(ROOT / relative)
        return runs[relative]

    return _run


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output readable
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """The built site served on localhost for the duration of the test session."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", PORT), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SITE_URL
    server.shutdown()
    server.server_close()
