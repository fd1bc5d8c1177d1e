"""Every built page, as a reader meets it in Chromium: offline, light and dark, accessible."""

from __future__ import annotations

import pytest
from harness import AXE, SCREENSHOTS, record_page
from sitebuild import PAGES, ROOT, html_path, page_url

from engine.style import INK

pytestmark = pytest.mark.browser

PAGE_HTML_LIMIT = 1_000_000  # bytes


def _name(page: str) -> str:
    return page.rsplit(".", 1)[0].replace("/", "-")


def _axe_serious(page, rules: list[str] | None = None) -> list[str]:
    """axe-core's serious and critical violations: all its rules, or only ``rules``."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    return page.evaluate(
        "async (options) => (await axe.run(document, options)).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => `${v.id}: ${v.help} (${v.nodes.length}x) ${v.nodes[0].target}`)",
        options,
    )


# The axe rules whose verdict depends on colours, the only thing the palette changes: the
# dark pass runs these, the light pass every rule (ARIA, names, landmarks... read the DOM,
# which is the same in both palettes).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def _loads_no_math_or_diagram_library(page, page_name: str) -> None:
    """Formulas and diagrams arrive drawn: the page fetched no KaTeX or Mermaid JavaScript."""
    loaded = page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => /mermaid|katex[^/]*\\.js/.test(n))"
    )
    assert loaded == [], f"{page_name} loads {loaded}"


def _switch_palette(page, scheme: str) -> None:
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"document.body.dataset.mdColorScheme === '{scheme}'")


def _save_full_page(page, name: str) -> None:
    """Full-page shots at 1280 and 390 px wide (only with --screenshots), then back to 1280."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900 if width == 1280 else 844})
        page.evaluate("window.scrollTo(0, 0)")  # keep the sticky header at the top of the shot
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _check_rendered(page) -> None:
    """Math typeset, diagrams drawn, every visible figure has a size."""
    page.wait_for_function(  # KaTeX has typeset every formula
        "document.querySelectorAll('.arithmatex').length"
        " === document.querySelectorAll('.arithmatex .katex').length"
    )
    article = page.locator("article")
    text = article.inner_text()
    for raw in ("\\(", "\\)", "\\[", "\\]", "$$"):
        assert raw not in text, f"untypeset math ({raw!r}) left on the page"
    math = page.locator(".arithmatex")
    assert math.count() == page.locator(".arithmatex .katex").count(), "every formula is typeset by KaTeX"
    # Diagrams are drawn at build time (engine/diagrams.py): an SVG with a size, no source left.
    assert page.locator("pre.mermaid").count() == 0, "no Mermaid source left undrawn"
    diagrams = page.locator("div.diagram > svg")
    for index in range(diagrams.count()):
        diagram = diagrams.nth(index)
        diagram.scroll_into_view_if_needed()
        box = diagram.bounding_box()
        assert box and box["width"] > 50 and box["height"] > 50, "a diagram is drawn"


def _visible_figures_are(page, variant: str) -> None:
    """Every figure is drawn once, with a size, and its text in the ink of ``variant``'s palette."""
    ink = "rgb({}, {}, {})".format(*(int(INK[variant][i : i + 2], 16) for i in (1, 3, 5)))
    shown = page.locator("figure.snippet-figure svg.snippet-svg")
    assert shown.count() == page.locator("figure.snippet-figure").count(), "one SVG per figure"
    for index in range(shown.count()):
        figure = shown.nth(index)
        figure.scroll_into_view_if_needed()
        box = figure.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, f"{variant} figure {index} has no size"
        fills = figure.evaluate("svg => [...svg.querySelectorAll('text')].map(t => getComputedStyle(t).fill)")
        assert ink in fills, f"figure {index} has no text in the {variant} ink {ink}: {set(fills)}"
    # Notebook pages show the lesson pages' figures, never a single image.
    assert page.locator(".jupyter-wrapper :is(.jp-RenderedImage img, .jp-RenderedSVG svg)").count() == 0


@pytest.mark.parametrize("page_name", PAGES)
def test_page_in_a_dark_system_theme_then_light_then_dark(
    open_page, built_site, page_name, full_page_screenshots
):
    """One load per page, three palettes: the system's dark theme with no choice made, then
    the reader's switch to light and back to dark. Each time math is typeset, diagrams are
    drawn and the figures show that palette's ink; axe runs in light and dark."""
    page, watched = open_page(page_url(page_name), color_scheme="dark")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", "a dark system theme starts dark"
    _visible_figures_are(page, "dark")
    _loads_no_math_or_diagram_library(page, page_name)

    _switch_palette(page, "default")
    _check_rendered(page)
    _visible_figures_are(page, "light")
    serious = _axe_serious(page)
    if full_page_screenshots:
        _save_full_page(page, f"{_name(page_name)}-light")

    _switch_palette(page, "slate")
    _check_rendered(page)
    _visible_figures_are(page, "dark")
    serious += _axe_serious(page, COLOUR_RULES)
    if full_page_screenshots:
        _save_full_page(page, f"{_name(page_name)}-dark")

    page.wait_for_load_state("networkidle")  # every request the page makes has finished
    html_bytes = html_path(built_site, page_name).stat().st_size
    record_page(
        page_name,
        {
            "blocked": len(watched.blocked),
            "console_errors": len(watched.console_errors),
            "failed": len(watched.failed),
            "axe_serious": len(serious),
            "html_bytes": html_bytes,
            "transferred_bytes": watched.transferred,
        },
    )
    assert watched.blocked == [], "requests to other hosts"
    assert watched.console_errors == []
    assert watched.failed == []
    assert serious == [], "axe: serious or critical accessibility violations:\n" + "\n".join(serious)
    assert html_bytes < PAGE_HTML_LIMIT


@pytest.mark.claim("index/copy-button-copies-the-file")
def test_copy_button_copies_the_exact_snippet(open_page):
    page, _ = open_page(page_url("inference.md"))
    block = page.locator(
        "div.highlight", has=page.locator("span.filename", has_text="snippets/inference/coin_mle.py")
    )
    block.hover()
    block.locator("button.md-code__button[title='Copy to clipboard']").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.rstrip("\n") == (ROOT / "snippets/inference/coin_mle.py").read_text().rstrip("\n")


def test_instant_navigation_fetches_only_the_new_page_and_renders_its_math_and_diagrams(open_page):
    page, watched = open_page(page_url("inference.md"))
    page.wait_for_load_state("networkidle")  # what the first lesson loads later (sitemap, search)
    before = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    started = page.evaluate("performance.now()")
    page.evaluate("window.__sameDocument = true")  # survives only an instant (in-page) navigation
    page.locator("nav.md-nav--primary a.md-nav__link[href$='estimation/']").first.click()
    page.wait_for_url("**/estimation/")
    page.locator("article .arithmatex .katex").first.wait_for()  # the new content, typeset
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__sameDocument === true"), "Material navigated instantly"
    assert page.locator(".arithmatex").count() > 0
    _check_rendered(page)
    # The budget: the new lesson's HTML comes over the network, and nothing the first lesson
    # had (a transfer size of 0 is the browser's cache answering).
    fetched = page.evaluate(
        "(t) => performance.getEntriesByType('resource')"
        ".filter(e => e.startTime >= t && e.transferSize > 0).map(e => e.name)",
        started,
    )
    assert any(url.endswith("/estimation/") for url in fetched), fetched
    # Chromium's favicon service asks for the icon again at every new address, whatever the
    # page does (Material only swaps the content); everything else must come from what it has.
    again = [url for url in fetched if url in before and not url.endswith("/favicon.png")]
    assert again == [], "fetched again after instant navigation"
    assert watched.blocked == []
    assert watched.console_errors == []


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page_name", [p for p in PAGES if p.endswith(".md")])
def test_no_display_formula_is_cut_off_without_a_cue(open_page, page_name, width):
    """A display formula fits its column, or scrolls with edge shadows and the keyboard can scroll it."""
    page, _ = open_page(page_url(page_name), viewport={"width": width, "height": 844})
    formulas = page.evaluate(
        """() => [...document.querySelectorAll('div.arithmatex')].map((f, i) => ({
            i, overflows: f.scrollWidth > f.clientWidth + 1, focusable: f.tabIndex === 0,
            cue: getComputedStyle(f).backgroundAttachment.includes('local'),
        }))"""
    )
    wide = [f for f in formulas if f["overflows"]]
    assert all(f["focusable"] and f["cue"] for f in wide), [
        f for f in wide if not (f["focusable"] and f["cue"])
    ]
    if wide:  # the keyboard scrolls the first wide one
        formula = page.locator("div.arithmatex").nth(wide[0]["i"])
        formula.focus()
        formula.press("ArrowRight")
        page.wait_for_timeout(200)
        assert formula.evaluate("f => f.scrollLeft") > 0, "arrow keys scroll a focused wide formula"


@pytest.mark.parametrize("page_name", ["losses-and-priors.md", "inference.md"])
def test_notebook_buttons_sit_under_the_title_apart_on_a_phone(open_page, page_name):
    """Under the lesson's title, the two notebook buttons fit a phone's screen and never touch:
    stacked (the longer lesson's) or side by side, at least 6 px apart."""
    page, _ = open_page(page_url(page_name), viewport={"width": 390, "height": 844})
    title = page.locator("article h1").bounding_box()
    boxes = [b.bounding_box() for b in page.locator("article .lesson-tools .md-button").all()]
    assert len(boxes) == 2 and title
    first, second = sorted(boxes, key=lambda b: (b["y"], b["x"]))
    assert first["y"] >= title["y"] + title["height"], "the buttons are below the title"
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= 390 for b in boxes), "on screen"
    apart_below = second["y"] - (first["y"] + first["height"])
    apart_beside = second["x"] - (first["x"] + first["width"])
    assert max(apart_below, apart_beside) >= 6, f"the buttons touch: {first} {second}"


def test_notebook_outputs_keep_their_lines_on_a_phone(open_page):
    """A notebook page's printed tables keep their columns at 390 px: output lines never wrap,
    and an output wider than the column scrolls inside its box, which the keyboard can focus."""
    page, _ = open_page(page_url("notebooks/inference.ipynb"), viewport={"width": 390, "height": 844})
    outputs = page.evaluate(
        """() => [...document.querySelectorAll('.jp-RenderedText pre')].map(p => ({
            wrap: getComputedStyle(p).whiteSpace, scroll: getComputedStyle(p.parentElement).overflowX,
            focusable: p.parentElement.tabIndex === 0, right: p.parentElement.getBoundingClientRect().right,
            wide: p.parentElement.scrollWidth > p.parentElement.clientWidth}))"""
    )
    assert len(outputs) >= 5
    assert {o["wrap"] for o in outputs} == {"pre"}, "output lines wrap"
    assert all(o["right"] <= 390 for o in outputs), "an output runs past the screen"
    assert any(o["wide"] for o in outputs) and {o["scroll"] for o in outputs} == {"auto"}
    assert all(o["focusable"] for o in outputs), "the keyboard reaches every output that may scroll"
    code = page.evaluate(
        """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-editor')].map(e => {
            const box = e.getBoundingClientRect(); return [box.left, box.width]; })"""
    )
    assert len(code) >= 5 and all(left < 40 and width > 320 for left, width in code), (
        "code takes the phone's width, no prompt column beside it",
        code[:3],
    )


@pytest.mark.parametrize("page_name", ["inference.md", "intervals.md", "power.md", "mle-uncertainty.md"])
def test_no_punctuation_is_left_alone_after_a_formula(open_page, page_name):
    """On a phone and a desktop, a full stop or comma after an inline formula ends the formula's
    line: each formula with its marks is one fragment, not two lines."""
    for width in (390, 1280):
        page, _ = open_page(page_url(page_name), viewport={"width": width, "height": 844})
        split = page.evaluate(
            """() => { document.querySelectorAll('details').forEach(d => { d.open = true; });
              const kept = [...document.querySelectorAll('article .math-nobr')];
              const lines = s => new Set([...s.getClientRects()].map(r => Math.round(r.bottom))).size;
              return [kept.length, kept.filter(s => lines(s) > 1).map(s => s.textContent.slice(-30))]; }"""
        )
        assert split[0] >= 10, f"{page_name}: formulas followed by punctuation are kept together"
        assert split[1] == [], f"{page_name} at {width} px: split after a formula: {split[1]}"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_build_report_fits_its_column_and_breaks_names_only_at_separators(open_page, width):
    """Every table of the build report (blocks and claim ledger) fits the column, with no sideways
    scroll; its paths and test names may break only where the report allows it (after a / or _),
    never mid-word; on a phone each row is a card whose cells say what they are."""
    page, _ = open_page(page_url("build-report.md"), viewport={"width": width, "height": 844})
    got = page.evaluate(
        """() => { const selector = 'article :is(table.report-blocks, table.ledger)';
          const tables = [...document.querySelectorAll(selector)];
          const wraps = tables.map(t => t.closest('.md-typeset__scrollwrap'));
          const codes = tables.flatMap(t => [...t.querySelectorAll('code')]);
          return {tables: tables.length, ledgers: document.querySelectorAll('article table.ledger').length,
            wide: wraps.map((w, i) => [i, w.scrollWidth, w.clientWidth]).filter(([, s, c]) => s > c + 1),
            midword: codes.filter(c => getComputedStyle(c).wordBreak !== 'normal'
              || getComputedStyle(c).overflowWrap !== 'normal').length,
            codes: codes.length, separators: codes.filter(c => c.querySelector('wbr')).length,
            labels: [...new Set([...document.querySelectorAll(selector + ' td')]
              .map(d => getComputedStyle(d, '::before').content))],
            cards: getComputedStyle(tables[0].querySelector('tr')).display}; }"""
    )
    assert got["ledgers"] >= 10 and got["tables"] == got["ledgers"] + 1
    assert got["wide"] == [], f"at {width} px, tables wider than the column: {got['wide']}"
    assert got["codes"] > 100 and got["midword"] == 0, "names may break mid-word"
    assert got["separators"] > 100, "paths and test names carry their break points"
    assert got["cards"] == ("block" if width == 390 else "table-row")
    if width == 390:  # each cell of a card says what it is
        assert "none" not in got["labels"] and '"asserted by: "' in got["labels"], got["labels"]
