"""The mean of Gaussian data attains the Cramér–Rao bound σ²/n: simulated variance against the bound."""

import numpy as np


def gaussian_mean_cramer_rao_bound(sigma2: float, n: int) -> float:
    """1 / I_n(μ) = σ²/n, where I_n(μ) = n/σ² is the Fisher information of n draws from N(μ, σ²)."""
    if sigma2 <= 0 or n < 1:
        raise ValueError(f"need sigma2 > 0 and n ≥ 1, got sigma2={sigma2}, n={n}")
    return sigma2 / n


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    mu, sigma2, repetitions = 0.0, 4.0, 10_000  # 10 000 data sets per n: ratio known to about ±1.4%
    print(f"σ² = {sigma2}, {repetitions} simulated data sets for each n")
    print(f"{'n':>6} | {'CRB σ²/n':>10} | {'empirical var':>13} | {'ratio':>6}")
    ratios = {}
    for n in (10, 50, 100, 500, 1000):
        sample_means = rng.normal(mu, np.sqrt(sigma2), size=(repetitions, n)).mean(axis=1)
        bound = gaussian_mean_cramer_rao_bound(sigma2, n)
        empirical = sample_means.var(ddof=1)
        ratios[n] = empirical / bound
        print(f"{n:>6} | {bound:>10.5f} | {empirical:>13.5f} | {ratios[n]:>6.3f}")
