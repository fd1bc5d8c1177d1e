"""Execute the companion notebooks in parallel, ahead of mkdocs-jupyter.

mkdocs-jupyter executes notebooks one after another, each in a fresh kernel,
while the main process also runs every snippet for the lesson pages. Here each
notebook that its cache lacks is executed in a worker process as soon as the
files are known (nbclient, fresh kernel, stdout merged per cell so the HTML
is the same on every build), rendered with mkdocs-jupyter's own function and
arguments, and written to its cache under its own key; when
mkdocs-jupyter reaches the page, it finds the entry. If a worker fails (a cell
raised), nothing is written, mkdocs-jupyter executes the notebook itself and
reports the error as usual. On 2 cores this overlaps notebook kernels with
page snippets, which is most of a cold build.
"""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from mkdocs_jupyter import plugin as jupyter_plugin

_pool: ProcessPoolExecutor | None = None
_pending: dict[str, Future] = {}


def _convert(path: str, options: dict, toc_depth: int, cache_path: str) -> None:
    # Execute with nbclient, then merge each cell's consecutive stdout messages: how a
    # kernel splits a long print into messages depends on timing, and would otherwise
    # make two builds of the same commit differ. Then render exactly as mkdocs-jupyter does.
    import nbformat
    from nbclient import NotebookClient
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        kernel_name=options["kernel_name"] or "python3",
        allow_errors=options["allow_errors"],
        timeout=600,
        resources={"metadata": {"path": str(Path(path).parent)}},
    ).execute()
    notebook, _ = CoalesceStreamsPreprocessor().preprocess(notebook, {})
    executed = Path(f"{cache_path}.ipynb")
    executed.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, executed)
    try:
        body = jupyter_plugin.convert.nb2html(str(executed), **{**options, "execute": False})
    finally:
        executed.unlink()
    toc_tokens, title = jupyter_plugin._get_nb_toc_tokens(path, toc_depth)
    entry = json.dumps({"content": body, "toc_tokens": toc_tokens, "title": title})
    temporary = Path(f"{cache_path}.tmp")
    temporary.parent.mkdir(parents=True, exist_ok=True)
    temporary.write_text(entry, encoding="utf-8")
    temporary.replace(cache_path)


def start(notebook_paths: list[str], jupyter_config) -> None:
    """Convert, in the background, every notebook whose cache entry is missing."""
    global _pool
    if not jupyter_config["cache"] or not jupyter_config["execute"] or jupyter_config["execute_ignore"]:
        return  # mkdocs-jupyter will not read what we would write
    options = {
        "execute": True,
        **{
            key: jupyter_config[key]
            for key in (
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
        },
    }
    for path in notebook_paths:
        key = jupyter_plugin._compute_cache_key(path, jupyter_config, True)
        cache_path = jupyter_plugin._get_cache_path(jupyter_config["cache_dir"], key)
        if cache_path.exists() or path in _pending:
            continue
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
        _pending[path] = _pool.submit(_convert, path, options, jupyter_config["toc_depth"], str(cache_path))


def wait_for(path: str) -> None:
    """Block until the background conversion of ``path`` (if any) has finished."""
    future = _pending.pop(path, None)
    if future is not None:
        future.exception()  # a failure is reported by mkdocs-jupyter's own run


def shutdown() -> None:
    global _pool
    for future in _pending.values():
        future.cancel()
    _pending.clear()
    if _pool is not None:
        _pool.shutdown(wait=True)
        _pool = None
