"""The gradient of categorical cross-entropy in the logits is softmax minus one-hot: checked numerically."""

import numpy as np
from scipy.special import logsumexp, softmax


def categorical_cross_entropy_and_gradient(
    logits: np.ndarray, labels: np.ndarray
) -> tuple[float, np.ndarray]:
    """Mean of -log softmax(z_i)[y_i], and its gradient in the logits, (softmax(z) - one_hot(y)) / n."""
    logits, labels = np.asarray(logits, dtype=float), np.asarray(labels)
    if logits.ndim != 2 or labels.shape != (logits.shape[0],):
        raise ValueError(f"need logits (n, classes) and n labels, got {logits.shape} and {labels.shape}")
    if np.any((labels < 0) | (labels >= logits.shape[1])):
        raise ValueError(f"labels must be class indices from 0 to {logits.shape[1] - 1}")
    n, rows = labels.size, np.arange(labels.size)
    loss = float(np.mean(logsumexp(logits, axis=1) - logits[rows, labels]))
    gradient = softmax(logits, axis=1)
    gradient[rows, labels] -= 1.0
    return loss, gradient / n


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    logits, labels = rng.normal(0, 2, size=(6, 4)), rng.integers(0, 4, size=6)
    loss, gradient = categorical_cross_entropy_and_gradient(logits, labels)
    step, numeric = 1e-6, np.zeros_like(logits)
    for index in np.ndindex(logits.shape):  # central differences, one logit at a time
        bump = np.zeros_like(logits)
        bump[index] = step
        up = categorical_cross_entropy_and_gradient(logits + bump, labels)[0]
        down = categorical_cross_entropy_and_gradient(logits - bump, labels)[0]
        numeric[index] = (up - down) / (2 * step)
    print(f"loss {loss:.6f} on 6 examples, 4 classes")
    print(f"largest |analytic - finite-difference| gradient entry: {np.max(np.abs(gradient - numeric)):.1e}")
    print(f"each row of the gradient sums to zero: {np.allclose(gradient.sum(axis=1), 0)}")
    big, label = np.array([[1000.0, 0.0, -1000.0]]), np.array([1])
    print(f"logits {big[0]}, label 1: loss {categorical_cross_entropy_and_gradient(big, label)[0]:.1f}")
