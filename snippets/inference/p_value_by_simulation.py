"""The p-value by simulation: replay the A/B test 10 000 times in a world where H0 is true."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import binom, norm


def simulate_null_click_gaps(rate: float, n: int, simulations: int, rng: np.random.Generator) -> np.ndarray:
    """clicks_b - clicks_a in `simulations` experiments where both groups of n click with the same rate."""
    if not 0 <= rate <= 1 or n < 1 or simulations < 1:
        raise ValueError(f"need 0 <= rate <= 1, n >= 1, simulations >= 1; got {rate=}, {n=}, {simulations=}")
    clicks = rng.binomial(n, rate, size=(2, simulations))  # row 0: group A, row 1: group B
    return clicks[1] - clicks[0]


def exact_gap_tail(rate: float, n: int, gap: int) -> tuple[float, float]:
    """Exact P(B - A >= gap) and P(B - A = gap) when A and B are independent Binomial(n, rate) counts."""
    if not 0 <= rate <= 1 or n < 1:
        raise ValueError(f"need 0 <= rate <= 1 and n >= 1; got {rate=}, {n=}")
    a = np.arange(n + 1)  # every count of group A, weighted by its probability below
    pmf_a = binom.pmf(a, n, rate)
    return float(pmf_a @ binom.sf(a + gap - 1, n, rate)), float(pmf_a @ binom.pmf(a + gap, n, rate))


if __name__ == "__main__":
    rng = np.random.default_rng(2024)
    clicks_a, clicks_b, n = 103, 129, 1000  # the A/B test above
    gap, observed = clicks_b - clicks_a, (clicks_b - clicks_a) / n
    pooled, simulations = (clicks_a + clicks_b) / (2 * n), 10_000  # H0's rate, estimated as the z-test does

    gaps = simulate_null_click_gaps(pooled, n, simulations, rng)  # whole clicks: ties are exact
    differences = gaps / n
    at_least, ties = np.mean(gaps >= gap), np.mean(gaps == gap)
    mc_error = np.sqrt(at_least * (1 - at_least) / simulations)
    exact, exact_tie = exact_gap_tail(pooled, n, gap)  # what the simulated share estimates
    standard_error = np.sqrt(pooled * (1 - pooled) * 2 / n)
    p_z, p_z_corrected = norm.sf(np.array([gap, gap - 0.5]) / n / standard_error)  # corrected: half a click
    misses = (at_least - exact) / mc_error  # how far the simulation lands from what it estimates

    print(f"observed difference: {observed:.3f}; null rate (pooled): {pooled:.3f}")
    print(f"simulated p: {at_least:.4f} ± {mc_error:.4f} (Monte Carlo s.e., {mc_error / at_least:.1%} of p)")
    print(f"exact tail at the pooled rate: {exact:.4f}; simulated - exact: {misses:+.1f} s.e.")
    print(f"runs tying the observed gap exactly: simulated {ties:.4f}, exact probability {exact_tie:.4f}")
    print(f"z-test one-sided p: {p_z:.4f}, {exact - p_z:.4f} below the exact tail")
    print(f"exact tail minus half the tie probability: {exact - exact_tie / 2:.4f}")
    print(f"z-test with continuity correction (half a click): {p_z_corrected:.4f}")
    print(f"sd of the simulated differences: {differences.std():.4f}; z-test's s.e.: {standard_error:.4f}")

    edges = (gap - 0.5 + 3 * np.arange(-25, 15)) / n  # 3 clicks per bin, an edge at observed
    weights = np.full(simulations, 1 / (simulations * 3 / n))  # bar heights as a density over all runs
    tail = differences >= observed
    fig, ax = plt.subplots(figsize=(5.5, 4.4), layout="constrained")
    for part, colour, label in ((~tail, "C0", "simulated under H₀"), (tail, "C1", "tail: at least as large")):
        ax.hist(differences[part], bins=edges, weights=weights[part], color=colour, label=label)
    x = np.linspace(edges[0], edges[-1], 300)
    ax.plot(x, norm.pdf(x, 0, standard_error), color="C2", label="normal curve of the z-test")
    ax.axvline(observed, color="C3", linestyle="--", label=f"observed {observed:.3f}")
    ax.set_title("Click-rate differences when H₀ is true:\n10 000 simulated experiments")
    ax.set_xlabel("click rate of B minus click rate of A")
    ax.set_ylabel("density")
    fig.legend(loc="outside lower center", ncols=2)  # below the axes, off the data
    plt.show()
