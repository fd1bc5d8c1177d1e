"""Estimating KL(policy || reference) from samples, as RLHF does: two unbiased estimators compared."""

import numpy as np
from scipy.special import log_softmax, rel_entr


def kl_estimates(log_policy: np.ndarray, log_reference: np.ndarray, samples: np.ndarray) -> tuple:
    """Per-sample KL estimators at outcomes drawn from the policy.

    k1 = log(policy / reference), the plain log-ratio; k3 = (r - 1) - log r with r = reference / policy.
    Both have expectation KL(policy || reference) under the policy; k3 is never negative."""
    if log_policy.shape != log_reference.shape:
        raise ValueError("policy and reference must give log-probabilities for the same outcomes")
    if np.any(samples < 0) or np.any(samples >= log_policy.size):
        raise ValueError(f"samples must be outcome indices between 0 and {log_policy.size - 1}")
    log_ratio = log_reference[samples] - log_policy[samples]  # log r
    return -log_ratio, np.expm1(log_ratio) - log_ratio


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    tokens = 50  # a toy vocabulary; the policy is a fine-tuned version of the reference
    reference_logits = rng.normal(0, 2, size=tokens)
    log_reference = log_softmax(reference_logits)
    log_policy = log_softmax(reference_logits + rng.normal(0, 0.5, size=tokens))
    exact = rel_entr(np.exp(log_policy), np.exp(log_reference)).sum()

    batches, batch_size = 2000, 256  # 2000 repetitions of a batch of 256 sampled tokens
    samples = rng.choice(tokens, size=(batches, batch_size), p=np.exp(log_policy))
    k1, k3 = kl_estimates(log_policy, log_reference, samples)
    print(f"exact KL(policy || reference): {exact:.4f} nats")
    for name, terms in [("k1 = log-ratio", k1), ("k3 = (r - 1) - log r", k3)]:
        estimates = terms.mean(axis=1)  # one estimate per batch
        print(f"{name}: mean over batches {estimates.mean():.4f}, sd across batches {estimates.std():.4f}")
        negative_terms, negative_batches = np.mean(terms < 0), np.mean(estimates < 0)
        print(
            f"    negative single terms {negative_terms:.1%}, negative batch estimates {negative_batches:.1%}"
        )
