"""Exercise solution: KL(p || q) is infinite when q rules out what p allows; smoothing makes it finite."""

import numpy as np
from scipy.special import rel_entr


def kl_divergence(p: np.ndarray, q: np.ndarray) -> float:
    """KL(p || q) in nats: infinite as soon as q = 0 where p > 0."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    if (
        p.shape != q.shape
        or np.any(p < 0)
        or np.any(q < 0)
        or not np.isclose(p.sum(), 1)
        or not np.isclose(q.sum(), 1)
    ):
        raise ValueError("p and q must be probability distributions over the same outcomes")
    return float(rel_entr(p, q).sum())


def smooth(q: np.ndarray, epsilon: float) -> np.ndarray:
    """Mix q with the uniform distribution: (1 - epsilon) q + epsilon / K."""
    if not 0 <= epsilon <= 1:
        raise ValueError(f"epsilon must be between 0 and 1, got {epsilon}")
    return (1 - epsilon) * np.asarray(q, dtype=float) + epsilon / len(q)


if __name__ == "__main__":
    p = np.array([0.7, 0.2, 0.1])  # the data: the third outcome does happen
    q = np.array([0.8, 0.2, 0.0])  # a model that says it never happens
    print(f"KL(p || q) = {kl_divergence(p, q)}   KL(q || p) = {kl_divergence(q, p):.4f}")
    for epsilon in (1e-1, 1e-3, 1e-6, 1e-9):
        kl = kl_divergence(p, smooth(q, epsilon))
        print(f"smoothing epsilon = {epsilon:.0e}: KL(p || q_smoothed) = {kl:.4f}")
    print(f"each factor 1000 in epsilon adds about 0.1 * log(1000) = {0.1 * np.log(1000):.4f} nats")
