"""Exercise 3: MLE of a normal mean and standard deviation, and why its variance divides by n."""

import numpy as np
from scipy.stats import norm


def normal_mle(samples: np.ndarray) -> tuple[float, float]:
    """MLE (mu_hat, sigma_hat) of a normal sample: the mean, and the root of the mean squared deviation."""
    samples = np.asarray(samples, dtype=float)
    if samples.ndim != 1 or samples.size < 2:
        raise ValueError(f"need a 1-D sample of at least 2 values, got shape {samples.shape}")
    mu_hat = samples.mean()
    return float(mu_hat), float(np.sqrt(np.mean((samples - mu_hat) ** 2)))  # divides by n, not n - 1


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    true_mu, true_sigma, size = 5.0, 2.0, 200
    samples = rng.normal(true_mu, true_sigma, size)
    mu_hat, sigma_hat = normal_mle(samples)
    se_mu, se_sigma = true_sigma / np.sqrt(size), true_sigma / np.sqrt(2 * size)  # large-sample s.e.
    off_mu, off_sigma = (mu_hat - true_mu) / se_mu, (sigma_hat - true_sigma) / se_sigma
    print(f"MLE mean: {mu_hat:.3f} (true {true_mu}, s.e. {se_mu:.3f}, off by {off_mu:+.1f} s.e.)")
    print(f"MLE sd:   {sigma_hat:.3f} (true {true_sigma}, s.e. {se_sigma:.3f}, off by {off_sigma:+.1f} s.e.)")
    print(f"scipy.stats.norm.fit, also MLE: mean {norm.fit(samples)[0]:.3f}, sd {norm.fit(samples)[1]:.3f}")

    sigmas = np.linspace(1.5, 2.5, 1001)  # step 0.001
    log_lik = norm.logpdf(samples[:, None], mu_hat, sigmas).sum(axis=0)
    print(f"sd that maximises the log-likelihood on a grid: {sigmas[np.argmax(log_lik)]:.3f}")
    print(f"sample sd dividing by n - 1 instead:            {samples.std(ddof=1):.3f}")

    small, repeats = 5, 100_000  # tiny samples make the bias of dividing by n visible
    mle_variance = rng.normal(true_mu, true_sigma, size=(repeats, small)).var(axis=1)  # ddof=0: the MLE
    ratio = mle_variance.mean() / true_sigma**2
    mc_error = mle_variance.std() / true_sigma**2 / np.sqrt(repeats)
    print(f"samples of size {small}: average MLE variance / true variance = {ratio:.3f} ± {mc_error:.3f}")
    print(f"theory: (n - 1)/n = {(small - 1) / small}")
