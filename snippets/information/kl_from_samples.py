"""Estimating KL(policy || reference) from samples, as RLHF does: three per-token estimators compared."""

import numpy as np
from scipy.special import log_softmax, rel_entr


def kl_estimates(log_policy: np.ndarray, log_reference: np.ndarray, samples: np.ndarray) -> tuple:
    """Per-sample KL estimators k1, k2, k3 at outcomes drawn from the policy, with r = reference / policy.

    k1 = -log r and k3 = (r - 1) - log r have expectation KL(policy || reference) under the policy;
    k2 = (log r)^2 / 2 does not in general. k2 and k3 are never negative."""
    if log_policy.shape != log_reference.shape:
        raise ValueError("policy and reference must give log-probabilities for the same outcomes")
    if np.any(samples < 0) or np.any(samples >= log_policy.size):
        raise ValueError(f"samples must be outcome indices between 0 and {log_policy.size - 1}")
    log_ratio = log_reference[samples] - log_policy[samples]  # log r
    return -log_ratio, 0.5 * log_ratio**2, np.expm1(log_ratio) - log_ratio


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    tokens = 50  # a toy vocabulary; the policy is a fine-tuned version of the reference
    reference_logits = rng.normal(0, 2, size=tokens)
    log_reference = log_softmax(reference_logits)
    log_policy = log_softmax(reference_logits + rng.normal(0, 0.5, size=tokens))
    policy = np.exp(log_policy)
    exact = rel_entr(policy, np.exp(log_reference)).sum()
    expectations = [policy @ k for k in kl_estimates(log_policy, log_reference, np.arange(tokens))]

    batches, batch_size = 2000, 256  # 2000 repetitions of a batch of 256 sampled tokens
    samples = rng.choice(tokens, size=(batches, batch_size), p=policy)
    k1, k2, k3 = kl_estimates(log_policy, log_reference, samples)
    print(f"exact KL(policy || reference): {exact:.4f} nats")
    print("                      exact         estimates of the batches    negative share")
    print("estimator             expectation   mean (se)           sd      tokens  batches")
    names = ["k1 = -log r", "k2 = (log r)^2 / 2", "k3 = (r - 1) - log r"]
    for name, terms, expectation in zip(names, (k1, k2, k3), expectations, strict=True):
        estimates = terms.mean(axis=1)  # one estimate per batch
        se = estimates.std() / np.sqrt(batches)  # Monte Carlo standard error of their mean
        print(f"{name:21s} {expectation:.4f}        {estimates.mean():.4f} ({se:.5f})", end="")
        print(f"   {estimates.std():.4f}  {np.mean(terms < 0):6.1%}   {np.mean(estimates < 0):6.1%}")
