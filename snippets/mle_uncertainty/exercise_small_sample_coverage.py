"""Exercise: coverage of the Wald and likelihood-ratio 95% intervals for a proportion with n = 20."""

import numpy as np
from scipy import stats
from scipy.special import xlogy

CUT = stats.chi2.ppf(0.95, df=1)


def wald_interval(successes, n: int):
    """p̂ ± 1.96·sqrt(p̂(1 - p̂)/n), cut to [0, 1]."""
    p_hat = np.asarray(successes, dtype=float) / n
    half = np.sqrt(CUT * p_hat * (1 - p_hat) / n)
    return np.clip(p_hat - half, 0, 1), np.clip(p_hat + half, 0, 1)


def lr_interval(successes, n: int, iterations: int = 60):
    """The p with 2[ℓ(p̂) - ℓ(p)] <= 3.84, by bisection on each side of p̂; it never leaves [0, 1]."""
    k = np.asarray(successes, dtype=float)
    if n < 1 or np.any((k < 0) | (k > n) | (k != np.round(k))):
        raise ValueError("need n >= 1 and whole numbers of successes between 0 and n")
    p_hat = k / n

    def statistic(p):
        with np.errstate(divide="ignore", invalid="ignore"):  # p = p̂ = 0 or 1: that end is set below
            return 2 * (xlogy(k, p_hat / p) + xlogy(n - k, (1 - p_hat) / (1 - p)))

    ends = []
    for edge in (0.0, 1.0):  # the statistic grows from 0 at p̂ toward each edge
        near, far = p_hat.copy(), np.full_like(p_hat, edge)
        for _ in range(iterations):
            middle = (near + far) / 2
            inside = statistic(middle) <= CUT
            near, far = np.where(inside, middle, near), np.where(inside, far, middle)
        ends.append(np.where(p_hat == edge, edge, (near + far) / 2))
    return ends[0], ends[1]


if __name__ == "__main__":
    rng = np.random.default_rng(20)
    n, experiments, grid = 20, 10_000, np.linspace(0.01, 0.99, 99)
    counts = rng.binomial(n, grid[:, None], size=(grid.size, experiments))
    every_count = np.arange(n + 1)  # the intervals of the 21 possible counts, looked up
    shown = np.searchsorted(grid.round(2), [0.05, 0.1, 0.2, 0.3, 0.5])  # grid points shown in the table
    print(f"n = {n}, {experiments} simulated experiments at each p from {grid[0]:.2f} to {grid[-1]:.2f}")
    print(f"{'p':>5}" + "".join(f"{p:>8.2f}" for p in grid[shown]) + f"{'mean':>8}{'lowest':>8}")
    for name, interval in (("Wald", wald_interval), ("LR", lr_interval)):
        low, high = interval(every_count, n)
        coverage = np.mean((low[counts] <= grid[:, None]) & (grid[:, None] <= high[counts]), axis=1)
        values = [*coverage[shown], coverage.mean(), coverage.min()]
        print(f"{name:<5}" + "".join(f"{c:>8.3f}" for c in values))
    low, high = lr_interval(0, n)
    print(f"0 of {n}: Wald [0, 0]; LR [{float(low):.3f}, {float(high):.3f}]")
