r"""Typeset every formula at build time with the project's pinned KaTeX, cached by formula and version.

pymdownx.arithmatex (``generic: true``) leaves each formula as
``<span class="arithmatex">\\(...\\)</span>`` or ``<div class="arithmatex">\\[...\\]</div>``.
``MathTypesetter.typeset`` replaces its content by KaTeX's HTML, so pages
ship KaTeX's CSS and fonts but none of its JavaScript. Screen readers get the
formula's plain reading as its label (``role="math"``) instead of KaTeX's MathML,
which would add a quarter to the weight of a formula-heavy page. KaTeX runs in Node
(engine/assets/katex-render.cjs), once per page for the formulas not yet cached.
The search index gets a plain-text reading of each formula (engine/math_text.py)
instead of KaTeX's markup, which ``hold`` (the build's stash) keeps out of the page
until it is written.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from engine.cache import SnippetCache
from engine.math_text import tex_to_text

SCRIPT = Path(__file__).parent / "assets" / "katex-render.cjs"
_SCRIPT_HASH = hashlib.sha256(SCRIPT.read_bytes()).hexdigest()[:16]  # its options shape the output
# Only formulas still in their delimiters: a page typeset before (a cached render) is left alone.
# A closing punctuation mark right after an inline formula, and a claim's mark (engine/claims.py)
# that ends the claim there, are captured with it (group 3).
_FORMULA = re.compile(
    r'<(span|div) class="arithmatex">(\s*\\[(\[].*?)</\1>'
    r"((?:[.,;:!?)]+)?(?:<!-- snippet-mark [0-9a-f]{24} -->)?)",
    re.S,
)
# An inline formula whose plain reading is at most this long never breaks across lines: split,
# "power = 1 −" ends one line and "β" starts the next. Longer ones may break after a relation.
SHORT_FORMULA = 24
_DELIMITERS = {"span": (r"\(", r"\)"), "div": (r"\[", r"\]")}


class MathError(ValueError):
    """A formula that KaTeX cannot typeset, or KaTeX that cannot run."""


class MathTypesetter:
    """Formulas in, KaTeX HTML out; ``cache`` (optional) keeps each result by formula and version."""

    def __init__(
        self, project_root: Path, cache: SnippetCache | None = None, hold: Callable[[str], str] = str
    ) -> None:
        self.root = project_root
        self.cache = cache
        self.hold = hold
        package = project_root / "node_modules" / "katex" / "package.json"
        # "" when KaTeX is not installed: only an error once a page has a formula.
        self.version = json.loads(package.read_text(encoding="utf-8"))["version"] if package.is_file() else ""

    def typeset(self, page_html: str) -> str:
        """``page_html`` with every arithmatex formula typeset; MathError names the first bad one."""
        found = [(m.group(1) == "div", _source(m.group(1), m.group(2))) for m in _FORMULA.finditer(page_html)]
        rendered = self.render(found)

        def replace(match: re.Match[str]) -> str:
            display = match.group(1) == "div"
            tex = _source(match.group(1), match.group(2))
            plain = tex_to_text(tex)
            reading = html.escape(plain, quote=True)
            # KaTeX's drawing is hidden from screen readers: they read the formula's plain reading.
            body = self.hold(rendered[(display, tex)]) + f'<span class="math-text" hidden>{reading}</span>'
            if display:  # a wide formula scrolls sideways: keyboard users must reach it too
                div = f'<div class="arithmatex" tabindex="0" role="math" aria-label="{reading}">{body}</div>'
                return div + (match.group(3) or "")
            formula = f'<span class="arithmatex" role="math" aria-label="{reading}">{body}</span>'
            # Browsers may break a line between KaTeX's inline boxes and the text after them,
            # leaving a full stop or a claim's mark alone at the start of a line: keep them together.
            mark = match.group(3)
            if mark or len(plain) <= SHORT_FORMULA:
                return f'<span class="math-nobr">{formula}{mark}</span>'
            return formula

        return _FORMULA.sub(replace, page_html)

    def render(self, formulas: list[tuple[bool, str]]) -> dict[tuple[bool, str], str]:
        """(display, tex) -> KaTeX's HTML, from the cache or one run of KaTeX for the rest."""
        done: dict[tuple[bool, str], str] = {}
        missing = []
        for formula in dict.fromkeys(formulas):
            cached = self.cache.get(self._key(formula)) if self.cache else None
            if cached is None:
                missing.append(formula)
            else:
                done[formula] = cached
        if missing and not self.version:
            raise MathError("KaTeX is not installed: run `npm ci` (./dev serve and ./dev test do it for you)")
        if missing:
            for formula, result in zip(missing, self._run_katex(missing), strict=True):
                if "error" in result:
                    raise MathError(f'KaTeX cannot typeset the formula "{formula[1]}": {result["error"]}')
                done[formula] = result["html"]
                if self.cache:
                    self.cache.put(self._key(formula), done[formula])
        return done

    def _key(self, formula: tuple[bool, str]) -> str:
        display, tex = formula
        identity = f"katex {self.version} {_SCRIPT_HASH} display={display}\n{tex}"
        return hashlib.sha256(identity.encode()).hexdigest()

    def _run_katex(self, formulas: list[tuple[bool, str]]) -> list[dict[str, str]]:
        request = json.dumps([{"tex": tex, "display": display} for display, tex in formulas])
        try:
            done = subprocess.run(
                ["node", str(SCRIPT)],
                input=request,
                capture_output=True,
                text=True,
                cwd=self.root,
                check=True,
            )
        except FileNotFoundError as error:
            raise MathError(
                "Node.js is needed to typeset formulas with KaTeX (`node` was not found)"
            ) from error
        except subprocess.CalledProcessError as error:
            raise MathError(f"KaTeX failed to run: {error.stderr.strip()[-500:]}") from error
        reply = json.loads(done.stdout)
        if reply["version"] != self.version:
            raise MathError(f"node_modules has KaTeX {reply['version']}, package.json says {self.version}")
        results: list[dict[str, str]] = reply["results"]
        return results


def _source(tag: str, content: str) -> str:
    """The TeX inside arithmatex's delimiters, unescaped from HTML."""
    start, end = _DELIMITERS[tag]
    tex = html.unescape(content).strip()
    if tex.startswith(start) and tex.endswith(end):
        tex = tex[len(start) : -len(end)]
    return tex.strip()
