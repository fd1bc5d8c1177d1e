"""As tosses accumulate, the MAP estimate (Beta(5, 5) prior) and the MLE become the same number."""

import matplotlib.pyplot as plt
import numpy as np


def mle_and_map(heads: np.ndarray, tosses: np.ndarray, a: float, b: float) -> tuple[np.ndarray, np.ndarray]:
    """MLE k/n and Beta(a, b) posterior mode (k + a - 1) / (n + a + b - 2), elementwise (a, b >= 1)."""
    heads, tosses = np.asarray(heads), np.asarray(tosses)
    if np.any(tosses < 1) or np.any((heads < 0) | (heads > tosses)):
        raise ValueError("need at least one toss and 0 <= heads <= tosses for every entry")
    if a < 1 or b < 1:
        raise ValueError(f"the posterior-mode formula needs a >= 1 and b >= 1, got a={a}, b={b}")
    return heads / tosses, (heads + a - 1) / (tosses + a + b - 2)


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    true_p, a, b = 0.8, 5, 5
    tosses = rng.random(3000) < true_p  # one long run of tosses; we look at its first n
    sizes = np.array([3, 10, 30, 100, 300, 1000, 3000])
    heads = np.cumsum(tosses)[sizes - 1]
    p_mle, p_map = mle_and_map(heads, sizes, a, b)
    gap = np.abs(p_map - p_mle)

    print(f"coin with true p = {true_p}, prior Beta({a}, {b})")
    print("    n  heads    MLE    MAP  |MAP-MLE|  bound 4/(n+8)")
    for row in zip(sizes, heads, p_mle, p_map, gap, strict=True):
        print("{:5d}  {:5d}  {:.3f}  {:.3f}  {:9.4f}  {:13.4f}".format(*row, 4 / (row[0] + 8)))

    fig, ax = plt.subplots(figsize=(5.5, 4.4), layout="constrained")
    ax.plot(sizes, p_mle, "o-", color="C1", label="MLE k/n")
    ax.plot(sizes, p_map, "s-", color="C0", label=f"MAP, Beta({a}, {b}) prior")
    ax.axhline(true_p, color="C2", linestyle="--", label=f"true p = {true_p}")
    ax.axhline(a / (a + b), color="C5", linestyle=":", label="prior mean 0.5")
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter("{x:g}")  # 10, 100, 1000: no small exponents
    ax.set_title("The prior's pull fades as data accumulate")
    ax.set_xlabel("number of tosses n (log scale)")
    ax.set_ylabel("estimate of p")
    fig.legend(loc="outside lower center", ncols=2)  # below the axes, off the data
    plt.show()
