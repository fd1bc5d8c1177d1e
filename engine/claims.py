"""Claims in the prose: the Markdown that marks one, and the mark a reader sees.

An author marks a sentence (or a phrase) that a test asserts by putting it in
square brackets followed by ``{claim=<id>}``::

    The simulated share falls [inside the 99% band]{claim=false-positives-in-band}.

The id is lower-case words joined by hyphens, unique on its page; the full id is
``<page>/<id>``, where ``<page>`` is the page's path under ``docs/`` without
``.md`` (``intervals/wald-undercovers``, ``explore/ab-test/exact-p-value``).
The bracketed text renders as it would without the marker (math, links and
emphasis inside it work), followed by a small check mark that shows, on hover,
focus or tap, which tests assert the claim. A test names the claims it asserts
with ``@pytest.mark.claim("<page>/<id>")`` (engine/claim_tests.py), and the
build compares the two sides (engine/ledger.py).

This module knows nothing of MkDocs: a ``ClaimRecorder`` collects what one
Markdown conversion marked, so the build, a test or a script can read the same
record from the same parser.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor

CLAIM_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# What follows the closing bracket of a claim; anything else starting "{claim" is malformed.
_MARKER = re.compile(r"\{claim=([^}\s]*)\}")
_MARKER_START = "{claim"
# Runs after code spans (190) and math (arithmatex, 189.9), so a marker inside code is not a
# claim, and before escapes, links and emphasis (180 and below), which then work inside a claim.
PRIORITY = 185


@dataclass(frozen=True)
class TestRef:
    """One test that names a claim: ``tests/test_x.py::test_name`` at a line."""

    __test__ = False  # not a pytest test class, despite its name

    file: str
    name: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}::{self.name}"


@dataclass(frozen=True)
class Claim:
    """One marked claim on a page, in page order."""

    page: str  # the page's id: its path under docs/ without .md
    id: str
    text: str  # the bracketed text as Markdown (code and math as their text, math as \(...\))

    @property
    def full_id(self) -> str:
        """``<page>/<id>``, as tests name it."""
        return f"{self.page}/{self.id}"


@dataclass
class ClaimRecorder:
    """What the claims extension saw on the page being converted.

    ``tests_for`` names the tests of a claim (by full id) for its reader mark;
    the build sets it from the tests it read, a script may leave it empty.
    ``hold`` wraps each mark's HTML before it goes into the page.
    """

    tests_for: Callable[[str], list[TestRef]] = lambda _full_id: []
    hold: Callable[[str], str] = lambda markup: markup  # how a mark goes into the page (e.g. a placeholder)
    page: str = "?"
    claims: list[Claim] = field(default_factory=list)

    def start_page(self, page: str) -> None:
        """Forget the previous page: what follows belongs to ``page``."""
        self.page = page
        self.claims = []

    def in_page_order(self, page_html: str) -> list[Claim]:
        """The claims in the order the page shows them (Markdown converts inline text out of order)."""
        order = {m.group(1): m.start() for m in reversed(list(_CLAIM_SPAN.finditer(page_html)))}
        return sorted(self.claims, key=lambda claim: order.get(claim.id, len(page_html)))


def page_id(src_uri: str) -> str:
    """``intervals.md`` -> ``intervals``; ``explore/ab-test.md`` -> ``explore/ab-test``."""
    return src_uri.removesuffix(".md")


def _closing_bracket(text: str, start: int) -> int | None:
    """The index of the ``]`` that closes the ``[`` at ``start``, skipping code, math and escapes."""
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char in "`$":  # a code span or inline math: brackets inside do not count
            run = len(text[index:]) - len(text[index:].lstrip(char))
            close = text.find(char * run, index + run)
            if close == -1:
                return None
            index = close + run
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


class _ClaimProcessor(InlineProcessor):
    def __init__(self, md: Markdown, recorder: ClaimRecorder) -> None:
        super().__init__(r"\[", md)
        self.recorder = recorder

    def _as_written(self, text: str) -> str:
        """``text`` with each stashed code span back as `code` (raw HTML stays as it was stashed)."""

        def written(match: re.Match[str]) -> str:
            stashed = self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]
            if not isinstance(stashed, str):
                return ""
            return stashed if "<" in stashed else f"`{html.unescape(stashed)}`"  # a code span's escaped text

        return _STASHED.sub(written, text)

    def handleMatch(  # type: ignore[override]  # (the stubs give InlineProcessor Pattern's signature)
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        close = _closing_bracket(data, m.start())
        if close is None or not data.startswith(_MARKER_START, close + 1):
            return None, None, None  # an ordinary bracket: a link, a footnote, plain text
        marker = _MARKER.match(data, close + 1)
        if marker is None or not CLAIM_ID.fullmatch(marker.group(1)):
            return None, None, None  # left in the page as text, where leftover_markers finds it
        text = data[m.start() + 1 : close]
        # Code and math inside are placeholders by now: record them as their text.
        claim = Claim(self.recorder.page, marker.group(1), self._as_written(self.unescape(text)))
        self.recorder.claims.append(claim)
        span = etree.Element("span", {"class": "claim", "id": f"claim-{claim.id}"})
        # The mark goes in as raw HTML (it is not Markdown); the text is converted as usual.
        mark = mark_html(claim, self.recorder.tests_for(claim.full_id))
        span.text = text + self.md.htmlStash.store(self.recorder.hold(mark))
        return span, m.start(), marker.end()


class ClaimsExtension(Extension):
    """Python-Markdown extension: ``[text]{claim=id}`` marks a claim, recorded in ``recorder``."""

    def __init__(self, recorder: ClaimRecorder | None = None, **kwargs: Any) -> None:
        self.recorder = recorder or ClaimRecorder()
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the claim pattern with ``md``."""
        md.inlinePatterns.register(_ClaimProcessor(md, self.recorder), "claim", PRIORITY)


_CHECK_ICON = (
    '<svg class="claim-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">'
    '<path d="M6.2 11.4 2.8 8l-1.1 1.1 4.5 4.5 8.1-8.1-1.1-1.1z"/></svg>'
)


def mark_html(claim: Claim, tests: list[TestRef]) -> str:
    """The reader's mark: a small button whose tooltip names the tests of ``claim``.

    The tooltip is plain HTML beside the button (no library, works offline);
    CSS shows it on hover and focus, and a click (a tap on a phone) toggles it
    (docs/assets/javascripts/claims.js). Screen readers get the same text as the
    button's description.
    """
    tip_id = f"claim-tests-{claim.id}"
    if tests:
        names = "".join(
            f'<span class="claim-test"><code>{html.escape(test.name)}</code>'
            f" in <code>{html.escape(test.file)}</code></span>"
            for test in tests
        )
        tip = f"Checked by {names}"
        label = "Show the test that checks this claim" if len(tests) == 1 else "Show the tests of this claim"
        state = "claim-checked"
    else:
        tip = f"No test names the claim <code>{html.escape(claim.full_id)}</code> yet"
        label = "This claim has no test yet"
        state = "claim-unchecked"
    return (
        f'<span class="claim-check {state}">'
        f'<button type="button" class="claim-mark" aria-label="{label}" aria-describedby="{tip_id}"'
        f' aria-expanded="false" data-claim="{html.escape(claim.full_id)}">{_CHECK_ICON}</button>'
        f'<span class="claim-tests" id="{tip_id}" role="tooltip">{tip}</span>'
        "</span>"
    )


_STASHED = re.compile(r"\x02wzxhzdk:(\d+)\x03")  # Python-Markdown's placeholder for stashed HTML
_CLAIM_SPAN = re.compile(r'<span class="claim" id="claim-([^"]+)"')
_CODE_OR_PRE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_LEFTOVER = re.compile(r"\{claim[^}\n]{0,40}\}?")


def leftover_markers(page_html: str) -> list[str]:
    """Claim markers the extension did not turn into a claim (outside code): each is malformed.

    A marker with a bad id, with no bracketed text before it, or inside raw HTML
    that Markdown does not convert, is left in the page as text; this finds it
    and returns each as the author wrote it.
    """
    text = html.unescape(_TAG.sub("", _CODE_OR_PRE.sub("", page_html)))
    return [m.group(0) for m in _LEFTOVER.finditer(text)]
