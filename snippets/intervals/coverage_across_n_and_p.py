"""Simulated coverage of the 95% Wald and Wilson intervals across sample sizes n and true proportions p."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats

Z = stats.norm.ppf(0.975)


def wald_interval(successes: np.ndarray, trials: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95% Wald interval p̂ ± z·sqrt(p̂(1 - p̂)/n), elementwise."""
    p_hat = successes / trials
    half_width = Z * np.sqrt(p_hat * (1 - p_hat) / trials)
    return p_hat - half_width, p_hat + half_width


def wilson_interval(successes: np.ndarray, trials: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson score interval, elementwise."""
    p_hat = successes / trials
    shrink = 1 + Z**2 / trials
    centre = (p_hat + Z**2 / (2 * trials)) / shrink
    half_width = Z / shrink * np.sqrt(p_hat * (1 - p_hat) / trials + Z**2 / (4 * trials**2))
    return centre - half_width, centre + half_width


def simulated_coverage(interval, sizes, probabilities, repetitions: int, rng) -> np.ndarray:
    """Share of `repetitions` simulated experiments whose interval contains p, for every (n, p) pair."""
    n, p = np.asarray(sizes)[:, None, None], np.asarray(probabilities)[None, :, None]
    if repetitions < 1 or np.any(n < 1) or np.any((p < 0) | (p > 1)):
        raise ValueError("need repetitions >= 1, every n >= 1 and every p between 0 and 1")
    successes = rng.binomial(n, p, size=(n.size, p.size, repetitions))
    lower, upper = interval(successes, n)
    return np.mean((lower <= p) & (p <= upper), axis=-1)


if __name__ == "__main__":
    rng = np.random.default_rng(2024)
    sizes, probabilities, repetitions = np.array([10, 30, 100, 300]), np.linspace(0.01, 0.99, 99), 2000
    coverage = {
        name: simulated_coverage(method, sizes, probabilities, repetitions, rng)
        for name, method in [("Wald", wald_interval), ("Wilson", wilson_interval)]
    }
    middle = (probabilities >= 0.1) & (probabilities <= 0.9)
    standard_error = np.sqrt(0.95 * 0.05 / repetitions)
    lowest_p, highest_p = probabilities.min(), probabilities.max()
    print(f"n in {sizes.tolist()}; {probabilities.size} values of p from {lowest_p:.2f} to {highest_p:.2f}")
    print(f"{repetitions} experiments per (n, p); Monte Carlo standard error near 95%: {standard_error:.4f}")
    print("coverage: lowest over all p (all), lowest over 0.1 <= p <= 0.9 (mid), mean over all p")
    print(f"{'':>5}{'---------- Wald ----------':>27}{'--------- Wilson ---------':>27}")
    print(f"{'n':>5}" + f"{'all':>9}{'mid':>9}{'mean':>9}" * 2)
    for row, n in enumerate(sizes):
        values = [(c[row].min(), c[row][middle].min(), c[row].mean()) for c in coverage.values()]
        print(f"{n:>5}" + "".join(f"{v:>9.3f}" for v in np.ravel(values)))

    fig, axes = plt.subplots(2, 2, figsize=(5.5, 4.6), sharex=True, sharey=True, layout="constrained")
    fig.suptitle("Simulated coverage of 95% intervals")
    for row, (ax, n) in enumerate(zip(axes.flat, sizes, strict=True)):  # one panel per n
        for (name, values), colour in zip(coverage.items(), ["C1", "C0"], strict=True):
            ax.plot(probabilities, values[row], color=colour, linewidth=1.2, label=name)
        ax.axhline(0.95, color="C5", linestyle="--", label="promised 95%")
        ax.set_title(f"n = {n}")
        wald = coverage["Wald"][row]
        if wald.min() < 0.5:  # the axis stops at 50%: say where the cut curve goes
            below = probabilities[wald < 0.5]
            exits = [below[below < 0.5].max(), below[below > 0.5].min()]  # where the curve leaves the axis
            ax.scatter(exits, [0.5, 0.5], marker="v", color="C1", clip_on=False, zorder=3)
            # In ink: the orange of the curve is too light for text (under 4.5:1 on white).
            ax.text(0.5, 0.53, f"Wald leaves at ▼,\nfalls to {wald.min():.3f}", ha="center", va="bottom")
    axes[0, 0].set_ylim(0.5, 1.0)
    axes[0, 0].set_xticks([0, 0.5, 1], ["0", "0.5", "1"])  # short labels: adjacent panels' 1 and 0 stay apart
    for ax in axes[1]:
        ax.set_xlabel("true proportion p")
    for ax in axes[:, 0]:
        ax.set_ylabel("coverage")
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside lower center", ncols=3)
    plt.show()
