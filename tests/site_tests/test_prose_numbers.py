"""Site-wide: a number with two or more decimals in a page's prose must appear in an output of that page.

Prose is the article text (math included) minus code blocks, snippet outputs and
figures. Outputs are the text of the snippet output blocks and the text inside
the figures' SVG (tick labels, legends, titles). Companion-notebook pages are
read the same way: code cells are not prose, their text outputs are outputs.
The build report's run times (class ``report-seconds``) are measured during
the build, so they count as outputs too. A prose number is backed when
the same digits appear in an output as a whole number token: "0.63" is not
backed by "0.636", "0.05" not by "0.050". The sign is ignored, so "-0.2530"
in prose is backed by "0.2530" in an output and the other way round.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sitebuild import PAGES, html_path

# A number with at least two decimals, not glued to a word or to another number, and not
# part of a version string such as 3.11.7.
NUMBER = re.compile(r"(?<![\w.])-?\d*\.\d{2,}(?!\d|\.\d)")

NOT_PROSE = [
    "div.highlight",  # source blocks
    "pre.snippet-output",  # what snippets printed
    "p.snippet-output-label",
    "figure",  # snippet figures (their text counts as output)
    "nav",
    "a.headerlink",
    "pre.snippet-error",
    ".jp-InputArea",  # notebook pages: code cells
    ".jp-OutputArea",  # and their outputs
    ".report-seconds",  # run times the build report measured
    "table.ledger",  # the build report quotes every page's claims; each page's own test checks them
]
OUTPUTS = ["pre.snippet-output", ".jp-OutputArea-output", "figure svg text", ".report-seconds"]


def prose_and_outputs(html: str) -> tuple[str, str]:
    """The prose text of a page's article and the text of its outputs."""
    soup = BeautifulSoup(html, "html.parser")
    content = soup.select_one(".md-content")
    if content is None:
        raise ValueError("no .md-content element: is this a page of the site?")
    outputs = [element.get_text() for element in content.select(", ".join(OUTPUTS))]
    for element in content.select(", ".join(NOT_PROSE)):
        element.decompose()
    return content.get_text(" "), "\n".join(outputs)


def unbacked_numbers(html: str) -> list[str]:
    """Numbers with two or more decimals in the prose that no output on the page shows."""
    prose, outputs = prose_and_outputs(html)
    missing = []
    for match in NUMBER.finditer(prose):
        digits = match.group().lstrip("-")
        if not re.search(rf"(?<![\d.]){re.escape(digits)}(?!\d)", outputs):
            missing.append(match.group())
    return sorted(set(missing))


# --- the checker itself must fail when it should --------------------------------------

TINY_PAGE = """
<html><body>
<nav class="md-nav"><a>version 1.25 of the nav is ignored</a></nav>
<div class="md-content"><article>
  <p>The MAP is 0.636, the cross-entropy -0.2530, and the grid step 0.001.</p>
  <p>Typed by hand: 0.25 and <span class="arithmatex">\\(\\hat p = 0.62\\)</span>.</p>
  <p>Not the same token: 0.63 and 0.05. A version is not a number: Python 3.11.7.</p>
  <div class="highlight"><pre><code>x = 0.999</code></pre></div>
  <div class="snippet-result">
    <p class="snippet-output-label">Output</p>
    <pre class="snippet-output"><code>MAP: 0.636  loss: 0.2530  alpha: 0.050</code></pre>
    <figure class="snippet-figure"><svg><text>0.001</text><text>step 0.7</text></svg></figure>
  </div>
</article></div>
</body></html>
"""


def test_checker_flags_typed_numbers_and_accepts_numbers_shown_in_outputs():
    assert unbacked_numbers(TINY_PAGE) == ["0.05", "0.25", "0.62", "0.63"]


def test_checker_passes_a_page_whose_numbers_all_come_from_outputs():
    compliant = TINY_PAGE.replace("0.25 and", "a quarter and").replace("0.62", "0.6")
    compliant = compliant.replace("0.63 and 0.05", "nothing")
    assert unbacked_numbers(compliant) == []


def test_checker_ignores_code_and_reads_math():
    prose, outputs = prose_and_outputs(TINY_PAGE)
    assert "0.999" not in prose and "0.999" not in outputs
    assert "0.62" in prose, "math spans count as prose"
    assert "1.25" not in prose, "navigation is not prose"
    assert "0.001" in outputs, "figure text counts as output"


NOTEBOOK_PAGE = """
<div class="md-content"><article>
  <div class="jp-Cell jp-MarkdownCell"><p>Typed: 0.75; printed: 0.8000.</p></div>
  <div class="jp-Cell jp-CodeCell">
    <div class="jp-InputArea"><div class="highlight-ipynb"><pre>p = 0.3333</pre></div></div>
    <div class="jp-OutputArea"><div class="jp-OutputArea-output"><pre>MLE 0.8000</pre></div></div>
  </div>
</article></div>
"""


def test_checker_reads_notebook_pages_too():
    assert unbacked_numbers(NOTEBOOK_PAGE) == ["0.75"]


def test_checker_treats_measured_run_times_as_outputs():
    report = '<div class="md-content"><p>Ran <span class="report-seconds">0.42</span> s, typed 0.99</p></div>'
    assert unbacked_numbers(report) == ["0.99"]


def test_checker_refuses_html_that_is_not_a_page():
    with pytest.raises(ValueError, match="md-content"):
        prose_and_outputs("<p>0.25</p>")


# --- every page of the built site ------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_prose_number_appears_in_an_output_of_its_page(built_site, page):
    missing = unbacked_numbers(html_path(built_site, page).read_text(encoding="utf-8"))
    assert not missing, (
        f"{page}: these numbers are typed in the prose but shown by no output on the page: "
        f"{', '.join(missing)}. Print them from a snippet, or do not write them."
    )
