"""Cache keys (engine/keys.py): they change with everything that can change a result, and only with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine import keys, notebooks


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("")
    (tmp_path / "pkg/helper.py").write_text("SCALE = 2\n")
    (tmp_path / "example.py").write_text("import numpy as np\nprint(np.arange(3))\n")
    return tmp_path


def key(project: Path, figure_id: str = "example") -> str:
    return keys.run_key(project / "example.py", project, figure_id=figure_id)


def test_key_is_stable_for_the_same_inputs(project):
    assert key(project) == key(project)


def test_key_changes_with_the_snippet_bytes(project):
    before = key(project)
    (project / "example.py").write_text("import numpy as np\nprint(np.arange(4))\n")
    assert key(project) != before


def test_key_changes_with_an_imported_project_module(project, monkeypatch):
    # The course's snippets import no project module (a reader copies one file), but another
    # course using the engine may: the helper's bytes are part of the key.
    monkeypatch.syspath_prepend(str(project))
    (project / "example.py").write_text("from pkg import helper\nprint(helper.SCALE)\n")
    before = key(project)
    (project / "pkg/helper.py").write_text("SCALE = 3\n")
    assert key(project) != before


def test_key_changes_with_a_package_version(project, monkeypatch):
    before = key(project)
    real = keys.package_version
    monkeypatch.setattr(keys, "package_version", lambda dist: "999.0" if dist == "numpy" else real(dist))
    assert key(project) != before


def test_key_changes_with_the_engine_and_the_python_version(project, monkeypatch):
    before = key(project)
    monkeypatch.setitem(keys._LOADED, "runner.py", "a different runner")
    assert key(project) != before
    monkeypatch.undo()
    monkeypatch.setattr(keys.platform, "python_version", lambda: "3.99.0")
    assert key(project) != before


def test_key_changes_with_the_figure_id(project):
    assert key(project, "a") != key(project, "b")


@pytest.mark.parametrize("module", ["report.py", "plugin.py", "ledger.py", "claims.py", "notebooks.py"])
def test_editing_an_engine_module_that_cannot_change_a_run_reruns_nothing(project, monkeypatch, module):
    before = key(project)
    render_before = keys.render_fingerprint(project / "mkdocs.yml")
    monkeypatch.setitem(keys._LOADED, module, "edited wording")
    assert key(project) == before, f"editing {module} must not re-run every snippet"
    assert keys.render_fingerprint(project / "mkdocs.yml") == render_before


@pytest.mark.parametrize("module", ["runner.py", "figures.py", "style.py", "runs.py"])
def test_editing_an_engine_module_that_decides_a_run_reruns_it(project, monkeypatch, module):
    before = key(project)
    monkeypatch.setitem(keys._LOADED, module, "edited")
    assert key(project) != before


def test_block_key_changes_with_the_run_the_markdown_settings_the_renderer_and_their_packages(
    tmp_path, monkeypatch
):
    config = tmp_path / "mkdocs.yml"
    config.write_text("markdown_extensions: [toc]\n")
    before = keys.block_key("a" * 64, keys.render_fingerprint(config))
    assert keys.block_key("a" * 64, keys.render_fingerprint(config)) == before
    assert keys.block_key("b" * 64, keys.render_fingerprint(config)) != before, "another run, another block"
    config.write_text("markdown_extensions: [toc, tables]\n")
    assert keys.block_key("a" * 64, keys.render_fingerprint(config)) != before, "other Markdown settings"
    config.write_text("markdown_extensions: [toc]\n")
    monkeypatch.setitem(keys._LOADED, "fence.py", "another renderer")
    assert keys.block_key("a" * 64, keys.render_fingerprint(config)) != before, "the fence renders the block"
    monkeypatch.undo()
    real = keys.package_version
    monkeypatch.setattr(keys, "package_version", lambda dist: "999.0" if dist == "pygments" else real(dist))
    assert keys.block_key("a" * 64, keys.render_fingerprint(config)) != before, "another Pygments"


def test_an_edited_engine_file_is_noticed_so_serve_can_ask_for_a_restart(monkeypatch):
    assert keys.changed_engine_modules() == [], "the files are what this process loaded"
    monkeypatch.setitem(keys._LOADED, "report.py", "what was loaded before an edit")
    assert keys.changed_engine_modules() == ["engine/report.py"]


def test_a_package_upgrade_changes_the_notebook_bytes(monkeypatch, tmp_path):
    (tmp_path / "a.py").write_text('"""A."""\nprint(1)\n')
    before = notebooks.notebook_for("T", "t/", ["a.py"], tmp_path)
    monkeypatch.setattr(keys, "package_version", lambda name: "99.0" if name == "numpy" else "1.0")
    after = notebooks.notebook_for("T", "t/", ["a.py"], tmp_path)
    assert before != after, "mkdocs-jupyter keys its cache on these bytes"
    assert json.loads(after)["metadata"]["generated_with"]["packages"].startswith("numpy 99.0")
