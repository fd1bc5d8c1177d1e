"""The engine's one exception type (its own module, so importing it loads nothing heavy)."""


class SnippetError(Exception):
    """A snippet could not be shown: it raised, drew an undescribed figure, or showed nothing."""
