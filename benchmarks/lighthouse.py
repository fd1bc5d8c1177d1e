"""Lighthouse's scores for every page of the site: performance, accessibility, best practices, SEO.

    .venv/bin/python benchmarks/lighthouse.py [--site DIR] [--runs N] [--page PATH ...] [--json DIR]

Builds a throwaway copy of the project (``mkdocs build --strict``, its own empty cache: yours is
neither used nor touched) for the address it is then served at, or takes a site built already
(``--site``; one built for another ``site_url`` scores the same, without instant navigation).
The pages are the navigation's (mkdocs.yml's nav and the notebooks the engine adds), and 404.html.
Serves it on 127.0.0.1 at a free port, as GitHub Pages serves it: text compressed with gzip,
and a missing address answered with the site's 404.html and status 404. Then runs Lighthouse
(pinned in package.json; ``npm ci`` installs it) on every page in turn, one Chromium at a time:
Lighthouse's default mobile form factor and its simulated throttling (a slow 4G network and a
CPU 4 times slower than this one). With ``--runs N`` each page is measured N times and the run
with the median performance score is shown.

Prints one row per page: the four scores, first and largest contentful paint, total blocking
time, cumulative layout shift, bytes transferred, and whether the page meets the targets
(performance >= 95, the other three 100); then, for each page that misses one, where the points
go: the metrics that lost the most, the largest contentful paint's element and the diagnostics
with the largest estimated savings, or the failing audits. Also counts requests to any host but
the local server (there should be none: the site serves everything itself).

A benchmark, not a test: simulated throttling scales the CPU time observed on this machine, so
a loaded or slower machine scores lower (Lighthouse's ``benchmarkIndex``, printed, measures it).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from sitebuild import PAGES, SESSION_DIR, build, copy_project, free_port, page_url  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules/.bin/lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-background-networking --disable-component-update"
    " --disable-sync --disable-quic --no-first-run"
    # Even so, Chromium looks up accounts.google.com, clients2.google.com and update.googleapis.com
    # (strace shows the DNS queries): no name but the local server's address resolves.
    ' --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"'
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = {  # Lighthouse's performance metrics, their short names
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
# Lighthouse refuses to measure a page answered with status 404 ("unable to reliably load the
# page"), so the 404 page is measured at its own address, where the same bytes come with 200.
NOT_FOUND = "404.html"
SHOWN_APART = ("largest-contentful-paint-element", "dom-size", "total-byte-weight")
Report = dict[str, Any]  # a Lighthouse JSON report
Measured = tuple[str, Report, list[int]]  # page, the run shown, every run's performance score
COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files as GitHub Pages serves them: gzip for text, 404.html for a missing address."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.respond(body=True)

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def respond(self, body: bool) -> None:
        url_path = unquote(urlsplit(self.path).path)
        path, status = Path(self.translate_path(self.path)), 200
        if path.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        data, kind = path.read_bytes(), self.guess_type(str(path))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if accepted and kind.startswith(COMPRESSED):
            data = gzip.compress(data, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")  # GitHub Pages' own
        self.end_headers()
        if body:
            self.wfile.write(data)


def lighthouse(url: str) -> Report:
    """One Lighthouse run of one page (its own fresh Chromium), as the JSON report."""
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=" + ",".join(CATEGORIES),
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            "--no-enable-error-reporting",
            "--disable-full-page-screenshot",  # the report's picture; no score uses it
            f"--chrome-path={CHROMIUM}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.startswith("{"):
        sys.exit(f"lighthouse failed on {url} ({result.returncode}):\n{result.stderr[-3000:]}")
    report: Report = json.loads(result.stdout)
    if report.get("runtimeError"):
        sys.exit(f"lighthouse could not measure {url}: {report['runtimeError']}")
    return report


def score(report: Report, category: str) -> int | None:
    value = report["categories"][category]["score"]
    return None if value is None else round(100 * value)


def other_hosts(report: Report, origin: str) -> list[str]:
    """Requests the page made to anything but the local server (data: and blob: URLs are local)."""
    items = report["audits"]["network-requests"].get("details", {}).get("items", [])
    return [item["url"] for item in items if not item["url"].startswith((origin, "data:", "blob:"))]


def errored(report: Report) -> list[str]:
    """Audits Lighthouse could not run (a Chromium it does not understand shows up here)."""
    return [name for name, audit in report["audits"].items() if audit.get("scoreDisplayMode") == "error"]


def where_performance_goes(report: Report) -> list[str]:
    """A few lines: the metrics that lost most points, the LCP element, the largest savings."""
    audits = report["audits"]
    refs = report["categories"]["performance"]["auditRefs"]
    lost = []
    for ref in refs:
        if ref.get("weight"):
            audit = audits[ref["id"]]
            points = ref["weight"] * (1 - (audit["score"] or 0))
            name = METRICS.get(ref["id"], ref["id"])
            if points >= 0.5:
                lost.append((points, f"{name} {audit['displayValue']} -{points:.0f}"))
    lines = ["points lost: " + ", ".join(text for _, text in sorted(lost, reverse=True))]

    lcp = (audits.get("largest-contentful-paint-element", {}).get("details") or {}).get("items", [])
    if lcp:
        node = lcp[0]["items"][0]["node"]
        phases = lcp[1]["items"] if len(lcp) > 1 else []
        where = ", ".join(f"{p['phase']} {p['percent']}" for p in phases if p["percent"] != "0%")
        lines.append(f"LCP element: {node.get('snippet', '')} {node.get('nodeLabel', '')[:50]!r} ({where})")

    savings = []
    for ref in refs:
        audit = audits[ref["id"]]
        if ref.get("weight") or ref.get("group") == "hidden" or ref["id"] in SHOWN_APART:
            continue  # the metrics; Lighthouse 12's insights (repeating the audits); lines of their own
        saved = max((audit.get("metricSavings") or {}).values(), default=0)
        if audit.get("score") is not None and audit["score"] < 0.9 and saved > 0:
            savings.append((saved, audit))
    for saved, audit in sorted(savings, key=lambda s: -s[0])[:3]:
        metrics = "/".join(m for m, v in audit["metricSavings"].items() if v == saved)
        line = f"{audit['title']}: {audit.get('displayValue', '')}"
        if metrics != "CLS":
            line += f" ({metrics} -{saved:,.0f} ms est.)"
        if audit["id"] == "mainthread-work-breakdown":
            items = sorted(audit["details"]["items"], key=lambda i: -i["duration"])[:2]
            line += ": " + ", ".join(f"{i['groupLabel']} {seconds(i['duration'])}" for i in items)
        lines.append(line)

    dom = audits["dom-size"]
    line = f"DOM {dom['displayValue']}"
    if tbt := (dom.get("metricSavings") or {}).get("TBT"):
        line += f" (TBT -{tbt:,.0f} ms est.)"
    weight = audits["total-byte-weight"]
    heaviest = sorted(weight["details"]["items"], key=lambda i: -i["totalBytes"])[:2]
    line += f"; {weight['numericValue'] / 1024:,.0f} KiB transferred, most in " + ", ".join(
        f"{urlsplit(i['url']).path} ({i['totalBytes'] / 1024:,.0f} KiB)" for i in heaviest
    )
    return [*lines, line]


def failing(report: Report, category: str) -> list[str]:
    """The audits of a category that do not pass (the points it loses), each with its first finding."""
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if not ref.get("weight") or audit.get("score") is None or audit["score"] >= 1:
            continue
        items = (audit.get("details") or {}).get("items") or [{}]
        finding = next((v for v in items[0].values() if isinstance(v, str)), "")[:90]
        if isinstance(items[0].get("node"), dict):
            finding = items[0]["node"].get("snippet", "")[:90]
        if isinstance(source := items[0].get("source"), dict) and "url" in source:
            finding += f" ({urlsplit(source['url']).path}, line {source.get('line', 0) + 1})"
        lines.append(f"{ref['id']} ({audit.get('displayValue') or audit['title']}): {finding}")
    return lines


def measure(base: str, paths: list[tuple[str, str]], runs: int) -> list[Measured]:
    """Each page in turn, ``runs`` times; the run with the median performance score, and all runs' scores."""
    results = []
    for name, path in paths:
        runs_of_page = [lighthouse(base + path) for _ in range(runs)]
        reports = sorted(runs_of_page, key=lambda r: score(r, "performance") or 0)
        performance = [score(r, "performance") or 0 for r in reports]
        results.append((name, reports[(len(reports) - 1) // 2], performance))
        print(f"  {name}: performance {performance}", file=sys.stderr, flush=True)
    return results


def seconds(ms: float) -> str:
    return f"{ms / 1000:.1f} s"


def print_table(results: list[Measured], origin: str, runs: int) -> None:
    first = results[0][1]
    indexes = [r["environment"]["benchmarkIndex"] for _, r, _ in results]
    chromium = re.search(r"(Headless)?Chrome/[\d.]+", first["environment"]["hostUserAgent"])
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    print(
        f"machine: {os.cpu_count()} cores; Lighthouse {first['lighthouseVersion']}, "
        f"{chromium[0] if chromium else '?'}, Node {node}; "
        f"benchmarkIndex {min(indexes):.0f}-{max(indexes):.0f}"
    )
    settings = first["configSettings"]
    print(
        f"{settings['formFactor']}, simulated throttling (RTT {settings['throttling']['rttMs']} ms, "
        f"{settings['throttling']['throughputKbps'] / 1024:.1f} Mbit/s, CPU x"
        f"{settings['throttling']['cpuSlowdownMultiplier']}); "
        + (f"median of {runs} runs per page" if runs > 1 else "one run per page")
    )
    header = f"{'page':<29}{'perf':>5}{'a11y':>5}{'bp':>5}{'seo':>5}{'FCP':>8}{'LCP':>8}{'TBT':>10}"
    print(header + f"{'CLS':>6}{'KiB':>7}{'cpu':>6}  targets")
    met_all, outside, failures = 0, {}, []
    for name, report, _ in results:
        audits = report["audits"]
        scores = {c: score(report, c) for c in CATEGORIES}
        misses = [c for c in CATEGORIES if (scores[c] or 0) < TARGETS[c]]
        met_all += not misses
        row = f"{name:<29}" + "".join(f"{'-' if s is None else s:>5}" for s in scores.values())
        row += f"{seconds(audits['first-contentful-paint']['numericValue']):>8}"
        row += f"{seconds(audits['largest-contentful-paint']['numericValue']):>8}"
        row += f"{audits['total-blocking-time']['numericValue']:>7,.0f} ms"
        row += f"{audits['cumulative-layout-shift']['numericValue']:>6.2f}"
        row += f"{audits['total-byte-weight']['numericValue'] / 1024:>7,.0f}"
        row += f"{report['environment']['benchmarkIndex']:>6.0f}"
        print(row + "  " + ("met" if not misses else "NOT MET: " + ", ".join(misses)))
        if hosts := other_hosts(report, origin):
            outside[name] = hosts
        if misses or errored(report):
            failures.append((name, report, scores, misses))
    print(f"pages meeting all four targets: {met_all} of {len(results)}")
    if runs > 1:
        spread = [max(p) - min(p) for _, _, p in results]
        print(
            f"performance spread between the runs of a page: median {statistics.median(spread):.0f}, "
            f"largest {max(spread):.0f} points"
        )
    print(
        "requests to other hosts: "
        + ("none, on every page" if not outside else "; ".join(f"{n}: {h}" for n, h in outside.items()))
    )
    for name, report, scores, misses in failures:
        print(f"\n{name}")
        if "performance" in misses:
            print(f"  performance {scores['performance']}:")
            for line in where_performance_goes(report):
                print(f"    {line}")
        for category in misses:
            if category != "performance":
                print(f"  {category} {scores[category]}:")
                for line in failing(report, category):
                    print(f"    {line}")
        if broken := errored(report):
            print(f"  audits Lighthouse could not run: {', '.join(broken)}")


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--site", type=Path, help="a built site to measure [build a throwaway copy]")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown [1]")
    parser.add_argument("--json", type=Path, help="also write each page's Lighthouse report here")
    parser.add_argument("--page", action="append", help="measure only this page (its path, e.g. inference/)")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci`")
    port = free_port()
    origin = f"http://127.0.0.1:{port}/"
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    try:
        site = args.site
        if site is None:
            print("building a throwaway copy of the site ...", file=sys.stderr, flush=True)
            project = copy_project(work / "project")
            result = build(project, work / "site", SNIPPET_CACHE_DIR=str(work / "cache"), SITE_URL=origin)
            if result.returncode != 0:
                sys.exit(f"build failed:\n{result.stderr[-5000:]}")
            site = work / "site"
        if not (site / "index.html").is_file() or not (site / "404.html").is_file():
            sys.exit(f"{site} holds no built site (index.html, 404.html)")
        handler = partial(SiteHandler, directory=site)
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            paths = [(page_url(page) or "(home)", page_url(page)) for page in PAGES]
            paths.append((NOT_FOUND, NOT_FOUND))
            if args.page:
                paths = [(name, path) for name, path in paths if path in args.page or name in args.page]
            results = measure(origin, paths, args.runs)
        finally:
            server.shutdown()
            server.server_close()
        if args.json:
            args.json.mkdir(parents=True, exist_ok=True)
            for name, report, _ in results:
                slug = name.strip("/").replace("/", "-") if name != "(home)" else "home"
                (args.json / f"{slug}.json").write_text(json.dumps(report), encoding="utf-8")
        print_table(results, origin, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if SESSION_DIR.is_dir() and not any(SESSION_DIR.iterdir()):
            SESSION_DIR.rmdir()  # made by importing sitebuild, and unused here


if __name__ == "__main__":
    main()
