"""Render the companion notebooks to HTML in worker processes, ahead of mkdocs-jupyter.

nbconvert's HTML export costs one to three seconds of CPU per notebook. As soon
as a lesson page has run its snippets, its notebook (outputs filled in from
those runs, engine/notebooks.py) is handed to a worker, which renders it with
mkdocs-jupyter's own function and arguments and writes mkdocs-jupyter's cache
entry under mkdocs-jupyter's own key (the notebook's bytes and the plugin's
settings); when mkdocs-jupyter reaches the notebook page, it finds the entry.
Meanwhile the main process goes on with the next pages. If a worker fails,
nothing is written, and mkdocs-jupyter renders the page itself and reports
the error as usual. A build whose notebooks are all cached starts no worker;
under `mkdocs serve` the workers, nbconvert loaded, serve every rebuild.
"""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from mkdocs_jupyter import plugin as jupyter_plugin

# The plugin settings that nb2html takes, by the names it takes them.
_NB2HTML_OPTIONS = (
    "execute",
    "kernel_name",
    "theme",
    "allow_errors",
    "show_input",
    "no_input",
    "no_prompt",
    "remove_tag_config",
    "highlight_extra_classes",
    "include_requirejs",
    "custom_mathjax_url",
)

_pool: ProcessPoolExecutor | None = None
_pending: dict[str, Future] = {}


def _render(path: str, options: dict, toc_depth: int, cache_path: str) -> None:
    body = jupyter_plugin.convert.nb2html(path, **options)
    toc_tokens, title = jupyter_plugin._get_nb_toc_tokens(path, toc_depth)
    entry = Path(cache_path)
    entry.parent.mkdir(parents=True, exist_ok=True)
    temporary = entry.with_suffix(".tmp")
    temporary.write_text(json.dumps({"content": body, "toc_tokens": toc_tokens, "title": title}), "utf-8")
    temporary.replace(entry)  # atomic: mkdocs-jupyter never reads half an entry


def submit(path: str, jupyter_config) -> None:
    """Render ``path`` in the background unless mkdocs-jupyter's cache already has it."""
    global _pool
    if not jupyter_config["cache"] or path in _pending:
        return  # uncached, mkdocs-jupyter would not read what we write
    key = jupyter_plugin._compute_cache_key(path, jupyter_config, jupyter_config["execute"])
    cache_path = jupyter_plugin._get_cache_path(jupyter_config["cache_dir"], key)
    if cache_path.exists():
        return
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
    options = {name: jupyter_config[name] for name in _NB2HTML_OPTIONS}
    _pending[path] = _pool.submit(_render, path, options, jupyter_config["toc_depth"], str(cache_path))


def wait_for(path: str) -> None:
    """Block until the background rendering of ``path`` (if any) has finished."""
    future = _pending.pop(path, None)
    if future is not None:
        future.exception()  # a failure is reported by mkdocs-jupyter's own run


def finish() -> None:
    """Wait for every rendering still under way (the workers stay, with nbconvert loaded)."""
    for path in list(_pending):
        wait_for(path)


def shutdown() -> None:
    global _pool
    for future in _pending.values():
        future.cancel()
    _pending.clear()
    if _pool is not None:
        _pool.shutdown(wait=True)
        _pool = None
