"""Claims of the lesson "Basics of statistical inference", checked on the snippets' real results.

Each claim test names the claims of docs/inference.md it asserts (@pytest.mark.claim) and
states the tolerance the sentence implies, with the phrase it comes from.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import xlogy
from sitebuild import ROOT

from engine import run_snippet
from snippets.inference import (
    ab_test_z,
    coin_mle,
    cross_entropy_is_mle,
    exercise_ab_four_times,
    exercise_false_positives,
    gaussian_prior_is_l2,
    map_approaches_mle,
    map_beta_prior,
    more_data_narrows,
    p_value_by_simulation,
)

# --- MLE on a coin -------------------------------------------------------------------


@pytest.mark.claim("inference/grid-mle-at-k-over-n")
def test_grid_mle_equals_heads_over_tosses_to_grid_resolution(run):
    result = run("snippets/inference/coin_mle.py")
    ns = result.namespace
    step = ns["grid"][1] - ns["grid"][0]
    assert abs(ns["p_grid"] - ns["heads"] / ns["tosses"]) <= step / 2
    assert "grid MLE (step 0.001): p = 0.800" in result.stdout
    assert "closed form k/n:       p = 0.800" in result.stdout


@pytest.mark.claim("inference/mle-is-k-over-n")
@given(tosses=st.integers(1, 500), data=st.data())
def test_log_likelihood_peaks_at_the_sample_proportion(tosses, data):
    heads = data.draw(st.integers(0, tosses))  # k = 0 and k = n included
    grid = np.linspace(0, 1, 2001)
    best = grid[np.argmax(coin_mle.bernoulli_log_likelihood(grid, heads, tosses))]
    assert abs(best - heads / tosses) <= 0.00025 + 1e-12  # half the grid step


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


@pytest.mark.claim("inference/likelihood-ratio-against-fair-coin")
def test_data_are_6_87_times_likelier_at_the_mle_than_for_a_fair_coin(run):
    result = run("snippets/inference/coin_mle.py")
    ns = result.namespace
    ratio = ns["likelihood"].max() / ns["at_half"]
    assert ratio == pytest.approx(0.8**8 * 0.2**2 / 0.5**10, rel=1e-12)
    assert "likelihood ratio L(MLE) / L(0.5): 6.87" in result.stdout


@pytest.mark.claim("inference/likelihood-area-not-one")
def test_likelihood_is_not_a_density_over_p(run):
    result = run("snippets/inference/coin_mle.py")
    area = np.trapezoid(result.namespace["likelihood"], result.namespace["grid"])
    assert area == pytest.approx(1 / 495, rel=1e-4)  # "exactly B(9, 3) = 1/495", up to the trapezoid rule
    assert "area under L(p) over 0 <= p <= 1: 0.00202 (not 1)" in result.stdout


# --- why log-likelihoods ---------------------------------------------------------------


@pytest.mark.claim("inference/float64-smallest-numbers")
def test_float64_limits_printed_by_the_run(run):
    result = run("snippets/inference/log_likelihood_underflow.py")
    normal, subnormal = result.namespace["normal"], result.namespace["subnormal"]
    assert "smallest positive float64: 2.2e-308, or 4.9e-324 with gradual underflow" in result.stdout
    assert subnormal / 2 == 0.0 and subnormal > 0, "nothing positive below the smallest subnormal"
    tiny = normal / 2**40  # a subnormal: only 52 - 40 = 12 bits of precision left
    assert tiny * (1 + 2**-20) == tiny, "subnormals carry fewer digits"
    assert normal * (1 + 2**-20) != normal, "normal numbers carry all 52 bits"


@pytest.mark.claim("inference/raw-product-underflows")
def test_raw_product_underflows_everywhere_and_its_argmax_is_the_first_point(run):
    result = run("snippets/inference/log_likelihood_underflow.py")
    ns = result.namespace
    assert ns["n_tosses"] == 2000
    assert np.all(ns["raw_likelihood"] == 0.0), "the product of 2000 probabilities is exactly 0 everywhere"
    assert np.argmax(ns["raw_likelihood"]) == 0, "so its argmax is just the first grid point"
    assert "largest raw product on the grid:   0.0" in result.stdout


@pytest.mark.claim("inference/log-likelihood-finds-k-over-n")
def test_log_likelihood_is_finite_and_peaks_at_k_over_n(run):
    result = run("snippets/inference/log_likelihood_underflow.py")
    ns = result.namespace
    assert np.all(np.isfinite(ns["log_likelihood"]))
    best = ns["grid"][np.argmax(ns["log_likelihood"])]
    assert best == pytest.approx(ns["tosses"].mean(), abs=1e-12)
    assert "argmax of the log-likelihood:      p = 0.6015" in result.stdout
    assert "log-likelihood at that p:          -1344.8" in result.stdout


@pytest.mark.claim("inference/running-product-hits-zero")
def test_running_product_reaches_zero_after_1115_tosses(run):
    result = run("snippets/inference/log_likelihood_underflow.py")
    running = result.namespace["running"]
    assert running[1113] > 0 and running[1114] == 0 and np.all(running[1114:] == 0)
    assert "running product at that p hits 0.0 after 1115 tosses" in result.stdout


def test_toss_probabilities_rejects_tosses_that_are_not_0_or_1():
    from snippets.inference import log_likelihood_underflow as underflow

    with pytest.raises(ValueError, match="0 \\(tails\\) or 1 \\(heads\\)"):
        underflow.toss_probabilities(np.array([0.5]), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="between 0 and 1"):
        underflow.toss_probabilities(np.array([1.5]), np.array([0, 1]))


# --- more data narrows the likelihood --------------------------------------------------


@pytest.mark.claim("inference/curvature-at-mle")
@given(tosses=st.integers(2, 5000), data=st.data())
def test_curvature_of_the_log_likelihood_at_the_mle(tosses, data):
    heads = data.draw(st.integers(1, tosses - 1))
    p = heads / tosses
    h = 1e-3 * min(p, 1 - p)
    values = coin_mle.bernoulli_log_likelihood(np.array([p - h, p, p + h]), heads, tosses)
    curvature = -(values[0] - 2 * values[1] + values[2]) / h**2
    assert curvature == pytest.approx(tosses / (p * (1 - p)), rel=1e-4)  # "exact", up to finite differences


@pytest.mark.claim("inference/narrowing-figure-one-curve-per-n")
def test_narrowing_figure_draws_each_normalised_likelihood_on_one_axes(run):
    result = run("snippets/inference/more_data_narrows.py")
    ns = result.namespace
    assert len(result.figures) == 1 and ns["fig"].get_axes() == [ns["ax"]] and len(ns["sizes"]) == 5
    curves = ns["ax"].lines[: len(ns["sizes"])]
    for curve, n, k in zip(curves, ns["sizes"], ns["heads"], strict=True):
        assert curve.get_label() == f"n = {n}, MLE = {k / n:.3f}"
        expected = more_data_narrows.normalised_likelihood(ns["plot_grid"], k, n)
        assert np.array_equal(curve.get_xdata(), ns["plot_grid"])
        assert np.allclose(curve.get_ydata(), expected, rtol=1e-12, atol=0)
        peak = curve.get_xdata()[np.argmax(curve.get_ydata())]
        assert abs(peak - k / n) <= 0.0025  # peaks at its MLE, up to the plot grid's step
        assert f"n = {n}, MLE = {k / n:.3f}" in result.figures[0].light
    assert len({curve.get_color() for curve in curves}) == len(curves), "one colour per n"


@pytest.mark.claim("inference/width-falls", "inference/width-scales-as-root-n")
def test_likelihood_width_falls_and_scales_as_one_over_root_n(run):
    result = run("snippets/inference/more_data_narrows.py")
    ns = result.namespace
    widths, sizes, true_p = ns["widths"], ns["sizes"], ns["true_p"]
    assert list(sizes) == [10, 50, 100, 500, 2000]
    assert np.all(np.diff(widths) < 0), "the width falls at every step"
    target = 2 * np.sqrt(true_p * (1 - true_p))
    assert np.all(np.abs(widths * np.sqrt(sizes) / target - 1) < 0.06), "within 6% of 2 sqrt(p(1-p))"
    assert "2*sqrt(p(1-p)) at the true p: 0.980" in result.stdout


@pytest.mark.claim("inference/width-is-two-standard-errors")
def test_width_is_within_3_percent_of_twice_the_curvature_standard_error(run):
    ns = run("snippets/inference/more_data_narrows.py").namespace
    p_hat = ns["heads"] / ns["sizes"]
    predicted = 2 * np.sqrt(p_hat * (1 - p_hat) / ns["sizes"])
    assert np.all(np.abs(ns["widths"] / predicted - 1) < 0.03)


@pytest.mark.claim("inference/four-times-data-half-width")
def test_four_times_the_data_half_the_width(run):
    result = run("snippets/inference/more_data_narrows.py")
    ns = result.namespace
    sizes, widths = list(ns["sizes"]), ns["widths"]
    ratio = widths[sizes.index(2000)] / widths[sizes.index(500)]
    assert abs(ratio - 0.5) <= 0.02 * 0.5, "a ratio within 2% of one half"
    assert "  500    318  0.636      0.036  0.043" in result.stdout
    assert " 2000   1212  0.606      0.006  0.022" in result.stdout


@pytest.mark.claim(
    "inference/mle-error-not-monotone",
    "inference/largest-sample-smallest-error",
    "inference/errors-within-width",
)
def test_mle_gets_closer_only_as_a_tendency_and_stays_within_the_width(run):
    ns = run("snippets/inference/more_data_narrows.py").namespace
    errors = np.abs(ns["heads"] / ns["sizes"] - ns["true_p"])
    sizes = list(ns["sizes"])
    assert errors[sizes.index(100)] > errors[sizes.index(50)], "n = 100 lands further off than n = 50"
    assert np.argmin(errors) == sizes.index(2000), "the largest sample has the smallest error"
    assert np.all(errors < ns["widths"]), "every error is smaller than its curve's width"


@given(tosses=st.integers(1, 3000), data=st.data())
def test_normalised_likelihood_peaks_at_one(tosses, data):
    heads = data.draw(st.integers(0, tosses))
    values = more_data_narrows.normalised_likelihood(np.linspace(0, 1, 501), heads, tosses)
    assert values.max() == pytest.approx(1.0) and values.min() >= 0


def test_normalised_likelihood_rejects_impossible_counts():
    with pytest.raises(ValueError, match="heads must be between 0 and tosses, got heads=11, tosses=10"):
        more_data_narrows.normalised_likelihood(np.linspace(0, 1, 5), 11, 10)


# --- MAP with a Beta prior -------------------------------------------------------------

INTERIOR = np.linspace(0.01, 0.99, 99)


@pytest.mark.claim("inference/beta-posterior-is-conjugate")
@given(tosses=st.integers(0, 300), a=st.floats(0.5, 30), b=st.floats(0.5, 30), data=st.data())
def test_beta_prior_times_likelihood_is_the_beta_k_plus_a_density_up_to_a_constant(tosses, a, b, data):
    heads = data.draw(st.integers(0, tosses))
    log_post = coin_mle.bernoulli_log_likelihood(INTERIOR, heads, tosses) + map_beta_prior.log_beta_prior(
        INTERIOR, a, b
    )
    difference = log_post - map_beta_prior.log_beta_prior(INTERIOR, heads + a, tosses - heads + b)
    assert np.ptp(difference) <= 1e-9 * max(1.0, np.abs(difference).max())  # a constant in p


@pytest.mark.claim("inference/prior-as-extra-tosses")
@given(tosses=st.integers(0, 300), a=st.integers(1, 30), b=st.integers(1, 30), data=st.data())
def test_beta_prior_acts_like_a_minus_1_extra_heads_and_b_minus_1_extra_tails(tosses, a, b, data):
    heads = data.draw(st.integers(0, tosses))
    log_post = coin_mle.bernoulli_log_likelihood(INTERIOR, heads, tosses) + map_beta_prior.log_beta_prior(
        INTERIOR, a, b
    )
    augmented = coin_mle.bernoulli_log_likelihood(INTERIOR, heads + a - 1, tosses + a + b - 2)
    difference = log_post - augmented
    assert np.ptp(difference) <= 1e-9 * max(1.0, np.abs(difference).max())  # a constant in p


@pytest.mark.claim("inference/beta-posterior-mode")
@given(tosses=st.integers(0, 200), a=st.integers(1, 30), b=st.integers(1, 30), data=st.data())
def test_posterior_mode_formula_agrees_with_a_grid_search(tosses, a, b, data):
    heads = data.draw(st.integers(0, tosses))
    if tosses + a + b <= 2:  # the page states the formula for n + a + b > 2
        return
    grid = np.linspace(0, 1, 20001)
    log_post = (
        xlogy(heads, grid) + xlogy(tosses - heads, 1 - grid) + map_beta_prior.log_beta_prior(grid, a, b)
    )
    mode = map_beta_prior.posterior_mode(heads, tosses, a, b)
    # half a grid step, plus rounding: a mode such as 3/64 sits exactly midway between two grid points
    assert abs(grid[np.argmax(log_post)] - mode) <= 0.5 / 20000 + 1e-12
    at_mode = xlogy(heads, mode) + xlogy(tosses - heads, 1 - mode) + map_beta_prior.log_beta_prior(mode, a, b)
    assert at_mode >= log_post.max() - 1e-9 * max(1.0, abs(log_post.max())), "no grid point beats the formula"


@pytest.mark.claim(
    "inference/grid-map-matches-closed-form",
    "inference/map-between-prior-mean-and-mle",
    "inference/three-heads-give-mle-one",
)
def test_map_matches_the_posterior_mode_and_lies_between_prior_mean_and_mle(run):
    result = run("snippets/inference/map_beta_prior.py")
    ns = result.namespace
    step = ns["grid"][1] - ns["grid"][0]
    assert ns["p_mle"] == 1.0, "3 heads in 3 tosses: the MLE is 1"
    assert abs(ns["p_map"] - 7 / 11) <= step / 2, "to the grid's resolution"
    prior_mean = ns["a"] / (ns["a"] + ns["b"])
    assert prior_mean == 0.5 and prior_mean < ns["p_map"] < ns["p_mle"]
    assert "closed form (k+a-1)/(n+a+b-2):  0.636" in result.stdout


@pytest.mark.claim("inference/grid-posterior-is-beta-density")
def test_grid_posterior_is_the_beta_8_5_density_to_rounding_error(run):
    from scipy.stats import beta

    result = run("snippets/inference/map_beta_prior.py")
    ns = result.namespace
    exact = beta.pdf(ns["grid"], 8, 5)
    gap = np.max(np.abs(ns["posterior"] - exact))
    assert gap == ns["gap"] and gap < 1e-14, "rounding error, of order 1e-15"
    assert re.search(r"largest gap to the Beta\(8, 5\) density: \d\.\de-15", result.stdout)


@pytest.mark.claim("inference/map-figure-curves-are-densities")
def test_map_figure_draws_three_densities_of_area_one(run):
    ns = run("snippets/inference/map_beta_prior.py").namespace
    curves = {line.get_label(): line for line in ns["ax"].lines}
    for label in ("likelihood (scaled to area 1)", "prior Beta(5, 5)", "posterior ∝ likelihood × prior"):
        line = curves[label]
        area = np.trapezoid(line.get_ydata(), line.get_xdata())
        assert area == pytest.approx(1.0, abs=1e-4), label  # area 1, up to the trapezoid rule


def test_beta_prior_and_mode_reject_bad_parameters():
    with pytest.raises(ValueError, match="must be positive, got a=0, b=5"):
        map_beta_prior.log_beta_prior(np.array([0.5]), 0, 5)
    with pytest.raises(ValueError, match="heads must be between 0 and tosses"):
        map_beta_prior.posterior_mode(4, 3, 5, 5)
    with pytest.raises(ValueError, match="a, b >= 1"):
        map_beta_prior.posterior_mode(1, 3, 0.5, 5)


@pytest.mark.claim(
    "inference/every-gap-within-bound",
    "inference/map-between-in-every-row",
    "inference/gap-hundred-times-smaller",
)
def test_map_approaches_mle_within_the_bound(run):
    ns = run("snippets/inference/map_approaches_mle.py").namespace
    sizes, gap = ns["sizes"], ns["gap"]
    assert np.all(gap <= 4 / (sizes + 8) + 1e-12), "every gap respects 4/(n+8)"
    low, high = np.minimum(ns["p_mle"], 0.5), np.maximum(ns["p_mle"], 0.5)
    assert np.all((low <= ns["p_map"]) & (ns["p_map"] <= high)), "MAP between the prior mean and the MLE"
    assert gap[sizes == 3000][0] * 100 < gap[sizes == 10][0], "more than a hundred times smaller"


@pytest.mark.claim("inference/map-minus-mle-identity-and-bound")
@given(tosses=st.integers(1, 10_000), a=st.integers(1, 50), b=st.integers(1, 50), data=st.data())
def test_map_minus_mle_identity_and_bound(tosses, a, b, data):
    heads = data.draw(st.integers(0, tosses))
    p_mle, p_map = map_approaches_mle.mle_and_map(np.array([heads]), np.array([tosses]), a, b)
    identity = ((a - 1) - (a + b - 2) * p_mle) / (tosses + a + b - 2)
    assert p_map - p_mle == pytest.approx(identity, abs=1e-12)
    assert abs(p_map - p_mle)[0] <= max(a - 1, b - 1) / (tosses + a + b - 2) + 1e-12


@pytest.mark.claim("inference/map-is-weighted-average")
@given(tosses=st.integers(1, 10_000), a=st.integers(1, 50), data=st.data())
def test_with_a_equal_b_the_map_is_a_weighted_average_of_the_mle_and_one_half(tosses, a, data):
    heads = data.draw(st.integers(0, tosses))
    p_mle, p_map = map_approaches_mle.mle_and_map(np.array([heads]), np.array([tosses]), a, a)
    weight = tosses / (tosses + 2 * a - 2)
    assert p_map[0] == pytest.approx(weight * p_mle[0] + (1 - weight) * 0.5, abs=1e-12)


def test_mle_and_map_reject_bad_input():
    with pytest.raises(ValueError, match="at least one toss"):
        map_approaches_mle.mle_and_map(np.array([1]), np.array([0]), 5, 5)
    with pytest.raises(ValueError, match="a >= 1 and b >= 1"):
        map_approaches_mle.mle_and_map(np.array([1]), np.array([3]), 0.5, 5)


# --- L2 regularisation is a Gaussian prior ---------------------------------------------

L2_ROW = re.compile(
    r"tau = +([\d.]+) +w = \[ *(-?[\d.]+), *(-?[\d.]+)\] +\|w\| = ([\d.]+) +"
    r"log posterior ([\d.e+-]+), mean loss \+ decay ([\d.e+-]+)"
)


@pytest.mark.claim("inference/gaussian-log-prior-is-l2-penalty")
@given(
    weights=st.lists(st.floats(-50, 50), min_size=1, max_size=6),
    tau=st.floats(0.05, 20),
)
def test_gaussian_log_prior_is_minus_the_l2_penalty_plus_a_constant(weights, tau):
    w = np.array(weights)
    constant = -len(w) / 2 * np.log(2 * np.pi * tau**2)
    expected = -np.sum(w**2) / (2 * tau**2) + constant
    assert gaussian_prior_is_l2.log_gaussian_prior(w, tau) == pytest.approx(expected, rel=1e-10, abs=1e-10)


@pytest.mark.claim("inference/weight-decay-is-map")
@given(
    weights=st.lists(st.floats(-5, 5), min_size=2, max_size=2),
    tau=st.floats(0.05, 20),
)
def test_mean_loss_with_weight_decay_is_the_map_objective_over_n(weights, tau):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(25, 2))
    y = (rng.random(25) < 0.5).astype(float)
    w = np.array(weights)
    gamma = 1 / (25 * tau**2)  # tau² = 1/(n gamma)
    mean_form = gaussian_prior_is_l2.mean_loss_with_decay(w, x, y, gamma)
    assert mean_form == pytest.approx(gaussian_prior_is_l2.map_objective(w, x, y, tau) / 25, rel=1e-12)


@pytest.mark.claim("inference/three-forms-give-the-same-map", "inference/weights-shrink-as-tau-falls")
def test_three_forms_agree_and_weights_shrink_as_the_prior_narrows(run):
    result = run("snippets/inference/gaussian_prior_is_l2.py")
    rows = [tuple(float(v) for v in m.groups()) for m in L2_ROW.finditer(result.stdout)]
    assert [row[0] for row in rows] == [0.1, 0.3, 1.0, 3.0, 30.0]
    assert all(row[4] < 1e-6 and row[5] < 1e-6 for row in rows), "the same weights, to within 1e-6"
    norms = [row[3] for row in rows]
    assert np.all(np.diff(norms) > 0), "|w| grows with tau"
    assert norms[0] == 0.089, "from 0.089 at tau = 0.1"


@pytest.mark.claim("inference/wide-prior-map-is-mle")
def test_at_tau_30_the_map_is_within_0_001_of_the_mle(run):
    ns = run("snippets/inference/gaussian_prior_is_l2.py").namespace
    assert ns["tau"] == 30.0
    assert np.abs(ns["w_map"] - ns["w_mle"]).max() < 0.001


def test_gaussian_prior_functions_reject_bad_input():
    x, y = np.ones((3, 2)), np.array([0.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="must be positive, got tau=0"):
        gaussian_prior_is_l2.log_gaussian_prior(np.zeros(2), 0)
    with pytest.raises(ValueError, match="must be positive, got tau=-1"):
        gaussian_prior_is_l2.map_objective(np.zeros(2), x, y, -1)
    with pytest.raises(ValueError, match=r"zero or more, got gamma=-0\.5"):
        gaussian_prior_is_l2.mean_loss_with_decay(np.zeros(2), x, y, -0.5)
    with pytest.raises(ValueError, match=r"need x \(n, d\), y \(n,\) and w \(d,\)"):
        gaussian_prior_is_l2.negative_log_likelihood(np.zeros(3), x, y)


# --- hypothesis testing ----------------------------------------------------------------


@pytest.mark.claim("inference/count-test-level-close-to-alpha")
def test_exact_level_of_the_exercise_2_z_test_is_within_a_tenth_of_a_point_of_alpha(run):
    for alpha in (0.01, 0.05, 0.10):
        rate = exercise_false_positives.exact_false_positive_rate(500, 0.08, alpha)
        assert abs(rate - alpha) <= 0.001, f"within 0.1 percentage point at alpha = {alpha}"
    assert (
        "exact false-positive rate of this z-test: 0.0496"
        in run("snippets/inference/exercise_false_positives.py").stdout
    )


@pytest.mark.claim("inference/tiny-effect-is-significant", "inference/large-effect-not-significant")
def test_effect_size_and_significance_are_different_things():
    _, p_one, p_two = ab_test_z.two_proportion_z_test(100_000, 1_000_000, 101_000, 1_000_000)
    assert p_two < 0.05 and p_one < 0.05, "0.1 point on a million per arm is significant, even two-sided"
    _, p_one, p_two = ab_test_z.two_proportion_z_test(5, 50, 10, 50)
    assert p_one > 0.05 and p_two > 0.05, "10% -> 20% on fifty per arm is not, even one-sided"


# --- A/B test --------------------------------------------------------------------------


@pytest.mark.claim("inference/interval-uses-each-groups-rate")
def test_confidence_interval_is_1_96_unpooled_standard_errors(run):
    result = run("snippets/inference/ab_test_z.py")
    ns = result.namespace
    rate_a, rate_b = ns["rate_a"], ns["rate_b"]
    unpooled = np.sqrt(rate_a * (1 - rate_a) / ns["n_a"] + rate_b * (1 - rate_b) / ns["n_b"])
    assert ns["z_two"] == pytest.approx(1.959964, abs=1e-6)
    assert ns["half_width"] == pytest.approx(ns["z_two"] * unpooled, rel=1e-12)
    assert (ns["low"], ns["high"]) == pytest.approx(
        (rate_b - rate_a - ns["half_width"], rate_b - rate_a + ns["half_width"])
    )


@pytest.mark.claim(
    "inference/z-between-critical-values",
    "inference/one-sided-rejects-two-sided-does-not",
    "inference/card-b-clicked-more",
    "inference/card-verdict",
)
def test_ab_verdict_depends_on_the_alternative(run):
    result = run("snippets/inference/ab_test_z.py")
    ns = result.namespace
    assert ns["rate_b"] > ns["rate_a"]
    assert ns["z_one"] < ns["z"] < ns["z_two"], "z between the one- and two-sided critical values"
    assert ns["p_one_sided"] < ns["alpha"] <= ns["p_two_sided"]
    assert ns["low"] < 0 < ns["high"], "the interval for the gain includes zero"
    assert "critical z at alpha = 0.05: one-sided 1.645, two-sided 1.960" in result.stdout
    assert "one-sided: p = 0.0347 is below alpha = 0.05" in result.stdout
    assert "two-sided: p = 0.0694 is not below alpha = 0.05" in result.stdout


@pytest.mark.claim("inference/two-sided-is-twice-one-sided")
def test_two_sided_p_is_twice_the_one_sided_in_the_run(run):
    ns = run("snippets/inference/ab_test_z.py").namespace
    assert ns["z"] > 0
    assert ns["p_two_sided"] == pytest.approx(2 * ns["p_one_sided"], rel=1e-12)


@pytest.mark.claim("inference/two-sided-is-twice-one-sided")
@given(n=st.integers(20, 5000), share_a=st.floats(0.05, 0.95), lead=st.floats(0.001, 0.04))
def test_two_sided_p_is_twice_the_one_sided_whenever_b_is_ahead(n, share_a, lead):
    clicks_a, clicks_b = round(share_a * n), min(n, round((share_a + lead) * n))
    z, p_one, p_two = ab_test_z.two_proportion_z_test(clicks_a, n, clicks_b, n)
    if z > 0:
        assert p_two == pytest.approx(2 * p_one, rel=1e-12)


@pytest.mark.claim("inference/interval-contains-zero-and-five-points")
def test_confidence_interval_contains_zero_and_gains_of_more_than_five_points(run):
    ns = run("snippets/inference/ab_test_z.py").namespace
    assert ns["low"] < 0 < ns["high"]
    assert ns["high"] > 0.05, "gains of more than 5 percentage points"


@pytest.mark.claim("inference/ab-figure-interval-against-zero")
def test_the_ab_figure_draws_the_printed_interval_across_the_zero_line(run):
    result = run("snippets/inference/ab_test_z.py")
    ns = result.namespace
    ax = ns["ax"]
    assert len(result.figures) == 1 and ns["fig"].get_figwidth() <= 5.5
    (container,) = ax.containers
    (point_x,), _ = container.lines[0].get_data()
    ((left, _), (right, _)), = container.lines[2][0].get_segments()
    assert point_x == pytest.approx(ns["rate_b"] - ns["rate_a"])
    assert (left, right) == pytest.approx((ns["low"], ns["high"]))
    printed = re.search(r"confidence interval for the difference: \[(\S+), (\S+)\]", result.stdout)
    assert (f"{left:.3f}", f"{right:.3f}") == printed.groups()
    zero = [line for line in ax.get_lines() if line.get_label() == "no difference"]
    assert len(zero) == 1 and set(zero[0].get_xdata()) == {0}
    assert left < 0 < right  # the interval crosses the zero line


@pytest.mark.claim("inference/z-squared-is-chi-square")
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


@pytest.mark.claim("inference/z-squared-is-chi-square")
@given(
    n_a=st.integers(20, 5000),
    n_b=st.integers(20, 5000),
    share_a=st.floats(0.05, 0.95),
    share_b=st.floats(0.05, 0.95),
)
def test_z_test_agrees_with_chi_square_on_any_table(n_a, n_b, share_a, share_b):
    from scipy.stats import chi2_contingency

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
    with pytest.raises(ValueError, match=message):
        ab_test_z.two_proportion_z_test(*args)


# --- the p-value by simulation ---------------------------------------------------------


def exact_gap_distribution(rate: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact P(clicks_b - clicks_a = g) for two independent Binomial(n, rate) groups, by convolution.

    An independent computation of what p_value_by_simulation.exact_gap_tail sums another way.
    """
    from scipy.stats import binom

    pmf = binom.pmf(np.arange(n + 1), n, rate)
    return np.arange(-n, n + 1), np.convolve(pmf, pmf[::-1])


@pytest.mark.claim("inference/null-rate-is-the-pooled-estimate")
def test_simulation_uses_the_observed_ab_data_and_the_pooled_rate(run):
    ab = run("snippets/inference/ab_test_z.py").namespace
    result = run("snippets/inference/p_value_by_simulation.py")
    sim = result.namespace
    assert (sim["clicks_a"], sim["clicks_b"], sim["n"]) == (ab["clicks_a"], ab["clicks_b"], ab["n_a"])
    assert sim["gap"] == 26
    assert sim["pooled"] == (ab["clicks_a"] + ab["clicks_b"]) / (ab["n_a"] + ab["n_b"])
    assert sim["p_z"] == pytest.approx(ab["p_one_sided"], rel=1e-12), "the z-test's own p-value"
    assert sim["simulations"] == 10_000
    assert "null rate (pooled): 0.116" in result.stdout


@pytest.mark.parametrize("gap", [-3, 0, 26, 40])
def test_exact_gap_tail_matches_the_convolution(gap):
    gaps, probabilities = exact_gap_distribution(0.116, 1000)
    tail, tie = p_value_by_simulation.exact_gap_tail(0.116, 1000, gap)
    assert tail == pytest.approx(probabilities[gaps >= gap].sum(), rel=1e-10)
    assert tie == pytest.approx(probabilities[gaps == gap].sum(), rel=1e-10)


@pytest.mark.claim("inference/null-at-ten-percent-is-narrower")
def test_simulating_at_a_true_rate_of_10_percent_is_narrower_and_gives_a_smaller_p_value(run):
    ns = run("snippets/inference/p_value_by_simulation.py").namespace
    at_ten = p_value_by_simulation.exact_gap_tail(0.10, ns["n"], ns["gap"])[0]
    at_pooled = p_value_by_simulation.exact_gap_tail(ns["pooled"], ns["n"], ns["gap"])[0]
    assert at_ten < at_pooled, "a smaller p-value"
    rng = np.random.default_rng(0)
    spread_ten = p_value_by_simulation.simulate_null_click_gaps(0.10, ns["n"], 20_000, rng).std()
    spread_pooled = p_value_by_simulation.simulate_null_click_gaps(ns["pooled"], ns["n"], 20_000, rng).std()
    assert spread_ten < spread_pooled, "a narrower null distribution"
    assert np.sqrt(0.10 * 0.90) < np.sqrt(ns["pooled"] * (1 - ns["pooled"]))


@pytest.mark.claim("inference/ten-thousand-runs-are-fast")
def test_ten_thousand_null_experiments_take_a_fraction_of_a_second():
    rng = np.random.default_rng(0)
    p_value_by_simulation.simulate_null_click_gaps(0.116, 1000, 10_000, rng)  # warm up
    started = time.thread_time()  # CPU time of this thread: a busy machine cannot fail the test
    p_value_by_simulation.simulate_null_click_gaps(0.116, 1000, 10_000, rng)
    assert time.thread_time() - started < 1.0, "a fraction of a second"


@pytest.mark.claim("inference/monte-carlo-error-small-fraction-of-p")
def test_monte_carlo_standard_error_is_below_6_percent_of_p(run):
    result = run("snippets/inference/p_value_by_simulation.py")
    ns = result.namespace
    assert ns["mc_error"] == pytest.approx(np.sqrt(ns["at_least"] * (1 - ns["at_least"]) / 10_000))
    assert ns["mc_error"] / ns["at_least"] < 0.06, "below 6% of the p-value (estimated from the run)"
    exact = ns["exact"]
    assert np.sqrt(exact * (1 - exact) / 10_000) / exact < 0.06, "and for the exact tail it estimates"
    assert "simulated p: 0.0338 ± 0.0018 (Monte Carlo s.e., 5.3% of p)" in result.stdout


@pytest.mark.claim("inference/simulation-within-three-se-of-exact-tail")
def test_simulated_share_is_within_three_monte_carlo_errors_of_the_exact_tail(run):
    result = run("snippets/inference/p_value_by_simulation.py")
    ns = result.namespace
    gaps, probabilities = exact_gap_distribution(ns["pooled"], ns["n"])
    assert ns["exact"] == pytest.approx(probabilities[gaps >= ns["gap"]].sum(), rel=1e-10)
    assert ns["at_least"] == np.mean(ns["gaps"] >= ns["gap"])
    misses = (ns["at_least"] - ns["exact"]) / ns["mc_error"]
    assert abs(misses) <= 3, "within three Monte Carlo standard errors"
    assert round(misses, 1) == -2.0 and ns["at_least"] < ns["exact"], "2.0 standard errors below"
    assert "exact tail at the pooled rate: 0.0375; simulated - exact: -2.0 s.e." in result.stdout


@pytest.mark.claim("inference/tie-share")
def test_tie_share_simulated_and_exact(run):
    result = run("snippets/inference/p_value_by_simulation.py")
    ns = result.namespace
    gaps, probabilities = exact_gap_distribution(ns["pooled"], ns["n"])
    assert ns["exact_tie"] == pytest.approx(probabilities[gaps == ns["gap"]].sum(), rel=1e-10)
    assert ns["ties"] == np.mean(ns["gaps"] == ns["gap"]) > 0, "some runs tie exactly"
    assert "runs tying the observed gap exactly: simulated 0.0052, exact probability 0.0054" in result.stdout


@pytest.mark.claim("inference/z-test-p-is-tail-minus-half-tie")
def test_z_test_p_is_the_exact_tail_minus_half_the_tie(run):
    result = run("snippets/inference/p_value_by_simulation.py")
    ns = result.namespace
    assert abs(ns["exact"] - ns["exact_tie"] / 2 - ns["p_z"]) < 1e-4, "differs by less than 10^-4"
    assert "exact tail minus half the tie probability: 0.0348" in result.stdout
    assert "z-test one-sided p: 0.0347, 0.0027 below the exact tail" in result.stdout


@pytest.mark.claim("inference/continuity-correction-matches-exact-tail")
def test_continuity_corrected_z_test_gives_the_exact_tail_to_four_decimals(run):
    from scipy.stats import norm

    result = run("snippets/inference/p_value_by_simulation.py")
    ns = result.namespace
    sd = ns["standard_error"] * ns["n"]  # of B - A in clicks
    assert ns["p_z_corrected"] == pytest.approx(norm.sf((ns["gap"] - 0.5) / sd), rel=1e-12)
    assert f"{ns['p_z_corrected']:.4f}" == f"{ns['exact']:.4f}" == "0.0375", "to four decimals"
    assert "z-test with continuity correction (half a click): 0.0375" in result.stdout


@pytest.mark.claim("inference/simulations-average-above-z-test")
def test_repeated_simulations_average_the_exact_tail_above_the_z_test(run):
    result = run("snippets/inference/p_value_by_simulation.py")
    ns = result.namespace
    repeats = 200  # 200 simulations of 10 000 runs each, as one array
    rng = np.random.default_rng(99)
    gaps = p_value_by_simulation.simulate_null_click_gaps(ns["pooled"], ns["n"], repeats * 10_000, rng)
    shares = np.mean(gaps.reshape(repeats, 10_000) >= ns["gap"], axis=1)
    standard_error = shares.std(ddof=1) / np.sqrt(repeats)
    assert abs(shares.mean() - ns["exact"]) <= 3 * standard_error, "the average is the exact tail"
    assert shares.mean() - ns["p_z"] > 5 * standard_error, "above the z-test's p"
    assert ns["exact"] - ns["p_z"] == pytest.approx(0.0027, abs=0.00005)
    assert "z-test one-sided p: 0.0347, 0.0027 below the exact tail" in result.stdout


@pytest.mark.claim("inference/monte-carlo-error-same-order-as-tie-effect")
def test_monte_carlo_error_is_of_the_same_order_as_the_gap_between_exact_tail_and_z_test(run):
    result = run("snippets/inference/p_value_by_simulation.py")
    ns = result.namespace
    difference = ns["exact"] - ns["p_z"]
    assert difference > 0, "repeated simulations average above the z-test's p"
    assert 0.5 <= difference / ns["mc_error"] <= 2, "of the same order: within a factor of 2"


@pytest.mark.claim("inference/normal-curve-follows-histogram")
def test_every_bar_is_within_three_monte_carlo_errors_of_the_normal_curve(run):
    from scipy.stats import norm

    ns = run("snippets/inference/p_value_by_simulation.py").namespace
    edges, simulations, se = ns["edges"], ns["simulations"], ns["standard_error"]
    bins = len(edges) - 1
    patches = ns["ax"].patches
    assert len(patches) == 2 * bins  # the histogram is drawn in two parts, the body and the tail
    density = np.array([p.get_height() for p in patches[:bins]]) + [p.get_height() for p in patches[bins:]]
    counts = density * simulations * np.diff(edges)  # what each bar stands for, in runs
    assert counts.sum() == pytest.approx(
        np.sum((ns["differences"] >= edges[0]) & (ns["differences"] < edges[-1]))
    )
    share = np.diff(norm.cdf(edges, 0, se))  # the normal curve's probability for each bin
    z_scores = (counts - simulations * share) / np.sqrt(simulations * share * (1 - share))
    assert np.all(np.abs(z_scores) <= 3), "every bar within three Monte Carlo standard errors"
    curve = next(line for line in ns["ax"].lines if line.get_label() == "normal curve of the z-test")
    assert np.allclose(curve.get_ydata(), norm.pdf(curve.get_xdata(), 0, se), rtol=1e-12)


@pytest.mark.claim("inference/simulated-spread-matches-z-test")
def test_simulated_spread_is_within_2_percent_of_the_z_test_standard_error(run):
    result = run("snippets/inference/p_value_by_simulation.py")
    ns = result.namespace
    assert abs(ns["differences"].std() / ns["standard_error"] - 1) <= 0.02
    assert "sd of the simulated differences: 0.0141; z-test's s.e.: 0.0143" in result.stdout


def test_null_simulation_and_exact_tail_are_reproducible_and_validated():
    first = p_value_by_simulation.simulate_null_click_gaps(0.1, 100, 500, np.random.default_rng(1))
    again = p_value_by_simulation.simulate_null_click_gaps(0.1, 100, 500, np.random.default_rng(1))
    assert first.shape == (500,) and np.array_equal(first, again)
    assert np.all(np.abs(first) <= 100)
    with pytest.raises(ValueError, match="0 <= rate <= 1"):
        p_value_by_simulation.simulate_null_click_gaps(1.5, 100, 500, np.random.default_rng(1))
    with pytest.raises(ValueError, match="simulations >= 1"):
        p_value_by_simulation.simulate_null_click_gaps(0.1, 100, 0, np.random.default_rng(1))
    with pytest.raises(ValueError, match="0 <= rate <= 1 and n >= 1"):
        p_value_by_simulation.exact_gap_tail(0.1, 0, 3)


def test_simulation_figure_shades_the_tail(run):
    result = run("snippets/inference/p_value_by_simulation.py")
    assert len(result.figures) == 1
    svg = result.figures[0].light
    labels = ["simulated under H₀", "tail: at least as large", "normal curve of the z-test", "observed 0.026"]
    assert all(label in svg for label in labels)
    ns = result.namespace
    assert len(ns["edges"]) - 1 <= 60
    inside = (ns["differences"] >= ns["edges"][0]) & (ns["differences"] < ns["edges"][-1])
    assert inside.mean() > 0.998, "the bins cover nearly every simulated difference"


# --- MLE = cross-entropy ---------------------------------------------------------------


@pytest.mark.claim("inference/cross-entropy-is-minus-mean-log-likelihood")
@given(
    st.lists(st.tuples(st.integers(0, 1), st.floats(0.001, 0.999)), min_size=1, max_size=50),
)
def test_cross_entropy_is_minus_the_log_likelihood_over_n(pairs):
    labels = np.array([y for y, _ in pairs])
    predicted = np.array([q for _, q in pairs])
    log_likelihood = np.log(np.where(labels == 1, predicted, 1 - predicted)).sum()
    value = cross_entropy_is_mle.cross_entropy(labels, predicted)
    assert value == pytest.approx(-log_likelihood / len(pairs), rel=1e-12, abs=1e-15)


@pytest.mark.claim(
    "inference/run-cross-entropy-equals-mean-nll", "inference/checkpoint-5-cross-entropy-is-mle"
)
def test_cross_entropy_is_minus_the_mean_log_likelihood_in_the_run(run):
    result = run("snippets/inference/cross_entropy_is_mle.py")
    ns = result.namespace
    value = cross_entropy_is_mle.cross_entropy(ns["labels"], ns["predicted"])
    assert value == pytest.approx(-ns["mean_log_likelihood"], rel=1e-12)
    logits_value = cross_entropy_is_mle.cross_entropy_from_logits(ns["labels"], ns["logits"])
    assert logits_value == pytest.approx(value, rel=1e-12)
    assert "mean log-likelihood:          -0.2530" in result.stdout
    assert "cross-entropy:                0.2530" in result.stdout
    assert "cross-entropy from logits:    0.2530" in result.stdout


@pytest.mark.claim("inference/sigmoid-of-40-is-one")
def test_sigmoid_of_40_is_exactly_one_in_float64(run):
    result = run("snippets/inference/cross_entropy_is_mle.py")
    assert result.namespace["p_confident"][0] == 1.0
    assert "sigmoid(40) in float64:       1.0" in result.stdout


@pytest.mark.claim(
    "inference/confident-wrong-loss-is-finite",
    "inference/checkpoint-5-logits",
    "inference/sigmoid-of-40-is-one",
)
def test_naive_loss_is_infinite_but_the_logit_form_is_40(run):
    result = run("snippets/inference/cross_entropy_is_mle.py")
    ns = result.namespace
    assert np.isinf(ns["naive"]) and ns["p_confident"][0] == 1.0
    safe = cross_entropy_is_mle.cross_entropy_from_logits(ns["wrong"], ns["confident"])
    assert abs(safe - 40.0) <= np.log1p(np.exp(-40.0)) + 1e-12, "the size of the logit, up to log(1 + e^-40)"
    assert "naive loss, confident and wrong: inf" in result.stdout
    assert "safe loss from logits:           40.0" in result.stdout


@pytest.mark.claim("inference/logit-form-identity")
@given(
    st.lists(
        st.tuples(st.integers(0, 1), st.floats(-15, 15)),  # beyond, 1 - sigmoid(z) loses digits
        min_size=1,
        max_size=50,
    )
)
def test_logit_form_equals_the_probability_form_where_both_are_finite(pairs):
    from scipy.special import expit

    labels = np.array([y for y, _ in pairs])
    logits = np.array([z for _, z in pairs])
    assert cross_entropy_is_mle.cross_entropy_from_logits(labels, logits) == pytest.approx(
        cross_entropy_is_mle.cross_entropy(labels, expit(logits)),
        rel=1e-7,  # "7 significant digits"
    )


@pytest.mark.claim("inference/logaddexp-never-overflows")
@given(label=st.integers(0, 1), logit=st.floats(allow_nan=False, allow_infinity=False))
def test_loss_from_logits_is_finite_for_any_finite_logit(label, logit):
    # warnings are errors in this suite, so an overflow inside would fail the test too
    loss = cross_entropy_is_mle.cross_entropy_from_logits(np.array([label]), np.array([logit]))
    assert np.isfinite(loss) and loss >= 0
    if abs(logit) > 50:  # far out, the loss is |z| when the prediction is wrong and ~0 when right
        wrong = (label == 1) == (logit < 0)
        assert loss == pytest.approx(abs(logit) if wrong else 0.0, rel=1e-12, abs=1e-20)


@pytest.mark.claim(
    "inference/softmax-cross-entropy-is-mean-nll", "inference/summary-torch-cross-entropy-loss"
)
@given(
    st.integers(1, 8).flatmap(
        lambda classes: st.lists(
            st.tuples(
                st.integers(0, classes - 1),
                st.lists(st.floats(-30, 30), min_size=classes, max_size=classes),
            ),
            min_size=1,
            max_size=20,
        )
    )
)
def test_softmax_cross_entropy_is_minus_the_mean_log_softmax_of_the_targets(rows):
    targets = np.array([t for t, _ in rows])
    logits = np.array([z for _, z in rows])
    # written out from the definition: softmax probabilities, then minus the mean log of the target's
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    expected = -np.mean(np.log(probabilities[np.arange(len(rows)), targets]))
    value = cross_entropy_is_mle.softmax_cross_entropy(targets, logits)
    assert value == pytest.approx(expected, rel=1e-10, abs=1e-12)
    # a mean over the batch, not a sum: the same batch twice gives the same loss
    doubled = cross_entropy_is_mle.softmax_cross_entropy(np.tile(targets, 2), np.vstack([logits, logits]))
    assert doubled == pytest.approx(value, rel=1e-12, abs=1e-15)


def test_softmax_cross_entropy_is_exact_for_huge_logits():
    # log-softmax, not log(softmax): e^1000 would overflow, the loss of the wrong class is exactly 1000
    loss = cross_entropy_is_mle.softmax_cross_entropy(np.array([1]), np.array([[1000.0, 0.0, -5.0]]))
    assert loss == pytest.approx(1000.0, rel=1e-15)


@pytest.mark.claim("inference/softmax-logits-need-no-normalising")
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 2), st.lists(st.floats(-30, 30), min_size=3, max_size=3)),
        min_size=1,
        max_size=10,
    ),
    shifts=st.lists(st.floats(-100, 100), min_size=10, max_size=10),
)
def test_adding_a_number_to_every_logit_of_a_row_leaves_the_loss_unchanged(rows, shifts):
    targets = np.array([t for t, _ in rows])
    logits = np.array([z for _, z in rows])
    shifted = logits + np.array(shifts[: len(rows)])[:, None]
    assert cross_entropy_is_mle.softmax_cross_entropy(targets, shifted) == pytest.approx(
        cross_entropy_is_mle.softmax_cross_entropy(targets, logits), rel=1e-9, abs=1e-9
    )


@pytest.mark.claim("inference/binary-is-two-class-softmax")
def test_binary_cross_entropy_is_the_two_class_softmax_in_the_run(run):
    result = run("snippets/inference/cross_entropy_is_mle.py")
    ns = result.namespace
    assert np.array_equal(ns["two_classes"][:, 0], np.zeros(5)), "logit 0 for class 0"
    assert np.array_equal(ns["two_classes"][:, 1], ns["logits"]), "and z for class 1"
    two_class = cross_entropy_is_mle.softmax_cross_entropy(ns["labels"], ns["two_classes"])
    binary = cross_entropy_is_mle.cross_entropy_from_logits(ns["labels"], ns["logits"])
    assert two_class == pytest.approx(binary, rel=1e-12)
    assert "softmax cross-entropy, 2 classes: 0.2530" in result.stdout


@pytest.mark.claim("inference/binary-is-two-class-softmax")
@given(logit=st.floats(-30, 30))
def test_two_class_softmax_gives_class_1_the_probability_sigmoid_z(logit):
    from scipy.special import expit

    # one example of class 1: its loss is minus the log of the probability the softmax gives class 1
    loss = cross_entropy_is_mle.softmax_cross_entropy(np.array([1]), np.array([[0.0, logit]]))
    assert np.exp(-loss) == pytest.approx(expit(logit), rel=1e-12)


def test_softmax_cross_entropy_rejects_bad_shapes_and_classes():
    with pytest.raises(ValueError, match=r"need logits \(N, C\) and one class 0..C-1 per row"):
        cross_entropy_is_mle.softmax_cross_entropy(np.array([0, 1]), np.zeros(2))
    with pytest.raises(ValueError, match=r"one class 0..C-1 per row"):
        cross_entropy_is_mle.softmax_cross_entropy(np.array([0, 3]), np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"one class 0..C-1 per row"):
        cross_entropy_is_mle.softmax_cross_entropy(np.array([0]), np.zeros((2, 3)))


def test_cross_entropy_rejects_bad_labels_and_probabilities():
    with pytest.raises(ValueError, match="labels must be 0 or 1"):
        cross_entropy_is_mle.cross_entropy(np.array([1, 2]), np.array([0.5, 0.5]))
    with pytest.raises(ValueError, match="one label per prediction, got 3 labels for 2 predictions"):
        cross_entropy_is_mle.cross_entropy_from_logits(np.array([1, 0, 1]), np.array([0.1, 0.2]))
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        cross_entropy_is_mle.cross_entropy(np.array([1, 0]), np.array([1.0, 0.5]))


# --- exercises -------------------------------------------------------------------------


@pytest.mark.claim(
    "inference/exercise-1-mle",
    "inference/exercise-1-map",
    "inference/checkpoint-1-mle-and-map",
    "inference/checkpoint-1-map-below-mle",
)
def test_exercise_1_mle_and_map_toward_one_half(run):
    result = run("snippets/inference/exercise_coin_62.py")
    ns = result.namespace
    step = ns["grid"][1] - ns["grid"][0]
    assert abs(ns["p_mle"] - 0.62) <= step / 2
    assert ns["closed_form_map"] == pytest.approx(71 / 118)
    assert abs(ns["p_map"] - 71 / 118) <= step / 2, "the grid finds it to within the grid step"
    assert 0.5 < ns["p_map"] < ns["p_mle"], "below the MLE, toward 0.5"
    assert "MLE on the grid: 0.620   closed form k/n: 0.620" in result.stdout
    assert "closed form (k+a-1)/(n+a+b-2): 0.6017" in result.stdout
    assert len(result.figures) == 1


@pytest.mark.claim("inference/exercise-1-posterior-narrower")
def test_exercise_1_posterior_is_narrower_than_the_likelihood(run):
    ns = run("snippets/inference/exercise_coin_62.py").namespace

    def width(log_curve):
        inside = ns["grid"][log_curve - log_curve.max() >= -0.5]
        return inside.max() - inside.min()

    assert width(ns["log_post"]) < width(ns["log_lik"])
    curves = {line.get_label(): line.get_ydata() for line in ns["ax"].lines}
    plotted = ns["plot_grid"]
    assert np.sum(curves["posterior, Beta(10, 10)"] > 0.5) < np.sum(curves["likelihood"] > 0.5), (
        "and the figure shows it"
    )
    assert len(plotted) == len(curves["likelihood"])


@pytest.mark.claim("inference/exercise-2-exact-rate", "inference/checkpoint-2-count-spread")
def test_exercise_2_exact_false_positive_rate_and_the_spread_of_the_count(run):
    result = run("snippets/inference/exercise_false_positives.py")
    ns = result.namespace
    assert ns["experiments"] == 1000 and ns["n"] == 500 and ns["rate"] == 0.08
    rate = ns["exact_rate"]
    assert 0.045 < rate < 0.05, "a little under 5%"
    assert "exact false-positive rate of this z-test: 0.0496" in result.stdout
    # the exact sum agrees with a large simulation of the same test (within 3 Monte Carlo s.e.)
    clicks = np.random.default_rng(7).binomial(500, 0.08, size=(2, 400_000))
    simulated = np.mean(exercise_false_positives.two_sided_z_p_values(clicks[0], clicks[1], 500) < 0.05)
    assert abs(simulated - rate) <= 3 * np.sqrt(rate * (1 - rate) / 400_000)
    spread = np.sqrt(1000 * rate * (1 - rate))
    assert abs(spread - 7) <= 0.5, "about 7 experiments"
    assert abs(spread / 1000 - 0.007) <= 0.0005, "0.7 percentage point"


@pytest.mark.claim(
    "inference/exercise-2-band-is-99-percent",
    "inference/exercise-2-share-in-band",
    "inference/checkpoint-2-share-in-band",
)
def test_exercise_2_false_positive_share_is_inside_the_99_percent_band(run):
    from scipy.stats import binom

    result = run("snippets/inference/exercise_false_positives.py")
    ns = result.namespace
    low, high = ns["low"], ns["high"]
    held = binom.cdf(round(high * 1000), 1000, ns["exact_rate"]) - binom.cdf(
        round(low * 1000) - 1, 1000, ns["exact_rate"]
    )
    assert held >= 0.99, "the band holds at least 99% of Binomial(1000, 0.0496)"
    assert low <= ns["false_positives"] / 1000 <= high
    assert "false positives at alpha = 0.05: 47 (4.7%)" in result.stdout
    assert "99% binomial band for 1000 experiments at that rate: [3.3%, 6.8%]" in result.stdout


def test_exercise_2_vectorised_p_values_match_the_scalar_z_test():
    rng = np.random.default_rng(0)
    clicks = rng.binomial(500, 0.08, size=(2, 50))
    vectorised = exercise_false_positives.two_sided_z_p_values(clicks[0], clicks[1], 500)
    scalar = [ab_test_z.two_proportion_z_test(a, 500, b, 500)[2] for a, b in clicks.T]
    assert np.allclose(vectorised, scalar, rtol=1e-12)
    assert exercise_false_positives.two_sided_z_p_values(np.array([0]), np.array([0]), 500)[0] == 1.0
    with pytest.raises(ValueError, match="between 0 and n"):
        exercise_false_positives.two_sided_z_p_values(np.array([600]), np.array([3]), 500)
    with pytest.raises(ValueError, match="0 < alpha < 1"):
        exercise_false_positives.exact_false_positive_rate(500, 0.08, 1.5)


EX3_RUN = re.compile(
    r"n = (\d+) a group: clicks (\d+) and (\d+), B - A = ([\d.-]+) ± ([\d.]+)\n"
    r" +z = ([\d.-]+), two-sided p = ([\d.]+)"
)


@pytest.mark.claim("inference/exercise-3-first-run-is-the-ab-test")
def test_exercise_3_first_experiment_is_the_pages_ab_test(run):
    ab = run("snippets/inference/ab_test_z.py").namespace
    result = run("snippets/inference/exercise_ab_four_times.py")
    first = EX3_RUN.search(result.stdout).groups()
    assert (int(first[0]), int(first[1]), int(first[2])) == (1000, ab["clicks_a"], ab["clicks_b"])
    assert (ab["clicks_a"], ab["clicks_b"]) == (103, 129)
    assert float(first[5]) == pytest.approx(ab["z"], abs=5e-4), "the same z as the A/B test"


@pytest.mark.claim(
    "inference/exercise-3-run-half-width",
    "inference/exercise-3-run-z",
    "inference/exercise-3-run-significant",
)
def test_exercise_3_one_run_at_each_size(run):
    result = run("snippets/inference/exercise_ab_four_times.py")
    (small, large) = [m.groups() for m in EX3_RUN.finditer(result.stdout)]
    ns = result.namespace
    z_small, _, half_small = ns["one_run"][1000]
    z_large, p_large, half_large = ns["one_run"][4000]
    assert (small[4], large[4]) == ("0.0280", "0.0138")
    ratio = half_large / half_small
    assert abs(ratio - 0.5) <= 0.01 and ratio != 0.5, "within 2% of one half but not exactly"
    assert "half-width at 4000 / at 1000: 0.492" in result.stdout
    assert (small[5], large[5]) == ("1.816", "2.944") and 1 < z_large / z_small < 2, "less than twofold"
    gap_small, gap_large = float(small[3]), float(large[3])
    assert (small[3], large[3]) == ("0.0260", "0.0208")
    assert abs(gap_large - 0.02) < abs(gap_small - 0.02), "closer to the true 2 points"
    assert large[6] == "0.0032" and p_large < 0.05
    assert gap_large - half_large > 0, "the interval no longer reaches zero"
    assert gap_large - half_large <= 0.02 <= gap_large + half_large, "and contains the true gain"


@pytest.mark.claim("inference/exercise-3-averages")
def test_exercise_3_on_average_the_half_width_halves_and_z_doubles(run):
    result = run("snippets/inference/exercise_ab_four_times.py")
    means = result.namespace["means"]
    assert abs(means[4000][1] / means[1000][1] - 0.5) < 0.0005, "ratio 0.500"
    assert abs(means[4000][0] / means[1000][0] - 2) <= 0.02, "doubles to within 1%"
    assert "ratio of mean z, 4000 / 1000: 2.009" in result.stdout
    assert "ratio of mean half-widths:    0.500" in result.stdout


def exact_rejection_probability(n: int, rate_a: float, rate_b: float) -> float:
    """P(two-sided p < 0.05), summed over every pair of counts within 10 sd of their means."""
    from scipy.stats import binom

    def counts(rate):
        sd = np.sqrt(n * rate * (1 - rate))
        return np.arange(max(0, int(n * rate - 10 * sd)), min(n, int(n * rate + 10 * sd)) + 1)

    a, b = counts(rate_a), counts(rate_b)
    _, p, _ = exercise_ab_four_times.z_test_and_interval(a[:, None], b[None, :], n)
    return float(binom.pmf(a, n, rate_a) @ (p < 0.05) @ binom.pmf(b, n, rate_b))


@pytest.mark.claim("inference/exercise-3-detection-rates")
def test_exercise_3_detection_rates_are_within_three_monte_carlo_errors_of_the_exact_ones(run):
    result = run("snippets/inference/exercise_ab_four_times.py")
    assert "10000 experiments of 1000 a group" in result.stdout and "29.8%" in result.stdout
    assert "10000 experiments of 4000 a group" in result.stdout and "82.1%" in result.stdout
    for n, simulated in ((1000, 0.298), (4000, 0.821)):
        exact = exact_rejection_probability(n, 0.10, 0.12)
        assert abs(simulated - exact) <= 3 * np.sqrt(exact * (1 - exact) / 10_000) + 0.0005  # + rounding


@given(n=st.integers(20, 2000), share=st.floats(0.05, 0.5))
def test_exercise_3_half_width_halves_exactly_when_the_rates_repeat(n, share):
    clicks = round(share * n)
    _, _, half = exercise_ab_four_times.z_test_and_interval(clicks, clicks + 1, n)
    _, _, half_4 = exercise_ab_four_times.z_test_and_interval(4 * clicks, 4 * clicks + 4, 4 * n)
    assert half_4 / half == pytest.approx(0.5, rel=1e-12), "the same rates, four times the visitors"


def test_exercise_3_z_test_matches_the_ab_snippet_and_rejects_bad_counts():
    for a, b, n in ((103, 129, 1000), (5, 10, 50), (400, 380, 4000)):
        z, p, _ = exercise_ab_four_times.z_test_and_interval(a, b, n)
        z_ab, _, p_ab = ab_test_z.two_proportion_z_test(a, n, b, n)
        assert z == pytest.approx(z_ab, rel=1e-12) and p == pytest.approx(p_ab, rel=1e-12)
    with pytest.raises(ValueError, match="between 0 and n"):
        exercise_ab_four_times.z_test_and_interval(np.array([5]), np.array([60]), 50)
    with pytest.raises(ValueError, match="no variance"):
        exercise_ab_four_times.z_test_and_interval(0, 0, 50)


# --- checkpoint answers ----------------------------------------------------------------


@pytest.mark.claim("inference/checkpoint-3-correct-report", "inference/checkpoint-3-interval")
def test_checkpoint_3_report_uses_the_runs_numbers(run):
    ab = run("snippets/inference/ab_test_z.py")
    sim = run("snippets/inference/p_value_by_simulation.py")
    assert "observed difference B - A: 0.026" in ab.stdout, "a lead of 2.6 percentage points"
    assert abs(ab.namespace["p_one_sided"] - 0.035) <= 0.0005, "about 3.5%"
    assert "one-sided p (H1: B > A):   0.0347" in ab.stdout
    assert f"{sim.namespace['exact']:.4f}" == "0.0375", "the exact binomial tail at the pooled rate"
    assert "95% confidence interval for the difference: [-0.002, 0.054]" in ab.stdout, "-0.2 to 5.4 points"


@pytest.mark.claim("inference/summary-ab-test")
def test_summary_row_quotes_the_ab_tests_p_values_and_interval(run):
    result = run("snippets/inference/ab_test_z.py")
    ns = result.namespace
    assert f"{ns['p_one_sided']:.4f}" == "0.0347" and f"{ns['p_two_sided']:.4f}" == "0.0694"
    assert "one-sided p (H1: B > A):   0.0347" in result.stdout
    assert "two-sided p (H1: B != A):  0.0694" in result.stdout
    assert f"{100 * ns['low']:.1f}" == "-0.2" and f"{100 * ns['high']:.1f}" == "5.4", "−0.2 to 5.4 points"


@pytest.mark.claim("inference/checkpoint-4-effect-versus-sample-size")
def test_checkpoint_4_tiny_effect_on_a_million_and_a_doubling_on_fifty():
    z, _, p_two = ab_test_z.two_proportion_z_test(100_000, 1_000_000, 101_000, 1_000_000)
    assert abs(z - 2.4) <= 0.05, "z about 2.4"
    assert abs(p_two - 0.02) <= 0.005, "two-sided p about 2%"
    z, _, p_two = ab_test_z.two_proportion_z_test(5, 50, 10, 50)
    assert abs(z - 1.4) <= 0.05, "z about 1.4"
    assert abs(p_two - 0.16) <= 0.005, "p about 16%"


# --- every snippet of the lesson -------------------------------------------------------

SNIPPETS = sorted(p.name for p in (ROOT / "snippets/inference").glob("*.py") if p.name != "__init__.py")


def test_every_snippet_is_shown_on_the_page():
    page = (ROOT / "docs/inference.md").read_text()
    for name in SNIPPETS:
        assert f"snippets/inference/{name}" in page, name


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
