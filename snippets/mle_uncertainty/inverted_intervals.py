"""95% intervals for a Poisson rate from inverting the Wald, score and LR tests, and their coverage."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats
from scipy.special import xlogy

CUT = stats.chi2.ppf(0.95, df=1)  # = 1.96²: keep every λ₀ whose statistic stays below it


def rate_mle(total, n: int) -> np.ndarray:
    """λ̂ = total/n, after checking that the totals are whole numbers >= 0 and that n >= 1."""
    total = np.asarray(total, dtype=float)
    if n < 1 or np.any(total < 0) or np.any(total != np.round(total)):
        raise ValueError("need n >= 1 counts and totals that are whole numbers >= 0")
    return total / n


def wald_interval(total, n: int):
    """The λ₀ with n(λ̂ - λ₀)²/λ̂ <= 3.84: λ̂ ± 1.96·sqrt(λ̂/n), cut at 0 (the point 0 if the total is 0)."""
    rate = rate_mle(total, n)
    return np.maximum(rate - np.sqrt(CUT * rate / n), 0), rate + np.sqrt(CUT * rate / n)


def score_interval(total, n: int):
    """The λ₀ with n(λ̂ - λ₀)²/λ₀ <= 3.84: the two roots of a quadratic in λ₀."""
    rate = rate_mle(total, n)
    high = rate + CUT / (2 * n) + np.sqrt(CUT * rate / n + CUT**2 / (4 * n**2))
    return rate**2 / high, high  # the roots' product is λ̂²: no cancellation, and exactly 0 at a total of 0


def lr_interval(total, n: int, iterations: int = 60):
    """The λ₀ with 2[ℓ(λ̂) - ℓ(λ₀)] <= 3.84, by bisection on each side of λ̂, all totals at once."""
    rate = rate_mle(total, n)
    ends = []
    for low, high in ((np.full_like(rate, 1e-12), rate), (rate, rate + 10 * np.sqrt(rate / n) + 10 / n)):
        for _ in range(iterations):  # the statistic is 0 at λ̂ and grows on each side
            middle = (low + high) / 2
            inside = 2 * (xlogy(rate * n, rate / middle) - n * (rate - middle)) <= CUT
            move_high = inside == (middle < rate)  # below λ̂ inside: the end is lower; above λ̂: higher
            low, high = np.where(move_high, low, middle), np.where(move_high, middle, high)
        ends.append((low + high) / 2)
    return np.where(rate == 0, 0.0, ends[0]), ends[1]


if __name__ == "__main__":
    rng = np.random.default_rng(9)
    methods = {"Wald": wald_interval, "score": score_interval, "LR": lr_interval}
    for name, interval in methods.items():
        low, high = interval(30, 10)
        print(f"30 errors in 10 days, {name:<6} interval for λ: [{low:.3f}, {high:.3f}]")
    n, experiments, means = 10, 4000, np.geomspace(1, 40, 80)  # means: expected total nλ over 10 days
    totals = rng.poisson(means[:, None], size=(means.size, experiments))
    possible, rate = np.arange(totals.max() + 1), means[:, None] / n  # intervals depend only on the total
    fig, ax = plt.subplots(figsize=(5.0, 3.4))
    ax.set_title("Coverage of 95% intervals for a Poisson rate")
    print(f"coverage over {experiments} experiments per point; expected total nλ from 1 to 40")
    for i, (name, interval) in enumerate(methods.items()):
        low, high = interval(possible, n)
        coverage = np.mean((low[totals] <= rate) & (rate <= high[totals]), axis=1)
        print(f"{name:<6} lowest {coverage.min():.3f}, mean {coverage[means < 5].mean():.3f} for nλ < 5, "
              f"{coverage[means >= 5].mean():.3f} for nλ >= 5")
        ax.plot(means, coverage, color=f"C{i}", linewidth=1.2, label=name)
    ax.axhline(0.95, color="C5", linestyle="--", label="promised 95%")
    ax.set(xscale="log", xlabel="expected total count nλ (log scale)", ylabel="coverage", ylim=(0.5, 1))
    ax.set_xticks([1, 2, 5, 10, 20, 40], labels=["1", "2", "5", "10", "20", "40"])
    ax.minorticks_off()
    ax.legend(loc="lower right")
    plt.show()
