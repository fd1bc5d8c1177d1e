"""Why we add log-probabilities: the raw product of many probabilities underflows to exactly 0."""

import numpy as np


def toss_probabilities(p: np.ndarray, tosses: np.ndarray) -> np.ndarray:
    """P(each toss | p) for every p on a grid: rows are grid points, columns are tosses (1 = heads)."""
    p = np.asarray(p, dtype=float)
    tosses = np.asarray(tosses)
    if not np.all((tosses == 0) | (tosses == 1)):
        raise ValueError("every toss must be 0 (tails) or 1 (heads)")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("every p must be a probability between 0 and 1")
    return np.where(tosses == 1, p[:, None], 1 - p[:, None])


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    true_p, n_tosses = 0.6, 2000
    tosses = (rng.random(n_tosses) < true_p).astype(int)
    grid = np.linspace(0.0005, 0.9995, 1999)  # step 0.0005, holds every k/2000; no log(0) at 0 or 1

    per_toss = toss_probabilities(grid, tosses)  # shape (1999, 2000)
    raw_likelihood = np.prod(per_toss, axis=1)  # multiply 2000 numbers below 1
    log_likelihood = np.log(per_toss).sum(axis=1)  # add their logarithms instead

    running = np.cumprod(per_toss[np.argmax(log_likelihood)])
    print(f"data: {tosses.sum()} heads in {n_tosses} tosses (true p = {true_p})")
    print(f"closed-form MLE k/n:               {tosses.mean():.4f}")
    normal, subnormal = np.finfo(float).smallest_normal, np.finfo(float).smallest_subnormal
    print(f"smallest positive float64: {normal:.1e}, or {subnormal:.1e} with gradual underflow")
    print(f"largest raw product on the grid:   {raw_likelihood.max()}")
    print(f"argmax of the raw product:         p = {grid[np.argmax(raw_likelihood)]:.4f}  (meaningless)")
    print(f"argmax of the log-likelihood:      p = {grid[np.argmax(log_likelihood)]:.4f}")
    print(f"log-likelihood at that p:          {log_likelihood.max():.1f}")
    print(f"running product at that p hits 0.0 after {np.argmax(running == 0) + 1} tosses")
