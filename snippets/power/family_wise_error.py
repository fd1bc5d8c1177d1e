"""Twenty tests with no real effect: how often at least one gives p < 0.05, with and without Bonferroni."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats


def family_wise_error_rate(p_values: np.ndarray, threshold: float) -> float:
    """Share of families (rows) in which at least one p-value is below `threshold`."""
    p_values = np.atleast_2d(p_values)
    if np.any((p_values < 0) | (p_values > 1)):
        raise ValueError("p-values must lie between 0 and 1")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got threshold={threshold}")
    return float(np.mean(np.any(p_values < threshold, axis=1)))


def independent_fwer(tests, threshold) -> np.ndarray:
    """Exact family-wise error rate of `tests` independent true-null tests: 1 - (1 - threshold)^tests."""
    tests, threshold = np.asarray(tests), np.asarray(threshold, dtype=float)
    if np.any(tests < 1) or np.any((threshold <= 0) | (threshold >= 1)):
        raise ValueError("need at least one test and a threshold strictly between 0 and 1")
    return -np.expm1(tests * np.log1p(-threshold))


if __name__ == "__main__":
    rng = np.random.default_rng(20)
    families, most_tests, alpha = 20_000, 50, 0.05
    z = rng.standard_normal(size=(families, most_tests))  # test statistics when no null is false
    p_values = 2 * stats.norm.sf(np.abs(z))
    counts = np.arange(1, most_tests + 1)
    smallest = np.minimum.accumulate(p_values, axis=1)  # column m - 1: smallest p among the first m tests
    plain, bonferroni = np.mean(smallest < alpha, axis=0), np.mean(smallest < alpha / counts, axis=0)

    m = 20
    fwer_plain = family_wise_error_rate(p_values[:, :m], alpha)
    fwer_bonferroni = family_wise_error_rate(p_values[:, :m], alpha / m)
    print(f"{m} independent tests, every null hypothesis true, alpha = {alpha}, {families} families")
    error = np.sqrt(fwer_plain * (1 - fwer_plain) / families)
    print(
        f"no correction, p < {alpha}:   formula {independent_fwer(m, alpha):.4f}, simulated {fwer_plain:.4f}"
        f" (s.e. {error:.4f})"
    )
    print(
        f"Bonferroni, p < {alpha / m:.4f}: formula {independent_fwer(m, alpha / m):.4f}, "
        f"simulated {fwer_bonferroni:.4f}"
    )
    false_alarms = np.sum(p_values[:, :m] < alpha, axis=1)
    print(f"false alarms per family, no correction: expected {m * alpha:.1f}, mean {false_alarms.mean():.3f}")

    layout = {"figsize": (5.5, 6.4), "height_ratios": [3, 2], "layout": "constrained"}
    fig, (ax, zoom) = plt.subplots(2, sharex=True, **layout)
    bonferroni_formula = independent_fwer(counts, alpha / counts)  # just under α
    ax.plot(counts, independent_fwer(counts, alpha), color="C1", label="no correction, formula")
    ax.plot(counts, plain, "o", color="C1", markersize=3, label="no correction, simulated")
    # At the scale of the top panel Bonferroni's curve, its dots and α coincide; the bottom panel zooms in.
    for panel, tag in [(ax, ""), (zoom, "_")]:  # a leading "_" keeps the copies out of the legend
        panel.plot(counts, bonferroni_formula, color="C0", linewidth=2, label=f"{tag}Bonferroni, formula")
        panel.plot(counts, bonferroni, "o", mfc="none", color="C0", ms=5, label=f"{tag}Bonferroni, simulated")
        panel.axhline(alpha, color="k", linestyle="--", linewidth=1.2, zorder=3, label=f"{tag}α = {alpha}")
    ax.set_title("Family-wise error rate of independent tests\nwith no real effect")
    fig.supylabel("P(at least one false alarm)", fontsize=11)
    ax.set_ylim(bottom=0)
    zoom.set_title("zoomed in: Bonferroni's curve just under α", fontsize=11)
    zoom.set_xlabel("number of tests in the family")
    zoom.set(ylim=(0.043, 0.054), yticks=[0.045, 0.05])
    fig.legend(handles=ax.get_lines(), loc="outside lower center", ncols=2)  # below the axes, off the curves
    plt.show()
