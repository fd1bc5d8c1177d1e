"""The execution cache: keyed on everything that can change a result, never stale, never corrupt."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from sitebuild import build, copy_project

from engine import cache, fence


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("")
    (tmp_path / "pkg/helper.py").write_text("SCALE = 2\n")
    (tmp_path / "example.py").write_text("import numpy as np\nprint(np.arange(3))\n")
    return tmp_path


def test_key_is_stable_for_the_same_inputs(project):
    assert cache.key_for(project / "example.py", project) == cache.key_for(project / "example.py", project)


def test_key_changes_with_the_snippet_bytes(project):
    before = cache.key_for(project / "example.py", project)
    (project / "example.py").write_text("import numpy as np\nprint(np.arange(4))\n")
    assert cache.key_for(project / "example.py", project) != before


def test_key_changes_with_an_imported_project_module(project, monkeypatch):
    monkeypatch.syspath_prepend(str(project))
    (project / "example.py").write_text("from pkg import helper\nprint(helper.SCALE)\n")
    before = cache.key_for(project / "example.py", project)
    (project / "pkg/helper.py").write_text("SCALE = 3\n")
    assert cache.key_for(project / "example.py", project) != before


def test_key_changes_with_a_package_version(project, monkeypatch):
    before = cache.key_for(project / "example.py", project)
    real = cache.package_version
    monkeypatch.setattr(cache, "package_version", lambda dist: "999.0" if dist == "numpy" else real(dist))
    assert cache.key_for(project / "example.py", project) != before


def test_key_changes_with_the_engine_and_the_python_version(project, monkeypatch):
    before = cache.key_for(project / "example.py", project)
    monkeypatch.setattr(cache, "engine_fingerprint", lambda: "a different engine")
    assert cache.key_for(project / "example.py", project) != before
    monkeypatch.undo()
    monkeypatch.setattr(cache.platform, "python_version", lambda: "3.99.0")
    assert cache.key_for(project / "example.py", project) != before


def test_key_changes_with_rendering_settings(project):
    path = project / "example.py"
    assert cache.key_for(path, project, extra="figure_id=a") != cache.key_for(
        path, project, extra="figure_id=b"
    )


def test_block_html_key_changes_with_the_run_the_markdown_settings_and_their_packages(tmp_path, monkeypatch):
    # A block's finished HTML is cached too: under its run's key plus what renders it.
    monkeypatch.setattr(fence, "project_root", tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text("markdown_extensions: [toc]\n")
    fence.start_build()
    before = fence._block_key("a" * 64)
    assert fence._block_key("a" * 64) == before
    assert fence._block_key("b" * 64) != before, "another run, another block"
    config.write_text("markdown_extensions: [toc, tables]\n")
    fence.start_build()  # a rebuild under `mkdocs serve` reads the settings again
    assert fence._block_key("a" * 64) != before
    config.write_text("markdown_extensions: [toc]\n")
    real = cache.package_version
    monkeypatch.setattr(cache, "package_version", lambda dist: "999.0" if dist == "pygments" else real(dist))
    fence.start_build()
    assert fence._block_key("a" * 64) != before


def test_round_trip_and_corrupt_or_partial_entries_are_dropped(tmp_path):
    store = cache.SnippetCache(tmp_path)
    store.put("ab" * 32, "<p>ok</p>")
    assert store.get("ab" * 32) == "<p>ok</p>"
    entry = tmp_path / "ab" / f"{'ab' * 32}.json"
    entry.write_text(entry.read_text().replace("ok", "tampered"))
    assert store.get("ab" * 32) is None and not entry.exists()
    store.put("cd" * 32, "<p>whole</p>")
    partial = tmp_path / "cd" / f"{'cd' * 32}.json"
    partial.write_text(partial.read_text()[:20])
    assert store.get("cd" * 32) is None and not partial.exists()
    assert store.get("ef" * 32) is None


def test_cache_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("SNIPPET_CACHE", "off")
    assert not cache.enabled()
    monkeypatch.setenv("SNIPPET_CACHE", "on")
    assert cache.enabled()


def executed(site: Path) -> list[str]:
    """The snippets the build report says ran (not served from the cache)."""
    html = (site / "build-report/index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td>[^<]*</td><td><code>([^<]*)</code></td>.*?report-status\">(\w+)<", html)
    assert rows, "the build report lists the blocks"
    return [snippet for snippet, status in rows if status == "ran"]


def test_only_what_changed_runs(tmp_path):
    project = copy_project(tmp_path / "project")
    own_cache = {"SNIPPET_CACHE_DIR": str(tmp_path / "cache")}
    cold = build(project, tmp_path / "cold", **own_cache)
    assert cold.returncode == 0, cold.stderr
    assert "snippets/inference/coin_mle.py" in executed(tmp_path / "cold"), "a cold build runs the blocks"

    warm = build(project, tmp_path / "warm", **own_cache)
    assert warm.returncode == 0, warm.stderr
    assert executed(tmp_path / "warm") == [], "nothing changed, nothing runs"

    page = project / "docs/inference.md"
    page.write_text(page.read_text() + "\nOne more sentence of prose.\n")
    prose = build(project, tmp_path / "prose", **own_cache)
    assert prose.returncode == 0, prose.stderr
    assert executed(tmp_path / "prose") == [], "a prose edit runs no snippet"

    snippet = project / "snippets/inference/coin_mle.py"
    snippet.write_text(
        snippet.read_text()
        + textwrap.dedent("""
        # an edit
    """)
    )
    edited = build(project, tmp_path / "edited", **own_cache)
    assert edited.returncode == 0, edited.stderr
    assert executed(tmp_path / "edited") == ["snippets/inference/coin_mle.py"]
