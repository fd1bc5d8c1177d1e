"""Claims of the lesson "Confidence and credible intervals", checked on the snippets' real results.

Tolerances. A sentence about *this run* ("0.9512 in this run, within one Monte Carlo standard
error") is checked with exactly the tolerance it states. A sentence about a simulated value and the
exact value it estimates is checked against the binomial Monte Carlo error of the number of
replicates: one comparison within Z999 = 3.29 standard errors (a correct simulation fails it 1 run
in 1000), many comparisons at once within a band wide enough for all of them (stated where used).
Exact coverages come from the page's own `exact_coverage` snippet: a sum of binomial probabilities.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_rgba
from scipy import integrate, stats

from engine.style import PALETTE
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
from snippets.intervals.exact_coverage import exact_coverage, wald_interval, wilson_interval

Z999 = stats.norm.isf(0.0005)  # two-sided 99.9% normal band: a correct claim fails 1 run in 1000
Z = stats.norm.ppf(0.975)
SIZES = [10, 30, 100, 300]
GRID = np.linspace(0.01, 0.99, 99)
MIDDLE = (GRID >= 0.1) & (GRID <= 0.9)


def mc_standard_error(coverage, trials: int):
    """Binomial Monte Carlo standard error of a simulated share whose true value is `coverage`."""
    coverage = np.asarray(coverage, dtype=float)
    return np.sqrt(coverage * (1 - coverage) / trials)


def exact_on_grid(method, n: int, probabilities=GRID) -> np.ndarray:
    """Exact coverage of an (exact_coverage snippet) interval function at n, on a grid of p."""
    return exact_coverage(*method(np.arange(n + 1), n), probabilities)


def printed_table(stdout: str) -> dict[int, list[float]]:
    """The rows `n  all mid mean  all mid mean` of a coverage table, by n."""
    rows = re.findall(r"^\s*(\d+)((?:\s+\d\.\d{3}){6})\s*$", stdout, flags=re.MULTILINE)
    return {int(n): [float(x) for x in values.split()] for n, values in rows}


# --- what 95% confidence promises ---------------------------------------------------


@pytest.mark.claim("intervals/t-interval-exact")
@settings(max_examples=200)
@given(
    st.lists(st.floats(-1e3, 1e3, allow_subnormal=False), min_size=2, max_size=30),
    st.floats(-1e3, 1e3),
)
def test_t_interval_contains_mu_exactly_when_the_t_statistic_is_inside_the_quantile(values, mu):
    # the reason for "exactly 95%": the interval contains mu iff |x̄ - mu| / (s/√n) <= t_{n-1},
    # and for normal data that ratio has the t distribution with n - 1 degrees of freedom
    sample = np.array(values)
    spread = sample.std(ddof=1)
    assume(spread > 1e-6)
    statistic = abs(sample.mean() - mu) / (spread / np.sqrt(sample.size))
    quantile = stats.t.ppf(0.975, sample.size - 1)
    assume(abs(statistic - quantile) > 1e-6 * quantile)  # not on the boundary, where rounding decides
    lower, upper = repeated_intervals.t_interval(sample)
    assert bool(lower[0] <= mu <= upper[0]) == bool(statistic <= quantile)


@pytest.mark.claim("intervals/t-interval-exact")
@pytest.mark.parametrize("size", [2, 5, 30])
def test_t_interval_covers_95_percent_for_any_size_mean_and_spread(size):
    experiments = 100_000
    rng = np.random.default_rng(size)
    lower, upper = repeated_intervals.t_interval(rng.normal(-3.0, 7.0, size=(experiments, size)))
    coverage = np.mean((lower <= -3.0) & (upper >= -3.0))
    assert abs(coverage - 0.95) <= Z999 * mc_standard_error(0.95, experiments)


@pytest.mark.claim("intervals/repeated-setup")
def test_the_script_simulates_20000_experiments_of_10_and_draws_the_first_100(run):
    result = run("snippets/intervals/repeated_intervals.py")
    ns = result.namespace
    assert (ns["experiments"], ns["size"], ns["true_mean"]) == (20_000, 10, 120.0)
    assert ns["latencies"].shape == (20_000, 10) and ns["lower"].shape == ns["upper"].shape == (20_000,)
    drawn = [segment for collection in ns["ax"].collections for segment in collection.get_segments()]
    assert len(drawn) == 100
    assert sorted(segment[0, 1] for segment in drawn) == list(range(100))  # rows 0..99: the first 100
    assert np.allclose(ns["ax"].lines[0].get_xdata(), 120.0)  # the true mean, drawn as a line
    assert len(result.figures) == 1


@pytest.mark.claim("intervals/every-interval-differs")
def test_every_experiment_produced_a_different_interval(run):
    ns = run("snippets/intervals/repeated_intervals.py").namespace
    assert np.unique(np.column_stack([ns["lower"], ns["upper"]]), axis=0).shape[0] == ns["experiments"]


@pytest.mark.claim("intervals/misses-in-this-run")
def test_seven_of_the_first_100_miss_and_they_are_drawn_in_the_second_colour(run):
    result = run("snippets/intervals/repeated_intervals.py")
    ns = result.namespace
    assert ns["missed_shown"] == 7 == int(np.sum(~ns["covered"][:100]))
    assert "intervals that missed the true mean, first 100 experiments: 7" in result.stdout
    hits, misses = ns["ax"].collections
    assert len(misses.get_segments()) == 7 and len(hits.get_segments()) == 93
    assert np.allclose(misses.get_color()[0], to_rgba(PALETTE[1][0]))  # C1, the second colour
    assert np.allclose(hits.get_color()[0], to_rgba(PALETTE[0][0]))


@pytest.mark.claim("intervals/misses-are-binomial")
def test_the_count_of_misses_among_100_is_binomial_with_mean_5_and_sd_about_2():
    seeds = 400  # 400 independent "runs" of 100 experiments of 10 normal observations
    rng = np.random.default_rng(0)
    samples = rng.normal(120, 30, size=(seeds * 100, 10))
    lower, upper = repeated_intervals.t_interval(samples)
    misses = np.sum(~((lower <= 120) & (upper >= 120)).reshape(seeds, 100), axis=1)
    mean, variance = 100 * 0.05, 100 * 0.05 * 0.95
    assert round(np.sqrt(variance)) == 2  # "a standard deviation of about 2": √4.75 = 2.18
    assert abs(misses.mean() - mean) <= Z999 * np.sqrt(variance / seeds)
    # the standard error of the sample variance of 400 counts, from the binomial's fourth moment
    excess_kurtosis = float(stats.binom.stats(100, 0.05, moments="k"))
    fourth = (excess_kurtosis + 3) * variance**2
    variance_se = np.sqrt((fourth - variance**2 * (seeds - 3) / (seeds - 1)) / seeds)
    assert abs(misses.var(ddof=1) - variance) <= Z999 * variance_se
    assert len(np.unique(misses)) >= 6  # it does change from seed to seed


@pytest.mark.claim("intervals/t-coverage-this-run")
def test_coverage_in_this_run_is_within_one_standard_error_of_95_percent(run):
    result = run("snippets/intervals/repeated_intervals.py")
    ns = result.namespace
    assert f"coverage over all 20000 experiments: {ns['coverage']:.4f}" in result.stdout
    assert f"{ns['coverage']:.4f}" == "0.9512"
    assert abs(ns["coverage"] - 0.95) <= 1 * mc_standard_error(0.95, ns["experiments"])  # "within one"


@pytest.mark.claim("intervals/t-standard-error")
def test_the_printed_standard_error_is_that_of_a_share_of_95_percent_in_20000(run):
    result = run("snippets/intervals/repeated_intervals.py")
    last = result.stdout.strip().splitlines()[-1]
    assert last == f"Monte Carlo standard error of that coverage: {np.sqrt(0.95 * 0.05 / 20_000):.4f}"


@given(st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=30), st.floats(0.5, 0.98))
def test_t_interval_contains_the_mean_and_widens_with_confidence(values, confidence):
    lower, upper = repeated_intervals.t_interval(np.array(values), confidence)
    wider_lower, wider_upper = repeated_intervals.t_interval(np.array(values), (confidence + 1) / 2)
    mean = np.mean(values)
    assert lower[0] <= mean + 1e-9 and mean - 1e-9 <= upper[0]
    assert wider_lower[0] <= lower[0] + 1e-9 and upper[0] <= wider_upper[0] + 1e-9


def test_t_interval_matches_scipy():
    rng = np.random.default_rng(0)
    samples = rng.normal(3, 2, size=(5, 12))
    lower, upper = repeated_intervals.t_interval(samples, 0.9)
    for row, low, high in zip(samples, lower, upper, strict=True):
        ref = stats.ttest_1samp(row, 0).confidence_interval(confidence_level=0.9)
        assert low == pytest.approx(ref.low) and high == pytest.approx(ref.high)


@pytest.mark.parametrize(
    ("samples", "confidence", "message"),
    [([1.0, 2.0, 3.0], 1.5, "confidence must be strictly between 0 and 1"), ([4.0], 0.95, "at least 2")],
)
def test_t_interval_rejects_bad_input(samples, confidence, message):
    with pytest.raises(ValueError, match=message):
        repeated_intervals.t_interval(np.array(samples), confidence)


# --- three intervals for a proportion -----------------------------------------------


@pytest.mark.claim("intervals/bootstrap-sees-only-the-data")
@settings(max_examples=50)
@given(st.integers(1, 60), st.data(), st.integers(0, 2**32 - 1))
def test_the_bootstrap_interval_stays_within_what_the_data_show(trials, data, seed):
    successes = data.draw(st.integers(0, trials))
    outcomes = np.repeat([1, 0], [successes, trials - successes])
    lower, upper = proportion_intervals.bootstrap_interval(outcomes, np.random.default_rng(seed), 500)
    assert 0 <= lower <= upper <= 1
    if successes in (0, trials):  # data all alike: every resample is the same, the interval a point
        assert lower == upper == successes / trials


@pytest.mark.claim("intervals/wilson-roots")
@settings(max_examples=200)
@given(st.integers(1, 2000), st.data())
def test_wilson_ends_are_the_roots_of_the_squared_score_condition(trials, data):
    successes = data.draw(st.integers(0, trials))
    p_hat = successes / trials
    lower, upper = proportion_intervals.wilson_interval(successes, trials)

    def excess(p):  # (p̂ - p)² - z² p(1 - p)/n: <= 0 exactly where the score test does not reject
        return (p_hat - p) ** 2 - Z**2 * p * (1 - p) / trials

    for root in (lower, upper):
        assert abs(excess(root)) <= 1e-12
    assert excess((lower + upper) / 2) < 0
    width = upper - lower
    assert excess(lower - width / 10) > 0 or lower - width / 10 < 0
    assert excess(upper + width / 10) > 0 or upper + width / 10 > 1


@pytest.mark.claim("intervals/wilson-centre-and-range")
@settings(max_examples=200)
@given(st.integers(1, 2000), st.data())
def test_wilson_centre_lies_between_p_hat_and_one_half_and_the_interval_in_0_1(trials, data):
    successes = data.draw(st.integers(0, trials))
    lower, upper = proportion_intervals.wilson_interval(successes, trials)
    p_hat, centre = successes / trials, (lower + upper) / 2
    assert min(p_hat, 0.5) - 1e-12 <= centre <= max(p_hat, 0.5) + 1e-12
    assert -1e-12 <= lower <= p_hat + 1e-12 <= upper + 2e-12 <= 1 + 3e-12
    ref = stats.binomtest(successes, trials).proportion_ci(confidence_level=0.95, method="wilson")
    assert lower == pytest.approx(ref.low, abs=1e-12) and upper == pytest.approx(ref.high, abs=1e-12)


@pytest.mark.claim("intervals/proportion-setup")
def test_the_script_computes_three_intervals_for_7_of_40_and_0_of_20(run):
    intervals = run("snippets/intervals/proportion_intervals.py").namespace["intervals"]
    methods = ("Wald", "Wilson", "bootstrap")
    assert set(intervals) == {(k, n, m) for k, n in [(7, 40), (0, 20)] for m in methods}


@pytest.mark.claim("intervals/seven-of-forty-agree")
def test_for_7_of_40_the_ends_differ_by_at_most_0_030_on_intervals_over_0_2_wide(run):
    result = run("snippets/intervals/proportion_intervals.py")
    intervals = result.namespace["intervals"]
    ends = np.array([intervals[7, 40, m] for m in ("Wald", "Wilson", "bootstrap")])
    gap = np.ptp(ends, axis=0).max()
    assert f"{gap:.3f}" == "0.030"
    assert f"7 of 40, largest difference between two methods' ends: {gap:.3f}" in result.stdout
    assert np.all(ends[:, 1] - ends[:, 0] > 0.2)
    (wald_low, wald_high), (wilson_low, wilson_high), (boot_low, boot_high) = ends
    assert wald_low <= boot_low <= wilson_low and wald_high <= boot_high <= wilson_high  # in this run


@pytest.mark.claim("intervals/wilson-right-of-wald")
def test_wilson_lies_right_of_wald_for_7_of_40_its_centre_pulled_toward_one_half(run):
    intervals = run("snippets/intervals/proportion_intervals.py").namespace["intervals"]
    wilson, wald = intervals[7, 40, "Wilson"], intervals[7, 40, "Wald"]
    assert wilson[0] > wald[0] and wilson[1] > wald[1]
    assert 7 / 40 < sum(wilson) / 2 < 0.5
    assert sum(wald) / 2 == pytest.approx(7 / 40)


@pytest.mark.claim("intervals/zero-of-twenty-collapse", "intervals/summary-wald")
def test_with_no_successes_wald_and_bootstrap_collapse_to_the_point_0(run):
    intervals = run("snippets/intervals/proportion_intervals.py").namespace["intervals"]
    assert intervals[0, 20, "Wald"] == (0.0, 0.0)
    assert intervals[0, 20, "bootstrap"] == (0.0, 0.0)


@pytest.mark.claim("intervals/summary-wald")
@given(st.integers(1, 10_000))
def test_wald_collapses_to_a_point_at_k_0_and_at_k_n_for_every_n(trials):
    assert tuple(map(float, proportion_intervals.wald_interval(0, trials))) == (0.0, 0.0)
    assert tuple(map(float, proportion_intervals.wald_interval(trials, trials))) == (1.0, 1.0)


@pytest.mark.claim("intervals/wilson-reaches")
def test_wilson_for_0_of_20_reaches_0_161(run):
    result = run("snippets/intervals/proportion_intervals.py")
    low, high = result.namespace["intervals"][0, 20, "Wilson"]
    assert low == pytest.approx(0, abs=1e-12)
    assert high == pytest.approx(Z**2 / (20 + Z**2))  # the closed form at k = 0
    assert f"{high:.3f}" == "0.161" and re.search(r"0 of 20\s+Wilson\s+0\.000\s+0\.161", result.stdout)


@pytest.mark.claim("intervals/twenty-failures-plausible")
def test_twenty_failures_are_likely_at_a_few_percent_and_wilson_keeps_those_rates(run):
    low, high = run("snippets/intervals/proportion_intervals.py").namespace["intervals"][0, 20, "Wilson"]
    assert stats.binom.pmf(0, 20, 0.05) > 1 / 3  # "at 5% they happen more than a third of the time"
    for rate in (0.01, 0.02, 0.03, 0.04, 0.05):  # "a few percent": all inside Wilson's interval
        assert low <= rate <= high and stats.binom.pmf(0, 20, rate) > 1 / 3


def test_bootstrap_interval_is_near_the_exact_binomial_percentiles():
    rng = np.random.default_rng(1)
    outcomes = np.repeat([1, 0], [7, 33])
    lower, upper = proportion_intervals.bootstrap_interval(outcomes, rng, resamples=20_000)
    exact = stats.binom.ppf([0.025, 0.975], 40, 7 / 40) / 40  # the resampled count is Binomial(n, p̂)
    assert abs(lower - exact[0]) <= 1 / 40 and abs(upper - exact[1]) <= 1 / 40


@given(st.integers(1, 2000), st.data())
def test_wald_is_centred_on_p_hat_and_clipped(trials, data):
    successes = data.draw(st.integers(0, trials))
    lower, upper = proportion_intervals.wald_interval(successes, trials)
    p_hat = successes / trials
    assert 0 <= lower <= p_hat <= upper <= 1
    if lower > 0 and upper < 1:
        assert (lower + upper) / 2 == pytest.approx(p_hat)


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


# --- coverage across n and p: simulated, then exact ----------------------------------


class RecordingGenerator:
    """A random generator that records the shape of each binomial draw it makes."""

    def __init__(self, seed: int):
        self.rng, self.sizes = np.random.default_rng(seed), []

    def binomial(self, n, p, size):
        self.sizes.append(size)
        return self.rng.binomial(n, p, size=size)


@pytest.mark.claim("intervals/coverage-setup")
def test_the_simulation_covers_4_sizes_99_proportions_2000_experiments_in_one_array(run):
    ns = run("snippets/intervals/coverage_across_n_and_p.py").namespace
    assert list(ns["sizes"]) == SIZES and np.allclose(ns["probabilities"], GRID)
    assert ns["repetitions"] == 2000
    assert all(values.shape == (4, 99) for values in ns["coverage"].values())
    rng = RecordingGenerator(0)
    method = coverage_across_n_and_p.wilson_interval
    coverage_across_n_and_p.simulated_coverage(method, SIZES, GRID, 2000, rng)
    assert rng.sizes == [(4, 99, 2000)]  # one draw: sizes × proportions × experiments


@pytest.mark.claim("intervals/coverage-standard-error")
def test_the_standard_error_is_half_a_point_near_95_and_at_most_1_1_points(run):
    result = run("snippets/intervals/coverage_across_n_and_p.py")
    standard_error = result.namespace["standard_error"]
    assert standard_error == pytest.approx(mc_standard_error(0.95, 2000))
    assert 0.0045 <= standard_error <= 0.0055  # "about half a percentage point"
    assert f"near 95%: {standard_error:.4f}" in result.stdout.splitlines()[1]  # the second line
    worst = mc_standard_error(np.linspace(0, 1, 1001), 2000).max()  # largest at a coverage of 50%
    assert worst == pytest.approx(mc_standard_error(0.5, 2000)) and f"{100 * worst:.1f}" == "1.1"


@pytest.mark.claim("intervals/coverage-table")
def test_the_table_prints_lowest_over_all_p_lowest_in_the_middle_and_mean(run):
    result = run("snippets/intervals/coverage_across_n_and_p.py")
    ns, table = result.namespace, printed_table(result.stdout)
    assert sorted(table) == SIZES
    for row, n in enumerate(SIZES):
        expected = [
            f(ns["coverage"][m][row])
            for m in ("Wald", "Wilson")
            for f in (np.min, lambda c: c[MIDDLE].min(), np.mean)
        ]
        assert table[n] == [float(f"{x:.3f}") for x in expected]


@pytest.mark.claim("intervals/axis-stops-at-half")
def test_the_axis_stops_at_50_percent_and_wald_at_n_10_and_30_falls_below_it_at_the_edges(run):
    result = run("snippets/intervals/coverage_across_n_and_p.py")
    ns, table = result.namespace, printed_table(result.stdout)
    assert (table[10][0], table[30][0]) == (0.097, 0.257)  # the first column of the table
    panels = ns["axes"].flat  # one panel per n, in order; its first curve is Wald's
    assert all(ax.get_ylim()[0] == 0.5 for ax in ns["axes"].flat)
    for ax, n in zip(panels, SIZES, strict=True):
        x, y = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
        assert np.allclose(y, ns["coverage"]["Wald"][SIZES.index(n)])
        if n in (10, 30):
            below = x[y < 0.5]
            assert below.size > 0 and np.all((below < 0.1) | (below > 0.9))  # near the edges only
            assert f"{y.min():.3f}" == {10: "0.097", 30: "0.257"}[n]  # "far below it, to 0.097 and 0.257"
            # the marks: a triangle on the axis at the last p on each side before the curve leaves it,
            # and the panel's text giving the lowest value
            (marks,) = ax.collections
            exits = marks.get_offsets()
            assert np.allclose(exits[:, 1], 0.5) and not marks.get_clip_on()
            assert np.allclose(exits[:, 0], [below[below < 0.5].max(), below[below > 0.5].min()])
            for exit, inward in zip(exits[:, 0], (1, -1), strict=True):  # the next p inward is on the axis
                assert y[np.flatnonzero(np.isclose(x, exit))[0] + inward] >= 0.5
            (note,) = ax.texts
            assert f"to {y.min():.3f}" in note.get_text()
        else:
            assert y.min() >= 0.5
            assert not ax.collections and not ax.texts  # nothing is cut, nothing is marked


@pytest.mark.claim("intervals/simulation-matches-exact")
def test_every_simulated_coverage_is_within_4_5_standard_errors_of_the_exact_one(run):
    ns = run("snippets/intervals/coverage_across_n_and_p.py").namespace
    methods = {"Wald": wald_interval, "Wilson": wilson_interval}
    cells = 0
    for name, method in methods.items():
        simulated_method = getattr(coverage_across_n_and_p, f"{name.lower()}_interval")
        for row, n in enumerate(SIZES):
            counts = np.arange(n + 1)
            assert np.allclose(simulated_method(counts, n), method(counts, n))  # the same interval
            exact = exact_on_grid(method, n)
            assert np.all(np.abs(ns["coverage"][name][row] - exact) <= 4.5 * mc_standard_error(exact, 2000))
            cells += exact.size
    assert cells == 792
    beyond = 2 * stats.norm.sf([3.0, 4.5])  # chance that one correct value lies beyond 3, 4.5 s.e.
    assert 1 < cells * beyond[0] < 5  # "a few beyond three standard errors are expected"
    assert (1 - beyond[1]) ** cells > 0.99  # "within 4.5 at every value in more than 99 runs in 100"


@pytest.mark.claim("intervals/wald-below-at-ten")
def test_wald_at_n_10_is_below_95_percent_at_every_p_and_the_simulation_crosses_only_by_noise(run):
    result = run("snippets/intervals/exact_coverage.py")
    assert f"{result.namespace['wald_10'].max():.4f}" == "0.9496"
    assert "highest coverage over p from 0.0001 to 0.9999: 0.9496" in result.stdout
    # every p, not only a grid: the coverage is smooth between interval ends, with slope at most
    # 2n = 20, so a grid of step 1e-6 plus the ends themselves (where it jumps) bounds its maximum
    lower, upper = wald_interval(np.arange(11), 10)
    ends = np.concatenate([lower, upper])
    ends = ends[(ends > 0) & (ends < 1)]
    fine = np.concatenate([np.linspace(0, 1, 1_000_001)[1:-1], ends])
    assert exact_coverage(lower, upper, fine).max() + 20 * 0.5e-6 < 0.95
    simulated = run("snippets/intervals/coverage_across_n_and_p.py").namespace["coverage"]["Wald"][0]
    exact = exact_on_grid(wald_interval, 10)
    above = simulated > 0.95
    assert above.any()  # the simulated curve crosses the line in places
    assert np.all(np.abs(simulated - exact)[above] <= Z999 * mc_standard_error(exact[above], 2000))


@pytest.mark.claim("intervals/wald-middle-at-ten")
def test_wald_at_n_10_falls_to_0_650_in_the_middle_and_0_643_in_the_simulation(run):
    exact_table = printed_table(run("snippets/intervals/exact_coverage.py").stdout)
    simulated_table = printed_table(run("snippets/intervals/coverage_across_n_and_p.py").stdout)
    assert exact_table[10][1] == 0.650 and simulated_table[10][1] == 0.643
    assert f"{exact_on_grid(wald_interval, 10)[MIDDLE].min():.3f}" == "0.650"


@pytest.mark.claim("intervals/wald-collapses-at-the-edges", "intervals/summary-wald")
def test_wald_at_n_10_and_p_0_01_misses_whenever_k_is_0(run):
    share_zero = stats.binom.pmf(0, 10, 0.01)
    assert abs(share_zero - 0.9) <= 0.005  # "nine experiments in ten see k = 0"
    lower, upper = wald_interval(np.arange(11), 10)
    assert lower[0] == upper[0] == 0  # the zero-width interval [0, 0], which misses p = 0.01
    exact = exact_coverage(lower, upper, [0.01])[0]
    assert 1 - share_zero - 2e-4 <= exact <= 1 - share_zero  # "cannot exceed the remaining tenth"
    assert abs((1 - share_zero) - 0.1) <= 0.005
    table = printed_table(run("snippets/intervals/exact_coverage.py").stdout)
    assert table[10][0] == 0.096 == float(f"{exact:.3f}")


@pytest.mark.claim("intervals/wald-edges-at-300", "intervals/summary-wald")
def test_wald_at_n_300_has_its_lowest_coverage_0_799_at_the_edges(run):
    exact = exact_on_grid(wald_interval, 300)
    table = printed_table(run("snippets/intervals/exact_coverage.py").stdout)
    assert float(f"{exact.min():.3f}") == 0.799 == table[300][0]
    assert GRID[np.argmin(exact)] in (0.01, 0.99) and exact[[0, -1]].max() < 0.81


@pytest.mark.claim("intervals/wald-middle-improves")
def test_wald_comes_close_only_in_the_middle_and_with_large_n(run):
    table = printed_table(run("snippets/intervals/exact_coverage.py").stdout)
    middle_lows = [exact_on_grid(wald_interval, n)[MIDDLE].min() for n in SIZES]
    assert np.all(np.diff(middle_lows) > 0)  # rises with n
    assert f"{middle_lows[-1]:.3f}" == "0.938" and table[300][1] == 0.938
    assert middle_lows[-1] >= 0.93 and all(low < 0.93 for low in middle_lows[:-1])  # within 2 points: at 300
    assert all(table[n][0] < 0.8 for n in SIZES)  # and never at the edges


@pytest.mark.claim("intervals/wilson-middle", "intervals/summary-wilson")
def test_wilson_in_the_middle_is_above_90_percent_simulated_and_92_percent_exactly(run):
    simulated = run("snippets/intervals/coverage_across_n_and_p.py").namespace["coverage"]["Wilson"]
    assert np.all(simulated[:, MIDDLE] > 0.90)
    for n in SIZES:
        assert exact_on_grid(wilson_interval, n)[MIDDLE].min() > 0.92


@pytest.mark.claim("intervals/wilson-mean", "intervals/summary-wilson")
def test_wilson_mean_over_p_is_within_one_point_of_95_percent_in_both_tables(run):
    simulated = run("snippets/intervals/coverage_across_n_and_p.py").namespace["coverage"]["Wilson"]
    for row, n in enumerate(SIZES):
        exact = exact_on_grid(wilson_interval, n)
        assert abs(exact.mean() - 0.95) <= 0.01 and abs(simulated[row].mean() - 0.95) <= 0.01
        # and the simulated mean estimates the exact one: Monte Carlo error of a mean of 99 shares
        error_of_mean = np.sqrt(np.sum(mc_standard_error(exact, 2000) ** 2)) / exact.size
        assert abs(simulated[row].mean() - exact.mean()) <= Z999 * error_of_mean


@pytest.mark.claim("intervals/wilson-grid-minimum")
def test_wilson_lowest_exact_value_on_the_grid_is_0_904_at_n_10_next_to_0_and_1(run):
    table = printed_table(run("snippets/intervals/exact_coverage.py").stdout)
    lows = {n: exact_on_grid(wilson_interval, n) for n in SIZES}
    assert min(lows, key=lambda n: lows[n].min()) == 10
    assert f"{lows[10].min():.3f}" == "0.904" and table[10][3] == 0.904
    assert lows[10][0] == pytest.approx(lows[10].min()) and lows[10][-1] == pytest.approx(lows[10].min())


@pytest.mark.claim("intervals/wilson-dips-near-zero", "intervals/summary-wilson")
def test_wilson_dips_below_84_percent_a_little_below_np_0_2_at_every_n_and_next_to_1(run):
    result = run("snippets/intervals/exact_coverage.py")
    lines = re.findall(r"n = +(\d+): lowest coverage (0\.\d+), at n·p = (0\.\d+)", result.stdout)
    assert [int(n) for n, _, _ in lines] == SIZES
    for n, low, where in lines:
        assert float(low) < 0.84 and 0.15 < float(where) < 0.2
        near_zero = np.arange(1, 1001) / 1000 / int(n)
        left = exact_on_grid(wilson_interval, int(n), near_zero)
        right = exact_on_grid(wilson_interval, int(n), 1 - near_zero)
        assert np.allclose(left, right, atol=1e-9)  # by symmetry, the same next to 1
        assert f"{left.min():.3f}" == low


@pytest.mark.claim("intervals/wilson-dips-only-there", "intervals/summary-wilson")
@pytest.mark.parametrize("n", SIZES)
def test_wilson_falls_below_90_percent_only_where_np_or_n_1_minus_p_is_below_1(n):
    lower, upper = wilson_interval(np.arange(n + 1), n)
    # a fine grid, and both sides of every interval end, where the coverage jumps (its dips sit there)
    ends = np.concatenate([lower, upper])
    ends = ends[(ends > 0) & (ends < 1)]
    grid = np.linspace(0, 1, 50_001)[1:-1]
    every = np.concatenate([grid, ends, np.nextafter(ends, 0), np.nextafter(ends, 1)])
    below = every[exact_coverage(lower, upper, every) < 0.90]
    assert below.size > 0 and np.all((n * below < 1) | (n * (1 - below) < 1))
    assert np.any(n * below < 1) and np.any(n * (1 - below) < 1)  # next to 0 and next to 1


@pytest.mark.claim("intervals/jagged-not-noise")
def test_the_exact_coverage_zigzags_by_more_than_four_points_without_any_noise():
    exact = exact_on_grid(wilson_interval, 30)
    step = np.sign(np.diff(exact))
    assert np.sum(step[1:] != step[:-1]) > (GRID.size - 2) / 2  # changes direction at over half the points
    assert np.ptp(exact[MIDDLE]) > 0.04


@pytest.mark.claim("intervals/coverage-jumps")
@pytest.mark.parametrize("method", [wald_interval, wilson_interval])
@pytest.mark.parametrize("count", [5, 12, 20])
def test_the_coverage_jumps_by_pr_k_as_p_passes_an_end_of_the_interval_of_k(method, count):
    n = 30
    lower, upper = method(np.arange(n + 1), n)
    for end, inside, outside in [
        (upper[count], upper[count], np.nextafter(upper[count], 1)),
        (lower[count], lower[count], np.nextafter(lower[count], 0)),
    ]:
        jump = exact_coverage(lower, upper, [inside])[0] - exact_coverage(lower, upper, [outside])[0]
        assert jump == pytest.approx(stats.binom.pmf(count, n, end), rel=1e-6)


@pytest.mark.claim("intervals/minimum-biased-low")
def test_on_average_over_runs_the_simulated_minimum_is_below_the_exact_minimum():
    runs = 20
    minima = np.array(
        [
            coverage_across_n_and_p.simulated_coverage(
                coverage_across_n_and_p.wilson_interval, SIZES, GRID, 2000, np.random.default_rng(seed)
            ).min(axis=1)
            for seed in range(100, 100 + runs)
        ]
    )
    exact_minima = np.array([exact_on_grid(wilson_interval, n).min() for n in SIZES])
    # "tends to": on average over 20 runs, and in most single runs, at every n
    assert np.all(minima.mean(axis=0) < exact_minima)
    assert np.all(np.mean(minima < exact_minima, axis=0) > 0.5)


@pytest.mark.claim("intervals/wilson-minimum-below-exact")
def test_in_this_run_wilson_simulated_minimum_is_below_the_exact_one_by_up_to_three_se(run):
    simulated = printed_table(run("snippets/intervals/coverage_across_n_and_p.py").stdout)
    exact_table = printed_table(run("snippets/intervals/exact_coverage.py").stdout)
    ns = run("snippets/intervals/coverage_across_n_and_p.py").namespace
    for row, n in enumerate(SIZES):
        gap = exact_on_grid(wilson_interval, n).min() - ns["coverage"]["Wilson"][row].min()
        assert 0 < gap <= 3 * ns["standard_error"], n
        assert simulated[n][3] < exact_table[n][3]  # the printed "all" columns show it


@pytest.mark.claim("intervals/wald-minimum-this-run")
def test_in_this_run_the_wald_minimum_bias_is_smaller_and_reversed_at_n_10_and_100(run):
    simulated = printed_table(run("snippets/intervals/coverage_across_n_and_p.py").stdout)
    exact_table = printed_table(run("snippets/intervals/exact_coverage.py").stdout)
    coverage = run("snippets/intervals/coverage_across_n_and_p.py").namespace["coverage"]
    wald_gaps, wilson_gaps = (
        [exact_on_grid(method, n).min() - coverage[name][row].min() for row, n in enumerate(SIZES)]
        for name, method in [("Wald", wald_interval), ("Wilson", wilson_interval)]
    )
    assert max(wald_gaps) < min(wilson_gaps)  # smaller, at every n
    assert [gap < 0 for gap in wald_gaps] == [True, False, True, False]  # above the exact one at 10, 100
    assert simulated[10][0] > exact_table[10][0] and simulated[100][0] > exact_table[100][0]


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


def test_exact_coverage_rejects_bad_input():
    with pytest.raises(ValueError, match="one \\(lower, upper\\) pair per count"):
        exact_coverage(np.zeros(3), np.zeros(4), [0.5])
    with pytest.raises(ValueError, match="between 0 and 1"):
        exact_coverage(np.zeros(3), np.ones(3), [1.5])


@settings(max_examples=50)
@given(st.integers(1, 60), st.floats(0.001, 0.999))
def test_exact_coverage_is_a_probability_and_1_for_the_interval_0_1(trials, p):
    lower, upper = wilson_interval(np.arange(trials + 1), trials)
    assert 0 <= exact_coverage(lower, upper, [p])[0] <= 1 + 1e-12
    assert exact_coverage(np.zeros(trials + 1), np.ones(trials + 1), [p])[0] == pytest.approx(1)


# --- credible intervals -------------------------------------------------------------


@pytest.mark.claim("intervals/beta-posterior")
@settings(max_examples=100)
@given(st.integers(1, 200), st.data(), st.floats(0.2, 20), st.floats(0.2, 20))
def test_the_posterior_is_prior_times_likelihood_normalised_a_beta(trials, data, a, b):
    successes = data.draw(st.integers(0, trials))
    posterior = credible_interval.beta_posterior(successes, trials, a, b)
    assert posterior.args == (a + successes, b + trials - successes)
    grid = np.linspace(0.05, 0.95, 19)
    log_ratio = posterior.logpdf(grid) - (
        stats.beta.logpdf(grid, a, b) + stats.binom.logpmf(successes, trials, grid)
    )
    assert np.ptp(log_ratio) <= 1e-8 * max(1.0, np.abs(log_ratio).max())  # proportional: a constant ratio


@pytest.mark.claim("intervals/equal-tailed-quantiles")
@given(st.floats(0.3, 50), st.floats(0.3, 50), st.floats(0.5, 0.99))
def test_the_equal_tailed_interval_cuts_the_same_mass_from_each_tail(a, b, mass):
    posterior = stats.beta(a, b)
    lower, upper = credible_interval.equal_tailed_interval(posterior, mass)
    assert posterior.cdf(lower) == pytest.approx((1 - mass) / 2, abs=1e-8)
    assert posterior.sf(upper) == pytest.approx((1 - mass) / 2, abs=1e-8)


@pytest.mark.claim("intervals/credible-near-wilson")
def test_the_credible_interval_and_wilson_differ_by_at_most_0_0011(run):
    result = run("snippets/intervals/credible_interval.py")
    ns = result.namespace
    gap = max(abs(ns["lower"] - ns["wilson"].low), abs(ns["upper"] - ns["wilson"].high))
    assert gap == ns["gap"] and gap <= 0.0011
    assert "largest difference between their ends: 0.0011" in result.stdout


@pytest.mark.claim("intervals/credible-holds-95", "intervals/equal-tailed-quantiles")
def test_the_credible_interval_holds_95_percent_of_the_beta_8_34_posterior(run):
    result = run("snippets/intervals/credible_interval.py")
    ns = result.namespace
    assert ns["posterior"].args == (8, 34)
    assert ns["posterior"].cdf(ns["lower"]) == pytest.approx(0.025, abs=1e-12)
    assert ns["posterior"].cdf(ns["upper"]) == pytest.approx(0.975, abs=1e-12)
    assert "posterior probability inside:    0.950" in result.stdout


@pytest.mark.claim("intervals/credible-depends-on-prior")
def test_the_credible_interval_for_7_of_40_changes_with_the_prior():
    intervals = [
        credible_interval.equal_tailed_interval(credible_interval.beta_posterior(7, 40, a, b))
        for a, b in [(1, 1), (2, 8), (0.5, 0.5)]
    ]
    uniform, informative, jeffreys = intervals
    assert np.max(np.abs(np.subtract(uniform, informative))) > 0.02
    assert np.max(np.abs(np.subtract(jeffreys, informative))) > 0.01
    assert np.max(np.abs(np.subtract(uniform, jeffreys))) > 0.005


@pytest.mark.claim("intervals/probability-below-ten")
def test_the_posterior_probability_that_p_is_below_0_1_is_printed_as_0_048(run):
    result = run("snippets/intervals/credible_interval.py")
    below_ten = result.namespace["below_ten"]
    assert below_ten == pytest.approx(stats.beta.cdf(0.10, 8, 34))
    assert f"P(p < 0.10 | data) = {below_ten:.3f}" in result.stdout and f"{below_ten:.3f}" == "0.048"


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


@pytest.mark.claim("intervals/calibration-setup")
def test_the_script_draws_20000_p_from_beta_2_8_and_runs_40_trials_for_each(run):
    result = run("snippets/intervals/credible_calibration.py")
    ns = result.namespace
    assert (ns["experiments"], ns["trials"]) == (20_000, 40)
    assert ns["true_p"].shape == ns["counts"].shape == ns["inside"].shape == (20_000,)
    assert stats.kstest(ns["true_p"], stats.beta(2, 8).cdf).pvalue > 0.001  # drawn from Beta(2, 8)
    assert stats.beta(2, 8).mean() == pytest.approx(0.2)
    assert np.all(ns["counts"] <= 40)
    for made, expected in zip(
        ns["informative"], credible_calibration.credible_intervals_by_count(40, 2, 8), strict=True
    ):
        assert np.array_equal(made, expected)


@pytest.mark.claim("intervals/fixed-p-setup")
def test_at_fixed_p_from_0_01_to_0_8_the_script_runs_4000_experiments_per_point(run):
    ns = run("snippets/intervals/credible_calibration.py").namespace
    assert ns["repetitions"] == 4000
    assert np.allclose(ns["probabilities"], np.linspace(0.01, 0.8, 80))
    assert set(ns["fixed"]) == {"prior Beta(2, 8)", "prior Beta(1, 1)"}
    for values in ns["fixed"].values():
        assert values.shape == (80,) and np.allclose(values * 4000, np.round(values * 4000))
    lines = ns["ax"].lines[:2]  # the two plotted curves
    assert all(np.allclose(line.get_xdata(), ns["probabilities"]) for line in lines)


@pytest.mark.claim("intervals/intervals-by-count")
def test_the_41_intervals_by_count_are_the_intervals_of_each_experiment(run):
    ns = run("snippets/intervals/credible_calibration.py").namespace
    lower, upper = ns["informative"]
    assert lower.shape == upper.shape == (41,)
    counts = ns["counts"][:500]
    direct = stats.beta(2 + counts, 8 + 40 - counts).ppf([[0.025], [0.975]])  # one posterior per experiment
    assert np.allclose(direct[0], lower[counts]) and np.allclose(direct[1], upper[counts])


@pytest.mark.claim("intervals/calibrated-under-the-prior", "intervals/summary-calibration")
def test_with_p_drawn_from_the_prior_the_share_is_within_one_standard_error_of_95(run):
    result = run("snippets/intervals/credible_calibration.py")
    ns = result.namespace
    share, se = ns["inside"].mean(), mc_standard_error(0.95, ns["experiments"])
    assert f"{share:.4f}" == "0.9489" and f"{se:.4f}" == "0.0015"
    assert f"containing their own p: {share:.4f}" in result.stdout
    assert f"standard error of that share: {se:.4f}" in result.stdout
    assert abs(share - 0.95) <= 1 * se  # "within one Monte Carlo standard error"


@pytest.mark.claim("intervals/calibration-is-exact", "intervals/summary-calibration")
def test_averaged_over_the_prior_the_coverage_is_exactly_95_percent(run):
    ns = run("snippets/intervals/credible_calibration.py").namespace
    lower, upper = ns["informative"]
    counts = np.arange(41)
    posterior = stats.beta(2 + counts, 8 + 40 - counts)
    assert np.allclose(posterior.cdf(upper) - posterior.cdf(lower), 0.95, atol=1e-10)  # 95% for every k
    # and the average itself, by quadrature of prior density × exact coverage (pieces between the ends)
    breaks = np.unique(np.concatenate([[0.0, 1.0], lower, upper]))
    average = sum(
        integrate.quad(lambda p: stats.beta.pdf(p, 2, 8) * exact_coverage(lower, upper, [p])[0], a, b)[0]
        for a, b in itertools.pairwise(breaks)
    )
    assert average == pytest.approx(0.95, abs=1e-7)


def fixed_p_curves(ns):
    p = ns["probabilities"]
    return (
        p,
        ns["fixed"]["prior Beta(2, 8)"],
        exact_coverage(*ns["informative"], p),
        ns["fixed"]["prior Beta(1, 1)"],
        exact_coverage(*ns["uniform"], p),
    )


@pytest.mark.claim("intervals/informative-where-expected")
def test_the_informative_interval_covers_over_93_percent_from_0_05_to_0_3_mostly_over_95(run):
    p, simulated, exact, _, _ = fixed_p_curves(run("snippets/intervals/credible_calibration.py").namespace)
    bulk = (p >= 0.05 - 1e-9) & (p <= 0.3 + 1e-9)
    assert bulk.sum() == 26
    for curve in (simulated, exact):
        assert curve[bulk].min() > 0.93 and np.mean(curve[bulk] > 0.95) > 0.5


@pytest.mark.claim("intervals/informative-far-from-prior", "intervals/summary-calibration")
def test_the_informative_interval_is_below_90_at_0_5_and_below_75_at_0_7(run):
    result = run("snippets/intervals/credible_calibration.py")
    p, simulated, exact, _, _ = fixed_p_curves(result.namespace)
    for value, bound in [(0.5, 0.90), (0.7, 0.75)]:
        row = np.argmin(np.abs(p - value))
        assert simulated[row] < bound and exact[row] < bound
    assert "fixed p = 0.50: coverage prior Beta(2, 8) 0.859" in result.stdout
    assert "fixed p = 0.70: coverage prior Beta(2, 8) 0.697" in result.stdout


@pytest.mark.claim("intervals/informative-near-zero")
def test_next_to_0_only_experiments_without_a_success_are_covered(run):
    result = run("snippets/intervals/credible_calibration.py")
    ns = result.namespace
    _, simulated, exact, _, _ = fixed_p_curves(ns)
    lower, upper = ns["informative"]
    assert stats.beta(2, 8).pdf(0) == 0  # the prior's density falls to zero at 0
    assert lower[1] > 0.01 and lower[0] <= 0.01 <= upper[0]  # one success: the interval starts above 0.01
    assert exact[0] == pytest.approx(stats.binom.pmf(0, 40, 0.01), abs=1e-12)  # only k = 0 covers
    assert f"{simulated[0]:.3f}" == "0.665"
    assert "fixed p = 0.01: coverage prior Beta(2, 8) 0.665" in result.stdout
    assert abs(simulated[0] - exact[0]) <= Z999 * mc_standard_error(exact[0], ns["repetitions"])


@pytest.mark.claim("intervals/uniform-near-95")
def test_the_uniform_interval_stays_within_three_points_of_95_from_0_01_to_0_8(run):
    p, _, _, simulated, exact = fixed_p_curves(run("snippets/intervals/credible_calibration.py").namespace)
    assert p.min() == pytest.approx(0.01) and p.max() == pytest.approx(0.8)
    assert np.all(np.abs(simulated - 0.95) <= 0.03) and np.all(np.abs(exact - 0.95) <= 0.03)


@pytest.mark.claim("intervals/uniform-fails-next-to-zero")
def test_very_close_to_0_the_uniform_interval_misses_and_the_jeffreys_one_does_not(run):
    lower, upper = run("snippets/intervals/credible_calibration.py").namespace["uniform"]
    assert 0 < lower[0] < 0.001 and np.all(np.diff(lower) > 0)  # k = 0's interval starts just above 0
    close = lower[0] * np.array([0.999, 0.5, 0.1, 0.01])
    assert np.all(exact_coverage(lower, upper, close) == 0)  # below it, no count's interval contains p
    jeffreys = exercise_jeffreys_coverage.jeffreys_interval(np.arange(41), 40)
    assert jeffreys[0][0] == 0 and np.all(exact_coverage(*jeffreys, close) > 0.9)


def test_credible_calibration_rejects_bad_prior():
    with pytest.raises(ValueError, match="positive prior parameters"):
        credible_calibration.credible_intervals_by_count(10, -1, 1)


# --- exercises ----------------------------------------------------------------------


@pytest.mark.claim("intervals/bootstrap-is-binomial")
def test_the_bootstrap_by_count_matches_resampling_the_0_1_outcomes():
    trials, rng = 20, np.random.default_rng(2)
    by_count = exercise_bootstrap_coverage.bootstrap_intervals_by_count(trials, 40_000, rng)
    exact = stats.binom.ppf([[0.025], [0.975]], trials, np.arange(trials + 1) / trials).T / trials
    for successes in range(trials + 1):
        outcomes = np.repeat([1, 0], [successes, trials - successes])
        resampled = proportion_intervals.bootstrap_interval(outcomes, rng, resamples=40_000)
        # both are percentiles of Binomial(n, k/n)/n, up to one step 1/n of the count's grid
        assert np.all(np.abs(resampled - exact[successes]) <= 1 / trials + 1e-12)
        assert np.all(np.abs(by_count[successes] - exact[successes]) <= 1 / trials + 1e-12)


def bootstrap_exercise(run):
    ns = run("snippets/intervals/exercise_bootstrap_coverage.py").namespace
    exact = {
        name: dict(
            zip(ns["coverage"], exact_coverage(bounds[:, 0], bounds[:, 1], list(ns["coverage"])), strict=True)
        )
        for name, bounds in ns["methods"].items()
    }
    return ns, exact


@pytest.mark.claim("intervals/bootstrap-at-one-half", "intervals/summary-bootstrap")
def test_the_bootstrap_is_within_one_point_of_95_at_p_0_5(run):
    ns, exact = bootstrap_exercise(run)
    simulated = ns["coverage"][0.5]["bootstrap"]
    assert f"{simulated:.3f}" == "0.959"
    assert abs(simulated - 0.95) <= 0.01 and abs(exact["bootstrap"][0.5] - 0.95) <= 0.01
    se = mc_standard_error(exact["bootstrap"][0.5], ns["experiments"])
    assert abs(simulated - exact["bootstrap"][0.5]) <= Z999 * se


@pytest.mark.claim("intervals/bootstrap-rare-events", "intervals/summary-bootstrap")
def test_the_bootstrap_under_covers_badly_at_0_05_and_0_1(run):
    ns, exact = bootstrap_exercise(run)
    coverage = ns["coverage"]
    assert f"{coverage[0.05]['bootstrap']:.3f}" == "0.646" and f"{coverage[0.1]['bootstrap']:.3f}" == "0.873"
    assert exact["bootstrap"][0.05] < 0.7 and exact["bootstrap"][0.1] < 0.9


@pytest.mark.claim("intervals/bootstrap-same-as-wald", "intervals/summary-bootstrap")
def test_in_this_run_bootstrap_and_wald_cover_with_the_same_counts(run):
    ns, _ = bootstrap_exercise(run)
    boot, wald = ns["methods"]["bootstrap"], ns["methods"]["Wald"]
    for p, values in ns["coverage"].items():
        assert values["bootstrap"] == values["Wald"]
        assert np.array_equal((boot[:, 0] <= p) & (p <= boot[:, 1]), (wald[:, 0] <= p) & (p <= wald[:, 1]))
    lesson_wald = np.column_stack(proportion_intervals.wald_interval(np.arange(21), 20))
    assert np.allclose(np.clip(wald, 0, 1), lesson_wald)  # the same Wald interval as in the lesson


@pytest.mark.claim("intervals/bootstrap-zero-count")
def test_a_third_see_no_success_at_0_05_and_their_bootstrap_interval_is_the_point_0(run):
    ns, _ = bootstrap_exercise(run)
    assert 1 / 3 < stats.binom.pmf(0, ns["trials"], 0.05) < 0.4  # "more than a third"
    assert tuple(ns["methods"]["bootstrap"][0]) == (0.0, 0.0)


@pytest.mark.claim("intervals/bootstrap-exercise-wilson")
def test_wilson_stays_above_90_percent_at_the_four_p_of_the_exercise(run):
    ns, exact = bootstrap_exercise(run)
    assert list(ns["coverage"]) == [0.05, 0.1, 0.3, 0.5]
    assert all(ns["coverage"][p]["Wilson"] > 0.9 and exact["Wilson"][p] > 0.9 for p in ns["coverage"])


@pytest.mark.claim("intervals/jeffreys-interval")
@given(st.integers(1, 300), st.data())
def test_the_jeffreys_interval_is_the_beta_k_half_posterior_with_ends_0_and_1(trials, data):
    successes = data.draw(st.integers(0, trials))
    lower, upper = exercise_jeffreys_coverage.jeffreys_interval(np.array([successes]), trials)
    posterior = stats.beta(successes + 0.5, trials - successes + 0.5)
    assert lower[0] == (0.0 if successes == 0 else pytest.approx(posterior.ppf(0.025)))
    assert upper[0] == (1.0 if successes == trials else pytest.approx(posterior.ppf(0.975)))


def jeffreys_exercise(run):
    ns = run("snippets/intervals/exercise_jeffreys_coverage.py").namespace
    methods = {"Jeffreys": exercise_jeffreys_coverage.jeffreys_interval, "Wilson": wilson_interval}
    exact = {name: exact_coverage(*m(np.arange(31), 30), ns["probabilities"]) for name, m in methods.items()}
    for name in methods:  # the exercise's own exact coverage is the main section's
        assert np.allclose(ns["exact"][name], exact[name], atol=1e-12)
    return ns, exact


@pytest.mark.claim("intervals/jeffreys-mean")
def test_jeffreys_and_wilson_average_within_half_a_point_of_95(run):
    ns, exact = jeffreys_exercise(run)
    for name in ("Jeffreys", "Wilson"):
        assert abs(ns["coverage"][name].mean() - 0.95) <= 0.005 and abs(exact[name].mean() - 0.95) <= 0.005


@pytest.mark.claim("intervals/jeffreys-dip")
def test_in_the_middle_both_dip_2_to_4_points_below_95(run):
    result = run("snippets/intervals/exercise_jeffreys_coverage.py")
    ns, exact = jeffreys_exercise(run)
    middle = ns["middle"]
    for name in ("Jeffreys", "Wilson"):
        for low in (ns["coverage"][name][middle].min(), exact[name][middle].min()):
            assert 0.02 <= 0.95 - low <= 0.04
        assert f"{name:<9} mean coverage over p {ns['coverage'][name].mean():.3f}" in result.stdout


@pytest.mark.claim("intervals/jeffreys-dip-is-partly-noise")
def test_the_exact_lowest_values_are_higher_than_the_simulated_ones(run):
    result = run("snippets/intervals/exercise_jeffreys_coverage.py")
    ns, exact = jeffreys_exercise(run)
    for name in ("Jeffreys", "Wilson"):
        simulated, exactly = ns["coverage"][name][ns["middle"]].min(), exact[name][ns["middle"]].min()
        assert exactly > simulated
        assert f"0.9 {simulated:.3f} (exact: {exactly:.3f})" in result.stdout


@pytest.mark.claim("intervals/width-halves", "intervals/summary-width")
def test_four_times_the_data_very_nearly_halves_the_width(run):
    result = run("snippets/intervals/exercise_width_and_n.py")
    widths = result.namespace["widths"]
    ratios = widths[1:] / widths[:-1]
    assert [f"{r:.3f}" for r in ratios] == ["0.514", "0.503", "0.501"]
    assert all(f"width x {r:.3f}" in result.stdout for r in ratios)
    assert np.all(ratios > 0.5) and np.all(np.diff(ratios) < 0) and np.all(ratios - 0.5 < 0.015)


@pytest.mark.claim("intervals/width-shrinks-like-root-n", "intervals/summary-width")
def test_width_times_root_n_tends_to_2z_sqrt_p_1_minus_p():
    sizes = np.array([25, 100, 400, 1600, 6400, 25_600])
    scaled = exercise_width_and_n.wilson_width(0.2, sizes) * np.sqrt(sizes)
    limit = 2 * Z * np.sqrt(0.2 * 0.8)
    relative = np.abs(scaled / limit - 1)
    assert np.all(np.diff(relative) < 0) and relative[3] < 0.01 and relative[-1] < 0.001


@pytest.mark.claim("intervals/width-formula")
def test_the_search_lands_within_two_trials_of_the_formula(run):
    ns = run("snippets/intervals/exercise_width_and_n.py").namespace
    needed = ns["needed"]
    assert (
        exercise_width_and_n.wilson_width(0.2, needed)
        <= 0.05
        < exercise_width_and_n.wilson_width(0.2, needed - 1)
    )
    assert abs(needed - 4 * Z**2 * 0.2 * 0.8 / 0.05**2) <= 2
    with pytest.raises(ValueError, match="target_width"):
        exercise_width_and_n.trials_for_width(0.2, 0)


@pytest.mark.claim("intervals/coverage-small-multiples")
def test_the_coverage_figure_has_one_panel_per_n_with_both_intervals_and_the_promise(run):
    result = run("snippets/intervals/coverage_across_n_and_p.py")
    ns = result.namespace
    fig, coverage = ns["fig"], ns["coverage"]
    assert len(result.figures) == 1 and fig.get_figwidth() <= 5.5
    fig.draw_without_rendering()
    (legend,) = fig.legends
    box = legend.get_window_extent()
    assert [ax.get_title() for ax in ns["axes"].flat] == [f"n = {n}" for n in SIZES]
    for row, ax in enumerate(ns["axes"].flat):
        wald, wilson, promise = ax.get_lines()
        assert np.array_equal(wald.get_ydata(), coverage["Wald"][row])
        assert np.array_equal(wilson.get_ydata(), coverage["Wilson"][row])
        assert np.all(np.asarray(promise.get_ydata()) == 0.95) and promise.get_linestyle() == "--"
        assert box.y1 <= ax.get_window_extent().y0  # the legend sits below every panel, off the curves
    labels = [text.get_text() for text in legend.get_texts()]
    assert labels == ["Wald", "Wilson", "promised 95%"]


# --- checkpoints ---------------------------------------------------------------------------


@pytest.mark.claim("intervals/checkpoint-1-the-procedure")
def test_checkpoint_the_95_percent_belongs_to_the_procedure(run):
    result = run("snippets/intervals/repeated_intervals.py")
    ns = result.namespace
    assert "first experiment's 95% interval: [99.3, 128.5] ms" in result.stdout
    assert ns["missed_shown"] == 7 and ns["experiments"] == 20_000
    assert ns["true_mean"] == 120.0
    assert f"{ns['covered'].mean():.4f}" == "0.9512"
    assert "coverage over all 20000 experiments: 0.9512" in result.stdout


@pytest.mark.claim("intervals/checkpoint-2-zero-successes")
def test_checkpoint_wilson_for_no_success_reaches_rates_that_often_give_twenty_failures(run):
    result = run("snippets/intervals/proportion_intervals.py")
    low, high = result.namespace["intervals"][0, 20, "Wilson"]
    assert re.search(r"0 of 20\s+Wald\s+0\.000\s+0\.000", result.stdout)
    assert re.search(r"0 of 20\s+Wilson\s+0\.000\s+0\.161", result.stdout)
    assert low == pytest.approx(0, abs=1e-12) and low <= 0.05 <= high
    assert stats.binom.pmf(0, 20, 0.05) > 1 / 3, "twenty failures at 5%: more than a third of the time"


@pytest.mark.claim("intervals/checkpoint-3-monte-carlo-error")
def test_checkpoint_a_shortfall_of_0_7_points_is_under_one_and_a_half_standard_errors(run):
    result = run("snippets/intervals/coverage_across_n_and_p.py")
    ns = result.namespace
    assert ns["repetitions"] == 2000
    assert "Monte Carlo standard error near 95%: 0.0049" in result.stdout
    assert ns["standard_error"] == pytest.approx(mc_standard_error(0.95, 2000))
    assert 0.007 / ns["standard_error"] < 1.5


@pytest.mark.claim("intervals/checkpoint-4-average-over-the-prior")
def test_checkpoint_credible_intervals_cover_on_average_over_their_prior_not_at_fixed_p(run):
    result = run("snippets/intervals/credible_calibration.py")
    ns = result.namespace
    assert "share of credible intervals containing their own p: 0.9489" in result.stdout
    assert "fixed p = 0.01: coverage prior Beta(2, 8) 0.665" in result.stdout
    assert "fixed p = 0.70: coverage prior Beta(2, 8) 0.697" in result.stdout
    prior = stats.beta(2, 8)
    assert prior.cdf(0.01) + prior.sf(0.7) < 0.01, "less than 1% of the prior's mass beyond them"
    for p, simulated in [(0.01, 0.665), (0.7, 0.697)]:  # the simulated values against the exact coverage
        lower, upper = credible_calibration.credible_intervals_by_count(40, 2, 8)
        counts = np.arange(41)
        exact = stats.binom.pmf(counts, 40, p)[(lower <= p) & (p <= upper)].sum()
        assert abs(simulated - exact) <= Z999 * mc_standard_error(exact, ns["repetitions"]) + 0.0005


@pytest.mark.claim("intervals/checkpoint-5-four-times")
def test_checkpoint_four_times_the_data_very_nearly_halve_the_width(run):
    result = run("snippets/intervals/exercise_width_and_n.py")
    widths = result.namespace["widths"]
    ratios = widths[1:] / widths[:-1]
    assert [f"{r:.3f}" for r in ratios] == ["0.514", "0.503", "0.501"]
    assert np.all(np.abs(ratios - 0.5) < 0.02)
