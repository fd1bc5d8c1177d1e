"""EM for two coins when nobody tells you which coin produced each batch of tosses."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import gammaln, logsumexp, xlogy


def coin_log_joint(heads: np.ndarray, tosses: int, share_a: float, p_a: float, p_b: float) -> np.ndarray:
    """log p(heads_i, coin_i = k) for k = A, B: one row per batch, one column per coin."""
    heads = np.asarray(heads)
    if np.any((heads < 0) | (heads > tosses)):
        raise ValueError(f"every batch must have between 0 and {tosses} heads")
    if not (0 < share_a < 1 and 0 < p_a < 1 and 0 < p_b < 1):
        raise ValueError(f"share_a, p_a, p_b must lie strictly between 0 and 1, got {share_a}, {p_a}, {p_b}")
    h, p = heads[:, None], np.array([p_a, p_b])
    log_choose = gammaln(tosses + 1) - gammaln(h + 1) - gammaln(tosses - h + 1)
    return np.log([share_a, 1 - share_a]) + log_choose + xlogy(h, p) + xlogy(tosses - h, 1 - p)


def two_coin_em(heads: np.ndarray, tosses: int, start: tuple, iterations: int) -> tuple:
    """Run EM; return the path of (share_a, p_a, p_b), one row per iteration, and the log-likelihoods."""
    path, log_likelihoods = [start], []
    for _ in range(iterations):
        log_joint = coin_log_joint(heads, tosses, *path[-1])
        log_evidence = logsumexp(log_joint, axis=1)  # log p(heads_i), the coin summed out
        log_likelihoods.append(log_evidence.sum())
        resp = np.exp(log_joint - log_evidence[:, None])  # E-step: p(coin | heads_i)
        coin_weight = resp.sum(axis=0)  # M-step: weighted heads over weighted tosses
        p_a, p_b = resp.T @ heads / (tosses * coin_weight)
        path.append((coin_weight[0] / len(heads), p_a, p_b))
    log_likelihoods.append(logsumexp(coin_log_joint(heads, tosses, *path[-1]), axis=1).sum())
    return np.array(path), np.array(log_likelihoods)


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    batches, tosses = 30, 20
    true_share_a, true_p = 0.4, np.array([0.8, 0.35])
    coin_is_a = rng.random(batches) < true_share_a  # hidden from EM
    heads = rng.binomial(tosses, np.where(coin_is_a, true_p[0], true_p[1]))

    path, log_lik = two_coin_em(heads, tosses, start=(0.5, 0.55, 0.45), iterations=8)
    print("iter  share_A   p_A     p_B    log-likelihood")
    for step, ((share, p_a, p_b), ll) in enumerate(zip(path, log_lik, strict=True)):
        print(f"{step:4d}  {share:7.3f} {p_a:7.3f} {p_b:7.3f}  {ll:12.4f}")

    known_share = coin_is_a.mean()  # the MLE when the labels are known
    known_p = np.array([heads[coin_is_a].mean(), heads[~coin_is_a].mean()]) / tosses
    print(f"labels known: share_A = {known_share:.3f}, p_A = {known_p[0]:.3f}, p_B = {known_p[1]:.3f}")
    print(f"truth:        share_A = {true_share_a}, p_A = {true_p[0]}, p_B = {true_p[1]}")

    fig, ax = plt.subplots(figsize=(5.5, 4.6), layout="constrained")
    names = ["heads probability of coin A", "heads probability of coin B", "share of coin A"]
    for column, name, colour in zip([1, 2, 0], names, ["C0", "C1", "C2"], strict=True):
        ax.plot(path[:, column], marker="o", color=colour, label=f"EM: {name}")
    for value, colour in [(known_p[0], "C0"), (known_p[1], "C1"), (known_share, "C2")]:
        ax.axhline(value, color=colour, linestyle="--", linewidth=1)
    ax.set_title("EM path of the two-coin parameters\n(dashed: MLE with labels known)")
    ax.set_xlabel("EM iteration")
    ax.set_ylabel("parameter value")
    ax.margins(y=0.12)  # room under coin B's dip at iteration 2, so its dot clears the axis
    fig.legend(loc="outside lower center")  # below the axes, off the paths
    plt.show()
