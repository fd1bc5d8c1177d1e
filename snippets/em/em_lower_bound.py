"""Why EM never lowers the likelihood: the E-step builds a bound that touches it, the M-step climbs it."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import gammaln, logsumexp, xlogy


def coin_log_joint(heads: np.ndarray, tosses: int, share_a: float, p_a: np.ndarray, p_b: float) -> np.ndarray:
    """log p(heads_i, coin = k) with shape (len(p_a), batches, 2); p_a may be a grid of values."""
    p_a = np.atleast_1d(np.asarray(p_a, dtype=float))
    if np.any((p_a <= 0) | (p_a >= 1)) or not (0 < share_a < 1 and 0 < p_b < 1):
        raise ValueError("share_a, p_a and p_b must lie strictly between 0 and 1")
    p = np.stack([p_a, np.full_like(p_a, p_b)], axis=-1)[:, None, :]
    h = np.asarray(heads)[None, :, None]
    log_choose = gammaln(tosses + 1) - gammaln(h + 1) - gammaln(tosses - h + 1)
    return np.log([share_a, 1 - share_a]) + log_choose + xlogy(h, p) + xlogy(tosses - h, 1 - p)


def log_likelihood(log_joint: np.ndarray) -> np.ndarray:
    """Observed-data log-likelihood: sum over batches of log sum over coins."""
    return logsumexp(log_joint, axis=-1).sum(axis=-1)


def lower_bound(log_joint: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Evidence lower bound: sum of q * (log p(heads, coin) - log q) over batches and coins."""
    if np.any(q < 0) or not np.allclose(q.sum(axis=-1), 1):
        raise ValueError("each row of q must be a probability distribution over the two coins")
    return (q * log_joint - xlogy(q, q)).sum(axis=(-2, -1))


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    batches, tosses = 30, 20
    coin_is_a = rng.random(batches) < 0.4
    heads = rng.binomial(tosses, np.where(coin_is_a, 0.8, 0.35))
    share_a, p_a_old, p_b = 0.5, 0.55, 0.45  # the current parameters

    old_joint = coin_log_joint(heads, tosses, share_a, p_a_old, p_b)[0]
    q = np.exp(old_joint - logsumexp(old_joint, axis=1, keepdims=True))  # E-step: posterior of the coin
    p_a_new = q[:, 0] @ heads / (tosses * q[:, 0].sum())  # M-step for p_A (others held fixed)

    grid = np.linspace(0.3, 0.95, 400)
    grid_joint = coin_log_joint(heads, tosses, share_a, grid, p_b)
    ll_curve, bound_curve = log_likelihood(grid_joint), lower_bound(grid_joint, q)
    new_joint = coin_log_joint(heads, tosses, share_a, p_a_new, p_b)[0]
    ll_old, bound_old = log_likelihood(old_joint), lower_bound(old_joint, q)
    ll_new, bound_new = log_likelihood(new_joint), lower_bound(new_joint, q)
    print(f"current p_A = {p_a_old:.3f}: log-likelihood {ll_old:.4f}, bound {bound_old:.4f}")
    print(f"M-step p_A  = {p_a_new:.3f}: log-likelihood {ll_new:.4f}, bound {bound_new:.4f}")
    print(f"smallest gap log-likelihood - bound on the grid: {np.min(ll_curve - bound_curve):.2e}")

    fig, ax = plt.subplots(figsize=(5.5, 4.8), layout="constrained")
    ax.plot(grid, ll_curve, color="C0", label="log-likelihood of the data")
    ax.plot(grid, bound_curve, color="C1", linestyle="--", label="lower bound built by the E-step")
    ax.axvline(p_a_old, color="C5", linewidth=1, label=f"current value: {p_a_old}")
    ax.axvline(p_a_new, color="C2", linewidth=1, label=f"after the M-step: {p_a_new:.3f}")
    ax.set_ylim(ll_curve.max() - 60, ll_curve.max() + 5)
    ax.set_title(
        "One EM step along coin A's heads probability:\nthe bound touches, then its peak lifts the likelihood"
    )
    ax.set_xlabel("heads probability of coin A")
    ax.set_ylabel("log-likelihood (nats)")
    fig.legend(loc="outside lower center")  # below the axes, off the curves
    plt.show()
