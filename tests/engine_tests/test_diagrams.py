"""Mermaid diagrams drawn at build time (engine/diagrams.py), in headless Chromium."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from sitebuild import ROOT

from engine.cache import SnippetCache
from engine.diagrams import MIN_SCALE, DiagramError, DiagramRenderer
from engine.style import DIAGRAM_COLOURS, figure_css

FLOWCHART = 'flowchart LR\n    A["data"] --> B["likelihood"]\n    B -- "yes" --> C{"done?"}'


@pytest.fixture
def renderer(tmp_path):
    drawing = DiagramRenderer(ROOT, SnippetCache(tmp_path))
    yield drawing
    drawing.close()


def test_a_fence_becomes_one_svg_coloured_by_the_scheme(renderer):
    page = f'<p>before</p><pre class="mermaid"><code>{FLOWCHART.replace(">", "&gt;")}</code></pre>'
    drawn = renderer.render_in(page)
    assert "<pre" not in drawn and drawn.count("<svg") == 1
    assert "<text" in drawn and "foreignObject" not in drawn, "labels are SVG text, not clipped HTML"
    for name, (light, _) in DIAGRAM_COLOURS.items():
        if name != "--diagram-paper":
            assert f"var({name},{light})" in drawn, name
    for _, (_, dark) in DIAGRAM_COLOURS.items():
        assert dark in figure_css(), "the dark scheme sets every diagram colour"
    width = float(re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', drawn).group(1))
    assert f"min-width:{MIN_SCALE * width:.0f}px" in drawn, "shrinks only so far, then scrolls"
    assert 'tabindex="0"' in drawn and "data-points" not in drawn


def test_a_cached_diagram_needs_no_browser(renderer, tmp_path):
    first = renderer.svg(FLOWCHART)
    again = DiagramRenderer(ROOT, SnippetCache(tmp_path))
    again._page = None  # type: ignore[assignment]  # calling it would fail: the cache must answer
    assert again.svg(FLOWCHART) == first


def test_a_diagram_mermaid_cannot_parse_is_named(renderer):
    named = "Mermaid cannot draw the diagram 'flowchart LR\\\\n  A --> --> B'"
    with pytest.raises(DiagramError, match=named):
        renderer.svg("flowchart LR\n  A --> --> B")


def test_it_draws_inside_a_running_event_loop(tmp_path):
    """A test session driving its own browser (or any asyncio program) has a running loop."""

    async def draw() -> str:
        drawing = DiagramRenderer(ROOT, SnippetCache(tmp_path))
        try:
            return drawing.svg(FLOWCHART)
        finally:
            drawing.close()

    # In a thread of its own, since this test session may already run a loop in the main thread.
    with ThreadPoolExecutor(max_workers=1) as thread:
        assert "<svg" in thread.submit(asyncio.run, draw()).result()
