"""Companion notebooks, generated from a lesson page's own snippet files.

A lesson's notebook is never stored: at build time it is assembled from the
snippet fences of the page, in page order (a Markdown cell naming each
example, then a code cell holding the file exactly as it is). Two versions
come from the same cells: the clean notebook a learner downloads, and the one
mkdocs-jupyter renders on the site, whose outputs are the lesson page's own
runs of those files (the same runner, so each file runs once per build and the
notebook page shows what the lesson page shows, figures in light and dark).
That the clean notebook gives those outputs in a fresh Jupyter kernel is
checked by tests/test_notebooks.py.
"""

from __future__ import annotations

import ast
import functools
import json
import platform
import re
from collections.abc import Callable
from pathlib import Path

from engine import cache

SNIPPET_FENCE = re.compile(r"^\s*```snippet\s*\n\s*(\S+)\s*\n\s*```", re.M)
TITLE = re.compile(r"^#\s+(.+)$", re.M)
NOTEBOOK_DIR = "notebooks"


def snippet_paths(markdown: str) -> list[str]:
    """The snippet files a page shows, in page order, each once."""
    return list(dict.fromkeys(SNIPPET_FENCE.findall(markdown)))


def build_fingerprint() -> dict[str, str]:
    """The interpreter and packages the notebook was built with (also part of mkdocs-jupyter's cache key)."""
    packages = ("numpy", "scipy", "matplotlib", "nbconvert", "mkdocs-jupyter")
    return {
        "python": platform.python_version(),
        "packages": ", ".join(f"{name} {cache.package_version(name)}" for name in packages),
    }


# What one snippet showed, as Jupyter outputs: takes the path, gives the cell's outputs.
Outputs = Callable[[str], list[dict]]


def notebook_for(page_markdown: str, page_url: str, root: Path, outputs: Outputs | None = None) -> str | None:
    """The notebook (as JSON text) for a lesson page, or None if it shows no snippet.

    Without ``outputs`` it is the clean notebook; with it, each code cell carries
    the outputs it gives and is numbered as if run top to bottom.
    """
    paths = snippet_paths(page_markdown)
    if not paths:
        return None
    title_match = TITLE.search(page_markdown)
    title = title_match.group(1).strip() if title_match else page_url
    cells = [
        _markdown(
            f"# {title}: companion notebook\n\n"
            f"The examples of the lesson [{title}]({page_url}), each exactly as the page shows it. "
            "Every code cell is a standalone script needing only numpy, scipy and matplotlib: "
            "run them top to bottom, or any one on its own."
        )
    ]
    for path in paths:
        if not (root / path).is_file():
            continue  # the page's fence reports the missing file, naming page and path
        source = (root / path).read_text(encoding="utf-8").rstrip("\n")
        cells.append(_markdown(f"## {_summary(source, path)}\n\n`{path}`"))
        cells.append(_code(source))
        if outputs is not None:
            number = sum(cell["cell_type"] == "code" for cell in cells)
            cells[-1].update(execution_count=number, outputs=outputs(path))
    notebook = {
        "cells": [dict(cell, id=f"cell-{index:02d}") for index, cell in enumerate(cells)],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "generated_with": build_fingerprint(),
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def notebook_uri(page: str) -> str:
    """docs/<page>.md's notebook, relative to docs/."""
    return f"{NOTEBOOK_DIR}/{Path(page).with_suffix('.ipynb').as_posix()}"


def with_notebook_nav(nav: list, docs_dir: Path) -> list:
    """The nav with a "Notebooks" section (after "Lessons"): one entry per page that shows snippets.

    Derived, not hand-kept, so a new lesson gets its notebook in the navigation for free.
    """

    def pages(items):
        for item in items:
            for title, value in item.items() if isinstance(item, dict) else [(None, item)]:
                if isinstance(value, list):
                    yield from pages(value)
                elif isinstance(value, str) and value.endswith(".md"):
                    yield title, value

    entries = [
        {title or page: notebook_uri(page)}
        for title, page in pages(nav)
        if (docs_dir / page).is_file() and snippet_paths((docs_dir / page).read_text(encoding="utf-8"))
    ]
    if not entries:
        return nav
    sections = [next(iter(item)) if isinstance(item, dict) else None for item in nav]
    at = sections.index("Lessons") + 1 if "Lessons" in sections else len(nav)
    return [*nav[:at], {"Notebooks": entries}, *nav[at:]]


@functools.cache
def _summary(source: str, path: str) -> str:
    """The module docstring's first line, else the file name."""
    try:
        docstring = ast.get_docstring(ast.parse(source))
    except SyntaxError:
        docstring = None
    return docstring.strip().splitlines()[0] if docstring else Path(path).stem.replace("_", " ")


def _markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}


def _code(text: str) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": text.splitlines(keepends=True),
    }


def cell_outputs(stdout: str, figures_html: list[str]) -> list[dict]:
    """A code cell's Jupyter outputs: what it printed, then each figure as HTML."""
    outputs = []
    if stdout:
        outputs.append({"name": "stdout", "output_type": "stream", "text": stdout.splitlines(keepends=True)})
    for figure in figures_html:
        outputs.append(
            {
                "data": {"text/html": [figure], "text/plain": ["<Figure>"]},
                "metadata": {},
                "output_type": "display_data",
            }
        )
    return outputs
