"""The ``snippet`` fence: a page names a snippet file, the build shows and runs it.

In a lesson page::

    ```snippet
    snippets/inference/coin_mle.py
    ```

renders the file verbatim (titled with its path), then what it printed, then
its figures (light and dark variants). markdown-exec's ``base_format`` does the
Markdown plumbing; this module supplies the runner and the HTML of the result.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown_exec import ExecutionError, base_format

from engine import cache
from engine.errors import SnippetError

if TYPE_CHECKING:
    from engine.runner import SnippetRun

# Set by the MkDocs hooks (engine/mkdocs_hooks.py) so messages can name the page.
project_root = Path.cwd()
current_page = "?"

# One record per snippet block of the current build, for the build report.
BlockRecord = dict  # {"page", "snippet", "seconds", "status": "ran" | "cached"}
blocks: list[BlockRecord] = []

# A warning on an "mkdocs" logger is what makes `mkdocs build --strict` fail.
log = logging.getLogger("mkdocs.plugins.snippets")


def validate(language: str, inputs: dict, options: dict, attrs: dict, md: Any) -> bool:
    """Accept the fence with no options: everything it needs is the path inside."""
    return not inputs


def format_snippet(source: str, language: str, css_class: str, options: dict, md: Any, **kwargs: Any) -> str:
    """superfences entry point: show the named snippet file and its run."""
    relative = source.strip()
    where = f"{current_page}: {relative}"
    # superfences swallows exceptions from a fence and leaves the raw text on
    # the page, so every failure here becomes a logged warning instead.
    try:
        code = _read_source(relative)
    except SnippetError as error:
        log.warning("%s\n  %s", where, error)
        return f'<pre class="snippet-error">{html.escape(f"{where}: {error}")}</pre>'
    return base_format(
        language="python",
        run=lambda path, **_: _run_to_html(path, where),
        code=relative,
        md=md,
        html=True,
        source="above",
        id=where,
        transform_source=lambda path: (path, code),
        extra={"title": relative},
    )


def _read_source(relative: str) -> str:
    path = project_root / relative
    if "\n" in relative or not relative.endswith(".py"):
        raise SnippetError(f"a snippet fence holds one path to a .py file, got {relative!r}")
    if not path.is_file():
        raise SnippetError(f"snippet file not found: {relative} (looked in {project_root})")
    return path.read_text(encoding="utf-8").rstrip("\n")


def _run_to_html(relative: str, where: str) -> str:
    path = project_root / relative
    figure_id = relative.removesuffix(".py").replace("/", "-")
    store = cache.SnippetCache(cache.cache_root(project_root) / "snippets") if cache.enabled() else None
    key = cache.key_for(path, project_root, extra=f"figure_id={figure_id}") if store else ""
    record = {"page": current_page, "snippet": relative, "seconds": 0.0, "status": "cached"}
    html_out = store.get(key) if store else None
    if html_out is None:
        from engine.runner import run_snippet  # matplotlib and numpy load only when something runs

        try:
            run = run_snippet(path, figure_id=figure_id)
        except Exception as error:  # any failure must fail the build, not vanish
            raise _error(where, str(error).replace(str(project_root) + "/", "")) from None
        html_out = result_html(run)
        record.update(seconds=run.seconds, status="ran")
        if store:
            store.put(key, html_out)
    blocks.append(record)
    return _stash_figures(html_out)


# Figures are kept out of the page until MkDocs has written it (restore_figures, called from
# the on_post_page hook): the search plugin would otherwise parse every SVG element of every
# figure, which was about half the time of a warm build.
_FIGURE = re.compile(r'<figure class="snippet-figure">.*?</figure>', re.S)
_PLACEHOLDER = re.compile(r"<!-- snippet-figure ([0-9a-f]{24}) -->")
_stashed_figures: dict[str, str] = {}


def _stash_figures(html_out: str) -> str:
    def stash(match: re.Match) -> str:
        key = hashlib.sha256(match.group(0).encode()).hexdigest()[:24]
        _stashed_figures[key] = match.group(0)
        return f"<!-- snippet-figure {key} -->"

    return _FIGURE.sub(stash, html_out)


def restore_figures(page_html: str) -> str:
    """Put the figures back into a finished page."""
    return _PLACEHOLDER.sub(lambda match: _stashed_figures[match.group(1)], page_html)


def result_html(run: SnippetRun) -> str:
    """The output block and the figures, as the page shows them."""
    parts = ['<div class="snippet-result">']
    if run.stdout.strip():
        parts.append(
            '<p class="snippet-output-label">Output</p>'
            f'<pre class="snippet-output"><code>{html.escape(run.stdout.rstrip())}</code></pre>'
        )
    for figure in run.figures:
        parts.append(
            '<figure class="snippet-figure">'
            f'<div class="figure-light">{figure.light}</div>'
            f'<div class="figure-dark">{figure.dark}</div>'
            "</figure>"
        )
    parts.append("</div>")
    return "".join(parts)


def _error(where: str, message: str) -> ExecutionError:
    # base_format logs this as a warning (so `mkdocs build --strict` fails,
    # naming the page and the file) and shows it on the page under `serve`.
    return ExecutionError(f"```text\n{where}\n{message}\n```")
