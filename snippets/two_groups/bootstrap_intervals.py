"""Percentile and BCa bootstrap intervals for B − A, next to the Wald and Newcombe intervals."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import special


def difference(clicks_a, n_a: int, clicks_b, n_b: int):
    """k_B/n_B − k_A/n_A as one division of whole numbers: equal differences are equal floats (ties count)."""
    return (np.asarray(clicks_b) * n_a - np.asarray(clicks_a) * n_b) / (n_a * n_b)


def bootstrap_differences(clicks_a: int, n_a: int, clicks_b: int, n_b: int, resamples: int, rng):
    """B − A in `resamples` bootstrap samples: each group's 0/1 outcomes resampled with replacement."""
    if min(n_a, n_b) < 1 or not (0 <= clicks_a <= n_a and 0 <= clicks_b <= n_b) or resamples < 1:
        raise ValueError(
            f"need n >= 1, 0 <= clicks <= n and resamples >= 1; got {clicks_a}/{n_a} and {clicks_b}/{n_b}"
        )
    # n draws with replacement from outcomes with k ones: the count of ones is Binomial(n, k/n)
    ones_b = rng.binomial(n_b, clicks_b / n_b, resamples)
    return difference(rng.binomial(n_a, clicks_a / n_a, resamples), n_a, ones_b, n_b)


def acceleration(clicks_a: int, n_a: int, clicks_b: int, n_b: int) -> float:
    """BCa's acceleration from the jackknife: a sixth of the skewness of p̂_B − p̂_A (0 if it has no spread)."""
    p_a, p_b = clicks_a / n_a, clicks_b / n_b
    third = p_b * (1 - p_b) * (1 - 2 * p_b) / n_b**2 - p_a * (1 - p_a) * (1 - 2 * p_a) / n_a**2
    variance = p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b
    return third / (6 * variance**1.5) if variance > 0 else 0.0


def bca_interval(replicates: np.ndarray, estimate: float, accel: float, level: float = 0.95):
    """Bias-corrected and accelerated interval: the percentiles moved by the bias z0 and the acceleration."""
    if replicates.ndim != 1 or replicates.size < 2 or not 0 < level < 1:
        raise ValueError("need at least two replicates in a 1-D array and 0 < level < 1")
    below = (np.mean(replicates < estimate) + np.mean(replicates <= estimate)) / 2  # ties count half
    z0, z = special.ndtri(below), special.ndtri(np.array([(1 - level) / 2, (1 + level) / 2]))
    levels = special.ndtr(z0 + (z0 + z) / (1 - accel * (z0 + z)))
    return np.quantile(replicates, levels), z0, levels


def newcombe_interval(clicks_a: int, n_a: int, clicks_b: int, n_b: int, level: float = 0.95):
    """Newcombe's hybrid score interval for p_B − p_A, from each group's Wilson interval."""
    z, p_a, p_b = special.ndtri((1 + level) / 2), clicks_a / n_a, clicks_b / n_b
    (low_a, high_a), (low_b, high_b) = (
        ((p + z**2 / (2 * n)) / (1 + z**2 / n) + np.array([-1, 1]) * z / (1 + z**2 / n)
         * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)))
        for p, n in ((p_a, n_a), (p_b, n_b))
    )
    d = p_b - p_a
    return d - np.hypot(p_b - low_b, high_a - p_a), d + np.hypot(high_b - p_b, p_a - low_a)


if __name__ == "__main__":
    rng = np.random.default_rng(2)  # the A/B test of the basics lesson, drawn the same way
    n_a = n_b = 1000
    clicks_a, clicks_b = rng.binomial(n_a, 0.10), rng.binomial(n_b, 0.12)
    estimate, resamples = difference(clicks_a, n_a, clicks_b, n_b), 9999
    replicates = bootstrap_differences(clicks_a, n_a, clicks_b, n_b, resamples, rng)
    accel = acceleration(clicks_a, n_a, clicks_b, n_b)
    bca, z0, levels = bca_interval(replicates, estimate, accel)
    se = np.sqrt(clicks_a * (n_a - clicks_a) / n_a**3 + clicks_b * (n_b - clicks_b) / n_b**3)
    intervals = {"percentile": np.quantile(replicates, [0.025, 0.975]), "BCa": bca,
                 "Wald": estimate + np.array([-1, 1]) * special.ndtri(0.975) * se,
                 "Newcombe": newcombe_interval(clicks_a, n_a, clicks_b, n_b)}
    print(f"A: {clicks_a}/{n_a}, B: {clicks_b}/{n_b}, estimate B − A {estimate:.4f}")
    print(f"{resamples} bootstrap samples: mean {replicates.mean():.4f}, sd {replicates.std():.4f}")
    print(f"Wald standard error {se:.4f}; BCa: z0 {z0:.3f}, acceleration {accel:.4f}")
    print(f"BCa takes the percentiles at {levels[0]:.4f} and {levels[1]:.4f} instead of 0.025 and 0.975")
    for name, (low, high) in intervals.items():
        print(f"95% {name + ':':<12} [{low:.4f}, {high:.4f}]")

    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    ax.hist(replicates, bins=np.arange(-0.0305, 0.0805, 0.002), color="C0")
    for i, (name, ends) in enumerate(intervals.items()):
        ax.plot(ends, [700 + 110 * i] * 2, color=f"C{i + 1}", marker="|", markersize=9)
        ax.text(ends[1] + 0.003, 700 + 110 * i, name, va="center")  # ink: coloured text is too faint
    ax.axvline(estimate, color="C5", linestyle="--")
    ax.text(estimate - 0.002, 1180, "observed", ha="right", va="center", color="C5")
    ax.set_title("9999 bootstrap samples, and four 95% intervals")
    ax.set_xlabel("difference in click rate, B − A")
    ax.set_ylabel("bootstrap samples")
    ax.set_xlim(-0.035, 0.095)
    ax.set_ylim(0, 1270)
    plt.show()
