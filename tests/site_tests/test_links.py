"""Every link and anchor of the built site resolves, notebook pages and generated pages included.

MkDocs validates the links it converts from Markdown; this checks the finished
HTML instead, so it also covers what plugins write (notebook pages, the build
report, the claims' marks) and what themes add.
"""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from sitebuild import ROOT, SITE_URL

# Links the site may make to places that are not files of the built site.
ALLOWED_SCHEMES = {"mailto", "data", "javascript"}


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@cache
def _ids(html_file: Path) -> frozenset[str]:
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    return frozenset(element["id"] for element in soup.find_all(id=True)) | frozenset(
        a["name"] for a in soup.find_all("a", attrs={"name": True})
    )


def broken_links(site: Path, page: Path) -> list[str]:
    """The links of one built page whose file or anchor does not exist."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    problems = []
    here = "/" + page.relative_to(site).as_posix()
    for element in soup.find_all(["a", "link", "script", "img", "source", "use"]):
        for attribute in ("href", "src", "xlink:href"):
            target = element.get(attribute)
            if not target:
                continue
            parts = urlsplit(target)
            if parts.scheme in ALLOWED_SCHEMES:
                continue
            if parts.scheme or parts.netloc:
                if not target.startswith(SITE_URL):
                    continue  # a link to another site (none is fetched: the browser tests check that)
                parts = urlsplit("/" + target.removeprefix(SITE_URL))
            path = (
                posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(parts.path)))
                if parts.path
                else here
            )
            file = site / path.lstrip("/")
            if file.is_dir() or parts.path.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                problems.append(f"{target} (no file {file.relative_to(site)})")
                continue
            if parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in _ids(file):
                problems.append(f"{target} (no anchor #{parts.fragment} in {file.relative_to(site)})")
    return problems


def test_the_checker_finds_a_broken_link_and_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<h2 id="here">x</h2><a href="#here">ok</a>')
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="b/">no page</a><a href="a/#gone">no anchor</a>'
        f'<a href="https://example.org/">away</a><a href="{SITE_URL}a/#here">ok</a>'
        f'<a href="{SITE_URL}c/">no</a>'
    )
    assert broken_links(tmp_path, tmp_path / "index.html") == [
        "b/ (no file b/index.html)",
        "a/#gone (no anchor #gone in a/index.html)",
        f"{SITE_URL}c/ (no file c/index.html)",
    ]


@pytest.mark.parametrize("section", ["lessons", "notebooks", "other"])
def test_every_link_and_anchor_of_the_built_site_resolves(built_site, section):
    def kind(page: Path) -> str:
        first = page.relative_to(built_site).parts[0]
        return (
            "notebooks"
            if first == "notebooks"
            else "lessons"
            if (ROOT / "docs" / f"{first}.md").is_file()
            else "other"
        )

    pages = [page for page in _pages(built_site) if kind(page) == section]
    assert pages, section
    broken = {str(p.relative_to(built_site)): found for p in pages if (found := broken_links(built_site, p))}
    assert broken == {}
