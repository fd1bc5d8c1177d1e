"""Categorical cross-entropy from logits (log-sum-exp) is the negative log-likelihood of the labels."""

import numpy as np
from scipy.special import logsumexp, softmax
from scipy.stats import multinomial


def categorical_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    """Mean of -log softmax(z)[y] over rows, via log-sum-exp: log softmax(z)_k = z_k - log Σ_j exp z_j."""
    logits, labels = np.asarray(logits, dtype=float), np.asarray(labels)
    if logits.ndim != 2 or labels.shape != (logits.shape[0],):
        raise ValueError(f"need logits (n, classes) and n labels, got {logits.shape} and {labels.shape}")
    if np.any((labels < 0) | (labels >= logits.shape[1])):
        raise ValueError(f"labels must be class indices from 0 to {logits.shape[1] - 1}")
    rows = np.arange(labels.size)
    return float(np.mean(logsumexp(logits, axis=1) - logits[rows, labels]))


if __name__ == "__main__":
    logits = np.array([[2.0, 0.5, -1.0], [0.1, 1.5, 0.3], [-0.5, 0.2, 2.5], [1.0, 1.0, 1.0]])
    classes = np.array([0, 1, 2, 0])
    one_hot = np.eye(3, dtype=int)[classes]
    print("categorical, four examples, three classes")
    print(f"  cross-entropy via log-sum-exp:       {categorical_cross_entropy(logits, classes):.6f}")
    nll = -np.mean(multinomial.logpmf(one_hot, n=1, p=softmax(logits, axis=1)))
    print(f"  -mean log categorical pmf (scipy):   {nll:.6f}")
