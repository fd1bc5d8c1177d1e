"""Exercise: percentile and BCa bootstrap intervals for a median, and the exact order-statistic interval."""

import numpy as np
from scipy import special, stats


def bootstrap_medians(x: np.ndarray, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """The median of `resamples` samples of x drawn with replacement."""
    if x.ndim != 1 or x.size < 2 or resamples < 1:
        raise ValueError("x must be a 1-D array of at least 2 values, resamples at least 1")
    return np.median(rng.choice(x, size=(resamples, x.size)), axis=1)


def bca_median_interval(x: np.ndarray, medians: np.ndarray, level: float = 0.95) -> np.ndarray:
    """BCa: z0 from the share of bootstrap medians below the median, acceleration from the jackknife."""
    estimate = np.median(x)
    z0 = special.ndtri((np.mean(medians < estimate) + np.mean(medians <= estimate)) / 2)
    others = np.broadcast_to(x, (x.size, x.size))[~np.eye(x.size, dtype=bool)]  # row i: all but x[i]
    leave_one_out = np.median(others.reshape(x.size, x.size - 1), axis=1)
    u = leave_one_out.mean() - leave_one_out
    accel = (u**3).sum() / (6 * (u**2).sum() ** 1.5) if np.any(u) else 0.0
    z = z0 + special.ndtri(np.array([(1 - level) / 2, (1 + level) / 2]))
    return np.quantile(medians, special.ndtr(z0 + z / (1 - accel * z)))


def order_statistic_interval(x: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """[x_(r), x_(n+1-r)], the narrowest such interval covering the median with probability >= level."""
    n = x.size
    r = int(stats.binom.ppf((1 - level) / 2, n, 0.5))  # P(Binomial(n, 1/2) < r) <= (1 - level) / 2
    if r < 1:
        raise ValueError(f"{n} values are too few for a {level:.0%} interval from order statistics")
    covered = 1 - 2 * stats.binom.cdf(r - 1, n, 0.5)
    ordered = np.sort(x)
    return ordered[r - 1], ordered[n - r], covered


if __name__ == "__main__":
    rng = np.random.default_rng(9)
    load_ms = np.round(rng.lognormal(np.log(800), 0.6, 41))  # 41 page loads, in whole milliseconds
    medians = bootstrap_medians(load_ms, 9999, rng)
    low, high, covered = order_statistic_interval(load_ms)
    print(f"median of {load_ms.size} page loads: {np.median(load_ms):.0f} ms")
    print(f"distinct bootstrap medians: {np.unique(medians).size}")
    for name, (left, right) in (("percentile", np.quantile(medians, [0.025, 0.975])),
                                ("BCa", bca_median_interval(load_ms, medians))):
        print(f"95% {name} bootstrap:{' ' * (11 - len(name))}[{left:.0f}, {right:.0f}] ms")
    print(f"order statistics:         [{low:.0f}, {high:.0f}] ms, covers with probability {covered:.4f}")
