"""Defer what mkdocs-jupyter imports at load time until a notebook is really converted.

Loading the plugin imports nbconvert and jupytext, about 1.2 s of a build,
which a build whose notebooks all come from the cache never uses.
engine/notebook_render.py registers those modules as deferred before it imports
mkdocs-jupyter, and MkDocs imports it with the course-engine plugin, before
mkdocs-jupyter (listed after it); the plugin load is then cheap, and the first
real use (a notebook to render) imports them.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

DEFERRED = ("jupytext", "mkdocs_jupyter.convert")


class _Deferred(types.ModuleType):
    """Stands in for a module until one of its attributes is asked for."""

    def __getattr__(self, attribute: str) -> object:
        return getattr(_load(self.__name__), attribute)


def _load(name: str) -> types.ModuleType:
    real = sys.modules.get(name)
    if isinstance(real, _Deferred):
        del sys.modules[name]
        try:
            real = importlib.import_module(name)
        except BaseException:
            sys.modules[name] = _Deferred(name)
            raise
    if real is None:
        raise ImportError(f"{name} is not loaded")
    return real


def defer(name: str) -> None:
    """Register ``name`` in sys.modules so that importing it costs nothing until it is used."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except ImportError:  # e.g. mkdocs-jupyter is not installed: nothing to defer
        return
    if spec is None:
        return
    stand_in = _Deferred(name)
    stand_in.__spec__ = spec  # the import system looks at it; the real module is not touched
    sys.modules[name] = stand_in


def defer_notebook_imports() -> None:
    """Defer what mkdocs-jupyter imports at load time (see the module's docstring)."""
    for name in DEFERRED:
        defer(name)
