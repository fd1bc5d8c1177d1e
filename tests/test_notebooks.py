"""Companion notebooks: generated from the lessons' snippets, executed at build, standalone."""

from __future__ import annotations

import ast
import json
import sys
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from sitebuild import PAGES, ROOT, build, copy_project

from engine import notebooks
from engine.notebooks import notebook_uri

LESSONS = [  # pages with snippets (generated pages such as the build report have no file in docs/)
    page
    for page in PAGES
    if (ROOT / "docs" / page).is_file()
    and notebooks.snippet_paths((ROOT / "docs" / page).read_text(encoding="utf-8"))
]
ALLOWED_IMPORTS = set(sys.stdlib_module_names) | {"numpy", "scipy", "matplotlib"}


def download(site_url: str, lesson: str) -> nbformat.NotebookNode:
    stem = lesson.removesuffix(".md")
    with urllib.request.urlopen(f"{site_url}notebooks/{stem}/{Path(stem).name}.ipynb") as response:
        return nbformat.reads(response.read().decode("utf-8"), as_version=4)


def test_every_lesson_with_snippets_has_its_notebook_in_the_built_navigation(built_site):
    assert LESSONS, "at least one lesson shows snippets"
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for lesson in LESSONS:
        assert notebook_uri(lesson) in PAGES
        assert f'href="{notebook_uri(lesson).removesuffix(".ipynb")}/"' in home, lesson


@pytest.mark.parametrize("lesson", LESSONS)
def test_notebook_holds_the_lessons_snippets_verbatim_in_page_order(site_url, lesson):
    notebook = download(site_url, lesson)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    paths = notebooks.snippet_paths((ROOT / "docs" / lesson).read_text(encoding="utf-8"))
    assert code == [(ROOT / path).read_text(encoding="utf-8").rstrip("\n") for path in paths]
    assert all(cell.outputs == [] for cell in notebook.cells if cell.cell_type == "code"), (
        "the download is the clean source; executed outputs live only on the page"
    )


@pytest.mark.parametrize("lesson", LESSONS)
def test_downloaded_notebook_needs_only_numpy_scipy_matplotlib(site_url, lesson):
    notebook = download(site_url, lesson)
    imported = set()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Import):
                    imported |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    imported.add(node.module.split(".")[0])
    assert imported <= ALLOWED_IMPORTS, imported - ALLOWED_IMPORTS


@pytest.mark.parametrize("lesson", LESSONS)
def test_downloaded_notebook_runs_top_to_bottom_in_a_fresh_kernel(site_url, lesson, tmp_path, monkeypatch):
    notebook = download(site_url, lesson)
    # A learner's kernel: matplotlib's own defaults, an empty working directory.
    monkeypatch.delenv("MATPLOTLIBRC", raising=False)
    monkeypatch.chdir(tmp_path)
    NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=False).execute()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        assert cell.outputs, f"a cell showed nothing:\n{cell.source[:200]}"
        stderr = [o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
        assert stderr == [], f"a cell wrote to stderr:\n{stderr}"


def test_notebook_page_shows_executed_output_and_offers_the_download(built_site):
    html = (built_site / "notebooks/inference/index.html").read_text(encoding="utf-8")
    assert "data: 8 heads in 10 tosses" in html, "the coin example's output, from the kernel"
    assert 'href="inference.ipynb" download' in html
    assert "cdnjs" not in html and "<style" not in html, "no CDN scripts; the big CSS is one shared file"
    lesson = (built_site / "inference/index.html").read_text(encoding="utf-8")
    assert 'href="../notebooks/inference/inference.ipynb" download' in lesson
    assert 'href="../notebooks/inference/"' in lesson


def test_editing_a_snippet_changes_the_notebook_page_despite_the_cache(tmp_path):
    project = copy_project(tmp_path / "project")
    first = build(project, tmp_path / "site")
    assert first.returncode == 0, first.stderr
    page = tmp_path / "site/notebooks/inference/index.html"
    assert "data: 8 heads in 10 tosses" in page.read_text()
    snippet = project / "snippets/inference/coin_mle.py"
    snippet.write_text(snippet.read_text().replace('print(f"data: {heads}', 'print(f"edited: {heads}', 1))
    second = build(project, tmp_path / "site")
    assert second.returncode == 0, second.stderr
    assert "edited: 8 heads in 10 tosses" in page.read_text()


def test_a_package_upgrade_changes_the_notebook_bytes(monkeypatch):
    markdown = "# T\n\n```snippet\nsnippets/inference/coin_mle.py\n```\n"
    before = notebooks.notebook_for(markdown, "../t.md", ROOT)
    monkeypatch.setattr(notebooks, "version", lambda name: "99.0" if name == "numpy" else "1.0")
    after = notebooks.notebook_for(markdown, "../t.md", ROOT)
    assert before != after, "mkdocs-jupyter keys its cache on these bytes"
    assert json.loads(after)["metadata"]["generated_with"]["packages"].startswith("numpy 99.0")


def test_a_failing_cell_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    assert "allow_errors: false" in config.read_text()
    snippet = project / "snippets/inference/coin_mle.py"
    # Break the notebook alone: the page's runner defines __file__, a Jupyter kernel does not.
    snippet.write_text(
        snippet.read_text()
        + '\nif "__file__" not in globals():\n    raise RuntimeError("only in a notebook")\n'
    )
    result = build(project, tmp_path / "site")
    assert result.returncode != 0, "a failing notebook cell must fail the build"
    assert "only in a notebook" in result.stderr
