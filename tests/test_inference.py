"""Claims of the lesson "Basics of statistical inference", checked on the snippets' real results."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import xlogy
from sitebuild import ROOT

from engine import run_snippet
from snippets.inference import coin_mle

# --- MLE on a coin -------------------------------------------------------------------


def test_grid_mle_equals_heads_over_tosses_to_grid_resolution(run):
    result = run("snippets/inference/coin_mle.py")
    ns = result.namespace
    step = ns["grid"][1] - ns["grid"][0]
    assert abs(ns["p_grid"] - ns["heads"] / ns["tosses"]) <= step / 2
    assert "grid MLE (step 0.001): p = 0.800" in result.stdout
    assert "closed form k/n:       p = 0.800" in result.stdout


@given(tosses=st.integers(1, 500), data=st.data())
def test_log_likelihood_peaks_at_the_sample_proportion(tosses, data):
    heads = data.draw(st.integers(0, tosses))
    grid = np.linspace(0, 1, 2001)
    best = grid[np.argmax(coin_mle.bernoulli_log_likelihood(grid, heads, tosses))]
    assert abs(best - heads / tosses) <= 0.00025 + 1e-12


@pytest.mark.parametrize(
    ("heads", "tosses", "message"),
    [
        (12, 10, "heads must be between 0 and tosses, got heads=12, tosses=10"),
        (-1, 10, "heads must be between 0 and tosses"),
        (3, -2, "tosses must be zero or more"),
        (2.5, 10, "whole numbers"),
    ],
)
def test_impossible_counts_are_rejected_clearly(heads, tosses, message):
    with pytest.raises(ValueError, match=message):
        coin_mle.bernoulli_log_likelihood(0.5, heads, tosses)


def test_probabilities_outside_0_1_are_rejected():
    with pytest.raises(ValueError, match="between 0 and 1"):
        coin_mle.bernoulli_log_likelihood(np.array([0.5, 1.2]), 3, 10)


def test_data_are_almost_seven_times_likelier_at_the_mle_than_for_a_fair_coin():
    ratio = np.exp(
        coin_mle.bernoulli_log_likelihood(0.8, 8, 10) - coin_mle.bernoulli_log_likelihood(0.5, 8, 10)
    )
    assert 6.5 < ratio < 7


def test_likelihood_is_not_a_density_over_p(run):
    ns = run("snippets/inference/coin_mle.py").namespace
    area = np.trapezoid(ns["likelihood"], ns["grid"])
    assert abs(area - 1) > 0.5  # the exact area is B(9, 3) = 1/495


# --- why log-likelihoods ---------------------------------------------------------------


def test_raw_product_underflows_everywhere_while_the_log_likelihood_finds_k_over_n(run):
    result = run("snippets/inference/log_likelihood_underflow.py")
    ns = result.namespace
    assert ns["n_tosses"] == 2000
    assert np.all(ns["raw_likelihood"] == 0.0), "the product of 2000 probabilities is exactly 0 everywhere"
    assert np.argmax(ns["raw_likelihood"]) == 0, "so its argmax is just the first grid point"
    best = ns["grid"][np.argmax(ns["log_likelihood"])]
    assert best == pytest.approx(ns["tosses"].mean(), abs=1e-12)
    assert np.all(np.isfinite(ns["log_likelihood"]))
    assert "largest raw product on the grid:   0.0" in result.stdout


def test_running_product_reaches_zero_after_about_1100_tosses(run):
    ns = run("snippets/inference/log_likelihood_underflow.py").namespace
    first_zero = int(np.argmax(ns["running"] == 0)) + 1
    assert ns["running"][first_zero - 2] > 0 and ns["running"][first_zero - 1] == 0
    assert 1050 <= first_zero <= 1150
    # and the sum of logs up to that toss is far below log of the smallest float64
    assert np.log(ns["per_toss"][np.argmax(ns["log_likelihood"]), :first_zero]).sum() < np.log(5e-324)


def test_toss_probabilities_rejects_tosses_that_are_not_0_or_1():
    from snippets.inference import log_likelihood_underflow as underflow

    with pytest.raises(ValueError, match="0 \\(tails\\) or 1 \\(heads\\)"):
        underflow.toss_probabilities(np.array([0.5]), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="between 0 and 1"):
        underflow.toss_probabilities(np.array([1.5]), np.array([0, 1]))


# --- more data narrows the likelihood --------------------------------------------------


def test_likelihood_width_shrinks_with_n_like_one_over_sqrt_n(run):
    ns = run("snippets/inference/more_data_narrows.py").namespace
    widths, sizes, true_p = ns["widths"], ns["sizes"], ns["true_p"]
    assert list(sizes) == [10, 50, 100, 500, 2000]
    assert np.all(np.diff(widths) < 0), "the width falls at every step"
    scaled = widths * np.sqrt(sizes)
    target = 2 * np.sqrt(true_p * (1 - true_p))
    assert np.all(np.abs(scaled / target - 1) < 0.10), "width * sqrt(n) stays near 2 sqrt(p(1-p))"
    # four times the data, half the width
    assert widths[sizes == 2000][0] / widths[sizes == 500][0] == pytest.approx(0.5, rel=0.10)


def test_width_matches_the_curvature_standard_error(run):
    ns = run("snippets/inference/more_data_narrows.py").namespace
    p_hat = ns["heads"] / ns["sizes"]
    predicted = 2 * np.sqrt(p_hat * (1 - p_hat) / ns["sizes"])
    assert np.allclose(ns["widths"], predicted, rtol=0.05)


def test_mle_gets_closer_only_as_a_tendency(run):
    ns = run("snippets/inference/more_data_narrows.py").namespace
    errors = np.abs(ns["heads"] / ns["sizes"] - ns["true_p"])
    sizes = list(ns["sizes"])
    assert errors[sizes.index(100)] > errors[sizes.index(50)], "the page says n = 100 lands further off"
    assert np.argmin(errors) == sizes.index(2000), "the largest sample has the smallest error"


def test_narrowing_figure_has_one_panel_per_sample_size(run):
    result = run("snippets/inference/more_data_narrows.py")
    assert len(result.figures) == 1
    for n, k in zip(result.namespace["sizes"], result.namespace["heads"], strict=True):
        assert f"MLE = {k / n:.3f}" in result.figures[0].light, f"panel for n = {n}"


@given(tosses=st.integers(1, 3000), data=st.data())
def test_normalised_likelihood_peaks_at_one(tosses, data):
    from snippets.inference import more_data_narrows as narrows

    heads = data.draw(st.integers(0, tosses))
    values = narrows.normalised_likelihood(np.linspace(0, 1, 501), heads, tosses)
    assert values.max() == pytest.approx(1.0) and values.min() >= 0


def test_normalised_likelihood_rejects_impossible_counts():
    from snippets.inference import more_data_narrows as narrows

    with pytest.raises(ValueError, match="heads must be between 0 and tosses, got heads=11, tosses=10"):
        narrows.normalised_likelihood(np.linspace(0, 1, 5), 11, 10)


# --- MAP with a Beta prior -------------------------------------------------------------


def test_map_matches_the_posterior_mode_and_lies_between_prior_mean_and_mle(run):
    result = run("snippets/inference/map_beta_prior.py")
    ns = result.namespace
    step = ns["grid"][1] - ns["grid"][0]
    assert ns["p_mle"] == 1.0, "3 heads in 3 tosses: the MLE is 1"
    assert abs(ns["p_map"] - 7 / 11) <= step / 2
    prior_mean = ns["a"] / (ns["a"] + ns["b"])
    assert prior_mean < ns["p_map"] < ns["p_mle"]
    assert "closed form (k+a-1)/(n+a+b-2):  0.636" in result.stdout


def test_grid_posterior_is_the_conjugate_beta_density(run):
    from scipy.stats import beta

    ns = run("snippets/inference/map_beta_prior.py").namespace
    exact = beta.pdf(ns["grid"], 3 + 5, 0 + 5)
    assert np.max(np.abs(ns["posterior"] - exact)) < 1e-9
    assert np.trapezoid(ns["likelihood"], ns["grid"]) == pytest.approx(1.0, abs=1e-4)


@given(tosses=st.integers(0, 200), a=st.integers(1, 30), b=st.integers(1, 30), data=st.data())
def test_posterior_mode_formula_agrees_with_a_grid_search(tosses, a, b, data):
    from snippets.inference import map_beta_prior

    heads = data.draw(st.integers(0, tosses))
    if tosses + a + b <= 2:
        return
    grid = np.linspace(0, 1, 20001)
    log_lik = xlogy(heads, grid) + xlogy(tosses - heads, 1 - grid)
    log_post = log_lik + map_beta_prior.log_beta_prior(grid, a, b)
    assert abs(grid[np.argmax(log_post)] - map_beta_prior.posterior_mode(heads, tosses, a, b)) <= 0.5 / 20000


def test_beta_prior_and_mode_reject_bad_parameters():
    from snippets.inference import map_beta_prior

    with pytest.raises(ValueError, match="must be positive, got a=0, b=5"):
        map_beta_prior.log_beta_prior(np.array([0.5]), 0, 5)
    with pytest.raises(ValueError, match="heads must be between 0 and tosses"):
        map_beta_prior.posterior_mode(4, 3, 5, 5)
    with pytest.raises(ValueError, match="a, b >= 1"):
        map_beta_prior.posterior_mode(1, 3, 0.5, 5)


def test_map_approaches_mle_within_the_bound(run):
    result = run("snippets/inference/map_approaches_mle.py")
    ns = result.namespace
    sizes, gap = ns["sizes"], ns["gap"]
    assert np.all(gap <= 4 / (sizes + 8) + 1e-12), "every gap respects 4/(n+8)"
    assert gap[sizes == 3000][0] * 100 < gap[sizes == 10][0], "a hundred times smaller after 3000 tosses"
    low = np.minimum(ns["p_mle"], 0.5)
    high = np.maximum(ns["p_mle"], 0.5)
    assert np.all((low <= ns["p_map"]) & (ns["p_map"] <= high)), "MAP between the prior mean and the MLE"


@given(tosses=st.integers(1, 10_000), a=st.integers(1, 50), b=st.integers(1, 50), data=st.data())
def test_map_minus_mle_identity_and_bound(tosses, a, b, data):
    from snippets.inference import map_approaches_mle

    heads = data.draw(st.integers(0, tosses))
    p_mle, p_map = map_approaches_mle.mle_and_map(np.array([heads]), np.array([tosses]), a, b)
    identity = ((a - 1) - (a + b - 2) * p_mle) / (tosses + a + b - 2)
    assert p_map - p_mle == pytest.approx(identity, abs=1e-12)
    assert abs(p_map - p_mle)[0] <= max(a - 1, b - 1) / (tosses + a + b - 2) + 1e-12


def test_mle_and_map_reject_bad_input():
    from snippets.inference import map_approaches_mle

    with pytest.raises(ValueError, match="at least one toss"):
        map_approaches_mle.mle_and_map(np.array([1]), np.array([0]), 5, 5)
    with pytest.raises(ValueError, match="a >= 1 and b >= 1"):
        map_approaches_mle.mle_and_map(np.array([1]), np.array([3]), 0.5, 5)


@given(weight=st.floats(-50, 50), sigma=st.floats(0.1, 10))
def test_gaussian_prior_is_an_l2_penalty_with_lambda_one_over_two_sigma_squared(weight, sigma):
    from scipy.stats import norm

    penalty = norm.logpdf(0, 0, sigma) - norm.logpdf(weight, 0, sigma)
    assert penalty == pytest.approx(weight**2 / (2 * sigma**2), rel=1e-9, abs=1e-9)


def test_many_tests_at_5_percent_pass_one_half_from_14():
    assert 1 - 0.95**14 > 0.5 > 1 - 0.95**13


# --- A/B test --------------------------------------------------------------------------


def test_ab_verdict_depends_on_the_alternative(run):
    result = run("snippets/inference/ab_test_z.py")
    ns = result.namespace
    assert ns["rate_b"] > ns["rate_a"]
    assert ns["z_one"] < ns["z"] < ns["z_two"], "z between the one- and two-sided critical values"
    assert ns["p_one_sided"] < ns["alpha"] <= ns["p_two_sided"]
    assert ns["p_two_sided"] == pytest.approx(2 * ns["p_one_sided"], rel=1e-12)
    assert "critical z at alpha = 0.05: one-sided 1.645, two-sided 1.960" in result.stdout


def test_confidence_interval_contains_zero_and_gains_of_several_points(run):
    ns = run("snippets/inference/ab_test_z.py").namespace
    assert ns["low"] < 0 < ns["high"]
    assert ns["high"] > 0.04


def test_z_squared_is_the_chi_square_statistic_without_continuity_correction(run):
    from scipy.stats import chi2_contingency

    ns = run("snippets/inference/ab_test_z.py").namespace
    table = np.array(
        [
            [ns["clicks_a"], ns["n_a"] - ns["clicks_a"]],
            [ns["clicks_b"], ns["n_b"] - ns["clicks_b"]],
        ]
    )
    chi_square = chi2_contingency(table, correction=False)
    assert ns["z"] ** 2 == pytest.approx(chi_square.statistic, rel=1e-10)
    assert ns["p_two_sided"] == pytest.approx(chi_square.pvalue, rel=1e-8)


def test_effect_size_and_significance_are_different_things():
    from snippets.inference import ab_test_z

    tiny_effect_huge_sample = ab_test_z.two_proportion_z_test(100_000, 1_000_000, 101_000, 1_000_000)
    assert tiny_effect_huge_sample[2] < 0.05, "0.1 point on a million per arm is significant"
    big_effect_small_sample = ab_test_z.two_proportion_z_test(5, 50, 10, 50)
    assert big_effect_small_sample[2] > 0.05, "10% -> 20% on fifty per arm is not"


@given(
    n_a=st.integers(20, 5000),
    n_b=st.integers(20, 5000),
    share_a=st.floats(0.05, 0.95),
    share_b=st.floats(0.05, 0.95),
)
def test_z_test_agrees_with_chi_square_on_any_table(n_a, n_b, share_a, share_b):
    from scipy.stats import chi2_contingency

    from snippets.inference import ab_test_z

    clicks_a, clicks_b = round(share_a * n_a), round(share_b * n_b)
    z, p_one, p_two = ab_test_z.two_proportion_z_test(clicks_a, n_a, clicks_b, n_b)
    table = np.array([[clicks_a, n_a - clicks_a], [clicks_b, n_b - clicks_b]])
    chi_square = chi2_contingency(table, correction=False)
    assert z**2 == pytest.approx(chi_square.statistic, rel=1e-8, abs=1e-10)
    assert p_two == pytest.approx(chi_square.pvalue, rel=1e-6, abs=1e-12)
    assert 0 <= p_one <= 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((120, 100, 50, 100), "group A: need n >= 1 and 0 <= clicks <= n, got clicks=120, n=100"),
        ((10, 100, -1, 100), "group B"),
        ((0, 100, 0, 100), "no variance"),
    ],
)
def test_z_test_rejects_bad_counts(args, message):
    from snippets.inference import ab_test_z

    with pytest.raises(ValueError, match=message):
        ab_test_z.two_proportion_z_test(*args)


# --- the p-value by simulation ---------------------------------------------------------


def exact_gap_distribution(rate: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact P(clicks_b - clicks_a = g) for two independent Binomial(n, rate) groups."""
    from scipy.stats import binom

    pmf = binom.pmf(np.arange(n + 1), n, rate)
    return np.arange(-n, n + 1), np.convolve(pmf, pmf[::-1])


def test_simulation_uses_the_observed_ab_data(run):
    ab = run("snippets/inference/ab_test_z.py").namespace
    sim = run("snippets/inference/p_value_by_simulation.py").namespace
    assert (sim["clicks_a"], sim["clicks_b"], sim["n"]) == (ab["clicks_a"], ab["clicks_b"], ab["n_a"])
    assert sim["p_z"] == pytest.approx(ab["p_one_sided"], rel=1e-12)
    assert sim["simulations"] == 10_000


def test_simulated_p_value_agrees_with_the_z_test_within_monte_carlo_error(run):
    ns = run("snippets/inference/p_value_by_simulation.py").namespace
    assert abs(ns["at_least"] - ns["p_z"]) <= 3 * ns["mc_error"]


def test_simulated_p_value_agrees_with_the_exact_null_distribution(run):
    ns = run("snippets/inference/p_value_by_simulation.py").namespace
    gaps, probabilities = exact_gap_distribution(ns["pooled"], ns["n"])
    exact = probabilities[gaps >= ns["clicks_b"] - ns["clicks_a"]].sum()
    assert abs(ns["at_least"] - exact) <= 3 * np.sqrt(exact * (1 - exact) / ns["simulations"])


def test_normal_curve_of_the_z_test_fits_the_simulated_spread(run):
    ns = run("snippets/inference/p_value_by_simulation.py").namespace
    # the s.e. of a sample sd from 10 000 draws is about sd / sqrt(2 * 10 000), under 1%
    assert ns["differences"].std() == pytest.approx(ns["standard_error"], rel=0.025)
    assert abs(ns["differences"].mean()) < 3 * ns["standard_error"] / np.sqrt(ns["simulations"])


def test_ties_shift_the_simulated_share_by_about_half_the_tie_share(run):
    ns = run("snippets/inference/p_value_by_simulation.py").namespace
    observed_gap = ns["clicks_b"] - ns["clicks_a"]
    gaps, probabilities = exact_gap_distribution(ns["pooled"], ns["n"])
    at_least = probabilities[gaps >= observed_gap].sum()
    tie = probabilities[gaps == observed_gap].sum()
    assert at_least - ns["p_z"] == pytest.approx(tie / 2, rel=0.2), "on average the share sits above p_z"
    tie_se = np.sqrt(tie * (1 - tie) / ns["simulations"])
    assert abs(ns["ties"] - tie) <= 3 * tie_se
    assert 0.5 <= (tie / 2) / ns["mc_error"] <= 2, "of the same order as the Monte Carlo error"


def test_simulating_at_a_true_rate_of_10_percent_gives_a_smaller_p_value(run):
    ns = run("snippets/inference/p_value_by_simulation.py").namespace
    observed_gap = ns["clicks_b"] - ns["clicks_a"]
    tails = {}
    for rate in (0.10, ns["pooled"]):
        gaps, probabilities = exact_gap_distribution(rate, ns["n"])
        tails[rate] = probabilities[gaps >= observed_gap].sum()
    assert tails[0.10] < tails[ns["pooled"]]


def test_null_simulation_is_reproducible_and_validated():
    from snippets.inference import p_value_by_simulation as simulation

    first = simulation.simulate_null_click_gaps(0.1, 100, 500, np.random.default_rng(1))
    again = simulation.simulate_null_click_gaps(0.1, 100, 500, np.random.default_rng(1))
    assert first.shape == (500,) and np.array_equal(first, again)
    assert np.all(np.abs(first) <= 100)
    with pytest.raises(ValueError, match="0 <= rate <= 1"):
        simulation.simulate_null_click_gaps(1.5, 100, 500, np.random.default_rng(1))
    with pytest.raises(ValueError, match="simulations >= 1"):
        simulation.simulate_null_click_gaps(0.1, 100, 0, np.random.default_rng(1))


def test_simulation_figure_shades_the_tail(run):
    result = run("snippets/inference/p_value_by_simulation.py")
    assert len(result.figures) == 1
    svg = result.figures[0].light
    labels = ["simulated under H0", "tail: at least as large", "normal curve of the z-test", "observed 0.026"]
    assert all(label in svg for label in labels)
    ns = result.namespace
    assert len(ns["edges"]) - 1 <= 60
    inside = (ns["differences"] >= ns["edges"][0]) & (ns["differences"] < ns["edges"][-1])
    assert inside.mean() > 0.998, "the bins cover nearly every simulated difference"


# --- MLE = cross-entropy ---------------------------------------------------------------


def test_cross_entropy_is_minus_the_mean_log_likelihood(run):
    from snippets.inference import cross_entropy_is_mle as ce

    result = run("snippets/inference/cross_entropy_is_mle.py")
    ns = result.namespace
    value = ce.cross_entropy(ns["labels"], ns["predicted"])
    assert value == pytest.approx(-ns["mean_log_likelihood"], rel=1e-12)
    assert ce.cross_entropy_from_logits(ns["labels"], ns["logits"]) == pytest.approx(value, rel=1e-12)
    assert "mean log-likelihood:          -0.2530" in result.stdout
    assert "cross-entropy:                0.2530" in result.stdout


def test_naive_loss_overflows_but_the_logit_form_is_finite(run):
    ns = run("snippets/inference/cross_entropy_is_mle.py").namespace
    assert np.isinf(ns["naive"])
    from snippets.inference import cross_entropy_is_mle as ce

    safe = ce.cross_entropy_from_logits(ns["wrong"], ns["confident"])
    assert safe == pytest.approx(40.0, rel=1e-12), "a confident wrong answer costs about |logit|"


@given(
    st.lists(
        st.tuples(st.integers(0, 1), st.floats(-15, 15)),  # beyond, 1 - sigmoid(z) loses digits
        min_size=1,
        max_size=50,
    )
)
def test_logit_form_equals_the_probability_form_where_both_are_finite(pairs):
    from scipy.special import expit

    from snippets.inference import cross_entropy_is_mle as ce

    labels = np.array([y for y, _ in pairs])
    logits = np.array([z for _, z in pairs])
    assert ce.cross_entropy_from_logits(labels, logits) == pytest.approx(
        ce.cross_entropy(labels, expit(logits)), rel=1e-6, abs=1e-9
    )


def test_cross_entropy_rejects_bad_labels_and_probabilities():
    from snippets.inference import cross_entropy_is_mle as ce

    with pytest.raises(ValueError, match="labels must be 0 or 1"):
        ce.cross_entropy(np.array([1, 2]), np.array([0.5, 0.5]))
    with pytest.raises(ValueError, match="one label per prediction, got 3 labels for 2 predictions"):
        ce.cross_entropy_from_logits(np.array([1, 0, 1]), np.array([0.1, 0.2]))
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        ce.cross_entropy(np.array([1, 0]), np.array([1.0, 0.5]))


# --- exercises -------------------------------------------------------------------------


def test_exercise_1_mle_and_map_toward_one_half(run):
    result = run("snippets/inference/exercise_coin_62.py")
    ns = result.namespace
    step = ns["grid"][1] - ns["grid"][0]
    assert abs(ns["p_mle"] - 0.62) <= step / 2
    assert ns["closed_form_map"] == pytest.approx(71 / 118)
    assert abs(ns["p_map"] - 71 / 118) <= step / 2
    assert 0.5 < ns["p_map"] < ns["p_mle"]
    assert len(result.figures) == 1


def test_exercise_1_posterior_is_narrower_than_the_likelihood(run):
    ns = run("snippets/inference/exercise_coin_62.py").namespace

    def width(log_curve):
        inside = ns["grid"][log_curve - log_curve.max() >= -0.5]
        return inside.max() - inside.min()

    assert width(ns["log_post"]) < width(ns["log_lik"])


def test_exercise_2_false_positive_rate_is_inside_the_binomial_band(run):
    from scipy.stats import binom

    ns = run("snippets/inference/exercise_false_positives.py").namespace
    assert ns["experiments"] == 1000 and ns["n"] == 500 and ns["rate"] == 0.08
    low, high = binom.ppf([0.005, 0.995], 1000, 0.05) / 1000
    assert (ns["low"], ns["high"]) == (low, high)
    assert low <= ns["false_positives"] / 1000 <= high


def test_exercise_2_vectorised_p_values_match_the_scalar_z_test():
    from snippets.inference import ab_test_z
    from snippets.inference import exercise_false_positives as fp

    rng = np.random.default_rng(0)
    clicks = rng.binomial(500, 0.08, size=(2, 50))
    vectorised = fp.two_sided_z_p_values(clicks[0], clicks[1], 500)
    scalar = [ab_test_z.two_proportion_z_test(a, 500, b, 500)[2] for a, b in clicks.T]
    assert np.allclose(vectorised, scalar, rtol=1e-12)
    assert fp.two_sided_z_p_values(np.array([0]), np.array([0]), 500)[0] == 1.0
    with pytest.raises(ValueError, match="between 0 and n"):
        fp.two_sided_z_p_values(np.array([600]), np.array([3]), 500)


def test_null_p_values_are_approximately_uniform_and_reject_at_rate_alpha():
    from snippets.inference import exercise_false_positives as fp

    rng = np.random.default_rng(123)
    clicks = rng.binomial(500, 0.08, size=(2, 40_000))
    p_values = fp.two_sided_z_p_values(clicks[0], clicks[1], 500)
    rate = np.mean(p_values < 0.05)
    assert abs(rate - 0.05) < 3 * np.sqrt(0.05 * 0.95 / 40_000) + 0.005  # + a small discreteness allowance
    for level in (0.01, 0.2, 0.5, 0.8):  # counts are discrete: "approximately" means within 3 points
        assert abs(np.mean(p_values < level) - level) < 0.03


def test_exercise_3_mle_matches_scipy_grid_and_truth(run):
    from scipy.stats import norm

    ns = run("snippets/inference/exercise_normal_mle.py").namespace
    fitted = norm.fit(ns["samples"])
    assert ns["mu_hat"] == pytest.approx(fitted[0], rel=1e-12)
    assert ns["sigma_hat"] == pytest.approx(fitted[1], rel=1e-9)
    step = ns["sigmas"][1] - ns["sigmas"][0]
    assert abs(ns["sigmas"][np.argmax(ns["log_lik"])] - ns["sigma_hat"]) <= step / 2 + 1e-12
    assert abs(ns["mu_hat"] - 5) < 2 * ns["se_mu"] and abs(ns["sigma_hat"] - 2) < 2 * ns["se_sigma"]
    assert ns["samples"].std(ddof=1) > ns["sigma_hat"]
    assert ns["samples"].std(ddof=1) / ns["sigma_hat"] < 1.01, "with 200 values the two barely differ"


def test_exercise_3_mle_variance_bias_is_n_minus_1_over_n(run):
    ns = run("snippets/inference/exercise_normal_mle.py").namespace
    assert ns["small"] == 5
    assert abs(ns["ratio"] - 4 / 5) <= 3 * ns["mc_error"]


def test_normal_mle_rejects_tiny_or_2d_samples():
    from snippets.inference import exercise_normal_mle as normal

    with pytest.raises(ValueError, match="at least 2 values"):
        normal.normal_mle(np.array([1.0]))
    with pytest.raises(ValueError, match="1-D sample"):
        normal.normal_mle(np.ones((3, 3)))


# --- every snippet of the lesson -------------------------------------------------------

SNIPPETS = sorted(p.name for p in (ROOT / "snippets/inference").glob("*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("name", SNIPPETS)
def test_snippet_is_fast_and_seeded(run, name):
    run(f"snippets/inference/{name}")  # a first run pays for imports and font loading
    # CPU time of this thread, not wall time or the whole process (whose BLAS and helper
    # threads also count), so that a busy machine cannot fail the test
    started = time.thread_time()
    run_snippet(ROOT / "snippets/inference" / name)
    assert time.thread_time() - started < 1.0
    source = (ROOT / "snippets/inference" / name).read_text()
    assert "np.random.seed" not in source
    assert source.count("\n") <= 62, "about 60 lines at most"
