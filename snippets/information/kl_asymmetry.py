"""KL is not symmetric: fitting one Gaussian to a two-peaked density by KL(p || q) and by KL(q || p)."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import ndtr


def normal_log_pdf(x: np.ndarray, mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """log N(x; mean, sd^2), broadcasting over all arguments."""
    if np.any(np.asarray(sd) <= 0):
        raise ValueError("standard deviations must be positive")
    return -0.5 * ((x - mean) / sd) ** 2 - np.log(sd * np.sqrt(2 * np.pi))


def two_peaks_log_pdf(x: np.ndarray) -> np.ndarray:
    """log p(x) for p = an equal mixture of N(-2.5, 0.8^2) and N(2.5, 0.8^2)."""
    return np.logaddexp(normal_log_pdf(x, -2.5, 0.8), normal_log_pdf(x, 2.5, 0.8)) + np.log(0.5)


def kl_on_grid(log_p: np.ndarray, log_q: np.ndarray, dx: float) -> np.ndarray:
    """KL(p || q) = integral of p (log p - log q), as a Riemann sum over the last axis with step dx."""
    if dx <= 0:
        raise ValueError(f"the grid step must be positive, got {dx}")
    return (np.exp(log_p) * (log_p - log_q)).sum(axis=-1) * dx


if __name__ == "__main__":
    x = np.linspace(-20, 20, 401)  # step 0.1, wide enough for the tails of the broadest q
    dx = x[1] - x[0]
    log_p = two_peaks_log_pdf(x)

    means, sds = np.linspace(-4, 4, 161), np.linspace(0.4, 4, 73)  # steps 0.05
    log_q = normal_log_pdf(x, means[:, None, None], sds[None, :, None])  # (means, sds, x)
    forward = kl_on_grid(log_p, log_q, dx)  # KL(p || q): penalises q ≈ 0 where p > 0
    reverse = kl_on_grid(log_q, log_p, dx)  # KL(q || p): penalises q > 0 where p ≈ 0
    fits = {}
    for name, kl in [("forward KL(p || q)", forward), ("reverse KL(q || p)", reverse)]:
        i, j = np.unravel_index(np.argmin(kl), kl.shape)
        fits[name] = (means[i], sds[j])
        print(f"minimising {name}: mean {means[i]:+.2f}, sd {sds[j]:.2f}", end="; ")
        print(f"KL(p || q) = {forward[i, j]:.3f}, KL(q || p) = {reverse[i, j]:.3f}")
    print(f"p's own mean and sd, what moment matching gives: +0.00 and {np.sqrt(0.8**2 + 2.5**2):.2f}")
    print(f"log 2 = {np.log(2):.3f}: the reverse KL of a q sitting on one of two equal peaks")
    (mean_f, sd_f), (mean_r, sd_r) = fits.values()
    valley_q = np.exp(normal_log_pdf(0, mean_f, sd_f))
    print(f"density at the valley x = 0: p {np.exp(two_peaks_log_pdf(0)):.4f}, forward fit {valley_q:.4f}")
    mass_right = ndtr(mean_r / sd_r)  # P(X > 0) for X ~ N(mean_r, sd_r^2)
    print(f"reverse fit's probability on x > 0, the other peak's side: {mass_right:.4f}")

    fig, ax = plt.subplots(figsize=(5.5, 4.4), layout="constrained")
    ax.plot(x, np.exp(log_p), color="C5", linewidth=3, label="p: two peaks")
    for (name, (mean, sd)), colour, style in zip(fits.items(), ["C0", "C1"], ["-", "--"], strict=True):
        q = np.exp(normal_log_pdf(x, mean, sd))
        label = f"q minimising {name}".replace("||", "‖")  # the figure writes the double bar ‖
        ax.plot(x, q, color=colour, linestyle=style, label=label)
    ax.set_title("One Gaussian fitted to two peaks:\nforward KL covers, reverse KL picks a peak")
    ax.set_xlim(-8, 8)
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    fig.legend(loc="outside lower center")  # below the axes, off the curves
    plt.show()
