"""Exact coverage of the 95% Wald and Wilson intervals: a sum of binomial probabilities, no simulation."""

import numpy as np
from scipy import stats

Z = stats.norm.ppf(0.975)


def wald_interval(successes: np.ndarray, trials: int) -> tuple[np.ndarray, np.ndarray]:
    """95% Wald interval p̂ ± z·sqrt(p̂(1 - p̂)/n), elementwise."""
    p_hat = successes / trials
    half_width = Z * np.sqrt(p_hat * (1 - p_hat) / trials)
    return p_hat - half_width, p_hat + half_width


def wilson_interval(successes: np.ndarray, trials: int) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson score interval, elementwise."""
    p_hat, shrink = successes / trials, 1 + Z**2 / trials
    centre = (p_hat + Z**2 / (2 * trials)) / shrink
    half_width = Z / shrink * np.sqrt(p_hat * (1 - p_hat) / trials + Z**2 / (4 * trials**2))
    return centre - half_width, centre + half_width


def exact_coverage(lower: np.ndarray, upper: np.ndarray, probabilities) -> np.ndarray:
    """Pr(lower[K] <= p <= upper[K]) with K ~ Binomial(n, p), for the interval of each count k = 0..n."""
    lower, upper = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    p = np.asarray(probabilities, dtype=float)[:, None]
    if lower.ndim != 1 or lower.shape != upper.shape or np.any((p < 0) | (p > 1)):
        raise ValueError("need one (lower, upper) pair per count 0..n and every p between 0 and 1")
    counts = np.arange(lower.size)
    contains = (lower <= p) & (p <= upper)  # which counts' intervals contain each p
    return np.sum(contains * stats.binom.pmf(counts, lower.size - 1, p), axis=1)


if __name__ == "__main__":
    sizes, probabilities = [10, 30, 100, 300], np.linspace(0.01, 0.99, 99)
    middle = (probabilities >= 0.1) & (probabilities <= 0.9)
    exact = {name: {} for name in ("Wald", "Wilson")}
    print("exact coverage on the simulation's grid: lowest (all), lowest for 0.1 <= p <= 0.9 (mid), mean")
    print(f"{'':>5}{'---------- Wald ----------':>27}{'--------- Wilson ---------':>27}")
    print(f"{'n':>5}" + f"{'all':>9}{'mid':>9}{'mean':>9}" * 2)
    for n in sizes:
        for name, method in [("Wald", wald_interval), ("Wilson", wilson_interval)]:
            exact[name][n] = exact_coverage(*method(np.arange(n + 1), n), probabilities)
        values = [(c[n].min(), c[n][middle].min(), c[n].mean()) for c in exact.values()]
        print(f"{n:>5}" + "".join(f"{v:>9.3f}" for v in np.ravel(values)))

    fine = np.linspace(0, 1, 10_001)[1:-1]  # every p in steps of 0.0001
    wald_10 = exact_coverage(*wald_interval(np.arange(11), 10), fine)
    print(f"Wald, n = 10: highest coverage over p from 0.0001 to 0.9999: {wald_10.max():.4f}")
    print("Wilson closer to p = 0 than the grid goes (n·p from 0.001 to 1 in steps of 0.001):")
    for n in sizes:
        near_zero = np.arange(1, 1001) / 1000 / n
        edge = exact_coverage(*wilson_interval(np.arange(n + 1), n), near_zero)
        print(f"  n = {n:>3}: lowest coverage {edge.min():.3f}, at n·p = {n * near_zero[edge.argmin()]:.3f}")
