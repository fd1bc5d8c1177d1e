"""Observed and expected information differ in a probit regression, and so do the standard errors."""

import numpy as np
from scipy import stats
from scipy.special import log_ndtr


def probit_parts(weights: np.ndarray, features: np.ndarray, labels: np.ndarray):
    """NLL gradient, observed information (the NLL's Hessian) and expected information of a probit model."""
    eta = features @ weights
    sign = 2 * labels - 1  # the log-likelihood of one label is log Φ(sign·η)
    mills = np.exp(stats.norm.logpdf(eta) - log_ndtr(sign * eta))  # φ(η)/Φ(sign·η)
    gradient = -features.T @ (sign * mills)
    observed = features.T @ (features * (mills * (mills + sign * eta))[:, None])  # depends on the labels
    expected_weight = np.exp(2 * stats.norm.logpdf(eta) - log_ndtr(eta) - log_ndtr(-eta))  # φ²/(Φ(1-Φ))
    return gradient, observed, features.T @ (features * expected_weight[:, None])


def fit_probit(features: np.ndarray, labels: np.ndarray, tol: float = 1e-10) -> np.ndarray:
    """The probit MLE by Newton's method on the observed information."""
    features, labels = np.asarray(features, dtype=float), np.asarray(labels, dtype=float)
    if features.ndim != 2 or labels.shape != (features.shape[0],) or not np.isin(labels, (0, 1)).all():
        raise ValueError("need features of shape (n, d) and n labels that are 0 or 1")
    weights = np.zeros(features.shape[1])
    for _ in range(100):
        gradient, observed, _ = probit_parts(weights, features, labels)
        step = np.linalg.solve(observed, gradient)
        weights = weights - step
        if np.max(np.abs(step)) < tol:
            return weights
    raise ValueError("Newton's method did not converge: are the classes separable (no finite MLE)?")


if __name__ == "__main__":
    rng = np.random.default_rng(8)
    n, true_weights = 80, np.array([0.3, 1.0, -0.7])  # a small data set: intercept and two slopes
    features = np.column_stack([np.ones(n), rng.normal(size=(n, 2))])
    labels = (rng.random(n) < stats.norm.cdf(features @ true_weights)).astype(float)
    weights = fit_probit(features, labels)
    _, observed, expected = probit_parts(weights, features, labels)
    se_observed = np.sqrt(np.diag(np.linalg.inv(observed)))
    se_expected = np.sqrt(np.diag(np.linalg.inv(expected)))
    print(f"probit MLE: {np.round(weights, 4)}")
    print(f"{'weight':<10}{'s.e. observed':>14}{'s.e. expected':>14}{'ratio':>8}")
    for name, so, se in zip(["intercept", "x1", "x2"], se_observed, se_expected, strict=True):
        print(f"{name:<10}{so:>14.4f}{se:>14.4f}{so / se:>8.3f}")
