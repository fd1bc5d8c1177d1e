"""Exercise: under Laplace noise the MLE of the location is the sample median, which shrugs off an outlier."""

import numpy as np


def laplace_negative_log_likelihood(locations: np.ndarray, data: np.ndarray, scale: float = 1) -> np.ndarray:
    """n log(2b) + Σ|x - m| / b for each candidate location m (vectorised over locations)."""
    data = np.asarray(data, dtype=float)
    if data.ndim != 1 or data.size == 0 or scale <= 0:
        raise ValueError("data must be a non-empty 1-D array and scale must be positive")
    locations = np.asarray(locations, dtype=float)
    distances = np.abs(data - locations[..., np.newaxis]).sum(axis=-1)
    return data.size * np.log(2 * scale) + distances / scale


if __name__ == "__main__":
    rng = np.random.default_rng(6)
    data = rng.laplace(loc=3.0, scale=1.0, size=25)
    data[0] = 60.0  # one wild reading
    grid = np.linspace(0, 10, 10_001)  # step 0.001
    best = grid[np.argmin(laplace_negative_log_likelihood(grid, data))]
    print(f"Laplace MLE on a grid of step 0.001: {best:.3f}")
    print(f"sample median:                       {np.median(data):.3f}")
    print(f"sample mean (Gaussian MLE):          {data.mean():.3f}")
