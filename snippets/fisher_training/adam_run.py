"""Adam's second moment along a training run of logistic regression, against the Fisher diagonals."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import expit


def adam(features, labels, rng, batch: int = 32, lr: float = 0.01, steps: int = 4000,
         beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
    """Adam on the mean NLL, batches drawn with replacement: the weights before each step, v̂ after it."""
    n, d = features.shape
    if not (1 <= batch <= n and lr > 0 and 0 < beta1 < 1 and 0 < beta2 < 1):
        raise ValueError("need 1 <= batch <= n, lr > 0 and both betas strictly between 0 and 1")
    w, m, v, path, history = np.zeros(d), np.zeros(d), np.zeros(d), [], []
    for t in range(1, steps + 1):
        path.append(w)
        rows = rng.integers(n, size=batch)
        g = features[rows].T @ (expit(features[rows] @ w) - labels[rows]) / batch  # mini-batch mean gradient
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2  # uncentred second moment of g, per coordinate
        v_hat = v / (1 - beta2**t)  # bias correction: v started at 0
        w = w - lr * (m / (1 - beta1**t)) / (np.sqrt(v_hat) + eps)  # divides by the square root
        history.append(v_hat)
    return np.array(path), np.array(history)


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    n, true_weights = 400, np.array([1.5, -1.0])
    features = rng.normal(size=(n, 2))
    labels = (rng.random(n) < expit(features @ true_weights)).astype(float)
    batch = 32
    path, v_hat = adam(features, labels, rng, batch=batch)
    weights = path[-1]

    p = expit(features @ weights)  # the diagonals at the weights Adam ended on
    per_example = features * (p - labels)[:, None]
    empirical = np.mean(per_example**2, axis=0)
    fisher = np.mean(features**2 * (p * (1 - p))[:, None], axis=0)
    print(f"Adam: batch {batch}, lr 0.01, beta1 0.9, beta2 0.999, eps 1e-8, {len(path)} steps from 0")
    print(f"weights at the end: {np.round(weights, 3)}")
    print(f"mean gradient squared there: {np.round(per_example.mean(axis=0) ** 2, 6)}; "
          f"empirical diagonal / {batch}: {np.round(empirical / batch, 6)}")
    print(f"{batch} x v_hat at the last step: {np.round(batch * v_hat[-1], 4)}")
    print(f"diagonal of the empirical Fisher: {np.round(empirical, 4)}, of the Fisher: {np.round(fisher, 4)}")
    print(f"{batch} x v_hat at step 50: {np.round(batch * v_hat[49], 3)}")

    fig, ax = plt.subplots(figsize=(5.5, 3.6), layout="constrained")
    for j, colour in enumerate(("C0", "C1")):
        shown = np.arange(0, v_hat.shape[0], 10)  # every tenth step is enough for the eye
        ax.semilogy(shown + 1, batch * v_hat[shown, j], color=colour,
                    label=f"{batch} × v̂, weight {j + 1}")
        ax.axhline(empirical[j], color=colour, linestyle="--", linewidth=1.2)
        ax.axhline(fisher[j], color=colour, linestyle=":", linewidth=1.2)
    ax.plot([], [], color="C5", linestyle="--", label="empirical Fisher diagonal")
    ax.plot([], [], color="C5", linestyle=":", label="Fisher diagonal")
    ax.yaxis.set_major_formatter("{x:g}")  # 0.1, 1: no small exponents
    ax.set(xlabel="Adam step", ylabel="per-coordinate value")
    ax.set_title("Adam's second moment, times the batch size")
    ax.legend(loc="upper right")
    plt.show()
