"""A cache of snippet runs that is never stale.

The key covers everything that can change what a run shows: the snippet's
bytes, the bytes of any project module it imports (recursively), the engine's
own source (runner, figures, style, fence: any change re-runs everything),
the Python version, and the versions of every installed distribution the
snippet imports plus numpy, scipy and matplotlib. An entry stores its key and
a checksum of its value; anything that does not verify is deleted and re-run.
Two kinds of value are stored: a run's results (output and figures), and the
block's finished HTML, whose key adds the Markdown settings and versions that
render it (engine/fence.py).

Set SNIPPET_CACHE=off to ignore the cache (the deploy build does); the
notebooks' mkdocs-jupyter cache follows the same switch and folder.
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

ENGINE_DIR = Path(__file__).resolve().parent
ALWAYS_VERSIONED = ("numpy", "scipy", "matplotlib")


def enabled() -> bool:
    return os.environ.get("SNIPPET_CACHE", "on").lower() not in {"off", "0", "false", "no"}


def cache_root(project_root: Path) -> Path:
    """Where caches live: <project>/.cache, or SNIPPET_CACHE_DIR (tests share one across copies)."""
    return Path(os.environ.get("SNIPPET_CACHE_DIR") or project_root / ".cache")


@cache
def engine_fingerprint() -> str:
    """A hash of the engine's own source: the engine's version, in effect."""
    digest = hashlib.sha256()
    for path in sorted(ENGINE_DIR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


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
        _write_atomically(memo, json.dumps(sorted(names)))
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
            return json.loads(memo.read_text(encoding="utf-8"))
        except ValueError:
            pass  # a partial write: compute it again
    owners = packages_distributions()
    if memo:
        _write_atomically(memo, json.dumps(owners, sort_keys=True))
    return owners


@cache
def package_version(dist: str) -> str | None:
    """An installed distribution's version (None if it is not installed); read once per process."""
    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def _distribution_versions(modules: set[str], memo_dir: Path | None) -> list[str]:
    owners = _owners(memo_dir)
    tops = {module.split(".")[0] for module in modules} | set(ALWAYS_VERSIONED)
    found = set()
    for top in tops:
        found |= {f"{dist}=={package_version(dist)}" for dist in owners.get(top, [])}
    return sorted(found)


def key_for(path: Path, root: Path, *, extra: str = "") -> str:
    """The cache key of one snippet run (``extra``: anything else the caller renders with)."""
    root = root.resolve()
    digest = hashlib.sha256()
    digest.update(f"engine={engine_fingerprint()}\npython={platform.python_version()}\n{extra}\n".encode())
    memo_dir = cache_root(root) / "keys" if enabled() else None  # off: nothing is read or written
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


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)  # atomic: a reader sees the old file or the new, never half


class SnippetCache:
    """JSON values (a run's results, a block's HTML) by key, one file per entry, safe to delete."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str):
        """The stored value, or None when there is none or it does not verify."""
        path = self._path(key)
        try:
            header, _, body = path.read_text(encoding="utf-8").partition("\n")
            entry = json.loads(header)
            valid = entry["key"] == key and entry["sha256"] == hashlib.sha256(body.encode()).hexdigest()
            value = json.loads(body) if valid else None
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            valid = False
        if not valid:  # corrupt or partial: never shown, re-run instead
            path.unlink(missing_ok=True)
            return None
        return value

    def put(self, key: str, value) -> None:
        # A header line (key, checksum of the body), then the value as JSON.
        body = json.dumps(value)
        header = json.dumps({"key": key, "sha256": hashlib.sha256(body.encode()).hexdigest()})
        _write_atomically(self._path(key), f"{header}\n{body}")
