"""The bias-variance picture from real simulated estimators: four ways to estimate a 2-D mean."""

import matplotlib.pyplot as plt
import numpy as np


def simulate_mean_estimates(
    rng: np.random.Generator, target: np.ndarray, offset: np.ndarray, n: int, repetitions: int
) -> np.ndarray:
    """Means of n readings ~ N(target + offset, I), the offset a systematic error; shape (repetitions, 2)."""
    if n < 1 or repetitions < 1:
        raise ValueError(f"n and repetitions must be at least 1, got n={n}, repetitions={repetitions}")
    readings = rng.normal(target + offset, 1.0, size=(repetitions, n, 2))
    return readings.mean(axis=1)


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    target, repetitions = np.array([1.0, 1.0]), 30
    no_offset, offset = np.zeros(2), np.array([0.8, -0.6])  # a miscalibrated instrument: error of length 1
    panels = {  # (systematic offset, readings per estimate)
        "low bias, low variance": (no_offset, 100),
        "low bias, high variance": (no_offset, 4),
        "high bias, low variance": (offset, 100),
        "high bias, high variance": (offset, 4),
    }
    fig, axes = plt.subplots(2, 2, figsize=(5.5, 5.6), sharex=True, sharey=True, layout="constrained")
    fig.suptitle(f"{repetitions} estimates of a 2-D mean\nfrom {repetitions} independent data sets")
    measured = {}
    for ax, (name, (systematic, n)) in zip(axes.flat, panels.items(), strict=True):
        estimates = simulate_mean_estimates(rng, target, systematic, n, repetitions)
        bias = np.linalg.norm(estimates.mean(axis=0) - target)
        variance = estimates.var(axis=0, ddof=1).sum()  # expected squared distance from their own centre
        measured[name] = (bias, variance)
        ax.plot(estimates[:, 0], estimates[:, 1], "o", color="C0", markersize=4, alpha=0.7, label="estimate")
        ax.plot(*target, "X", color="C1", markersize=13, label="true value")
        ax.set_title(f"{name}\n(n = {n})", fontsize=11)
        ax.locator_params(nbins=4)  # few ticks keep the figure light
    fig.supxlabel("estimate of first coordinate", fontsize=11)
    fig.supylabel("estimate of second coordinate", fontsize=11)
    axes[0, 0].legend(loc="lower left")

    print(f"{'panel':<26} {'|bias|':>7} {'variance':>9}")
    for name, (bias, variance) in measured.items():
        print(f"{name:<26} {bias:>7.3f} {variance:>9.3f}")
    print("theory: |bias| = 0 or 1, variance = 2/n = 0.02 (n = 100) or 0.5 (n = 4)")
    centre_error = {n: np.sqrt(2 / (n * repetitions)) for n in (100, 4)}  # RMS error of the cloud's centre
    variance_error = {n: 2 / (n * np.sqrt(repetitions - 1)) for n in (100, 4)}  # s.e. of the variance
    print(f"Monte Carlo error: |bias| ±{centre_error[100]:.3f} or ±{centre_error[4]:.3f}, ", end="")
    print(f"variance ±{variance_error[100]:.4f} or ±{variance_error[4]:.3f}")
    plt.show()
