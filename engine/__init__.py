"""Build tooling: runs snippet files for the site and for the tests (not lesson content)."""

from engine.errors import SnippetError

__all__ = ["SnippetError", "SnippetRun", "run_snippet"]


def __getattr__(name: str) -> object:
    # The runner pulls in matplotlib and numpy; load it only when it is asked for,
    # so a build whose blocks all come from the cache starts faster.
    if name in {"SnippetRun", "run_snippet"}:
        from engine import runner

        return getattr(runner, name)
    raise AttributeError(name)
