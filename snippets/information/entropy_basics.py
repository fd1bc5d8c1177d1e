"""Entropy of a discrete distribution: the average surprise, in bits and in nats."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import entr


def check_distribution(p: np.ndarray, name: str = "p") -> np.ndarray:
    """Return p as a float array; raise ValueError unless it is non-negative and sums to 1."""
    p = np.asarray(p, dtype=float)
    if np.any(p < 0) or not np.allclose(p.sum(axis=-1), 1):
        raise ValueError(f"{name} must be non-negative and sum to 1, got {np.round(p, 4)}")
    return p


def entropy(p: np.ndarray, base: float = np.e) -> np.ndarray:
    """H(p) = -sum p log p (with 0 log 0 = 0), in nats by default; base=2 gives bits."""
    p = check_distribution(p)
    return entr(p).sum(axis=-1) / np.log(base)


if __name__ == "__main__":
    examples = {
        "fair coin": [0.5, 0.5],
        "biased coin (0.9 heads)": [0.9, 0.1],
        "certain outcome": [1.0, 0.0],
        "fair die": np.full(6, 1 / 6),
        "loaded die": [0.5, 0.1, 0.1, 0.1, 0.1, 0.1],
    }
    print("distribution               H in bits   H in nats")
    for name, p in examples.items():
        print(f"{name:25s} {entropy(p, base=2):9.4f} {entropy(p):11.4f}")
    print(f"log2(6) = {np.log2(6):.4f} bits: the most a 6-outcome distribution can have")

    heads = np.linspace(0, 1, 401)
    binary = entropy(np.stack([heads, 1 - heads], axis=1), base=2)
    fig, ax = plt.subplots()
    ax.plot(heads, binary, color="C0", label="H(p) of a coin")
    ax.axhline(1, color="C5", linestyle="--", linewidth=1, label="maximum: 1 bit at p = 0.5")
    ax.set_title("Entropy of a coin as a function of its heads probability")
    ax.set_xlabel("p, probability of heads")
    ax.set_ylabel("entropy (bits)")
    ax.legend(loc="lower center")
    plt.show()
