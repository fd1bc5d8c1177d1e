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

    print(f"true rate θ = {rate}, {paths} independent sequences; √10 = {np.sqrt(10):.2f}")
    print(f"{'n':>6} {'mean |theta_hat - θ|':>20} {'fall':>5} {'P(|theta_hat - θ| > 0.1)':>24}", end="")
    print(f" {'outside θ ± 2θ/√n':>18}")
    checkpoints, previous = np.array([10, 100, 1000, 10_000]), None
    for n in checkpoints:
        errors = np.abs(estimates[:, n - 1] - rate)
        far, outside = np.mean(errors > tolerance), np.mean(errors > 2 * rate / np.sqrt(n))
        fall = "" if previous is None else f"{previous / errors.mean():.2f}"  # error at n/10 ÷ error at n
        previous = errors.mean()
        print(f"{n:>6} {errors.mean():>20.4f} {fall:>5} {far:>24.3f} {outside:>18.3f}")
    spread = np.std(estimates[:, -1], ddof=1)  # for large n the MLE's spread approaches θ/√n
    print(f"n = {largest_n}: sd of the {paths} estimates {spread:.4f}, θ/√n = {rate / largest_n**0.5:.4f}")

    shown_n = np.unique(np.geomspace(1, largest_n, 100).astype(int))
    fig, ax = plt.subplots(figsize=(5.5, 4.6), layout="constrained")
    ax.set_title("Rate MLE 1/x̄ along five sequences\nof exponential waiting times")
    for path in range(5):
        ax.plot(
            shown_n,
            estimates[path, shown_n - 1],
            color=f"C{path}",
            linewidth=1.2,
            label=f"sequence {path + 1}",
        )
    band = 2 * rate / np.sqrt(shown_n)  # ± 2 asymptotic standard deviations, θ/√n
    ax.fill_between(shown_n, rate - band, rate + band, color="C5", alpha=0.2, label="θ ± 2θ/√n")
    ax.axhline(rate, color="C5", linestyle=":")
    ax.set(xscale="log", xlabel="observations n (log scale)", ylabel="estimated rate θ̂", ylim=(0, 5))
    ax.xaxis.set_major_formatter("{x:g}")  # 1, 10, 100, ...: no small exponents
    ax.minorticks_off()
    fig.legend(loc="outside lower center", ncols=3)  # below the axes, off the paths
    plt.show()
