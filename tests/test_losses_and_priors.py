"""Claims of the lesson "Losses are likelihoods, regularisers are priors", checked on real results.

Each claim test names the claims of docs/losses-and-priors.md it asserts. Tolerances follow the
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
from scipy.special import expit, logsumexp, softmax

from engine import run_snippet
from snippets.losses_and_priors import (
    bernoulli_mle,
    beta_posterior,
    cross_entropy_is_nll,
    exercise_laplace_median,
    exercise_softmax_gradient,
    gaussian_mle,
    lasso_sparsity,
    logistic_training_loop,
    loss_noise_models,
    mse_is_gaussian_mle,
    ridge_path,
    ridge_vs_ols,
    robust_regression,
    stable_cross_entropy,
)

SNIPPETS = "snippets/losses_and_priors/"
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


# --- maximum likelihood -------------------------------------------------------------------


@pytest.mark.claim("losses-and-priors/three-routes-agree")
def test_gaussian_closed_form_matches_norm_fit_and_a_numerical_minimiser_to_the_printed_digits(run):
    result = run(SNIPPETS + "gaussian_mle.py")
    printed = {
        route: re.search(rf"{route}:\s+mu_hat = (\S+)\s+sigma_hat² = (\S+)", result.stdout).groups()
        for route in ("closed-form MLE", "scipy norm.fit", "BFGS on the NLL")
    }
    assert len(set(printed.values())) == 1, printed
    assert result.namespace["gap"] < 1e-12, "norm.fit: floating-point precision"


@pytest.mark.claim("losses-and-priors/bessel-negligible-at-1000")
def test_bessel_factor_at_1000_values_is_a_tenth_of_a_percent(run):
    ns = ns_of(run, "gaussian_mle")
    ratio = np.var(ns["data"], ddof=1) / ns["sigma2_hat"]
    assert ratio == pytest.approx(1000 / 999, rel=1e-12)
    assert round(100 * (ratio - 1), 1) == 0.1


@settings(max_examples=30)
@given(st.integers(0, 10_000))
def test_gaussian_nll_is_smallest_at_the_closed_form(seed):
    data = np.random.default_rng(seed).normal(1.0, 2.0, 20)
    best = np.array([data.mean(), 0.5 * np.log(np.var(data))])
    nll = gaussian_mle.gaussian_negative_log_likelihood(best, data)
    for shift in ([0.01, 0], [-0.01, 0], [0, 0.01], [0, -0.01]):
        assert nll < gaussian_mle.gaussian_negative_log_likelihood(best + shift, data)


@pytest.mark.claim("losses-and-priors/numerical-minimiser-finds-k-over-n")
def test_bernoulli_numerical_mle_is_the_sample_proportion(run):
    result = run(SNIPPETS + "bernoulli_mle.py")
    ns = result.namespace
    assert abs(ns["numerical"].x - ns["k"] / ns["n"]) < 5e-7, "the six printed decimals"
    assert re.search(r"closed form k/n:\s+p̂ = (\S+)", result.stdout).group(1) == re.search(
        r"numerical minimum of NLL:\s+p̂ = (\S+)", result.stdout
    ).group(1)
    # rounding: the score adds two terms of size n; a few units of 2.2e-16 times n
    assert abs(ns["score"]) < 1e3 * np.finfo(float).eps * ns["n"]


@pytest.mark.claim("losses-and-priors/bernoulli-mle-is-k-over-n")
@no_deadline
@given(st.integers(1, 200), st.data())
def test_bernoulli_nll_is_smallest_at_k_over_n(n, data):
    k = data.draw(st.integers(0, n))
    outcomes = np.array([1] * k + [0] * (n - k))
    grid = np.linspace(0, 1, 401)
    nll = [bernoulli_mle.bernoulli_negative_log_likelihood(p, outcomes) for p in grid]
    assert abs(grid[np.argmin(nll)] - k / n) <= 0.00125 + 1e-12


@pytest.mark.claim("losses-and-priors/bernoulli-mle-is-k-over-n")
def test_bernoulli_mle_at_the_boundary_is_0_or_1():
    nll = bernoulli_mle.bernoulli_negative_log_likelihood
    grid = np.linspace(0, 1, 1001)
    for outcomes, mle in ((np.zeros(12, int), 0.0), (np.ones(12, int), 1.0)):
        values = np.array([nll(p, outcomes) for p in grid])
        assert np.all(np.diff(values) > 0) if mle == 0 else np.all(np.diff(values) < 0), "monotone"
        assert nll(mle, outcomes) == 0.0


# --- cross-entropy ------------------------------------------------------------------------


@pytest.mark.claim("losses-and-priors/categorical-cross-entropy-is-the-nll")
def test_categorical_cross_entropy_equals_the_multinomial_nll(run):
    result = run(SNIPPETS + "cross_entropy_is_nll.py")
    ns = result.namespace
    categorical = cross_entropy_is_nll.categorical_cross_entropy(ns["logits"], ns["classes"])
    assert categorical == pytest.approx(ns["nll"], rel=1e-12)
    assert ns["logits"].shape == (4, 3)
    assert len(set(re.findall(r"(\d\.\d{6})", result.stdout.split("categorical")[1]))) == 1


@pytest.mark.claim(
    "losses-and-priors/interview-cross-entropy-is-the-nll",
    "losses-and-priors/categorical-cross-entropy-is-the-nll",
)
@no_deadline
@given(st.integers(1, 20), st.integers(2, 6), st.integers(0, 10_000))
def test_categorical_cross_entropy_is_minus_mean_log_softmax(rows, classes, seed):
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 3, size=(rows, classes))
    labels = rng.integers(0, classes, rows)
    expected = -np.mean(np.log(softmax(logits, axis=1)[np.arange(rows), labels]))
    assert cross_entropy_is_nll.categorical_cross_entropy(logits, labels) == pytest.approx(expected)


@pytest.mark.claim("losses-and-priors/naive-loss-is-infinite", "losses-and-priors/logit-form-is-exact")
def test_naive_loss_is_infinite_where_the_logit_form_is_exact(run):
    ns = ns_of(run, "stable_cross_entropy")
    logits, labels = ns["logits"], ns["labels"]
    assert logits[0] == -800 and np.isinf(ns["naive"][0])
    exact = stable_cross_entropy.binary_cross_entropy_from_logits(logits, labels)
    assert exact[0] == 800.0 and exact[1] == pytest.approx(40.0)


@pytest.mark.claim("losses-and-priors/clipping-caps-the-loss", "losses-and-priors/checkpoint-2-clipping")
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


@pytest.mark.claim(
    "losses-and-priors/clipped-example-has-no-gradient", "losses-and-priors/checkpoint-2-clipping"
)
def test_a_clipped_example_has_zero_gradient_and_the_exact_one_does_not():
    z, step, label = np.array([-800.0, -40.0]), 1e-3, np.array([1, 1])
    clipped = stable_cross_entropy.clipped_binary_cross_entropy
    exact = stable_cross_entropy.binary_cross_entropy_from_logits
    assert np.all(clipped(z + step, label) - clipped(z - step, label) == 0)
    slope = (exact(z + step, label) - exact(z - step, label)) / (2 * step)
    assert slope == pytest.approx([-1.0, -1.0])


@pytest.mark.claim("losses-and-priors/log-softmax-is-exact")
def test_naive_softmax_gives_nan_and_log_softmax_is_exact(run):
    ns = ns_of(run, "stable_cross_entropy")
    assert np.isnan(ns["naive_softmax"][0])
    assert np.array_equal(ns["big_logits"] - logsumexp(ns["big_logits"]), [0.0, -1000.0, -2000.0])


# --- losses as noise models ---------------------------------------------------------------


@pytest.mark.claim("losses-and-priors/regression-mle-is-least-squares")
def test_gaussian_mle_of_a_regression_is_least_squares(run):
    result = run(SNIPPETS + "mse_is_gaussian_mle.py")
    ns = result.namespace
    assert np.max(np.abs(ns["least_squares"] - ns["mle"][:-1])) < 1e-5
    assert np.exp(2 * ns["mle"][-1]) == pytest.approx(ns["mean_squared_residual"], rel=1e-5)
    weights = re.findall(r"\[([^\]]+)\]", result.stdout)
    assert weights[1] == weights[2], "least squares and BFGS print the same weights"
    printed = re.search(r"MLE sigma_hat² = (\S+), mean squared residual = (\S+)", result.stdout)
    sigma2, residual = printed.groups()
    assert sigma2 == residual


@pytest.mark.claim("losses-and-priors/noise-variance-does-not-move-the-weights")
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


@pytest.mark.claim("losses-and-priors/huber-normaliser")
def test_huber_density_integrates_to_one_with_the_closed_form_normaliser():
    for delta in (0.3, 1.0, 2.5):
        total, _ = quad(loss_noise_models.huber_density, -np.inf, np.inf, args=(delta,))
        assert total == pytest.approx(1.0, abs=1e-9), delta
    tail, _ = quad(loss_noise_models.huber_density, 4, np.inf)
    assert loss_noise_models.huber_tail_probability(4) == pytest.approx(2 * tail, rel=1e-9)


@pytest.mark.claim("losses-and-priors/tails-hundreds-of-times-heavier")
def test_a_deviation_beyond_4_is_hundreds_of_times_likelier_under_heavy_tails(run):
    ns = ns_of(run, "loss_noise_models")
    gaussian = 2 * ns["norm"].sf(4)
    for heavy in (2 * ns["laplace"].sf(4), loss_noise_models.huber_tail_probability(4)):
        assert 100 <= heavy / gaussian < 1000  # "hundreds of times more probable"


@pytest.mark.claim("losses-and-priors/log-densities-parabola-and-lines")
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


@pytest.mark.claim("losses-and-priors/huber-force-is-clipped")
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
    "losses-and-priors/squared-loss-fits-the-mean",
    "losses-and-priors/absolute-loss-fits-the-median",
    "losses-and-priors/huber-fits-between",
    "losses-and-priors/skewed-noise-separates-the-fits",
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


@pytest.mark.claim("losses-and-priors/symmetric-noise-same-line")
def test_with_symmetric_noise_the_three_losses_find_the_same_line():
    x, y = _line_with_noise("laplace")
    for loss in ("squared", "absolute", "huber"):
        intercept, slope = robust_regression.fit_line(x, y, loss)
        assert abs(intercept - 1.0) < CENTRE_TOLERANCE and abs(slope - 0.5) < 0.02, loss


@pytest.mark.claim("losses-and-priors/squared-line-pulled-down")
def test_the_squared_loss_line_lies_below_the_true_line_everywhere(run):
    ns = ns_of(run, "robust_regression")
    a, b = ns["fits"]["squared"]
    for x in (0.0, 10.0):  # a line below another at both ends is below it in between
        assert a + b * x < ns["true_line"][0] + ns["true_line"][1] * x - 1


@pytest.mark.claim(
    "losses-and-priors/robust-lines-six-times-closer", "losses-and-priors/checkpoint-1-robust-losses"
)
def test_robust_lines_are_more_than_six_times_closer_in_this_run(run):
    result = run(SNIPPETS + "robust_regression.py")
    gaps = result.namespace["gaps"]
    assert gaps["squared"] > 6 * max(gaps["absolute"], gaps["huber"])
    for number in ("1.504", "0.176", "0.224"):
        assert f"RMS gap to truth {number}" in result.stdout


@pytest.mark.claim("losses-and-priors/robust-lines-win-on-other-data")
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


@pytest.mark.claim("losses-and-priors/leverage-tilts-robust-lines")
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


@pytest.mark.claim(
    "losses-and-priors/map-depends-on-the-parametrisation", "losses-and-priors/log-odds-mode-differs"
)
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
    "losses-and-priors/ridge-is-the-gaussian-map",
    "losses-and-priors/ridge-map-is-the-posterior-mean",
    "losses-and-priors/interview-ridge-and-lasso-are-map",
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


@pytest.mark.claim("losses-and-priors/ridge-is-the-gaussian-map")
def test_ridge_solves_the_penalised_normal_equations():
    x, y = _random_regression(2, 30, 5)
    w = ridge_vs_ols.ridge_weights(x, y, 2.5)
    assert np.allclose(x.T @ (y - x @ w), 2.5 * w)


@pytest.mark.claim("losses-and-priors/mean-loss-penalty-gamma")
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


@pytest.mark.claim(
    "losses-and-priors/wide-design-has-no-unique-mle", "losses-and-priors/both-miss-the-null-space"
)
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


@pytest.mark.claim("losses-and-priors/ridge-halves-the-ols-error")
def test_with_correlated_features_ols_is_worse_than_zero_and_ridge_halves_its_error(run):
    result = run(SNIPPETS + "ridge_vs_ols.py")
    ols, ridge, zero_guess = result.namespace["errors"]["correlated features"]
    assert ols > zero_guess, "OLS does worse than the guess w = 0"
    assert 0.4 < ridge / ols < 0.6, "ridge halves the error (within ±20%)"
    assert "3.082      4.769        2.309" in result.stdout


@pytest.mark.claim("losses-and-priors/ridge-wins-on-other-data")
def test_ridge_beats_ols_with_correlated_features_on_30_more_data_sets():
    for seed in range(30):
        rng = np.random.default_rng(seed)
        x, y, w = ridge_vs_ols.simulate_regression(rng, 100, 50, 0.95, 1.0, 0.5)
        ols = np.linalg.lstsq(x, y, rcond=None)[0]
        ridge = ridge_vs_ols.ridge_weights(x, y, 4.0)
        assert np.linalg.norm(ridge - w) < np.linalg.norm(ols - w), seed


@pytest.mark.claim("losses-and-priors/ridge-only-slightly-better-when-wide")
def test_with_more_features_than_samples_ridge_is_only_slightly_better(run):
    result = run(SNIPPETS + "ridge_vs_ols.py")
    ols, ridge, _ = result.namespace["errors"]["more features than samples"]
    assert 0.98 < ridge / ols < 1, "better, by about 1%"
    assert "3.672        3.642" in result.stdout


@pytest.mark.claim(
    "losses-and-priors/ridge-path-lowest-at-sigma2-over-tau2", "losses-and-priors/checkpoint-3-ridge-penalty"
)
def test_the_average_ridge_error_is_lowest_at_the_grid_point_nearest_sigma2_over_tau2(run):
    result = run(SNIPPETS + "ridge_path.py")
    ns = result.namespace
    penalties, average, best = ns["penalties"], ns["errors"].mean(axis=0), ns["best"]
    assert best == pytest.approx(ns["noise_sd"] ** 2 / ns["prior_sd"] ** 2) == 4.0
    nearest = np.argmin(np.abs(np.log(penalties) - np.log(best)))
    assert np.argmin(average) == nearest and f"{penalties[nearest]:.2f}" == "4.22"
    assert "lowest average on the grid at λ = 4.22; σ²/τ² = 4.0" in result.stdout
    # the figure: the average curve, the band of the middle 80% and the dotted line at σ²/τ²
    ax = ns["ax"]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert np.allclose(lines["ridge, mean"].get_ydata(), average)
    assert np.allclose(lines["λ = σ²/τ²"].get_xdata(), best)
    assert np.allclose(lines["OLS (MLE), mean"].get_ydata(), ns["ols_errors"].mean())
    (band,) = ax.collections
    top = band.get_paths()[0].vertices[:, 1].max()
    assert top == pytest.approx(np.quantile(ns["errors"], 0.9, axis=0).max())
    assert ax.get_xscale() == ax.get_yscale() == "log"


@pytest.mark.claim("losses-and-priors/ridge-risk-minimised-at-sigma2-over-tau2")
def test_for_every_design_the_expected_ridge_error_is_smallest_at_sigma2_over_tau2(run):
    ns = ns_of(run, "ridge_path")
    sigma2, tau2 = ns["noise_sd"] ** 2, ns["prior_sd"] ** 2
    grid = np.geomspace(0.5, 32, 4001)

    def risk(x: np.ndarray, lam: np.ndarray) -> np.ndarray:
        e = np.linalg.eigvalsh(x.T @ x)
        return np.sum((tau2 * lam[:, None] ** 2 + sigma2 * e) / (e + lam[:, None]) ** 2, axis=1)

    rng = np.random.default_rng(0)
    designs = [ns["features"], rng.normal(size=(30, 8)), rng.normal(size=(10, 20)) * np.linspace(0.1, 5, 20)]
    for x in designs:  # the page's design, a small one, a wide one with unequal scales
        assert grid[np.argmin(risk(x, grid))] == pytest.approx(sigma2 / tau2, rel=2e-3)
    # the simulation agrees with the exact risk of the page's design, within three standard errors
    exact = risk(ns["features"], np.array([ns["best"]]))[0]
    mean, se = ns["at_best"].mean(), ns["at_best"].std(ddof=1) / np.sqrt(ns["at_best"].size)
    assert abs(mean - exact) < THREE_SE * se
    # and the exact risk on the page's grid is lowest where the simulated average is
    assert np.argmin(risk(ns["features"], ns["penalties"])) == np.argmin(ns["errors"].mean(axis=0))


@pytest.mark.claim(
    "losses-and-priors/ridge-beats-ols-on-every-data-set", "losses-and-priors/checkpoint-3-ridge-penalty"
)
def test_ridge_at_sigma2_over_tau2_beats_ols_in_every_replicate_and_the_zero_guess_on_average(run):
    result = run(SNIPPETS + "ridge_path.py")
    ns = result.namespace
    at_best, ols, zero = ns["at_best"], ns["ols_errors"], (ns["weights"] ** 2).sum(axis=1)
    assert at_best.size == 200 and np.all(at_best < ols)
    assert at_best.mean() < zero.mean() < ols.mean()
    assert 0.3 < at_best.mean() / ols.mean() < 0.36, "a third"
    assert "OLS 19.67, ridge at σ²/τ² 6.21, ŵ = 0 12.36" in result.stdout
    assert "closer than OLS in 100% of the replicates" in result.stdout
    # the helper's OLS is lstsq's, and its ridge the closed form, on one replicate
    x, y, w = ns["features"], ns["targets"][0], ns["weights"][0]
    assert ols[0] == pytest.approx(np.sum((np.linalg.lstsq(x, y, rcond=None)[0] - w) ** 2))
    assert at_best[0] == pytest.approx(np.sum((ridge_vs_ols.ridge_weights(x, y, 4.0) - w) ** 2))


@pytest.mark.claim("losses-and-priors/ridge-spread-is-narrow")
def test_the_middle_80_percent_of_errors_is_narrow_for_ridge_and_wide_for_ols(run):
    result = run(SNIPPETS + "ridge_path.py")
    ns = result.namespace
    ols = np.quantile(ns["ols_errors"], [0.1, 0.9])
    ridge = np.quantile(ns["at_best"], [0.1, 0.9])
    assert [f"{v:.1f}" for v in (*ols, *ridge)] == ["13.6", "26.2", "4.6", "8.0"]
    assert "OLS 13.6 to 26.2, ridge at σ²/τ² 4.6 to 8.0" in result.stdout
    assert ridge[1] < ols[0], "the two ranges do not even overlap"


@pytest.mark.claim("losses-and-priors/ridge-path-limits")
def test_the_ends_of_the_ridge_path_approach_ols_and_the_zero_guess(run):
    ns = ns_of(run, "ridge_path")
    average, penalties = ns["errors"].mean(axis=0), ns["penalties"]
    assert penalties[0] == pytest.approx(0.01) and penalties[-1] == pytest.approx(1000)
    assert abs(average[0] / ns["ols_errors"].mean() - 1) < 0.02
    assert abs(average[-1] / (ns["weights"] ** 2).sum(axis=1).mean() - 1) < 0.03


@pytest.mark.claim(
    "losses-and-priors/lasso-is-the-laplace-map", "losses-and-priors/interview-ridge-and-lasso-are-map"
)
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


@pytest.mark.claim(
    "losses-and-priors/lasso-optimality-conditions", "losses-and-priors/ista-reaches-the-minimiser"
)
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


@pytest.mark.claim("losses-and-priors/laplace-posterior-mean-is-not-sparse")
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


@pytest.mark.claim("losses-and-priors/laplace-is-peaked-and-heavy-tailed")
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


@pytest.mark.claim("losses-and-priors/soft-threshold-gives-exact-zeros")
@no_deadline
@given(st.lists(st.floats(-10, 10), min_size=1, max_size=20), st.floats(0, 5))
def test_soft_threshold_shrinks_by_the_threshold_or_to_exact_zero(values, threshold):
    v = np.array(values)
    out = lasso_sparsity.soft_threshold(v, threshold)
    assert np.all(out[np.abs(v) <= threshold] == 0)
    big = np.abs(v) > threshold
    assert np.allclose(np.abs(out[big]), np.abs(v[big]) - threshold)


@pytest.mark.claim("losses-and-priors/ista-reaches-the-minimiser")
def test_lasso_with_zero_penalty_is_least_squares():
    x, y = _random_regression(3, 40, 4)
    w = lasso_sparsity.lasso_proximal_gradient(x, y, 0.0)
    assert np.allclose(w, np.linalg.lstsq(x, y, rcond=None)[0], atol=1e-6)


@pytest.mark.claim("losses-and-priors/lasso-zeros-ridge-none", "losses-and-priors/checkpoint-4-lasso-zeros")
def test_lasso_zeros_44_irrelevant_weights_and_keeps_the_5_real_ones(run):
    result = run(SNIPPETS + "lasso_sparsity.py")
    ns = result.namespace
    lasso, ridge = ns["lasso"], ns["ridge"]
    assert ns["penalty"] == 20
    assert np.all(lasso[:5] != 0)
    assert np.sum(lasso[5:] == 0) == 44
    assert np.sum(ridge == 0) == 0
    assert "exact zeros out of 50: lasso 44, ridge 0" in result.stdout


@pytest.mark.claim("losses-and-priors/ridge-shrinks-the-norm")
def test_ridge_shrinks_the_norm_but_not_every_weight(run):
    ns = ns_of(run, "lasso_sparsity")
    ols = np.linalg.lstsq(ns["features"], ns["targets"], rcond=None)[0]
    ridge = ns["ridge"]
    assert np.linalg.norm(ridge) < np.linalg.norm(ols)
    assert np.sum(np.abs(ridge) > np.abs(ols)) == 19


@pytest.mark.claim("losses-and-priors/lasso-error-is-smaller")
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


@pytest.mark.claim("losses-and-priors/lasso-wins-on-other-data")
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


@pytest.mark.claim("losses-and-priors/weight-decay-is-the-l2-step")
def test_an_sgd_step_on_the_penalised_loss_is_a_weight_decay_step():
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(30, 3)), (rng.random(30) < 0.5).astype(float)
    for _ in range(20):
        w, step, gamma = rng.normal(size=3), rng.uniform(0.01, 1), rng.uniform(0, 0.5)
        penalised = w - step * logistic_training_loop.logistic_gradient(w, x, y, gamma)
        decayed = (1 - step * gamma) * w - step * logistic_training_loop.logistic_gradient(w, x, y)
        assert np.allclose(penalised, decayed, atol=1e-14)


# --- Bayes --------------------------------------------------------------------------------


@pytest.mark.claim("losses-and-priors/interval-is-still-wide")
def test_credible_interval_after_20_visits_spans_a_factor_of_three(run):
    result = run(SNIPPETS + "beta_posterior.py")
    ns = result.namespace
    mass = stats.beta.cdf(ns["high"], ns["post_a"], ns["post_b"]) - stats.beta.cdf(
        ns["low"], ns["post_a"], ns["post_b"]
    )
    assert mass == pytest.approx(0.95, abs=1e-9)
    assert ns["trials"] == 20 and ns["high"] > 3 * ns["low"]
    assert "95% credible interval: [0.127, 0.435]" in result.stdout


@pytest.mark.claim("losses-and-priors/posterior-probability-above-0-2")
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


@pytest.mark.claim("losses-and-priors/logistic-gradient")
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


@pytest.mark.claim("losses-and-priors/logistic-curvature-bound")
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


@pytest.mark.claim(
    "losses-and-priors/gradient-descent-converges", "losses-and-priors/loss-falls-and-levels-off"
)
def test_gradient_descent_lowers_the_loss_every_epoch_and_levels_off_by_epoch_10(run):
    ns = ns_of(run, "logistic_training_loop")
    for name, (_, history, _) in ns["fits"].items():
        assert np.all(np.diff(history) <= 1e-15), name
        assert history[10] - history[-1] < 1e-3, name


@pytest.mark.claim("losses-and-priors/gradient-descent-converges")
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


@pytest.mark.claim("losses-and-priors/separable-classes-have-no-mle")
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


@pytest.mark.claim("losses-and-priors/gamma-is-a-gaussian-prior")
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


@pytest.mark.claim("losses-and-priors/gamma-is-a-gaussian-prior")
def test_the_page_gamma_is_a_prior_variance_of_0_2(run):
    ns = ns_of(run, "logistic_training_loop")
    assert "MAP, γ = 0.01" in ns["fits"]
    assert 1 / (ns["n"] * 0.01) == pytest.approx(0.2)


@pytest.mark.claim("losses-and-priors/gradient-descent-matches-scipy")
def test_gradient_descent_weights_agree_with_scipy_to_the_printed_digits(run):
    result = run(SNIPPETS + "logistic_training_loop.py")
    pairs = re.findall(r"gradient descent: (\[[^\]]+\])\s+scipy BFGS: (\[[^\]]+\])", result.stdout)
    assert len(pairs) == 2 and all(ours == scipy for ours, scipy in pairs)
    for name, (weights, _, reference) in result.namespace["fits"].items():
        assert np.max(np.abs(weights - reference)) < 5e-5, name


@pytest.mark.claim("losses-and-priors/mle-within-one-standard-error")
def test_each_mle_weight_is_within_one_standard_error_of_the_truth(run):
    result = run(SNIPPETS + "logistic_training_loop.py")
    ns = result.namespace
    x, mle = ns["features"], ns["fits"]["MLE"][0]
    p = expit(x @ mle)
    covariance = np.linalg.inv(x.T @ (x * (p * (1 - p))[:, None]))  # inverse Fisher information
    z = (mle - ns["true_weights"]) / np.sqrt(np.diag(covariance))
    assert np.all(np.abs(z) < 1), z
    assert np.allclose(ns["standard_errors"], np.sqrt(np.diag(covariance)))


@pytest.mark.claim("losses-and-priors/map-weights-pulled-to-zero")
def test_map_weights_are_smaller_than_the_mle(run):
    fits = ns_of(run, "logistic_training_loop")["fits"]
    assert np.all(np.abs(fits["MAP, γ = 0.01"][0]) < np.abs(fits["MLE"][0]))


@pytest.mark.claim("losses-and-priors/small-step-ends-far-away")
def test_a_300_times_smaller_step_ends_a_third_of_the_way_from_the_mle(run):
    ns = ns_of(run, "logistic_training_loop")
    x, y, mle = ns["features"], ns["labels"], ns["fits"]["MLE"][2]
    step = 1 / (300 * np.linalg.eigvalsh(x.T @ x)[-1] / (4 * y.size))
    w = np.zeros(3)
    for _ in range(1000):
        w = w - step * logistic_training_loop.logistic_gradient(w, x, y)
    assert 0.3 < np.linalg.norm(w - mle) / np.linalg.norm(mle) < 0.37  # "about a third"


@pytest.mark.claim("losses-and-priors/mini-batch-loss-is-unbiased")
def test_mini_batch_loss_and_gradient_average_to_the_full_ones_over_all_batches():
    rng = np.random.default_rng(2)
    x, y, w = rng.normal(size=(7, 3)), (rng.random(7) < 0.5).astype(float), rng.normal(size=3)
    batches = [list(b) for b in itertools.combinations(range(7), 3)]  # every batch of 3, equally likely
    losses = [logistic_training_loop.logistic_loss(w, x[b], y[b]) for b in batches]
    gradients = [logistic_training_loop.logistic_gradient(w, x[b], y[b]) for b in batches]
    assert np.mean(losses) == pytest.approx(logistic_training_loop.logistic_loss(w, x, y), rel=1e-12)
    assert np.allclose(np.mean(gradients, axis=0), logistic_training_loop.logistic_gradient(w, x, y))


@pytest.mark.claim("losses-and-priors/interview-map-matters-less-with-n")
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


@pytest.mark.claim("losses-and-priors/laplace-mle-is-the-median")
def test_laplace_grid_mle_is_the_median(run):
    ns = ns_of(run, "exercise_laplace_median")
    assert abs(ns["best"] - np.median(ns["data"])) <= 0.0005 + 1e-12


@pytest.mark.claim("losses-and-priors/laplace-mle-is-the-median")
@no_deadline
@given(st.lists(st.floats(-50, 50), min_size=1, max_size=15).filter(lambda v: len(v) % 2 == 1))
def test_laplace_nll_is_smallest_at_the_median_for_odd_samples(values):
    data = np.array(values)
    median = np.median(data)
    nll = exercise_laplace_median.laplace_negative_log_likelihood
    assert nll(median, data) <= nll(median + 0.01, data) and nll(median, data) <= nll(median - 0.01, data)


@pytest.mark.claim("losses-and-priors/wild-value-drags-the-mean")
def test_the_wild_value_drags_the_mean_and_leaves_the_median_where_it_was(run):
    data = ns_of(run, "exercise_laplace_median")["data"]
    original = np.random.default_rng(6).laplace(loc=3.0, scale=1.0, size=25)  # the draw before data[0] = 60
    assert np.array_equal(original[1:], data[1:])
    assert data.mean() - original.mean() > 2, "dragged far from the centre"
    assert np.median(data) == np.median(original), "the median does not move"


@pytest.mark.claim("losses-and-priors/softmax-gradient-formula")
@no_deadline
@given(st.integers(1, 8), st.integers(2, 5), st.integers(0, 10_000))
def test_the_softmax_gradient_is_probabilities_minus_one_hot_over_n(rows, classes, seed):
    rng = np.random.default_rng(seed)
    logits, labels = rng.normal(0, 3, size=(rows, classes)), rng.integers(0, classes, rows)
    loss, gradient = exercise_softmax_gradient.categorical_cross_entropy_and_gradient(logits, labels)
    expected = (softmax(logits, axis=1) - np.eye(classes)[labels]) / rows
    assert np.allclose(gradient, expected, atol=1e-12)
    assert loss == pytest.approx(cross_entropy_is_nll.categorical_cross_entropy(logits, labels))
    shifted, _ = exercise_softmax_gradient.categorical_cross_entropy_and_gradient(logits + 7.0, labels)
    assert shifted == pytest.approx(loss), "a constant added to every logit changes nothing"


@pytest.mark.claim("losses-and-priors/softmax-gradient-matches-finite-differences")
def test_the_softmax_gradient_matches_finite_differences_on_the_page(run):
    result = run(SNIPPETS + "exercise_softmax_gradient.py")
    ns = result.namespace
    assert np.max(np.abs(ns["gradient"] - ns["numeric"])) < 1e-8
    assert np.allclose(ns["gradient"].sum(axis=1), 0)
    assert "each row of the gradient sums to zero: True" in result.stdout


@pytest.mark.claim("losses-and-priors/softmax-loss-exact-for-large-logits")
def test_the_log_sum_exp_loss_is_exact_for_logits_of_a_thousand(run):
    result = run(SNIPPETS + "exercise_softmax_gradient.py")
    big = np.array([[1000.0, 0.0, -1000.0]])
    loss, gradient = exercise_softmax_gradient.categorical_cross_entropy_and_gradient(big, np.array([1]))
    assert loss == 1000.0 and np.all(np.isfinite(gradient))
    assert "label 1: loss 1000.0" in result.stdout


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
        (lambda: gaussian_mle.gaussian_negative_log_likelihood([0.0, 0.0], np.array([])), "at least one"),
        (lambda: bernoulli_mle.bernoulli_negative_log_likelihood(0.5, np.array([0, 2])), "0s and 1s"),
        (lambda: bernoulli_mle.bernoulli_negative_log_likelihood(1.5, np.array([0, 1])), "between 0 and 1"),
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
            lambda: ridge_path.ridge_path_errors(
                np.ones((3, 2)), np.ones((2, 4)), np.ones((2, 2)), np.ones(2)
            ),
            "need features",
        ),
        (
            lambda: ridge_path.ridge_path_errors(
                np.ones((3, 2)), np.ones((1, 3)), np.ones((1, 2)), np.zeros(1)
            ),
            "every penalty must be positive",
        ),
        (
            lambda: ridge_vs_ols.simulate_regression(np.random.default_rng(0), 5, 2, 1.0, 1.0, 1.0),
            "correlation must be in",
        ),
        (lambda: lasso_sparsity.lasso_proximal_gradient(np.ones((3, 2)), np.ones(3), -1), "zero or positive"),
        (lambda: beta_posterior.beta_posterior(12, 10, 2, 8), "between 0 and trials"),
        (lambda: beta_posterior.beta_posterior(2, 10, 0, 8), "prior parameters must be positive"),
        (
            lambda: logistic_training_loop.logistic_loss(np.zeros(2), np.ones((3, 2)), np.ones(3), -1),
            "gamma must be zero or positive",
        ),
        (lambda: logistic_training_loop.gradient_descent(np.ones((3, 2)), np.array([0, 1, 2])), "0 or 1"),
        (lambda: exercise_laplace_median.laplace_negative_log_likelihood(0.0, np.array([])), "non-empty"),
        (
            lambda: exercise_softmax_gradient.categorical_cross_entropy_and_gradient(
                np.zeros((2, 3)), np.array([0, 3])
            ),
            "class indices from 0 to 2",
        ),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()
