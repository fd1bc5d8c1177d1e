"""Cross-entropy from logits: the naive log(sigmoid) breaks, clipping caps the loss, log-sum-exp is exact."""

import numpy as np
from scipy.special import expit, logsumexp


def binary_cross_entropy_from_logits(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per-example -log P(y | z) with P(y=1) = sigmoid(z): log(1 + e^z) - y z, via logaddexp (no overflow)."""
    logits, labels = np.asarray(logits, dtype=float), np.asarray(labels)
    if logits.shape != labels.shape or not np.isin(labels, (0, 1)).all():
        raise ValueError("labels must be 0s and 1s, one per logit")
    return np.logaddexp(0.0, logits) - labels * logits


def clipped_binary_cross_entropy(logits: np.ndarray, labels: np.ndarray, eps: float = 1e-15) -> np.ndarray:
    """The common 'clip the probability' version: finite, but it caps the loss at -log(eps)."""
    if not 0 < eps < 0.5:
        raise ValueError(f"eps must lie between 0 and 0.5, got eps={eps}")
    p = np.clip(expit(logits), eps, 1 - eps)
    return -(labels * np.log(p) + (1 - labels) * np.log(1 - p))


if __name__ == "__main__":
    logits = np.array([-800.0, -40.0, -5.0, 0.0, 5.0])
    labels = np.ones_like(logits, dtype=int)  # every example is truly class 1
    with np.errstate(divide="ignore"):  # let log(0) give -inf silently, to show what goes wrong
        naive = -np.log(expit(logits))
    print(f"{'logit':>7} {'naive -log σ(z)':>16} {'clipped':>9} {'log-sum-exp':>12}")
    for z, a, b, c in zip(
        logits,
        naive,
        clipped_binary_cross_entropy(logits, labels),
        binary_cross_entropy_from_logits(logits, labels),
        strict=True,
    ):
        print(f"{z:>7.0f} {a:>16.4f} {b:>9.4f} {c:>12.4f}")

    big_logits = np.array([1000.0, 0.0, -1000.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive_softmax = np.exp(big_logits) / np.exp(big_logits).sum()
    print(f"naive softmax of {big_logits}: {naive_softmax}")
    print(f"log-softmax via log-sum-exp:        {big_logits - logsumexp(big_logits)}")
