"""Entropy, cross-entropy and KL divergence of two distributions, and H(p, q) = H(p) + KL(p || q)."""

import numpy as np
from scipy.special import entr, rel_entr, xlogy
from scipy.stats import entropy as scipy_entropy


def check_pair(p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return p and q as float arrays; raise ValueError unless both are distributions on the same outcomes."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same outcomes, got shapes {p.shape} and {q.shape}")
    for name, d in (("p", p), ("q", q)):
        if np.any(d < 0) or not np.allclose(d.sum(axis=-1), 1):
            raise ValueError(f"{name} must be non-negative and sum to 1, got {np.round(d, 4)}")
    return p, q


def entropy(p: np.ndarray) -> np.ndarray:
    """H(p) = -sum p log p, in nats."""
    p, _ = check_pair(p, p)
    return entr(p).sum(axis=-1)


def cross_entropy(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """H(p, q) = -sum p log q: average surprise when outcomes follow p but you expect q (nats)."""
    p, q = check_pair(p, q)
    return -xlogy(p, q).sum(axis=-1)


def kl_divergence(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """KL(p || q) = sum p log(p / q), in nats; infinite if q = 0 where p > 0."""
    p, q = check_pair(p, q)
    return rel_entr(p, q).sum(axis=-1)


if __name__ == "__main__":
    outcomes = ["sun", "cloud", "rain", "snow"]
    p = np.array([0.5, 0.25, 0.2, 0.05])  # how tomorrow's weather is really distributed
    q = np.array([0.25, 0.25, 0.25, 0.25])  # a forecaster who knows nothing
    print("outcomes:", outcomes, " p =", p, " q =", q)
    print(f"H(p)           = {entropy(p):.4f} nats")
    print(f"H(p, q)        = {cross_entropy(p, q):.4f} nats")
    print(f"KL(p || q)     = {kl_divergence(p, q):.4f} nats")
    print(f"H(p) + KL(p||q) = {entropy(p) + kl_divergence(p, q):.4f} nats  (equals H(p, q))")
    print(f"KL(q || p)     = {kl_divergence(q, p):.4f} nats  (not the same as KL(p || q))")
    print(f"KL(p || p)     = {kl_divergence(p, p):.4f} nats")
    print(f"scipy.stats.entropy(p)    = {scipy_entropy(p):.4f}  (the entropy)")
    print(
        f"scipy.stats.entropy(p, q) = {scipy_entropy(p, q):.4f}  (the KL divergence, not the cross-entropy)"
    )
