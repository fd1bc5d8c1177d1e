"""A 95% credible interval for a proportion from its Beta posterior, next to the Wilson interval."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats


def beta_posterior(successes: int, trials: int, prior_a: float = 1.0, prior_b: float = 1.0):
    """Posterior of p after `successes` in `trials` under a Beta(prior_a, prior_b) prior: a frozen Beta."""
    if not 0 <= successes <= trials or int(successes) != successes or int(trials) != trials:
        raise ValueError(
            f"successes must be a whole number between 0 and trials, got {successes=}, {trials=}"
        )
    if prior_a <= 0 or prior_b <= 0:
        raise ValueError(f"Beta prior parameters must be positive, got {prior_a=}, {prior_b=}")
    return stats.beta(prior_a + successes, prior_b + trials - successes)


def equal_tailed_interval(posterior, mass: float = 0.95) -> tuple[float, float]:
    """The interval that leaves (1 - mass)/2 of posterior probability in each tail."""
    if not 0 < mass < 1:
        raise ValueError(f"mass must be strictly between 0 and 1, got mass={mass}")
    lower, upper = posterior.ppf([(1 - mass) / 2, (1 + mass) / 2])
    return float(lower), float(upper)


if __name__ == "__main__":
    successes, trials = 7, 40
    posterior = beta_posterior(successes, trials)  # uniform prior Beta(1, 1)
    lower, upper = equal_tailed_interval(posterior)
    wilson = stats.binomtest(successes, trials).proportion_ci(confidence_level=0.95, method="wilson")
    below_ten = posterior.cdf(0.10)

    print(f"data: {successes} successes in {trials} trials, prior Beta(1, 1)")
    a, b = posterior.args
    print(f"posterior: Beta({a:.0f}, {b:.0f}), mean {posterior.mean():.3f}")
    print(f"95% credible interval:          [{lower:.3f}, {upper:.3f}]")
    print(f"posterior probability inside:    {posterior.cdf(upper) - posterior.cdf(lower):.3f}")
    print(f"95% Wilson confidence interval: [{wilson.low:.3f}, {wilson.high:.3f}]")
    gap = max(abs(lower - wilson.low), abs(upper - wilson.high))
    print(f"largest difference between their ends: {gap:.4f}")
    print(f"P(p < 0.10 | data) = {below_ten:.3f}   (a confidence interval cannot give this number)")

    grid = np.linspace(0, 0.6, 301)
    density = posterior.pdf(grid)
    inside = (grid >= lower) & (grid <= upper)
    fig, ax = plt.subplots()
    ax.plot(grid, density, color="C0", label=f"posterior Beta({a:.0f}, {b:.0f})")
    ax.fill_between(grid[inside], density[inside], color="C0", alpha=0.3, label="95% credible interval")
    ax.hlines(-0.4, wilson.low, wilson.high, color="C1", linewidth=4, label="95% Wilson interval")
    ax.set_title(f"Belief about p after {successes} successes in {trials} trials")
    ax.set_xlabel("proportion p")
    ax.set_ylabel("posterior density")
    ax.legend()
    plt.show()
