"""Claims of the lesson "Entropy, cross-entropy and KL divergence", checked on the snippets' real results."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import entropy as scipy_entropy

from snippets.information import (
    cross_entropy_is_mle,
    cross_entropy_kl,
    distillation_soft_targets,
    entropy_basics,
    gaussian_kl,
    kl_asymmetry,
    kl_from_samples,
    kl_random_pairs,
    kl_zero_support,
)


@st.composite
def distributions(draw, size: int | None = None, min_size: int = 2, max_size: int = 8):
    """A probability vector, possibly with exact zeros."""
    n = size if size is not None else draw(st.integers(min_size, max_size))
    weight = st.one_of(st.just(0.0), st.floats(1e-6, 10))  # exact zeros, but no subnormal numbers
    weights = draw(st.lists(weight, min_size=n, max_size=n).filter(lambda w: sum(w) > 1e-3))
    w = np.array(weights)
    return w / w.sum()


@st.composite
def pairs_with_common_support(draw):
    """Two distributions on the same outcomes, q positive wherever p is (so KL(p || q) is finite)."""
    p = draw(distributions())
    q_weights = np.array(draw(st.lists(st.floats(0.01, 10), min_size=p.size, max_size=p.size)))
    return p, q_weights / q_weights.sum()


# --- entropy ------------------------------------------------------------------------------


def test_entropy_values_and_bounds(run):
    result = run("snippets/information/entropy_basics.py")
    out = result.stdout
    assert "fair coin                    1.0000      0.6931" in out
    assert "certain outcome              0.0000      0.0000" in out
    assert "biased coin (0.9 heads)      0.4690" in out
    assert "log2(6) = 2.5850 bits" in out
    assert "fair die                     2.5850" in out
    loaded = entropy_basics.entropy([0.5, 0.1, 0.1, 0.1, 0.1, 0.1], base=2)
    assert 0 < loaded < np.log2(6), "loading the die lowers the entropy"


def test_binary_entropy_curve_is_symmetric_and_peaks_at_one_bit(run):
    ns = run("snippets/information/entropy_basics.py").namespace
    binary, heads = ns["binary"], ns["heads"]
    np.testing.assert_allclose(binary, binary[::-1], atol=1e-12)
    assert binary[0] == 0 and binary[-1] == 0
    assert heads[np.argmax(binary)] == 0.5 and binary.max() == pytest.approx(1, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(p=distributions())
def test_entropy_is_between_zero_and_log_k_and_matches_scipy(p):
    h = entropy_basics.entropy(p)
    assert -1e-12 <= h <= np.log(p.size) + 1e-12
    assert h == pytest.approx(scipy_entropy(p), abs=1e-12)
    assert entropy_basics.entropy(p, base=2) == pytest.approx(scipy_entropy(p, base=2), abs=1e-12)


def test_entropy_rejects_non_distributions():
    with pytest.raises(ValueError, match="non-negative and sum to 1"):
        entropy_basics.entropy([0.5, 0.6])
    with pytest.raises(ValueError, match="non-negative and sum to 1"):
        entropy_basics.entropy([1.2, -0.2])


# --- cross-entropy and KL ---------------------------------------------------------------------


def test_the_identity_on_the_weather_example(run):
    result = run("snippets/information/cross_entropy_kl.py")
    ns, out = result.namespace, result.stdout
    p, q = ns["p"], ns["q"]
    h, ce, kl = (
        cross_entropy_kl.entropy(p),
        cross_entropy_kl.cross_entropy(p, q),
        cross_entropy_kl.kl_divergence(p, q),
    )
    assert ce == pytest.approx(h + kl, abs=1e-12)
    assert ce == pytest.approx(np.log(4), abs=1e-12), "against a uniform q the cross-entropy is log K"
    assert h == pytest.approx(scipy_entropy(p), abs=1e-12) and kl == pytest.approx(
        scipy_entropy(p, q), abs=1e-12
    )
    assert cross_entropy_kl.kl_divergence(q, p) != pytest.approx(kl, abs=1e-3), "KL is not symmetric"
    assert cross_entropy_kl.kl_divergence(p, p) == 0
    for line in ["H(p)           = 1.1648", "H(p, q)        = 1.3863", "KL(p || q)     = 0.2215"]:
        assert line in out
    assert "H(p) + KL(p||q) = 1.3863" in out and "KL(q || p)     = 0.2849" in out
    assert "scipy.stats.entropy(p)    = 1.1648" in out and "scipy.stats.entropy(p, q) = 0.2215" in out


@settings(max_examples=300, deadline=None)
@given(pair=pairs_with_common_support())
def test_cross_entropy_is_entropy_plus_kl_and_kl_is_non_negative(pair):
    p, q = pair
    h, ce = cross_entropy_kl.entropy(p), cross_entropy_kl.cross_entropy(p, q)
    kl = cross_entropy_kl.kl_divergence(p, q)
    assert ce == pytest.approx(h + kl, abs=1e-9)
    assert kl >= -1e-12
    assert ce >= h - 1e-12, "the cross-entropy is never below the entropy"
    assert kl == pytest.approx(scipy_entropy(p, q), abs=1e-9)


@settings(deadline=None)
@given(p=distributions())
def test_kl_is_zero_only_for_identical_distributions(p):
    assert cross_entropy_kl.kl_divergence(p, p) == 0
    shifted = np.roll(p, 1)
    if not np.allclose(shifted, p):
        assert cross_entropy_kl.kl_divergence(p, shifted) > 0


def test_kl_functions_reject_mismatched_or_invalid_input():
    with pytest.raises(ValueError, match="same outcomes"):
        cross_entropy_kl.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="q must be non-negative and sum to 1"):
        cross_entropy_kl.cross_entropy([0.5, 0.5], [0.7, 0.7])


# --- KL >= 0 on random pairs ----------------------------------------------------------------------


def test_random_pairs_confirm_gibbs_and_the_identity(run):
    result = run("snippets/information/kl_random_pairs.py")
    ns = result.namespace
    table, p, q = ns["table"], ns["p"], ns["q"]
    assert np.all(table["KL(p||q)"] >= 0) and np.all(table["KL(q||p)"] >= 0)
    assert np.all(table["H(p,q)"] >= table["H(p)"])
    assert ns["identity_error"] < 1e-13
    np.testing.assert_allclose(table["KL(p||q)"], scipy_entropy(p, q, axis=1), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(table["H(p)"], scipy_entropy(p, axis=1), rtol=1e-12, atol=1e-13)
    assert kl_random_pairs.information_table(p, p)["KL(p||q)"].max() == 0


def test_neither_direction_of_kl_is_favoured_but_single_pairs_differ_a_lot(run):
    result = run("snippets/information/kl_random_pairs.py")
    ns = result.namespace
    share = np.mean(ns["kl"] > ns["kl_reverse"])
    assert abs(share - 0.5) < 3 * np.sqrt(0.25 / ns["pairs"]), "within 3 binomial standard errors of a half"
    assert "share of pairs with KL(p||q) > KL(q||p):  0.500" in result.stdout
    gap = np.abs(ns["kl"] - ns["kl_reverse"])
    assert gap.max() > 10
    worst = np.argmax(gap)
    p, q = ns["p"][worst], ns["q"][worst]
    assert np.any((np.minimum(p, q) < 1e-3) & (np.maximum(p, q) > 0.1)), (
        "one puts almost no mass on an outcome the other finds likely"
    )


def test_random_pairs_table_rejects_bad_rows():
    with pytest.raises(ValueError, match="same shape"):
        kl_random_pairs.information_table(np.full((2, 3), 1 / 3), np.full((2, 2), 0.5))
    with pytest.raises(ValueError, match="sum to 1"):
        kl_random_pairs.information_table(np.full((2, 3), 0.5), np.full((2, 3), 1 / 3))


# --- asymmetry: forward and reverse fits -------------------------------------------------------------


def test_forward_kl_fit_matches_moments(run):
    ns = run("snippets/information/kl_asymmetry.py").namespace
    mean, sd = ns["fits"]["forward KL(p || q)"]
    step = ns["sds"][1] - ns["sds"][0]
    assert abs(mean) < 1e-9, "centred between the peaks"
    assert abs(sd - np.sqrt(0.8**2 + 2.5**2)) <= step, "the grid point next to the moment-matching sd"


def test_reverse_kl_fit_sits_on_one_peak_with_about_log_2(run):
    ns = run("snippets/information/kl_asymmetry.py").namespace
    mean, sd = ns["fits"]["reverse KL(q || p)"]
    assert abs(abs(mean) - 2.5) < 1e-9 and abs(sd - 0.8) < 1e-9
    best = ns["reverse"].min()
    assert np.log(2) - 0.01 < best < np.log(2), "just under log 2"
    mirror = ns["reverse"][::-1, :]  # mean grid is symmetric about 0
    np.testing.assert_allclose(ns["reverse"], mirror, atol=1e-9)


def test_each_fit_is_poor_by_the_other_measure(run):
    ns = run("snippets/information/kl_asymmetry.py").namespace
    forward, reverse, means, sds = ns["forward"], ns["reverse"], ns["means"], ns["sds"]
    index = {
        name: (np.argmin(np.abs(means - m)), np.argmin(np.abs(sds - s)))
        for name, (m, s) in ns["fits"].items()
    }
    f, r = index["forward KL(p || q)"], index["reverse KL(q || p)"]
    assert reverse[f] > reverse[r] and forward[r] > forward[f]
    assert forward[r] > 9, "the mode-seeking fit gives the second peak almost no probability"
    out = run("snippets/information/kl_asymmetry.py").stdout
    assert "KL(p || q) = 9.075" in out and "log 2 = 0.693" in out


def test_asymmetry_functions_reject_bad_input():
    with pytest.raises(ValueError, match="positive"):
        kl_asymmetry.normal_log_pdf(np.zeros(3), 0.0, 0.0)
    with pytest.raises(ValueError, match="grid step must be positive"):
        kl_asymmetry.kl_on_grid(np.zeros(3), np.zeros(3), 0.0)


# --- cross-entropy to the data is maximum likelihood -------------------------------------------------


def test_mean_nll_equals_cross_entropy_and_its_minimum_is_the_mle(run):
    ns = run("snippets/information/cross_entropy_is_mle.py").namespace
    np.testing.assert_allclose(ns["mean_nll"], ns["cross_entropy"], rtol=0, atol=1e-12)
    step = ns["rates"][1] - ns["rates"][0]
    assert abs(ns["best"] - ns["counts"].mean()) <= step / 2 + 1e-12


def test_cross_entropy_never_drops_below_the_data_entropy(run):
    ns = run("snippets/information/cross_entropy_is_mle.py").namespace
    assert np.all(ns["cross_entropy"] > ns["data_entropy"])
    assert 0 < ns["kl_at_best"] < 0.05
    values, p_hat = ns["values"], ns["p_hat"]
    assert ns["data_entropy"] == pytest.approx(scipy_entropy(p_hat), abs=1e-12)
    q_best = np.exp(cross_entropy_is_mle.poisson_log_pmf(values, ns["best"]))
    # scipy renormalises q over the values seen, so compare with KL computed by hand
    kl = np.sum(p_hat * (np.log(p_hat) - np.log(q_best)))
    assert kl == pytest.approx(ns["kl_at_best"], abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rate=st.floats(0.5, 15))
def test_cross_entropy_minimiser_is_the_sample_mean_for_any_sample(seed, rate):
    counts = np.random.default_rng(seed).poisson(rate, size=50)
    if counts.mean() == 0:
        return
    values, p_hat = cross_entropy_is_mle.empirical_distribution(counts)
    rates = np.linspace(counts.mean() * 0.5, counts.mean() * 1.5, 1001)
    ce = -(p_hat[:, None] * cross_entropy_is_mle.poisson_log_pmf(values[:, None], rates)).sum(axis=0)
    assert abs(rates[np.argmin(ce)] - counts.mean()) <= (rates[1] - rates[0]) / 2 + 1e-12


def test_empirical_distribution_rejects_impossible_counts():
    with pytest.raises(ValueError, match="whole numbers"):
        cross_entropy_is_mle.empirical_distribution(np.array([1, -1]))
    with pytest.raises(ValueError, match="non-empty"):
        cross_entropy_is_mle.empirical_distribution(np.array([]))
    with pytest.raises(ValueError, match="rate must be positive"):
        cross_entropy_is_mle.poisson_log_pmf(np.array([1]), 0.0)


# --- KL from samples (the RLHF penalty) ------------------------------------------------------------


def test_both_estimators_are_unbiased_and_k3_has_the_smaller_spread(run):
    ns = run("snippets/information/kl_from_samples.py").namespace
    exact, k1, k3 = ns["exact"], ns["k1"].mean(axis=1), ns["k3"].mean(axis=1)
    for estimates in (k1, k3):
        standard_error = estimates.std() / np.sqrt(estimates.size)
        assert abs(estimates.mean() - exact) < 4 * standard_error
    assert k3.std() < 0.5 * k1.std(), "less than half the spread"


def test_k1_can_be_negative_and_k3_never_is(run):
    ns = run("snippets/information/kl_from_samples.py").namespace
    k1, k3 = ns["k1"], ns["k3"]
    assert 0.05 < np.mean(k1 < 0) < 0.15, "about a tenth of single tokens"
    assert 0.01 < np.mean(k1.mean(axis=1) < 0) < 0.1, "a few percent of batches"
    assert np.all(k3 >= 0)


@settings(max_examples=100, deadline=None)
@given(pair=pairs_with_common_support(), policy_has_zeros=st.booleans())
def test_k1_and_k3_average_exactly_to_kl_under_the_policy(pair, policy_has_zeros):
    policy, reference = pair  # the reference is > 0 everywhere; the policy may have zeros
    if not policy_has_zeros:
        policy = 0.5 * policy + 0.5 * reference  # a softmax policy: every token possible
    support = np.flatnonzero(policy > 0)
    log_policy = np.log(np.where(policy > 0, policy, 1.0))
    k1, k3 = kl_from_samples.kl_estimates(log_policy, np.log(reference), support)
    exact = scipy_entropy(policy, reference)
    assert np.sum(policy[support] * k1) == pytest.approx(exact, abs=1e-9)
    assert np.all(k3 >= 0)
    # E[r] = sum of the reference over the policy's support: 1 unless the policy rules tokens out
    missing = reference[policy == 0].sum()
    assert np.sum(policy[support] * k3) == pytest.approx(exact - missing, abs=1e-9)


def test_kl_estimates_reject_bad_samples():
    with pytest.raises(ValueError, match="between 0 and 2"):
        kl_from_samples.kl_estimates(np.log(np.full(3, 1 / 3)), np.log(np.full(3, 1 / 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match="same outcomes"):
        kl_from_samples.kl_estimates(np.zeros(3), np.zeros(2), np.array([0]))


# --- exercises ---------------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(mean_p=st.floats(-3, 3), sd_p=st.floats(0.3, 3), mean_q=st.floats(-3, 3), sd_q=st.floats(0.3, 3))
def test_gaussian_kl_closed_form_matches_integration(mean_p, sd_p, mean_q, sd_q):
    exact = gaussian_kl.gaussian_kl(mean_p, sd_p, mean_q, sd_q)
    assert exact >= -1e-12
    assert gaussian_kl.gaussian_kl_numeric(mean_p, sd_p, mean_q, sd_q) == pytest.approx(exact, abs=1e-6)


def test_gaussian_kl_exercise_output(run):
    out = run("snippets/information/gaussian_kl.py").stdout
    assert "0.443147    0.443147" in out and "1.306853    1.306853" in out
    assert gaussian_kl.gaussian_kl(1, 2, 0, 1) > gaussian_kl.gaussian_kl(0, 1, 1, 2)
    vae = 0.5 * (0.5**2 + 0.6**2 - 1 - np.log(0.6**2))
    assert gaussian_kl.gaussian_kl(0.5, 0.6, 0.0, 1.0) == pytest.approx(vae, abs=1e-12)
    with pytest.raises(ValueError, match="standard deviations must be positive"):
        gaussian_kl.gaussian_kl(0, 0, 0, 1)


def test_distilled_student_reaches_the_teacher_and_the_loss_floor_is_the_entropy(run):
    ns = run("snippets/information/distillation_soft_targets.py").namespace
    np.testing.assert_allclose(ns["student"], ns["targets"], atol=1e-5)
    np.testing.assert_allclose(ns["loss"], ns["target_entropy"], atol=1e-8)
    assert np.all(ns["target_entropy"] > 0.4), "the floor is not zero"
    assert np.all(np.diff(ns["target_entropy"]) > 0), "a higher temperature raises the targets' entropy"
    with pytest.raises(ValueError, match="probability distribution"):
        distillation_soft_targets.fit_student(np.array([0.5, 0.6]))


def test_zero_support_gives_infinite_kl_and_smoothing_grows_like_log(run):
    ns = run("snippets/information/kl_zero_support.py").namespace
    p, q = ns["p"], ns["q"]
    assert kl_zero_support.kl_divergence(p, q) == np.inf
    assert scipy_entropy(p, q) == np.inf
    assert np.isfinite(kl_zero_support.kl_divergence(q, p))
    values = [kl_zero_support.kl_divergence(p, kl_zero_support.smooth(q, e)) for e in (1e-3, 1e-6, 1e-9)]
    np.testing.assert_allclose(np.diff(values), 0.1 * np.log(1000), atol=0.005)
    with pytest.raises(ValueError, match="epsilon must be between 0 and 1"):
        kl_zero_support.smooth(q, 1.5)
    with pytest.raises(ValueError, match="probability distributions"):
        kl_zero_support.kl_divergence(p, np.array([0.5, 0.5]))
