"""Where the bootstrap fails: with no success in a group, its resamples have none either."""

import numpy as np
from scipy import special


def bootstrap_rates(clicks: int, n: int, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """The click rate of `resamples` bootstrap samples of n 0/1 outcomes with `clicks` ones."""
    if n < 1 or not 0 <= clicks <= n or resamples < 1:
        raise ValueError(f"need n >= 1, 0 <= clicks <= n and resamples >= 1, got {clicks}/{n}")
    return rng.binomial(n, clicks / n, resamples) / n


def newcombe_interval(clicks_a: int, n_a: int, clicks_b: int, n_b: int) -> tuple[float, float]:
    """Newcombe's 95% hybrid score interval for p_B − p_A, from the two Wilson intervals."""
    z, p_a, p_b = special.ndtri(0.975), clicks_a / n_a, clicks_b / n_b
    (low_a, high_a), (low_b, high_b) = (
        ((p + z**2 / (2 * n)) / (1 + z**2 / n) + np.array([-1, 1]) * z / (1 + z**2 / n)
         * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)))
        for p, n in ((p_a, n_a), (p_b, n_b))
    )
    return p_b - p_a - np.hypot(p_b - low_b, high_a - p_a), p_b - p_a + np.hypot(high_b - p_b, p_a - low_a)


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    resamples = 9999
    print(f"{'A':>7}{'B':>7}  distinct A  bootstrap s.e.   percentile interval     Newcombe interval")
    for clicks_a, n_a, clicks_b, n_b in [(0, 20, 2, 20), (0, 20, 0, 20), (1, 20, 3, 20), (1, 1000, 5, 1000)]:
        rates_a = bootstrap_rates(clicks_a, n_a, resamples, rng)
        differences = bootstrap_rates(clicks_b, n_b, resamples, rng) - rates_a
        low, high = np.quantile(differences, [0.025, 0.975])
        n_low, n_high = newcombe_interval(clicks_a, n_a, clicks_b, n_b)
        print(
            f"{clicks_a:>3}/{n_a:<4}{clicks_b:>2}/{n_b:<4}{np.unique(rates_a).size:>8}{differences.std():>14.4f}"
            f"   [{low:+.4f}, {high:+.4f}]      [{n_low:+.4f}, {n_high:+.4f}]"
        )
