"""The cache store (engine/cache.py): what goes in comes out; anything corrupt or partial is dropped."""

from __future__ import annotations

from engine.cache import SnippetCache


def test_round_trip_and_corrupt_or_partial_entries_are_dropped(tmp_path):
    store = SnippetCache(tmp_path)
    store.put("ab" * 32, "<p>ok</p>")
    assert store.get("ab" * 32) == "<p>ok</p>"
    entry = tmp_path / "ab" / f"{'ab' * 32}.json"
    entry.write_text(entry.read_text().replace("ok", "tampered"))
    assert store.get("ab" * 32) is None and not entry.exists()
    store.put("cd" * 32, "<p>whole</p>")
    partial = tmp_path / "cd" / f"{'cd' * 32}.json"
    partial.write_text(partial.read_text()[:20])
    assert store.get("cd" * 32) is None and not partial.exists()
    assert store.get("ef" * 32) is None


def test_an_entry_under_another_key_is_not_served(tmp_path):
    store = SnippetCache(tmp_path)
    store.put("ab" * 32, {"stdout": "x"})
    moved = tmp_path / "cd" / f"{'cd' * 32}.json"
    moved.parent.mkdir()
    (tmp_path / "ab" / f"{'ab' * 32}.json").rename(moved)
    assert store.get("cd" * 32) is None, "the header names the key the value was stored under"
