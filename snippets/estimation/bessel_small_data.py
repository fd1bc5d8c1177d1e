"""Bessel's correction on seven numbers: numpy's ddof=0 divides by n, ddof=1 by n - 1."""

import numpy as np


def variance_estimates(data: np.ndarray) -> tuple[float, float]:
    """Return (divide-by-n variance, divide-by-(n-1) variance) of a 1-D sample of two or more values."""
    data = np.asarray(data, dtype=float)
    if data.ndim != 1 or data.size < 2:
        raise ValueError(f"need a 1-D sample of at least 2 values, got shape {data.shape}")
    squared_deviations = (data - data.mean()) ** 2
    n = data.size
    return squared_deviations.sum() / n, squared_deviations.sum() / (n - 1)


if __name__ == "__main__":
    measurements = np.array([4.2, 5.1, 3.8, 4.9, 5.6, 4.4, 5.0])  # n = 7 readings
    n = measurements.size
    by_n, by_n_minus_1 = variance_estimates(measurements)

    print(f"n = {n}, sample mean = {measurements.mean():.4f}")
    print(f"divide by n     (MLE, np.var ddof=0):    {by_n:.4f}")
    print(f"divide by n - 1 (Bessel, np.var ddof=1): {by_n_minus_1:.4f}")
    print(
        f"numpy agrees: {np.isclose(by_n, np.var(measurements, ddof=0))}, "
        f"{np.isclose(by_n_minus_1, np.var(measurements, ddof=1))}"
    )
    print(f"ratio of the two = {by_n_minus_1 / by_n:.4f}, n / (n - 1) = {n / (n - 1):.4f}")
