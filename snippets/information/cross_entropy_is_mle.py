"""Minimising the cross-entropy from the data to a model is maximum likelihood: a Poisson example."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import entr, gammaln, xlogy


def poisson_log_pmf(values: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """log P(X = value) for X ~ Poisson(rate), broadcasting values against rates."""
    if np.any(np.asarray(rate) <= 0):
        raise ValueError("the Poisson rate must be positive")
    return xlogy(values, rate) - rate - gammaln(values + 1)


def empirical_distribution(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values seen and the share of the sample at each: p_hat."""
    counts = np.asarray(counts)
    if counts.size == 0 or np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise ValueError("counts must be a non-empty array of whole numbers >= 0")
    values, times = np.unique(counts, return_counts=True)
    return values, times / counts.size


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    counts = rng.poisson(3.2, size=300)
    values, p_hat = empirical_distribution(counts)
    rates = np.linspace(1.5, 6, 451)  # step 0.01

    mean_nll = -poisson_log_pmf(counts[:, None], rates).mean(axis=0)  # -(1/n) sum log q(x_i)
    cross_entropy = -(p_hat[:, None] * poisson_log_pmf(values[:, None], rates)).sum(axis=0)  # H(p_hat, q)
    data_entropy = entr(p_hat).sum()  # H(p_hat): does not depend on the model
    best = rates[np.argmin(cross_entropy)]
    kl_at_best = cross_entropy.min() - data_entropy

    print(
        f"largest |mean negative log-likelihood - H(p_hat, q)| over the grid: "
        f"{np.abs(mean_nll - cross_entropy).max():.1e}"
    )
    print(f"rate minimising the cross-entropy (grid step 0.01): {best:.2f}")
    print(f"Poisson MLE, the sample mean:                       {counts.mean():.4f}")
    print(f"H(p_hat) = {data_entropy:.4f} nats; smallest H(p_hat, q) = {cross_entropy.min():.4f} nats")
    print(f"so the smallest KL(p_hat || q), the gap to the floor H(p_hat), is {kl_at_best:.4f} nats")

    fig, ax = plt.subplots(figsize=(5.5, 4.8), layout="constrained")
    ax.plot(rates, cross_entropy, color="C0", label="H(p̂, q), computed from p̂")
    every = slice(0, None, 25)  # markers at every 25th rate, so that the line under them stays visible
    nll_label = "mean negative log-likelihood of the counts"
    ax.plot(rates[every], mean_nll[every], "o", color="C2", label=nll_label)
    ax.axhline(
        data_entropy, color="C5", linestyle="--", label="H(p̂): the floor, reached only by q = p̂"
    )
    ax.axvline(counts.mean(), color="C1", linewidth=1, label="MLE: the sample mean")
    ax.set_title("Cross-entropy from 300 counts to a Poisson model,\nas a function of its rate")
    ax.set_xlabel("rate λ of the Poisson model")
    ax.set_ylabel("nats per observation")
    fig.legend(loc="outside lower center")  # below the axes, off the curves
    plt.show()
