"""Pitfalls of EM: different starts reach different local optima; equal optima may have swapped labels."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import logsumexp


def fit_mixtures_em(x: np.ndarray, weights: np.ndarray, means: np.ndarray, sds: np.ndarray, iterations: int):
    """EM for 1-D Gaussian mixtures from several starts at once (one row of parameters per start)."""
    weights, means, sds = (np.array(v, dtype=float, ndmin=2) for v in (weights, means, sds))
    if not weights.shape == means.shape == sds.shape:
        raise ValueError(
            f"weights, means, sds need the same shape, got {weights.shape}, {means.shape}, {sds.shape}"
        )
    if np.any(sds <= 0) or np.any(weights <= 0):
        raise ValueError("starting weights and standard deviations must be positive")
    weights = weights / weights.sum(axis=1, keepdims=True)
    history = []
    for _ in range(iterations):
        z = (x[None, :, None] - means[:, None, :]) / sds[:, None, :]  # (starts, points, components)
        log_joint = np.log(weights[:, None, :]) - 0.5 * z**2 - np.log(sds[:, None, :] * np.sqrt(2 * np.pi))
        log_evidence = logsumexp(log_joint, axis=2, keepdims=True)
        history.append(log_evidence.sum(axis=(1, 2)))
        resp = np.exp(log_joint - log_evidence)
        counts = resp.sum(axis=1)
        weights, means = counts / len(x), np.einsum("snk,n->sk", resp, x) / counts
        sds = np.sqrt(np.einsum("snk,snk->sk", resp, (x[None, :, None] - means[:, None, :]) ** 2) / counts)
    return (weights, means, sds), np.array(history)


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    labels = rng.choice(3, size=300, p=[0.3, 0.4, 0.3])
    x = rng.normal(np.array([-8.0, 0.0, 8.0])[labels], 1.0)

    names = ["spread out", "spread out, labels reversed", "two on the left cluster"]
    spread = np.quantile(x, [1 / 6, 1 / 2, 5 / 6])
    start_means = np.array([spread, spread[::-1], [-9.0, -7.0, 4.0]])
    (weights, means, sds), log_lik = fit_mixtures_em(x, np.ones((3, 3)), start_means, np.ones((3, 3)), 250)
    for name, ll, m, s in zip(names, log_lik[-1], means, sds, strict=True):
        print(f"{name:28s} log-likelihood {ll:9.3f}  means {np.array2string(m, precision=2)}", end="")
        print(f"  sds {np.array2string(s, precision=2)}")

    grid = np.linspace(-12, 12, 400)
    fits, ax = plt.subplots(figsize=(5.5, 3.8), layout="constrained")
    ax.hist(x, bins=50, density=True, color="C5", alpha=0.5, label="data")
    for start, colour, style in [(0, "C0", "-"), (2, "C1", "--")]:
        z = (grid[:, None] - means[start]) / sds[start]
        density = (weights[start] * np.exp(-0.5 * z**2) / (sds[start] * np.sqrt(2 * np.pi))).sum(axis=1)
        ax.plot(grid, density, color=colour, linestyle=style, label=names[start])
    ax.set(xlabel="x", ylabel="density", title="Same data, different starts: fitted mixtures")
    fits.legend(loc="outside lower center", ncols=2)  # below the axes, off the data

    paths, ax = plt.subplots(figsize=(5.5, 3.8), layout="constrained")
    iteration = np.arange(1, len(log_lik))  # iteration 0, the start itself, is left out
    shown = log_lik[1:]
    # the first two starts coincide: a wide pale line under a thin dotted one keeps both visible
    styles = [
        {"color": "C0", "linestyle": "-", "linewidth": 6, "alpha": 0.5},
        {"color": "C2", "linestyle": ":", "linewidth": 2},
        {"color": "C1", "linestyle": "--", "linewidth": 2},
    ]
    for start, style in enumerate(styles):
        ax.plot(iteration, shown[:, start], label=names[start], **style)
    ax.set_xscale("log")  # spreads out the first few iterations, where the climb happens
    ticks = [1, 2, 5, 10, 20, 50, 100, 250]
    ax.set_xticks(ticks, labels=[str(t) for t in ticks])  # plain numbers, not powers of ten
    ax.xaxis.set_minor_formatter(plt.NullFormatter())
    ax.set(xlabel="EM iteration", ylabel="log-likelihood (nats)", title="Log-likelihood per start")
    ax.set_ylim(shown.min() - 15, shown.max() + 15)
    paths.legend(loc="outside lower center", ncols=2)
    plt.show()
