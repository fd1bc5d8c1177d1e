"""Exercise: Fisher information of Bernoulli(p) data; the sample proportion attains the Cramér–Rao bound."""

import numpy as np


def bernoulli_fisher_information(p: float, n: int) -> float:
    """I_n(p) = n / (p(1 - p)): n times the variance of one observation's score x/p - (1 - x)/(1 - p)."""
    if not 0 < p < 1 or n < 1:
        raise ValueError(f"need 0 < p < 1 and n ≥ 1, got p={p}, n={n}")
    return n / (p * (1 - p))


if __name__ == "__main__":
    rng = np.random.default_rng(9)
    p, repetitions = 0.3, 200_000
    print(f"p = {p}, {repetitions} simulated data sets per n")
    header = f"{'n':>5} {'I_n(p)':>8} {'var(score)':>11} {'CRB 1/I_n':>10} {'var(p̂)':>9}"
    print(f"{header} {'ratio':>6} {'± MC s.e.':>9}")
    ratios, errors = {}, {}
    for n in (20, 100, 500):
        heads = rng.binomial(n, p, size=repetitions)  # Σx for each data set is all the score needs
        score = heads / p - (n - heads) / (1 - p)  # d/dp of the log-likelihood, at the true p
        bound = 1 / bernoulli_fisher_information(p, n)
        squared_deviations = (heads / n - np.mean(heads / n)) ** 2  # their mean is the variance of p̂
        ratios[n] = np.var(heads / n, ddof=1) / bound
        errors[n] = squared_deviations.std(ddof=1) / np.sqrt(repetitions) / bound  # s.e. of that ratio
        print(
            f"{n:>5} {bernoulli_fisher_information(p, n):>8.1f} {np.var(score, ddof=1):>11.1f} "
            f"{bound:>10.6f} {np.var(heads / n, ddof=1):>9.6f} {ratios[n]:>6.3f} {errors[n]:>9.3f}"
        )
