"""Binary cross-entropy is minus the mean log-likelihood of the labels, and how to compute it safely."""

import numpy as np
from scipy.special import expit, log_softmax


def check_labels(labels: np.ndarray, size: int) -> np.ndarray:
    """Return labels as an int array, or raise ValueError unless they are 0/1 and match the predictions."""
    labels = np.asarray(labels)
    if labels.shape != (size,):
        raise ValueError(f"need one label per prediction, got {labels.size} labels for {size} predictions")
    if not np.all((labels == 0) | (labels == 1)):
        raise ValueError("labels must be 0 or 1")
    return labels.astype(int)


def cross_entropy(labels: np.ndarray, probabilities: np.ndarray) -> float:
    """-(1/N) sum [y log p + (1 - y) log(1 - p)], from probabilities strictly between 0 and 1."""
    p = np.asarray(probabilities, dtype=float)
    y = check_labels(labels, p.size)
    if np.any((p <= 0) | (p >= 1)):
        raise ValueError("probabilities must lie strictly between 0 and 1; pass logits to the safe form")
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def cross_entropy_from_logits(labels: np.ndarray, logits: np.ndarray) -> float:
    """The same loss from logits z (p = sigmoid(z)): mean of log(1 + e^z) - y z, finite for any z."""
    z = np.asarray(logits, dtype=float)
    y = check_labels(labels, z.size)
    return float(np.mean(np.logaddexp(0, z) - y * z))


def softmax_cross_entropy(targets: np.ndarray, logits: np.ndarray) -> float:
    """Log-softmax of each row of raw logits (N, C), then minus the mean log-probability of the targets."""
    z, t = np.asarray(logits, dtype=float), np.asarray(targets)
    if z.ndim != 2 or t.shape != (len(z),) or not np.isin(t, np.arange(z.shape[1])).all():
        raise ValueError(f"need logits (N, C) and one class 0..C-1 per row, got shapes {z.shape}, {t.shape}")
    return float(-np.mean(log_softmax(z, axis=1)[np.arange(len(z)), t.astype(int)]))


if __name__ == "__main__":
    labels = np.array([1, 0, 1, 1, 0])
    predicted = np.array([0.9, 0.2, 0.8, 0.7, 0.3])  # the model's P(label = 1)

    likelihood = np.prod(np.where(labels == 1, predicted, 1 - predicted))  # P(all labels | model)
    mean_log_likelihood = np.log(likelihood) / labels.size
    print(f"likelihood of the labels:     {likelihood:.4f}")
    print(f"mean log-likelihood:          {mean_log_likelihood:.4f}")
    print(f"cross-entropy:                {cross_entropy(labels, predicted):.4f}")
    logits = np.log(predicted / (1 - predicted))  # the same predictions as logits
    print(f"cross-entropy from logits:    {cross_entropy_from_logits(labels, logits):.4f}")
    two_classes = np.column_stack([np.zeros_like(logits), logits])  # class 0: logit 0, class 1: logit z
    print(f"softmax cross-entropy, 2 classes: {softmax_cross_entropy(labels, two_classes):.4f}")

    confident = np.array([40.0, -40.0])  # very sure: p = sigmoid(40) is 1.0 in float64
    wrong = np.array([0, 1])  # and very wrong
    print(f"sigmoid(40) in float64:       {expit(40.0)}")
    with np.errstate(divide="ignore"):  # the naive route takes log(0) on purpose here
        p_confident = expit(confident)
        naive = -np.mean(wrong * np.log(p_confident) + (1 - wrong) * np.log(1 - p_confident))
    print(f"naive loss, confident and wrong: {naive}")
    print(f"safe loss from logits:           {cross_entropy_from_logits(wrong, confident):.1f}")
