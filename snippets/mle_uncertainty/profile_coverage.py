"""Coverage of Wald and profile likelihood intervals for a ratio of Poisson rates as ψ nears 0."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats

CUT = stats.chi2.ppf(0.95, df=1)


def interval_table(largest: int, iterations: int = 60) -> dict[str, np.ndarray]:
    """(lower, upper) of three 95% intervals for ψ = λ_B/λ_A, equal exposures, every count pair 1..largest."""
    if largest < 1:
        raise ValueError(f"largest must be at least 1, got {largest}")
    a, b = np.meshgrid(np.arange(1, largest + 1), np.arange(1, largest + 1), indexing="ij")
    ratio, log_se, z = b / a, np.sqrt(1 / a + 1 / b), np.sqrt(CUT)

    def profile_lr(log_psi):  # 2[ℓ_p(ψ̂) - ℓ_p(ψ)] on the log scale, ℓ_p(ψ) = b log ψ - (a + b) log(1 + ψ)
        def profile(u):
            return b * u - (a + b) * np.logaddexp(0, u)
        return 2 * (profile(np.log(ratio)) - profile(log_psi))

    ends = []
    for step in (-20, 20):  # bisection on log ψ, all count pairs at once, below and above ψ̂
        near, far = np.log(ratio), np.log(ratio) + step
        for _ in range(iterations):
            middle = (near + far) / 2
            inside = profile_lr(middle) <= CUT
            near, far = np.where(inside, middle, near), np.where(inside, far, middle)
        ends.append(np.exp((near + far) / 2))
    return {
        "Wald on ψ": (ratio * (1 - z * log_se), ratio * (1 + z * log_se)),
        "Wald on log ψ": (ratio * np.exp(-z * log_se), ratio * np.exp(z * log_se)),
        "profile": tuple(ends),
    }


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    expected_a, experiments = 20.0, 4000  # old version: 20 errors expected; new: 20ψ
    ratios = np.linspace(0.1, 1.0, 46)
    count_a = rng.poisson(expected_a, size=(ratios.size, experiments))
    count_b = rng.poisson(expected_a * ratios[:, None], size=(ratios.size, experiments))
    usable = (count_a > 0) & (count_b > 0)  # with a zero count the Wald intervals do not exist
    table = interval_table(int(max(count_a.max(), count_b.max())))
    left_out = 1 - usable.mean(axis=1).min()  # largest share of experiments with a zero count
    print(f"{experiments} experiments per ψ; left out for a zero count: at most {left_out:.3f}")
    print("mean coverage over ψ <= 0.3 and over ψ > 0.3, and the misses at ψ <= 0.3 by side:")
    print("'ψ above': the whole interval lies below ψ; 'ψ below': it lies above ψ")
    print(f"{'interval':<14}{'<= 0.3':>9}{'> 0.3':>9}{'ψ above':>9}{'ψ below':>9}")
    fig, ax = plt.subplots(figsize=(5.0, 3.4))
    ax.set_title("Coverage of 95% intervals for a rate ratio")
    for i, (name, (low, high)) in enumerate(table.items()):
        a, b = np.maximum(count_a, 1) - 1, np.maximum(count_b, 1) - 1  # table rows start at count 1
        above, below = ratios[:, None] > high[a, b], ratios[:, None] < low[a, b]  # the two ways to miss
        share = {side: np.sum(miss & usable, axis=1) / np.sum(usable, axis=1)
                 for side, miss in (("above", above), ("below", below))}
        coverage, near = 1 - share["above"] - share["below"], ratios <= 0.3
        print(f"{name:<14}{coverage[near].mean():>9.3f}{coverage[~near].mean():>9.3f}"
              f"{share['above'][near].mean():>9.3f}{share['below'][near].mean():>9.3f}")
        ax.plot(ratios, coverage, color=f"C{i}", linewidth=1.2, label=name)
    ax.axhline(0.95, color="C5", linestyle="--", label="promised 95%")
    ax.set(xlabel="true rate ratio ψ, new version over old", ylabel="coverage", ylim=(0.85, 1))
    ax.legend(loc="lower right")
    plt.show()
