"""The smallest rendered text of every figure and diagram, per page, at a desktop's and a phone's width.

    .venv/bin/python benchmarks/figure_text.py [SITE_DIR] [--json OUT]

Serves a built site (default: site/) on a free localhost port, opens each page of the
navigation in Chromium at 1280x800 and 390x844 and, for every figure
(``figure.snippet-figure svg``) and diagram (``div.diagram > svg``), takes the size its
smallest text is drawn at: the computed font size times the scale of the text's
screen transformation matrix (viewBox scaling and the text's own transforms included).
Prints one table, a row per page and width, and the figures below the targets
(11 px at 1280, 9 px at 390). tests/browser/test_figure_text.py asserts the same targets.
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests/browser"))

from harness import CHROMIUM_ARGS  # noqa: E402
from sitebuild import PAGES, free_port, page_url  # noqa: E402

WIDTHS = {1280: (800, 11.0), 390: (844, 9.0)}

# The same measure as tests/browser/test_figure_text.py (MEASURE there).
MEASURE = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });  // collapsed solutions too
  const drawings = [
    ...[...document.querySelectorAll('figure.snippet-figure svg')].map(s => ['figure', s]),
    ...[...document.querySelectorAll('div.diagram > svg')].map(s => ['diagram', s]),
  ];
  // Each element that holds text itself: a <text>, or a <tspan> inside one (matplotlib's
  // mathtext writes an exponent as a tspan at 0.7 of the size), or HTML in a <foreignObject>.
  const holds = e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  return drawings.map(([kind, svg], index) => {
    let smallest = Infinity, text = '';
    for (const t of svg.querySelectorAll('text, tspan, foreignObject *')) {
      if (!holds(t) || t.getClientRects().length === 0) continue;
      const m = (t.closest('foreignObject') || t).getScreenCTM();
      const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      if (size < smallest) { smallest = size; text = t.textContent.trim(); }
    }
    const box = svg.getBoundingClientRect();
    return {kind, index, label: svg.getAttribute('aria-label') || kind, smallest, text, width: box.width};
  });
}"""


def measure(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for page_name in PAGES:
                for width, (height, _) in WIDTHS.items():
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    page.goto(base + page_url(page_name), wait_until="load")
                    page.wait_for_load_state("networkidle")
                    for found in page.evaluate(MEASURE):
                        rows.append({"page": page_name, "viewport": width, **found})
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


def main() -> None:
    args = sys.argv[1:]
    out = None
    if "--json" in args:
        out = Path(args[args.index("--json") + 1])
        del args[args.index("--json") : args.index("--json") + 2]
    site = Path(args[0]) if args else ROOT / "site"
    rows = measure(site)
    if out:
        out.write_text(json.dumps(rows, indent=1))
    print(f"{'page':<32}{'width':>6}{'drawings':>10}{'min px':>8}  smallest")
    for page_name in PAGES:
        for width in WIDTHS:
            mine = [r for r in rows if r["page"] == page_name and r["viewport"] == width]
            if not mine:
                continue
            low = min(mine, key=lambda r: r["smallest"])
            where = f"{low['kind']} {low['index']}"
            print(f"{page_name:<32}{width:>6}{len(mine):>10}{low['smallest']:>8.1f}  {where}")
    print("\nbelow target (11 px at 1280, 9 px at 390):")
    for r in rows:
        if r["smallest"] < WIDTHS[r["viewport"]][1]:
            print(f"  {r['page']} @{r['viewport']}: {r['kind']} {r['index']} {r['smallest']:.1f} px"
                  f" ({r['label'][:60]!r}, {r['text'][:20]!r}, svg {r['width']:.0f} px wide)")


if __name__ == "__main__":
    main()
