"""Faults that must fail the strict build, each injected into a copy of the engine's fixture site.

Every message names the page and the file (and for the claim ledger, the claim
id). The fixture site (tests/site_tests/fixture_site) is small, so each broken
build takes a couple of seconds, and no lesson file is ever edited.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sitebuild import build, copy_fixture

HELLO = "snippets/fixture/hello.py"


def _edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text()
    assert old in text, f"fault injection needs {old!r} in {relative}"
    path.write_text(text.replace(old, new, 1))


def _append(project: Path, relative: str, text: str) -> None:
    path = project / relative
    path.write_text(path.read_text() + text)


FAULTS: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "snippet raises": (
        lambda p: _edit(p, HELLO, '    print("hello', '    raise RuntimeError("injected")\n    print("hello'),
        ["lesson.md", HELLO, "RuntimeError: injected"],
    ),
    "missing snippet file": (
        lambda p: _append(p, "docs/lesson.md", "\n```snippet\nsnippets/fixture/no_such.py\n```\n"),
        ["lesson.md", "snippet file not found: snippets/fixture/no_such.py"],
    ),
    "broken anchor": (
        lambda p: _append(p, "docs/index.md", "\nSee [nowhere](lesson.md#no-such-section).\n"),
        ["index.md", "no-such-section"],
    ),
    "figure without alt text": (
        lambda p: _edit(p, "snippets/fixture/figure.py", '    fig.suptitle("A parabola")\n', ""),
        ["lesson.md", "snippets/fixture/figure.py", "no alt text"],
    ),
    "snippet shows nothing": (
        lambda p: _edit(p, HELLO, 'if __name__ == "__main__":', 'if __name__ == "__never__":'),
        ["lesson.md", HELLO, "printed nothing and drew nothing"],
    ),
    "code that would fail in a notebook": (
        # A Jupyter kernel has no __file__; the runner leaves it undefined too.
        lambda p: _append(
            p, HELLO, '\nif "__file__" not in globals():\n    raise RuntimeError("only in a notebook")\n'
        ),
        ["lesson.md", HELLO, "only in a notebook"],
    ),
    "snippet fence with an option": (
        lambda p: _edit(
            p, "docs/lesson.md", "Backticks:\n\n```snippet", 'Backticks:\n\n```snippet title="x"'
        ),
        ["lesson.md", HELLO, "takes no options or attributes", "title='x'"],
    ),
    "snippet fence with attributes": (
        lambda p: _edit(p, "docs/lesson.md", "Backticks:\n\n```snippet", "Backticks:\n\n```{.snippet .wide}"),
        ["lesson.md", HELLO, "takes no options or attributes", "class='wide'"],
    ),
    "unknown stash placeholder": (
        lambda p: _append(p, "docs/index.md", "\n<!-- snippet-figure 0123456789abcdef01234567 -->\n"),
        ["index.md", "0123456789abcdef01234567", "has no stashed markup"],
    ),
    "front-end packages not installed": (
        lambda p: _edit(
            p,
            "mkdocs.yml",
            "      tests_dir: tests\n",
            "      tests_dir: tests\n"
            "      npm_assets:\n        left-pad/index.js: left-pad/index.js\n",
        ),
        ["node_modules/left-pad/index.js", "run `npm ci`"],
    ),
    "formula KaTeX cannot parse": (
        lambda p: _append(p, "docs/lesson.md", "\nA broken formula: $\\frac{1}{$.\n"),
        ["lesson.md", "KaTeX cannot typeset the formula", "\\frac{1}{"],
    ),
    "claim without a test": (
        lambda p: _append(p, "docs/lesson.md", "\n[Squares grow]{claim=squares-grow}.\n"),
        ["docs/lesson.md:", "claim 'lesson/squares-grow' has no test"],
    ),
    "test naming a claim no page makes": (
        lambda p: _edit(
            p, "tests/test_fixture_claims.py", '"lesson/sum-is-three"', '"lesson/sum-is-three", "lesson/gone"'
        ),
        ["tests/test_fixture_claims.py:", "test_sum names claim 'lesson/gone', which no page makes"],
    ),
    "claim id used twice": (
        lambda p: _append(p, "docs/lesson.md", "\nAgain, [the sum is three]{claim=sum-is-three}.\n"),
        ["docs/lesson.md:", "claim id 'lesson/sum-is-three' is used twice"],
    ),
    "malformed claim marker on a page": (
        lambda p: _append(p, "docs/lesson.md", "\n[Squares grow]{claim=Squares_Grow}.\n"),
        ["docs/lesson.md:", "malformed claim marker '{claim=Squares_Grow}'"],
    ),
    "malformed claim mark in a test": (
        lambda p: _edit(p, "tests/test_fixture_claims.py", '"lesson/sum-is-three"', '"sum-is-three"'),
        ["tests/test_fixture_claims.py:", "malformed claim id 'sum-is-three'"],
    ),
    "claim test exercising none of the course's code": (
        lambda p: _edit(
            p, "tests/test_fixture_claims.py", "    assert hello.total(2, 2) == 4", "    assert 2 + 2 == 4"
        ),
        [
            "tests/test_fixture_claims.py:",
            "test_last_and_greeting names claim",
            "exercises none of the course's code",
        ],
    ),
}


@pytest.mark.claim("index/broken-snippet-breaks-the-build", "index/every-claim-has-a-test")
@pytest.mark.parametrize("fault", FAULTS)
def test_fault_fails_the_strict_build_with_a_clear_message(tmp_path, fault):
    inject, expected = FAULTS[fault]
    project = copy_fixture(tmp_path / "project")
    inject(project)
    result = build(project, tmp_path / "site")
    assert result.returncode != 0, f"the build passed despite: {fault}"
    for text in expected:
        assert text in result.stderr, f"{text!r} missing from the build log:\n{result.stderr}"
