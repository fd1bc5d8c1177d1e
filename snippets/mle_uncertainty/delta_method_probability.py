"""The delta method: the standard error of a predicted probability σ(xᵀŵ) from that of the weights."""

import numpy as np
from scipy import stats
from scipy.special import expit


def fit_logistic_many(features: np.ndarray, labels: np.ndarray, steps: int = 12) -> np.ndarray:
    """Newton's method for the logistic MLE of every row of labels (data sets × n) at once, one design."""
    features, labels = np.asarray(features, dtype=float), np.asarray(labels, dtype=float)
    if features.ndim != 2 or labels.ndim != 2 or labels.shape[1] != features.shape[0]:
        raise ValueError("need features of shape (n, d) and labels of shape (data sets, n)")
    d = features.shape[1]
    outer = (features[:, :, None] * features[:, None, :]).reshape(-1, d * d)
    weights = np.zeros((labels.shape[0], d))
    for _ in range(steps):
        p = expit(weights @ features.T)
        hessian = ((p * (1 - p)) @ outer).reshape(-1, d, d)
        weights = weights - np.linalg.solve(hessian, ((p - labels) @ features)[..., None])[..., 0]
    return weights


def probability_se(weights: np.ndarray, features: np.ndarray, x_new: np.ndarray) -> tuple[np.ndarray, ...]:
    """Delta method at x_new for each row of weights: s.e. of the logit xᵀŵ and of the probability σ(xᵀŵ)."""
    weights, d = np.atleast_2d(weights), features.shape[1]
    if x_new.shape != (d,):
        raise ValueError(f"x_new must hold one value per weight ({d}), got shape {x_new.shape}")
    p = expit(weights @ features.T)
    outer = (features[:, :, None] * features[:, None, :]).reshape(-1, d * d)
    information = ((p * (1 - p)) @ outer).reshape(-1, d, d)  # Xᵀ diag(p(1 - p)) X for each row
    logit_se = np.sqrt(x_new @ np.linalg.inv(information) @ x_new)  # sqrt(xᵀ I⁻¹ x), one per row
    p_new = expit(weights @ x_new)
    return logit_se, p_new * (1 - p_new) * logit_se  # dσ/dz = σ(1 - σ)


if __name__ == "__main__":
    rng = np.random.default_rng(12)
    n, datasets, true_weights = 100, 4000, np.array([-0.5, 1.0])
    features = np.column_stack([np.ones(n), rng.normal(size=n)])
    x_new = np.array([1.0, 2.5])  # predict far out in the feature's range
    labels = (rng.random((datasets, n)) < expit(features @ true_weights)).astype(float)
    weights = fit_logistic_many(features, labels)
    true_p = expit(x_new @ true_weights)
    _, delta_se_at_truth = probability_se(true_weights, features, x_new)
    logit_se, p_se = probability_se(weights, features, x_new)
    p_hat, logit_hat, z = expit(weights @ x_new), weights @ x_new, stats.norm.ppf(0.975)
    print(f"true probability at x = 2.5: {true_p:.4f}; {datasets} data sets of n = {n}")
    print(f"sd of p̂ over the data sets: {p_hat.std(ddof=1):.4f}")
    print(f"delta-method s.e. at the true weights: {delta_se_at_truth[0]:.4f}")
    covered_p = np.abs(p_hat - true_p) <= z * p_se
    covered_logit = np.abs(logit_hat - x_new @ true_weights) <= z * logit_se
    print(f"coverage of p̂ ± 1.96·s.e.(p̂): {covered_p.mean():.4f}")
    print(f"  share of those intervals reaching above 1: {np.mean(p_hat + z * p_se > 1):.4f}")
    print(f"coverage of σ(logit ± 1.96·s.e.(logit)): {covered_logit.mean():.4f}")
