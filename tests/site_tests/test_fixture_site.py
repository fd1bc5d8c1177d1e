"""The engine through real builds of its small fixture site: fences, notebooks, claims, report, cache.

Builds run in a subprocess (``sitebuild.build``) as an author runs them, or in
this process where a test needs to reach inside (``mkdocs serve`` rebuilds in
one process, too).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from sitebuild import FIXTURE, build, copy_fixture, free_port

from engine import keys, plugin
from engine.fence import snippet_paths

LESSON_PATHS = snippet_paths((FIXTURE / "docs/lesson.md").read_text())


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fixture")
    project = copy_fixture(root / "project")
    result = build(project, root / "site", SNIPPET_CACHE="off")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return root / "site"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_the_fixture_shows_every_fence_form(fixture_site):
    assert LESSON_PATHS == [
        "snippets/fixture/hello.py",
        "snippets/fixture/squares.py",
        "snippets/fixture/hello.py",
        "snippets/fixture/counts.py",
        "snippets/fixture/squares.py",
        "snippets/fixture/last.py",
        "snippets/fixture/figure.py",
    ], "backticks, tildes, a longer fence, in an admonition, a tab and a collapsed block"
    page = soup(fixture_site, "lesson/index.html")
    shown = [span.get_text() for span in page.select("div.highlight > span.filename")]
    assert shown == LESSON_PATHS
    for span in page.select("div.highlight > span.filename"):
        result = span.parent.find_next_sibling()
        assert "snippet-result" in result.get("class", []), span.get_text()


def test_the_notebook_holds_what_the_page_shows_in_page_order(fixture_site):
    clean = json.loads((fixture_site / "notebooks/lesson/lesson.ipynb").read_text())
    code = ["".join(cell["source"]) for cell in clean["cells"] if cell["cell_type"] == "code"]
    once = list(dict.fromkeys(LESSON_PATHS))  # a file shown twice is one cell
    assert code == [(FIXTURE / path).read_text().rstrip("\n") for path in once]
    rendered = (fixture_site / "notebooks/lesson/index.html").read_text()
    for text in (
        "hello from the fixture course",
        "squares: [0, 1, 4, 9, 16]",
        "counts: 1 2 3",
        "last value: 4",
    ):
        assert text in rendered, text
    assert rendered.count('<figure class="snippet-figure">') == 1
    assert 'href="../../lesson/"' in rendered, "the link back to the lesson resolves"


def test_each_claim_carries_a_mark_naming_its_tests(fixture_site):
    page = soup(fixture_site, "lesson/index.html")
    claim = page.select_one("#claim-sum-is-three")
    assert claim is not None and "It prints the sum" in claim.get_text()
    mark = claim.select_one("button.claim-mark")
    tip = page.select_one(f"#{mark['aria-describedby']}")
    assert tip.get_text(" ", strip=True) == "Checked by test_sum in tests/test_fixture_claims.py"
    assert page.select_one('link[href$="course-engine/engine.css"]') and page.select_one(
        'script[src$="claims.js"]'
    )
    index = json.loads((fixture_site / "search/search_index.json").read_text())
    assert "test_sum" not in json.dumps(index), "the marks' tooltips stay out of search results"


def test_the_build_report_lists_the_ledger_per_page_with_totals(fixture_site):
    report = soup(fixture_site, "build-report/index.html")
    assert report.select_one(".ledger-summary").get_text() == "3 claims on 2 pages, asserted by 2 tests."
    rows = {
        tr.select_one("td a.ledger-claim").get_text(): [
            td.get_text(" ", strip=True) for td in tr.find_all("td")
        ]
        for tr in report.select("table.ledger tbody tr")
    }
    assert set(rows) == {"sum-is-three", "last-is-four", "greeting-names-the-course"}
    assert rows["last-is-four"][1] == "The last value is 4"
    assert "test_last_and_greeting" in rows["last-is-four"][2].replace("_ ", "_")  # its <wbr> break points
    summaries = [p.get_text() for p in report.select(".ledger-page-summary")]
    assert summaries == ["docs/index.md: 1 claim, 1 test.", "docs/lesson.md: 2 claims, 2 tests."]
    assert [a["href"] for a in report.select("h3.ledger-page a")] == ["../", "../lesson/"]


def test_the_report_works_without_directory_urls_and_an_uncached_build_leaves_no_temporary_folder(tmp_path):
    project = copy_fixture(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("use_directory_urls: true", "use_directory_urls: false"))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    result = build(project, tmp_path / "site", SNIPPET_CACHE="off", TMPDIR=str(temporary))
    assert result.returncode == 0, result.stderr
    report = (tmp_path / "site/build-report.html").read_text()
    assert "<!-- build-report" not in report and "3 claims on 2 pages" in report
    assert 'href="lesson.html"' in report
    assert list(temporary.iterdir()) == [], "the uncached build's notebook folders are removed"
    assert not (project / ".cache").exists(), "SNIPPET_CACHE=off writes no cache"


def executed(site: Path) -> list[str]:
    """The snippets the build report says ran in that build (not served from the cache)."""
    rows = soup(site, "build-report/index.html").select("table.report-blocks tbody tr")
    assert rows, "the build report lists the blocks"
    return sorted(
        {
            row.select_one("td[data-label=snippet]").get_text()
            for row in rows
            if row.select_one("td.report-status").get_text().startswith("ran in this build")
        }
    )


def test_only_what_changed_runs(tmp_path):
    project = copy_fixture(tmp_path / "project")
    own_cache = {"SNIPPET_CACHE_DIR": str(tmp_path / "cache")}
    cold = build(project, tmp_path / "cold", **own_cache)
    assert cold.returncode == 0, cold.stderr
    assert executed(tmp_path / "cold") == sorted(set(LESSON_PATHS)), "a cold build runs every file once"

    warm = build(project, tmp_path / "warm", **own_cache)
    assert warm.returncode == 0, warm.stderr
    assert executed(tmp_path / "warm") == [], "nothing changed, nothing runs"

    (project / "docs/lesson.md").write_text((project / "docs/lesson.md").read_text() + "\nMore prose.\n")
    prose = build(project, tmp_path / "prose", **own_cache)
    assert prose.returncode == 0, prose.stderr
    assert executed(tmp_path / "prose") == [], "a prose edit runs no snippet"

    snippet = project / "snippets/fixture/squares.py"
    snippet.write_text(snippet.read_text().replace("range(5)", "range(6)"))
    edited = build(project, tmp_path / "edited", **own_cache)
    assert edited.returncode == 0, edited.stderr
    assert executed(tmp_path / "edited") == ["snippets/fixture/squares.py"]
    assert "squares: [0, 1, 4, 9, 16, 25]" in (tmp_path / "edited/notebooks/lesson/index.html").read_text()


def in_process_build(project: Path, site: Path) -> None:
    mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))


def test_a_rebuild_in_the_same_process_shows_the_edited_snippet_on_page_and_notebook(tmp_path, monkeypatch):
    """What `mkdocs serve` does on a change: rebuild in the same interpreter."""
    project = copy_fixture(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("SNIPPET_CACHE_DIR", str(tmp_path / "cache"))
    in_process_build(project, tmp_path / "site")
    assert "counts: 1 2 3" in (tmp_path / "site/lesson/index.html").read_text()
    counts = project / "snippets/fixture/counts.py"
    counts.write_text(counts.read_text().replace("counts: 1 2 3", "edited counts: 1 2 3 4"))
    in_process_build(project, tmp_path / "site")
    for page in ("lesson/index.html", "notebooks/lesson/index.html"):
        html = (tmp_path / "site" / page).read_text()
        assert "edited counts: 1 2 3 4" in html and "<pre>counts: 1 2 3" not in html, page


def test_a_failed_notebook_render_in_a_worker_fails_the_build_naming_the_page(tmp_path, monkeypatch, caplog):
    project = copy_fixture(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("SNIPPET_CACHE_DIR", str(tmp_path / "cache"))

    real_submit = plugin.NotebookRenderer.submit

    def submit_unreadable(self, path, jupyter_config):  # the worker is handed a notebook it cannot read
        broken = Path(path).with_name("broken.ipynb")
        broken.write_text("not a notebook")
        real_submit(self, str(broken), jupyter_config)
        self._pending[path] = self._pending.pop(str(broken))

    # (MkDocs keeps one plugin instance per process, as under `serve`: patch the class.)
    monkeypatch.setattr(plugin.NotebookRenderer, "submit", submit_unreadable)
    with pytest.raises(Abort, match="warning"):
        in_process_build(project, tmp_path / "site")
    assert "lesson.md: rendering its notebook notebooks/lesson.ipynb failed" in caplog.text


def test_an_engine_edit_under_serve_asks_for_a_restart(tmp_path, monkeypatch, caplog):
    project = copy_fixture(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("SNIPPET_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setitem(keys._LOADED, "runner.py", "the code loaded before an edit")
    with pytest.raises(Abort):
        in_process_build(project, tmp_path / "site")
    assert "engine code changed since this process started (engine/runner.py)" in caplog.text
    assert "restart `mkdocs serve`" in caplog.text


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def test_under_serve_a_notebook_never_shows_outputs_the_edited_code_would_not_print(tmp_path):
    project = copy_fixture(tmp_path / "project")
    port = free_port()
    env = {**os.environ, "SNIPPET_CACHE_DIR": str(tmp_path / "cache"), "NO_MKDOCS_2_WARNING": "1"}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while "counts: 1 2 3" not in _get(base + "notebooks/lesson/") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "counts: 1 2 3" in _get(base + "notebooks/lesson/"), "the first build serves the notebook"
        counts = project / "snippets/fixture/counts.py"
        counts.write_text(counts.read_text().replace("counts: 1 2 3", "edited counts: 4 5 6"))
        seen_notice = False
        while time.monotonic() < deadline:
            lesson = _get(base + "lesson/")
            notebook = _get(base + "notebooks/lesson/")
            if "edited counts: 4 5 6" in lesson:
                assert "counts: 1 2 3" not in notebook, (
                    "the lesson is rebuilt: the old notebook is never served"
                )
                seen_notice |= "This notebook is being rendered" in notebook
                if "edited counts: 4 5 6" in notebook:
                    break
            time.sleep(0.1)
        assert "edited counts: 4 5 6" in _get(base + "notebooks/lesson/"), "the notebook follows by itself"
        assert seen_notice, "meanwhile the notebook page says it is being rendered"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_a_lesson_in_a_sub_folder_gets_its_notebook_page(tmp_path):
    project = copy_fixture(tmp_path / "project")
    (project / "docs/part").mkdir()
    (project / "docs/part/more.md").write_text("# More\n\n```snippet\nsnippets/fixture/counts.py\n```\n")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      - The lesson: lesson.md\n", "      - The lesson: lesson.md\n      - More: part/more.md\n"
        )
    )
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/notebooks/part/more/index.html").read_text()
    assert "counts: 1 2 3" in page and "jp-Cell" in page, "rendered by mkdocs-jupyter, outputs included"


def test_a_warm_build_reuses_every_page_render_and_changes_nothing(tmp_path):
    project = copy_fixture(tmp_path / "project")
    cache = {"SNIPPET_CACHE_DIR": str(tmp_path / "cache")}
    cold = build(project, tmp_path / "cold", **cache)
    warm = build(project, tmp_path / "warm", **cache)
    assert cold.returncode == 0 and warm.returncode == 0, cold.stderr + warm.stderr
    assert "course-engine: 3 pages rendered, 0 from the cache" in cold.stderr
    assert "course-engine: 0 pages rendered, 3 from the cache" in warm.stderr
    files = sorted(p.relative_to(tmp_path / "cold") for p in (tmp_path / "cold").rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(tmp_path / "warm") for p in (tmp_path / "warm").rglob("*") if p.is_file()
    )
    changed = [
        str(p) for p in files if (tmp_path / "cold" / p).read_bytes() != (tmp_path / "warm" / p).read_bytes()
    ]
    assert changed == ["build-report/index.html"], "only the report, which says the runs were cached"


def test_a_cached_render_follows_what_it_depends_on(tmp_path):
    project = copy_fixture(tmp_path / "project")
    cache = {"SNIPPET_CACHE_DIR": str(tmp_path / "cache")}
    assert build(project, tmp_path / "site", **cache).returncode == 0
    tests = project / "tests/test_fixture_claims.py"
    tests.write_text(tests.read_text().replace("def test_sum(run):", "def test_the_sum(run):"))
    counts = project / "snippets/fixture/counts.py"
    counts.write_text(counts.read_text().replace("counts: 1 2 3", "counts: 7 8 9"))
    result = build(project, tmp_path / "site", **cache)
    assert result.returncode == 0, result.stderr
    lesson = (tmp_path / "site/lesson/index.html").read_text()
    assert "test_the_sum" in lesson and "test_sum<" not in lesson, "the claim mark names the renamed test"
    assert "counts: 7 8 9" in lesson, "and the edited snippet's output"


def test_a_page_whose_render_warned_is_not_kept(tmp_path):
    project = copy_fixture(tmp_path / "project")
    cache = {"SNIPPET_CACHE_DIR": str(tmp_path / "cache")}
    index = project / "docs/index.md"
    index.write_text(index.read_text() + "\n[Nowhere](no-such-page.md).\n")
    for _ in range(2):
        result = build(project, tmp_path / "site", **cache)
        assert result.returncode != 0 and "no-such-page.md" in result.stderr, "the warning shows every time"


def test_a_notebook_page_has_its_own_title_and_label_and_the_download_under_its_heading(fixture_site):
    lesson, notebook = (
        soup(fixture_site, "lesson/index.html"),
        soup(fixture_site, "notebooks/lesson/index.html"),
    )
    assert lesson.title.get_text() != notebook.title.get_text()
    assert notebook.title.get_text().startswith("The lesson (notebook)")
    labels = [a.get_text(" ", strip=True) for a in lesson.select("nav.md-nav--primary a.md-nav__link")]
    assert "The lesson (notebook)" in labels and "The lesson" in labels
    article = notebook.select_one("article")
    heading, button = article.find("h1"), article.find("a", attrs={"download": True})
    assert heading is not None and button is not None
    assert heading in button.find_all_previous("h1"), "the download button comes after the heading"


def test_the_build_report_links_titles_and_names_the_run_of_a_cached_block(tmp_path):
    project = copy_fixture(tmp_path / "project")
    cache = {"SNIPPET_CACHE_DIR": str(tmp_path / "cache")}
    for site in ("cold", "warm"):
        assert build(project, tmp_path / site, **cache).returncode == 0
    cold = soup(tmp_path / "cold", "build-report/index.html").select("table.report-blocks tbody tr")
    warm = soup(tmp_path / "warm", "build-report/index.html").select("table.report-blocks tbody tr")
    assert [r.select_one("td[data-label=page] a").get_text() for r in warm][:1] == ["The lesson"]
    for before, after in zip(cold, warm, strict=True):
        assert after.select_one("td.report-status").get_text().startswith("cached ")
        assert before.select_one(".report-run").get_text() == after.select_one(".report-run").get_text()
        assert (
            before.select_one(".report-seconds").get_text() == after.select_one(".report-seconds").get_text()
        )
    assert "snippets/<wbr/>fixture/<wbr/>" in str(warm[0]) or "snippets/<wbr>fixture/<wbr>" in str(warm[0])


def test_a_lesson_shows_its_reading_time_from_its_own_words(tmp_path):
    project = copy_fixture(tmp_path / "project")
    assert build(project, tmp_path / "short").returncode == 0
    short = soup(tmp_path / "short", "lesson/index.html").select_one("p.reading-time").get_text()
    assert short == "About 1 minute to read."
    lesson = project / "docs/lesson.md"
    lesson.write_text(lesson.read_text() + "\n" + "More words to read. " * 150 + "\n")
    assert build(project, tmp_path / "long").returncode == 0
    long = soup(tmp_path / "long", "lesson/index.html").select_one("p.reading-time").get_text()
    assert long == "About 4 minutes to read.", "600 more words: three minutes more"
    assert soup(tmp_path / "long", "index.html").select_one("p.reading-time") is None, "lessons only"


def test_the_lesson_tools_link_the_notebook_and_stay_out_of_search(fixture_site):
    page = soup(fixture_site, "lesson/index.html")
    tools = page.select_one("div.lesson-tools")
    assert [a["href"] for a in tools.find_all("a")] == [
        "../notebooks/lesson/",
        "../notebooks/lesson/lesson.ipynb",
    ]
    index = (fixture_site / "search/search_index.json").read_text()
    assert "Open as a notebook" not in index and "to read." not in index and "Download notebook" not in index
