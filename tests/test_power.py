"""Claims of the lesson "Power, sample size and many tests", checked on the snippets' real results."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from snippets.power import (
    bonferroni_vs_bh,
    exercise_bh_fdr_by_nulls,
    exercise_peeking_bonferroni,
    exercise_sample_size_small_rates,
    family_wise_error,
    peeking,
    power_curves,
    power_simulation,
)

Z999 = stats.norm.isf(0.0005)  # two-sided 99.9% normal band: a correct claim fails 1 run in 1000


def monte_carlo_se(share: float, trials: int) -> float:
    return float(np.sqrt(share * (1 - share) / trials))


# --- power and sample size ----------------------------------------------------------


def test_required_size_is_the_smallest_n_with_80_percent_power(run):
    result = run("snippets/power/power_curves.py")
    for treated in (0.11, 0.12, 0.13):
        needed = power_curves.required_size_per_group(0.10, treated)
        assert power_curves.two_proportion_power(0.10, treated, needed) >= 0.8
        assert power_curves.two_proportion_power(0.10, treated, needed - 1) < 0.8
        assert f"-> {treated:.2f}: n per group {needed:>5}" in result.stdout
    assert len(result.figures) == 1


def test_with_few_users_power_falls_toward_alpha(run):
    ns = run("snippets/power/power_curves.py").namespace
    for treated in (0.11, 0.12, 0.13):
        curve = power_curves.two_proportion_power(0.10, treated, ns["sizes"])
        assert np.all(np.diff(curve) > 0) and curve[0] < 0.15
    assert power_curves.two_proportion_power(0.10, 0.11, 100) < 0.07


def test_halving_the_effect_roughly_quadruples_the_sample_size():
    small, large = (power_curves.required_size_per_group(0.10, t) for t in (0.11, 0.12))
    assert 3.5 < small / large < 4.2


@settings(max_examples=60)
@given(st.floats(0.02, 0.9), st.floats(0.005, 0.08), st.integers(10, 5000))
def test_power_grows_with_n_and_with_the_effect(rate_a, effect, n):
    rate_b = min(rate_a + effect, 0.99)
    power = power_curves.two_proportion_power(rate_a, rate_b, [n, 2 * n])
    assert power[0] <= power[1] + 1e-12
    bigger = power_curves.two_proportion_power(rate_a, min(rate_b + 0.01, 0.995), n)
    assert power[0] <= bigger + 1e-12
    assert 0.05 - 1e-9 <= power[0] <= 1  # never below alpha for the two-sided test


def test_power_tends_to_alpha_as_the_effect_vanishes():
    assert power_curves.two_proportion_power(0.1, 0.1 + 1e-9, 1000) == pytest.approx(0.05, abs=1e-6)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0.1, 0.1, 100), "no effect to detect"),
        ((0.0, 0.1, 100), "strictly between 0 and 1"),
        ((0.1, 0.2, 0), "at least 1"),
        ((0.1, 0.2, 100, 1.5), "alpha must be"),
    ],
)
def test_power_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        power_curves.two_proportion_power(*args)


def test_required_size_rejects_bad_power():
    with pytest.raises(ValueError, match="power must be"):
        power_curves.required_size_per_group(0.1, 0.12, power=1.0)


def test_simulated_power_agrees_with_the_formula(run):
    result = run("snippets/power/power_simulation.py")
    ns = result.namespace
    experiments = ns["experiments"]
    for formula, simulated in zip(ns["formula"], ns["simulated"], strict=True):
        assert abs(simulated - formula) <= Z999 * monte_carlo_se(formula, experiments)
    assert np.all(np.abs(ns["simulated"] - ns["formula"]) <= 2 * ns["standard_error"])  # as printed
    assert abs(ns["simulated"][3] - 0.8) <= Z999 * monte_carlo_se(0.8, experiments)
    assert abs(ns["false_alarms"] - 0.05) <= Z999 * monte_carlo_se(0.05, experiments)
    assert len(result.figures) == 1


def test_the_simulation_uses_the_size_the_formula_asked_for(run):
    ns = run("snippets/power/power_simulation.py").namespace
    assert ns["sizes"][3] == power_curves.required_size_per_group(0.10, 0.12)
    assert np.allclose(
        power_simulation.two_proportion_power(0.1, 0.12, ns["sizes"]),
        power_curves.two_proportion_power(0.1, 0.12, ns["sizes"]),
    )


@settings(max_examples=50)
@given(st.integers(20, 3000), st.data())
def test_pooled_z_test_equals_the_chi_square_test(n, data):
    clicks_a = data.draw(st.integers(1, n - 1))
    clicks_b = data.draw(st.integers(1, n - 1))
    table = [[clicks_a, n - clicks_a], [clicks_b, n - clicks_b]]
    expected = stats.chi2_contingency(table, correction=False).pvalue
    assert power_simulation.two_proportion_p_values(clicks_a, clicks_b, n) == pytest.approx(
        expected, rel=1e-6
    )


def test_z_test_without_any_click_gives_p_one_and_rejects_impossible_counts():
    assert power_simulation.two_proportion_p_values(0, 0, 50) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="between 0 and size_per_group"):
        power_simulation.two_proportion_p_values(60, 3, 50)


# --- peeking ------------------------------------------------------------------------


def test_a_single_test_keeps_5_percent_but_peeking_inflates_it(run):
    ns = run("snippets/power/peeking.py").namespace
    experiments, peeking_rate, single = ns["experiments"], ns["peeking"], ns["single_look"]
    # one look on any given day: 5% (30 days checked, so a Bonferroni-wide band)
    band = stats.norm.isf(0.0005 / 30) * monte_carlo_se(0.05, experiments)
    assert np.all(np.abs(single - 0.05) <= band)
    # peeking daily for 30 days: far above 5%; the lesson says more than four times
    assert peeking_rate[-1] - Z999 * monte_carlo_se(peeking_rate[-1], experiments) > 4 * 0.05
    assert peeking_rate[6] - Z999 * monte_carlo_se(peeking_rate[6], experiments) > 3 * 0.05  # a week
    assert np.all(np.diff(peeking_rate) >= 0)  # each extra look can only add false alarms
    assert peeking_rate[-1] - peeking_rate[-6] > 4 * monte_carlo_se(peeking_rate[-1], experiments)  # rising
    assert peeking_rate[-1] < (1 - 0.95**30) / 2  # far slower than 30 independent tests
    assert peeking_rate[0] == single[0]


def test_daily_p_values_match_a_direct_chi_square_on_cumulative_counts():
    rng = np.random.default_rng(3)
    a, b = rng.binomial(50, 0.2, size=(2, 4, 6))
    p_values = peeking.daily_p_values(a, b, 50)
    for row in range(4):
        for day in (0, 3, 5):
            ca, cb, n = a[row, : day + 1].sum(), b[row, : day + 1].sum(), 50 * (day + 1)
            table = [[ca, n - ca], [cb, n - cb]]
            expected = stats.chi2_contingency(table, correction=False).pvalue
            assert p_values[row, day] == pytest.approx(expected, rel=1e-6)


def test_peeking_functions_reject_bad_input():
    with pytest.raises(ValueError, match="visitors_per_day"):
        peeking.daily_p_values(np.zeros((2, 3)), np.zeros((2, 3)), 0)
    with pytest.raises(ValueError, match="same"):
        peeking.daily_p_values(np.zeros((2, 3)), np.zeros((2, 4)), 10)
    with pytest.raises(ValueError, match="alpha"):
        peeking.stopped_by_day(np.full((2, 3), 0.5), alpha=0)


# --- many tests ---------------------------------------------------------------------


def test_twenty_null_tests_give_at_least_one_false_alarm_about_64_percent_of_the_time(run):
    result = run("snippets/power/family_wise_error.py")
    ns = result.namespace
    families = ns["families"]
    exact = 1 - 0.95**20
    assert ns["independent_fwer"](20, 0.05) == pytest.approx(exact)
    assert abs(ns["fwer_plain"] - exact) <= Z999 * monte_carlo_se(exact, families)
    assert f"formula {exact:.4f}" in result.stdout
    assert "expected number of false alarms without correction: 1.0" in result.stdout


def test_bonferroni_keeps_the_family_wise_error_at_or_below_alpha(run):
    ns = run("snippets/power/family_wise_error.py").namespace
    families = ns["families"]
    assert ns["fwer_bonferroni"] <= 0.05 + Z999 * monte_carlo_se(0.05, families)
    band = stats.norm.isf(0.0005 / 50) * monte_carlo_se(0.05, families)
    assert np.all(ns["bonferroni"] <= 0.05 + band)  # for every family size from 1 to 50
    assert np.all(family_wise_error.independent_fwer(ns["counts"], 0.05 / ns["counts"]) <= 0.05)
    formula = family_wise_error.independent_fwer(ns["counts"], 0.05)
    assert np.all(
        np.abs(ns["plain"] - formula)
        <= stats.norm.isf(0.0005 / 50) * np.sqrt(formula * (1 - formula) / families)
    )


def test_family_wise_functions_reject_bad_input():
    with pytest.raises(ValueError, match="between 0 and 1"):
        family_wise_error.family_wise_error_rate(np.array([[0.2, 1.3]]), 0.05)
    with pytest.raises(ValueError, match="threshold"):
        family_wise_error.independent_fwer(5, 1.0)


def test_bonferroni_controls_fwer_and_bh_controls_fdr(run):
    ns = run("snippets/power/bonferroni_vs_bh.py").namespace
    results, families = ns["results"], ns["families"]
    fwer_bonf, fdr_bonf, power_bonf = results["Bonferroni"]
    fwer_bh, fdr_bh, power_bh = results["Benjamini–Hochberg"]
    fwer_none, fdr_none, power_none = results["no correction"]
    assert fwer_bonf <= 0.05 + Z999 * monte_carlo_se(0.05, families)
    assert fdr_bh <= 0.05 + Z999 * ns["fdr_standard_error"]["Benjamini–Hochberg"]
    assert (
        abs(fdr_bh - ns["bound"]) <= Z999 * ns["fdr_standard_error"]["Benjamini–Hochberg"]
    )  # equality for independent tests
    assert fwer_none > 0.5 and fdr_none > 0.05  # without correction, neither is controlled
    assert fwer_bh > 0.05 + Z999 * monte_carlo_se(0.05, families)  # BH does not promise FWER control
    assert power_bonf < power_bh < power_none
    assert fdr_bonf < fdr_bh and fdr_bonf < 0.05 / 2  # Bonferroni's FDR: far below alpha
    assert 0.4 < power_bonf < 0.6  # "about half of the real effects"
    assert len(ns["results"]) == 3


@settings(max_examples=200)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=40), st.sampled_from([0.01, 0.05, 0.1, 0.2]))
def test_bh_matches_scipy_and_rejects_a_superset_of_bonferroni(p_values, alpha):
    p = np.array(p_values)
    bh = bonferroni_vs_bh.benjamini_hochberg_reject(p, alpha)
    bonferroni = bonferroni_vs_bh.bonferroni_reject(p, alpha)
    assert bh.shape == p.shape
    assert np.all(bh[bonferroni])
    expected = stats.false_discovery_control(p) <= alpha
    assert np.array_equal(bh, expected)


def test_bh_works_row_by_row():
    rng = np.random.default_rng(0)
    p = rng.uniform(size=(50, 12)) ** 3
    rows = np.array([bonferroni_vs_bh.benjamini_hochberg_reject(row, 0.1) for row in p])
    assert np.array_equal(bonferroni_vs_bh.benjamini_hochberg_reject(p, 0.1), rows)


def test_multiple_testing_functions_reject_bad_input():
    with pytest.raises(ValueError, match="between 0 and 1"):
        bonferroni_vs_bh.benjamini_hochberg_reject(np.array([0.1, -0.2]))
    with pytest.raises(ValueError, match="alpha"):
        bonferroni_vs_bh.bonferroni_reject(np.array([0.1]), alpha=0)
    with pytest.raises(ValueError, match="non-empty"):
        bonferroni_vs_bh.bonferroni_reject(np.array([]))


# --- exercises ----------------------------------------------------------------------


def test_rare_events_need_many_more_users(run):
    result = run("snippets/power/exercise_sample_size_small_rates.py")
    needed = result.namespace["needed"]
    assert needed[0.02] > needed[0.10] > needed[0.30]
    assert needed[0.02] / needed[0.30] > 15
    assert needed[0.10] == power_curves.required_size_per_group(0.10, 0.11)
    for baseline, n in needed.items():
        assert exercise_sample_size_small_rates.required_size_per_group(baseline, baseline * 1.1) == n
    with pytest.raises(ValueError, match="must differ"):
        exercise_sample_size_small_rates.required_size_per_group(0.1, 0.1)


def test_bonferroni_across_looks_restores_the_error_rate_at_a_cost_in_power(run):
    ns = run("snippets/power/exercise_peeking_bonferroni.py").namespace
    experiments = ns["experiments"]
    single, peek, strict = ns["rates"]["no effect"]
    assert abs(single - 0.05) <= Z999 * monte_carlo_se(0.05, experiments)
    assert peek > 4 * 0.05
    assert strict <= 0.05 + Z999 * monte_carlo_se(0.05, experiments)
    assert strict < single  # conservative: fewer false alarms than one final test
    power_single, power_peek, power_strict = ns["rates"]["10% vs 12%"]
    assert power_strict < power_single - 0.1  # the price: clearly less power
    assert power_peek > power_single  # peeking "wins" only because it also raises false alarms
    rng = np.random.default_rng(5)
    a, b = rng.binomial(40, 0.3, size=(2, 3, 5))
    assert np.allclose(exercise_peeking_bonferroni.daily_p_values(a, b, 40), peeking.daily_p_values(a, b, 40))
    with pytest.raises(ValueError, match="same shape"):
        exercise_peeking_bonferroni.daily_p_values(a, b[:, :4], 40)


def test_bh_fdr_is_alpha_times_the_share_of_true_nulls(run):
    result = run("snippets/power/exercise_bh_fdr_by_nulls.py")
    ns = result.namespace
    for nulls, fdr in ns["fdr"].items():
        bound = 0.05 * nulls / 20
        # the false discovery proportion lies in [0, 1]: its variance is at most bound·(1 - bound)
        assert abs(fdr - bound) <= Z999 * monte_carlo_se(bound, ns["families"])
    with pytest.raises(ValueError, match="one entry per test"):
        exercise_bh_fdr_by_nulls.false_discovery_rate(np.zeros((3, 4), bool), np.zeros(5, bool))
