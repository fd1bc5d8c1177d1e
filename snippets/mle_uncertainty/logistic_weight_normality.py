"""The sampling distribution of a logistic-regression slope: one MLE per simulated data set."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats
from scipy.special import expit


def fit_logistic_many(features: np.ndarray, labels: np.ndarray, steps: int = 12) -> np.ndarray:
    """Newton's method for the logistic MLE of every row of labels (data sets × n) at once, one design."""
    features, labels = np.asarray(features, dtype=float), np.asarray(labels, dtype=float)
    if features.ndim != 2 or labels.ndim != 2 or labels.shape[1] != features.shape[0]:
        raise ValueError("need features of shape (n, d) and labels of shape (data sets, n)")
    if not np.isin(labels, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    d = features.shape[1]
    outer = (features[:, :, None] * features[:, None, :]).reshape(-1, d * d)  # x_i x_iᵀ, flattened
    weights = np.zeros((labels.shape[0], d))
    for _ in range(steps):
        p = expit(weights @ features.T)
        gradient = (p - labels) @ features  # gradient of the NLL, one row per data set
        hessian = ((p * (1 - p)) @ outer).reshape(-1, d, d)  # Σ p_i(1 - p_i) x_i x_iᵀ per data set
        weights = weights - np.linalg.solve(hessian, gradient[..., None])[..., 0]
    return weights


def fisher_information(weights: np.ndarray, features: np.ndarray) -> np.ndarray:
    """I_n(w) = Xᵀ diag(p(1 - p)) X, p = σ(Xw): the information of the weights for this design."""
    p = expit(features @ weights)
    return features.T @ (features * (p * (1 - p))[:, None])


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    n, datasets, true_weights = 200, 4000, np.array([-0.5, 1.0])  # intercept and slope
    features = np.column_stack([np.ones(n), rng.normal(size=n)])  # one design, many label draws
    labels = (rng.random((datasets, n)) < expit(features @ true_weights)).astype(float)
    slopes = fit_logistic_many(features, labels)[:, 1]
    theory_sd = np.sqrt(np.linalg.inv(fisher_information(true_weights, features))[1, 1])
    z = (slopes - true_weights[1]) / theory_sd
    print(f"n = {n}, {datasets} data sets; true slope {true_weights[1]}")
    print(f"mean of the slope MLEs: {slopes.mean():.4f}")
    print(f"sd of the slope MLEs: {slopes.std(ddof=1):.4f}")
    print(f"sqrt of [I_n(w)⁻¹] for the slope, at the true weights: {theory_sd:.4f}")
    print(f"skewness of the slopes: {stats.skew(slopes):.3f}")
    print(f"share of |Z| > 1.96: {np.mean(np.abs(z) > 1.96):.4f} (0.05 if exactly normal)")

    fig, ax = plt.subplots(figsize=(4.8, 4.0))
    ax.set_title("Q–Q plot of the slope MLE, n = 200")
    shown = np.arange(10, datasets, 20)  # every 20th of the 4000 sorted values: 200 points
    normal_quantiles = stats.norm.ppf((shown + 0.5) / datasets)
    ax.plot(normal_quantiles, np.sort(z)[shown], ".", color="C0", label="every 20th of 4000 data sets")
    ax.plot([-4, 4], [-4, 4], color="C5", linestyle="--", label="exactly normal")
    ax.set(xlabel="N(0, 1) quantile", ylabel="standardised slope MLE")
    ax.legend()
    plt.show()
