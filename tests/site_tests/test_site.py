"""The built site (one strict, uncached build of this checkout): what every page shows.

The faults that must break a build are injected into the engine's small fixture
site instead (tests/site_tests/test_faults.py).
"""

from __future__ import annotations

import filecmp
import os
import platform
import re
from importlib.metadata import version
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import PAGES, ROOT, SITE_URL, build, copy_project, html_path

from engine.fence import snippet_paths

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
        assert len(figure.select("svg.snippet-svg")) == 1, "each figure is drawn once, for both schemes"
        assert "var(--fig-" in str(figure), "its colours follow the scheme"
    # Figures and highlighted code are kept from the search indexer, then put back.
    assert "<!-- snippet-" not in html_path(built_site, page).read_text(encoding="utf-8")


def test_search_indexes_the_code_text_without_its_markup(built_site):
    index = (built_site / "search/search_index.json").read_text(encoding="utf-8")
    assert "bernoulli_log_likelihood" in index, "code is searchable"
    assert "snippet-code" not in index, "no placeholder of the stash leaks into the index"


@pytest.mark.parametrize("page", PAGES)
def test_page_html_is_under_the_weight_limit(built_site, page):
    assert html_path(built_site, page).stat().st_size < PAGE_HTML_LIMIT


LESSON_PAGES = [page for page in PAGES if page.endswith(".md") and (ROOT / "docs" / page).is_file()]


def _blocks(site: Path, page: str):
    """Each snippet block of a built page: (path, shown source, shown output, number of figures)."""
    for span in soup_of(site, page).select("div.highlight > span.filename"):
        path = span.get_text()
        if not path.startswith("snippets/"):
            continue
        result = span.parent.find_next_sibling()
        output = result.select_one("pre.snippet-output")
        yield (
            path,
            span.parent.find("code").get_text(),
            output.get_text() if output else "",
            len(result.select("figure.snippet-figure")),
        )


@pytest.mark.claim("index/code-is-the-file", "index/code-row")
def test_every_block_shows_its_snippet_file_verbatim(built_site):
    shown = [block for page in LESSON_PAGES for block in _blocks(built_site, page)]
    assert len(shown) > 50
    for path, source, _, _ in shown:
        assert source.rstrip("\n") == (ROOT / path).read_text().rstrip("\n"), path


@pytest.mark.claim("index/outputs-from-the-build", "index/outputs-row")
def test_every_output_and_figure_is_what_a_run_of_that_file_shows(built_site, run):
    shown = [block for page in LESSON_PAGES for block in _blocks(built_site, page)]
    for path, _, output, figures in shown:
        again = run(path)  # the runner again, in this process: same file, same output
        assert output == again.stdout.rstrip(), f"{path}: the page shows another output"
        assert figures == len(again.figures), f"{path}: the page shows another number of figures"


def test_snippet_source_is_shown_verbatim(built_site):
    soup = soup_of(built_site, "inference.md")
    block = next(
        span.parent
        for span in soup.select("div.highlight > span.filename")
        if span.get_text() == "snippets/inference/coin_mle.py"
    )
    shown = block.find("code").get_text()
    assert shown.rstrip("\n") == (ROOT / "snippets/inference/coin_mle.py").read_text().rstrip("\n")


def _without_timings(html: str) -> str:
    """The build report's run times are the one thing allowed to differ between builds."""
    return re.sub(r'(class="report-seconds">)[^<]*', r"\1", html)


@pytest.mark.claim("index/byte-identical-builds")
def test_two_clean_builds_are_byte_identical_whatever_the_number_of_snippet_workers(tmp_path, built_site):
    # The shared build runs snippets in one worker per core; this one in another number of them.
    workers = 1 if (os.cpu_count() or 1) > 1 else 2
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert "  - course-engine:\n" in text
    config.write_text(
        text.replace("  - course-engine:\n", f"  - course-engine:\n      snippet_workers: {workers}\n", 1)
    )
    again = tmp_path / "again"
    result = build(project, again, SNIPPET_CACHE="off", SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    report = [p for p in files if p.parts[0] == "build-report"]
    assert [
        str(p)
        for p in report
        if _without_timings((built_site / p).read_text()) != _without_timings((again / p).read_text())
    ] == []
    different = [
        str(p) for p in files if p not in report and not filecmp.cmp(built_site / p, again / p, shallow=False)
    ]
    assert different == [], "outputs, figures, SVG ids and report order do not depend on the workers"


def test_build_report_lists_every_executed_block_with_its_versions(built_site):
    soup = soup_of(built_site, "build-report.md")
    blocks = []
    for row in soup.select("table.report-blocks tbody tr"):
        link = row.select_one("td[data-label=page] a")["href"]  # ../inference/ from build-report/
        page = (link.removeprefix("../").rstrip("/") or "index") + ".md"
        blocks.append((page, row.select_one("td[data-label=snippet]").get_text(), row))
    fences = sorted(
        (page.relative_to(ROOT / "docs").as_posix(), path)
        for page in (ROOT / "docs").rglob("*.md")
        for path in snippet_paths(page.read_text(encoding="utf-8"))
    )
    assert sorted((page, snippet) for page, snippet, _ in blocks) == fences, (
        "one row per block, linked to its page"
    )
    statuses = [row.select_one("td.report-status").get_text() for *_, row in blocks]
    assert all(status.startswith("ran in this build ") for status in statuses), "uncached: every block ran"
    assert all(re.fullmatch(r"ran in this build [0-9a-f]{12}", s) for s in statuses), "each names its run"
    seconds = [float(row.select_one("td.report-seconds").get_text()) for *_, row in blocks]
    assert min(seconds) >= 0 and sum(seconds) > 1, "run times are measured, not filled in"
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("table tbody tr")]
    versions = {row[0]: row[1] for row in rows if len(row) == 2}
    assert versions["Python"] == platform.python_version()
    for name in ("numpy", "scipy", "matplotlib"):
        assert versions[name] == version(name)


RENDER_BLOCKING_JS_LIMIT = 150_000  # bytes


@pytest.mark.parametrize("page", PAGES)
def test_no_page_runs_more_than_150_kb_of_javascript_before_it_can_paint(built_site, page):
    """The scripts a browser must fetch and run before the page can show (inline scripts and
    <script src> without async, defer or type=module) weigh at most 150 kB. Modules imported
    later (an explorer's code, loaded by its page after Material's bundle) do not count."""
    path = html_path(built_site, page)
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    weight = 0
    for script in soup.find_all("script"):
        if script.get("type") not in (None, "text/javascript") or script.has_attr("async"):
            continue  # data (the search config as JSON), a module, or not blocking
        if script.has_attr("defer"):
            continue
        if script.get("src"):
            source = (path.parent / script["src"]).resolve()
            assert source.is_file(), f"{page}: {script['src']} is not in the site"
            weight += source.stat().st_size
        else:
            weight += len(script.get_text().encode())
    assert 0 < weight <= RENDER_BLOCKING_JS_LIMIT, f"{page}: {weight} bytes of blocking JavaScript"
