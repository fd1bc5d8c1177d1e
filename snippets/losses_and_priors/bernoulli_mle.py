"""Bernoulli MLE: minimising the negative log-likelihood numerically lands on the sample proportion k/n."""

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import xlogy


def bernoulli_negative_log_likelihood(p: float, outcomes: np.ndarray) -> float:
    """-Σ [x log p + (1 - x) log(1 - p)] for 0/1 outcomes (xlogy makes 0·log 0 = 0)."""
    outcomes = np.asarray(outcomes)
    if outcomes.size == 0 or not np.isin(outcomes, (0, 1)).all():
        raise ValueError("outcomes must be a non-empty array of 0s and 1s")
    if not 0 <= p <= 1:
        raise ValueError(f"p must be a probability between 0 and 1, got p={p}")
    k, n = outcomes.sum(), outcomes.size
    return -(xlogy(k, p) + xlogy(n - k, 1 - p))


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    clicks = (rng.random(200) < 0.3).astype(int)  # 200 visitors, true click probability 0.3
    k, n = clicks.sum(), clicks.size

    numerical = minimize_scalar(
        bernoulli_negative_log_likelihood,
        bounds=(1e-9, 1 - 1e-9),
        args=(clicks,),
        method="bounded",
        options={"xatol": 1e-10},
    )
    p_hat = k / n
    score = k / p_hat - (n - k) / (1 - p_hat)  # derivative of the log-likelihood at k/n
    print(f"{k} clicks out of {n} visitors")
    print(f"closed form k/n:           p̂ = {p_hat:.6f}")
    print(f"numerical minimum of NLL:  p̂ = {numerical.x:.6f}")
    print(f"score (d log L / dp) at k/n: {score:.1e}")
