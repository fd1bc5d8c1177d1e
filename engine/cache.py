"""A cache of rendered snippet runs that is never stale.

The key covers everything that can change what a run shows: the snippet's
bytes, the bytes of any project module it imports (recursively), the engine's
own source (runner, figures, style, fence: any change re-runs everything),
the Python version, and the versions of every installed distribution the
snippet imports plus numpy, scipy and matplotlib. An entry stores its key and
a checksum of its HTML; anything that does not verify is deleted and re-run.

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


def _imported_modules(source: bytes) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)  # and "pkg.name", in case a name is a submodule
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


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
def _owners() -> dict[str, list[str]]:
    return packages_distributions()  # slow (reads every installed distribution): once per process


@cache
def _version(dist: str) -> str | None:
    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def _distribution_versions(modules: set[str]) -> list[str]:
    owners = _owners()
    tops = {module.split(".")[0] for module in modules} | set(ALWAYS_VERSIONED)
    found = set()
    for top in tops:
        found |= {f"{dist}=={_version(dist)}" for dist in owners.get(top, [])}
    return sorted(found)


def key_for(path: Path, root: Path, *, extra: str = "") -> str:
    """The cache key of one snippet run (``extra``: anything else the caller renders with)."""
    root = root.resolve()
    digest = hashlib.sha256()
    digest.update(f"engine={engine_fingerprint()}\npython={platform.python_version()}\n{extra}\n".encode())
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
        imported = _imported_modules(source)
        modules |= imported
        pending += [p for m in imported if (p := _project_file(m, root)) is not None]
    digest.update("\n".join(_distribution_versions(modules)).encode())
    return digest.hexdigest()


class SnippetCache:
    """Rendered HTML by key, one JSON file per entry, safe to delete at any time."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> str | None:
        path = self._path(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            html = entry["html"]
            valid = entry["key"] == key and entry["sha256"] == hashlib.sha256(html.encode()).hexdigest()
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            valid = False
        if not valid:  # corrupt or partial: never shown, re-run instead
            path.unlink(missing_ok=True)
            return None
        return html

    def put(self, key: str, html: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = {"key": key, "sha256": hashlib.sha256(html.encode()).hexdigest(), "html": html}
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(entry), encoding="utf-8")
        os.replace(temporary, path)  # atomic: a reader sees the old entry or the new, never half
