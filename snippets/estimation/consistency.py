"""Consistency: the MLE of an exponential rate, 1/x̄, closes in on the true rate as the sample grows."""

import matplotlib.pyplot as plt
import numpy as np


def running_rate_mle(waiting_times: np.ndarray) -> np.ndarray:
    """For each row, the rate MLE n / (x_1 + ... + x_n) after every n = 1, 2, ... observations."""
    waiting_times = np.asarray(waiting_times, dtype=float)
    if waiting_times.ndim != 2 or np.any(waiting_times <= 0):
        raise ValueError("waiting_times must be a 2-D array (paths, observations) of positive numbers")
    n = np.arange(1, waiting_times.shape[1] + 1)
    return n / np.cumsum(waiting_times, axis=1)


if __name__ == "__main__":
    rng = np.random.default_rng(2024)
    rate, paths, largest_n, tolerance = 2.0, 300, 10_000, 0.1
    estimates = running_rate_mle(rng.exponential(1 / rate, size=(paths, largest_n)))

    print(f"true rate λ = {rate}, {paths} independent sequences")
    print(f"{'n':>6} {'mean |λ̂ - λ|':>14} {'P(|λ̂ - λ| > 0.1)':>18}")
    checkpoints = np.array([10, 100, 1000, 10_000])
    for n in checkpoints:
        errors = np.abs(estimates[:, n - 1] - rate)
        print(f"{n:>6} {errors.mean():>14.4f} {np.mean(errors > tolerance):>18.3f}")

    shown_n = np.unique(np.geomspace(1, largest_n, 100).astype(int))
    fig, ax = plt.subplots()
    ax.set_title("Rate MLE 1/x̄ along five sequences of exponential waiting times")
    for path in range(5):
        ax.plot(
            shown_n,
            estimates[path, shown_n - 1],
            color=f"C{path}",
            linewidth=1.2,
            label=f"sequence {path + 1}",
        )
    band = 2 * rate / np.sqrt(shown_n)  # ± 2 asymptotic standard deviations, λ/√n
    ax.fill_between(shown_n, rate - band, rate + band, color="C5", alpha=0.2, label="λ ± 2λ/√n")
    ax.axhline(rate, color="C5", linestyle=":")
    ax.set(xscale="log", xlabel="observations n (log scale)", ylabel="estimated rate λ̂", ylim=(0, 5))
    ax.minorticks_off()
    ax.legend(ncol=2, fontsize=8)
    plt.show()
