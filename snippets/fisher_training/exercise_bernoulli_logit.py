"""Exercise: the Fisher information of a Bernoulli probability p and of its logit θ = log(p / (1 - p))."""

import numpy as np


def information_of_p(p):
    """I(p) = 1 / (p(1 - p)) for one Bernoulli(p) observation."""
    p = np.asarray(p, dtype=float)
    if np.any((p <= 0) | (p >= 1)):
        raise ValueError("p must be strictly between 0 and 1")
    return 1 / (p * (1 - p))


def information_of_logit(p):
    """I(θ) = p(1 - p): I(p) times (dp/dθ)², with dp/dθ = p(1 - p)."""
    return information_of_p(p) * (p * (1 - p)) ** 2


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    draws = 200_000
    print(f"{'p':>5} {'I(p)':>8} {'var score_p':>12} {'I(logit)':>9} {'var score_logit':>16}")
    for p in (0.05, 0.2, 0.5):
        x = (rng.random(draws) < p).astype(float)
        score_p = x / p - (1 - x) / (1 - p)  # d/dp of x log p + (1 - x) log(1 - p)
        score_logit = x - p  # d/dθ of x θ - log(1 + e^θ)
        print(f"{p:>5} {information_of_p(p):>8.2f} {score_p.var():>12.2f} "
              f"{information_of_logit(p):>9.4f} {score_logit.var():>16.4f}")

    p, x, eta = 0.2, 1.0, 0.01  # one natural-gradient step on one observation, in each parametrisation
    step_p = eta * (x / p - (1 - x) / (1 - p)) / information_of_p(p)
    step_logit = eta * (x - p) / information_of_logit(p)
    new_p_from_logit = 1 / (1 + np.exp(-(np.log(p / (1 - p)) + step_logit)))
    print(f"natural step on p: p -> {p + step_p:.5f}")
    print(f"natural step on the logit, mapped to p: p -> {new_p_from_logit:.5f}")
