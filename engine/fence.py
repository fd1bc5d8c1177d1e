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

import functools
import hashlib
import html
import logging
import re
from pathlib import Path
from typing import Any

from markdown_exec import ExecutionError, base_format

from engine import cache
from engine.errors import SnippetError

# Set by the MkDocs hooks (engine/mkdocs_hooks.py) so messages can name the page.
project_root = Path.cwd()
config_file_name = "mkdocs.yml"
current_page = "?"

# What one run of a snippet shows: {"stdout": str, "figures": [{"alt", "light", "dark"}], "seconds"}.
Result = dict
# One record per snippet block of the current build, for the build report.
BlockRecord = dict  # {"page", "snippet", "seconds", "status": "ran" | "cached"}
blocks: list[BlockRecord] = []
# This build's results by snippet path (with their keys), and the files that really ran.
results: dict[str, tuple[Result, str]] = {}
ran_this_build: list[str] = []


def start_build() -> None:
    """Forget the previous build's blocks and results (`mkdocs serve` rebuilds in one process)."""
    blocks.clear()
    results.clear()
    ran_this_build.clear()
    _stashed.clear()
    _render_fingerprint.cache_clear()  # `mkdocs serve` reloads mkdocs.yml for every build

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
    failure = None
    try:
        result, key = _result_for_block(relative)
    except SnippetError as error:
        failure = _error(where, str(error).replace(str(project_root) + "/", ""))
    store = _store()
    block_key = _block_key(key) if store and failure is None else None
    block_html = store.get(block_key) if block_key else None
    if block_html is None:

        def run(path: str, **_: Any) -> str:
            if failure is not None:
                raise failure  # base_format logs it (so --strict fails) and shows it under `serve`
            return result_html(result)

        block_html = str(
            base_format(
                language="python",
                run=run,
                code=relative,
                md=md,
                html=True,
                source="above",
                id=where,
                transform_source=lambda path: (path, code),
                extra={"title": relative},
            )
        )
        if block_key:
            store.put(block_key, block_html)
    return _stash_figures(block_html)


def _read_source(relative: str) -> str:
    path = project_root / relative
    if "\n" in relative or not relative.endswith(".py"):
        raise SnippetError(f"a snippet fence holds one path to a .py file, got {relative!r}")
    if not path.is_file():
        raise SnippetError(f"snippet file not found: {relative} (looked in {project_root})")
    return path.read_text(encoding="utf-8").rstrip("\n")


def _store() -> cache.SnippetCache | None:
    return cache.SnippetCache(cache.cache_root(project_root) / "snippets") if cache.enabled() else None


def _result_for_block(relative: str) -> tuple[Result, str]:
    """The run's results for one block on the current page, recorded for the build report."""
    started = len(ran_this_build)
    result, key = snippet_result(relative)
    ran = len(ran_this_build) > started
    blocks.append(
        {
            "page": current_page,
            "snippet": relative,
            "seconds": result["seconds"] if ran else 0.0,
            "status": "ran" if ran else "cached",
        }
    )
    return result, key


def snippet_result(relative: str) -> tuple[Result, str]:
    """What running ``relative`` shows (from the cache when it has it), and its cache key.

    Raises SnippetError when the file fails. The lesson pages and the notebooks
    (engine/notebooks.py) both take their outputs from here: one run per build.
    """
    path = project_root / relative
    store = _store()
    key = cache.key_for(path, project_root, extra=f"figure_id={_figure_id(relative)}")
    if relative in results and results[relative][1] == key:
        return results[relative]
    result = store.get(key) if store else None
    if result is None:
        from engine.runner import run_snippet  # matplotlib and numpy load only when something runs

        run = run_snippet(path, figure_id=_figure_id(relative))
        result = {
            "stdout": run.stdout,
            "figures": [{"alt": f.alt, "light": f.light, "dark": f.dark} for f in run.figures],
            "seconds": run.seconds,
        }
        ran_this_build.append(relative)
        if store:
            store.put(key, result)
    results[relative] = (result, key)
    return result, key


def _figure_id(relative: str) -> str:
    return relative.removesuffix(".py").replace("/", "-")


@functools.cache
def _render_fingerprint(config_file: Path) -> str:
    """What else decides a block's HTML: the Markdown settings and the packages that apply them."""
    packages = ("markdown", "pymdown-extensions", "pygments", "markdown-exec")
    versions = ",".join(f"{name}=={cache.package_version(name)}" for name in packages)
    settings = config_file.read_bytes() if config_file.is_file() else b""
    return hashlib.sha256(versions.encode() + b"\0" + settings).hexdigest()


def _block_key(result_key: str) -> str:
    fingerprint = _render_fingerprint(project_root / config_file_name)
    return hashlib.sha256(f"block\n{result_key}\n{fingerprint}".encode()).hexdigest()


# Heavy markup is kept out of the page until MkDocs has written it (restore_stashed, called
# from the on_post_page hook), because the search plugin parses every element of every page:
# - figures: every SVG element (about half of a warm build's time); the notebook pages hold
#   the same placeholders, so nbconvert never parses the figures either (engine/mkdocs_hooks.py);
# - highlighted code: thousands of one-token <span>s per page. Search still gets the code's
#   text, without the spans.
_FIGURE = re.compile(r'<figure class="snippet-figure">.*?</figure>', re.S)
_HIGHLIGHTED_CODE = re.compile(r"<pre><span></span><code>(.*?)</code></pre>", re.S)
_TAG = re.compile(r"<[^>]+>")
_PLACEHOLDER = re.compile(r"<!-- snippet-figure ([0-9a-f]{24}) -->")
_CODE_PLACEHOLDER = re.compile(r"<code>[^<]*<!-- snippet-code ([0-9a-f]{24}) --></code>")
_stashed: dict[str, str] = {}


def _stash(markup: str) -> str:
    key = hashlib.sha256(markup.encode()).hexdigest()[:24]
    _stashed[key] = markup
    return key


def stash_figure(figure: str) -> str:
    """A placeholder for one figure's HTML, put back by restore_stashed."""
    return f"<!-- snippet-figure {_stash(figure)} -->"


def _stash_figures(html_out: str) -> str:
    return _FIGURE.sub(lambda match: stash_figure(match.group(0)), html_out)


def stash_highlighted_code(page_html: str) -> str:
    """Each highlighted code block's text alone, until restore_stashed puts its markup back."""

    def stash(match: re.Match) -> str:
        code = f"<code>{match.group(1)}</code>"
        plain = _TAG.sub("", match.group(1))  # text and entities only, so no "<" is left
        return f"<pre><span></span><code>{plain}<!-- snippet-code {_stash(code)} --></code></pre>"

    return _HIGHLIGHTED_CODE.sub(stash, page_html)


def restore_stashed(page_html: str) -> str:
    """Put the figures and the highlighted code back into a finished page."""
    page_html = _CODE_PLACEHOLDER.sub(lambda match: _stashed[match.group(1)], page_html)
    return _PLACEHOLDER.sub(lambda match: _stashed[match.group(1)], page_html)


def result_html(result: Result) -> str:
    """The output block and the figures, as the page shows them."""
    parts = ['<div class="snippet-result">']
    if result["stdout"].strip():
        parts.append(
            '<p class="snippet-output-label">Output</p>'
            f'<pre class="snippet-output"><code>{html.escape(result["stdout"].rstrip())}</code></pre>'
        )
    parts += [figure_html(figure) for figure in result["figures"]]
    parts.append("</div>")
    return "".join(parts)


def figure_html(figure: dict) -> str:
    """One figure, light and dark variants (CSS shows the one that matches the palette)."""
    return (
        '<figure class="snippet-figure">'
        f'<div class="figure-light">{figure["light"]}</div>'
        f'<div class="figure-dark">{figure["dark"]}</div>'
        "</figure>"
    )


def _error(where: str, message: str) -> ExecutionError:
    # base_format logs this as a warning (so `mkdocs build --strict` fails,
    # naming the page and the file) and shows it on the page under `serve`.
    return ExecutionError(f"```text\n{where}\n{message}\n```")
