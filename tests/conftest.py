"""Shared fixtures: the built site (one per test session, whatever the number of workers) and snippet runs."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from hypothesis import settings
from sitebuild import PORT, ROOT, SESSION_DIR, SITE_URL, build

from engine import SnippetRun, run_snippet

# Property tests draw the same examples on every run, so a red CI is reproducible; run with
# HYPOTHESIS_PROFILE=explore to search with fresh random examples instead.
# No deadlines: how long an example takes on a shared machine is not what these tests check,
# and a slow first call (imports, a loaded core) made them fail at random.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("explore", derandomize=False, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Serves a folder on localhost until the test session's controller process has gone.
SERVER = """
import functools, os, sys, threading, time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # What GitHub Pages sends, so the browser reuses what it has as a reader's would.
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

folder, port, controller = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=folder))
threading.Thread(target=server.serve_forever, daemon=True).start()
while True:
    time.sleep(1)
    try:
        os.kill(controller, 0)
    except OSError:
        break
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="also save full-page screenshots of every page, at 1280 and 390 px, light and dark,"
        " to tests/output/screenshots/ (for the eye; no assertion reads them)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the controller (or the only process)
        os.environ["COURSE_TEST_CONTROLLER"] = str(os.getpid())


def pytest_unconfigure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return
    pid_file = SESSION_DIR / "server.pid"
    if pid_file.is_file():
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pid_file.read_text()), signal.SIGTERM)
    shutil.rmtree(SESSION_DIR, ignore_errors=True)


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


class _SessionLock:
    """A lock on a file of the session folder: one worker builds, the others wait for it."""

    def __init__(self, name: str) -> None:
        self.path = SESSION_DIR / name

    def __enter__(self) -> None:
        SESSION_DIR.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("w")
        fcntl.flock(self.handle, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The whole site, built strictly from this checkout and uncached, as the deploy build does.

    Built once per test session: the first worker to need it builds it, the others read it.
    """
    site, failure = SESSION_DIR / "site", SESSION_DIR / "site-failed.txt"
    with _SessionLock("site.lock"):
        if not (site / "index.html").is_file() and not failure.is_file():
            result = build(ROOT, site, SNIPPET_CACHE="off", SITE_URL=SITE_URL)
            if result.returncode != 0:
                failure.write_text(result.stderr)
    if failure.is_file():
        pytest.fail(f"mkdocs build --strict failed:\n{failure.read_text()}")
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


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> str:
    """The built site served on localhost, one server for the session's workers."""
    with _SessionLock("server.lock"):
        pid_file = SESSION_DIR / "server.pid"
        if not pid_file.is_file():
            controller = os.environ.get("COURSE_TEST_CONTROLLER", str(os.getpid()))
            # Spawned, not Popen'd: the server outlives this worker (it stops with the controller),
            # and a Popen object of a running child warns when it is collected.
            quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
            pid = os.posix_spawn(
                sys.executable,
                [sys.executable, "-c", SERVER, str(built_site), str(PORT), controller],
                os.environ,
                file_actions=quiet,
                setsid=True,
            )
            pid_file.write_text(str(pid))
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(SITE_URL, timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the test server did not start on {SITE_URL}")
                time.sleep(0.1)
    return SITE_URL
