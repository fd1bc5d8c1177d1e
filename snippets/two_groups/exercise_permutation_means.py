"""Exercise: a permutation test for a difference of mean revenue per visitor, next to Welch's t-test."""

import numpy as np
from scipy import stats


def revenue(visitors: int, buy_rate: float, mean_basket: float, rng: np.random.Generator) -> np.ndarray:
    """Revenue of each visitor: 0 for most, a log-normal basket (median `mean_basket`/1.5) for buyers."""
    if visitors < 1 or not 0 < buy_rate < 1 or mean_basket <= 0:
        raise ValueError("need visitors >= 1, 0 < buy_rate < 1 and mean_basket > 0")
    baskets = rng.lognormal(np.log(mean_basket / 1.5), np.sqrt(2 * np.log(1.5)), visitors)  # mean mean_basket
    return np.where(rng.random(visitors) < buy_rate, baskets, 0.0)


def permutation_p_value(a: np.ndarray, b: np.ndarray, resamples: int, rng: np.random.Generator):
    """Two-sided permutation p-value of mean(B) − mean(A), (1 + count) / (1 + B), and its s.e."""
    if a.ndim != 1 or b.ndim != 1 or min(a.size, b.size) < 1 or resamples < 1:
        raise ValueError("a and b must be non-empty 1-D arrays, resamples at least 1")
    observed = b.mean() - a.mean()
    shuffled = rng.permuted(np.tile(np.concatenate([a, b]), (resamples, 1)), axis=1)
    null = shuffled[:, a.size :].mean(axis=1) - shuffled[:, : a.size].mean(axis=1)
    p = (1 + np.count_nonzero(np.abs(null) >= abs(observed) * (1 - 1e-9))) / (1 + resamples)
    return observed, p, np.sqrt(p * (1 - p) / resamples)


if __name__ == "__main__":
    rng = np.random.default_rng(8)
    a = revenue(300, 0.10, 40.0, rng)  # A: 10% buy, 40 on average
    b = revenue(300, 0.10, 52.0, rng)  # B: same buyers, baskets 30% larger
    observed, p, se = permutation_p_value(a, b, 4999, rng)
    welch = stats.ttest_ind(b, a, equal_var=False)
    print(f"mean revenue per visitor: A {a.mean():.2f}, B {b.mean():.2f}; B − A {observed:.2f}")
    print(f"visitors who bought: A {np.count_nonzero(a)}, B {np.count_nonzero(b)}")
    print(f"permutation test, 4999 shuffles: p = {p:.4f} ± {se:.4f}")
    print(f"Welch's t-test: t = {welch.statistic:.3f}, p = {welch.pvalue:.4f}")
