"""Preconditioning with the empirical Fisher on a run: least squares, where the Fisher is the Hessian."""

import matplotlib.pyplot as plt
import numpy as np


def per_example_gradients(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, sigma: float):
    """Gradients of each example's NLL under y ~ N(xᵀw, σ²): (xᵀw - y) x / σ², one row per example."""
    if sigma <= 0 or targets.shape != (features.shape[0],):
        raise ValueError("need sigma > 0 and one target per row of features")
    return features * ((features @ weights - targets) / sigma**2)[:, None]


def preconditioned_descent(features, targets, sigma: float, method: str, steps: int) -> list[float]:
    """Mean NLL (no constant) at each step w -= P⁻¹∇J from w = 0: P = L·I, the Fisher or the empirical."""
    n = targets.size
    fisher = features.T @ features / (n * sigma**2)  # the same at every w: here it is also the Hessian
    weights, losses = np.zeros(features.shape[1]), []
    for _ in range(steps + 1):
        losses.append(np.mean((targets - features @ weights) ** 2) / (2 * sigma**2))
        grads = per_example_gradients(weights, features, targets, sigma)
        gradient = grads.mean(axis=0)
        preconditioner = {"gradient": np.linalg.eigvalsh(fisher)[-1] * np.eye(weights.size),
                          "natural": fisher, "empirical": grads.T @ grads / n}[method]
        weights = weights - np.linalg.solve(preconditioner, gradient)
    return losses


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    n, sigma = 200, 1.0
    features = np.column_stack([np.ones(n), rng.normal(size=n)])  # intercept and one input
    targets = features @ np.array([10.0, 2.0]) + sigma * rng.normal(size=n)
    solution = np.linalg.lstsq(features, targets, rcond=None)[0]
    best = np.mean((targets - features @ solution) ** 2) / (2 * sigma**2)

    gaps = {m: np.array(preconditioned_descent(features, targets, sigma, m, 100)) - best
            for m in ("gradient", "natural", "empirical")}
    print(f"mean NLL above its minimum at w = 0: {gaps['natural'][0]:.2f} nats")
    for method, gap in gaps.items():
        print(f"{method:>9}: within 1e-8 of the minimum after {np.argmax(gap < 1e-8):>3} steps; "
              f"largest drop in one step {np.max(-np.diff(gap)):.2f} nats")
    grads = per_example_gradients(solution, features, targets, sigma)
    relative = np.linalg.eigvals(np.linalg.solve(features.T @ features / sigma**2, grads.T @ grads)).real
    print(f"at the least-squares solution, eigenvalues of F^-1 F_emp: {np.round(np.sort(relative), 3)}")

    fig, ax = plt.subplots(figsize=(5.5, 3.6), layout="constrained")
    for (method, gap), colour in zip(gaps.items(), ("C0", "C1", "C2"), strict=True):
        last = np.argmax(gap < 1e-12) if np.any(gap < 1e-12) else gap.size - 1  # below 1e-12: rounding
        shown = np.maximum(gap[: last + 1], 1e-12)
        marker = None if method == "empirical" else "o"
        ax.semilogy(shown, color=colour, marker=marker, label=f"{method} step")
    ax.semilogy(gaps["natural"][0] - np.arange(51), color="C5", linestyle="--", label="1 nat per step")
    ax.set(xlabel="step", ylabel="mean NLL above the minimum", ylim=(5e-13, 200))
    ax.set_yticks([1e-12, 1e-8, 1e-4, 1, 100], labels=["10⁻¹²", "10⁻⁸", "10⁻⁴", "1", "100"])  # full-size text
    ax.set_title("Least squares from w = 0\n(gaps under 10⁻¹² drawn at 10⁻¹²)")
    ax.legend(loc="center")
    plt.show()
