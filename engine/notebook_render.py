"""Render the companion notebooks to HTML in worker processes, ahead of mkdocs-jupyter.

nbconvert's HTML export costs one to three seconds of CPU per notebook. As soon
as a lesson page has run its snippets, its notebook (outputs filled in from
those runs, engine/notebooks.py) is handed to a worker, which renders it with
mkdocs-jupyter's own function and writes mkdocs-jupyter's cache entry under
mkdocs-jupyter's own key; when mkdocs-jupyter reaches the notebook page, it
finds the entry. Meanwhile the main process goes on with the next pages. A
failure in a worker is reported (the plugin logs it, naming page and file, so a
strict build fails). Under `mkdocs serve` the workers, nbconvert loaded, serve
every rebuild.

This is the one module that touches mkdocs-jupyter's private functions; it
checks the version it was written for and the signatures it calls
(``check_mkdocs_jupyter``, also a test), and takes nb2html's options from
nb2html's own signature rather than from a copied list.
"""

from __future__ import annotations

import inspect
import json
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from engine.keys import package_version
from engine.lazy_imports import defer_notebook_imports

# mkdocs-jupyter imports nbconvert and jupytext as it loads (1.2 s): defer them until a
# notebook must really be rendered. This module is imported with the plugin, so before
# MkDocs loads mkdocs-jupyter when mkdocs.yml lists course-engine first.
defer_notebook_imports()

from mkdocs_jupyter import plugin as jupyter_plugin  # noqa: E402

SUPPORTED_VERSION = "0.26."
# The private functions we call, with the parameters we pass them.
PRIVATE_API = {
    "_compute_cache_key": ["nb_path", "config", "exec_nb"],
    "_get_cache_path": ["cache_dir", "cache_key"],
    "_get_nb_toc_tokens": ["fpath", "toc_depth"],
}


class NotebookRenderError(RuntimeError):
    """mkdocs-jupyter is not the version, or has not the functions, this module was written for."""


def check_mkdocs_jupyter() -> None:
    """Fail loudly if mkdocs-jupyter's private functions are not what this module calls."""
    found = package_version("mkdocs-jupyter") or "not installed"
    if not found.startswith(SUPPORTED_VERSION):
        raise NotebookRenderError(
            f"engine/notebook_render.py was written for mkdocs-jupyter {SUPPORTED_VERSION}x, found {found}: "
            "check its private functions (PRIVATE_API) and update SUPPORTED_VERSION"
        )
    for name, parameters in PRIVATE_API.items():
        function = getattr(jupyter_plugin, name, None)
        actual = list(inspect.signature(function).parameters) if callable(function) else None
        if actual != parameters:
            raise NotebookRenderError(
                f"mkdocs_jupyter.plugin.{name} takes {actual}, engine/notebook_render.py passes {parameters}"
            )


def nb2html_options(jupyter_config: dict[str, Any]) -> dict[str, Any]:
    """The plugin's settings that nb2html takes, by the names nb2html gives them (its signature says)."""
    parameters = inspect.signature(jupyter_plugin.convert.nb2html).parameters
    options = {name: jupyter_config[name] for name in parameters if name in jupyter_config}
    options["execute"] = jupyter_config["execute"]
    return options


def _render(path: str, jupyter_config: dict[str, Any], cache_path: str) -> None:
    body = jupyter_plugin.convert.nb2html(path, **nb2html_options(jupyter_config))
    toc_tokens, title = jupyter_plugin._get_nb_toc_tokens(path, jupyter_config["toc_depth"])
    entry = Path(cache_path)
    entry.parent.mkdir(parents=True, exist_ok=True)
    temporary = entry.with_suffix(".tmp")
    temporary.write_text(json.dumps({"content": body, "toc_tokens": toc_tokens, "title": title}), "utf-8")
    temporary.replace(entry)  # atomic: mkdocs-jupyter never reads half an entry


class NotebookRenderer:
    """A pool of render workers (started on first use) and the renders under way."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        # The latest render of each notebook: (the cache key of the bytes it renders, its future).
        self._pending: dict[str, tuple[str, Future[None]]] = {}
        # Renders that failed, by notebook: (its cache key, the error); not tried again for those bytes.
        self._failed: dict[str, tuple[str, BaseException]] = {}

    def submit(self, path: str, jupyter_config: dict[str, Any]) -> None:
        """Render ``path`` in the background unless mkdocs-jupyter's cache already has it."""
        if not jupyter_config["cache"] or self.workers < 1:
            return  # uncached, mkdocs-jupyter would not read what we write
        key = jupyter_plugin._compute_cache_key(path, jupyter_config, jupyter_config["execute"])
        if self._pending.get(path, ("",))[0] == key or self._failed.get(path, ("",))[0] == key:
            return  # these bytes are being rendered, or were, or failed
        cache_path = jupyter_plugin._get_cache_path(jupyter_config["cache_dir"], key)
        if cache_path.exists():
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn")
            )
        future = self._pool.submit(_render, path, dict(jupyter_config), str(cache_path))
        future.add_done_callback(lambda done: self._note_failure(path, key, done))
        self._pending[path] = (key, future)

    def _note_failure(self, path: str, key: str, done: Future[None]) -> None:
        error = None if done.cancelled() else done.exception()
        if error is not None:
            self._failed[path] = (key, error)

    def in_progress(self, path: str) -> Future[None] | None:
        """The latest render of ``path`` if it is still under way (`mkdocs serve` does not wait)."""
        future = self._pending.get(path, ("", None))[1]
        return future if future is not None and not future.done() else None

    def failure(self, path: str) -> BaseException | None:
        """Why the last render of ``path`` failed (None if it did not)."""
        return self._failed.get(path, ("", None))[1]

    def wait_for(self, path: str) -> BaseException | None:
        """Block until the render of ``path`` (if any) has finished; its error, if it failed."""
        pending = self._pending.pop(path, None)
        return pending[1].exception() if pending is not None else None

    def finish(self) -> dict[str, BaseException]:
        """Wait for every render still under way (the workers stay); the errors by notebook."""
        return {path: error for path in list(self._pending) if (error := self.wait_for(path))}

    def shutdown(self) -> None:
        """Cancel what has not started and stop the workers."""
        for _, future in self._pending.values():
            future.cancel()
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
