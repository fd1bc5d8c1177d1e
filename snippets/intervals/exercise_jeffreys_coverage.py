"""Exercise: a credible interval used as a confidence interval (Jeffreys prior), coverage next to Wilson's."""

import numpy as np
from scipy import stats


def jeffreys_interval(successes: np.ndarray, trials: int) -> tuple[np.ndarray, np.ndarray]:
    """Equal-tailed 95% interval of the Beta(k + 1/2, n - k + 1/2) posterior; 0 or 1 at the extremes."""
    successes = np.asarray(successes)
    if trials < 1 or np.any((successes < 0) | (successes > trials)):
        raise ValueError(f"successes must be between 0 and trials (>= 1), got {trials=}")
    posterior = stats.beta(successes + 0.5, trials - successes + 0.5)
    lower = np.where(successes == 0, 0.0, posterior.ppf(0.025))
    upper = np.where(successes == trials, 1.0, posterior.ppf(0.975))
    return lower, upper


def wilson_interval(successes: np.ndarray, trials: int) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson score interval."""
    z, p_hat = stats.norm.ppf(0.975), np.asarray(successes) / trials
    shrink = 1 + z**2 / trials
    centre = (p_hat + z**2 / (2 * trials)) / shrink
    half_width = z / shrink * np.sqrt(p_hat * (1 - p_hat) / trials + z**2 / (4 * trials**2))
    return centre - half_width, centre + half_width


def exact_coverage(lower: np.ndarray, upper: np.ndarray, trials: int, probabilities) -> np.ndarray:
    """Pr(lower[K] <= p <= upper[K]) for K ~ Binomial(trials, p), at each p: coverage without simulation."""
    p = np.asarray(probabilities, dtype=float)[:, None]
    contains = (lower <= p) & (p <= upper)
    return np.sum(contains * stats.binom.pmf(np.arange(trials + 1), trials, p), axis=1)


if __name__ == "__main__":
    rng = np.random.default_rng(8)
    trials, repetitions = 30, 4000
    probabilities = np.linspace(0.01, 0.99, 99)
    counts = np.arange(trials + 1)
    p = probabilities[:, None]
    simulated = rng.binomial(trials, p, size=(probabilities.size, repetitions))
    middle = (probabilities >= 0.1) & (probabilities <= 0.9)
    print(f"n = {trials}, {repetitions} experiments at each of {probabilities.size} values of p")
    coverage, exact = {}, {}
    for name, method in [("Jeffreys", jeffreys_interval), ("Wilson", wilson_interval)]:
        lower, upper = method(counts, trials)  # one interval per possible count
        coverage[name] = np.mean((lower[simulated] <= p) & (p <= upper[simulated]), axis=1)
        exact[name] = exact_coverage(lower, upper, trials, probabilities)
        print(
            f"{name:<9} mean coverage over p {coverage[name].mean():.3f}, "
            f"lowest for 0.1 <= p <= 0.9 {coverage[name][middle].min():.3f} "
            f"(exact: {exact[name][middle].min():.3f})"
        )
