"""The ``snippet`` fence: a page names a snippet file, the build shows and runs it.

In a lesson page::

    ```snippet
    snippets/inference/coin_mle.py
    ```

renders the file verbatim (titled with its path), then what it printed, then
its figures (one SVG each, coloured by the page's scheme). Every fence form that
pymdownx.superfences accepts works alike (backticks or tildes, longer fences,
indented inside admonitions and tabs), because superfences hands each of them
to ``SnippetFence.format``. markdown-exec's ``base_format`` does the Markdown
plumbing; this module supplies the run and the HTML of its result.

The fence keeps a record of the files it formatted on each page, in page
order: the companion notebooks are built from that record, so the page and its
notebook can never disagree on what the page shows. This module imports
nothing from MkDocs: a plain ``markdown.Markdown`` with superfences and this
fence renders a page (tests/test_fence.py does).
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown_exec import ExecutionError, base_format

from engine import keys
from engine.break_points import wrappable
from engine.cache import SnippetCache
from engine.errors import SnippetError
from engine.runs import Result, SnippetRuns
from engine.stash import Stash


@dataclass(frozen=True)
class BlockRecord:
    """One snippet block of the build, for the build report."""

    page: str
    snippet: str
    seconds: float  # the run's own time, whether it ran now or in the build that cached it
    status: str  # "ran" (this build) or "cached"
    key: str  # the run's cache key: which run produced what the page shows


@dataclass
class SnippetFence:
    """The fence's state for one build: where files are, their runs, what each page showed."""

    root: Path
    runs: SnippetRuns
    stash: Stash
    log: logging.Logger
    block_store: SnippetCache | None = None  # finished block HTML (None: not cached)
    render_fingerprint: str = ""  # what else decides a block's HTML (engine/keys.py)
    page: str = "?"  # the page being converted, for messages and the record
    record_only: bool = False  # True: note the paths, run nothing (to learn what pages show)
    paths: dict[str, list[str]] = field(default_factory=dict)
    blocks: list[BlockRecord] = field(default_factory=list)

    def validate(
        self,
        language: str,
        inputs: dict[str, str],
        options: dict[str, Any],
        attrs: dict[str, str],
        md: Markdown,
    ) -> bool:
        """Accept every ``snippet`` fence, so that one with options reaches ``format`` and fails loudly.

        (A validator that refuses a fence makes superfences render it as plain
        code: nothing would run, and a strict build would pass.)
        """
        if inputs:
            options["unsupported"] = dict(inputs)
        return True

    def format(
        self, source: str, language: str, css_class: str, options: dict[str, Any], md: Markdown, **kwargs: Any
    ) -> str:
        """Superfences' entry point: show the named snippet file and its run."""
        relative = source.strip()
        self.paths.setdefault(self.page, []).append(relative)
        if self.record_only:
            return "<pre></pre>"
        where = f"{self.page}: {relative}"
        # superfences swallows exceptions from a fence and leaves the raw text on the
        # page, so every failure here becomes a logged warning instead (strict fails).
        try:
            _check_fence(options, kwargs)
            code = self._read_source(relative)
        except SnippetError as error:
            self.log.warning("%s\n  %s", where, error)
            return f'<pre class="snippet-error">{html.escape(f"{where}: {error}")}</pre>'
        failure = None
        result: Result = {}
        key = ""
        try:
            result, key = self._result_for_block(relative)
        except SnippetError as error:
            failure = _error(where, str(error).replace(str(self.root) + "/", ""))
        block_key = (
            keys.block_key(key, self.render_fingerprint) if self.block_store and failure is None else None
        )
        block_html = self.block_store.get(block_key) if self.block_store and block_key else None
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
            # The file's name over the code wraps after its / and _ on a phone, never mid-word.
            name = f'<span class="filename">{relative}</span>'
            block_html = block_html.replace(name, f'<span class="filename">{wrappable(relative)}</span>', 1)
            if self.block_store and block_key:
                self.block_store.put(block_key, block_html)
        return self.stash.figures_in(block_html)

    def _read_source(self, relative: str) -> str:
        if "\n" in relative or not relative.endswith(".py"):
            raise SnippetError(f"a snippet fence holds one path to a .py file, got {relative!r}")
        path = self.root / relative
        if not path.is_file():
            raise SnippetError(f"snippet file not found: {relative} (looked in {self.root})")
        return path.read_text(encoding="utf-8").rstrip("\n")

    def _result_for_block(self, relative: str) -> tuple[Result, str]:
        """The run's results for one block on the current page, recorded for the build report."""
        started = len(self.runs.ran)
        result, key = self.runs.result(relative)
        ran = len(self.runs.ran) > started
        self.blocks.append(
            BlockRecord(self.page, relative, result["seconds"], "ran" if ran else "cached", key)
        )
        return result, key


def _check_fence(options: dict[str, Any], kwargs: dict[str, Any]) -> None:
    """A snippet fence takes no option or attribute: refuse any, rather than ignore it."""
    extra = dict(options.get("unsupported", {}))
    extra |= {"class": " ".join(kwargs["classes"])} if kwargs.get("classes") else {}
    extra |= {"id": kwargs["id_value"]} if kwargs.get("id_value") else {}
    extra |= kwargs.get("attrs") or {}
    if extra:
        given = ", ".join(f"{name}={value!r}" for name, value in extra.items())
        raise SnippetError(
            f"a snippet fence takes no options or attributes, got {given}: "
            "write ```snippet alone on the opening line and the file's path inside"
        )


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


def figure_html(figure: dict[str, str]) -> str:
    """One figure: a single SVG whose colours the page's scheme sets (engine/style.py)."""
    return f'<figure class="snippet-figure">{figure["svg"]}</figure>'


def _error(where: str, message: str) -> ExecutionError:
    # base_format logs this as a warning (so `mkdocs build --strict` fails,
    # naming the page and the file) and shows it on the page under `serve`.
    return ExecutionError(f"```text\n{where}\n{message}\n```")


# The block extensions a snippet fence may sit in; enough to find every fence of a page.
_CONTAINERS = ("admonition", "attr_list", "md_in_html", "pymdownx.details", "pymdownx.tabbed")


def snippet_paths(markdown_text: str, root: Path | None = None) -> list[str]:
    """The snippet files a page shows, in page order, as superfences and this fence find them.

    Nothing runs: the fence only records. For tools and tests that need the list
    without a build; the build itself learns it from the site's own settings.
    """
    fence = SnippetFence(
        root or Path.cwd(),
        SnippetRuns(root or Path.cwd(), None, None),
        Stash(),
        logging.getLogger(__name__),
        record_only=True,
        page="page",
    )
    custom = {"name": "snippet", "class": "snippet", "validator": fence.validate, "format": fence.format}
    Markdown(
        extensions=[*_CONTAINERS, "pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [custom]}},
    ).convert(markdown_text)
    return fence.paths.get("page", [])
