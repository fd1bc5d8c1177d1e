"""Standard errors of logistic-regression weights from the observed information, the Hessian of the NLL."""

import numpy as np
from scipy import stats
from scipy.special import expit


def nll_gradient(weights: np.ndarray, features: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of the negative log-likelihood Σ[log(1 + e^z) - y z], z = Xw: Xᵀ(σ(Xw) - y)."""
    return features.T @ (expit(features @ weights) - labels)


def fit_logistic(features: np.ndarray, labels: np.ndarray, tol: float = 1e-10) -> np.ndarray:
    """The logistic MLE by Newton's method: w ← w - H⁻¹g until the step is below tol."""
    features, labels = np.asarray(features, dtype=float), np.asarray(labels, dtype=float)
    if features.ndim != 2 or labels.shape != (features.shape[0],) or not np.isin(labels, (0, 1)).all():
        raise ValueError("need features of shape (n, d) and n labels that are 0 or 1")
    weights = np.zeros(features.shape[1])
    message = "Newton's method did not converge: are the classes separable (no finite MLE)?"
    for _ in range(100):
        gradient = nll_gradient(weights, features, labels)
        try:
            step = np.linalg.solve(observed_information(weights, features), gradient)
        except np.linalg.LinAlgError:  # the curvature vanished: the weights ran off to infinity
            raise ValueError(message) from None
        weights = weights - step
        if np.max(np.abs(step)) < tol:
            return weights
    raise ValueError(message)


def observed_information(weights: np.ndarray, features: np.ndarray) -> np.ndarray:
    """Hessian of the NLL: Xᵀ diag(p(1 - p)) X with p = σ(Xw). It does not involve the labels."""
    p = expit(features @ weights)
    return features.T @ (features * (p * (1 - p))[:, None])


def numerical_hessian(weights: np.ndarray, features: np.ndarray, labels: np.ndarray, h: float = 1e-5):
    """The Hessian of the NLL by central differences of its gradient, one weight at a time."""
    steps = h * np.eye(weights.size)
    columns = [nll_gradient(weights + e, features, labels) - nll_gradient(weights - e, features, labels)
               for e in steps]
    return np.array(columns) / (2 * h)


if __name__ == "__main__":
    rng = np.random.default_rng(42)
    n, true_weights = 500, np.array([-0.5, 1.5, -1.0])  # intercept and two slopes
    features = np.column_stack([np.ones(n), rng.normal(size=(n, 2))])
    labels = (rng.random(n) < expit(features @ true_weights)).astype(float)
    weights = fit_logistic(features, labels)
    information = observed_information(weights, features)
    difference = np.max(np.abs(numerical_hessian(weights, features, labels) - information))
    print(f"largest |finite-difference Hessian - Xᵀ S X|: {difference:.1e}")
    covariance = np.linalg.inv(information)
    standard_errors = np.sqrt(np.diag(covariance))
    z = weights / standard_errors
    p_values, z_975 = 2 * stats.norm.sf(np.abs(z)), stats.norm.ppf(0.975)  # z_975 = 1.96
    print(f"{'weight':<10}{'MLE':>9}{'s.e.':>9}{'z':>8}{'p-value':>10}{'95% Wald interval':>22}")
    rows = zip(["intercept", "x1", "x2"], weights, standard_errors, z, p_values, strict=True)
    for name, w, se, zi, pv in rows:
        low, high = w - z_975 * se, w + z_975 * se
        print(f"{name:<10}{w:>9.4f}{se:>9.4f}{zi:>8.2f}{pv:>10.1e}   [{low:7.4f}, {high:7.4f}]")
