"""L2 regularisation is a Gaussian prior: MAP for a logistic regression with weights w ~ N(0, τ² I)."""

import numpy as np
from scipy.optimize import minimize
from scipy.stats import norm


def negative_log_likelihood(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """-log L(w) of a logistic regression: the sum of log(1 + e^z) - y z over the logits z = x @ w."""
    if x.ndim != 2 or y.shape != (x.shape[0],) or np.shape(w) != (x.shape[1],):
        raise ValueError(f"need x (n, d), y (n,) and w (d,), got {x.shape}, {y.shape} and {np.shape(w)}")
    z = x @ w
    return float(np.sum(np.logaddexp(0, z) - y * z))


def log_gaussian_prior(w: np.ndarray, tau: float) -> float:
    """log density of w under the prior N(0, τ² I), summed over the weights."""
    if tau <= 0:
        raise ValueError(f"the prior's standard deviation must be positive, got tau={tau}")
    return float(norm.logpdf(w, 0, tau).sum())


def minus_log_posterior(w: np.ndarray, x: np.ndarray, y: np.ndarray, tau: float) -> float:
    """-(log L(w) + log prior(w)): minus the log posterior, up to a constant."""
    return negative_log_likelihood(w, x, y) - log_gaussian_prior(w, tau)


def map_objective(w: np.ndarray, x: np.ndarray, y: np.ndarray, tau: float) -> float:
    """The penalised loss -log L(w) + ||w||² / (2τ²)."""
    if tau <= 0:
        raise ValueError(f"the prior's standard deviation must be positive, got tau={tau}")
    return negative_log_likelihood(w, x, y) + float(np.sum(np.square(w))) / (2 * tau**2)


def mean_loss_with_decay(w: np.ndarray, x: np.ndarray, y: np.ndarray, gamma: float) -> float:
    """The training-loop form: mean loss (1/n)·(-log L(w)) plus weight decay (γ/2)·||w||²."""
    if gamma < 0:
        raise ValueError(f"the weight decay gamma must be zero or more, got gamma={gamma}")
    return negative_log_likelihood(w, x, y) / len(y) + gamma / 2 * float(np.sum(np.square(w)))


def minimiser(objective, x: np.ndarray, y: np.ndarray, *args) -> np.ndarray:
    """The w that minimises objective(w, x, y, *args), found by BFGS from w = 0."""
    start, options = np.zeros(x.shape[1]), {"gtol": 1e-10}
    return minimize(objective, start, args=(x, y, *args), method="BFGS", options=options).x


if __name__ == "__main__":
    rng, n, true_w = np.random.default_rng(11), 40, np.array([1.5, -1.0])
    x = rng.normal(size=(n, 2))
    y = (rng.random(n) < 1 / (1 + np.exp(-x @ true_w))).astype(float)  # Bernoulli labels
    w_mle = minimiser(negative_log_likelihood, x, y)
    print(f"logistic regression on n = {n} points, two weights")
    print(f"  MLE         w = [{w_mle[0]:6.3f}, {w_mle[1]:6.3f}]  |w| = {np.linalg.norm(w_mle):.3f}")
    print("MAP for a prior N(0, tau²) on each weight; largest gap to the weights from the other two forms:")
    for tau in (0.1, 0.3, 1.0, 3.0, 30.0):
        w_map = minimiser(map_objective, x, y, tau)
        w_posterior = minimiser(minus_log_posterior, x, y, tau)
        w_decay = minimiser(mean_loss_with_decay, x, y, 1 / (n * tau**2))  # gamma = 1/(n τ²)
        gaps = np.abs(w_posterior - w_map).max(), np.abs(w_decay - w_map).max()
        row = f"  tau = {tau:4.1f}  w = [{w_map[0]:6.3f}, {w_map[1]:6.3f}]  |w| = {np.linalg.norm(w_map):.3f}"
        print(f"{row}  log posterior {gaps[0]:.0e}, mean loss + decay {gaps[1]:.0e}")
