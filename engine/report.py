"""The build report page: every executed snippet block, its run time, cache hit or miss."""

from __future__ import annotations

import html
import platform

from engine.cache import package_version

REPORT_PAGE = "build-report.md"
PLACEHOLDER = "<!-- build-report-table -->"
PACKAGES = ("numpy", "scipy", "matplotlib", "mkdocs", "mkdocs-material", "markdown-exec", "mkdocs-jupyter")


def report_markdown() -> str:
    """The page's Markdown; the table of blocks is filled in once every page has been built."""
    versions = "\n".join(f"| {name} | {package_version(name)} |" for name in PACKAGES)
    return f"""# Build report

Every code block on this site is a snippet file executed while the site was
built. This page lists each block of this build: the page it is on, the file,
how long it ran, and whether it ran now or its output came from the
execution cache (whose key covers the file, the project modules it imports,
the engine, Python and the package versions, so a cached output is always one
this exact code would print).

## Environment

| package | version |
|---|---|
| Python | {platform.python_version()} |
{versions}

## Executed blocks

{PLACEHOLDER}
"""


def report_table(blocks: list[dict]) -> str:
    """The blocks as an HTML table (timings carry a class so tests can mask them)."""
    ran = sum(block["status"] == "ran" for block in blocks)
    total = sum(block["seconds"] for block in blocks)
    rows = "".join(
        "<tr>"
        f"<td>{html.escape(block['page'])}</td>"
        f"<td><code>{html.escape(block['snippet'])}</code></td>"
        f'<td class="report-seconds">{block["seconds"]:.2f}</td>'
        f'<td class="report-status">{block["status"]}</td>'
        "</tr>"
        for block in blocks
    )
    return (
        f'<p class="report-summary">{len(blocks)} blocks: {ran} ran, {len(blocks) - ran} from the cache; '
        f'<span class="report-seconds">{total:.2f}</span> s of snippet run time.</p>'
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table>'
        "<thead><tr><th>page</th><th>snippet</th><th>run time (s)</th><th>ran or cached</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div></div>"
    )
