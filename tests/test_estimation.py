"""Claims of the lesson "Estimation theory", checked on the snippets' real results.

Each claim test names the claims of docs/estimation.md it asserts. Tolerances follow the
prose: "within two Monte Carlo standard errors" is TWO_SE standard errors computed from the
run itself, "to the printed digits" compares the printed strings, and so on.
"""

from __future__ import annotations

import itertools
import re
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.integrate import quad
from scipy.optimize import brentq, minimize
from scipy.special import expit, gammaln, logsumexp, softmax

from engine import run_snippet
from snippets.estimation import (
    bernoulli_mle,
    bessel_small_data,
    beta_posterior,
    bias_variance_targets,
    consistency,
    cramer_rao_mean,
    cross_entropy_is_nll,
    exercise_bernoulli_fisher,
    exercise_laplace_median,
    exercise_variance_divisors,
    gaussian_mle,
    lasso_sparsity,
    logistic_training_loop,
    loss_noise_models,
    median_efficiency,
    mse_decomposition,
    mse_is_gaussian_mle,
    ridge_vs_ols,
    robust_regression,
    stable_cross_entropy,
    variance_bias_simulation,
    why_logs,
)

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


@pytest.mark.claim("estimation/bessel-factor-on-seven-numbers")
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


@pytest.mark.claim("estimation/targets-match-the-design")
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


@pytest.mark.claim("estimation/more-data-cures-variance-not-bias")
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


# --- maximum likelihood -------------------------------------------------------------------


@pytest.mark.claim("estimation/product-underflows")
def test_product_of_densities_underflows_while_the_log_likelihood_does_not(run):
    result = run(SNIPPETS + "why_logs.py")
    assert "n = 1000: product = 0.000e+00" in result.stdout
    assert "n =   10: product = 0.000e+00" not in result.stdout
    assert np.isfinite(why_logs.gaussian_log_likelihood(result.namespace["data"], 3.5, 1.2))


@pytest.mark.claim("estimation/grid-maximiser-is-the-mean")
def test_grid_maximiser_of_the_log_likelihood_is_the_sample_mean(run):
    ns = ns_of(run, "why_logs")
    assert np.isfinite(ns["log_likelihoods"]).all()
    step = ns["grid"][1] - ns["grid"][0]
    assert step == pytest.approx(0.001)
    assert abs(ns["best"] - ns["data"].mean()) <= step / 2 + 1e-12


@pytest.mark.claim("estimation/three-routes-agree")
def test_gaussian_closed_form_matches_norm_fit_and_a_numerical_minimiser_to_the_printed_digits(run):
    result = run(SNIPPETS + "gaussian_mle.py")
    printed = {
        route: re.search(rf"{route}:\s+μ̂ = (\S+)\s+σ̂² = (\S+)", result.stdout).groups()
        for route in ("closed-form MLE", "scipy norm.fit", "BFGS on the NLL")
    }
    assert len(set(printed.values())) == 1, printed
    assert result.namespace["gap"] < 1e-12, "norm.fit: floating-point precision"


@pytest.mark.claim("estimation/bessel-negligible-at-1000")
def test_bessel_factor_at_1000_values_is_a_tenth_of_a_percent(run):
    ns = ns_of(run, "gaussian_mle")
    ratio = np.var(ns["data"], ddof=1) / ns["sigma2_hat"]
    assert ratio == pytest.approx(1000 / 999, rel=1e-12)
    assert round(100 * (ratio - 1), 1) == 0.1


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_gaussian_nll_is_smallest_at_the_closed_form(seed):
    data = np.random.default_rng(seed).normal(1.0, 2.0, 20)
    best = np.array([data.mean(), 0.5 * np.log(np.var(data))])
    nll = gaussian_mle.gaussian_negative_log_likelihood(best, data)
    for shift in ([0.01, 0], [-0.01, 0], [0, 0.01], [0, -0.01]):
        assert nll < gaussian_mle.gaussian_negative_log_likelihood(best + shift, data)


@pytest.mark.claim("estimation/numerical-minimiser-finds-k-over-n")
def test_bernoulli_numerical_mle_is_the_sample_proportion(run):
    result = run(SNIPPETS + "bernoulli_mle.py")
    ns = result.namespace
    assert abs(ns["numerical"].x - ns["k"] / ns["n"]) < 5e-7, "the six printed decimals"
    assert re.search(r"closed form k/n:\s+p̂ = (\S+)", result.stdout).group(1) == re.search(
        r"numerical minimum of NLL:\s+p̂ = (\S+)", result.stdout
    ).group(1)
    # rounding: the score adds two terms of size n; a few units of 2.2e-16 times n
    assert abs(ns["score"]) < 1e3 * np.finfo(float).eps * ns["n"]


@pytest.mark.claim("estimation/bernoulli-mle-is-k-over-n")
@no_deadline
@given(st.integers(1, 200), st.data())
def test_bernoulli_nll_is_smallest_at_k_over_n(n, data):
    k = data.draw(st.integers(0, n))
    outcomes = np.array([1] * k + [0] * (n - k))
    grid = np.linspace(0, 1, 401)
    nll = [bernoulli_mle.bernoulli_negative_log_likelihood(p, outcomes) for p in grid]
    assert abs(grid[np.argmin(nll)] - k / n) <= 0.00125 + 1e-12


@pytest.mark.claim("estimation/bernoulli-mle-is-k-over-n")
def test_bernoulli_mle_at_the_boundary_is_0_or_1():
    nll = bernoulli_mle.bernoulli_negative_log_likelihood
    grid = np.linspace(0, 1, 1001)
    for outcomes, mle in ((np.zeros(12, int), 0.0), (np.ones(12, int), 1.0)):
        values = np.array([nll(p, outcomes) for p in grid])
        assert np.all(np.diff(values) > 0) if mle == 0 else np.all(np.diff(values) < 0), "monotone"
        assert nll(mle, outcomes) == 0.0


# --- cross-entropy ------------------------------------------------------------------------


@pytest.mark.claim("estimation/binary-cross-entropy-is-the-nll")
def test_binary_cross_entropy_equals_the_negative_log_likelihood_every_way(run):
    result = run(SNIPPETS + "cross_entropy_is_nll.py")
    ns = result.namespace
    loss = cross_entropy_is_nll.binary_cross_entropy(ns["labels"], ns["probabilities"])
    assert loss == pytest.approx(-np.log(ns["likelihood"]) / ns["labels"].size, rel=1e-12)
    assert loss == pytest.approx(
        -np.mean(stats.bernoulli.logpmf(ns["labels"], ns["probabilities"])), rel=1e-12
    )
    assert len(set(re.findall(r"(\d\.\d{6})", result.stdout.split("categorical")[0]))) == 1


@pytest.mark.claim("estimation/categorical-cross-entropy-is-the-nll")
def test_categorical_cross_entropy_equals_the_multinomial_nll(run):
    result = run(SNIPPETS + "cross_entropy_is_nll.py")
    ns = result.namespace
    categorical = cross_entropy_is_nll.categorical_cross_entropy(ns["logits"], ns["classes"])
    assert categorical == pytest.approx(ns["nll"], rel=1e-12)
    assert ns["logits"].shape == (4, 3)
    assert len(set(re.findall(r"(\d\.\d{6})", result.stdout.split("categorical")[1]))) == 1


@pytest.mark.claim(
    "estimation/interview-cross-entropy-is-the-nll", "estimation/categorical-cross-entropy-is-the-nll"
)
@no_deadline
@given(st.integers(1, 20), st.integers(2, 6), st.integers(0, 10_000))
def test_categorical_cross_entropy_is_minus_mean_log_softmax(rows, classes, seed):
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 3, size=(rows, classes))
    labels = rng.integers(0, classes, rows)
    expected = -np.mean(np.log(softmax(logits, axis=1)[np.arange(rows), labels]))
    assert cross_entropy_is_nll.categorical_cross_entropy(logits, labels) == pytest.approx(expected)


@pytest.mark.claim("estimation/logit-form-identity")
@no_deadline
@given(st.floats(-15, 15), st.sampled_from([0, 1]))
def test_logit_form_equals_the_probability_form_where_both_are_safe(z, y):
    p = expit(z)
    direct = -(y * np.log(p) + (1 - y) * np.log1p(-p))
    from_logits = stable_cross_entropy.binary_cross_entropy_from_logits(np.array([z]), np.array([y]))[0]
    assert from_logits == pytest.approx(direct, rel=1e-7, abs=1e-12)  # 1 - p loses digits as z grows


@pytest.mark.claim("estimation/naive-loss-is-infinite", "estimation/logit-form-is-exact")
def test_naive_loss_is_infinite_where_the_logit_form_is_exact(run):
    ns = ns_of(run, "stable_cross_entropy")
    logits, labels = ns["logits"], ns["labels"]
    assert logits[0] == -800 and np.isinf(ns["naive"][0])
    exact = stable_cross_entropy.binary_cross_entropy_from_logits(logits, labels)
    assert exact[0] == 800.0 and exact[1] == pytest.approx(40.0)


@pytest.mark.claim("estimation/clipping-caps-the-loss")
def test_clipping_caps_every_loss_at_minus_log_epsilon(run):
    result = run(SNIPPETS + "stable_cross_entropy.py")
    ns = result.namespace
    clipped = stable_cross_entropy.clipped_binary_cross_entropy(ns["logits"], ns["labels"])
    cap = -np.log(1e-15)
    assert clipped[0] == pytest.approx(cap) and clipped[1] == pytest.approx(cap), "finite but wrong"
    assert f"{cap:.4f}" == "34.5388" and "34.5388" in result.stdout
    z = np.random.default_rng(0).normal(0, 200, 10_000)
    positive = stable_cross_entropy.clipped_binary_cross_entropy(z, np.ones(z.size))
    assert np.max(positive) <= cap + 1e-9
    negative = stable_cross_entropy.clipped_binary_cross_entropy(z, np.zeros(z.size))
    rounded_cap = -np.log(1 - (1 - 1e-15))  # 1 - ε is rounded to the nearest double
    assert np.max(negative) <= rounded_cap + 1e-9 and rounded_cap - cap < 1e-3, "a hair above"


@pytest.mark.claim("estimation/clipped-example-has-no-gradient")
def test_a_clipped_example_has_zero_gradient_and_the_exact_one_does_not():
    z, step, label = np.array([-800.0, -40.0]), 1e-3, np.array([1, 1])
    clipped = stable_cross_entropy.clipped_binary_cross_entropy
    exact = stable_cross_entropy.binary_cross_entropy_from_logits
    assert np.all(clipped(z + step, label) - clipped(z - step, label) == 0)
    slope = (exact(z + step, label) - exact(z - step, label)) / (2 * step)
    assert slope == pytest.approx([-1.0, -1.0])


@pytest.mark.claim("estimation/log-softmax-is-exact")
def test_naive_softmax_gives_nan_and_log_softmax_is_exact(run):
    ns = ns_of(run, "stable_cross_entropy")
    assert np.isnan(ns["naive_softmax"][0])
    assert np.array_equal(ns["big_logits"] - logsumexp(ns["big_logits"]), [0.0, -1000.0, -2000.0])


# --- losses as noise models ---------------------------------------------------------------


@pytest.mark.claim("estimation/regression-mle-is-least-squares")
def test_gaussian_mle_of_a_regression_is_least_squares(run):
    result = run(SNIPPETS + "mse_is_gaussian_mle.py")
    ns = result.namespace
    assert np.max(np.abs(ns["least_squares"] - ns["mle"][:-1])) < 1e-5
    assert np.exp(2 * ns["mle"][-1]) == pytest.approx(ns["mean_squared_residual"], rel=1e-5)
    weights = re.findall(r"\[([^\]]+)\]", result.stdout)
    assert weights[1] == weights[2], "least squares and BFGS print the same weights"
    sigma2, residual = re.search(r"MLE σ̂² = (\S+), mean squared residual = (\S+)", result.stdout).groups()
    assert sigma2 == residual


@pytest.mark.claim("estimation/noise-variance-does-not-move-the-weights")
def test_the_best_weights_are_the_same_for_every_fixed_noise_variance(run):
    ns = ns_of(run, "mse_is_gaussian_mle")
    features, targets = ns["features"], ns["targets"]
    for log_sigma in (-2.0, 0.0, 1.5):
        fit = minimize(
            lambda w, s=log_sigma: mse_is_gaussian_mle.gaussian_regression_nll(
                np.append(w, s), features, targets
            ),
            np.zeros(3),
            method="BFGS",
            options={"gtol": 1e-10},
        )
        assert np.allclose(fit.x, ns["least_squares"], atol=1e-5), log_sigma


@pytest.mark.claim("estimation/huber-normaliser")
def test_huber_density_integrates_to_one_with_the_closed_form_normaliser():
    for delta in (0.3, 1.0, 2.5):
        total, _ = quad(loss_noise_models.huber_density, -np.inf, np.inf, args=(delta,))
        assert total == pytest.approx(1.0, abs=1e-9), delta
    tail, _ = quad(loss_noise_models.huber_density, 4, np.inf)
    assert loss_noise_models.huber_tail_probability(4) == pytest.approx(2 * tail, rel=1e-9)


@pytest.mark.claim("estimation/tails-hundreds-of-times-heavier")
def test_a_deviation_beyond_4_is_hundreds_of_times_likelier_under_heavy_tails(run):
    ns = ns_of(run, "loss_noise_models")
    gaussian = 2 * ns["norm"].sf(4)
    for heavy in (2 * ns["laplace"].sf(4), loss_noise_models.huber_tail_probability(4)):
        assert 100 <= heavy / gaussian < 1000  # "hundreds of times more probable"


@pytest.mark.claim("estimation/log-densities-parabola-and-lines")
def test_log_density_panel_shows_a_parabola_and_straight_tails(run):
    ns = ns_of(run, "loss_noise_models")
    lines = {line.get_label(): (line.get_xdata(), line.get_ydata()) for line in ns["logs"].get_lines()}
    r, gaussian = lines["Gaussian N(0, 1)"]
    assert np.allclose(gaussian + 0.5 * r**2, gaussian[0] + 0.5 * r[0] ** 2), "minus the squared loss + const"
    r, laplace = lines["Laplace, scale 1"]
    assert np.allclose(laplace + np.abs(r), laplace[0] + np.abs(r[0])), "straight lines of slope ∓1"
    r, huber = lines["Huber density, δ = 1"]
    tails = np.abs(r) >= 1
    straight = huber[tails] + np.abs(r[tails])
    assert np.allclose(straight, straight[0]), "straight beyond δ"
    core = huber[~tails] + 0.5 * r[~tails] ** 2
    assert np.allclose(core, core[0]), "a parabola inside δ"


@pytest.mark.claim("estimation/huber-force-is-clipped")
@no_deadline
@given(st.floats(-10, 10), st.floats(0.2, 3))
def test_huber_force_is_the_clipped_residual(r, delta):
    assume(abs(abs(r) - delta) > 1e-3)  # the loss is smooth, but keep the finite difference on one side
    step = 1e-6
    slope = (
        loss_noise_models.huber_loss(r + step, delta) - loss_noise_models.huber_loss(r - step, delta)
    ) / (2 * step)
    assert slope == pytest.approx(np.clip(r, -delta, delta), abs=1e-6)


@no_deadline
@given(st.floats(0.1, 3), st.lists(st.floats(-10, 10), min_size=2, max_size=20))
def test_huber_loss_is_minus_log_density_up_to_a_constant(delta, residuals):
    r = np.array(residuals)
    total = loss_noise_models.huber_loss(r, delta) + np.log(loss_noise_models.huber_density(r, delta))
    assert np.allclose(total, total[0])


def _line_with_noise(noise: str, size: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """y = 1 + 0.5 x + noise, with x centred on 0 so that the intercept is the fitted centre of the noise."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-5, 5, size)
    draws = {"exponential": rng.exponential(1.0, size), "laplace": rng.laplace(0.0, 1.0, size)}
    return x, 1.0 + 0.5 * x + draws[noise]


# The intercept of each fit to 2000 points has a standard error of about 0.022; allow 0.08.
CENTRE_TOLERANCE = 0.08


@pytest.mark.claim(
    "estimation/squared-loss-fits-the-mean",
    "estimation/absolute-loss-fits-the-median",
    "estimation/huber-fits-between",
    "estimation/skewed-noise-separates-the-fits",
)
def test_with_exponential_noise_the_three_losses_find_mean_median_and_a_point_between():
    x, y = _line_with_noise("exponential")
    fits = {loss: robust_regression.fit_line(x, y, loss) for loss in ("squared", "absolute", "huber")}
    # Huber's centre of Exp(1) noise with δ = 1 solves E[clip(ε - m, -1, 1)] = 0
    huber_centre = brentq(lambda m: quad(lambda e: np.clip(e - m, -1, 1) * np.exp(-e), 0, np.inf)[0], 0.5, 1)
    assert np.log(2) + 0.1 < huber_centre < 1 - 0.1, "strictly between the median and the mean"
    for loss, centre in (("squared", 1.0), ("absolute", np.log(2)), ("huber", huber_centre)):
        assert abs(fits[loss][0] - (1 + centre)) < CENTRE_TOLERANCE, loss
        assert abs(fits[loss][1] - 0.5) < 0.02, loss
    assert fits["absolute"][0] < fits["huber"][0] < fits["squared"][0]


@pytest.mark.claim("estimation/symmetric-noise-same-line")
def test_with_symmetric_noise_the_three_losses_find_the_same_line():
    x, y = _line_with_noise("laplace")
    for loss in ("squared", "absolute", "huber"):
        intercept, slope = robust_regression.fit_line(x, y, loss)
        assert abs(intercept - 1.0) < CENTRE_TOLERANCE and abs(slope - 0.5) < 0.02, loss


@pytest.mark.claim("estimation/squared-line-pulled-down")
def test_the_squared_loss_line_lies_below_the_true_line_everywhere(run):
    ns = ns_of(run, "robust_regression")
    a, b = ns["fits"]["squared"]
    for x in (0.0, 10.0):  # a line below another at both ends is below it in between
        assert a + b * x < ns["true_line"][0] + ns["true_line"][1] * x - 1


@pytest.mark.claim("estimation/robust-lines-six-times-closer")
def test_robust_lines_are_more_than_six_times_closer_in_this_run(run):
    result = run(SNIPPETS + "robust_regression.py")
    gaps = result.namespace["gaps"]
    assert gaps["squared"] > 6 * max(gaps["absolute"], gaps["huber"])
    for number in ("1.504", "0.176", "0.224"):
        assert f"RMS gap to truth {number}" in result.stdout


@pytest.mark.claim("estimation/robust-lines-win-on-other-data")
def test_robust_fits_win_on_each_of_20_more_data_sets():
    for seed in range(20):
        rng = np.random.default_rng(seed)
        x = rng.uniform(0, 10, 60)
        y = 2.0 + 0.5 * x + rng.normal(0, 1.0, 60)
        y[rng.choice(60, size=6, replace=False)] -= 15.0
        gap = {
            loss: robust_regression.distance_between_lines(
                robust_regression.fit_line(x, y, loss), np.array([2.0, 0.5]), 0, 10
            )
            for loss in ("squared", "absolute", "huber")
        }
        assert gap["huber"] < gap["squared"] and gap["absolute"] < gap["squared"], seed


@pytest.mark.claim("estimation/leverage-tilts-robust-lines")
def test_six_wild_points_at_high_leverage_tilt_the_robust_lines():
    for seed in range(30):
        rng = np.random.default_rng(seed)
        x = rng.uniform(0, 10, 60)
        y = 2.0 + 0.5 * x + rng.normal(0, 1.0, 60)
        x, y = np.append(x, np.full(6, 20.0)), np.append(y, np.full(6, -10.0))  # far right: high leverage
        for loss in ("absolute", "huber"):
            assert robust_regression.fit_line(x, y, loss)[1] < 0.4, (seed, loss)


def test_fit_line_matches_lstsq_without_outliers():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 200)
    y = 1.0 - 0.3 * x + rng.normal(0, 0.1, 200)
    for loss in ("squared", "absolute", "huber"):
        assert robust_regression.fit_line(x, y, loss) == pytest.approx([1.0, -0.3], abs=0.05)


# --- MAP: ridge and lasso -----------------------------------------------------------------


@pytest.mark.claim("estimation/map-depends-on-the-parametrisation", "estimation/log-odds-mode-differs")
def test_the_mle_is_invariant_under_reparametrisation_and_the_map_is_not(run):
    # MLE: BFGS over log σ, squared, gives the closed-form MLE of σ²
    ns = ns_of(run, "gaussian_mle")
    assert ns["sigma_num"] == pytest.approx(np.sqrt(ns["sigma2_hat"]), rel=1e-6)
    # MAP: the page's Beta posterior, as a density of p and as a density of the log-odds
    beta_ns = ns_of(run, "beta_posterior")
    a, b = beta_posterior.beta_posterior(beta_ns["successes"], beta_ns["trials"], 2.0, 8.0)
    p = np.linspace(1e-4, 1 - 1e-4, 200_001)
    mode_in_p = p[np.argmax(stats.beta.logpdf(p, a, b))]
    log_odds = np.linspace(-6, 4, 200_001)
    q = expit(log_odds)  # density of the log-odds: beta density times dp/dη = p(1 - p)
    mode_in_log_odds = q[np.argmax(stats.beta.logpdf(q, a, b) + np.log(q * (1 - q)))]
    assert mode_in_p == pytest.approx((a - 1) / (a + b - 2), abs=1e-4) == beta_ns["map_estimate"]
    assert mode_in_log_odds == pytest.approx(a / (a + b), abs=1e-4)
    assert abs(mode_in_log_odds - mode_in_p) > 0.01


def _random_regression(seed: int, n: int = 40, d: int = 6) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    return x, x @ rng.normal(size=d) + rng.normal(0, 0.7, n)


@pytest.mark.claim(
    "estimation/ridge-is-the-gaussian-map",
    "estimation/ridge-map-is-the-posterior-mean",
    "estimation/interview-ridge-and-lasso-are-map",
)
@no_deadline
@given(st.integers(0, 1000), st.floats(0.2, 3), st.floats(0.1, 3))
def test_ridge_with_lambda_sigma2_over_tau2_is_the_map_and_the_posterior_mean(seed, sigma, tau):
    x, y = _random_regression(seed)
    w = ridge_vs_ols.ridge_weights(x, y, sigma**2 / tau**2)
    # the gradient of -log p(w | D) = ||y - Xw||²/(2σ²) + ||w||²/(2τ²) vanishes there
    gradient = -x.T @ (y - x @ w) / sigma**2 + w / tau**2
    assert np.allclose(gradient, 0, atol=1e-8 * (1 + np.abs(x.T @ y).max() / sigma**2))
    # the Gaussian posterior's mean, from the conjugate formulas, is the same point
    covariance = np.linalg.inv(x.T @ x / sigma**2 + np.eye(x.shape[1]) / tau**2)
    assert np.allclose(covariance @ x.T @ y / sigma**2, w, atol=1e-9)


@pytest.mark.claim("estimation/ridge-is-the-gaussian-map")
def test_ridge_solves_the_penalised_normal_equations():
    x, y = _random_regression(2, 30, 5)
    w = ridge_vs_ols.ridge_weights(x, y, 2.5)
    assert np.allclose(x.T @ (y - x @ w), 2.5 * w)


@pytest.mark.claim("estimation/mean-loss-penalty-gamma")
@no_deadline
@given(st.integers(0, 1000), st.floats(0.2, 3), st.floats(1e-3, 1.0))
def test_a_penalty_gamma_on_the_mean_loss_is_ridge_with_lambda_n_sigma2_gamma(seed, sigma, gamma):
    x, y = _random_regression(seed)
    n = y.size
    w = ridge_vs_ols.ridge_weights(x, y, n * sigma**2 * gamma)
    # gradient of (1/n)·||y - Xw||²/(2σ²) + (γ/2)||w||²
    gradient = -x.T @ (y - x @ w) / (n * sigma**2) + gamma * w
    assert np.allclose(gradient, 0, atol=1e-10 * (1 + np.abs(x.T @ y).max() / (n * sigma**2)))
    tau2 = 1 / (n * gamma)
    assert n * sigma**2 * gamma == pytest.approx(sigma**2 / tau2)


@pytest.mark.claim("estimation/wide-design-has-no-unique-mle", "estimation/both-miss-the-null-space")
def test_with_more_features_than_samples_the_mle_is_a_whole_subspace(run):
    ns = ns_of(run, "ridge_vs_ols")  # its final variables belong to the second setting, n = 50, d = 100
    x, y, ols, ridge = ns["features"], ns["targets"], ns["ols"], ns["ridge"]
    n, d = x.shape
    assert (n, d) == (50, 100)
    assert np.linalg.matrix_rank(x.T @ x) == n < d, "XᵀX is singular"
    null_space = np.linalg.svd(x)[2][n:].T  # d - n = 50 directions the data do not see
    assert null_space.shape[1] == d - n == 50
    assert np.allclose(x @ ols, y, atol=1e-8), "OLS fits the data exactly"
    shifted = ols + null_space @ np.random.default_rng(0).normal(size=d - n)
    assert np.allclose(x @ shifted, y, atol=1e-8), "so does every point of the affine subspace"
    assert np.allclose(ols, np.linalg.pinv(x) @ y, atol=1e-8), "lstsq returns the minimum-norm one"
    for estimate in (ols, ridge):  # both lie in the row space: no component in the null space
        assert np.allclose(null_space.T @ estimate, 0, atol=1e-8)
    missed = np.linalg.norm(null_space.T @ ns["weights"])
    for estimate in (ols, ridge):  # so each error is at least the part of w the data never see
        assert np.linalg.norm(estimate - ns["weights"]) >= missed


@pytest.mark.claim("estimation/ridge-halves-the-ols-error")
def test_with_correlated_features_ols_is_worse_than_zero_and_ridge_halves_its_error(run):
    result = run(SNIPPETS + "ridge_vs_ols.py")
    ols, ridge, zero_guess = result.namespace["errors"]["correlated features"]
    assert ols > zero_guess, "OLS does worse than the guess w = 0"
    assert 0.4 < ridge / ols < 0.6, "ridge halves the error (within ±20%)"
    assert "3.082      4.769        2.309" in result.stdout


@pytest.mark.claim("estimation/ridge-wins-on-other-data")
def test_ridge_beats_ols_with_correlated_features_on_30_more_data_sets():
    for seed in range(30):
        rng = np.random.default_rng(seed)
        x, y, w = ridge_vs_ols.simulate_regression(rng, 100, 50, 0.95, 1.0, 0.5)
        ols = np.linalg.lstsq(x, y, rcond=None)[0]
        ridge = ridge_vs_ols.ridge_weights(x, y, 4.0)
        assert np.linalg.norm(ridge - w) < np.linalg.norm(ols - w), seed


@pytest.mark.claim("estimation/ridge-only-slightly-better-when-wide")
def test_with_more_features_than_samples_ridge_is_only_slightly_better(run):
    result = run(SNIPPETS + "ridge_vs_ols.py")
    ols, ridge, _ = result.namespace["errors"]["more features than samples"]
    assert 0.98 < ridge / ols < 1, "better, by about 1%"
    assert "3.672        3.642" in result.stdout


@pytest.mark.claim("estimation/lasso-is-the-laplace-map", "estimation/interview-ridge-and-lasso-are-map")
def test_lasso_with_lambda_2_sigma2_over_b_is_the_laplace_map():
    x, y = _random_regression(7, 60, 8)
    for sigma, b in ((0.7, 0.2), (1.0, 1.0), (0.5, 0.05)):
        w = lasso_sparsity.lasso_proximal_gradient(x, y, 2 * sigma**2 / b, iterations=20_000, tolerance=1e-12)
        # 0 is in the subgradient of -log p(w | D) = ||y - Xw||²/(2σ²) + ||w||₁/b
        pull = x.T @ (y - x @ w) / sigma**2
        active = w != 0
        assert np.allclose(pull[active], np.sign(w[active]) / b, atol=1e-6)
        assert np.all(np.abs(pull[~active]) <= 1 / b + 1e-6)
    assert np.any(w == 0), "the strongest prior sets some weights to zero"


@pytest.mark.claim("estimation/lasso-optimality-conditions", "estimation/ista-reaches-the-minimiser")
def test_lasso_solution_satisfies_the_stated_optimality_conditions(run):
    result = run(SNIPPETS + "lasso_sparsity.py")
    ns = result.namespace
    x, y, w, penalty = ns["features"], ns["targets"], ns["lasso"], ns["penalty"]
    correlation = x.T @ (y - x @ w)
    zero, active = w == 0, w != 0
    assert np.all(np.abs(correlation[zero]) <= penalty / 2)
    assert np.allclose(correlation[active], penalty / 2 * np.sign(w[active]), atol=1e-6)
    assert "λ/2 = 10.0: where ŵ_j = 0, |x_jᵀ(y - Xŵ)| ≤ 9.74" in result.stdout

    # the conditions make it the minimiser of a convex objective: no nearby point does better
    def objective(v: np.ndarray) -> float:
        return float(np.sum((y - x @ v) ** 2) + penalty * np.sum(np.abs(v)))

    rng = np.random.default_rng(0)
    assert all(objective(w + 1e-3 * rng.normal(size=w.size)) > objective(w) for _ in range(200))


@pytest.mark.claim("estimation/laplace-posterior-mean-is-not-sparse")
def test_under_a_laplace_prior_the_map_is_zero_where_the_posterior_mean_is_not():
    # one weight seen once through unit-variance noise: z ~ N(w, 1), prior Laplace(0, b)
    b = 0.5
    for z in (0.2, 0.9, 1.7):  # all below the threshold σ²/b = 2
        log_posterior = lambda w, z=z: -0.5 * (z - w) ** 2 - abs(w) / b  # noqa: E731
        grid = np.linspace(-4, 4, 80_001)
        assert grid[np.argmax(log_posterior(grid))] == pytest.approx(0.0, abs=1e-4)
        assert lasso_sparsity.soft_threshold(np.array([z]), 1 / b)[0] == 0.0, "the MAP: exactly zero"
        mass = quad(lambda w, f=log_posterior: np.exp(f(w)), -20, 20, points=[0])[0]
        mean = quad(lambda w, f=log_posterior: w * np.exp(f(w)), -20, 20, points=[0])[0] / mass
        assert mean > 0.05 * z, "the posterior mean is not zero"


@pytest.mark.claim("estimation/laplace-is-peaked-and-heavy-tailed")
def test_laplace_density_is_more_peaked_and_heavier_tailed_than_a_gaussian_of_equal_variance():
    b = 0.7

    def laplace(x: float) -> float:
        return float(np.exp(-exercise_laplace_median.laplace_negative_log_likelihood(0.0, np.array([x]), b)))

    gaussian = stats.norm(0, np.sqrt(2) * b)  # the Laplace variance is 2b²
    assert 2 * quad(lambda x: x**2 * laplace(x), 0, np.inf)[0] == pytest.approx(2 * b**2)
    assert laplace(0.0) > 1.5 * gaussian.pdf(0.0), "more peaked at zero (the ratio is √π)"
    for sds in (3, 4, 5):  # beyond a few standard deviations the Laplace keeps far more mass
        t = sds * np.sqrt(2) * b
        tail = 2 * quad(laplace, t, np.inf)[0]
        assert tail > 5 * 2 * gaussian.sf(t), sds


@pytest.mark.claim("estimation/soft-threshold-gives-exact-zeros")
@no_deadline
@given(st.lists(st.floats(-10, 10), min_size=1, max_size=20), st.floats(0, 5))
def test_soft_threshold_shrinks_by_the_threshold_or_to_exact_zero(values, threshold):
    v = np.array(values)
    out = lasso_sparsity.soft_threshold(v, threshold)
    assert np.all(out[np.abs(v) <= threshold] == 0)
    big = np.abs(v) > threshold
    assert np.allclose(np.abs(out[big]), np.abs(v[big]) - threshold)


@pytest.mark.claim("estimation/ista-reaches-the-minimiser")
def test_lasso_with_zero_penalty_is_least_squares():
    x, y = _random_regression(3, 40, 4)
    w = lasso_sparsity.lasso_proximal_gradient(x, y, 0.0)
    assert np.allclose(w, np.linalg.lstsq(x, y, rcond=None)[0], atol=1e-6)


@pytest.mark.claim("estimation/lasso-zeros-ridge-none")
def test_lasso_zeros_44_irrelevant_weights_and_keeps_the_5_real_ones(run):
    result = run(SNIPPETS + "lasso_sparsity.py")
    ns = result.namespace
    lasso, ridge = ns["lasso"], ns["ridge"]
    assert ns["penalty"] == 20
    assert np.all(lasso[:5] != 0)
    assert np.sum(lasso[5:] == 0) == 44
    assert np.sum(ridge == 0) == 0
    assert "exact zeros out of 50: lasso 44, ridge 0" in result.stdout


@pytest.mark.claim("estimation/ridge-shrinks-the-norm")
def test_ridge_shrinks_the_norm_but_not_every_weight(run):
    ns = ns_of(run, "lasso_sparsity")
    ols = np.linalg.lstsq(ns["features"], ns["targets"], rcond=None)[0]
    ridge = ns["ridge"]
    assert np.linalg.norm(ridge) < np.linalg.norm(ols)
    assert np.sum(np.abs(ridge) > np.abs(ols)) == 19


@pytest.mark.claim("estimation/lasso-error-is-smaller")
def test_lasso_error_is_below_that_of_ridge_at_any_penalty(run):
    result = run(SNIPPETS + "lasso_sparsity.py")
    ns = result.namespace
    assert ns["lasso_error"] < ns["ridge_error"]
    assert "lasso 0.323,  ridge 0.779" in result.stdout
    best_ridge = min(
        np.linalg.norm(
            ridge_vs_ols.ridge_weights(ns["features"], ns["targets"], penalty) - ns["true_weights"]
        )
        for penalty in np.geomspace(1e-3, 1e3, 601)
    )
    assert ns["lasso_error"] < best_ridge


@pytest.mark.claim("estimation/lasso-wins-on-other-data")
def test_lasso_beats_ridge_at_the_same_lambda_on_20_more_data_sets():
    true_weights = np.zeros(50)
    true_weights[:5] = [1.5, -1.0, 0.8, -1.2, 0.6]
    for seed in range(20):
        rng = np.random.default_rng(seed)
        x = rng.normal(size=(100, 50))
        y = x @ true_weights + rng.normal(0, 0.5, 100)
        lasso = lasso_sparsity.lasso_proximal_gradient(x, y, 20.0)
        ridge = ridge_vs_ols.ridge_weights(x, y, 20.0)
        assert np.linalg.norm(lasso - true_weights) < np.linalg.norm(ridge - true_weights), seed


@pytest.mark.claim("estimation/weight-decay-is-the-l2-step")
def test_an_sgd_step_on_the_penalised_loss_is_a_weight_decay_step():
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(30, 3)), (rng.random(30) < 0.5).astype(float)
    for _ in range(20):
        w, step, gamma = rng.normal(size=3), rng.uniform(0.01, 1), rng.uniform(0, 0.5)
        penalised = w - step * logistic_training_loop.logistic_gradient(w, x, y, gamma)
        decayed = (1 - step * gamma) * w - step * logistic_training_loop.logistic_gradient(w, x, y)
        assert np.allclose(penalised, decayed, atol=1e-14)


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


@pytest.mark.claim("estimation/ratio-known-to-1-4-percent")
def test_the_variance_ratio_from_10000_data_sets_has_a_standard_error_of_1_4_percent(run):
    repetitions = ns_of(run, "cramer_rao_mean")["repetitions"]
    assert round(100 * np.sqrt(2 / (repetitions - 1)), 1) == 1.4
    # the spread of that ratio over 400 replicate simulations (the mean of n Gaussian values is Gaussian)
    bound = cramer_rao_mean.gaussian_mean_cramer_rao_bound(4.0, 10)
    means = np.random.default_rng(0).normal(0, np.sqrt(bound), size=(400, repetitions))
    ratios = means.var(axis=1, ddof=1) / bound
    assert ratios.std(ddof=1) == pytest.approx(np.sqrt(2 / (repetitions - 1)), rel=0.15)


@pytest.mark.claim("estimation/mean-attains-the-bound")
def test_sample_mean_variance_is_the_cramer_rao_bound_within_5_percent(run):
    ns = ns_of(run, "cramer_rao_mean")
    for n, ratio in ns["ratios"].items():
        assert abs(ratio - 1) < 0.05, n
        assert abs(ratio - 1) <= TWO_SE * np.sqrt(2 / (ns["repetitions"] - 1)), n


@pytest.mark.claim("estimation/median-is-unbiased")
def test_sample_median_of_gaussian_data_is_unbiased(run):
    samples = ns_of(run, "median_efficiency")["samples"]
    medians = np.median(samples, axis=1)
    assert np.array_equal(np.median(-samples, axis=1), -medians), "the median is odd, the data symmetric"
    mean, se = mean_and_se(medians)
    assert abs(mean) <= THREE_SE * se


@pytest.mark.claim("estimation/median-variance-is-larger")
def test_median_variance_is_larger_at_every_n(run):
    assert all(ratio > 1 for ratio in ns_of(run, "median_efficiency")["ratios"].values())


@pytest.mark.claim("estimation/median-ratio-near-pi-over-2")
def test_median_ratio_at_the_largest_n_is_within_5_percent_of_pi_over_2(run):
    ns = ns_of(run, "median_efficiency")
    ratio, samples = ns["ratios"][201], ns["samples"]
    assert abs(ratio / (np.pi / 2) - 1) < 0.05
    # the Monte Carlo standard error of the ratio (delta method, means and medians paired)
    squared = [(v - v.mean()) ** 2 for v in (np.median(samples, axis=1), samples.mean(axis=1))]
    gradient = np.array([1 / squared[1].mean(), -squared[0].mean() / squared[1].mean() ** 2])
    se = np.sqrt(gradient @ np.cov(squared[0], squared[1]) @ gradient / samples.shape[0])
    assert 3.5 < 0.05 * np.pi / 2 / se < 4.5, "5% is about four standard errors"


@pytest.mark.claim("estimation/median-histogram-is-wider")
def test_histogram_of_medians_is_a_quarter_wider(run):
    ns = ns_of(run, "median_efficiency")
    centres = (ns["bins"][1:] + ns["bins"][:-1]) / 2

    def spread(counts: np.ndarray) -> float:
        mean = np.sum(counts * centres) / counts.sum()
        return float(np.sqrt(np.sum(counts * (centres - mean) ** 2) / counts.sum()))

    assert 1.2 < spread(ns["median_counts"]) / spread(ns["mean_counts"]) < 1.3  # "about a quarter larger"


def test_median_efficiency_helper_on_known_data():
    samples = np.array([[1.0, 2.0, 9.0], [0.0, 4.0, 5.0]])
    var_mean, var_median = median_efficiency.mean_and_median_variances(samples)
    assert var_mean == pytest.approx(np.var([4.0, 3.0], ddof=1))
    assert var_median == pytest.approx(np.var([2.0, 4.0], ddof=1))


@pytest.mark.claim("estimation/biased-estimator-beats-the-bound", "estimation/interview-bound-is-not-on-mse")
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


# --- Bayes --------------------------------------------------------------------------------


@pytest.mark.claim("estimation/beta-posterior-and-its-mode")
def test_prior_times_likelihood_normalised_is_the_beta_posterior():
    p = np.linspace(5e-4, 1 - 5e-4, 2000)
    for successes, trials, a, b in ((6, 20, 2.0, 8.0), (0, 5, 1.5, 1.5), (40, 50, 3.0, 2.0)):
        post_a, post_b = beta_posterior.beta_posterior(successes, trials, a, b)
        unnormalised = stats.beta.pdf(p, a, b) * p**successes * (1 - p) ** (trials - successes)
        assert np.allclose(
            unnormalised / unnormalised.max(),
            stats.beta.pdf(p, post_a, post_b) / stats.beta.pdf(p, post_a, post_b).max(),
            atol=1e-9,
        )
        mode = p[np.argmax(unnormalised)]
        assert mode == pytest.approx((a + successes - 1) / (a + b + trials - 2), abs=5e-4)


@pytest.mark.claim("estimation/map-and-mean-between-prior-and-mle")
def test_map_and_posterior_mean_lie_between_prior_and_mle_on_the_page(run):
    ns = ns_of(run, "beta_posterior")
    prior_mode = (ns["prior_a"] - 1) / (ns["prior_a"] + ns["prior_b"] - 2)
    prior_mean = ns["prior_a"] / (ns["prior_a"] + ns["prior_b"])
    assert prior_mode < ns["map_estimate"] < ns["mle"]
    assert prior_mean < ns["posterior_mean"] < ns["mle"]


@pytest.mark.claim("estimation/map-and-mean-between-prior-and-mle")
@no_deadline
@given(st.floats(1.01, 30), st.floats(1.01, 30), st.integers(1, 200), st.data())
def test_map_and_posterior_mean_are_weighted_averages_of_prior_and_mle(a, b, trials, data):
    successes = data.draw(st.integers(0, trials))
    post_a, post_b = beta_posterior.beta_posterior(successes, trials, a, b)
    mle = successes / trials
    map_estimate = (post_a - 1) / (post_a + post_b - 2)
    prior_mode, prior_mean = (a - 1) / (a + b - 2), a / (a + b)
    assert map_estimate == pytest.approx(((a + b - 2) * prior_mode + trials * mle) / (a + b - 2 + trials))
    assert post_a / (post_a + post_b) == pytest.approx(
        ((a + b) * prior_mean + trials * mle) / (a + b + trials)
    )
    assert min(prior_mode, mle) - 1e-12 <= map_estimate <= max(prior_mode, mle) + 1e-12
    assert min(prior_mean, mle) - 1e-12 <= post_a / (post_a + post_b) <= max(prior_mean, mle) + 1e-12


@pytest.mark.claim("estimation/interval-is-still-wide")
def test_credible_interval_after_20_visits_spans_a_factor_of_three(run):
    result = run(SNIPPETS + "beta_posterior.py")
    ns = result.namespace
    mass = stats.beta.cdf(ns["high"], ns["post_a"], ns["post_b"]) - stats.beta.cdf(
        ns["low"], ns["post_a"], ns["post_b"]
    )
    assert mass == pytest.approx(0.95, abs=1e-9)
    assert ns["trials"] == 20 and ns["high"] > 3 * ns["low"]
    assert "95% credible interval: [0.127, 0.435]" in result.stdout


@pytest.mark.claim("estimation/posterior-probability-above-0-2")
def test_posterior_probability_that_the_rate_exceeds_0_2(run):
    result = run(SNIPPETS + "beta_posterior.py")
    ns = result.namespace
    # integrate prior × likelihood ourselves, normalised on a fine grid
    p = np.linspace(0, 1, 200_001)
    density = (
        stats.beta.pdf(p, ns["prior_a"], ns["prior_b"])
        * p ** ns["successes"]
        * (1 - p) ** (ns["trials"] - ns["successes"])
    )
    above = np.trapezoid(np.where(p > 0.2, density, 0), p) / np.trapezoid(density, p)
    assert f"{above:.3f}" == "0.790"
    assert "P(rate > 0.2 | data) = 0.790" in result.stdout


# --- the training loop ----------------------------------------------------------------------


@pytest.mark.claim("estimation/logistic-gradient")
def test_logistic_gradient_matches_finite_differences():
    rng = np.random.default_rng(5)
    x, y, w = rng.normal(size=(30, 3)), (rng.random(30) < 0.5).astype(float), rng.normal(size=3)
    step = 1e-6
    for gamma in (0.0, 0.1):
        numeric = [
            (
                logistic_training_loop.logistic_loss(w + step * e, x, y, gamma)
                - logistic_training_loop.logistic_loss(w - step * e, x, y, gamma)
            )
            / (2 * step)
            for e in np.eye(3)
        ]
        assert logistic_training_loop.logistic_gradient(w, x, y, gamma) == pytest.approx(numeric, abs=1e-6)


@pytest.mark.claim("estimation/logistic-curvature-bound")
def test_logistic_hessian_never_exceeds_the_bound_and_reaches_it_at_zero(run):
    ns = ns_of(run, "logistic_training_loop")
    x, y = ns["features"], ns["labels"]
    bound = np.linalg.eigvalsh(x.T @ x)[-1] / (4 * y.size)
    step = 1e-5

    def hessian(w: np.ndarray) -> np.ndarray:
        gradient = logistic_training_loop.logistic_gradient
        return np.array(
            [(gradient(w + step * e, x, y) - gradient(w - step * e, x, y)) / (2 * step) for e in np.eye(3)]
        )

    rng = np.random.default_rng(0)
    for w in [np.zeros(3), *rng.normal(0, 2, size=(10, 3))]:
        assert np.linalg.eigvalsh((hessian(w) + hessian(w).T) / 2)[-1] <= bound * (1 + 1e-6)
    assert np.linalg.eigvalsh(hessian(np.zeros(3)))[-1] == pytest.approx(bound, rel=1e-6), "tight at w = 0"


@pytest.mark.claim("estimation/gradient-descent-converges", "estimation/loss-falls-and-levels-off")
def test_gradient_descent_lowers_the_loss_every_epoch_and_levels_off_by_epoch_10(run):
    ns = ns_of(run, "logistic_training_loop")
    for name, (_, history, _) in ns["fits"].items():
        assert np.all(np.diff(history) <= 1e-15), name
        assert history[10] - history[-1] < 1e-3, name


@pytest.mark.claim("estimation/gradient-descent-converges")
def test_gradient_descent_with_step_one_over_l_descends_on_other_data_too():
    for seed in range(5):
        rng = np.random.default_rng(seed)
        x = np.column_stack([np.ones(200), rng.normal(size=(200, 2))])
        y = (rng.random(200) < expit(x @ rng.normal(size=3))).astype(float)
        weights, history = logistic_training_loop.gradient_descent(x, y, epochs=3000)
        assert np.all(np.diff(history) <= 1e-15), seed
        reference = minimize(
            logistic_training_loop.logistic_loss,
            np.zeros(3),
            args=(x, y),
            jac=logistic_training_loop.logistic_gradient,
            tol=1e-12,
        ).x
        assert np.allclose(weights, reference, atol=1e-4), seed


@pytest.mark.claim("estimation/separable-classes-have-no-mle")
def test_on_separable_classes_the_weights_grow_without_bound():
    t = np.linspace(-2, 2, 40)
    x, y = np.column_stack([np.ones(40), t]), (t > 0).astype(float)
    norms, losses = [], []
    for epochs in (100, 1000, 10_000):
        weights, history = logistic_training_loop.gradient_descent(x, y, epochs=epochs)
        norms.append(np.linalg.norm(weights))
        losses.append(history[-1])
    assert norms[0] < norms[1] < norms[2] and norms[2] > 2 * norms[0]
    assert losses[0] > losses[1] > losses[2] > 0, "the loss keeps falling toward 0, never reaching a minimum"


@pytest.mark.claim("estimation/gamma-is-a-gaussian-prior")
@no_deadline
@given(st.integers(0, 1000), st.floats(1e-4, 1.0))
def test_mean_loss_plus_gamma_penalty_is_the_map_objective_with_tau2_one_over_n_gamma(seed, gamma):
    rng = np.random.default_rng(seed)
    n = 25
    x, y, w = rng.normal(size=(n, 3)), (rng.random(n) < 0.5).astype(float), rng.normal(size=3)
    total_nll = n * logistic_training_loop.logistic_loss(w, x, y)
    tau2 = 1 / (n * gamma)
    map_objective = total_nll + w @ w / (2 * tau2)  # -log L(w) + ||w||²/(2τ²)
    assert n * logistic_training_loop.logistic_loss(w, x, y, gamma) == pytest.approx(map_objective, rel=1e-12)


@pytest.mark.claim("estimation/gamma-is-a-gaussian-prior")
def test_the_page_gamma_is_a_prior_variance_of_0_2(run):
    ns = ns_of(run, "logistic_training_loop")
    assert "MAP, γ = 0.01" in ns["fits"]
    assert 1 / (ns["n"] * 0.01) == pytest.approx(0.2)


@pytest.mark.claim("estimation/gradient-descent-matches-scipy")
def test_gradient_descent_weights_agree_with_scipy_to_the_printed_digits(run):
    result = run(SNIPPETS + "logistic_training_loop.py")
    pairs = re.findall(r"gradient descent: (\[[^\]]+\])\s+scipy BFGS: (\[[^\]]+\])", result.stdout)
    assert len(pairs) == 2 and all(ours == scipy for ours, scipy in pairs)
    for name, (weights, _, reference) in result.namespace["fits"].items():
        assert np.max(np.abs(weights - reference)) < 5e-5, name


@pytest.mark.claim("estimation/mle-within-one-standard-error")
def test_each_mle_weight_is_within_one_standard_error_of_the_truth(run):
    result = run(SNIPPETS + "logistic_training_loop.py")
    ns = result.namespace
    x, mle = ns["features"], ns["fits"]["MLE"][0]
    p = expit(x @ mle)
    covariance = np.linalg.inv(x.T @ (x * (p * (1 - p))[:, None]))  # inverse Fisher information
    z = (mle - ns["true_weights"]) / np.sqrt(np.diag(covariance))
    assert np.all(np.abs(z) < 1), z
    assert np.allclose(ns["standard_errors"], np.sqrt(np.diag(covariance)))


@pytest.mark.claim("estimation/map-weights-pulled-to-zero")
def test_map_weights_are_smaller_than_the_mle(run):
    fits = ns_of(run, "logistic_training_loop")["fits"]
    assert np.all(np.abs(fits["MAP, γ = 0.01"][0]) < np.abs(fits["MLE"][0]))


@pytest.mark.claim("estimation/small-step-ends-far-away")
def test_a_300_times_smaller_step_ends_a_third_of_the_way_from_the_mle(run):
    ns = ns_of(run, "logistic_training_loop")
    x, y, mle = ns["features"], ns["labels"], ns["fits"]["MLE"][2]
    step = 1 / (300 * np.linalg.eigvalsh(x.T @ x)[-1] / (4 * y.size))
    w = np.zeros(3)
    for _ in range(1000):
        w = w - step * logistic_training_loop.logistic_gradient(w, x, y)
    assert 0.3 < np.linalg.norm(w - mle) / np.linalg.norm(mle) < 0.37  # "about a third"


@pytest.mark.claim("estimation/mini-batch-loss-is-unbiased")
def test_mini_batch_loss_and_gradient_average_to_the_full_ones_over_all_batches():
    rng = np.random.default_rng(2)
    x, y, w = rng.normal(size=(7, 3)), (rng.random(7) < 0.5).astype(float), rng.normal(size=3)
    batches = [list(b) for b in itertools.combinations(range(7), 3)]  # every batch of 3, equally likely
    losses = [logistic_training_loop.logistic_loss(w, x[b], y[b]) for b in batches]
    gradients = [logistic_training_loop.logistic_gradient(w, x[b], y[b]) for b in batches]
    assert np.mean(losses) == pytest.approx(logistic_training_loop.logistic_loss(w, x, y), rel=1e-12)
    assert np.allclose(np.mean(gradients, axis=0), logistic_training_loop.logistic_gradient(w, x, y))


# --- interview questions --------------------------------------------------------------------


@pytest.mark.claim("estimation/interview-map-matters-less-with-n")
def test_the_gap_between_map_and_mle_shrinks_as_n_grows():
    gaps = []
    for n in (50, 500, 5000):
        differences = []
        for seed in range(10):
            x, y = _random_regression(seed, n, 5)
            ols = np.linalg.lstsq(x, y, rcond=None)[0]
            differences.append(np.linalg.norm(ridge_vs_ols.ridge_weights(x, y, 4.0) - ols))
        gaps.append(np.mean(differences))
    assert gaps[0] > gaps[1] > gaps[2]
    assert gaps[0] / gaps[1] > 5 and gaps[1] / gaps[2] > 5, "about tenfold per decade: the prior is fixed"


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


@pytest.mark.claim("estimation/laplace-mle-is-the-median")
def test_laplace_grid_mle_is_the_median(run):
    ns = ns_of(run, "exercise_laplace_median")
    assert abs(ns["best"] - np.median(ns["data"])) <= 0.0005 + 1e-12


@pytest.mark.claim("estimation/laplace-mle-is-the-median")
@no_deadline
@given(st.lists(st.floats(-50, 50), min_size=1, max_size=15).filter(lambda v: len(v) % 2 == 1))
def test_laplace_nll_is_smallest_at_the_median_for_odd_samples(values):
    data = np.array(values)
    median = np.median(data)
    nll = exercise_laplace_median.laplace_negative_log_likelihood
    assert nll(median, data) <= nll(median + 0.01, data) and nll(median, data) <= nll(median - 0.01, data)


@pytest.mark.claim("estimation/wild-value-drags-the-mean")
def test_the_wild_value_drags_the_mean_and_leaves_the_median_where_it_was(run):
    data = ns_of(run, "exercise_laplace_median")["data"]
    original = np.random.default_rng(6).laplace(loc=3.0, scale=1.0, size=25)  # the draw before data[0] = 60
    assert np.array_equal(original[1:], data[1:])
    assert data.mean() - original.mean() > 2, "dragged far from the centre"
    assert np.median(data) == np.median(original), "the median does not move"


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
        (lambda: why_logs.gaussian_log_likelihood(np.ones(3), 0.0, -1.0), "sigma must be positive"),
        (lambda: gaussian_mle.gaussian_negative_log_likelihood([0.0, 0.0], np.array([])), "at least one"),
        (lambda: bernoulli_mle.bernoulli_negative_log_likelihood(0.5, np.array([0, 2])), "0s and 1s"),
        (lambda: bernoulli_mle.bernoulli_negative_log_likelihood(1.5, np.array([0, 1])), "between 0 and 1"),
        (
            lambda: cross_entropy_is_nll.binary_cross_entropy(np.array([1, 0]), np.array([1.0, 0.2])),
            "strictly between 0 and 1",
        ),
        (
            lambda: cross_entropy_is_nll.categorical_cross_entropy(np.zeros((2, 3)), np.array([0, 3])),
            "class indices from 0 to 2",
        ),
        (
            lambda: stable_cross_entropy.binary_cross_entropy_from_logits(np.zeros(2), np.array([1, 2])),
            "0s and 1s",
        ),
        (
            lambda: stable_cross_entropy.clipped_binary_cross_entropy(np.zeros(1), np.ones(1), eps=0.7),
            "eps must lie between",
        ),
        (
            lambda: mse_is_gaussian_mle.gaussian_regression_nll(np.zeros(2), np.ones((3, 2)), np.ones(3)),
            "params of length d \\+ 1",
        ),
        (lambda: loss_noise_models.huber_loss(np.zeros(2), delta=0), "delta must be positive"),
        (lambda: loss_noise_models.huber_tail_probability(0.5), "threshold must be at least delta"),
        (lambda: robust_regression.fit_line(np.ones(3), np.ones(3), "cubic"), "loss must be"),
        (lambda: robust_regression.fit_line(np.ones(3), np.ones(2), "squared"), "same length"),
        (lambda: ridge_vs_ols.ridge_weights(np.ones((3, 2)), np.ones(3), 0), "penalty must be positive"),
        (
            lambda: ridge_vs_ols.simulate_regression(np.random.default_rng(0), 5, 2, 1.0, 1.0, 1.0),
            "correlation must be in",
        ),
        (lambda: lasso_sparsity.lasso_proximal_gradient(np.ones((3, 2)), np.ones(3), -1), "zero or positive"),
        (lambda: consistency.running_rate_mle(np.array([[1.0, -1.0]])), "positive numbers"),
        (lambda: cramer_rao_mean.gaussian_mean_cramer_rao_bound(4.0, 0), "n ≥ 1"),
        (lambda: median_efficiency.mean_and_median_variances(np.ones((1, 5))), "at least 2 rows"),
        (lambda: beta_posterior.beta_posterior(12, 10, 2, 8), "between 0 and trials"),
        (lambda: beta_posterior.beta_posterior(2, 10, 0, 8), "prior parameters must be positive"),
        (
            lambda: logistic_training_loop.logistic_loss(np.zeros(2), np.ones((3, 2)), np.ones(3), -1),
            "gamma must be zero or positive",
        ),
        (lambda: logistic_training_loop.gradient_descent(np.ones((3, 2)), np.array([0, 1, 2])), "0 or 1"),
        (lambda: exercise_variance_divisors.variance_estimator_mse_theory(1, 1.0, 1), "n ≥ 2"),
        (lambda: exercise_bernoulli_fisher.bernoulli_fisher_information(1.0, 10), "0 < p < 1"),
        (lambda: exercise_laplace_median.laplace_negative_log_likelihood(0.0, np.array([])), "non-empty"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()
