"""Full Bayesian inference for a conversion rate: Beta posterior, 95% credible interval, MLE and MAP."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import beta


def beta_posterior(successes: int, trials: int, prior_a: float, prior_b: float) -> tuple[float, float]:
    """Parameters (a + k, b + n - k) of the Beta posterior: k successes in n trials, Beta(a, b) prior."""
    if not 0 <= successes <= trials:
        raise ValueError(f"successes must be between 0 and trials, got {successes=}, {trials=}")
    if prior_a <= 0 or prior_b <= 0:
        raise ValueError(f"prior parameters must be positive, got a={prior_a}, b={prior_b}")
    return prior_a + successes, prior_b + trials - successes


if __name__ == "__main__":
    successes, trials, prior_a, prior_b = 6, 20, 2.0, 8.0  # prior belief: rates near 0.1-0.2 are typical
    post_a, post_b = beta_posterior(successes, trials, prior_a, prior_b)
    mle = successes / trials
    map_estimate = (post_a - 1) / (post_a + post_b - 2)  # mode of the Beta posterior
    posterior_mean = post_a / (post_a + post_b)
    low, high = beta.ppf([0.025, 0.975], post_a, post_b)

    print(f"data: {successes} conversions in {trials} visits; prior Beta({prior_a:.0f}, {prior_b:.0f})")
    print(f"posterior: Beta({post_a:.0f}, {post_b:.0f})")
    print(f"MLE k/n = {mle:.3f}   MAP (posterior mode) = {map_estimate:.3f}")
    print(f"posterior mean = {posterior_mean:.3f}")
    print(f"95% credible interval: [{low:.3f}, {high:.3f}]")
    print(f"P(rate > 0.2 | data) = {beta.sf(0.2, post_a, post_b):.3f}")

    p = np.linspace(0, 1, 401)
    fig, ax = plt.subplots(figsize=(5.5, 4.6), layout="constrained")
    ax.set_title(f"Prior, likelihood and posterior\nafter {successes} conversions in {trials} visits")
    prior_label, posterior_label = (
        f"prior Beta({prior_a:.0f}, {prior_b:.0f})",
        f"posterior Beta({post_a:.0f}, {post_b:.0f})",
    )
    ax.plot(p, beta.pdf(p, prior_a, prior_b), ":", color="C5", label=prior_label)
    # p^k (1 - p)^(n - k) scaled to area 1 is the Beta(k + 1, n - k + 1) density
    scaled_likelihood = beta.pdf(p, successes + 1, trials - successes + 1)
    ax.plot(p, scaled_likelihood, "--", color="C1", label="likelihood (scaled to area 1)")
    ax.plot(p, beta.pdf(p, post_a, post_b), color="C0", label=posterior_label)
    inside = (p >= low) & (p <= high)
    posterior_inside = beta.pdf(p[inside], post_a, post_b)
    ax.fill_between(p[inside], posterior_inside, color="C0", alpha=0.2, label="95% credible interval")
    ax.axvline(mle, color="C1", linewidth=1, label="MLE")
    ax.axvline(map_estimate, color="C0", linewidth=1, label="MAP")
    ax.set(xlabel="conversion rate p", ylabel="density", xlim=(0, 0.7))
    fig.legend(loc="outside lower center", ncols=2)  # below the axes, off the curves
    plt.show()
