"""Measure bias², variance and MSE of the shrunk mean c·x̄ by simulation, and check MSE = bias² + variance."""

import matplotlib.pyplot as plt
import numpy as np


def bias_variance_mse(estimates: np.ndarray, true_value: float) -> tuple[float, float, float]:
    """Empirical bias, variance (divide by the count) and mean squared error of repeated estimates."""
    estimates = np.asarray(estimates, dtype=float)
    if estimates.ndim != 1 or estimates.size < 2:
        raise ValueError(f"need a 1-D array of at least 2 estimates, got shape {estimates.shape}")
    bias = estimates.mean() - true_value
    variance = np.mean((estimates - estimates.mean()) ** 2)
    mse = np.mean((estimates - true_value) ** 2)
    return bias, variance, mse


def shrunk_mean_mse(c: float | np.ndarray, mu: float, sigma2_over_n: float) -> float | np.ndarray:
    """Exact MSE of c·x̄ for μ: bias² (1 - c)²μ² plus variance c²σ²/n."""
    if sigma2_over_n <= 0:
        raise ValueError(f"sigma2_over_n must be positive, got {sigma2_over_n}")
    return (1 - c) ** 2 * mu**2 + c**2 * sigma2_over_n


if __name__ == "__main__":
    rng = np.random.default_rng(11)
    mu, sigma, n, repetitions = 1.0, 2.0, 10, 100_000
    sample_means = rng.normal(mu, sigma, size=(repetitions, n)).mean(axis=1)
    shrink_factors = np.array([1.0, 0.8, 0.5])

    print(f"true μ = {mu}, σ = {sigma}, n = {n}, {repetitions} simulated data sets")
    header = f"{'c':>4} {'bias²':>7} {'variance':>9} {'bias²+var':>10} {'MSE':>7}"
    print(f"{header} {'± MC s.e.':>10} {'theory':>7}")
    results = {}
    for c in shrink_factors:
        bias, variance, mse = bias_variance_mse(c * sample_means, mu)
        results[c] = (bias, variance, mse)
        mc_error = np.std((c * sample_means - mu) ** 2, ddof=1) / np.sqrt(repetitions)  # s.e. of the MSE
        row = f"{c:>4} {bias**2:>7.4f} {variance:>9.4f} {bias**2 + variance:>10.4f} {mse:>7.4f}"
        print(f"{row} {mc_error:>10.4f} {shrunk_mean_mse(c, mu, sigma**2 / n):>7.4f}")
    worst_gap = max(abs(m - (b**2 + v)) for b, v, m in results.values())
    print(f"largest |MSE - (bias² + variance)| over the three rows: {worst_gap:.1e}")

    c_grid = np.linspace(0, 1.2, 121)
    c_star = mu**2 / (mu**2 + sigma**2 / n)  # where d MSE / dc = 0
    mse_star = shrunk_mean_mse(c_star, mu, sigma**2 / n)
    fig, ax = plt.subplots(figsize=(5.5, 3.6), layout="constrained")
    ax.set_title(f"Shrunk mean c·x̄ (μ = {mu}, σ²/n = {sigma**2 / n:.1f})")
    ax.plot(c_grid, (c_grid - 1) ** 2 * mu**2, color="C1", label="bias²")
    ax.plot(c_grid, c_grid**2 * sigma**2 / n, color="C2", label="variance")
    ax.plot(c_grid, shrunk_mean_mse(c_grid, mu, sigma**2 / n), color="C0", label="MSE (theory)")
    ax.plot(shrink_factors, [results[c][2] for c in shrink_factors], "o", color="C3", label="MSE (simulated)")
    ax.plot([c_star], [mse_star], "D", color="C4", markersize=8, label="best factor c*")
    ax.annotate(
        f"c* = {c_star:.3f}\nMSE {mse_star:.3f}",
        (c_star, mse_star),
        xytext=(0.92, 0.08),
        textcoords="data",
        ha="left",
        arrowprops={"arrowstyle": "->", "color": "C4"},
    )
    ax.set_xlabel("shrink factor c")
    ax.set_ylabel("squared error")
    ax.legend(loc="upper center")
    plt.show()
