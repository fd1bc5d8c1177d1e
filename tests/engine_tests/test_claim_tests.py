"""Reading the tests statically (engine/claim_tests.py): which claims they name, and whether they count."""

from __future__ import annotations

import textwrap
from pathlib import Path

from engine.claim_tests import read_claim_tests


def ledger_of(tmp_path: Path, source: str, conftest: str = "", **options):
    tests = tmp_path / "tests"
    tests.mkdir(exist_ok=True)
    (tests / "test_page.py").write_text(textwrap.dedent(source))
    if conftest:
        (tests / "conftest.py").write_text(textwrap.dedent(conftest))
    return read_claim_tests(tests, tmp_path, **options)


def test_claims_named_by_decorators_are_read_with_their_tests(tmp_path):
    ledger = ledger_of(
        tmp_path,
        """
        import pytest
        from pytest import mark

        @pytest.mark.claim("page/one", "page/two")
        def test_a(run):
            pass

        @mark.claim("page/two")
        @pytest.mark.parametrize("x", [1, 2])
        def test_b(run, x):
            pass
        """,
    )
    assert ledger.problems == []
    assert [t.name for t in ledger.tests_for("page/one")] == ["test_a"]
    assert [t.name for t in ledger.tests_for("page/two")] == ["test_a", "test_b"]
    assert ledger.tests_for("page/one")[0].file == "tests/test_page.py"


def test_a_test_reaching_the_course_through_helpers_or_fixtures_counts(tmp_path):
    ledger = ledger_of(
        tmp_path,
        """
        import pytest
        from snippets.lesson import model as m

        def helper():
            return m.fit()

        @pytest.fixture
        def fitted():
            return helper()

        @pytest.mark.claim("page/direct")
        def test_direct():
            assert m.fit()

        @pytest.mark.claim("page/helper")
        def test_helper():
            assert helper()

        @pytest.mark.claim("page/fixture")
        def test_fixture(fitted):
            assert fitted

        @pytest.mark.claim("page/shared")
        def test_shared(served):
            assert served
        """,
        conftest="""
        import pytest
        from engine import run_snippet

        @pytest.fixture
        def served():
            return run_snippet("x.py")
        """,
    )
    assert ledger.problems == []
    assert set(ledger.tests) == {"page/direct", "page/helper", "page/fixture", "page/shared"}


def test_a_test_of_constants_or_scipy_alone_does_not_count(tmp_path):
    ledger = ledger_of(
        tmp_path,
        """
        import pytest
        from scipy.stats import norm

        @pytest.mark.claim("page/constants")
        def test_constants():
            assert 1 - 0.95**14 > 0.5

        @pytest.mark.claim("page/scipy")
        def test_scipy():
            assert norm.cdf(0) == 0.5
        """,
    )
    assert ledger.tests == {}
    assert len(ledger.problems) == 2
    assert (
        "tests/test_page.py:5: test_constants names claim page/constants but exercises none"
        in ledger.problems[0]
    )


def test_malformed_marks_are_reported_with_file_and_line(tmp_path):
    ledger = ledger_of(
        tmp_path,
        """
        import pytest

        pytestmark = pytest.mark.claim("page/module")

        @pytest.mark.claim
        def test_bare(run):
            pass

        @pytest.mark.claim("no-page-part", "page/Bad_Id", 3)
        def test_bad_ids(run):
            pass

        @pytest.mark.claim("page/ok", reason="x")
        def test_keyword(run):
            pass

        @pytest.mark.claim("page/fixture")
        @pytest.fixture
        def helper_fixture(run):
            return run
        """,
    )
    assert ledger.tests == {}
    text = "\n".join(ledger.problems)
    assert "tests/test_page.py:4: @pytest.mark.claim must decorate a test function" in text
    assert "tests/test_page.py:6: write @pytest.mark.claim(" in text
    assert "malformed claim id 'no-page-part'" in text and "malformed claim id 'page/Bad_Id'" in text
    assert "malformed claim id 3" in text
    assert "tests/test_page.py:14: write @pytest.mark.claim(" in text
    assert "tests/test_page.py:18: @pytest.mark.claim must decorate a test function" in text


def test_configured_fixtures_and_modules_count(tmp_path):
    source = """
        import pytest

        @pytest.mark.claim("page/browser")
        def test_browser(open_page):
            pass
        """
    assert ledger_of(tmp_path, source).tests == {}
    assert set(ledger_of(tmp_path, source, course_fixtures=["open_page"]).tests) == {"page/browser"}


def test_a_test_file_that_does_not_parse_is_reported(tmp_path):
    ledger = ledger_of(tmp_path, '@pytest.mark.claim("page/x")\ndef test_broken(:\n')
    assert ledger.problems and "tests/test_page.py:2: cannot read the tests" in ledger.problems[0]


def test_a_course_module_entry_may_name_one_function(tmp_path):
    source = """
        import pytest
        from sitebuild import ROOT, build

        @pytest.mark.claim("page/builds")
        def test_builds():
            assert build(ROOT, ROOT).returncode == 0

        @pytest.mark.claim("page/constant")
        def test_constant():
            assert ROOT.name
        """
    ledger = ledger_of(tmp_path, source, course_modules=["snippets", "sitebuild.build"])
    assert set(ledger.tests) == {"page/builds"}, "only build() counts, not every name of sitebuild"
    assert "test_constant names claim page/constant but exercises none" in ledger.problems[0]


def test_the_ledger_is_cached_by_the_tests_bytes_and_round_trips(tmp_path):
    from engine.claim_tests import TestLedger, tests_fingerprint

    source = '@pytest.mark.claim("page/a")\ndef test_a(run):\n    pass\n'
    ledger = ledger_of(tmp_path, source)
    assert TestLedger.from_json(ledger.to_json()) == ledger
    before = tests_fingerprint(tmp_path / "tests", ["snippets"], ["run"])
    assert tests_fingerprint(tmp_path / "tests", ["snippets"], ["run"]) == before
    assert tests_fingerprint(tmp_path / "tests", ["snippets"], ["run", "built_site"]) != before
    (tmp_path / "tests/test_page.py").write_text(source.replace("page/a", "page/b"))
    assert tests_fingerprint(tmp_path / "tests", ["snippets"], ["run"]) != before, "an edited test re-reads"
