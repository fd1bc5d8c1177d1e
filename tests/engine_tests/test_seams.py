"""The engine's core imports nothing from MkDocs: only the plugin and the notebook renderer do."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "engine"
MKDOCS_SEAMS = {"plugin.py", "notebook_render.py"}


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_plugin_and_the_notebook_renderer_import_mkdocs():
    importing = {p.name for p in ENGINE.glob("*.py") if _imported(p) & {"mkdocs", "mkdocs_jupyter"}}
    assert importing == MKDOCS_SEAMS


def test_the_runner_claims_keys_and_ledger_load_without_mkdocs():
    # (The fence uses markdown-exec, which loads its own MkDocs plugin module when MkDocs is
    # installed; the fence itself names nothing of MkDocs, as the test above shows.)
    code = (
        "import sys; import engine.runner, engine.claims, engine.claim_tests, engine.keys, engine.ledger,"
        " engine.notebooks, engine.runs, engine.stash, engine.cache;"
        " print(sorted(m for m in sys.modules if m.split('.')[0] in {'mkdocs', 'mkdocs_jupyter'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
