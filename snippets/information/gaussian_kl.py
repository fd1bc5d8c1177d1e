"""Exercise solution: the KL divergence between two Gaussians, in closed form and by numerical integration."""

import numpy as np


def gaussian_kl(mean_p: float, sd_p: float, mean_q: float, sd_q: float) -> float:
    """KL(N(mean_p, sd_p^2) || N(mean_q, sd_q^2)) in nats, in closed form."""
    if sd_p <= 0 or sd_q <= 0:
        raise ValueError(f"standard deviations must be positive, got sd_p={sd_p}, sd_q={sd_q}")
    return np.log(sd_q / sd_p) + (sd_p**2 + (mean_p - mean_q) ** 2) / (2 * sd_q**2) - 0.5


def gaussian_kl_numeric(mean_p: float, sd_p: float, mean_q: float, sd_q: float, points: int = 20001) -> float:
    """The same KL as a Riemann sum of p (log p - log q) over +-12 sd around p's mean."""
    x = np.linspace(mean_p - 12 * sd_p, mean_p + 12 * sd_p, points)
    log_p = -0.5 * ((x - mean_p) / sd_p) ** 2 - np.log(sd_p * np.sqrt(2 * np.pi))
    log_q = -0.5 * ((x - mean_q) / sd_q) ** 2 - np.log(sd_q * np.sqrt(2 * np.pi))
    return float(np.sum(np.exp(log_p) * (log_p - log_q)) * (x[1] - x[0]))


if __name__ == "__main__":
    cases = [((0.0, 1.0), (1.0, 2.0)), ((1.0, 2.0), (0.0, 1.0)), ((0.5, 0.6), (0.0, 1.0))]
    print("p              q              closed form   numerical")
    for (mp, sp), (mq, sq) in cases:
        exact, numeric = gaussian_kl(mp, sp, mq, sq), gaussian_kl_numeric(mp, sp, mq, sq)
        print(f"N({mp}, {sp}^2)  N({mq}, {sq}^2)  {exact:11.6f} {numeric:11.6f}")
    mean, sd = 0.5, 0.6  # a VAE encoder output, against the standard normal prior
    print(f"VAE form 0.5 (mean^2 + sd^2 - 1 - log sd^2) = {0.5 * (mean**2 + sd**2 - 1 - np.log(sd**2)):.6f}")
