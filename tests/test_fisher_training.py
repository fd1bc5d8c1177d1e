"""Claims of the lesson "The Fisher information in training", checked on the snippets' real results.

Tolerances follow the prose. A sentence about *this run* is checked on the printed numbers and the
run's own values with the bound it states ("within three Monte Carlo standard errors", "within
15%"). A general sentence (an identity, an invariance, a bound) is checked with hypothesis on the
snippets' functions over many inputs, or exactly (by enumeration). Independent references:
statsmodels' `Logit` (Hessian, score, MLE and covariance), scipy's KL divergence and quadrature.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import integrate, stats
from scipy.special import expit, rel_entr

from snippets.fisher_training import (
    adam_run,
    adam_second_moment,
    diagonal_vs_full,
    empirical_fisher_run,
    empirical_vs_true,
    exercise_bernoulli_logit,
    exercise_gaussian_natural_step,
    exercise_when_empirical_equals,
    fisher_logistic,
    natural_gradient,
)

SNIPPETS = "snippets/fisher_training/"
examples_60 = settings(max_examples=60)


def ns_of(run, name: str) -> dict:
    return run(SNIPPETS + name + ".py").namespace


def stdout_of(run, name: str) -> str:
    return run(SNIPPETS + name + ".py").stdout


def logistic_data(seed: int, n: int = 200, d: int = 2, scale: float = 1.0):
    """Inputs and labels from a logistic model with modest weights (no separation for these sizes)."""
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(n, d))
    weights = scale * rng.normal(size=d)
    labels = (rng.random(n) < expit(features @ weights)).astype(float)
    return features, labels


def lesson_data():
    """The logistic-regression data of the lesson's snippets (seed 1, n = 400, w = (1.5, -1))."""
    rng = np.random.default_rng(1)
    features = rng.normal(size=(400, 2))
    labels = (rng.random(400) < expit(features @ np.array([1.5, -1.0]))).astype(float)
    return features, labels


def statsmodels_mle(features, labels):
    return sm.Logit(labels, features).fit(disp=0, method="newton", tol=1e-12).params


def mean_logistic_nll(weights, features, labels) -> float:
    z = features @ weights
    return float(np.mean(np.logaddexp(0.0, z) - labels * z))


seeds = st.integers(0, 2**31 - 1)


# --- the Fisher information of logistic regression ----------------------------------------------


@pytest.mark.claim(
    "fisher-training/hessian-is-fisher", "fisher-training/checkpoint-newton", "fisher-training/summary-fisher"
)
@examples_60
@given(seeds, st.floats(-2, 2), st.floats(-2, 2))
def test_the_nll_hessian_is_the_closed_form_fisher_whatever_the_labels(seed, w1, w2):
    features, labels = logistic_data(seed, n=50)
    weights = np.array([w1, w2])
    closed_form = fisher_logistic.fisher_information(weights, features)
    other_labels = 1.0 - labels  # the Hessian does not see the labels
    for y in (labels, other_labels):
        hessian = fisher_logistic.nll_hessian(weights, features, y)
        assert np.allclose(hessian, closed_form, rtol=1e-6, atol=1e-6 * np.abs(closed_form).max())
    reference = -sm.Logit(labels, features).hessian(weights)  # statsmodels' analytic Hessian
    assert np.allclose(closed_form, reference, rtol=1e-12)


@pytest.mark.claim("fisher-training/hessian-is-fisher", "fisher-training/checkpoint-newton")
def test_the_expected_score_outer_product_is_the_fisher_exactly_by_enumeration():
    # E over every label vector of s sᵀ, weighted by its probability under the model: exactly F
    features, _ = logistic_data(3, n=6)
    weights = np.array([0.7, -1.2])
    p = expit(features @ weights)
    vectors = np.array(list(itertools.product([0.0, 1.0], repeat=6)))
    probability = np.prod(np.where(vectors == 1, p, 1 - p), axis=1)
    scores = fisher_logistic.score(weights, features, vectors)
    assert np.allclose(probability @ scores, 0, atol=1e-12)  # mean zero
    expected = np.einsum("k,ki,kj->ij", probability, scores, scores)
    assert np.allclose(expected, fisher_logistic.fisher_information(weights, features), atol=1e-12)


@pytest.mark.claim("fisher-training/fisher-positive")
@examples_60
@given(seeds, st.integers(1, 5), st.floats(-5, 5))
def test_the_fisher_is_positive_semi_definite(seed, d, size):
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(20, d))
    fisher = fisher_logistic.fisher_information(size * rng.normal(size=d), features)
    assert np.linalg.eigvalsh(fisher).min() >= -1e-10 * max(1.0, np.abs(fisher).max())


@pytest.mark.claim("fisher-training/hessian-matches", "fisher-training/checkpoint-newton")
def test_the_finite_difference_hessian_matches_to_1e_9(run):
    result = run(SNIPPETS + "fisher_logistic.py")
    ns = result.namespace
    assert np.allclose(ns["weights"], [1.0, -0.5])
    gap = np.abs(ns["hessian"] - ns["closed_form"]).max()
    assert gap < 1e-9
    assert f"largest gap, Hessian vs closed form: {gap:.1e}" in result.stdout


@pytest.mark.claim("fisher-training/score-covariance-matches")
def test_the_score_covariance_is_within_three_standard_errors_in_this_run(run):
    result = run(SNIPPETS + "fisher_logistic.py")
    ns = result.namespace
    assert ns["draws"] == 5000
    assert ns["gap"].max() < 3
    assert f"{ns['gap'].max():.1f}" == "2.6" and "2.6 Monte Carlo standard errors" in result.stdout


@pytest.mark.claim("fisher-training/score-covariance-matches")
def test_the_score_covariance_estimates_the_fisher_in_general():
    features, _ = logistic_data(11, n=100)
    weights = np.array([-0.8, 1.1])
    rng = np.random.default_rng(12)
    draws = 40_000
    labels = (rng.random((draws, 100)) < expit(features @ weights)).astype(float)
    scores = fisher_logistic.score(weights, features, labels)
    centred = scores - scores.mean(axis=0)
    products = centred[:, :, None] * centred[:, None, :]
    se = products.std(axis=0, ddof=1) / np.sqrt(draws)
    z = np.abs(products.mean(axis=0) - fisher_logistic.fisher_information(weights, features)) / se
    assert z.max() < 3.5  # three distinct entries, each beyond 3.5 s.e. with probability 5e-4


@pytest.mark.claim("fisher-training/score-mean-zero")
def test_the_mean_simulated_score_is_zero_within_two_standard_errors_and_the_observed_one_is_not(run):
    ns = run(SNIPPETS + "fisher_logistic.py").namespace
    se = ns["scores"].std(axis=0, ddof=1) / np.sqrt(ns["draws"])
    assert np.all(np.abs(ns["scores"].mean(axis=0)) <= 2 * se)
    observed = fisher_logistic.score(ns["weights"], ns["features"], ns["labels"])
    assert np.all(np.abs(observed) > 10 * se)  # at these weights the observed labels' score is not zero
    assert np.allclose(observed, sm.Logit(ns["labels"], ns["features"]).score(ns["weights"]))


@pytest.mark.claim("fisher-training/matches-statsmodels")
def test_the_closed_form_is_statsmodels_hessian_and_its_inverse_the_covariance_at_the_mle(run):
    ns = run(SNIPPETS + "fisher_logistic.py").namespace
    model = sm.Logit(ns["labels"], ns["features"])
    assert np.allclose(ns["closed_form"], -model.hessian(ns["weights"]), rtol=1e-12)
    fit = model.fit(disp=0, method="newton", tol=1e-12)
    fisher = fisher_logistic.fisher_information(fit.params, ns["features"])
    assert np.allclose(np.linalg.inv(fisher), fit.cov_params(), rtol=1e-8)


def test_fisher_logistic_rejects_bad_input():
    features = np.ones((3, 2))
    with pytest.raises(ValueError, match="shape"):
        fisher_logistic.fisher_information(np.ones(3), features)
    with pytest.raises(ValueError, match="0/1 label"):
        fisher_logistic.score(np.ones(2), features, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="0/1 label"):
        fisher_logistic.score(np.ones(2), features, np.array([0, 1]))


# --- natural-gradient descent ---------------------------------------------------------------


@pytest.mark.claim("fisher-training/kl-is-fisher")
@examples_60
@given(seeds, st.floats(0, 2 * np.pi))
def test_the_mean_kl_of_the_predictions_is_half_the_fisher_quadratic_form(seed, angle):
    features, _ = logistic_data(seed, n=60)
    weights = np.random.default_rng(seed).normal(size=2)
    delta = 1e-3 * np.array([np.cos(angle), np.sin(angle)])
    p, q = expit(features @ weights), expit(features @ (weights + delta))
    kl = np.mean(rel_entr(p, q) + rel_entr(1 - p, 1 - q))
    quadratic = 0.5 * delta @ fisher_logistic.fisher_information(weights, features) @ delta / 60
    assert kl == pytest.approx(quadratic, rel=0.01)  # third-order terms: relative size about |δ|


@pytest.mark.claim("fisher-training/natural-is-newton", "fisher-training/summary-natural")
@examples_60
@given(seeds)
def test_natural_gradient_with_step_one_is_newtons_method_on_statsmodels_derivatives(seed):
    features, labels = logistic_data(seed, n=150)
    path = natural_gradient.descend(features, labels, "natural", 4)
    model = sm.Logit(labels, features)
    w = np.zeros(2)
    for step in range(1, 5):
        w = w - np.linalg.solve(model.hessian(w), model.score(w))  # Newton on the log-likelihood
        assert np.allclose(path[step], w, rtol=1e-9, atol=1e-12)


@pytest.mark.claim("fisher-training/natural-invariance", "fisher-training/summary-natural")
@examples_60
@given(seeds, st.lists(st.floats(-1.5, 1.5), min_size=4, max_size=4), st.floats(0.1, 1.0))
def test_natural_paths_coincide_under_any_invertible_linear_change_of_the_features(seed, entries, eta):
    features, labels = logistic_data(seed, n=150)
    mixing = np.eye(2) + np.array(entries).reshape(2, 2)
    assume(np.linalg.cond(mixing) < 30)
    original = natural_gradient.descend(features, labels, "natural", 6, eta)
    changed = natural_gradient.descend(features @ mixing.T, labels, "natural", 6, eta)  # x' = M x
    assert np.allclose(changed @ mixing, original, rtol=1e-7, atol=1e-9)  # w = Mᵀ w'


def test_gradient_paths_do_not_coincide_under_a_rescaling():
    features, labels = lesson_data()
    scale = np.array([1.0, 0.2])
    original = natural_gradient.descend(features, labels, "gradient", 20)
    rescaled = natural_gradient.descend(features * scale, labels, "gradient", 20)
    assert np.abs(rescaled * scale - original).max() > 0.1


@pytest.mark.claim("fisher-training/mle-rescales")
def test_dividing_feature_2_by_5_multiplies_its_weight_by_5(run):
    result = run(SNIPPETS + "natural_gradient.py")
    paths = result.namespace["paths"]
    original, rescaled = paths["natural", "original"][-1], paths["natural", "rescaled"][-1]
    assert rescaled[0] == pytest.approx(original[0], rel=1e-12)
    assert rescaled[1] == pytest.approx(5 * original[1], rel=1e-12)
    assert np.allclose(original, statsmodels_mle(*lesson_data()), rtol=1e-9)
    assert "MLE with the rescaled features: [ 1.7767 -4.4344]" in result.stdout


@pytest.mark.claim("fisher-training/steps-to-converge", "fisher-training/checkpoint-gd-slows")
def test_steps_35_and_493_for_gradient_descent_5_for_the_natural_gradient(run):
    result = run(SNIPPETS + "natural_gradient.py")
    ns = result.namespace
    features, labels = lesson_data()
    best = mean_logistic_nll(statsmodels_mle(features, labels), features, labels)
    assert ns["best"] == pytest.approx(best, abs=1e-13)  # the minimum the counts use is the MLE's loss
    expected = {
        ("gradient", "original"): 35,
        ("gradient", "rescaled"): 493,
        ("natural", "original"): 5,
        ("natural", "rescaled"): 5,
    }
    for (method, units), steps in expected.items():
        count = natural_gradient.steps_to_converge(
            ns["paths"][method, units], ns["data"][units], labels, best
        )
        assert count == steps
        assert re.search(rf"{method} descent, {units} features:\s+{steps} steps", result.stdout)


@pytest.mark.claim("fisher-training/paths-agree")
def test_the_two_natural_paths_agree_to_rounding(run):
    result = run(SNIPPETS + "natural_gradient.py")
    assert result.namespace["gap"] < 1e-14


@pytest.mark.claim("fisher-training/curvature-ratio")
@examples_60
@given(st.floats(-3, 3), st.floats(-3, 3))
def test_rescaling_divides_the_curvature_along_feature_2_by_25_and_l_is_set_by_feature_1(w1, w2):
    features, _ = lesson_data()
    rescaled = features * [1.0, 0.2]
    weights = np.array([w1, w2])
    original = fisher_logistic.fisher_information(weights, features)
    changed = fisher_logistic.fisher_information(weights / [1.0, 0.2], rescaled)  # same predictions
    assert changed[1, 1] == pytest.approx(original[1, 1] / 25, rel=1e-12)
    _, vectors = np.linalg.eigh(rescaled.T @ rescaled)
    assert abs(vectors[0, -1]) > 0.99  # the direction of the largest curvature bound is feature 1's


@pytest.mark.claim("fisher-training/figure-paths")
def test_the_figure_shows_the_l_shaped_path_and_two_nearly_straight_ones(run):
    result = run(SNIPPETS + "natural_gradient.py")
    ns = result.namespace
    scale = ns["scale"]
    rescaled = ns["paths"]["gradient", "rescaled"]
    final = rescaled[-1]
    first = rescaled[1] - rescaled[0]
    assert abs(first[0]) > 5 * abs(first[1])  # the first step moves almost only feature 1's weight
    k = int(np.argmax(np.abs(rescaled[:, 0] - final[0]) < 0.1 * abs(final[0])))
    assert rescaled[k, 1] / final[1] < 1 / 3
    direction = final / np.linalg.norm(final)

    def off_line(path):  # largest distance from the straight segment 0 -> MLE, relative to its length
        return np.max(np.abs(path[:, 0] * direction[1] - path[:, 1] * direction[0])) / np.linalg.norm(final)

    assert off_line(ns["paths"]["gradient", "original"] / scale) < 0.03
    assert off_line(ns["paths"]["natural", "rescaled"]) < 0.03
    assert off_line(rescaled) > 0.2
    svg = result.figures[0].light
    for label in (
        "gradient descent, rescaled features",
        "gradient descent, original features",
        "natural gradient, both (one path)",
    ):
        assert label in svg


def test_natural_gradient_rejects_bad_input():
    features, labels = lesson_data()
    with pytest.raises(ValueError, match="method"):
        natural_gradient.descend(features, labels, "newton", 3)
    with pytest.raises(ValueError, match="steps"):
        natural_gradient.descend(features, labels, "natural", 0)
    with pytest.raises(ValueError, match="eta"):
        natural_gradient.descend(features, labels, "natural", 3, eta=-1.0)


# --- the empirical Fisher --------------------------------------------------------------------


@pytest.mark.claim("fisher-training/per-example-ratio")
@examples_60
@given(st.floats(-8, 8), st.sampled_from([0.0, 1.0]), st.floats(0.2, 3))
def test_per_example_the_empirical_weight_is_1_minus_q_over_q_times_the_fishers(z, y, x):
    fisher, empirical = empirical_vs_true.fisher_and_empirical(
        np.array([z / x]), np.array([[x]]), np.array([y])
    )
    p = expit(z)
    q = p if y == 1 else 1 - p
    assume(1e-6 < q < 1 - 1e-6)
    assert empirical[0, 0] / fisher[0, 0] == pytest.approx((1 - q) / q, rel=1e-6)
    if abs(q - 0.5) > 1e-9:
        assert (empirical[0, 0] > fisher[0, 0]) == (q < 0.5)


@pytest.mark.claim("fisher-training/per-example-ratio")
def test_per_example_the_weights_are_equal_at_even_odds():
    fisher, empirical = empirical_vs_true.fisher_and_empirical(
        np.zeros(1), np.array([[2.0]]), np.array([1.0])
    )
    assert empirical[0, 0] == fisher[0, 0] == 1.0


@pytest.mark.claim(
    "fisher-training/unbiased-under-the-model",
    "fisher-training/summary-empirical",
    "fisher-training/equal-per-example",
)
def test_the_empirical_fisher_averages_to_the_fisher_over_the_models_labels_exactly():
    features, _ = logistic_data(5, n=6)
    weights = np.array([1.3, -0.4])
    vectors = np.array(list(itertools.product([0.0, 1.0], repeat=6)))
    for p_labels, should_match in (
        (expit(features @ weights), True),
        (expit(features @ (2 * weights)), False),
    ):
        probability = np.prod(np.where(vectors == 1, p_labels, 1 - p_labels), axis=1)
        average = sum(
            prob * empirical_vs_true.fisher_and_empirical(weights, features, y)[1]
            for prob, y in zip(probability, vectors, strict=True)
        )
        fisher, _ = empirical_vs_true.fisher_and_empirical(weights, features, vectors[0])
        assert np.allclose(average, fisher, atol=1e-12) == should_match


def test_the_empirical_fisher_is_statsmodels_score_outer_products(run):
    ns = run(SNIPPETS + "empirical_vs_true.py").namespace
    for weights in ns["points"].values():
        per_example = sm.Logit(ns["labels"], ns["features"]).score_obs(weights)
        _, empirical = empirical_vs_true.fisher_and_empirical(weights, ns["features"], ns["labels"])
        assert np.allclose(empirical, per_example.T @ per_example, rtol=1e-10)


def matrices_at(ns, name):
    weights = ns["points"][name]
    fisher, empirical = empirical_vs_true.fisher_and_empirical(weights, ns["features"], ns["labels"])
    p = expit(ns["features"] @ weights)
    q = np.where(ns["labels"] == 1, p, 1 - p)
    norms = np.sum(ns["features"] ** 2, axis=1)
    wrong = q < 0.5
    shares = (
        np.sum(((p - ns["labels"]) ** 2 * norms)[wrong]) / np.trace(empirical),
        np.sum((p * (1 - p) * norms)[wrong]) / np.trace(fisher),
    )
    return fisher, empirical, empirical_vs_true.relative_eigenvalues(fisher, empirical), wrong.mean(), shares


@pytest.mark.claim("fisher-training/equal-at-zero")
def test_at_zero_the_two_matrices_are_identical(run):
    result = run(SNIPPETS + "empirical_vs_true.py")
    fisher, empirical, _, _, _ = matrices_at(result.namespace, "w = 0")
    assert np.allclose(fisher, empirical, rtol=1e-14)
    assert "eigenvalues of F^-1 F_emp: [1. 1.]" in result.stdout


@pytest.mark.claim("fisher-training/close-at-mle")
def test_at_the_mle_they_are_within_15_percent(run):
    result = run(SNIPPETS + "empirical_vs_true.py")
    ns = result.namespace
    assert np.allclose(ns["mle"], statsmodels_mle(ns["features"], ns["labels"]), rtol=1e-10)
    _, _, ratios, _, _ = matrices_at(ns, "the MLE")
    assert np.all(np.abs(ratios - 1) < 0.15)
    assert "eigenvalues of F^-1 F_emp: [0.908 1.144]" in result.stdout


@pytest.mark.claim("fisher-training/wrong-examples-carry")
def test_at_the_mle_the_wrong_examples_carry_three_quarters_of_the_empirical_trace(run):
    result = run(SNIPPETS + "empirical_vs_true.py")
    _, _, _, share_wrong, (empirical_share, fisher_share) = matrices_at(result.namespace, "the MLE")
    assert f"{share_wrong:.0%}" == "23%" and "below 1/2 for 23% of the examples" in result.stdout
    assert 0.7 <= empirical_share <= 0.8 and 0.2 <= fisher_share <= 0.3


@pytest.mark.claim("fisher-training/apart-when-overconfident")
def test_at_three_times_the_mle_they_are_2_9_to_13_7_times_apart(run):
    result = run(SNIPPETS + "empirical_vs_true.py")
    _, _, ratios, _, (empirical_share, _) = matrices_at(result.namespace, "3 x the MLE")
    assert [f"{r:.3f}" for r in ratios] == ["2.910", "13.741"]
    assert "eigenvalues of F^-1 F_emp: [ 2.91  13.741]" in result.stdout
    assert f"{empirical_share:.0%}" == "95%"


@pytest.mark.claim("fisher-training/minus-mle")
def test_at_minus_the_mle_the_fisher_is_unchanged_and_the_empirical_diagonal_far_larger(run):
    ns = run(SNIPPETS + "empirical_vs_true.py").namespace
    fisher_mle, _, _, _, _ = matrices_at(ns, "the MLE")
    fisher, empirical, _, _, _ = matrices_at(ns, "minus the MLE")
    assert np.allclose(fisher, fisher_mle, rtol=1e-12)
    low, high = np.sort(np.diag(empirical) / np.diag(fisher))
    assert 4.5 <= low < 4.6 and 9.5 <= high < 10


def test_empirical_vs_true_rejects_bad_labels():
    with pytest.raises(ValueError, match="0/1 label"):
        empirical_vs_true.fisher_and_empirical(np.zeros(2), np.ones((3, 2)), np.array([0.0, 0.5, 1.0]))


def least_squares_pieces(seed, n, d):
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(n, d)) * rng.uniform(0.2, 3, size=d)
    targets = features @ rng.normal(size=d) * 3 + rng.normal(size=n) + rng.normal() * 5
    return features, targets


@pytest.mark.claim(
    "fisher-training/one-nat-per-step",
    "fisher-training/checkpoint-one-nat",
    "fisher-training/summary-empirical",
)
@examples_60
@given(seeds, st.integers(1, 3), st.floats(0.05, 2.0), st.floats(0.3, 3.0))
def test_an_empirical_fisher_step_lowers_a_convex_mean_loss_by_at_most_eta(seed, d, eta, sigma):
    rng = np.random.default_rng(seed)
    # least squares, from a random point: the per-example gradients of the lesson's snippet
    features, targets = least_squares_pieces(seed, 30, d)
    weights = rng.normal(size=d) * 5
    grads = empirical_fisher_run.per_example_gradients(weights, features, targets, sigma)
    mean, empirical = grads.mean(axis=0), grads.T @ grads / 30
    assume(np.linalg.cond(empirical) < 1e10)
    assert mean @ np.linalg.solve(empirical, mean) <= 1 + 1e-9

    def loss(w):
        return np.mean((targets - features @ w) ** 2) / (2 * sigma**2)

    assert loss(weights) - loss(weights - eta * np.linalg.solve(empirical, mean)) <= eta + 1e-9
    # logistic regression, from a random point: the lesson's empirical Fisher
    x, y = logistic_data(seed, n=30, d=d)
    w = rng.normal(size=d) * 3
    _, empirical_total = empirical_vs_true.fisher_and_empirical(w, x, y)
    gradient = x.T @ (expit(x @ w) - y) / 30
    assume(np.linalg.cond(empirical_total) < 1e10)
    step = eta * np.linalg.solve(empirical_total / 30, gradient)
    drop = natural_gradient.mean_nll(w, x, y) - natural_gradient.mean_nll(w - step, x, y)
    assert drop <= eta + 1e-9


@pytest.mark.claim("fisher-training/least-squares-one-step")
@examples_60
@given(seeds, st.integers(1, 3), st.floats(0.3, 3.0))
def test_one_natural_step_lands_on_the_least_squares_solution(seed, d, sigma):
    features, targets = least_squares_pieces(seed, 40, d)
    losses = empirical_fisher_run.preconditioned_descent(features, targets, sigma, "natural", 2)
    solution = sm.OLS(targets, features).fit().params
    best = np.mean((targets - features @ solution) ** 2) / (2 * sigma**2)
    assert losses[1] == pytest.approx(best, rel=1e-9, abs=1e-12) and losses[2] == pytest.approx(
        best, abs=1e-9
    )


@pytest.mark.claim("fisher-training/run-setup")
def test_the_run_has_200_examples_intercept_10_slope_2_and_starts_at_0(run):
    ns = ns_of(run, "empirical_fisher_run")
    assert ns["n"] == 200 and ns["sigma"] == 1.0
    assert np.all(ns["features"][:, 0] == 1)
    noise = ns["targets"] - ns["features"] @ np.array([10.0, 2.0])
    assert abs(noise.std() - 1) < 0.1 and abs(noise.mean()) < 3 / np.sqrt(200)
    start = np.mean(ns["targets"] ** 2) / 2  # the loss at w = 0
    assert ns["gaps"]["natural"][0] == pytest.approx(start - ns["best"], rel=1e-12)


@pytest.mark.claim(
    "fisher-training/run-steps", "fisher-training/learn-85-steps", "fisher-training/checkpoint-fisher-no-cap"
)
def test_one_step_for_the_fisher_6_for_gradient_descent_85_for_the_empirical_fisher(run):
    result = run(SNIPPETS + "empirical_fisher_run.py")
    gaps = result.namespace["gaps"]
    assert f"{gaps['natural'][0]:.2f}" == "50.27" and "50.27 nats" in result.stdout
    for method, steps in (("gradient", 6), ("natural", 1), ("empirical", 85)):
        assert int(np.argmax(gaps[method] < 1e-8)) == steps
        assert re.search(rf"{method}: within 1e-8 of the minimum after\s+{steps} steps", result.stdout)
    drops = -np.diff(gaps["empirical"])
    assert drops.max() < 1 and f"{drops.max():.2f}" == "0.98"
    assert abs(gaps["natural"][1]) < 1e-10  # the Fisher's one step lowered the loss by all of it


@pytest.mark.claim("fisher-training/run-figure")
def test_the_empirical_curve_follows_the_one_nat_line_then_slows_then_drops(run):
    result = run(SNIPPETS + "empirical_fisher_run.py")
    gap = result.namespace["gaps"]["empirical"]
    drops = -np.diff(gap)
    assert np.all((drops[:20] >= 0.95) & (drops[:20] < 1))
    assert np.all((drops[52:76] > 0.25) & (drops[52:76] < 0.35))  # "about 0.3 nats per step"
    below_one, converged = int(np.argmax(gap < 1)), int(np.argmax(gap < 1e-8))
    assert converged - below_one < 10
    svg = result.figures[0].light
    assert all(
        label in svg for label in ("gradient step", "natural step", "empirical step", "1 nat per step")
    )


@pytest.mark.claim("fisher-training/run-close-at-solution")
def test_at_the_solution_the_empirical_fisher_is_within_13_percent(run):
    result = run(SNIPPETS + "empirical_fisher_run.py")
    ns = result.namespace
    assert np.all(np.abs(ns["relative"] - 1) < 0.13)
    assert "eigenvalues of F^-1 F_emp: [0.871 0.975]" in result.stdout
    residuals = ns["targets"] - ns["features"] @ ns["solution"]
    assert abs(np.mean(residuals**2) / ns["sigma"] ** 2 - 1) < 0.1


def test_empirical_fisher_run_rejects_bad_input():
    with pytest.raises(ValueError, match="sigma"):
        empirical_fisher_run.per_example_gradients(np.zeros(1), np.ones((2, 1)), np.ones(2), 0.0)
    with pytest.raises(ValueError, match="one target"):
        empirical_fisher_run.per_example_gradients(np.zeros(1), np.ones((2, 1)), np.ones(3), 1.0)


# --- Adam's second moment --------------------------------------------------------------------


@pytest.mark.claim("fisher-training/v-hat-is-an-average", "fisher-training/summary-adam")
@examples_60
@given(st.integers(2, 3000), st.floats(0.5, 0.9999), st.lists(st.floats(-10, 10), min_size=2, max_size=2))
def test_the_bias_corrected_average_of_constant_gradients_is_their_square(steps, beta2, gradient):
    gradients = np.tile(gradient, (steps, 1))
    v_hat, _ = adam_second_moment.adam_second_moment(gradients, beta2)
    assert np.allclose(v_hat, np.square(gradient), rtol=1e-9, atol=1e-12)


@pytest.mark.claim("fisher-training/v-hat-is-an-average")
def test_v_hat_matches_adams_own_recursion_and_spans_about_1000_steps():
    rng = np.random.default_rng(0)
    gradients = rng.normal(size=(300, 2))
    v = np.zeros(2)
    for g in gradients:  # Adam's recursion, written out
        v = 0.999 * v + 0.001 * g**2
    v_hat, _ = adam_second_moment.adam_second_moment(gradients)
    assert np.allclose(v_hat, v / (1 - 0.999**300))
    ages = np.arange(20_000)[::-1].astype(float)  # age of each step at the end of a long run
    mean_age, _ = adam_second_moment.adam_second_moment(np.sqrt(ages)[:, None])
    assert 900 < mean_age[0] < 1100  # roughly the last 1/(1 - β₂) = 1000 steps


@pytest.mark.claim(
    "fisher-training/expected-square", "fisher-training/summary-adam", "fisher-training/checkpoint-early"
)
@examples_60
@given(seeds, st.integers(2, 5), st.data())
def test_the_expected_squared_minibatch_gradient_by_enumerating_every_batch(seed, n, data):
    batch = data.draw(st.integers(1, min(n, 3)))
    per_example = np.random.default_rng(seed).normal(size=(n, 2))
    with_replacement = np.mean(
        [per_example[list(rows)].mean(axis=0) ** 2 for rows in itertools.product(range(n), repeat=batch)],
        axis=0,
    )
    without = np.mean(
        [per_example[list(rows)].mean(axis=0) ** 2 for rows in itertools.combinations(range(n), batch)],
        axis=0,
    )
    expected = adam_second_moment.expected_squared_minibatch_gradient
    assert np.allclose(expected(per_example, batch), with_replacement, rtol=1e-10)
    assert np.allclose(expected(per_example, batch, replace=False), without, rtol=1e-10, atol=1e-14)
    mean, empirical = per_example.mean(axis=0), np.mean(per_example**2, axis=0)
    assert np.allclose(expected(per_example, batch), empirical / batch + (1 - 1 / batch) * mean**2)


@pytest.mark.claim("fisher-training/expected-square")
def test_the_standard_error_of_v_hat_is_calibrated():
    per_example = np.random.default_rng(2).normal(size=(50, 2)) + np.array([0.3, 0.0])
    expected = adam_second_moment.expected_squared_minibatch_gradient(per_example, 4)
    z = []
    for seed in range(200):
        rows = np.random.default_rng(seed).integers(50, size=(2000, 4))
        v_hat, error = adam_second_moment.adam_second_moment(per_example[rows].mean(axis=1))
        z.append((v_hat - expected) / error)
    z = np.array(z)
    assert np.all(np.abs(z.mean(axis=0)) < 3 / np.sqrt(200)) and np.all(np.abs(z.std(axis=0) - 1) < 0.15)


@pytest.mark.claim("fisher-training/adam-at-mle")
def test_at_the_mle_v_hat_estimates_the_empirical_diagonal_over_the_batch(run):
    result = run(SNIPPETS + "adam_second_moment.py")
    results = result.namespace["results"]
    v1, e1, x1, empirical, fisher = results["the MLE", 1]
    assert np.allclose(x1, empirical, rtol=1e-12)  # at the MLE ḡ = 0: expectation = diagonal
    assert np.all(np.abs(v1 - empirical) <= e1)
    v32, e32, x32, _, _ = results["the MLE", 32]
    assert np.allclose(x32, empirical / 32, rtol=1e-8)
    assert np.all(np.abs(v32 - x32) <= 3 * e32)
    assert "32 x v_hat [0.0752 0.133]" in result.stdout
    assert "diagonal of the empirical Fisher [0.0682 0.143]" in result.stdout
    assert np.all(np.abs(empirical / fisher - 1) < 0.15)


@pytest.mark.claim("fisher-training/adam-off-mle")
def test_off_the_mle_batch_1_estimates_the_empirical_diagonal_and_batch_32_overshoots(run):
    result = run(SNIPPETS + "adam_second_moment.py")
    results = result.namespace["results"]
    v1, e1, x1, empirical, fisher = results["3 x the MLE", 1]
    assert np.allclose(x1, empirical, rtol=1e-12) and np.all(np.abs(v1 - x1) <= 2 * e1)
    low, high = np.sort(empirical / fisher)
    assert low >= 3.5 and high <= 5.0
    v32, _, _, _, _ = results["3 x the MLE", 32]
    assert np.all(32 * v32 > np.maximum(empirical, fisher))
    assert "32 x v_hat [0.236 0.215]" in result.stdout


def expected_along_the_path(ns):
    """E[g_t² | w_(t-1)] at every step of the run, from the lesson's formula, and its two terms."""
    features, labels, batch = ns["features"], ns["labels"], ns["batch"]
    p = expit(ns["path"] @ features.T)  # (steps, n): the weights before each step
    per_example = (p - labels)[:, :, None] * features[None]  # (steps, n, d)
    expectations = np.array(
        [adam_second_moment.expected_squared_minibatch_gradient(g, batch) for g in per_example]
    )
    mean_sq = per_example.mean(axis=1) ** 2
    return expectations, mean_sq, np.mean(per_example**2, axis=1) - mean_sq


@pytest.mark.claim("fisher-training/adam-run-early", "fisher-training/checkpoint-early")
def test_early_in_the_run_the_squared_mean_gradient_dominates(run):
    result = run(SNIPPETS + "adam_run.py")
    ns = result.namespace
    _, mean_sq, spread = expected_along_the_path(ns)
    batch = ns["batch"]
    assert np.all(np.mean(mean_sq[:50], axis=0) > np.mean(spread[:50] / batch, axis=0))
    # the other split, F̄_emp/B + (1 - 1/B) ḡ²: the second term dominates too
    assert np.all(
        np.mean((1 - 1 / batch) * mean_sq[:50], axis=0) > np.mean((spread + mean_sq)[:50] / batch, axis=0)
    )
    early = batch * ns["v_hat"][49]
    ratios = np.concatenate([early / ns["empirical"], early / ns["fisher"]])
    assert np.all((ratios >= 3) & (ratios <= 24.5))  # "3 to 24 times"
    assert "32 x v_hat at step 50: [1.639 0.472]" in result.stdout


@pytest.mark.claim("fisher-training/adam-run-late")
def test_by_the_last_step_32_v_hat_is_within_15_percent_of_the_empirical_diagonal(run):
    result = run(SNIPPETS + "adam_run.py")
    ns = result.namespace
    p = expit(ns["features"] @ ns["weights"])
    per_example = ns["features"] * (p - ns["labels"])[:, None]
    assert np.all(per_example.mean(axis=0) ** 2 < 0.05 * ns["empirical"] / ns["batch"])
    assert np.all(np.abs(ns["batch"] * ns["v_hat"][-1] / ns["empirical"] - 1) < 0.15)
    assert "32 x v_hat at the last step: [0.0775 0.1393]" in result.stdout
    assert "diagonal of the empirical Fisher: [0.0684 0.1436]" in result.stdout


@pytest.mark.claim("fisher-training/adam-run-residual")
def test_what_is_left_is_the_noise_of_v_hat_around_its_expectation_along_the_path(run):
    ns = ns_of(run, "adam_run")
    expectations, _, _ = expected_along_the_path(ns)
    steps = len(ns["path"])
    c = 0.001 * 0.999 ** np.arange(steps - 1, -1, -1) / (1 - 0.999**steps)  # Adam's weights on each step
    expected = c @ expectations  # E[v̂_T]: given w_(t-1), each g_t² has expectation expectations[t]
    # v̂_T - expected is a sum of martingale differences; Var(g²) <= 2 E[g²]² for a near-normal g
    se = np.sqrt(c**2 @ (2 * expectations**2))
    assert np.all(np.abs(ns["v_hat"][-1] - expected) <= 3.5 * se)
    drift = ns["batch"] * expected / ns["empirical"] - 1  # what the moving weights add
    assert np.all(np.abs(drift) < 0.15) and np.abs(drift).max() > 0.01


@pytest.mark.claim("fisher-training/adam-square-root", "fisher-training/checkpoint-adam-scale")
def test_adams_first_step_is_lr_times_the_sign_in_either_units():
    features, labels = lesson_data()
    scale = np.array([1.0, 1000.0])
    original, _ = adam_run.adam(features, labels, np.random.default_rng(7), steps=2)
    rescaled, _ = adam_run.adam(features * scale, labels, np.random.default_rng(7), steps=2)
    rows = np.random.default_rng(7).integers(400, size=32)
    g = features[rows].T @ (expit(features[rows] @ np.zeros(2)) - labels[rows]) / 32
    assert np.allclose(original[1], -0.01 * np.sign(g), rtol=1e-6)  # divided by √v̂, not by v̂
    assert np.allclose(rescaled[1], original[1], rtol=1e-6)  # the same numbers in the new units
    # while a diagonal Fisher step follows the rescaling: its path is the old one, converted
    diagonal = diagonal_vs_full.preconditioned_path(features, labels, "diagonal", 5)
    converted = diagonal_vs_full.preconditioned_path(features * scale, labels, "diagonal", 5) * scale
    assert np.allclose(converted, diagonal, rtol=1e-8, atol=1e-12)


@pytest.mark.claim("fisher-training/checkpoint-gd-slows")
def test_measured_in_grams_the_weight_is_1000_times_smaller_and_gradient_descent_crawls():
    features, labels = lesson_data()
    scale = np.array([1.0, 1000.0])
    mle = natural_gradient.descend(features, labels, "natural", 10)[-1]
    grams = natural_gradient.descend(features * scale, labels, "natural", 10)[-1]
    assert np.allclose(grams, mle / scale, rtol=1e-9)
    fisher = fisher_logistic.fisher_information(mle, features)
    assert fisher_logistic.fisher_information(grams, features * scale)[1, 1] == pytest.approx(
        1e6 * fisher[1, 1]
    )
    best = mean_logistic_nll(mle, features, labels)
    slow = natural_gradient.descend(features * scale, labels, "gradient", 3000)
    assert natural_gradient.mean_nll(slow[-1], features * scale, labels) - best > 1e-3  # far from done


def test_adam_helpers_reject_bad_input():
    with pytest.raises(ValueError, match="beta2"):
        adam_second_moment.adam_second_moment(np.ones((3, 2)), beta2=1.0)
    with pytest.raises(ValueError, match="shape"):
        adam_second_moment.adam_second_moment(np.ones(3))
    with pytest.raises(ValueError, match="batch size"):
        adam_second_moment.expected_squared_minibatch_gradient(np.ones((3, 2)), 4)
    features, labels = lesson_data()
    with pytest.raises(ValueError, match="batch"):
        adam_run.adam(features, labels, np.random.default_rng(0), batch=0)
    with pytest.raises(ValueError, match="betas"):
        adam_run.adam(features, labels, np.random.default_rng(0), beta1=1.5)


# --- diagonal or full, and K-FAC -------------------------------------------------------------


@pytest.mark.claim("fisher-training/diagonal-invariance", "fisher-training/summary-diagonal")
@examples_60
@given(seeds, st.floats(0.05, 20), st.floats(0.05, 20), st.floats(0.3, 1.5))
def test_the_diagonal_step_follows_a_rescaling_but_not_a_mixing(seed, c1, c2, mix):
    features, labels = logistic_data(seed, n=150)
    path = diagonal_vs_full.preconditioned_path(features, labels, "diagonal", 4)
    scale = np.array([c1, c2])
    rescaled = diagonal_vs_full.preconditioned_path(features * scale, labels, "diagonal", 4)
    assert np.allclose(rescaled * scale, path, rtol=1e-8, atol=1e-10)
    mixing = np.array([[1.0, 0.0], [mix, 1.0]])
    mixed = diagonal_vs_full.preconditioned_path(features @ mixing.T, labels, "diagonal", 4)
    assert not np.allclose(mixed @ mixing, path, rtol=1e-3, atol=1e-3)
    full = diagonal_vs_full.preconditioned_path(features @ mixing.T, labels, "full", 4)
    assert np.allclose(
        full @ mixing,
        diagonal_vs_full.preconditioned_path(features, labels, "full", 4),
        rtol=1e-8,
        atol=1e-10,
    )


@pytest.mark.claim("fisher-training/correlated-is-linear")
def test_the_correlated_features_are_an_invertible_linear_map_of_the_original_ones(run):
    ns = ns_of(run, "diagonal_vs_full")
    mixing = np.array([[1.0, 0.0], [0.95, 0.31]])
    assert np.allclose(ns["problems"]["features correlated 0.95"], ns["raw"] @ mixing.T)
    assert abs(np.linalg.det(mixing)) > 0.3
    correlation = np.corrcoef(ns["problems"]["features correlated 0.95"].T)[0, 1]
    assert abs(correlation - 0.95) < 0.02


@pytest.mark.claim("fisher-training/diagonal-fixes-scale", "fisher-training/summary-diagonal")
def test_a_rescaled_feature_is_fixed_by_the_diagonal(run):
    result = run(SNIPPETS + "diagonal_vs_full.py")
    _, steps, fisher, _ = result.namespace["results"]["feature 2 divided by 5"]
    assert steps == {"gradient": 493, "diagonal": 10, "full": 5}
    assert [f"{c:.1f}" for c in diagonal_vs_full.jacobi_condition(fisher)] == ["16.3", "1.9"]
    assert "condition number of F 16.3, after diagonal rescaling 1.9" in result.stdout


@pytest.mark.claim("fisher-training/diagonal-fails-correlated", "fisher-training/summary-diagonal")
def test_correlated_features_are_not_fixed_by_the_diagonal(run):
    result = run(SNIPPETS + "diagonal_vs_full.py")
    _, steps, fisher, _ = result.namespace["results"]["features correlated 0.95"]
    assert steps["diagonal"] == 166 and steps["gradient"] == 888
    assert [f"{c:.1f}" for c in diagonal_vs_full.jacobi_condition(fisher)] == ["33.5", "32.9"]


@pytest.mark.claim("fisher-training/full-five-steps")
def test_the_full_fisher_needs_5_steps_as_on_the_original_features(run):
    ns = ns_of(run, "diagonal_vs_full")
    for _, steps, _, _ in ns["results"].values():
        assert steps["full"] == 5
    features, labels = lesson_data()
    original = natural_gradient.descend(features, labels, "natural", 10)
    best = mean_logistic_nll(original[-1], features, labels)
    assert natural_gradient.steps_to_converge(original, features, labels, best) == 5


@pytest.mark.claim("fisher-training/kfac-overstates", "fisher-training/kfac-why")
def test_kfacs_factors_overstate_the_fisher_along_the_weights(run):
    result = run(SNIPPETS + "diagonal_vs_full.py")
    ns = result.namespace
    assert result.stdout.count("eigenvalues of F^-1 F_KFAC [1.02 2.47]") == 2
    for name, (paths, _, fisher, kfac) in ns["results"].items():
        features = ns["problems"][name]
        w = paths["full"][-1]
        values, vectors = np.linalg.eig(np.linalg.solve(fisher, kfac))
        top = vectors[:, np.argmax(values.real)].real
        assert abs(top @ w) / (np.linalg.norm(top) * np.linalg.norm(w)) > 0.999
        # why: along w, the examples with large |xᵀw| have small p(1-p)
        along, p = (features @ w) ** 2, expit(features @ w)
        assert np.corrcoef(along, p * (1 - p))[0, 1] < -0.5
        assert np.allclose(kfac, np.mean(p * (1 - p)) * features.T @ features / len(p))


def test_diagonal_vs_full_rejects_bad_input():
    features, labels = lesson_data()
    with pytest.raises(ValueError, match="method"):
        diagonal_vs_full.preconditioned_path(features, labels, "adam", 3)


# --- exercises -----------------------------------------------------------------------------


@pytest.mark.claim("fisher-training/bernoulli-logit-information")
@given(st.floats(1e-4, 1 - 1e-4))
def test_the_logit_information_is_p_1_minus_p_and_follows_the_jacobian_rule(p):
    # the exact variances of the two scores under Bernoulli(p), from their two values
    var_p = p * (1 / p) ** 2 + (1 - p) * (1 / (1 - p)) ** 2
    var_logit = p * (1 - p) ** 2 + (1 - p) * p**2
    assert exercise_bernoulli_logit.information_of_p(p) == pytest.approx(var_p, rel=1e-9)
    assert exercise_bernoulli_logit.information_of_logit(p) == pytest.approx(var_logit, rel=1e-9)
    slope = p * (1 - p)  # dp/dθ, checked by a central difference
    theta, h = np.log(p / (1 - p)), 1e-6
    assert (expit(theta + h) - expit(theta - h)) / (2 * h) == pytest.approx(slope, rel=1e-5)


@pytest.mark.claim("fisher-training/bernoulli-simulation")
def test_the_simulated_score_variances_are_within_three_standard_errors(run):
    result = run(SNIPPETS + "exercise_bernoulli_logit.py")
    draws = result.namespace["draws"]
    rows = re.findall(r"^\s*(0\.\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$", result.stdout, re.M)
    assert [float(r[0]) for r in rows] == [0.05, 0.2, 0.5]
    for p_text, info_p, var_p, info_logit, var_logit in rows:
        p = float(p_text)
        for info, var, values in (
            (info_p, var_p, (1 / p, -1 / (1 - p))),
            (info_logit, var_logit, (1 - p, -p)),
        ):
            # the s.e. of a sample variance: sqrt((μ4 - σ⁴)/N) for the two-valued score
            mu4 = p * values[0] ** 4 + (1 - p) * values[1] ** 4
            se = np.sqrt((mu4 - float(info) ** 2) / draws)
            assert abs(float(var) - float(info)) <= 3 * se + 0.006  # plus the rounding of the printout


@pytest.mark.claim("fisher-training/bernoulli-extremes")
def test_the_information_of_p_is_smallest_and_of_the_logit_largest_at_one_half():
    grid = np.linspace(0.001, 0.999, 999)
    assert grid[np.argmin(exercise_bernoulli_logit.information_of_p(grid))] == pytest.approx(0.5)
    assert grid[np.argmax(exercise_bernoulli_logit.information_of_logit(grid))] == pytest.approx(0.5)


@pytest.mark.claim("fisher-training/bernoulli-steps-agree")
def test_the_two_natural_steps_agree_to_first_order(run):
    result = run(SNIPPETS + "exercise_bernoulli_logit.py")
    assert "natural step on p: p -> 0.20800" in result.stdout
    assert "natural step on the logit, mapped to p: p -> 0.20812" in result.stdout
    p, x = 0.2, 1.0
    gaps = []
    for eta in (1e-2, 1e-3, 1e-4):
        on_p = p + eta * (x / p - (1 - x) / (1 - p)) / exercise_bernoulli_logit.information_of_p(p)
        on_logit = expit(
            np.log(p / (1 - p)) + eta * (x - p) / exercise_bernoulli_logit.information_of_logit(p)
        )
        gaps.append(abs(on_logit - on_p) / eta**2)
    assert max(gaps) / min(gaps) < 1.2  # the gap shrinks like η²


def test_bernoulli_information_rejects_bad_p():
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        exercise_bernoulli_logit.information_of_p(1.0)


@pytest.mark.claim("fisher-training/gaussian-fisher")
@examples_60
@given(st.floats(-3, 3), st.floats(0.2, 5), seeds)
def test_the_gaussian_natural_step_uses_the_score_covariance_as_its_metric(mean, variance, seed):
    data = np.random.default_rng(seed).normal(1.0, 2.0, size=30)

    def score(x, m, v):  # d/dμ and d/dv of log N(x; m, v)
        return np.array([(x - m) / v, -1 / (2 * v) + (x - m) ** 2 / (2 * v**2)])

    density = stats.norm(mean, np.sqrt(variance)).pdf
    bounds = mean - 12 * np.sqrt(variance), mean + 12 * np.sqrt(variance)
    fisher = np.array(
        [
            [
                integrate.quad(
                    lambda x, i=i, j=j: (
                        score(x, mean, variance)[i] * score(x, mean, variance)[j] * density(x)
                    ),
                    *bounds,
                )[0]
                for j in range(2)
            ]
            for i in range(2)
        ]
    )
    assert np.allclose(fisher, np.diag([1 / variance, 1 / (2 * variance**2)]), rtol=1e-7, atol=1e-9)

    def mean_nll(m, v):
        return -np.mean(stats.norm(m, np.sqrt(v)).logpdf(data))

    h = 1e-5 * np.array([1.0, variance])
    gradient = np.array(
        [
            (mean_nll(mean + h[0], variance) - mean_nll(mean - h[0], variance)) / (2 * h[0]),
            (mean_nll(mean, variance + h[1]) - mean_nll(mean, variance - h[1])) / (2 * h[1]),
        ]
    )
    step = np.array(exercise_gaussian_natural_step.natural_step(mean, variance, data, 0.5)) - [mean, variance]
    assert np.allclose(step, -0.5 * np.linalg.solve(fisher, gradient), rtol=1e-5, atol=1e-8)


@pytest.mark.claim("fisher-training/gaussian-two-steps")
@examples_60
@given(seeds, st.floats(-10, 10), st.floats(0.01, 100))
def test_two_natural_steps_reach_the_gaussian_mle_from_any_start(seed, mean, variance):
    data = np.random.default_rng(seed).normal(3.0, 1.5, size=20)
    first = exercise_gaussian_natural_step.natural_step(mean, variance, data)
    assert first[0] == pytest.approx(np.mean(data)) and first[1] == pytest.approx(np.mean((data - mean) ** 2))
    second = exercise_gaussian_natural_step.natural_step(*first, data)
    assert second == pytest.approx((np.mean(data), np.var(data)))
    assert exercise_gaussian_natural_step.natural_step(*second, data) == pytest.approx(second)
    fit = stats.norm.fit(data)  # scipy's MLE: the mean and the standard deviation dividing by n
    assert second == pytest.approx((fit[0], fit[1] ** 2))


@pytest.mark.claim("fisher-training/gaussian-two-steps")
def test_the_gaussian_run_prints_27_34_then_the_mle(run):
    result = run(SNIPPETS + "exercise_gaussian_natural_step.py")
    assert "after step 1: mean 4.814102, variance 27.339966" in result.stdout
    assert "after step 2: mean 4.814102, variance 4.164385" in result.stdout
    assert "variance dividing by n 4.164385" in result.stdout


def test_gaussian_natural_step_rejects_bad_input():
    with pytest.raises(ValueError, match="positive variance"):
        exercise_gaussian_natural_step.natural_step(0.0, 0.0, np.ones(3))


@pytest.mark.claim("fisher-training/equal-per-example")
@given(st.floats(-30, 30), st.sampled_from([0.0, 1.0]))
def test_the_two_weights_of_one_example_differ_away_from_one_half(z, y):
    fisher, empirical = exercise_when_empirical_equals.fisher_pair(
        np.array([z]), np.array([[1.0]]), np.array([y])
    )
    assume(abs(expit(z) - 0.5) > 1e-6)
    assert abs(empirical[0, 0] - fisher[0, 0]) > 1e-6 * fisher[0, 0]


@pytest.mark.claim("fisher-training/equal-per-example")
def test_the_two_weights_agree_at_one_half_and_at_a_certain_right_answer():
    pair = exercise_when_empirical_equals.fisher_pair
    for y in (0.0, 1.0):
        fisher, empirical = pair(np.zeros(1), np.array([[1.0]]), np.array([y]))
        assert fisher[0, 0] == empirical[0, 0] == 0.25
    for z, y in ((800.0, 1.0), (-800.0, 0.0)):  # σ(±800) is 1 or 0 in floating point
        fisher, empirical = pair(np.array([z]), np.array([[1.0]]), np.array([y]))
        assert fisher[0, 0] == empirical[0, 0] == 0.0


@pytest.mark.claim("fisher-training/average-over-draws", "fisher-training/unbiased-under-the-model")
def test_the_average_over_4000_draws_is_within_three_standard_errors(run):
    result = run(SNIPPETS + "exercise_when_empirical_equals.py")
    ns = result.namespace
    draws = ns["labels"].shape[0]
    assert draws == 4000
    fisher, empirical = exercise_when_empirical_equals.fisher_pair(ns["w"], ns["features"], ns["labels"])
    se = empirical.std(axis=0, ddof=1) / np.sqrt(draws)
    assert np.all(np.abs(empirical.mean(axis=0) - fisher) <= 3 * se)
    assert "one label draw: largest gap to F 10.7%" in result.stdout
    assert "average over 4000 draws from the model: largest gap 0.16%" in result.stdout


def exercise_rows(stdout):
    rows = re.findall(r"^n =\s+(\d+):\s+([\d.]+) ([\d.]+) \| ([\d.]+) ([\d.]+)$", stdout, re.M)
    return {int(n): (float(a), float(b), float(c), float(d)) for n, a, b, c, d in rows}


@pytest.mark.claim("fisher-training/right-model-converges")
def test_with_the_right_model_the_eigenvalues_approach_1(run):
    rows = exercise_rows(stdout_of(run, "exercise_when_empirical_equals"))
    assert list(rows) == [100, 1000, 10_000, 100_000]
    distances = [max(abs(a - 1), abs(b - 1)) for a, b, _, _ in rows.values()]
    assert all(later < earlier for earlier, later in itertools.pairwise(distances))
    assert rows[100_000][:2] == (0.992, 1.007)


@pytest.mark.claim("fisher-training/wrong-model-stays")
def test_with_flipped_labels_one_eigenvalue_stays_near_2(run):
    rows = exercise_rows(stdout_of(run, "exercise_when_empirical_equals"))
    assert rows[100_000][3] == 2.038
    assert all(1.9 < row[3] < 2.3 for n, row in rows.items() if n >= 1000)


@pytest.mark.claim("fisher-training/flipped-carry")
def test_the_flipped_examples_carry_about_70_percent_of_the_empirical_trace(run):
    ns = ns_of(run, "exercise_when_empirical_equals")
    x, y = ns["x"], ns["wrong"]
    flipped = y != (x @ [1.5, -1.0] > 0)
    assert abs(flipped.mean() - 0.1) < 0.005
    w = exercise_when_empirical_equals.mle(x, y)
    assert np.allclose(w, statsmodels_mle(x, y), rtol=1e-8)
    p, norms = expit(x @ w), np.sum(x**2, axis=1)
    fisher, empirical = exercise_when_empirical_equals.fisher_pair(w, x, y)
    empirical_share = np.sum(((p - y) ** 2 * norms)[flipped]) / len(y) / np.trace(empirical)
    fisher_share = np.sum((p * (1 - p) * norms)[flipped]) / len(y) / np.trace(fisher)
    assert 0.65 <= empirical_share <= 0.75 and 0.08 <= fisher_share <= 0.12


def test_fisher_pair_rejects_bad_labels():
    with pytest.raises(ValueError, match="0/1 label"):
        exercise_when_empirical_equals.fisher_pair(np.zeros(2), np.ones((3, 2)), np.ones(2))
