"""Exercise 3: the A/B test with four times the visitors: the interval halves and z about doubles."""

import numpy as np
from scipy.stats import norm


def z_test_and_interval(clicks_a: np.ndarray, clicks_b: np.ndarray, n: int) -> tuple[np.ndarray, ...]:
    """Pooled z for B - A, its two-sided p-value, and the 95% interval's half-width; n visitors a group."""
    clicks_a, clicks_b = np.asarray(clicks_a), np.asarray(clicks_b)
    if n < 1 or np.any((clicks_a < 0) | (clicks_a > n) | (clicks_b < 0) | (clicks_b > n)):
        raise ValueError(f"clicks must be between 0 and n in every group, with n >= 1; got n={n}")
    rate_a, rate_b = clicks_a / n, clicks_b / n
    pooled = (rate_a + rate_b) / 2  # equal group sizes
    if np.any((pooled == 0) | (pooled == 1)):
        raise ValueError("all visitors clicked or none did: the z-test has no variance to work with")
    z = (rate_b - rate_a) / np.sqrt(pooled * (1 - pooled) * 2 / n)
    half_width = norm.isf(0.025) * np.sqrt((rate_a * (1 - rate_a) + rate_b * (1 - rate_b)) / n)
    return z, 2 * norm.sf(np.abs(z)), half_width


if __name__ == "__main__":
    rng = np.random.default_rng(2)  # the A/B test's seed: its first two draws are the page's data
    rates = np.array([0.10, 0.12])  # true click rates of A and B
    one_run = {}
    for n in (1000, 4000):
        clicks_a, clicks_b = rng.binomial(n, rates[0]), rng.binomial(n, rates[1])
        z, p, half = z_test_and_interval(clicks_a, clicks_b, n)
        one_run[n] = z, p, half
        gap = (clicks_b - clicks_a) / n
        print(f"n = {n} a group: clicks {clicks_a} and {clicks_b}, B - A = {gap:.4f} ± {half:.4f}")
        print(f"    z = {z:.3f}, two-sided p = {p:.4f}")
    print(f"half-width at 4000 / at 1000: {one_run[4000][2] / one_run[1000][2]:.3f}")

    repeats, means = 10_000, {}
    for n in (1000, 4000):  # the same experiment repeated, all at once
        clicks = rng.binomial(n, rates, size=(repeats, 2))
        z, p, half = z_test_and_interval(clicks[:, 0], clicks[:, 1], n)
        means[n] = z.mean(), half.mean()
        print(f"{repeats} experiments of {n} a group:")
        detected = np.mean(p < 0.05)  # share of experiments where the two-sided test rejects
        print(f"    mean z {z.mean():.3f}, mean half-width {half.mean():.4f}, p < 0.05 in {detected:.1%}")
    print(f"ratio of mean z, 4000 / 1000: {means[4000][0] / means[1000][0]:.3f}")
    print(f"ratio of mean half-widths:    {means[4000][1] / means[1000][1]:.3f}")
