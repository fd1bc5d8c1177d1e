"""Companion notebooks, generated from a lesson page's own snippet files.

A lesson's notebook is never stored: at build time it is assembled from the
snippet fences of the page, in page order (a Markdown cell naming each
example, then a code cell holding the file exactly as it is), and then
mkdocs-jupyter executes it. The same files, so no second copy can drift.
"""

from __future__ import annotations

import ast
import hashlib
import json
import platform
import re
from importlib.metadata import version
from pathlib import Path

from engine.style import LIGHT_STYLE

SNIPPET_FENCE = re.compile(r"^\s*```snippet\s*\n\s*(\S+)\s*\n\s*```", re.M)
TITLE = re.compile(r"^#\s+(.+)$", re.M)
NOTEBOOK_DIR = "notebooks"


def snippet_paths(markdown: str) -> list[str]:
    """The snippet files a page shows, in page order, each once."""
    return list(dict.fromkeys(SNIPPET_FENCE.findall(markdown)))


def build_fingerprint() -> dict[str, str]:
    """What else decides a notebook's outputs: interpreter, packages, figure style.

    It is written into the notebook's metadata, so it is part of the bytes that
    mkdocs-jupyter keys its cache on: an upgrade or a style change re-executes.
    """
    packages = ("numpy", "scipy", "matplotlib", "ipykernel", "nbconvert", "mkdocs-jupyter")
    style = hashlib.sha256((matplotlibrc_text() + kernel_config_text()).encode()).hexdigest()[:16]
    return {
        "python": platform.python_version(),
        "packages": ", ".join(f"{name} {version(name)}" for name in packages),
        "figure_style": style,
    }


def matplotlibrc_text() -> str:
    """The site's plot style as a matplotlibrc file, for the kernel that runs the notebooks."""

    def value(v) -> str:
        text = ", ".join(map(str, v)) if isinstance(v, list | tuple) else str(v)
        return text.replace("#", "")  # "#" starts a comment in matplotlibrc; hex colours go without it

    return "".join(f"{key}: {value(v)}\n" for key, v in LIGHT_STYLE.items())


def kernel_config_text() -> str:
    """IPython kernel settings for the build: figures as lean SVG (text kept as text, no date)."""
    return (
        "# Written by the site build (engine/notebooks.py) for the kernel that executes the notebooks.\n"
        'c.InlineBackend.figure_formats = {"svg"}\n'
        'c.InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Date": None}}\n'
    )


def notebook_for(page_markdown: str, page_url: str, root: Path) -> str | None:
    """The notebook (as JSON text) for a lesson page, or None if it shows no snippet."""
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
