"""The claim ledger: the claims the pages make against the tests that name them.

Four faults break the promise that every claim is checked, and each is a
problem the build reports (so ``mkdocs build --strict`` fails), naming the page,
the claim id and the file:

- a page makes a claim that no test names;
- a test names a claim that no page makes;
- a page uses one claim id twice;
- a claim marker, on a page or in a test, is malformed;

and one more, found while reading the tests (engine/claim_tests.py): a test
that names a claim but exercises none of the course's code.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from engine.break_points import wrappable
from engine.claim_tests import TestLedger
from engine.claims import Claim
from engine.math_text import tex_to_html

# Inline math in a claim's text (as the author wrote it, or as Markdown's placeholders gave it back).
_MATH = re.compile(r"\$[^$]+\$|\\\(.+?\\\)", re.S)
# Inline math or a code span: each is shown whole, never cut.
_WHOLE = re.compile(rf"{_MATH.pattern}|`[^`]+`", re.S)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass
class PageClaims:
    """What one page marked: its claims in page order, and the markers left malformed."""

    src_path: str  # for messages: docs/intervals.md
    source: str  # the page's Markdown, to give line numbers
    claims: list[Claim] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)  # each marker as the author wrote it

    def where(self, text: str, occurrence: int = 0) -> str:
        """``docs/page.md:LINE`` of the ``occurrence``-th appearance of ``text`` (or just the page)."""
        at = -1
        for _ in range(occurrence + 1):
            at = self.source.find(text, at + 1)
            if at == -1:
                return self.src_path
        return f"{self.src_path}:{self.source.count(chr(10), 0, at) + 1}"


def page_problems(page: PageClaims) -> list[str]:
    """Faults visible on one page alone: malformed markers and ids used twice."""
    problems = []
    for index, marker in enumerate(page.malformed):
        problems.append(
            f"{page.where(marker, page.malformed[:index].count(marker))}: malformed claim marker "
            f"{marker!r}: write [the claim's text]{{claim=some-id}}, the id in lower-case words joined "
            "by hyphens, in Markdown (not inside raw HTML)"
        )
    seen: set[str] = set()
    for claim in page.claims:
        if claim.id in seen:
            problems.append(
                f"{page.where('{claim=' + claim.id + '}', 1)}: claim id {claim.full_id!r} is used twice "
                "on the page: give each claim its own id"
            )
        seen.add(claim.id)
    return problems


def ledger_problems(pages: dict[str, PageClaims], tests: TestLedger) -> list[str]:
    """Every fault of the ledger: each page's own, the tests', and the two sides compared."""
    problems = [problem for page in pages.values() for problem in page_problems(page)]
    problems += tests.problems
    made = {claim.full_id: page for page in pages.values() for claim in page.claims}
    for full_id, page in made.items():
        if not tests.tests_for(full_id):
            marker = "{claim=" + full_id.rpartition("/")[2] + "}"
            problems.append(
                f"{page.where(marker)}: claim {full_id!r} has no test: add "
                f'@pytest.mark.claim("{full_id}") to a test that asserts it'
            )
    for full_id, refs in sorted(tests.tests.items()):
        if full_id not in made:
            for ref in refs:
                problems.append(
                    f"{ref.file}:{ref.line}: {ref.name} names claim {full_id!r}, which no page makes "
                    "(a typo, or a claim whose text was removed?)"
                )
    return problems


def shorten(text: str, limit: int = 100) -> str:
    """A claim's text as HTML for a table, cut after ``limit`` chars, each formula kept whole.

    A formula shows as its plain reading (``p̂ = 7/40``, scripts as <sub> and <sup>): typeset by
    KaTeX, the ledger's 600-odd formulas would weigh half a megabyte.
    """
    out: list[str] = []
    length, at = 0, 0
    pieces = []
    for match in _WHOLE.finditer(text):
        kind = "code" if match.group().startswith("`") else "math"
        pieces += [("text", text[at : match.start()]), (kind, match.group())]
        at = match.end()
    pieces.append(("text", text[at:]))
    for kind, piece in pieces:
        if kind in ("math", "code"):
            if length >= limit:
                out.append(" …")
                break
            if kind == "code":
                out.append(f"<code>{html.escape(piece.strip('`'))}</code>")
            else:
                inner = piece[1:-1] if piece.startswith("$") else piece[2:-2]
                out.append(f'<span class="ledger-math">{tex_to_html(inner)}</span>')
            length += len(piece)
            continue
        plain = re.sub(r"[*`]|<[^>]+>", "", _LINK.sub(r"\1", piece))  # emphasis and raw HTML tags go
        words = re.split(r"(\s+)", plain)
        for word in words:
            if length >= limit and word.strip():
                out.append("…")
                return re.sub(r"\s+", " ", "".join(out)).strip()
            out.append(html.escape(word))
            length += len(word)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def report_html(
    pages: dict[str, PageClaims], tests: TestLedger, page_links: dict[str, tuple[str, str]]
) -> str:
    """The ledger as HTML for the build report: per page, each claim, its text and its tests.

    ``page_links`` gives each page's title and its link from the report.
    """
    total_claims = sum(len(page.claims) for page in pages.values())
    total_tests = len({ref for refs in tests.tests.values() for ref in refs})
    parts = [
        f'<p class="ledger-summary">{_plural(total_claims, "claim")} on '
        f"{_plural(sum(1 for p in pages.values() if p.claims), 'page')}, "
        f"asserted by {_plural(total_tests, 'test')}.</p>"
    ]
    for src_uri, page in sorted(pages.items()):
        if not page.claims:
            continue
        page_tests = {ref for claim in page.claims for ref in tests.tests_for(claim.full_id)}
        title, link = page_links.get(src_uri, (page.src_path, ""))
        heading = f'<a href="{html.escape(link)}">{html.escape(title)}</a>' if link else html.escape(title)
        rows = "".join(
            "<tr>"
            f'<td><a class="ledger-claim" href="{html.escape(link)}#claim-{claim.id}">{claim.id}</a></td>'
            f"<td>{shorten(claim.text)}</td>"
            "<td>"
            + "<br>".join(
                f"<code>{wrappable(r.name)}</code> <span class='ledger-file'>{wrappable(r.file)}</span>"
                for r in tests.tests_for(claim.full_id)
            )
            + "</td></tr>"
            for claim in page.claims
        )
        parts.append(
            f'<h3 class="ledger-page">{heading}</h3>'
            f'<p class="ledger-page-summary">{page.src_path}: {_plural(len(page.claims), "claim")}, '
            f"{_plural(len(page_tests), 'test')}.</p>"
            '<div class="md-typeset__scrollwrap" tabindex="0"><div class="md-typeset__table">'
            '<table class="ledger">'
            "<thead><tr><th>claim</th><th>what the page says</th><th>asserted by</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div></div>"
        )
    return "".join(parts)
