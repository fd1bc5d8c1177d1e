"""Diagonal against full Fisher preconditioning: rescaled and correlated features; K-FAC's factors."""

import numpy as np
from scipy.special import expit


def preconditioned_path(features, labels, method: str, steps: int) -> np.ndarray:
    """Weights over `steps` steps from w = 0: step 1/L, or step 1 with diag(F)⁻¹ or F⁻¹."""
    if method not in ("gradient", "diagonal", "full") or steps < 1:
        raise ValueError(f'need method "gradient", "diagonal" or "full" and steps >= 1; got {method!r}')
    n, d = features.shape
    bound = np.linalg.eigvalsh(features.T @ features)[-1] / (4 * n)
    path = [np.zeros(d)]
    for _ in range(steps):
        p = expit(features @ path[-1])
        gradient = features.T @ (p - labels) / n
        fisher = features.T @ (features * (p * (1 - p))[:, None]) / n
        path.append(path[-1] - {"gradient": gradient / bound, "diagonal": gradient / np.diag(fisher),
                                "full": np.linalg.solve(fisher, gradient)}[method])
    return np.array(path)


def jacobi_condition(matrix: np.ndarray) -> tuple[float, float]:
    """Condition numbers of a matrix and of its diagonal rescaling D^(-1/2) M D^(-1/2), D = diag(M)."""
    scale = 1 / np.sqrt(np.diag(matrix))
    return np.linalg.cond(matrix), np.linalg.cond(matrix * np.outer(scale, scale))


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    n, true_weights = 400, np.array([1.5, -1.0])
    raw = rng.normal(size=(n, 2))
    labels = (rng.random(n) < expit(raw @ true_weights)).astype(float)
    problems = {"feature 2 divided by 5": raw * [1.0, 0.2],
                "features correlated 0.95": np.column_stack([raw[:, 0], 0.95 * raw[:, 0] + 0.31 * raw[:, 1]])}
    print("correlated problem: new feature 2 = 0.95 x feature 1 + 0.31 x feature 2")
    results = {}
    for name, features in problems.items():
        paths = {m: preconditioned_path(features, labels, m, k) for m, k in
                 (("gradient", 1000), ("diagonal", 300), ("full", 30))}
        w = paths["full"][-1]  # the MLE
        z, p = features @ w, expit(features @ w)
        best = np.mean(np.logaddexp(0.0, z) - labels * z)
        losses = {m: np.mean(np.logaddexp(0.0, x @ features.T) - labels * (x @ features.T), axis=1)
                  for m, x in paths.items()}
        steps = {m: int(np.argmax(loss - best < 1e-10)) for m, loss in losses.items()}
        fisher = features.T @ (features * (p * (1 - p))[:, None]) / n
        kfac = np.mean(p * (1 - p)) * features.T @ features / n  # E[p(1-p)] x E[x xᵀ]
        ratios = np.sort(np.linalg.eigvals(np.linalg.solve(fisher, kfac)).real)
        results[name] = paths, steps, fisher, kfac
        full, rescaled = jacobi_condition(fisher)
        print(f"{name}: condition number of F {full:.1f}, after diagonal rescaling {rescaled:.1f}")
        print("  steps to converge: " + ", ".join(f"{m} {k}" for m, k in steps.items()))
        print(f"  K-FAC's E[p(1-p)] E[xx'] against F: eigenvalues of F^-1 F_KFAC {np.round(ratios, 2)}")
