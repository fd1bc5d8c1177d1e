"""The same A/B test, four answers: z-test, permutation test, bootstrap interval, Bayesian posterior."""

import numpy as np
from scipy import special, stats

N = 1000  # visitors per group


def ab_data() -> tuple[int, int, np.random.Generator]:
    """The clicks of A and B drawn as in the basics lesson, and the generator, ready for what follows."""
    rng = np.random.default_rng(2)
    return int(rng.binomial(N, 0.10)), int(rng.binomial(N, 0.12)), rng


def quantiles(values: np.ndarray, levels) -> np.ndarray:
    """np.quantile, after checking that there is something to take quantiles of."""
    if values.size == 0:
        raise ValueError("no values to take quantiles of")
    return np.quantile(values, levels)


if __name__ == "__main__":
    a, b, rng = ab_data()
    d, pooled = (b - a) / N, (a + b) / (2 * N)
    z = d / np.sqrt(pooled * (1 - pooled) * 2 / N)
    se = np.sqrt((a * (N - a) + b * (N - b)) / N**3)
    wald = d + np.array([-1, 1]) * special.ndtri(0.975) * se

    _, _, rng = ab_data()  # the permutation test's shuffles, as in its section
    one_zero = np.array([1, 0], dtype=np.int8)
    outcomes = np.concatenate([np.repeat(one_zero, [a, N - a]), np.repeat(one_zero, [b, N - b])])
    shuffled = rng.permuted(np.tile(outcomes, (9999, 1)), axis=1)
    null = shuffled[:, N:].mean(axis=1) - shuffled[:, :N].mean(axis=1)
    p_perm = (1 + np.count_nonzero(np.abs(null) >= d - 1e-9 * d)) / 10_000
    p_fisher = stats.fisher_exact([[b, N - b], [a, N - a]]).pvalue

    _, _, rng = ab_data()  # the bootstrap samples, as in its section
    boot = (rng.binomial(N, b / N, 9999) - rng.binomial(N, a / N, 9999)) / N
    percentile = quantiles(boot, [0.025, 0.975])
    p_a, p_b = a / N, b / N
    accel = (p_b * (1 - p_b) * (1 - 2 * p_b) - p_a * (1 - p_a) * (1 - 2 * p_a)) / N**2 / (6 * se**3)
    z0 = special.ndtri((np.mean(boot < d) + np.mean(boot <= d)) / 2)
    shifted = z0 + special.ndtri(np.array([0.025, 0.975]))
    bca = quantiles(boot, special.ndtr(z0 + shifted / (1 - accel * shifted)))

    _, _, rng = ab_data()  # the posterior draws, as in their section
    draw_a = rng.beta(a + 1, N - a + 1, 200_000)  # uniform priors
    draws = rng.beta(b + 1, N - b + 1, 200_000) - draw_a
    i = np.arange(b + 1)  # the exact P(p_B > p_A): a finite sum (Beta(a + 1, N − a + 1) for A)
    terms = special.betaln(a + 1 + i, 2 * N - a - b + 2) - np.log(N - b + 1 + i)
    terms -= special.betaln(1 + i, N - b + 1)
    beats = np.exp(special.logsumexp(terms) - special.betaln(a + 1, N - a + 1))
    credible = quantiles(draws, [0.025, 0.975])

    print(f"A: {a}/{N}, B: {b}/{N}, observed B − A = {d:.4f}")
    p_z = stats.norm.sf(z)  # one-sided; z > 0, so the two-sided p is twice it
    print(f"z-test:       z = {z:.3f}, p = {2 * p_z:.4f} two-sided, {p_z:.4f} one-sided")
    print(f"              Wald 95% confidence interval [{wald[0]:.4f}, {wald[1]:.4f}]")
    print(f"permutation:  p = {p_perm:.4f} two-sided from 9999 shuffles; exact (Fisher) {p_fisher:.4f}")
    print(f"bootstrap:    95% percentile [{percentile[0]:.4f}, {percentile[1]:.4f}], "
          f"BCa [{bca[0]:.4f}, {bca[1]:.4f}]")
    print(f"Bayes:        P(p_B > p_A) = {beats:.4f}; 95% credible [{credible[0]:.4f}, {credible[1]:.4f}];")
    print(f"              expected loss of shipping B {100 * np.maximum(-draws, 0).mean():.4f} points")
