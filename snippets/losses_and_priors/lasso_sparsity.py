"""L1 = Laplace prior: a lasso fitted by proximal gradient sets most weights exactly to 0; ridge sets none."""

import matplotlib.pyplot as plt
import numpy as np


def soft_threshold(values: np.ndarray, threshold: float) -> np.ndarray:
    """sign(v)·max(|v| - threshold, 0): the proximal step of threshold·|v|, which produces exact zeros."""
    return np.sign(values) * np.maximum(np.abs(values) - threshold, 0.0)


def lasso_proximal_gradient(
    features: np.ndarray, targets: np.ndarray, penalty: float, iterations: int = 5000, tolerance: float = 1e-9
) -> np.ndarray:
    """Minimise ||y - Xw||² + penalty·||w||₁ by proximal gradient descent (ISTA) with step 1/L."""
    features, targets = np.asarray(features, dtype=float), np.asarray(targets, dtype=float)
    if features.ndim != 2 or targets.shape != (features.shape[0],):
        raise ValueError(f"need features (n, d) and targets (n,), got {features.shape} and {targets.shape}")
    if penalty < 0:
        raise ValueError(f"penalty must be zero or positive, got penalty={penalty}")
    # the gradient of ||y - Xw||² is 2Xᵀ(Xw - y); L = 2·(largest eigenvalue of XᵀX) bounds its curvature
    step = 1.0 / (2 * np.linalg.eigvalsh(features.T @ features)[-1])
    weights = np.zeros(features.shape[1])
    for _ in range(iterations):
        gradient = 2 * features.T @ (features @ weights - targets)
        updated = soft_threshold(weights - step * gradient, step * penalty)
        if np.max(np.abs(updated - weights)) < tolerance:
            return updated
        weights = updated
    return weights


if __name__ == "__main__":
    rng = np.random.default_rng(21)
    n, d, noise_sd, penalty = 100, 50, 0.5, 20.0  # the same λ for both: ||y - Xw||² + λ·penalty(w)
    true_weights = np.zeros(d)
    true_weights[:5] = [1.5, -1.0, 0.8, -1.2, 0.6]  # only 5 of the 50 features matter
    features = rng.normal(size=(n, d))
    targets = features @ true_weights + rng.normal(0, noise_sd, n)

    lasso = lasso_proximal_gradient(features, targets, penalty)
    ridge = np.linalg.solve(features.T @ features + penalty * np.eye(d), features.T @ targets)
    print(f"λ = {penalty:.0f} for both; exact zeros out of {d}: ", end="")
    print(f"lasso {np.sum(lasso == 0)}, ridge {np.sum(ridge == 0)}")
    print(f"true non-zero weights kept by the lasso: {np.sum(lasso[:5] != 0)} of 5")
    print(f"irrelevant weights left non-zero by the lasso: {np.sum(lasso[5:] != 0)} of {d - 5}")
    lasso_error, ridge_error = np.linalg.norm(lasso - true_weights), np.linalg.norm(ridge - true_weights)
    print(f"||ŵ - w||:  lasso {lasso_error:.3f},  ridge {ridge_error:.3f}")
    correlation = np.abs(features.T @ (targets - features @ lasso))  # |x_jᵀ(y - Xŵ)| for every feature j
    at_zero, gap = np.max(correlation[lasso == 0]), np.max(np.abs(correlation[lasso != 0] - penalty / 2))
    print(f"optimality, λ/2 = {penalty / 2:.1f}: where ŵ_j = 0, |x_jᵀ(y - Xŵ)| ≤ {at_zero:.2f}")
    print(f"  where ŵ_j ≠ 0, |x_jᵀ(y - Xŵ)| is λ/2 to within {gap:.0e}")

    index = np.arange(d)
    fig, ax = plt.subplots()
    ax.set_title(f"Weights estimated with the same penalty λ = {penalty:.0f}:\nlasso (L1) and ridge (L2)")
    ax.axhline(0, color="C5", linewidth=1, label="true weight 0 (features 5 to 49)")
    ax.plot(index[:5], true_weights[:5], "s", color="C5", ms=7, markerfacecolor="none", label="true weight")
    ax.plot(index, ridge, "o", color="C0", markersize=4, label="ridge (Gaussian prior)")
    ax.plot(index, lasso, "x", color="C1", markersize=6, label="lasso (Laplace prior)")
    ax.set(xlabel="feature index", ylabel="weight")
    ax.legend()
    plt.show()
