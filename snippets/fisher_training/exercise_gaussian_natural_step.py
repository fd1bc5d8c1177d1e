"""Exercise: natural-gradient steps on the mean and variance of a Gaussian reach the MLE in two steps."""

import numpy as np


def natural_step(mean: float, variance: float, data: np.ndarray, eta: float = 1.0) -> tuple[float, float]:
    """One step (μ, v) -= η F⁻¹∇J on the mean NLL J, with F = diag(1/v, 1/(2v²)) per observation."""
    if variance <= 0 or eta <= 0:
        raise ValueError(f"need a positive variance and step size, got variance={variance}, eta={eta}")
    spread = np.mean((data - mean) ** 2)
    grad_mean = -(np.mean(data) - mean) / variance
    grad_variance = 1 / (2 * variance) - spread / (2 * variance**2)
    return mean - eta * variance * grad_mean, variance - eta * 2 * variance**2 * grad_variance


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    data = rng.normal(5.0, 2.0, size=50)
    mean, variance = 0.0, 1.0
    print(f"start: mean {mean}, variance {variance}")
    for step in (1, 2, 3):
        mean, variance = natural_step(mean, variance, data)
        print(f"after step {step}: mean {mean:.6f}, variance {variance:.6f}")
    print(f"MLE: sample mean {np.mean(data):.6f}, variance dividing by n {np.var(data):.6f}")
    print(f"after step 1 the variance was the mean square about the start: {np.mean(data**2):.6f}")
