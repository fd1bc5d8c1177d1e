"""Claims of the lesson "The EM algorithm", checked on the snippets' real results."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar
from scipy.special import logsumexp, softmax, xlogy
from scipy.stats import binom, invgamma

from snippets.em import (
    bound_gap_is_kl,
    coins_symmetric_start,
    em_lower_bound,
    gaussian_mixture_em,
    likelihood_unbounded,
    mixture_collapse,
    mixture_local_optima,
    poisson_mixture_em,
    two_coins_em,
)

ROUNDING = 1e-9  # how far "never decreases" may be off in floating point

probability = st.floats(0.05, 0.95)


def numerical_gradient(f, theta: np.ndarray, step: float) -> np.ndarray:
    """Central differences of f at theta."""
    eye = np.eye(len(theta)) * step
    return np.array([(f(theta + e) - f(theta - e)) / (2 * step) for e in eye])


def numerical_hessian(f, theta: np.ndarray, step: float) -> np.ndarray:
    """Central second differences of f at theta (symmetric by construction)."""
    eye = np.eye(len(theta)) * step

    def second(a: np.ndarray, b: np.ndarray) -> float:
        return (f(theta + a + b) - f(theta + a - b) - f(theta - a + b) + f(theta - a - b)) / (4 * step**2)

    return np.array([[second(a, b) for b in eye] for a in eye])


def printed_floats(line: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+\.\d+", line)]


# --- why EM never lowers the likelihood -----------------------------------------------


@pytest.mark.claim("em/curves-meet", "em/e-step-closes-the-gap", "em/summary-why-it-climbs")
def test_the_bound_touches_the_log_likelihood_at_the_current_parameters(run):
    result = run("snippets/em/em_lower_bound.py")
    ns = result.namespace
    assert "current p_A = 0.550: log-likelihood -108.7730, bound -108.7730" in result.stdout
    assert abs(ns["ll_old"] - ns["bound_old"]) < 1e-9, "the E-step's q makes the KL term zero"


@pytest.mark.claim("em/bound-below-elsewhere")
def test_the_plotted_bound_is_strictly_below_the_likelihood_away_from_the_current_p_a(run):
    ns = run("snippets/em/em_lower_bound.py").namespace
    likelihood_line, bound_line = ns["ax"].lines[0], ns["ax"].lines[1]
    assert likelihood_line.get_label().startswith("log-likelihood")
    assert bound_line.get_label().startswith("lower bound")
    grid = likelihood_line.get_xdata()
    assert np.min(np.abs(grid - ns["p_a_old"])) > 0, "the current p_A itself is not on the grid"
    assert np.all(likelihood_line.get_ydata() - bound_line.get_ydata() > 0), "strictly below"


@pytest.mark.claim("em/m-step-jumps-to-the-peak", "em/summary-why-it-climbs")
def test_the_m_step_jumps_to_the_peak_of_the_bound(run):
    result = run("snippets/em/em_lower_bound.py")
    ns = result.namespace
    assert "M-step p_A  = 0.657: log-likelihood -96.5336, bound -101.8038" in result.stdout
    assert ns["ll_new"] > ns["bound_new"] > ns["bound_old"], "the bound has risen, the likelihood is above it"

    def bound(p_a: float) -> float:
        joint = em_lower_bound.coin_log_joint(ns["heads"], ns["tosses"], ns["share_a"], p_a, ns["p_b"])[0]
        return em_lower_bound.lower_bound(joint, ns["q"])

    for nudge in (1e-4, -1e-4, 1e-2, -1e-2):
        assert bound(ns["p_a_new"] + nudge) < bound(ns["p_a_new"]), "p_a_new is the bound's maximum"
    step = ns["grid"][1] - ns["grid"][0]
    assert abs(ns["grid"][np.argmax(ns["bound_curve"])] - ns["p_a_new"]) <= step


@pytest.mark.claim("em/rise-beyond-the-bound-is-kl", "em/next-e-step-closes-it")
def test_the_likelihood_rises_beyond_the_bound_by_the_new_kl_gap(run):
    ns = run("snippets/em/em_lower_bound.py").namespace
    rise_likelihood = ns["ll_new"] - ns["ll_old"]
    rise_bound = ns["bound_new"] - ns["bound_old"]
    assert rise_likelihood > rise_bound
    new_joint = ns["new_joint"]
    new_posterior = np.exp(new_joint - logsumexp(new_joint, axis=1, keepdims=True))
    q = ns["q"]
    kl = (xlogy(q, q) - xlogy(q, new_posterior)).sum()
    assert kl > 0
    assert abs((rise_likelihood - rise_bound) - kl) < 1e-9, "the difference of the rises is the KL gap"
    closed = em_lower_bound.lower_bound(new_joint, new_posterior) - em_lower_bound.log_likelihood(new_joint)
    assert abs(closed) < 1e-9, "the next E-step closes it"


@pytest.mark.claim("em/bound-below-for-any-q", "em/never-lowers", "em/summary-why-it-climbs")
@settings(max_examples=50)
@given(seed=st.integers(0, 2**32 - 1), p_a=probability, p_b=probability, share=probability)
def test_the_bound_is_below_the_log_likelihood_for_any_q(seed, p_a, p_b, share):
    rng = np.random.default_rng(seed)
    heads = rng.integers(0, 11, size=12)
    joint = em_lower_bound.coin_log_joint(heads, 10, share, p_a, p_b)[0]
    q = rng.dirichlet([1.0, 1.0], size=12)
    assert em_lower_bound.lower_bound(joint, q) <= em_lower_bound.log_likelihood(joint) + 1e-9


@pytest.mark.claim("em/bound-is-q-plus-entropy")
@settings(max_examples=30)
@given(seed=st.integers(0, 2**32 - 1), p_b=probability, share=probability)
def test_the_bound_is_q_plus_an_entropy_that_does_not_depend_on_the_parameters(seed, p_b, share):
    rng = np.random.default_rng(seed)
    heads = rng.integers(0, 21, size=15)
    q = rng.dirichlet([0.7, 0.7], size=15)
    grid_joint = em_lower_bound.coin_log_joint(heads, 20, share, np.linspace(0.05, 0.95, 19), p_b)
    bound = em_lower_bound.lower_bound(grid_joint, q)
    expected_complete = (q * grid_joint).sum(axis=(-2, -1))  # Q(theta | theta_t) with q as the weights
    entropy = -xlogy(q, q).sum()
    np.testing.assert_allclose(bound - expected_complete, entropy, rtol=0, atol=1e-9)


def test_lower_bound_rejects_a_q_that_is_not_a_distribution():
    joint = em_lower_bound.coin_log_joint(np.array([3, 7]), 10, 0.5, 0.6, 0.4)[0]
    with pytest.raises(ValueError, match="probability distribution"):
        em_lower_bound.lower_bound(joint, np.array([[0.5, 0.6], [0.5, 0.5]]))


@pytest.mark.claim("em/gap-rows-add-up", "em/random-q-leave-a-gap")
def test_the_gap_is_exactly_the_kl_divergence_for_every_q(run):
    result = run("snippets/em/bound_gap_is_kl.py")
    ns = result.namespace
    rows = [line for line in result.stdout.splitlines() if line.startswith(("random", "posterior"))]
    assert len(rows) == 5 and all(line.split()[-1] == "-108.7730" for line in rows)
    assert "log-likelihood: -108.7730" in result.stdout
    np.testing.assert_allclose(ns["bound"] + ns["gap"], ns["log_lik"], rtol=0, atol=1e-9)
    assert np.all(ns["gap"][:-1] >= 12), "these random q leave a gap of a dozen nats or more"
    assert abs(ns["gap"][-1]) < 1e-12, "the posterior closes it exactly (up to rounding)"


@pytest.mark.claim("em/elbo-plus-kl-for-any-q")
@settings(max_examples=50)
@given(seed=st.integers(0, 2**32 - 1), p_a=probability, p_b=probability, share=probability)
def test_log_likelihood_equals_bound_plus_kl_for_random_q(seed, p_a, p_b, share):
    rng = np.random.default_rng(seed)
    heads = rng.integers(0, 21, size=15)
    joint = bound_gap_is_kl.coin_log_joint(heads, 20, share, p_a, p_b)
    bound, gap = bound_gap_is_kl.bound_and_gap(joint, rng.dirichlet([0.5, 0.5], size=15))
    assert gap >= -1e-12
    assert abs(bound + gap - logsumexp(joint, axis=1).sum()) < 1e-8


# --- the M-step is the weighted MLE --------------------------------------------------------


@pytest.mark.claim("em/m-step-is-weighted-mle", "em/summary-m-step")
@settings(max_examples=30)
@given(seed=st.integers(0, 2**32 - 1), p_a=probability, p_b=probability, share=probability)
def test_one_coin_em_step_maximises_the_expected_complete_log_likelihood(seed, p_a, p_b, share):
    rng = np.random.default_rng(seed)
    heads = rng.integers(1, 20, size=25)
    joint = two_coins_em.coin_log_joint(heads, 20, share, p_a, p_b)
    resp = np.exp(joint - logsumexp(joint, axis=1, keepdims=True))  # the E-step at the start
    path, _ = two_coins_em.two_coin_em(heads, 20, (share, p_a, p_b), iterations=1)
    new = path[1]
    weighted = [resp[:, 0].mean(), *(resp.T @ heads / (20 * resp.sum(axis=0)))]
    np.testing.assert_allclose(new, weighted, rtol=1e-12)  # a weighted proportion, weighted heads

    def q_value(theta: np.ndarray) -> float:
        return (resp * two_coins_em.coin_log_joint(heads, 20, *theta)).sum()

    for nudge in rng.normal(0, 0.01, size=(20, 3)):
        assume(np.all((new + nudge > 0) & (new + nudge < 1)))
        assert q_value(new + nudge) < q_value(new)


@pytest.mark.claim("em/m-step-is-weighted-mle", "em/summary-m-step")
@settings(max_examples=30)
@given(seed=st.integers(0, 2**32 - 1))
def test_one_mixture_em_step_is_the_weighted_normal_mle(seed):
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.normal(-1, 1, 30), rng.normal(2, 0.7, 30)])
    start = (np.array([0.4, 0.6]), rng.uniform(-1, 2, size=2), rng.uniform(0.5, 2, size=2))
    joint = gaussian_mixture_em.log_joint(x, *start)
    resp = np.exp(joint - logsumexp(joint, axis=1, keepdims=True))
    (weights, means, sds), _ = gaussian_mixture_em.fit_mixture_em(x, start, iterations=1)
    counts = resp.sum(axis=0)
    np.testing.assert_allclose(weights, counts / len(x), rtol=1e-12)
    np.testing.assert_allclose(means, resp.T @ x / counts, rtol=1e-12)
    np.testing.assert_allclose(sds**2, (resp * (x[:, None] - means) ** 2).sum(axis=0) / counts, rtol=1e-12)

    def q_value(w0: float, m: np.ndarray, s: np.ndarray) -> float:
        return (resp * gaussian_mixture_em.log_joint(x, np.array([w0, 1 - w0]), m, s)).sum()

    best = q_value(weights[0], means, sds)
    for nudge in rng.normal(0, 0.01, size=(20, 5)):
        assert q_value(weights[0] + nudge[0], means + nudge[1:3], sds * np.exp(nudge[3:])) < best


@pytest.mark.claim("em/logsumexp-no-underflow")
def test_responsibilities_stay_finite_where_every_joint_probability_underflows():
    x = np.array([-1.0, 0.0, 1.0, 60.0])  # 60 is 59 standard deviations from the nearest component
    start = (np.array([0.5, 0.5]), np.array([-1.0, 1.0]), np.array([1.0, 1.0]))
    with np.errstate(under="ignore", invalid="ignore"):
        plain = np.exp(gaussian_mixture_em.log_joint(x, *start))
        assert np.all(plain[-1] == 0), "each p(x, k) underflows to zero"
        assert np.all(np.isnan(plain[-1] / plain[-1].sum())), "the plain ratio is 0/0"
    (weights, means, sds), log_lik = gaussian_mixture_em.fit_mixture_em(x, start, iterations=1)
    assert np.all(np.isfinite(log_lik)) and all(np.all(np.isfinite(v)) for v in (weights, means, sds))
    assert means[1] > 10, "the point's responsibility (all of it, to component 1) moved that mean"


# --- two coins --------------------------------------------------------------------------


@pytest.mark.claim("em/coins-climb-every-iteration")
def test_two_coin_em_climbs_at_every_iteration(run):
    log_lik = run("snippets/em/two_coins_em.py").namespace["log_lik"]
    assert len(log_lik) == 9
    assert np.all(np.diff(log_lik) > 0)


@pytest.mark.claim("em/coins-biggest-gains-first")
def test_the_biggest_gains_come_first(run):
    gains = np.diff(run("snippets/em/two_coins_em.py").namespace["log_lik"])
    assert set(np.argsort(gains)[-2:]) == {0, 1}


def iteration_rows(stdout: str) -> dict[int, str]:
    rows = {}
    for line in stdout.splitlines():
        fields = line.split()
        if len(fields) == 5 and fields[0].isdigit():
            rows[int(fields[0])] = " ".join(fields[1:])
    return rows


@pytest.mark.claim("em/coins-digits-settle")
def test_from_iteration_five_on_the_printed_digits_stop_changing(run):
    rows = iteration_rows(run("snippets/em/two_coins_em.py").stdout)
    assert sorted(rows) == list(range(9))
    assert rows[4] != rows[5], "iteration 4 still differs"
    assert all(rows[step] == rows[5] for step in range(5, 9))


@pytest.mark.claim("em/coins-em-matches-labels-known")
def test_two_coin_em_lands_on_the_labels_known_estimates(run):
    result = run("snippets/em/two_coins_em.py")
    ns = result.namespace
    em_printed = printed_floats(iteration_rows(result.stdout)[8])[:3]
    assert em_printed == [0.367, 0.781, 0.348]
    known_line = next(line for line in result.stdout.splitlines() if line.startswith("labels known"))
    known_printed = printed_floats(known_line)
    assert known_printed == [0.367, 0.782, 0.347]
    one_unit = 0.001  # "at most one unit in the third decimal", as printed
    assert np.all(np.abs(np.subtract(em_printed, known_printed)) <= one_unit + 1e-12)
    unrounded = np.abs(ns["path"][-1] - np.array([ns["known_share"], *ns["known_p"]]))
    assert np.all(unrounded <= 1.5 * one_unit), "unrounded, too, about one unit at most"


@pytest.mark.claim("em/coins-15-and-7-heads", "em/coins-labels-recovered")
def test_batches_of_twenty_tosses_nearly_reveal_their_coin(run):
    ns = run("snippets/em/two_coins_em.py").namespace
    share, p_a, p_b = ns["path"][-1]
    probe = two_coins_em.coin_log_joint(np.array([15, 7]), 20, share, p_a, p_b)
    resp_a = np.exp(probe[:, 0] - logsumexp(probe, axis=1))
    assert resp_a[0] > 0.99 and resp_a[1] < 0.01, "15 heads: coin A; 7 heads: coin B"
    joint = two_coins_em.coin_log_joint(ns["heads"], 20, share, p_a, p_b)
    resp = np.exp(joint[:, 0] - logsumexp(joint, axis=1))
    assert len(resp) == 30 and np.all(np.minimum(resp, 1 - resp) < 0.05), "every one within 0.05 of 0 or 1"
    np.testing.assert_array_equal(resp > 0.5, ns["coin_is_a"])  # rounding gives back all 30 labels


@pytest.mark.claim("em/coins-short-batches-stay-fractional")
def test_batches_of_three_tosses_leave_two_heads_a_toss_up(run):
    ns = run("snippets/em/two_coins_em.py").namespace
    p_a, p_b = ns["true_p"]
    joint = two_coins_em.coin_log_joint(np.array([2]), 3, ns["true_share_a"], p_a, p_b)
    resp_a = np.exp(joint[0, 0] - logsumexp(joint[0]))
    assert abs(resp_a - 0.5) < 0.05, "within 0.05 of one half"


@pytest.mark.claim("em/coins-labels-known-within-one-se")
def test_labels_known_estimates_are_within_one_standard_error_of_the_truth(run):
    ns = run("snippets/em/two_coins_em.py").namespace
    n, m, n_a = 30, 20, ns["coin_is_a"].sum()
    truth = np.array([ns["true_share_a"], *ns["true_p"]])
    known = np.array([ns["known_share"], *ns["known_p"]])
    se = np.sqrt(known * (1 - known) / np.array([n, m * n_a, m * (n - n_a)]))
    assert np.all(np.abs(known - truth) <= se)
    assert "truth:        share_A = 0.4, p_A = 0.8, p_B = 0.35" in run("snippets/em/two_coins_em.py").stdout


@pytest.mark.claim("em/coins-em-finds-the-mle")
def test_no_start_ends_higher_than_the_lessons_fit(run):
    ns = run("snippets/em/two_coins_em.py").namespace
    best = ns["log_lik"][-1]
    rng = np.random.default_rng(2024)
    finals = [
        two_coins_em.two_coin_em(ns["heads"], 20, tuple(rng.uniform(0.05, 0.95, 3)), iterations=50)[1][-1]
        for _ in range(100)
    ]
    assert max(finals) <= best + 1e-9, "EM runs from 100 random starts end no higher"
    assert max(finals) > best - 1e-6, "and the best of them reaches it"


def coin_information(heads: np.ndarray, tosses: int, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Observed-data information (minus the Hessian of l) and expected complete-data information."""

    def log_lik(t: np.ndarray) -> float:
        return logsumexp(two_coins_em.coin_log_joint(heads, tosses, *t), axis=1).sum()

    observed = -numerical_hessian(log_lik, theta, 1e-5)
    joint = two_coins_em.coin_log_joint(heads, tosses, *theta)
    resp = np.exp(joint - logsumexp(joint, axis=1, keepdims=True))
    share, p = theta[0], theta[1:]
    complete = np.diag(
        [
            resp[:, 0].sum() / share**2 + resp[:, 1].sum() / (1 - share) ** 2,
            *((resp.T @ heads) / p**2 + (resp.T @ (tosses - heads)) / (1 - p) ** 2),
        ]
    )
    return observed, complete


@pytest.mark.claim("em/coins-hidden-labels-cost-information")
def test_hidden_labels_make_standard_errors_larger_in_this_run(run):
    ns = run("snippets/em/two_coins_em.py").namespace
    observed, complete = coin_information(ns["heads"], 20, ns["path"][-1])
    se_hidden = np.sqrt(np.diag(np.linalg.inv(observed)))
    n, m, n_a = 30, 20, ns["coin_is_a"].sum()
    known = np.array([ns["known_share"], *ns["known_p"]])
    se_known = np.sqrt(known * (1 - known) / np.array([n, m * n_a, m * (n - n_a)]))
    se_complete = np.sqrt(np.diag(np.linalg.inv(complete)))  # what the labels would give, at the same fit
    for larger in (se_hidden / se_known, se_hidden / se_complete):
        assert np.all((larger >= 1) & (larger <= 1.04)), "at least those the labels give, at most 4% larger"


@pytest.mark.claim("em/coins-hidden-labels-cost-information")
@settings(max_examples=30)
@given(seed=st.integers(0, 2**32 - 1), p_a=probability, p_b=probability, share=probability)
def test_observed_information_never_exceeds_the_complete_data_information(seed, p_a, p_b, share):
    heads = np.random.default_rng(seed).integers(0, 21, size=30)
    observed, complete = coin_information(heads, 20, np.array([share, p_a, p_b]))
    # complete - observed is the variance of the complete-data score given the counts: never negative
    assert np.linalg.eigvalsh(complete - observed).min() >= -1e-3 * np.abs(complete).max()


@pytest.mark.claim("em/never-lowers", "em/summary-why-it-climbs")
@settings(max_examples=40)
@given(seed=st.integers(0, 2**32 - 1), p_a=probability, p_b=probability, share=probability)
def test_two_coin_em_is_monotone_from_any_start(seed, p_a, p_b, share):
    heads = np.random.default_rng(seed).integers(1, 10, size=20)  # no batch at 0 or 10: no boundary
    _, log_lik = two_coins_em.two_coin_em(heads, 10, (share, p_a, p_b), iterations=15)
    assert np.all(np.diff(log_lik) >= -ROUNDING)


def test_the_log_joint_uses_the_binomial_pmf():
    heads = np.array([0, 4, 10])
    joint = two_coins_em.coin_log_joint(heads, 10, 0.3, 0.8, 0.4)
    expected = np.log([0.3, 0.7]) + binom.logpmf(heads[:, None], 10, [0.8, 0.4])
    np.testing.assert_allclose(joint, expected, rtol=1e-12)


@pytest.mark.parametrize(
    ("heads", "start", "message"),
    [
        (np.array([3, 12]), (0.5, 0.6, 0.4), "between 0 and 10 heads"),
        (np.array([3, 4]), (1.0, 0.6, 0.4), "strictly between 0 and 1"),
        (np.array([3, 4]), (0.5, 0.0, 0.4), "strictly between 0 and 1"),
    ],
)
def test_two_coin_em_rejects_impossible_input(heads, start, message):
    with pytest.raises(ValueError, match=message):
        two_coins_em.two_coin_em(heads, 10, start, iterations=3)


# --- a Gaussian mixture -------------------------------------------------------------------


@pytest.mark.claim("em/true-weights-printed")
def test_the_last_line_prints_the_true_parameters(run):
    result = run("snippets/em/gaussian_mixture_em.py")
    assert result.stdout.splitlines()[-1].split() == [
        "truth",
        *(
            f"{v:.3f}"
            for v in (
                *result.namespace["true_weights"],
                *result.namespace["true_means"],
                *result.namespace["true_sds"],
            )
        ),
    ]
    assert result.stdout.splitlines()[-1].split()[1:3] == ["0.350", "0.650"]


@pytest.mark.claim("em/mixture-rises-every-iteration")
def test_mixture_log_likelihood_rises_at_every_iteration(run):
    log_lik = run("snippets/em/gaussian_mixture_em.py").namespace["log_lik"]
    assert len(log_lik) == 41, "the start and 40 iterations"
    assert np.all(np.diff(log_lik) > 0)


@pytest.mark.claim("em/mixture-first-step-most-gain", "em/mixture-last-steps-tiny")
def test_the_first_step_brings_most_of_the_gain_and_the_last_ones_almost_none(run):
    gains = np.diff(run("snippets/em/gaussian_mixture_em.py").namespace["log_lik"])
    assert gains[0] / gains.sum() > 0.9, "more than nine tenths of the total gain"
    assert np.all(gains[-5:] < 1e-6), "each of the last five: less than a millionth of a nat"


@pytest.mark.claim("em/mixture-follows-histogram")
def test_every_bar_of_the_histogram_is_within_three_standard_errors_of_the_fit(run):
    ns = run("snippets/em/gaussian_mixture_em.py").namespace
    bars, n = ns["top"].patches, len(ns["x"])
    assert len(bars) == 40
    left_edges = np.array([bar.get_x() for bar in bars])
    widths = np.array([bar.get_width() for bar in bars])
    counts = np.array([bar.get_height() for bar in bars]) * n * widths  # density bars back to counts
    np.testing.assert_allclose(counts, np.round(counts), atol=1e-6)
    centres = left_edges + widths / 2
    joint = gaussian_mixture_em.log_joint(centres, ns["weights"], ns["means"], ns["sds"])
    density = np.exp(logsumexp(joint, axis=1))
    expected = n * widths * density
    assert np.all(np.abs(counts - expected) <= 3 * np.sqrt(expected))
    mixture_line = ns["top"].lines[2]
    assert mixture_line.get_label() == "mixture"
    np.testing.assert_allclose(mixture_line.get_ydata(), ns["fitted"].sum(axis=1))  # the curve is the fit


@pytest.mark.claim("em/mixture-close-to-labels-known")
def test_mixture_em_is_within_three_hundredths_of_the_labels_known_mle(run):
    ns = run("snippets/em/gaussian_mixture_em.py").namespace
    fitted = np.array([ns["weights"], ns["means"], ns["sds"]])
    assert np.all(np.abs(fitted - np.array(ns["known"])) <= 0.03)


@pytest.mark.claim("em/mixture-within-two-se-of-truth")
def test_mixture_fit_is_within_two_standard_errors_of_the_truth(run):
    ns = run("snippets/em/gaussian_mixture_em.py").namespace
    x = ns["x"]

    def log_lik(t: np.ndarray) -> float:
        joint = gaussian_mixture_em.log_joint(x, np.array([t[0], 1 - t[0]]), t[1:3], t[3:5])
        return logsumexp(joint, axis=1).sum()

    fit = np.array([ns["weights"][0], *ns["means"], *ns["sds"]])
    observed_information = -numerical_hessian(log_lik, fit, 1e-4)
    se = np.sqrt(np.diag(np.linalg.inv(observed_information)))
    truth = np.array([ns["true_weights"][0], *ns["true_means"], *ns["true_sds"]])
    assert np.all(np.abs(fit - truth) <= 2 * se)


@pytest.mark.claim("em/mixture-monotone-any-start", "em/never-lowers", "em/summary-why-it-climbs")
@settings(max_examples=30)
@given(seed=st.integers(0, 2**32 - 1), gap=st.floats(0.0, 5.0), spread=st.floats(0.5, 3.0))
def test_mixture_em_is_monotone_on_any_data_from_any_start_inside_the_data(seed, gap, spread):
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.normal(0, 1, 40), rng.normal(gap, 1, 40)])
    start = ([0.5, 0.5], rng.uniform(x.min(), x.max(), size=2), [spread, spread])
    failure, log_lik = None, None
    try:
        _, log_lik = gaussian_mixture_em.fit_mixture_em(x, start, iterations=25)
    except RuntimeError as error:  # a start next to an outlier can collapse (see the pitfalls)
        failure = str(error)
    if failure is not None:
        assert "collapsed onto a single point" in failure or "lost all its points" in failure
    assume(failure is None)
    assert np.all(np.diff(log_lik) >= -ROUNDING * max(1.0, abs(log_lik[0])))


@pytest.mark.parametrize(
    ("start", "iterations", "message"),
    [
        (([0.5, 0.5], [0, 1], [1.0, -1.0]), 5, "standard deviations must be positive"),
        (([0.5, 0.6], [0, 1], [1.0, 1.0]), 5, "sum to 1"),
        (([0.5, 0.5], [0, 1], [1.0, 1.0]), 0, "at least 1"),
    ],
)
def test_mixture_em_rejects_bad_starts(start, iterations, message):
    with pytest.raises(ValueError, match=message):
        gaussian_mixture_em.fit_mixture_em(np.array([0.1, 0.5, 2.0]), start, iterations)


@pytest.mark.claim("em/mixture-stops-with-an-error")
def test_mixture_em_says_so_when_a_component_collapses():
    x = np.array([-3.0, 0.0, 0.1, 0.2, 0.3])  # a start on the outlier -3 with a small sd
    with pytest.raises(RuntimeError, match="collapsed onto a single point"):
        gaussian_mixture_em.fit_mixture_em(x, ([0.5, 0.5], [0.15, -3.0], [1.0, 0.1]), iterations=20)


@pytest.mark.claim("em/mixture-stops-with-an-error")
def test_mixture_em_says_so_when_a_component_loses_every_point():
    x = np.array([0.0, 0.1, 0.2, 0.3])
    with pytest.raises(RuntimeError, match="lost all its points"):
        gaussian_mixture_em.fit_mixture_em(x, ([0.5, 0.5], [0.1, 500.0], [1.0, 0.01]), iterations=3)


# --- pitfalls: local optima and label switching ------------------------------------------


@pytest.mark.claim("em/first-start-finds-the-clusters")
def test_the_first_start_matches_the_three_clusters(run):
    result = run("snippets/em/mixture_local_optima.py")
    ns = result.namespace
    assert re.search(r"^spread out +log-likelihood +-739\.252 ", result.stdout, re.MULTILINE)
    x, labels = ns["x"], ns["labels"]
    order = np.argsort(ns["means"][0])  # components by mean; clusters 0, 1, 2 from left to right
    clusters = [x[labels == k] for k in range(3)]
    within_a_thousandth = 0.001
    for component, cluster in zip(order, clusters, strict=True):
        assert abs(ns["weights"][0, component] - len(cluster) / len(x)) < within_a_thousandth
        assert abs(ns["means"][0, component] - cluster.mean()) < within_a_thousandth
        assert abs(ns["sds"][0, component] - cluster.std()) < within_a_thousandth


@pytest.mark.claim("em/third-start-ends-lower")
def test_the_third_start_converges_lower(run):
    result = run("snippets/em/mixture_local_optima.py")
    log_lik = result.namespace["log_lik"]
    assert re.search(r"^two on the left cluster +log-likelihood +-887\.011 ", result.stdout, re.MULTILINE)
    assert abs(log_lik[-1, 2] - log_lik[-2, 2]) < 5e-10, "converged"


def responsibilities(x: np.ndarray, weights: np.ndarray, means: np.ndarray, sds: np.ndarray) -> np.ndarray:
    joint = gaussian_mixture_em.log_joint(x, weights, means, sds)
    return np.exp(joint - logsumexp(joint, axis=1, keepdims=True))


@pytest.mark.claim("em/third-start-splits-the-left-cluster")
def test_the_poor_optimum_splits_the_left_cluster_and_stretches_over_the_right(run):
    ns = run("snippets/em/mixture_local_optima.py").namespace
    x, labels = ns["x"], ns["labels"]
    weights, means, sds = ns["weights"][2], ns["means"][2], ns["sds"][2]
    resp = responsibilities(x, weights, means, sds)
    wide = np.argmax(sds)
    assert np.all(resp[labels > 0, wide] > 0.99), "one component takes the two right clusters"
    others = np.delete(np.arange(3), wide)
    left_share = resp[labels == 0][:, others].sum(axis=1)
    assert left_share.mean() > 0.95, "the other two hold more than 95% of the left cluster's responsibility"
    narrow = others[np.argmin(sds[others])]
    assert resp[:, narrow].sum() < 10, "fewer than ten of the 300 points"
    assert len(x) == 300


@pytest.mark.claim(
    "em/third-start-is-a-local-maximum",
    "em/stationary-not-global",
    "em/summary-stationary-point",
    "em/checkpoint-3-local-maximum",
)
def test_the_poor_optimum_is_a_strict_local_maximum(run):
    ns = run("snippets/em/mixture_local_optima.py").namespace
    x, log_lik = ns["x"], ns["log_lik"]
    assert abs(log_lik[-1, 2] - log_lik[-2, 2]) < 5e-10, "stopped changing to nine decimals"

    def at(theta: np.ndarray) -> float:  # free parameters: two weight logits, three means, three log sds
        weights = softmax(np.r_[0.0, theta[:2]])
        return mixture_local_optima.fit_mixtures_em(x, weights, theta[2:5], np.exp(theta[5:]), 1)[1][0, 0]

    weights, means, sds = ns["weights"][2], ns["means"][2], ns["sds"][2]
    theta = np.r_[np.log(weights[1:] / weights[0]), means, np.log(sds)]
    assert abs(at(theta) - log_lik[-1, 2]) < 1e-9
    assert np.abs(numerical_gradient(at, theta, 1e-5)).max() < 1e-4, "the gradient is zero"
    assert np.linalg.eigvalsh(numerical_hessian(at, theta, 1e-4)).max() < -1, "curvature negative everywhere"
    assert log_lik[-1, 2] < log_lik[-1, 0] - 100, "and it is not the global maximum"


@pytest.mark.claim("em/third-start-is-a-local-maximum")
def test_em_returns_to_the_poor_optimum_from_perturbed_parameters(run):
    ns = run("snippets/em/mixture_local_optima.py").namespace
    rng = np.random.default_rng(0)
    nudges = rng.normal(0, 0.05, size=(3, 8, 3))
    weights = np.abs(ns["weights"][2] + nudges[0])
    means = ns["means"][2] + nudges[1]
    sds = ns["sds"][2] * np.exp(nudges[2])
    _, log_lik = mixture_local_optima.fit_mixtures_em(ns["x"], weights, means, sds, iterations=300)
    np.testing.assert_allclose(log_lik[-1], ns["log_lik"][-1, 2], rtol=0, atol=1e-6)
    assert np.all(log_lik[0] < ns["log_lik"][-1, 2]), "every perturbation starts lower"


@pytest.mark.claim("em/reversed-start-swaps-the-labels", "em/em-follows-the-start-order")
def test_reversed_start_gives_the_same_fit_with_swapped_labels(run):
    ns = run("snippets/em/mixture_local_optima.py").namespace
    assert abs(ns["log_lik"][-1, 0] - ns["log_lik"][-1, 1]) < 1e-8
    for name in ("weights", "means", "sds"):
        np.testing.assert_allclose(ns[name][1], ns[name][0][::-1], atol=1e-6)
    assert not np.allclose(ns["means"][0], ns["means"][1]), "component 0 means different things"


@pytest.mark.claim("em/likelihood-ignores-label-order", "em/summary-label-switching")
@settings(max_examples=30)
@given(seed=st.integers(0, 2**32 - 1))
def test_permuting_the_components_leaves_the_likelihood_unchanged(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 3, size=50)
    weights, means, sds = rng.dirichlet([1, 1, 1]), rng.normal(0, 3, 3), rng.uniform(0.3, 3, 3)
    orders = [list(p) for p in itertools.permutations(range(3))]
    _, log_lik = mixture_local_optima.fit_mixtures_em(x, weights[orders], means[orders], sds[orders], 1)
    np.testing.assert_allclose(log_lik[0], log_lik[0, 0], rtol=1e-12)


@pytest.mark.claim("em/em-follows-the-start-order")
def test_em_from_each_ordering_of_a_start_finds_the_same_fit_in_that_order(run):
    ns = run("snippets/em/mixture_local_optima.py").namespace
    orders = [list(p) for p in itertools.permutations(range(3))]  # K! = 6 copies
    start = ns["spread"][orders]
    (_, means, sds), log_lik = mixture_local_optima.fit_mixtures_em(
        ns["x"], np.ones((6, 3)), start, np.ones((6, 3)), 250
    )
    np.testing.assert_allclose(log_lik[-1], ns["log_lik"][-1, 0], rtol=0, atol=1e-8)
    for row, order in enumerate(orders):
        np.testing.assert_allclose(means[row], ns["means"][0][order], atol=1e-6)
        np.testing.assert_allclose(sds[row], ns["sds"][0][order], atol=1e-6)
    assert len({tuple(np.round(m, 3)) for m in means}) == 6, "six different labellings of one fit"


@pytest.mark.claim("em/identical-components-stay-identical")
def test_identical_mixture_components_stay_identical(run):
    x = run("snippets/em/gaussian_mixture_em.py").namespace["x"]
    (weights, means, sds), _ = gaussian_mixture_em.fit_mixture_em(x, ([0.5, 0.5], [0.3, 0.3], [1.0, 1.0]), 40)
    assert weights[0] == weights[1] and means[0] == means[1] and sds[0] == sds[1]
    assert abs(means[0] - x.mean()) < 1e-12 and abs(sds[0] - x.std()) < 1e-12, "both are one normal fit"


def test_local_optima_function_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        mixture_local_optima.fit_mixtures_em(np.zeros(4), np.ones(3), np.zeros(2), np.ones(3), 5)
    with pytest.raises(ValueError, match="must be positive"):
        mixture_local_optima.fit_mixtures_em(np.zeros(4), np.ones(2), np.zeros(2), np.array([1.0, 0.0]), 5)


# --- pitfalls: a component collapsing onto one point ---------------------------------------------


@pytest.mark.claim("em/log-ten-per-decade", "em/mixture-likelihood-unbounded", "em/summary-unbounded")
def test_the_mixture_likelihood_grows_without_limit(run):
    result = run("snippets/em/likelihood_unbounded.py")
    profile, log10_sd = result.namespace["profile"], result.namespace["log10_sd"]
    straight = log10_sd < -4  # "once sigma is below 1e-4"
    slope = np.diff(profile[straight]) / -np.diff(log10_sd[straight])
    np.testing.assert_allclose(slope, np.log(10), rtol=1e-4)
    assert "each factor 10 smaller adds log(10) = 2.303 nats" in result.stdout
    assert profile[-1] > profile[0], "a straight line of positive slope: no upper limit"


@pytest.mark.claim("em/spike-beats-the-sensible-fit")
def test_a_degenerate_component_beats_the_sensible_fit(run):
    unbounded, collapse = run("snippets/em/likelihood_unbounded.py"), run("snippets/em/mixture_collapse.py")
    np.testing.assert_array_equal(unbounded.namespace["x"], collapse.namespace["x"])
    assert "sd of component 1 = 1e-30: log-likelihood  -158.756" in unbounded.stdout
    assert "with the prior, after 99 iterations: log-likelihood -159.559" in collapse.stdout
    assert unbounded.namespace["profile"][-1] > collapse.namespace["guarded"][-1, 0]


@pytest.mark.claim("em/start-on-the-most-isolated-point")
def test_the_start_sits_on_the_most_isolated_point(run):
    result = run("snippets/em/mixture_collapse.py")
    x, lonely = result.namespace["x"], result.namespace["lonely"]
    distances = np.abs(x[:, None] - x[None, :]) + np.diag(np.full(len(x), np.inf))
    assert lonely == x[np.argmax(distances.min(axis=1))], "the largest distance to its nearest neighbour"
    assert result.namespace["start"][1][1] == lonely
    assert "component 1 on the isolated point x = -4.035, sd 0.1" in result.stdout


@pytest.mark.claim("em/component-grabs-the-point")
def test_the_component_takes_the_isolated_point_and_shrinks(run):
    ns = run("snippets/em/mixture_collapse.py").namespace
    resp = responsibilities(ns["x"], *(np.asarray(v, dtype=float) for v in ns["start"]))
    assert resp[ns["x"] == ns["lonely"], 1] > 0.99, "more than 0.99 of that point"
    assert resp[:, 1].sum() < 1, "less than one point's worth in all"
    assert ns["plain"][1, 1] < ns["plain"][0, 1], "and it shrinks"


@pytest.mark.claim("em/plain-em-collapses")
def test_plain_em_collapses_in_two_iterations(run):
    ns = run("snippets/em/mixture_collapse.py").namespace
    plain = ns["plain"]
    assert len(plain) == 3, "the start, two iterations, then the stop"
    assert plain[1, 1] < 0.01 and plain[2, 1] == 0, "below a hundredth, then exactly zero"
    (_, means, sds), _ = mixture_collapse.run_em(ns["x"], ns["start"], 200)
    assert sds[1] == 0 and means[1] == ns["lonely"], "the mean exactly on the point"


@pytest.mark.claim("em/collapsed-likelihood-unbounded")
def test_the_collapsed_likelihood_grows_like_minus_log_sigma(run):
    ns = run("snippets/em/mixture_collapse.py").namespace
    (weights, means, sds), _ = mixture_collapse.run_em(ns["x"], ns["start"], 200)
    sigmas = 10.0 ** np.arange(-6, -19, -3)  # sigma -> 0
    log_lik = np.array(
        [mixture_collapse.run_em(ns["x"], (weights, means, [sds[0], s]), 1)[1][0, 0] for s in sigmas]
    )
    np.testing.assert_allclose(np.diff(log_lik), -np.diff(np.log(sigmas)), rtol=1e-6)
    assert ns["plain"][-1, 0] == np.inf, "the run records it as inf"


def log_prior(variances: np.ndarray, nu: float, s0_squared: float) -> np.ndarray:
    """The page's prior on each variance, up to a constant: nu imaginary points at squared distance s0^2."""
    return (-nu / 2 * np.log(variances) - nu * s0_squared / (2 * variances)).sum(axis=-1)


def one_m_step(x: np.ndarray, start: tuple, nu: float, s0_squared: float) -> tuple:
    """(N_k, weighted sum of squares S_k, plain variance, MAP variance) after one M-step of run_em."""
    (weights, means, plain_sds), _ = mixture_collapse.run_em(x, start, 1)
    (map_weights, map_means, map_sds), _ = mixture_collapse.run_em(x, start, 1, nu, s0_squared)
    np.testing.assert_array_equal(map_weights, weights)
    np.testing.assert_array_equal(map_means, means)
    counts = weights * len(x)
    return counts, counts * plain_sds**2, plain_sds**2, map_sds**2


random_mixture_data = {
    "seed": st.integers(0, 2**32 - 1),
    "nu": st.floats(2.5, 20.0),
    "s0_squared": st.floats(0.01, 5.0),
}


@pytest.mark.claim("em/map-variance-update", "em/map-prior-is-inverse-gamma", "em/shape-nu-over-two-adds-two")
@settings(max_examples=40)
@given(**random_mixture_data)
def test_the_variance_update_is_the_map_under_the_stated_prior(seed, nu, s0_squared):
    rng = np.random.default_rng(seed)
    x = rng.normal(rng.choice([-2.0, 2.0], size=40), 1.0)
    start = ([0.5, 0.5], rng.uniform(-3, 3, size=2), rng.uniform(0.2, 2, size=2))
    counts, squares, _, map_variance = one_m_step(x, start, nu, s0_squared)
    variances = np.geomspace(1e-3, 1e3, 13)[:, None]
    up_to_a_constant = log_prior(variances, nu, s0_squared) - invgamma.logpdf(
        variances[:, 0], nu / 2 - 1, scale=nu * s0_squared / 2
    )
    np.testing.assert_allclose(up_to_a_constant, up_to_a_constant[0], rtol=1e-9)  # the same density
    for k in range(2):
        # minus (the weighted Gaussian log-likelihood in the variance + the log of an inverse-gamma
        # density), over t = log variance; shape nu/2 - 1 and scale nu s0^2 / 2 is the page's prior
        def minus_posterior(t: float, k: int = k, shape: float = nu / 2 - 1) -> float:
            v = np.exp(t)
            gaussian = -counts[k] / 2 * t - squares[k] / (2 * v)
            return -(gaussian + invgamma.logpdf(v, shape, scale=nu * s0_squared / 2))

        def argmax(shape: float, k: int = k) -> float:
            centre = np.log(map_variance[k])  # a factor e^3 either side; the objective is unimodal
            found = minimize_scalar(
                lambda t: minus_posterior(t, k, shape),
                bounds=(centre - 3, centre + 3),
                method="bounded",
                options={"xatol": 1e-10},
            )
            return float(np.exp(found.x))

        np.testing.assert_allclose(map_variance[k], argmax(nu / 2 - 1), rtol=1e-6)
        # the conjugate shape nu/2 puts N_k + nu + 2 in the denominator instead of N_k + nu
        conjugate = argmax(nu / 2)
        expected = (squares[k] + nu * s0_squared) / (counts[k] + nu + 2)
        np.testing.assert_allclose(conjugate, expected, rtol=1e-6)
        assert conjugate < map_variance[k]


@pytest.mark.claim("em/map-variance-floor")
@settings(max_examples=40)
@given(outlier=st.booleans(), **random_mixture_data)
def test_the_map_variance_never_falls_below_its_floor(seed, nu, s0_squared, outlier):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, size=30)
    means = rng.uniform(-2, 2, size=2)
    if outlier:  # put component 1 on a far point alone: it then holds one point or less
        x[0], means[1] = 40.0, 40.0
    sds = [1.0, 0.01] if outlier else [1.0, 0.3]
    counts, _, _, map_variance = one_m_step(x, ([0.5, 0.5], means, sds), nu, s0_squared)
    assert np.all(map_variance >= nu * s0_squared / (counts + nu) * (1 - 1e-12))
    held_one_point_or_less = counts <= 1 + 1e-9
    assert np.all(map_variance[held_one_point_or_less] >= nu * s0_squared / (1 + nu) * (1 - 1e-12))
    if outlier:
        assert held_one_point_or_less[1]


@pytest.mark.claim("em/map-variance-floor")
def test_a_component_alone_on_one_point_sits_at_four_fifths_of_s0_squared():
    x = np.r_[np.linspace(-1, 1, 20), 40.0]
    counts, _, _, map_variance = one_m_step(x, ([0.5, 0.5], [0.0, 40.0], [1.0, 0.01]), 4, 0.5)
    assert abs(counts[1] - 1) < 1e-12
    np.testing.assert_allclose(map_variance[1], 0.8 * 0.5, rtol=1e-9)  # s0^2 nu / (1 + nu) with nu = 4


@pytest.mark.claim("em/map-variance-is-a-weighted-average")
@settings(max_examples=40)
@given(**random_mixture_data)
def test_the_map_variance_is_a_weighted_average_of_the_plain_one_and_s0_squared(seed, nu, s0_squared):
    rng = np.random.default_rng(seed)
    x = rng.normal(rng.choice([-2.0, 2.0], size=40), 1.0)
    start = ([0.5, 0.5], rng.uniform(-3, 3, size=2), rng.uniform(0.2, 2, size=2))
    counts, _, plain_variance, map_variance = one_m_step(x, start, nu, s0_squared)
    prior_weight = nu / (counts + nu)
    np.testing.assert_allclose(
        map_variance, (1 - prior_weight) * plain_variance + prior_weight * s0_squared, rtol=1e-10
    )


@pytest.mark.claim("em/map-variance-is-a-weighted-average")
def test_in_the_guarded_run_the_prior_weighs_at_most_a_tenth(run):
    ns = run("snippets/em/mixture_collapse.py").namespace
    counts = ns["weights"] * len(ns["x"])
    np.testing.assert_array_equal(np.round(counts), [43, 37])  # "43 and 37 points' worth"
    assert np.all(ns["prior_points"] / (counts + ns["prior_points"]) <= 0.1)


@pytest.mark.claim("em/map-posterior-bounded")
def test_with_the_prior_the_spike_loses(run):
    unbounded, collapse = run("snippets/em/likelihood_unbounded.py"), run("snippets/em/mixture_collapse.py")
    ns = collapse.namespace
    np.testing.assert_array_equal(unbounded.namespace["x"], ns["x"])
    sds, profile = unbounded.namespace["sds"], unbounded.namespace["profile"]
    posterior = profile + log_prior(sds**2, ns["prior_points"], ns["prior_variance"])
    small = sds[:, 1] < 1e-4
    assert np.all(np.diff(profile[small]) > 0), "the likelihood keeps rising as sigma shrinks"
    assert np.all(np.diff(posterior[small]) < 0), "the log-posterior falls"
    assert posterior[-1] < -1e50, "without limit"


@pytest.mark.claim("em/map-em-finds-both-clusters")
def test_with_the_prior_em_finds_both_clusters(run):
    result = run("snippets/em/mixture_collapse.py")
    ns = result.namespace
    assert "means [ 1.818 -1.982]" in result.stdout
    assert ns["prior_points"] == 4 and ns["prior_variance"] == ns["x"].var() / 20
    order = np.argsort(ns["means"])
    se = ns["sds"][order] / np.sqrt(ns["weights"][order] * len(ns["x"]))
    assert np.all(np.abs(ns["means"][order] - np.array([-2.0, 2.0])) <= 2 * se)


@pytest.mark.claim("em/map-em-climbs-the-posterior")
def test_map_em_climbs_the_log_posterior_not_the_log_likelihood(run):
    ns = run("snippets/em/mixture_collapse.py").namespace
    x, start, guarded = ns["x"], ns["start"], ns["guarded"]
    nu, s0_squared = ns["prior_points"], ns["prior_variance"]
    sds_after = [np.asarray(start[2], dtype=float)] + [
        mixture_collapse.run_em(x, start, steps, nu, s0_squared)[0][2] for steps in range(1, len(guarded))
    ]
    posterior = guarded[:, 0] + log_prior(np.array(sds_after) ** 2, nu, s0_squared)
    assert np.all(np.diff(posterior) >= -ROUNDING * abs(posterior[0])), "the log-posterior never falls"
    assert np.diff(guarded[:, 0]).min() < -1e-5, "the log-likelihood dips at some iterations"


def test_unbounded_and_collapse_functions_reject_bad_input():
    with pytest.raises(ValueError, match="standard deviations must be positive"):
        likelihood_unbounded.mixture_log_likelihood(
            np.zeros(3), np.array([0.5, 0.5]), np.zeros(2), np.array([1, 0])
        )
    with pytest.raises(ValueError, match="prior_points >= 0"):
        mixture_collapse.run_em(np.zeros(3), ([0.5, 0.5], [0, 1], [1, 1]), 5, prior_points=-1)


# --- exercise 1: a Poisson mixture --------------------------------------------------------------


@pytest.mark.claim("em/poisson-m-step")
@settings(max_examples=30)
@given(seed=st.integers(0, 2**32 - 1))
def test_one_poisson_em_step_is_the_weighted_poisson_mle(seed):
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rng.choice([2.0, 9.0], size=60))
    start = (np.array([0.5, 0.5]), rng.uniform(0.5, 12, size=2))
    joint = poisson_mixture_em.poisson_log_joint(counts, *start)
    resp = np.exp(joint - logsumexp(joint, axis=1, keepdims=True))
    (weights, rates), _ = poisson_mixture_em.poisson_mixture_em(counts, start, iterations=1)
    np.testing.assert_allclose(weights, resp.sum(axis=0) / len(counts), rtol=1e-12)
    np.testing.assert_allclose(rates, resp.T @ counts / resp.sum(axis=0), rtol=1e-12)

    def q_value(w0: float, lam: np.ndarray) -> float:
        return (resp * poisson_mixture_em.poisson_log_joint(counts, np.array([w0, 1 - w0]), lam)).sum()

    for nudge in rng.normal(0, 0.01, size=(20, 3)):
        assert q_value(weights[0] + nudge[0], rates * np.exp(nudge[1:])) < q_value(weights[0], rates)


@pytest.mark.claim("em/poisson-never-decreases")
def test_poisson_mixture_em_never_decreased_in_this_run(run):
    result = run("snippets/em/poisson_mixture_em.py")
    assert np.all(np.diff(result.namespace["log_lik"]) >= -ROUNDING)
    assert result.stdout.splitlines()[-1] == "never decreased (beyond rounding, 1e-9): True"


@pytest.mark.claim("em/poisson-never-decreases", "em/never-lowers", "em/summary-why-it-climbs")
@settings(max_examples=30)
@given(seed=st.integers(0, 2**32 - 1), rate=st.floats(0.5, 20.0))
def test_poisson_mixture_em_is_monotone(seed, rate):
    counts = np.random.default_rng(seed).poisson(rate, size=60)
    _, log_lik = poisson_mixture_em.poisson_mixture_em(counts, ([0.3, 0.7], [1.0, 5.0]), iterations=20)
    assert np.all(np.diff(log_lik) >= -ROUNDING * max(1.0, abs(log_lik[0])))


@pytest.mark.claim("em/poisson-rates-near-the-truth")
def test_poisson_rates_are_within_two_standard_errors_of_the_truth(run):
    ns = run("snippets/em/poisson_mixture_em.py").namespace
    hours = ns["weights"] * len(ns["counts"])
    se = np.sqrt(ns["rates"] / hours)
    assert np.all(np.abs(ns["rates"] - np.array([3.0, 12.0])) <= 2 * se)


@pytest.mark.claim("em/poisson-weight-tracks-the-sample")
def test_the_busy_weight_tracks_this_samples_busy_share(run):
    result = run("snippets/em/poisson_mixture_em.py")
    ns = result.namespace
    busy_weight, share = ns["weights"][1], ns["busy"].mean()
    assert abs(busy_weight - share) < 0.01
    assert abs(busy_weight - share) < abs(busy_weight - 0.3), "closer to the sample's share than to 0.3"
    assert "fitted weights [0.684 0.316]" in result.stdout
    assert "busy share in this sample 0.318" in result.stdout


@pytest.mark.parametrize("counts", [np.array([1, -2, 3]), np.array([1.5, 2.0])])
def test_poisson_mixture_em_rejects_impossible_counts(counts):
    with pytest.raises(ValueError, match="whole numbers >= 0"):
        poisson_mixture_em.poisson_mixture_em(counts, ([0.5, 0.5], [1.0, 2.0]), iterations=2)


# --- exercise 2: a symmetric start ----------------------------------------------------------------


@pytest.mark.claim("em/symmetric-step-gives-one-coin", "em/identical-components-stay-identical")
@settings(max_examples=40)
@given(seed=st.integers(0, 2**32 - 1), p=probability, share=probability)
def test_a_symmetric_step_gives_both_coins_total_heads_over_total_tosses(seed, p, share):
    heads = np.random.default_rng(seed).integers(0, 21, size=25)
    joint = coins_symmetric_start.coin_log_joint(heads, 20, share, p, p)
    np.testing.assert_allclose(np.exp(joint[:, 0] - logsumexp(joint, axis=1)), share, rtol=1e-12)
    assume(0 < heads.sum() < 20 * len(heads))
    path, _ = coins_symmetric_start.two_coin_em(heads, 20, (share, p, p), iterations=1)
    one_coin = heads.sum() / (20 * len(heads))
    np.testing.assert_allclose(path[1], [share, one_coin, one_coin], rtol=1e-12)


@pytest.mark.claim("em/symmetric-start-stays")
def test_a_symmetric_start_stays_on_one_coin(run):
    result = run("snippets/em/coins_symmetric_start.py")
    ns = result.namespace
    path, log_lik = coins_symmetric_start.two_coin_em(ns["heads"], 20, (0.5, 0.5, 0.5), iterations=50)
    np.testing.assert_allclose(path[1:], np.tile([0.5, ns["one_coin"], ns["one_coin"]], (50, 1)), rtol=1e-14)
    np.testing.assert_allclose(log_lik[1:], ns["single"], rtol=0, atol=1e-9)  # exactly one coin's
    assert "p_A = 0.5067, p_B = 0.5067, log-likelihood -116.0914" in result.stdout
    assert "one coin for everything: p = 0.5067, log-likelihood -116.0914" in result.stdout


@pytest.mark.claim(
    "em/symmetric-point-is-a-saddle", "em/stationary-not-global", "em/summary-stationary-point"
)
def test_the_symmetric_fixed_point_is_a_saddle(run):
    ns = run("snippets/em/coins_symmetric_start.py").namespace
    heads, p = ns["heads"], ns["one_coin"]

    def log_lik(theta: np.ndarray) -> float:  # theta = (share_a, p_a, p_b)
        return logsumexp(coins_symmetric_start.coin_log_joint(heads, 20, *theta), axis=1).sum()

    point = np.array([0.5, p, p])
    assert np.abs(numerical_gradient(log_lik, point, 1e-6)).max() < 1e-4, "a stationary point"
    off_point = point + np.array([0, 0.01, 0])
    assert np.abs(numerical_gradient(log_lik, off_point, 1e-6)).max() > 10, "(the test tells them apart)"
    curvature = np.linalg.eigvalsh(numerical_hessian(log_lik, point, 1e-4))
    assert curvature.max() > 100 and curvature.min() < -100, "curving up one way, down another"
    apart, together = np.array([0, 1e-3, -1e-3]), np.array([0, 1e-3, 1e-3])
    assert log_lik(point + apart) > log_lik(point), "moving p_A and p_B apart raises l"
    assert log_lik(point + together) < log_lik(point), "moving them together lowers it"


@pytest.mark.claim("em/any-nudge-escapes")
def test_any_nudge_escapes_to_the_lessons_fit(run):
    result = run("snippets/em/coins_symmetric_start.py")
    ns = result.namespace
    lesson = run("snippets/em/two_coins_em.py").namespace
    fit, best = lesson["path"][-1], lesson["log_lik"][-1]
    for start in [(0.5, 0.51, 0.5), (0.5, 0.500001, 0.5)]:  # the two nudges the page shows
        *final, log_lik = ns["final"][start]
        np.testing.assert_allclose(final, fit, atol=1e-6)
        assert 35 < log_lik - ns["single"] < 36, "35 nats higher"
    assert result.stdout.count("p_A = 0.7807, p_B = 0.3481, log-likelihood -80.6694") == 2
    swapped = fit[[0, 2, 1]] * [-1, 1, 1] + [1, 0, 0]  # the same fit with the coins' labels swapped
    needed = []
    for nudge in (1e-2, -1e-2, 1e-6, -1e-6, 1e-10, -1e-10):  # "any asymmetry", both ways
        path, log_lik = coins_symmetric_start.two_coin_em(ns["heads"], 20, (0.5, 0.5 + nudge, 0.5), 100)
        target = fit if nudge > 0 else swapped
        np.testing.assert_allclose(path[-1], target, atol=1e-6)
        needed.append(np.argmax(log_lik > best - 1e-6))
    assert needed[0] < needed[2] < needed[4], "the smaller the nudge, the more iterations"


@pytest.mark.claim("em/rounding-breaks-the-tie")
def test_rounding_alone_breaks_the_tie_when_the_share_is_not_one_half(run):
    ns = run("snippets/em/coins_symmetric_start.py").namespace
    lesson = run("snippets/em/two_coins_em.py").namespace
    fit = lesson["path"][-1]
    swapped = np.array([1 - fit[0], fit[2], fit[1]])
    path, _ = coins_symmetric_start.two_coin_em(ns["heads"], 20, (0.5, 0.5, 0.5), 40)
    assert np.all(path[1:, 1] == path[1:, 2]), "share 0.5: bitwise equal, for ever"
    for share in (0.1, 0.3, 0.45, 0.55, 0.7, 0.9):
        path, _ = coins_symmetric_start.two_coin_em(ns["heads"], 20, (share, 0.5, 0.5), 40)
        assert np.abs(path[1, 1] - path[1, 2]) < 1e-15, "after one step the coins differ by rounding only"
        assert np.allclose(path[-1], fit, atol=1e-6) or np.allclose(path[-1], swapped, atol=1e-6)


# --- the pitfall figures --------------------------------------------------------------------


def _legend_off_the_axes(fig) -> None:
    """The figure's one legend lies entirely outside (below) the plotting area of each of its axes."""
    fig.draw_without_rendering()
    (legend,) = fig.legends
    box = legend.get_window_extent()
    for ax in fig.get_axes():
        assert not ax.get_legend()
        assert box.y1 <= ax.get_window_extent().y0  # below the axes: no data can sit under it
    assert fig.get_figwidth() <= 5.5


@pytest.mark.claim("em/local-optima-figures")
def test_local_optima_figures_draw_fits_and_paths_with_legends_off_the_data(run):
    result = run("snippets/em/mixture_local_optima.py")
    ns = result.namespace
    assert len(result.figures) == 2
    fits, paths = ns["fits"], ns["paths"]
    (fit_ax,), (path_ax,) = fits.get_axes(), paths.get_axes()
    assert [line.get_label() for line in fit_ax.get_lines()] == [ns["names"][0], ns["names"][2]]
    assert len(fit_ax.patches) == 50  # the data's histogram
    log_lik = ns["log_lik"]
    lines = path_ax.get_lines()
    curves = [line.get_ydata() for line in lines]
    assert len(curves) == 3
    for start, (line, curve) in enumerate(zip(lines, curves, strict=True)):
        assert np.array_equal(line.get_xdata(), np.arange(1, len(log_lik))), "from iteration 1 on"
        assert np.array_equal(curve, log_lik[1:, start]), "iteration 0, the start, is left out"
    assert path_ax.get_xscale() == "log"
    low, high = path_ax.get_ylim()
    assert low < np.min(curves) and np.max(curves) < high, "every plotted point is inside the axes"
    assert np.allclose(curves[0], curves[1], rtol=0, atol=1e-9)  # the first two coincide
    first, second = lines[0], lines[1]  # the second is drawn after, so on top of the first
    assert first.get_linestyle() == "-" and first.get_linewidth() >= 2 * second.get_linewidth()
    assert first.get_alpha() < 1, "wide and pale"
    assert second.get_linestyle() == ":", "dotted"
    for fig in (fits, paths):
        _legend_off_the_axes(fig)


@pytest.mark.claim("em/collapse-figure")
def test_collapse_figure_marks_the_collapsed_point_and_keeps_its_legend_off_the_data(run):
    ns = run("snippets/em/mixture_collapse.py").namespace
    fig, ax = ns["fig"], ns["ax"]
    fit, marker = ax.get_lines()
    assert marker.get_linestyle() == "--" and set(marker.get_xdata()) == {ns["lonely"]}
    grid, density = fit.get_data()
    weights, means, sds = ns["weights"], ns["means"], ns["sds"]
    assert np.allclose(
        density,
        (weights * np.exp(-0.5 * ((grid[:, None] - means) / sds) ** 2) / (sds * np.sqrt(2 * np.pi))).sum(
            axis=1
        ),
    )
    assert np.all(sds > 0.5)  # the guarded fit has no collapsed component
    _legend_off_the_axes(fig)


# --- checkpoints ---------------------------------------------------------------------------


@pytest.mark.claim("em/checkpoint-1-one-step")
def test_checkpoint_one_step_the_bound_rises_and_the_likelihood_above_it(run):
    result = run("snippets/em/em_lower_bound.py")
    ns = result.namespace
    assert "current p_A = 0.550: log-likelihood -108.7730, bound -108.7730" in result.stdout
    assert "M-step p_A  = 0.657: log-likelihood -96.5336, bound -101.8038" in result.stdout
    assert abs(ns["ll_old"] - ns["bound_old"]) < 1e-9, "the bound starts at the log-likelihood"
    assert ns["ll_new"] > ns["bound_new"] > ns["bound_old"], "the bound rises, the likelihood above it"


@pytest.mark.claim("em/checkpoint-2-near-hard-labels")
def test_checkpoint_two_coin_responsibilities_are_nearly_hard_labels(run):
    result = run("snippets/em/two_coins_em.py")
    ns = result.namespace
    joint = two_coins_em.coin_log_joint(ns["heads"], 20, *ns["path"][-1])
    resp = np.exp(joint[:, 0] - logsumexp(joint, axis=1))
    assert len(resp) == 30 and np.all(np.minimum(resp, 1 - resp) < 0.05)
    np.testing.assert_array_equal(resp > 0.5, ns["coin_is_a"])
    assert "labels known: share_A = 0.367, p_A = 0.782, p_B = 0.347" in result.stdout
    em_printed = printed_floats(iteration_rows(result.stdout)[8])[:3]
    assert np.all(np.abs(np.subtract(em_printed, [0.367, 0.782, 0.347])) <= 0.001 + 1e-12)
    # with the hidden labels as 0/1 responsibilities, the M-step's weighted counts are the labels-known MLE
    hard = np.column_stack([ns["coin_is_a"], ~ns["coin_is_a"]]).astype(float)
    p_hard = hard.T @ ns["heads"] / (20 * hard.sum(axis=0))
    np.testing.assert_allclose([hard[:, 0].mean(), *p_hard], [ns["known_share"], *ns["known_p"]], rtol=1e-12)


@pytest.mark.claim("em/checkpoint-3-local-maximum")
def test_checkpoint_the_third_start_stops_far_below_the_first(run):
    result = run("snippets/em/mixture_local_optima.py")
    log_lik = result.namespace["log_lik"]
    assert re.search(r"^spread out +log-likelihood +-739\.252 ", result.stdout, re.MULTILINE)
    assert re.search(r"^two on the left cluster +log-likelihood +-887\.011 ", result.stdout, re.MULTILINE)
    assert log_lik[-1, 2] < log_lik[-1, 0] - 100, "far below"
    assert np.all(np.diff(log_lik[:, 2]) >= -ROUNDING), "EM only climbs on the way there"
    # zero gradient and negative curvature: test_the_poor_optimum_is_a_strict_local_maximum


@pytest.mark.claim("em/checkpoint-4-label-switching")
def test_checkpoint_two_starts_give_one_fit_in_reverse_order(run):
    result = run("snippets/em/mixture_local_optima.py")
    ns = result.namespace
    lines = result.stdout.splitlines()
    assert "log-likelihood  -739.252  means [-8.02  0.27  7.86]" in lines[0]
    assert "log-likelihood  -739.252  means [ 7.86  0.27 -8.02]" in lines[1]
    assert abs(ns["log_lik"][-1, 0] - ns["log_lik"][-1, 1]) < 1e-8
    for name in ("weights", "means", "sds"):
        np.testing.assert_allclose(ns[name][1], ns[name][0][::-1], atol=1e-6)


@pytest.mark.claim("em/checkpoint-5-spike")
def test_checkpoint_a_spike_scores_above_the_sensible_fit(run):
    unbounded, collapse = run("snippets/em/likelihood_unbounded.py"), run("snippets/em/mixture_collapse.py")
    np.testing.assert_array_equal(unbounded.namespace["x"], collapse.namespace["x"])
    assert "sd of component 1 = 1e-30: log-likelihood  -158.756" in unbounded.stdout
    assert "with the prior, after 99 iterations: log-likelihood -159.559" in collapse.stdout
    assert unbounded.namespace["profile"][-1] > collapse.namespace["guarded"][-1, 0]


@pytest.mark.claim("em/checkpoint-5-prior")
def test_checkpoint_from_the_collapsing_start_the_prior_finds_both_clusters(run):
    result = run("snippets/em/mixture_collapse.py")
    ns = result.namespace
    assert "plain EM, iteration 2: log-likelihood       inf, smallest sd 0.00e+00" in result.stdout
    order = np.argsort(ns["means"])
    se = ns["sds"][order] / np.sqrt(ns["weights"][order] * len(ns["x"]))
    assert np.all(np.abs(ns["means"][order] - np.array([-2.0, 2.0])) <= 2 * se), "one mean per cluster"
    assert np.all(ns["sds"] > 0.5), "no component collapsed"
