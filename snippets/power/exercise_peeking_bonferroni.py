"""Exercise: peek daily but demand p < 0.05/30 at each look; false alarms and power against one final test."""

import numpy as np
from scipy import stats


def daily_p_values(
    daily_clicks_a: np.ndarray, daily_clicks_b: np.ndarray, visitors_per_day: int
) -> np.ndarray:
    """Two-sided pooled z-test p-value on all data up to each day; arrays are (experiments, days)."""
    if visitors_per_day < 1 or daily_clicks_a.shape != daily_clicks_b.shape or daily_clicks_a.ndim != 2:
        raise ValueError("need visitors_per_day >= 1 and two (experiments, days) arrays of the same shape")
    n = visitors_per_day * np.arange(1, daily_clicks_a.shape[1] + 1)
    clicks_a, clicks_b = daily_clicks_a.cumsum(axis=1), daily_clicks_b.cumsum(axis=1)
    pooled = (clicks_a + clicks_b) / (2 * n)
    se = np.sqrt(2 * pooled * (1 - pooled) / n)
    z = np.divide((clicks_b - clicks_a) / n, se, out=np.zeros(se.shape), where=se > 0)
    return 2 * stats.norm.sf(np.abs(z))


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    experiments, days, visitors_per_day, alpha = 20_000, 30, 200, 0.05
    print(f"{experiments} experiments, {days} daily looks, {visitors_per_day} visitors per group per day")
    print(f"{'':<12}{'one test, day 30':>18}{'peek, p < 0.05':>16}{'peek, p < 0.05/30':>19}")
    rates = {}
    for label, rate_b in [("no effect", 0.10), ("10% vs 12%", 0.12)]:
        clicks_a = rng.binomial(visitors_per_day, 0.10, size=(experiments, days))
        clicks_b = rng.binomial(visitors_per_day, rate_b, size=(experiments, days))
        p_values = daily_p_values(clicks_a, clicks_b, visitors_per_day)
        rates[label] = (
            np.mean(p_values[:, -1] < alpha),
            np.mean(np.any(p_values < alpha, axis=1)),
            np.mean(np.any(p_values < alpha / days, axis=1)),
        )
        print(f"{label:<12}{rates[label][0]:>18.4f}{rates[label][1]:>16.4f}{rates[label][2]:>19.4f}")
