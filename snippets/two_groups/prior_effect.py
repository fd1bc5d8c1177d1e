"""How the prior moves P(p_B > p_A), and why that probability is not 1 − p."""

import numpy as np
from scipy import integrate, stats


def prob_b_beats_a(a_a: float, b_a: float, a_b: float, b_b: float) -> float:
    """P(p_B > p_A) for independent Beta posteriors: ∫ density_B(x) · P(p_A < x) dx."""
    if min(a_a, b_a, a_b, b_b) <= 0:
        raise ValueError(f"shapes must be positive, got {a_a}, {b_a}, {a_b}, {b_b}")
    where = [a_a / (a_a + b_a), a_b / (a_b + b_b)]
    value, _ = integrate.quad(lambda x: stats.beta.pdf(x, a_b, b_b) * stats.beta.cdf(x, a_a, b_a), 0, 1,
                              points=where, limit=200, epsabs=1e-13)
    return value


def one_sided_z_p(clicks_a: int, n_a: int, clicks_b: int, n_b: int) -> float:
    """p-value of the pooled z-test for H1: p_B > p_A."""
    pooled = (clicks_a + clicks_b) / (n_a + n_b)
    if not 0 < pooled < 1:
        raise ValueError("the z-test needs at least one click and one non-click in all")
    z = (clicks_b / n_b - clicks_a / n_a) / np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    return float(stats.norm.sf(z))


if __name__ == "__main__":
    rng = np.random.default_rng(2)  # the A/B test of the basics lesson, drawn the same way
    n_a = n_b = 1000
    clicks_a, clicks_b = rng.binomial(n_a, 0.10), rng.binomial(n_b, 0.12)
    p = one_sided_z_p(clicks_a, n_a, clicks_b, n_b)
    print(f"A: {clicks_a}/{n_a}, B: {clicks_b}/{n_b}; one-sided z-test p = {p:.4f}, 1 − p = {1 - p:.4f}")
    print(f"{'prior on each rate':<22}{'P(B > A)':>9}   95% credible interval   loss of shipping B")
    priors = {"uniform Beta(1, 1)": (1, 1), "Jeffreys Beta(½, ½)": (0.5, 0.5),
              "Beta(10, 90)": (10, 90), "Beta(100, 900)": (100, 900), "Beta(1000, 9000)": (1000, 9000)}
    beats = {}
    for name, (a, b) in priors.items():
        shapes_a, shapes_b = (a + clicks_a, b + n_a - clicks_a), (a + clicks_b, b + n_b - clicks_b)
        beats[name] = prob_b_beats_a(*shapes_a, *shapes_b)
        difference = rng.beta(*shapes_b, 100_000) - rng.beta(*shapes_a, 100_000)
        low, high = np.quantile(difference, [0.025, 0.975])
        loss = 100 * np.maximum(-difference, 0).mean()
        print(f"{name:<22}{beats[name]:>9.4f}   [{low:+.4f}, {high:+.4f}]   {loss:>12.4f} points")

    print("small samples, uniform prior:")
    for small in [(1, 20, 5, 20), (2, 25, 7, 25), (0, 10, 2, 10)]:
        k_a, m_a, k_b, m_b = small
        posterior = prob_b_beats_a(1 + k_a, 1 + m_a - k_a, 1 + k_b, 1 + m_b - k_b)
        p_small = one_sided_z_p(*small)
        print(f"  A {k_a}/{m_a}, B {k_b}/{m_b}: P(B > A) = {posterior:.4f}, 1 − p = {1 - p_small:.4f}")
