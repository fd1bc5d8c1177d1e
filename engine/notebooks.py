"""Companion notebooks, assembled from the snippet files a lesson page shows.

A lesson's notebook is never stored: at build time it is assembled from the
files the page's snippet fences named, in page order (the fence's record,
engine/fence.py): a Markdown cell naming each example, then a code cell holding
the file exactly as it is. Two versions come from the same cells: the clean
notebook a learner downloads, and the one mkdocs-jupyter renders on the site,
whose outputs are the lesson page's own runs of those files (engine/runs.py),
so each file runs once per build and the notebook page shows what the lesson
page shows. That the clean notebook gives those outputs in a fresh Jupyter
kernel is checked by tests/test_notebooks.py.
"""

from __future__ import annotations

import ast
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.keys import notebook_fingerprint

NOTEBOOK_DIR = "notebooks"

# What one snippet showed, as Jupyter outputs: takes the path, gives the cell's outputs.
Outputs = Callable[[str], list[dict[str, Any]]]


def notebook_for(
    title: str, page_url: str, paths: list[str], root: Path, outputs: Outputs | None = None
) -> str | None:
    """The notebook (as JSON text) for a lesson page showing ``paths``, or None if it shows none.

    Without ``outputs`` it is the clean notebook; with it, each code cell carries
    the outputs it gives and is numbered as if run top to bottom. A file the
    page shows twice is one cell.
    """
    paths = list(dict.fromkeys(paths))
    if not paths:
        return None
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
            "generated_with": notebook_fingerprint(),
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def notebook_uri(page: str) -> str:
    """docs/<page>.md's notebook, relative to docs/."""
    return f"{NOTEBOOK_DIR}/{Path(page).with_suffix('.ipynb').as_posix()}"


def with_notebook_nav(
    nav: list[Any], pages_with_snippets: set[str], *, section: str = "Notebooks"
) -> list[Any]:
    """The nav with a notebooks section (after "Lessons"): one entry per page that shows snippets.

    Derived, not hand-kept, so a new lesson gets its notebook in the navigation for free.
    """

    def pages(items: list[Any]) -> Any:
        for item in items:
            for title, value in item.items() if isinstance(item, dict) else [(None, item)]:
                if isinstance(value, list):
                    yield from pages(value)
                elif isinstance(value, str) and value.endswith(".md"):
                    yield title, value

    # "(notebook)": a notebook's title and label differ from its lesson's, in the nav and the tab.
    entries = [
        {f"{title or page} (notebook)": notebook_uri(page)}
        for title, page in pages(nav)
        if page in pages_with_snippets
    ]
    if not entries:
        return nav
    sections = [next(iter(item)) if isinstance(item, dict) else None for item in nav]
    at = sections.index("Lessons") + 1 if "Lessons" in sections else len(nav)
    return [*nav[:at], {section: entries}, *nav[at:]]


@functools.cache
def _summary(source: str, path: str) -> str:
    """The module docstring's first line, else the file name."""
    try:
        docstring = ast.get_docstring(ast.parse(source))
    except SyntaxError:
        docstring = None
    return docstring.strip().splitlines()[0] if docstring else Path(path).stem.replace("_", " ")


def _markdown(text: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}


def _code(text: str) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": text.splitlines(keepends=True),
    }


def cell_outputs(stdout: str, figures_html: list[str]) -> list[dict[str, Any]]:
    """A code cell's Jupyter outputs: what it printed, then each figure as HTML."""
    outputs: list[dict[str, Any]] = []
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
