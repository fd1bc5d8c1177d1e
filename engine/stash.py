"""Heavy markup kept out of a page until it is written, then put back.

The search plugin parses every element of every page. Two kinds of markup cost
it most and give it nothing: figures (every SVG element; about half of a warm
build's time) and highlighted code (thousands of one-token ``<span>``s). A
third would only spoil its results: the claims' marks, whose tooltips name
test functions. So the
page carries a placeholder (an HTML comment) while MkDocs and its plugins work
on it, and ``restore`` puts the markup back once the page is finished (the
plugin calls it from ``on_post_page``). Search still gets the code's text, and
the notebook pages carry the same figure placeholders, so nbconvert never
parses the figures either. A placeholder that the stash does not know is an
error, never left in the page.
"""

from __future__ import annotations

import hashlib
import re

_FIGURE = re.compile(r'<figure class="snippet-figure">.*?</figure>', re.S)
_HIGHLIGHTED_CODE = re.compile(r"<pre><span></span><code>(.*?)</code></pre>", re.S)
_TAG = re.compile(r"<[^>]+>")
_PLACEHOLDER = re.compile(r"<!-- snippet-(?:figure|mark|math) ([0-9a-f]{24}) -->")
_CODE_PLACEHOLDER = re.compile(r"<code>[^<]*<!-- snippet-code ([0-9a-f]{24}) --></code>")
# A held formula is followed by its plain reading, for the search index alone (engine/math_render.py);
# the written page needs no copy of it: its aria-label already says it to screen readers.
_MATH_READING = re.compile(r'(<!-- snippet-math [0-9a-f]{24} -->)<span class="math-text" hidden>[^<]*</span>')
# A claim's mark and the word before it: a line may not break between them (a mark alone at
# the start of a line reads as belonging to the next sentence). Found from each mark backwards:
# a regex searching forwards for "a word, then a mark" tried a scan at every character of every
# long unbroken run (the inline search config, URLs), half of a warm build's time.
_MARK = re.compile(r"<!-- snippet-mark [0-9a-f]{24} -->")


def _keep_word_with_mark(page_html: str) -> str:
    """Wrap each mark and the word just before it (no space or tag between) in ``.claim-end``."""
    parts, done = [], 0
    for mark in _MARK.finditer(page_html):
        start = mark.start()
        while start > done and not page_html[start - 1].isspace() and page_html[start - 1] not in "<>":
            start -= 1
        if start < mark.start():  # a mark right after a tag or a space has no word to keep
            kept = page_html[start : mark.end()]
            parts += [page_html[done:start], f'<span class="claim-end">{kept}</span>']
            done = mark.end()
    return "".join(parts) + page_html[done:]


_ANY_PLACEHOLDER = re.compile(r"<!-- snippet-(?:figure|code|mark|math) ([0-9a-f]{24}) -->")


class UnknownPlaceholder(KeyError):
    """A page holds a placeholder whose markup was never stashed (a stale or hand-made comment)."""

    def __str__(self) -> str:
        return (
            f"placeholder {self.args[0]!r} has no stashed markup: "
            "a page or notebook holds a stale '<!-- snippet-... -->' comment"
        )


class Stash:
    """Placeholders and the markup they stand for, for one build."""

    def __init__(self) -> None:
        self._markup: dict[str, str] = {}

    def _put(self, markup: str) -> str:
        key = hashlib.sha256(markup.encode()).hexdigest()[:24]
        self._markup[key] = markup
        return key

    def figure(self, figure_html: str) -> str:
        """A placeholder for one figure's HTML."""
        return f"<!-- snippet-figure {self._put(figure_html)} -->"

    def mark(self, mark_html: str) -> str:
        """A placeholder for a claim's mark (its tooltip names tests: not text for the search index)."""
        return f"<!-- snippet-mark {self._put(mark_html)} -->"

    def math(self, katex_html: str) -> str:
        """A placeholder for a typeset formula (the index gets its plain reading instead)."""
        return f"<!-- snippet-math {self._put(katex_html)} -->"

    def figures_in(self, html_out: str) -> str:
        """``html_out`` with each snippet figure replaced by its placeholder."""
        return _FIGURE.sub(lambda match: self.figure(match.group(0)), html_out)

    def highlighted_code_in(self, page_html: str) -> str:
        """Each highlighted code block's text alone, its markup stashed."""

        def stash(match: re.Match[str]) -> str:
            code = f"<code>{match.group(1)}</code>"
            plain = _TAG.sub("", match.group(1))  # text and entities only, so no "<" is left
            return f"<pre><span></span><code>{plain}<!-- snippet-code {self._put(code)} --></code></pre>"

        return _HIGHLIGHTED_CODE.sub(stash, page_html)

    def restore(self, page_html: str) -> str:
        """Put the figures, code, marks and formulas (not their index readings) back; raise on a stray one."""
        page_html = _MATH_READING.sub(r"\1", page_html)
        page_html = _keep_word_with_mark(page_html)
        page_html = _CODE_PLACEHOLDER.sub(lambda match: self._lookup(match.group(1)), page_html)
        page_html = _PLACEHOLDER.sub(lambda match: self._lookup(match.group(1)), page_html)
        stray = _ANY_PLACEHOLDER.search(page_html)
        if stray:
            raise UnknownPlaceholder(stray.group(1))
        return page_html

    def referenced(self, page_html: str) -> dict[str, str]:
        """The markup that the placeholders in ``page_html`` stand for (to keep with a cached page)."""
        return {key: self._markup[key] for key in _ANY_PLACEHOLDER.findall(page_html) if key in self._markup}

    def knows_all(self, page_html: str) -> bool:
        """Whether every placeholder in ``page_html`` is stashed (in this build)."""
        return all(key in self._markup for key in _ANY_PLACEHOLDER.findall(page_html))

    def adopt(self, markup: dict[str, str]) -> None:
        """Take over markup stashed by an earlier build (a cached page's placeholders)."""
        self._markup.update(markup)

    def _lookup(self, key: str) -> str:
        try:
            return self._markup[key]
        except KeyError:
            raise UnknownPlaceholder(key) from None
