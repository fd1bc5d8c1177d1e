"""Build tooling: runs snippet files for the site and for the tests (not lesson content)."""

from engine.runner import SnippetError, SnippetRun, run_snippet

__all__ = ["SnippetError", "SnippetRun", "run_snippet"]
