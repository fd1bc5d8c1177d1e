"""Claims of the lesson "Basics of statistical inference", checked on the snippets' real results."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
