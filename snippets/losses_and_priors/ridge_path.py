"""Ridge's squared error over λ on one design, over 200 draws of weights (from the prior) and noise."""

import matplotlib.pyplot as plt
import numpy as np


def ridge_path_errors(
    features: np.ndarray, targets: np.ndarray, weights: np.ndarray, penalties: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """||ŵ_λ - w||² for replicates y (R, n), w (R, d) and each λ, shape (R, L); and OLS's, shape (R,)."""
    features, penalties = np.asarray(features, dtype=float), np.asarray(penalties, dtype=float)
    n, d = features.shape if features.ndim == 2 else (0, 0)
    if n == 0 or targets.shape[1:] != (n,) or weights.shape != (targets.shape[0], d):
        raise ValueError(f"need features (n, d), targets (R, n), weights (R, d), got {features.shape}")
    if np.any(penalties <= 0):
        raise ValueError("every penalty must be positive")
    eigenvalues, vectors = np.linalg.eigh(features.T @ features)  # XᵀX = V diag(e) Vᵀ
    vty = targets @ features @ vectors  # row r: Vᵀ Xᵀ y_r
    scaled = vty[:, None, :] / (eigenvalues[None, None, :] + penalties[None, :, None])  # (R, L, d)
    ridge = scaled @ vectors.T  # (XᵀX + λI)⁻¹Xᵀy = V diag(1/(e + λ)) Vᵀ Xᵀy, for every λ at once
    ols = (vty / eigenvalues) @ vectors.T
    return ((ridge - weights[:, None, :]) ** 2).sum(axis=2), ((ols - weights) ** 2).sum(axis=1)


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    replicates, n, d, correlation, noise_sd, prior_sd = 200, 100, 50, 0.95, 1.0, 0.5
    best = noise_sd**2 / prior_sd**2  # λ = σ²/τ²
    shared = rng.normal(size=(n, 1))  # one common factor: every pair of features has correlation 0.95
    features = np.sqrt(correlation) * shared + np.sqrt(1 - correlation) * rng.normal(size=(n, d))
    weights = rng.normal(0, prior_sd, (replicates, d))  # a new w from the prior for every replicate
    targets = weights @ features.T + rng.normal(0, noise_sd, (replicates, n))
    penalties = np.geomspace(0.01, 1000, 41)
    path, ols_errors = ridge_path_errors(features, targets, weights, np.append(penalties, best))
    errors, at_best = path[:, :-1], path[:, -1]
    average = errors.mean(axis=0)
    print(f"{replicates} replicates, n = {n}, d = {d}, ρ = {correlation}, σ = {noise_sd}, τ = {prior_sd}")
    print(f"lowest average on the grid at λ = {penalties[np.argmin(average)]:.2f}; σ²/τ² = {best:.1f}")
    zero = (weights**2).sum(axis=1).mean()
    print(f"average ||ŵ - w||²: OLS {ols_errors.mean():.2f}, ridge at σ²/τ² {at_best.mean():.2f}", end="")
    print(f", ŵ = 0 {zero:.2f}")
    print(f"ridge at σ²/τ² closer than OLS in {np.mean(at_best < ols_errors):.0%} of the replicates")
    (a, b), (c, e) = np.quantile(ols_errors, [0.1, 0.9]), np.quantile(at_best, [0.1, 0.9])
    print(f"middle 80% of the replicates: OLS {a:.1f} to {b:.1f}, ridge at σ²/τ² {c:.1f} to {e:.1f}")

    fig, ax = plt.subplots(figsize=(5.5, 4.0))
    ax.set_title(f"Ridge error over {replicates} replicates (d = {d}, ρ = {correlation})")
    low, high = np.quantile(errors, [0.1, 0.9], axis=0)
    ax.fill_between(penalties, low, high, color="C0", alpha=0.25, label="ridge, middle 80%")
    ax.plot(penalties, average, color="C0", lw=2, label="ridge, mean")
    ax.axhline(ols_errors.mean(), color="C1", ls="--", lw=1.5, label="OLS (MLE), mean")
    ax.axvline(best, color="C2", ls=":", lw=2, label="λ = σ²/τ²")
    ax.set(xscale="log", yscale="log", xlabel="penalty λ (log scale)", ylabel="squared error ||ŵ − w||²")
    ax.xaxis.set_major_formatter("{x:g}")  # 0.01, 0.1, 1, ...: no small exponents
    ax.set_yticks([3, 5, 10, 20, 30], labels=["3", "5", "10", "20", "30"], minor=False)
    ax.set(ylim=(1.5, 32))
    ax.minorticks_off()
    ax.legend(loc="lower left")
    plt.show()
