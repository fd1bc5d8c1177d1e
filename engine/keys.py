"""Every cache key of the engine, in one place, and the packages each one names.

- ``run_key``: one snippet run (output and figures). It covers the snippet's
  bytes, the bytes of any project module it imports (recursively), the engine
  modules that decide what a run shows (``RUN_MODULES``), the Python version,
  and the versions of every installed distribution the snippet imports plus
  the scientific packages.
- ``block_key``: a block's finished HTML: its run's key, the engine module that
  renders it, the Markdown settings (``mkdocs.yml``) and the packages that apply
  them.
- ``notebook_fingerprint``: what a companion notebook records it was built
  with (it is also part of mkdocs-jupyter's key, since that keys on the
  notebook's bytes).

Editing any other engine module (the build report, the plugin's wiring) re-runs
nothing: it cannot change what a snippet prints or how its block renders.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import platform
import sys
from functools import cache
from importlib.metadata import PackageNotFoundError, packages_distributions, version
from pathlib import Path

from engine.cache import write_atomically

ENGINE_DIR = Path(__file__).resolve().parent
# The one list of the scientific packages: every run's key names their versions.
SCIENTIFIC_PACKAGES = ("numpy", "scipy", "matplotlib")
# What turns a block's Markdown into HTML.
RENDERING_PACKAGES = ("markdown", "pymdown-extensions", "pygments", "markdown-exec")
# What a companion notebook records it was built with, beside the scientific packages.
NOTEBOOK_PACKAGES = ("nbconvert", "mkdocs-jupyter")
# Engine modules whose code decides what a run shows, and the one that renders a block.
RUN_MODULES = ("runner.py", "figures.py", "style.py", "runs.py")
BLOCK_MODULES = ("fence.py",)


@cache
def package_version(dist: str) -> str | None:
    """An installed distribution's version (None if it is not installed); read once per process."""
    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# The engine's source as this process loaded it. Under `mkdocs serve` an edit of these files
# does not change the running code, so keys are taken from these hashes, and the plugin says
# that a restart is needed (changed_engine_modules).
_LOADED = {path.name: _file_hash(path) for path in sorted(ENGINE_DIR.glob("*.py"))}


def engine_fingerprint(names: tuple[str, ...] = RUN_MODULES) -> str:
    """A hash of the named engine modules (by default those deciding a run's result): their version."""
    return hashlib.sha256("".join(f"{name}={_LOADED[name]}\n" for name in sorted(names)).encode()).hexdigest()


def changed_engine_modules() -> list[str]:
    """Engine modules whose file differs from the code this process loaded (edited under `serve`)."""
    on_disk = {path.name: _file_hash(path) for path in sorted(ENGINE_DIR.glob("*.py"))}
    return [
        f"engine/{name}"
        for name in sorted(on_disk.keys() | _LOADED.keys())
        if on_disk.get(name) != _LOADED.get(name)
    ]


@cache
def _imported_modules(source: bytes, memo_dir: Path | None = None) -> frozenset[str]:
    """The modules a file imports, by name (its parsed syntax tree says; kept on disk by content)."""
    memo = memo_dir / "imports" / f"{hashlib.sha256(source).hexdigest()}.json" if memo_dir else None
    if memo and memo.is_file():
        try:
            return frozenset(json.loads(memo.read_text(encoding="utf-8")))
        except ValueError:
            pass  # a partial write: parse again
    names = _parse_imports(source)
    if memo:
        write_atomically(memo, json.dumps(sorted(names)))
    return names


def _parse_imports(source: bytes) -> frozenset[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)  # and "pkg.name", in case a name is a submodule
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return frozenset(names)


def _project_file(module: str, root: Path) -> Path | None:
    top = module.split(".")[0]
    if not ((root / top).is_dir() or (root / f"{top}.py").is_file()):
        return None  # not the project's (and find_spec would import the parent packages)
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError, AttributeError):
        return None
    origin = Path(spec.origin).resolve() if spec and spec.origin else None
    return origin if origin and origin.is_file() and origin.is_relative_to(root) else None


@cache
def _owners(memo_dir: Path | None = None) -> dict[str, list[str]]:
    """Which distributions provide each top-level module.

    ``packages_distributions`` reads every installed distribution's file list
    (a third of a second); its answer only changes when what is installed
    changes, and the names of the ``*.dist-info`` folders on ``sys.path`` say
    exactly that (they carry each distribution's name and version). So it is
    kept on disk under that listing's hash.
    """
    installed = sorted(
        f"{folder}/{name}"
        for folder in sys.path
        if os.path.isdir(folder)
        for name in os.listdir(folder)
        if name.endswith((".dist-info", ".egg-info"))
    )
    listing = hashlib.sha256("\n".join(installed).encode()).hexdigest()
    memo = memo_dir / f"distributions-{listing}.json" if memo_dir else None
    if memo and memo.is_file():
        try:
            owners: dict[str, list[str]] = json.loads(memo.read_text(encoding="utf-8"))
            return owners
        except ValueError:
            pass  # a partial write: compute it again
    owners = dict(packages_distributions())
    if memo:
        write_atomically(memo, json.dumps(owners, sort_keys=True))
    return owners


def _distribution_versions(modules: set[str], memo_dir: Path | None) -> list[str]:
    owners = _owners(memo_dir)
    tops = {module.split(".")[0] for module in modules} | set(SCIENTIFIC_PACKAGES)
    found = set()
    for top in tops:
        found |= {f"{dist}=={package_version(dist)}" for dist in owners.get(top, [])}
    return sorted(found)


def run_key(path: Path, root: Path, *, figure_id: str, memo_dir: Path | None = None) -> str:
    """The cache key of one snippet run; ``memo_dir`` keeps parsed imports on disk (None: nothing kept).

    A snippet may import a module of the project (a helper file beside it):
    that module's bytes are part of the key too, so editing it re-runs the
    snippet. (This course's snippets import none, by rule; the engine does not
    assume it.)
    """
    root = root.resolve()
    digest = hashlib.sha256()
    digest.update(
        f"engine={engine_fingerprint()}\npython={platform.python_version()}\nfigure_id={figure_id}\n".encode()
    )
    seen: set[Path] = set()
    pending = [path.resolve()]
    modules: set[str] = set()
    while pending:  # the snippet and, recursively, any project module it imports
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        source = current.read_bytes()
        digest.update(f"file={current.relative_to(root)}\n".encode() + source)
        imported = _imported_modules(source, memo_dir)
        modules |= imported
        pending += [p for m in imported if (p := _project_file(m, root)) is not None]
    digest.update("\n".join(_distribution_versions(modules, memo_dir)).encode())
    return digest.hexdigest()


def render_fingerprint(config_file: Path) -> str:
    """What else decides a block's HTML: the engine's renderer, the Markdown settings and their packages.

    Read on every build (``mkdocs serve`` reloads ``mkdocs.yml`` for each one).
    """
    versions = ",".join(f"{name}=={package_version(name)}" for name in RENDERING_PACKAGES)
    settings = config_file.read_bytes() if config_file.is_file() else b""
    engine = engine_fingerprint(BLOCK_MODULES)
    return hashlib.sha256(f"{versions}\n{engine}\n".encode() + settings).hexdigest()


def block_key(run: str, render: str) -> str:
    """The key of a block's finished HTML: its run's key and the render fingerprint."""
    return hashlib.sha256(f"block\n{run}\n{render}".encode()).hexdigest()


def notebook_fingerprint() -> dict[str, str]:
    """The interpreter and packages a notebook was built with (recorded in its metadata)."""
    packages = (*SCIENTIFIC_PACKAGES, *NOTEBOOK_PACKAGES)
    return {
        "python": platform.python_version(),
        "packages": ", ".join(f"{name} {package_version(name)}" for name in packages),
    }
