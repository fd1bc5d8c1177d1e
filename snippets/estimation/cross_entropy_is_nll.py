"""Cross-entropy as a loss and as a negative log-likelihood: the same numbers, binary and categorical."""

import numpy as np
from scipy.special import logsumexp, softmax
from scipy.stats import bernoulli, multinomial


def binary_cross_entropy(labels: np.ndarray, probabilities: np.ndarray) -> float:
    """Mean of -[y log p + (1 - y) log(1 - p)]; probabilities must lie strictly between 0 and 1."""
    labels, probabilities = np.asarray(labels), np.asarray(probabilities, dtype=float)
    if labels.shape != probabilities.shape or not np.isin(labels, (0, 1)).all():
        raise ValueError("labels must be 0s and 1s, one per predicted probability")
    if np.any((probabilities <= 0) | (probabilities >= 1)):
        raise ValueError("probabilities must lie strictly between 0 and 1")
    return float(-np.mean(labels * np.log(probabilities) + (1 - labels) * np.log1p(-probabilities)))


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
    labels = np.array([1, 0, 1, 1, 0])
    probabilities = np.array([0.9, 0.2, 0.6, 0.95, 0.3])  # model's P(y = 1 | x) for five examples
    print("binary, five examples")
    print(f"  cross-entropy formula:               {binary_cross_entropy(labels, probabilities):.6f}")
    print(f"  -mean log Bernoulli pmf (scipy):     {-np.mean(bernoulli.logpmf(labels, probabilities)):.6f}")
    likelihood = np.prod(np.where(labels == 1, probabilities, 1 - probabilities))
    print(f"  -log(likelihood product) / n:        {-np.log(likelihood) / labels.size:.6f}")

    logits = np.array([[2.0, 0.5, -1.0], [0.1, 1.5, 0.3], [-0.5, 0.2, 2.5], [1.0, 1.0, 1.0]])
    classes = np.array([0, 1, 2, 0])
    one_hot = np.eye(3, dtype=int)[classes]
    print("categorical, four examples, three classes")
    print(f"  cross-entropy via log-sum-exp:       {categorical_cross_entropy(logits, classes):.6f}")
    nll = -np.mean(multinomial.logpmf(one_hot, n=1, p=softmax(logits, axis=1)))
    print(f"  -mean log categorical pmf (scipy):   {nll:.6f}")
