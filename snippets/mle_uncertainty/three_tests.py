"""Wald, score and likelihood-ratio statistics for a Poisson rate, H₀: λ = λ₀: when they agree."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats
from scipy.special import xlogy


def three_statistics(total, n: int, rate_0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Wald, score and LR statistics for n Poisson counts summing to `total`, at H₀: λ = rate_0."""
    total, rate_0 = np.asarray(total, dtype=float), np.asarray(rate_0, dtype=float)
    if n < 1 or np.any(total < 0) or np.any(rate_0 <= 0):
        raise ValueError("need n >= 1 counts, a total >= 0 and a positive rate under H0")
    rate = total / n  # the MLE λ̂
    with np.errstate(divide="ignore"):  # Wald divides by λ̂, which is 0 when every count is 0
        wald = n * (rate - rate_0) ** 2 / rate  # curvature at the MLE: information n/λ̂
    score = n * (rate - rate_0) ** 2 / rate_0  # slope and curvature at H₀: information n/λ₀
    lr = 2 * (xlogy(total, rate / rate_0) - n * (rate - rate_0))  # 2[ℓ(λ̂) - ℓ(λ₀)]
    return wald, score, lr


if __name__ == "__main__":
    cut = stats.chi2.ppf(0.95, df=1)
    print(f"reject H0 at 5% when a statistic exceeds the χ²₁ 95% point, {cut:.2f}")
    print(f"{'n':>5} {'lambda_hat':>10} {'λ₀':>4} {'Wald':>8} {'score':>8} {'LR':>8}", end="")
    print("   p-values (Wald, score, LR)")
    for n, total, rate_0 in [(1000, 2050, 2.0), (10, 25, 2.0), (10, 30, 2.0), (10, 45, 2.0), (10, 8, 2.0)]:
        found = three_statistics(total, n, rate_0)
        p = [stats.chi2.sf(s, df=1) for s in found]
        print(f"{n:>5} {total / n:>10.3f} {rate_0:>4} " + "".join(f"{float(s):>9.3f}" for s in found)
              + "   " + ", ".join(f"{q:.2g}" for q in p))

    n, total = 10, 30  # ten days, 30 errors in all: λ̂ = 3
    rates = np.linspace(1.0, 6.0, 300)  # every curve leaves through the top of the axes at both ends
    fig, ax = plt.subplots(figsize=(5.0, 3.6), layout="constrained")
    ax.set_title("Three test statistics for 30 errors in 10 days")
    curves = zip(["Wald", "score", "LR"], three_statistics(total, n, rates), strict=True)
    for i, (name, values) in enumerate(curves):
        ax.plot(rates, values, color=f"C{i}", label=name)
    ax.axhline(cut, color="C5", linestyle="--", label=f"χ²₁ 95% point, {cut:.2f}")
    ax.set(xlabel="rate λ₀ under H₀ (errors per day)", ylabel="statistic", xlim=(1, 6), ylim=(0, 12))
    fig.legend(loc="outside lower center", ncol=4)  # below the axes: the curves fill them
    plt.show()
