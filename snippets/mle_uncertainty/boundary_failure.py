"""Where normality fails: a parameter that cannot be negative, estimated when its true value is 0."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats


def constrained_mean_mle(data: np.ndarray) -> np.ndarray:
    """MLE of a normal mean known to be >= 0, one per row: max(x̄, 0), the likelihood's peak on [0, ∞)."""
    data = np.asarray(data, dtype=float)
    if data.ndim != 2 or data.shape[1] < 1:
        raise ValueError("data must be a 2-D array (data sets, observations)")
    return np.maximum(data.mean(axis=1), 0.0)


def likelihood_ratio_at_zero(estimates: np.ndarray, n: int, sigma: float = 1.0) -> np.ndarray:
    """2·[ℓ(μ̂) - ℓ(0)] = n·μ̂²/σ² for H₀: μ = 0, with the constrained MLE μ̂ (σ known)."""
    if n < 1 or sigma <= 0:
        raise ValueError(f"need n >= 1 and a positive sigma, got n={n}, sigma={sigma}")
    return n * np.asarray(estimates) ** 2 / sigma**2


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    n, datasets = 25, 20_000  # true mean 0, on the boundary of μ >= 0; σ = 1 known, I_n = n
    estimates = constrained_mean_mle(rng.normal(0.0, 1.0, size=(datasets, n)))
    z = estimates * np.sqrt(n)  # standardised: (μ̂ - μ)·sqrt(I_n) with μ = 0
    statistic = likelihood_ratio_at_zero(estimates, n)
    cut = stats.chi2.ppf(0.95, df=1)
    print(f"n = {n}, {datasets} data sets, true mean 0 at the boundary of μ >= 0")
    print(f"share of MLEs exactly 0: {np.mean(estimates == 0):.4f}")
    exact_sd = np.sqrt(0.5 - 1 / (2 * np.pi))  # sd of max(Z, 0) for a standard normal Z
    print(f"sd of the standardised MLE: {z.std(ddof=1):.4f} (normal theory: 1; exact: {exact_sd:.4f})")
    print(f"share of LR statistics above the χ²₁ 95% point {cut:.2f}: {np.mean(statistic > cut):.4f}")

    fig, ax = plt.subplots(figsize=(5.0, 3.4))
    ax.set_title("The MLE with the true value on the boundary")
    bins = np.linspace(0, 4, 33)  # density of the positive part: count / (data sets × bin width)
    positive = z[z > 0]
    weights = np.full(positive.size, 1 / (datasets * (bins[1] - bins[0])))
    ax.hist(positive, bins=bins, weights=weights, color="C0", alpha=0.6, label="MLE > 0 (density)")
    ax.bar(0, np.mean(z == 0), width=0.12, color="C1", label="MLE = 0 (probability)")
    grid = np.linspace(-4, 4, 400)
    ax.plot(grid, stats.norm.pdf(grid), color="C5", linestyle="--", label="N(0, 1): the usual theory")
    ax.set(xlabel="standardised estimate √n·μ̂", ylabel="density / probability", ylim=(0, 0.8))
    ax.legend(loc="upper left")
    plt.show()
