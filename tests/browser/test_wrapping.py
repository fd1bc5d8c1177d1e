"""What wraps and what scrolls, on every page at 1280 and 390 px, all solutions open.

- Nothing scrolls sideways without saying so: every box whose content is wider than it (a table,
  a display formula, a figure, a diagram, a notebook's printed output) shows edge shadows and
  the keyboard can reach it. Code blocks are the exception every reader knows: they scroll.
- No inline formula runs past the column: a long one is a display formula. A short one (its
  reading at most SHORT_FORMULA characters) is never split over two lines.
- A claim's mark never starts a line: it stays with the word or formula before it.
- A file's name breaks only after a / or an _, never mid-word.
- In a note or a solution box, a display formula keeps inside the box's borders.
"""

from __future__ import annotations

import pytest
from sitebuild import PAGES, page_url

from engine.math_render import SHORT_FORMULA

pytestmark = pytest.mark.browser

_LAYOUT = """(short) => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const article = document.querySelector('article');
  const column = article.getBoundingClientRect();
  const name = el => el.tagName.toLowerCase() + '.' + String(el.className).split(' ')[0];

  const silent = [...article.querySelectorAll('*')].filter(el => {
    const style = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) return false;
    if (el.closest('pre, .highlight, .highlight-ipynb')) return false;  // code scrolls, as everywhere
    const reachable = el.tabIndex >= 0 || el.querySelector('[tabindex="0"], a, button, input');
    return !style.backgroundAttachment.includes('local') || !reachable;
  }).map(name);

  const wideInline = [...article.querySelectorAll('span.arithmatex')]
    .filter(f => !f.closest('table, .md-typeset__scrollwrap'))
    .filter(f => f.getBoundingClientRect().right > column.right + 1)
    .map(f => f.getAttribute('aria-label').slice(0, 60));
  const splitShort = [...article.querySelectorAll('span.arithmatex')]
    .filter(f => f.getAttribute('aria-label').length <= short)
    .filter(f => new Set([...f.getClientRects()].map(r => Math.round(r.bottom))).size > 1)
    .map(f => f.getAttribute('aria-label'));

  // The last visible character before a node, as a one-character range (null if none).
  const charBefore = (node, root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: t => t.textContent.trim() && !t.parentElement.closest('.claim-check, .math-text, [hidden]')
        && (node.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_PRECEDING)
        ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
    });
    let last = null;
    while (walker.nextNode()) last = walker.currentNode;
    if (!last) return null;
    const end = last.textContent.trimEnd().length;
    const range = document.createRange();
    range.setStart(last, end - 1);
    range.setEnd(last, end);
    return range;
  };
  const marks = [...article.querySelectorAll('.claim .claim-check')];
  const aloneMarks = marks.filter(mark => {
    const before = charBefore(mark, mark.closest('.claim'));
    if (!before) return false;
    const char = before.getBoundingClientRect(), box = mark.getBoundingClientRect();
    return box.width > 0 && box.top >= char.bottom - 2;
  }).map(mark => mark.closest('.claim').id);

  // Each place a file's name breaks: the character before the break must be / or _.
  const names = [...article.querySelectorAll('span.filename, .jp-RenderedMarkdown p > code:only-child')]
    .filter(el => /\\.py$/.test(el.textContent));
  const midword = [];
  for (const el of names) {
    const text = el.firstChild ? [...el.childNodes].filter(n => n.nodeType === 3) : [];
    let previousTop = null, previousChar = '';
    for (const node of text) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const top = Math.round(range.getBoundingClientRect().top);
        if (previousTop !== null && top > previousTop + 2 && !'/_'.includes(previousChar)) {
          midword.push(el.textContent);
        }
        previousTop = top; previousChar = node.textContent[i];
      }
    }
  }

  const spilled = [...article.querySelectorAll(':is(.admonition, details) div.arithmatex')].filter(f => {
    const box = f.closest('.admonition, details'), style = getComputedStyle(box);
    const inner = box.getBoundingClientRect(), own = f.getBoundingClientRect();
    return own.left < inner.left + parseFloat(style.borderLeftWidth) - 0.5
      || own.right > inner.right - parseFloat(style.borderRightWidth) + 0.5;
  }).map(f => f.getAttribute('aria-label').slice(0, 60));

  return {silent, wideInline, splitShort, marks: marks.length, aloneMarks, names: names.length,
    midword, spilled};
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page_name", PAGES)
def test_what_wraps_and_what_scrolls(open_page, page_name, width):
    page, _ = open_page(page_url(page_name), viewport={"width": width, "height": 844})
    got = page.evaluate(_LAYOUT, SHORT_FORMULA)
    where = f"{page_name} at {width} px"
    assert got["silent"] == [], f"{where}: boxes that scroll with no cue or no keys: {got['silent']}"
    assert got["wideInline"] == [], f"{where}: inline formulas past the column: {got['wideInline']}"
    assert got["splitShort"] == [], f"{where}: short formulas split over two lines: {got['splitShort']}"
    assert got["aloneMarks"] == [], f"{where}: claim marks alone at the start of a line: {got['aloneMarks']}"
    assert got["midword"] == [], f"{where}: file names broken mid-word: {got['midword']}"
    assert got["spilled"] == [], f"{where}: display formulas over their box's border: {got['spilled']}"
    lesson = page_name.endswith(".md") and not page_name.startswith("explore/") and "/" not in page_name
    if lesson and page_name not in ("index.md", "build-report.md"):
        assert got["marks"] >= 5 and got["names"] >= 1, "the checks above had something to check"
