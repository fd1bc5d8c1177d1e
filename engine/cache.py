"""A store of cached values that is never stale and never shows a corrupt entry.

Values are JSON (a snippet run's results, a block's finished HTML), one file per
key under ``.cache/``. The keys (engine/keys.py) cover everything that can
change a value, so an entry is only ever found by the exact code and settings
that produced it. An entry stores its key and a checksum of its value;
anything that does not verify is deleted and re-run. Deleting the folder is
always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` so that a reader sees the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


class SnippetCache:
    """JSON values by key, one file per entry, safe to delete."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        """Whether an entry is stored under ``key`` (not yet verified: ``get`` does that)."""
        return self._path(key).is_file()

    def get(self, key: str) -> Any:
        """The stored value, or None when there is none or it does not verify."""
        path = self._path(key)
        try:
            header, _, body = path.read_text(encoding="utf-8").partition("\n")
            entry = json.loads(header)
            valid = entry["key"] == key and entry["sha256"] == hashlib.sha256(body.encode()).hexdigest()
            value = json.loads(body) if valid else None
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            valid = False
        if not valid:  # corrupt or partial: never shown, re-run instead
            path.unlink(missing_ok=True)
            return None
        return value

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key``: a header line (key, checksum of the body), then the JSON."""
        body = json.dumps(value)
        header = json.dumps({"key": key, "sha256": hashlib.sha256(body.encode()).hexdigest()})
        write_atomically(self._path(key), f"{header}\n{body}")
