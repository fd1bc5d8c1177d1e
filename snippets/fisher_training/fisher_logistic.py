"""The Fisher information of logistic regression: closed form, covariance of the score, Hessian."""

import numpy as np
from scipy.special import expit


def fisher_information(weights: np.ndarray, features: np.ndarray) -> np.ndarray:
    """Closed form Xᵀ diag(p(1 - p)) X, p = sigmoid(Xw): the information of all n labels given the inputs."""
    features, weights = np.asarray(features, dtype=float), np.asarray(weights, dtype=float)
    if features.ndim != 2 or weights.shape != (features.shape[1],):
        raise ValueError("need features of shape (n, d) and d weights")
    p = expit(features @ weights)
    return features.T @ (features * (p * (1 - p))[:, None])


def score(weights: np.ndarray, features: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of the log-likelihood, Xᵀ(y - p); labels may hold many label vectors, one per row."""
    labels = np.asarray(labels, dtype=float)
    if labels.shape[-1] != features.shape[0] or not np.isin(labels, (0, 1)).all():
        raise ValueError("need one 0/1 label per row of features")
    return (labels - expit(features @ weights)) @ features


def nll_hessian(weights: np.ndarray, features: np.ndarray, labels: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Hessian of the negative log-likelihood by central differences of minus the score."""
    d = weights.size
    steps = h * np.eye(d)
    return np.column_stack(
        [(score(weights - steps[j], features, labels) - score(weights + steps[j], features, labels)) / (2 * h)
         for j in range(d)]
    )


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    n, true_weights = 400, np.array([1.5, -1.0])
    features = rng.normal(size=(n, 2))
    labels = (rng.random(n) < expit(features @ true_weights)).astype(float)

    weights = np.array([1.0, -0.5])  # any point: the formulas hold at every w, not only at the truth
    closed_form = fisher_information(weights, features)
    draws = 5000  # label vectors drawn from the model at these weights, inputs held fixed
    simulated = (rng.random((draws, n)) < expit(features @ weights)).astype(float)
    scores = score(weights, features, simulated)
    covariance = np.cov(scores, rowvar=False)
    hessian = nll_hessian(weights, features, labels)  # at the observed labels

    print(f"n = {n} examples, 2 features; Fisher information at w = {weights}")
    print("closed form X' diag(p(1-p)) X:\n", np.round(closed_form, 2))
    print(f"covariance of the score over {draws} label draws from the model:\n", np.round(covariance, 2))
    print(f"mean of those scores: {np.round(scores.mean(axis=0), 2)}")
    print("Hessian of the NLL at the observed labels (finite differences):\n", np.round(hessian, 2))
    centred = scores - scores.mean(axis=0)
    products = centred[:, :, None] * centred[:, None, :]  # their mean is the covariance
    standard_errors = products.std(axis=0, ddof=1) / np.sqrt(draws)
    gap = np.abs(covariance - closed_form) / standard_errors
    print(f"largest gap, covariance vs closed form: {gap.max():.1f} Monte Carlo standard errors")
    print(f"largest gap, Hessian vs closed form: {np.abs(hessian - closed_form).max():.1e}")
