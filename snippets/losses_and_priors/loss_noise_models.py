"""Regression losses are negative log-densities: squared ↔ Gaussian, absolute ↔ Laplace, Huber ↔ a mix."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import laplace, norm


def huber_loss(residuals: np.ndarray, delta: float = 1.0) -> np.ndarray:
    """½r² for |r| ≤ delta, delta·(|r| - ½delta) beyond: quadratic core, linear tails, smooth at ±delta."""
    if delta <= 0:
        raise ValueError(f"delta must be positive, got delta={delta}")
    r = np.abs(np.asarray(residuals, dtype=float))
    return np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))


def huber_density(residuals: np.ndarray, delta: float = 1.0) -> np.ndarray:
    """exp(-huber_loss) / Z: Gaussian in the middle, Laplace-like tails; Z computed in closed form."""
    normaliser = np.sqrt(2 * np.pi) * (2 * norm.cdf(delta) - 1) + 2 * np.exp(-0.5 * delta**2) / delta
    return np.exp(-huber_loss(residuals, delta)) / normaliser


def huber_tail_probability(threshold: float, delta: float = 1.0) -> float:
    """P(|ε| > threshold) under the Huber density, for threshold ≥ delta."""
    if threshold < delta:
        raise ValueError(f"threshold must be at least delta, got threshold={threshold}, delta={delta}")
    return 2 * huber_density(threshold, delta) / delta  # ∫ exp(-delta·r) tail in closed form


if __name__ == "__main__":
    r = np.linspace(-5, 5, 201)
    densities = {
        "Gaussian N(0, 1)": ("C0", "-", norm.pdf(r)),
        "Laplace, scale 1": ("C1", "-", laplace.pdf(r)),
        "Huber density, δ = 1": ("C2", "--", huber_density(r)),
    }
    fig, ((losses, linear), (logs, key)) = plt.subplots(2, 2, figsize=(5.5, 5.4), layout="constrained")
    fig.suptitle("Regression losses are negative log-densities\nof noise models, up to a constant")
    losses.plot(r, 0.5 * r**2, color="C0", label="squared: ½r²")
    losses.plot(r, np.abs(r), color="C1", label="absolute: |r|")
    losses.plot(r, huber_loss(r), "--", color="C2", label="Huber, δ = 1")
    losses.set(xlabel="residual r", ylabel="loss", ylim=(0, 6), title="losses")
    for label, (colour, line, density) in densities.items():
        linear.plot(r, density, line, color=colour, label=label)
        logs.plot(r, np.log(density), line, color=colour, label=label)
    linear.set(xlabel="noise value ε", ylabel="density p(ε)", title="noise densities")
    logs.set(xlabel="noise value ε", ylabel="log p(ε)", ylim=(-8, 0), title="log densities (tails)")
    for ax in (losses, linear, logs):
        ax.set_xticks(range(-4, 5, 2))  # few ticks keep the figure light
        ax.locator_params(axis="y", nbins=5)
    # One key for the three panels: each loss and its noise model share a colour and a line style.
    loss_labels = [line.get_label() for line in losses.get_lines()]
    pairs = [f"{loss}\n↔ {density}" for loss, density in zip(loss_labels, densities, strict=True)]
    key.legend(linear.get_lines(), pairs, loc="center", title="loss ↔ noise model", labelspacing=1.0)
    key.axis("off")

    print("probability that the noise exceeds 4 in absolute value:")
    print(f"  Gaussian: {2 * norm.sf(4):.1e}   Laplace: {2 * laplace.sf(4):.1e}", end="")
    print(f"   Huber: {huber_tail_probability(4):.1e}")
    plt.show()
