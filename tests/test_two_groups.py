"""Claims of the lesson "Comparing two groups: permutation, bootstrap and Bayes", on the snippets' runs.

Tolerances. "Within Monte Carlo error" means within Z999 = 3.29 Monte Carlo standard errors (a
two-sided 99.9% normal band: a correct simulation fails it once in a thousand runs). A sentence
about *this run* ("within 2.1 standard errors in this run") is checked with exactly the tolerance
it states. Exact references are computed here independently of the snippets: hypergeometric
tails, the exact bootstrap distribution of 0/1 data (a convolution of two binomials), coverages
summed over every pair of counts, and posterior probabilities by numerical integration; the
cross-checks use scipy.stats (fisher_exact, permutation_test, bootstrap, beta, binomtest).
"""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, special, stats

from snippets.two_groups import (
    bayes_ab,
    bayes_peeking,
    bootstrap_coverage,
    bootstrap_fails,
    bootstrap_intervals,
    exercise_bootstrap_median,
    exercise_informative_prior,
    exercise_permutation_means,
    four_answers,
    permutation_exchangeability,
    permutation_test,
    prior_effect,
)

Z999 = stats.norm.isf(0.0005)  # "within Monte Carlo error": 3.29 standard errors
N = 1000  # visitors per group in the A/B test
A, B = 103, 129  # its clicks


def mc_se(share: float, trials: int) -> float:
    """Binomial Monte Carlo standard error of a share estimated from `trials` independent trials."""
    return math.sqrt(share * (1 - share) / trials)


def exact_bootstrap(k_a: int, n_a: int, k_b: int, n_b: int) -> tuple[np.ndarray, np.ndarray]:
    """The ideal bootstrap distribution of p̂_B* − p̂_A* for 0/1 data: support (as numerators over
    n_a·n_b, exact integers) and probabilities, from the two binomial resampling distributions."""
    pmf_a = stats.binom.pmf(np.arange(n_a + 1), n_a, k_a / n_a)
    pmf_b = stats.binom.pmf(np.arange(n_b + 1), n_b, k_b / n_b)
    numerators = (np.arange(n_b + 1)[None, :] * n_a - np.arange(n_a + 1)[:, None] * n_b).ravel()
    support, where = np.unique(numerators, return_inverse=True)
    return support, np.bincount(where, (pmf_a[:, None] * pmf_b[None, :]).ravel())


def wilson(k: int, n: int) -> tuple[float, float]:
    """scipy's Wilson score interval for one proportion (the independent reference)."""
    found = stats.binomtest(int(k), int(n)).proportion_ci(0.95, method="wilson")
    return found.low, found.high


def newcombe_reference(k_a: int, n_a: int, k_b: int, n_b: int) -> tuple[float, float]:
    """Newcombe's hybrid score interval for p_B − p_A, built from scipy's Wilson intervals."""
    (l_a, u_a), (l_b, u_b) = wilson(k_a, n_a), wilson(k_b, n_b)
    p_a, p_b = k_a / n_a, k_b / n_b
    d = p_b - p_a
    return d - math.hypot(p_b - l_b, u_a - p_a), d + math.hypot(u_b - p_b, p_a - l_a)


def posterior_difference_cdf(shapes_a, shapes_b, d: float) -> float:
    """P(p_B − p_A <= d) for independent Beta posteriors, by integration over p_A."""
    centre = shapes_a[0] / sum(shapes_a)
    value, _ = integrate.quad(
        lambda x: stats.beta.pdf(x, *shapes_a) * stats.beta.cdf(x + d, *shapes_b),
        0, 1, points=[centre], limit=400, epsabs=1e-13,
    )  # fmt: skip
    return value


def exact_loss(shapes_a, shapes_b) -> float:
    """E[max(p_A − p_B, 0)] exactly, by one integral: E[(p_A − x)+] = m_A S_{a+1,b}(x) − x S_{a,b}(x)."""
    (a, b), mean_a = shapes_a, shapes_a[0] / sum(shapes_a)

    def inner(x):
        return mean_a * stats.beta.sf(x, a + 1, b) - x * stats.beta.sf(x, a, b)

    value, _ = integrate.quad(
        lambda x: stats.beta.pdf(x, *shapes_b) * inner(x),
        0,
        1,
        points=[shapes_b[0] / sum(shapes_b), mean_a],
        limit=400,
        epsabs=1e-14,
    )
    return value


def numbers(line: str) -> list[float]:
    return [float(x) for x in re.findall(r"[-+]?\d+\.\d+|[-+]?\d+", line.replace("−", "-"))]


# --- the data ---------------------------------------------------------------------------


@pytest.mark.claim("two-groups/the-data")
def test_every_snippet_on_the_ab_test_uses_the_basics_lessons_counts(run):
    for name in ("permutation_test", "bootstrap_intervals", "bayes_ab", "prior_effect",
                 "exercise_informative_prior"):  # fmt: skip
        ns = run(f"snippets/two_groups/{name}.py").namespace
        assert (int(ns["clicks_a"]), int(ns["clicks_b"])) == (A, B), name
    assert four_answers.ab_data()[:2] == (A, B)
    # drawn as in snippets/inference/ab_test_z.py
    inference = run("snippets/inference/ab_test_z.py").namespace
    assert (inference["clicks_a"], inference["clicks_b"]) == (A, B)
    assert (
        "A: 103/1000, B: 129/1000, observed difference 0.026"
        in run("snippets/two_groups/permutation_test.py").stdout
    )


@pytest.mark.claim("two-groups/the-z-test")
def test_the_z_test_is_the_basics_lessons(run):
    out = run("snippets/two_groups/four_answers.py").stdout
    assert "z = 1.816, p = 0.0694 two-sided, 0.0347 one-sided" in out
    inference = run("snippets/inference/ab_test_z.py").namespace
    assert f"{inference['z']:.3f}" == "1.816" and f"{inference['p_two_sided']:.4f}" == "0.0694"
    assert f"{inference['p_one_sided']:.4f}" == "0.0347"


# --- the permutation test ---------------------------------------------------------------


@pytest.mark.claim("two-groups/too-many-to-list")
def test_there_are_too_many_relabellings_to_list(run):
    ns = run("snippets/two_groups/permutation_test.py").namespace
    assert len(str(math.comb(ns["n_a"] + ns["n_b"], ns["n_b"]))) == 601


def _null_p_values(rng, resamples: int, data_sets: int = 4000, size: int = 6):
    """Permutation p-values of continuous data under H0, with the snippet's functions."""
    p = np.empty(data_sets)
    for i in range(data_sets):
        a, b = rng.normal(size=size), rng.normal(size=size)
        null = permutation_test.permutation_differences(a, b, resamples, rng)
        p[i] = permutation_test.permutation_p_value(null, b.mean() - a.mean())[0]
    return p


@pytest.mark.claim("two-groups/plus-one-is-valid")
def test_plus_one_p_value_keeps_its_promise_for_any_number_of_shuffles():
    rng = np.random.default_rng(11)
    data_sets = 4000
    for resamples, alpha in [(19, 0.05), (39, 0.05), (10, 0.05), (99, 0.10), (25, 0.10)]:
        p = _null_p_values(rng, resamples, data_sets)
        assert p.min() >= 1 / (resamples + 1) > 0  # never 0
        level = math.floor(alpha * (resamples + 1)) / (resamples + 1)  # exact, with no ties
        rate = np.mean(p <= alpha + 1e-12)
        assert abs(rate - level) <= Z999 * mc_se(level, data_sets) + 1e-12, (resamples, rate, level)
        assert level <= alpha
    # with ties (0/1 data) the rate is at most alpha: the shuffles of a small A/A test
    rates = []
    for _ in range(3000):
        a, b = rng.binomial(1, 0.3, 12), rng.binomial(1, 0.3, 12)
        null = permutation_test.permutation_differences(a, b, 19, rng)
        rates.append(permutation_test.permutation_p_value(null, b.mean() - a.mean())[0] <= 0.05)
    assert np.mean(rates) <= 0.05 + Z999 * mc_se(0.05, 3000)


@pytest.mark.claim("two-groups/checkpoint-1")
def test_with_ten_shuffles_count_over_b_rejects_one_time_in_eleven():
    rng = np.random.default_rng(12)
    data_sets, resamples = 6000, 10
    naive, plus_one = [], []
    for _ in range(data_sets):
        a, b = rng.normal(size=5), rng.normal(size=5)
        null = permutation_test.permutation_differences(a, b, resamples, rng)
        observed = b.mean() - a.mean()
        count = np.count_nonzero(np.abs(null) >= abs(observed) * (1 - 1e-9))
        naive.append(count / resamples <= 0.05)
        plus_one.append(permutation_test.permutation_p_value(null, observed)[0])
    assert abs(np.mean(naive) - 1 / 11) <= Z999 * mc_se(1 / 11, data_sets)
    assert min(plus_one) >= 1 / 11 and not any(p <= 0.05 for p in plus_one)


@pytest.mark.claim("two-groups/shuffles-spread-like-z", "two-groups/permutation-variance")
def test_the_shuffled_differences_spread_like_the_pooled_z_test(run):
    result = run("snippets/two_groups/permutation_test.py")
    ns = result.namespace
    null, n_a, n_b = ns["null"], ns["n_a"], ns["n_b"]
    total, size = A + B, n_a + n_b
    pooled = total / size
    pooled_se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    # exact permutation variance of D = X_B (1/n_B + 1/n_A) − K/n_A, X_B hypergeometric
    exact_var = (1 / n_a + 1 / n_b) ** 2 * stats.hypergeom(size, total, n_b).var()
    assert exact_var == pytest.approx(pooled_se**2 * size / (size - 1), rel=1e-12)
    assert (
        f"sd of the shuffled differences {null.std():.4f}" in result.stdout
        and f"{null.std():.4f}" == "0.0144"
    )
    # the standard error of a sample sd is about sd / sqrt(2B)
    assert abs(null.std() - pooled_se) <= Z999 * pooled_se / math.sqrt(2 * null.size) + abs(
        math.sqrt(exact_var) - pooled_se
    )
    # the property in general: any counts, the exact variance is pooled × N/(N − 1)
    for k_a, m_a, k_b, m_b in [(3, 7, 5, 9), (0, 10, 4, 30), (50, 200, 10, 60)]:
        counts = np.arange(max(0, k_a + k_b - m_a), min(k_a + k_b, m_b) + 1)
        gaps = counts / m_b - (k_a + k_b - counts) / m_a
        weights = stats.hypergeom.pmf(counts, m_a + m_b, k_a + k_b, m_b)
        var = weights @ gaps**2 - (weights @ gaps) ** 2
        q = (k_a + k_b) / (m_a + m_b)
        assert var == pytest.approx(q * (1 - q) * (1 / m_a + 1 / m_b) * (m_a + m_b) / (m_a + m_b - 1))


@pytest.mark.claim("two-groups/shuffles-near-exact", "two-groups/checkpoint-2-shuffles")
def test_in_this_run_the_shuffles_lie_within_three_standard_errors_of_the_exact_p(run):
    result = run("snippets/two_groups/permutation_test.py")
    ns = result.namespace
    null, observed = ns["null"], ns["observed"]
    found = {}
    for two_sided, side, printed in [(True, "two-sided", 1.1), (False, "one-sided", 2.2)]:
        p, se = permutation_test.permutation_p_value(null, observed, two_sided)
        exact = permutation_test.exact_permutation_p_value(A, N, B, N, two_sided)
        assert f"{side}: permutation p {p:.4f} ± {se:.4f}, exact {exact:.4f}" in result.stdout
        distance = (p - exact) / se
        assert f"{distance:.1f}" == f"{printed:.1f}" and 0 < distance < 3
        found[side] = (p, se, exact)
    assert [f"{v:.4f}" for v in found["two-sided"]] == ["0.0836", "0.0028", "0.0807"]
    assert f"{found['one-sided'][2]:.4f}" == "0.0403"


@pytest.mark.claim("two-groups/permutation-matches-scipy")
def test_exact_p_is_fishers_and_the_shuffles_agree_with_scipy_permutation_test(run):
    ns = run("snippets/two_groups/permutation_test.py").namespace
    table = [[B, N - B], [A, N - A]]
    assert permutation_test.exact_permutation_p_value(A, N, B, N) == pytest.approx(
        stats.fisher_exact(table).pvalue, rel=1e-9
    )
    assert permutation_test.exact_permutation_p_value(A, N, B, N, two_sided=False) == pytest.approx(
        stats.fisher_exact(table, alternative="greater").pvalue, rel=1e-9
    )
    # scipy's permutation test of |B − A|, its own shuffles: (1 + C)/(1 + B) as ours
    a, b = ns["a"].astype(float), ns["b"].astype(float)
    scipy_p = stats.permutation_test(
        (a, b), lambda x, y, axis: np.abs(y.mean(axis=axis) - x.mean(axis=axis)),
        alternative="greater", n_resamples=9999, rng=np.random.default_rng(5), vectorized=True,
    ).pvalue  # fmt: skip
    ours, se = permutation_test.permutation_p_value(ns["null"], ns["observed"])
    assert abs(ours - scipy_p) <= Z999 * math.sqrt(2) * se
    # Fisher's exact test two-sided equals the |B − A| ordering when the groups have equal sizes
    for k_a, k_b, m in [(3, 9, 20), (0, 5, 15), (40, 52, 300)]:
        assert permutation_test.exact_permutation_p_value(k_a, m, k_b, m) == pytest.approx(
            stats.fisher_exact([[k_b, m - k_b], [k_a, m - k_a]]).pvalue, rel=1e-7
        )


@pytest.mark.claim("two-groups/figure-follows-exact")
def test_the_figure_bars_follow_the_hypergeometric_within_monte_carlo_error(run):
    result = run("snippets/two_groups/permutation_test.py")
    ns = result.namespace
    ax, resamples = ns["ax"], ns["resamples"]
    assert len(result.figures) == 1
    bars = [(patch.get_x() + patch.get_width() / 2, patch.get_height()) for patch in ax.patches]
    assert len(bars) == len(ns["values"])
    hyper = stats.hypergeom(2 * N, A + B, N)
    for centre, height in bars:
        k = round((centre * N + A + B) / 2)  # B's clicks for this difference
        assert abs(centre - (2 * k - A - B) / N) < 1e-9
        share = hyper.pmf(k)
        assert abs(height - share) <= Z999 * mc_se(share, resamples) + 2 / resamples, (k, height, share)
    (dots,) = [line for line in ax.get_lines() if line.get_label() == "exact (hypergeometric)"]
    xs, ys = dots.get_data()
    assert np.allclose(ys, hyper.pmf(np.round((np.asarray(xs) * N + A + B) / 2)))


@pytest.mark.claim("two-groups/mid-p-near-z", "two-groups/checkpoint-2-mid-p", "two-groups/summary-fisher")
def test_the_exact_test_counts_the_observed_count_in_full_and_its_mid_p_is_near_z(run):
    result = run("snippets/two_groups/permutation_test.py")
    tie = stats.hypergeom.pmf(B, 2 * N, A + B, N)
    exact_one = permutation_test.exact_permutation_p_value(A, N, B, N, two_sided=False)
    exact_two = permutation_test.exact_permutation_p_value(A, N, B, N)
    z = (B - A) / N / math.sqrt((A + B) / (2 * N) * (1 - (A + B) / (2 * N)) * 2 / N)
    assert "P(exactly 129 clicks in B) = 0.0107; one-sided mid-p 0.0350" in result.stdout
    assert exact_two > 2 * stats.norm.sf(z) and exact_one > stats.norm.sf(z)
    assert abs(exact_one - tie / 2 - stats.norm.sf(z)) < 0.001
    assert abs(exact_two - tie - 2 * stats.norm.sf(z)) < 0.001  # both tails' ties, half each


def _fisher_size(n: int, rate: float, alpha: float = 0.05) -> float:
    """Exact probability that the two-sided exact permutation test rejects, both groups of n at `rate`."""
    size, spread = 0.0, 8 * math.sqrt(2 * n * rate)
    for total in range(max(0, int(2 * n * rate - spread)), int(2 * n * rate + spread) + 1):
        counts = np.arange(max(0, total - n), min(total, n) + 1)  # B's possible clicks
        pmf = stats.hypergeom.pmf(counts, 2 * n, total, n)
        gaps = np.abs(2 * counts - total)
        order = np.argsort(-gaps, kind="stable")  # p of a count: the mass of counts at least as far out
        tail = np.cumsum(pmf[order])
        p = np.empty_like(pmf)
        p[order] = tail[np.searchsorted(-gaps[order], -gaps[order], side="right") - 1]
        for k in counts[:: max(1, counts.size // 3)]:  # the snippet's exact test, on a few counts
            assert p[k - counts[0]] == pytest.approx(
                permutation_test.exact_permutation_p_value(total - k, n, k, n), rel=1e-9, abs=1e-300
            )
        size += stats.binom.pmf(total, 2 * n, rate) * pmf[p <= alpha].sum()
    return size


@pytest.mark.claim("two-groups/fisher-conservative", "two-groups/summary-fisher")
def test_fisher_rejects_a_true_null_less_often_than_five_percent():
    for n, rate in [(200, 0.116), (1000, 0.116)]:
        size = _fisher_size(n, rate)
        assert 0.02 < size < 0.05, (n, size)


# --- what shuffling assumes -----------------------------------------------------------------


@pytest.mark.claim("two-groups/same-distribution-exact", "two-groups/unequal-spread-fails",
                   "two-groups/welch-close")  # fmt: skip
def test_in_this_run_shuffling_fails_only_with_unequal_spreads(run):
    result = run("snippets/two_groups/permutation_exchangeability.py")
    ns = result.namespace
    data_sets, resamples = ns["data_sets"], ns["resamples"]
    assert resamples == 99 and (resamples + 1) * 0.05 == 5  # exactly 5% under exchangeability
    rows = {line.split("  ")[0]: numbers(line)[-2:] for line in result.stdout.splitlines()[2:4]}
    same, spread = rows["same distribution"], rows["same mean, A three times as spread"]
    se = mc_se(0.05, data_sets)
    assert f"{se:.4f}" == "0.0049" and same == [0.060, 0.058] and spread == [0.256, 0.060]
    assert all(abs(rate - 0.05) <= 2.1 * se for rate in same)  # within 2.1 s.e.
    assert abs(spread[1] - 0.05) <= 2.1 * se
    assert spread[0] / 0.05 > 5  # five times too often
    assert spread[0] - 0.05 > Z999 * (mc_se(spread[0], data_sets) + se)


def _exchangeability_rates(rng, spread_a: float, data_sets: int) -> tuple[float, float]:
    """Rejection rates of the two shuffle tests, in batches, with the snippet's functions."""
    rejected = np.zeros(2)
    for _ in range(data_sets // 1000):
        a, b = rng.normal(0, spread_a, (1000, 10)), rng.normal(0, 1.0, (1000, 40))
        difference, welch = permutation_exchangeability.shuffled_statistics(a, b, 99, rng)
        rejected += [permutation_exchangeability.rejection_rate(s) * 1000 for s in (difference, welch)]
    return tuple(rejected / data_sets)


@pytest.mark.claim(
    "two-groups/welch-approximate", "two-groups/summary-welch", "two-groups/unequal-spread-fails"
)
def test_on_twenty_thousand_data_sets_welch_stays_near_five_percent_and_the_difference_does_not():
    rng = np.random.default_rng(21)
    data_sets = 20_000
    difference, welch = _exchangeability_rates(rng, 3.0, data_sets)
    assert abs(welch - 0.05) <= 0.015, welch  # within a point and a half
    assert difference > 4.5 * 0.05  # far too often, in general and not only in the page's run
    same_difference, same_welch = _exchangeability_rates(rng, 1.0, data_sets)
    for rate in (same_difference, same_welch):  # exactly 5% with exchangeable data
        assert abs(rate - 0.05) <= Z999 * mc_se(0.05, data_sets)


@pytest.mark.claim("two-groups/why-it-fails")
def test_the_shuffles_spread_as_if_both_groups_had_the_pooled_variance():
    n_a, n_b, var_a, var_b = 10, 40, 9.0, 1.0
    real = math.sqrt(var_a / n_a + var_b / n_b)
    pooled = (n_a * var_a + n_b * var_b) / (n_a + n_b)  # the mixture's variance (equal means)
    shuffled = math.sqrt(pooled * (1 / n_a + 1 / n_b))
    assert abs((1 - shuffled / real) - 0.40) < 0.01  # about 40% narrower
    # and the snippet's shuffles show it: their sd against the real sd of the difference
    rng = np.random.default_rng(22)
    a, b = rng.normal(0, 3.0, (400, 10)), rng.normal(0, 1.0, (400, 40))
    difference, _ = permutation_exchangeability.shuffled_statistics(a, b, 99, rng)
    ratio = difference[:, 1:].std(axis=1).mean() / real
    assert abs(ratio - shuffled / real) < 0.03


def test_exchangeability_functions_reject_bad_input():
    with pytest.raises(ValueError, match="at least 2 observations"):
        permutation_exchangeability.shuffled_statistics(np.zeros((3, 1)), np.zeros((3, 4)), 9, None)
    with pytest.raises(ValueError, match="observed first"):
        permutation_exchangeability.rejection_rate(np.zeros(5))


def test_permutation_functions_reject_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="non-empty 1-D"):
        permutation_test.permutation_differences(np.array([]), np.array([1, 0]), 10, rng)
    with pytest.raises(ValueError, match="resamples must be at least 1"):
        permutation_test.permutation_differences(np.array([1]), np.array([0]), 0, rng)
    with pytest.raises(ValueError, match="non-empty 1-D array"):
        permutation_test.permutation_p_value(np.array([]), 0.1)
    with pytest.raises(ValueError, match="0 <= clicks <= n"):
        permutation_test.exact_permutation_p_value(11, 10, 3, 10)


# --- the bootstrap -------------------------------------------------------------------------


@pytest.mark.claim("two-groups/resample-is-binomial")
def test_resampling_zero_one_outcomes_gives_a_binomial_count_and_the_snippet_draws_it():
    rng = np.random.default_rng(31)
    n, k, draws = 12, 5, 40_000
    outcomes = np.repeat([1, 0], [k, n - k])
    resampled = rng.choice(outcomes, size=(draws, n)).sum(axis=1)  # with replacement, literally
    snippet = np.round(bootstrap_intervals.bootstrap_differences(0, 1, k, n, draws, rng) * n).astype(int)
    expected = stats.binom.pmf(np.arange(n + 1), n, k / n) * draws
    keep = expected > 5
    for counts in (np.bincount(resampled, minlength=n + 1), np.bincount(snippet, minlength=n + 1)):
        statistic = ((counts[keep] - expected[keep]) ** 2 / expected[keep]).sum()
        assert stats.chi2.sf(statistic, keep.sum() - 1) > 0.001


@pytest.mark.claim("two-groups/bca-reduces-to-percentile")
@settings(max_examples=100)
@given(st.integers(2, 400), st.floats(0.80, 0.99))
def test_with_no_bias_and_no_acceleration_bca_is_the_percentile_interval(size, level):
    rng = np.random.default_rng(size)
    half = rng.normal(size=size)
    replicates = np.concatenate([half, -half])  # symmetric about 0: z0 = 0 exactly
    bca, z0, levels = bootstrap_intervals.bca_interval(replicates, 0.0, 0.0, level)
    assert z0 == 0 and np.allclose(levels, [(1 - level) / 2, (1 + level) / 2], rtol=0, atol=1e-15)
    assert np.allclose(bca, np.quantile(replicates, [(1 - level) / 2, (1 + level) / 2]))


@pytest.mark.claim("two-groups/acceleration-formula")
@settings(max_examples=200)
@given(st.integers(2, 60), st.integers(2, 60), st.data())
def test_the_acceleration_is_the_jackknifes(n_a, n_b, data):
    k_a, k_b = data.draw(st.integers(0, n_a)), data.draw(st.integers(0, n_b))
    a, b = np.repeat([1.0, 0.0], [k_a, n_a - k_a]), np.repeat([1.0, 0.0], [k_b, n_b - k_b])
    # the jackknife as scipy's BCa does it: leave out each value of each group, U = (n − 1)(mean − θ_(i))
    third = square = 0.0
    for group, other, sign in ((a, b, -1), (b, a, 1)):
        loo = np.array([np.delete(group, i).mean() for i in range(group.size)])
        theta = sign * loo - sign * other.mean()
        u = (group.size - 1) * (theta.mean() - theta)
        third += (u**3).sum() / group.size**3
        square += (u**2).sum() / group.size**2
    expected = third / (6 * square**1.5) if square > 0 else 0.0
    assert bootstrap_intervals.acceleration(k_a, n_a, k_b, n_b) == pytest.approx(
        expected, rel=1e-9, abs=1e-12
    )


@pytest.mark.claim("two-groups/bootstrap-sd-is-wald", "two-groups/bca-barely-moves")
def test_the_bootstrap_spread_is_walds_and_bca_barely_moves(run):
    result = run("snippets/two_groups/bootstrap_intervals.py")
    ns = result.namespace
    replicates, se = ns["replicates"], ns["se"]
    assert f"sd {replicates.std():.4f}" in result.stdout and f"Wald standard error {se:.4f}" in result.stdout
    assert f"{replicates.std():.4f}" == f"{se:.4f}" == "0.0143"
    assert abs(replicates.std() - se) <= Z999 * se / math.sqrt(2 * replicates.size)
    assert "z0 -0.006, acceleration 0.0006" in result.stdout
    assert "at 0.0244 and 0.9744 instead of 0.025 and 0.975" in result.stdout
    assert np.allclose(ns["levels"], [0.025, 0.975], atol=0.001)


@pytest.mark.claim("two-groups/four-intervals-agree", "two-groups/bootstrap-lattice")
def test_the_four_intervals_nearly_coincide_and_the_bootstrap_ends_are_whole_clicks(run):
    result = run("snippets/two_groups/bootstrap_intervals.py")
    intervals = result.namespace["intervals"]
    ends = np.array([intervals[name] for name in ("percentile", "BCa", "Wald", "Newcombe")])
    assert np.ptp(ends, axis=0).max() <= 0.0012
    assert np.all((ends[:, 0] < 0) & (ends[:, 1] > 0))
    for name in ("percentile", "BCa"):
        clicks = np.asarray(intervals[name]) * N
        assert np.allclose(clicks, np.round(clicks), atol=1e-9), name
    # Newcombe against scipy's Wilson intervals; Wald by its formula
    assert np.allclose(intervals["Newcombe"], newcombe_reference(A, N, B, N), rtol=0, atol=1e-12)
    for name, (low, high) in intervals.items():
        assert f"95% {name + ':':<12} [{low:.4f}, {high:.4f}]" in result.stdout


def _exact_statistic(x, y, axis):
    """B − A for 0/1 data as one division of whole numbers (tie-consistent), for scipy."""
    return (y.sum(axis=axis) * x.shape[axis] - x.sum(axis=axis) * y.shape[axis]) / (
        x.shape[axis] * y.shape[axis]
    )


def _quantile_in_cdf_terms(support, weights, value, level, tolerance) -> bool:
    """A bootstrap quantile `value` lies where the exact CDF crosses `level`, up to `tolerance`."""
    below, at_most = weights[support < value - 1e-9].sum(), weights[support <= value + 1e-9].sum()
    return below <= level + tolerance and at_most >= level - tolerance


@pytest.mark.claim("two-groups/bootstrap-matches-scipy")
def test_percentile_and_bca_agree_with_scipy_bootstrap_and_with_the_exact_bootstrap(run):
    ns = run("snippets/two_groups/bootstrap_intervals.py").namespace
    resamples = ns["resamples"]
    a, b = np.repeat([1.0, 0.0], [A, N - A]), np.repeat([1.0, 0.0], [B, N - B])
    support, weights = exact_bootstrap(A, N, B, N)
    support = support / N**2
    tolerance = Z999 * math.sqrt(0.025 * 0.975 / resamples)
    for method, ours in (("percentile", ns["intervals"]["percentile"]), ("BCa", ns["bca"])):
        found = stats.bootstrap(
            (a, b),
            _exact_statistic,
            method=method,
            n_resamples=20_000,
            vectorized=True,
            rng=np.random.default_rng(7),
        ).confidence_interval
        theirs = np.array([found.low, found.high])
        # each within Monte Carlo error of the ideal bootstrap, in CDF terms (+ z0's noise for BCa)
        levels = ns["levels"] if method == "BCa" else np.array([0.025, 0.975])
        extra = 0.4 / math.sqrt(resamples) if method == "BCa" else 0  # dα/dz0 · se(z0), about 0.15·0.5/0.4
        for end, level in zip(ours, levels, strict=True):
            assert _quantile_in_cdf_terms(support, weights, end, level, 1.5 * tolerance + Z999 * extra)
        # and scipy's agree with ours within one step of a click on top of both errors
        assert np.all(np.abs(theirs - np.asarray(ours)) <= 0.002 + 1e-12), (method, theirs, ours)


@pytest.mark.claim("two-groups/ties-at-estimate")
def test_about_three_percent_of_the_replicates_tie_the_estimate(run):
    ns = run("snippets/two_groups/bootstrap_intervals.py").namespace
    support, weights = exact_bootstrap(A, N, B, N)
    exact_tie = weights[support == (B - A) * N].sum()
    assert 0.025 <= exact_tie <= 0.035
    share = np.mean(ns["replicates"] == ns["estimate"])
    assert abs(share - exact_tie) <= Z999 * mc_se(exact_tie, ns["resamples"])


@pytest.mark.claim("two-groups/rounding-moves-bca")
def test_rounded_rates_move_scipys_bca_by_a_click_for_two_against_three_in_a_hundred():
    a, b = np.repeat([1.0, 0.0], [2, 98]), np.repeat([1.0, 0.0], [3, 97])

    def naive(x, y, axis):
        return y.mean(axis=axis) - x.mean(axis=axis)

    intervals = {}
    for name, statistic in (("naive", naive), ("exact", _exact_statistic)):
        found = stats.bootstrap(
            (a, b), statistic, method="BCa", n_resamples=50_000, vectorized=True, rng=np.random.default_rng(3)
        ).confidence_interval  # the same resamples
        intervals[name] = np.array([found.low, found.high])
    assert naive(a, b, 0) != 0.01 and _exact_statistic(a, b, 0) == 0.01  # the estimate itself is rounded
    assert np.isclose(np.abs(intervals["naive"] - intervals["exact"]).max(), 0.01, atol=1e-12)
    # the snippet's BCa, with exact ties, agrees with scipy's exact-statistic interval
    rng = np.random.default_rng(4)
    replicates = bootstrap_intervals.bootstrap_differences(2, 100, 3, 100, 50_000, rng)
    ours = bootstrap_intervals.bca_interval(
        replicates,
        bootstrap_intervals.difference(2, 100, 3, 100),
        bootstrap_intervals.acceleration(2, 100, 3, 100),
    )[0]
    assert np.allclose(ours, intervals["exact"], atol=1e-12)


def test_bootstrap_functions_reject_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="0 <= clicks <= n"):
        bootstrap_intervals.bootstrap_differences(5, 4, 1, 10, 100, rng)
    with pytest.raises(ValueError, match="resamples >= 1"):
        bootstrap_intervals.bootstrap_differences(1, 4, 1, 10, 0, rng)
    with pytest.raises(ValueError, match="at least two replicates"):
        bootstrap_intervals.bca_interval(np.array([0.1]), 0.1, 0.0)
    with pytest.raises(ValueError, match="between 0 and its group's size"):
        bootstrap_coverage.four_intervals(np.array([3]), 2, np.array([1]), 2, 10, rng)
    with pytest.raises(ValueError, match="0 <= clicks <= n"):
        bootstrap_fails.bootstrap_rates(3, 2, 10, rng)


# --- coverage ------------------------------------------------------------------------------


def _coverage_table(stdout: str) -> dict[int, list[float]]:
    rows = re.findall(r"^(\d+)\s+0\.\d\d\s+0\.\d\d((?:\s+\d\.\d{3}){4})\s*$", stdout, flags=re.MULTILINE)
    return {int(n): [float(x) for x in values.split()] for n, values in rows}


@pytest.mark.claim("two-groups/coverage-setup", "two-groups/coverage-error")
def test_the_coverage_simulation_has_2000_experiments_each_with_its_own_bootstrap(run):
    result = run("snippets/two_groups/bootstrap_coverage.py")
    ns = result.namespace
    assert ns["experiments"] == 2000 and ns["resamples"] == 499 and len(ns["settings"]) == 3
    assert ns["k_a"].shape == (2000,) and all(np.asarray(v).shape == (2000,) for v in ns["found"]["BCa"])
    assert (
        f"{math.sqrt(0.95 * 0.05 / 2000):.4f}" == "0.0049" and "0.0049 at a coverage of 95%" in result.stdout
    )


@pytest.mark.claim("two-groups/coverage-comfortable", "two-groups/coverage-rare", "two-groups/coverage-tiny",
                   "two-groups/bca-worse-when-rare")  # fmt: skip
def test_in_this_run_the_coverage_table_says_what_the_page_says(run):
    result = run("snippets/two_groups/bootstrap_coverage.py")
    table = _coverage_table(result.stdout)
    coverage = result.namespace["coverage"]
    for n, row in table.items():
        assert [f"{c:.3f}" for c in coverage[n].values()] == [f"{c:.3f}" for c in row]
    se = mc_se(0.95, 2000)
    assert all(abs(c - 0.95) <= 2.2 * se for c in coverage[200].values())
    assert table[100] == [0.877, 0.826, 0.930, 0.979]
    percentile, bca = coverage[100]["percentile"], coverage[100]["BCa"]
    assert percentile - bca > Z999 * math.hypot(mc_se(percentile, 2000), mc_se(bca, 2000))
    tiny = coverage[20]
    assert tiny["percentile"] < 0.88 and tiny["BCa"] < 0.88 and f"{tiny['Newcombe']:.3f}" == "0.987"
    for name in ("percentile", "BCa"):  # no better than Wald, beyond Monte Carlo error
        assert tiny[name] - tiny["Wald"] <= Z999 * math.hypot(
            mc_se(tiny[name], 2000), mc_se(tiny["Wald"], 2000)
        )


def _exact_coverage(interval, n: int, p_a: float, p_b: float) -> float:
    """Coverage of a count-based interval, summed over every pair of counts with its probability."""
    k = np.arange(n + 1)
    k_a, k_b = np.repeat(k, n + 1), np.tile(k, n + 1)
    weights = stats.binom.pmf(k_a, n, p_a) * stats.binom.pmf(k_b, n, p_b)
    keep = weights > 1e-13  # the rest weighs less than 1e-8 in all
    assert weights[~keep].sum() < 1e-8
    low, high = interval(k_a[keep], k_b[keep], n)
    covers = (low <= p_b - p_a) & (p_b - p_a <= high)
    return float(weights[keep] @ covers)


def _deterministic(k_a, k_b, n):
    """The snippet's four intervals, with a small bootstrap (only Wald and Newcombe are used)."""
    return bootstrap_coverage.four_intervals(k_a, n, k_b, n, 50, np.random.default_rng(0))


def _wald(k_a, k_b, n):
    return _deterministic(k_a, k_b, n)["Wald"]


def _newcombe(k_a, k_b, n):
    return _deterministic(k_a, k_b, n)["Newcombe"]


@pytest.mark.claim("two-groups/coverage-matches-exact", "two-groups/newcombe-keeps-promise",
                   "two-groups/summary-coverage")  # fmt: skip
def test_simulated_wald_and_newcombe_coverage_match_the_exact_sums(run):
    ns = run("snippets/two_groups/bootstrap_coverage.py").namespace
    coverage, experiments = ns["coverage"], ns["experiments"]
    for n, p_a, p_b in ns["settings"]:
        for name, interval in (("Wald", _wald), ("Newcombe", _newcombe)):
            exact = _exact_coverage(interval, n, p_a, p_b)
            assert abs(coverage[n][name] - exact) <= Z999 * mc_se(exact, experiments), (n, name, exact)
        newcombe = coverage[n]["Newcombe"]
        assert newcombe + Z999 * mc_se(newcombe, experiments) >= 0.95
        assert _exact_coverage(_newcombe, n, p_a, p_b) >= 0.95
    # the snippet's Newcombe is the one built from scipy's Wilson intervals
    for k_a, k_b, n in [(0, 2, 20), (3, 7, 100), (20, 24, 200), (20, 20, 20)]:
        ours = _newcombe(np.array([k_a]), np.array([k_b]), n)
        assert np.allclose(np.ravel(ours), newcombe_reference(k_a, n, k_b, n), atol=1e-12)
    # near 95% with tens of successes per group; far below it for rare events and tiny counts
    assert all(abs(c - 0.95) <= Z999 * mc_se(0.95, experiments) for c in coverage[200].values())
    for n in (100, 20):
        for name in ("percentile", "BCa"):
            assert coverage[n][name] + Z999 * mc_se(coverage[n][name], experiments) < 0.92, (n, name)


def test_row_quantiles_match_numpy():
    rng = np.random.default_rng(2)
    rows = np.sort(rng.normal(size=(30, 57)), axis=1)
    levels = rng.uniform(size=(30, 2))
    expected = np.array([np.quantile(row, q) for row, q in zip(rows, levels, strict=True)])
    assert np.allclose(bootstrap_coverage.row_quantiles(rows, levels), expected)


# --- where the bootstrap fails --------------------------------------------------------------


def _fails_rows(stdout: str) -> dict[str, list[float]]:
    rows = {}
    for line in stdout.splitlines()[1:]:
        key = " ".join(line.split()[:2])
        rows[key] = numbers(line.replace("[", " ").replace("]", " ").replace(",", " ").split(maxsplit=2)[2])
    return rows


@pytest.mark.claim(
    "two-groups/zero-clicks-one-group", "two-groups/zero-clicks-both", "two-groups/near-zero-rate"
)
def test_with_no_click_the_bootstrap_cannot_see_uncertainty(run):
    result = run("snippets/two_groups/bootstrap_fails.py")
    rows = _fails_rows(result.stdout)
    distinct, se, low, high, n_low, n_high = rows["0/20 2/20"]
    assert distinct == 1 and (low, high) == (0.0, 0.25) and (n_low, n_high) == (-0.0765, 0.3010)
    assert np.allclose(newcombe_reference(0, 20, 2, 20), (n_low, n_high), atol=5e-5)
    # the interval is B's alone: the percentile interval of B's bootstrap rates
    rng = np.random.default_rng(9)
    b_alone = np.quantile(bootstrap_fails.bootstrap_rates(2, 20, 9999, rng), [0.025, 0.975])
    assert np.allclose(b_alone, (low, high))
    distinct, se, low, high, n_low, n_high = rows["0/20 0/20"]
    assert distinct == 1 and se == 0 and low == high == 0 and (n_low, n_high) == (-0.1611, 0.1611)
    distinct, se, low, high, *_ = rows["1/1000 5/1000"]
    assert distinct == 7 and low == 0.0


@pytest.mark.claim("two-groups/scipy-bca-nan", "two-groups/checkpoint-3")
def test_scipy_bca_is_undefined_with_no_click_anywhere():
    zeros = np.zeros(20)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # scipy also divides 0 by 0 on the way (a RuntimeWarning)
        found = stats.bootstrap(
            (zeros, zeros),
            lambda x, y, axis: y.mean(axis) - x.mean(axis),
            method="BCa",
            n_resamples=999,
            vectorized=True,
            rng=np.random.default_rng(1),
        )
    assert any(issubclass(w.category, stats.DegenerateDataWarning) for w in caught)
    assert np.isnan(found.confidence_interval.low) and np.isnan(found.confidence_interval.high)
    # the jackknife's acceleration is 0/0 there; the snippet falls back to 0 and a point interval
    p_a = p_b = 0.0
    variance = p_a * (1 - p_a) / 20 + p_b * (1 - p_b) / 20
    assert variance == 0 and bootstrap_intervals.acceleration(0, 20, 0, 20) == 0.0
    replicates = bootstrap_intervals.bootstrap_differences(0, 20, 0, 20, 999, np.random.default_rng(2))
    assert np.all(replicates == 0)
    assert np.all(bootstrap_intervals.bca_interval(replicates, 0.0, 0.0)[0] == 0)


# --- the Bayesian A/B test -------------------------------------------------------------------


@pytest.mark.claim("two-groups/beta-posteriors")
def test_the_posteriors_are_beta_by_bayes_rule(run):
    ns = run("snippets/two_groups/bayes_ab.py").namespace
    assert ns["shapes_a"] == (104, 898) and ns["shapes_b"] == (130, 872)
    x = np.linspace(0.001, 0.999, 999)
    for prior in [(1, 1), (0.5, 0.5), (10, 90)]:
        for k, n in [(A, N), (B, N), (0, 20)]:
            # Bayes' rule: log prior + log likelihood − log posterior is the same at every x
            log_joint = stats.beta.logpdf(x, *prior) + stats.binom.logpmf(k, n, x)
            shapes = exercise_informative_prior.posterior(prior, k, n)
            gap = log_joint - stats.beta.logpdf(x, *shapes)
            assert np.ptp(gap) < 1e-9 * max(1, np.abs(gap).max()), (prior, k, n)


@pytest.mark.claim("two-groups/closed-form-sum")
@settings(max_examples=150)
@given(st.floats(1, 300), st.floats(1, 3000), st.integers(1, 400), st.floats(1, 3000))
def test_the_finite_sum_is_the_integral(a_a, b_a, a_b, b_b):
    integral = bayes_ab.prob_b_beats_a_integral(a_a, b_a, a_b, b_b)
    assert bayes_ab.prob_b_beats_a(a_a, b_a, a_b, b_b) == pytest.approx(integral, abs=1e-9)
    assert bayes_peeking.prob_b_beats_a(a_a, b_a, a_b, b_b)[0] == pytest.approx(integral, abs=1e-9)


def test_posterior_probability_matches_scipy_integration_and_monte_carlo():
    # an independent quadrature with scipy.stats.beta for the lesson's posteriors
    value, _ = integrate.quad(
        lambda x: stats.beta.pdf(x, 130, 872) * stats.beta.cdf(x, 104, 898),
        0,
        1,
        points=[0.1, 0.13],
        epsabs=1e-14,
    )
    assert bayes_ab.prob_b_beats_a(104, 898, 130, 872) == pytest.approx(value, abs=1e-10)
    with pytest.raises(ValueError, match="whole number"):
        bayes_ab.prob_b_beats_a(1, 1, 2.5, 1)
    with pytest.raises(ValueError, match="positive"):
        bayes_ab.prob_b_beats_a_integral(0, 1, 1, 1)
    with pytest.raises(ValueError, match="positive"):
        prior_effect.prob_b_beats_a(1, -1, 1, 1)
    with pytest.raises(ValueError, match="one click and one non-click"):
        prior_effect.one_sided_z_p(0, 10, 0, 10)


@pytest.mark.claim("two-groups/three-ways-agree")
def test_sum_integral_and_simulation_agree(run):
    result = run("snippets/two_groups/bayes_ab.py")
    ns = result.namespace
    assert "exact sum 0.965098, integral 0.965098" in result.stdout
    exact = bayes_ab.prob_b_beats_a(*ns["shapes_a"], *ns["shapes_b"])
    se = mc_se(exact, ns["draws"])
    assert (
        f"{ns['beats']:.4f} ± {math.sqrt(ns['beats'] * (1 - ns['beats']) / ns['draws']):.4f}"
        == "0.9653 ± 0.0004"
    )
    assert abs(ns["beats"] - exact) <= se


@pytest.mark.claim("two-groups/credible-near-newcombe")
def test_the_exact_credible_interval_is_within_two_ten_thousandths_of_newcombe(run):
    result = run("snippets/two_groups/bayes_ab.py")
    ns = result.namespace
    shapes_a, shapes_b = ns["shapes_a"], ns["shapes_b"]
    exact = [optimize.brentq(lambda d, q=q: posterior_difference_cdf(shapes_a, shapes_b, d) - q, -0.1, 0.15,
                             xtol=1e-10) for q in (0.025, 0.975)]  # fmt: skip
    newcombe = newcombe_reference(A, N, B, N)
    assert np.all(np.abs(np.array(exact) - newcombe) <= 0.0002), (exact, newcombe)
    assert "95% credible interval for p_B − p_A: [-0.0021, 0.0542]" in result.stdout
    # the simulated ends lie where the exact CDF crosses 2.5% and 97.5%, within Monte Carlo error
    for end, q in zip((ns["low"], ns["high"]), (0.025, 0.975), strict=True):
        assert abs(posterior_difference_cdf(shapes_a, shapes_b, end) - q) <= Z999 * mc_se(q, ns["draws"])


@pytest.mark.claim("two-groups/expected-losses", "two-groups/losses-match-exact")
def test_the_expected_losses_match_their_integrals(run):
    result = run("snippets/two_groups/bayes_ab.py")
    ns = result.namespace
    shapes_a, shapes_b, draws = ns["shapes_a"], ns["shapes_b"], ns["draws"]
    assert "E[max(p_A − p_B, 0)]: 0.0198 ± 0.0003 percentage points" in result.stdout
    assert "E[max(p_B − p_A, 0)]: 2.6168 points" in result.stdout
    loss, gain = ns["loss"], ns["gain"]
    exact = exact_loss(shapes_a, shapes_b)
    assert abs(loss.mean() - exact) <= Z999 * loss.std() / math.sqrt(draws)
    # keeping A: E[max(p_B − p_A, 0)] = E[p_B − p_A] + E[max(p_A − p_B, 0)]
    mean_difference = shapes_b[0] / sum(shapes_b) - shapes_a[0] / sum(shapes_a)
    assert abs(gain.mean() - (mean_difference + exact)) <= Z999 * gain.std() / math.sqrt(draws)

    # the loss integral itself, against a direct double integral
    def shortfall(b, a):
        return (a - b) * stats.beta.pdf(a, *shapes_a) * stats.beta.pdf(b, *shapes_b)

    double, _ = integrate.dblquad(shortfall, 0.05, 0.2, 0.05, lambda a: a, epsabs=1e-12)
    assert double == pytest.approx(exact, rel=1e-5)


def _prior_rows(stdout: str) -> dict[str, list[float]]:
    rows = {}
    for line in stdout.splitlines()[2:7]:
        name = re.split(r"\s{2,}", line.strip())[0]
        rows[name] = numbers(line.replace("Beta", "").removeprefix(name))
    return rows


@pytest.mark.claim("two-groups/weak-priors-agree", "two-groups/strong-prior", "two-groups/strong-prior-loss",
                   "two-groups/checkpoint-4-prior")  # fmt: skip
def test_the_prior_table(run):
    result = run("snippets/two_groups/prior_effect.py")
    beats = result.namespace["beats"]
    assert (
        f"{beats['uniform Beta(1, 1)']:.4f}" == "0.9651" and f"{beats['Jeffreys Beta(½, ½)']:.4f}" == "0.9654"
    )
    assert f"{beats['Beta(1000, 9000)']:.4f}" == "0.7193"
    rows = _prior_rows(result.stdout)
    uniform, strong = rows["uniform Beta(1, 1)"], rows["Beta(1000, 9000)"]
    assert strong[-3:] == [-0.0056, 0.0103, 0.0703]
    assert strong[-2] - strong[-3] < (uniform[-2] - uniform[-3]) / 3  # much narrower
    assert strong[-1] > 3 * uniform[-1]
    # the strong prior's P(B > A), exactly: the finite sum
    assert bayes_ab.prob_b_beats_a(1000 + A, 9000 + N - A, 1000 + B, 9000 + N - B) == pytest.approx(
        beats["Beta(1000, 9000)"], abs=1e-9
    )
    # its loss within Monte Carlo error of the exact integral (100 000 draws)
    exact = 100 * exact_loss((1000 + A, 9000 + N - A), (1000 + B, 9000 + N - B))
    assert abs(strong[-1] - exact) <= 0.0005 + 0.00005 * 100


@pytest.mark.claim("two-groups/stronger-prior-lower")
def test_a_stronger_prior_centred_on_ten_percent_lowers_the_probability(run):
    beats = list(run("snippets/two_groups/prior_effect.py").namespace["beats"].values())
    uniform, _, *centred = beats
    assert uniform > centred[0] > centred[1] > centred[2]
    strengths = np.geomspace(10, 1e5, 25)  # Beta(0.1 m, 0.9 m), m from 10 to 100 000
    values = [prior_effect.prob_b_beats_a(0.1 * m + A, 0.9 * m + N - A, 0.1 * m + B, 0.9 * m + N - B)
              for m in strengths]  # fmt: skip
    assert np.all(np.diff(values) < 0)


@pytest.mark.claim("two-groups/near-coincidence")
def test_with_a_flat_prior_and_large_samples_the_posterior_is_nearly_the_z_test(run):
    result = run("snippets/two_groups/prior_effect.py")
    ns = result.namespace
    assert "one-sided z-test p = 0.0347, 1 − p = 0.9653" in result.stdout
    beats = ns["beats"]["uniform Beta(1, 1)"]
    assert abs(beats - (1 - ns["p"])) < 0.001
    d = (B - A) / N
    unpooled = math.sqrt((A * (N - A) + B * (N - B)) / N**3)
    pooled = math.sqrt((A + B) / (2 * N) * (1 - (A + B) / (2 * N)) * 2 / N)
    assert abs(beats - stats.norm.cdf(d / unpooled)) < 0.001  # a normal centred at d
    assert abs(pooled / unpooled - 1) < 0.01  # nearly the z-test's standard error


@pytest.mark.claim("two-groups/small-samples-differ", "two-groups/prior-moves-only-bayes",
                   "two-groups/checkpoint-4-small")  # fmt: skip
def test_small_samples_and_strong_priors_separate_the_two_numbers(run):
    result = run("snippets/two_groups/prior_effect.py")
    assert "A 0/10, B 2/10: P(B > A) = 0.8929, 1 − p = 0.9320" in result.stdout
    assert bayes_ab.prob_b_beats_a(1, 11, 3, 9) == pytest.approx(0.8929, abs=5e-5)
    assert 1 - prior_effect.one_sided_z_p(0, 10, 2, 10) == pytest.approx(0.9320, abs=5e-5)
    ns = result.namespace
    assert f"{ns['p']:.4f}" == "0.0347"  # p does not depend on any prior
    assert ns["beats"]["Beta(1000, 9000)"] < ns["beats"]["uniform Beta(1, 1)"] - 0.2


# --- four answers -------------------------------------------------------------------------


@pytest.mark.claim("two-groups/four-answers-match-sections", "two-groups/four-agree")
def test_the_four_answers_are_the_sections_numbers(run):
    four = run("snippets/two_groups/four_answers.py").namespace
    perm = run("snippets/two_groups/permutation_test.py").namespace
    boot = run("snippets/two_groups/bootstrap_intervals.py").namespace
    bayes = run("snippets/two_groups/bayes_ab.py").namespace
    assert np.array_equal(four["null"], perm["null"])
    assert four["p_perm"] == permutation_test.permutation_p_value(perm["null"], perm["observed"])[0]
    assert four["p_fisher"] == pytest.approx(
        permutation_test.exact_permutation_p_value(A, N, B, N), rel=1e-12
    )
    assert np.array_equal(four["boot"], boot["replicates"])
    assert np.array_equal(four["percentile"], boot["intervals"]["percentile"])
    assert np.array_equal(four["bca"], boot["bca"])
    assert np.allclose(four["wald"], boot["intervals"]["Wald"], rtol=0, atol=1e-15)
    assert np.array_equal(four["draws"], bayes["difference"])
    assert four["beats"] == pytest.approx(
        bayes_ab.prob_b_beats_a(*bayes["shapes_a"], *bayes["shapes_b"]), rel=1e-12
    )
    assert np.array_equal(four["credible"], [bayes["low"], bayes["high"]])
    for interval in (four["wald"], four["percentile"], four["bca"], four["credible"]):
        assert interval[0] < 0 < 0.05 < interval[1]
    assert min(2 * stats.norm.sf(four["z"]), four["p_perm"], four["p_fisher"]) > 0.05


def test_four_answers_quantiles_reject_an_empty_array():
    with pytest.raises(ValueError, match="no values"):
        four_answers.quantiles(np.array([]), [0.5])


# --- peeking -----------------------------------------------------------------------------


def _normal_approximation(clicks_a, clicks_b, n):
    value, _ = bayes_peeking.prob_b_beats_a_fast(clicks_a, clicks_b, n, 0.95, margin=0)
    return value


@pytest.mark.claim("two-groups/peeking-setup")
def test_the_peeking_simulation_design(run):
    ns = run("snippets/two_groups/bayes_peeking.py").namespace
    assert ns["daily"].shape == (2, 20_000, 30) and ns["per_day"] == 200 and ns["rate"] == 0.10
    assert ns["threshold"] == 0.95 and list(ns["n"]) == list(200 * np.arange(1, 31))
    stopped = np.logical_or.accumulate(ns["posterior"] > 0.95, axis=1)
    assert np.allclose(stopped.mean(axis=0), ns["peeking"])


def _exact_looks(n, clicks_a, clicks_b):
    """The exact P(p_B > p_A) of looks with n visitors per group, uniform priors (the snippet's sum)."""
    return bayes_peeking.prob_b_beats_a(1 + clicks_a, 1 + n - clicks_a, 1 + clicks_b, 1 + n - clicks_b)


@pytest.mark.claim("two-groups/peeking-exact-decisions")
def test_every_peeking_decision_is_the_exact_one(run):
    ns = run("snippets/two_groups/bayes_peeking.py").namespace
    clicks_a, clicks_b, n = ns["clicks_a"], ns["clicks_b"], np.broadcast_to(ns["n"], ns["clicks_a"].shape)
    approx = _normal_approximation(clicks_a, clicks_b, n)
    assert np.all(ns["posterior"][~ns["exact"]] == approx[~ns["exact"]])
    # every distinct look within 0.05 of the threshold, computed exactly: the approximation errs by < 0.005
    band = np.abs(approx - 0.95) < 0.05
    looks, back = np.unique(np.stack([n[band], clicks_a[band], clicks_b[band]]), axis=1, return_inverse=True)
    exact = np.concatenate(
        [_exact_looks(*looks[:, i : i + 4000]) for i in range(0, looks.shape[1], 4000)]  # in chunks
    )
    assert np.abs(exact - _normal_approximation(looks[1], looks[2], looks[0])).max() < 0.005
    # the snippet's values are the exact ones where it used the sum, and its decisions are exact in the band
    assert np.allclose(ns["posterior"][band], exact[back], atol=0.005)
    assert np.array_equal(ns["posterior"][band] > 0.95, exact[back] > 0.95)
    # away from the band, the approximation is off by far less than 0.05 (a sample of the looks)
    rng = np.random.default_rng(0)
    far = np.flatnonzero(~band.ravel())
    pick = rng.choice(far, 3000, replace=False)
    exact_far = _exact_looks(n.ravel()[pick], clicks_a.ravel()[pick], clicks_b.ravel()[pick])
    assert np.abs(exact_far - approx.ravel()[pick]).max() < 0.005


@pytest.mark.claim(
    "two-groups/one-look-five-percent",
    "two-groups/peeking-inflates",
    "two-groups/checkpoint-5",
    "two-groups/summary-peeking",
)
def test_one_look_keeps_five_percent_and_daily_looks_do_not(run):
    result = run("snippets/two_groups/bayes_peeking.py")
    ns = result.namespace
    experiments = 20_000
    se = mc_se(0.05, experiments)
    assert "one look, on day 30:          0.0464 (s.e. 0.0015)" in result.stdout
    daily = ns["above"].mean(axis=0)
    assert np.all(np.abs(daily - 0.05) <= 2.5 * se)
    week, month = ns["peeking"][6], ns["peeking"][-1]
    assert f"{week:.4f}" == "0.1513" and f"{month:.4f}" == "0.2410"
    assert abs(week / 0.05 - 3) <= 0.1 and 4.5 <= month / 0.05 < 5  # about three, nearly five times
    assert month / ns["single"] > 5
    assert month - Z999 * mc_se(month, experiments) > ns["single"] + Z999 * mc_se(ns["single"], experiments)


@pytest.mark.claim("two-groups/rule-is-a-z-test")
def test_the_bayesian_rule_decides_like_a_one_sided_z_test(run):
    result = run("snippets/two_groups/bayes_peeking.py")
    ns = result.namespace
    assert "decides otherwise: 0.017%" in result.stdout
    clicks_a, clicks_b, n = ns["clicks_a"], ns["clicks_b"], ns["n"]
    pooled = (clicks_a + clicks_b) / (2 * n)
    z = (clicks_b - clicks_a) / n / np.sqrt(pooled * (1 - pooled) * 2 / n)
    assert np.mean((stats.norm.sf(z) < 0.05) != ns["above"]) < 0.0002


def test_peeking_functions_reject_bad_input():
    with pytest.raises(ValueError, match="whole numbers"):
        bayes_peeking.prob_b_beats_a([1.0], [2.0], [1.5], [2.0])
    with pytest.raises(ValueError, match="positive"):
        bayes_peeking.prob_b_beats_a([0.0], [2.0], [1.0], [2.0])


# --- exercises ----------------------------------------------------------------------------


@pytest.mark.claim("two-groups/exercise-1-close", "two-groups/exercise-1-noisy")
def test_exercise_1_permutation_and_welch_agree(run):
    result = run("snippets/two_groups/exercise_permutation_means.py")
    ns = result.namespace
    assert "permutation test, 4999 shuffles: p = 0.0858 ± 0.0040" in result.stdout
    assert "Welch's t-test: t = 1.686, p = 0.0925" in result.stdout
    assert abs(ns["p"] - ns["welch"].pvalue) < 0.01
    assert "B − A 3.66" in result.stdout and "visitors who bought: A 29, B 33" in result.stdout
    assert np.count_nonzero(ns["a"]) == 29 and np.count_nonzero(ns["b"]) == 33


@pytest.mark.claim("two-groups/exercise-1-scipy")
def test_exercise_1_agrees_with_scipy_permutation_test(run):
    ns = run("snippets/two_groups/exercise_permutation_means.py").namespace
    found = stats.permutation_test(
        (ns["a"], ns["b"]), lambda x, y, axis: np.abs(y.mean(axis=axis) - x.mean(axis=axis)),
        alternative="greater", n_resamples=20_000, vectorized=True, rng=np.random.default_rng(3),
    )  # fmt: skip
    assert abs(found.pvalue - ns["p"]) <= Z999 * math.hypot(ns["se"], mc_se(found.pvalue, 20_000))
    with pytest.raises(ValueError, match="non-empty"):
        exercise_permutation_means.permutation_p_value(np.array([]), ns["b"], 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="buy_rate"):
        exercise_permutation_means.revenue(10, 1.5, 40.0, np.random.default_rng(0))


@pytest.mark.claim("two-groups/exercise-2-few-values", "two-groups/exercise-2-bca-equal",
                   "two-groups/exercise-2-order-statistics")  # fmt: skip
def test_exercise_2_median_intervals(run):
    result = run("snippets/two_groups/exercise_bootstrap_median.py")
    ns = result.namespace
    x, medians = ns["load_ms"], ns["medians"]
    assert x.size == 41 and np.unique(medians).size == 22 and np.isin(medians, x).all()
    assert "95% percentile bootstrap: [630, 945] ms" in result.stdout
    assert "95% BCa bootstrap:        [630, 945] ms" in result.stdout
    estimate = np.median(x)
    z0 = special.ndtri((np.mean(medians < estimate) + np.mean(medians <= estimate)) / 2)
    leave_one_out = np.array([np.median(np.delete(x, i)) for i in range(x.size)])
    u = leave_one_out.mean() - leave_one_out
    assert abs(z0) < 0.05 and np.unique(leave_one_out).size == 3
    assert abs((u**3).sum() / (6 * (u**2).sum() ** 1.5)) < 0.01
    low, high, covered = exercise_bootstrap_median.order_statistic_interval(x)
    assert (low, high) == (610, 1036) and f"{covered:.4f}" == "0.9725"
    assert high - low > 945 - 630
    # the guarantee: for continuous data [x_(r), x_(n+1-r)] covers the median with that probability
    rng = np.random.default_rng(5)
    samples = rng.exponential(size=(20_000, 41))  # median log 2
    ends = np.array([exercise_bootstrap_median.order_statistic_interval(s)[:2] for s in samples[:2000]])
    share = np.mean((ends[:, 0] <= math.log(2)) & (math.log(2) <= ends[:, 1]))
    assert abs(share - covered) <= Z999 * mc_se(covered, 2000)
    with pytest.raises(ValueError, match="too few"):
        exercise_bootstrap_median.order_statistic_interval(np.arange(5.0))
    with pytest.raises(ValueError, match="at least 2 values"):
        exercise_bootstrap_median.bootstrap_medians(np.array([1.0]), 10, rng)


@pytest.mark.claim("two-groups/exercise-3-history-for-a", "two-groups/exercise-3-history-for-both")
def test_exercise_3_informative_priors(run):
    result = run("snippets/two_groups/exercise_informative_prior.py")
    lines = result.stdout.splitlines()
    assert lines[1].startswith("uniform for both:") and "P(B > A) = 0.9651" in lines[1]
    assert "P(B > A) = 0.9977, 95% credible [+0.0085, +0.0515]" in lines[2]
    assert "A's history for both:    P(B > A) = 0.7193" in lines[3]
    assert exercise_informative_prior.prob_b_beats_a(
        (1000 + A, 9000 + N - A), (1 + B, 1 + N - B)
    ) == pytest.approx(bayes_ab.prob_b_beats_a(1000 + A, 9000 + N - A, 1 + B, 1 + N - B), abs=1e-9)
    # the credible interval of (b) excludes 0 exactly, not only in the simulation
    shapes_a, shapes_b = (1000 + A, 9000 + N - A), (1 + B, 1 + N - B)
    assert posterior_difference_cdf(shapes_a, shapes_b, 0.0) < 0.025
    with pytest.raises(ValueError, match="positive prior"):
        exercise_informative_prior.posterior((0, 1), 3, 10)
    with pytest.raises(ValueError, match="positive"):
        exercise_informative_prior.prob_b_beats_a((1, 1), (0, 1))


def test_every_figure_is_titled_and_small_enough_for_a_phone(run):
    for name in (
        "permutation_test",
        "bootstrap_intervals",
        "bootstrap_coverage",
        "bayes_ab",
        "bayes_peeking",
    ):
        result = run(f"snippets/two_groups/{name}.py")
        assert result.figures, name
        for figure in result.figures:
            assert figure.alt
            width = float(re.search(r'viewBox="0 0 ([\d.]+) ', figure.light).group(1)) / 72  # points
            assert width <= 5.6, (name, width)
