"""Bonferroni versus Benjamini–Hochberg on 20 tests, 5 of them real effects: errors and discoveries."""

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats


def check_p_values(p_values: np.ndarray, alpha: float) -> np.ndarray:
    """Return p_values as an array, or raise ValueError if a p-value or alpha is out of range."""
    p_values = np.asarray(p_values, dtype=float)
    if p_values.ndim == 0 or p_values.shape[-1] == 0 or np.any((p_values < 0) | (p_values > 1)):
        raise ValueError("p_values must be a non-empty array of numbers between 0 and 1")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be strictly between 0 and 1, got alpha={alpha}")
    return p_values


def bonferroni_reject(p_values: np.ndarray, alpha: float = 0.05) -> np.ndarray:
    """Reject where p <= alpha / m, m = number of tests in the family (last axis)."""
    p_values = check_p_values(p_values, alpha)
    return p_values <= alpha / p_values.shape[-1]


def benjamini_hochberg_reject(p_values: np.ndarray, alpha: float = 0.05) -> np.ndarray:
    """Step-up BH: sort p_(1) <= ... <= p_(m); reject the k smallest, k = max{i : p_(i) <= i·alpha/m}."""
    p_values = check_p_values(p_values, alpha)
    m = p_values.shape[-1]
    ordered = np.sort(p_values, axis=-1)
    passes = ordered <= alpha * np.arange(1, m + 1) / m
    k = np.where(passes.any(axis=-1), m - np.argmax(passes[..., ::-1], axis=-1), 0)
    largest_rejected = np.take_along_axis(ordered, np.maximum(k - 1, 0)[..., None], axis=-1)
    return (p_values <= largest_rejected) & (k[..., None] > 0)


if __name__ == "__main__":
    rng = np.random.default_rng(99)
    families, nulls, effects, shift, alpha = 20_000, 15, 5, 3.0, 0.05
    is_real = np.r_[np.zeros(nulls, bool), np.ones(effects, bool)]
    z = rng.standard_normal((families, nulls + effects)) + shift * is_real  # real effects sit 3 s.e. away
    p_values = 2 * stats.norm.sf(np.abs(z))
    results, fdr_standard_error = {}, {}
    print(f"{families} families of {nulls + effects} tests: {nulls} true nulls, {effects} real effects")
    print(f"{'method':<22}{'FWER':>8}{'FDR':>8}{'power':>8}")
    for name, rejected in [
        ("no correction", p_values < alpha),
        ("Bonferroni", bonferroni_reject(p_values, alpha)),
        ("Benjamini–Hochberg", benjamini_hochberg_reject(p_values, alpha)),
    ]:
        false = np.sum(rejected & ~is_real, axis=1)
        fdp = false / np.maximum(rejected.sum(axis=1), 1)  # false discovery proportion, 0 if nothing rejected
        results[name] = (np.mean(false > 0), fdp.mean(), np.mean(rejected[:, is_real]))
        fdr_standard_error[name] = fdp.std() / np.sqrt(families)
        print(f"{name:<22}" + "".join(f"{value:>8.4f}" for value in results[name]))
    bound = alpha * nulls / (nulls + effects)
    print(f"alpha = {alpha}; independent tests: BH's FDR = alpha·{nulls}/{nulls + effects} = {bound:.4f}")
    print(f"Monte Carlo standard error of the BH FDR: {fdr_standard_error['Benjamini–Hochberg']:.4f}")

    fig, ax = plt.subplots(figsize=(5.5, 4.6), layout="constrained")
    width = 0.27
    for offset, (colour, (name, values)) in enumerate(zip(["C1", "C0", "C2"], results.items(), strict=True)):
        ax.bar(np.arange(3) + (offset - 1) * width, values, width=width, color=colour, label=name)
    span = 1.5 * width + 0.05  # a target line covers its own bar group only, not the power group
    alpha_label, bound_label = f"α = {alpha}", f"BH bound {bound:.4f}"
    # the targets are drawn over the bars (zorder 3), in ink and purple, neither a bar's colour
    starts, ends = [-span, 1 - span], [span, 1 + span]
    ax.hlines([alpha] * 2, starts, ends, color="k", ls="--", lw=1.5, zorder=3, label=alpha_label)
    ax.hlines(bound, 1 - span, 1 + span, color="C3", ls=":", lw=3, zorder=3, label=bound_label)
    ax.set_xticks([0, 1, 2], ["FWER\nany false alarm", "FDR\nfalse share", "power\neffects found"])
    ax.set_ylim(0, 1.05)
    ax.set_title("20 tests, 5 real effects")
    ax.set_ylabel("rate over families")
    handles, labels = ax.get_legend_handles_labels()
    order = [labels.index(name) for name in [*results, alpha_label, bound_label]]  # bars, then targets
    fig.legend([handles[i] for i in order], [labels[i] for i in order], loc="outside lower center", ncols=2)
    plt.show()
