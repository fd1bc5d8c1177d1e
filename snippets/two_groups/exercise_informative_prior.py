"""Exercise: P(p_B > p_A) when A's rate is known from its history and B is new."""

import numpy as np
from scipy import integrate, stats


def prob_b_beats_a(shapes_a: tuple[float, float], shapes_b: tuple[float, float]) -> float:
    """P(p_B > p_A) for independent Beta posteriors, as ∫ density_B(x) · P(p_A < x) dx."""
    if min(*shapes_a, *shapes_b) <= 0:
        raise ValueError(f"Beta shapes must be positive, got {shapes_a} and {shapes_b}")
    where = [shapes_a[0] / sum(shapes_a), shapes_b[0] / sum(shapes_b)]
    value, _ = integrate.quad(lambda x: stats.beta.pdf(x, *shapes_b) * stats.beta.cdf(x, *shapes_a), 0, 1,
                              points=where, limit=200, epsabs=1e-13)
    return value


def posterior(prior: tuple[float, float], clicks: int, visitors: int) -> tuple[float, float]:
    """Beta(a, b) prior and `clicks` of `visitors`: the Beta(a + clicks, b + visitors − clicks) posterior."""
    if min(prior) <= 0 or visitors < 0 or not 0 <= clicks <= visitors:
        raise ValueError(f"need a positive prior and 0 <= clicks <= visitors: {prior}, {clicks}/{visitors}")
    return prior[0] + clicks, prior[1] + visitors - clicks


if __name__ == "__main__":
    rng = np.random.default_rng(2)  # the A/B test of the basics lesson, drawn the same way
    n = 1000
    clicks_a, clicks_b = rng.binomial(n, 0.10), rng.binomial(n, 0.12)
    history = (1000, 9000)  # A has run for months: 1000 clicks in 10 000 visitors
    choices = {"uniform for both": ((1, 1), (1, 1)), "A's history, B uniform": (history, (1, 1)),
               "A's history for both": (history, history)}
    print(f"this test: A {clicks_a}/{n}, B {clicks_b}/{n}")
    for name, (prior_a, prior_b) in choices.items():
        shapes_a, shapes_b = posterior(prior_a, clicks_a, n), posterior(prior_b, clicks_b, n)
        difference = rng.beta(*shapes_b, 100_000) - rng.beta(*shapes_a, 100_000)
        low, high = np.quantile(difference, [0.025, 0.975])
        loss = 100 * np.maximum(-difference, 0).mean()
        print(f"{name + ':':<24} P(B > A) = {prob_b_beats_a(shapes_a, shapes_b):.4f}, "
              f"95% credible [{low:+.4f}, {high:+.4f}], loss of shipping B {loss:.4f} points")
