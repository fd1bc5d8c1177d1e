"""Build the site the way CI does, for tests that need a built site or a broken copy."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from engine.fence import snippet_paths
from engine.notebooks import with_notebook_nav

ROOT = Path(__file__).resolve().parent.parent
# The engine's own small site, which fault tests copy and break (not the lessons).
FIXTURE = ROOT / "tests/site_tests/fixture_site"
# What a build needs from the project (the tests: the claim ledger reads them); node_modules is linked.
PROJECT_PARTS = ["mkdocs.yml", "docs", "snippets", "engine", "tests"]
_NOT_COPIED = shutil.ignore_patterns("__pycache__", "output", ".cache", "fixture_site")


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# One test session, one folder and one port, shared by every pytest-xdist worker: the
# controller chooses them (tests/conftest.py) before the workers start, and they inherit them.
SESSION_DIR = Path(os.environ.get("COURSE_TEST_SESSION") or tempfile.mkdtemp(prefix="course-tests-"))
os.environ["COURSE_TEST_SESSION"] = str(SESSION_DIR)

# The site is built for the address it is served at in the tests: Material's instant
# navigation only intercepts links that match site_url.
PORT = int(os.environ.get("COURSE_TEST_PORT") or free_port())
os.environ["COURSE_TEST_PORT"] = str(PORT)
SITE_URL = f"http://127.0.0.1:{PORT}/"

# Builds of throwaway copies share one execution cache: unchanged snippets are
# not re-run in every copy (safe, since the cache key covers what could change).
SHARED_CACHE = SESSION_DIR / "cache"


def build(project: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` (never with -q: it hides the warnings strict counts).

    Copies use SHARED_CACHE; pass SNIPPET_CACHE="off" for a clean build.
    """
    if project != ROOT:
        env = {"SNIPPET_CACHE_DIR": str(SHARED_CACHE), **env}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        check=False,
    )


def copy_project(destination: Path) -> Path:
    """A throwaway copy of the project that a test may break."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=_NOT_COPIED)
        else:
            shutil.copy2(source, destination / part)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


def copy_fixture(destination: Path) -> Path:
    """A throwaway copy of the engine's fixture site (it uses the project's engine, installed)."""
    shutil.copytree(FIXTURE, destination, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
    (destination / "node_modules").symlink_to(ROOT / "node_modules")  # KaTeX typesets its formula
    return destination


def nav_pages() -> list[str]:
    """Every Markdown page named in mkdocs.yml's nav."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)

    def walk(items):
        for item in items:
            for value in item.values() if isinstance(item, dict) else [item]:
                yield from walk(value) if isinstance(value, list) else [value]

    shown = {
        page.relative_to(ROOT / "docs").as_posix()
        for page in (ROOT / "docs").rglob("*.md")
        if snippet_paths(page.read_text(encoding="utf-8"))
    }
    nav = with_notebook_nav(config["nav"], shown)  # as the build's plugin does
    return [page for page in walk(nav) if page.endswith((".md", ".ipynb"))]


def page_url(page: str) -> str:
    """The built page's URL path, relative to the site root ("" for the home page)."""
    stem = page.rsplit(".", 1)[0]
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def html_path(site: Path, page: str) -> Path:
    return site / page_url(page) / "index.html"


PAGES = nav_pages()
