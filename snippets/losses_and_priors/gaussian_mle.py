"""Gaussian MLE: the closed forms x̄ and (1/n)Σ(x - x̄)² against scipy's norm.fit and a numerical minimiser."""

import numpy as np
from scipy.optimize import minimize
from scipy.stats import norm


def gaussian_negative_log_likelihood(params: np.ndarray, data: np.ndarray) -> float:
    """NLL of N(mu, sigma²) with params = (mu, log sigma); the log keeps sigma positive for the optimiser."""
    data = np.asarray(data, dtype=float)
    if data.size == 0:
        raise ValueError("data must hold at least one value")
    mu, log_sigma = params
    n = data.size
    sigma2 = np.exp(2 * log_sigma)
    return 0.5 * n * np.log(2 * np.pi * sigma2) + np.sum((data - mu) ** 2) / (2 * sigma2)


if __name__ == "__main__":
    rng = np.random.default_rng(42)
    mu_true, sigma_true, n = 3.5, 1.2, 1000
    data = rng.normal(mu_true, sigma_true, size=n)

    mu_hat = data.mean()
    sigma2_hat = np.mean((data - mu_hat) ** 2)  # divides by n: the MLE
    mu_fit, sigma_fit = norm.fit(data)
    numerical = minimize(gaussian_negative_log_likelihood, x0=[0.0, 0.0], args=(data,), method="BFGS")
    mu_num, sigma_num = numerical.x[0], np.exp(numerical.x[1])

    print(f"true:                     μ = {mu_true:.4f}           σ² = {sigma_true**2:.4f}")
    print(f"closed-form MLE:     mu_hat = {mu_hat:.4f}   sigma_hat² = {sigma2_hat:.4f}")
    print(f"scipy norm.fit:      mu_hat = {mu_fit:.4f}   sigma_hat² = {sigma_fit**2:.4f}")
    print(f"BFGS on the NLL:     mu_hat = {mu_num:.4f}   sigma_hat² = {sigma_num**2:.4f}")
    print(f"Bessel (ddof=1):                               s² = {np.var(data, ddof=1):.4f}")
    gap = max(abs(mu_hat - mu_fit), abs(sigma2_hat - sigma_fit**2))
    print(f"largest gap, closed form vs norm.fit: {gap:.1e}")
