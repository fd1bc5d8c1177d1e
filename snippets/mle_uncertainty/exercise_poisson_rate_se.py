"""Exercise: the standard error of a Poisson rate and of its log, by the delta method and by simulation."""

import numpy as np
from scipy import stats


def rate_and_log_se(total, days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """λ̂ = total/days, s.e.(λ̂) = sqrt(λ̂/days) from the information days/λ, and s.e.(log λ̂) = 1/sqrt(total)."""
    total = np.asarray(total, dtype=float)
    if days < 1 or np.any(total < 1):
        raise ValueError("need days >= 1 and a total of at least 1 (log λ̂ is -∞ for a total of 0)")
    rate = total / days
    return rate, np.sqrt(rate / days), 1 / np.sqrt(total)  # d log λ = dλ / λ


if __name__ == "__main__":
    rng = np.random.default_rng(30)
    rate, days, simulations = 0.4, 30, 50_000  # 0.4 incidents a day, observed for 30 days
    totals = rng.poisson(rate * days, simulations)
    totals = totals[totals > 0]  # a total of 0 has no log rate (a share e^-12 of the experiments)
    estimates = totals / days
    print(f"true rate {rate}/day over {days} days: expected total {rate * days:.0f}")
    print(f"sd of lambda_hat over {totals.size} simulations: {estimates.std(ddof=1):.4f}; "
          f"delta/information at the truth: {np.sqrt(rate / days):.4f}")
    log_sd = np.log(estimates).std(ddof=1)
    print(f"sd of log lambda_hat: {log_sd:.4f}; delta at the truth: {1 / np.sqrt(rate * days):.4f}")
    z = stats.norm.ppf(0.975)
    rate_hat, se, log_se = rate_and_log_se(5, days)  # one month with only 5 incidents
    print(f"5 incidents in 30 days: lambda_hat = {rate_hat:.4f}, s.e. {se:.4f}, "
          f"s.e. of log lambda_hat {log_se:.4f}")
    print(f"  Wald on λ: [{rate_hat - z * se:.4f}, {rate_hat + z * se:.4f}]")
    print(f"  Wald on log λ: [{rate_hat * np.exp(-z * log_se):.4f}, {rate_hat * np.exp(z * log_se):.4f}]")
