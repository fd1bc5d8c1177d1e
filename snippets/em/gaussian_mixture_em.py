"""EM fit of a two-component Gaussian mixture in one dimension, with the log-likelihood at every iteration."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import logsumexp


def log_joint(x: np.ndarray, weights: np.ndarray, means: np.ndarray, sds: np.ndarray) -> np.ndarray:
    """log(weight_k * Normal(x_i; mean_k, sd_k)) with one row per point and one column per component."""
    if np.any(np.asarray(sds) <= 0):
        raise ValueError(f"standard deviations must be positive, got {sds}")
    if np.any(np.asarray(weights) <= 0) or not np.isclose(np.sum(weights), 1):
        raise ValueError(f"weights must be positive and sum to 1, got {weights}")
    z = (x[:, None] - means) / sds
    return np.log(weights) - 0.5 * z**2 - np.log(sds) - 0.5 * np.log(2 * np.pi)


def fit_mixture_em(x: np.ndarray, start: tuple, iterations: int) -> tuple:
    """EM from start = (weights, means, sds); return the fitted parameters and the log-likelihoods."""
    if iterations < 1:
        raise ValueError(f"iterations must be at least 1, got {iterations}")
    weights, means, sds = (np.asarray(v, dtype=float) for v in start)
    history = []
    for _ in range(iterations):
        joint = log_joint(x, weights, means, sds)
        log_evidence = logsumexp(joint, axis=1)
        history.append(log_evidence.sum())
        resp = np.exp(joint - log_evidence[:, None])  # E-step: P(component k | x_i)
        counts = resp.sum(axis=0)  # M-step: weighted proportions, means and spreads
        if np.any(counts < 1e-6):  # see "A component collapsing onto one point" below
            raise RuntimeError(f"a component has lost all its points: weights {counts / len(x)}")
        weights, means = counts / len(x), resp.T @ x / counts
        sds = np.sqrt((resp * (x[:, None] - means) ** 2).sum(axis=0) / counts)
        if np.any(sds < 1e-8 * x.std()):
            raise RuntimeError(f"a component collapsed onto a single point: sds {sds}")
    history.append(logsumexp(log_joint(x, weights, means, sds), axis=1).sum())
    return (weights, means, sds), np.array(history)


if __name__ == "__main__":
    rng = np.random.default_rng(11)
    true_weights, true_means, true_sds = np.array([0.35, 0.65]), np.array([-1.5, 2.0]), np.array([0.7, 1.2])
    labels = rng.choice(2, size=600, p=true_weights)
    x = rng.normal(true_means[labels], true_sds[labels])

    (weights, means, sds), log_lik = fit_mixture_em(x, ([0.5, 0.5], [-1.0, 1.0], [1.0, 1.0]), iterations=40)
    print("log-likelihood, iterations 0-5:", np.array2string(log_lik[:6], precision=2))
    print(f"after 40 iterations: {log_lik[-1]:.4f}", end="; ")
    print(f"smallest increase per iteration: {np.diff(log_lik).min():.2e}")
    groups = [x[labels == k] for k in range(2)]  # what the MLE would use if the labels were known
    known = ([len(g) / len(x) for g in groups], [g.mean() for g in groups], [g.std() for g in groups])
    print("              weights          means            sds")
    rows = {"EM": (weights, means, sds), "labels known": known, "truth": (true_weights, true_means, true_sds)}
    for name, values in rows.items():
        print(f"{name:12s}" + "".join(f"  {v[0]:6.3f} {v[1]:6.3f}" for v in values))

    grid = np.linspace(x.min() - 0.5, x.max() + 0.5, 300)
    fitted = np.exp(log_joint(grid, weights, means, sds))
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.5, 6.2), layout="constrained")
    fig.suptitle("A two-component Gaussian mixture fitted by EM")
    top.hist(x, bins=40, density=True, color="C5", alpha=0.5, label="data (600 points)")
    top.plot(grid, fitted, label=["component 1", "component 2"])  # colours C0, C1
    top.plot(grid, fitted.sum(axis=1), color="C2", linestyle="--", label="mixture")
    top.set(xlabel="x", ylabel="density", ylim=(0, 0.36))  # room for the legend above the peaks
    top.legend(loc="upper center", ncols=2)
    bottom.plot(np.arange(1, len(log_lik)), log_lik[1:], marker=".", color="C0")  # iteration 0 is far below
    bottom.set(xlabel="EM iteration", ylabel="log-likelihood (nats)")
    bottom.set_title("Log-likelihood per iteration: it never goes down")
    plt.show()
