"""This build's snippet runs: each file's results, from the cache or from one fresh run.

The lesson pages (engine/fence.py) and the companion notebooks
(engine/notebooks.py) both take a file's output from here, so each file runs at
most once per build, and both show the same run.

With a ``RunPool``, the files a build will need are handed to worker processes
as soon as they are known (``prefetch``), one per core by default, and a page
waits only for its own files. A run does not depend on where it happens: each
worker runs a file exactly as the main process would (engine/runner.py), so the
output, the figures and their SVG ids are the same for any number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import keys
from engine.cache import SnippetCache
from engine.errors import SnippetError

# What one run shows, as stored: {"stdout": str, "figures": [{"alt", "svg"}], "seconds": float}.
Result = dict[str, Any]


def figure_id(relative: str) -> str:
    """Prefix of a snippet's SVG ids: its path, so ids are unique on a page and stable."""
    return relative.removesuffix(".py").replace("/", "-")


def run_to_result(path: Path, relative: str) -> Result:
    """Run one snippet file and keep what the page shows (a worker process calls this too)."""
    from engine.runner import run_snippet  # matplotlib and numpy load only when something runs

    run = run_snippet(path, figure_id=figure_id(relative))
    return {
        "stdout": run.stdout,
        "figures": [{"alt": f.alt, "svg": f.svg} for f in run.figures],
        "seconds": run.seconds,
    }


def _warm_up() -> None:
    """Load what every run needs (numpy, matplotlib, the runner), so a worker's first run is fast."""
    import engine.runner  # noqa: F401


class RunPool:
    """Worker processes that run snippets; started on first use, kept across `mkdocs serve` rebuilds."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")  # a fresh interpreter, as `python file.py`
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._pool

    def warm(self) -> None:
        """Start the workers and load their imports now (`mkdocs serve`: before the first edit)."""
        if self._pool is None:
            executor = self._executor()
            for _ in range(self.workers):
                executor.submit(_warm_up)

    def submit(self, path: Path, relative: str) -> Future[Result]:
        """Start running ``path`` in a worker."""
        return self._executor().submit(run_to_result, path, relative)

    def shutdown(self) -> None:
        """Stop the workers (what is queued is cancelled)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@dataclass
class SnippetRuns:
    """Results by snippet path (relative to ``root``), with their keys; ``ran``: files run this build."""

    root: Path
    store: SnippetCache | None  # None: the cache is off
    memo_dir: Path | None  # where parsed imports and package owners are kept (None: nowhere)
    pool: RunPool | None = None  # None: run in this process, when asked
    results: dict[str, tuple[Result, str]] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)
    _pending: dict[str, tuple[str, Future[Result]]] = field(default_factory=dict)

    def exists(self, relative: str) -> bool:
        """Whether the snippet file is there to run."""
        return (self.root / relative).is_file()

    def key(self, relative: str) -> str:
        """Run key of ``relative`` as the files are now."""
        return keys.run_key(
            self.root / relative, self.root, figure_id=figure_id(relative), memo_dir=self.memo_dir
        )

    def prefetch(self, paths: list[str]) -> None:
        """Start, in the workers, every run among ``paths`` that the cache does not already hold."""
        if self.pool is None:
            return
        for relative in dict.fromkeys(paths):
            if relative in self._pending or not self.exists(relative):
                continue  # a missing file is reported by its page's fence
            key = self.key(relative)
            if self.store and self.store.has(key):
                continue  # (if the entry proves corrupt, result() runs the file here instead)
            self._pending[relative] = (key, self.pool.submit(self.root / relative, relative))

    def result(self, relative: str) -> tuple[Result, str]:
        """What running ``relative`` shows, and its key; raises SnippetError when the file fails."""
        key = self.key(relative)
        known = self.results.get(relative)
        if known is not None and known[1] == key:
            return known
        result = self.store.get(key) if self.store else None
        if result is None:
            result = self._run(relative, key)
            self.ran.append(relative)
            if self.store:
                self.store.put(key, result)
        self.results[relative] = (result, key)
        return result, key

    def _run(self, relative: str, key: str) -> Result:
        pending = self._pending.pop(relative, None)
        if pending is not None and pending[0] == key:  # started for these very bytes
            try:
                return pending[1].result()
            except BrokenProcessPool as error:
                raise SnippetError(f"{relative}: the worker running it stopped ({error})") from None
        return run_to_result(self.root / relative, relative)

    def cancel(self) -> None:
        """Drop the runs still queued (a build that failed does not need them)."""
        for _, future in self._pending.values():
            future.cancel()
        self._pending.clear()
