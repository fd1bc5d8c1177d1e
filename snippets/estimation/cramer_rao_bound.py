"""Variance of the sample mean and median of Gaussian data against the Cramér–Rao bound σ²/n."""

import matplotlib.pyplot as plt
import numpy as np


def gaussian_mean_cramer_rao_bound(sigma2: float, n: int) -> float:
    """1 / I_n(μ) = σ²/n, where I_n(μ) = n/σ² is the Fisher information of n draws from N(μ, σ²)."""
    if sigma2 <= 0 or n < 1:
        raise ValueError(f"need sigma2 > 0 and n ≥ 1, got sigma2={sigma2}, n={n}")
    return sigma2 / n


def mean_and_median_variances(samples: np.ndarray) -> tuple[float, float]:
    """Across rows (one data set per row): variance of the row means and of the row medians."""
    samples = np.asarray(samples, dtype=float)
    if samples.ndim != 2 or samples.shape[0] < 2:
        raise ValueError(f"need a 2-D array with at least 2 rows (data sets), got shape {samples.shape}")
    return samples.mean(axis=1).var(ddof=1), np.median(samples, axis=1).var(ddof=1)


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    sigma2, repetitions = 4.0, 10_000  # 10 000 data sets per n: each ratio known to about ±1.4%
    sizes = np.array([5, 11, 25, 51, 101, 201])  # odd n, so the median is one data point
    print(f"σ² = {sigma2}, {repetitions} Gaussian data sets per n; π/2 = {np.pi / 2:.4f}")
    print(f"{'n':>5} {'bound σ²/n':>11} {'var(mean)/bound':>16} {'var(median)/bound':>18}")
    bounds, ratios = [], {"mean": [], "median": []}
    for n in sizes:
        samples = rng.normal(0.0, np.sqrt(sigma2), size=(repetitions, n))
        bounds.append(gaussian_mean_cramer_rao_bound(sigma2, n))
        for name, variance in zip(ratios, mean_and_median_variances(samples), strict=True):
            ratios[name].append(variance / bounds[-1])
        print(f"{n:>5} {bounds[-1]:>11.4f} {ratios['mean'][-1]:>16.3f} {ratios['median'][-1]:>18.3f}")
    bounds = np.array(bounds)

    fig, ax = plt.subplots(figsize=(6.0, 4.2))
    ax.set_title("Variance of two unbiased estimators of μ")
    ax.plot(sizes, bounds, color="C2", lw=2, label="bound 1/(n I₁) = σ²/n")
    ax.plot(sizes, np.pi / 2 * bounds, color="C1", ls="--", lw=1.2, label="(π/2) σ²/n")
    ax.plot(sizes, ratios["mean"] * bounds, "o", color="C0", ms=7, label="sample mean")
    ax.plot(sizes, ratios["median"] * bounds, "s", color="C1", ms=7, label="sample median")
    ax.set(xscale="log", yscale="log", xlabel="observations n (log scale)", ylabel="variance (log scale)")
    ax.set_xticks(sizes, labels=[str(n) for n in sizes], minor=False)
    ticks = [0.02, 0.05, 0.1, 0.2, 0.5, 1.0]
    ax.set_yticks(ticks, labels=[f"{t:g}" for t in ticks], minor=False)
    ax.minorticks_off()
    ax.legend(loc="lower left")
    plt.show()
