"""A profile likelihood interval for a ratio of Poisson rates, against the Wald interval, near ψ = 0."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats
from scipy.special import xlogy

CUT = stats.chi2.ppf(0.95, df=1)


def profile_lr(ratio, count_a, exposure_a, count_b, exposure_b):
    """2[ℓ_p(ψ̂) - ℓ_p(ψ)], ℓ_p(ψ) = max over λ_A of ℓ(λ_A, ψ) = b·log ψ - (a + b)·log(t_A + ψ t_B) + c."""
    ratio = np.asarray(ratio, dtype=float)
    if np.any(ratio <= 0) or exposure_a <= 0 or exposure_b <= 0 or min(count_a, count_b) < 0:
        raise ValueError("need ratios > 0, positive exposures and counts >= 0")
    total = count_a + count_b

    def profile(psi):
        return xlogy(count_b, psi) - total * np.log(exposure_a + psi * exposure_b)

    best = (count_b / exposure_b) / (count_a / exposure_a)
    return 2 * (profile(best) - profile(ratio))


def profile_interval(count_a, exposure_a, count_b, exposure_b, iterations: int = 60):
    """The ψ with profile LR <= 3.84: bisection on log ψ on each side of ψ̂ (counts >= 1)."""
    if count_a < 1 or count_b < 1:
        raise ValueError("this bisection needs both counts >= 1 (with a zero count one end is 0 or ∞)")
    centre = np.log((count_b / exposure_b) / (count_a / exposure_a))
    ends = []
    for far in (centre - 20, centre + 20):  # the statistic grows without bound toward both
        near = centre
        for _ in range(iterations):
            middle = (near + far) / 2
            inside = profile_lr(np.exp(middle), count_a, exposure_a, count_b, exposure_b) <= CUT
            near, far = (middle, far) if inside else (near, middle)
        ends.append(float(np.exp((near + far) / 2)))
    return tuple(ends)


if __name__ == "__main__":
    count_a, count_b, exposure = 20, 4, 1000  # errors in 1000 requests on the old and the new version
    ratio = (count_b / exposure) / (count_a / exposure)  # the MLE ψ̂
    log_se = np.sqrt(1 / count_a + 1 / count_b)  # delta method
    z = np.sqrt(CUT)
    print(f"psi_hat = {ratio:.3f}; s.e. of psi_hat {ratio * log_se:.4f}, of log psi_hat {log_se:.4f}")
    print(f"Wald on ψ:           [{ratio * (1 - z * log_se):.3f}, {ratio * (1 + z * log_se):.3f}]")
    print(f"Wald on log ψ:       [{ratio * np.exp(-z * log_se):.3f}, {ratio * np.exp(z * log_se):.3f}]")
    low, high = profile_interval(count_a, exposure, count_b, exposure)
    print(f"profile likelihood:  [{low:.3f}, {high:.3f}]")

    psi = np.linspace(0.005, 0.8, 400)
    fig, ax = plt.subplots(figsize=(5.0, 4.0), layout="constrained")
    ax.set_title("Rate ratio ψ, 20 errors against 4")
    ax.plot(psi, profile_lr(psi, count_a, exposure, count_b, exposure), color="C0", label="profile LR")
    wide = np.linspace(-0.1, 0.8, 400)  # the parabola knows no boundary at 0
    parabola = ((wide - ratio) / (ratio * log_se)) ** 2
    ax.plot(wide, parabola, color="C1", linestyle="-.", label="Wald's parabola")
    ax.axhline(CUT, color="C5", linestyle="--", label=f"χ²₁ 95% point, {CUT:.2f}")
    ax.axvline(0, color="C5", linewidth=0.8)
    ax.set(xlabel="rate ratio ψ", ylabel="statistic", xlim=(-0.1, 0.8), ylim=(0, 10))
    fig.legend(loc="outside lower center", ncols=2)  # below the axes, off the curves
    plt.show()
