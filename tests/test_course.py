"""Course-wide checks that need no build: every snippet is shown, the claim ledger is complete,
and every lesson ends the same way."""

from __future__ import annotations

import re

import pytest
import yaml
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


def _lessons() -> list[str]:
    """The lesson pages in the order of the nav's "Lessons" section."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    section = next(item["Lessons"] for item in config["nav"] if isinstance(item, dict) and "Lessons" in item)
    return [next(iter(entry.values())) for entry in section]


ENDING = ["Exercises", "Checkpoints", "Summary", "What comes next"]


@pytest.mark.parametrize("lesson", _lessons())
def test_every_lesson_ends_the_same_way_and_points_to_the_next(lesson):
    """Exercises, checkpoints, a summary, then "What comes next" linking the next lesson of the nav."""
    text = (ROOT / "docs" / lesson).read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[-len(ENDING) :] == ENDING, f"{lesson} ends with {headings[-len(ENDING) :]}"
    assert re.search(r'^    \?\?\? success "Answer"', text.split("## Checkpoints")[1], re.M), "answers"
    lessons = _lessons()
    following = lessons[lessons.index(lesson) + 1 :]
    if following:
        next_section = text.split("## What comes next", 1)[1]
        assert f"]({following[0]}" in next_section, f"{lesson} does not point to {following[0]}"
