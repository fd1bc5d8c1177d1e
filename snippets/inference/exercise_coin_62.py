"""Exercise 1: 62 heads in 100 tosses: MLE, the likelihood curve, and MAP with a Beta(10, 10) prior."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import xlogy


def log_posterior(p: np.ndarray, heads: int, tosses: int, a: float = 1, b: float = 1) -> np.ndarray:
    """log likelihood + log Beta(a, b) prior, up to a constant; a = b = 1 (flat) is the log-likelihood."""
    if not 0 <= heads <= tosses:
        raise ValueError(f"heads must be between 0 and tosses, got heads={heads}, tosses={tosses}")
    if a <= 0 or b <= 0:
        raise ValueError(f"Beta prior parameters must be positive, got a={a}, b={b}")
    return xlogy(heads + a - 1, p) + xlogy(tosses - heads + b - 1, 1 - p)


if __name__ == "__main__":
    heads, tosses, a, b = 62, 100, 10, 10
    grid = np.linspace(0, 1, 1001)  # step 0.001
    log_lik = log_posterior(grid, heads, tosses)
    log_post = log_posterior(grid, heads, tosses, a, b)
    p_mle, p_map = grid[np.argmax(log_lik)], grid[np.argmax(log_post)]

    print(f"data: {heads} heads in {tosses} tosses")
    print(f"MLE on the grid: {p_mle:.3f}   closed form k/n: {heads / tosses:.3f}")
    closed_form_map = (heads + a - 1) / (tosses + a + b - 2)
    print(f"MAP on the grid: {p_map:.3f}   closed form (k+a-1)/(n+a+b-2): {closed_form_map:.4f}")

    plot_grid = grid[::5]  # 201 points are plenty for the curves
    fig, ax = plt.subplots(figsize=(5.5, 4.4), layout="constrained")
    ax.plot(plot_grid, np.exp(log_lik - log_lik.max())[::5], color="C1", label="likelihood")
    ax.plot(plot_grid, np.exp(log_post - log_post.max())[::5], color="C0", label=f"posterior, Beta({a}, {b})")
    ax.axvline(p_mle, color="C1", linestyle=":", label=f"MLE = {p_mle:.3f}")
    ax.axvline(p_map, color="C0", linestyle="--", label=f"MAP = {p_map:.3f}")
    ax.set_xlim(0.3, 0.9)
    ax.set_title(f"Likelihood and posterior after {heads} heads in {tosses} tosses")
    ax.set_xlabel("p, probability of heads")
    ax.set_ylabel("relative to its own maximum")
    fig.legend(loc="outside lower center", ncols=2)  # below the axes, off the data
    plt.show()
