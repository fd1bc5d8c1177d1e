"""OLS (Gaussian MLE) against ridge (MAP, Gaussian prior): correlated features, or more features than data."""

import numpy as np


def ridge_weights(features: np.ndarray, targets: np.ndarray, penalty: float) -> np.ndarray:
    """argmin ||y - Xw||² + penalty·||w||², i.e. (XᵀX + penalty·I)⁻¹ Xᵀy."""
    features, targets = np.asarray(features, dtype=float), np.asarray(targets, dtype=float)
    if features.ndim != 2 or targets.shape != (features.shape[0],):
        raise ValueError(f"need features (n, d) and targets (n,), got {features.shape} and {targets.shape}")
    if penalty <= 0:
        raise ValueError(f"penalty must be positive, got penalty={penalty}")
    d = features.shape[1]
    return np.linalg.solve(features.T @ features + penalty * np.eye(d), features.T @ targets)


def simulate_regression(
    rng: np.random.Generator, n: int, d: int, correlation: float, noise_sd: float, prior_sd: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """w ~ N(0, prior_sd²·I); features with the given correlation between every pair; y = Xw + noise."""
    if not 0 <= correlation < 1:
        raise ValueError(f"correlation must be in [0, 1), got correlation={correlation}")
    weights = rng.normal(0, prior_sd, d)
    shared = rng.normal(size=(n, 1))  # one common factor makes every pair of features correlated
    features = np.sqrt(correlation) * shared + np.sqrt(1 - correlation) * rng.normal(size=(n, d))
    return features, features @ weights + rng.normal(0, noise_sd, n), weights


if __name__ == "__main__":
    rng = np.random.default_rng(12)
    noise_sd, prior_sd = 1.0, 0.5
    penalty = noise_sd**2 / prior_sd**2  # λ = σ²/τ²
    settings = {"correlated features": (100, 50, 0.95), "more features than samples": (50, 100, 0.0)}
    print(f"σ = {noise_sd}, τ = {prior_sd}, ridge penalty λ = σ²/τ² = {penalty:.1f}")
    print(f"{'setting':<27} {'n':>4} {'d':>4} {'ρ':>5} {'||w||':>7} {'OLS error':>10} {'ridge error':>12}")
    errors = {}
    for name, (n, d, correlation) in settings.items():
        features, targets, weights = simulate_regression(rng, n, d, correlation, noise_sd, prior_sd)
        ols = np.linalg.lstsq(features, targets, rcond=None)[0]  # minimum-norm solution when d > n
        ridge = ridge_weights(features, targets, penalty)
        ols_error, ridge_error = np.linalg.norm(ols - weights), np.linalg.norm(ridge - weights)
        errors[name] = (ols_error, ridge_error, np.linalg.norm(weights))
        row = f"{name:<27} {n:>4} {d:>4} {correlation:>5} {errors[name][2]:>7.3f}"
        print(f"{row} {ols_error:>10.3f} {ridge_error:>12.3f}")
    print("(ρ = correlation between every pair of features; error = ||ŵ - w||; ||w|| = error of ŵ = 0)")
