"""Each snippet is a standalone script: `python file.py` anywhere prints what the page shows."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import ROOT

from engine.fence import snippet_paths

ALLOWED_IMPORTS = set(sys.stdlib_module_names) | {"numpy", "scipy", "matplotlib"}
SHOWN = sorted(
    {
        path
        for page in (ROOT / "docs").rglob("*.md")
        for path in snippet_paths(page.read_text(encoding="utf-8"))
    }
)


def _imports(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add("(relative)" if node.level else node.module.split(".")[0])
    return found


# Runs each file as `python file.py` would, each in a fresh process forked from one that has
# loaded numpy, scipy and matplotlib (what costs most of a fresh interpreter's start): the
# file runs as __main__ from its own folder, with the folder first on sys.path, nothing else
# of the project importable, and only its own output captured.
SCRIPTS = """
import json, os, runpy, sys, traceback
import numpy, scipy.optimize, scipy.special, scipy.stats, matplotlib.pyplot

jobs, results, running = json.loads(sys.argv[1]), {}, {}
def reap():
    pid, status = os.wait()
    results[running.pop(pid)] = os.waitstatus_to_exitcode(status)
for script in jobs:
    if len(running) >= os.cpu_count():
        reap()
    pid = os.fork()
    if pid == 0:
        folder = os.path.dirname(script)
        os.chdir(folder)
        sys.path[0] = folder
        for fd, name in ((1, "stdout.txt"), (2, "stderr.txt")):
            os.dup2(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
        sys.argv = [os.path.basename(script)]
        code = 0
        try:
            runpy.run_path(sys.argv[0], run_name="__main__")
        except SystemExit as exit_:
            code = exit_.code or 0
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stdout.flush(); sys.stderr.flush()
        os._exit(code)
    running[pid] = script
while running:
    reap()
print(json.dumps(results))
"""


def _as_scripts(paths: list[str], tmp_path: Path) -> dict[str, tuple[int, str, str]]:
    """Each file, copied alone into an empty folder, run as a script: (exit code, stdout, stderr)."""
    copies = {}
    for path in paths:
        folder = tmp_path / path.replace("/", "-")
        folder.mkdir()
        copies[path] = folder / Path(path).name
        copies[path].write_text((ROOT / path).read_text(encoding="utf-8"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MPLBACKEND"}}
    env["MPLBACKEND"] = "Agg"  # no screen here; on a desktop plt.show() opens a window instead
    done = subprocess.run(
        [sys.executable, "-c", SCRIPTS, json.dumps([str(c) for c in copies.values()])],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    codes = json.loads(done.stdout)
    return {
        path: (
            codes[str(copy)],
            (copy.parent / "stdout.txt").read_text(),
            (copy.parent / "stderr.txt").read_text(),
        )
        for path, copy in copies.items()
    }


@pytest.mark.claim("index/standalone-scripts", "index/prints-what-the-page-shows")
def test_every_snippet_run_as_a_script_prints_what_the_page_shows(run, tmp_path):
    for path, (code, stdout, stderr) in _as_scripts(SHOWN, tmp_path).items():
        assert code == 0, f"{path} failed as a script:\n{stderr}"
        assert stderr == "", f"{path} wrote to stderr:\n{stderr}"
        assert stdout == run(path).stdout, f"{path}: as a script it prints something else than the page"
        imported = _imports((ROOT / path).read_text(encoding="utf-8"))
        assert imported <= ALLOWED_IMPORTS, f"{path} imports {imported - ALLOWED_IMPORTS}"


def test_a_script_that_fails_is_caught_by_this_check(tmp_path, monkeypatch):
    broken = tmp_path / "broken.py"
    broken.write_text('import numpy as np\nprint("before")\nraise ValueError("as a script")\n')
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "runs").mkdir()
    [(code, stdout, stderr)] = _as_scripts(["broken.py"], tmp_path / "runs").values()
    assert (code, stdout) == (1, "before\n") and "ValueError: as a script" in stderr


def _random_calls(source: str) -> list[str]:
    """Uses of global random state, and generators made without a seed."""
    bad = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner, name = ast.unparse(node.func.value), node.func.attr
            legacy = owner in {"np.random", "numpy.random", "random"} and name not in {
                "default_rng",
                "Generator",
                "PCG64",
                "SeedSequence",
            }
            unseeded = name == "default_rng" and not node.args and not node.keywords
            if legacy or unseeded:
                bad.append(ast.unparse(node))
    return bad


def test_every_snippet_seeds_its_own_generator():
    """No global seeds and no unseeded generator: what the page shows is the same tomorrow."""
    for path in SHOWN:
        assert _random_calls((ROOT / path).read_text(encoding="utf-8")) == [], path
