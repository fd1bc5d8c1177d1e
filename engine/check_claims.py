"""Check the claim ledger without building the site: ``python -m engine.check_claims [page.md ...]``.

It converts each page with the same claims extension the build uses (snippet
fences are left as code, nothing runs), reads the tests statically, and prints
every fault the build would report, then each page's claims and their tests.
Exit status 1 when there is a fault. Handy while writing a lesson; the build
(``mkdocs build --strict``) makes the same checks on every build.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from markdown import Markdown

from engine.claim_tests import read_claim_tests
from engine.claims import ClaimRecorder, ClaimsExtension, leftover_markers, page_id
from engine.ledger import PageClaims, ledger_problems

# What shapes a page's prose; the snippet and mermaid fences stay plain code here.
_EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.arithmatex",
]


def page_claims(docs: Path, path: Path, recorder: ClaimRecorder) -> PageClaims:
    """Convert one page and return what it marked."""
    src_uri = path.relative_to(docs).as_posix()
    recorder.start_page(page_id(src_uri))
    markdown = Markdown(
        extensions=[*_EXTENSIONS, ClaimsExtension(recorder)],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    source = path.read_text(encoding="utf-8")
    output = markdown.convert(source)
    return PageClaims(f"docs/{src_uri}", source, recorder.in_page_order(output), leftover_markers(output))


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml, leaving its special tags (!ENV, !!python/name) unresolved."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def plugin_settings(config_file: Path) -> dict[str, Any]:
    """The course-engine plugin's settings in ``config_file`` (empty if it names none)."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "course-engine" in entry:
            return dict(entry["course-engine"] or {})
    return {}


def main(argv: list[str]) -> int:
    """Print the ledger of the pages in ``argv`` (all pages if empty); 1 if there is a fault."""
    root = Path.cwd()
    docs = root / "docs"
    settings = plugin_settings(root / "mkdocs.yml")
    tests = read_claim_tests(
        root / settings.get("tests_dir", "tests"),
        root,
        course_modules=settings.get("course_modules", ("snippets", "engine")),
        course_fixtures=settings.get("course_fixtures", ("run",)),
    )
    recorder = ClaimRecorder(tests_for=tests.tests_for)
    all_pages = sorted(docs.rglob("*.md"))
    pages = {p.relative_to(docs).as_posix(): page_claims(docs, p, recorder) for p in all_pages}
    problems = ledger_problems(pages, tests)
    wanted = {Path(a).resolve() for a in argv}
    shown = [p for p in all_pages if not wanted or p.resolve() in wanted]
    for path in shown:
        page = pages[path.relative_to(docs).as_posix()]
        print(f"{page.src_path}: {len(page.claims)} claims")
        for claim in page.claims:
            names = ", ".join(ref.name for ref in tests.tests_for(claim.full_id)) or "NO TEST"
            print(f"  {claim.id}: {' '.join(claim.text.split())[:70]}  <- {names}")
    if wanted:
        prefixes = tuple(f"docs/{p.relative_to(docs).as_posix()}" for p in shown)
        problems = [p for p in problems if p.startswith(prefixes) or not p.startswith("docs/")]
    for problem in problems:
        print(f"FAULT {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
