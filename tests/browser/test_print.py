"""Printing a lesson gives a clean document: Chromium's PDF of each lesson, dark palette selected.

The print rules live in engine/assets/engine.css (@page and @media print), site.css keeps the
dark code colours to screens, and figures.css (engine/style.py) gives figures and diagrams
their light colours back on paper. Each lesson is loaded once with the dark palette, laid out
as print at the printed column's width (A4 less the @page margins the page's own stylesheets
declare) and checked in the DOM: no header, navigation, search, palette toggle, footer, claim
marks, notebook or copy buttons; every collapsed solution shown; formulas typeset; no dark
colour in a figure or diagram, no faint code colour; nothing wider than the column, scrolled,
shadowed, splittable or taller than a page. Then it is printed to PDF (A4, without background
graphics, as the print dialog's default) and read back with pypdf: the title on the first page,
the solutions' text on the last pages, no navigation text or raw TeX, every line inside the
margins. With --screenshots the PDFs are kept in tests/output/screenshots/.
"""

from __future__ import annotations

import io
import math
import unicodedata

import pytest
import yaml
from harness import SCREENSHOTS
from pypdf import PdfReader
from sitebuild import PAGES, ROOT, page_url

from engine.notebooks import notebook_uri
from engine.style import DARK_COLOURS, DIAGRAM_COLOURS, INK

pytestmark = pytest.mark.browser

LESSONS = [page for page in PAGES if notebook_uri(page) in PAGES]  # the pages that show snippets
A4_MM = (210.0, 297.0)
PX_PER_MM = 96 / 25.4
PT_PER_MM = 72 / 25.4
# What a screen needs and paper does not: each must be on the lesson's screen, and not printed.
SCREEN_ONLY = {
    "header": ".md-header",
    "navigation": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "search": ".md-search",
    "palette toggle": "form[data-md-component=palette]",
    "footer": ".md-footer",
    "back-to-top button": ".md-top",
    "claim check marks": "article .claim-mark",
    "notebook buttons": "article .md-button",
    "copy buttons": "article .md-code__button",
}
_CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
# Text only the header, navigation, search and footer show.
NAV_ONLY = [
    _CONFIG["site_name"], _CONFIG["copyright"], "Search", "Table of contents", "Back to top", "Made with",
]
# Every colour the dark palette gives figures and diagrams (none is also a light colour).
DARK = {*DARK_COLOURS.values(), *(dark for _, dark in DIAGRAM_COLOURS.values())}
# What a formula left untypeset would print.
RAW_TEX = ["$$", "\\(", "\\[", "\\frac", "\\begin{"]
assert not DARK & {*DARK_COLOURS, *(light for light, _ in DIAGRAM_COLOURS.values())}

# The @page margins in force (the last rule declaring them wins): top, right, bottom, left.
PAGE_MARGINS = """() => {
  const sides = ["marginTop", "marginRight", "marginBottom", "marginLeft"];
  const rules = [...document.styleSheets].flatMap(sheet => [...sheet.cssRules])
    .filter(rule => rule instanceof CSSPageRule && sides.every(side => rule.style[side]));
  const last = rules[rules.length - 1];
  return last ? sides.map(side => last.style[side]) : null;
}"""
COUNT = "(selectors) => Object.fromEntries(Object.entries(selectors).map(([name, s]) =>" \
    " [name, document.querySelectorAll(s).length]))"
# Everything checked in the print layout, in one pass over the lesson.
PRINTED = r"""([selectors, dark, pageHeight]) => {
  const article = document.querySelector("article");
  const style = getComputedStyle(article), box = article.getBoundingClientRect();
  const left = box.left + parseFloat(style.paddingLeft), right = box.right - parseFloat(style.paddingRight);
  const hex = c => {
    const m = c.match(/^rgba?\((\d+), (\d+), (\d+)(, ([\d.]+))?\)$/);
    if (!m || m[5] === "0") return null;
    return "#" + m.slice(1, 4).map(v => (+v).toString(16).padStart(2, "0")).join("");
  };
  const luminance = c => {
    const [r, g, b] = c.slice(1).match(/../g).map(v => {
      v = parseInt(v, 16) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const name = el => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}` +
    ` "${(el.getAttribute("aria-label") || el.textContent).trim().slice(0, 60)}"`;

  const printed = Object.entries(selectors)
    .filter(([, s]) => [...document.querySelectorAll(s)].some(el => el.checkVisibility()))
    .map(([what]) => what);

  const details = [...article.querySelectorAll("details")];
  const closed = details
    .filter(d => [...d.children].some(c => c.tagName !== "SUMMARY" && !c.checkVisibility()))
    .map(d => d.querySelector("summary").textContent.trim());

  // Drawn inside the column; and no container that would scroll on screen hides part of one.
  const drawn = "figure.snippet-figure, figure.snippet-figure svg, div.diagram svg, div.arithmatex," +
    " div.arithmatex .katex-html, table, pre > code";
  const scrollers = "div.diagram, div.arithmatex, div.arithmatex .katex-html, .md-typeset__scrollwrap," +
    " table, pre > code";
  const wide = [...article.querySelectorAll(drawn)].filter(el => {
    const r = el.getBoundingClientRect();
    return r.left < left - 0.5 || r.right > right + 0.5;
  }).map(el => `${name(el)}: ${el.getBoundingClientRect().width.toFixed(1)} px wide`).concat(
    [...article.querySelectorAll(scrollers)].filter(el => el.scrollWidth > el.clientWidth + 1)
      .map(el => `${name(el)}: ${el.scrollWidth} px of content in ${el.clientWidth}`));

  // The screen's scroll shadows, which on paper would say that something is cut.
  const shadowed = [...article.querySelectorAll("figure.snippet-figure, div.diagram, div.arithmatex")]
    .filter(el => getComputedStyle(el).backgroundImage !== "none").map(name);

  // Kept on one page: marked so, and no taller than a page (or it is cut at the page's foot).
  const whole = "figure.snippet-figure, div.diagram, div.arithmatex";
  const splittable = [...article.querySelectorAll(whole)]
    .filter(el => getComputedStyle(el).breakInside !== "avoid").map(name);
  const tall = [...article.querySelectorAll(whole)]
    .filter(el => el.getBoundingClientRect().height > pageHeight)
    .map(el => `${name(el)}: ${el.getBoundingClientRect().height.toFixed(0)} px high`);

  // Math typeset at build time, and shown in print.
  const formulas = [...article.querySelectorAll(".arithmatex")];
  const untypeset = formulas.filter(el => !el.querySelector(".katex-html")?.checkVisibility())
    .map(el => el.textContent.trim().slice(0, 60));

  const darkDrawn = new Set(), inks = new Set();
  for (const el of article.querySelectorAll("figure.snippet-figure svg *, div.diagram svg *")) {
    const s = getComputedStyle(el);
    for (const c of [s.fill, s.stroke, s.color, s.backgroundColor].map(hex))
      if (dark.includes(c)) darkDrawn.add(`${c} (${el.tagName})`);
  }
  for (const text of article.querySelectorAll("figure.snippet-figure svg text"))
    inks.add(hex(getComputedStyle(text).fill));

  const faint = new Set();
  for (const code of article.querySelectorAll(".highlight pre > code")) {
    const bg = hex(getComputedStyle(code).backgroundColor) || "#ffffff";
    for (const token of code.querySelectorAll("span[class]")) {
      const c = hex(getComputedStyle(token).color);
      if (c && contrast(c, bg) < 4.5) faint.add(`.${token.className} ${c} on ${bg}`);
    }
  }
  const ink = hex(style.color);

  // Each solution's own words: the longest run of prose in each collapsed block.
  const solutions = details.map(block => {
    let words = "";
    const walk = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      const text = node.textContent.replace(/\s+/g, " ").trim();
      const prose = !node.parentElement.closest("summary, pre, code, .arithmatex, .claim-check");
      if (prose && text.length > words.length) words = text;
    }
    return words.split(" ").slice(0, 12).join(" ");
  });
  return {
    column: [left, right, innerWidth], printed, details: details.length, closed, wide, splittable,
    darkDrawn: [...darkDrawn], inks: [...inks], faint: [...faint], ink, contrastInk: contrast(ink, "#ffffff"),
    figures: article.querySelectorAll("figure.snippet-figure").length,
    shadowed, tall, formulas: formulas.length, untypeset,
    h1: article.querySelector("h1").innerText.trim(), solutions,
  };
}"""


def _mm(length: str) -> float:
    units = (("mm", 1.0), ("cm", 10.0), ("in", 25.4), ("px", 1 / PX_PER_MM), ("pt", 1 / PT_PER_MM))
    for unit, scale in units:
        if length.endswith(unit):
            return float(length.removesuffix(unit)) * scale
    raise ValueError(f"an @page margin in a unit this test does not read: {length!r}")


def _squeeze(text: str) -> str:
    """Text without spaces: a line broken after a hyphen ("log-" / "likelihood") reads back as two words."""
    return "".join(text.split())


def _read(pdf: bytes, solutions: list[str]) -> tuple[list[str], list[float], float]:
    """The text of the first printed page, then of the pages from the last back to the one that
    holds the first of ``solutions`` (whitespace collapsed, ligatures unfolded); every text run's
    x on them, in points; the page width in points.

    The solutions come last in a lesson; the pages between are not read, since pypdf's text
    extraction parses every figure's drawing and would take seconds a lesson."""
    reader = PdfReader(io.BytesIO(pdf))
    widths = {round(float(page.mediabox.width), 1) for page in reader.pages}
    assert len(widths) == 1, f"pages of different widths: {widths}"
    starts: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            starts.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    def text(index: int) -> str:
        extracted = reader.pages[index].extract_text(visitor_text=visit)
        return " ".join(unicodedata.normalize("NFKC", extracted).split())

    texts, tail = [text(0)], ""
    for index in range(len(reader.pages) - 1, 0, -1):
        if all(_squeeze(words) in tail for words in solutions):
            break
        texts.insert(1, text(index))
        tail = _squeeze(texts[1]) + tail
    return texts, starts, widths.pop()


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_printed_lesson_is_a_clean_light_document(open_page, full_page_screenshots, lesson):
    page, watched = open_page(page_url(lesson), color_scheme="dark")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", "the dark palette is selected"
    on_screen = page.evaluate(COUNT, SCREEN_ONLY)
    assert all(on_screen.values()), f"nothing to leave out of print: {on_screen}"

    margins = page.evaluate(PAGE_MARGINS)
    assert margins, "the stylesheets set the printed page's margins"
    top_mm, right_mm, bottom_mm, left_mm = map(_mm, margins)
    column = (A4_MM[0] - left_mm - right_mm) * PX_PER_MM  # Chromium lays the page out at this width
    page_height = (A4_MM[1] - top_mm - bottom_mm) * PX_PER_MM
    page.set_viewport_size({"width": math.floor(column), "height": 900})
    page.emulate_media(media="print")
    # Material eases colours in (transitions of 125 ms); printing does not, so neither do the checks.
    page.evaluate("document.getAnimations().forEach(animation => animation.finish())")
    got = page.evaluate(PRINTED, [SCREEN_ONLY, sorted(DARK), page_height])

    assert got["column"][1] <= got["column"][2] + 0.5, f"the text column fits the page: {got['column']}"
    assert got["printed"] == [], f"printed, though only a screen needs them: {got['printed']}"
    assert got["details"] > 0, "the lesson has collapsed solutions"
    assert got["closed"] == [], f"collapsed blocks printed closed: {got['closed']}"
    assert got["wide"] == [], "wider than the printed column, or cut:\n" + "\n".join(got["wide"])
    assert got["shadowed"] == [], f"scroll shadows printed: {got['shadowed']}"
    assert got["splittable"] == [], f"may be split across pages: {got['splittable']}"
    assert got["tall"] == [], f"taller than a printed page ({page_height:.0f} px): {got['tall']}"
    assert got["formulas"] > 0, "the lesson has formulas"
    assert got["untypeset"] == [], f"formulas not typeset in print: {got['untypeset']}"
    assert got["figures"] > 0
    assert got["darkDrawn"] == [], f"figures or diagrams printed in dark-palette colours: {got['darkDrawn']}"
    assert INK["light"] in got["inks"], f"figure text is not in the light ink: {got['inks']}"
    assert got["faint"] == [], f"code colours below 4.5:1 on the printed code background: {got['faint']}"
    assert got["contrastInk"] >= 7, f"body text {got['ink']} is not dark on paper"

    # The PDF itself, as the browser's print dialog makes it by default (no background graphics).
    pdf = page.pdf(format="A4", print_background=False)
    if full_page_screenshots:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"{lesson.removesuffix('.md')}-print.pdf").write_bytes(pdf)
    solutions = [words for words in got["solutions"] if len(words) > 20]  # a run of prose to look for
    assert solutions, f"no solution has prose to look for in the PDF: {got['solutions']}"
    texts, starts, width_pt = _read(pdf, solutions)
    assert abs(width_pt - A4_MM[0] * PT_PER_MM) < 1, "printed on A4"
    assert got["h1"] in texts[0], f"the lesson's title is not on its first printed page: {texts[0][:200]!r}"
    printed = " ".join(texts)
    # A solution whose words run over a page break is printed too, but pypdf may read other text of
    # the first page (a later block's summary) between the two parts: each part, of 3 words or more.
    squeezed = _squeeze(printed)

    def in_print(words: str) -> bool:
        w = words.split()
        return _squeeze(words) in squeezed or any(
            _squeeze(" ".join(w[:k])) in squeezed and _squeeze(" ".join(w[k:])) in squeezed
            for k in range(3, len(w) - 2)
        )

    missing = [words for words in solutions if not in_print(words)]
    assert missing == [], f"solutions' text not printed: {missing}"
    for label in NAV_ONLY:
        assert label not in printed, f"{label!r} printed"
    for raw in RAW_TEX:
        assert raw not in printed, f"untypeset math ({raw!r}) printed"
    # Every line starts inside the page's margins, where the DOM checks placed the column.
    left, right = left_mm * PT_PER_MM, width_pt - right_mm * PT_PER_MM
    assert min(starts) >= left - 1, f"text starts left of the margin ({left:.1f} pt) at {min(starts):.1f} pt"
    assert max(starts) <= right + 1, f"text starts right of the column ({right:.1f} pt) at {max(starts):.1f}"
    assert watched.blocked == []
    assert watched.console_errors == []
