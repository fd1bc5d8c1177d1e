"""More tosses, narrower likelihood: the curve around the MLE shrinks roughly like 1/sqrt(n)."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import xlogy


def normalised_likelihood(p: np.ndarray, heads: int, tosses: int) -> np.ndarray:
    """L(p) / max L, computed from the log-likelihood so it never underflows."""
    if not 0 <= heads <= tosses:
        raise ValueError(f"heads must be between 0 and tosses, got heads={heads}, tosses={tosses}")
    log_lik = xlogy(heads, p) + xlogy(tosses - heads, 1 - p)
    return np.exp(log_lik - log_lik.max())


def likelihood_width(p: np.ndarray, heads: int, tosses: int) -> float:
    """Width of the set of p where L(p) / max L >= exp(-1/2), about 2 standard errors of the MLE."""
    inside = p[normalised_likelihood(p, heads, tosses) >= np.exp(-0.5)]
    return float(inside.max() - inside.min())


if __name__ == "__main__":
    rng = np.random.default_rng(42)
    true_p, sizes = 0.6, np.array([10, 50, 100, 500, 2000])
    heads = rng.binomial(sizes, true_p)  # one experiment per sample size
    fine = np.linspace(0, 1, 100_001)  # for the widths; step 0.00001
    plot_grid = np.linspace(0, 1, 401)  # for the curves; 401 points per line

    widths = np.array([likelihood_width(fine, k, n) for k, n in zip(heads, sizes, strict=True)])
    print("    n  heads    MLE  |MLE-0.6|  width  width*sqrt(n)")
    for n, k, w in zip(sizes, heads, widths, strict=True):
        print(f"{n:5d}  {k:5d}  {k / n:.3f}  {abs(k / n - true_p):9.3f}  {w:.3f}  {w * np.sqrt(n):13.3f}")
    print(f"2*sqrt(p(1-p)) at the true p: {2 * np.sqrt(true_p * (1 - true_p)):.3f}")

    fig, ax = plt.subplots(figsize=(5.5, 4.6), layout="constrained")
    ax.set_title(f"Normalised likelihood of p, true p = {true_p}:\nmore tosses, narrower curve")
    for n, k, colour in zip(sizes, heads, ["C0", "C1", "C2", "C3", "C4"], strict=True):
        label = f"n = {n}, MLE = {k / n:.3f}"  # each curve peaks at its MLE
        ax.plot(plot_grid, normalised_likelihood(plot_grid, k, n), color=colour, label=label)
    ax.axvline(true_p, color="C5", linestyle="--", label=f"true p = {true_p}")
    ax.set_xlabel("p, probability of heads")
    ax.set_ylabel("likelihood relative to its maximum")
    fig.legend(loc="outside lower center", ncols=2)  # below the axes, off the curves
    plt.show()
