"""Site search as a reader uses it: a term typed without its accents is found, results read as text.

"Cramer" must find the estimation lesson's Cramér–Rao section just as "Cramér" does
(engine/search_index.py folds the index's accents); result snippets show no raw LaTeX and
no button labels; notebook pages are kept out of search (each repeats its lesson).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from harness import SCREENSHOTS

pytestmark = pytest.mark.browser

# Each result's link, its visible text, and its visible text outside code (prose and titles).
RESULTS = """() => {
  for (const more of document.querySelectorAll(".md-search-result details")) more.open = true;
  return [...document.querySelectorAll("a.md-search-result__link")].map(link => {
    const prose = [];
    const walk = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode())
      if (!node.parentElement.closest("pre, code") && node.parentElement.checkVisibility())
        prose.push(node.textContent);
    return {href: link.href, text: link.innerText, prose: prose.join("")};
  });
}"""
# Done when the count is shown and the links carry the whole query (Material adds ?h=<term>).
SETTLED = """(query) => {
  const meta = document.querySelector(".md-search-result__meta");
  if (!meta || !/matching document/i.test(meta.textContent)) return false;
  const links = [...document.querySelectorAll("a.md-search-result__link")];
  return links.length === 0 || links.some(a => new URL(a.href).searchParams.get("h") === query);
}"""
RAW_LATEX = re.compile(r"\\[()\[\]]|\\[A-Za-z]{2,}|\$\$")
BUTTON_LABELS = ("Open as a notebook", "Download notebook", "notebook (.ipynb)", "minutes to read")


def _search(page, query: str) -> list[dict[str, str]]:
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # on a phone the search opens from the header's icon
        page.locator("label.md-header__button[for='__search']").click()
    box.fill("")
    box.press_sequentially(query)
    page.wait_for_function(SETTLED, arg=query.lower())
    return page.evaluate(RESULTS)


def _location(href: str) -> str:
    url = urlparse(href)
    return url.path + (f"#{url.fragment}" if url.fragment else "")


@pytest.fixture(scope="module")
def cramer_rao_section(built_site) -> str:
    """The estimation lesson's Cramér–Rao section, as the built page anchors it."""
    page = (built_site / "estimation/index.html").read_text(encoding="utf-8")
    anchor = re.search(r'<h2 id="([^"]+)">[^<]*Cramér–Rao', page)
    assert anchor, "the estimation lesson has a Cramér–Rao section"
    return f"/estimation/#{anchor.group(1)}"


def _check_readable(results: list[dict[str, str]], query: str) -> None:
    for result in results:
        where = (query, _location(result["href"]))
        assert "/notebooks/" not in result["href"], ("notebook pages are not searched", where)
        assert not RAW_LATEX.search(result["prose"]), (where, RAW_LATEX.search(result["prose"]))
        for label in BUTTON_LABELS:
            assert label not in result["text"], (where, label)


def test_search_finds_a_term_without_its_accents_and_reads_as_text(open_page, cramer_rao_section):
    page, _ = open_page("")
    found = {}
    for query in ("Cramér", "Cramer"):
        results = _search(page, query)
        found[query] = [_location(r["href"]) for r in results]
        assert cramer_rao_section in found[query], (query, found[query])
        section = next(r for r in results if _location(r["href"]) == cramer_rao_section)
        assert parse_qs(urlparse(section["href"]).query)["h"] == [query.lower()]
        assert "Cramér–Rao" in section["text"], "the lesson's own spelling is what shows"
        assert "Cramer–Rao" not in section["text"], "the folded copy the index holds stays hidden"
        _check_readable(results, query)
    assert set(found["Cramér"]) <= set(found["Cramer"]), "the accented word's results are all found"
    page.screenshot(path=_shot("1280-light"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=_shot("390-light"))
    # A formula's result, and the word a notebook page's title has: no LaTeX, no notebook page.
    for query in ("7/40", "notebook"):
        _check_readable(_search(page, query), query)


def test_search_on_a_phone_in_dark(open_page, cramer_rao_section):
    page, _ = open_page("", color_scheme="dark", viewport={"width": 390, "height": 844})
    results = _search(page, "Cramer")
    # The result fits the phone's width once the search panel has slid in.
    page.wait_for_function(
        """(anchor) => {
          const link = document.querySelector(`a.md-search-result__link[href*="#${anchor}"]`);
          const box = link && link.getBoundingClientRect();
          return box && box.width > 0 && box.left >= 0 && box.right <= window.innerWidth;
        }""",
        arg=cramer_rao_section.rsplit("#", 1)[1],
        timeout=5000,
    )
    _check_readable(results, "Cramer")
    page.screenshot(path=_shot("390-dark"))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=_shot("1280-dark"))


def _shot(name: str) -> str:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"search-cramer-{name}.png")
