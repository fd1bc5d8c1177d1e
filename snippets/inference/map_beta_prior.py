"""MAP with a Beta prior: after 3 heads in 3 tosses, the prior pulls the estimate back from 1."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import betaln, xlogy
from scipy.stats import beta


def log_beta_prior(p: np.ndarray, a: float, b: float) -> np.ndarray:
    """log of the Beta(a, b) density at p (a, b > 0)."""
    if a <= 0 or b <= 0:
        raise ValueError(f"Beta prior parameters must be positive, got a={a}, b={b}")
    return xlogy(a - 1, p) + xlogy(b - 1, 1 - p) - betaln(a, b)


def posterior_mode(heads: int, tosses: int, a: float, b: float) -> float:
    """Closed-form MAP for a coin with a Beta(a, b) prior: (k + a - 1) / (n + a + b - 2), for a, b >= 1."""
    if not 0 <= heads <= tosses:
        raise ValueError(f"heads must be between 0 and tosses, got heads={heads}, tosses={tosses}")
    if a < 1 or b < 1 or a + b + tosses <= 2:
        raise ValueError(f"the formula needs a, b >= 1 and n + a + b > 2, got a={a}, b={b}, n={tosses}")
    return (heads + a - 1) / (tosses + a + b - 2)


if __name__ == "__main__":
    heads, tosses, a, b = 3, 3, 5, 5
    grid = np.linspace(0, 1, 1001)  # step 0.001, both ends included
    log_lik = xlogy(heads, grid) + xlogy(tosses - heads, 1 - grid)
    log_post = log_lik + log_beta_prior(grid, a, b)  # log posterior up to a constant
    posterior = np.exp(log_post - log_post.max())
    posterior /= np.trapezoid(posterior, grid)  # normalised: a density that integrates to 1
    likelihood = np.exp(log_lik) / np.trapezoid(np.exp(log_lik), grid)  # scaled to area 1 to compare

    p_mle, p_map = grid[np.argmax(log_lik)], grid[np.argmax(log_post)]
    print(f"data: {heads} heads in {tosses} tosses; prior Beta({a}, {b}), prior mean {a / (a + b)}")
    print(f"MLE k/n:                        {p_mle:.3f}")
    print(f"grid MAP (step 0.001):          {p_map:.3f}")
    print(f"closed form (k+a-1)/(n+a+b-2):  {posterior_mode(heads, tosses, a, b):.3f}")
    conjugate = beta.pdf(grid, heads + a, tosses - heads + b)  # the exact posterior
    gap = np.abs(posterior - conjugate).max()
    print(f"largest gap to the Beta({heads + a}, {tosses - heads + b}) density: {gap:.1e}")

    fig, ax = plt.subplots(figsize=(5.5, 4.4), layout="constrained")
    ax.plot(grid, likelihood, color="C1", linestyle="--", label="likelihood (scaled to area 1)")
    prior = np.exp(log_beta_prior(grid, a, b))
    ax.plot(grid, prior, color="C2", linestyle="-.", label=f"prior Beta({a}, {b})")
    ax.plot(grid, posterior, color="C0", label="posterior ∝ likelihood × prior")
    ax.axvline(p_mle, color="C1", linestyle=":", label=f"MLE = {p_mle:.2f}")
    ax.axvline(p_map, color="C0", linestyle=":", label=f"MAP = {p_map:.3f}")
    ax.set_title(f"MLE vs MAP after {heads} heads in {tosses} tosses")
    ax.set_xlabel("p, probability of heads")
    ax.set_ylabel("density over p")
    fig.legend(loc="outside lower center", ncols=2)  # below the axes, off the data
    plt.show()
