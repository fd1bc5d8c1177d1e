"""Maximum likelihood for a coin: which heads probability best explains 8 heads in 10 tosses?"""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import xlogy


def check_counts(heads: int, tosses: int) -> None:
    """Raise ValueError unless 0 <= heads <= tosses are whole numbers."""
    if int(heads) != heads or int(tosses) != tosses:
        raise ValueError(f"heads and tosses must be whole numbers, got heads={heads}, tosses={tosses}")
    if tosses < 0:
        raise ValueError(f"tosses must be zero or more, got tosses={tosses}")
    if not 0 <= heads <= tosses:
        raise ValueError(f"heads must be between 0 and tosses, got heads={heads}, tosses={tosses}")


def bernoulli_log_likelihood(p: np.ndarray, heads: int, tosses: int) -> np.ndarray:
    """log L(p) = k log p + (n - k) log(1 - p) for k heads in n tosses (xlogy makes 0·log 0 = 0)."""
    check_counts(heads, tosses)
    p = np.asarray(p, dtype=float)
    if np.any((p < 0) | (p > 1)):
        raise ValueError("every p must be a probability between 0 and 1")
    return xlogy(heads, p) + xlogy(tosses - heads, 1 - p)


if __name__ == "__main__":
    heads, tosses = 8, 10
    grid = np.linspace(0, 1, 1001)  # step 0.001
    log_lik = bernoulli_log_likelihood(grid, heads, tosses)
    likelihood = np.exp(log_lik)
    p_grid = grid[np.argmax(log_lik)]

    print(f"data: {heads} heads in {tosses} tosses")
    print(f"grid MLE (step 0.001): p = {p_grid:.3f}")
    print(f"closed form k/n:       p = {heads / tosses:.3f}")
    print(f"likelihood at the MLE: {likelihood.max():.5f}")
    at_half = np.exp(bernoulli_log_likelihood(0.5, heads, tosses))
    print(f"likelihood at p = 0.5: {at_half:.5f}")
    print(f"likelihood ratio L(MLE) / L(0.5): {likelihood.max() / at_half:.2f}")
    print(f"area under L(p) over 0 <= p <= 1: {np.trapezoid(likelihood, grid):.5f} (not 1)")

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.5, 5.2), sharex=True, layout="constrained")
    fig.suptitle(f"Likelihood and log-likelihood of p\nafter {heads} heads in {tosses} tosses")
    # every 4th point is plenty to draw; log L is -inf at p = 0 and p = 1, so near 1 the points
    # get closer to it, until the curve leaves the axes at the bottom as it does near 0
    shown = np.concatenate([grid[4:-4:4], 1 - np.geomspace(4e-3, 1e-7, 30)])
    top.plot(grid[::4], likelihood[::4], color="C0", label="likelihood L(p)")
    bottom.plot(shown, bernoulli_log_likelihood(shown, heads, tosses), color="C0", label="log-likelihood")
    for ax in (top, bottom):
        ax.axvline(p_grid, color="C1", linestyle="--", label=f"MLE p = {p_grid:.2f}")
        ax.legend(loc="upper left")
    bottom.set_xlabel("p, probability of heads")
    top.set_ylabel("L(p)")
    bottom.set_ylabel("log L(p)")
    bottom.set_ylim(-25, 0)
    plt.show()
