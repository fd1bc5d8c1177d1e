"""Exercise solution: EM for a mixture of two Poisson distributions (quiet hours and busy hours)."""

import numpy as np
from scipy.special import gammaln, logsumexp, xlogy


def poisson_log_joint(counts: np.ndarray, weights: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """log(weight_k * Poisson(count_i; rate_k)), one row per count and one column per component."""
    if np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise ValueError("counts must be whole numbers >= 0")
    # a rate of 0 is allowed: a point mass at zero counts
    if np.any(rates < 0) or np.any(weights <= 0) or not np.isclose(np.sum(weights), 1):
        raise ValueError(f"rates must be >= 0 and weights > 0 summing to 1, got {weights}, {rates}")
    c = counts[:, None]
    return np.log(weights) + xlogy(c, rates) - rates - gammaln(c + 1)


def poisson_mixture_em(counts: np.ndarray, start: tuple, iterations: int) -> tuple:
    """EM from start = (weights, rates); return the final (weights, rates) and the log-likelihoods."""
    weights, rates = (np.asarray(v, dtype=float) for v in start)
    history = []
    for _ in range(iterations):
        log_joint = poisson_log_joint(counts, weights, rates)
        log_evidence = logsumexp(log_joint, axis=1, keepdims=True)
        history.append(log_evidence.sum())
        resp = np.exp(log_joint - log_evidence)  # E-step: P(busy or quiet | count)
        weights, rates = resp.mean(axis=0), resp.T @ counts / resp.sum(axis=0)  # M-step
    history.append(logsumexp(poisson_log_joint(counts, weights, rates), axis=1).sum())
    return (weights, rates), np.array(history)


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    busy = rng.random(500) < 0.3
    counts = rng.poisson(np.where(busy, 12.0, 3.0))  # calls per hour; which hours are busy is hidden
    (weights, rates), log_lik = poisson_mixture_em(counts, ([0.5, 0.5], [1.0, 2.0]), iterations=50)
    print(f"fitted weights {np.round(weights, 3)}, rates {np.round(rates, 3)}")
    print(f"true   weights [0.7 0.3], rates [ 3. 12.]; busy share in this sample {busy.mean():.3f}")
    print(f"log-likelihood: start {log_lik[0]:.3f}, after 50 iterations {log_lik[-1]:.3f}")
    print(f"never decreased (beyond rounding, 1e-9): {np.all(np.diff(log_lik) > -1e-9)}")
