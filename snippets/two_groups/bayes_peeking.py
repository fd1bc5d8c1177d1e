"""Peeking with a Bayesian rule: stop an A/A test at the first look where P(p_B > p_A) > 0.95."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import special


def prob_b_beats_a(a_a, b_a, a_b, b_b) -> np.ndarray:
    """Exact P(p_B > p_A) for arrays of Beta posteriors, a_b whole numbers: a sum of a_b terms."""
    a_a, b_a, a_b, b_b = (np.asarray(v, dtype=float).ravel() for v in np.broadcast_arrays(a_a, b_a, a_b, b_b))
    if np.any(np.minimum.reduce([a_a, b_a, a_b, b_b]) <= 0) or np.any(a_b != np.round(a_b)):
        raise ValueError("shapes must be positive, and a_b whole numbers")
    i = np.arange(int(a_b.max()) if a_b.size else 0)[:, None]  # term i is term i - 1 times a ratio
    ratios = np.log((a_a + i[:-1]) * (b_b + i[:-1]) / ((a_a + b_a + b_b + i[:-1]) * (1 + i[:-1])))
    first = special.betaln(a_a, b_a + b_b) - special.betaln(a_a, b_a)
    log_terms = first + np.vstack([np.zeros((1, a_a.size)), ratios.cumsum(axis=0)])
    return np.where(i < a_b, np.exp(log_terms), 0).sum(axis=0)  # each term is at most the sum, at most 1


def prob_b_beats_a_fast(clicks_a, clicks_b, n, threshold: float, margin: float = 0.005):
    """P(p_B > p_A) under uniform priors: normal approximation, replaced by the exact sum near `threshold`.

    Returns the probabilities and where the exact sum was used.
    """
    a_a, b_a, a_b, b_b = 1 + clicks_a, 1 + n - clicks_a, 1 + clicks_b, 1 + n - clicks_b
    mean_a, mean_b = a_a / (a_a + b_a), a_b / (a_b + b_b)
    spread = mean_a * (1 - mean_a) / (a_a + b_a + 1) + mean_b * (1 - mean_b) / (a_b + b_b + 1)
    value = special.ndtr((mean_b - mean_a) / np.sqrt(spread))  # the posteriors' means and variances
    near = np.abs(value - threshold) < margin  # where the approximation could decide wrongly
    shapes = np.stack([a_a[near], b_a[near], a_b[near], b_b[near]])
    cases, back = np.unique(shapes, axis=1, return_inverse=True)
    value[near] = prob_b_beats_a(*cases)[back]  # each distinct posterior pair once
    return value, near


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    experiments, days, per_day, rate, threshold = 20_000, 30, 200, 0.10, 0.95
    daily = rng.binomial(per_day, rate, size=(2, experiments, days))  # A and B identical: an A/A test
    clicks_a, clicks_b = daily.cumsum(axis=2)  # all data up to each day
    n = per_day * np.arange(1, days + 1)  # visitors per group so far
    posterior, exact = prob_b_beats_a_fast(clicks_a, clicks_b, n, threshold)
    above = posterior > threshold
    peeking = np.logical_or.accumulate(above, axis=1).mean(axis=0)  # stopped by each day
    single = above[:, -1].mean()  # one look, at the end
    pooled = (clicks_a + clicks_b) / (2 * n)
    z_says = special.ndtr(-(clicks_b - clicks_a) / np.sqrt(2 * n * pooled * (1 - pooled))) < 0.05  # one-sided

    def se(share: float) -> float:
        return np.sqrt(share * (1 - share) / experiments)

    print(f"A/A test, both at {rate:.0%}: {experiments} experiments, {per_day} visitors per group per day")
    print(f"rule: declare B the winner once P(p_B > p_A) > {threshold} (uniform priors)")
    print(f"looks near the threshold, given the exact sum: {exact.mean():.2%}")
    print(f"looks where a one-sided z-test at 5% decides otherwise: {np.mean(z_says != above):.3%}")
    print(f"one look, on day {days}:          {single:.4f} (s.e. {se(single):.4f})")
    print(f"a look every day, for 7 days:   {peeking[6]:.4f} (s.e. {se(peeking[6]):.4f})")
    print(f"a look every day, for {days} days:  {peeking[-1]:.4f} (s.e. {se(peeking[-1]):.4f})")

    fig, ax = plt.subplots(figsize=(5.4, 4.6), layout="constrained")  # 5.5 in once saved with its margin
    day = np.arange(1, days + 1)
    ax.plot(day, peeking, "o-", color="C1", markersize=3, label="look every day, stop above 0.95")
    ax.plot(day, above.mean(axis=0), "o-", color="C0", markersize=3, label="one look, on that day")
    ax.axhline(0.05, color="k", linestyle="--", linewidth=1.2, zorder=3, label="5%")  # on top of the data
    ax.set_title("A/A tests won by B: P(B > A) > 0.95")
    ax.set_xlabel("days the test has run")
    ax.set_ylabel("share of experiments")
    ax.set_ylim(0, None)
    fig.legend(loc="outside lower center", ncols=2)  # below the axes, clear of curves and gridlines
    plt.show()
