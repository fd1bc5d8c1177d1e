"""Constants and the per-page report shared by the browser tests and their fixtures."""

from __future__ import annotations

from sitebuild import ROOT

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

# Per-page figures printed at the end of the run (see pytest_terminal_summary).
PAGE_REPORT: dict[str, dict[str, int]] = {}
