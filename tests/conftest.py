"""Shared fixtures: the built site (once per test session) and snippet runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import ROOT, build

from engine import SnippetRun, run_snippet


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built strictly from this checkout."""
    site = tmp_path_factory.mktemp("site")
    result = build(ROOT, site)
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
