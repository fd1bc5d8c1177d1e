"""The delta method for a ratio of two Poisson rates, and for its log, checked by simulation."""

import numpy as np
from scipy import stats


def rate_ratio(count_a, exposure_a: float, count_b, exposure_b: float):
    """MLE of ψ = λ_B/λ_A and its delta-method s.e. on the ratio and on the log scale."""
    count_a, count_b = np.asarray(count_a, dtype=float), np.asarray(count_b, dtype=float)
    if exposure_a <= 0 or exposure_b <= 0:
        raise ValueError("exposures (time or users observed) must be positive")
    if np.any(count_a < 1) or np.any(count_b < 1):
        raise ValueError("both counts must be at least 1: with a zero count the ratio or its log is infinite")
    ratio = (count_b / exposure_b) / (count_a / exposure_a)
    log_se = np.sqrt(1 / count_a + 1 / count_b)  # Var(log λ̂) ≈ 1/(expected count), for each rate
    return ratio, ratio * log_se, log_se  # d ψ = ψ · d log ψ


if __name__ == "__main__":
    rng = np.random.default_rng(21)
    rate_a, rate_b, simulations = 0.02, 0.01, 20_000  # errors per request: the new version halves them
    true_ratio = rate_b / rate_a
    print(f"true ratio ψ = {true_ratio}; {simulations} simulated pairs of counts per row")
    print(f"{'requests':>9} {'sd psi_hat':>10} {'delta':>7} {'skew psi_hat':>12}", end="")
    print(f" {'sd log psi_hat':>14} {'delta':>7} {'skew log':>8}")
    for requests in (1000, 10_000, 100_000):  # per version; expected counts 20 and 10 at the smallest
        count_a = rng.poisson(rate_a * requests, simulations)
        count_b = rng.poisson(rate_b * requests, simulations)
        usable = (count_a > 0) & (count_b > 0)  # leave out zero counts (about 1 pair in 20 000 at 1000)
        ratio, _, _ = rate_ratio(count_a[usable], requests, count_b[usable], requests)
        log_se = np.sqrt(1 / (rate_a * requests) + 1 / (rate_b * requests))  # at the true rates
        print(
            f"{requests:>9} {ratio.std(ddof=1):>10.4f} {true_ratio * log_se:>7.4f} {stats.skew(ratio):>12.2f}"
            f" {np.log(ratio).std(ddof=1):>14.4f} {log_se:>7.4f} {stats.skew(np.log(ratio)):>8.2f}"
        )
