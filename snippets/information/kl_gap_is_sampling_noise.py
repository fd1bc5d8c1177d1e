"""The KL gap from a sample to its best Poisson fit is sampling noise, unless the model is wrong."""

import numpy as np
from scipy.special import gammaln, rel_entr, xlogy


def poisson_pmf(values: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """P(X = value) for X ~ Poisson(rate), broadcasting values against rates."""
    if np.any(np.asarray(rate) < 0):
        raise ValueError("the Poisson rate must be >= 0")
    return np.exp(xlogy(values, rate) - rate - gammaln(values + 1))


def gap_to_best_poisson(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of counts: KL(p_hat || Poisson(row mean)), the smallest KL to a Poisson, and how many
    distinct values the row has."""
    samples = np.atleast_2d(samples)
    if samples.size == 0 or np.any(samples < 0) or np.any(samples != np.round(samples)):
        raise ValueError("samples must be a non-empty array of whole numbers >= 0")
    rows, n = samples.shape
    values = np.arange(samples.max() + 1)
    cells = samples.astype(int) + values.size * np.arange(rows)[:, None]  # one block of cells per row
    shares = np.bincount(cells.ravel(), minlength=rows * values.size).reshape(rows, -1) / n  # p_hat
    q = poisson_pmf(values, samples.mean(axis=1, keepdims=True))
    return rel_entr(shares, q).sum(axis=1), (shares > 0).sum(axis=1)


if __name__ == "__main__":
    counts = np.random.default_rng(4).poisson(3.2, size=300)  # the 300 counts of the example above
    ours = gap_to_best_poisson(counts)[0][0]
    print(f"the counts above, n = 300: KL(p_hat || best Poisson) = {ours:.4f} nats")

    rng = np.random.default_rng(5)
    repeats = 400
    k = np.arange(200)  # a truth no Poisson fits: negative binomial, mean 3.2, variance 6.4, 1e-30 beyond
    truth = np.exp(gammaln(k + 3.2) - gammaln(3.2) - gammaln(k + 1) + (3.2 + k) * np.log(0.5))
    limit = rel_entr(truth, poisson_pmf(k, 3.2)).sum()  # KL(truth || its closest Poisson, the rate 3.2)
    print(f"{repeats} samples of each size, averages over them:")
    print("         counts drawn from Poisson(3.2)          from the overdispersed truth")
    print("    n      gap   n x gap   distinct values                gap")
    results = {}  # n -> (gaps of Poisson samples, their distinct values, gaps of overdispersed samples)
    for n in (300, 3000):
        gaps, distinct = gap_to_best_poisson(rng.poisson(3.2, size=(repeats, n)))
        wrong = gap_to_best_poisson(rng.negative_binomial(3.2, 0.5, size=(repeats, n)))[0]
        results[n] = gaps, distinct, wrong
        mean = gaps.mean()
        print(f"{n:5d} {mean:8.4f} {n * mean:9.2f} {distinct.mean():17.1f} {wrong.mean():18.4f}")
    share_larger = np.mean(results[300][0] > ours)
    ratio = results[300][0].mean() / results[3000][0].mean()
    print(f"Poisson samples of 300 with a larger gap than the counts above: {share_larger:.0%}")
    print(f"mean gap at n = 300 / mean gap at n = 3000: {ratio:.1f}")
    print(f"overdispersed truth: the gap tends to KL(truth || Poisson(3.2)) = {limit:.4f} nats")
