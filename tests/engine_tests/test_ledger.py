"""The ledger (engine/ledger.py): the four faults, each named with page or file, claim id and line."""

from __future__ import annotations

from engine.claim_tests import TestLedger
from engine.claims import Claim, TestRef
from engine.ledger import PageClaims, ledger_problems, report_html, shorten

SOURCE = "# Page\n\nFirst [a]{claim=one}.\n\nThen [b]{claim=two} and [c]{claim=one}.\n"


def page(claims: list[str], malformed: tuple[str, ...] = ()) -> PageClaims:
    return PageClaims("docs/page.md", SOURCE, [Claim("page", i, i) for i in claims], list(malformed))


def test_a_complete_ledger_has_no_problems():
    tests = TestLedger({"page/one": [TestRef("tests/test_p.py", "test_one", 3)]})
    assert ledger_problems({"page.md": page(["one"])}, tests) == []


def test_a_claim_with_no_test_names_page_line_and_id():
    [problem] = ledger_problems({"page.md": page(["one"])}, TestLedger())
    assert problem.startswith("docs/page.md:3: claim 'page/one' has no test")
    assert '@pytest.mark.claim("page/one")' in problem


def test_a_test_naming_a_claim_no_page_makes_names_its_file_line_and_id():
    tests = TestLedger({"page/gone": [TestRef("tests/test_p.py", "test_gone", 12)]})
    [problem] = ledger_problems({"page.md": page([])}, tests)
    assert problem.startswith("tests/test_p.py:12: test_gone names claim 'page/gone', which no page makes")


def test_an_id_used_twice_names_the_second_use():
    tests = TestLedger(
        {"page/one": [TestRef("tests/test_p.py", "t", 1)], "page/two": [TestRef("tests/test_p.py", "t", 1)]}
    )
    [problem] = ledger_problems({"page.md": page(["one", "two", "one"])}, tests)
    assert problem.startswith("docs/page.md:5: claim id 'page/one' is used twice on the page")


def test_a_malformed_marker_names_its_line():
    source = "Fine.\n\nBroken [x]{claim=Bad}.\n"
    [problem] = ledger_problems({"p.md": PageClaims("docs/p.md", source, [], ["{claim=Bad}"])}, TestLedger())
    assert problem.startswith("docs/p.md:3: malformed claim marker '{claim=Bad}'")


def test_the_report_lists_each_claim_with_its_text_and_tests_and_the_totals():
    tests = TestLedger(
        {"page/one": [TestRef("tests/test_p.py", "test_one", 3), TestRef("tests/test_q.py", "test_again", 9)]}
    )
    claims = PageClaims("docs/page.md", SOURCE, [Claim("page", "one", "the *MAP* is $\\hat p$")])
    html = report_html({"page.md": claims}, tests, {"page.md": ("The page", "../page/")})
    assert "1 claim on 1 page, asserted by 2 tests." in html
    assert '<a href="../page/">The page</a>' in html and 'href="../page/#claim-one"' in html
    assert 'the MAP is <span class="ledger-math">p̂</span>' in html  # its plain reading, not typeset
    assert "<code>test_<wbr>one</code>" in html and "tests/<wbr>test_<wbr>q.py" in html  # break points


def test_shorten_keeps_math_whole():
    text = "a " * 60 + "$x^2$"
    assert "…" in shorten(text) and "x^2" not in shorten(text)
    assert shorten("short $x^2$") == 'short <span class="ledger-math">x<sup>2</sup></span>'
