"""Claims of the lesson "How uncertain is a maximum likelihood estimate?", checked on the snippets' runs.

Tolerances. "Within Monte Carlo error" means, as the page says, within Z999 = 3.29 Monte Carlo
standard errors (a two-sided 99.9% normal band); where many simulated values are compared with
their exact values at once, the page states the wider band (4.5 standard errors at every point).
A sentence about "this run" is checked on the printed run with the tolerance it states.
Exact values come from sums of Poisson or binomial probabilities, or from the Gamma law of a sum
of exponential draws. Cross-checks use statsmodels (pinned in requirements.txt) and SciPy,
never the snippet's own code against itself.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, stats
from scipy.special import expit

from snippets.inference.ab_test_z import two_proportion_z_test
from snippets.intervals.proportion_intervals import wilson_interval
from snippets.mle_uncertainty import (
    boundary_failure,
    delta_method_probability,
    delta_method_rate_ratio,
    exercise_poisson_rate_se,
    exercise_small_sample_coverage,
    exercise_two_group_lr_test,
    exponential_rate_normality,
    inverted_intervals,
    logistic_standard_errors,
    logistic_weight_normality,
    probit_observed_vs_expected,
    profile_coverage,
    profile_likelihood,
    three_tests,
    wilks_simulation,
)

Z999 = stats.norm.isf(0.0005)  # "within Monte Carlo error": 3.29 standard errors
CUT = stats.chi2.ppf(0.95, df=1)
PAGE = "snippets/mle_uncertainty/"


def share_se(share, trials):
    """Binomial Monte Carlo standard error of a share whose true value is `share`."""
    share = np.asarray(share, dtype=float)
    return np.sqrt(share * (1 - share) / trials)


def floats(text: str) -> list[float]:
    """Every number printed on a line, in order."""
    return [float(x) for x in re.findall(r"-?\d+\.\d+(?:e-?\d+)?|-?\d+(?:e-?\d+)?", text)]


def line_starting(stdout: str, start: str) -> str:
    (found,) = [line for line in stdout.splitlines() if line.strip().startswith(start)]
    return found


# --- the sampling distribution of the MLE -------------------------------------------------


def exact_rate_mle(n: int, rate: float):
    """The exact law of θ̂ = n/Σx: Σx ~ Gamma(n, scale 1/θ), so θ̂ = nθ/G with G ~ Gamma(n, 1)."""
    mean = n * rate / (n - 1)
    variance = (n * rate) ** 2 / ((n - 1) ** 2 * (n - 2))
    c = 1.96 / np.sqrt(n)  # |Z| > 1.96  <=>  n/G > 1 + c  or  n/G < 1 - c
    outside = stats.gamma.cdf(n / (1 + c), n) + (stats.gamma.sf(n / (1 - c), n) if c < 1 else 0.0)
    return mean, variance, outside


@pytest.mark.claim("mle-uncertainty/exponential-information")
@given(st.floats(0.1, 10.0), st.integers(1, 1000))
@settings(max_examples=30)
def test_exponential_information_is_one_over_rate_squared(rate, n):
    # I_1(θ) = E[(d/dθ log f)²] = ∫ (1/θ - x)² θ e^{-θx} dx, by numerical integration
    information, _ = integrate.quad(lambda x: (1 / rate - x) ** 2 * rate * np.exp(-rate * x), 0, np.inf)
    assert information == pytest.approx(1 / rate**2, rel=1e-7)
    # the snippet standardises with sqrt(I_n) = sqrt(n)/θ
    estimate = rate * 1.3
    z = exponential_rate_normality.standardised(np.array([estimate]), rate, n)
    assert z[0] == pytest.approx((estimate - rate) * np.sqrt(n * information), rel=1e-6)


@pytest.mark.claim("mle-uncertainty/exponential-setup")
def test_exponential_script_simulates_20000_data_sets_at_three_sizes(run):
    result = run(PAGE + "exponential_rate_normality.py")
    ns = result.namespace
    assert (ns["rate"], ns["datasets"], ns["sizes"]) == (2.0, 20_000, (5, 30, 300))
    assert all(ns["z_scores"][n].shape == (20_000,) for n in ns["sizes"])
    assert len(result.figures) == 1
    labels = [line.get_label() for line in ns["ax"].get_lines()]
    assert labels == ["N(0, 1)"]
    assert [patch.get_label() for patch in ns["ax"].patches] == ["n = 5", "n = 30", "n = 300"]


def exponential_rows(stdout: str) -> dict[int, list[float]]:
    rows = re.findall(r"^\s*(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([-\d.]+)\s+([\d.]+)\s*$", stdout, re.M)
    return {int(r[0]): [float(x) for x in r[1:]] for r in rows}


@pytest.mark.claim(
    "mle-uncertainty/exponential-small-n",
    "mle-uncertainty/checkpoint-1-small-n",
    "mle-uncertainty/summary-normality",
)
def test_at_n_5_the_rate_mle_is_far_from_normal(run):
    result = run(PAGE + "exponential_rate_normality.py")
    mean, _, _, skewness, outside = exponential_rows(result.stdout)[5]
    assert (mean, skewness, outside) == (2.489, 3.14, 0.130)
    assert exact_rate_mle(5, 2.0)[0] == 2.5 > 2.0  # nθ/(n - 1): biased upward
    assert outside > 2 * 0.05


@pytest.mark.claim("mle-uncertainty/exponential-matches-exact")
@pytest.mark.parametrize("n", [5, 30, 300])
def test_mean_and_tail_share_match_the_exact_gamma_law(run, n):
    ns = run(PAGE + "exponential_rate_normality.py").namespace
    z = ns["z_scores"][n]
    estimates = 2.0 + z * 2.0 / np.sqrt(n)
    mean, variance, outside = exact_rate_mle(n, 2.0)
    assert abs(estimates.mean() - mean) <= Z999 * np.sqrt(variance / z.size)
    assert abs(np.mean(np.abs(z) > 1.96) - outside) <= Z999 * share_se(outside, z.size)


@pytest.mark.claim("mle-uncertainty/exponential-figure-skewed")
def test_the_n_5_curve_is_cut_off_on_the_left_and_has_a_long_right_tail(run):
    ns = run(PAGE + "exponential_rate_normality.py").namespace
    z = ns["z_scores"][5]
    assert z.min() > -np.sqrt(5)
    heights, edges = np.histogram(z, bins=np.linspace(-4, 6, 61), density=True)
    assert np.all(heights[edges[1:] <= -np.sqrt(5)] == 0)
    assert np.mean(z > 2.5) > 3 * stats.norm.sf(2.5)  # far more mass in the right tail than N(0, 1)
    assert stats.skew(z) > 1


@pytest.mark.claim("mle-uncertainty/exponential-large-n")
def test_by_n_300_the_spread_is_the_inverse_information(run):
    result = run(PAGE + "exponential_rate_normality.py")
    rows = exponential_rows(result.stdout)
    skews = [rows[n][3] for n in (5, 30, 300)]
    assert skews[0] > skews[1] > skews[2]
    _, sd, bound, _, outside = rows[300]
    assert (sd, bound, outside) == (0.116, 0.115, 0.050)
    z = result.namespace["z_scores"][300]
    assert abs(z.std(ddof=1) - 1) < 0.01  # sd of θ̂ ÷ (θ/√n), unrounded


def test_exponential_functions_reject_bad_input():
    with pytest.raises(ValueError, match="positive numbers"):
        exponential_rate_normality.rate_mle(np.array([[1.0, -2.0]]))
    with pytest.raises(ValueError, match="2-D"):
        exponential_rate_normality.rate_mle(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="positive rate"):
        exponential_rate_normality.standardised(np.array([1.0]), 0.0, 5)


@pytest.mark.claim("mle-uncertainty/logistic-information")
@given(st.integers(0, 2**32 - 1), st.floats(-2, 2), st.floats(-2, 2))
@settings(max_examples=25)
def test_logistic_information_is_minus_the_hessian_statsmodels_computes(seed, w0, w1):
    rng = np.random.default_rng(seed)
    features = np.column_stack([np.ones(30), rng.normal(size=30)])
    labels = rng.integers(0, 2, 30).astype(float)  # the Hessian does not depend on them
    weights = np.array([w0, w1])
    reference = -sm.Logit(labels, features).hessian(weights)
    ours = logistic_weight_normality.fisher_information(weights, features)
    assert np.allclose(ours, reference, rtol=1e-10, atol=1e-12)


@pytest.mark.claim("mle-uncertainty/logistic-setup")
def test_logistic_script_fits_4000_label_sets_on_one_design(run):
    result = run(PAGE + "logistic_weight_normality.py")
    ns = result.namespace
    assert (ns["n"], ns["datasets"]) == (200, 4000)
    assert ns["features"].shape == (200, 2) and ns["labels"].shape == (4000, 200)
    assert np.array_equal(ns["true_weights"], [-0.5, 1.0])
    weights = logistic_weight_normality.fit_logistic_many(ns["features"], ns["labels"])
    gradient = (expit(weights @ ns["features"].T) - ns["labels"]) @ ns["features"]
    assert np.max(np.abs(gradient)) < 1e-8  # every fit converged: these are the 4000 MLEs
    assert np.array_equal(weights[:, 1], ns["slopes"])
    points, line = ns["ax"].get_lines()
    assert len(points.get_xdata()) == 200 and len(result.figures) == 1
    assert line.get_label() == "exactly normal" and np.array_equal(line.get_xdata(), line.get_ydata())
    assert np.allclose(points.get_xdata(), stats.norm.ppf((np.arange(10, 4000, 20) + 0.5) / 4000))


@pytest.mark.claim("mle-uncertainty/logistic-sd-matches")
def test_the_slopes_spread_matches_the_inverse_information(run):
    result = run(PAGE + "logistic_weight_normality.py")
    ns = result.namespace
    assert "sd of the slope MLEs: 0.1916" in result.stdout
    assert "at the true weights: 0.1889" in result.stdout
    ratio = ns["slopes"].std(ddof=1) / ns["theory_sd"]
    assert abs(ratio - 1) <= 0.015
    assert abs(ratio - 1) <= 2 / np.sqrt(2 * (ns["datasets"] - 1))  # sd's standard error, near normal


@pytest.mark.claim("mle-uncertainty/logistic-bias")
def test_the_slope_mle_is_biased_away_from_zero_and_the_bias_shrinks_like_one_over_n(run):
    result = run(PAGE + "logistic_weight_normality.py")
    ns = result.namespace
    assert "mean of the slope MLEs: 1.0204" in result.stdout
    slopes = ns["slopes"]
    assert slopes.mean() - 1.0 > 5 * slopes.std(ddof=1) / np.sqrt(slopes.size)
    # the same model at n = 800: a quarter of the bias, within a factor of two either way
    rng = np.random.default_rng(99)
    features = np.column_stack([np.ones(800), rng.normal(size=800)])
    labels = (rng.random((6000, 800)) < expit(features @ ns["true_weights"])).astype(float)
    larger = logistic_weight_normality.fit_logistic_many(features, labels)[:, 1]
    bias_200, bias_800 = slopes.mean() - 1.0, larger.mean() - 1.0
    assert bias_800 > 0 and 2 < bias_200 / bias_800 < 8


@pytest.mark.claim("mle-uncertainty/logistic-qq-shape")
def test_the_qq_points_sit_above_the_line_and_bend_up_at_the_right(run):
    result = run(PAGE + "logistic_weight_normality.py")
    ns = result.namespace
    assert "skewness of the slopes: 0.317" in result.stdout
    points = ns["ax"].get_lines()[0]
    x, y = points.get_xdata(), points.get_ydata()
    gap = y - x
    middle = gap[90:110].mean()
    assert 0 < middle < 0.2  # a little above the line: the bias, about a tenth of a standard deviation
    assert gap[:5].mean() > 2 * middle and gap[-5:].mean() > 2 * middle  # further above at both ends
    assert np.all(y[:5] > x[:5]) and np.all(y[-5:] > x[-5:])


@pytest.mark.claim("mle-uncertainty/logistic-tail-share")
def test_in_this_run_a_little_above_five_percent_fall_beyond_1_96(run):
    result = run(PAGE + "logistic_weight_normality.py")
    assert "share of |Z| > 1.96: 0.0573" in result.stdout
    assert 0.05 < np.mean(np.abs(result.namespace["z"]) > 1.96) < 0.06


def test_fit_logistic_many_rejects_bad_input():
    with pytest.raises(ValueError, match="shape"):
        logistic_weight_normality.fit_logistic_many(np.ones((5, 2)), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="0 or 1"):
        logistic_weight_normality.fit_logistic_many(np.ones((2, 1)), np.array([[0.0, 2.0]]))


@pytest.mark.claim(
    "mle-uncertainty/boundary-mle",
    "mle-uncertainty/three-equal-for-a-parabola",
    "mle-uncertainty/checkpoint-4-not-quadratic",
)
@given(st.lists(st.floats(-5, 5), min_size=1, max_size=30))
@settings(max_examples=50)
def test_constrained_mle_and_its_lr_statistic(values):
    data = np.array([values])
    n = data.shape[1]
    mle = boundary_failure.constrained_mean_mle(data)[0]

    def nll(mu):
        return -np.sum(stats.norm.logpdf(data[0], mu, 1.0))

    best = optimize.minimize_scalar(nll, bounds=(0, 10), method="bounded", options={"xatol": 1e-10})
    assert mle == pytest.approx(max(best.x, 0.0), abs=1e-6)
    lr = boundary_failure.likelihood_ratio_at_zero(np.array([mle]), n)[0]
    assert lr == pytest.approx(2 * (nll(0.0) - nll(mle)), abs=1e-7)
    if mle > 0:  # away from the boundary the log-likelihood is a parabola: Wald = score = LR
        score = np.sum(data[0] - 0.0)  # U(0), with information n at every μ
        assert lr == pytest.approx(mle**2 * n, rel=1e-9)  # Wald: (μ̂ - 0)² I
        assert lr == pytest.approx(score**2 / n, rel=1e-9, abs=1e-12)  # score: U(0)²/I


@pytest.mark.claim("mle-uncertainty/boundary-half-at-zero")
def test_half_the_boundary_estimates_are_exactly_zero(run):
    result = run(PAGE + "boundary_failure.py")
    ns = result.namespace
    assert "share of MLEs exactly 0: 0.4972" in result.stdout
    share = np.mean(ns["estimates"] == 0)
    assert abs(share - 0.5) <= Z999 * share_se(0.5, ns["datasets"])
    (bars,) = [c for c in ns["ax"].containers if c.get_label() == "MLE = 0 (probability)"]
    (spike,) = bars.patches
    assert spike.get_x() < 0 < spike.get_x() + spike.get_width() and spike.get_height() == share
    assert len(result.figures) == 1


@pytest.mark.claim(
    "mle-uncertainty/boundary-sd",
    "mle-uncertainty/checkpoint-1-boundary",
    "mle-uncertainty/summary-normality",
)
def test_the_standardised_boundary_mle_has_sd_0_58_not_1(run):
    result = run(PAGE + "boundary_failure.py")
    assert "sd of the standardised MLE: 0.5801 (normal theory: 1; exact: 0.5838)" in result.stdout
    # the exact value: sd of max(Z, 0), by integration
    first = integrate.quad(lambda z: z * stats.norm.pdf(z), 0, np.inf)[0]
    second = integrate.quad(lambda z: z**2 * stats.norm.pdf(z), 0, np.inf)[0]
    exact = np.sqrt(second - first**2)
    assert f"{exact:.4f}" == "0.5838"
    fourth = integrate.quad(lambda z: (z - first) ** 4 * stats.norm.pdf(z), 0, np.inf)[0] + 0.5 * first**4
    sd_se = np.sqrt((fourth - exact**4) / (4 * exact**2 * result.namespace["datasets"]))
    assert abs(result.namespace["z"].std(ddof=1) - exact) <= Z999 * sd_se


@pytest.mark.claim("mle-uncertainty/boundary-lr-level")
def test_the_lr_test_on_the_boundary_rejects_half_as_often(run):
    result = run(PAGE + "boundary_failure.py")
    ns = result.namespace
    assert "95% point 3.84: 0.0243" in result.stdout
    exact = 0.5 * stats.chi2.sf(CUT, 1)  # 0 half the time, χ²₁ otherwise
    assert exact == pytest.approx(0.025)
    assert abs(np.mean(ns["statistic"] > CUT) - exact) <= Z999 * share_se(exact, ns["datasets"])


def test_boundary_functions_reject_bad_input():
    with pytest.raises(ValueError, match="2-D"):
        boundary_failure.constrained_mean_mle(np.array([1.0]))
    with pytest.raises(ValueError, match="positive sigma"):
        boundary_failure.likelihood_ratio_at_zero(np.array([1.0]), 5, sigma=0.0)


# --- standard errors from the information --------------------------------------------------


@pytest.mark.claim(
    "mle-uncertainty/logistic-observed-is-expected",
    "mle-uncertainty/checkpoint-2-information",
    "mle-uncertainty/summary-information",
)
@given(st.integers(0, 2**32 - 1))
@settings(max_examples=20)
def test_the_logistic_hessian_is_the_same_whatever_the_labels(seed):
    rng = np.random.default_rng(seed)
    features = np.column_stack([np.ones(40), rng.normal(size=(40, 2))])
    weights = rng.normal(size=3)
    hessians = [
        logistic_standard_errors.numerical_hessian(weights, features, rng.integers(0, 2, 40).astype(float))
        for _ in range(3)
    ]
    expected = logistic_standard_errors.observed_information(weights, features)
    for hessian in hessians:  # the observed Hessian on any labels equals the labels' average: I_n(w)
        assert np.allclose(hessian, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.claim("mle-uncertainty/standard-errors-setup", "mle-uncertainty/hessian-matches")
def test_the_standard_error_script_fits_by_newton_and_checks_the_hessian(run):
    result = run(PAGE + "logistic_standard_errors.py")
    ns = result.namespace
    estimation = run("snippets/losses_and_priors/logistic_training_loop.py").namespace
    assert np.array_equal(ns["features"], estimation["features"])
    assert np.array_equal(ns["labels"], estimation["labels"])
    gradient = logistic_standard_errors.nll_gradient(ns["weights"], ns["features"], ns["labels"])
    assert np.max(np.abs(gradient)) < 1e-8
    assert ns["difference"] < 1e-8
    assert "largest |finite-difference Hessian - Xᵀ S X|:" in result.stdout
    assert re.search(r"^intercept .*\n^x1 .*\n^x2 ", result.stdout, re.M)


@pytest.mark.claim("mle-uncertainty/same-as-estimation-lesson")
def test_the_standard_errors_are_those_the_estimation_lesson_printed(run):
    ours = run(PAGE + "logistic_standard_errors.py").namespace["standard_errors"]
    theirs = run("snippets/losses_and_priors/logistic_training_loop.py")
    printed = re.search(r"standard errors of the MLE: \[([^\]]+)\]", theirs.stdout).group(1)
    assert [float(x) for x in printed.split()] == list(np.round(ours, 4))


@pytest.mark.claim("mle-uncertainty/matches-statsmodels")
def test_the_regression_table_matches_statsmodels_logit(run):
    ns = run(PAGE + "logistic_standard_errors.py").namespace
    reference = sm.Logit(ns["labels"], ns["features"]).fit(disp=0, method="newton", tol=1e-12)
    assert np.allclose(ns["weights"], reference.params, rtol=1e-6, atol=0)
    assert np.allclose(ns["standard_errors"], reference.bse, rtol=1e-6, atol=0)
    assert np.allclose(ns["z"], reference.tvalues, rtol=1e-6, atol=0)
    assert np.allclose(ns["p_values"], reference.pvalues, rtol=1e-6, atol=0)
    ends = np.column_stack(
        [
            ns["weights"] - ns["z_975"] * ns["standard_errors"],
            ns["weights"] + ns["z_975"] * ns["standard_errors"],
        ]
    )
    assert np.allclose(ends, reference.conf_int(alpha=0.05), rtol=1e-6, atol=0)


@pytest.mark.claim("mle-uncertainty/all-weights-significant")
def test_every_interval_excludes_zero(run):
    ns = run(PAGE + "logistic_standard_errors.py").namespace
    low = ns["weights"] - ns["z_975"] * ns["standard_errors"]
    high = ns["weights"] + ns["z_975"] * ns["standard_errors"]
    assert np.all((low > 0) | (high < 0))
    assert np.all(ns["p_values"] < 1e-4)


def test_fit_logistic_rejects_bad_input_and_separable_data():
    with pytest.raises(ValueError, match="0 or 1"):
        logistic_standard_errors.fit_logistic(np.ones((3, 1)), np.array([0.0, 1.0, 3.0]))
    features = np.column_stack([np.ones(4), [-2.0, -1.0, 1.0, 2.0]])
    with pytest.raises(ValueError, match="separable"):
        logistic_standard_errors.fit_logistic(features, np.array([0.0, 0.0, 1.0, 1.0]))


@pytest.mark.claim("mle-uncertainty/probit-information")
@given(st.integers(0, 2**32 - 1))
@settings(max_examples=20)
def test_probit_observed_information_involves_the_labels_and_expected_does_not(seed):
    rng = np.random.default_rng(seed)
    features = np.column_stack([np.ones(25), rng.normal(size=(25, 2))])
    weights = rng.normal(scale=0.7, size=3)
    labels = rng.integers(0, 2, 25).astype(float)
    assume(0 < labels.sum() < 25)
    _, observed, expected = probit_observed_vs_expected.probit_parts(weights, features, labels)
    assert np.allclose(observed, -sm.Probit(labels, features).hessian(weights), rtol=1e-8)
    eta = features @ weights
    weight = stats.norm.pdf(eta) ** 2 / (stats.norm.cdf(eta) * stats.norm.sf(eta))
    assert np.allclose(expected, features.T @ (features * weight[:, None]), rtol=1e-8)
    flipped = probit_observed_vs_expected.probit_parts(weights, features, 1 - labels)
    assert not np.allclose(observed, flipped[1])  # other labels, another observed information
    assert np.allclose(expected, flipped[2])


@pytest.mark.claim("mle-uncertainty/probit-setup")
def test_the_probit_script_fits_80_points_by_newton(run):
    ns = run(PAGE + "probit_observed_vs_expected.py").namespace
    assert ns["n"] == 80 and ns["features"].shape == (80, 3)
    gradient, _, _ = probit_observed_vs_expected.probit_parts(ns["weights"], ns["features"], ns["labels"])
    assert np.max(np.abs(gradient)) < 1e-8


@pytest.mark.claim("mle-uncertainty/probit-differ", "mle-uncertainty/summary-information")
def test_probit_standard_errors_differ_by_up_to_three_percent(run):
    result = run(PAGE + "probit_observed_vs_expected.py")
    ns = result.namespace
    assert re.search(r"^x2\s+0\.2085\s+0\.2024\s+1\.030$", result.stdout, re.M)
    ratios = ns["se_observed"] / ns["se_expected"]
    assert round(float(np.max(np.abs(ratios - 1))), 3) == 0.030


@pytest.mark.claim("mle-uncertainty/probit-matches-statsmodels")
def test_observed_matches_statsmodels_probit_and_expected_its_glm(run):
    ns = run(PAGE + "probit_observed_vs_expected.py").namespace
    probit = sm.Probit(ns["labels"], ns["features"]).fit(disp=0, tol=1e-12)
    assert np.allclose(ns["weights"], probit.params, rtol=1e-6)
    assert np.allclose(ns["se_observed"], probit.bse, rtol=1e-6)
    family = sm.families.Binomial(link=sm.families.links.Probit())
    glm = sm.GLM(ns["labels"], ns["features"], family=family).fit(tol=1e-12)  # IRLS, its default
    assert np.allclose(ns["se_expected"], glm.bse, rtol=1e-6)


@pytest.mark.claim("mle-uncertainty/probit-difference-fades")
def test_observed_and_expected_agree_within_one_percent_at_n_20000():
    rng = np.random.default_rng(2)
    n, weights = 20_000, np.array([0.3, 1.0, -0.7])
    features = np.column_stack([np.ones(n), rng.normal(size=(n, 2))])
    labels = (rng.random(n) < stats.norm.cdf(features @ weights)).astype(float)
    fitted = probit_observed_vs_expected.fit_probit(features, labels)
    _, observed, expected = probit_observed_vs_expected.probit_parts(fitted, features, labels)
    ratio = np.sqrt(np.diag(np.linalg.inv(observed)) / np.diag(np.linalg.inv(expected)))
    assert np.all(np.abs(ratio - 1) < 0.01)


def test_fit_probit_rejects_bad_labels():
    with pytest.raises(ValueError, match="0 or 1"):
        probit_observed_vs_expected.fit_probit(np.ones((2, 1)), np.array([0.0, 0.5]))


# --- the delta method -------------------------------------------------------------------------


@pytest.mark.claim("mle-uncertainty/delta-probability-formula")
@given(st.integers(0, 2**32 - 1), st.floats(-3, 3))
@settings(max_examples=20)
def test_probability_se_is_the_gradient_sandwich(seed, x):
    rng = np.random.default_rng(seed)
    features = np.column_stack([np.ones(50), rng.normal(size=50)])
    weights = rng.normal(scale=0.8, size=2)
    x_new = np.array([1.0, x])
    covariance = np.linalg.inv(-sm.Logit(np.zeros(50), features).hessian(weights))
    h = 1e-6
    gradient = np.array(
        [(expit(x_new @ (weights + e)) - expit(x_new @ (weights - e))) / (2 * h) for e in h * np.eye(2)]
    )
    logit_se, p_se = delta_method_probability.probability_se(weights, features, x_new)
    assert logit_se[0] == pytest.approx(np.sqrt(x_new @ covariance @ x_new), rel=1e-8)
    assert p_se[0] == pytest.approx(np.sqrt(gradient @ covariance @ gradient), rel=1e-5)


@pytest.mark.claim("mle-uncertainty/delta-probability-setup")
def test_delta_script_predicts_at_2_5_over_4000_data_sets_of_100(run):
    ns = run(PAGE + "delta_method_probability.py").namespace
    assert (ns["n"], ns["datasets"]) == (100, 4000) and np.array_equal(ns["x_new"], [1.0, 2.5])
    assert ns["labels"].shape == (4000, 100) and ns["features"].shape == (100, 2)
    gradient = (expit(ns["weights"] @ ns["features"].T) - ns["labels"]) @ ns["features"]
    assert np.max(np.abs(gradient)) < 1e-8


@pytest.mark.claim("mle-uncertainty/delta-probability-sd")
def test_delta_se_is_within_three_percent_of_the_spread(run):
    result = run(PAGE + "delta_method_probability.py")
    assert "sd of p̂ over the data sets: 0.0738" in result.stdout
    assert "delta-method s.e. at the true weights: 0.0720" in result.stdout
    ns = result.namespace
    assert abs(ns["delta_se_at_truth"][0] / ns["p_hat"].std(ddof=1) - 1) < 0.03


@pytest.mark.claim(
    "mle-uncertainty/delta-probability-coverage",
    "mle-uncertainty/checkpoint-3-probability-scale",
    "mle-uncertainty/checkpoint-3-logit-scale",
    "mle-uncertainty/summary-delta",
)
def test_the_logit_scale_interval_covers_and_the_probability_scale_one_does_not(run):
    result = run(PAGE + "delta_method_probability.py")
    assert "true probability at x = 2.5: 0.8808" in result.stdout
    assert "coverage of p̂ ± 1.96·s.e.(p̂): 0.8842" in result.stdout
    assert "share of those intervals reaching above 1: 0.8490" in result.stdout
    assert "coverage of σ(logit ± 1.96·s.e.(logit)): 0.9570" in result.stdout


@pytest.mark.claim("mle-uncertainty/logit-interval-inside", "mle-uncertainty/checkpoint-3-logit-scale")
def test_mapped_logit_intervals_stay_inside_zero_one(run):
    ns = run(PAGE + "delta_method_probability.py").namespace
    low = expit(ns["logit_hat"] - ns["z"] * ns["logit_se"])
    high = expit(ns["logit_hat"] + ns["z"] * ns["logit_se"])
    assert np.all((low > 0) & (low < high) & (high < 1))


def test_probability_se_rejects_a_wrong_point():
    with pytest.raises(ValueError, match="one value per weight"):
        delta_method_probability.probability_se(np.zeros(2), np.ones((3, 2)), np.array([1.0, 2.0, 3.0]))
    with pytest.raises(ValueError, match="shape"):
        delta_method_probability.fit_logistic_many(np.ones((3, 2)), np.zeros((2, 4)))


@pytest.mark.claim("mle-uncertainty/log-rate-variance")
@given(st.integers(1, 500), st.integers(1, 500), st.floats(0.1, 100), st.floats(0.1, 100))
def test_the_rate_ratio_delta_method(a, b, exposure_a, exposure_b):
    ratio, se, log_se = delta_method_rate_ratio.rate_ratio(a, exposure_a, b, exposure_b)
    assert ratio == pytest.approx((b / exposure_b) / (a / exposure_a))
    # each rate: variance λ/t = count/t², so Var(log λ̂) ≈ (1/λ)² λ/t = 1/(λt): one over the count
    var_log_a = (1 / (a / exposure_a)) ** 2 * stats.poisson(a).var() / exposure_a**2
    var_log_b = (1 / (b / exposure_b)) ** 2 * stats.poisson(b).var() / exposure_b**2
    assert log_se == pytest.approx(np.sqrt(var_log_a + var_log_b))
    assert se == pytest.approx(ratio * log_se)


@pytest.mark.claim("mle-uncertainty/rate-ratio-setup")
def test_rate_ratio_script_simulates_20000_pairs_at_three_exposures(run):
    result = run(PAGE + "delta_method_rate_ratio.py")
    ns = result.namespace
    assert ns["simulations"] == 20_000 and ns["true_ratio"] == 0.5
    assert [int(line.split()[0]) for line in result.stdout.splitlines()[2:]] == [1000, 10_000, 100_000]


def ratio_rows(stdout: str) -> dict[int, list[float]]:
    return {int(line.split()[0]): [float(x) for x in line.split()[1:]] for line in stdout.splitlines()[2:]}


@pytest.mark.claim("mle-uncertainty/rate-ratio-large")
def test_with_large_counts_the_delta_method_is_within_one_and_a_half_percent(run):
    sd, delta, _, log_sd, log_delta, _ = ratio_rows(run(PAGE + "delta_method_rate_ratio.py").stdout)[100_000]
    assert abs(delta / sd - 1) < 0.015 and abs(log_delta / log_sd - 1) < 0.015


@pytest.mark.claim("mle-uncertainty/rate-ratio-small")
def test_with_small_counts_the_delta_method_is_too_small(run):
    sd, delta, _, log_sd, log_delta, _ = ratio_rows(run(PAGE + "delta_method_rate_ratio.py").stdout)[1000]
    assert (sd, delta) == (0.2179, 0.1936)
    assert round(1 - delta / sd, 2) == 0.11 and round(1 - log_delta / log_sd, 2) == 0.07


@pytest.mark.claim("mle-uncertainty/rate-ratio-skew")
def test_the_ratio_is_skewed_and_its_log_much_less(run):
    *_, skew, _, _, skew_log = ratio_rows(run(PAGE + "delta_method_rate_ratio.py").stdout)[1000]
    assert (skew, skew_log) == (1.33, -0.39)
    assert abs(skew_log) < abs(skew) / 3


def test_rate_ratio_rejects_zero_counts_and_exposures():
    with pytest.raises(ValueError, match="at least 1"):
        delta_method_rate_ratio.rate_ratio(0, 1.0, 3, 1.0)
    with pytest.raises(ValueError, match="exposures"):
        delta_method_rate_ratio.rate_ratio(2, 0.0, 3, 1.0)


# --- three tests -------------------------------------------------------------------------------


@pytest.mark.claim("mle-uncertainty/chi-square-cut")
def test_the_cut_is_3_84_the_square_of_1_96(run):
    result = run(PAGE + "three_tests.py")
    assert result.namespace["cut"] == pytest.approx(stats.norm.ppf(0.975) ** 2)
    assert pytest.approx(stats.norm.ppf(0.975) ** 2) == inverted_intervals.CUT
    assert "the χ²₁ 95% point, 3.84" in result.stdout and round(stats.norm.ppf(0.975), 2) == 1.96


@pytest.mark.claim("mle-uncertainty/poisson-score-and-information")
@given(st.integers(1, 50), st.integers(0, 400), st.floats(0.05, 20))
@settings(max_examples=60)
def test_poisson_statistics_match_their_general_definitions(n, total, rate_0):
    assume(total > 0)
    counts = np.full(n, total // n)
    counts[: total % n] += 1  # any counts with this total: the statistics depend only on it

    def loglik(rate):
        return np.sum(stats.poisson.logpmf(counts, rate))

    h = 1e-5 * rate_0
    score = (loglik(rate_0 + h) - loglik(rate_0 - h)) / (2 * h)
    assert score == pytest.approx(total / rate_0 - n, rel=1e-5, abs=1e-5)
    rate = total / n
    information = lambda r: n / r  # noqa: E731 - minus the expected second derivative, E[T]/λ²
    wald, score_stat, lr = three_tests.three_statistics(total, n, rate_0)
    assert wald == pytest.approx((rate - rate_0) ** 2 * information(rate), rel=1e-9)
    assert score_stat == pytest.approx(score**2 / information(rate_0), rel=1e-4, abs=1e-6)
    assert lr == pytest.approx(2 * (loglik(rate) - loglik(rate_0)), rel=1e-7, abs=1e-7)


@pytest.mark.claim("mle-uncertainty/three-tests-setup")
def test_the_three_test_script_prints_five_data_sets_and_draws_three_curves(run):
    result = run(PAGE + "three_tests.py")
    rows = [line for line in result.stdout.splitlines()[2:]]
    assert len(rows) == 5 and all(float(row.split()[2]) == 2.0 for row in rows)
    ns = result.namespace
    assert (ns["n"], ns["total"]) == (10, 30)
    assert [line.get_label() for line in ns["ax"].get_lines()][:3] == ["Wald", "score", "LR"]
    assert len(result.figures) == 1


@pytest.mark.claim("mle-uncertainty/three-agree-large-n")
def test_with_much_data_the_three_agree(run):
    row = run(PAGE + "three_tests.py").stdout.splitlines()[2]
    assert row.split()[:6] == ["1000", "2.050", "2.0", "1.220", "1.250", "1.240"]
    statistics = three_tests.three_statistics(2050, 1000, 2.0)
    assert len({round(float(s), 1) for s in statistics}) == 1
    assert len({round(float(stats.chi2.sf(s, 1)), 1) for s in statistics}) == 1


@pytest.mark.claim(
    "mle-uncertainty/three-disagree-small-n",
    "mle-uncertainty/checkpoint-4-example",
    "mle-uncertainty/summary-three-tests",
)
def test_with_little_data_wald_keeps_what_score_and_lr_reject(run):
    row = run(PAGE + "three_tests.py").stdout.splitlines()[4]
    assert row.split()[:6] == ["10", "3.000", "2.0", "3.333", "5.000", "4.328"]
    assert row.endswith("0.068, 0.025, 0.037")
    wald, score, lr = three_tests.three_statistics(30, 10, 2.0)
    assert wald < CUT < lr < score


@pytest.mark.claim("mle-uncertainty/three-disagree-far")
def test_far_from_h0_all_reject_and_the_score_is_more_than_twice_wald(run):
    row = run(PAGE + "three_tests.py").stdout.splitlines()[5]
    assert row.split()[3:6] == ["13.889", "31.250", "22.984"]
    wald, score, lr = three_tests.three_statistics(45, 10, 2.0)
    assert min(wald, score, lr) > CUT and score > 2 * wald


@pytest.mark.claim("mle-uncertainty/order-flips")
def test_below_h0_wald_is_the_largest(run):
    row = run(PAGE + "three_tests.py").stdout.splitlines()[6]
    assert row.split()[1] == "0.800"
    wald, score, lr = three_tests.three_statistics(8, 10, 2.0)
    assert wald > lr > score


@pytest.mark.claim("mle-uncertainty/lr-between")
@given(st.integers(1, 200), st.integers(1, 2000), st.floats(0.01, 50))
def test_the_lr_statistic_lies_between_wald_and_score(n, total, rate_0):
    wald, score, lr = (float(s) for s in three_tests.three_statistics(total, n, rate_0))
    slack = 1e-9 * max(wald, score, 1.0)
    if total / n > rate_0:
        assert wald - slack <= lr <= score + slack
    else:
        assert score - slack <= lr <= wald + slack


@pytest.mark.claim("mle-uncertainty/three-curves-shape")
def test_the_curves_touch_zero_at_3_and_only_wald_is_symmetric(run):
    ns = run(PAGE + "three_tests.py").namespace
    lines = {line.get_label(): line for line in ns["ax"].get_lines()[:3]}
    for line in lines.values():
        x, y = line.get_xdata(), line.get_ydata()
        assert abs(x[np.argmin(y)] - 3.0) < 0.02 and y.min() < 1e-3
    d = np.array([0.5, 1.0, 1.5])
    left = three_tests.three_statistics(30, 10, 3 - d)
    right = three_tests.three_statistics(30, 10, 3 + d)
    assert np.allclose(left[0], right[0])  # Wald: a parabola about λ̂
    assert np.all(left[1] > right[1]) and np.all(left[2] > right[2])  # steeper to the left


def test_every_three_tests_curve_spans_the_axis_and_leaves_through_the_top(run):
    ax = run(PAGE + "three_tests.py").namespace["ax"]
    (left, right), (_, top) = ax.get_xlim(), ax.get_ylim()
    for line in ax.get_lines()[:3]:
        x, y = line.get_xdata(), line.get_ydata()
        assert x[0] <= left and x[-1] >= right, f"{line.get_label()} covers the whole x axis"
        assert y[0] > top and y[-1] > top, f"{line.get_label()} is clipped at the top, not cut short"


def test_three_statistics_rejects_bad_input():
    with pytest.raises(ValueError, match="positive rate"):
        three_tests.three_statistics(5, 10, 0.0)
    with pytest.raises(ValueError, match="n >= 1"):
        three_tests.three_statistics(5, 0, 1.0)


# --- Wilks' theorem ----------------------------------------------------------------------------


@pytest.mark.claim("mle-uncertainty/wilks-setup")
def test_the_wilks_script_simulates_20000_data_sets_under_h0(run):
    result = run(PAGE + "wilks_simulation.py")
    ns = result.namespace
    assert (ns["days"], ns["rate_0"], ns["simulations"]) == (10, 2.0, 20_000)
    assert ns["totals"].shape == (20_000, 3) and ns["three"].shape == (20_000,)
    assert len(result.figures) == 1


@pytest.mark.claim("mle-uncertainty/wilks-levels", "mle-uncertainty/summary-wilks")
def test_every_test_rejects_within_a_point_of_five_percent(run):
    stdout = run(PAGE + "wilks_simulation.py").stdout
    found = re.findall(r"k = (\d), (\w+)\s+rejects (0\.\d{4})", stdout)
    assert found == [
        ("1", "Wald", "0.0522"),
        ("1", "score", "0.0560"),
        ("1", "LR", "0.0435"),
        ("2", "LR", "0.0520"),
    ]
    assert all(abs(float(share) - 0.05) < 0.01 for *_, share in found)


def test_lr_equal_rates_matches_the_poisson_log_likelihoods():
    totals = np.array([14.0, 25.0, 19.0])
    full = np.sum(stats.poisson.logpmf(totals, totals))  # each group its own rate
    null = np.sum(stats.poisson.logpmf(totals, totals.mean()))  # one common rate
    assert wilks_simulation.lr_equal_rates(totals, 10) == pytest.approx(2 * (full - null), rel=1e-9)


@pytest.mark.claim("mle-uncertainty/wilks-exact-levels")
def test_the_simulated_levels_match_the_exact_ones(run):
    ns = run(PAGE + "wilks_simulation.py").namespace
    totals = np.arange(0, 80)
    weights = stats.poisson.pmf(totals, 20.0)
    assert weights.sum() > 1 - 1e-12
    wald, score, lr = three_tests.three_statistics(totals, 10, 2.0)
    for name, statistic in (("Wald", wald), ("score", score), ("LR", lr)):
        exact = np.sum(weights * (statistic > CUT))
        simulated = np.mean(ns["one"][name] > CUT)
        assert abs(simulated - exact) <= Z999 * share_se(exact, 20_000), name
        assert exact != pytest.approx(0.05, abs=0.002)  # discreteness: not exactly 5%
    grid = np.stack(np.meshgrid(totals, totals, totals, indexing="ij"), axis=-1)
    joint = weights[:, None, None] * weights[None, :, None] * weights[None, None, :]
    exact = np.sum(joint * (wilks_simulation.lr_equal_rates(grid, 10) > stats.chi2.ppf(0.95, 2)))
    assert abs(np.mean(ns["three"] > stats.chi2.ppf(0.95, 2)) - exact) <= Z999 * share_se(exact, 20_000)


@pytest.mark.claim("mle-uncertainty/wilks-quantiles")
def test_lr_quantiles_are_within_five_percent_of_chi_square_but_one(run):
    stdout = run(PAGE + "wilks_simulation.py").stdout
    rows = [[float(x) for x in line.split()] for line in stdout.splitlines()[-4:]]
    assert [row[0] for row in rows] == [0.5, 0.9, 0.95, 0.99]
    for q, lr1, chi1, lr2, chi2 in rows:
        assert abs(lr2 / chi2 - 1) < 0.05
        if q == 0.99:
            assert (lr1, chi1) == (7.05, 6.63) and lr1 / chi1 > 1.05
        else:
            assert abs(lr1 / chi1 - 1) < 0.05


@pytest.mark.claim("mle-uncertainty/wilks-staircase")
def test_the_k_1_distribution_takes_few_values(run):
    ns = run(PAGE + "wilks_simulation.py").namespace
    values = np.unique(ns["one"]["LR"])
    assert len(values) < 60  # 20 000 draws, fewer than 60 distinct values: one per total count
    assert len(values) == len(np.unique(ns["totals"][:, 0]))
    empirical = np.searchsorted(np.sort(ns["one"]["LR"]), values, side="right") / 20_000
    below = np.concatenate([[0], empirical[:-1]])
    chi = stats.chi2.cdf(values, 1)
    # the χ²₁ curve runs through the steps: at each jump it lies within the step, give or take 0.05
    assert np.all((chi >= below - 0.05) & (chi <= empirical + 0.05))


def test_lr_equal_rates_rejects_one_group():
    with pytest.raises(ValueError, match="two groups"):
        wilks_simulation.lr_equal_rates(np.array([[3.0]]), 10)


# --- intervals by inverting a test -------------------------------------------------------------


@pytest.mark.claim("mle-uncertainty/inverted-formulas")
@given(st.integers(1, 50), st.integers(0, 500))
@settings(max_examples=60)
def test_each_interval_ends_where_its_statistic_reaches_3_84(n, total):
    methods = {
        0: inverted_intervals.wald_interval,  # the index of its statistic in three_statistics
        1: inverted_intervals.score_interval,
        2: inverted_intervals.lr_interval,
    }
    for which, interval in methods.items():
        low, high = (float(end) for end in interval(total, n))
        assert low <= total / n <= high
        for end in (low, high):
            if end > 0:  # an end at 0 is the boundary (a total of 0, or Wald cut at 0)
                statistic = three_tests.three_statistics(total, n, end)[which]
                assert statistic == pytest.approx(CUT, rel=1e-6), (which, end)
            else:
                assert end == low and (total == 0 or which == 0)
    if total == 0:
        assert inverted_intervals.wald_interval(0, n) == (0, 0)


@pytest.mark.claim("mle-uncertainty/inverted-setup")
def test_the_coverage_script_uses_80_totals_and_4000_experiments(run):
    result = run(PAGE + "inverted_intervals.py")
    ns = result.namespace
    assert (ns["n"], ns["experiments"]) == (10, 4000)
    assert ns["means"].size == 80 and ns["means"][0] == 1 and ns["means"][-1] == pytest.approx(40)
    assert ns["totals"].shape == (80, 4000) and np.array_equal(
        ns["possible"], np.arange(ns["totals"].max() + 1)
    )
    assert len(result.figures) == 1


@pytest.mark.claim("mle-uncertainty/three-intervals-example")
def test_wald_is_symmetric_about_3_and_the_others_shift_right(run):
    stdout = run(PAGE + "inverted_intervals.py").stdout
    assert "Wald   interval for λ: [1.926, 4.074]" in stdout
    assert "score  interval for λ: [2.102, 4.283]" in stdout
    assert "LR     interval for λ: [2.051, 4.205]" in stdout
    wald, score, lr = (
        f(30, 10)
        for f in (
            inverted_intervals.wald_interval,
            inverted_intervals.score_interval,
            inverted_intervals.lr_interval,
        )
    )
    assert 3 - wald[0] == pytest.approx(wald[1] - 3)
    assert score[0] > wald[0] and score[1] > wald[1] and lr[0] > wald[0] and lr[1] > wald[1]


def coverage_lines(stdout: str) -> dict[str, list[float]]:
    found = re.findall(
        r"^(\w+)\s+lowest ([\d.]+), mean ([\d.]+) for nλ < 5, ([\d.]+) for nλ >= 5$", stdout, re.M
    )
    return {name: [float(x) for x in values] for name, *values in found}


@pytest.mark.claim(
    "mle-uncertainty/wald-coverage",
    "mle-uncertainty/score-coverage",
    "mle-uncertainty/lr-coverage",
    "mle-uncertainty/all-close-for-large-counts",
    "mle-uncertainty/summary-inversion",
)
def test_the_printed_coverages(run):
    lines = coverage_lines(run(PAGE + "inverted_intervals.py").stdout)
    assert lines == {
        "Wald": [0.630, 0.830, 0.930],
        "score": [0.921, 0.957, 0.953],
        "LR": [0.841, 0.940, 0.948],
    }
    assert lines["score"][1] > 0.95 and lines["score"][2] > 0.95  # slightly conservative
    assert all(abs(values[2] - 0.95) <= 0.021 for values in lines.values())
    assert lines["Wald"][0] < lines["LR"][0] < lines["score"][0]


@pytest.mark.claim("mle-uncertainty/coverage-matches-exact")
def test_simulated_coverage_matches_the_exact_poisson_sums(run):
    ns = run(PAGE + "inverted_intervals.py").namespace
    totals, means, rate = ns["totals"], ns["means"], ns["means"][:, None] / 10
    support = np.arange(200)
    weights = stats.poisson.pmf(support[None, :], means[:, None])
    assert np.all(weights.sum(axis=1) > 1 - 1e-12)
    for interval in (
        inverted_intervals.wald_interval,
        inverted_intervals.score_interval,
        inverted_intervals.lr_interval,
    ):
        low, high = interval(support, 10)
        exact = np.sum(weights * ((low <= rate) & (rate <= high)), axis=1)
        simulated = np.mean((low[totals] <= rate) & (rate <= high[totals]), axis=1)
        assert np.all(np.abs(simulated - exact) <= 4.5 * share_se(exact, 4000) + 1e-12)


def test_interval_functions_reject_bad_totals():
    for interval in (
        inverted_intervals.wald_interval,
        inverted_intervals.score_interval,
        inverted_intervals.lr_interval,
    ):
        with pytest.raises(ValueError, match="whole numbers"):
            interval(2.5, 10)
        with pytest.raises(ValueError, match="n >= 1"):
            interval(3, 0)


# --- profile likelihood ------------------------------------------------------------------------


def numerical_profile_lr(psi, a, t_a, b, t_b):
    """2[max ℓ - max over λ_A of ℓ(λ_A, ψ)] by numerical maximisation, with SciPy's Poisson log-pmf."""

    def loglik(rate_a, ratio):
        return stats.poisson.logpmf(a, rate_a * t_a) + stats.poisson.logpmf(
            b, ratio * rate_a * t_a * t_b / t_a
        )

    def inner(ratio):
        found = optimize.minimize_scalar(
            lambda u: -loglik(np.exp(u), ratio), bounds=(-20, 10), method="bounded", options={"xatol": 1e-11}
        )
        return -found.fun

    full = loglik(a / t_a, (b / t_b) / (a / t_a))
    return 2 * (full - inner(psi))


@pytest.mark.claim("mle-uncertainty/rate-ratio-profile", "mle-uncertainty/profile-is-lr")
@given(st.integers(1, 60), st.integers(1, 60), st.floats(0.5, 5), st.floats(0.5, 5), st.floats(0.05, 5))
@settings(max_examples=30)
def test_the_profile_statistic_is_the_lr_statistic_with_lambda_free(a, b, t_a, t_b, psi):
    ours = profile_likelihood.profile_lr(psi, a, t_a, b, t_b)
    assert ours == pytest.approx(numerical_profile_lr(psi, a, t_a, b, t_b), rel=1e-5, abs=1e-6)


@pytest.mark.claim("mle-uncertainty/profile-is-lr")
def test_the_profile_interval_is_close_to_95_percent_with_large_counts():
    table = profile_coverage.interval_table(400)["profile"]
    a, b = np.arange(1, 401), np.arange(1, 401)
    weights = stats.poisson.pmf(a, 200.0)[:, None] * stats.poisson.pmf(b, 100.0)[None, :]
    assert weights.sum() > 1 - 1e-9
    hit = (table[0] <= 0.5) & (table[1] >= 0.5)
    assert abs(np.sum(weights * hit) - 0.95) < 0.005  # χ²₁ calibration: within half a point of 95%


@pytest.mark.claim("mle-uncertainty/profile-setup")
def test_the_profile_script_uses_20_and_4_errors(run):
    result = run(PAGE + "profile_likelihood.py")
    ns = result.namespace
    assert (ns["count_a"], ns["count_b"], ns["exposure"]) == (20, 4, 1000)
    assert "psi_hat = 0.200" in result.stdout
    labels = [line.get_label() for line in ns["ax"].get_lines()]
    assert labels[:2] == ["profile LR", "Wald's parabola"] and len(result.figures) == 1


@pytest.mark.claim(
    "mle-uncertainty/wald-below-zero",
    "mle-uncertainty/checkpoint-5-profile",
    "mle-uncertainty/summary-profile",
)
def test_the_wald_interval_reaches_below_zero_and_the_profile_does_not(run):
    stdout = run(PAGE + "profile_likelihood.py").stdout
    assert "Wald on ψ:           [-0.015, 0.415]" in stdout
    assert "profile likelihood:  [0.058, 0.529]" in stdout
    low, high = profile_likelihood.profile_interval(20, 1000, 4, 1000)
    assert low > 0
    assert profile_likelihood.profile_lr(np.array([low, high]), 20, 1000, 4, 1000) == pytest.approx(CUT)


@pytest.mark.claim("mle-uncertainty/profile-asymmetric")
def test_the_profile_interval_is_longer_above(run):
    ns = run(PAGE + "profile_likelihood.py").namespace
    assert ns["ratio"] == pytest.approx(0.2) and 0 < ns["low"] < ns["ratio"] < ns["high"]
    assert ns["high"] - ns["ratio"] > 2 * (ns["ratio"] - ns["low"])


@pytest.mark.claim("mle-uncertainty/profile-figure")
def test_the_parabola_crosses_left_of_zero_and_the_profile_climbs_toward_it(run):
    ns = run(PAGE + "profile_likelihood.py").namespace
    profile, parabola = ns["ax"].get_lines()[:2]
    x, y = parabola.get_xdata(), parabola.get_ydata()
    assert np.interp(0.0, x, y) < CUT and y[0] > CUT  # crosses 3.84 between -0.1 and 0
    d = np.array([0.05, 0.1, 0.2, 0.3])
    assert np.allclose(np.interp(0.2 - d, x, y), np.interp(0.2 + d, x, y), rtol=0.01)  # symmetric
    px, py = profile.get_xdata(), profile.get_ydata()
    assert py[0] > 3 * CUT  # steep toward 0
    for point in (0.5, 0.6, 0.7):  # slow to the right: below the parabola
        assert np.interp(point, px, py) < np.interp(point, x, y)


@pytest.mark.claim("mle-uncertainty/log-wald-closer")
def test_the_log_scale_wald_interval_is_closer_to_the_profile(run):
    stdout = run(PAGE + "profile_likelihood.py").stdout

    def ends(label):
        return floats(line_starting(stdout, label).split(":")[1])

    profile = np.array(ends("profile likelihood"))
    assert (
        np.abs(np.array(ends("Wald on log ψ")) - profile).sum()
        < np.abs(np.array(ends("Wald on ψ")) - profile).sum()
    )


@pytest.mark.claim("mle-uncertainty/profile-invariant", "mle-uncertainty/summary-profile")
@given(st.integers(1, 40), st.integers(1, 40))
@settings(max_examples=15)
def test_the_profile_interval_for_log_psi_is_the_log_of_the_interval_for_psi(a, b):
    low, high = profile_likelihood.profile_interval(a, 1.0, b, 1.0)
    # the interval for u = log ψ, found independently: the numerical profile LR as a function of u
    centre = np.log(b / a)

    def excess(u):
        return numerical_profile_lr(np.exp(u), a, 1.0, b, 1.0) - CUT

    u_low = optimize.brentq(excess, centre - 20, centre, xtol=1e-12)
    u_high = optimize.brentq(excess, centre, centre + 20, xtol=1e-12)
    assert np.log(low) == pytest.approx(u_low, abs=1e-5) and np.log(high) == pytest.approx(u_high, abs=1e-5)


def test_profile_functions_reject_bad_input():
    with pytest.raises(ValueError, match="ratios > 0"):
        profile_likelihood.profile_lr(np.array([-1.0]), 3, 1.0, 2, 1.0)
    with pytest.raises(ValueError, match="both counts"):
        profile_likelihood.profile_interval(0, 1.0, 3, 1.0)
    with pytest.raises(ValueError, match="at least 1"):
        profile_coverage.interval_table(0)


@pytest.mark.claim("mle-uncertainty/profile-coverage-setup")
def test_the_profile_coverage_script_uses_46_ratios_and_4000_experiments(run):
    result = run(PAGE + "profile_coverage.py")
    ns = result.namespace
    assert (ns["expected_a"], ns["experiments"]) == (20.0, 4000)
    assert ns["ratios"].size == 46 and ns["ratios"][0] == 0.1 and ns["ratios"][-1] == 1.0
    assert list(ns["table"]) == ["Wald on ψ", "Wald on log ψ", "profile"] and len(result.figures) == 1


@pytest.mark.claim("mle-uncertainty/zero-counts-left-out")
def test_up_to_0_142_are_left_out_at_psi_0_1(run):
    result = run(PAGE + "profile_coverage.py")
    ns = result.namespace
    assert "left out for a zero count: at most 0.142" in result.stdout
    left_out = 1 - ns["usable"].mean(axis=1)
    assert np.argmax(left_out) == 0 and ns["ratios"][0] * ns["expected_a"] == pytest.approx(2.0)
    exact = 1 - (1 - np.exp(-20.0)) * (1 - np.exp(-2.0))
    assert abs(left_out[0] - exact) <= Z999 * share_se(exact, 4000)


def profile_rows(stdout: str) -> dict[str, list[float]]:
    rows = re.findall(
        r"^(Wald on ψ|Wald on log ψ|profile)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", stdout, re.M
    )
    return {name: [float(x) for x in values] for name, *values in rows}


@pytest.mark.claim(
    "mle-uncertainty/wald-one-sided-misses",
    "mle-uncertainty/profile-coverage",
    "mle-uncertainty/log-wald-coverage",
)
def test_the_printed_coverage_and_misses(run):
    rows = profile_rows(run(PAGE + "profile_coverage.py").stdout)
    assert rows == {
        "Wald on ψ": [0.927, 0.927, 0.073, 0.000],
        "Wald on log ψ": [0.966, 0.958, 0.001, 0.034],
        "profile": [0.962, 0.948, 0.013, 0.025],
    }


@pytest.mark.claim("mle-uncertainty/profile-coverage-matches-exact")
def test_profile_coverage_matches_the_exact_conditional_sums(run):
    ns = run(PAGE + "profile_coverage.py").namespace
    ratios, count_a, count_b, usable = ns["ratios"], ns["count_a"], ns["count_b"], ns["usable"]
    table = profile_coverage.interval_table(120)
    counts = np.arange(1, 121)
    weight_a = stats.poisson.pmf(counts, 20.0)
    for name, (low, high) in table.items():
        for side in ("above", "below"):
            miss = (ratios[:, None, None] > high) if side == "above" else (ratios[:, None, None] < low)
            weight_b = stats.poisson.pmf(counts[None, :], 20.0 * ratios[:, None])
            joint = weight_a[None, :, None] * weight_b[:, None, :]
            exact = np.sum(joint * miss, axis=(1, 2)) / np.sum(joint, axis=(1, 2))
            a, b = np.maximum(count_a, 1) - 1, np.maximum(count_b, 1) - 1
            found = (ratios[:, None] > high[a, b]) if side == "above" else (ratios[:, None] < low[a, b])
            simulated = np.sum(found & usable, axis=1) / np.sum(usable, axis=1)
            trials = np.sum(usable, axis=1)
            assert np.all(np.abs(simulated - exact) <= 4.5 * share_se(exact, trials) + 1e-12), (name, side)


# --- exercises ----------------------------------------------------------------------------------


@pytest.mark.claim("mle-uncertainty/exercise-1-formulas")
@given(st.integers(1, 1000), st.integers(1, 365))
def test_rate_and_log_standard_errors(total, days):
    rate, se, log_se = exercise_poisson_rate_se.rate_and_log_se(total, days)
    assert rate == pytest.approx(total / days)
    assert se == pytest.approx(1 / np.sqrt(days / rate))  # information days/λ at λ̂
    h = 1e-6 * rate
    derivative = (np.log(rate + h) - np.log(rate - h)) / (2 * h)
    assert log_se == pytest.approx(derivative * se, rel=1e-6)
    assert log_se == pytest.approx(1 / np.sqrt(total))


@pytest.mark.claim("mle-uncertainty/exercise-1-rate-sd")
def test_the_rate_spread_matches_sqrt_lambda_over_n(run):
    result = run(PAGE + "exercise_poisson_rate_se.py")
    assert "0.1154; delta/information at the truth: 0.1155" in result.stdout
    ns = result.namespace
    exact_sd = np.sqrt(stats.poisson(12).var()) / 30
    assert exact_sd == pytest.approx(np.sqrt(0.4 / 30))
    excess_kurtosis = 1 / 12  # of a Poisson(12) total, hence of λ̂
    sd_se = exact_sd * np.sqrt((excess_kurtosis + 2) / (4 * ns["totals"].size))
    assert abs(ns["estimates"].std(ddof=1) - exact_sd) <= Z999 * sd_se


@pytest.mark.claim("mle-uncertainty/exercise-1-log-sd")
def test_the_log_rate_spread_is_7_percent_above_the_delta_method(run):
    result = run(PAGE + "exercise_poisson_rate_se.py")
    assert "sd of log lambda_hat: 0.3098; delta at the truth: 0.2887" in result.stdout
    ns = result.namespace
    assert round(ns["log_sd"] / (1 / np.sqrt(12)) - 1, 2) == 0.07


@pytest.mark.claim("mle-uncertainty/exercise-1-intervals", "mle-uncertainty/summary-delta")
def test_the_log_scale_interval_for_5_incidents(run):
    stdout = run(PAGE + "exercise_poisson_rate_se.py").stdout
    wald = floats(line_starting(stdout, "Wald on λ:").split(":")[1])
    log = floats(line_starting(stdout, "Wald on log λ:").split(":")[1])
    assert wald == [0.0206, 0.3128] and log == [0.0694, 0.4004]
    rate = 5 / 30
    assert log[1] - rate > 1.5 * (rate - log[0]) and log[0] > 3 * wald[0]


@pytest.mark.claim("mle-uncertainty/exercise-2-score-is-pooled-z")
@given(st.integers(1, 200), st.integers(1, 200), st.data())
def test_the_score_statistic_is_the_pooled_z_squared(n_a, n_b, data):
    k_a, k_b = data.draw(st.integers(0, n_a)), data.draw(st.integers(0, n_b))
    assume(0 < k_a + k_b < n_a + n_b)
    score = exercise_two_group_lr_test.two_group_tests(k_a, n_a, k_b, n_b)["score"]
    z, _, _ = two_proportion_z_test(k_a, n_a, k_b, n_b)
    assert score == pytest.approx(z**2, rel=1e-9, abs=1e-12)


@pytest.mark.claim("mle-uncertainty/exercise-2-agree")
def test_with_1000_per_group_the_three_agree(run):
    stdout = run(PAGE + "exercise_two_group_lr_test.py").stdout
    block = stdout.split("A: 2/15")[0]
    found = re.findall(r"(\w+)\s+statistic\s+([\d.]+)\s+p-value ([\d.]+)", block)
    assert found == [("Wald", "3.3016", "0.0692"), ("score", "3.2961", "0.0694"), ("LR", "3.3023", "0.0692")]
    assert (
        len({round(float(s), 2) for _, s, _ in found}) == 1
        and len({round(float(p), 2) for *_, p in found}) == 1
    )
    assert "two-sided p (H1: B != A):  0.0694" in run("snippets/inference/ab_test_z.py").stdout


@pytest.mark.claim("mle-uncertainty/exercise-2-matches-libraries")
@pytest.mark.parametrize(
    ("k_a", "n_a", "k_b", "n_b"), [(103, 1000, 129, 1000), (2, 15, 8, 15), (7, 40, 1, 9)]
)
def test_lr_matches_statsmodels_and_score_matches_scipy(k_a, n_a, k_b, n_b):
    found = exercise_two_group_lr_test.two_group_tests(k_a, n_a, k_b, n_b)
    group = np.repeat([0.0, 1.0], [n_a, n_b])
    clicks = np.concatenate(
        [np.repeat([1.0, 0.0], [k_a, n_a - k_a]), np.repeat([1.0, 0.0], [k_b, n_b - k_b])]
    )
    logit = sm.Logit(clicks, sm.add_constant(group)).fit(disp=0, tol=1e-12)
    assert found["LR"] == pytest.approx(logit.llr, rel=1e-7)
    table = [[k_a, n_a - k_a], [k_b, n_b - k_b]]
    assert found["score"] == pytest.approx(
        stats.chi2_contingency(table, correction=False).statistic, rel=1e-9
    )


@pytest.mark.claim("mle-uncertainty/exercise-2-disagree", "mle-uncertainty/exercise-2-levels")
def test_with_15_per_group_they_disagree_and_wald_is_too_liberal(run):
    stdout = run(PAGE + "exercise_two_group_lr_test.py").stdout
    block = stdout.split("A: 2/15")[1].split("exact level")[0]
    p_values = [float(p) for p in re.findall(r"p-value ([\d.]+)", block)]
    assert (
        p_values == [0.0103, 0.0201, 0.0171] and min(p_values) == p_values[0] and max(p_values) == p_values[1]
    )
    levels = dict(re.findall(r"^\s+(\w+)\s+(0\.\d{4})$", stdout.split("exact level")[1], re.M))
    assert levels == {"Wald": "0.0666", "score": "0.0548", "LR": "0.0564"}
    assert round(float(levels["Wald"]) / 0.05 - 1, 1) == 0.3  # "a third above 5%"


def test_two_group_tests_reject_bad_input():
    with pytest.raises(ValueError, match="successes <= trials"):
        exercise_two_group_lr_test.two_group_tests(5, 4, 1, 4)  # 5 successes in 4 trials
    with pytest.raises(ValueError, match="all successes or all failures"):
        exercise_two_group_lr_test.two_group_tests(0, 4, 0, 4)


def exact_proportion_coverage(interval, n: int, probabilities):
    k = np.arange(n + 1)
    low, high = interval(k, n)
    p = np.asarray(probabilities)[:, None]
    return np.sum(stats.binom.pmf(k, n, p) * ((low <= p) & (p <= high)), axis=1)


def coverage_table(stdout: str) -> dict[str, list[float]]:
    rows = re.findall(r"^(Wald|LR)\s+((?:\s*[\d.]+){7})$", stdout, re.M)
    return {name: [float(x) for x in values.split()] for name, values in rows}


@pytest.mark.claim("mle-uncertainty/exercise-3-means", "mle-uncertainty/exercise-3-rare")
def test_lr_covers_far_better_on_average_and_at_p_005(run):
    result = run(PAGE + "exercise_small_sample_coverage.py")
    table = coverage_table(result.stdout)
    assert table["Wald"] == [0.647, 0.872, 0.922, 0.948, 0.959, 0.854, 0.183]
    assert table["LR"] == [0.984, 0.863, 0.957, 0.948, 0.959, 0.948, 0.863]
    grid = result.namespace["grid"]
    for name, interval in (
        ("Wald", exercise_small_sample_coverage.wald_interval),
        ("LR", exercise_small_sample_coverage.lr_interval),
    ):
        exact = exact_proportion_coverage(interval, 20, grid)
        low, high = interval(np.arange(21), 20)
        simulated = np.mean(
            (low[result.namespace["counts"]] <= grid[:, None])
            & (grid[:, None] <= high[result.namespace["counts"]]),
            axis=1,
        )
        assert np.all(np.abs(simulated - exact) <= 4.5 * share_se(exact, 10_000) + 1e-12), name


@pytest.mark.claim("mle-uncertainty/exercise-3-not-everywhere")
def test_at_p_010_the_lr_interval_covers_less_than_walds(run):
    table = coverage_table(run(PAGE + "exercise_small_sample_coverage.py").stdout)
    assert table["LR"][1] < table["Wald"][1]
    exact = [
        exact_proportion_coverage(f, 20, [0.10])[0]
        for f in (exercise_small_sample_coverage.wald_interval, exercise_small_sample_coverage.lr_interval)
    ]
    assert exact[1] < exact[0]  # not simulation noise: the exact coverages are in the same order


@pytest.mark.claim("mle-uncertainty/exercise-3-zero")
def test_for_zero_successes_the_lr_interval_is_0_to_0_092(run):
    assert "0 of 20: Wald [0, 0]; LR [0.000, 0.092]" in run(PAGE + "exercise_small_sample_coverage.py").stdout
    low, high = exercise_small_sample_coverage.lr_interval(0, 20)
    assert low == 0 and high == pytest.approx(1 - np.exp(-CUT / 40), rel=1e-9)
    assert exercise_small_sample_coverage.wald_interval(0, 20) == (0, 0)


@given(st.integers(1, 60), st.data())
def test_the_lr_interval_for_a_proportion_contains_the_mle_and_stays_in_zero_one(n, data):
    k = data.draw(st.integers(0, n))
    low, high = exercise_small_sample_coverage.lr_interval(k, n)
    assert 0 <= low <= k / n <= high <= 1


def test_lr_interval_for_a_proportion_rejects_bad_counts():
    with pytest.raises(ValueError, match="between 0 and n"):
        exercise_small_sample_coverage.lr_interval(21, 20)


# --- checkpoint 4 ------------------------------------------------------------------------------


@pytest.mark.claim("mle-uncertainty/checkpoint-4-not-quadratic")
def test_the_three_statistics_converge_as_the_log_likelihood_becomes_quadratic():
    # for the Poisson rate, with √n(λ̂ - λ₀) fixed, the log-likelihood over [λ₀, λ̂] becomes a parabola
    # and the three statistics meet; at n = 10 (the example) they are far apart
    spreads = []
    for n in (10, 1000, 100_000):
        total = n * 2.0 + np.sqrt(n) * 3.0
        values = three_tests.three_statistics(round(total), n, 2.0)
        spreads.append(float(np.ptp(values) / np.mean(values)))
    assert spreads[0] > 0.3 and spreads[1] < 0.1 and spreads[2] < 0.01


# --- statements added on review ---------------------------------------------------------------


@pytest.mark.claim("mle-uncertainty/wald-lower-end-negative")
def test_the_wald_lower_end_is_negative_in_about_two_thirds_of_the_experiments(run):
    ns = run(PAGE + "profile_coverage.py").namespace
    low, _ = ns["table"]["Wald on ψ"]
    a, b = np.maximum(ns["count_a"], 1) - 1, np.maximum(ns["count_b"], 1) - 1
    near = ns["ratios"] <= 0.3
    negative = (low[a, b] < 0) & ns["usable"]
    share = negative[near].sum() / ns["usable"][near].sum()
    assert round(share * 3) == 2 and abs(share - 2 / 3) < 0.05  # "about two thirds"


@pytest.mark.claim("mle-uncertainty/wilson-is-inverted-score")
@given(st.integers(1, 200), st.data())
def test_wilson_ends_are_where_the_bernoulli_score_statistic_is_3_84(n, data):
    k = data.draw(st.integers(0, n))
    p_hat = k / n
    for end in wilson_interval(k, n):
        end = float(end)
        if 1e-9 < end < 1 - 1e-9:  # not an end at 0 or 1 (for k = 0 or n), where p̂ = p₀
            assert n * (p_hat - end) ** 2 / (end * (1 - end)) == pytest.approx(CUT, rel=1e-6)


@pytest.mark.claim("mle-uncertainty/same-limit")
def test_under_h0_the_three_statistics_meet_as_n_grows():
    rng = np.random.default_rng(5)
    spreads = []
    for n in (10, 1000, 100_000):
        totals = rng.poisson(2.0 * n, 20_000)
        values = np.array(three_tests.three_statistics(totals, n, 2.0))
        spreads.append(np.median(np.ptp(values, axis=0)))  # the typical gap between the three
    assert spreads[0] > spreads[1] > spreads[2] and spreads[2] < 0.01 * spreads[0]


@pytest.mark.claim("mle-uncertainty/score-lr-invariant", "mle-uncertainty/checkpoint-4-not-quadratic")
@given(st.integers(1, 40), st.integers(1, 300), st.floats(0.1, 20))
@settings(max_examples=40)
def test_score_and_lr_are_the_same_on_the_log_scale_and_wald_is_not(n, total, rate_0):
    counts = np.full(n, total // n)
    counts[: total % n] += 1

    def loglik(eta):  # the same model, written with η = log λ
        return np.sum(stats.poisson.logpmf(counts, np.exp(eta)))

    eta_0, eta_hat = np.log(rate_0), np.log(total / n)
    h = 1e-5
    score = (loglik(eta_0 + h) - loglik(eta_0 - h)) / (2 * h)
    information = lambda eta: n * np.exp(eta)  # noqa: E731 - the information of η: (dλ/dη)² n/λ
    wald, score_stat, lr = (float(s) for s in three_tests.three_statistics(total, n, rate_0))
    assert score**2 / information(eta_0) == pytest.approx(score_stat, rel=1e-4, abs=1e-6)
    assert 2 * (loglik(eta_hat) - loglik(eta_0)) == pytest.approx(lr, rel=1e-7, abs=1e-7)
    log_wald = (eta_hat - eta_0) ** 2 * information(eta_hat)
    if abs(total / n - rate_0) > 0.05 * rate_0:
        assert log_wald != pytest.approx(wald, rel=1e-3)
