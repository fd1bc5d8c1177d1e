"""Exercise 2: how often does the z-test cry wolf? 1000 A/A experiments, 8% rate, 500 visitors a group."""

import numpy as np
from scipy.stats import binom, norm


def two_sided_z_p_values(clicks_a: np.ndarray, clicks_b: np.ndarray, n: int) -> np.ndarray:
    """Two-sided pooled z-test p-values, one per experiment; p = 1 when nobody (or everybody) clicked."""
    clicks_a, clicks_b = np.asarray(clicks_a), np.asarray(clicks_b)
    if n < 1 or np.any((clicks_a < 0) | (clicks_a > n) | (clicks_b < 0) | (clicks_b > n)):
        raise ValueError(f"clicks must be between 0 and n in every experiment, with n >= 1; got n={n}")
    pooled = (clicks_a + clicks_b) / (2 * n)
    standard_error = np.sqrt(pooled * (1 - pooled) * 2 / n)
    gap = (clicks_b - clicks_a) / n
    z = np.divide(gap, standard_error, out=np.zeros_like(gap), where=standard_error > 0)
    return 2 * norm.sf(np.abs(z))


def exact_false_positive_rate(n: int, rate: float, alpha: float) -> float:
    """P(p < alpha) under H0, summed exactly over every pair of counts, both groups Binomial(n, rate)."""
    if not 0 <= rate <= 1 or not 0 < alpha < 1:
        raise ValueError(f"need 0 <= rate <= 1 and 0 < alpha < 1, got rate={rate}, alpha={alpha}")
    counts = np.arange(n + 1)
    pmf = binom.pmf(counts, n, rate)
    rejects = two_sided_z_p_values(counts[:, None], counts[None, :], n) < alpha  # one row per count of A
    return float(pmf @ rejects @ pmf)


if __name__ == "__main__":
    rng = np.random.default_rng(42)
    rate, n, experiments, alpha = 0.08, 500, 1000, 0.05
    clicks = rng.binomial(n, rate, size=(2, experiments))  # both groups share the same true rate
    p_values = two_sided_z_p_values(clicks[0], clicks[1], n)
    false_positives = int(np.sum(p_values < alpha))

    exact_rate = exact_false_positive_rate(n, rate, alpha)  # the test's real level, not quite alpha
    low, high = binom.ppf([0.005, 0.995], experiments, exact_rate) / experiments
    print(f"A/A experiments: {experiments}, {n} visitors per group, true rate {rate} in both")
    print(f"false positives at alpha = {alpha}: {false_positives} ({false_positives / experiments:.1%})")
    print(f"exact false-positive rate of this z-test: {exact_rate:.4f}")
    print(f"99% binomial band for {experiments} experiments at that rate: [{low:.1%}, {high:.1%}]")
    print(f"inside the band: {low <= false_positives / experiments <= high}")
