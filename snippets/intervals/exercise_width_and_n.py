"""Exercise: how the Wilson interval narrows with n, and the n that makes it narrow enough."""

import numpy as np
from scipy import stats


def wilson_width(p_hat: np.ndarray, trials: np.ndarray, confidence: float = 0.95) -> np.ndarray:
    """Width of the Wilson interval for an observed proportion p_hat in `trials` trials."""
    p_hat, trials = np.asarray(p_hat, dtype=float), np.asarray(trials, dtype=float)
    if np.any((p_hat < 0) | (p_hat > 1)) or np.any(trials < 1):
        raise ValueError("p_hat must lie in [0, 1] and trials must be at least 1")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, got confidence={confidence}")
    z = stats.norm.ppf(0.5 + confidence / 2)
    return 2 * z / (1 + z**2 / trials) * np.sqrt(p_hat * (1 - p_hat) / trials + z**2 / (4 * trials**2))


def trials_for_width(p_hat: float, target_width: float, largest: int = 1_000_000) -> int:
    """Smallest number of trials whose Wilson interval at p_hat is no wider than target_width."""
    if not 0 < target_width < 1:
        raise ValueError(f"target_width must be between 0 and 1, got target_width={target_width}")
    sizes = np.arange(1, largest + 1)
    narrow_enough = wilson_width(p_hat, sizes) <= target_width
    if not narrow_enough.any():
        raise ValueError(f"no n up to {largest} reaches width {target_width}")
    return int(sizes[np.argmax(narrow_enough)])


if __name__ == "__main__":
    p_hat = 0.2
    sizes = np.array([25, 100, 400, 1600])
    widths = wilson_width(p_hat, sizes)
    print(f"observed proportion {p_hat:.1f}")
    print(f"n = {sizes[0]:>4}: Wilson width {widths[0]:.4f}")
    for n, width, previous in zip(sizes[1:], widths[1:], widths[:-1], strict=True):
        print(f"n = {n:>4}: Wilson width {width:.4f}   (4 times the data: width x {width / previous:.3f})")
    needed = trials_for_width(p_hat, 0.05)
    print(f"trials needed for a width of at most 0.05: {needed}")
