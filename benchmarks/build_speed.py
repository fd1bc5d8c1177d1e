"""How fast the authors' loop is: cold, warm, an edit under `mkdocs serve`, and ten times the lessons.

    .venv/bin/python benchmarks/build_speed.py [--no-scale]

Works on throwaway copies of the project with their own empty caches, so it
neither uses nor disturbs yours. Each build is a fresh `mkdocs build --strict`
process, as an author runs it; the edits are made under a real `mkdocs serve`
process and timed from the save until an HTTP request for the page returns
the new text (the time the author waits). Cold and warm builds are repeated
and the best time is the figure (as timeit does: the machine's noise only ever
adds time); medians are shown beside. The targets are ratios within this one
run, never absolute times. Prints one table for the README's performance
section.
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
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from sitebuild import build, copy_project, free_port  # noqa: E402

TOUCHED = "snippets/inference/coin_mle.py"
PROSE_PAGE = "docs/inference.md"
COLD_RUNS, WARM_RUNS, SCALE_WARM_RUNS = 2, 5, 3
COPIES = 10

# All snippets back to back in one interpreter (the "snippets' own run time"), then the edited
# one again, alone, its imports loaded (what an edit under serve has to run).
SNIPPETS_ALONE = """
import sys, time
from pathlib import Path
from engine import run_snippet
from engine.fence import snippet_paths
root, touched = Path(sys.argv[1]), sys.argv[2]
pages = sorted((root / "docs").rglob("*.md"))
paths = list(dict.fromkeys(p for page in pages for p in snippet_paths(page.read_text())))
started = time.perf_counter()
runs = [(run_snippet(root / p).seconds, p) for p in paths]
total = time.perf_counter() - started
print(f"{total:.3f} {len(paths)} {run_snippet(root / touched).seconds:.3f} {max(runs)[0]:.3f} {max(runs)[1]}")
"""


def timed_build(project: Path, site: Path, cache: Path) -> tuple[float, int]:
    """Seconds of one `mkdocs build --strict` process, and how many blocks ran (not cached)."""
    started = time.perf_counter()
    result = build(project, site, SNIPPET_CACHE_DIR=str(cache))
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr[-5000:]}")
    report = (site / "build-report/index.html").read_text(encoding="utf-8")
    return seconds, re.findall(r'report-status">(ran|cached)', report).count("ran")


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def edits_under_serve(project: Path, cache: Path) -> tuple[float, float, float]:
    """Seconds from saving to the page showing it, under `mkdocs serve`: a snippet edit, a prose edit.

    Also returns how long the notebook page took to follow the snippet edit.
    """
    port = free_port()
    env = {
        **os.environ,
        "SNIPPET_CACHE_DIR": str(cache),
        "NO_MKDOCS_2_WARNING": "1",
        "SITE_URL": f"http://127.0.0.1:{port}/",  # as ./dev serve does: served at the root
    }
    with open(project / "serve.log", "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}/"
        try:
            wait_for(base + "inference/", "data: 8 heads in 10 tosses", 600)
            wait_for(base + "notebooks/inference/", "data: 8 heads in 10 tosses", 600)
            time.sleep(2)  # let the server settle after its first rebuild
            snippet = project / TOUCHED
            snippet.write_text(
                snippet.read_text().replace('print(f"data: {heads}', 'print(f"edited: {heads}', 1)
            )
            saved = time.perf_counter()
            wait_for(base + "inference/", "edited: 8 heads in 10 tosses", 120)
            snippet_edit = time.perf_counter() - saved
            wait_for(base + "notebooks/inference/", "edited: 8 heads in 10 tosses", 120)
            notebook = time.perf_counter() - saved
            time.sleep(2)
            page = project / PROSE_PAGE
            page.write_text(page.read_text().replace("\n## ", "\nA sentence the benchmark added.\n\n## ", 1))
            saved = time.perf_counter()
            wait_for(base + "inference/", "A sentence the benchmark added.", 120)
            prose_edit = time.perf_counter() - saved
        finally:
            server.terminate()
            server.wait(timeout=60)
    return snippet_edit, prose_edit, notebook


def wait_for(url: str, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while text not in _get(url):
        if time.monotonic() > deadline:
            sys.exit(f"{url} never showed {text!r}")
        time.sleep(0.05)


def scaled_copy(project: Path, copies: int) -> Path:
    """The project with ``copies`` more copies of every page, each with its own snippets and claim tests."""
    docs, snippets, tests = project / "docs", project / "snippets", project / "tests"
    lessons = [d.name for d in snippets.iterdir() if d.is_dir() and (d / "__init__.py").is_file()]
    pages = [p for p in docs.rglob("*.md") if "assets" not in p.parts]
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    nav_start = text.index("nav:\n")
    nav_end = text.index("\n\n", nav_start)
    nav = text[nav_start:nav_end].splitlines()[1:]
    extra_nav = []
    for n in range(1, copies + 1):
        prefix = f"c{n}"
        for page in pages:
            target = docs / prefix / page.relative_to(docs)
            target.parent.mkdir(parents=True, exist_ok=True)
            body = page.read_text(encoding="utf-8")
            for lesson in lessons:
                body = body.replace(f"snippets/{lesson}/", f"snippets/{lesson}_{prefix}/")
            target.write_text(body, encoding="utf-8")
        for lesson in lessons:
            shutil.copytree(snippets / lesson, snippets / f"{lesson}_{prefix}")
        _copy_claim_tests(tests, tests / prefix, prefix)
        extra_nav.append(f"  - Copy {n}:")
        extra_nav += [
            "    " + re.sub(r": (\S+\.md)$", lambda m, p=prefix: f": {p}/{m.group(1)}", line)
            for line in nav
            if (".md" in line or line.strip().endswith(":")) and "build-report" not in line
        ]
    text = text[:nav_end] + "\n" + "\n".join(extra_nav) + text[nav_end:]
    config.write_text(text, encoding="utf-8")
    return project


def _copy_claim_tests(tests: Path, target: Path, prefix: str) -> None:
    """The claim tests again, naming the copied pages' claims (the build reads them, never runs them)."""
    claim_call = re.compile(r"mark\.claim\((.*?)\)", re.S)
    for path in tests.rglob("*.py"):
        if "fixture_site" in path.parts or re.fullmatch(r"c\d+", path.relative_to(tests).parts[0]):
            continue  # another site's tests, or a copy made already
        source = path.read_text(encoding="utf-8")
        copied = claim_call.sub(
            lambda m: "mark.claim(" + re.sub(r'"([a-z0-9-]+/)', rf'"{prefix}/\1', m.group(1)) + ")", source
        )
        destination = target / path.relative_to(tests)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(copied, encoding="utf-8")


def best_cold(project: Path, work: Path, runs: int) -> list[tuple[float, int]]:
    colds = []
    for _ in range(runs):
        shutil.rmtree(work / "cache", ignore_errors=True)
        colds.append(timed_build(project, work / "cold", work / "cache"))
    return colds


def main() -> None:
    scale = "--no-scale" not in sys.argv
    work = Path(tempfile.mkdtemp(prefix="build-speed-"))
    project = copy_project(work / "project")

    colds = best_cold(project, work, COLD_RUNS)
    warms = [timed_build(project, work / "warm", work / "cache") for _ in range(WARM_RUNS)]
    alone = subprocess.run(
        [sys.executable, "-c", SNIPPETS_ALONE, str(project), TOUCHED],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(project)},
    ).stdout.split()
    snippets_seconds, count, touched_seconds = float(alone[0]), int(alone[1]), float(alone[2])
    snippet_edit, prose_edit, notebook = edits_under_serve(project, work / "cache")

    cold, warm = min(s for s, _ in colds), min(s for s, _ in warms)
    warm_median = statistics.median(s for s, _ in warms)
    rows = [
        (f"cold build, empty cache (best of {COLD_RUNS})", cold, colds[0][1]),
        (f"warm rebuild, nothing changed (best of {WARM_RUNS}; median {warm_median:.2f})", warm, warms[0][1]),
        (f"serve: edit {TOUCHED}, until the page shows it", snippet_edit, None),
        ("serve: ... until its notebook page shows it", notebook, None),
        (f"serve: edit the prose of {PROSE_PAGE}, until the page shows it", prose_edit, None),
        (f"all {count} snippets back to back, one interpreter", snippets_seconds, count),
        (f"{TOUCHED} alone, imports loaded", touched_seconds, 1),
    ]
    targets = [
        (
            "snippet edit under serve <= warm + its run time + 0.5 s",
            snippet_edit,
            warm + touched_seconds + 0.5,
        ),
        ("prose edit under serve <= warm + 0.3 s", prose_edit, warm + 0.3),
        ("cold <= snippets alone + 3 s", cold, snippets_seconds + 3),
    ]
    if scale:
        big = scaled_copy(copy_project(work / "scaled"), COPIES - 1)
        big_colds = best_cold(big, work / "scaled-work", 1)
        big_warms = [
            timed_build(big, work / "scaled-warm", work / "scaled-work/cache") for _ in range(SCALE_WARM_RUNS)
        ]
        big_cold, big_warm = min(s for s, _ in big_colds), min(s for s, _ in big_warms)
        rows += [
            (f"x{COPIES} lessons: cold build", big_cold, big_colds[0][1]),
            (f"x{COPIES} lessons: warm rebuild (best of {SCALE_WARM_RUNS})", big_warm, big_warms[0][1]),
        ]
        targets += [
            (f"x{COPIES} lessons: cold <= {COPIES}.5 x cold", big_cold, (COPIES + 0.5) * cold),
            (f"x{COPIES} lessons: warm <= 2 x warm", big_warm, 2 * warm),
        ]
    workers = os.cpu_count() or 1
    print(
        f"machine: {workers} cores, Python {sys.version.split()[0]}; "
        f"snippet workers: {workers} (one per core)"
    )
    print(f"{'what':<72}{'seconds':>9}{'blocks run':>12}")
    for what, seconds, ran in rows:
        print(f"{what:<72}{seconds:>9.2f}{'' if ran is None else ran:>12}")
    print(f"{'target':<72}{'measured':>9}{'limit':>12}  met")
    for what, measured, limit in targets:
        print(f"{what:<72}{measured:>9.2f}{limit:>12.2f}  {'met' if measured <= limit else 'NOT MET'}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
