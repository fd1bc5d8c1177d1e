"""Claims of the lesson "Power, sample size and many tests", checked on the snippets' real results.

"Within Monte Carlo error" means, as the page says, within 3.3 Monte Carlo standard errors
(Z999, a two-sided 99.9% normal band). "In this run" claims are checked on the printed run with
the tolerance the sentence gives.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from matplotlib.container import ErrorbarContainer
from scipy import stats

from snippets.power import (
    bonferroni_vs_bh,
    exercise_bh_fdr_by_nulls,
    exercise_peeking_bonferroni,
    exercise_sample_size_small_rates,
    family_wise_error,
    peeking,
    power_curves,
    power_simulation,
)

ALPHA = 0.05
Z999 = stats.norm.isf(0.0005)  # "within Monte Carlo error": 3.29 standard errors, a 99.9% band
assert round(Z999, 1) == 3.3  # the page rounds it to 3.3


def monte_carlo_se(share: float, trials: int) -> float:
    """Binomial Monte Carlo standard error of a share estimated from `trials` independent trials."""
    return float(np.sqrt(share * (1 - share) / trials))


def exact_rejection_rate(rate_a: float, rate_b: float, n: int, alpha: float = ALPHA) -> float:
    """Exact P(p < alpha) of the course's pooled z-test: sum the binomial probabilities of all counts.

    Counts more than 9 standard deviations from their mean are left out (their mass is checked).
    """

    def support(rate: float) -> tuple[np.ndarray, np.ndarray]:
        mean, sd = n * rate, np.sqrt(n * rate * (1 - rate))
        counts = np.arange(max(0, int(mean - 9 * sd)), min(n, int(mean + 9 * sd) + 1) + 1)
        return counts, stats.binom.pmf(counts, n, rate)

    (counts_a, weights_a), (counts_b, weights_b) = support(rate_a), support(rate_b)
    assert weights_a.sum() * weights_b.sum() > 1 - 1e-9
    rejects = power_simulation.two_proportion_p_values(counts_a[:, None], counts_b[None, :], n) < alpha
    return float(weights_a @ rejects @ weights_b)


def line(ax, label: str):
    """The line of `ax` with this legend label."""
    (found,) = [drawn for drawn in ax.get_lines() if drawn.get_label() == label]
    return found


# --- power and sample size ----------------------------------------------------------


@pytest.mark.claim("power/n-for-ten-versus-twelve", "power/printed-n-is-smallest")
def test_each_printed_n_is_the_smallest_with_80_percent_power(run):
    result = run("snippets/power/power_curves.py")
    assert "0.10 -> 0.12: n per group  3841" in result.stdout
    for treated in (0.11, 0.12, 0.13):
        needed = result.namespace["needed"][treated]
        assert needed == power_curves.required_size_per_group(0.10, treated)
        assert power_curves.two_proportion_power(0.10, treated, needed) >= 0.8
        assert power_curves.two_proportion_power(0.10, treated, needed - 1) < 0.8
        assert f"-> {treated:.2f}: n per group {needed:>5}, power there 0.8000" in result.stdout
    assert len(result.figures) == 1


@pytest.mark.claim("power/halving-the-effect", "power/learn-halving-quadruples")
def test_halving_the_effect_needs_about_four_times_the_users(run):
    result = run("snippets/power/power_curves.py")
    needed = result.namespace["needed"]
    assert needed[0.11] == 14751 and "n per group 14751" in result.stdout
    ratio = needed[0.11] / needed[0.12]
    assert f"half the effect (0.12 -> 0.11): {ratio:.2f} times the users" in result.stdout
    assert f"{ratio:.2f}" == "3.84"
    assert abs(ratio / 4 - 1) <= 0.05  # "about four times (within 5%)"


@pytest.mark.claim("power/curves-fall-toward-alpha")
def test_with_few_users_every_curve_falls_toward_the_alpha_line(run):
    result = run("snippets/power/power_curves.py")
    ns = result.namespace
    ax, sizes = ns["ax"], ns["sizes"]
    assert sizes[0] == 100  # the left edge of the figure
    # the figure draws the alpha line the prose points to (dotted, at alpha)
    alpha_line = line(ax, "α = 0.05")
    assert np.allclose(alpha_line.get_ydata(), ALPHA) and alpha_line.get_linestyle() == ":"
    left_edge = {}
    for treated, printed in [(0.11, "0.056"), (0.12, "0.074"), (0.13, "0.102")]:
        curve = line(ax, f"treatment rate {treated:.0%}")
        assert curve.get_color() != alpha_line.get_color(), "the α line has a colour of its own"
        assert np.allclose(curve.get_xdata(), sizes)
        plotted = np.asarray(curve.get_ydata())
        assert np.allclose(plotted, power_curves.two_proportion_power(0.10, treated, sizes))
        assert np.all(np.diff(plotted) > 0)  # falls at every step as n shrinks ...
        assert np.all(plotted > ALPHA)  # ... toward alpha, from above
        left_edge[treated] = plotted[0]
        assert f"-> {treated:.2f}:" in result.stdout and f"power at n = 100: {printed}" in result.stdout
        assert f"{plotted[0]:.3f}" == printed
    assert left_edge[0.11] < left_edge[0.12] < left_edge[0.13]  # closer to alpha the smaller the effect
    assert abs(left_edge[0.11] - ALPHA) <= 0.01  # "within one percentage point of alpha for 11%"


@pytest.mark.claim("power/power-never-below-alpha")
@settings(max_examples=300)
@given(st.floats(0.001, 0.999), st.floats(0.001, 0.999), st.integers(2, 100_000))
def test_from_two_users_the_formula_power_is_never_below_alpha(rate_a, rate_b, n):
    assume(rate_a != rate_b)
    assert power_curves.two_proportion_power(rate_a, rate_b, n) >= ALPHA - 1e-12


@pytest.mark.claim("power/power-never-below-alpha")
def test_the_formula_power_is_below_alpha_only_with_one_user_and_a_huge_effect():
    rates = np.linspace(0.005, 0.995, 100)
    sizes = np.array([1, 2, 3, 5, 10, 100, 10_000])
    below = [
        (rate_a, rate_b, n)
        for rate_a in rates
        for rate_b in rates[rates > rate_a]
        for n, power in zip(sizes, power_curves.two_proportion_power(rate_a, rate_b, sizes), strict=True)
        if power < ALPHA - 1e-12
    ]
    assert below  # the exception the page names exists ...
    assert all(n == 1 and rate_b - rate_a > 0.9 for rate_a, rate_b, n in below)  # ... and is the only one


@pytest.mark.claim("power/power-at-zero-effect-is-alpha")
def test_the_power_falls_to_exactly_alpha_as_the_effect_shrinks_to_zero():
    effects = 0.05 * 0.5 ** np.arange(30)  # from 5 points down to 1e-10
    for baseline in (0.02, 0.10, 0.50):
        for n in (1, 100, 3841, 1_000_000):
            powers = np.array([power_curves.two_proportion_power(baseline, baseline + d, n) for d in effects])
            assert np.all(np.diff(powers) <= 1e-15)  # decreasing as the effect shrinks
            assert powers[-1] == pytest.approx(ALPHA, abs=1e-9)  # and it reaches alpha


@pytest.mark.claim("power/power-grows-with-effect-and-n")
@settings(max_examples=300)
@given(st.floats(0.001, 0.998), st.floats(0, 1), st.floats(0, 1), st.integers(2, 50_000), st.booleans())
def test_power_grows_with_n_and_with_the_effect(rate_a, near, far, n, downward):
    # two treatment rates on the same side of rate_a, `far` at least as far from it as `near`
    room = (rate_a - 0.0005) if downward else (0.9995 - rate_a)
    step_near, step_far = sorted([near * room, far * room])
    assume(step_near > 1e-4)
    sign = -1 if downward else 1
    rate_near, rate_far = rate_a + sign * step_near, rate_a + sign * step_far
    power = power_curves.two_proportion_power(rate_a, rate_near, [n, n + 1, 2 * n])
    assert power[0] <= power[1] + 1e-12 and power[1] <= power[2] + 1e-12  # grows with n
    assert power[0] <= power_curves.two_proportion_power(rate_a, rate_far, n) + 1e-12  # and with the effect


@pytest.mark.claim("power/power-grows-with-effect-and-n")
def test_power_falls_with_a_bigger_effect_only_with_one_user():
    rates = np.linspace(0.005, 0.995, 100)
    sizes = np.unique(np.geomspace(1, 100_000, 60).round())
    for rate_a in rates[:-1]:
        above = rates[rates > rate_a]
        powers = np.array([power_curves.two_proportion_power(rate_a, rate_b, sizes) for rate_b in above])
        assert np.all(np.diff(powers, axis=1) >= -1e-12)  # more users: never less power
        falls = np.diff(powers, axis=0) < -1e-12  # a bigger effect with less power ...
        assert np.all(sizes[np.nonzero(falls)[1]] == 1)  # ... happens only at n = 1


@pytest.mark.claim("power/wrong-direction-negligible")
@settings(max_examples=300)
@given(st.floats(0.001, 0.998), st.floats(0.0001, 0.998), st.integers(1, 100_000), st.booleans())
def test_the_wrong_direction_term_is_below_1e_4_once_the_power_is_half(rate_a, effect, n, downward):
    rate_b = min(rate_a + effect, 0.999)
    assume(rate_b > rate_a)
    if downward:
        rate_a, rate_b = rate_b, rate_a
    power = float(power_curves.two_proportion_power(rate_a, rate_b, n))
    assume(power >= 0.5)
    pooled, delta = (rate_a + rate_b) / 2, abs(rate_b - rate_a)
    sigma_0 = np.sqrt(2 * pooled * (1 - pooled) / n)
    sigma_1 = np.sqrt((rate_a * (1 - rate_a) + rate_b * (1 - rate_b)) / n)
    right_direction = stats.norm.cdf((delta - stats.norm.isf(ALPHA / 2) * sigma_0) / sigma_1)
    assert power - right_direction < 1e-4  # what the second term adds


def test_required_size_with_the_term_dropped_reaches_the_power():
    for power in (0.5, 0.8, 0.9, 0.95):
        needed = power_curves.required_size_per_group(0.10, 0.12, power=power)
        assert power_curves.two_proportion_power(0.10, 0.12, needed) >= power
        assert power_curves.two_proportion_power(0.10, 0.12, needed - 1) < power


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0.1, 0.1, 100), "no effect to detect"),
        ((0.0, 0.1, 100), "strictly between 0 and 1"),
        ((0.1, 0.2, 0), "at least 1"),
        ((0.1, 0.2, 100, 1.5), "alpha must be"),
    ],
)
def test_power_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        power_curves.two_proportion_power(*args)


def test_required_size_rejects_bad_power():
    with pytest.raises(ValueError, match="power must be"):
        power_curves.required_size_per_group(0.1, 0.12, power=1.0)


# --- the simulation check -----------------------------------------------------------


@pytest.mark.claim("power/difference-mean-and-sd")
def test_the_simulated_difference_has_mean_delta_and_sd_sigma_1(run):
    ns = run("snippets/power/power_simulation.py").namespace
    sizes, experiments = ns["sizes"], ns["experiments"]
    difference = (ns["clicks_b"] - ns["clicks_a"]) / sizes[:, None]
    sigma_1 = np.sqrt((0.10 * 0.90 + 0.12 * 0.88) / sizes)
    # mean: standard error sigma_1/sqrt(N); sd: standard error about sigma_1/sqrt(2N)
    assert np.all(np.abs(difference.mean(axis=1) - 0.02) <= Z999 * sigma_1 / np.sqrt(experiments))
    assert np.all(
        np.abs(difference.std(axis=1, ddof=1) - sigma_1) <= Z999 * sigma_1 / np.sqrt(2 * experiments)
    )


@pytest.mark.claim("power/pooled-test-rejection-rule")
@settings(max_examples=200)
@given(st.integers(2, 5000), st.data())
def test_the_pooled_z_test_rejects_when_the_difference_passes_z_sigma_0(n, data):
    clicks_a, clicks_b = data.draw(st.integers(0, n)), data.draw(st.integers(0, n))
    pooled = (clicks_a + clicks_b) / (2 * n)
    threshold = stats.norm.isf(ALPHA / 2) * np.sqrt(2 * pooled * (1 - pooled) / n)
    difference = abs(clicks_b - clicks_a) / n
    assume(abs(difference - threshold) > 1e-12)  # not exactly on the boundary
    rejects = power_simulation.two_proportion_p_values(clicks_a, clicks_b, n) < ALPHA
    assert rejects == (difference > threshold)


@settings(max_examples=50)
@given(st.integers(20, 3000), st.data())
def test_pooled_z_test_equals_the_chi_square_test(n, data):
    clicks_a = data.draw(st.integers(1, n - 1))
    clicks_b = data.draw(st.integers(1, n - 1))
    table = [[clicks_a, n - clicks_a], [clicks_b, n - clicks_b]]
    expected = stats.chi2_contingency(table, correction=False).pvalue
    assert power_simulation.two_proportion_p_values(clicks_a, clicks_b, n) == pytest.approx(
        expected, rel=1e-6
    )


@pytest.mark.claim("power/simulation-design")
def test_the_simulation_runs_20000_tests_at_five_sizes_around_3841(run):
    ns = run("snippets/power/power_simulation.py").namespace
    needed = power_curves.required_size_per_group(0.10, 0.12)
    assert ns["experiments"] == 20_000 and ns["clicks_a"].shape == (5, 20_000)
    # from an eighth of 3841 to twice it
    assert list(ns["sizes"]) == [int(needed * f) for f in (1 / 8, 1 / 4, 1 / 2, 1, 2)]
    assert np.allclose(
        power_simulation.two_proportion_power(0.1, 0.12, ns["sizes"]),
        power_curves.two_proportion_power(0.1, 0.12, ns["sizes"]),
    )


@pytest.mark.claim("power/monte-carlo-error-below-half-a-point")
def test_the_monte_carlo_error_is_below_half_a_percentage_point(run):
    ns = run("snippets/power/power_simulation.py").namespace
    experiments = ns["experiments"]
    assert np.all(ns["standard_error"] < 0.005)
    assert 1 / (2 * np.sqrt(experiments)) < 0.005  # the largest, at a share of one half
    assert monte_carlo_se(0.5, experiments) == pytest.approx(1 / (2 * np.sqrt(experiments)))


@pytest.mark.claim("power/simulation-figure-error-bars")
def test_the_figure_draws_the_formula_and_two_standard_error_bars(run):
    ns = run("snippets/power/power_simulation.py").namespace
    ax = ns["ax"]
    formula = line(ax, "formula")
    assert np.allclose(formula.get_ydata(), power_curves.two_proportion_power(0.1, 0.12, formula.get_xdata()))
    (bars,) = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    segments = np.array(bars.lines[2][0].get_segments())  # one vertical segment per size
    assert np.allclose(segments[:, 0, 0], ns["sizes"]) and np.allclose(segments[:, 1, 0], ns["sizes"])
    assert np.allclose(segments[:, 0, 1], ns["simulated"] - 2 * ns["standard_error"])
    assert np.allclose(segments[:, 1, 1], ns["simulated"] + 2 * ns["standard_error"])
    # "within the dot": on the drawn figure each bar's half-length is less than the dot's radius
    marker = bars.lines[0]
    radius = marker.get_markersize() / 2 * ax.figure.dpi / 72  # points to pixels
    for (x, low), (_, high) in segments:
        (_, y0), (_, y1) = ax.transData.transform([(x, low), (x, high)])
        assert (y1 - y0) / 2 < radius
    assert "within the dot" in bars.get_label()


@pytest.mark.claim("power/simulation-agrees-in-this-run")
def test_in_this_run_the_simulation_lies_within_two_printed_standard_errors(run):
    result = run("snippets/power/power_simulation.py")
    ns = result.namespace
    two_se = 2 * ns["standard_error"]
    assert np.all(np.abs(ns["simulated"] - ns["formula"]) <= two_se)
    assert abs(ns["simulated"][3] - 0.8) <= two_se[3]  # 3841 users: 80% up to that error
    assert abs(ns["false_alarms"] - ALPHA) <= 2 * ns["null_error"]  # no effect: 5% up to its own 2 s.e.
    assert f"± {2 * ns['null_error']:.4f} (2 s.e.)" in result.stdout and "± 0.0031" in result.stdout
    assert len(result.figures) == 1


@pytest.mark.claim("power/formula-matches-exact-power")
def test_simulation_and_formula_agree_with_the_exact_power(run):
    ns = run("snippets/power/power_simulation.py").namespace
    experiments = ns["experiments"]
    for n, simulated in zip(ns["sizes"], ns["simulated"], strict=True):
        exact = exact_rejection_rate(0.10, 0.12, int(n))
        assert abs(simulated - exact) <= Z999 * monte_carlo_se(exact, experiments)
    exact_size = exact_rejection_rate(0.10, 0.10, 3841)
    assert abs(ns["false_alarms"] - exact_size) <= Z999 * monte_carlo_se(exact_size, experiments)
    # the formula: within a quarter of a percentage point of the exact power, n from 500 to 20 000
    for treated in (0.11, 0.12, 0.13):
        for n in np.unique(np.geomspace(500, 20_000, 40).round().astype(int)):
            exact = exact_rejection_rate(0.10, treated, int(n))
            assert abs(power_curves.two_proportion_power(0.10, treated, n) - exact) <= 0.0025


@pytest.mark.claim("power/formula-worse-for-rare-events")
def test_for_rare_events_the_formula_is_off_by_about_a_percentage_point():
    errors = np.array(
        [
            power_curves.two_proportion_power(0.01, 0.02, n) - exact_rejection_rate(0.01, 0.02, n)
            for n in range(500, 2001)
        ]
    )
    # formula minus exact "swings between about -1 and +1.3 percentage points": each end within 0.1 point
    assert -0.011 <= errors.min() <= -0.009
    assert 0.012 <= errors.max() <= 0.014
    assert np.mean(np.abs(errors)) > 2 * 0.0025  # well beyond the error found at 10%


def test_z_test_without_any_click_gives_p_one_and_rejects_impossible_counts():
    assert power_simulation.two_proportion_p_values(0, 0, 50) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="between 0 and size_per_group"):
        power_simulation.two_proportion_p_values(60, 3, 50)


# --- peeking ------------------------------------------------------------------------


@pytest.mark.claim("power/all-daily-tests-at-once")
def test_all_600000_daily_tests_come_from_one_array_of_daily_clicks(run):
    ns = run("snippets/power/peeking.py").namespace
    assert ns["clicks"].shape == (2, 20_000, 30) and ns["p_values"].shape == (20_000, 30)
    assert ns["p_values"].size == 600_000
    # each daily test sees the cumulative counts: a direct chi-square on them agrees
    a, b = ns["clicks"][:, :3]
    for row in range(3):
        for day in (0, 18, 19, 29):
            ca, cb, n = a[row, : day + 1].sum(), b[row, : day + 1].sum(), 200 * (day + 1)
            expected = stats.chi2_contingency([[ca, n - ca], [cb, n - cb]], correction=False).pvalue
            assert ns["p_values"][row, day] == pytest.approx(expected, rel=1e-6)


def test_daily_p_values_match_a_direct_chi_square_on_cumulative_counts():
    rng = np.random.default_rng(3)
    a, b = rng.binomial(50, 0.2, size=(2, 4, 6))
    p_values = peeking.daily_p_values(a, b, 50)
    for row in range(4):
        for day in (0, 3, 5):
            ca, cb, n = a[row, : day + 1].sum(), b[row, : day + 1].sum(), 50 * (day + 1)
            table = [[ca, n - ca], [cb, n - cb]]
            expected = stats.chi2_contingency(table, correction=False).pvalue
            assert p_values[row, day] == pytest.approx(expected, rel=1e-6)


@pytest.mark.claim("power/single-test-keeps-five-percent")
def test_a_single_test_on_any_day_is_at_5_percent_within_monte_carlo_error(run):
    ns = run("snippets/power/peeking.py").namespace
    experiments, single = ns["experiments"], ns["single_look"]
    band = Z999 * monte_carlo_se(ALPHA, experiments)
    assert np.all(np.abs(single - ALPHA) <= band)  # the simulated rate, every day
    for day in range(1, 31):
        exact = exact_rejection_rate(0.10, 0.10, 200 * day)  # the test's real false-positive rate
        assert abs(exact - ALPHA) <= band
        wide = stats.norm.isf(0.0005 / 30)  # 30 days checked at once
        assert abs(single[day - 1] - exact) <= wide * monte_carlo_se(exact, experiments)


@pytest.mark.claim("power/single-test-in-this-run")
def test_in_this_run_each_single_day_is_within_three_standard_errors_of_5_percent(run):
    result = run("snippets/power/peeking.py")
    ns = result.namespace
    se = monte_carlo_se(ALPHA, ns["experiments"])
    assert "Monte Carlo standard error at 5%: 0.0015" in result.stdout and f"{se:.4f}" == "0.0015"
    assert ns["single_look"].shape == (30,)
    assert np.all(np.abs(ns["single_look"] - ALPHA) <= 3 * se)


@pytest.mark.claim(
    "power/peeking-inflates-false-positives", "power/learn-peeking-inflates", "power/summary-peeking"
)
def test_peeking_inflates_false_positives_beyond_monte_carlo_error(run):
    result = run("snippets/power/peeking.py")
    ns = result.namespace
    experiments, peeking_rate = ns["experiments"], ns["peeking"]
    week, month = peeking_rate[6], peeking_rate[-1]
    for label, rate, printed_rate, printed_se in [
        ("peeking daily for 7 days:", week, "0.1676", "0.0026"),
        ("peeking daily for 30 days:", month, "0.2768", "0.0032"),
    ]:
        se = monte_carlo_se(rate, experiments)
        assert f"{rate:.4f}" == printed_rate and f"{se:.4f}" == printed_se
        assert f"{label:<30} {printed_rate} (s.e. {printed_se})" in result.stdout
    assert week - Z999 * monte_carlo_se(week, experiments) > 3 * ALPHA  # more than three times 5%
    assert month - Z999 * monte_carlo_se(month, experiments) > 5 * ALPHA  # more than five times
    assert peeking_rate[0] == ns["single_look"][0]  # one look is a single test


@pytest.mark.claim("power/peeking-still-rising")
def test_the_peeking_curve_is_still_rising_on_day_30(run):
    result = run("snippets/power/peeking.py")
    ns = result.namespace
    peeking_rate, experiments = ns["peeking"], ns["experiments"]
    assert np.all(np.diff(peeking_rate) >= 0)  # each extra look can only add false alarms
    last_day = peeking_rate[-1] - peeking_rate[-2]  # share whose first "winner" is on day 30
    assert f"first false positive on day 30 itself: {last_day:.4f}" in result.stdout
    assert f"{last_day:.4f}" == "0.0020"
    assert last_day - Z999 * monte_carlo_se(last_day, experiments) > 0


@pytest.mark.claim("power/looks-are-correlated")
def test_daily_z_statistics_have_correlation_root_j_over_k(run):
    ns = run("snippets/power/peeking.py").namespace
    cumulative = ns["clicks"].cumsum(axis=2)
    sign = np.sign(cumulative[1] - cumulative[0])
    z = sign * stats.norm.isf(ns["p_values"] / 2)  # the signed statistic behind each p-value
    for j, k in [(19, 20), (1, 30), (5, 10), (10, 30), (29, 30)]:
        correlation = np.corrcoef(z[:, j - 1], z[:, k - 1])[0, 1]
        assert abs(correlation - np.sqrt(j / k)) < 0.01  # "differ from it by less than one hundredth"


@pytest.mark.claim("power/slower-than-independent-tests")
def test_peeking_grows_much_more_slowly_than_30_independent_tests(run):
    result = run("snippets/power/peeking.py")
    ns = result.namespace
    independent = float(family_wise_error.independent_fwer(30, ALPHA))
    assert f"at least one false positive: {independent:.4f}" in result.stdout
    assert f"{independent:.4f}" == "0.7854"
    month = ns["peeking"][-1]
    assert independent > 2 * (month + Z999 * monte_carlo_se(month, ns["experiments"]))  # "more than twice"


def test_peeking_functions_reject_bad_input():
    with pytest.raises(ValueError, match="visitors_per_day"):
        peeking.daily_p_values(np.zeros((2, 3)), np.zeros((2, 3)), 0)
    with pytest.raises(ValueError, match="same"):
        peeking.daily_p_values(np.zeros((2, 3)), np.zeros((2, 4)), 10)
    with pytest.raises(ValueError, match="alpha"):
        peeking.stopped_by_day(np.full((2, 3), 0.5), alpha=0)


# --- many tests ---------------------------------------------------------------------


@pytest.mark.claim("power/fwer-formula")
def test_independent_true_nulls_give_fwer_one_minus_one_minus_alpha_to_the_m(run):
    ns = run("snippets/power/family_wise_error.py").namespace
    families, p_values, counts = ns["families"], ns["p_values"], ns["counts"]
    # each test alone: a false alarm with chance alpha (1 000 000 tests)
    assert abs(np.mean(p_values < ALPHA) - ALPHA) <= Z999 * monte_carlo_se(ALPHA, p_values.size)
    formula = family_wise_error.independent_fwer(counts, ALPHA)
    assert np.allclose(formula, 1 - (1 - ALPHA) ** counts, rtol=1e-12)
    assert np.all(np.abs(ns["plain"] - formula) <= Z999 * np.sqrt(formula * (1 - formula) / families))
    assert np.allclose(line(ns["ax"], "no correction, simulated").get_ydata(), ns["plain"])


@settings(max_examples=100)
@given(st.integers(1, 10_000), st.floats(1e-6, 0.999))
def test_independent_fwer_is_the_formula_for_any_m_and_threshold(m, threshold):
    assert family_wise_error.independent_fwer(m, threshold) == pytest.approx(
        1 - (1 - threshold) ** m, rel=1e-9, abs=1e-15
    )


@pytest.mark.claim("power/bonferroni-any-dependence", "power/summary-bonferroni")
def test_bonferroni_keeps_the_fwer_at_most_alpha_under_dependence():
    rng = np.random.default_rng(2024)
    families, m = 20_000, 10
    band = Z999 * monte_carlo_se(ALPHA, families)

    def two_sided(z):
        return 2 * stats.norm.sf(np.abs(z))

    shared = rng.standard_normal((families, 1))
    own = rng.standard_normal((families, m))
    for rho in (0.0, 0.3, 0.9, 1.0):  # equicorrelated tests, from independent to identical
        p_values = two_sided(np.sqrt(rho) * shared + np.sqrt(1 - rho) * own)
        assert family_wise_error.family_wise_error_rate(p_values, ALPHA / m) <= ALPHA + band
    # no two tests ever reject together: test i rejects when U falls in its own slice
    uniform = rng.uniform(size=(families, 1))
    disjoint = (uniform + np.arange(m) / m) % 1
    fwer = family_wise_error.family_wise_error_rate(disjoint, ALPHA / m)
    assert abs(fwer - ALPHA) <= band  # the union bound is reached
    assert np.all(np.sum(disjoint < ALPHA / m, axis=1) <= 1)


@pytest.mark.claim("power/twenty-tests-fwer", "power/intro-twenty-tests", "power/summary-fwer")
def test_twenty_null_tests_give_a_false_alarm_in_about_two_families_out_of_three(run):
    result = run("snippets/power/family_wise_error.py")
    ns = result.namespace
    exact = float(family_wise_error.independent_fwer(20, ALPHA))
    assert f"{exact:.4f}" == "0.6415" and f"formula {exact:.4f}" in result.stdout
    assert abs(exact / (2 / 3) - 1) <= 0.05  # "about two in three": within 5%
    se = monte_carlo_se(ns["fwer_plain"], ns["families"])
    assert f"(s.e. {se:.4f})" in result.stdout and f"{se:.4f}" == "0.0034"
    assert abs(ns["fwer_plain"] - exact) <= Z999 * se  # the simulation agrees


@pytest.mark.claim("power/one-false-alarm-per-family")
def test_on_average_one_false_alarm_per_family_of_twenty(run):
    result = run("snippets/power/family_wise_error.py")
    ns = result.namespace
    counts = ns["false_alarms"]
    assert pytest.approx(1.0) == 20 * ALPHA
    assert "expected 1.0, mean 1.004" in result.stdout and f"{counts.mean():.3f}" == "1.004"
    assert abs(counts.mean() - 1) <= Z999 * counts.std() / np.sqrt(ns["families"])


@pytest.mark.claim("power/bonferroni-every-family-size")
def test_bonferroni_keeps_the_fwer_at_most_alpha_for_every_family_size(run):
    ns = run("snippets/power/family_wise_error.py").namespace
    families, counts = ns["families"], ns["counts"]
    assert list(counts) == list(range(1, 51))
    formula = family_wise_error.independent_fwer(counts, ALPHA / counts)
    assert np.all(formula <= ALPHA + 1e-15)
    assert np.all(np.abs(ns["bonferroni"] - formula) <= Z999 * np.sqrt(formula * (1 - formula) / families))
    assert np.allclose(line(ns["ax"], "Bonferroni, simulated").get_ydata(), ns["bonferroni"])
    assert np.allclose(line(ns["ax"], "Bonferroni, formula").get_ydata(), formula)
    # the lower panel: the same curve, points and α line, on a y range that holds all of them and is
    # narrow enough (a fortieth of the upper panel's) to tell them apart
    zoom = ns["zoom"]
    assert np.allclose(line(zoom, "_Bonferroni, formula").get_ydata(), formula)
    assert np.allclose(line(zoom, "_Bonferroni, simulated").get_ydata(), ns["bonferroni"])
    assert np.allclose(line(zoom, "_α = 0.05").get_ydata(), ALPHA)
    low, high = zoom.get_ylim()
    assert low < min(formula.min(), ns["bonferroni"].min()) and max(ALPHA, ns["bonferroni"].max()) < high
    assert (high - low) * 40 < np.ptp(ns["ax"].get_ylim())
    for panel, tag in [(ns["ax"], ""), (zoom, "_")]:  # the α line is drawn over the data
        assert line(panel, f"{tag}α = 0.05").get_zorder() > max(
            drawn.get_zorder() for drawn in panel.get_lines() if "α" not in drawn.get_label()
        )
    # and for any family size: 1 - (1 - alpha/m)^m <= alpha (Bernoulli's inequality)
    many = np.arange(1, 100_001)
    assert np.all(family_wise_error.independent_fwer(many, ALPHA / many) <= ALPHA + 1e-15)


def test_family_wise_functions_reject_bad_input():
    with pytest.raises(ValueError, match="between 0 and 1"):
        family_wise_error.family_wise_error_rate(np.array([[0.2, 1.3]]), 0.05)
    with pytest.raises(ValueError, match="threshold"):
        family_wise_error.independent_fwer(5, 1.0)


# --- Bonferroni versus Benjamini–Hochberg -------------------------------------------


def power_se(power: float, ns: dict) -> float:
    """Monte Carlo standard error of the share of real effects detected (independent effects)."""
    return monte_carlo_se(power, ns["families"] * ns["effects"])


@pytest.mark.claim("power/bonferroni-costs-power", "power/summary-bonferroni")
def test_bonferroni_detects_an_effect_3_se_away_half_as_often_as_one_test_does_85_percent(run):
    ns = run("snippets/power/bonferroni_vs_bh.py").namespace
    results = ns["results"]

    def exact_power(level):  # |Z + 3| beyond the two-sided threshold of this level
        z = stats.norm.isf(level / 2)
        return stats.norm.sf(z - 3) + stats.norm.cdf(-z - 3)

    single, bonferroni = exact_power(ALPHA), exact_power(ALPHA / 20)
    assert abs(single - 0.85) <= 0.005  # "85% of the time"
    assert abs(bonferroni - 0.5) <= 0.01  # "about half the time"
    power_none, power_bonf = results["no correction"][2], results["Bonferroni"][2]
    assert abs(power_none - single) <= Z999 * power_se(single, ns)
    assert abs(power_bonf - bonferroni) <= Z999 * power_se(bonferroni, ns)


@pytest.mark.claim("power/no-correction-fails")
def test_without_correction_more_than_half_the_families_have_a_false_alarm(run):
    result = run("snippets/power/bonferroni_vs_bh.py")
    ns = result.namespace
    families, results = ns["families"], ns["results"]
    fwer, fdr, power = results["no correction"]
    assert "no correction           0.5413  0.1325  0.8506" in result.stdout
    exact = float(family_wise_error.independent_fwer(15, ALPHA))  # 15 independent true nulls
    assert exact > 0.5 and abs(fwer - exact) <= Z999 * monte_carlo_se(exact, families)
    assert fwer - Z999 * monte_carlo_se(fwer, families) > 0.5
    assert fdr - Z999 * ns["fdr_standard_error"]["no correction"] > 2 * ALPHA  # "more than twice alpha"
    assert power > max(results["Bonferroni"][2], results["Benjamini–Hochberg"][2])  # the most effects


@pytest.mark.claim("power/bonferroni-in-the-table")
def test_bonferroni_keeps_fwer_below_alpha_and_fdr_under_half_of_it(run):
    result = run("snippets/power/bonferroni_vs_bh.py")
    ns = result.namespace
    families = ns["families"]
    fwer, fdr, power = ns["results"]["Bonferroni"]
    assert "Bonferroni              0.0375  0.0125  0.4911" in result.stdout
    formula = float(family_wise_error.independent_fwer(15, ALPHA / 20))
    assert formula < ALPHA and abs(fwer - formula) <= Z999 * monte_carlo_se(formula, families)
    assert fwer + Z999 * monte_carlo_se(fwer, families) < ALPHA
    assert fdr + Z999 * ns["fdr_standard_error"]["Bonferroni"] < ALPHA / 2
    assert abs(power - 0.5) <= 0.01  # "about half": within one percentage point


@pytest.mark.claim("power/bh-in-the-table", "power/summary-bh")
def test_bh_keeps_the_fdr_at_alpha_m0_over_m_and_finds_more_than_bonferroni(run):
    result = run("snippets/power/bonferroni_vs_bh.py")
    ns = result.namespace
    _, fdr, power = ns["results"]["Benjamini–Hochberg"]
    assert "Benjamini–Hochberg      0.1541  0.0375  0.6535" in result.stdout
    assert ns["bound"] == pytest.approx(ALPHA * 15 / 20) and "= 0.0375" in result.stdout
    se = ns["fdr_standard_error"]["Benjamini–Hochberg"]
    assert "standard error of the BH FDR: 0.0007" in result.stdout
    assert abs(fdr - ns["bound"]) <= Z999 * se
    power_bonf = ns["results"]["Bonferroni"][2]
    assert power - power_bonf > Z999 * np.hypot(power_se(power, ns), power_se(power_bonf, ns))


@pytest.mark.claim("power/bh-fwer-above-alpha")
def test_bh_family_wise_error_is_more_than_twice_alpha(run):
    ns = run("snippets/power/bonferroni_vs_bh.py").namespace
    fwer = ns["results"]["Benjamini–Hochberg"][0]
    assert f"{fwer:.4f}" == "0.1541"
    assert fwer - Z999 * monte_carlo_se(fwer, ns["families"]) > 2 * ALPHA


@pytest.mark.claim("power/one-family-can-be-worse")
def test_some_bh_families_have_more_than_half_of_their_discoveries_false(run):
    ns = run("snippets/power/bonferroni_vs_bh.py").namespace
    assert ns["name"] == "Benjamini–Hochberg"  # the loop's last method left its arrays behind
    worse = np.mean(ns["fdp"] > 0.5)  # share of BH families with most discoveries false
    assert worse - Z999 * monte_carlo_se(worse, ns["families"]) > 0


@pytest.mark.claim("power/bh-fdr-exact-under-independence", "power/bh-fdr-follows-m0", "power/summary-bh")
def test_bh_fdr_is_alpha_m0_over_m_for_independent_tests_whatever_the_effects(run):
    # the lesson's own two runs
    ns = run("snippets/power/bonferroni_vs_bh.py").namespace
    fdr = ns["results"]["Benjamini–Hochberg"][1]
    assert abs(fdr - ns["bound"]) <= Z999 * ns["fdr_standard_error"]["Benjamini–Hochberg"]
    exercise = run("snippets/power/exercise_bh_fdr_by_nulls.py").namespace
    for nulls, value in exercise["fdr"].items():
        assert abs(value - ALPHA * nulls / 20) <= Z999 * exercise["fdr_error"][nulls]
    # other families, effects and levels, with the course's BH
    rng = np.random.default_rng(7)
    families = 20_000
    for tests, nulls, level, effect in [
        (20, 5, 0.05, lambda size: 3.0),
        (10, 4, 0.10, lambda size: 1.0),  # weak effects
        (10, 7, 0.05, lambda size: rng.uniform(-4, 4, size)),  # effects of random size and sign
        (5, 2, 0.20, lambda size: 6.0),  # strong effects
        (30, 30, 0.05, lambda size: 0.0),  # no effect at all
    ]:
        is_null = np.arange(tests) < nulls
        size = (families, tests - nulls)
        z = rng.standard_normal((families, tests))
        z[:, ~is_null] += effect(size)
        rejected = bonferroni_vs_bh.benjamini_hochberg_reject(2 * stats.norm.sf(np.abs(z)), level)
        proportions = exercise_bh_fdr_by_nulls.false_discovery_proportions(rejected, is_null)
        se = proportions.std() / np.sqrt(families)
        assert abs(proportions.mean() - level * nulls / tests) <= Z999 * se
        assert level * nulls / tests <= level  # so at most alpha


@pytest.mark.claim("power/bh-rejects-all-bonferroni-rejects", "power/bh-matches-scipy")
@settings(max_examples=300)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=40), st.sampled_from([0.01, 0.05, 0.1, 0.2]))
def test_bh_matches_scipy_and_rejects_a_superset_of_bonferroni(p_values, alpha):
    p = np.array(p_values)
    bh = bonferroni_vs_bh.benjamini_hochberg_reject(p, alpha)
    bonferroni = bonferroni_vs_bh.bonferroni_reject(p, alpha)
    assert bh.shape == p.shape
    assert np.all(bh[bonferroni])
    expected = stats.false_discovery_control(p) <= alpha
    assert np.array_equal(bh, expected)


def test_bh_works_row_by_row():
    rng = np.random.default_rng(0)
    p = rng.uniform(size=(50, 12)) ** 3
    rows = np.array([bonferroni_vs_bh.benjamini_hochberg_reject(row, 0.1) for row in p])
    assert np.array_equal(bonferroni_vs_bh.benjamini_hochberg_reject(p, 0.1), rows)


def test_multiple_testing_functions_reject_bad_input():
    with pytest.raises(ValueError, match="between 0 and 1"):
        bonferroni_vs_bh.benjamini_hochberg_reject(np.array([0.1, -0.2]))
    with pytest.raises(ValueError, match="alpha"):
        bonferroni_vs_bh.bonferroni_reject(np.array([0.1]), alpha=0)
    with pytest.raises(ValueError, match="non-empty"):
        bonferroni_vs_bh.bonferroni_reject(np.array([]))


# --- exercises ----------------------------------------------------------------------


@pytest.mark.claim("power/rare-baseline-ratio")
def test_a_2_percent_baseline_needs_21_times_the_users_of_a_30_percent_one(run):
    result = run("snippets/power/exercise_sample_size_small_rates.py")
    needed = result.namespace["needed"]
    assert needed[0.02] > needed[0.10] > needed[0.30]
    ratio = needed[0.02] / needed[0.30]
    assert f"needs {ratio:.1f} times" in result.stdout and f"{ratio:.1f}" == "21.4"
    approximation = ((1 - 0.02) / 0.02) / ((1 - 0.30) / 0.30)  # (98/2)/(70/30)
    assert round(approximation) == 21
    assert abs(ratio / approximation - 1) <= 0.05  # "within 5%"
    assert needed[0.10] == power_curves.required_size_per_group(0.10, 0.11)
    for baseline, n in needed.items():
        assert exercise_sample_size_small_rates.required_size_per_group(baseline, baseline * 1.1) == n
    with pytest.raises(ValueError, match="must differ"):
        exercise_sample_size_small_rates.required_size_per_group(0.1, 0.1)


@pytest.mark.claim("power/summary-sample-size")
def test_half_the_effect_about_four_times_the_users_and_rare_events_far_more(run):
    needed = run("snippets/power/power_curves.py").namespace["needed"]
    assert abs(needed[0.11] / needed[0.12] / 4 - 1) <= 0.05
    rare = run("snippets/power/exercise_sample_size_small_rates.py").namespace["needed"]
    assert rare[0.02] / rare[0.30] > 20  # far more: 21 times


@pytest.mark.claim("power/corrected-peeking-below-single-test", "power/monitoring-with-divided-alpha")
def test_bonferroni_across_looks_keeps_false_positives_below_the_single_tests(run):
    result = run("snippets/power/exercise_peeking_bonferroni.py")
    ns = result.namespace
    experiments = ns["experiments"]

    def se(share):
        return monte_carlo_se(share, experiments)

    single, _, strict = ns["rates"]["no effect"]
    assert "no effect               0.0486          0.2784             0.0137" in result.stdout
    assert strict + Z999 * se(strict) < ALPHA  # below 5%
    assert strict + Z999 * se(strict) < single - Z999 * se(single)  # below the single final test's
    # the threshold is alpha divided by the number of looks
    power_strict = ns["rates"]["10% vs 12%"][2]
    assert power_strict == np.mean(np.any(ns["p_values"] < ALPHA / 30, axis=1))
    assert ns["days"] == 30
    rng = np.random.default_rng(5)
    a, b = rng.binomial(40, 0.3, size=(2, 3, 5))
    assert np.allclose(exercise_peeking_bonferroni.daily_p_values(a, b, 40), peeking.daily_p_values(a, b, 40))
    with pytest.raises(ValueError, match="same shape"):
        exercise_peeking_bonferroni.daily_p_values(a, b[:, :4], 40)


@pytest.mark.claim("power/corrected-peeking-costs-power")
def test_corrected_peeking_has_clearly_less_power_than_one_final_test(run):
    result = run("snippets/power/exercise_peeking_bonferroni.py")
    ns = result.namespace
    power_single, _, power_strict = ns["rates"]["10% vs 12%"]
    assert f"{power_strict:.4f}" == "0.7222" and f"{power_single:.4f}" == "0.9384"
    gap = Z999 * (monte_carlo_se(power_single, ns["experiments"]) + monte_carlo_se(power_strict, 20_000))
    assert power_single - power_strict > gap


@pytest.mark.claim("power/naive-peeking-power-is-false")
def test_naive_peeking_has_the_most_power_only_with_too_many_false_alarms(run):
    ns = run("snippets/power/exercise_peeking_bonferroni.py").namespace
    experiments = ns["experiments"]
    power_single, power_peek, power_strict = ns["rates"]["10% vs 12%"]
    assert f"{power_peek:.4f}" == "0.9697"
    assert power_peek - Z999 * monte_carlo_se(power_peek, experiments) > power_single
    assert power_peek > power_strict
    false_alarms = ns["rates"]["no effect"][1]
    assert f"{false_alarms:.4f}" == "0.2784"
    # "more than five times alpha"
    assert false_alarms - Z999 * monte_carlo_se(false_alarms, experiments) > 5 * ALPHA


@pytest.mark.claim("power/bh-fdr-in-this-run")
def test_in_this_run_bh_fdr_is_within_two_printed_standard_errors(run):
    result = run("snippets/power/exercise_bh_fdr_by_nulls.py")
    ns = result.namespace
    for nulls, fdr in ns["fdr"].items():
        target = ALPHA * nulls / 20
        assert abs(fdr - target) <= 2 * ns["fdr_error"][nulls]
        row = f"{nulls:>10}{fdr:>9.4f}{2 * ns['fdr_error'][nulls]:>10.4f}{target:>12.4f}"
        assert row in result.stdout


@pytest.mark.claim("power/all-nulls-fdr-is-fwer")
def test_with_every_null_true_bh_fdr_equals_its_fwer_and_both_are_alpha(run):
    ns = run("snippets/power/exercise_bh_fdr_by_nulls.py").namespace
    assert ns["nulls"] == 20 and np.all(ns["is_null"])  # the last family: every null true
    proportions = ns["proportions"]
    assert set(np.unique(proportions)) <= {0.0, 1.0}  # any rejection is a false one
    fwer = np.mean(np.any(ns["adjusted"] <= ALPHA, axis=1))
    assert proportions.mean() == pytest.approx(fwer) == pytest.approx(ns["fdr"][20])
    assert abs(fwer - ALPHA) <= Z999 * monte_carlo_se(ALPHA, ns["families"])
    with pytest.raises(ValueError, match="one entry per test"):
        exercise_bh_fdr_by_nulls.false_discovery_proportions(np.zeros((3, 4), bool), np.zeros(5, bool))


def _overlap(a, b) -> bool:
    """Whether two display-space bounding boxes share more than a hairline."""
    return a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5 and a.y0 < b.y1 - 0.5 and b.y0 < a.y1 - 0.5


@pytest.mark.claim("power/bh-figure-targets")
def test_bonferroni_bh_figure_draws_each_target_over_its_own_bars(run):
    ns = run("snippets/power/bonferroni_vs_bh.py").namespace
    fig, ax, alpha, bound = ns["fig"], ns["ax"], ns["alpha"], ns["bound"]
    fig.draw_without_rendering()
    bars = [patch for container in ax.containers for patch in container]
    assert len(bars) == 9
    groups = {round(bar.get_x() + bar.get_width() / 2): [] for bar in bars}
    for bar in bars:
        groups[round(bar.get_x() + bar.get_width() / 2)].append((bar.get_x(), bar.get_x() + bar.get_width()))
    extent = {g: (min(a for a, _ in v), max(b for _, b in v)) for g, v in groups.items()}
    lines = {c.get_label(): c.get_segments() for c in ax.collections}
    alpha_segments = lines["α = 0.05"]
    assert len(alpha_segments) == 2
    for segment, group in zip(sorted(alpha_segments, key=lambda s: s[0][0]), (0, 1), strict=True):
        (x0, y0), (x1, y1) = segment
        assert y0 == y1 == alpha
        assert x0 <= extent[group][0] and x1 >= extent[group][1]  # covers its group
        assert x1 < extent[2][0]  # never reaches the power group
    ((x0, y0), (x1, y1)), = lines[f"BH bound {bound:.4f}"]
    assert y0 == y1 == bound == pytest.approx(alpha * 15 / 20)
    assert x0 <= extent[1][0] and x1 >= extent[1][1] and x0 > extent[0][1] and x1 < extent[2][0]
    (legend,) = fig.legends  # one legend, below the axes
    legend = legend.get_window_extent()
    assert not any(_overlap(legend, bar.get_window_extent()) for bar in bars)
    labels = [label.get_window_extent() for label in ax.get_xticklabels()]
    assert len(labels) == 3 and all(a.x1 < b.x0 for a, b in itertools.pairwise(labels))  # no overlap
    assert legend.y1 <= min(label.y0 for label in labels) and legend.y0 >= 0  # under the tick labels
    assert all(c.get_zorder() > bars[0].get_zorder() for c in ax.collections)  # targets drawn over the bars
    assert fig.get_figwidth() <= 5.5


# --- checkpoints ---------------------------------------------------------------------------


@pytest.mark.claim("power/checkpoint-1-power-near-alpha")
def test_checkpoint_with_100_users_the_power_for_11_percent_is_near_alpha(run):
    result = run("snippets/power/power_curves.py")
    assert "0.10 -> 0.11: n per group 14751" in result.stdout and "power at n = 100: 0.056" in result.stdout
    power = float(power_curves.two_proportion_power(0.10, 0.11, 100))
    assert f"{power:.3f}" == "0.056" and abs(power - ALPHA) < 0.01, "within one percentage point of alpha"
    for n in (1, 100, 3841, 1_000_000):  # at any n, the power tends to alpha as the effect vanishes
        vanishing = float(power_curves.two_proportion_power(0.10, 0.10 + 1e-10, n))
        assert vanishing == pytest.approx(ALPHA, abs=1e-9)


@pytest.mark.claim("power/checkpoint-2-four-times")
def test_checkpoint_half_the_effect_needs_3_84_times_the_users(run):
    result = run("snippets/power/power_curves.py")
    needed = result.namespace["needed"]
    assert needed[0.12] == 3841 and needed[0.11] == 14751
    assert power_curves.required_size_per_group(0.10, 0.11) == 14751
    assert f"{needed[0.11] / needed[0.12]:.2f}" == "3.84"
    assert "half the effect (0.12 -> 0.11): 3.84 times the users" in result.stdout


@pytest.mark.claim("power/checkpoint-3-peeking")
def test_checkpoint_one_final_test_against_daily_peeking(run):
    result = run("snippets/power/peeking.py")
    ns = result.namespace
    assert "one test on day 30:            0.0479" in result.stdout
    assert "peeking daily for 30 days:     0.2768" in result.stdout
    assert f"{ns['single_look'][-1]:.4f}" == "0.0479" and f"{ns['peeking'][-1]:.4f}" == "0.2768"


@pytest.mark.claim("power/checkpoint-4-twenty-metrics")
def test_checkpoint_twenty_true_nulls_give_a_false_alarm_in_two_families_of_three(run):
    result = run("snippets/power/family_wise_error.py")
    ns = result.namespace
    assert float(family_wise_error.independent_fwer(20, ALPHA)) == pytest.approx(1 - 0.95**20)
    assert f"{1 - 0.95**20:.4f}" == "0.6415" and "formula 0.6415" in result.stdout
    assert f"{ns['false_alarms'].mean():.3f}" == "1.004" and "mean 1.004" in result.stdout


@pytest.mark.claim("power/checkpoint-5-bonferroni-or-bh")
def test_checkpoint_bh_finds_more_real_effects_and_more_families_with_a_false_one(run):
    result = run("snippets/power/bonferroni_vs_bh.py")
    results = result.namespace["results"]
    fwer_bh, _, power_bh = results["Benjamini–Hochberg"]
    fwer_bonferroni, _, power_bonferroni = results["Bonferroni"]
    assert [f"{v:.4f}" for v in (power_bh, power_bonferroni)] == ["0.6535", "0.4911"]
    assert [f"{v:.4f}" for v in (fwer_bh, fwer_bonferroni)] == ["0.1541", "0.0375"]
    assert "Bonferroni              0.0375  0.0125  0.4911" in result.stdout
    assert "Benjamini–Hochberg      0.1541  0.0375  0.6535" in result.stdout
