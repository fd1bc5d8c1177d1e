"""Natural gradient against gradient descent on logistic regression, and what rescaling a feature does."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import expit


def mean_nll(weights: np.ndarray, features: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Mean NLL mean[log(1 + e^z) - y z], z = Xw, for one weight vector or a stack of them (..., d)."""
    z = np.asarray(weights) @ features.T
    return np.mean(np.logaddexp(0.0, z) - labels * z, axis=-1)


def descend(features, labels, method: str, steps: int, eta: float = 1.0) -> np.ndarray:
    """Path of `steps` steps from w = 0: "gradient" (step η/L) or "natural" (w -= η F⁻¹∇J)."""
    if method not in ("gradient", "natural") or steps < 1 or eta <= 0:
        raise ValueError(f'need method "gradient" or "natural", steps >= 1, eta > 0; got {method!r}')
    n = labels.size
    bound = np.linalg.eigvalsh(features.T @ features)[-1] / (4 * n)  # L: the curvature never exceeds it
    path = [np.zeros(features.shape[1])]
    for _ in range(steps):
        p = expit(features @ path[-1])
        gradient = features.T @ (p - labels) / n
        if method == "gradient":
            path.append(path[-1] - eta * gradient / bound)
        else:  # the Fisher of the mean loss, Xᵀ diag(p(1-p)) X / n
            fisher = features.T @ (features * (p * (1 - p))[:, None]) / n
            path.append(path[-1] - eta * np.linalg.solve(fisher, gradient))
    return np.array(path)


def steps_to_converge(path: np.ndarray, features, labels, best: float, tol: float = 1e-10) -> int:
    """First step whose mean loss is within `tol` of the minimum `best` (a loss: the same in any units)."""
    return int(np.argmax(mean_nll(path, features, labels) - best < tol))


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    n, true_weights = 400, np.array([1.5, -1.0])
    features = rng.normal(size=(n, 2))
    labels = (rng.random(n) < expit(features @ true_weights)).astype(float)
    scale = np.array([1.0, 0.2])  # feature 2 divided by 5 (other units): its weight becomes 5 times larger
    data = {"original": features, "rescaled": features * scale}

    paths = {(m, u): descend(x, labels, m, k) for m, k in (("gradient", 800), ("natural", 10))
             for u, x in data.items()}
    best = mean_nll(paths["natural", "original"][-1], features, labels)
    for units in data:
        print(f"MLE with the {units} features: {np.round(paths['natural', units][-1], 4)}")
    for (method, units), path in paths.items():
        print(f"{method:>8} descent, {units} features: "
              f"{steps_to_converge(path, data[units], labels, best):>3} steps")
    gap = np.abs(paths["natural", "rescaled"] * scale - paths["natural", "original"]).max()
    print(f"natural paths, the rescaled one mapped back (w = scale x w'): largest gap {gap:.1e}")

    grid = np.stack(np.meshgrid(np.linspace(-6, 1, 71), np.linspace(-0.5, 3.7, 43)), axis=-1)
    fig, ax = plt.subplots(figsize=(5.5, 4.6), layout="constrained")
    loss = mean_nll(grid[..., ::-1], data["rescaled"], labels)
    ax.contour(grid[..., 0], grid[..., 1], loss, best + np.array([0.01, 0.04, 0.1, 0.2, 0.35, 0.55, 0.8]),
               colors="C5", linewidths=0.8)
    for units, colour in (("rescaled", "C0"), ("original", "C2")):
        w = paths["gradient", units] / (scale if units == "original" else 1)  # in the rescaled weights
        ax.plot(w[:, 1], w[:, 0], color=colour, marker=".", markevery=5,
                label=f"gradient descent, {units} features")
    w = paths["natural", "rescaled"]
    ax.plot(w[:, 1], w[:, 0], color="C1", marker="o", label="natural gradient, both (one path)")
    ax.set(xlabel="weight of feature 2 (rescaled)", ylabel="weight of feature 1", aspect="equal")
    ax.set_title("Paths from w = 0 on the loss contours")
    fig.legend(loc="outside lower center")  # below the axes, off the contours
    plt.show()
