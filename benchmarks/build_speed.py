"""How fast the site builds: cold, warm, after one edit, against the snippets alone.

    .venv/bin/python benchmarks/build_speed.py

Works on a throwaway copy of the project with its own empty caches, so it
neither uses nor disturbs yours. Each build is a fresh `mkdocs build --strict`
process, as an author runs it. Cold and warm builds are repeated and the best
time is the figure (as timeit does: the machine's noise only ever adds time);
the warm builds' median is shown beside it. "nb fallback" counts notebooks
that mkdocs-jupyter rendered itself because the parallel workers
(engine/notebook_render.py) had not: it should be 0. Prints one table for the
README's performance section.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from sitebuild import build, copy_project  # noqa: E402

TOUCHED = "snippets/inference/coin_mle.py"
COLD_RUNS, WARM_RUNS = 2, 5

# All snippets back to back in one interpreter (the "snippets only" time), then
# each one again: the second pass times a snippet alone, its imports already loaded.
SNIPPETS_ALONE = """
import sys, time
from pathlib import Path
from engine import run_snippet
from engine.fence import snippet_paths
root = Path(sys.argv[1])
paths = [p for page in sorted((root / "docs").rglob("*.md")) for p in snippet_paths(page.read_text())]
started = time.perf_counter()
first = [(run_snippet(root / p).seconds, p) for p in paths]
total = time.perf_counter() - started
second = [(run_snippet(root / p).seconds, p) for p in paths]
print(f"{total:.3f} {len(paths)} {max(first)[0]:.3f} {max(first)[1]} {max(second)[0]:.3f} {max(second)[1]}")
"""


def timed_build(project: Path, site: Path, cache: Path) -> tuple[float, int, int]:
    started = time.perf_counter()
    result = build(project, site, SNIPPET_CACHE_DIR=str(cache))
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr}")
    report = (site / "build-report/index.html").read_text(encoding="utf-8")
    statuses = re.findall(r'report-status">(\w+)<', report)
    fallbacks = result.stderr.count("Converting notebook (")
    return seconds, statuses.count("ran"), fallbacks


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="build-speed-"))
    project = copy_project(work / "project")
    cache = work / "cache"
    colds = []
    for _ in range(COLD_RUNS):
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        colds.append(timed_build(project, work / "cold", cache))
    warms = [timed_build(project, work / "warm", cache) for _ in range(WARM_RUNS)]
    snippet = project / TOUCHED
    snippet.write_text(snippet.read_text() + "\n# touched by the benchmark\n")
    edited = timed_build(project, work / "edited", cache)

    alone = subprocess.run(
        [sys.executable, "-c", SNIPPETS_ALONE, str(project)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(project)},
    ).stdout.split()
    snippets_seconds, count = float(alone[0]), int(alone[1])

    cold, warm = min(colds), min(warms)
    warm_median = statistics.median(seconds for seconds, _, _ in warms)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'what':<60}{'seconds':>9}{'blocks run':>12}{'nb fallback':>13}")
    rows = [
        (f"cold build, empty cache (best of {COLD_RUNS})", *cold),
        (f"warm rebuild, nothing changed (best of {WARM_RUNS})", *warm),
        (f"rebuild after editing {TOUCHED}", *edited),
    ]
    for what, seconds, ran, fallbacks in rows:
        print(f"{what:<60}{seconds:>9.2f}{ran:>12}{fallbacks:>13}")
    print(f"{f'all {count} snippets back to back, one interpreter':<60}{snippets_seconds:>9.2f}{count:>12}")
    print(f"warm rebuilds: median {warm_median:.2f} s of {[round(s, 2) for s, _, _ in warms]}")
    print(f"cold / warm: {cold[0] / warm[0]:.1f}x (median warm: {cold[0] / warm_median:.1f}x; target >= 10x)")
    budget = 2 * snippets_seconds + 3
    print(
        f"cold / snippets alone: {cold[0] / snippets_seconds:.2f}x; "
        f"cold <= 2 x snippets + 3 s ({budget:.1f} s): {cold[0] <= budget}"
    )
    print(f"slowest snippet, run alone: {alone[5]} at {alone[4]} s (target < 1 s)")
    print(f"slowest in the back-to-back pass (pays the first imports): {alone[3]} at {alone[2]} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
