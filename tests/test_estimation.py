"""Claims of the lesson "What makes an estimator good", checked on the snippets' real results.

Each claim test names the claims of docs/estimation.md it asserts. Tolerances follow the
prose: "within two Monte Carlo standard errors" is TWO_SE standard errors computed from the
run itself, "to the printed digits" compares the printed strings, and so on.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.integrate import quad
from scipy.special import gammaln

from engine import run_snippet
from snippets.estimation import (
    bessel_small_data,
    bias_variance_targets,
    consistency,
    cramer_rao_bound,
    exercise_bernoulli_fisher,
    exercise_variance_divisors,
    mse_decomposition,
    variance_bias_simulation,
)
from snippets.losses_and_priors import bernoulli_mle, gaussian_mle

SNIPPETS = "snippets/estimation/"
# Property tests judge results, not speed: the machine running them may be busy.
no_deadline = settings(deadline=None)
TWO_SE = 2  # "within two Monte Carlo standard errors"
THREE_SE = 3  # "within three Monte Carlo standard errors"


def ns_of(run, name: str) -> dict:
    return run(SNIPPETS + name + ".py").namespace


def stdout_of(run, name: str) -> str:
    return run(SNIPPETS + name + ".py").stdout


def mean_and_se(values: np.ndarray, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Monte Carlo mean and its standard error."""
    return values.mean(axis=axis), values.std(axis=axis, ddof=1) / np.sqrt(values.shape[axis])


# --- bias: Bessel's correction --------------------------------------------------------


@pytest.mark.claim("estimation/bessel-factor-on-seven-numbers", "estimation/checkpoint-1-seven-numbers")
def test_bessel_ratio_is_n_over_n_minus_1_and_numpy_ddof_agrees(run):
    result = run(SNIPPETS + "bessel_small_data.py")
    ns = result.namespace
    assert ns["measurements"].size == 7
    assert ns["by_n_minus_1"] / ns["by_n"] == pytest.approx(7 / 6, rel=1e-12)
    assert ns["by_n"] == pytest.approx(np.var(ns["measurements"], ddof=0), rel=1e-12)
    assert ns["by_n_minus_1"] == pytest.approx(np.var(ns["measurements"], ddof=1), rel=1e-12)
    assert "numpy agrees: True, True" in result.stdout


@pytest.mark.claim("estimation/s-is-biased-for-sigma")
def test_s_is_biased_low_for_sigma_at_every_n(run):
    ns = ns_of(run, "variance_bias_simulation")
    n, sigma = ns["n"], ns["sigma"]
    mean_s, se = mean_and_se(np.sqrt(ns["bessel"]))
    # E[s] < σ at every n, by far more than Monte Carlo error (at n = 30 the gap is still 13 s.e.)
    assert np.all(sigma - mean_s > 5 * se)
    # and the simulation sits where the exact Gaussian value c4(n)·σ says
    c4 = np.sqrt(2 / (n - 1)) * np.exp(gammaln(n / 2) - gammaln((n - 1) / 2))
    assert np.all(np.abs(mean_s - c4 * sigma) < THREE_SE * se)


@pytest.mark.claim("estimation/averages-on-their-curves", "estimation/bias-fades")
def test_average_estimates_lie_within_two_standard_errors_of_their_curves(run):
    result = run(SNIPPETS + "variance_bias_simulation.py")
    ns = result.namespace
    n, sigma2 = ns["n"], ns["sigma"] ** 2
    mean_mle, se_mle = mean_and_se(ns["mle"])
    mean_bessel, se_bessel = mean_and_se(ns["bessel"])
    z_mle = (mean_mle - (n - 1) / n * sigma2) / se_mle
    assert np.max(np.abs(z_mle)) <= TWO_SE, z_mle
    assert np.max(np.abs((mean_bessel - sigma2) / se_bessel)) <= TWO_SE
    assert f"{np.max(np.abs(z_mle)):.2f}" == "1.99"
    assert "over n = 2..30: 1.99 standard errors" in result.stdout
    # the bias -σ²/n is measured within two s.e. at every n (z_mle above); at n = 30 it is 1/15 of n = 2
    bias = mean_mle - sigma2
    assert np.all(np.abs(bias + sigma2 / n) <= TWO_SE * se_mle)
    ratio = bias[-1] / bias[0]
    ratio_se = ratio * np.hypot(se_mle[-1] / bias[-1], se_mle[0] / bias[0])
    assert abs(ratio - 1 / 15) < TWO_SE * abs(ratio_se)
    assert (sigma2 - mean_mle[0]) / se_mle[0] > 50, "the bias is real: far beyond Monte Carlo error at n = 2"


@pytest.mark.claim("estimation/error-bars-are-two-standard-errors")
def test_error_bars_drawn_are_two_monte_carlo_standard_errors(run):
    result = run(SNIPPETS + "variance_bias_simulation.py")
    ns = result.namespace
    for bars, samples in ((ns["mle_bars"], ns["mle"]), (ns["bessel_bars"], ns["bessel"])):
        mean, se = mean_and_se(samples)  # computed here from the simulated estimates themselves
        segments = np.array(bars.lines[2][0].get_segments())  # one vertical bar per n: [[x, low], [x, high]]
        assert np.allclose(segments[:, 0, 0], ns["n"]) and np.allclose(segments[:, 1, 0], ns["n"])
        assert np.allclose((segments[:, 0, 1] + segments[:, 1, 1]) / 2, mean, rtol=1e-12)
        half_length = (segments[:, 1, 1] - segments[:, 0, 1]) / 2
        assert np.allclose(half_length, 2 * se, rtol=1e-9), "each bar reaches exactly ±2 s.e."
    assert "±2 standard errors" in result.figures[0].light


@no_deadline
@given(st.integers(2, 12), st.integers(0, 10_000))
def test_prefix_variances_match_numpy(width, seed):
    samples = np.random.default_rng(seed).normal(3.0, 2.0, size=(4, width))
    by_n, by_n_minus_1 = variance_bias_simulation.variance_by_prefix(samples)
    for j, n in enumerate(range(2, width + 1)):
        assert np.allclose(by_n[:, j], np.var(samples[:, :n], axis=1, ddof=0))
        assert np.allclose(by_n_minus_1[:, j], np.var(samples[:, :n], axis=1, ddof=1))


# --- MSE decomposition and the shrunk mean ---------------------------------------------


@pytest.mark.claim("estimation/best-shrink-factor")
def test_mse_of_the_shrunk_mean_is_smallest_at_c_star(run):
    c = np.linspace(0, 1.2, 120_001)
    mse = mse_decomposition.shrunk_mean_mse(c, 1.0, 0.4)
    assert c[np.argmin(mse)] == pytest.approx(5 / 7, abs=1e-5)
    for mu, sigma2_over_n in ((0.3, 2.0), (2.0, 0.1), (-1.5, 1.0)):
        best = c[np.argmin(mse_decomposition.shrunk_mean_mse(c, mu, sigma2_over_n))]
        assert best == pytest.approx(mu**2 / (mu**2 + sigma2_over_n), abs=1e-5)
    ns = ns_of(run, "mse_decomposition")
    assert ns["sigma"] ** 2 / ns["n"] == pytest.approx(0.4)
    assert "σ²/n = 0.4" in run(SNIPPETS + "mse_decomposition.py").figures[0].light


@pytest.mark.claim("estimation/figure-marks-c-star")
def test_the_mse_figure_marks_c_star_at_the_lowest_point_of_its_curve(run):
    ns = ns_of(run, "mse_decomposition")
    ax = ns["ax"]
    lines = {line.get_label(): line for line in ax.get_lines()}
    (c_star,), (mse_star,) = lines["best factor c*"].get_data()
    assert c_star == pytest.approx(5 / 7) and mse_star == pytest.approx(2 / 7)  # 0.4 c*² + (c* - 1)²
    grid, curve = lines["MSE (theory)"].get_data()
    assert mse_star <= curve.min() and abs(grid[np.argmin(curve)] - c_star) <= np.diff(grid).max()
    (note,) = ax.texts
    assert note.get_text() == "c* = 0.714\nMSE 0.286" and note.xy == (c_star, mse_star)
    assert ns["fig"].get_figwidth() <= 5.5


@pytest.mark.claim("estimation/identity-holds-for-simulated-estimates")
def test_mse_equals_bias_squared_plus_variance_to_rounding(run):
    result = run(SNIPPETS + "mse_decomposition.py")
    assert result.namespace["worst_gap"] < 1e-12
    assert "largest |MSE - (bias² + variance)|" in result.stdout
    for line in result.stdout.splitlines()[2:5]:  # the columns bias²+var and MSE print the same digits
        columns = line.split()
        assert columns[3] == columns[4], line


@pytest.mark.claim("estimation/identity-holds-for-simulated-estimates")
@no_deadline
@given(st.lists(st.floats(-100, 100), min_size=2, max_size=50), st.floats(-100, 100))
def test_decomposition_identity_holds_for_any_estimates(estimates, truth):
    bias, variance, mse = mse_decomposition.bias_variance_mse(np.array(estimates), truth)
    assert mse == pytest.approx(bias**2 + variance, rel=1e-9, abs=1e-9)


@pytest.mark.claim("estimation/simulated-mse-matches-formula")
def test_simulated_mse_is_within_two_standard_errors_of_the_formula(run):
    ns = ns_of(run, "mse_decomposition")
    mu, sigma, n, means = ns["mu"], ns["sigma"], ns["n"], ns["sample_means"]
    printed = run(SNIPPETS + "mse_decomposition.py").stdout.splitlines()[2:5]
    for (c, (_, _, mse)), line in zip(ns["results"].items(), printed, strict=True):
        mse_here, se = mean_and_se((c * means - mu) ** 2)
        assert mse == pytest.approx(mse_here)
        theory = mse_decomposition.shrunk_mean_mse(c, mu, sigma**2 / n)
        assert abs(mse - theory) <= TWO_SE * se, c
        assert line.split()[5] == f"{se:.4f}", "the printed ± MC s.e. column"


@pytest.mark.claim("estimation/shrinking-lowers-the-mse")
def test_shrinking_by_0_8_trades_a_little_bias_for_a_larger_drop_in_variance(run):
    ns = ns_of(run, "mse_decomposition")
    mu, means, results = ns["mu"], ns["sample_means"], ns["results"]
    # c = 0.8 beats c = 1 by far more than Monte Carlo error (same draws: a paired comparison)
    difference, se = mean_and_se((means - mu) ** 2 - (0.8 * means - mu) ** 2)
    assert difference > 10 * se
    bias_added = results[0.8][0] ** 2 - results[1.0][0] ** 2
    variance_saved = results[1.0][1] - results[0.8][1]
    assert 0 < bias_added < variance_saved
    stdout = stdout_of(run, "mse_decomposition")
    assert all(number in stdout for number in ("0.0399", "0.3990", "0.2554"))


@pytest.mark.claim("estimation/when-shrinking-helps")
@no_deadline
@given(st.floats(0.01, 0.99), st.floats(-5, 5), st.floats(0.01, 5))
def test_shrinking_helps_exactly_when_mu_squared_is_below_the_threshold(c, mu, sigma2_over_n):
    threshold = (1 + c) / (1 - c) * sigma2_over_n
    assume(abs(mu**2 - threshold) > 1e-6 * threshold)  # away from the tie
    better = mse_decomposition.shrunk_mean_mse(c, mu, sigma2_over_n) < mse_decomposition.shrunk_mean_mse(
        1.0, mu, sigma2_over_n
    )
    assert better == (mu**2 < threshold)


@pytest.mark.claim("estimation/when-shrinking-helps")
def test_for_c_0_8_the_crossover_is_three_standard_errors():
    sigma2_over_n = 0.4
    mu = np.linspace(0, 5, 50_001)
    better = mse_decomposition.shrunk_mean_mse(0.8, mu, sigma2_over_n) < mse_decomposition.shrunk_mean_mse(
        1.0, mu, sigma2_over_n
    )
    assert mu[~better][0] == pytest.approx(3 * np.sqrt(sigma2_over_n), abs=1e-4)


# --- the bias-variance picture ------------------------------------------------------------


@pytest.mark.claim(
    "estimation/targets-match-the-design", "estimation/checkpoint-3-more-readings-keep-the-bias"
)
def test_each_panel_has_the_bias_and_variance_of_its_design_within_two_errors(run):
    result = run(SNIPPETS + "bias_variance_targets.py")
    ns = result.namespace
    repetitions = ns["repetitions"]
    for name, (bias, variance) in ns["measured"].items():
        offset, n = ns["panels"][name]
        # the centre of R estimates has RMS error sqrt(2/(nR)) around its expectation
        centre_error = np.sqrt(2 / (n * repetitions))
        assert abs(bias - np.linalg.norm(offset)) <= TWO_SE * centre_error, name
        # the sum of two sample variances of R values, each of variance 1/n: s.e. 2/(n·sqrt(R - 1))
        variance_error = 2 / (n * np.sqrt(repetitions - 1))
        assert abs(variance - 2 / n) <= TWO_SE * variance_error, name
    assert "|bias| ±0.026 or ±0.129, variance ±0.0037 or ±0.093" in result.stdout


@pytest.mark.claim(
    "estimation/more-data-cures-variance-not-bias", "estimation/checkpoint-3-more-readings-keep-the-bias"
)
def test_more_readings_shrink_the_cloud_but_never_move_it(run):
    measured = ns_of(run, "bias_variance_targets")["measured"]
    for bias_level in ("low bias", "high bias"):
        few, many = measured[f"{bias_level}, high variance"], measured[f"{bias_level}, low variance"]
        assert few[1] > 10 * many[1], "25 times more readings shrink the cloud"
    # the general rule: the centre of the cloud is target + offset whatever n is
    rng = np.random.default_rng(0)
    target, offset, repetitions = np.array([1.0, 1.0]), np.array([0.8, -0.6]), 20_000
    for n in (1, 4, 100):
        estimates = bias_variance_targets.simulate_mean_estimates(rng, target, offset, n, repetitions)
        centre, se = mean_and_se(estimates)
        assert np.all(np.abs(centre - (target + offset)) < THREE_SE * se), n


# --- consistency and efficiency -----------------------------------------------------------


def _checkpoint_errors(ns: dict) -> dict[int, np.ndarray]:
    return {int(n): np.abs(ns["estimates"][:, n - 1] - ns["rate"]) for n in ns["checkpoints"]}


@pytest.mark.claim("estimation/markov-bound")
def test_markov_bound_holds_at_every_checkpoint(run):
    for errors in _checkpoint_errors(ns_of(run, "consistency")).values():
        for epsilon in (0.05, 0.1, 0.3):
            assert np.mean(errors > epsilon) <= np.mean(errors**2) / epsilon**2


@pytest.mark.claim("estimation/rate-mle-is-biased-upward")
def test_rate_mle_has_mean_n_over_n_minus_1_times_the_rate():
    rate = 2.0
    estimates = consistency.running_rate_mle(np.random.default_rng(0).exponential(1 / rate, (200_000, 10)))
    for n in range(3, 11):  # for n = 2 the mean is finite (2θ) but the variance is not: no Monte Carlo check
        mean, se = mean_and_se(estimates[:, n - 1])
        assert abs(mean - n / (n - 1) * rate) < THREE_SE * se, n
        assert mean - rate > 10 * se, "biased upward, far beyond Monte Carlo error"
    exact = [
        quad(lambda s, n=n: n / s * stats.gamma.pdf(s, n, scale=1 / rate), 0, np.inf)[0] for n in (2, 10)
    ]
    assert exact == pytest.approx([2 * rate, 10 / 9 * rate])


@pytest.mark.claim("estimation/sequences-settle-in-the-band")
def test_past_n_20_the_five_sequences_leave_the_band_once_briefly(run):
    ns = ns_of(run, "consistency")
    shown, rate = ns["shown_n"], ns["rate"]
    late = shown > 20
    outside = {
        path: np.flatnonzero(np.abs(ns["estimates"][path, shown - 1] - rate) > 2 * rate / np.sqrt(shown))
        for path in range(5)
    }
    late_outside = {path: index[late[index]] for path, index in outside.items()}
    assert [path for path, index in late_outside.items() if index.size] == [3], "only sequence 4"
    excursion = late_outside[3]
    assert np.all(np.diff(excursion) == 1), "once: consecutive plotted points"
    assert excursion.size <= 3 and shown[excursion].min() >= 250 and shown[excursion].max() <= 350


@pytest.mark.claim("estimation/band-holds-about-95-percent")
def test_share_outside_the_band_is_within_three_standard_errors_of_5_percent(run):
    result = run(SNIPPETS + "consistency.py")
    ns = result.namespace
    paths = ns["estimates"].shape[0]
    se = np.sqrt(0.05 * 0.95 / paths)
    shares = {
        n: np.mean(errors > 2 * ns["rate"] / np.sqrt(n)) for n, errors in _checkpoint_errors(ns).items()
    }
    for n in (100, 1000, 10_000):
        assert abs(shares[n] - 0.05) <= THREE_SE * se, n
    assert [f"{shares[n]:.3f}" for n in (10, 100, 1000, 10_000)] == ["0.097", "0.027", "0.033", "0.020"]


def _fall_and_its_se(errors: dict[int, np.ndarray], n: int) -> tuple[float, float]:
    """Mean error at n/10 over mean error at n, with a paired delta-method standard error."""
    before, after = errors[n // 10], errors[n]
    ratio = before.mean() / after.mean()
    covariance = np.cov(before, after) / before.size
    gradient = np.array([1 / after.mean(), -before.mean() / after.mean() ** 2])
    return ratio, float(np.sqrt(gradient @ covariance @ gradient))


@pytest.mark.claim("estimation/error-falls-like-root-n")
def test_mean_error_falls_by_root_ten_per_decade_from_n_100_on(run):
    result = run(SNIPPETS + "consistency.py")
    errors = _checkpoint_errors(result.namespace)
    for n, printed in ((1000, "3.29"), (10_000, "3.10")):
        fall, se = _fall_and_its_se(errors, n)
        assert abs(fall - np.sqrt(10)) <= TWO_SE * se, (n, fall, se)
        assert f"{fall:.2f}" == printed
    assert "√10 = 3.16" in result.stdout


@pytest.mark.claim("estimation/error-falls-faster-at-first")
def test_mean_error_falls_faster_than_root_ten_from_n_10_to_100(run):
    ns = ns_of(run, "consistency")
    errors, rate = _checkpoint_errors(ns), ns["rate"]
    fall, _ = _fall_and_its_se(errors, 100)
    assert fall > np.sqrt(10) and f"{fall:.2f}" == "3.85"

    # the exact mean error E|n/S - θ|, S ~ Gamma(n, 1/θ), also falls faster than √10 in that decade
    def exact_mean_error(n: int) -> float:
        density = stats.gamma(n, scale=1 / rate).pdf
        pieces = ((0, n / rate), (n / rate, np.inf))  # split where n/s - θ changes sign
        return sum(quad(lambda s: abs(n / s - rate) * density(s), *piece)[0] for piece in pieces)

    assert exact_mean_error(10) / exact_mean_error(100) > 1.1 * np.sqrt(10)
    at_10 = ns["estimates"][:, 9]
    assert at_10.mean() > rate and stats.skew(at_10) > 1, "biased upward, with a long right tail"


@pytest.mark.claim("estimation/far-share-goes-to-zero")
def test_share_of_estimates_far_from_the_truth_falls_to_zero(run):
    ns = ns_of(run, "consistency")
    shares = [np.mean(errors > ns["tolerance"]) for errors in _checkpoint_errors(ns).values()]
    assert np.all(np.diff(shares) < 0) and shares[-1] == 0


@pytest.mark.claim("estimation/rate-mle-spread-near-the-bound")
def test_rate_mle_spread_at_n_10000_is_the_cramer_rao_value(run):
    result = run(SNIPPETS + "consistency.py")
    ns = result.namespace
    final = ns["estimates"][:, -1]
    spread, bound = final.std(ddof=1), ns["rate"] / np.sqrt(ns["largest_n"])  # 1/I_n = θ²/n
    assert abs(spread - bound) <= TWO_SE * spread / np.sqrt(2 * (final.size - 1))
    assert "sd of the 300 estimates 0.0189, θ/√n = 0.0200" in result.stdout


def _ratio_se(run) -> float:
    """Monte Carlo standard error of a variance ratio from the snippet's number of data sets."""
    return float(np.sqrt(2 / (ns_of(run, "cramer_rao_bound")["repetitions"] - 1)))


@pytest.mark.claim("estimation/ratio-known-to-1-4-percent")
def test_the_variance_ratio_from_10000_data_sets_has_a_standard_error_of_1_4_percent(run):
    repetitions = ns_of(run, "cramer_rao_bound")["repetitions"]
    assert repetitions == 10_000 and round(100 * _ratio_se(run), 1) == 1.4
    # the spread of that ratio over 400 replicate simulations (the mean of n Gaussian values is Gaussian)
    bound = cramer_rao_bound.gaussian_mean_cramer_rao_bound(4.0, 10)
    means = np.random.default_rng(0).normal(0, np.sqrt(bound), size=(400, repetitions))
    ratios = means.var(axis=1, ddof=1) / bound
    assert ratios.std(ddof=1) == pytest.approx(_ratio_se(run), rel=0.15)


@pytest.mark.claim("estimation/mean-attains-the-bound")
def test_sample_mean_variance_is_the_cramer_rao_bound_within_three_standard_errors(run):
    result = run(SNIPPETS + "cramer_rao_bound.py")
    ns = result.namespace
    assert round(100 * THREE_SE * _ratio_se(run), 1) == 4.2
    for n, ratio in zip(ns["sizes"], ns["ratios"]["mean"], strict=True):
        assert abs(ratio - 1) <= THREE_SE * _ratio_se(run), n
        assert ns["bounds"][list(ns["sizes"]).index(n)] == pytest.approx(ns["sigma2"] / n)
    # the figure: the mean's dots are the simulated variances, the bound line is σ²/n
    lines = {line.get_label(): line for line in ns["ax"].get_lines()}
    x, y = lines["sample mean"].get_data()
    assert np.array_equal(x, ns["sizes"]) and np.allclose(y, np.array(ns["ratios"]["mean"]) * ns["bounds"])
    assert np.allclose(lines["bound 1/(n I₁) = σ²/n"].get_ydata(), ns["sigma2"] / ns["sizes"])
    assert ns["ax"].get_xscale() == ns["ax"].get_yscale() == "log"


@pytest.mark.claim("estimation/median-is-unbiased")
def test_sample_median_of_gaussian_data_is_unbiased(run):
    samples = ns_of(run, "cramer_rao_bound")["samples"]
    medians = np.median(samples, axis=1)
    assert np.array_equal(np.median(-samples, axis=1), -medians), "the median is odd, the data symmetric"
    mean, se = mean_and_se(medians)
    assert abs(mean) <= THREE_SE * se


@pytest.mark.claim("estimation/median-variance-is-larger")
def test_median_variance_is_larger_at_every_n(run):
    ns = ns_of(run, "cramer_rao_bound")
    assert all(m > a for m, a in zip(ns["ratios"]["median"], ns["ratios"]["mean"], strict=True))
    lines = {line.get_label(): line for line in ns["ax"].get_lines()}
    assert np.all(lines["sample median"].get_ydata() > lines["sample mean"].get_ydata())


@pytest.mark.claim("estimation/median-ratio-near-pi-over-2", "estimation/checkpoint-4-median-costs-pi-over-2")
def test_median_ratio_at_the_largest_n_is_within_1_percent_of_pi_over_2(run):
    result = run(SNIPPETS + "cramer_rao_bound.py")
    ns = result.namespace
    assert ns["sizes"][-1] == 201
    ratio = ns["ratios"]["median"][-1]
    assert abs(ratio / (np.pi / 2) - 1) < 0.01
    assert abs(ratio - np.pi / 2) < TWO_SE * ratio * _ratio_se(run)  # the ratio's own ±1.4%
    assert f"{ratio:.3f}" == "1.562" and "π/2 = 1.5708" in result.stdout
    # the dashed line the median's dots follow is (π/2)·σ²/n
    lines = {line.get_label(): line for line in ns["ax"].get_lines()}
    assert np.allclose(lines["(π/2) σ²/n"].get_ydata(), np.pi / 2 * ns["sigma2"] / ns["sizes"])


@pytest.mark.claim("estimation/median-ratio-below-pi-over-2-at-small-n")
def test_at_small_n_the_median_ratio_is_below_pi_over_2(run):
    result = run(SNIPPETS + "cramer_rao_bound.py")
    ratios = result.namespace["ratios"]["median"]
    assert f"{ratios[0]:.3f}" == "1.393" and " 1.393" in result.stdout
    assert np.pi / 2 - ratios[0] > 5 * ratios[0] * _ratio_se(run), "far below, beyond Monte Carlo error"

    # the exact variance of the median of n standard Gaussians, from the density of the middle order statistic
    def exact_ratio(n: int) -> float:
        k = (n + 1) // 2
        density = lambda x: stats.beta.pdf(stats.norm.cdf(x), k, n - k + 1) * stats.norm.pdf(x)  # noqa: E731
        return n * quad(lambda x: x**2 * density(x), -np.inf, np.inf)[0]

    exact = [exact_ratio(n) for n in (5, 11, 25, 51)]
    assert np.all(np.diff(exact) > 0) and exact[-1] < np.pi / 2, "approached from below"


def test_median_efficiency_helper_on_known_data():
    samples = np.array([[1.0, 2.0, 9.0], [0.0, 4.0, 5.0]])
    var_mean, var_median = cramer_rao_bound.mean_and_median_variances(samples)
    assert var_mean == pytest.approx(np.var([4.0, 3.0], ddof=1))
    assert var_median == pytest.approx(np.var([2.0, 4.0], ddof=1))


@pytest.mark.claim(
    "estimation/biased-estimator-beats-the-bound",
    "estimation/interview-bound-is-not-on-mse",
    "estimation/checkpoint-2-biased-below-the-bound",
)
def test_the_shrunk_mean_has_an_mse_below_the_bound_for_unbiased_estimators(run):
    ns = ns_of(run, "mse_decomposition")
    mse, se = mean_and_se((0.8 * ns["sample_means"] - ns["mu"]) ** 2)
    bound = ns["sigma"] ** 2 / ns["n"]
    assert bound - mse > 10 * se
    assert "0.2952" in stdout_of(run, "mse_decomposition")
    assert bound == pytest.approx(0.4)


@pytest.mark.claim("estimation/likelihood-depends-on-the-data-through-t")
def test_likelihoods_depend_on_the_data_only_through_the_sufficient_statistics():
    rng = np.random.default_rng(3)
    first, second = np.array([1, 1, 0, 0, 1, 0, 0, 0]), np.array([0, 0, 0, 1, 0, 1, 1, 0])  # both k = 3
    for p in (0.1, 0.37, 0.8):
        assert bernoulli_mle.bernoulli_negative_log_likelihood(
            p, first
        ) == bernoulli_mle.bernoulli_negative_log_likelihood(p, second)
    data = rng.normal(size=9)
    u = rng.normal(size=9)
    u -= u.mean()
    u /= np.linalg.norm(u)
    reflected = data - 2 * (u @ data) * u  # same Σx and Σx², different values
    assert not np.allclose(np.sort(reflected), np.sort(data))
    for params in rng.normal(size=(5, 2)):
        assert gaussian_mle.gaussian_negative_log_likelihood(params, data) == pytest.approx(
            gaussian_mle.gaussian_negative_log_likelihood(params, reflected), rel=1e-12
        )


# --- interview questions --------------------------------------------------------------------


@pytest.mark.claim("estimation/interview-divisor-order")
def test_dividing_by_n_beats_n_minus_1_and_n_plus_1_beats_n_at_every_n():
    mse = exercise_variance_divisors.variance_estimator_mse_theory
    for n in range(2, 500):
        assert mse(n, 1.0, n + 1) < mse(n, 1.0, n) < mse(n, 1.0, n - 1), n


# --- exercises ------------------------------------------------------------------------------


@pytest.mark.claim("estimation/divisor-mse-formulas", "estimation/interview-divisor-order")
def test_exact_divisor_mses_are_the_three_formulas(run):
    ns = ns_of(run, "exercise_variance_divisors")
    n, sigma2 = ns["n"], ns["sigma2"]
    mse = exercise_variance_divisors.variance_estimator_mse_theory
    assert mse(n, sigma2, n - 1) == pytest.approx(2 / (n - 1))
    assert mse(n, sigma2, n) == pytest.approx((2 * n - 1) / n**2)
    assert mse(n, sigma2, n + 1) == pytest.approx(2 / (n + 1))
    # and for other n and σ², with σ⁴ in front
    for other_n, other_sigma2 in ((2, 3.0), (25, 0.5)):
        assert mse(other_n, other_sigma2, other_n + 1) == pytest.approx(2 * other_sigma2**2 / (other_n + 1))
    assert ns["simulated"][n + 1] < ns["simulated"][n] < ns["simulated"][n - 1]


@pytest.mark.claim("estimation/n-plus-1-minimises-the-mse")
def test_n_plus_1_minimises_the_mse_over_all_divisors():
    divisors = np.linspace(0.5, 200, 399_001)
    for n in (2, 5, 10, 37, 99):
        mses = exercise_variance_divisors.variance_estimator_mse_theory(n, 1.0, divisors)
        assert divisors[np.argmin(mses)] == pytest.approx(n + 1, abs=1e-3), n


@pytest.mark.claim("estimation/divisor-simulation-agrees")
def test_simulated_divisor_mses_are_within_two_standard_errors_of_the_exact_values(run):
    result = run(SNIPPETS + "exercise_variance_divisors.py")
    ns = result.namespace
    n, sigma2 = ns["n"], ns["sigma2"]
    for d, simulated in ns["simulated"].items():
        _, se = mean_and_se((ns["sum_of_squares"] / d - sigma2) ** 2)
        exact = exercise_variance_divisors.variance_estimator_mse_theory(n, sigma2, d)
        assert abs(simulated - exact) <= TWO_SE * se, d
        assert f"{se:.4f}" in result.stdout


@pytest.mark.claim("estimation/bernoulli-fisher-and-bound")
def test_bernoulli_fisher_information_is_the_variance_of_the_score_and_k_over_n_attains_the_bound():
    for p, n in ((0.3, 20), (0.05, 7), (0.5, 100)):
        k = np.arange(n + 1)
        pmf = stats.binom.pmf(k, n, p)
        score = k / p - (n - k) / (1 - p)
        information = exercise_bernoulli_fisher.bernoulli_fisher_information(p, n)
        assert pmf @ score == pytest.approx(0, abs=1e-9), "the score has mean zero"
        assert pmf @ score**2 == pytest.approx(information, rel=1e-10)
        assert pmf @ (k / n) == pytest.approx(p), "k/n is unbiased"
        assert pmf @ (k / n - p) ** 2 == pytest.approx(1 / information, rel=1e-10), "and attains the bound"


@pytest.mark.claim("estimation/bernoulli-simulation-attains-the-bound")
def test_sample_proportion_attains_the_bernoulli_bound_within_three_standard_errors(run):
    ns = ns_of(run, "exercise_bernoulli_fisher")
    p, repetitions = ns["p"], ns["repetitions"]
    for n, ratio in ns["ratios"].items():
        assert abs(ratio - 1) <= THREE_SE * ns["errors"][n], n
        assert ns["errors"][n] == pytest.approx(np.sqrt(2 / repetitions), rel=0.05), "about 0.3%"
    # the score ratio is the same number: the last n of the loop is still in the namespace
    score_ratio = np.var(ns["score"], ddof=1) / exercise_bernoulli_fisher.bernoulli_fisher_information(
        p, ns["n"]
    )
    assert score_ratio == pytest.approx(ns["ratios"][ns["n"]], rel=1e-9)


# --- every snippet: fast, short, seeded -----------------------------------------------------

SNIPPET_NAMES = sorted(p.name for p in (Path(__file__).parent.parent / SNIPPETS).glob("[a-z]*.py"))


@pytest.mark.parametrize("name", SNIPPET_NAMES)
def test_snippet_is_fast_short_and_seeded(run, name):
    run(SNIPPETS + name)  # a first run pays for imports and font loading
    # CPU time, not wall time, so that other jobs on a busy machine cannot fail the test
    started = time.process_time()
    run_snippet(Path(__file__).parent.parent / SNIPPETS / name)
    assert time.process_time() - started < 1.0
    source = (Path(__file__).parent.parent / SNIPPETS / name).read_text()
    assert "np.random.seed" not in source and "np.random.normal" not in source
    assert source.count("\n") <= 66, "about 60 lines at most"


# --- clear errors for bad input --------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: bessel_small_data.variance_estimates(np.array([1.0])), "at least 2 values"),
        (lambda: variance_bias_simulation.variance_by_prefix(np.ones(5)), "2-D array"),
        (lambda: mse_decomposition.bias_variance_mse(np.array([1.0]), 0.0), "at least 2 estimates"),
        (lambda: mse_decomposition.shrunk_mean_mse(0.5, 1.0, 0.0), "sigma2_over_n must be positive"),
        (
            lambda: bias_variance_targets.simulate_mean_estimates(
                np.random.default_rng(0), np.zeros(2), np.zeros(2), 0, 5
            ),
            "at least 1, got n=0",
        ),
        (lambda: consistency.running_rate_mle(np.array([[1.0, -1.0]])), "positive numbers"),
        (lambda: cramer_rao_bound.gaussian_mean_cramer_rao_bound(4.0, 0), "n ≥ 1"),
        (lambda: cramer_rao_bound.mean_and_median_variances(np.ones((1, 5))), "at least 2 rows"),
        (lambda: exercise_variance_divisors.variance_estimator_mse_theory(1, 1.0, 1), "n ≥ 2"),
        (lambda: exercise_bernoulli_fisher.bernoulli_fisher_information(1.0, 10), "0 < p < 1"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()
