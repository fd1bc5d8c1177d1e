"""The fixture site's claim tests: read by its build (statically), never collected by pytest."""

import pytest
from snippets.fixture import hello


@pytest.mark.claim("lesson/sum-is-three")
def test_sum(run):
    assert "1 + 2 = 3" in run("snippets/fixture/hello.py").stdout


@pytest.mark.claim("lesson/last-is-four", "index/greeting-names-the-course")
def test_last_and_greeting():
    assert hello.total(2, 2) == 4
