"""Why we work with log-likelihoods: the product of 1000 densities underflows to 0, its log does not."""

import numpy as np
from scipy.stats import norm


def gaussian_log_likelihood(data: np.ndarray, mu: float | np.ndarray, sigma: float) -> np.ndarray:
    """Sum over the data of log N(x | mu, sigma²), for one mu or for each mu of an array."""
    if sigma <= 0:
        raise ValueError(f"sigma must be positive, got sigma={sigma}")
    data, mu = np.asarray(data, dtype=float), np.asarray(mu, dtype=float)
    return np.sum(norm.logpdf(data, loc=mu[..., np.newaxis], scale=sigma), axis=-1)


if __name__ == "__main__":
    rng = np.random.default_rng(42)
    mu, sigma = 3.5, 1.2
    data = rng.normal(mu, sigma, size=1000)

    print("likelihood as a raw product of densities, and as a sum of log-densities:")
    for n in (10, 100, 1000):
        product = np.prod(norm.pdf(data[:n], loc=mu, scale=sigma))
        log_likelihood = gaussian_log_likelihood(data[:n], mu, sigma)
        print(f"  n = {n:>4}: product = {product:.3e}   log-likelihood = {log_likelihood:10.2f}")

    grid = np.linspace(3.0, 4.0, 1001)
    log_likelihoods = gaussian_log_likelihood(data, grid, sigma)  # one value per grid point
    best = grid[np.argmax(log_likelihoods)]
    print(f"best μ on a grid of step 0.001, by log-likelihood: {best:.3f}")
    print(f"sample mean:                                       {data.mean():.3f}")
