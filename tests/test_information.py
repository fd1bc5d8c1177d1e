"""Claims of the lesson "Entropy, cross-entropy and KL divergence", checked on the snippets' real results."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.special import entr, rel_entr, softmax
from scipy.stats import entropy as scipy_entropy

from snippets.information import (
    cross_entropy_is_mle,
    cross_entropy_kl,
    distillation_soft_targets,
    entropy_basics,
    gaussian_kl,
    kl_asymmetry,
    kl_from_samples,
    kl_gap_is_sampling_noise,
    kl_random_pairs,
    kl_zero_support,
)

ROUNDING = 1e-12  # how far an exact identity may be off in floating point


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


def l1(p: np.ndarray, q: np.ndarray) -> float:
    return float(np.abs(np.asarray(p) - np.asarray(q)).sum())


def line_labelled(ax, label: str):
    """The line of a figure's axes with this legend label."""
    (line,) = [line for line in ax.lines if line.get_label() == label]
    return line


# --- entropy ------------------------------------------------------------------------------


@pytest.mark.claim("information/entropies-of-independent-outcomes-add")
@settings(max_examples=200)
@given(p=distributions(), q=distributions())
def test_entropy_of_two_independent_outcomes_is_the_sum(p, q):
    joint = np.outer(p, q).ravel()  # P(X = x, Y = y) = p(x) q(y)
    assert entropy_basics.entropy(joint) == pytest.approx(
        entropy_basics.entropy(p) + entropy_basics.entropy(q), abs=1e-12
    )


@pytest.mark.claim("information/bit-is-ln-2-nats")
@settings(max_examples=200)
@given(p=distributions())
def test_an_entropy_in_nats_is_ln_2_times_the_same_in_bits(p):
    assert entropy_basics.entropy(p) == pytest.approx(
        np.log(2) * entropy_basics.entropy(p, base=2), abs=1e-12
    )


@pytest.mark.claim("information/bit-is-ln-2-nats")
def test_the_printed_table_converts_bits_to_nats(run):
    out = run("snippets/information/entropy_basics.py").stdout
    rows = [line.rsplit(maxsplit=2) for line in out.splitlines()[1:6]]
    for _, bits, nats in rows:
        assert abs(float(bits) * np.log(2) - float(nats)) <= 0.0001, "equal to the printed 4 decimals"


@pytest.mark.claim("information/entropy-zero-only-when-certain", "information/summary-entropy-range")
@settings(max_examples=300)
@given(p=distributions())
def test_entropy_is_zero_exactly_when_one_outcome_is_certain(p):
    h = entropy_basics.entropy(p)
    if p.max() == 1:
        assert h == 0
    else:
        # H(p) >= -log max p (the min-entropy), which is > 0 unless one outcome is certain
        assert h >= -np.log(p.max()) - ROUNDING
        assert h > 0


@pytest.mark.claim("information/entropy-zero-only-when-certain")
def test_a_certain_outcome_has_entropy_zero(run):
    for k in range(6):
        assert entropy_basics.entropy(np.eye(6)[k]) == 0
    assert (
        "certain outcome              0.0000      0.0000"
        in run("snippets/information/entropy_basics.py").stdout
    )


@pytest.mark.claim("information/entropy-at-most-log-k", "information/summary-entropy-range")
@settings(max_examples=300)
@given(p=distributions())
def test_entropy_is_at_most_log_k_reached_only_by_the_uniform(p):
    k = p.size
    h = entropy_basics.entropy(p)
    uniform = np.full(k, 1 / k)
    assert entropy_basics.entropy(uniform) == pytest.approx(np.log(k), abs=ROUNDING)
    # log K - H(p) = KL(p || uniform) >= ||p - uniform||_1^2 / 2 (Pinsker): zero only for the uniform
    assert np.log(k) - h >= 0.5 * l1(p, uniform) ** 2 - ROUNDING


def test_entropy_matches_scipy_and_rejects_non_distributions():
    p = np.array([0.5, 0.25, 0.25])
    assert entropy_basics.entropy(p) == pytest.approx(scipy_entropy(p), abs=ROUNDING)
    with pytest.raises(ValueError, match="non-negative and sum to 1"):
        entropy_basics.entropy([0.5, 0.6])
    with pytest.raises(ValueError, match="non-negative and sum to 1"):
        entropy_basics.entropy([1.2, -0.2])


@pytest.mark.claim("information/fair-coin-one-bit")
def test_a_fair_coin_carries_one_bit(run):
    result = run("snippets/information/entropy_basics.py")
    assert entropy_basics.entropy([0.5, 0.5], base=2) == pytest.approx(1, abs=ROUNDING)
    assert "fair coin                    1.0000      0.6931" in result.stdout


@pytest.mark.claim("information/biased-coin-bits")
def test_a_coin_with_nine_heads_in_ten_carries_0_4690_bits(run):
    assert "biased coin (0.9 heads)      0.4690" in run("snippets/information/entropy_basics.py").stdout
    assert round(entropy_basics.entropy([0.9, 0.1], base=2), 4) == 0.4690


@pytest.mark.claim("information/fair-die-maximum")
def test_a_fair_die_reaches_log2_6_bits(run):
    out = run("snippets/information/entropy_basics.py").stdout
    assert "fair die                     2.5850" in out and "log2(6) = 2.5850 bits" in out
    assert entropy_basics.entropy(np.full(6, 1 / 6), base=2) == pytest.approx(np.log2(6), abs=ROUNDING)


@pytest.mark.claim("information/loaded-die-lower")
def test_loading_the_die_lowers_its_entropy_to_2_1610_bits(run):
    result = run("snippets/information/entropy_basics.py")
    loaded = result.namespace["examples"]["loaded die"]
    assert "loaded die                   2.1610" in result.stdout
    assert entropy_basics.entropy(loaded, base=2) < np.log2(6)


@pytest.mark.claim("information/binary-entropy-curve")
def test_the_plotted_binary_entropy_is_symmetric_zero_at_the_ends_and_one_bit_at_a_half(run):
    ax = run("snippets/information/entropy_basics.py").namespace["ax"]
    curve = line_labelled(ax, "H(p) of a coin")
    heads, bits = np.asarray(curve.get_xdata()), np.asarray(curve.get_ydata())
    np.testing.assert_allclose(heads[::-1], 1 - heads, atol=ROUNDING)  # the grid is symmetric about 1/2
    np.testing.assert_allclose(bits, bits[::-1], atol=ROUNDING)  # and so is the curve
    assert bits[0] == 0 and bits[-1] == 0
    assert heads[np.argmax(bits)] == 0.5 and bits.max() == pytest.approx(1, abs=ROUNDING)
    half = heads <= 0.5
    assert np.all(np.diff(bits[half]) > 0), "rises all the way to p = 1/2: largest there and only there"
    assert np.all(np.asarray(line_labelled(ax, "maximum: 1 bit at p = 0.5").get_ydata()) == 1)


@pytest.mark.claim("information/entr-at-zero")
def test_entr_gives_zero_at_p_zero_where_p_log_p_gives_nan(run):
    assert entropy_basics.entropy([1.0, 0.0]) == 0.0
    assert entropy_basics.entropy([0.5, 0.5, 0.0]) == pytest.approx(np.log(2), abs=ROUNDING)
    with np.errstate(divide="ignore", invalid="ignore"):
        naive = -(np.array([1.0, 0.0]) * np.log([1.0, 0.0])).sum()
    assert np.isnan(naive), "0 * log 0 is nan in floating point"
    assert (
        "certain outcome              0.0000      0.0000"
        in run("snippets/information/entropy_basics.py").stdout
    )


# --- cross-entropy and KL ---------------------------------------------------------------------


@pytest.mark.claim("information/weather-identity")
def test_the_identity_holds_to_the_printed_digits_on_the_weather_example(run):
    result = run("snippets/information/cross_entropy_kl.py")
    p, q, out = result.namespace["p"], result.namespace["q"], result.stdout
    h, ce = cross_entropy_kl.entropy(p), cross_entropy_kl.cross_entropy(p, q)
    kl = cross_entropy_kl.kl_divergence(p, q)
    assert ce == pytest.approx(h + kl, abs=ROUNDING)
    for line in ["H(p)           = 1.1648", "H(p, q)        = 1.3863", "KL(p || q)     = 0.2215"]:
        assert line in out
    assert "H(p) + KL(p||q) = 1.3863" in out
    assert round(1.1648 + 0.2215, 4) == 1.3863, "the printed digits add up"


@pytest.mark.claim("information/uniform-q-gives-log-k")
@settings(max_examples=200)
@given(p=distributions())
def test_the_cross_entropy_to_a_uniform_q_is_log_k(p):
    uniform = np.full(p.size, 1 / p.size)
    assert cross_entropy_kl.cross_entropy(p, uniform) == pytest.approx(np.log(p.size), abs=1e-12)


@pytest.mark.claim("information/uniform-q-gives-log-k")
def test_the_weather_cross_entropy_is_log_4(run):
    ns = run("snippets/information/cross_entropy_kl.py").namespace
    assert cross_entropy_kl.cross_entropy(ns["p"], ns["q"]) == pytest.approx(np.log(4), abs=ROUNDING)
    assert f"{np.log(4):.4f}" == "1.3863"


@pytest.mark.claim("information/weather-kl-asymmetric", "information/summary-kl")
def test_swapping_the_arguments_gives_a_different_divergence(run):
    result = run("snippets/information/cross_entropy_kl.py")
    p, q = result.namespace["p"], result.namespace["q"]
    forward, reverse = cross_entropy_kl.kl_divergence(p, q), cross_entropy_kl.kl_divergence(q, p)
    assert "KL(q || p)     = 0.2849" in result.stdout
    assert abs(forward - reverse) > 0.05, "different even at the first printed decimals"


@pytest.mark.claim("information/zero-divergence-from-itself", "information/self-divergence-exactly-zero")
@settings(max_examples=200)
@given(p=distributions())
def test_every_distribution_has_zero_divergence_from_itself(p):
    assert cross_entropy_kl.kl_divergence(p, p) == 0
    assert kl_random_pairs.information_table(p[None, :], p[None, :])["KL(p||q)"][0] == 0


@pytest.mark.claim("information/zero-divergence-from-itself")
def test_the_weather_distribution_has_zero_divergence_from_itself(run):
    result = run("snippets/information/cross_entropy_kl.py")
    assert cross_entropy_kl.kl_divergence(result.namespace["p"], result.namespace["p"]) == 0
    assert "KL(p || p)     = 0.0000" in result.stdout


@pytest.mark.claim("information/scipy-entropy-is-kl")
@settings(max_examples=200)
@given(pair=pairs_with_common_support())
def test_scipy_entropy_is_the_entropy_with_one_argument_and_the_kl_with_two(pair):
    p, q = pair
    h, ce = cross_entropy_kl.entropy(p), cross_entropy_kl.cross_entropy(p, q)
    assert scipy_entropy(p) == pytest.approx(h, abs=1e-9)
    assert scipy_entropy(p, q) == pytest.approx(cross_entropy_kl.kl_divergence(p, q), abs=1e-9)
    assert scipy_entropy(p, q) == pytest.approx(ce - h, abs=1e-9), "the KL: the cross-entropy minus H(p)"


@pytest.mark.claim("information/scipy-entropy-natural-log")
@settings(max_examples=200)
@given(pair=pairs_with_common_support())
def test_scipy_entropy_uses_nats_unless_told_base_2(pair):
    p, q = pair
    assert scipy_entropy(p) == pytest.approx(entropy_basics.entropy(p), abs=1e-9)
    assert scipy_entropy(p, base=2) == pytest.approx(entropy_basics.entropy(p, base=2), abs=1e-9)
    kl = cross_entropy_kl.kl_divergence(p, q)
    assert scipy_entropy(p, q, base=2) == pytest.approx(kl / np.log(2), abs=1e-9)


@pytest.mark.claim("information/scipy-calls-in-output")
def test_the_last_two_output_lines_are_the_two_scipy_calls(run):
    result = run("snippets/information/cross_entropy_kl.py")
    p, q = result.namespace["p"], result.namespace["q"]
    one, two = result.stdout.splitlines()[-2:]
    assert one.startswith("scipy.stats.entropy(p)    = ") and two.startswith("scipy.stats.entropy(p, q) = ")
    assert float(one.split("=")[1].split()[0]) == round(cross_entropy_kl.entropy(p), 4)
    assert float(two.split("=")[1].split()[0]) == round(cross_entropy_kl.kl_divergence(p, q), 4)


@pytest.mark.claim("information/summary-cross-entropy", "information/cross-entropy-at-least-entropy")
@settings(max_examples=300)
@given(pair=pairs_with_common_support())
def test_cross_entropy_is_entropy_plus_kl_and_never_below_the_entropy(pair):
    p, q = pair
    h, ce = cross_entropy_kl.entropy(p), cross_entropy_kl.cross_entropy(p, q)
    kl = cross_entropy_kl.kl_divergence(p, q)
    assert ce == pytest.approx(h + kl, abs=1e-9)
    assert ce >= h - ROUNDING


def test_kl_functions_reject_mismatched_or_invalid_input():
    with pytest.raises(ValueError, match="same outcomes"):
        cross_entropy_kl.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="q must be non-negative and sum to 1"):
        cross_entropy_kl.cross_entropy([0.5, 0.5], [0.7, 0.7])


# --- Gibbs' inequality ----------------------------------------------------------------------------


@pytest.mark.claim("information/gibbs-inequality", "information/summary-kl")
@settings(max_examples=300)
@given(pair=pairs_with_common_support())
def test_kl_is_never_negative_and_zero_only_when_q_is_p(pair):
    p, q = pair
    kl = cross_entropy_kl.kl_divergence(p, q)
    # KL(p || q) >= ||p - q||_1^2 / 2 (Pinsker) >= 0, so it is zero only when q = p
    assert kl >= 0.5 * l1(p, q) ** 2 - ROUNDING
    if l1(p, q) > 1e-4:
        assert kl > 0


@pytest.mark.claim("information/gibbs-inequality")
@settings(max_examples=100)
@given(p=distributions(min_size=3))
def test_kl_is_positive_when_q_moves_mass_off_the_support_of_p(p):
    assume(np.any(p == 0) and np.any(p > 0))
    off_support = (p == 0) / np.sum(p == 0)
    q = 0.9 * p + 0.1 * off_support  # p scaled down, the rest where p is zero: equality needs q = p there too
    assert cross_entropy_kl.kl_divergence(p, q) == pytest.approx(-np.log(0.9), abs=1e-12)


@pytest.mark.claim("information/log-t-below-t-minus-1", "information/k3-never-negative")
@settings(max_examples=300)
@given(t=st.floats(1e-8, 1e8))
def test_log_t_is_at_most_t_minus_1_with_equality_only_at_1(t):
    # k3 of the course's estimator is t - 1 - log t at a ratio t
    _, _, k3 = kl_from_samples.kl_estimates(np.zeros(1), np.array([np.log(t)]), np.array([0]))
    assert k3[0] >= 0
    if abs(t - 1) > 1e-3:
        assert k3[0] > 0
    assert kl_from_samples.kl_estimates(np.zeros(1), np.zeros(1), np.array([0]))[2][0] == 0, "t = 1"


@pytest.mark.claim("information/best-prediction-is-p", "information/log-score-strictly-proper")
@settings(max_examples=300)
@given(pair=pairs_with_common_support())
def test_the_cross_entropy_is_smallest_at_q_equal_to_p_and_only_there(pair):
    p, q = pair
    excess = cross_entropy_kl.cross_entropy(p, q) - cross_entropy_kl.cross_entropy(p, p)
    assert excess >= 0.5 * l1(p, q) ** 2 - 1e-9  # Pinsker: positive unless q = p


# --- KL >= 0 on random pairs ----------------------------------------------------------------------


@pytest.mark.claim("information/random-pairs-drawn")
def test_the_check_draws_10000_pairs_on_five_outcomes(run):
    result = run("snippets/information/kl_random_pairs.py")
    assert result.namespace["p"].shape == result.namespace["q"].shape == (10_000, 5)
    assert "pairs checked: 10000, each on 5 outcomes" in result.stdout


@pytest.mark.claim("information/no-pair-negative")
def test_no_random_pair_has_a_negative_divergence(run):
    result = run("snippets/information/kl_random_pairs.py")
    table = result.namespace["table"]
    assert np.all(table["KL(p||q)"] >= 0) and np.all(table["KL(q||p)"] >= 0)
    assert np.all(table["H(p,q)"] >= table["H(p)"])
    assert "smallest KL(p || q):                      0.0073" in result.stdout


@pytest.mark.claim("information/identity-to-rounding")
def test_the_identity_holds_below_1e_13_on_every_pair(run):
    result = run("snippets/information/kl_random_pairs.py")
    ns = result.namespace
    assert ns["identity_error"] < 1e-13
    assert "largest |H(p, q) - H(p) - KL(p || q)|:    4.4e-15" in result.stdout
    np.testing.assert_allclose(ns["table"]["KL(p||q)"], scipy_entropy(ns["p"], ns["q"], axis=1), atol=1e-13)


@pytest.mark.claim("information/self-divergence-exactly-zero")
def test_every_random_p_has_divergence_exactly_zero_from_itself(run):
    result = run("snippets/information/kl_random_pairs.py")
    p = result.namespace["p"]
    assert kl_random_pairs.information_table(p, p)["KL(p||q)"].max() == 0
    assert "KL(p || p) for every p: largest value     0.0e+00" in result.stdout


@pytest.mark.claim("information/half-the-pairs")
def test_kl_p_q_is_the_larger_direction_in_half_of_the_pairs(run):
    result = run("snippets/information/kl_random_pairs.py")
    share = np.mean(result.namespace["kl"] > result.namespace["kl_reverse"])
    assert f"{share:.3f}" == "0.500"
    assert "share of pairs with KL(p||q) > KL(q||p):  0.500" in result.stdout


@pytest.mark.claim("information/neither-direction-favoured")
def test_neither_direction_is_favoured_for_pairs_drawn_the_same_way(run):
    p = run("snippets/information/kl_random_pairs.py").namespace["p"]
    q = run("snippets/information/kl_random_pairs.py").namespace["q"]
    forward, backward = kl_random_pairs.information_table(p, q), kl_random_pairs.information_table(q, p)
    np.testing.assert_array_equal(forward["KL(p||q)"], backward["KL(q||p)"])  # swapping swaps them
    # the general rule, on fresh draws: the share is a half within 3 binomial standard errors
    shares = []
    for seed in range(10):
        rng = np.random.default_rng(seed + 100)
        p, q = rng.dirichlet(np.full(5, 0.5), size=(2, 5000))
        table = kl_random_pairs.information_table(p, q)
        shares.append(np.mean(table["KL(p||q)"] > table["KL(q||p)"]))
    assert abs(np.mean(shares) - 0.5) < 3 * np.sqrt(0.25 / 50_000)


@pytest.mark.claim("information/largest-difference")
def test_for_one_pair_the_directions_differ_by_10_398_nats(run):
    result = run("snippets/information/kl_random_pairs.py")
    gap = np.abs(result.namespace["kl"] - result.namespace["kl_reverse"])
    assert f"{gap.max():.3f}" == "10.398" and gap.max() > 10
    assert "largest |KL(p||q) - KL(q||p)|:            10.398 nats" in result.stdout


@pytest.mark.claim("information/why-the-difference")
def test_in_the_worst_pair_one_distribution_almost_rules_out_a_likely_outcome(run):
    ns = run("snippets/information/kl_random_pairs.py").namespace
    worst = np.argmax(np.abs(ns["kl"] - ns["kl_reverse"]))
    p, q = ns["p"][worst], ns["q"][worst]
    # "less than 1e-7 on an outcome to which the other gives more than 0.7"
    assert np.any((np.minimum(p, q) < 1e-7) & (np.maximum(p, q) > 0.7))


def test_random_pairs_table_rejects_bad_rows():
    with pytest.raises(ValueError, match="same shape"):
        kl_random_pairs.information_table(np.full((2, 3), 1 / 3), np.full((2, 2), 0.5))
    with pytest.raises(ValueError, match="sum to 1"):
        kl_random_pairs.information_table(np.full((2, 3), 0.5), np.full((2, 3), 1 / 3))


# --- asymmetry: forward and reverse fits -------------------------------------------------------------


@pytest.mark.claim("information/forward-charges-for-missed-outcomes")
def test_forward_kl_grows_without_bound_as_q_rules_out_a_likely_outcome():
    p = np.array([0.5, 0.5])
    deltas = 10.0 ** -np.arange(1, 16)
    kls = np.array([cross_entropy_kl.kl_divergence(p, np.array([1 - d, d])) for d in deltas])
    assert np.all(np.diff(kls) > 0)
    # the term of the missed outcome is 0.5 log(0.5 / delta): beyond any bound as delta -> 0
    np.testing.assert_allclose(kls, 0.5 * np.log(0.5 / deltas) + 0.5 * np.log(0.5 / (1 - deltas)), atol=1e-12)
    with np.errstate(divide="ignore"):
        assert cross_entropy_kl.kl_divergence(p, np.array([1.0, 0.0])) == np.inf


@pytest.mark.claim("information/forward-blind-where-p-is-zero")
@settings(max_examples=200)
@given(
    p_weights=st.lists(st.floats(0.01, 10), min_size=1, max_size=5),
    q_weights=st.lists(st.floats(0.01, 10), min_size=8, max_size=8),
    spreads=st.lists(st.floats(0.01, 10), min_size=8, max_size=8),
)
def test_how_q_spreads_its_mass_where_p_is_zero_does_not_change_kl_p_q(p_weights, q_weights, spreads):
    k = len(p_weights)
    p = np.concatenate([p_weights, np.zeros(8 - k)]) / np.sum(p_weights)
    q = np.array(q_weights) / np.sum(q_weights)
    respread = q.copy()
    outside = q[k:].sum()
    respread[k:] = outside * np.array(spreads[k:]) / np.sum(spreads[k:])  # p has at most 5 of the 8 outcomes
    assert cross_entropy_kl.kl_divergence(p, respread) == pytest.approx(
        cross_entropy_kl.kl_divergence(p, q), abs=1e-12
    )


@pytest.mark.claim("information/integration-grid-fine-enough")
def test_a_wider_finer_grid_changes_none_of_the_printed_divergences(run):
    ns = run("snippets/information/kl_asymmetry.py").namespace
    x = np.linspace(-60, 60, 12001)  # three times wider, ten times finer (step 0.01)
    dx = x[1] - x[0]
    log_p = kl_asymmetry.two_peaks_log_pdf(x)
    for mean, sd in ns["fits"].values():
        i, j = np.argmin(np.abs(ns["means"] - mean)), np.argmin(np.abs(ns["sds"] - sd))
        log_q = kl_asymmetry.normal_log_pdf(x, mean, sd)
        fine = kl_asymmetry.kl_on_grid(log_p, log_q, dx), kl_asymmetry.kl_on_grid(log_q, log_p, dx)
        assert f"{fine[0]:.3f}" == f"{ns['forward'][i, j]:.3f}"
        assert f"{fine[1]:.3f}" == f"{ns['reverse'][i, j]:.3f}"


@pytest.mark.claim("information/forward-fit-broad-and-centred")
def test_the_forward_fit_is_a_broad_gaussian_centred_between_the_peaks(run):
    result = run("snippets/information/kl_asymmetry.py")
    ns = result.namespace
    mean, sd = ns["fits"]["forward KL(p || q)"]
    assert abs(mean) < 1e-9, "centred at 0, halfway between the peaks at -2.5 and 2.5"
    assert sd > 3 * 0.8, "broad: more than three times as wide as either peak"
    plotted = line_labelled(ns["ax"], "q minimising forward KL(p ‖ q)")
    np.testing.assert_allclose(
        plotted.get_ydata(), np.exp(kl_asymmetry.normal_log_pdf(ns["x"], mean, sd)), atol=ROUNDING
    )
    assert "minimising forward KL(p || q): mean +0.00, sd 2.65" in result.stdout


@pytest.mark.claim("information/forward-fit-fills-the-valley")
def test_the_forward_fit_is_highest_in_the_valley_where_p_is_almost_zero(run):
    result = run("snippets/information/kl_asymmetry.py")
    ns = result.namespace
    plotted = line_labelled(ns["ax"], "q minimising forward KL(p ‖ q)")
    assert ns["x"][np.argmax(plotted.get_ydata())] == 0, "its highest density is at the valley, x = 0"
    assert "density at the valley x = 0: p 0.0038, forward fit 0.1505" in result.stdout
    p_valley = np.exp(kl_asymmetry.two_peaks_log_pdf(0.0))
    assert p_valley < 0.02 * np.exp(ns["log_p"]).max(), "almost none: under 2% of p's peak height"


@pytest.mark.claim("information/forward-fit-matches-moments")
@settings(max_examples=40)
@given(
    centre=st.floats(0.5, 3),
    sd_a=st.floats(0.3, 1.5),
    sd_b=st.floats(0.3, 1.5),
    weight=st.floats(0.1, 0.9),
)
def test_the_forward_kl_optimum_matches_the_mean_and_variance(centre, sd_a, sd_b, weight):
    x = np.linspace(-25, 25, 5001)
    dx = x[1] - x[0]
    log_p = np.logaddexp(
        np.log(weight) + kl_asymmetry.normal_log_pdf(x, -centre, sd_a),
        np.log(1 - weight) + kl_asymmetry.normal_log_pdf(x, centre, sd_b),
    )
    mean = weight * -centre + (1 - weight) * centre
    variance = weight * (sd_a**2 + centre**2) + (1 - weight) * (sd_b**2 + centre**2) - mean**2
    best = kl_asymmetry.kl_on_grid(log_p, kl_asymmetry.normal_log_pdf(x, mean, np.sqrt(variance)), dx)
    for dm, factor in [(0.02, 1), (-0.02, 1), (0, 1.01), (0, 0.99)]:
        other = kl_asymmetry.normal_log_pdf(x, mean + dm, np.sqrt(variance) * factor)
        assert kl_asymmetry.kl_on_grid(log_p, other, dx) > best


@pytest.mark.claim("information/forward-fit-matches-moments", "information/grid-next-to-moment-sd")
def test_the_grid_lands_next_to_the_moment_matching_sd(run):
    result = run("snippets/information/kl_asymmetry.py")
    ns = result.namespace
    _, sd = ns["fits"]["forward KL(p || q)"]
    step = ns["sds"][1] - ns["sds"][0]
    exact = np.sqrt(0.8**2 + 2.5**2)  # the variance of the mixture: a peak's variance plus 2.5^2
    x, p = ns["x"], np.exp(ns["log_p"])
    assert np.sum(x**2 * p) * ns["dx"] == pytest.approx(exact**2, abs=1e-9)
    assert abs(sd - exact) < step, "one of the two grid points around the exact sd"
    assert "sd 2.65" in result.stdout and "+0.00 and 2.62" in result.stdout


@pytest.mark.claim("information/reverse-fit-on-one-peak")
def test_the_reverse_fit_sits_on_one_peak(run):
    result = run("snippets/information/kl_asymmetry.py")
    mean, sd = result.namespace["fits"]["reverse KL(q || p)"]
    assert abs(mean + 2.5) < 1e-9 and abs(sd - 0.8) < 1e-9
    assert "minimising reverse KL(q || p): mean -2.50, sd 0.80" in result.stdout


@pytest.mark.claim("information/reverse-kl-just-under-log-2")
def test_the_reverse_divergence_is_just_under_log_2(run):
    result = run("snippets/information/kl_asymmetry.py")
    ns = result.namespace
    best = ns["reverse"].min()
    assert 0 < np.log(2) - best < 0.005, "just under: below log 2 by less than 0.005"
    assert "KL(q || p) = 0.691" in result.stdout and "log 2 = 0.693" in result.stdout
    # q is one peak: KL(q || p) = log 2 - E_q[log(1 + other peak / q)], the second term from the other tail
    log_q = kl_asymmetry.normal_log_pdf(ns["x"], -2.5, 0.8)
    log_other = kl_asymmetry.normal_log_pdf(ns["x"], 2.5, 0.8)
    tail = np.sum(np.exp(log_q) * np.log1p(np.exp(log_other - log_q))) * ns["dx"]
    assert best == pytest.approx(np.log(2) - tail, abs=1e-9)


@pytest.mark.claim("information/mirror-fit-equally-good")
def test_the_mirror_image_on_the_other_peak_fits_equally_well(run):
    ns = run("snippets/information/kl_asymmetry.py").namespace
    means, reverse = ns["means"], ns["reverse"]
    np.testing.assert_allclose(means, -means[::-1], atol=ROUNDING)
    np.testing.assert_allclose(reverse, reverse[::-1, :], atol=1e-9)
    j = np.argmin(np.abs(ns["sds"] - 0.8))
    at = {m: reverse[np.argmin(np.abs(means - m)), j] for m in (-2.5, 2.5)}
    assert at[2.5] == pytest.approx(at[-2.5], abs=1e-9) and at[2.5] == pytest.approx(reverse.min(), abs=1e-9)


@pytest.mark.claim("information/each-fit-poor-by-the-other")
def test_each_fit_is_poor_by_the_other_measure(run):
    result = run("snippets/information/kl_asymmetry.py")
    ns = result.namespace
    forward, reverse, means, sds = ns["forward"], ns["reverse"], ns["means"], ns["sds"]
    index = {
        name: (np.argmin(np.abs(means - m)), np.argmin(np.abs(sds - s)))
        for name, (m, s) in ns["fits"].items()
    }
    f, r = index["forward KL(p || q)"], index["reverse KL(q || p)"]
    assert reverse[f] > reverse[r] and forward[r] > forward[f]
    assert "KL(p || q) = 0.498, KL(q || p) = 1.074" in result.stdout
    assert "KL(p || q) = 9.075, KL(q || p) = 0.691" in result.stdout


@pytest.mark.claim("information/reverse-fit-misses-second-peak")
def test_the_reverse_fit_puts_under_0_001_on_the_second_peak(run):
    result = run("snippets/information/kl_asymmetry.py")
    ns = result.namespace
    plotted = line_labelled(ns["ax"], "q minimising reverse KL(q ‖ p)")
    x, q = np.asarray(plotted.get_xdata()), np.asarray(plotted.get_ydata())
    plotted_mass = (np.sum(q[x > 0]) + 0.5 * q[x == 0].sum()) * ns["dx"]  # the plotted curve, x > 0
    assert ns["mass_right"] == pytest.approx(plotted_mass, abs=5e-5) and ns["mass_right"] < 0.001
    assert "reverse fit's probability on x > 0, the other peak's side: 0.0009" in result.stdout


@pytest.mark.claim("information/reverse-fit-narrower-than-target")
def test_the_reverse_fit_is_narrower_than_the_two_peaked_target(run):
    result = run("snippets/information/kl_asymmetry.py")
    ns = result.namespace
    mean, sd = ns["fits"]["reverse KL(q || p)"]
    x, p = ns["x"], np.exp(ns["log_p"])
    target_sd = np.sqrt(np.sum(x**2 * p) * ns["dx"] - (np.sum(x * p) * ns["dx"]) ** 2)
    assert abs(abs(mean) - 2.5) < 1e-9, "settles on one mode"
    assert sd < target_sd / 3, "sd 0.80 against the target's 2.62"
    assert f"{target_sd:.2f}" == "2.62" and "sd 0.80" in result.stdout


def test_asymmetry_functions_reject_bad_input():
    with pytest.raises(ValueError, match="positive"):
        kl_asymmetry.normal_log_pdf(np.zeros(3), 0.0, 0.0)
    with pytest.raises(ValueError, match="grid step must be positive"):
        kl_asymmetry.kl_on_grid(np.zeros(3), np.zeros(3), 0.0)


# --- cross-entropy to the data is maximum likelihood -------------------------------------------------


@pytest.mark.claim("information/nll-and-cross-entropy-coincide")
def test_the_two_plotted_curves_coincide_at_every_rate(run):
    result = run("snippets/information/cross_entropy_is_mle.py")
    ns = result.namespace
    ax = ns["ax"]
    line = line_labelled(ax, "H(p̂, q), computed from p̂")
    markers = line_labelled(ax, "mean negative log-likelihood of the counts")
    assert line.get_linestyle() == "-" and markers.get_marker() == "o", "two curves: a line and markers on it"
    rates, curve = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    at = np.searchsorted(rates, markers.get_xdata())
    np.testing.assert_array_equal(rates[at], markers.get_xdata())
    assert len(at) >= 15, "markers all along the curve"
    np.testing.assert_allclose(markers.get_ydata(), curve[at], rtol=0, atol=1e-12)
    largest = np.abs(ns["mean_nll"] - ns["cross_entropy"]).max()
    assert largest < 1e-13, "rounding error, at every rate of the grid"
    assert f"over the grid: {largest:.1e}" in result.stdout and "1.1e-14" in result.stdout


@pytest.mark.claim("information/minimum-at-the-sample-mean", "information/summary-mle")
def test_the_cross_entropy_is_smallest_at_the_sample_mean(run):
    result = run("snippets/information/cross_entropy_is_mle.py")
    ns = result.namespace
    step = ns["rates"][1] - ns["rates"][0]
    assert abs(ns["best"] - ns["counts"].mean()) <= step / 2 + ROUNDING
    assert (
        "(grid step 0.01): 3.36" in result.stdout
        and "the sample mean:                       3.3600" in result.stdout
    )
    ax = ns["ax"]
    line = line_labelled(ax, "H(p̂, q), computed from p̂")
    mle = line_labelled(ax, "MLE: the sample mean")
    lowest = np.asarray(line.get_xdata())[np.argmin(line.get_ydata())]
    assert abs(mle.get_xdata()[0] - lowest) <= step / 2 + ROUNDING, "the vertical line marks the minimum"


@pytest.mark.claim("information/minimum-at-the-sample-mean", "information/summary-mle")
@settings(max_examples=50)
@given(seed=st.integers(0, 2**32 - 1), rate=st.floats(0.5, 15))
def test_the_cross_entropy_minimiser_is_the_sample_mean_for_any_sample(seed, rate):
    counts = np.random.default_rng(seed).poisson(rate, size=50)
    assume(counts.mean() > 0)
    values, p_hat = cross_entropy_is_mle.empirical_distribution(counts)
    rates = np.linspace(counts.mean() * 0.5, counts.mean() * 1.5, 1001)
    ce = -(p_hat[:, None] * cross_entropy_is_mle.poisson_log_pmf(values[:, None], rates)).sum(axis=0)
    assert abs(rates[np.argmin(ce)] - counts.mean()) <= (rates[1] - rates[0]) / 2 + 1e-12


@pytest.mark.claim("information/never-below-the-data-entropy")
def test_the_plotted_cross_entropy_never_drops_below_the_data_entropy(run):
    result = run("snippets/information/cross_entropy_is_mle.py")
    ns = result.namespace
    ax = ns["ax"]
    curve = np.asarray(line_labelled(ax, "H(p̂, q), computed from p̂").get_ydata())
    floor = line_labelled(ax, "H(p̂): the floor, reached only by q = p̂").get_ydata()
    assert np.all(floor == ns["data_entropy"]) and np.all(curve > ns["data_entropy"])
    assert ns["data_entropy"] == pytest.approx(scipy_entropy(ns["p_hat"]), abs=ROUNDING)
    assert "H(p_hat) = 1.9308 nats" in result.stdout


@pytest.mark.claim("information/gap-at-the-best-rate")
def test_the_gap_at_the_best_rate_is_the_kl_to_the_best_poisson(run):
    result = run("snippets/information/cross_entropy_is_mle.py")
    ns = result.namespace
    values, p_hat = ns["values"], ns["p_hat"]
    q_best = np.exp(cross_entropy_is_mle.poisson_log_pmf(values, ns["best"]))
    # scipy.stats.entropy would renormalise q over the values seen, so the KL is computed by hand
    assert np.sum(rel_entr(p_hat, q_best)) == pytest.approx(ns["kl_at_best"], abs=ROUNDING)
    assert "is 0.0150 nats" in result.stdout and f"{ns['kl_at_best']:.4f}" == "0.0150"


def test_empirical_distribution_rejects_impossible_counts():
    with pytest.raises(ValueError, match="whole numbers"):
        cross_entropy_is_mle.empirical_distribution(np.array([1, -1]))
    with pytest.raises(ValueError, match="non-empty"):
        cross_entropy_is_mle.empirical_distribution(np.array([]))
    with pytest.raises(ValueError, match="rate must be positive"):
        cross_entropy_is_mle.poisson_log_pmf(np.array([1]), 0.0)


# --- the gap is sampling noise --------------------------------------------------------------------------


def test_the_gap_function_is_the_kl_to_the_poisson_at_the_sample_mean(run):
    counts = run("snippets/information/cross_entropy_is_mle.py").namespace["counts"]
    gap, distinct = kl_gap_is_sampling_noise.gap_to_best_poisson(counts)
    values, p_hat = cross_entropy_is_mle.empirical_distribution(counts)
    q = np.exp(cross_entropy_is_mle.poisson_log_pmf(values, counts.mean()))
    assert gap[0] == pytest.approx(np.sum(rel_entr(p_hat, q)), abs=ROUNDING) and distinct[0] == values.size
    with pytest.raises(ValueError, match="whole numbers"):
        kl_gap_is_sampling_noise.gap_to_best_poisson(np.array([[1.5, 2]]))
    with pytest.raises(ValueError, match="rate must be >= 0"):
        kl_gap_is_sampling_noise.poisson_pmf(np.arange(3), -1.0)


@pytest.mark.claim("information/our-gap-is-typical", "information/summary-mle")
def test_our_gap_lies_between_the_quartiles_of_the_simulated_gaps(run):
    result = run("snippets/information/kl_gap_is_sampling_noise.py")
    ns = result.namespace
    page = run("snippets/information/cross_entropy_is_mle.py").namespace
    assert ns["ours"] == pytest.approx(page["kl_at_best"], abs=ROUNDING), (
        "the same counts as the example above"
    )
    gaps_300 = ns["results"][300][0]
    assert np.mean(gaps_300 > ns["ours"]) == ns["share_larger"]
    assert 0.25 <= ns["share_larger"] <= 0.75, "between the quartiles"
    assert np.quantile(gaps_300, 0.25) < ns["ours"] < np.quantile(gaps_300, 0.75)
    assert "with a larger gap than the counts above: 50%" in result.stdout


@pytest.mark.claim("information/gap-shrinks-tenfold")
def test_ten_times_more_data_make_the_average_gap_8_5_times_smaller(run):
    result = run("snippets/information/kl_gap_is_sampling_noise.py")
    ns = result.namespace
    small, large = ns["results"][300][0].mean(), ns["results"][3000][0].mean()
    assert f"{small / large:.1f}" == "8.5" and ns["ratio"] == small / large
    assert f"{small:.4f}" == "0.0163" and f"{large:.4f}" == "0.0019"
    assert "mean gap at n = 300 / mean gap at n = 3000: 8.5" in result.stdout


@pytest.mark.claim("information/gap-almost-one-over-n", "information/summary-mle")
def test_n_times_the_gap_grows_by_less_than_a_third_when_n_grows_tenfold(run):
    ns = run("snippets/information/kl_gap_is_sampling_noise.py").namespace
    n_gap = {n: n * ns["results"][n][0].mean() for n in (300, 3000)}
    assert 1 < n_gap[3000] / n_gap[300] < 4 / 3
    assert f"{n_gap[300]:.2f}" == "4.89" and f"{n_gap[3000]:.2f}" == "5.77"
    # not a property of one seed: the same holds for fresh samples
    for seed in (11, 12):
        rng = np.random.default_rng(seed)
        means = {
            n: kl_gap_is_sampling_noise.gap_to_best_poisson(rng.poisson(3.2, size=(400, n)))[0].mean()
            for n in (300, 3000)
        }
        assert 1 < 3000 * means[3000] / (300 * means[300]) < 4 / 3


@pytest.mark.claim("information/more-distinct-values")
def test_a_larger_sample_shows_more_distinct_values(run):
    result = run("snippets/information/kl_gap_is_sampling_noise.py")
    results = result.namespace["results"]
    small, large = results[300][1].mean(), results[3000][1].mean()
    assert large > small and f"{small:.1f}" == "10.2" and f"{large:.1f}" == "12.0"


@pytest.mark.claim("information/misfit-gap-does-not-vanish")
def test_with_overdispersed_counts_the_gap_is_ten_times_larger_and_levels_off(run):
    result = run("snippets/information/kl_gap_is_sampling_noise.py")
    ns = result.namespace
    results, limit = ns["results"], ns["limit"]
    wrong = {n: results[n][2].mean() for n in (300, 3000)}
    ratio = wrong[300] / results[300][0].mean()
    assert ratio > 10, "more than ten times larger at n = 300"
    assert wrong[300] > wrong[3000] > limit > 0.1, "it approaches the limit from above and stays far from 0"
    assert wrong[3000] - limit < (wrong[300] - limit) / 5, "the noise part shrinks, the misfit stays"
    assert f"{wrong[300]:.4f}" == "0.1671" and f"{wrong[3000]:.4f}" == "0.1448"
    assert "KL(truth || Poisson(3.2)) = 0.1415 nats" in result.stdout


@pytest.mark.claim("information/closest-poisson-has-the-true-mean")
def test_the_poisson_closest_to_the_overdispersed_truth_has_its_mean(run):
    ns = run("snippets/information/kl_gap_is_sampling_noise.py").namespace
    k, truth = ns["k"], ns["truth"]
    assert truth.sum() == pytest.approx(1, abs=1e-12)
    mean = np.sum(k * truth)
    assert mean == pytest.approx(3.2, abs=1e-9) and np.sum((k - mean) ** 2 * truth) == pytest.approx(
        6.4, abs=1e-9
    )
    rates = np.linspace(2, 4.5, 2501)  # step 0.001
    kl = rel_entr(truth[:, None], kl_gap_is_sampling_noise.poisson_pmf(k[:, None], rates)).sum(axis=0)
    assert abs(rates[np.argmin(kl)] - 3.2) <= 0.0005
    assert kl.min() == pytest.approx(ns["limit"], abs=1e-9)


@pytest.mark.claim("information/mle-heads-for-the-closest-model")
@settings(max_examples=30)
@given(p_star=distributions(min_size=3, max_size=12))
def test_the_cross_entropy_to_the_truth_is_smallest_at_the_closest_poisson(p_star):
    # the MLE minimises H(p_hat, q), which tends to H(p*, q): its limit is the minimiser of H(p*, q),
    # the Poisson closest to p* in forward KL; for the Poisson family, the one with p*'s mean
    values = np.arange(p_star.size)
    mean = np.sum(values * p_star)
    assume(mean > 0.1)
    rates = np.linspace(mean - 0.5, mean + 0.5, 1001)[None, :]
    rates = rates[rates > 0]
    ce = -(p_star[:, None] * cross_entropy_is_mle.poisson_log_pmf(values[:, None], rates)).sum(axis=0)
    assert abs(rates[np.argmin(ce)] - mean) <= 0.0005 + ROUNDING


@pytest.mark.claim("information/mle-heads-for-the-closest-model")
def test_the_mle_on_overdispersed_counts_heads_for_the_true_mean(run):
    ns = run("snippets/information/kl_gap_is_sampling_noise.py").namespace
    rng = np.random.default_rng(21)
    rates = np.linspace(2.5, 4, 1501)  # step 0.001
    for n in (1_000, 100_000):
        counts = rng.negative_binomial(3.2, 0.5, size=n)
        values, p_hat = cross_entropy_is_mle.empirical_distribution(counts)
        ce = -(p_hat[:, None] * cross_entropy_is_mle.poisson_log_pmf(values[:, None], rates)).sum(axis=0)
        mle = rates[np.argmin(ce)]
        assert abs(mle - 3.2) < 3 * np.sqrt(6.4 / n) + 0.001, "within 3 standard errors of the sample mean"
    assert np.sum(ns["k"] * ns["truth"]) == pytest.approx(3.2, abs=1e-9)


# --- where KL shows up: distillation -----------------------------------------------------------------


@pytest.mark.claim("information/distillation-loss-is-forward-kl", "information/only-kl-trained-away")
@settings(max_examples=200)
@given(targets=distributions(size=5), logits=st.lists(st.floats(-8, 8), min_size=5, max_size=5))
def test_the_distillation_loss_is_the_teacher_entropy_plus_the_forward_kl(targets, logits):
    logits = np.array(logits)
    loss, _ = distillation_soft_targets.loss_and_gradient(targets, logits)
    forward_kl = rel_entr(targets, softmax(logits)).sum()
    assert loss[0] == pytest.approx(entr(targets).sum() + forward_kl, abs=1e-9)


@pytest.mark.claim("information/student-covers-every-class")
def test_the_student_matches_even_the_smallest_teacher_probabilities(run):
    ns = run("snippets/information/distillation_soft_targets.py").namespace
    student, targets = ns["student"], ns["targets"]
    assert targets.min() < 0.002, "down to the smallest probabilities"
    assert np.max(np.abs(student - targets) / targets) < 0.01, "every class within 1% of its target"


@pytest.mark.claim("information/gradient-is-softmax-minus-targets")
@settings(max_examples=100)
@given(targets=distributions(size=4), logits=st.lists(st.floats(-4, 4), min_size=4, max_size=4))
def test_the_gradient_is_softmax_minus_targets(targets, logits):
    logits = np.array(logits)
    _, gradient = distillation_soft_targets.loss_and_gradient(targets, logits)
    np.testing.assert_allclose(gradient[0], softmax(logits) - targets, rtol=0, atol=1e-15)
    h = 1e-6
    for i in range(4):
        step = np.eye(4)[i] * h
        up = distillation_soft_targets.loss_and_gradient(targets, logits + step)[0][0]
        down = distillation_soft_targets.loss_and_gradient(targets, logits - step)[0][0]
        assert (up - down) / (2 * h) == pytest.approx(gradient[0, i], abs=1e-6)


@pytest.mark.claim("information/descent-stops-at-the-targets")
def test_descent_stops_where_the_student_reproduces_the_targets(run):
    result = run("snippets/information/distillation_soft_targets.py")
    ns = result.namespace
    targets = ns["targets"]
    # the gradient vanishes at logits log t, the student equal to the targets, and only there
    _, at_targets = distillation_soft_targets.loss_and_gradient(targets, np.log(targets))
    assert np.abs(at_targets).max() < 1e-15
    _, elsewhere = distillation_soft_targets.loss_and_gradient(targets, np.log(targets) + np.eye(5)[0] / 10)
    assert np.abs(elsewhere).max() > 1e-3
    np.testing.assert_allclose(ns["student"], targets, atol=1e-5)
    assert result.stdout.count("largest |student - targets| = ") == 3


@pytest.mark.claim("information/final-loss-is-the-entropy")
def test_the_final_loss_is_the_targets_entropy_not_zero(run):
    result = run("snippets/information/distillation_soft_targets.py")
    ns = result.namespace
    np.testing.assert_allclose(ns["loss"], ns["target_entropy"], atol=1e-8)
    assert np.all(ns["target_entropy"] > 0.4), "not zero"
    for h in ("0.4656", "1.0799", "1.4403"):
        assert f"H(targets) = {h}" in result.stdout and f"final cross-entropy {h}" in result.stdout


@pytest.mark.claim("information/only-kl-trained-away")
def test_training_removes_the_kl_part_only(run):
    ns = run("snippets/information/distillation_soft_targets.py").namespace
    kl = rel_entr(ns["targets"], ns["student"]).sum(axis=1)
    assert np.all(kl < 1e-8) and np.all(kl >= -ROUNDING), "the KL part is gone"
    np.testing.assert_allclose(ns["kl"], kl, atol=1e-9)
    # and the rest, H(targets), is what no student can go below
    logits = np.random.default_rng(0).normal(0, 3, size=(1000, *ns["targets"].shape))
    for row in range(ns["targets"].shape[0]):
        losses, _ = distillation_soft_targets.loss_and_gradient(
            np.repeat(ns["targets"][row : row + 1], 1000, axis=0), logits[:, row]
        )
        assert np.all(losses >= ns["target_entropy"][row] - ROUNDING)


@pytest.mark.claim("information/temperature-raises-entropy")
@settings(max_examples=200)
@given(
    logits=st.lists(st.floats(-5, 5), min_size=2, max_size=6).filter(lambda z: max(z) - min(z) > 0.1),
    low=st.floats(0.5, 4),
    factor=st.floats(1.1, 2),
)
def test_a_higher_temperature_raises_the_entropy_of_the_targets(logits, low, factor):
    cold = distillation_soft_targets.soft_targets(np.array(logits), low)
    hot = distillation_soft_targets.soft_targets(np.array(logits), low * factor)
    assert entr(hot).sum() > entr(cold).sum()


@pytest.mark.claim("information/temperature-raises-entropy")
def test_the_printed_entropies_rise_with_the_temperature(run):
    ns = run("snippets/information/distillation_soft_targets.py").namespace
    assert np.all(np.diff(ns["temperatures"]) > 0) and np.all(np.diff(ns["target_entropy"]) > 0)
    with pytest.raises(ValueError, match="temperature must be positive"):
        distillation_soft_targets.soft_targets(np.zeros(3), 0.0)


@pytest.mark.claim("information/temperature-lifts-small-probabilities")
def test_a_higher_temperature_lifts_every_small_probability_here(run):
    ns = run("snippets/information/distillation_soft_targets.py").namespace
    targets = ns["targets"]  # rows T = 1, 2, 4; columns cat, lynx, dog, car, boat
    assert np.all(np.diff(targets[:, 1:], axis=0) > 0), "lynx, dog, car and boat all rise with T"
    assert np.all(np.diff(targets[:, 0]) < 0), "the top class gives up the mass"


def test_fit_student_rejects_non_distributions():
    with pytest.raises(ValueError, match="probability distribution"):
        distillation_soft_targets.fit_student(np.array([0.5, 0.6]))
    with pytest.raises(ValueError, match="same shape"):
        distillation_soft_targets.loss_and_gradient(np.array([0.5, 0.5]), np.zeros(3))


# --- KL from samples (the RLHF penalty) ------------------------------------------------------------


def batch_estimates(ns: dict) -> dict[str, np.ndarray]:
    """One estimate per batch for each estimator."""
    return {name: ns[name].mean(axis=1) for name in ("k1", "k2", "k3")}


@pytest.mark.claim("information/k1-and-k3-unbiased", "information/mean-ratio-is-one")
@settings(max_examples=200)
@given(pair=pairs_with_common_support(), policy_has_zeros=st.booleans())
def test_k1_and_k3_average_exactly_to_kl_under_a_softmax_policy(pair, policy_has_zeros):
    policy, reference = pair  # the reference is > 0 everywhere; the policy may have zeros
    if not policy_has_zeros:
        policy = 0.5 * policy + 0.5 * reference  # a softmax policy: every token possible
    support = np.flatnonzero(policy > 0)
    log_policy = np.log(np.where(policy > 0, policy, 1.0))
    k1, _, k3 = kl_from_samples.kl_estimates(log_policy, np.log(reference), support)
    exact = cross_entropy_kl.kl_divergence(policy, reference)
    assert np.sum(policy[support] * k1) == pytest.approx(exact, abs=1e-9)
    mean_ratio = np.sum(policy[support] * np.exp(-k1))  # E[r], r = reference / policy
    assert mean_ratio == pytest.approx(reference[support].sum(), abs=1e-9), "the reference's mass there"
    if not policy_has_zeros:
        assert mean_ratio == pytest.approx(1, abs=1e-9)
        assert np.sum(policy[support] * k3) == pytest.approx(exact, abs=1e-9)


@pytest.mark.claim(
    "information/k1-and-k3-unbiased", "information/k2-biased", "information/summary-kl-estimators"
)
def test_the_exact_expectations_of_the_estimators_in_the_run(run):
    result = run("snippets/information/kl_from_samples.py")
    ns = result.namespace
    e1, e2, e3 = ns["expectations"]
    assert e1 == pytest.approx(ns["exact"], abs=ROUNDING) and e3 == pytest.approx(ns["exact"], abs=ROUNDING)
    assert ns["exact"] - e2 > 0.001, "k2's expectation is not the KL: 0.0216 against 0.0234"
    assert f"{e2:.4f}" == "0.0216" and f"{ns['exact']:.4f}" == "0.0234"
    assert np.all(ns["k2"] >= 0) and np.all(ns["k3"] >= 0)


@pytest.mark.claim("information/k2-biased")
@settings(max_examples=100)
@given(log_ratio=st.lists(st.floats(-20, 20), min_size=1, max_size=10))
def test_k2_is_never_negative(log_ratio):
    log_ratio = np.array(log_ratio)
    _, k2, _ = kl_from_samples.kl_estimates(np.zeros(log_ratio.size), log_ratio, np.arange(log_ratio.size))
    assert np.all(k2 >= 0)


@pytest.mark.claim("information/k1-k3-within-two-standard-errors")
def test_k1_and_k3_averages_agree_with_the_exact_kl_within_two_standard_errors(run):
    result = run("snippets/information/kl_from_samples.py")
    ns = result.namespace
    estimates = batch_estimates(ns)
    for name, mean, se in [("k1", "0.0237", "0.00029"), ("k3", "0.0234", "0.00012")]:
        standard_error = estimates[name].std() / np.sqrt(ns["batches"])
        assert abs(estimates[name].mean() - ns["exact"]) < 2 * standard_error
        assert f"{estimates[name].mean():.4f} ({standard_error:.5f})" == f"{mean} ({se})"
        assert f"{mean} ({se})" in result.stdout


@pytest.mark.claim("information/k2-bias-in-the-run")
def test_k2_average_is_more_than_ten_standard_errors_below_the_kl(run):
    result = run("snippets/information/kl_from_samples.py")
    ns = result.namespace
    k2 = batch_estimates(ns)["k2"]
    standard_error = k2.std() / np.sqrt(ns["batches"])
    assert (ns["exact"] - k2.mean()) / standard_error > 10
    assert abs(k2.mean() - ns["expectations"][1]) < 3 * standard_error, "its own expectation, within MC error"
    assert "0.0216        0.0216 (0.00009)" in result.stdout


@pytest.mark.claim("information/k1-negative-tokens")
def test_k1_is_negative_for_a_tenth_of_the_tokens(run):
    result = run("snippets/information/kl_from_samples.py")
    share = np.mean(result.namespace["k1"] < 0)
    assert abs(share - 0.1) < 0.005, "a tenth: 10% to within half a percentage point"
    assert f"{share:.1%}" == "10.1%"
    assert "0.0128   10.1%" in result.stdout


@pytest.mark.claim("information/k1-negative-batches")
def test_k1_estimates_a_negative_divergence_for_4_percent_of_batches(run):
    result = run("snippets/information/kl_from_samples.py")
    share = np.mean(batch_estimates(result.namespace)["k1"] < 0)
    assert f"{share:.1%}" == "4.0%" and "10.1%     4.0%" in result.stdout


@pytest.mark.claim("information/k3-never-negative", "information/summary-kl-estimators")
def test_k3_is_never_negative_in_the_run(run):
    result = run("snippets/information/kl_from_samples.py")
    assert np.all(result.namespace["k3"] >= 0)
    assert result.stdout.splitlines()[-1].endswith("0.0%     0.0%")


@pytest.mark.claim("information/k3-spread-under-half", "information/summary-kl-estimators")
def test_k3_spread_across_batches_is_less_than_half_that_of_k1(run):
    result = run("snippets/information/kl_from_samples.py")
    estimates = batch_estimates(result.namespace)
    assert estimates["k3"].std() < 0.5 * estimates["k1"].std()
    assert f"{estimates['k3'].std():.4f}" == "0.0056" and f"{estimates['k1'].std():.4f}" == "0.0128"


@pytest.mark.claim("information/k2-smallest-spread")
def test_k2_has_the_smallest_spread(run):
    estimates = batch_estimates(run("snippets/information/kl_from_samples.py").namespace)
    spread = {name: e.std() for name, e in estimates.items()}
    assert spread["k2"] < spread["k3"] < spread["k1"] and f"{spread['k2']:.4f}" == "0.0040"


def test_kl_estimates_reject_bad_samples():
    with pytest.raises(ValueError, match="between 0 and 2"):
        kl_from_samples.kl_estimates(np.log(np.full(3, 1 / 3)), np.log(np.full(3, 1 / 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match="same outcomes"):
        kl_from_samples.kl_estimates(np.zeros(3), np.zeros(2), np.array([0]))


# --- exercises ---------------------------------------------------------------------------------------


@pytest.mark.claim("information/closed-form-matches-integral")
@settings(max_examples=100)
@given(mean_p=st.floats(-3, 3), sd_p=st.floats(0.3, 3), mean_q=st.floats(-3, 3), sd_q=st.floats(0.3, 3))
def test_gaussian_kl_closed_form_matches_integration_to_six_decimals(mean_p, sd_p, mean_q, sd_q):
    exact = gaussian_kl.gaussian_kl(mean_p, sd_p, mean_q, sd_q)
    assert exact >= -ROUNDING
    assert gaussian_kl.gaussian_kl_numeric(mean_p, sd_p, mean_q, sd_q) == pytest.approx(exact, abs=5e-7)


@pytest.mark.claim("information/closed-form-matches-integral", "information/gaussian-directions-differ")
def test_the_printed_closed_forms_and_integrals_agree(run):
    out = run("snippets/information/gaussian_kl.py").stdout
    rows = [line.split()[-2:] for line in out.splitlines()[1:4]]
    assert all(closed == numeric for closed, numeric in rows), "equal to the six printed decimals"
    assert rows[0] == ["0.443147", "0.443147"] and rows[1] == ["1.306853", "1.306853"]


@pytest.mark.claim("information/narrow-models-wide-poorly")
@settings(max_examples=200)
@given(
    mean_a=st.floats(-3, 3), mean_b=st.floats(-3, 3), sd_narrow=st.floats(0.3, 3), factor=st.floats(1.01, 5)
)
def test_the_narrow_gaussian_is_the_poorer_model_of_the_wide_one(mean_a, mean_b, sd_narrow, factor):
    sd_wide = sd_narrow * factor
    wide_by_narrow = gaussian_kl.gaussian_kl(mean_a, sd_wide, mean_b, sd_narrow)
    narrow_by_wide = gaussian_kl.gaussian_kl(mean_b, sd_narrow, mean_a, sd_wide)
    assert wide_by_narrow > narrow_by_wide


@pytest.mark.claim("information/narrow-models-wide-poorly")
def test_in_the_exercise_the_narrow_normal_models_the_wide_one_worse():
    assert gaussian_kl.gaussian_kl(1, 2, 0, 1) > gaussian_kl.gaussian_kl(0, 1, 1, 2)


@pytest.mark.claim("information/vae-kl-term")
@settings(max_examples=200)
@given(mean=st.floats(-5, 5), sd=st.floats(0.05, 5))
def test_against_the_standard_normal_the_kl_is_the_vae_term(mean, sd):
    vae = 0.5 * (mean**2 + sd**2 - 1 - np.log(sd**2))
    assert gaussian_kl.gaussian_kl(mean, sd, 0.0, 1.0) == pytest.approx(vae, abs=1e-12)


@pytest.mark.claim("information/vae-kl-term")
def test_the_printed_vae_form_equals_the_closed_form(run):
    out = run("snippets/information/gaussian_kl.py").stdout
    assert "N(0.5, 0.6^2)  N(0.0, 1.0^2)     0.315826" in out and out.rstrip().endswith("= 0.315826")
    with pytest.raises(ValueError, match="standard deviations must be positive"):
        gaussian_kl.gaussian_kl(0, 0, 0, 1)


@pytest.mark.claim("information/zero-support-infinite-kl", "information/summary-kl")
def test_kl_is_infinite_when_q_rules_out_what_p_allows(run):
    result = run("snippets/information/kl_zero_support.py")
    p, q = result.namespace["p"], result.namespace["q"]
    assert kl_zero_support.kl_divergence(p, q) == np.inf
    assert result.stdout.startswith("KL(p || q) = inf")


@pytest.mark.claim("information/zero-support-reverse-finite")
def test_the_reverse_kl_is_finite(run):
    result = run("snippets/information/kl_zero_support.py")
    p, q = result.namespace["p"], result.namespace["q"]
    reverse = kl_zero_support.kl_divergence(q, p)
    assert np.isfinite(reverse) and f"{reverse:.4f}" == "0.1068" and "KL(q || p) = 0.1068" in result.stdout


@pytest.mark.claim("information/smoothing-grows-like-log")
def test_smoothing_gives_a_finite_kl_growing_by_0_1_log_1000_per_factor_1000(run):
    result = run("snippets/information/kl_zero_support.py")
    p, q = result.namespace["p"], result.namespace["q"]
    epsilons = 10.0 ** -np.arange(1, 16)
    kls = np.array([kl_zero_support.kl_divergence(p, kl_zero_support.smooth(q, e)) for e in epsilons])
    assert np.all(np.isfinite(kls)) and np.all(np.diff(kls) > 0), "finite, and growing as epsilon shrinks"
    steps = [
        kl_zero_support.kl_divergence(p, kl_zero_support.smooth(q, e / 1000))
        - kl_zero_support.kl_divergence(p, kl_zero_support.smooth(q, e))
        for e in 10.0 ** -np.arange(3, 10)
    ]
    np.testing.assert_allclose(steps, 0.1 * np.log(1000), atol=0.001)  # "to within 0.001" for eps <= 1e-3
    assert "0.1 * log(1000) = 0.6908 nats" in result.stdout
    with pytest.raises(ValueError, match="epsilon must be between 0 and 1"):
        kl_zero_support.smooth(q, 1.5)


# --- checkpoints ---------------------------------------------------------------------------


@pytest.mark.claim("information/checkpoint-1-weather")
def test_checkpoint_the_uniform_forecaster_pays_the_entropy_plus_the_divergence(run):
    result = run("snippets/information/cross_entropy_kl.py")
    p, q, out = result.namespace["p"], result.namespace["q"], result.stdout
    for line in ["H(p)           = 1.1648", "H(p, q)        = 1.3863", "KL(p || q)     = 0.2215"]:
        assert line in out
    assert np.all(q == 0.25), "the uniform forecaster"
    assert cross_entropy_kl.cross_entropy(p, q) == pytest.approx(
        cross_entropy_kl.entropy(p) + cross_entropy_kl.kl_divergence(p, q), abs=ROUNDING
    )


@pytest.mark.claim("information/checkpoint-1-never-negative")
def test_checkpoint_no_random_pair_has_a_negative_divergence(run):
    result = run("snippets/information/kl_random_pairs.py")
    table = result.namespace["table"]
    assert len(table["KL(p||q)"]) == len(table["KL(q||p)"]) == 10_000
    assert np.all(table["KL(p||q)"] >= 0) and np.all(table["KL(q||p)"] >= 0)


@pytest.mark.claim("information/checkpoint-2-mle-is-cross-entropy")
def test_checkpoint_the_nll_is_the_cross_entropy_and_its_minimum_the_sample_mean(run):
    result = run("snippets/information/cross_entropy_is_mle.py")
    ns = result.namespace
    assert np.abs(ns["mean_nll"] - ns["cross_entropy"]).max() <= 1.1e-14 + 5e-16
    assert "over the grid: 1.1e-14" in result.stdout
    assert "(grid step 0.01): 3.36" in result.stdout
    step = ns["rates"][1] - ns["rates"][0]
    assert abs(ns["best"] - ns["counts"].mean()) <= step / 2 + ROUNDING, "the sample mean, the Poisson MLE"


@pytest.mark.claim("information/checkpoint-3-two-directions")
def test_checkpoint_forward_fit_is_broad_and_reverse_fit_sits_on_one_peak(run):
    result = run("snippets/information/kl_asymmetry.py")
    fits = result.namespace["fits"]
    forward_mean, forward_sd = fits["forward KL(p || q)"]
    reverse_mean, reverse_sd = fits["reverse KL(q || p)"]
    assert abs(forward_mean) < 1e-9 and forward_sd > 3 * 0.8, "centred between the peaks at -2.5 and 2.5"
    assert abs(reverse_mean + 2.5) < 1e-9 and abs(reverse_sd - 0.8) < 1e-9, "exactly the left peak"
    assert "minimising forward KL(p || q): mean +0.00, sd 2.65" in result.stdout
    assert "minimising reverse KL(q || p): mean -2.50, sd 0.80" in result.stdout


@pytest.mark.claim("information/checkpoint-4-noise-or-misfit")
def test_checkpoint_the_poisson_gap_shrinks_and_the_misfit_gap_levels_off(run):
    result = run("snippets/information/kl_gap_is_sampling_noise.py")
    ns = result.namespace
    results, limit = ns["results"], ns["limit"]
    assert "KL(p_hat || best Poisson) = 0.0150 nats" in result.stdout
    assert f"{results[300][0].mean() / results[3000][0].mean():.1f}" == "8.5"
    wrong = {n: results[n][2].mean() for n in (300, 3000)}
    assert f"{wrong[300]:.4f}" == "0.1671" and f"{wrong[3000]:.4f}" == "0.1448"
    assert wrong[300] > wrong[3000] > limit and f"{limit:.4f}" == "0.1415"


@pytest.mark.claim("information/checkpoint-5-zero-probability")
def test_checkpoint_smoothing_gives_a_finite_kl_that_still_grows(run):
    result = run("snippets/information/kl_zero_support.py")
    p, q = result.namespace["p"], result.namespace["q"]
    assert kl_zero_support.kl_divergence(p, q) == np.inf
    kls = [kl_zero_support.kl_divergence(p, kl_zero_support.smooth(q, e)) for e in 10.0 ** -np.arange(1, 16)]
    assert np.all(np.isfinite(kls)) and np.all(np.diff(kls) > 0), "finite, and growing as epsilon shrinks"
    steps = [
        kl_zero_support.kl_divergence(p, kl_zero_support.smooth(q, e / 1000))
        - kl_zero_support.kl_divergence(p, kl_zero_support.smooth(q, e))
        for e in 10.0 ** -np.arange(3, 10)
    ]
    np.testing.assert_allclose(steps, 0.6908, atol=0.001)
    assert "0.1 * log(1000) = 0.6908 nats" in result.stdout
