"""Power of the two-sided two-proportion z-test against sample size and effect, and the n for 80% power."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats


def check_rates(rate_a: float, rate_b: float, alpha: float) -> None:
    """Raise ValueError unless both rates lie strictly inside (0, 1), differ, and 0 < alpha < 1."""
    if not (0 < rate_a < 1 and 0 < rate_b < 1):
        raise ValueError(f"rates must be strictly between 0 and 1, got {rate_a=}, {rate_b=}")
    if rate_a == rate_b:
        raise ValueError("rate_a and rate_b are equal: there is no effect to detect")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be strictly between 0 and 1, got alpha={alpha}")


def two_proportion_power(rate_a: float, rate_b: float, size_per_group, alpha: float = 0.05) -> np.ndarray:
    """P(two-sided pooled z-test rejects at level alpha) when the true rates are rate_a and rate_b."""
    check_rates(rate_a, rate_b, alpha)
    n = np.asarray(size_per_group, dtype=float)
    if np.any(n < 1):
        raise ValueError("size_per_group must be at least 1")
    pooled = (rate_a + rate_b) / 2
    se_null = np.sqrt(2 * pooled * (1 - pooled) / n)  # spread of the difference if there were no effect
    se_true = np.sqrt((rate_a * (1 - rate_a) + rate_b * (1 - rate_b)) / n)  # its real spread
    z_crit, effect = stats.norm.isf(alpha / 2), abs(rate_b - rate_a)
    return stats.norm.cdf((effect - z_crit * se_null) / se_true) + stats.norm.cdf(
        (-effect - z_crit * se_null) / se_true
    )


def required_size_per_group(rate_a: float, rate_b: float, power: float = 0.8, alpha: float = 0.05) -> int:
    """Smallest n per group with power >= `power` (normal approximation, far tail ignored)."""
    check_rates(rate_a, rate_b, alpha)
    if not 0 < power < 1:
        raise ValueError(f"power must be strictly between 0 and 1, got power={power}")
    pooled = (rate_a + rate_b) / 2
    z_alpha, z_beta = stats.norm.isf(alpha / 2), stats.norm.ppf(power)
    spread = z_alpha * np.sqrt(2 * pooled * (1 - pooled)) + z_beta * np.sqrt(
        rate_a * (1 - rate_a) + rate_b * (1 - rate_b)
    )
    return int(np.ceil((spread / (rate_b - rate_a)) ** 2))


if __name__ == "__main__":
    baseline, alpha, sizes = 0.10, 0.05, np.geomspace(100, 20_000, 300).round()
    print(f"baseline rate {baseline:.2f}, two-sided test at alpha = {alpha}, target power 80%")
    fig, ax = plt.subplots(figsize=(5.5, 4.6), layout="constrained")
    needed = {}
    for colour, treated in zip(["C0", "C1", "C2"], [0.11, 0.12, 0.13], strict=True):
        needed[treated] = required_size_per_group(baseline, treated, power=0.8, alpha=alpha)
        achieved = two_proportion_power(baseline, treated, needed[treated], alpha)
        curve = two_proportion_power(baseline, treated, sizes, alpha)
        print(
            f"{baseline:.2f} -> {treated:.2f}: n per group {needed[treated]:>5}, power there {achieved:.4f}, "
            f"power at n = {sizes[0]:.0f}: {curve[0]:.3f}"
        )
        ax.plot(sizes, curve, color=colour, label=f"treatment rate {treated:.0%}")
        ax.plot(needed[treated], achieved, "o", color=colour, ms=7, zorder=3)  # on top of the 80% line
    print(f"half the effect (0.12 -> 0.11): {needed[0.11] / needed[0.12]:.2f} times the users")
    ax.axhline(0.8, color="C5", linestyle="--", label="80% power")
    ax.axhline(alpha, color="C5", linestyle=":", label=f"α = {alpha}")  # grey: no curve is
    ax.set(xscale="log", ylim=(0, 1.02), xlabel="users per group (log scale)")
    ax.xaxis.set_major_formatter("{x:g}")  # 100, 1000, 10000: no small exponents
    ax.set(title=f"Power of the z-test against a {baseline:.0%} baseline\n(dots: users needed for 80% power)")
    ax.set_ylabel("probability of detecting the effect")
    fig.legend(loc="outside lower center", ncols=2)  # below the axes: curves, then the two targets
    plt.show()
