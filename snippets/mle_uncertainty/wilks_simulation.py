"""Wilks' theorem by simulation: under H₀ the LR statistic is close to χ² with k degrees of freedom."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats
from scipy.special import xlogy


def lr_equal_rates(totals: np.ndarray, days: int) -> np.ndarray:
    """LR statistic for H₀: all groups share one Poisson rate, from each group's total over `days` days.

    The last axis holds the groups; with g groups, H₀ fixes g - 1 parameters (k = g - 1).
    """
    totals = np.asarray(totals, dtype=float)
    if days < 1 or totals.ndim < 1 or totals.shape[-1] < 2 or np.any(totals < 0):
        raise ValueError("need days >= 1 and counts >= 0 for at least two groups (last axis)")
    expected = totals.mean(axis=-1, keepdims=True)  # each group's fitted total under the common rate
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, totals / expected, 1.0)
    return 2 * np.sum(xlogy(totals, ratio), axis=-1)  # the Σ(total - expected) term is zero


if __name__ == "__main__":
    rng = np.random.default_rng(17)
    days, rate_0, simulations = 10, 2.0, 20_000  # H₀ true: every count Poisson(2)
    totals = rng.poisson(rate_0 * days, size=(simulations, 3))
    # k = 1: one group, H₀: λ = λ₀ fixes its one parameter
    rate = totals[:, 0] / days
    with np.errstate(divide="ignore"):
        one = {"Wald": days * (rate - rate_0) ** 2 / rate, "score": days * (rate - rate_0) ** 2 / rate_0,
               "LR": 2 * (xlogy(totals[:, 0], rate / rate_0) - days * (rate - rate_0))}
    print(f"{simulations} simulated data sets of {days} days, H0 true")
    print("share rejected: the statistic above the 95% point of χ² with k degrees of freedom")
    for name, statistic in one.items():
        print(f"k = 1, {name:<6} rejects {np.mean(statistic > stats.chi2.ppf(0.95, 1)):.4f}")
    three = lr_equal_rates(totals, days)  # k = 2: three groups, H₀: one common rate
    print(f"k = 2, LR     rejects {np.mean(three > stats.chi2.ppf(0.95, 2)):.4f}")
    print(f"{'quantile':>9} {'LR, k = 1':>10} {'χ²₁':>6} {'LR, k = 2':>10} {'χ²₂':>6}")
    for q in (0.5, 0.9, 0.95, 0.99):
        print(f"{q:>9} {np.quantile(one['LR'], q):>10.2f} {stats.chi2.ppf(q, 1):>6.2f}"
              f" {np.quantile(three, q):>10.2f} {stats.chi2.ppf(q, 2):>6.2f}")

    fig, ax = plt.subplots(figsize=(5.0, 3.4))
    ax.set_title("LR statistic under H₀ against χ²ₖ")
    grid = np.linspace(0, 10, 400)
    for k, values, style in ((1, one["LR"], "--"), (2, three, ":")):  # theory: thin ink lines, on top
        ax.ecdf(values, color=f"C{k - 1}", linewidth=3, label=f"simulated, k = {k}")
        theory = stats.chi2.cdf(grid, k)
        ax.plot(grid, theory, color="k", linestyle=style, linewidth=1.3, zorder=3, label=f"χ² with {k} d.f.")
    ax.set(xlabel="LR statistic", ylabel="cumulative probability", xlim=(0, 10))
    ax.legend(loc="lower right")
    plt.show()
