"""Exercise: divide Σ(x - x̄)² by n - 1, n or n + 1? The unbiased choice does not have the smallest MSE."""

import numpy as np


def variance_estimator_mse_theory(n: int, sigma2: float, divisor: float | np.ndarray) -> float | np.ndarray:
    """Exact MSE of Σ(x - x̄)²/divisor for n Gaussian values; the sum is σ²·χ²(n - 1), variance 2(n - 1)σ⁴."""
    if n < 2 or sigma2 <= 0 or np.any(np.asarray(divisor) <= 0):
        raise ValueError(f"need n ≥ 2, sigma2 > 0 and divisor > 0, got {n=}, {sigma2=}, {divisor=}")
    bias = (n - 1) * sigma2 / divisor - sigma2
    variance = 2 * (n - 1) * sigma2**2 / divisor**2
    return bias**2 + variance


if __name__ == "__main__":
    rng = np.random.default_rng(17)
    n, sigma2, repetitions = 10, 1.0, 100_000
    samples = rng.normal(0.0, np.sqrt(sigma2), size=(repetitions, n))
    sum_of_squares = np.sum((samples - samples.mean(axis=1, keepdims=True)) ** 2, axis=1)

    print(f"n = {n}, σ² = {sigma2}, {repetitions} simulated samples")
    print(f"{'divisor':>8} {'mean estimate':>14} {'simulated MSE':>14} {'± MC s.e.':>10} {'exact MSE':>10}")
    simulated = {}
    for divisor in (n - 1, n, n + 1):
        squared_errors = (sum_of_squares / divisor - sigma2) ** 2
        simulated[divisor] = squared_errors.mean()
        mc_error = squared_errors.std(ddof=1) / np.sqrt(repetitions)
        exact = variance_estimator_mse_theory(n, sigma2, divisor)
        row = f"{divisor:>8} {np.mean(sum_of_squares / divisor):>14.4f} {simulated[divisor]:>14.4f}"
        print(f"{row} {mc_error:>10.4f} {exact:>10.4f}")
