"""Exercise solution: distillation fits a student to a teacher's soft targets by minimising cross-entropy."""

import numpy as np
from scipy.special import entr, log_softmax, softmax


def fit_student(targets: np.ndarray, steps: int = 3000, learning_rate: float = 2.0) -> tuple:
    """Gradient descent on student logits to minimise H(targets, softmax(logits)), one row per target.

    The gradient of the cross-entropy with respect to the logits is softmax(logits) - targets.
    Returns the student's probabilities and the final cross-entropy of each row."""
    targets = np.atleast_2d(targets)
    if np.any(targets < 0) or not np.allclose(targets.sum(axis=1), 1):
        raise ValueError("each row of targets must be a probability distribution")
    logits = np.zeros_like(targets)
    for _ in range(steps):
        logits -= learning_rate * (softmax(logits, axis=1) - targets)
    return softmax(logits, axis=1), -(targets * log_softmax(logits, axis=1)).sum(axis=1)


if __name__ == "__main__":
    teacher_logits = np.array([6.0, 3.5, 3.0, 0.5, -1.0])  # e.g. cat, lynx, dog, car, boat
    temperatures = np.array([1.0, 2.0, 4.0])
    targets = softmax(teacher_logits / temperatures[:, None], axis=1)  # one row per temperature
    student, loss = fit_student(targets)
    target_entropy = entr(targets).sum(axis=1)
    kl = loss - target_entropy  # H(t, q) = H(t) + KL(t || q)
    for row, temperature in enumerate(temperatures):
        print(
            f"T = {temperature}: targets {np.round(targets[row], 3)}, H(targets) = {target_entropy[row]:.4f}"
        )
        print(f"    final cross-entropy {loss[row]:.4f}, KL = cross-entropy - H(targets) = {kl[row]:.1e}")
        print(f"    largest |student - targets| = {np.abs(student[row] - targets[row]).max():.1e}")
