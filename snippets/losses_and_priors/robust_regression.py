"""A line fitted under three noise models: gross outliers drag the MSE fit, not the MAE or Huber fits."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.optimize import linprog, minimize


def fit_line(x: np.ndarray, y: np.ndarray, loss: str, delta: float = 1.0) -> np.ndarray:
    """Intercept and slope minimising the summed 'squared', 'absolute' (linear programme) or 'huber' loss."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1 or x.size < 2:
        raise ValueError(f"x and y must be 1-D arrays of the same length ≥ 2, got {x.shape} and {y.shape}")
    design = np.column_stack([np.ones_like(x), x])
    least_squares = np.linalg.lstsq(design, y, rcond=None)[0]
    if loss == "squared":
        return least_squares
    if loss == "absolute":  # min Σ(u + v) subject to design·w + u - v = y, u, v ≥ 0
        n = x.size
        cost = np.concatenate([np.zeros(2), np.ones(2 * n)])
        constraints = np.hstack([design, np.eye(n), -np.eye(n)])
        bounds = [(None, None)] * 2 + [(0, None)] * (2 * n)
        return linprog(cost, A_eq=constraints, b_eq=y, bounds=bounds, method="highs").x[:2]
    if loss == "huber":

        def total_huber(w: np.ndarray) -> float:
            r = np.abs(y - design @ w)
            return np.sum(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta)))

        return minimize(total_huber, least_squares, method="BFGS").x
    raise ValueError(f"loss must be 'squared', 'absolute' or 'huber', got {loss!r}")


def distance_between_lines(first: np.ndarray, second: np.ndarray, x_low: float, x_high: float) -> float:
    """Root-mean-square vertical gap between two lines (intercept, slope) over x_low ≤ x ≤ x_high."""
    x = np.linspace(x_low, x_high, 101)
    gap = (first[0] - second[0]) + (first[1] - second[1]) * x
    return float(np.sqrt(np.mean(gap**2)))


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    true_line = np.array([2.0, 0.5])  # intercept, slope
    x = rng.uniform(0, 10, 60)
    y = true_line[0] + true_line[1] * x + rng.normal(0, 1.0, x.size)
    outliers = rng.choice(x.size, size=6, replace=False)  # 10% of the readings are gross errors
    y[outliers] -= 15.0
    fits = {loss: fit_line(x, y, loss) for loss in ("squared", "absolute", "huber")}
    gaps = {loss: distance_between_lines(w, true_line, 0, 10) for loss, w in fits.items()}

    print(f"true line:          intercept {true_line[0]:.3f}, slope {true_line[1]:.3f}")
    for loss, (a, b) in fits.items():
        print(f"{loss + ' loss fit:':<20}intercept {a:.3f}, slope {b:.3f}, RMS gap to truth {gaps[loss]:.3f}")

    fig, ax = plt.subplots(figsize=(5.5, 4.6), layout="constrained")
    ax.set_title("Six gross outliers:\nonly the squared-error line is pulled down")
    ax.plot(np.delete(x, outliers), np.delete(y, outliers), "o", color="C5", markersize=4, label="data")
    ax.plot(x[outliers], y[outliers], "x", color="C3", markersize=7, label="outliers")
    ends = np.array([0.0, 10.0])
    ax.plot(ends, true_line[0] + true_line[1] * ends, ":", color="C5", label="true line")
    for (loss, (a, b)), colour, line in zip(fits.items(), ("C0", "C1", "C2"), ("-", "-", "--"), strict=True):
        name = {"huber": "Huber"}.get(loss, loss)  # Huber is a person
        ax.plot(ends, a + b * ends, line, color=colour, label=f"{name} loss")
    ax.set(xlabel="x", ylabel="y")
    fig.legend(loc="outside lower center", ncols=2)  # below the axes, off the data
    plt.show()
