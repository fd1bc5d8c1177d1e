"""Each snippet is a standalone script: `python file.py` anywhere prints what the page shows."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
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


def _as_a_script(path: str, folder: Path) -> subprocess.CompletedProcess:
    """Run a copy of the file alone in an empty folder, with no project on the path, as a reader would."""
    copy = folder / Path(path).name
    copy.write_text((ROOT / path).read_text(encoding="utf-8"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MPLBACKEND"}}
    env["MPLBACKEND"] = "Agg"  # no screen here; on a desktop plt.show() opens a window instead
    return subprocess.run(
        [sys.executable, copy.name], cwd=folder, capture_output=True, text=True, env=env, check=False
    )


@pytest.mark.claim("index/standalone-scripts", "index/prints-what-the-page-shows")
def test_every_snippet_run_as_a_script_prints_what_the_page_shows(run, tmp_path):
    folders = {path: tmp_path / path.replace("/", "-") for path in SHOWN}
    for folder in folders.values():
        folder.mkdir()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = dict(zip(SHOWN, pool.map(lambda p: _as_a_script(p, folders[p]), SHOWN), strict=True))
    for path, result in results.items():
        assert result.returncode == 0, f"{path} failed as a script:\n{result.stderr}"
        assert result.stderr == "", f"{path} wrote to stderr:\n{result.stderr}"
        assert result.stdout == run(path).stdout, (
            f"{path}: as a script it prints something else than the page"
        )
        imported = _imports((ROOT / path).read_text(encoding="utf-8"))
        assert imported <= ALLOWED_IMPORTS, f"{path} imports {imported - ALLOWED_IMPORTS}"


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
