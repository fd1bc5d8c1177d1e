"""Simulate thousands of A/B tests and check that the share that reach p < 0.05 matches the power formula."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats


def two_proportion_p_values(clicks_a, clicks_b, size_per_group) -> np.ndarray:
    """Two-sided p-values of the pooled two-proportion z-test, elementwise over arrays of click counts."""
    clicks_a, clicks_b = np.asarray(clicks_a), np.asarray(clicks_b)
    n = np.asarray(size_per_group, dtype=float)
    if np.any(n < 1) or np.any((clicks_a < 0) | (clicks_a > n) | (clicks_b < 0) | (clicks_b > n)):
        raise ValueError("clicks must be between 0 and size_per_group, and size_per_group at least 1")
    pooled = (clicks_a + clicks_b) / (2 * n)
    se = np.sqrt(2 * pooled * (1 - pooled) / n)
    difference = (clicks_b - clicks_a) / n
    z = np.divide(difference, se, out=np.zeros_like(se), where=se > 0)  # no clicks at all: no evidence
    return 2 * stats.norm.sf(np.abs(z))


def two_proportion_power(rate_a: float, rate_b: float, size_per_group, alpha: float = 0.05) -> np.ndarray:
    """Normal-approximation power of the two-sided pooled z-test (see the previous example)."""
    if not (0 < rate_a < 1 and 0 < rate_b < 1 and 0 < alpha < 1):
        raise ValueError(
            f"rates and alpha must be strictly between 0 and 1, got {rate_a=}, {rate_b=}, {alpha=}"
        )
    n, pooled = np.asarray(size_per_group, dtype=float), (rate_a + rate_b) / 2
    se_null = np.sqrt(2 * pooled * (1 - pooled) / n)
    se_true = np.sqrt((rate_a * (1 - rate_a) + rate_b * (1 - rate_b)) / n)
    z_crit, effect = stats.norm.isf(alpha / 2), abs(rate_b - rate_a)
    upper = stats.norm.cdf((effect - z_crit * se_null) / se_true)
    return upper + stats.norm.cdf((-effect - z_crit * se_null) / se_true)


if __name__ == "__main__":
    rng = np.random.default_rng(42)
    rate_a, rate_b, alpha, experiments = 0.10, 0.12, 0.05, 20_000
    sizes = np.array([480, 960, 1920, 3841, 7682])  # 3841 per group gives 80% power (previous example)
    clicks_a = rng.binomial(sizes[:, None], rate_a, size=(sizes.size, experiments))
    clicks_b = rng.binomial(sizes[:, None], rate_b, size=(sizes.size, experiments))
    simulated = np.mean(two_proportion_p_values(clicks_a, clicks_b, sizes[:, None]) < alpha, axis=1)
    formula = two_proportion_power(rate_a, rate_b, sizes, alpha)
    standard_error = np.sqrt(simulated * (1 - simulated) / experiments)

    print(f"{rate_a:.0%} vs {rate_b:.0%}, {experiments} simulated A/B tests per size, alpha = {alpha}")
    print(f"{'n per group':>11}{'formula':>9}{'simulated':>11}{'± 2 s.e.':>10}")
    for n, f, s, e in zip(sizes, formula, simulated, standard_error, strict=True):
        print(f"{n:>11}{f:>9.3f}{s:>11.3f}{2 * e:>10.3f}")
    null_clicks = rng.binomial(3841, rate_a, size=(2, experiments))  # both groups at 10%: no effect
    false_alarms = np.mean(two_proportion_p_values(null_clicks[0], null_clicks[1], 3841) < alpha)
    null_error = np.sqrt(false_alarms * (1 - false_alarms) / experiments)
    print(
        f"no real effect, n = 3841: share of p < {alpha} {false_alarms:.4f} ± {2 * null_error:.4f} (2 s.e.)"
    )

    fig, ax = plt.subplots()
    grid = np.geomspace(300, 10_000, 200)
    ax.plot(grid, two_proportion_power(rate_a, rate_b, grid, alpha), color="C0", label="formula")
    # ± 2 s.e. is at most 0.007: the bars are shorter than the dots are wide, so are drawn over them in ink
    bars = {"ecolor": "k", "elinewidth": 1.5, "barsabove": True}
    label = "simulation\n(± 2 s.e., within the dot)"
    ax.errorbar(sizes, simulated, 2 * standard_error, fmt="o", ms=8, color="C1", **bars, label=label)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter("{x:g}")  # 1000, 10000: no small exponents
    ax.set_title(f"Power to detect {rate_a:.0%} vs {rate_b:.0%}:\nformula and simulation")
    ax.set_xlabel("users per group (log scale)")
    ax.set_ylabel("share of tests with p < 0.05")
    ax.legend(loc="lower right")  # the empty corner under the curve
    plt.show()
