"""Exercise: the false discovery rate of Benjamini–Hochberg (scipy's) as the share of true nulls changes."""

import numpy as np
from scipy import stats


def false_discovery_proportions(rejected: np.ndarray, is_null: np.ndarray) -> np.ndarray:
    """Per family (row): false rejections / all rejections, 0 when nothing is rejected."""
    rejected, is_null = np.asarray(rejected, bool), np.asarray(is_null, bool)
    if rejected.ndim != 2 or is_null.shape != rejected.shape[1:]:
        raise ValueError("rejected must be (families, tests) and is_null must have one entry per test")
    false = np.sum(rejected & is_null, axis=1)
    return false / np.maximum(rejected.sum(axis=1), 1)


if __name__ == "__main__":
    rng = np.random.default_rng(12)
    families, tests, shift, alpha = 20_000, 20, 3.0, 0.05
    print(f"{families} families of {tests} tests, real effects 3 standard errors away, alpha = {alpha}")
    print(f"{'true nulls':>10}{'BH FDR':>9}{'± 2 s.e.':>10}{'alpha·m0/m':>12}")
    fdr, fdr_error = {}, {}
    for nulls in (5, 10, 15, 20):
        is_null = np.arange(tests) < nulls
        z = rng.standard_normal((families, tests)) + shift * ~is_null
        adjusted = stats.false_discovery_control(2 * stats.norm.sf(np.abs(z)), axis=1)  # BH-adjusted p
        proportions = false_discovery_proportions(adjusted <= alpha, is_null)
        fdr[nulls], fdr_error[nulls] = proportions.mean(), proportions.std() / np.sqrt(families)
        print(f"{nulls:>10}{fdr[nulls]:>9.4f}{2 * fdr_error[nulls]:>10.4f}{alpha * nulls / tests:>12.4f}")
