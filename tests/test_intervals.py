"""Claims of the lesson "Confidence and credible intervals", checked on the snippets' real results."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from snippets.intervals import (
    coverage_across_n_and_p,
    credible_calibration,
    credible_interval,
    exercise_bootstrap_coverage,
    exercise_jeffreys_coverage,
    exercise_width_and_n,
    proportion_intervals,
    repeated_intervals,
)

Z999 = stats.norm.isf(0.0005)  # two-sided 99.9% normal band: a correct claim fails 1 run in 1000


def within_binomial_band(observed: float, expected: float, trials: int, z: float = Z999) -> bool:
    """Is a simulated share within z Monte Carlo standard errors of the share it estimates?"""
    return abs(observed - expected) <= z * np.sqrt(expected * (1 - expected) / trials)


def exact_coverage(
    lower: np.ndarray, upper: np.ndarray, trials: int, probabilities: np.ndarray
) -> np.ndarray:
    """Exact coverage at each p of an interval given for every count 0..trials (no simulation)."""
    counts = np.arange(trials + 1)
    p = np.asarray(probabilities)[:, None]
    pmf = stats.binom.pmf(counts[None, :], trials, p)
    return np.sum(((lower <= p) & (p <= upper)) * pmf, axis=1)


# --- what 95% confidence promises ---------------------------------------------------


def test_t_intervals_cover_the_true_mean_95_percent_of_the_time(run):
    result = run("snippets/intervals/repeated_intervals.py")
    ns = result.namespace
    assert within_binomial_band(ns["coverage"], 0.95, ns["experiments"])
    assert f"coverage over all {ns['experiments']} experiments: {ns['coverage']:.4f}" in result.stdout


def test_misses_among_the_100_drawn_intervals_are_a_plausible_binomial_count(run):
    result = run("snippets/intervals/repeated_intervals.py")
    ns = result.namespace
    missed = ns["missed_shown"]
    assert missed == int(np.sum(~ns["covered"][:100]))
    low, high = stats.binom.ppf([0.0005, 0.9995], 100, 0.05)
    assert low <= missed <= high
    assert f"first 100 experiments: {missed}" in result.stdout
    assert len(result.figures) == 1


def test_t_interval_matches_scipy():
    rng = np.random.default_rng(0)
    samples = rng.normal(3, 2, size=(5, 12))
    lower, upper = repeated_intervals.t_interval(samples, 0.9)
    for row, low, high in zip(samples, lower, upper, strict=True):
        ref = stats.ttest_1samp(row, 0).confidence_interval(confidence_level=0.9)
        assert low == pytest.approx(ref.low) and high == pytest.approx(ref.high)


@given(st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=30), st.floats(0.5, 0.98))
def test_t_interval_contains_the_mean_and_widens_with_confidence(values, confidence):
    lower, upper = repeated_intervals.t_interval(np.array(values), confidence)
    wider_lower, wider_upper = repeated_intervals.t_interval(np.array(values), (confidence + 1) / 2)
    mean = np.mean(values)
    assert lower[0] <= mean + 1e-9 and mean - 1e-9 <= upper[0]
    assert wider_lower[0] <= lower[0] + 1e-9 and upper[0] <= wider_upper[0] + 1e-9


@pytest.mark.parametrize(
    ("samples", "confidence", "message"),
    [([1.0, 2.0, 3.0], 1.5, "confidence must be strictly between 0 and 1"), ([4.0], 0.95, "at least 2")],
)
def test_t_interval_rejects_bad_input(samples, confidence, message):
    with pytest.raises(ValueError, match=message):
        repeated_intervals.t_interval(np.array(samples), confidence)


# --- three intervals for a proportion -----------------------------------------------


@settings(max_examples=200)
@given(st.integers(1, 2000), st.data())
def test_wilson_matches_scipy_stays_in_0_1_and_contains_p_hat(trials, data):
    successes = data.draw(st.integers(0, trials))
    lower, upper = proportion_intervals.wilson_interval(successes, trials)
    ref = stats.binomtest(successes, trials).proportion_ci(confidence_level=0.95, method="wilson")
    assert lower == pytest.approx(ref.low, abs=1e-12) and upper == pytest.approx(ref.high, abs=1e-12)
    assert -1e-12 <= lower <= successes / trials + 1e-12 <= upper + 2e-12 <= 1 + 3e-12


@given(st.integers(1, 2000), st.data())
def test_wald_is_centred_on_p_hat_and_clipped(trials, data):
    successes = data.draw(st.integers(0, trials))
    lower, upper = proportion_intervals.wald_interval(successes, trials)
    p_hat = successes / trials
    assert 0 <= lower <= p_hat <= upper <= 1
    if lower > 0 and upper < 1:
        assert (lower + upper) / 2 == pytest.approx(p_hat)


def test_with_no_successes_wald_and_bootstrap_collapse_but_wilson_does_not(run):
    intervals = run("snippets/intervals/proportion_intervals.py").namespace["intervals"]
    assert intervals[0, 20, "Wald"] == (0.0, 0.0)
    assert intervals[0, 20, "bootstrap"] == (0.0, 0.0)
    low, high = intervals[0, 20, "Wilson"]
    assert low == pytest.approx(0, abs=1e-12) and high > 0.1


def test_for_7_of_40_the_three_intervals_roughly_agree_and_wilson_leans_to_one_half(run):
    intervals = run("snippets/intervals/proportion_intervals.py").namespace["intervals"]
    methods = ["Wald", "Wilson", "bootstrap"]
    for a in methods:
        for b in methods:
            assert np.max(np.abs(np.subtract(intervals[7, 40, a], intervals[7, 40, b]))) < 0.04
    wilson = intervals[7, 40, "Wilson"]
    wald = intervals[7, 40, "Wald"]
    assert sum(wilson) / 2 > 7 / 40  # pulled from p̂ toward 1/2
    assert wilson[0] > wald[0] and wilson[1] > wald[1]


def test_bootstrap_interval_is_near_the_exact_binomial_percentiles():
    rng = np.random.default_rng(1)
    outcomes = np.repeat([1, 0], [7, 33])
    lower, upper = proportion_intervals.bootstrap_interval(outcomes, rng, resamples=20_000)
    exact = stats.binom.ppf([0.025, 0.975], 40, 7 / 40) / 40  # the resampled count is Binomial(n, p̂)
    assert abs(lower - exact[0]) <= 1 / 40 and abs(upper - exact[1]) <= 1 / 40


@pytest.mark.parametrize(
    ("successes", "trials", "message"),
    [
        (12, 10, "successes must be between 0 and trials"),
        (-1, 10, "successes must be between 0 and trials"),
        (3, 0, "trials must be at least 1"),
        (2.5, 10, "whole numbers"),
    ],
)
def test_proportion_intervals_reject_impossible_counts(successes, trials, message):
    for method in (proportion_intervals.wald_interval, proportion_intervals.wilson_interval):
        with pytest.raises(ValueError, match=message):
            method(successes, trials)


def test_bootstrap_rejects_outcomes_that_are_not_0_or_1():
    with pytest.raises(ValueError, match="0s and 1s"):
        proportion_intervals.bootstrap_interval(np.array([0, 1, 2]), np.random.default_rng(0))


# --- coverage across n and p --------------------------------------------------------


def test_simulated_coverage_agrees_with_exact_coverage(run):
    ns = run("snippets/intervals/coverage_across_n_and_p.py").namespace
    reps = ns["repetitions"]
    for name, method in [
        ("Wald", coverage_across_n_and_p.wald_interval),
        ("Wilson", coverage_across_n_and_p.wilson_interval),
    ]:
        for row, n in enumerate(ns["sizes"]):
            counts = np.arange(n + 1)
            exact = exact_coverage(*method(counts, n), n, ns["probabilities"])
            se = np.sqrt(np.maximum(exact * (1 - exact), 1e-4) / reps)
            # 792 cells: a 4.5 s.e. band keeps the chance of a false failure below 1 in 100
            assert np.all(np.abs(ns["coverage"][name][row] - exact) <= 4.5 * se), (name, n)


def test_wald_under_covers_for_small_n_and_for_p_near_0_or_1(run):
    ns = run("snippets/intervals/coverage_across_n_and_p.py").namespace
    wald, sizes, middle = ns["coverage"]["Wald"], list(ns["sizes"]), ns["middle"]
    at_10, at_300 = wald[sizes.index(10)], wald[sizes.index(300)]
    assert at_10.mean() < 0.85  # small n: under-covers across the range
    counts = np.arange(11)
    exact_10 = exact_coverage(*coverage_across_n_and_p.wald_interval(counts, 10), 10, ns["probabilities"])
    assert exact_10.max() < 0.95  # below 95% at every p on the grid
    assert stats.binom.pmf(0, 10, 0.01) > 0.9  # "nine experiments in ten see k = 0"
    assert at_10[middle].min() < 0.75  # even for p between 0.1 and 0.9
    assert at_10.min() < 0.2  # collapses next to p = 0 and 1
    assert at_300.min() < 0.85  # p = 0.01 fails even at n = 300
    assert at_300[middle].min() > 0.92  # while the middle has become fine


def test_wilson_stays_near_95_percent_where_the_lesson_says(run):
    ns = run("snippets/intervals/coverage_across_n_and_p.py").namespace
    wilson, middle = ns["coverage"]["Wilson"], ns["middle"]
    assert np.all(wilson[:, middle] > 0.90)  # "above 90% for every n and 0.1 <= p <= 0.9"
    assert np.all(np.abs(wilson.mean(axis=1) - 0.95) < 0.01)  # "95% on average over p, for every n"
    assert wilson.min() >= 0.895  # its dips near p = 0 and 1 go to about 90%, not lower
    for n in ns["sizes"]:  # and the property itself, without Monte Carlo noise
        counts = np.arange(n + 1)
        exact = exact_coverage(*coverage_across_n_and_p.wilson_interval(counts, n), n, ns["probabilities"])
        assert exact[middle].min() > 0.92 and exact.min() > 0.90


def test_the_lowest_simulated_coverage_is_biased_low(run):
    ns = run("snippets/intervals/coverage_across_n_and_p.py").namespace
    se = np.sqrt(0.95 * 0.05 / ns["repetitions"])
    for row, n in enumerate(ns["sizes"]):
        counts = np.arange(n + 1)
        exact = exact_coverage(*coverage_across_n_and_p.wilson_interval(counts, n), n, ns["probabilities"])
        gap = exact.min() - ns["coverage"]["Wilson"][row].min()
        assert 0 < gap < 4 * se, n


def test_coverage_figure_and_bad_input(run):
    result = run("snippets/intervals/coverage_across_n_and_p.py")
    assert len(result.figures) == 1
    with pytest.raises(ValueError, match="every n >= 1"):
        coverage_across_n_and_p.simulated_coverage(
            coverage_across_n_and_p.wilson_interval, [0], [0.5], 10, np.random.default_rng(0)
        )
    with pytest.raises(ValueError, match="between 0 and 1"):
        coverage_across_n_and_p.simulated_coverage(
            coverage_across_n_and_p.wilson_interval, [10], [1.5], 10, np.random.default_rng(0)
        )


# --- credible intervals -------------------------------------------------------------


def test_credible_interval_holds_95_percent_of_the_posterior_and_is_close_to_wilson(run):
    result = run("snippets/intervals/credible_interval.py")
    ns = result.namespace
    assert ns["posterior"].args == (8, 34)
    assert ns["posterior"].cdf(ns["upper"]) - ns["posterior"].cdf(ns["lower"]) == pytest.approx(0.95)
    assert abs(ns["lower"] - ns["wilson"].low) < 0.01 and abs(ns["upper"] - ns["wilson"].high) < 0.01
    assert ns["below_ten"] == pytest.approx(stats.beta.cdf(0.10, 8, 34))
    assert "posterior probability inside:    0.950" in result.stdout


@given(st.integers(1, 500), st.data(), st.floats(0.1, 50), st.floats(0.1, 50))
def test_posterior_mean_lies_between_prior_mean_and_p_hat(trials, data, a, b):
    successes = data.draw(st.integers(0, trials))
    posterior = credible_interval.beta_posterior(successes, trials, a, b)
    prior_mean, p_hat = a / (a + b), successes / trials
    assert min(prior_mean, p_hat) - 1e-12 <= posterior.mean() <= max(prior_mean, p_hat) + 1e-12
    lower, upper = credible_interval.equal_tailed_interval(posterior)
    assert 0 <= lower <= posterior.median() <= upper <= 1


@pytest.mark.parametrize(
    ("args", "message"),
    [((12, 10), "between 0 and trials"), ((3, 10, 0.0, 1.0), "must be positive"), ((2.5, 10), "whole")],
)
def test_beta_posterior_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        credible_interval.beta_posterior(*args)
    with pytest.raises(ValueError, match="mass must be"):
        credible_interval.equal_tailed_interval(stats.beta(2, 3), mass=1.2)


def test_credible_intervals_contain_95_percent_of_p_drawn_from_the_prior(run):
    ns = run("snippets/intervals/credible_calibration.py").namespace
    assert within_binomial_band(ns["inside"].mean(), 0.95, ns["experiments"])
    # the reason: for every possible count, the interval holds 95% of that count's posterior
    counts = np.arange(ns["trials"] + 1)
    lower, upper = ns["informative"]
    mass = stats.beta.cdf(upper, 2 + counts, 8 + ns["trials"] - counts) - stats.beta.cdf(
        lower, 2 + counts, 8 + ns["trials"] - counts
    )
    assert np.allclose(mass, 0.95)


def test_an_informative_prior_covers_badly_where_it_puts_little_mass(run):
    ns = run("snippets/intervals/credible_calibration.py").namespace
    p, informative, flat = (
        ns["probabilities"],
        ns["fixed"]["prior Beta(2, 8)"],
        ns["fixed"]["prior Beta(1, 1)"],
    )

    def at(curve, value):
        return curve[np.argmin(np.abs(p - value))]

    bulk = (p >= 0.05) & (p <= 0.3)
    exact_informative = exact_coverage(*ns["informative"], 40, p)
    assert exact_informative[bulk].min() > 0.93 and np.median(exact_informative[bulk]) > 0.95
    assert informative[bulk].min() > 0.92  # the simulation shows it too, up to noise
    assert at(informative, 0.5) < 0.90 and at(informative, 0.7) < 0.75
    assert at(informative, 0.01) < 0.75  # and next to 0, where the prior density vanishes
    assert np.all((flat > 0.92) & (flat < 0.98))  # the flat prior's interval stays near 95% everywhere
    exact_flat = exact_coverage(*credible_calibration.credible_intervals_by_count(40, 1, 1), 40, p)
    assert np.all((exact_flat > 0.92) & (exact_flat < 0.98))


def test_credible_calibration_rejects_bad_prior():
    with pytest.raises(ValueError, match="positive prior parameters"):
        credible_calibration.credible_intervals_by_count(10, -1, 1)


# --- exercises ----------------------------------------------------------------------


def test_bootstrap_under_covers_near_zero_where_wilson_does_not(run):
    ns = run("snippets/intervals/exercise_bootstrap_coverage.py").namespace
    coverage, experiments = ns["coverage"], ns["experiments"]
    assert coverage[0.05]["bootstrap"] < 0.75 and coverage[0.1]["bootstrap"] < 0.9
    assert all(coverage[p]["Wilson"] > 0.9 for p in coverage)
    assert 0.3 < stats.binom.pmf(0, 20, 0.05) < 0.4  # "a third of the experiments see no success"
    assert within_binomial_band(coverage[0.5]["bootstrap"], 0.95, experiments, z=5)
    intervals = exercise_bootstrap_coverage.bootstrap_intervals_by_count(20, 40_000, np.random.default_rng(2))
    exact = stats.binom.ppf([[0.025], [0.975]], 20, np.arange(21) / 20).T / 20
    assert np.all(np.abs(intervals - exact) <= 1 / 20 + 1e-12)


def test_four_times_the_data_halves_the_width(run):
    ns = run("snippets/intervals/exercise_width_and_n.py").namespace
    ratios = ns["widths"][1:] / ns["widths"][:-1]
    assert np.all(np.abs(ratios - 0.5) < 0.02)
    needed = ns["needed"]
    assert (
        exercise_width_and_n.wilson_width(0.2, needed)
        <= 0.05
        < exercise_width_and_n.wilson_width(0.2, needed - 1)
    )
    assert abs(needed - (2 * stats.norm.ppf(0.975)) ** 2 * 0.2 * 0.8 / 0.05**2) <= 2
    with pytest.raises(ValueError, match="target_width"):
        exercise_width_and_n.trials_for_width(0.2, 0)


def test_jeffreys_interval_is_a_good_confidence_interval_like_wilson(run):
    result = run("snippets/intervals/exercise_jeffreys_coverage.py")
    assert "Jeffreys  mean coverage over p 0.95" in result.stdout
    assert "Wilson    mean coverage over p 0.95" in result.stdout
    lowest = [float(x) for x in re.findall(r"lowest for 0.1 <= p <= 0.9 (\d\.\d+)", result.stdout)]
    assert len(lowest) == 2 and all(0.9 < x < 0.94 for x in lowest)  # "both dip a few points below"
    lower, upper = exercise_jeffreys_coverage.jeffreys_interval(np.arange(31), 30)
    exact = exact_coverage(lower, upper, 30, np.linspace(0.01, 0.99, 99))
    assert abs(exact.mean() - 0.95) < 0.005 and exact[9:90].min() > 0.9
    with pytest.raises(ValueError, match="between 0 and trials"):
        exercise_jeffreys_coverage.jeffreys_interval(np.array([31]), 30)
