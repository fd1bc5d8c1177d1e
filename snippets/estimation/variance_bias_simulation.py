"""Average the divide-by-n variance over many samples: it lands on (n - 1)/n · σ², not on σ²."""

import matplotlib.pyplot as plt
import numpy as np


def variance_by_prefix(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row and each n = 2..width: divide-by-n and divide-by-(n-1) variances of its first n values.

    Returns two arrays of shape (rows, width - 1); column j belongs to n = j + 2.
    """
    samples = np.asarray(samples, dtype=float)
    if samples.ndim != 2 or samples.shape[1] < 2:
        raise ValueError(f"need a 2-D array with at least 2 columns, got shape {samples.shape}")
    n = np.arange(1, samples.shape[1] + 1)
    sums, sums_of_squares = np.cumsum(samples, axis=1), np.cumsum(samples**2, axis=1)
    squared_deviations = sums_of_squares - sums**2 / n  # sum of (x - mean)² over the first n values
    return (squared_deviations / n)[:, 1:], (squared_deviations[:, 1:] / (n[1:] - 1))


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    sigma, repetitions, largest_n = 2.0, 40_000, 30  # sizes chosen so the run stays well under a second
    samples = rng.normal(0.0, sigma, size=(repetitions, largest_n))
    mle, bessel = variance_by_prefix(samples)
    n = np.arange(2, largest_n + 1)
    mean_mle, mean_bessel = mle.mean(axis=0), bessel.mean(axis=0)
    standard_error = mle.std(axis=0, ddof=1) / np.sqrt(repetitions)
    bessel_error = standard_error * n / (n - 1)  # s² = n/(n - 1) · σ̂²_MLE, so its s.e. scales too
    worst = np.max(np.abs(mean_mle - (n - 1) / n * sigma**2) / standard_error)

    print(f"true σ² = {sigma**2:.1f}, {repetitions} samples for each n")
    print(f"{'n':>3} {'mean sigma_hat²_MLE':>19} {'(n-1)/n σ²':>11} {'± MC s.e.':>10} {'mean s²':>8}")
    for size in (2, 5, 10, 30):
        j = size - 2
        print(
            f"{size:>3} {mean_mle[j]:>19.4f} {(size - 1) / size * sigma**2:>11.4f} "
            f"{standard_error[j]:>10.4f} {mean_bessel[j]:>8.4f}"
        )
    print(f"largest |mean sigma_hat²_MLE - (n-1)/n σ²| over n = 2..{largest_n}: {worst:.2f} standard errors")

    fig, ax = plt.subplots()
    ax.set_title("Average variance estimate by sample size\n(bars: ±2 standard errors)")
    ax.axhline(sigma**2, color="C5", linestyle=":", label="true σ²")
    ax.plot(n, (n - 1) / n * sigma**2, color="C1", label="(n − 1)/n · σ²")
    mle_label, bessel_label = "mean of divide-by-n", "mean of divide-by-(n − 1)"
    mle_bars = ax.errorbar(n, mean_mle, 2 * standard_error, fmt="o", color="C0", ms=4, label=mle_label)
    bessel_bars = ax.errorbar(n, mean_bessel, 2 * bessel_error, fmt="s", color="C2", ms=4, label=bessel_label)
    ax.set_xlabel("sample size n")
    ax.set_ylabel("average estimate of σ²")
    ax.legend()
    plt.show()
