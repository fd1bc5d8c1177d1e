"""The Bayesian A/B test: Beta posteriors, P(p_B > p_A) three ways, the difference and the expected loss."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import integrate, special, stats


def prob_b_beats_a(a_a: float, b_a: float, a_b: int, b_b: float) -> float:
    """P(p_B > p_A) for independent Beta(a_a, b_a) and Beta(a_b, b_b), a_b a whole number: a finite sum."""
    if min(a_a, b_a, a_b, b_b) <= 0 or a_b != int(a_b):
        raise ValueError(f"shapes must be positive and a_b a whole number, got {a_a}, {b_a}, {a_b}, {b_b}")
    i = np.arange(int(a_b))
    log_terms = special.betaln(a_a + i, b_a + b_b) - np.log(b_b + i) - special.betaln(1 + i, b_b)
    return float(np.exp(special.logsumexp(log_terms) - special.betaln(a_a, b_a)))


def prob_b_beats_a_integral(a_a: float, b_a: float, a_b: float, b_b: float) -> float:
    """The same probability as a one-dimensional integral: ∫ density_B(x) · P(p_A < x) dx."""
    if min(a_a, b_a, a_b, b_b) <= 0:
        raise ValueError(f"shapes must be positive, got {a_a}, {b_a}, {a_b}, {b_b}")
    where = [a_a / (a_a + b_a), a_b / (a_b + b_b)]  # tell quad where the mass is
    value, _ = integrate.quad(lambda x: stats.beta.pdf(x, a_b, b_b) * stats.beta.cdf(x, a_a, b_a), 0, 1,
                              points=where, limit=200, epsabs=1e-13)
    return value


if __name__ == "__main__":
    rng = np.random.default_rng(2)  # the A/B test of the basics lesson, drawn the same way
    n_a = n_b = 1000
    clicks_a, clicks_b = rng.binomial(n_a, 0.10), rng.binomial(n_b, 0.12)
    prior = (1, 1)  # uniform on each rate
    shapes_a = (prior[0] + clicks_a, prior[1] + n_a - clicks_a)
    shapes_b = (prior[0] + clicks_b, prior[1] + n_b - clicks_b)
    draws = 200_000
    p_a, p_b = rng.beta(*shapes_a, draws), rng.beta(*shapes_b, draws)
    difference = p_b - p_a
    beats, loss = np.mean(difference > 0), np.maximum(-difference, 0)
    low, high = np.quantile(difference, [0.025, 0.975])

    print(f"posteriors: A ~ Beta{shapes_a}, B ~ Beta{shapes_b}")
    print(f"P(p_B > p_A): exact sum {prob_b_beats_a(*shapes_a, *shapes_b):.6f}, "
          f"integral {prob_b_beats_a_integral(*shapes_a, *shapes_b):.6f}")
    print(f"P(p_B > p_A) from {draws} draws: {beats:.4f} ± {np.sqrt(beats * (1 - beats) / draws):.4f}")
    print(f"posterior mean of p_B − p_A: {difference.mean():.4f}")
    print(f"95% credible interval for p_B − p_A: [{low:.4f}, {high:.4f}]")
    print(f"expected loss of shipping B, E[max(p_A − p_B, 0)]: {100 * loss.mean():.4f} ± "
          f"{100 * loss.std() / np.sqrt(draws):.4f} percentage points")
    gain = np.maximum(difference, 0)
    print(f"expected loss of keeping A,  E[max(p_B − p_A, 0)]: {100 * gain.mean():.4f} points")

    x = np.linspace(0.07, 0.17, 400)
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    for shapes, colour, name in ((shapes_a, "C0", "A"), (shapes_b, "C1", "B")):
        ax.plot(x, stats.beta.pdf(x, *shapes), color=colour, label=f"{name}'s rate: Beta{shapes}")
    ax.set_title("Posteriors of the two click rates")
    ax.set_xlabel("click rate")
    ax.set_ylabel("posterior density")
    ax.set_ylim(0, 58)  # room for the legend
    ax.legend(loc="upper right")

    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    edges = np.linspace(-0.04, 0.09, 66)
    ax.hist(difference[difference <= 0], bins=edges, color="C0", label="B's rate at most A's")
    ax.hist(difference[difference > 0], bins=edges, color="C1", label=f"B's rate above A's: {beats:.4f}")
    ax.vlines([low, high], 0, 12_000, color="C5", linestyle="--", label="95% credible interval")
    ax.set_title("Posterior of B's rate − A's rate (200 000 draws)")
    fig.set_label(
        "Histogram of 200 000 posterior draws of B's rate minus A's rate, split at 0, and the interval"
    )
    ax.set_xlabel("difference in click rate, B − A")
    ax.set_ylabel("draws")
    ax.set_ylim(0, 17_500)  # room for the legend above the lines
    ax.legend(loc="upper left")
    plt.show()
