"""Claims of the lesson "Estimation theory", checked on the snippets' real results."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.special import expit, logsumexp, softmax
from scipy.stats import beta

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


def ns_of(run, name: str) -> dict:
    return run(SNIPPETS + name + ".py").namespace


# --- bias: Bessel's correction --------------------------------------------------------


def test_bessel_ratio_is_n_over_n_minus_1_and_numpy_ddof_agrees(run):
    result = run(SNIPPETS + "bessel_small_data.py")
    ns = result.namespace
    assert ns["by_n_minus_1"] / ns["by_n"] == pytest.approx(7 / 6, rel=1e-12)
    assert ns["by_n"] == pytest.approx(np.var(ns["measurements"], ddof=0), rel=1e-12)
    assert ns["by_n_minus_1"] == pytest.approx(np.var(ns["measurements"], ddof=1), rel=1e-12)
    assert "numpy agrees: True, True" in result.stdout


def test_average_mle_variance_is_n_minus_1_over_n_sigma2_within_monte_carlo_error(run):
    ns = ns_of(run, "variance_bias_simulation")
    n, sigma2 = ns["n"], ns["sigma"] ** 2
    z_mle = (ns["mean_mle"] - (n - 1) / n * sigma2) / ns["standard_error"]
    assert np.all(np.abs(z_mle) < 4), z_mle
    z_bessel = (ns["mean_bessel"] - sigma2) / (ns["standard_error"] * n / (n - 1))
    assert np.all(np.abs(z_bessel) < 4), z_bessel
    # the bias is real: at n = 2 the divide-by-n average is far below σ²
    assert (sigma2 - ns["mean_mle"][0]) / ns["standard_error"][0] > 50


@no_deadline
@given(st.integers(2, 12), st.integers(0, 10_000))
def test_prefix_variances_match_numpy(width, seed):
    samples = np.random.default_rng(seed).normal(3.0, 2.0, size=(4, width))
    by_n, by_n_minus_1 = variance_bias_simulation.variance_by_prefix(samples)
    for j, n in enumerate(range(2, width + 1)):
        assert np.allclose(by_n[:, j], np.var(samples[:, :n], axis=1, ddof=0))
        assert np.allclose(by_n_minus_1[:, j], np.var(samples[:, :n], axis=1, ddof=1))


# --- MSE decomposition and the shrunk mean ---------------------------------------------


def test_mse_equals_bias_squared_plus_variance_to_rounding(run):
    ns = ns_of(run, "mse_decomposition")
    assert ns["worst_gap"] < 1e-12
    assert "largest |MSE - (bias² + variance)|" in run(SNIPPETS + "mse_decomposition.py").stdout


def test_simulated_mse_matches_theory_and_shrinking_beats_the_plain_mean(run):
    ns = ns_of(run, "mse_decomposition")
    mu, sigma, n, means = ns["mu"], ns["sigma"], ns["n"], ns["sample_means"]
    for c, (_, _, mse) in ns["results"].items():
        squared_errors = (c * means - mu) ** 2
        standard_error = squared_errors.std(ddof=1) / np.sqrt(means.size)
        theory = (c - 1) ** 2 * mu**2 + c**2 * sigma**2 / n
        assert abs(mse - theory) < 4 * standard_error
    # c = 0.8 beats c = 1 by far more than Monte Carlo error (same draws: a paired comparison)
    difference = (means - mu) ** 2 - (0.8 * means - mu) ** 2
    assert difference.mean() > 10 * difference.std(ddof=1) / np.sqrt(means.size)
    # and its MSE is below σ²/n, the Cramér–Rao bound for unbiased estimators of μ
    assert ns["results"][0.8][2] < sigma**2 / n


def test_optimal_shrink_factor_is_five_sevenths():
    c = np.linspace(0, 1.2, 120_001)
    mse = (c - 1) ** 2 * 1.0 + c**2 * 0.4
    assert c[np.argmin(mse)] == pytest.approx(5 / 7, abs=1e-5)


def test_shrinking_by_0_8_helps_exactly_while_mu_is_below_three_standard_errors():
    sigma2_over_n = 0.4
    mu = np.linspace(0, 5, 50_001)
    better = (0.2**2) * mu**2 + 0.64 * sigma2_over_n < sigma2_over_n
    crossover = mu[~better][0]
    assert crossover == pytest.approx(3 * np.sqrt(sigma2_over_n), abs=1e-4)


@no_deadline
@given(st.lists(st.floats(-100, 100), min_size=2, max_size=50), st.floats(-100, 100))
def test_decomposition_identity_holds_for_any_estimates(estimates, truth):
    bias, variance, mse = mse_decomposition.bias_variance_mse(np.array(estimates), truth)
    assert mse == pytest.approx(bias**2 + variance, rel=1e-9, abs=1e-9)


# --- the bias-variance picture ------------------------------------------------------------


def test_each_panel_shows_the_bias_and_variance_its_title_claims(run):
    ns = ns_of(run, "bias_variance_targets")
    repetitions = ns["repetitions"]
    for name, (bias, variance) in ns["measured"].items():
        offset, n = ns["panels"][name]
        expected_variance = 2 / n
        # the centre of 50 estimates is off by about sqrt(variance/50): allow 4 such errors
        centre_error = 4 * np.sqrt(expected_variance / repetitions)
        assert abs(bias - np.linalg.norm(offset)) < centre_error, name
        # sum of two sample variances, each with relative s.e. sqrt(2/49): allow ±50%
        assert 0.5 * expected_variance < variance < 1.5 * expected_variance, name
    measured = ns["measured"]
    assert measured["low bias, high variance"][1] > 10 * measured["low bias, low variance"][1]
    assert measured["high bias, low variance"][0] > 0.8


# --- maximum likelihood -------------------------------------------------------------------


def test_product_of_densities_underflows_while_the_log_likelihood_does_not(run):
    result = run(SNIPPETS + "why_logs.py")
    assert "n = 1000: product = 0.000e+00" in result.stdout
    assert "n =   10: product = 0.000e+00" not in result.stdout
    ns = result.namespace
    assert np.isfinite(ns["log_likelihoods"]).all()
    assert abs(ns["best"] - ns["data"].mean()) <= 0.0005 + 1e-12


def test_gaussian_closed_form_matches_norm_fit_and_a_numerical_minimiser(run):
    ns = ns_of(run, "gaussian_mle")
    assert ns["gap"] < 1e-12
    assert ns["mu_num"] == pytest.approx(ns["mu_hat"], abs=1e-4)
    assert ns["sigma_num"] ** 2 == pytest.approx(ns["sigma2_hat"], abs=1e-4)
    assert np.var(ns["data"], ddof=1) / ns["sigma2_hat"] == pytest.approx(1000 / 999)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_gaussian_nll_is_smallest_at_the_closed_form(seed):
    data = np.random.default_rng(seed).normal(1.0, 2.0, 20)
    best = np.array([data.mean(), 0.5 * np.log(np.var(data))])
    nll = gaussian_mle.gaussian_negative_log_likelihood(best, data)
    for shift in ([0.01, 0], [-0.01, 0], [0, 0.01], [0, -0.01]):
        assert nll < gaussian_mle.gaussian_negative_log_likelihood(best + shift, data)


def test_bernoulli_numerical_mle_is_the_sample_proportion(run):
    ns = ns_of(run, "bernoulli_mle")
    assert ns["numerical"].x == pytest.approx(ns["k"] / ns["n"], abs=1e-6)
    assert abs(ns["score"]) < 1e-9


@no_deadline
@given(st.integers(1, 200), st.data())
def test_bernoulli_nll_is_smallest_at_k_over_n(n, data):
    k = data.draw(st.integers(0, n))
    outcomes = np.array([1] * k + [0] * (n - k))
    grid = np.linspace(0, 1, 401)
    nll = [bernoulli_mle.bernoulli_negative_log_likelihood(p, outcomes) for p in grid]
    assert abs(grid[np.argmin(nll)] - k / n) <= 0.00125 + 1e-12


# --- cross-entropy ------------------------------------------------------------------------


def test_cross_entropy_equals_the_negative_log_likelihood_every_way(run):
    ns = ns_of(run, "cross_entropy_is_nll")
    loss = cross_entropy_is_nll.binary_cross_entropy(ns["labels"], ns["probabilities"])
    assert loss == pytest.approx(-np.log(ns["likelihood"]) / ns["labels"].size, rel=1e-12)
    assert loss == pytest.approx(
        -np.mean(np.where(ns["labels"] == 1, np.log(ns["probabilities"]), np.log1p(-ns["probabilities"])))
    )
    categorical = cross_entropy_is_nll.categorical_cross_entropy(ns["logits"], ns["classes"])
    assert categorical == pytest.approx(ns["nll"], rel=1e-12)


@no_deadline
@given(st.integers(1, 20), st.integers(2, 6), st.integers(0, 10_000))
def test_categorical_cross_entropy_is_minus_mean_log_softmax(rows, classes, seed):
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 3, size=(rows, classes))
    labels = rng.integers(0, classes, rows)
    expected = -np.mean(np.log(softmax(logits, axis=1)[np.arange(rows), labels]))
    assert cross_entropy_is_nll.categorical_cross_entropy(logits, labels) == pytest.approx(expected)


def test_naive_loss_breaks_clipping_caps_it_and_the_logit_form_is_exact(run):
    ns = ns_of(run, "stable_cross_entropy")
    logits, labels = ns["logits"], ns["labels"]
    assert np.isinf(ns["naive"][0])
    clipped = stable_cross_entropy.clipped_binary_cross_entropy(logits, labels)
    assert clipped[0] == pytest.approx(-np.log(1e-15)) and clipped[1] == pytest.approx(-np.log(1e-15))
    exact = stable_cross_entropy.binary_cross_entropy_from_logits(logits, labels)
    assert exact[0] == 800.0 and exact[1] == pytest.approx(40.0)
    assert np.isnan(ns["naive_softmax"][0])
    assert np.isfinite(ns["big_logits"] - logsumexp(ns["big_logits"])).all()


def test_a_clipped_example_has_zero_gradient_and_the_exact_one_does_not():
    z, step, label = np.array([-800.0, -40.0]), 1e-3, np.array([1, 1])
    clipped = stable_cross_entropy.clipped_binary_cross_entropy
    exact = stable_cross_entropy.binary_cross_entropy_from_logits
    assert np.all(clipped(z + step, label) - clipped(z - step, label) == 0)
    slope = (exact(z + step, label) - exact(z - step, label)) / (2 * step)
    assert slope == pytest.approx([-1.0, -1.0])


@no_deadline
@given(st.floats(-15, 15), st.sampled_from([0, 1]))
def test_logit_form_equals_the_probability_form_where_both_are_safe(z, y):
    p = expit(z)
    direct = -(y * np.log(p) + (1 - y) * np.log1p(-p))
    from_logits = stable_cross_entropy.binary_cross_entropy_from_logits(np.array([z]), np.array([y]))[0]
    assert from_logits == pytest.approx(direct, rel=1e-7, abs=1e-12)  # 1 - p loses digits as z grows


# --- losses as noise models ---------------------------------------------------------------


def test_gaussian_mle_of_a_regression_is_least_squares(run):
    ns = ns_of(run, "mse_is_gaussian_mle")
    assert np.max(np.abs(ns["least_squares"] - ns["mle"][:-1])) < 1e-5
    assert np.exp(2 * ns["mle"][-1]) == pytest.approx(ns["mean_squared_residual"], rel=1e-5)


def test_huber_density_is_a_density_and_its_tails_are_heavy(run):
    total, _ = quad(loss_noise_models.huber_density, -np.inf, np.inf)
    assert total == pytest.approx(1.0, abs=1e-9)
    tail, _ = quad(loss_noise_models.huber_density, 4, np.inf)
    assert loss_noise_models.huber_tail_probability(4) == pytest.approx(2 * tail, rel=1e-9)
    ns = ns_of(run, "loss_noise_models")
    gaussian = 2 * ns["norm"].sf(4)
    for heavy in (2 * ns["laplace"].sf(4), loss_noise_models.huber_tail_probability(4)):
        assert 100 < heavy / gaussian < 1000  # "hundreds of times more probable"


@no_deadline
@given(st.floats(0.1, 3), st.lists(st.floats(-10, 10), min_size=2, max_size=20))
def test_huber_loss_is_minus_log_density_up_to_a_constant(delta, residuals):
    r = np.array(residuals)
    total = loss_noise_models.huber_loss(r, delta) + np.log(loss_noise_models.huber_density(r, delta))
    assert np.allclose(total, total[0])


def test_outliers_pull_the_squared_loss_fit_but_not_the_robust_fits(run):
    gaps = ns_of(run, "robust_regression")["gaps"]
    assert gaps["squared"] > 4 * max(gaps["absolute"], gaps["huber"])
    assert max(gaps["absolute"], gaps["huber"]) < 0.3


def test_robust_fits_win_on_most_data_sets_not_only_on_the_page():
    wins = 0
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
        wins += gap["huber"] < gap["squared"] and gap["absolute"] < gap["squared"]
    assert wins >= 18


def test_absolute_loss_is_not_robust_to_outliers_in_x():
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 10, 60)
    y = 2.0 + 0.5 * x + rng.normal(0, 1.0, 60)
    y[np.argsort(x)[-6:]] = -10.0  # wild values at the largest x: high leverage
    slope = robust_regression.fit_line(x, y, "absolute")[1]
    assert abs(slope - 0.5) > 0.1


def test_fit_line_matches_lstsq_without_outliers():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 200)
    y = 1.0 - 0.3 * x + rng.normal(0, 0.1, 200)
    for loss in ("squared", "absolute", "huber"):
        assert robust_regression.fit_line(x, y, loss) == pytest.approx([1.0, -0.3], abs=0.05)


# --- MAP: ridge and lasso -----------------------------------------------------------------


def test_ridge_beats_ols_on_the_page(run):
    errors = ns_of(run, "ridge_vs_ols")["errors"]
    ols, ridge, zero_guess = errors["correlated features"]
    assert ols > zero_guess, "OLS does worse than the guess w = 0"
    assert 0.35 < ridge / ols < 0.65, "ridge roughly halves the error"
    ols, ridge, _ = errors["more features than samples"]
    assert 0.9 < ridge / ols < 1, "better, but only slightly"


def test_ridge_beats_ols_with_correlated_features_on_other_seeds_too():
    for seed in range(30):
        rng = np.random.default_rng(seed)
        x, y, w = ridge_vs_ols.simulate_regression(rng, 100, 50, 0.95, 1.0, 0.5)
        ols = np.linalg.lstsq(x, y, rcond=None)[0]
        ridge = ridge_vs_ols.ridge_weights(x, y, 4.0)
        assert np.linalg.norm(ridge - w) < np.linalg.norm(ols - w)


def test_with_more_features_than_samples_both_estimates_lie_in_the_row_space():
    rng = np.random.default_rng(1)
    x, y, _ = ridge_vs_ols.simulate_regression(rng, 50, 100, 0.0, 1.0, 0.5)
    projector = np.linalg.pinv(x) @ x  # orthogonal projection on the row space of X
    for estimate in (np.linalg.lstsq(x, y, rcond=None)[0], ridge_vs_ols.ridge_weights(x, y, 4.0)):
        assert np.allclose(projector @ estimate, estimate, atol=1e-8)


def test_ridge_solves_the_penalised_normal_equations():
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(30, 5)), rng.normal(size=30)
    w = ridge_vs_ols.ridge_weights(x, y, 2.5)
    assert np.allclose(x.T @ (y - x @ w), 2.5 * w)


def test_lasso_gives_exact_zeros_and_finds_the_five_real_features(run):
    ns = ns_of(run, "lasso_sparsity")
    lasso, ridge = ns["lasso"], ns["ridge"]
    assert np.all(lasso[:5] != 0)
    assert np.sum(lasso[5:] == 0) >= 40, "most of the 45 irrelevant weights are exactly zero"
    assert np.sum(ridge == 0) == 0
    assert ns["lasso_error"] < ns["ridge_error"]


def test_lasso_solution_satisfies_the_optimality_conditions(run):
    ns = ns_of(run, "lasso_sparsity")
    x, y, w, penalty = ns["features"], ns["targets"], ns["lasso"], ns["penalty"]
    correlation = x.T @ (y - x @ w)
    zero, active = w == 0, w != 0
    assert np.all(np.abs(correlation[zero]) <= penalty + 1e-6)
    assert np.allclose(correlation[active], penalty * np.sign(w[active]), atol=1e-6)


@no_deadline
@given(st.lists(st.floats(-10, 10), min_size=1, max_size=20), st.floats(0, 5))
def test_soft_threshold_shrinks_by_the_threshold_or_to_exact_zero(values, threshold):
    v = np.array(values)
    out = lasso_sparsity.soft_threshold(v, threshold)
    assert np.all(out[np.abs(v) <= threshold] == 0)
    big = np.abs(v) > threshold
    assert np.allclose(np.abs(out[big]), np.abs(v[big]) - threshold)


def test_lasso_with_zero_penalty_is_least_squares():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(40, 4)), rng.normal(size=40)
    w = lasso_sparsity.lasso_proximal_gradient(x, y, 0.0)
    assert np.allclose(w, np.linalg.lstsq(x, y, rcond=None)[0], atol=1e-6)


# --- consistency and efficiency -----------------------------------------------------------


def test_rate_mle_converges_at_the_root_n_rate(run):
    ns = ns_of(run, "consistency")
    estimates, rate, tolerance = ns["estimates"], ns["rate"], ns["tolerance"]
    errors = {n: np.abs(estimates[:, n - 1] - rate) for n in ns["checkpoints"]}
    mean_errors = [errors[n].mean() for n in ns["checkpoints"]]
    ratios = np.array(mean_errors[:-1]) / np.array(mean_errors[1:])
    assert np.all(np.abs(ratios / np.sqrt(10) - 1) < 0.3), ratios
    assert np.mean(errors[10] > tolerance) > 0.5
    assert np.mean(errors[10_000] > tolerance) == 0


def test_rate_mle_is_biased_upward_by_n_over_n_minus_1(run):
    ns = ns_of(run, "consistency")
    at_10 = ns["estimates"][:, 9]
    standard_error = at_10.std(ddof=1) / np.sqrt(at_10.size)
    assert abs(at_10.mean() - 10 / 9 * ns["rate"]) < 4 * standard_error
    assert at_10.mean() > ns["rate"]


def test_sample_mean_variance_is_the_cramer_rao_bound_within_5_percent(run):
    ns = ns_of(run, "cramer_rao_mean")
    for n, ratio in ns["ratios"].items():
        assert abs(ratio - 1) < 0.05, n
        # and within 4 Monte Carlo standard errors, sqrt(2/(R-1)) for a variance ratio
        assert abs(ratio - 1) < 4 * np.sqrt(2 / (ns["repetitions"] - 1)), n


def test_median_is_less_efficient_with_ratio_near_pi_over_2(run):
    ns = ns_of(run, "median_efficiency")
    ratios = ns["ratios"]
    assert all(r > 1.3 for r in ratios.values())
    assert abs(ratios[max(ratios)] / (np.pi / 2) - 1) < 0.05


def test_median_efficiency_helper_on_known_data():
    samples = np.array([[1.0, 2.0, 9.0], [0.0, 4.0, 5.0]])
    var_mean, var_median = median_efficiency.mean_and_median_variances(samples)
    assert var_mean == pytest.approx(np.var([4.0, 3.0], ddof=1))
    assert var_median == pytest.approx(np.var([2.0, 4.0], ddof=1))


# --- Bayes --------------------------------------------------------------------------------


def test_map_and_posterior_mean_lie_between_prior_and_mle_and_the_interval_holds_95(run):
    ns = ns_of(run, "beta_posterior")
    prior_mode = (ns["prior_a"] - 1) / (ns["prior_a"] + ns["prior_b"] - 2)
    prior_mean = ns["prior_a"] / (ns["prior_a"] + ns["prior_b"])
    assert prior_mode < ns["map_estimate"] < ns["mle"]
    assert prior_mean < ns["posterior_mean"] < ns["mle"]
    mass = beta.cdf(ns["high"], ns["post_a"], ns["post_b"]) - beta.cdf(ns["low"], ns["post_a"], ns["post_b"])
    assert mass == pytest.approx(0.95, abs=1e-9)
    grid = np.linspace(0.001, 0.999, 9981)
    assert grid[np.argmax(beta.pdf(grid, ns["post_a"], ns["post_b"]))] == pytest.approx(
        ns["map_estimate"], abs=1e-4
    )
    assert ns["high"] - ns["low"] > 0.25, "after 20 visits the rate is still uncertain"


# --- the training loop ----------------------------------------------------------------------


def test_gradient_descent_lowers_the_loss_every_epoch_and_reaches_the_mle(run):
    ns = ns_of(run, "logistic_training_loop")
    for name, (weights, history, reference) in ns["fits"].items():
        assert np.all(np.diff(history) <= 1e-15), name
        assert history[10] - history[-1] < 1e-3, name
        assert np.max(np.abs(weights - reference)) < 5e-5, name


def test_logistic_mle_is_within_sampling_error_of_the_truth_and_map_shrinks(run):
    ns = ns_of(run, "logistic_training_loop")
    x, mle = ns["features"], ns["fits"]["MLE"][0]
    p = expit(x @ mle)
    covariance = np.linalg.inv(x.T @ (x * (p * (1 - p))[:, None]))  # inverse Fisher information
    z = (mle - ns["true_weights"]) / np.sqrt(np.diag(covariance))
    assert np.all(np.abs(z) < 3), z
    map_weights = ns["fits"]["MAP, l2 = 0.01"][0]
    assert np.all(np.abs(map_weights) < np.abs(mle))


def test_a_much_smaller_step_ends_far_from_the_mle(run):
    ns = ns_of(run, "logistic_training_loop")
    x, y, mle = ns["features"], ns["labels"], ns["fits"]["MLE"][2]
    step = 1 / (300 * np.linalg.eigvalsh(x.T @ x)[-1] / (4 * y.size))
    w = np.zeros(3)
    for _ in range(1000):
        w = w - step * logistic_training_loop.logistic_gradient(w, x, y)
    assert np.linalg.norm(w - mle) > 0.2 * np.linalg.norm(mle)


def test_logistic_gradient_matches_finite_differences():
    rng = np.random.default_rng(5)
    x, y, w = rng.normal(size=(30, 3)), (rng.random(30) < 0.5).astype(float), rng.normal(size=3)
    step = 1e-6
    numeric = [
        (
            logistic_training_loop.logistic_loss(w + step * e, x, y, 0.1)
            - logistic_training_loop.logistic_loss(w - step * e, x, y, 0.1)
        )
        / (2 * step)
        for e in np.eye(3)
    ]
    assert logistic_training_loop.logistic_gradient(w, x, y, 0.1) == pytest.approx(numeric, abs=1e-6)


# --- exercises ------------------------------------------------------------------------------


def test_divide_by_n_plus_1_has_the_smallest_mse_as_theory_says(run):
    ns = ns_of(run, "exercise_variance_divisors")
    n, sigma2, simulated = ns["n"], ns["sigma2"], ns["simulated"]
    exact = {d: exercise_variance_divisors.variance_estimator_mse_theory(n, sigma2, d) for d in simulated}
    assert exact[n - 1] == pytest.approx(2 / (n - 1)) and exact[n + 1] == pytest.approx(2 / (n + 1))
    assert exact[n] == pytest.approx((2 * n - 1) / n**2)
    assert exact[n + 1] < exact[n] < exact[n - 1]
    for d, mse in simulated.items():
        errors = (ns["sum_of_squares"] / d - sigma2) ** 2
        assert abs(mse - exact[d]) < 4 * errors.std(ddof=1) / np.sqrt(errors.size)
    assert simulated[n + 1] < simulated[n] < simulated[n - 1]


def test_sample_proportion_attains_the_bernoulli_bound(run):
    ns = ns_of(run, "exercise_bernoulli_fisher")
    for n, ratio in ns["ratios"].items():
        assert abs(ratio - 1) < 4 * np.sqrt(2 / ns["repetitions"]) + 0.01, n
    assert np.var(ns["score"], ddof=1) == pytest.approx(
        exercise_bernoulli_fisher.bernoulli_fisher_information(ns["p"], 500), rel=0.03
    )


def test_laplace_mle_is_the_median_and_the_mean_is_dragged_away(run):
    ns = ns_of(run, "exercise_laplace_median")
    assert abs(ns["best"] - np.median(ns["data"])) <= 0.0005 + 1e-12
    assert ns["data"].mean() - np.median(ns["data"]) > 1


@no_deadline
@given(st.lists(st.floats(-50, 50), min_size=1, max_size=15).filter(lambda v: len(v) % 2 == 1))
def test_laplace_nll_is_smallest_at_the_median_for_odd_samples(values):
    data = np.array(values)
    median = np.median(data)
    nll = exercise_laplace_median.laplace_negative_log_likelihood
    assert nll(median, data) <= nll(median + 0.01, data) and nll(median, data) <= nll(median - 0.01, data)


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
        (lambda: logistic_training_loop.logistic_loss(np.zeros(2), np.ones((3, 2)), np.ones(3), -1), "l2"),
        (lambda: logistic_training_loop.gradient_descent(np.ones((3, 2)), np.array([0, 1, 2])), "0 or 1"),
        (lambda: exercise_variance_divisors.variance_estimator_mse_theory(1, 1.0, 1), "n ≥ 2"),
        (lambda: exercise_bernoulli_fisher.bernoulli_fisher_information(1.0, 10), "0 < p < 1"),
        (lambda: exercise_laplace_median.laplace_negative_log_likelihood(0.0, np.array([])), "non-empty"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()
