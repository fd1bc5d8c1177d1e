"""The build report page: every executed snippet block, and the claim ledger.

The page's Markdown is generated at the start of a build; its tables are filled
in once every page has been rendered (the plugin does it as the report page is
written), so they list the whole build.
"""

from __future__ import annotations

import html
import platform
from collections.abc import Sequence

from engine.break_points import wrappable
from engine.fence import BlockRecord
from engine.keys import RENDERING_PACKAGES, SCIENTIFIC_PACKAGES, package_version

BLOCKS_PLACEHOLDER = "<!-- build-report-blocks -->"
LEDGER_PLACEHOLDER = "<!-- build-report-ledger -->"
REPORTED_PACKAGES = (*SCIENTIFIC_PACKAGES, "mkdocs", "mkdocs-material", *RENDERING_PACKAGES, "mkdocs-jupyter")


def report_markdown() -> str:
    """The page's Markdown; the tables are filled in once every page has been built."""
    versions = "\n".join(f"| {name} | {package_version(name)} |" for name in REPORTED_PACKAGES)
    return f"""# Build report

Every code block on this site is a snippet file executed while the site was
built. This page lists each block of this build: the page it is on, the file,
how long its run took, and whether it ran in this build or its output came
from the execution cache, with the run's key (its first twelve characters).
The key covers the file, the project modules it imports, the engine, Python
and the package versions, so a cached output is always one this exact code
would print, and the time shown is that run's.

## Environment

| package | version |
|---|---|
| Python | {platform.python_version()} |
{versions}

## Executed blocks

{BLOCKS_PLACEHOLDER}

## Claim ledger

Every claim a page makes is marked in its text and named by the tests that
assert it; the build fails if a claim has no test, or a test names a claim no
page makes.

{LEDGER_PLACEHOLDER}
"""


_STATUS = {"ran": "ran in this build", "cached": "cached"}


def blocks_html(blocks: Sequence[BlockRecord], pages: dict[str, tuple[str, str]] | None = None) -> str:
    """The blocks as an HTML table (timings carry a class so tests can mask them).

    ``pages`` gives each page's title and its link from the report. A cached
    block shows the run time of the run that produced it and that run's key
    (its first twelve characters), so it can be told from another run.
    """
    pages = pages or {}
    ran = sum(block.status == "ran" for block in blocks)
    total = sum(block.seconds for block in blocks)

    def page_cell(src_uri: str) -> str:
        title, link = pages.get(src_uri, (src_uri, ""))
        text = html.escape(title)
        return f'<a href="{html.escape(link)}">{text}</a>' if link else text

    rows = "".join(
        "<tr>"
        f'<td data-label="page">{page_cell(block.page)}</td>'
        f'<td data-label="snippet"><code>{wrappable(block.snippet)}</code></td>'
        f'<td data-label="run time (s)" class="report-seconds">{block.seconds:.2f}</td>'
        f'<td data-label="run" class="report-status">{_STATUS[block.status]}'
        f' <code class="report-run">{block.key[:12]}</code></td>'
        "</tr>"
        for block in blocks
    )
    return (
        f'<p class="report-summary">{len(blocks)} blocks: {ran} ran in this build, '
        f"{len(blocks) - ran} from the cache; "
        f'<span class="report-seconds">{total:.2f}</span> s of snippet run time.</p>'
        '<div class="md-typeset__scrollwrap" tabindex="0"><div class="md-typeset__table">'
        '<table class="report-blocks">'
        "<thead><tr><th>page</th><th>snippet</th><th>run time (s)</th><th>run</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div></div>"
    )
