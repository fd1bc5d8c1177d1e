"""A page's rendered Markdown, kept between builds: a warm build converts no unchanged page.

Converting a lesson's Markdown (math, tables, claims, dozens of snippet blocks)
is most of a warm build's time, and it grows with every page. A page's render
is a function of its Markdown, the Markdown settings and packages, the engine's
code, the runs its blocks show (their keys), the claims its tests name (the
ledger) and the site's files (links resolve against them): the key covers all
of these, so a cached render is always the one this build would produce.

An entry keeps everything rendering produced: the HTML, the table of contents,
the title, the anchors (for MkDocs' anchor validation), and the side effects the
build relies on: the claims marked, the snippet paths the fence recorded, the
build report's rows, and the stashed markup the HTML's placeholders stand for.
A render that logged a warning is never stored (it would hide the warning). The
values are plain data: this module imports nothing from MkDocs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from engine.cache import SnippetCache


@dataclass
class RenderedPage:
    """What rendering one page produced, as plain data."""

    content: str
    toc: list[dict[str, Any]]  # tokens: {"level", "id", "name", "children"}
    title: str | None
    anchors: list[str]  # the ids the page defines
    links_to_anchors: dict[str, dict[str, str]]  # target page's src_uri -> {anchor: link}
    claims: list[list[str]] = field(default_factory=list)  # [id, text], in page order
    paths: list[str] = field(default_factory=list)  # the snippet files the fence showed
    blocks: list[dict[str, Any]] = field(default_factory=list)  # the build report's rows
    stashed: dict[str, str] = field(default_factory=dict)  # placeholder key -> markup


def page_key(src_uri: str, markdown: str, meta: dict[str, Any], context: str, run_keys: list[str]) -> str:
    """The key of one page's render: its own inputs, and the build's ``context`` (``build_context``)."""
    digest = hashlib.sha256(f"page\n{src_uri}\n{context}\n".encode())
    digest.update(json.dumps(meta, sort_keys=True, default=str).encode() + b"\0" + markdown.encode())
    digest.update("\n".join(run_keys).encode())
    return digest.hexdigest()


def build_context(*parts: str) -> str:
    """A hash of what every page's render depends on (settings, engine, ledger, the site's files)."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class PageCache:
    """Rendered pages by key, in the engine's cache folder."""

    def __init__(self, store: SnippetCache) -> None:
        self.store = store

    def get(self, key: str) -> RenderedPage | None:
        """The page rendered under ``key``, if it was kept."""
        value = self.store.get(key)
        return RenderedPage(**value) if isinstance(value, dict) else None

    def put(self, key: str, page: RenderedPage) -> None:
        """Keep ``page`` under ``key``."""
        self.store.put(key, asdict(page))
