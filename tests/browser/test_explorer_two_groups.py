"""The two-groups explorer (docs/explore/two-groups.md): every number it shows equals SciPy's, and
every claim its page makes holds on the running explorer.

Tolerances, as the page states them:
- exact quantities (rates, the permutation p-values, the posteriors' shapes, P(B > A)): relative
  1e-9 of SciPy (1e-7 at ten million visitors, where ln C(2·10⁷, 10⁷) ≈ 1.4·10⁷ leaves about 1e-9
  of rounding in each log-probability), and the shown text correctly rounded;
- the bootstrap (9999 seeded resamples): each end's share of the exact bootstrap distribution is
  within four Monte Carlo standard errors, 4·sqrt(q(1 − q)/9999), of 2.5% and 97.5%, and the
  standard deviation within 4/sqrt(2·9999) (relative) of the exact one.
Screenshots of each state go to $EXPLORER_SHOTS (default tests/output/screenshots).
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import numpy as np
import pytest
from harness import SCREENSHOTS, scroll_to_each_control, walk_controls_by_keyboard
from scipy import integrate, special, stats
from test_explorer_layout import BAD_WORDING, SMALLEST_TEXT_PX, VIEWPORTS, _overlap
from test_explorers import (
    Chart,
    _assert_no_nonsense,
    _check_log10,
    _decimals,
    _number,
    _outputs,
    _scientific,
    _type,
)
from test_pages import _axe_serious

from snippets.two_groups.bayes_ab import prob_b_beats_a
from snippets.two_groups.permutation_test import exact_permutation_p_value

pytestmark = pytest.mark.browser

PAGE = "explore/two-groups/"
ROOT = "#two-groups-explorer"
SHOTS = Path(os.environ.get("EXPLORER_SHOTS", SCREENSHOTS))
RESAMPLES = 9999
BIG = 10_000_000

# (n_A, x_A, n_B, x_B): what each case is about.
CASES = [
    (1000, 103, 1000, 129, "the lesson's data, the page's default"),
    (200, 20, 300, 45, "unequal groups, an exact tie on the other side"),
    (10, 0, 10, 2, "small samples: 0 in 10 against 2 in 10"),
    (500, 0, 500, 12, "0 successes in A"),
    (500, 0, 500, 0, "0 successes in both"),
    (200, 200, 300, 300, "all successes in both"),
    (40, 40, 60, 51, "all successes in A"),
    (0, 0, 300, 30, "no visitors in A"),
    (0, 0, 0, 0, "no visitors at all"),
    (1, 1, 1, 0, "one visitor each"),
    (100000, 31234, 90000, 28500, "large groups"),
    (BIG, 1_000_000, BIG, 1_001_000, "ten million visitors each, a small difference"),
    (BIG, 0, BIG, BIG, "ten million each, rates 0% and 100%: p far below 10⁻³⁰⁸"),
    (BIG, 123_456, 7_654_321, 95_000, "huge unequal groups"),
]


# --- what SciPy says ------------------------------------------------------------------------


def permutation_expected(n_a, x_a, n_b, x_b) -> dict[str, float]:
    """The exact permutation p-values from scipy.stats.hypergeom, as numbers and natural logs."""
    n, k_total = n_a + n_b, x_a + x_b
    dist = stats.hypergeom(n, k_total, n_b)
    lo, hi = max(0, k_total - n_a), min(k_total, n_b)
    # The hypergeometric variance, by its formula (scipy divides by zero when K is 0 or N).
    sd = math.sqrt(n_b * k_total * (n - k_total) * (n - n_b) / (n * n * (n - 1))) if n > 1 else 0.0
    width = int(60 * sd) + 2000

    def log_sum(first: int, last: int) -> float:
        if first > last:
            return -math.inf
        if lo == hi:  # no conversions, or all: a single possible count
            return 0.0
        return float(special.logsumexp(dist.logpmf(np.arange(first, last + 1))))

    def log_upper(k: int) -> float:  # P(X ≥ k): from k up while the terms matter
        return log_sum(max(k, lo), min(hi, max(k, lo) + width))

    def log_lower(k: int) -> float:
        return log_sum(max(lo, min(k, hi) - width), min(k, hi))

    gap = abs(x_b * n - k_total * n_b)  # whole numbers: ties are ties
    if gap == 0:
        log_two = 0.0
    else:
        upper = -((-(k_total * n_b + gap)) // n)
        lower = (k_total * n_b - gap) // n
        log_two = min(0.0, float(np.logaddexp(log_lower(lower), log_upper(upper))))
    log_one = min(0.0, log_upper(x_b))
    return {"two": math.exp(log_two), "log-two": log_two, "one": math.exp(log_one), "log-one": log_one,
            "sd": sd * n / (n_a * n_b)}  # fmt: skip


def _log_prob_b_beats_a(a_a: int, b_a: int, a_b: int, b_b: float) -> float:
    """ln P(p_B > p_A) by the lesson's finite sum (a_b whole), in logs, for any size (in chunks of
    a million terms, so that ten million take little memory)."""
    chunks = []
    for first in range(0, a_b, 1_000_000):
        i = np.arange(first, min(a_b, first + 1_000_000))
        terms = special.betaln(a_a + i, b_a + b_b) - np.log(b_b + i) - special.betaln(1 + i, b_b)
        chunks.append(special.logsumexp(terms))
    return float(special.logsumexp(chunks) - special.betaln(a_a, b_a))


def bayes_expected(n_a, x_a, n_b, x_b) -> dict[str, float]:
    """P(p_B > p_A) with uniform priors: the lesson's finite sum both ways, and scipy's quad when
    the posteriors are wide enough for it."""
    post_a, post_b = (1 + x_a, 1 + n_a - x_a), (1 + x_b, 1 + n_b - x_b)
    log_p = _log_prob_b_beats_a(*post_a, *post_b)
    log_q = _log_prob_b_beats_a(*post_b, *post_a)
    p, q = math.exp(log_p), math.exp(log_q)
    # The two sums are complements (to 1e-7 at ten million visitors: scipy's betaln of numbers
    # near 10⁷ is itself rounded to about 1e-9 of its size in the millions).
    assert p + q == pytest.approx(1, abs=1e-7 if max(n_a, n_b) > 1e6 else 1e-9), "complements"
    if max(n_a, n_b) <= 1000:  # the same by scipy: the lesson's function and a quadrature
        assert prob_b_beats_a(*post_a, *post_b) == pytest.approx(p, rel=1e-9)
        quad, _ = integrate.quad(
            lambda x: stats.beta.pdf(x, *post_b) * stats.beta.cdf(x, *post_a), 0, 1,
            points=[post_a[0] / sum(post_a), post_b[0] / sum(post_b)], limit=400, epsabs=1e-14,
        )  # fmt: skip
        assert quad == pytest.approx(p, rel=1e-8, abs=1e-13)
    return {"p": p, "q": q, "log-p": log_p, "log-q": log_q, "post-a": post_a, "post-b": post_b}


def bootstrap_cdf(n_a, x_a, n_b, x_b, t: np.ndarray) -> np.ndarray:
    """P(D* ≤ t) for the exact bootstrap distribution D* = X_B/n_B − X_A/n_A, X ~ Binomial(n, x/n):
    a sum over A's counts of binomial probabilities times B's binomial CDF (whole-number cut-offs)."""
    if x_a in (0, n_a):  # A's resamples all equal the data
        k_a, weights = np.array([x_a]), np.array([1.0])
    else:
        dist_a = stats.binom(n_a, x_a / n_a)
        lo, hi = (int(v) for v in dist_a.ppf([1e-15, 1 - 1e-15]))
        k_a = np.arange(max(0, lo - 1), min(n_a, hi + 1) + 1)
        weights = dist_a.pmf(k_a)
    # D* ≤ t  ⇔  k_B·n_A ≤ t·n_A·n_B + k_A·n_B; t is a value of the page, rounding allowed for
    # (less than a quarter of the smallest step of k_B·n_A / n_A).
    slack = min(1e-6, 0.25 / n_a)
    cut = np.floor((np.asarray(t)[:, None] * n_a * n_b + k_a[None, :] * n_b) / n_a + slack)
    return (stats.binom.cdf(cut, n_b, x_b / n_b) * weights).sum(axis=1)


def _check_bootstrap(case: str, n_a, x_a, n_b, x_b, low: float, high: float, sd: float) -> None:
    """Each end's share of the exact bootstrap distribution is within 4 MC s.e. of 2.5% / 97.5%."""
    step = 1 / (n_a * n_b)  # the smallest change of a resampled difference
    for end, q in ((low, 0.025), (high, 0.975)):
        band = 4 * math.sqrt(q * (1 - q) / RESAMPLES)
        at, below = bootstrap_cdf(n_a, x_a, n_b, x_b, np.array([end, end - step / 2]))
        assert at >= q - band and below <= q + band, (case, end, q, at, below)
    exact_sd = math.sqrt(x_a * (n_a - x_a) / n_a**3 + x_b * (n_b - x_b) / n_b**3)
    assert sd == pytest.approx(exact_sd, rel=4 / math.sqrt(2 * RESAMPLES), abs=1e-15), (case, sd, exact_sd)


# --- reading the page --------------------------------------------------------------------------


def _shown(text: str, expected: float, decimals: int, scale: float = 100) -> bool:
    return _decimals(text) == decimals and abs(_number(text) - scale * expected) <= 0.5 * 10**-decimals + 1e-9


def _check_p(case: str, value: str, text: str, log10: str, expected: float, log_expected: float, rel: float):
    assert float(log10) == pytest.approx(log_expected / math.log(10), rel=rel, abs=1e-12), (case, log10)
    if expected >= 1e-4:
        assert float(value) == pytest.approx(expected, rel=rel, abs=1e-15), (case, value, expected)
        assert _shown(text, expected, 4, scale=1), (case, text, expected)
    else:  # three significant digits from the log, however small
        _check_log10(case, text, log_expected / math.log(10))


def _check_probability(case: str, page, expected, rel: float) -> None:
    value, text = _outputs(page, ROOT)["tg-prob"]
    p, q = expected["p"], expected["q"]
    assert float(value) == pytest.approx(p, rel=rel, abs=1e-15), (case, value, p)
    shown_q = float(page.locator("#tg-prob").get_attribute("data-q"))
    assert shown_q == pytest.approx(q, rel=rel, abs=1e-15), (case, shown_q, q)
    if p < 0.001:
        _check_log10(case, text, expected["log-p"] / math.log(10))
    elif q < 0.001:
        assert text.startswith("1 \u2212 "), (case, text)
        _check_log10(case, text.removeprefix("1 \u2212 "), expected["log-q"] / math.log(10))
    else:
        assert _shown(text, p, 4, scale=1), (case, text, p)


MISSING = re.compile(r"no [\w ]+: (group [AB] has no visitors|neither group has visitors)")


def check_case(page, n_a, x_a, n_b, x_b, case: str) -> dict:
    """Every output against SciPy; returns what was expected."""
    outputs = _outputs(page, ROOT)
    rel = 1e-7 if max(n_a, n_b) > 1e6 else 1e-9
    for name, n, x in (("a", n_a, x_a), ("b", n_b, x_b)):
        value, text = outputs[f"tg-rate-{name}"]
        if n == 0:
            assert value == "none" and text == f"no rate: group {name.upper()} has no visitors", (case, text)
        else:
            assert float(value) == x / n and _shown(text, x / n, 2), (case, name, text)
    bayes = bayes_expected(n_a, x_a, n_b, x_b)
    assert [float(outputs[f"tg-post-{g}{s}"][0]) for g in "ab" for s in "ab"] == [
        *bayes["post-a"],
        *bayes["post-b"],
    ]
    _check_probability(case, page, bayes, rel)
    if min(n_a, n_b) == 0:
        for name in ("diff", "perm-two", "perm-one", "boot-none", "boot-sd"):
            value, text = outputs[f"tg-{name}"]
            assert value == "none" and MISSING.fullmatch(text), (case, name, text)
        assert not page.locator("#tg-boot-range").is_visible()
        _assert_no_nonsense(page, ROOT)
        return {"bayes": bayes}
    diff = x_b / n_b - x_a / n_a
    value, text = outputs["tg-diff"]
    assert float(value) == pytest.approx(diff, rel=1e-12, abs=1e-15) and _shown(text, diff, 2), (case, text)
    perm = permutation_expected(n_a, x_a, n_b, x_b)
    if max(n_a, n_b) <= 1000:  # the lesson's own exact function agrees
        assert exact_permutation_p_value(x_a, n_a, x_b, n_b) == pytest.approx(perm["two"], rel=1e-9)
        assert exact_permutation_p_value(x_a, n_a, x_b, n_b, False) == pytest.approx(perm["one"], rel=1e-9)
    for side in ("two", "one"):
        value, text = outputs[f"tg-perm-{side}"]
        log10 = page.locator(f"#tg-perm-{side}").get_attribute("data-log10")
        _check_p(case, value, text, log10, perm[side], perm[f"log-{side}"], rel)
    low, high, sd = (float(outputs[f"tg-boot-{e}"][0]) for e in ("lo", "hi", "sd"))
    for end in ("lo", "hi", "sd"):
        assert _shown(outputs[f"tg-boot-{end}"][1], float(outputs[f"tg-boot-{end}"][0]), 2), (case, end)
    _check_bootstrap(case, n_a, x_a, n_b, x_b, low, high, sd)
    _assert_no_nonsense(page, ROOT)
    return {"bayes": bayes, "perm": perm, "boot": (low, high, sd)}


@pytest.fixture
def tg_page(open_page):
    page, watched = open_page(PAGE)
    page.locator(f"{ROOT}[data-explorer-ready]").wait_for()
    yield page
    assert watched.blocked == []
    assert watched.console_errors == []


def _set(page, values: dict[str, int]) -> None:
    """Type the counts, visitors first when they grow and conversions first when they shrink, so that
    each step is consistent (a refused step would be fine too; this keeps the test quick)."""
    _type(page, values, "tg")


# --- the numbers -----------------------------------------------------------------------------


@pytest.mark.claim(
    "explore/two-groups/checked-against-scipy",
    "explore/two-groups/three-answers",
    "explore/two-groups/permutation-exact",
    "explore/two-groups/ties-counted",
    "explore/two-groups/tiny-p-from-log",
    "explore/two-groups/bootstrap-percentile",
    "explore/two-groups/bootstrap-within-error",
    "explore/two-groups/prob-by-integration",
    "explore/index/checked-against-scipy",
    "explore/index/two-groups-results",
)
def test_two_groups_shows_what_scipy_computes(tg_page):
    page = tg_page
    for n_a, x_a, n_b, x_b, about in CASES:
        case = f"A {x_a}/{n_a} B {x_b}/{n_b} ({about})"
        _set(page, {"xa": 0, "xb": 0})
        _set(page, {"na": n_a, "nb": n_b, "xa": x_a, "xb": x_b})
        expected = check_case(page, n_a, x_a, n_b, x_b, case)
        if "perm" in expected and expected["perm"]["log-two"] < math.log(1e-308):
            assert float(_outputs(page, ROOT)["tg-perm-two"][0]) == 0, "the number underflows..."
            _, exponent = _scientific(_outputs(page, ROOT)["tg-perm-two"][1])  # ...the text does not
            assert exponent < -308, case


@pytest.mark.claim("explore/two-groups/starts-with-lesson-data", "explore/two-groups/shuffles-within-error")
def test_two_groups_starts_with_the_lessons_data_and_numbers(tg_page, run):
    page = tg_page
    assert [page.locator(f"#tg-{name}").input_value() for name in ("na", "xa", "nb", "xb")] == [
        "1000", "103", "1000", "129"]  # fmt: skip
    permutation = run("snippets/two_groups/permutation_test.py").stdout
    assert "A: 103/1000, B: 129/1000" in permutation, "the lesson's data"
    expected = check_case(page, 1000, 103, 1000, 129, "default")
    outputs = _outputs(page, ROOT)
    for side, name in (("two-sided", "perm-two"), ("one-sided", "perm-one")):
        line = re.search(rf"{side}: permutation p (\S+) ± (\S+), exact (\S+),", permutation)
        shuffled, se, _ = (float(v) for v in line.groups())
        assert outputs[f"tg-{name}"][1] == line.group(3), "the lesson's exact p-value, as printed"
        assert abs(shuffled - float(outputs[f"tg-{name}"][0])) <= 3 * se, (side, "within three MC s.e.")
    bayes = run("snippets/two_groups/bayes_ab.py").stdout
    exact_sum = re.search(r"exact sum (\S+),", bayes).group(1)
    assert (
        f"{float(outputs['tg-prob'][0]):.6f}" == exact_sum
        and outputs["tg-prob"][1] == f"{float(exact_sum):.4f}"
    )
    assert "A ~ Beta(104, 898), B ~ Beta(130, 872)" in bayes
    assert [outputs[f"tg-post-{s}"][1] for s in ("aa", "ab", "ba", "bb")] == ["104", "898", "130", "872"]
    boot = run("snippets/two_groups/bootstrap_intervals.py").stdout
    lesson = [float(v) for v in re.search(r"95% percentile: +\[(\S+), (\S+)\]", boot).groups()]
    lesson_sd = float(re.search(r"bootstrap samples: mean \S+, sd (\S+)", boot).group(1))
    low, high, sd = expected["boot"]
    # Two estimates from 9999 resamples each: within 3·√2 MC s.e. of each other, plus one click
    # (the lattice step of B − A, 0.001) and the lesson's rounding to four decimals.
    for mine, theirs, q in ((low, lesson[0], 0.025), (high, lesson[1], 0.975)):
        density = stats.norm.pdf(stats.norm.ppf(q)) / expected["perm"]["sd"]
        tolerance = 3 * math.sqrt(2) * math.sqrt(q * (1 - q) / RESAMPLES) / density + 0.001 + 5e-5
        assert abs(mine - theirs) <= tolerance, (mine, theirs, tolerance)
    assert sd == pytest.approx(lesson_sd, abs=3 * math.sqrt(2) * sd / math.sqrt(2 * RESAMPLES) + 5e-5)


@pytest.mark.claim("explore/two-groups/bootstrap-within-error")
def test_two_groups_bootstrap_agrees_with_scipy_bootstrap(tg_page):
    page = tg_page
    rng = np.random.default_rng(2)
    for n_a, x_a, n_b, x_b in [(1000, 103, 1000, 129), (200, 20, 300, 45), (40, 12, 60, 9)]:
        _set(page, {"xa": 0, "xb": 0})
        _set(page, {"na": n_a, "nb": n_b, "xa": x_a, "xb": x_b})
        outputs = _outputs(page, ROOT)
        mine = [float(outputs[f"tg-boot-{e}"][0]) for e in ("lo", "hi")]
        a = np.repeat([1, 0], [x_a, n_a - x_a])
        b = np.repeat([1, 0], [x_b, n_b - x_b])
        scipy_ends = stats.bootstrap(
            (a, b), lambda u, v, axis: v.mean(axis=axis) - u.mean(axis=axis), n_resamples=RESAMPLES,
            method="percentile", rng=rng, batch=1000,
        ).confidence_interval  # fmt: skip
        sd = math.sqrt(x_a * (n_a - x_a) / n_a**3 + x_b * (n_b - x_b) / n_b**3)
        for q, one, other in zip((0.025, 0.975), mine, scipy_ends, strict=True):
            # Two estimates from 9999 resamples each (normal approximation to the density at the
            # quantile): within 3·√2 Monte Carlo s.e. of each other, plus one lattice step.
            density = stats.norm.pdf(stats.norm.ppf(q)) / sd
            step = math.gcd(n_a, n_b) / (n_a * n_b)
            tolerance = 3 * math.sqrt(2) * math.sqrt(q * (1 - q) / RESAMPLES) / density + step
            assert abs(one - other) <= tolerance, ((n_a, x_a, n_b, x_b), q, one, other, tolerance)


@pytest.mark.claim("explore/two-groups/same-seed")
def test_two_groups_same_counts_give_the_same_interval(tg_page):
    page = tg_page
    first = {k: v for k, v in _outputs(page, ROOT).items() if k.startswith("tg-boot")}
    page.focus("#tg-xb-range")
    for key in ("ArrowRight", "ArrowRight", "PageUp", "PageDown", "ArrowLeft", "ArrowLeft"):
        page.keyboard.press(key)
        if key == "PageUp":
            assert {k: v for k, v in _outputs(page, ROOT).items() if k.startswith("tg-boot")} != first
    assert page.locator("#tg-xb").input_value() == "129"
    assert {k: v for k, v in _outputs(page, ROOT).items() if k.startswith("tg-boot")} == first
    twice = page.evaluate(
        """async () => {
            const S = await import(new URL("../../assets/javascripts/explorers/stats.js", location.href));
            return [S.bootstrapInterval(1000, 103, 1000, 129), S.bootstrapInterval(1000, 103, 1000, 129)];
        }"""
    )
    assert twice[0] == twice[1]
    assert (
        float(first["tg-boot-lo"][0]) == twice[0]["low"] and float(first["tg-boot-hi"][0]) == twice[0]["high"]
    )


# --- the edges -------------------------------------------------------------------------------


@pytest.mark.claim("explore/two-groups/zero-successes")
def test_two_groups_zero_successes_in_a_group(tg_page):
    page = tg_page
    _set(page, {"xa": 0})
    check_case(page, 1000, 0, 1000, 129, "A 0/1000")
    note = page.locator("#tg-boot-note").inner_text()
    assert note.startswith("Group A's rate is 0%: every resample of A has the same rate"), note
    low, high = (float(_outputs(page, ROOT)[f"tg-boot-{e}"][0]) for e in ("lo", "hi"))
    b_alone = stats.binom(1000, 0.129).ppf([0.025, 0.975]) / 1000  # the interval of B alone
    assert low == pytest.approx(b_alone[0], abs=0.004) and high == pytest.approx(b_alone[1], abs=0.004)
    _set(page, {"xa": 103})
    assert page.locator("#tg-boot-note").inner_text() == ""


@pytest.mark.claim("explore/two-groups/all-successes")
def test_two_groups_all_successes(tg_page):
    page = tg_page
    _set(page, {"na": 200, "xa": 200, "nb": 300, "xb": 300})
    check_case(page, 200, 200, 300, 300, "all converted")
    outputs = _outputs(page, ROOT)
    assert float(outputs["tg-perm-two"][0]) == 1 and outputs["tg-perm-two"][1] == "1.0000"
    assert outputs["tg-boot-lo"] == outputs["tg-boot-hi"] and float(outputs["tg-boot-sd"][0]) == 0
    assert page.locator("#tg-perm-note").inner_text().startswith("Every visitor converted")
    assert "a single point" in page.locator("#tg-boot-note").inner_text()


@pytest.mark.claim("explore/two-groups/no-visitors")
def test_two_groups_no_visitors(tg_page):
    page = tg_page
    _set(page, {"xa": 0, "na": 0})
    check_case(page, 0, 0, 1000, 129, "no visitors in A")
    outputs = _outputs(page, ROOT)
    assert outputs["tg-perm-two"][1] == "no permutation test: group A has no visitors"
    assert outputs["tg-boot-none"][1] == "no bootstrap interval: group A has no visitors"
    assert [outputs[f"tg-post-a{s}"][1] for s in "ab"] == ["1", "1"], "the uniform prior"
    assert "posterior is the uniform prior" in page.locator("#tg-bayes-note").inner_text()
    assert "No permutation distribution: group A has no visitors." in page.locator("#tg-chart").text_content()
    assert page.locator("#tg-post-chart path.explorer-line--post-a").count() == 1
    _set(page, {"xb": 0, "nb": 0})
    check_case(page, 0, 0, 0, 0, "no visitors")
    assert _outputs(page, ROOT)["tg-prob"][1] == "0.5000"
    assert _axe_serious(page) == []


@pytest.mark.claim("explore/two-groups/huge-counts")
def test_two_groups_huge_counts(tg_page):
    page = tg_page
    _set(page, {"na": BIG, "nb": BIG})
    # One typed change with ten million visitors: every result is there when the input event returns.
    took = page.evaluate(
        """() => {
            const box = document.querySelector("#tg-xb");
            const start = performance.now();
            box.value = "1001000";
            box.dispatchEvent(new Event("input", { bubbles: true }));
            return performance.now() - start;
        }"""
    )
    assert took < 1000, f"{took:.0f} ms"  # at once: under a second on a slow machine
    _set(page, {"xa": 1_000_000})
    check_case(page, BIG, 1_000_000, BIG, 1_001_000, "ten million")
    box = page.locator("#tg-na")
    box.fill(str(BIG + 1))
    assert page.locator("#tg-na-error").inner_text() == "Enter a whole number from 0 to 10000000."
    assert not page.locator(f"{ROOT} .explorer-results dl").is_visible()
    box.fill("")
    assert page.locator("#tg-na-error").inner_text() == "Enter a whole number from 0 to 10000000."
    box.fill(str(BIG))
    assert page.locator(f"{ROOT} .explorer-results dl").is_visible()


@pytest.mark.claim("explore/two-groups/small-samples-differ")
def test_two_groups_small_samples_bayes_and_p_differ(tg_page):
    page = tg_page
    _set(page, {"xa": 0, "xb": 2, "na": 10, "nb": 10})
    expected = check_case(page, 10, 0, 10, 2, "0/10 against 2/10")
    outputs = _outputs(page, ROOT)
    prob, one_sided = float(outputs["tg-prob"][0]), float(outputs["tg-perm-one"][0])
    assert outputs["tg-prob"][1] == "0.8929", "the lesson's 0.8929"
    assert abs(prob - (1 - one_sided)) > 0.1, (prob, one_sided, expected)


@pytest.mark.claim(
    "explore/two-groups/more-conversions-than-visitors-refused", "explore/index/inconsistent-input-refused"
)
def test_two_groups_more_conversions_than_visitors_is_refused(tg_page):
    page = tg_page
    page.locator("#tg-na").fill("50")
    page.locator("#tg-na").press("Tab")
    message = "Group A has 103 conversions but only 50 visitors: raise the visitors or lower the conversions."
    assert page.locator("#tg-na-error").inner_text() == message
    assert page.locator("#tg-xa").input_value() == "103", "the conversions are left as they were"
    assert page.locator("#tg-status").inner_text() == (
        "No results until the inputs are consistent: see the message under Visitors in group A."
    )
    assert not page.locator(f"{ROOT} .explorer-results dl").is_visible()
    assert page.locator("#tg-chart").get_attribute("data-plot") is None, "no chart"
    assert page.locator("#tg-post-chart").get_attribute("data-plot") is None
    assert page.locator("#tg-chart-desc").inner_text() == f"No chart: {message}"
    _assert_no_nonsense(page, ROOT)
    assert _axe_serious(page) == []
    # B's visitors slider moved below its conversions: refused too, the conversions untouched.
    page.locator("#tg-na").fill("1000")
    page.locator("#tg-xb").fill("1000")
    page.focus("#tg-nb-range")
    page.keyboard.press("ArrowLeft")
    assert page.locator("#tg-nb").input_value() == "999" and page.locator("#tg-xb").input_value() == "1000"
    assert page.locator("#tg-nb-error").inner_text().startswith("Group B has 1,000 conversions but only 999")
    assert not page.locator(f"{ROOT} .explorer-results dl").is_visible()
    page.keyboard.press("ArrowRight")
    check_case(page, 1000, 103, 1000, 1000, "B 1000/1000")
    page.locator("#tg-nb").fill("1")  # one visitor, in the singular
    assert page.locator("#tg-nb-error").inner_text() == (
        "Group B has 1,000 conversions but only 1 visitor: raise the visitors or lower the conversions."
    )


# --- the charts ------------------------------------------------------------------------------

_READ = """svg => {
  svg = document.querySelector(svg);
  if (!svg.dataset.plot) return null;
  const parse = (d) =>
    [...d.matchAll(/[ML](-?[\\d.]+),(-?[\\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const paths = (s) => [...svg.querySelectorAll(s)]
    .map((p) => ({ cls: p.getAttribute("class"), px: parse(p.getAttribute("d")) }));
  return {
    x: svg.dataset.xDomain.split(" ").map(Number),
    y: svg.dataset.yDomain.split(" ").map(Number),
    plot: svg.dataset.plot.split(" ").map(Number),
    lines: paths("path.explorer-line"),
    areas: paths("path.explorer-area"),
    markers: [...svg.querySelectorAll("line.explorer-marker")]
      .map((l) => ({ cls: l.getAttribute("class"), px: Number(l.getAttribute("x1")) })),
    ticks: [],
  };
}"""


def _read(page, svg: str) -> Chart:
    return Chart(page.evaluate(_READ, svg))


@pytest.mark.claim("explore/two-groups/charts-show")
def test_two_groups_charts_are_the_distributions(tg_page):
    page = tg_page
    for n_a, x_a, n_b, x_b in [
        (1000, 103, 1000, 129),
        (200, 20, 300, 45),
        (40, 12, 60, 9),
        (100000, 31234, 90000, 28500),
    ]:
        _set(page, {"xa": 0, "xb": 0})
        _set(page, {"na": n_a, "nb": n_b, "xa": x_a, "xb": x_b})
        case = (n_a, x_a, n_b, x_b)
        chart = _read(page, "#tg-chart")
        n, total = n_a + n_b, x_a + x_b
        dist = stats.hypergeom(n, total, n_b)
        x_unit = (chart.x1 - chart.x0) / chart.width  # one pixel in points
        # Every drawn point of the distribution is the hypergeometric probability of its difference.
        line = chart.line("perm")
        xs = np.array([chart.x(px) for px, _ in line])
        ys = np.array([chart.y(py) for _, py in line])
        steps = page.locator("#tg-chart").get_attribute("data-steps") == "true"  # one step per value
        centres = xs if not steps else (xs[0::2] + xs[1::2]) / 2
        k = np.round((centres / 100 * n_a * n_b + total * n_b) / n).astype(int)
        expected = dist.pmf(k)
        heights = ys if not steps else ys[0::2]
        y_unit = (chart.y1 - chart.y0) / chart.height
        assert np.allclose(heights, expected, atol=0.02 * y_unit), case
        assert heights.max() == pytest.approx(dist.pmf(np.arange(n_b + 1)).max(), abs=0.02 * y_unit), case
        # The shaded tails are exactly the differences at least as far from 0 as the observed one.
        gap = abs(x_b * n - total * n_b)
        shaded = set()
        for area in chart.areas("tail"):
            centres_t = (area[0::2, 0] + area[1::2, 0]) / 2 if steps else area[:, 0]
            shaded |= {round((chart.x(px) / 100 * n_a * n_b + total * n_b) / n) for px in centres_t}
        in_view = set(k.tolist())
        assert shaded == {j for j in in_view if abs(j * n - total * n_b) >= gap}, case
        # The observed difference and the bootstrap interval's ends are the vertical lines.
        outputs = _outputs(page, ROOT)
        assert abs(chart.x(chart.marker("observed")) - 100 * (x_b / n_b - x_a / n_a)) <= 0.01 * x_unit
        ends = [100 * float(outputs[f"tg-boot-{e}"][0]) for e in ("lo", "hi")]
        assert chart.markers("boot") == pytest.approx(ends, abs=0.01 * x_unit), case
        # The posteriors: Beta(1 + x, 1 + n − x) densities of the rate, per percentage point.
        post = _read(page, "#tg-post-chart")
        for name, shapes in (("post-a", (1 + x_a, 1 + n_a - x_a)), ("post-b", (1 + x_b, 1 + n_b - x_b))):
            points = post.line(name)
            rate = np.array([post.x(px) for px, _ in points])
            density = np.array([post.y(py) for _, py in points])
            want = stats.beta.pdf(rate / 100, *shapes) / 100
            slope_room = np.abs(np.gradient(want, rate)) * 0.01 * (post.x1 - post.x0) / post.width
            y_room = 0.02 * (post.y1 - post.y0) / post.height
            assert (np.abs(density - want) <= slope_room + y_room).all(), (case, name)
        caption = page.locator("#tg-post-chart-desc").inner_text()
        assert f"P(B > A) = {outputs['tg-prob'][1]}." in caption
        perm_caption = page.locator("#tg-chart-desc").inner_text()
        assert f"p = {outputs['tg-perm-two'][1]}." in perm_caption
        sd = re.search(r"standard deviation (\S+) percentage points", perm_caption).group(1)
        assert _shown(sd, math.sqrt(dist.var()) * n / (n_a * n_b), 2), (case, sd)
        assert f"{outputs['tg-boot-lo'][1]} to {outputs['tg-boot-hi'][1]} points" in perm_caption


# --- keyboard, updates, network -----------------------------------------------------------------


@pytest.mark.claim("explore/index/keyboard-alone", "explore/index/slider-and-box")
def test_two_groups_keyboard_alone(tg_page):
    page = tg_page
    page.focus("#tg-xb-range")
    page.keyboard.press("ArrowRight")
    assert page.locator("#tg-xb").input_value() == "130"
    check_case(page, 1000, 103, 1000, 130, "keys: x_B 129→130")
    page.focus("#tg-na-range")
    page.keyboard.press("PageUp")
    assert page.locator("#tg-na").input_value() == "1500"
    check_case(page, 1500, 103, 1000, 130, "keys: n_A 1000→1500")
    page.keyboard.press("PageDown")
    assert page.locator("#tg-na").input_value() == "1000"
    for name in ("na", "xa", "nb", "xb"):
        slider, box = page.locator(f"#tg-{name}-range"), page.locator(f"#tg-{name}")
        slider.focus()
        page.keyboard.press("ArrowLeft")
        assert _number(box.input_value()) == float(slider.input_value()), name
    _type(page, {"na": 2400, "xa": 250}, "tg")
    assert (
        page.locator("#tg-na-range").input_value() == "2400"
        and page.locator("#tg-xa-range").input_value() == "250"
    )
    reached = set()
    page.focus("#tg-na-range")
    for _ in range(9):
        reached.add(page.evaluate("document.activeElement.id"))
        page.keyboard.press("Tab")
    assert {f"tg-{n}{s}" for n in ("na", "xa", "nb", "xb") for s in ("", "-range")} <= reached


_ALL = {"tg-rate-a", "tg-rate-b", "tg-diff", "tg-perm-two", "tg-perm-one", "tg-boot-lo", "tg-boot-hi",
        "tg-boot-sd", "tg-post-aa", "tg-post-ab", "tg-post-ba", "tg-post-bb", "tg-prob"}  # fmt: skip
DEPENDS = {
    "na": _ALL - {"tg-rate-b", "tg-post-aa", "tg-post-ba", "tg-post-bb"},
    "xa": _ALL - {"tg-rate-b", "tg-post-ba", "tg-post-bb"},
    "nb": _ALL - {"tg-rate-a", "tg-post-aa", "tg-post-ab", "tg-post-ba"},
    "xb": _ALL - {"tg-rate-a", "tg-post-aa", "tg-post-ab"},
}
_STEP = """slider => {
  const all = (s) => [...document.querySelectorAll(`#two-groups-explorer ${s}`)];
  const read = () => Object.fromEntries(
    all("output").map((o) => [o.id, o.dataset.value])
      .concat(all("svg.explorer-chart").map((s) => [s.id, s.innerHTML])));
  const before = read();
  const range = document.querySelector(slider);
  range.stepUp(Math.max(1, Math.round((range.max - range.min) / 10)));
  range.dispatchEvent(new Event("input", { bubbles: true }));
  return [before, read()];
}"""


@pytest.mark.claim("explore/index/updates-at-once")
def test_two_groups_every_result_updates_at_once(tg_page):
    page = tg_page
    for name, dependent in DEPENDS.items():
        before, after = page.evaluate(_STEP, f"#tg-{name}-range")
        changed = {key for key in before if before[key] != after[key]}
        wanted = dependent | {"tg-chart", "tg-post-chart"}  # both charts redrawn
        assert changed == wanted, (name, sorted(changed ^ wanted))


@pytest.mark.claim("explore/index/nothing-sent")
def test_two_groups_fetches_from_no_other_host_and_sends_nothing(open_page):
    page, watched = open_page(PAGE)
    page.locator("[data-explorer-ready]").wait_for()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    _type(page, {"na": 3000, "xa": 310, "nb": 2900, "xb": 330}, "tg")
    for name in ("na", "xa", "nb", "xb"):
        page.focus(f"#tg-{name}-range")
        for key in ("ArrowRight", "PageUp", "ArrowLeft"):
            page.keyboard.press(key)
    page.wait_for_timeout(500)
    assert requests == [] and watched.blocked == [] and watched.console_errors == []


def test_two_groups_stats_match_scipy_over_a_sweep(open_page):
    page, _ = open_page("explore/")
    rng = np.random.default_rng(11)
    counts = []
    for _ in range(60):
        n_a, n_b = (int(v) for v in np.exp(rng.uniform(0, np.log(20000), 2)).round() + 1)
        counts.append((n_a, int(rng.integers(0, n_a + 1)), n_b, int(rng.integers(0, n_b + 1))))
    binomial_cases = [(20, 0.3), (1000, 0.001), (1000, 0.5), (5000, 0.97), (BIG, 0.1), (37, 0.9)]
    got = page.evaluate(
        """async ([counts, binomials]) => {
            const S = await import(new URL("../assets/javascripts/explorers/stats.js", location.href));
            const uniform = S.seededUniform(5);
            return {
              perm: counts.map(([nA, xA, nB, xB]) => {
                const t = S.permutationTest(nA, xA, nB, xB);
                return [t.logPTwo, t.logPOne];
              }),
              prob: counts.map(([nA, xA, nB, xB]) =>
                S.probBBeatsA(1 + xA, 1 + nA - xA, 1 + xB, 1 + nB - xB).p),
              draws: binomials.map(([n, p]) =>
                Array.from({ length: 20000 }, () => S.binomialDraw(n, p, uniform))),
            };
        }""",
        [counts, binomial_cases],
    )
    for (n_a, x_a, n_b, x_b), (log_two, log_one), p in zip(counts, got["perm"], got["prob"], strict=True):
        want = permutation_expected(n_a, x_a, n_b, x_b)
        for got_log, side in ((log_two, "two"), (log_one, "one")):  # p to 1e-9, and its log
            assert math.exp(got_log) == pytest.approx(want[side], rel=1e-9), (n_a, x_a, n_b, x_b, side)
            assert got_log == pytest.approx(want[f"log-{side}"], rel=1e-9, abs=1e-9), (n_a, x_a, n_b, x_b)
        assert p == pytest.approx(bayes_expected(n_a, x_a, n_b, x_b)["p"], rel=1e-9, abs=1e-15)
    for (n, p), draws in zip(binomial_cases, got["draws"], strict=True):
        draws = np.array(draws)
        sd = math.sqrt(n * p * (1 - p))
        assert abs(draws.mean() - n * p) <= 4 * sd / math.sqrt(draws.size), (n, p)  # within 4 MC s.e.
        assert draws.std() == pytest.approx(sd, rel=4 / math.sqrt(2 * draws.size)), (n, p)
        if n <= 5000:  # the whole distribution: a chi-square test over the counts that are not rare
            values = np.arange(n + 1)
            expected = stats.binom.pmf(values, n, p) * draws.size
            keep = expected >= 5
            observed = np.bincount(draws, minlength=n + 1)
            cells_o = np.append(observed[keep], observed[~keep].sum())
            cells_e = np.append(expected[keep], expected[~keep].sum())
            statistic = ((cells_o - cells_e) ** 2 / np.maximum(cells_e, 1e-300)).sum()
            assert stats.chi2.sf(statistic, keep.sum()) > 1e-4, (n, p, statistic)


# --- layout, legibility, light and dark --------------------------------------------------------

CASES_LAYOUT = [(size, scheme) for size in VIEWPORTS for scheme in ("light", "dark")]
STATES = [
    ("start", {}),
    ("zero-successes", {"xa": 0}),
    ("all-successes", {"na": 200, "xa": 200, "nb": 300, "xb": 300}),
    ("no-visitors", {"xa": 0, "na": 0}),
    ("huge", {"na": BIG, "xa": 1_000_000, "nb": BIG, "xb": 1_001_000}),
    ("extreme", {"xa": 0, "xb": BIG}),
    ("small", {"na": 10, "xa": 0, "nb": 10, "xb": 2}),
]

_IN_VIEW = """id => {
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
  const figure = document.querySelector("#two-groups-explorer .explorer-figure").getBoundingClientRect();
  const charts = [...document.querySelectorAll("#two-groups-explorer svg.explorer-chart")]
    .map((s) => s.getBoundingClientRect());
  const control = document.getElementById(id);
  const box = control.getBoundingClientRect();
  const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  return {
    charts: charts.every((c) => c.top >= header - 0.5 && c.bottom <= innerHeight + 0.5
      && c.left >= 0 && c.right <= innerWidth + 0.5),
    control: box.top >= header - 0.5 && box.bottom <= innerHeight + 0.5
      && (hit === control || control.contains(hit)),
    where: [Math.round(box.top), Math.round(figure.top), Math.round(figure.bottom), Math.round(header)],
  };
}"""

_TEXT = """svg => {
  svg = document.querySelector(svg);
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const frame = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll("text")].map((t) => {
    const b = t.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(t).fontSize) * scale;
    return { text: t.textContent, size, box: [b.left, b.top, b.right, b.bottom] };
  });
  return { frame: [frame.left, frame.top, frame.right, frame.bottom], texts };
}"""


def _assert_legible(page, size: str, state: str) -> None:
    for svg in ("#tg-chart", "#tg-post-chart"):
        found = page.evaluate(_TEXT, svg)
        assert found["texts"], (state, svg)
        left, top, right, bottom = found["frame"]
        texts = [t for t in found["texts"] if t["text"]]
        for text in texts:
            assert text["size"] >= SMALLEST_TEXT_PX[size], (state, svg, text)
            box = text["box"]
            inside = box[0] >= left - 0.5 and box[2] <= right + 0.5
            inside = inside and box[1] >= top - 0.5 and box[3] <= bottom + 0.5
            assert inside, (state, svg, "text cut off", text)
        for i, one in enumerate(texts):
            for other in texts[i + 1 :]:
                if not (one["text"] in other["text"] or other["text"] in one["text"]):
                    assert not _overlap(one["box"], other["box"]), (state, svg, "labels collide", one, other)
    legend = page.evaluate(
        "() => [...document.querySelectorAll('#two-groups-explorer .explorer-legend li')]"
        ".map((li) => parseFloat(getComputedStyle(li).fontSize))"
    )
    assert min(legend) >= SMALLEST_TEXT_PX[size], (state, legend)


@pytest.mark.claim("explore/index/chart-stays-in-view")
@pytest.mark.parametrize(("size", "scheme"), CASES_LAYOUT, ids=[f"{s}-{c}" for s, c in CASES_LAYOUT])
def test_two_groups_charts_stay_in_view_and_read_well(open_page, size, scheme):
    page, watched = open_page(PAGE, color_scheme=scheme, viewport=VIEWPORTS[size])
    page.locator(f"{ROOT}[data-explorer-ready]").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    layout = page.evaluate(
        """() => {
            const box = (s) => document.querySelector(`#two-groups-explorer ${s}`).getBoundingClientRect();
            const figure = document.querySelector("#two-groups-explorer .explorer-figure");
            return {figure: box(".explorer-figure"), controls: box(".explorer-controls"),
                    position: getComputedStyle(figure).position};
        }"""
    )
    assert layout["position"] == "sticky"
    if size == "1280x800":
        assert layout["figure"]["left"] >= layout["controls"]["right"], "side by side"
    else:
        assert layout["figure"]["bottom"] <= layout["controls"]["top"], "the charts above the controls"
    ids = [f"tg-{c}{s}" for c in ("na", "xa", "nb", "xb") for s in ("-range", "")]

    def together(control: str, how: str) -> None:
        seen = page.evaluate(_IN_VIEW, control)
        assert seen["control"] and seen["charts"], (how, control, seen)

    walk_controls_by_keyboard(page, ids, together, before=8)  # the intro's link and claim marks first
    scroll_to_each_control(page, ids, together)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[size]["width"]
    # Every state: legible, uncut text, no wording taken for a bug, and no serious axe finding.
    for state, values in STATES:
        if values:
            _type(page, values, "tg")
        page.evaluate("root => document.querySelector(root).scrollIntoView()", ROOT)
        _assert_legible(page, size, state)
        text = page.locator(ROOT).inner_text()
        for what, pattern in BAD_WORDING.items():
            assert not pattern.search(text), (state, what, pattern.search(text).group())
        _assert_no_nonsense(page, ROOT)
        page.screenshot(path=SHOTS / f"explorer-two-groups-{size}-{scheme}-{state}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[size]["width"]
    page.locator("#tg-nb").fill("1")  # fewer visitors than B's 2 conversions
    assert page.locator(f"{ROOT} .explorer-status").is_visible()
    _assert_no_nonsense(page, ROOT)
    page.screenshot(path=SHOTS / f"explorer-two-groups-{size}-{scheme}-refused.png")
    assert _axe_serious(page) == []
    article = page.locator("article").inner_text()
    for what, pattern in BAD_WORDING.items():
        assert not pattern.search(article), ("page", what, pattern.search(article).group())
    blue = "rgb(0, 114, 178)" if scheme == "light" else "rgb(86, 180, 233)"
    legend_line = "document.querySelector('.explorer-legend .explorer-line--post-a')"
    assert page.evaluate(f"getComputedStyle({legend_line}).stroke") == blue
    assert watched.blocked == [] and watched.console_errors == []
