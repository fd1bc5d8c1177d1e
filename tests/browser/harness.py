"""Constants and the per-page report shared by the browser tests and their fixtures."""

from __future__ import annotations

import json

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
