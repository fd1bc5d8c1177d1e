"""How fast the site builds: cold, warm, after one edit, against the snippets alone.

    .venv/bin/python benchmarks/build_speed.py

Works on a throwaway copy of the project with its own empty cache, so it
neither uses nor disturbs yours. Prints one table (paste it into the README).
"nb fallback" counts notebooks mkdocs-jupyter had to execute itself because
the parallel workers (engine/notebook_runs.py) had not: it should be 0.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from sitebuild import build, copy_project  # noqa: E402

TOUCHED = "snippets/inference/coin_mle.py"

SNIPPETS_ALONE = """
import sys, time
from pathlib import Path
from engine import run_snippet
from engine.notebooks import snippet_paths
root = Path(sys.argv[1])
paths = [p for page in sorted((root / "docs").rglob("*.md")) for p in snippet_paths(page.read_text())]
started = time.perf_counter()
times = sorted(((run_snippet(root / p).seconds, p) for p in paths), reverse=True)
print(f"{time.perf_counter() - started:.3f} {len(paths)} {times[0][0]:.3f} {times[0][1]}")
"""


def timed_build(project: Path, site: Path, cache: Path) -> tuple[float, int, int]:
    started = time.perf_counter()
    result = build(project, site, SNIPPET_CACHE_DIR=str(cache))
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr}")
    report = (site / "build-report/index.html").read_text(encoding="utf-8")
    statuses = re.findall(r'report-status">(\w+)<', report)
    notebooks = result.stderr.count("Converting notebook (execute=True)")
    return seconds, statuses.count("ran"), notebooks


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="build-speed-"))
    project = copy_project(work / "project")
    cache = work / "cache"
    rows = []
    rows.append(("cold build (empty cache)", *timed_build(project, work / "cold", cache)))
    rows.append(("warm rebuild, nothing changed", *timed_build(project, work / "warm", cache)))
    snippet = project / TOUCHED
    snippet.write_text(snippet.read_text() + "\n# touched by the benchmark\n")
    rows.append((f"rebuild after editing {TOUCHED}", *timed_build(project, work / "edited", cache)))

    alone = subprocess.run(
        [sys.executable, "-c", SNIPPETS_ALONE, str(project)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(project)},
    ).stdout.split()
    snippets_seconds, count, slowest_seconds, slowest = float(alone[0]), int(alone[1]), alone[2], alone[3]

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'what':<58}{'seconds':>9}{'blocks run':>12}{'nb fallback':>15}")
    for what, seconds, ran, notebooks in rows:
        print(f"{what:<58}{seconds:>9.1f}{ran:>12}{notebooks:>15}")
    print(f"{f'all {count} snippets back to back, one interpreter':<58}{snippets_seconds:>9.1f}{count:>12}")
    cold, warm = rows[0][1], rows[1][1]
    print(f"cold / warm: {cold / warm:.1f}x (target >= 10x)")
    print(
        f"cold / snippets alone: {cold / snippets_seconds:.2f}x; "
        f"cold <= 2 x snippets + 3 s: {cold <= 2 * snippets_seconds + 3}"
    )
    print(f"slowest snippet: {slowest} at {slowest_seconds} s (target < 1 s)")


if __name__ == "__main__":
    main()
