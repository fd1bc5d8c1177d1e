"""What "95% confidence" promises: repeat the experiment, and 95% of the intervals catch the true mean."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats


def t_interval(samples: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Student-t interval for the mean, one per row of `samples` (each row is one experiment)."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, got confidence={confidence}")
    samples = np.atleast_2d(np.asarray(samples, dtype=float))
    size = samples.shape[-1]
    if size < 2:
        raise ValueError(f"each experiment needs at least 2 observations to estimate a spread, got {size}")
    mean = samples.mean(axis=-1)
    standard_error = samples.std(axis=-1, ddof=1) / np.sqrt(size)
    t_quantile = stats.t.ppf(0.5 + confidence / 2, df=size - 1)
    return mean - t_quantile * standard_error, mean + t_quantile * standard_error


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    true_mean, spread, size, experiments = 120.0, 30.0, 10, 20_000
    latencies = rng.normal(true_mean, spread, size=(experiments, size))  # ms, one row per experiment
    lower, upper = t_interval(latencies, confidence=0.95)
    covered = (lower <= true_mean) & (true_mean <= upper)
    shown = 100
    missed_shown = int(np.sum(~covered[:shown]))
    coverage = covered.mean()

    print(f"each experiment: {size} response times, true mean {true_mean:.0f} ms, sd {spread:.0f} ms")
    print(f"first experiment's 95% interval: [{lower[0]:.1f}, {upper[0]:.1f}] ms")
    print(f"intervals that missed the true mean, first {shown} experiments: {missed_shown}")
    print(f"coverage over all {experiments} experiments: {coverage:.4f}")
    print(f"Monte Carlo standard error of that coverage: {np.sqrt(0.95 * 0.05 / experiments):.4f}")

    rows, low, high = np.arange(shown), lower[:shown], upper[:shown]
    hit, miss = covered[:shown], ~covered[:shown]
    fig, ax = plt.subplots(figsize=(5.5, 5.0), layout="constrained")
    ax.hlines(rows[hit], low[hit], high[hit], color="C0", label="interval covers the true mean")
    ax.hlines(rows[miss], low[miss], high[miss], color="C1", label="interval misses")
    ax.axvline(true_mean, color="C5", linestyle="--", label="true mean")
    ax.set_title(f"{shown} repeated experiments, {shown} different 95% intervals,\none true mean")
    ax.set_xlabel("mean response time (ms)")
    ax.set_ylabel("experiment number")
    ax.set_ylim(-1, shown + 14)
    fig.legend(loc="outside lower center", ncols=2)  # below the axes, off the intervals
    plt.show()
