"""The built site: strict build, what every page shows, and the faults that must break it."""

from __future__ import annotations

import filecmp
import platform
import re
from importlib.metadata import version
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import PAGES, ROOT, SHARED_CACHE, SITE_URL, build, copy_project, html_path

from engine.notebooks import SNIPPET_FENCE, snippet_paths

PAGE_HTML_LIMIT = 1_000_000  # bytes


def soup_of(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup(html_path(site, page).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("page", PAGES)
def test_page_has_title_and_navigation(built_site, page):
    soup = soup_of(built_site, page)
    assert soup.title and soup.title.get_text(strip=True)
    assert soup.find("h1"), "every page starts with a heading"
    nav_links = {a.get("href") for a in soup.select("nav.md-nav--primary a.md-nav__link")}
    assert len(nav_links) >= len(PAGES), "the navigation lists every page"


@pytest.mark.parametrize("page", PAGES)
def test_every_snippet_shows_source_then_output_or_figure(built_site, page):
    soup = soup_of(built_site, page)
    assert not soup.select(".snippet-error"), "no snippet failed"
    for source in soup.select("div.highlight > span.filename"):
        if not source.get_text().startswith("snippets/"):
            continue
        result = source.parent.find_next_sibling()
        assert result is not None and "snippet-result" in result.get("class", []), source.get_text()
        assert result.select("pre.snippet-output") or result.select("figure.snippet-figure"), (
            source.get_text()
        )


@pytest.mark.parametrize("page", PAGES)
def test_no_traceback_and_every_figure_described(built_site, page):
    soup = soup_of(built_site, page)
    assert "Traceback (most recent call last)" not in soup.get_text()
    for svg in soup.select("svg.snippet-svg"):
        assert svg.get("aria-label", "").strip(), "figure without alt text"
        assert svg.find("title") is not None
    for figure in soup.select("figure.snippet-figure"):
        assert figure.select(".figure-light svg") and figure.select(".figure-dark svg")
    # Figures and highlighted code are kept from the search indexer, then put back.
    assert "<!-- snippet-" not in html_path(built_site, page).read_text(encoding="utf-8")


def test_search_indexes_the_code_text_without_its_markup(built_site):
    index = (built_site / "search/search_index.json").read_text(encoding="utf-8")
    assert "bernoulli_log_likelihood" in index, "code is searchable"
    assert "snippet-code" not in index, "no placeholder of the stash leaks into the index"


@pytest.mark.parametrize("page", PAGES)
def test_page_html_is_under_the_weight_limit(built_site, page):
    assert html_path(built_site, page).stat().st_size < PAGE_HTML_LIMIT


def test_snippet_source_is_shown_verbatim(built_site):
    soup = soup_of(built_site, "inference.md")
    block = next(
        span.parent
        for span in soup.select("div.highlight > span.filename")
        if span.get_text() == "snippets/inference/coin_mle.py"
    )
    shown = block.find("code").get_text()
    assert shown.rstrip("\n") == (ROOT / "snippets/inference/coin_mle.py").read_text().rstrip("\n")


# --- faults that must fail the build, each naming the page and the file ----------------

COIN = "snippets/inference/coin_mle.py"


def _break_snippet(project: Path, old: str, new: str) -> None:
    path = project / COIN
    text = path.read_text()
    assert old in text, f"fault injection needs {old!r} in {COIN}"
    path.write_text(text.replace(old, new, 1))


def _inject_raise(project: Path) -> None:
    _break_snippet(
        project,
        "    heads, tosses = 8, 10\n",
        '    heads, tosses = 8, 10\n    raise RuntimeError("injected")\n',
    )


def _inject_missing_path(project: Path) -> None:
    page = project / "docs/inference.md"
    page.write_text(page.read_text() + "\n```snippet\nsnippets/inference/no_such_example.py\n```\n")


def _inject_broken_anchor(project: Path) -> None:
    page = project / "docs/index.md"
    page.write_text(page.read_text() + "\nSee [nowhere](inference.md#no-such-section).\n")


def _inject_untitled_figure(project: Path) -> None:
    _break_snippet(project, "    fig.suptitle(", "    print(")


def _inject_silent_snippet(project: Path) -> None:
    _break_snippet(project, 'if __name__ == "__main__":', 'if __name__ == "__never__":')


FAULTS = {
    "snippet raises": (_inject_raise, ["inference.md", COIN, "RuntimeError: injected"]),
    "missing snippet file": (
        _inject_missing_path,
        ["inference.md", "snippet file not found: snippets/inference/no_such_example.py"],
    ),
    "broken anchor": (_inject_broken_anchor, ["index.md", "no-such-section"]),
    "figure without alt text": (_inject_untitled_figure, ["inference.md", COIN, "no alt text"]),
    "snippet shows nothing": (
        _inject_silent_snippet,
        ["inference.md", COIN, "printed nothing and drew nothing"],
    ),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_fault_fails_the_strict_build_with_a_clear_message(tmp_path, fault):
    inject, expected = FAULTS[fault]
    project = copy_project(tmp_path / "project")
    inject(project)
    result = build(project, tmp_path / "site")
    assert result.returncode != 0, f"the build passed despite: {fault}"
    for text in expected:
        assert text in result.stderr, f"{text!r} missing from the build log:\n{result.stderr}"


def _without_timings(html: str) -> str:
    """The build report's run times are the one thing allowed to differ between builds."""
    return re.sub(r'(class="report-seconds">)[^<]*', r"\1", html)


def test_two_clean_builds_are_byte_identical(tmp_path, built_site):
    again = tmp_path / "again"
    result = build(ROOT, again, SNIPPET_CACHE="off", SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(built_site) for p in built_site.rglob("*.html"))
    assert pages == sorted(p.relative_to(again) for p in again.rglob("*.html"))
    different = [
        str(p)
        for p in pages
        if _without_timings((built_site / p).read_text()) != _without_timings((again / p).read_text())
    ]
    assert different == []
    exact = [p for p in pages if p.parts[0] != "build-report"]
    assert all(filecmp.cmp(built_site / p, again / p, shallow=False) for p in exact)


def test_a_rebuild_in_the_same_process_shows_the_edited_snippet(tmp_path, monkeypatch):
    """What `mkdocs serve` does on a change: rebuild in the same interpreter."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("SNIPPET_CACHE_DIR", str(SHARED_CACHE))

    def build_and_read() -> str:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        mkdocs_build(config)
        return (tmp_path / "site/inference/index.html").read_text()

    assert "data: 8 heads in 10 tosses" in build_and_read()
    _break_snippet(project, 'print(f"data: {heads}', 'print(f"edited data line: {heads}')
    html = build_and_read()
    assert "edited data line: 8 heads in 10 tosses" in html
    assert not re.search(r"data: 8 heads in 10 tosses", html.replace("edited data line", ""))


def test_every_snippet_file_is_shown_on_a_page():
    """A snippet nobody shows is untested prose-wise and unreachable for readers."""
    shown = {
        path
        for page in (ROOT / "docs").rglob("*.md")
        for path in snippet_paths(page.read_text(encoding="utf-8"))
    }
    files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "snippets").glob("*/[a-z]*.py")}
    assert files - shown == set()


def test_build_report_lists_every_executed_block_with_its_versions(built_site):
    soup = soup_of(built_site, "build-report.md")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("table tbody tr")]
    blocks = [row for row in rows if len(row) == 4]
    fences = sorted(
        (page.relative_to(ROOT / "docs").as_posix(), path)
        for page in (ROOT / "docs").rglob("*.md")
        for path in SNIPPET_FENCE.findall(page.read_text(encoding="utf-8"))
    )
    assert sorted((page, snippet) for page, snippet, _, _ in blocks) == fences, "one row per block"
    assert all(status == "ran" for *_, status in blocks), "the built site is uncached: every block ran"
    seconds = [float(row[2]) for row in blocks]  # (two decimals: a fast snippet shows 0.00)
    assert min(seconds) >= 0 and sum(seconds) > 1, "run times are measured, not filled in"
    versions = {row[0]: row[1] for row in rows if len(row) == 2}
    assert versions["Python"] == platform.python_version()
    for name in ("numpy", "scipy", "matplotlib"):
        assert versions[name] == version(name)
