"""The permutation test of the A/B test: shuffle the group labels, and compare with the exact tail."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats


def permutation_differences(a: np.ndarray, b: np.ndarray, resamples: int, rng: np.random.Generator):
    """mean(B) - mean(A) after each of `resamples` random shuffles of the pooled outcomes."""
    a, b = np.asarray(a), np.asarray(b)
    if a.ndim != 1 or b.ndim != 1 or a.size == 0 or b.size == 0:
        raise ValueError("each group must be a non-empty 1-D array of outcomes")
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, got {resamples}")
    shuffled = rng.permuted(np.tile(np.concatenate([a, b]), (resamples, 1)), axis=1)
    return shuffled[:, a.size :].mean(axis=1) - shuffled[:, : a.size].mean(axis=1)


def permutation_p_value(null: np.ndarray, observed: float, two_sided: bool = True) -> tuple[float, float]:
    """(1 + count) / (1 + B), the data counted as one of the shuffles; and its Monte Carlo s.e."""
    null = np.asarray(null)
    if null.ndim != 1 or null.size == 0:
        raise ValueError("null must be a non-empty 1-D array of shuffled differences")
    slack = 1e-9 * abs(observed)  # rounding must not break a tie with the observed difference
    extreme = np.abs(null) >= abs(observed) - slack if two_sided else null >= observed - slack
    p = (1 + np.count_nonzero(extreme)) / (1 + null.size)
    return p, float(np.sqrt(p * (1 - p) / null.size))


def exact_permutation_p_value(clicks_a: int, n_a: int, clicks_b: int, n_b: int, two_sided: bool = True):
    """The limit of the shuffles: B's clicks are hypergeometric given the total (Fisher's exact test)."""
    if min(n_a, n_b) < 1 or not (0 <= clicks_a <= n_a and 0 <= clicks_b <= n_b):
        raise ValueError(f"need n >= 1 and 0 <= clicks <= n, got {clicks_a}/{n_a} and {clicks_b}/{n_b}")
    total = clicks_a + clicks_b
    counts = np.arange(max(0, total - n_a), min(total, n_b) + 1)  # every possible count of B
    gaps = counts / n_b - (total - counts) / n_a
    observed, slack = clicks_b / n_b - clicks_a / n_a, 1e-9
    extreme = np.abs(gaps) >= abs(observed) - slack if two_sided else gaps >= observed - slack
    return float(stats.hypergeom.pmf(counts[extreme], n_a + n_b, total, n_b).sum())


if __name__ == "__main__":
    rng = np.random.default_rng(2)  # the A/B test of the basics lesson, drawn the same way
    n_a = n_b = 1000
    clicks_a, clicks_b = rng.binomial(n_a, 0.10), rng.binomial(n_b, 0.12)
    one_zero = np.array([1, 0], dtype=np.int8)  # one byte per visitor: 9999 shuffles of 2000 stay small
    a, b = np.repeat(one_zero, [clicks_a, n_a - clicks_a]), np.repeat(one_zero, [clicks_b, n_b - clicks_b])
    observed, resamples = b.mean() - a.mean(), 9999
    null = permutation_differences(a, b, resamples, rng)
    pooled = (clicks_a + clicks_b) / (n_a + n_b)
    z = observed / np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    print(f"A: {clicks_a}/{n_a}, B: {clicks_b}/{n_b}, observed difference {observed:.3f}")
    print(f"{resamples} shuffles; sd of the shuffled differences {null.std():.4f}")
    z_tests = {"two-sided": 2 * stats.norm.sf(abs(z)), "one-sided": stats.norm.sf(z)}
    for (side, z_p), two_sided in zip(z_tests.items(), (True, False), strict=True):
        p, se = permutation_p_value(null, observed, two_sided)
        exact = exact_permutation_p_value(clicks_a, n_a, clicks_b, n_b, two_sided)
        print(f"{side}: permutation p {p:.4f} ± {se:.4f}, exact {exact:.4f}, z-test {z_p:.4f}")
    tie = stats.hypergeom.pmf(clicks_b, n_a + n_b, clicks_a + clicks_b, n_b)
    print(f"P(exactly {clicks_b} clicks in B) = {tie:.4f}; one-sided mid-p {exact - tie / 2:.4f}")

    values, counts = np.unique(np.round(null, 9), return_counts=True)
    tail = np.abs(values) >= abs(observed) - 1e-9
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    for part, colour, label in ((~tail, "C0", "shuffles"), (tail, "C1", "at least as extreme")):
        ax.bar(values[part], counts[part] / resamples, width=0.0016, color=colour, label=label)
    in_b = np.arange(60, 173)  # B's possible clicks in the visible range
    exact_shares = stats.hypergeom.pmf(in_b, n_a + n_b, clicks_a + clicks_b, n_b)
    ax.plot((2 * in_b - clicks_a - clicks_b) / n_b, exact_shares, "o", color="C2", markersize=2.5,
            label="exact (hypergeometric)")
    ax.set_title("B − A after shuffling the labels")
    ax.set_xlabel("difference in click rate, B − A")
    ax.set_ylabel("share of shuffles")
    ax.set_xlim(-0.06, 0.06)
    ax.set_ylim(0, 0.095)  # room for the legend above the bars
    ax.legend(loc="upper left")  # one column: it stays inside the axes
    plt.show()
