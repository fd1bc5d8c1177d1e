"""Pitfall of EM: a component collapses onto one data point; a weak prior on its variance prevents it."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import logsumexp


def run_em(
    x: np.ndarray, start: tuple, iterations: int, prior_points: float = 0.0, prior_variance: float = 1.0
) -> tuple:
    """EM for a 1-D Gaussian mixture from start = (weights, means, sds); stops if an sd falls below 1e-6.

    With prior_points = nu > 0 and prior_variance = s0^2, each variance is its MAP update under the prior
    p(var) ~ var^(-nu/2) exp(-nu s0^2 / (2 var)), the likelihood of nu extra points at squared distance s0^2
    from the mean; nu = 0 is plain EM. Returns the final parameters and, per iteration, the log-likelihood
    and the smallest sd."""
    if prior_points < 0 or prior_variance <= 0:
        raise ValueError(
            f"need prior_points >= 0 and prior_variance > 0, got {prior_points}, {prior_variance}"
        )
    weights, means, sds = (np.asarray(v, dtype=float) for v in start)
    trace = []
    for _ in range(iterations):
        z = (x[:, None] - means) / sds
        joint = np.log(weights) - 0.5 * z**2 - np.log(sds * np.sqrt(2 * np.pi))
        evidence = logsumexp(joint, axis=1, keepdims=True)
        trace.append((evidence.sum(), sds.min()))
        resp = np.exp(joint - evidence)
        counts = resp.sum(axis=0)
        weights, means = counts / len(x), resp.T @ x / counts
        spread = (resp * (x[:, None] - means) ** 2).sum(axis=0)
        sds = np.sqrt((spread + prior_points * prior_variance) / (counts + prior_points))
        if sds.min() < 1e-6:
            trace.append((np.inf, sds.min()))  # sd ~ 0: that point's density is unbounded
            break
    return (weights, means, sds), np.array(trace)


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    x = np.where(rng.random(80) < 0.5, rng.normal(-2, 1, 80), rng.normal(2, 1, 80))
    ordered = np.sort(x)
    gap = np.minimum(np.diff(ordered, prepend=-np.inf), np.diff(ordered, append=np.inf))
    lonely = ordered[np.argmax(gap)]  # the data point farthest from its neighbours
    start = ([0.5, 0.5], [x.mean(), lonely], [x.std(), 0.1])
    print(f"start: component 1 on the isolated point x = {lonely:.3f}, sd 0.1")

    _, plain = run_em(x, start, 200)
    for step, (ll, smallest_sd) in enumerate(plain):
        print(f"plain EM, iteration {step}: log-likelihood {ll:9.3f}, smallest sd {smallest_sd:.2e}")
    prior_points, prior_variance = 4, x.var() / 20  # nu and s0^2 of the prior on each variance
    (weights, means, sds), guarded = run_em(x, start, 100, prior_points, prior_variance)
    print(f"with the prior, after {len(guarded) - 1} iterations: log-likelihood {guarded[-1, 0]:.3f}")
    print(f"  weights {np.round(weights, 3)}, means {np.round(means, 3)}, sds {np.round(sds, 3)}")

    grid = np.linspace(x.min() - 1, x.max() + 1, 300)
    z = (grid[:, None] - means) / sds
    density = (weights * np.exp(-0.5 * z**2) / (sds * np.sqrt(2 * np.pi))).sum(axis=1)
    fig, ax = plt.subplots(figsize=(5.5, 4.0), layout="constrained")
    ax.hist(x, bins=30, density=True, color="C5", alpha=0.5, label="data (80 points)")
    ax.plot(grid, density, color="C0", label="EM with a weak prior on the variance")
    ax.axvline(lonely, color="C1", linestyle="--", label="plain EM: a component collapses onto this point")
    ax.set_title("Plain EM collapses; a variance prior finds both clusters")
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.set_ylim(0, 0.32)
    fig.legend(loc="outside lower center")  # below the axes, off the data
    plt.show()
