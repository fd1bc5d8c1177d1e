"""The training loop is MLE: logistic regression by gradient descent on the NLL; adding L2 makes it MAP."""

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit


def logistic_loss(weights: np.ndarray, features: np.ndarray, labels: np.ndarray, gamma: float = 0.0) -> float:
    """Mean NLL  mean[log(1 + e^z) - y z], z = Xw, computed stably with logaddexp, plus (γ/2)·||w||²."""
    if gamma < 0:
        raise ValueError(f"the penalty weight gamma must be zero or positive, got gamma={gamma}")
    z = features @ weights
    return float(np.mean(np.logaddexp(0.0, z) - labels * z) + 0.5 * gamma * weights @ weights)


def logistic_gradient(
    weights: np.ndarray, features: np.ndarray, labels: np.ndarray, gamma: float = 0
) -> np.ndarray:
    """Gradient of logistic_loss: Xᵀ(sigmoid(Xw) - y)/n + γ·w."""
    return features.T @ (expit(features @ weights) - labels) / labels.size + gamma * weights


def gradient_descent(features: np.ndarray, labels: np.ndarray, gamma: float = 0.0, epochs: int = 300):
    """Full-batch gradient descent, step 1/L (L bounds the curvature); returns weights and loss per epoch."""
    features, labels = np.asarray(features, dtype=float), np.asarray(labels, dtype=float)
    if features.ndim != 2 or labels.shape != (features.shape[0],) or not np.isin(labels, (0, 1)).all():
        raise ValueError("need features of shape (n, d) and n labels that are 0 or 1")
    step = 1.0 / (np.linalg.eigvalsh(features.T @ features)[-1] / (4 * labels.size) + gamma)
    weights, history = np.zeros(features.shape[1]), []
    for _ in range(epochs):
        history.append(logistic_loss(weights, features, labels, gamma))
        weights = weights - step * logistic_gradient(weights, features, labels, gamma)
    return weights, np.array(history)


if __name__ == "__main__":
    rng = np.random.default_rng(42)
    n, true_weights = 500, np.array([-0.5, 1.5, -1.0])  # intercept and two slopes
    features = np.column_stack([np.ones(n), rng.normal(size=(n, 2))])
    labels = (rng.random(n) < expit(features @ true_weights)).astype(float)

    fits = {}
    for name, gamma in (("MLE", 0.0), ("MAP, γ = 0.01", 0.01)):  # γ = 1/(nτ²): prior w ~ N(0, τ² = 0.2)
        weights, history = gradient_descent(features, labels, gamma)
        args = (features, labels, gamma)  # scipy's minimize uses BFGS for this unconstrained problem
        reference = minimize(logistic_loss, np.zeros(3), args=args, jac=logistic_gradient, tol=1e-10).x
        fits[name] = (weights, history, reference)
        print(f"{name}: loss at epochs 0, 1, 2, 5, 10, 299: {np.round(history[[0, 1, 2, 5, 10, 299]], 4)}")
        print(f"  gradient descent: {np.round(weights, 4)}   scipy BFGS: {np.round(reference, 4)}")
    p = expit(features @ fits["MLE"][0])  # the Fisher information of the weights is Xᵀ diag(p(1 - p)) X
    standard_errors = np.sqrt(np.diag(np.linalg.inv(features.T @ (features * (p * (1 - p))[:, None]))))
    print(f"true weights: {true_weights}   standard errors of the MLE: {np.round(standard_errors, 4)}")
