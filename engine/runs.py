"""This build's snippet runs: each file's results, from the cache or from one fresh run.

The lesson pages (engine/fence.py) and the companion notebooks
(engine/notebooks.py) both take a file's output from here, so each file runs at
most once per build, and both show the same run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import keys
from engine.cache import SnippetCache

# What one run shows, as stored: {"stdout": str, "figures": [{"alt", "light", "dark"}], "seconds": float}.
Result = dict[str, Any]


def figure_id(relative: str) -> str:
    """The prefix of a snippet's SVG ids: its path, so ids are unique on a page and stable."""
    return relative.removesuffix(".py").replace("/", "-")


@dataclass
class SnippetRuns:
    """Results by snippet path (relative to ``root``), with their keys; ``ran``: files run this build."""

    root: Path
    store: SnippetCache | None  # None: the cache is off
    memo_dir: Path | None  # where parsed imports and package owners are kept (None: nowhere)
    results: dict[str, tuple[Result, str]] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)

    def key(self, relative: str) -> str:
        """The run key of ``relative`` as the files are now."""
        return keys.run_key(
            self.root / relative, self.root, figure_id=figure_id(relative), memo_dir=self.memo_dir
        )

    def result(self, relative: str) -> tuple[Result, str]:
        """What running ``relative`` shows, and its key. Raises SnippetError when the file fails."""
        key = self.key(relative)
        known = self.results.get(relative)
        if known is not None and known[1] == key:
            return known
        result = self.store.get(key) if self.store else None
        if result is None:
            from engine.runner import run_snippet  # matplotlib and numpy load only when something runs

            run = run_snippet(self.root / relative, figure_id=figure_id(relative))
            result = {
                "stdout": run.stdout,
                "figures": [{"alt": f.alt, "light": f.light, "dark": f.dark} for f in run.figures],
                "seconds": run.seconds,
            }
            self.ran.append(relative)
            if self.store:
                self.store.put(key, result)
        self.results[relative] = (result, key)
        return result, key
