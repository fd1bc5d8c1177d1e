"""Claims in the Markdown (engine/claims.py): what a marker renders, what it records, what is malformed."""

from __future__ import annotations

import pytest
from markdown import Markdown

from engine.claims import ClaimRecorder, ClaimsExtension, TestRef, leftover_markers, mark_html
from engine.ledger import shorten

EXTENSIONS = [
    "admonition",
    "pymdownx.details",
    "pymdownx.superfences",
    "tables",
    "pymdownx.arithmatex",
    "pymdownx.inlinehilite",  # as the site has it: it stashes each code span as raw HTML
]


def convert(text: str, recorder: ClaimRecorder | None = None) -> tuple[str, ClaimRecorder]:
    recorder = recorder or ClaimRecorder()
    recorder.start_page("lesson")
    md = Markdown(
        extensions=[*EXTENSIONS, ClaimsExtension(recorder)],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    html = md.convert(text)
    return html, recorder


def test_a_claim_renders_its_text_as_markdown_and_is_recorded():
    html, recorder = convert(
        "The MAP is [between $a$ and *the* [MLE](mle.md), at `0.64`]{claim=map-between} here."
    )
    assert '<span class="claim" id="claim-map-between">between ' in html
    assert '<span class="arithmatex">\\(a\\)</span>' in html and "<em>the</em>" in html
    assert '<a href="mle.md">MLE</a>' in html and "<code>0.64</code>" in html
    assert "{claim" not in html
    [claim] = recorder.claims
    assert (claim.full_id, claim.text) == (
        "lesson/map-between",
        "between \\(a\\) and *the* [MLE](mle.md), at `0.64`",
    ), "the code span comes back as written, not as Markdown's placeholder"
    assert "<code>0.64</code>" in shorten(claim.text), "the build report's ledger shows it as code"


def test_claims_are_found_in_tables_lists_and_collapsed_blocks_in_page_order():
    text = (
        "[first]{claim=one}\n\n- [in a list]{claim=two}\n\n| a |\n|---|\n| [in a cell]{claim=three} |\n\n"
        '??? success "Answer"\n\n    [in a solution]{claim=four}\n\nand [last]{claim=five}.\n'
    )
    html, recorder = convert(text)
    assert [c.id for c in recorder.in_page_order(html)] == ["one", "two", "three", "four", "five"]


def test_brackets_that_are_not_claims_are_left_alone():
    html, recorder = convert("A [link](x.md), [plain brackets], a footnote-like [^1] and $[0, 1]$.")
    assert recorder.claims == [] and '<a href="x.md">link</a>' in html and "[plain brackets]" in html


def test_markers_in_code_are_not_claims_and_not_faults():
    html, recorder = convert("`[x]{claim=in-code}`\n\n```\n[y]{claim=in-block}\n```\n")
    assert recorder.claims == [] and leftover_markers(html) == []


@pytest.mark.parametrize(
    "marker",
    ["[x]{claim=Bad_Id}", "[x]{claim=}", "[x]{claim= spaced}", "[x]{claim=open", "lone {claim=no-brackets}"],
)
def test_a_malformed_marker_stays_visible_as_text_and_is_found(marker):
    html, recorder = convert(f"Before {marker} after.")
    assert recorder.claims == []
    [left] = leftover_markers(html)
    assert left.startswith("{claim")


def test_a_marker_in_raw_html_is_found_as_malformed():
    html, _ = convert('<div class="box">A [claim]{claim=in-raw-html} in raw HTML.</div>\n')
    assert leftover_markers(html) == ["{claim=in-raw-html}"]


def test_the_mark_names_each_test_and_is_a_described_button():
    recorder = ClaimRecorder(
        tests_for=lambda full_id: [TestRef("tests/test_x.py", f"test_{full_id[-3:]}", 3)]
    )
    html, _ = convert("[Shown]{claim=abc}.", recorder)
    assert '<button type="button" class="claim-mark"' in html
    assert 'aria-describedby="claim-tests-abc"' in html and 'id="claim-tests-abc" role="tooltip"' in html
    assert (
        'Checked by <span class="claim-test"><code>test_abc</code> in <code>tests/test_x.py</code></span>'
        in html
    )


def test_a_claim_without_test_is_marked_as_such():
    html = mark_html(convert("[x]{claim=lonely}")[1].claims[0], [])
    assert "claim-unchecked" in html and "No test names the claim <code>lesson/lonely</code>" in html


def test_the_recorder_can_hold_marks_out_of_the_page():
    recorder = ClaimRecorder(hold=lambda markup: "<!-- held -->")
    html, _ = convert("[x]{claim=held}", recorder)
    assert "<!-- held -->" in html and "claim-mark" not in html
