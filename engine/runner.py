"""Run one snippet file the way a reader would, and keep what it shows.

This is the single runner of the project: the MkDocs build calls it to put
output and figures on a page, and pytest calls it to check the claims made
about that output. One runner, two callers.
"""

from __future__ import annotations

import contextlib
import io
import random
import sys
import time
import traceback
import types
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from engine.errors import SnippetError
from engine.figures import MissingAltText, RenderedFigure, render_figure
from engine.style import LIGHT_STYLE


@dataclass
class SnippetRun:
    """What one run of a snippet file produced."""

    path: Path
    stdout: str
    figures: list[RenderedFigure]
    namespace: dict[str, Any] = field(repr=False)
    seconds: float


def run_snippet(path: str | Path, *, figure_id: str | None = None) -> SnippetRun:
    """Execute ``path`` as ``__main__`` in a fresh namespace and collect its output.

    Everything the file prints is captured (prints inside its functions too),
    every figure it leaves open is rendered to SVG, and afterwards figures,
    rcParams and the legacy global random states are restored, so one run
    cannot change the next. ``figure_id`` prefixes the SVG element ids so
    several figures can share an HTML page.
    """
    path = Path(path)
    if not path.is_file():
        raise SnippetError(f"snippet file not found: {path}")
    prefix = figure_id or path.stem
    stdout = io.StringIO()
    plt.close("all")
    saved_random = (random.getstate(), np.random.get_state())  # noqa: NPY002 - guarding the legacy global state
    started = time.perf_counter()
    try:
        with (
            matplotlib.rc_context(cast(Any, LIGHT_STYLE)),
            warnings.catch_warnings(),
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stdout),
        ):
            # A warning in a lesson is a bug in the lesson: fail the build on it.
            warnings.simplefilter("error")
            try:
                namespace = _run_as_main(path)
            except SystemExit as exit_:
                if exit_.code not in (None, 0):
                    raise SnippetError(f"{path} exited with status {exit_.code}") from None
                namespace = {}
            except Exception as error:
                raise SnippetError(_snippet_traceback(error, path)) from None
            try:
                figures = [
                    render_figure(plt.figure(number), f"{prefix}-{index}")
                    for index, number in enumerate(plt.get_fignums(), start=1)
                ]
            except MissingAltText as error:
                raise SnippetError(f"{path}: {error}") from None
    finally:
        plt.close("all")
        random.setstate(saved_random[0])
        np.random.set_state(saved_random[1])  # noqa: NPY002 - guarding the legacy global state
    seconds = time.perf_counter() - started
    if not stdout.getvalue().strip() and not figures:
        raise SnippetError(
            f"{path} printed nothing and drew nothing. "
            'Does it end with an `if __name__ == "__main__":` block that prints or plots?'
        )
    return SnippetRun(path, stdout.getvalue(), figures, namespace, seconds)


def _run_as_main(path: Path) -> dict[str, Any]:
    """Execute the file as ``__main__`` the way a notebook cell runs it: a fresh module, no ``__file__``.

    Leaving ``__file__`` undefined makes code that would break in the companion
    notebook break here too, so the build reports it (naming page and file).
    The module stands in for ``sys.modules["__main__"]`` while it runs, as with
    ``python file.py``, so dataclasses and pickling inside a snippet work.
    """
    code = compile(path.read_bytes(), str(path.resolve()), "exec")
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = __builtins__
    saved_main = sys.modules.get("__main__")
    sys.modules["__main__"] = module
    try:
        exec(code, module.__dict__)
    finally:
        if saved_main is not None:
            sys.modules["__main__"] = saved_main
    return dict(module.__dict__)


def _snippet_traceback(error: BaseException, path: Path) -> str:
    """The traceback from the snippet's own frame down, without the runner's frames."""
    frames = traceback.extract_tb(error.__traceback__)
    resolved = str(path.resolve())
    start = next((i for i, frame in enumerate(frames) if frame.filename == resolved), 0)
    lines = traceback.format_list(frames[start:])
    lines += traceback.format_exception_only(type(error), error)
    return f"{path} raised {type(error).__name__}:\n" + "".join(lines)


if __name__ == "__main__":  # pragma: no cover - a convenience for authors
    for name in sys.argv[1:]:
        run = run_snippet(name)
        print(run.stdout, end="")
        print(f"[{len(run.figures)} figure(s), {run.seconds:.2f} s]")
