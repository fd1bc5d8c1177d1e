"""Coverage of four 95% intervals for p_B − p_A, measured on thousands of simulated A/B tests."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import special

Z = special.ndtri(0.975)


def row_quantiles(ordered: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Quantiles of each sorted row at that row's levels (rows × k), interpolated as np.quantile does."""
    position = levels * (ordered.shape[1] - 1)
    low = np.floor(position).astype(int)
    high, rows = np.minimum(low + 1, ordered.shape[1] - 1), np.arange(ordered.shape[0])[:, None]
    return ordered[rows, low] + (position - low) * (ordered[rows, high] - ordered[rows, low])


def four_intervals(k_a, n_a: int, k_b, n_b: int, resamples: int, rng) -> dict[str, tuple]:
    """Percentile, BCa, Wald and Newcombe 95% intervals for each experiment's counts (1-D arrays)."""
    k_a, k_b = np.asarray(k_a), np.asarray(k_b)
    if k_a.shape != k_b.shape or k_a.ndim != 1 or np.any((k_a < 0) | (k_a > n_a) | (k_b < 0) | (k_b > n_b)):
        raise ValueError("counts must be two 1-D arrays of one shape, each between 0 and its group's size")
    p_a, p_b = k_a / n_a, k_b / n_b
    var = p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b
    d = (k_b * n_a - k_a * n_b) / (n_a * n_b)  # one division of whole numbers: ties stay exact
    ones_a, ones_b = (rng.binomial(n, p[:, None], (d.size, resamples)) for n, p in ((n_a, p_a), (n_b, p_b)))
    boot = np.sort((ones_b * n_a - ones_a * n_b) / (n_a * n_b), axis=1)
    z0 = special.ndtri((np.mean(boot < d[:, None], axis=1) + np.mean(boot <= d[:, None], axis=1)) / 2)
    third = p_b * (1 - p_b) * (1 - 2 * p_b) / n_b**2 - p_a * (1 - p_a) * (1 - 2 * p_a) / n_a**2
    accel = third / (6 * np.where(var > 0, var, 1) ** 1.5)  # 0 when there is no spread
    shifted = z0[:, None] + np.array([-Z, Z])
    (down_a, up_a), (down_b, up_b) = (  # how far each Wilson end lies from p̂
        (p - centre + half, centre + half - p)
        for p, n in ((p_a, n_a), (p_b, n_b))
        for centre, half in [((p + Z**2 / (2 * n)) / (1 + Z**2 / n),
                              Z / (1 + Z**2 / n) * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)))]
    )
    bca_levels = special.ndtr(z0[:, None] + shifted / (1 - accel[:, None] * shifted))
    return {
        "percentile": tuple(row_quantiles(boot, np.full((d.size, 2), [0.025, 0.975])).T),
        "BCa": tuple(row_quantiles(boot, bca_levels).T),
        "Wald": (d - Z * np.sqrt(var), d + Z * np.sqrt(var)),
        "Newcombe": (d - np.hypot(down_b, up_a), d + np.hypot(up_b, down_a)),
    }


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    experiments, resamples = 2000, 499
    settings = [(200, 0.10, 0.12), (100, 0.02, 0.03), (20, 0.05, 0.10)]  # visitors per group, p_A, p_B
    coverage = {}
    print(f"{experiments} experiments per setting, each with its own {resamples} bootstrap samples")
    print(f"{'n per group':<12}{'p_A':>5}{'p_B':>6}{'percentile':>12}{'BCa':>8}{'Wald':>8}{'Newcombe':>10}")
    for n, p_a, p_b in settings:
        k_a, k_b = rng.binomial(n, p_a, experiments), rng.binomial(n, p_b, experiments)
        found = four_intervals(k_a, n, k_b, n, resamples, rng)
        coverage[n] = {name: np.mean((low <= p_b - p_a) & (p_b - p_a <= high))
                       for name, (low, high) in found.items()}
        cells = (f"{c:>{w}.3f}" for c, w in zip(coverage[n].values(), (12, 8, 8, 10), strict=True))
        print(f"{n:<12}{p_a:>5.2f}{p_b:>6.2f}" + "".join(cells))
    print(f"Monte Carlo standard error: {np.sqrt(0.95 * 0.05 / experiments):.4f} at a coverage of 95%")

    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    for i, name in enumerate(found):
        shares = np.array([coverage[n][name] for n, _, _ in settings])
        errors = 2 * np.sqrt(shares * (1 - shares) / experiments)
        ax.errorbar(np.arange(3) + 0.12 * (i - 1.5), shares, yerr=errors, fmt="o", color=f"C{i}", label=name)
    ax.axhline(0.95, color="C5", linestyle="--")
    ax.set_xticks(range(3), [f"n = {n}\n{p_a:.0%} vs {p_b:.0%}" for n, p_a, p_b in settings])
    ax.set_title("Coverage of 95% intervals (bars: 2 s.e.)")
    ax.set_xlabel("visitors per group, and the true rates")
    ax.set_ylabel("share covering B's rate − A's rate")
    ax.legend(loc="lower left")
    plt.show()
