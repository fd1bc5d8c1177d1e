"""A Gaussian mixture likelihood has no maximum: a component on one point can make it as large as you like."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import logsumexp


def mixture_log_likelihood(
    x: np.ndarray, weights: np.ndarray, means: np.ndarray, sds: np.ndarray
) -> np.ndarray:
    """Log-likelihood of a 1-D Gaussian mixture; sds may hold many settings, one per row."""
    sds = np.atleast_2d(sds)
    if np.any(sds <= 0):
        raise ValueError("standard deviations must be positive")
    if np.any(np.asarray(weights) <= 0) or not np.isclose(np.sum(weights), 1):
        raise ValueError(f"weights must be positive and sum to 1, got {weights}")
    z = (x[:, None] - means) / sds[:, None, :]  # (settings, points, components)
    log_joint = np.log(weights) - 0.5 * z**2 - np.log(sds[:, None, :] * np.sqrt(2 * np.pi))
    return logsumexp(log_joint, axis=2).sum(axis=1)


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    x = np.where(rng.random(80) < 0.5, rng.normal(-2, 1, 80), rng.normal(2, 1, 80))
    weights, means = np.array([0.5, 0.5]), np.array([x.mean(), x[0]])  # component 1 sits on the point x[0]

    log10_sd = np.linspace(0, -30, 300)
    sds = np.stack([np.full_like(log10_sd, x.std()), 10**log10_sd], axis=1)
    profile = mixture_log_likelihood(x, weights, means, sds)
    for exponent in (0, -10, -20, -30):
        ll = mixture_log_likelihood(x, weights, means, np.array([x.std(), 10.0**exponent]))[0]
        print(f"sd of component 1 = 1e{exponent:+03d}: log-likelihood {ll:9.3f}")
    print(f"each factor 10 smaller adds log(10) = {np.log(10):.3f} nats in the limit")

    fig, ax = plt.subplots()
    ax.plot(10**log10_sd, profile, color="C0")
    ax.set_title("Mixture log-likelihood as one component\nshrinks onto a single data point")
    ax.set_xscale("log")
    superscript = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")  # plain text: 10⁻⁵, not mathtext
    powers = range(-5, -31, -5)
    labels = ["1", *("10" + str(k).translate(superscript) for k in powers)]
    ax.set_xticks([1.0, *(10.0**k for k in powers)], labels=labels)
    ax.xaxis.set_minor_locator(plt.NullLocator())
    ax.set_xlabel("standard deviation of the component on the point")
    ax.set_ylabel("log-likelihood (nats)")
    ax.invert_xaxis()
    plt.show()
