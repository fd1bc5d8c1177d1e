"""What Adam's second moment estimates: the mean square of the mini-batch gradient, not the Fisher."""

import numpy as np
from scipy.special import expit


def adam_second_moment(gradients: np.ndarray, beta2: float = 0.999) -> tuple[np.ndarray, np.ndarray]:
    """Adam's bias-corrected v̂ after T steps, (1-β₂) Σ β₂^(T-t) g_t² / (1 - β₂^T), and its standard error."""
    gradients = np.asarray(gradients, dtype=float)
    if not 0 < beta2 < 1 or gradients.ndim != 2 or gradients.shape[0] < 2:
        raise ValueError("need 0 < beta2 < 1 and gradients of shape (steps, d), at least 2 steps")
    steps = gradients.shape[0]
    weights = (1 - beta2) * beta2 ** np.arange(steps - 1, -1, -1) / (1 - beta2**steps)  # they sum to 1
    spread = np.std(gradients**2, axis=0, ddof=1)  # for independent steps at one fixed w
    return weights @ gradients**2, spread * np.sqrt(np.sum(weights**2))


def expected_squared_minibatch_gradient(per_example: np.ndarray, batch: int, replace: bool = True):
    """E[g_B²] per coordinate, batch of B: ḡ² + s²/B (s² times (n-B)/(n-1) drawn without replacement)."""
    n = per_example.shape[0]
    if not 1 <= batch <= n:
        raise ValueError(f"the batch size must be between 1 and n = {n}, got {batch}")
    mean = per_example.mean(axis=0)
    spread = np.mean(per_example**2, axis=0) - mean**2  # variance over examples, dividing by n
    return mean**2 + spread / batch * (1 if replace else (n - batch) / (n - 1))


def show(values: np.ndarray) -> str:
    """Values to three significant digits."""
    return "[" + " ".join(f"{value:.3g}" for value in values) + "]"


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    n, true_weights = 400, np.array([1.5, -1.0])
    features = rng.normal(size=(n, 2))
    labels = (rng.random(n) < expit(features @ true_weights)).astype(float)
    mle = np.zeros(2)
    for _ in range(10):  # Newton's method (natural gradient with step 1) to the MLE
        p = expit(features @ mle)
        mle += np.linalg.solve(features.T @ (features * (p * (1 - p))[:, None]), features.T @ (labels - p))

    steps, results = 5000, {}  # Adam's v̂ with the weights held fixed, to see what it estimates there
    for name, weights in (("the MLE", mle), ("3 x the MLE", 3 * mle)):
        p = expit(features @ weights)
        per_example = features * (p - labels)[:, None]  # gradients of each example's NLL
        empirical = np.mean(per_example**2, axis=0)  # diagonal of the empirical Fisher of the mean loss
        fisher = np.mean(features**2 * (p * (1 - p))[:, None], axis=0)  # diagonal of the Fisher
        print(f"at {name}: mean gradient squared {show(per_example.mean(axis=0) ** 2)}")
        print(f"  diagonal of the empirical Fisher {show(empirical)}, of the Fisher {show(fisher)}")
        for batch in (1, 32):
            batches = rng.integers(n, size=(steps, batch))  # drawn with replacement
            v_hat, error = adam_second_moment(per_example[batches].mean(axis=1))
            expected = expected_squared_minibatch_gradient(per_example, batch)
            results[name, batch] = v_hat, error, expected, empirical, fisher
            print(f"  batch {batch:>2}: v_hat {show(v_hat)} ± {show(error)}, expected {show(expected)}")
            print(f"            {batch} x v_hat {show(batch * v_hat)}")
