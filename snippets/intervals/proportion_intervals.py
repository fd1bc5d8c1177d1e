"""Three 95% intervals for a proportion (Wald, Wilson, percentile bootstrap) on two small data sets."""

import numpy as np
from scipy import stats


def check_counts(successes: np.ndarray, trials: np.ndarray) -> None:
    """Raise ValueError unless 0 <= successes <= trials and trials >= 1, all whole numbers."""
    successes, trials = np.asarray(successes), np.asarray(trials)
    if np.any(np.round(successes) != successes) or np.any(np.round(trials) != trials):
        raise ValueError(f"successes and trials must be whole numbers, got {successes=}, {trials=}")
    if np.any(trials < 1):
        raise ValueError(f"trials must be at least 1, got trials={trials}")
    if np.any((successes < 0) | (successes > trials)):
        raise ValueError(f"successes must be between 0 and trials, got {successes=}, {trials=}")


def wald_interval(successes, trials, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """p̂ ± z·sqrt(p̂(1 - p̂)/n), clipped to [0, 1]."""
    check_counts(successes, trials)
    z = stats.norm.ppf(0.5 + confidence / 2)
    p_hat = np.asarray(successes) / np.asarray(trials)
    half_width = z * np.sqrt(p_hat * (1 - p_hat) / trials)
    return np.clip(p_hat - half_width, 0, 1), np.clip(p_hat + half_width, 0, 1)


def wilson_interval(successes, trials, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """All p whose score test |p̂ - p| / sqrt(p(1 - p)/n) <= z does not reject: always inside [0, 1]."""
    check_counts(successes, trials)
    z = stats.norm.ppf(0.5 + confidence / 2)
    n = np.asarray(trials, dtype=float)
    p_hat = np.asarray(successes) / n
    shrink = 1 + z**2 / n
    centre = (p_hat + z**2 / (2 * n)) / shrink
    half_width = z / shrink * np.sqrt(p_hat * (1 - p_hat) / n + z**2 / (4 * n**2))
    return centre - half_width, centre + half_width


def bootstrap_interval(outcomes: np.ndarray, rng: np.random.Generator, resamples: int = 4000) -> np.ndarray:
    """Percentile bootstrap 95% interval: resample the 0/1 outcomes with replacement, keep the middle 95%."""
    outcomes = np.asarray(outcomes)
    if outcomes.ndim != 1 or outcomes.size == 0 or not np.isin(outcomes, (0, 1)).all():
        raise ValueError("outcomes must be a non-empty 1-D array of 0s and 1s")
    picks = rng.integers(0, outcomes.size, size=(resamples, outcomes.size))
    return np.quantile(outcomes[picks].mean(axis=1), [0.025, 0.975])


if __name__ == "__main__":
    rng = np.random.default_rng(11)
    intervals = {}
    print(f"{'data':<14}{'method':<11}{'lower':>7}{'upper':>7}{'width':>7}")
    for successes, trials in [(7, 40), (0, 20)]:
        outcomes = np.repeat([1, 0], [successes, trials - successes])
        found = {
            "Wald": wald_interval(successes, trials),
            "Wilson": wilson_interval(successes, trials),
            "bootstrap": bootstrap_interval(outcomes, rng),
        }
        for method, (lower, upper) in found.items():
            intervals[successes, trials, method] = (float(lower), float(upper))
            label = f"{successes} of {trials}"
            print(f"{label:<14}{method:<11}{lower:>7.3f}{upper:>7.3f}{upper - lower:>7.3f}")
    ends = np.array([intervals[7, 40, method] for method in ("Wald", "Wilson", "bootstrap")])
    print(f"7 of 40, largest difference between two methods' ends: {np.ptp(ends, axis=0).max():.3f}")
