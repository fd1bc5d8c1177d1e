"""Course-wide checks that need no build: every snippet is shown, and the claim ledger is complete."""

from __future__ import annotations

import pytest
from sitebuild import ROOT

from engine import check_claims
from engine.fence import snippet_paths


def test_every_snippet_file_is_shown_on_a_page():
    """A snippet nobody shows is untested prose-wise and unreachable for readers."""
    shown = {
        path
        for page in (ROOT / "docs").rglob("*.md")
        for path in snippet_paths(page.read_text(encoding="utf-8"))
    }
    files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "snippets").glob("*/[a-z]*.py")}
    assert files - shown == set()


@pytest.mark.claim("index/every-claim-has-a-test")
def test_the_claim_ledger_is_complete(monkeypatch, capsys):
    """What the strict build enforces, checked in the fast layer too: every claim has a test, and back."""
    monkeypatch.chdir(ROOT)
    status = check_claims.main([])
    assert status == 0, capsys.readouterr().err
