"""The smallest text of every figure and diagram, as drawn on a desktop and on a phone."""

from __future__ import annotations

import pytest
from sitebuild import PAGES, page_url

from engine.figures import MIN_TEXT_PX, PHONE_COLUMN_PX

pytestmark = pytest.mark.browser

# The smallest text a reader must read, in CSS px, at each window width.
SMALLEST = {1280: 11.0, 390: MIN_TEXT_PX}

# Per figure (matplotlib) and diagram (Mermaid): the size its smallest text is drawn at, the
# font size times the scale of the text's screen transformation (the SVG's viewBox scaling
# and the text's own transforms). Each element that holds text itself counts: a <text>, a
# <tspan> (mathtext writes an exponent or index as one, at 0.7 of the size), or HTML in a
# <foreignObject>. Collapsed solutions are opened first, as a reader would.
# benchmarks/figure_text.py prints the same measure as a table.
MEASURE = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const drawings = [
    ...[...document.querySelectorAll('figure.snippet-figure svg.snippet-svg')].map(s => ['figure', s]),
    ...[...document.querySelectorAll('div.diagram > svg')].map(s => ['diagram', s]),
  ];
  const holds = e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const counts = {figure: 0, diagram: 0};
  return drawings.map(([kind, svg]) => {
    let smallest = null, text = '', texts = 0;
    for (const t of svg.querySelectorAll('text, tspan, foreignObject *')) {
      if (!holds(t) || t.getClientRects().length === 0) continue;
      const m = (t.closest('foreignObject') || t).getScreenCTM();
      const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      texts += 1;
      if (smallest === null || size < smallest) { smallest = size; text = t.textContent.trim(); }
    }
    const box = svg.closest('figure, div.diagram');
    return {kind, index: counts[kind]++, label: svg.getAttribute('aria-label') || '', smallest, text, texts,
            scrolls: box.scrollWidth > box.clientWidth + 1};
  });
}"""


def _drawings(page) -> list[dict]:
    return page.evaluate(MEASURE)


def _check(page_name: str, width: int, drawings: list[dict]) -> None:
    assert all(d["texts"] for d in drawings), [
        f"{page_name} at {width} px: {d['kind']} {d['index']} ({d['label'][:60]!r}) has no text to measure"
        for d in drawings
        if not d["texts"]
    ]
    small = [
        f"{page_name} at {width} px: {d['kind']} {d['index']} ({d['label'][:60]!r}): "
        f"smallest text {d['text'][:30]!r} is {d['smallest']:.2f} px, under {SMALLEST[width]} px"
        for d in drawings
        if d["smallest"] < SMALLEST[width]
    ]
    assert not small, "\n".join(small)
    # Each reads whole, at these sizes, in the column of a desktop and of a phone: none needs
    # the sideways scroll (with edge shadows and keyboard access) kept for a wider reader font.
    wide = [
        f"{page_name} at {width} px: {d['kind']} {d['index']} ({d['label'][:60]!r}) is wider than its column"
        for d in drawings
        if d["scrolls"]
    ]
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("width", sorted(SMALLEST, reverse=True))
@pytest.mark.parametrize("page_name", PAGES)
def test_the_smallest_text_of_every_figure_and_diagram_is_readable(open_page, page_name, width):
    """At least 11 px on a 1280 px desktop and 9 px on a 390 px phone (light; sizes do not depend on it)."""
    page, _ = open_page(page_url(page_name), viewport={"width": width, "height": 844})
    _check(page_name, width, _drawings(page))


def test_the_same_sizes_in_the_dark_scheme(open_page):
    """The lesson with the most figures and diagrams, on a phone in the dark scheme."""
    page, _ = open_page(page_url("inference.md"), color_scheme="dark", viewport={"width": 390, "height": 844})
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    drawings = _drawings(page)
    assert sum(d["kind"] == "figure" for d in drawings) >= 5 and any(d["kind"] == "diagram" for d in drawings)
    _check("inference.md (dark)", 390, drawings)


def test_a_figure_too_wide_for_its_column_scrolls_with_a_cue_and_by_keyboard(open_page):
    """Every figure fits a 390 px phone (checked above); one that cannot, because its SVG stops
    shrinking at the width where its text is 9 px, scrolls sideways with edge shadows, and its
    SVG, focusable, scrolls it with the arrow keys. Emulated here by widening a figure's minimum."""
    page, _ = open_page(page_url("inference.md"), viewport={"width": 390, "height": 844})
    figure = page.locator("figure.snippet-figure").first
    fits = figure.evaluate(
        "(f, column) => f.scrollWidth <= f.clientWidth + 1 && f.clientWidth <= column", PHONE_COLUMN_PX
    )
    assert fits, "the first figure fits the phone's column"
    figure.evaluate(
        "f => { const svg = f.querySelector('svg'); svg.style.minWidth = '800px'; svg.tabIndex = 0; }"
    )
    assert figure.evaluate("f => f.scrollWidth > f.clientWidth + 1")
    assert "local" in figure.evaluate("f => getComputedStyle(f).backgroundAttachment"), "edge shadows"
    svg = figure.locator("svg")
    svg.focus()
    assert figure.evaluate("f => getComputedStyle(f).outlineStyle") == "solid", "the figure is outlined"
    svg.press("ArrowRight")
    page.wait_for_timeout(200)
    assert figure.evaluate("f => f.scrollLeft") > 0, "arrow keys scroll the figure of a focused SVG"


def test_a_diagram_too_wide_for_its_column_scrolls_with_a_cue_and_by_keyboard(open_page):
    """The same for a diagram, should a reader's font make one wider than a phone's column: its
    box shows edge shadows and, focusable, scrolls with the arrow keys."""
    page, _ = open_page(page_url("inference.md"), viewport={"width": 390, "height": 844})
    box = page.locator("div.diagram").first
    box.evaluate("b => { b.querySelector('svg').style.minWidth = '800px'; }")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth + 1")
    assert "local" in box.evaluate("b => getComputedStyle(b).backgroundAttachment"), "edge shadows"
    box.focus()
    box.press("ArrowRight")
    page.wait_for_timeout(200)
    assert box.evaluate("b => b.scrollLeft") > 0, "arrow keys scroll a focused diagram"
