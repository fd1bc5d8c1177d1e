"""Companion notebooks: generated from the lessons' snippets, their outputs those of a kernel, standalone."""

from __future__ import annotations

import ast
import re
import sys
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from sitebuild import PAGES, ROOT

from engine.fence import snippet_paths
from engine.notebooks import notebook_uri

LESSONS = [  # pages with snippets (generated pages such as the build report have no file in docs/)
    page
    for page in PAGES
    if (ROOT / "docs" / page).is_file() and snippet_paths((ROOT / "docs" / page).read_text(encoding="utf-8"))
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
    paths = dict.fromkeys(snippet_paths((ROOT / "docs" / lesson).read_text(encoding="utf-8")))
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
def test_downloaded_notebook_runs_top_to_bottom_in_a_fresh_kernel_and_shows_what_the_page_shows(
    site_url, lesson, tmp_path, monkeypatch, run
):
    # The notebook page's outputs are the lesson page's runs of the same files (no second
    # run at build time). Here a real kernel runs the download: it must print exactly that
    # and draw as many figures, cell by cell.
    notebook = download(site_url, lesson)
    paths = list(dict.fromkeys(snippet_paths((ROOT / "docs" / lesson).read_text(encoding="utf-8"))))
    # A learner's kernel: matplotlib's own defaults, an empty working directory.
    monkeypatch.delenv("MATPLOTLIBRC", raising=False)
    monkeypatch.chdir(tmp_path)
    NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=False).execute()
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(cells) == len(paths)
    for cell, path in zip(cells, paths, strict=True):
        assert cell.outputs, f"{path}: the cell showed nothing"
        stderr = [o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
        assert stderr == [], f"{path}: the cell wrote to stderr:\n{stderr}"
        stdout = "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")
        page = run(path)
        assert stdout == page.stdout, f"{path}: the kernel printed something else than the page shows"
        images = [o for o in cell.outputs if o.output_type == "display_data" and "image/png" in o.data]
        assert len(images) == len(page.figures), f"{path}: the kernel drew another number of figures"


def test_notebook_page_shows_executed_output_and_offers_the_download(built_site):
    html = (built_site / "notebooks/inference/index.html").read_text(encoding="utf-8")
    assert "data: 8 heads in 10 tosses" in html, "the coin example's output, from the lesson page's run"
    assert html.count('<figure class="snippet-figure">') == html.count('<svg role="img"') > 0, (
        "figures as on the lesson pages: one SVG each, coloured by the scheme"
    )
    assert "var(--fig-ink," in html
    assert "<!-- snippet-" not in html, "every stashed figure and code block is put back"
    assert 'href="inference.ipynb" download' in html
    outside_figures = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)  # (an SVG carries its own style)
    assert "cdnjs" not in html and "<style" not in outside_figures, "no CDN scripts; the big CSS is one file"
    lesson = (built_site / "inference/index.html").read_text(encoding="utf-8")
    assert 'href="../notebooks/inference/inference.ipynb" download' in lesson
    assert 'href="../notebooks/inference/"' in lesson
