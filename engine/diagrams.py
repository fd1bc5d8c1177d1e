"""Draw the pages' Mermaid diagrams at build time, as inline SVG, cached by source and Mermaid version.

A ```` ```mermaid ```` fence reaches the page as ``<pre class="mermaid"><code>…</code></pre>``.
``DiagramRenderer.render_in`` replaces each by the SVG that the project's pinned
Mermaid draws in headless Chromium (Playwright), so readers download no diagram
library (Mermaid's bundle is 3.6 MB) and see the diagram at first paint. Its
colours become CSS custom properties (light fallbacks; figures.css sets the dark
ones), like the snippets' figures. Chromium starts only when a diagram is not in
the cache.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from engine.cache import SnippetCache
from engine.figures import MIN_TEXT_PX
from engine.style import DIAGRAM_COLOURS

_FENCE = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)
FONT_PX = 16  # the labels' size (SETTINGS below)
# A diagram shrinks with its column until its labels are MIN_TEXT_PX, the figures' rule.
MIN_SCALE = MIN_TEXT_PX / FONT_PX
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")

# Mermaid's "base" theme, given the light colours; each is then a custom property (to_variables).
SETTINGS: dict[str, Any] = {
    "startOnLoad": False,
    "theme": "base",
    "securityLevel": "strict",
    "themeVariables": {
        "primaryColor": DIAGRAM_COLOURS["--diagram-fill"][0],
        "primaryBorderColor": DIAGRAM_COLOURS["--diagram-border"][0],
        "primaryTextColor": DIAGRAM_COLOURS["--diagram-text"][0],
        "lineColor": DIAGRAM_COLOURS["--diagram-line"][0],
        "edgeLabelBackground": DIAGRAM_COLOURS["--diagram-paper"][0],
        # Every other colour a flowchart can use, so that none is derived from these.
        **{
            name: DIAGRAM_COLOURS["--diagram-fill"][0]
            for name in ("secondaryColor", "tertiaryColor", "mainBkg", "clusterBkg", "nodeBkg")
        },
        **{
            name: DIAGRAM_COLOURS["--diagram-text"][0]
            for name in (
                "textColor",
                "secondaryTextColor",
                "tertiaryTextColor",
                "nodeTextColor",
                "titleColor",
            )
        },
        **{
            name: DIAGRAM_COLOURS["--diagram-border"][0]
            for name in ("secondaryBorderColor", "tertiaryBorderColor", "nodeBorder", "clusterBorder")
        },
        "fontFamily": "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif",
        "fontSize": f"{FONT_PX}px",
    },
    # Labels as SVG text, not HTML in a foreignObject (which clips a reader's wider font).
    "htmlLabels": False,
    # Nodes side by side 30 px apart, not 50, so that a branching map fits a phone at 9 px.
    "flowchart": {"htmlLabels": False, "useMaxWidth": True, "nodeSpacing": 30},
}


class DiagramError(ValueError):
    """A diagram Mermaid cannot draw, or no Mermaid or browser to draw it with."""


class DiagramRenderer:
    """Mermaid sources in, inline SVG out; ``cache`` (optional) keeps each drawing."""

    def __init__(self, project_root: Path, cache: SnippetCache | None = None) -> None:
        self.cache = cache
        self.script = project_root / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
        package = project_root / "node_modules" / "mermaid" / "package.json"
        self.version = json.loads(package.read_text(encoding="utf-8"))["version"] if package.is_file() else ""
        self._browser: Any = None
        self._playwright: Any = None
        self._thread: ThreadPoolExecutor | None = None

    def render_in(self, page_html: str) -> str:
        """``page_html`` with every Mermaid fence drawn; DiagramError names the first that fails."""
        return _FENCE.sub(lambda match: self.svg(html.unescape(match.group(1))), page_html)

    def svg(self, source: str) -> str:
        """One diagram as a ``<div class="diagram">`` holding its SVG."""
        key = hashlib.sha256(
            f"mermaid {self.version} {json.dumps(SETTINGS, sort_keys=True)}\n{source}".encode()
        ).hexdigest()
        drawn = self.cache.get(key) if self.cache else None
        if drawn is None:
            drawn = _to_variables(self._draw(source, f"diagram-{key[:10]}"))
            drawn = re.sub(r' data-points="[^"]*"', "", drawn)  # the edges' points, for Mermaid's own scripts
            if self.cache:
                self.cache.put(key, drawn)
        # Shrunk with the column down to MIN_SCALE of its size (its labels stay >= MIN_TEXT_PX),
        # then it scrolls sideways instead, in a box keyboard users can reach too.
        width = float(re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', drawn).group(1))  # type: ignore[union-attr]
        drawn = re.sub(
            r'style="max-width: [\d.]+px;"',
            f'style="max-width:{width:.0f}px;min-width:{math.ceil(MIN_SCALE * width)}px"',
            drawn,
            count=1,
        )
        return f'<div class="diagram" tabindex="0" role="group" aria-label="diagram">{drawn}</div>'

    def _draw(self, source: str, diagram_id: str) -> str:
        if not self.version:
            raise DiagramError(
                "Mermaid is not installed: run `npm ci` (./dev serve and ./dev test do it for you)"
            )
        # Playwright's sync API refuses a thread with a running event loop (a test session that
        # drives a browser itself has one), so the browser lives in a thread of its own.
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mermaid")
        return self._thread.submit(self._draw_in_browser, source, diagram_id).result()

    def _draw_in_browser(self, source: str, diagram_id: str) -> str:
        page = self._page()
        try:
            svg: str = page.evaluate(
                "async ([id, source]) => (await mermaid.render(id, source)).svg", [diagram_id, source]
            )
        except Exception as error:  # Playwright reports Mermaid's parse errors as its own Error
            raise DiagramError(f"Mermaid cannot draw the diagram {source.strip()[:80]!r}: {error}") from error
        return svg

    def _page(self) -> Any:
        if self._browser is None:
            from playwright.sync_api import sync_playwright  # only when a diagram is not cached

            executable = browser_executable()
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(executable_path=executable)
            self._tab = self._browser.new_page()
            self._tab.set_content("<!doctype html><html><body></body></html>")
            self._tab.add_script_tag(path=str(self.script))
            self._tab.evaluate("settings => mermaid.initialize(settings)", SETTINGS)
        return self._tab

    def close(self) -> None:
        """Stop the browser, if a diagram needed it."""
        if self._thread is None:
            return
        if self._browser is not None:
            self._thread.submit(self._stop_browser).result()
        self._thread.shutdown()
        self._thread = None

    def _stop_browser(self) -> None:
        self._browser.close()
        self._playwright.stop()
        self._browser = self._playwright = None


def browser_executable() -> str | None:
    """Debian's Chromium (or $CHROMIUM) if there is one; None lets Playwright use its own build."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        found = name and shutil.which(name)
        if found:
            return found
    return None


def _to_variables(svg: str) -> str:
    """Each theme colour of a drawn diagram as ``var(--diagram-..., #light)``."""
    by_light = {light.lower(): name for name, (light, _) in DIAGRAM_COLOURS.items()}

    def replace(match: re.Match[str]) -> str:
        colour = match.group(0).lower()
        return f"var({by_light[colour]},{colour})" if colour in by_light else match.group(0)

    return _HEX.sub(replace, svg)
