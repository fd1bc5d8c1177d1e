"""The empirical Fisher (gradients at the observed labels) against the Fisher (labels from the model)."""

import numpy as np
from scipy.special import expit


def fisher_and_empirical(weights: np.ndarray, features: np.ndarray, labels: np.ndarray):
    """For logistic regression: Σ p(1-p) x xᵀ, and Σ g gᵀ with g = (p - y) x at the observed y."""
    features, labels = np.asarray(features, dtype=float), np.asarray(labels, dtype=float)
    if labels.shape != (features.shape[0],) or not np.isin(labels, (0, 1)).all():
        raise ValueError("need one 0/1 label per row of features")
    p = expit(features @ weights)
    fisher = features.T @ (features * (p * (1 - p))[:, None])
    empirical = features.T @ (features * ((p - labels) ** 2)[:, None])
    return fisher, empirical


def relative_eigenvalues(fisher: np.ndarray, empirical: np.ndarray) -> np.ndarray:
    """Eigenvalues of F⁻¹ F_emp: how much larger the empirical matrix is, along each direction (1: equal)."""
    return np.sort(np.linalg.eigvals(np.linalg.solve(fisher, empirical)).real)


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    n, true_weights = 400, np.array([1.5, -1.0])
    features = rng.normal(size=(n, 2))
    labels = (rng.random(n) < expit(features @ true_weights)).astype(float)
    mle = np.zeros(2)
    for _ in range(10):  # Newton's method, which for this model is natural gradient with step 1
        fisher, _ = fisher_and_empirical(mle, features, labels)
        mle = mle + np.linalg.solve(fisher, features.T @ (labels - expit(features @ mle)))

    points = {"w = 0": np.zeros(2), "the MLE": mle, "3 x the MLE": 3 * mle, "minus the MLE": -mle}
    for name, weights in points.items():
        fisher, empirical = fisher_and_empirical(weights, features, labels)
        q = np.where(labels == 1, expit(features @ weights), 1 - expit(features @ weights))
        print(f"at {name}: the model gives the observed label a probability below 1/2 "
              f"for {np.mean(q < 0.5):.0%} of the examples")
        print(f"  diagonal of the Fisher {np.round(np.diag(fisher), 1)}, "
              f"of the empirical Fisher {np.round(np.diag(empirical), 1)}")
        print(f"  eigenvalues of F^-1 F_emp: {np.round(relative_eigenvalues(fisher, empirical), 3)}")
