"""Exercise solution: distillation fits a student to a teacher's soft targets by minimising cross-entropy."""

import numpy as np
from scipy.special import entr, log_softmax, softmax


def soft_targets(teacher_logits: np.ndarray, temperature: float) -> np.ndarray:
    """The teacher's probabilities softened by a temperature: softmax(logits / T)."""
    if temperature <= 0:
        raise ValueError(f"the temperature must be positive, got {temperature}")
    return softmax(np.asarray(teacher_logits, dtype=float) / temperature, axis=-1)


def loss_and_gradient(targets: np.ndarray, logits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """H(targets, softmax(logits)) per row, and its gradient with respect to the logits: softmax - targets."""
    targets, logits = np.atleast_2d(targets), np.atleast_2d(logits)
    if np.any(targets < 0) or not np.allclose(targets.sum(axis=1), 1):
        raise ValueError("each row of targets must be a probability distribution")
    if targets.shape != logits.shape:
        raise ValueError(f"targets and logits must have the same shape, got {targets.shape}, {logits.shape}")
    return -(targets * log_softmax(logits, axis=1)).sum(axis=1), softmax(logits, axis=1) - targets


def fit_student(targets: np.ndarray, steps: int = 3000, learning_rate: float = 2.0) -> tuple:
    """Gradient descent on student logits, from zero, to minimise H(targets, softmax(logits)) per row.

    Returns the student's probabilities and the final cross-entropy of each row."""
    logits = np.zeros_like(np.atleast_2d(targets), dtype=float)
    for _ in range(steps):
        logits -= learning_rate * loss_and_gradient(targets, logits)[1]
    return softmax(logits, axis=1), loss_and_gradient(targets, logits)[0]


if __name__ == "__main__":
    teacher_logits = np.array([6.0, 3.5, 3.0, 0.5, -1.0])  # e.g. cat, lynx, dog, car, boat
    temperatures = np.array([1.0, 2.0, 4.0])
    targets = np.stack([soft_targets(teacher_logits, t) for t in temperatures])  # one row per temperature
    student, loss = fit_student(targets)
    target_entropy = entr(targets).sum(axis=1)
    kl = loss - target_entropy  # H(t, q) = H(t) + KL(t || q)
    for row, temperature in enumerate(temperatures):
        print(
            f"T = {temperature}: targets {np.round(targets[row], 3)}, H(targets) = {target_entropy[row]:.4f}"
        )
        print(f"    final cross-entropy {loss[row]:.4f}, KL = cross-entropy - H(targets) = {kl[row]:.1e}")
        print(f"    largest |student - targets| = {np.abs(student[row] - targets[row]).max():.1e}")
