"""Peeking: test a running A/A test every day, stop at the first p < 0.05, and count the false alarms."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats


def daily_p_values(
    daily_clicks_a: np.ndarray, daily_clicks_b: np.ndarray, visitors_per_day: int
) -> np.ndarray:
    """Two-sided pooled z-test p-value on all data up to each day; arrays are (experiments, days)."""
    if visitors_per_day < 1:
        raise ValueError(f"visitors_per_day must be at least 1, got {visitors_per_day}")
    if daily_clicks_a.shape != daily_clicks_b.shape or daily_clicks_a.ndim != 2:
        raise ValueError("daily clicks must be two arrays of the same (experiments, days) shape")
    n = visitors_per_day * np.arange(1, daily_clicks_a.shape[1] + 1)  # users per group so far
    clicks_a, clicks_b = daily_clicks_a.cumsum(axis=1), daily_clicks_b.cumsum(axis=1)
    pooled = (clicks_a + clicks_b) / (2 * n)
    se = np.sqrt(2 * pooled * (1 - pooled) / n)
    z = np.divide((clicks_b - clicks_a) / n, se, out=np.zeros(se.shape), where=se > 0)
    return 2 * stats.norm.sf(np.abs(z))


def stopped_by_day(p_values: np.ndarray, alpha: float = 0.05) -> np.ndarray:
    """Share of experiments that have seen p < alpha on at least one day up to each day."""
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be strictly between 0 and 1, got alpha={alpha}")
    return np.mean(np.logical_or.accumulate(p_values < alpha, axis=1), axis=0)


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    experiments, days, visitors_per_day, rate, alpha = 20_000, 30, 200, 0.10, 0.05
    clicks = rng.binomial(visitors_per_day, rate, size=(2, experiments, days))  # A and B identical
    p_values = daily_p_values(clicks[0], clicks[1], visitors_per_day)
    peeking = stopped_by_day(p_values, alpha)
    single_look = np.mean(p_values < alpha, axis=0)  # one test, on the given day only

    print(f"A/A test: both groups convert at {rate:.0%}, {visitors_per_day} visitors per group per day")
    print(f"{experiments} simulated experiments of {days} days, alpha = {alpha}")
    for label, rate_seen in [
        (f"one test on day {days}", single_look[-1]),
        (f"peeking daily for {days} days", peeking[-1]),
        ("peeking daily for 7 days", peeking[6]),
    ]:
        error = np.sqrt(rate_seen * (1 - rate_seen) / experiments)
        print(f"false-positive rate, {label + ':':<30} {rate_seen:.4f} (s.e. {error:.4f})")
    print(f"Monte Carlo standard error at 5%: {np.sqrt(0.05 * 0.95 / experiments):.4f}")
    print(f"first false positive on day {days} itself: {peeking[-1] - peeking[-2]:.4f}")
    print(f"{days} independent tests at 5%, at least one false positive: {1 - (1 - alpha) ** days:.4f}")

    fig, ax = plt.subplots(figsize=(5.5, 4.6), layout="constrained")
    day_numbers = np.arange(1, days + 1)
    ax.plot(
        day_numbers, peeking, color="C1", marker="o", markersize=3, label="peek every day, stop at p < 0.05"
    )
    ax.plot(day_numbers, single_look, color="C0", marker="o", markersize=3, label="test once, on that day")
    ax.axhline(alpha, color="k", linestyle="--", linewidth=1.2, zorder=3, label="promised 5%")  # on top
    ax.set_title("False-positive rate of an A/A test:\npeeking versus a single test")
    ax.set_xlabel("days the test has run")
    ax.set_ylabel("share declared significant")
    ax.set_ylim(0, None)
    fig.legend(loc="outside lower center", ncols=2)  # below the axes, off the curves
    plt.show()
