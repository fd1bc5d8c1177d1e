"""Exercise solution: for any q, log-likelihood = lower bound + KL(q || posterior of the hidden coin)."""

import numpy as np
from scipy.special import gammaln, logsumexp, xlogy


def coin_log_joint(heads: np.ndarray, tosses: int, share_a: float, p_a: float, p_b: float) -> np.ndarray:
    """log p(heads_i, coin_i = k) for k = A, B: one row per batch, one column per coin."""
    heads = np.asarray(heads)
    if np.any((heads < 0) | (heads > tosses)):
        raise ValueError(f"every batch must have between 0 and {tosses} heads")
    h, p = heads[:, None], np.array([p_a, p_b])
    log_choose = gammaln(tosses + 1) - gammaln(h + 1) - gammaln(tosses - h + 1)
    return np.log([share_a, 1 - share_a]) + log_choose + xlogy(h, p) + xlogy(tosses - h, 1 - p)


def bound_and_gap(log_joint: np.ndarray, q: np.ndarray) -> tuple:
    """Lower bound sum q (log p(x, z) - log q) and gap sum KL(q_i || p(z | x_i)); q has rows over coins."""
    if q.shape[-2:] != log_joint.shape or np.any(q < 0) or not np.allclose(q.sum(axis=-1), 1):
        raise ValueError("q needs one probability distribution over the coins per batch")
    log_posterior = log_joint - logsumexp(log_joint, axis=1, keepdims=True)
    bound = (q * log_joint - xlogy(q, q)).sum(axis=(-2, -1))
    gap = (xlogy(q, q) - q * log_posterior).sum(axis=(-2, -1))
    return bound, gap


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    batches, tosses = 30, 20
    coin_is_a = rng.random(batches) < 0.4
    heads = rng.binomial(tosses, np.where(coin_is_a, 0.8, 0.35))
    log_joint = coin_log_joint(heads, tosses, 0.5, 0.55, 0.45)
    log_lik = logsumexp(log_joint, axis=1).sum()

    posterior = np.exp(log_joint - logsumexp(log_joint, axis=1, keepdims=True))
    qs = np.concatenate([rng.dirichlet([1.0, 1.0], size=(4, batches)), posterior[None]])
    bound, gap = bound_and_gap(log_joint, qs)
    print(f"log-likelihood: {log_lik:.4f}")
    print("q                 bound       KL gap   bound + gap")
    for name, b, g in zip(
        ["random 1", "random 2", "random 3", "random 4", "posterior"], bound, gap, strict=True
    ):
        print(f"{name:12s} {b:10.4f} {g:12.4f} {b + g:12.4f}")
