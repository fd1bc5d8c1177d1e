"""The Gaussian-noise MLE of (w, σ) gives the least-squares weights and σ̂² = the mean squared residual."""

import numpy as np
from scipy.optimize import minimize


def gaussian_regression_nll(params: np.ndarray, features: np.ndarray, targets: np.ndarray) -> float:
    """NLL of y = Xw + ε, ε ~ N(0, σ²), with params = (w..., log σ)."""
    features, targets = np.asarray(features, dtype=float), np.asarray(targets, dtype=float)
    if features.ndim != 2 or targets.shape != (features.shape[0],) or len(params) != features.shape[1] + 1:
        raise ValueError("need features (n, d), targets (n,) and params of length d + 1 (weights, log σ)")
    weights, log_sigma = np.asarray(params[:-1]), params[-1]
    residuals = targets - features @ weights
    n = targets.size
    return n * log_sigma + 0.5 * n * np.log(2 * np.pi) + residuals @ residuals / (2 * np.exp(2 * log_sigma))


if __name__ == "__main__":
    rng = np.random.default_rng(8)
    n, true_weights, noise_sd = 200, np.array([1.5, -2.0, 0.7]), 0.8
    features = np.column_stack([np.ones(n), rng.normal(size=(n, 2))])  # intercept column + two features
    targets = features @ true_weights + rng.normal(0, noise_sd, n)

    least_squares, *_ = np.linalg.lstsq(features, targets, rcond=None)
    mle = minimize(gaussian_regression_nll, x0=np.zeros(4), args=(features, targets), method="BFGS").x
    mean_squared_residual = np.mean((targets - features @ least_squares) ** 2)

    print(f"true weights:            {true_weights}")
    print(f"least squares (min MSE): {np.round(least_squares, 4)}")
    print(f"Gaussian MLE (BFGS):     {np.round(mle[:-1], 4)}")
    print(f"largest weight gap:      {np.max(np.abs(least_squares - mle[:-1])):.1e}")
    print(f"MLE sigma_hat² = {np.exp(2 * mle[-1]):.4f}, mean squared residual = {mean_squared_residual:.4f}")
