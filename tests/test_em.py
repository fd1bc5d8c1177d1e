"""Claims of the lesson "The EM algorithm", checked on the snippets' real results."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.special import logsumexp
from scipy.stats import binom

from snippets.em import (
    bound_gap_is_kl,
    em_lower_bound,
    gaussian_mixture_em,
    likelihood_unbounded,
    mixture_collapse,
    mixture_local_optima,
    poisson_mixture_em,
    two_coins_em,
)

ROUNDING = 1e-9  # how far "never decreases" may be off in floating point

probability = st.floats(0.05, 0.95)


# --- why EM never lowers the likelihood -----------------------------------------------


def test_the_bound_touches_the_log_likelihood_at_the_current_parameters(run):
    ns = run("snippets/em/em_lower_bound.py").namespace
    assert abs(ns["ll_old"] - ns["bound_old"]) < 1e-9
    assert np.all(ns["ll_curve"] - ns["bound_curve"] >= -1e-9), "the bound is never above the likelihood"
    assert (
        0
        < ns["ll_curve"][np.argmin(np.abs(ns["grid"] - ns["p_a_old"]))]
        - ns["bound_curve"][np.argmin(np.abs(ns["grid"] - ns["p_a_old"]))]
        < 1e-2
    )


def test_the_m_step_climbs_the_bound_and_so_the_likelihood(run):
    ns = run("snippets/em/em_lower_bound.py").namespace
    assert ns["bound_new"] > ns["bound_old"]
    assert ns["ll_new"] >= ns["bound_new"] > ns["ll_old"]
    step = ns["grid"][1] - ns["grid"][0]
    assert abs(ns["grid"][np.argmax(ns["bound_curve"])] - ns["p_a_new"]) <= step, (
        "M-step = argmax of the bound"
    )
    assert ns["ll_new"] - ns["bound_new"] > 1, (
        "the likelihood rises by more than the bound (the new gap is a KL)"
    )


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), p_a=probability, p_b=probability, share=probability)
def test_the_bound_is_below_the_log_likelihood_for_any_q(seed, p_a, p_b, share):
    rng = np.random.default_rng(seed)
    heads = rng.integers(0, 11, size=12)
    joint = em_lower_bound.coin_log_joint(heads, 10, share, p_a, p_b)[0]
    q = rng.dirichlet([1.0, 1.0], size=12)
    assert em_lower_bound.lower_bound(joint, q) <= em_lower_bound.log_likelihood(joint) + 1e-9


def test_lower_bound_rejects_a_q_that_is_not_a_distribution():
    joint = em_lower_bound.coin_log_joint(np.array([3, 7]), 10, 0.5, 0.6, 0.4)[0]
    with pytest.raises(ValueError, match="probability distribution"):
        em_lower_bound.lower_bound(joint, np.array([[0.5, 0.6], [0.5, 0.5]]))


def test_the_gap_is_exactly_the_kl_divergence_for_every_q(run):
    ns = run("snippets/em/bound_gap_is_kl.py").namespace
    np.testing.assert_allclose(ns["bound"] + ns["gap"], ns["log_lik"], rtol=0, atol=1e-9)
    assert np.all(ns["gap"][:-1] > 12), "random q leave a gap of a dozen nats or more"
    assert abs(ns["gap"][-1]) < 1e-9, "the posterior closes it"


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), p_a=probability, p_b=probability, share=probability)
def test_log_likelihood_equals_bound_plus_kl_for_random_q(seed, p_a, p_b, share):
    rng = np.random.default_rng(seed)
    heads = rng.integers(0, 21, size=15)
    joint = bound_gap_is_kl.coin_log_joint(heads, 20, share, p_a, p_b)
    bound, gap = bound_gap_is_kl.bound_and_gap(joint, rng.dirichlet([0.5, 0.5], size=15))
    assert gap >= -1e-12
    assert abs(bound + gap - logsumexp(joint, axis=1).sum()) < 1e-8


# --- two coins --------------------------------------------------------------------------


def test_two_coin_em_never_lowers_the_likelihood(run):
    log_lik = run("snippets/em/two_coins_em.py").namespace["log_lik"]
    assert np.all(np.diff(log_lik) >= -ROUNDING)
    assert log_lik[-1] - log_lik[0] > 20, "the start is poor: EM gains a lot"


def test_two_coin_em_lands_on_the_labels_known_estimates(run):
    ns = run("snippets/em/two_coins_em.py").namespace
    share, p_a, p_b = ns["path"][-1]
    assert abs(share - ns["known_share"]) < 0.01
    assert abs(p_a - ns["known_p"][0]) < 0.01
    assert abs(p_b - ns["known_p"][1]) < 0.01
    assert np.all(np.abs(ns["path"][5:] - ns["path"][-1]) < 5e-4), "settled after about five iterations"


def test_the_biggest_gains_come_first(run):
    gains = np.diff(run("snippets/em/two_coins_em.py").namespace["log_lik"])
    assert set(np.argsort(gains)[-2:]) == {0, 1}


def test_batches_of_twenty_tosses_nearly_reveal_their_coin(run):
    ns = run("snippets/em/two_coins_em.py").namespace
    share, p_a, p_b = ns["path"][-1]
    probe = two_coins_em.coin_log_joint(np.array([15, 7]), 20, share, p_a, p_b)
    resp_a = np.exp(probe[:, 0] - logsumexp(probe, axis=1))
    assert resp_a[0] > 0.99 and resp_a[1] < 0.01, "15 heads: coin A; 7 heads: coin B"
    joint = two_coins_em.coin_log_joint(ns["heads"], 20, share, p_a, p_b)
    resp = np.exp(joint[:, 0] - logsumexp(joint, axis=1))
    assert np.mean(np.minimum(resp, 1 - resp) < 0.05) >= 0.8, "most responsibilities end near 0 or 1"


def test_the_log_joint_uses_the_binomial_pmf():
    heads = np.array([0, 4, 10])
    joint = two_coins_em.coin_log_joint(heads, 10, 0.3, 0.8, 0.4)
    expected = np.log([0.3, 0.7]) + binom.logpmf(heads[:, None], 10, [0.8, 0.4])
    np.testing.assert_allclose(joint, expected, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), p_a=probability, p_b=probability, share=probability)
def test_two_coin_em_is_monotone_from_any_start(seed, p_a, p_b, share):
    heads = np.random.default_rng(seed).integers(1, 10, size=20)  # no batch at 0 or 10: no boundary
    _, log_lik = two_coins_em.two_coin_em(heads, 10, (share, p_a, p_b), iterations=15)
    assert np.all(np.diff(log_lik) >= -ROUNDING)


@pytest.mark.parametrize(
    ("heads", "start", "message"),
    [
        (np.array([3, 12]), (0.5, 0.6, 0.4), "between 0 and 10 heads"),
        (np.array([3, 4]), (1.0, 0.6, 0.4), "strictly between 0 and 1"),
        (np.array([3, 4]), (0.5, 0.0, 0.4), "strictly between 0 and 1"),
    ],
)
def test_two_coin_em_rejects_impossible_input(heads, start, message):
    with pytest.raises(ValueError, match=message):
        two_coins_em.two_coin_em(heads, 10, start, iterations=3)


def test_a_symmetric_start_is_stuck_on_one_coin(run):
    ns = run("snippets/em/coins_symmetric_start.py").namespace
    share, p_a, p_b, ll = ns["final"][(0.5, 0.5, 0.5)]
    assert p_a == pytest.approx(ns["one_coin"], abs=1e-12) and p_b == pytest.approx(ns["one_coin"], abs=1e-12)
    assert share == pytest.approx(0.5, abs=1e-12)
    assert ll == pytest.approx(ns["single"], abs=1e-9)
    _, p_a, p_b, nudged = ns["final"][(0.5, 0.51, 0.5)]
    assert nudged > ll + 30
    assert abs(p_a - 0.781) < 0.001 and abs(p_b - 0.348) < 0.001, "a nudge reaches the lesson's fit"


# --- a Gaussian mixture -------------------------------------------------------------------


def test_mixture_log_likelihood_is_non_decreasing_at_every_iteration(run):
    log_lik = run("snippets/em/gaussian_mixture_em.py").namespace["log_lik"]
    assert len(log_lik) == 41
    assert np.all(np.diff(log_lik) >= -ROUNDING)
    assert np.diff(log_lik)[-1] < 1e-6, "converged after 40 iterations"


def test_mixture_recovers_the_truth_on_the_seeded_sample(run):
    ns = run("snippets/em/gaussian_mixture_em.py").namespace
    order = np.argsort(ns["means"])
    # 600 points: standard errors are about 0.05 for a mean, 0.04 for an sd, 0.02 for a weight
    np.testing.assert_allclose(ns["means"][order], ns["true_means"], atol=0.15)
    np.testing.assert_allclose(ns["sds"][order], ns["true_sds"], atol=0.15)
    np.testing.assert_allclose(ns["weights"][order], ns["true_weights"], atol=0.05)


def test_mixture_em_is_close_to_the_labels_known_mle(run):
    ns = run("snippets/em/gaussian_mixture_em.py").namespace
    fitted = np.array([ns["weights"], ns["means"], ns["sds"]])
    np.testing.assert_allclose(fitted, np.array(ns["known"]), atol=0.03)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), gap=st.floats(0.0, 5.0), spread=st.floats(0.5, 3.0))
def test_mixture_em_is_monotone_on_any_data_from_any_start_inside_the_data(seed, gap, spread):
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.normal(0, 1, 40), rng.normal(gap, 1, 40)])
    start = ([0.5, 0.5], rng.uniform(x.min(), x.max(), size=2), [spread, spread])
    failure, log_lik = None, None
    try:
        _, log_lik = gaussian_mixture_em.fit_mixture_em(x, start, iterations=25)
    except RuntimeError as error:  # a start next to an outlier can collapse (see the pitfalls)
        failure = str(error)
    if failure is not None:
        assert "collapsed onto a single point" in failure or "lost all its points" in failure
    assume(failure is None)
    assert np.all(np.diff(log_lik) >= -ROUNDING * max(1.0, abs(log_lik[0])))


@pytest.mark.parametrize(
    ("start", "iterations", "message"),
    [
        (([0.5, 0.5], [0, 1], [1.0, -1.0]), 5, "standard deviations must be positive"),
        (([0.5, 0.6], [0, 1], [1.0, 1.0]), 5, "sum to 1"),
        (([0.5, 0.5], [0, 1], [1.0, 1.0]), 0, "at least 1"),
    ],
)
def test_mixture_em_rejects_bad_starts(start, iterations, message):
    with pytest.raises(ValueError, match=message):
        gaussian_mixture_em.fit_mixture_em(np.array([0.1, 0.5, 2.0]), start, iterations)


def test_mixture_em_says_so_when_a_component_collapses():
    x = np.array([-3.0, 0.0, 0.1, 0.2, 0.3])  # a start on the outlier -3 with a small sd
    with pytest.raises(RuntimeError, match="collapsed onto a single point"):
        gaussian_mixture_em.fit_mixture_em(x, ([0.5, 0.5], [0.15, -3.0], [1.0, 0.1]), iterations=20)


def test_mixture_em_says_so_when_a_component_loses_every_point():
    x = np.array([0.0, 0.1, 0.2, 0.3])
    with pytest.raises(RuntimeError, match="lost all its points"):
        gaussian_mixture_em.fit_mixture_em(x, ([0.5, 0.5], [0.1, 500.0], [1.0, 0.01]), iterations=3)


# --- pitfalls -------------------------------------------------------------------------------


def test_different_starts_reach_different_optima(run):
    ns = run("snippets/em/mixture_local_optima.py").namespace
    final = ns["log_lik"][-1]
    assert final[0] - final[2] > 100, "the third start ends far below the best fit"
    assert np.all(np.abs(ns["log_lik"][-1] - ns["log_lik"][-2]) < 1e-9), "every start has converged"
    np.testing.assert_allclose(np.sort(ns["means"][0]), [-8, 0, 8], atol=0.3)


def test_the_poor_optimum_is_a_local_maximum_not_a_saddle(run):
    ns = run("snippets/em/mixture_local_optima.py").namespace
    rng = np.random.default_rng(0)
    nudges = rng.normal(0, 0.05, size=(3, 8, 3))
    weights = np.abs(ns["weights"][2] + nudges[0])
    means = ns["means"][2] + nudges[1]
    sds = ns["sds"][2] * np.exp(nudges[2])
    _, log_lik = mixture_local_optima.fit_mixtures_em(ns["x"], weights, means, sds, iterations=300)
    np.testing.assert_allclose(log_lik[-1], ns["log_lik"][-1, 2], atol=1e-6)


def test_the_poor_optimum_splits_the_left_cluster_and_stretches_over_the_right(run):
    ns = run("snippets/em/mixture_local_optima.py").namespace
    means, sds, weights = ns["means"][2], ns["sds"][2], ns["weights"][2]
    wide = np.argmax(sds)
    assert 0 < means[wide] < 8 and sds[wide] > 3, "one component over the two right clusters"
    others = np.delete(np.arange(3), wide)
    assert np.all(means[others] < -5), "two components on the left cluster"
    narrow = others[np.argmin(sds[others])]
    assert weights[narrow] * len(ns["x"]) < 15, "the narrow one covers a handful of points"


def test_reversed_start_gives_the_same_fit_with_swapped_labels(run):
    ns = run("snippets/em/mixture_local_optima.py").namespace
    assert abs(ns["log_lik"][-1, 0] - ns["log_lik"][-1, 1]) < 1e-8
    for name in ("weights", "means", "sds"):
        np.testing.assert_allclose(ns[name][1], ns[name][0][::-1], atol=1e-6)
    assert not np.allclose(ns["means"][0], ns["means"][1]), "component 0 means different things"


def test_local_optima_function_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        mixture_local_optima.fit_mixtures_em(np.zeros(4), np.ones(3), np.zeros(2), np.ones(3), 5)
    with pytest.raises(ValueError, match="must be positive"):
        mixture_local_optima.fit_mixtures_em(np.zeros(4), np.ones(2), np.zeros(2), np.array([1.0, 0.0]), 5)


def test_the_mixture_likelihood_grows_without_limit(run):
    ns = run("snippets/em/likelihood_unbounded.py").namespace
    profile, log10_sd = ns["profile"], ns["log10_sd"]
    tail = log10_sd < -10  # "in the limit": beyond sd = 1e-10
    slope = np.diff(profile[tail]) / -np.diff(log10_sd[tail])
    np.testing.assert_allclose(slope, np.log(10), rtol=1e-6)
    assert (
        "each factor 10 smaller adds log(10) = 2.303 nats"
        in run("snippets/em/likelihood_unbounded.py").stdout
    )


def test_a_degenerate_component_beats_the_sensible_fit(run):
    degenerate = run("snippets/em/likelihood_unbounded.py").namespace["profile"][-1]  # sd = 1e-30
    sensible = run("snippets/em/mixture_collapse.py").namespace["guarded"][-1, 0]
    np.testing.assert_array_equal(
        run("snippets/em/likelihood_unbounded.py").namespace["x"],
        run("snippets/em/mixture_collapse.py").namespace["x"],
    )
    assert degenerate > sensible


def test_plain_em_collapses_and_the_prior_prevents_it(run):
    ns = run("snippets/em/mixture_collapse.py").namespace
    plain, guarded = ns["plain"], ns["guarded"]
    assert len(plain) == 3 and plain[-1, 0] == np.inf, "collapsed in two iterations"
    assert plain[1, 1] < 0.01 and plain[-1, 1] == 0, "sd below a hundredth, then exactly zero"
    assert np.all(guarded[:, 1] > 0.05), "with the prior no sd ever approaches 0"
    order = np.argsort(ns["means"])
    np.testing.assert_allclose(ns["means"][order], [-2, 2], atol=0.3)
    assert np.all(ns["weights"] > 0.3)
    assert np.all((ns["sds"] > 0.6) & (ns["sds"] < 1.4))
    assert abs(guarded[-1, 0] - guarded[-2, 0]) < 1e-9, "converged"


def test_unbounded_and_collapse_functions_reject_bad_input():
    with pytest.raises(ValueError, match="standard deviations must be positive"):
        likelihood_unbounded.mixture_log_likelihood(
            np.zeros(3), np.array([0.5, 0.5]), np.zeros(2), np.array([1, 0])
        )
    with pytest.raises(ValueError, match="prior_points >= 0"):
        mixture_collapse.run_em(np.zeros(3), ([0.5, 0.5], [0, 1], [1, 1]), 5, prior_points=-1)


# --- exercise: a Poisson mixture --------------------------------------------------------------


def test_poisson_mixture_em_recovers_the_rates(run):
    ns = run("snippets/em/poisson_mixture_em.py").namespace
    assert np.all(np.diff(ns["log_lik"]) >= -ROUNDING)
    np.testing.assert_allclose(ns["rates"], [3, 12], atol=0.5)
    np.testing.assert_allclose(ns["weights"], [0.7, 0.3], atol=0.05)
    assert abs(ns["weights"][1] - ns["busy"].mean()) < 0.01, "the weight tracks this sample's busy share"
    assert "never decreased (beyond rounding, 1e-9): True" in run("snippets/em/poisson_mixture_em.py").stdout


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rate=st.floats(0.5, 20.0))
def test_poisson_mixture_em_is_monotone(seed, rate):
    counts = np.random.default_rng(seed).poisson(rate, size=60)
    _, log_lik = poisson_mixture_em.poisson_mixture_em(counts, ([0.3, 0.7], [1.0, 5.0]), iterations=20)
    assert np.all(np.diff(log_lik) >= -ROUNDING * max(1.0, abs(log_lik[0])))


@pytest.mark.parametrize("counts", [np.array([1, -2, 3]), np.array([1.5, 2.0])])
def test_poisson_mixture_em_rejects_impossible_counts(counts):
    with pytest.raises(ValueError, match="whole numbers >= 0"):
        poisson_mixture_em.poisson_mixture_em(counts, ([0.5, 0.5], [1.0, 2.0]), iterations=2)
