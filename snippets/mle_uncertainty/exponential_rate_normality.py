"""The sampling distribution of an exponential rate's MLE, 1/x̄, approaches N(θ, θ²/n) as n grows."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats


def rate_mle(waiting_times: np.ndarray) -> np.ndarray:
    """The MLE n / (x_1 + ... + x_n) of each row's exponential rate."""
    waiting_times = np.asarray(waiting_times, dtype=float)
    if waiting_times.ndim != 2 or waiting_times.shape[1] < 1 or np.any(waiting_times <= 0):
        raise ValueError("waiting_times must be a 2-D array (data sets, observations) of positive numbers")
    return 1 / waiting_times.mean(axis=1)


def standardised(estimates: np.ndarray, rate: float, n: int) -> np.ndarray:
    """(θ̂ - θ) · sqrt(I_n(θ)), with the Fisher information I_n(θ) = n/θ² of n exponential draws."""
    if rate <= 0 or n < 1:
        raise ValueError(f"need a positive rate and n >= 1, got rate={rate}, n={n}")
    return (np.asarray(estimates) - rate) * np.sqrt(n) / rate


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    rate, datasets, sizes = 2.0, 20_000, (5, 30, 300)
    print(f"true rate θ = {rate}; {datasets} simulated data sets for each n")
    print(f"{'n':>4} {'mean theta_hat':>14} {'sd theta_hat':>12} {'θ/√n':>7}", end="")
    print(f" {'skewness':>9} {'P(|Z| > 1.96)':>14}")
    z_scores = {}
    for n in sizes:
        estimates = rate_mle(rng.exponential(1 / rate, size=(datasets, n)))
        z_scores[n] = standardised(estimates, rate, n)
        outside = np.mean(np.abs(z_scores[n]) > 1.96)  # 0.05 for an exactly normal Z
        print(
            f"{n:>4} {estimates.mean():>14.3f} {estimates.std(ddof=1):>12.3f} {rate / np.sqrt(n):>7.3f}"
            f" {stats.skew(z_scores[n]):>9.2f} {outside:>14.3f}"
        )

    fig, ax = plt.subplots(figsize=(5.0, 3.4))
    ax.set_title("Standardised rate MLE, (θ̂ − θ)·√n/θ")
    bins = np.linspace(-4, 6, 61)
    for i, n in enumerate(sizes):
        ax.hist(z_scores[n], bins=bins, density=True, histtype="step", color=f"C{i}", label=f"n = {n}")
    grid = np.linspace(-4, 6, 400)
    ax.plot(grid, stats.norm.pdf(grid), color="C5", linestyle="--", label="N(0, 1)")
    ax.set(xlabel="standardised estimate Z", ylabel="density")
    ax.legend()
    plt.show()
