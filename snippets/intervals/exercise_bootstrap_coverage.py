"""Exercise: coverage of the percentile bootstrap interval for a proportion (n = 20), with Wald and Wilson."""

import numpy as np
from scipy import stats


def bootstrap_intervals_by_count(trials: int, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Percentile 95% bootstrap interval for every count 0..trials (row = count).

    Resampling n 0/1 outcomes with k ones is the same as drawing a Binomial(n, k/n) count,
    so one bootstrap per possible count serves every simulated experiment.
    """
    if trials < 1 or resamples < 1:
        raise ValueError(f"trials and resamples must be at least 1, got {trials=}, {resamples=}")
    counts = np.arange(trials + 1)[:, None]
    resampled = rng.binomial(trials, counts / trials, size=(trials + 1, resamples)) / trials
    return np.quantile(resampled, [0.025, 0.975], axis=1).T


def wald_intervals_by_count(trials: int) -> np.ndarray:
    """95% Wald interval p̂ ± z·sqrt(p̂(1 - p̂)/n) for every count 0..trials (row = count)."""
    p_hat = np.arange(trials + 1) / trials
    half_width = stats.norm.ppf(0.975) * np.sqrt(p_hat * (1 - p_hat) / trials)
    return np.column_stack([p_hat - half_width, p_hat + half_width])


def wilson_intervals_by_count(trials: int) -> np.ndarray:
    """95% Wilson interval for every count 0..trials (row = count), from scipy."""
    return np.array([stats.binomtest(k, trials).proportion_ci(method="wilson") for k in range(trials + 1)])


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    trials, experiments = 20, 10_000
    methods = {
        "bootstrap": bootstrap_intervals_by_count(trials, 4000, rng),
        "Wald": wald_intervals_by_count(trials),
        "Wilson": wilson_intervals_by_count(trials),
    }
    print(f"coverage of 95% intervals, n = {trials}, {experiments} experiments per p")
    print(f"{'true p':>7}" + "".join(f"{name:>11}" for name in methods))
    coverage = {}
    for p in (0.05, 0.1, 0.3, 0.5):
        counts = rng.binomial(trials, p, size=experiments)
        coverage[p] = {
            name: np.mean((bounds[counts, 0] <= p) & (p <= bounds[counts, 1]))
            for name, bounds in methods.items()
        }
        print(f"{p:>7.2f}" + "".join(f"{value:>11.3f}" for value in coverage[p].values()))
