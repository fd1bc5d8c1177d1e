"""The snippet fence (engine/fence.py) on an in-memory Markdown: the HTML it renders, the warnings it logs.

No MkDocs here: a plain ``markdown.Markdown`` with superfences and the fence, as
markdown-exec tests its own fences. The site layer (tests/site_tests/) checks
the same behaviours through a real build.
"""

from __future__ import annotations

import logging
import re
import textwrap
from html import unescape as html_unescape
from pathlib import Path

import pytest
from markdown import Markdown

from engine.cache import SnippetCache
from engine.fence import SnippetFence, snippet_paths
from engine.runs import SnippetRuns
from engine.stash import Stash, UnknownPlaceholder

LOG = logging.getLogger("test-fence")

# Every form superfences accepts, each naming a different file: (markdown, path).
FORMS = {
    "backticks": ("```snippet\nsnippets/a.py\n```\n", "snippets/a.py"),
    "tildes": ("~~~snippet\nsnippets/b.py\n~~~\n", "snippets/b.py"),
    "longer fence": ("`````snippet\nsnippets/c.py\n`````\n", "snippets/c.py"),
    "in an admonition": ('!!! note "N"\n\n    ```snippet\n    snippets/d.py\n    ```\n', "snippets/d.py"),
    "in a tab": ('=== "Tab"\n\n    ~~~~snippet\n    snippets/e.py\n    ~~~~\n', "snippets/e.py"),
    "in a collapsed block": (
        '??? success "S"\n\n    ```snippet\n    snippets/f.py\n    ```\n',
        "snippets/f.py",
    ),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "snippets").mkdir()
    for name in "abcdef":
        (tmp_path / f"snippets/{name}.py").write_text(f'"""File {name}."""\nprint("output of {name}")\n')
    return tmp_path


def make_fence(project: Path, *, cached: bool = False) -> SnippetFence:
    store = SnippetCache(project / ".cache/snippets") if cached else None
    runs = SnippetRuns(project, store, memo_dir=None)
    return SnippetFence(
        project, runs, Stash(), LOG, block_store=store, render_fingerprint="test", page="lesson.md"
    )


def render(fence: SnippetFence, text: str) -> str:
    custom = {"name": "snippet", "class": "snippet", "validator": fence.validate, "format": fence.format}
    md = Markdown(
        extensions=["admonition", "attr_list", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"],
        extension_configs={
            "pymdownx.superfences": {"custom_fences": [custom]},
            "pymdownx.tabbed": {"alternate_style": True},
        },
    )
    return fence.stash.restore(md.convert(textwrap.dedent(text)))


@pytest.mark.parametrize("form", FORMS)
def test_every_fence_form_shows_the_file_and_its_output_and_is_recorded(project, form, caplog):
    text, path = FORMS[form]
    fence = make_fence(project)
    html = render(fence, text)
    assert f'<span class="filename">{path.replace("/", "/<wbr>")}</span>' in html, (
        "the source block, titled with its path"
    )
    source = (project / path).read_text().rstrip("\n")
    assert source in html_unescape(re.sub(r"<[^>]+>", "", html)), "the file, verbatim"
    assert f'<pre class="snippet-output"><code>output of {path[-4]}</code></pre>' in html, "its output"
    assert fence.paths == {"lesson.md": [path]}, "the fence records what it showed"
    assert [r.snippet for r in fence.blocks] == [path]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_record_keeps_page_order_and_the_lister_finds_the_same_paths(project):
    text = "\n".join(markdown for markdown, _ in FORMS.values())
    fence = make_fence(project)
    render(fence, text)
    expected = [path for _, path in FORMS.values()]
    assert fence.paths["lesson.md"] == expected
    assert snippet_paths(text, project) == expected, "one parser: tools list what the page shows"


def test_record_only_runs_nothing(project):
    fence = make_fence(project)
    fence.record_only = True
    render(fence, FORMS["backticks"][0])
    assert fence.paths == {"lesson.md": ["snippets/a.py"]} and fence.runs.ran == []


def warnings(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)


@pytest.mark.parametrize(
    ("opening", "named"),
    [
        ('```snippet title="x"', "title='x'"),
        ('```snippet hl_lines="1"', "hl_lines='1'"),
        ("```{.snippet .wide}", "class='wide'"),
        ("```{.snippet #main}", "id='main'"),
    ],
)
def test_a_fence_with_an_option_or_attribute_fails_loudly_naming_page_and_file(
    project, caplog, opening, named
):
    fence = make_fence(project)
    html = render(fence, f"{opening}\nsnippets/a.py\n```\n")
    logged = warnings(caplog)
    assert "lesson.md: snippets/a.py" in logged and named in logged
    assert "takes no options or attributes" in logged
    assert 'class="snippet-error"' in html and "output of a" not in html, "nothing runs, nothing is shown"


def test_a_missing_file_is_reported_with_page_and_path(project, caplog):
    fence = make_fence(project)
    html = render(fence, "```snippet\nsnippets/nope.py\n```\n")
    assert "lesson.md: snippets/nope.py" in warnings(caplog)
    assert "snippet file not found: snippets/nope.py" in warnings(caplog)
    assert 'class="snippet-error"' in html


def test_a_failing_snippet_is_reported_with_page_file_and_traceback(project, caplog):
    (project / "snippets/a.py").write_text('raise RuntimeError("injected")\n')
    fence = make_fence(project)
    html = render(fence, FORMS["backticks"][0])
    logged = warnings(caplog)
    assert "lesson.md: snippets/a.py" in logged and "RuntimeError: injected" in logged
    assert "RuntimeError: injected" in html, "under `serve` the page shows the error"


def test_figures_are_stashed_until_restored(project):
    (project / "snippets/a.py").write_text(
        "import matplotlib.pyplot as plt\nplt.plot([0, 1])\nplt.title('A line')\nplt.show()\n"
    )
    fence = make_fence(project)
    custom = {"name": "snippet", "class": "snippet", "validator": fence.validate, "format": fence.format}
    md = Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [custom]}},
    )
    raw = md.convert(FORMS["backticks"][0])
    assert "<svg" not in raw and "<!-- snippet-figure " in raw, "the search indexer never sees the SVG"
    restored = fence.stash.restore(raw)
    assert restored.count("<svg") == 1 and 'aria-label="A line"' in restored, "drawn once, described"


def test_a_cached_block_is_served_whole_without_running(project):
    first = make_fence(project, cached=True)
    html = render(first, FORMS["backticks"][0])
    assert first.runs.ran == ["snippets/a.py"]
    second = make_fence(project, cached=True)
    assert render(second, FORMS["backticks"][0]) == html
    assert second.runs.ran == [] and second.blocks[0].status == "cached"
    assert second.blocks[0].seconds == first.blocks[0].seconds, "a cached block keeps its run's time"
    assert second.blocks[0].key == first.blocks[0].key


def test_an_unknown_placeholder_is_an_error_not_left_in_the_page():
    with pytest.raises(UnknownPlaceholder, match="0123456789abcdef01234567"):
        Stash().restore("<p><!-- snippet-figure 0123456789abcdef01234567 --></p>")


def test_a_claims_mark_is_kept_on_one_line_with_the_word_before_it():
    stash = Stash()
    mark = stash.mark('<a class="claim-mark">✓</a>')
    page = f"<p>the MLE is 0.7{mark} and, after a tag,</p><em>x</em>{mark} then a space {mark}</p>"
    restored = stash.restore(page)
    kept = '<span class="claim-end">0.7<a class="claim-mark">✓</a></span>'
    assert restored.startswith(f"<p>the MLE is {kept} and,"), restored
    assert restored.count("claim-end") == 1, "no word to keep after a tag or a space"
    run = "x" * 5_000  # a long unbroken run (an inline config, a URL) is one word, kept whole
    expected = f'<p><span class="claim-end">{run}<a class="claim-mark">✓</a></span></p>'
    assert stash.restore(f"<p>{run}{mark}</p>") == expected
