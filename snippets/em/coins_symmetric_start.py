"""Exercise solution: EM started with two identical coins never tells them apart."""

import numpy as np
from scipy.special import gammaln, logsumexp, xlogy


def coin_log_joint(heads: np.ndarray, tosses: int, share_a: float, p_a: float, p_b: float) -> np.ndarray:
    """log p(heads_i, coin_i = k) for k = A, B: one row per batch, one column per coin."""
    heads = np.asarray(heads)
    if np.any((heads < 0) | (heads > tosses)):
        raise ValueError(f"every batch must have between 0 and {tosses} heads")
    if not (0 < share_a < 1 and 0 < p_a < 1 and 0 < p_b < 1):
        raise ValueError(f"share_a, p_a, p_b must lie strictly between 0 and 1, got {share_a}, {p_a}, {p_b}")
    h, p = heads[:, None], np.array([p_a, p_b])
    log_choose = gammaln(tosses + 1) - gammaln(h + 1) - gammaln(tosses - h + 1)
    return np.log([share_a, 1 - share_a]) + log_choose + xlogy(h, p) + xlogy(tosses - h, 1 - p)


def two_coin_em(heads: np.ndarray, tosses: int, start: tuple, iterations: int) -> tuple:
    """Run EM; return the path of (share_a, p_a, p_b), one row per iteration, and the log-likelihoods."""
    path, log_likelihoods = [start], []
    for _ in range(iterations):
        log_joint = coin_log_joint(heads, tosses, *path[-1])
        log_evidence = logsumexp(log_joint, axis=1)  # log p(heads_i), the coin summed out
        log_likelihoods.append(log_evidence.sum())
        resp = np.exp(log_joint - log_evidence[:, None])  # E-step: p(coin | heads_i)
        coin_weight = resp.sum(axis=0)  # M-step: weighted heads over weighted tosses
        p_a, p_b = resp.T @ heads / (tosses * coin_weight)
        path.append((coin_weight[0] / len(heads), p_a, p_b))
    log_likelihoods.append(logsumexp(coin_log_joint(heads, tosses, *path[-1]), axis=1).sum())
    return np.array(path), np.array(log_likelihoods)


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    batches, tosses = 30, 20
    coin_is_a = rng.random(batches) < 0.4
    heads = rng.binomial(tosses, np.where(coin_is_a, 0.8, 0.35))  # the same data as the lesson
    one_coin = heads.sum() / (batches * tosses)  # MLE if a single coin produced everything

    final = {}
    for start in [(0.5, 0.5, 0.5), (0.5, 0.51, 0.5), (0.5, 0.500001, 0.5)]:  # equal, then nudged
        path, log_lik = two_coin_em(heads, tosses, start, iterations=50)
        final[start] = (*path[-1], log_lik[-1])
        print(
            f"start {start}: after 50 iterations p_A = {path[-1, 1]:.4f}, p_B = {path[-1, 2]:.4f}", end=", "
        )
        print(f"log-likelihood {log_lik[-1]:.4f}")
    single = logsumexp(coin_log_joint(heads, tosses, 0.5, one_coin, one_coin), axis=1).sum()
    print(f"one coin for everything: p = {one_coin:.4f}, log-likelihood {single:.4f}")
