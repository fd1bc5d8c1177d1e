"""For Gaussian data the sample median is unbiased but less efficient: about π/2 times the mean's variance."""

import matplotlib.pyplot as plt
import numpy as np


def mean_and_median_variances(samples: np.ndarray) -> tuple[float, float]:
    """Across rows (one data set per row): variance of the row means and of the row medians."""
    samples = np.asarray(samples, dtype=float)
    if samples.ndim != 2 or samples.shape[0] < 2:
        raise ValueError(f"need a 2-D array with at least 2 rows (data sets), got shape {samples.shape}")
    return samples.mean(axis=1).var(ddof=1), np.median(samples, axis=1).var(ddof=1)


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    repetitions = 10_000
    print(f"{repetitions} Gaussian data sets per n; π/2 = {np.pi / 2:.4f}")
    print(f"{'n':>5} {'var(mean)':>10} {'var(median)':>12} {'ratio':>7}")
    ratios = {}
    for n in (11, 51, 201):  # odd n, so the median is one data point; sizes kept small for speed
        samples = rng.normal(0.0, 1.0, size=(repetitions, n))
        var_mean, var_median = mean_and_median_variances(samples)
        ratios[n] = var_median / var_mean
        print(f"{n:>5} {var_mean:>10.5f} {var_median:>12.5f} {ratios[n]:>7.3f}")

    fig, ax = plt.subplots()
    ax.set_title(f"Mean and median of n = {n} Gaussian values, over {repetitions} data sets")
    bins = np.linspace(-0.3, 0.3, 49)
    means, medians = samples.mean(axis=1), np.median(samples, axis=1)
    mean_counts, *_ = ax.hist(means, bins, histtype="step", color="C0", lw=2, label="sample mean")
    median_counts, *_ = ax.hist(medians, bins, histtype="step", color="C1", lw=2, label="sample median")
    ax.set(xlabel="estimate of μ (true μ = 0)", ylabel="number of data sets")
    ax.legend()
    plt.show()
