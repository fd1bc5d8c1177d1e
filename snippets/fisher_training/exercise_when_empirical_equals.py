"""Exercise: when the empirical Fisher equals the Fisher: averaged over the model's labels; at the MLE."""

import numpy as np
from scipy.special import expit


def fisher_pair(weights: np.ndarray, features: np.ndarray, labels: np.ndarray):
    """Fisher Σ p(1-p) x xᵀ / n and empirical Fisher Σ (p - y)² x xᵀ / n; labels may be (draws, n)."""
    labels = np.asarray(labels, dtype=float)
    if labels.shape[-1] != features.shape[0] or not np.isin(labels, (0, 1)).all():
        raise ValueError("need one 0/1 label per row of features")
    p = expit(features @ weights)
    fisher = features.T @ (features * (p * (1 - p))[:, None]) / p.size
    empirical = np.einsum("...i,ij,ik->...jk", (p - labels) ** 2, features, features) / p.size
    return fisher, empirical


def mle(features: np.ndarray, labels: np.ndarray, steps: int = 25) -> np.ndarray:
    """Logistic-regression MLE by Newton's method (natural gradient with step 1) from w = 0."""
    w = np.zeros(features.shape[1])
    for _ in range(steps):
        fisher, _ = fisher_pair(w, features, labels)
        w = w + np.linalg.solve(fisher, features.T @ (labels - expit(features @ w)) / labels.size)
    return w


if __name__ == "__main__":
    rng = np.random.default_rng(6)
    features = rng.normal(size=(400, 2))
    w = np.array([3.0, -1.0])  # any fixed weights; draw the labels from the model there
    labels = (rng.random((4000, 400)) < expit(features @ w)).astype(float)
    fisher, empirical = fisher_pair(w, features, labels)
    size = np.abs(fisher).max()
    print(f"one label draw: largest gap to F {np.abs(empirical[0] - fisher).max() / size:.1%}")
    gap = np.abs(empirical.mean(axis=0) - fisher).max() / size
    print(f"average over 4000 draws from the model: largest gap {gap:.2%}")

    print("eigenvalues of F^-1 F_emp at the MLE, labels from a logistic model | 10% of labels flipped")
    for n in (100, 1000, 10_000, 100_000):
        x = rng.normal(size=(n, 2))
        right = (rng.random(n) < expit(x @ [1.5, -1.0])).astype(float)  # the model is right
        wrong = np.where(rng.random(n) < 0.1, 1.0 - (x @ [1.5, -1.0] > 0), x @ [1.5, -1.0] > 0)
        shown = []
        for y in (right, wrong):
            fisher, empirical = fisher_pair(mle(x, y), x, y)
            ratios = np.sort(np.linalg.eigvals(np.linalg.solve(fisher, empirical)).real)
            shown.append(f"{ratios[0]:.3f} {ratios[1]:.3f}")
        print(f"n = {n:>6}: {shown[0]:>24} | {shown[1]}")
