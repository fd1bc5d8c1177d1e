"""Constants and the per-page report shared by the browser tests and their fixtures."""

from __future__ import annotations

import json
from collections.abc import Callable

from sitebuild import ROOT, SESSION_DIR

SCREENSHOTS = ROOT / "tests/output/screenshots"
AXE = ROOT / "node_modules/axe-core/axe.min.js"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Flags that keep Chromium from phoning home on a closed network.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# Per-page figures printed at the end of the run (see pytest_terminal_summary). Each row is a
# file in the session folder, so that the rows of every pytest-xdist worker reach the summary.
REPORT_DIR = SESSION_DIR / "page-report"


def record_page(page: str, row: dict[str, int]) -> None:
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    (REPORT_DIR / f"{page.replace('/', '-')}.json").write_text(json.dumps({"page": page, **row}))


def page_report() -> dict[str, dict[str, int]]:
    rows = [json.loads(path.read_text()) for path in sorted(REPORT_DIR.glob("*.json"))]
    return {row.pop("page"): row for row in rows}


def walk_controls_by_keyboard(page, ids: list[str], check: Callable[[str, str], None], before: int) -> None:
    """Tab forwards from the link before an explorer, with the page at its top; then Shift+Tab
    backwards from the heading link after it, with the page at its end. Every control in
    ``ids`` must be reached each way (``before``: stops such as links and claim marks that
    come first), and ``check(control, key)`` runs as each is focused."""
    for key, start, scroll in (
        ("Tab", "article p a", "0"),
        ("Shift+Tab", ".explorer ~ h2 a.headerlink", "document.documentElement.scrollHeight"),
    ):
        page.evaluate(
            "([start, scroll]) => { window.scrollTo(0, eval(scroll));"
            " document.querySelector(start).focus({preventScroll: true}); }",
            [start, scroll],
        )
        reached = set()
        for _ in range(len(ids) + before):
            page.keyboard.press(key)
            focused = page.evaluate("document.activeElement.id")
            if focused in ids:
                reached.add(focused)
                check(focused, key)
        assert reached == set(ids), (key, set(ids) - reached)


def scroll_to_each_control(page, ids: list[str], check: Callable[[str, str], None]) -> None:
    """Scroll each control to the top of the window (scrollIntoView's default) and to its
    middle, from the page's top; ``check(control, block)`` runs after each scroll."""
    for block in ("start", "center"):
        for control in ids:
            page.evaluate(
                "([id, block]) => { window.scrollTo(0, 0);"
                " document.getElementById(id).scrollIntoView({block}); }",
                [control, block],
            )
            check(control, block)
