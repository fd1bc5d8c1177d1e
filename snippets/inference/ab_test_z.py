"""A/B test of two click rates with the pooled two-proportion z-test, one- and two-sided."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import norm


def two_proportion_z_test(clicks_a: int, n_a: int, clicks_b: int, n_b: int) -> tuple[float, float, float]:
    """Pooled z for rate_b - rate_a under H0 (equal rates), its one-sided (B > A) and two-sided p-values."""
    for clicks, n, name in ((clicks_a, n_a, "A"), (clicks_b, n_b, "B")):
        if n < 1 or not 0 <= clicks <= n:
            raise ValueError(f"group {name}: need n >= 1 and 0 <= clicks <= n, got clicks={clicks}, n={n}")
    pooled = (clicks_a + clicks_b) / (n_a + n_b)
    if pooled in (0, 1):
        raise ValueError("all visitors clicked or none did: the z-test has no variance to work with")
    standard_error = np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    z = (clicks_b / n_b - clicks_a / n_a) / standard_error
    return z, norm.sf(z), 2 * norm.sf(abs(z))  # sf(z) = 1 - cdf(z), without cancellation


if __name__ == "__main__":
    rng = np.random.default_rng(2)
    n_a = n_b = 1000
    clicks_a = rng.binomial(n_a, 0.10)  # A: blue button, true rate 10%
    clicks_b = rng.binomial(n_b, 0.12)  # B: green button, true rate 12%
    rate_a, rate_b = clicks_a / n_a, clicks_b / n_b
    z, p_one_sided, p_two_sided = two_proportion_z_test(clicks_a, n_a, clicks_b, n_b)
    alpha = 0.05

    print(f"group A: {clicks_a}/{n_a} clicked, rate {rate_a:.3f}")
    print(f"group B: {clicks_b}/{n_b} clicked, rate {rate_b:.3f}")
    print(f"observed difference B - A: {rate_b - rate_a:.3f}")
    print(f"z statistic:               {z:.3f}")
    print(f"one-sided p (H1: B > A):   {p_one_sided:.4f}")
    print(f"two-sided p (H1: B != A):  {p_two_sided:.4f}")
    z_one, z_two = norm.isf(alpha), norm.isf(alpha / 2)  # reject when z > z_one, or when |z| > z_two
    print(f"critical z at alpha = {alpha}: one-sided {z_one:.3f}, two-sided {z_two:.3f}")
    half_width = z_two * np.sqrt(rate_a * (1 - rate_a) / n_a + rate_b * (1 - rate_b) / n_b)
    low, high = rate_b - rate_a - half_width, rate_b - rate_a + half_width
    print(f"95% confidence interval for the difference: [{low:.3f}, {high:.3f}]")
    for name, p in (("one-sided", p_one_sided), ("two-sided", p_two_sided)):
        verdict = "below" if p < alpha else "not below"
        print(f"{name}: p = {p:.4f} is {verdict} alpha = {alpha}")

    fig, ax = plt.subplots(figsize=(5.5, 2.4), layout="constrained")
    ax.errorbar(
        [rate_b - rate_a],
        [0],
        xerr=[[half_width], [half_width]],
        fmt="o",
        color="C0",
        capsize=6,
        label="B − A with its 95% interval",
    )
    ax.axvline(0, color="C5", linestyle="--", label="no difference")
    ax.set_yticks([])
    ax.set_xlabel("difference in click rate, B − A")
    ax.set_title("A/B test: the interval reaches past zero")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.45), ncols=2)
    plt.show()
