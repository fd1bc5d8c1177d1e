"""What a 95% credible interval promises: 95% of p drawn from the prior, not 95% at every fixed p."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats


def credible_intervals_by_count(trials: int, prior_a: float, prior_b: float) -> tuple[np.ndarray, np.ndarray]:
    """Equal-tailed 95% credible interval for every possible count 0..trials (index = count)."""
    if trials < 1 or prior_a <= 0 or prior_b <= 0:
        raise ValueError(
            f"need trials >= 1 and positive prior parameters, got {trials=}, {prior_a=}, {prior_b=}"
        )
    counts = np.arange(trials + 1)
    posterior = stats.beta(prior_a + counts, prior_b + trials - counts)
    return posterior.ppf(0.025), posterior.ppf(0.975)


def coverage_at_fixed_p(intervals, trials: int, probabilities, repetitions: int, rng) -> np.ndarray:
    """Share of simulated experiments, at each fixed true p, whose interval contains that p."""
    lower, upper = intervals
    p = np.asarray(probabilities, dtype=float)[:, None]
    counts = rng.binomial(trials, p, size=(p.size, repetitions))
    return np.mean((lower[counts] <= p) & (p <= upper[counts]), axis=1)


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    trials, experiments, repetitions = 40, 20_000, 4000  # repetitions: experiments at each fixed p
    informative = credible_intervals_by_count(trials, 2, 8)  # prior Beta(2, 8): "p is usually near 0.2"
    uniform = credible_intervals_by_count(trials, 1, 1)

    true_p = rng.beta(2, 8, size=experiments)  # nature really draws p from the prior
    counts = rng.binomial(trials, true_p)
    inside = (informative[0][counts] <= true_p) & (true_p <= informative[1][counts])
    print(f"p drawn from the Beta(2, 8) prior, {experiments} experiments of {trials} trials")
    print(f"share of credible intervals containing their own p: {inside.mean():.4f}")
    print(f"Monte Carlo standard error of that share: {np.sqrt(0.95 * 0.05 / experiments):.4f}")

    probabilities = np.linspace(0.01, 0.8, 80)
    fixed = {
        "prior Beta(2, 8)": coverage_at_fixed_p(informative, trials, probabilities, repetitions, rng),
        "prior Beta(1, 1)": coverage_at_fixed_p(uniform, trials, probabilities, repetitions, rng),
    }
    for p in (0.01, 0.2, 0.5, 0.7):
        row = np.argmin(np.abs(probabilities - p))
        print(f"fixed p = {p:.2f}: coverage " + ", ".join(f"{k} {v[row]:.3f}" for k, v in fixed.items()))

    fig, ax = plt.subplots()
    for colour, (label, values) in zip(["C0", "C2"], fixed.items(), strict=True):
        ax.plot(probabilities, values, color=colour, label=f"credible interval, {label}")
    ax.axhline(0.95, color="C5", linestyle="--", label="95%")
    ax.set_title(f"Coverage of 95% credible intervals at a fixed true p ({trials} trials)")
    ax.set_xlabel("true proportion p, held fixed")
    ax.set_ylabel("share of intervals containing p")
    ax.legend(loc="lower left")
    plt.show()
