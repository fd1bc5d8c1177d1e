"""Exercise: users per group needed to detect the same 10% relative lift at different baseline rates."""

import numpy as np
from scipy import stats


def required_size_per_group(rate_a: float, rate_b: float, power: float = 0.8, alpha: float = 0.05) -> int:
    """Smallest n per group giving the two-sided pooled z-test this power (normal approximation)."""
    if not (0 < rate_a < 1 and 0 < rate_b < 1) or rate_a == rate_b:
        raise ValueError(f"rates must differ and lie strictly between 0 and 1, got {rate_a=}, {rate_b=}")
    if not (0 < power < 1 and 0 < alpha < 1):
        raise ValueError(f"power and alpha must be strictly between 0 and 1, got {power=}, {alpha=}")
    pooled = (rate_a + rate_b) / 2
    z_alpha, z_beta = stats.norm.isf(alpha / 2), stats.norm.ppf(power)
    null_part = z_alpha * np.sqrt(2 * pooled * (1 - pooled))
    true_part = z_beta * np.sqrt(rate_a * (1 - rate_a) + rate_b * (1 - rate_b))
    return int(np.ceil(((null_part + true_part) / (rate_b - rate_a)) ** 2))


if __name__ == "__main__":
    lift = 0.10  # the treatment converts 10% more often than the baseline, in relative terms
    print(f"relative lift {lift:.0%}, two-sided alpha = 0.05, power 80%")
    needed = {}
    for baseline in (0.02, 0.10, 0.30):
        treated = baseline * (1 + lift)
        needed[baseline] = required_size_per_group(baseline, treated)
        print(f"baseline {baseline:>4.0%} -> {treated:>5.1%}: {needed[baseline]:>6} users per group")
    print(f"a 2% baseline needs {needed[0.02] / needed[0.30]:.1f} times the users of a 30% baseline")
