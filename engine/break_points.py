"""Where a long name (a file path, a test name) may wrap: after its separators, never mid-word."""

from __future__ import annotations

import html


def wrappable(name: str) -> str:
    """``name`` as HTML that may break after each / or _ (on a phone it wraps there, not mid-word)."""
    return html.escape(name).replace("/", "/<wbr>").replace("_", "_<wbr>")
