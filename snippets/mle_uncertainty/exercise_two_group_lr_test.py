"""Exercise: a likelihood-ratio test that two groups share one click rate, beside the Wald and score tests."""

import numpy as np
from scipy import stats
from scipy.special import xlogy


def binomial_log_likelihood(successes, trials, p):
    """Σ [k log p + (n - k) log(1 - p)], with 0·log 0 = 0 (xlogy)."""
    return xlogy(successes, p) + xlogy(trials - successes, 1 - p)


def two_group_tests(k_a, n_a: int, k_b, n_b: int) -> dict[str, np.ndarray]:
    """Wald, score (pooled z²) and LR statistics for H₀: p_A = p_B, elementwise; each ≈ χ²₁ under H₀."""
    k_a, k_b = np.asarray(k_a, dtype=float), np.asarray(k_b, dtype=float)
    if min(n_a, n_b) < 1 or np.any((k_a < 0) | (k_a > n_a) | (k_b < 0) | (k_b > n_b)):
        raise ValueError("need 0 <= successes <= trials, and trials >= 1, in each group")
    p_a, p_b, pooled = k_a / n_a, k_b / n_b, (k_a + k_b) / (n_a + n_b)
    if np.any((pooled == 0) | (pooled == 1)):
        raise ValueError("all successes or all failures in both groups: no test can tell them apart")
    with np.errstate(divide="ignore"):  # Wald's variance at the MLE is 0 if a group is all 0s or all 1s
        wald = (p_b - p_a) ** 2 / (p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    score = (p_b - p_a) ** 2 / (pooled * (1 - pooled) * (1 / n_a + 1 / n_b))  # variance under H₀
    fitted = binomial_log_likelihood(k_a, n_a, p_a) + binomial_log_likelihood(k_b, n_b, p_b)
    null = binomial_log_likelihood(k_a, n_a, pooled) + binomial_log_likelihood(k_b, n_b, pooled)
    return {"Wald": wald, "score": score, "LR": 2 * (fitted - null)}


if __name__ == "__main__":
    for k_a, n_a, k_b, n_b in [(103, 1000, 129, 1000), (2, 15, 8, 15)]:
        print(f"A: {k_a}/{n_a}, B: {k_b}/{n_b}")
        for name, statistic in two_group_tests(k_a, n_a, k_b, n_b).items():
            print(f"  {name:<6} statistic {statistic:7.4f}   p-value {stats.chi2.sf(statistic, df=1):.4f}")
    n, p = 15, 0.3  # the exact level of each test at 5% when H₀ holds: sum over every pair of counts
    a, b = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    weight = stats.binom.pmf(a, n, p) * stats.binom.pmf(b, n, p)
    testable = (a + b > 0) & (a + b < 2 * n)  # otherwise both groups look alike and nothing rejects
    print(f"exact level at 5% with H0 true (p = {p} in both groups, {n} per group):")
    for name, statistic in two_group_tests(a[testable], n, b[testable], n).items():
        level = np.sum(weight[testable] * (statistic > stats.chi2.ppf(0.95, df=1)))
        print(f"  {name:<6} {level:.4f}")
