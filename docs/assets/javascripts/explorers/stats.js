// The statistics behind the explorers, in plain JavaScript (no dependencies).
// Every function here is checked against scipy by tests/browser/test_explorers.py.

const LN_SQRT_2PI = 0.9189385332046728; // ln(sqrt(2 pi))
const SQRT2 = Math.SQRT2;
const SQRT_PI = 1.7724538509055159;

// --- gamma and beta functions ---------------------------------------------------------

// Lanczos approximation, g = 7, nine coefficients: relative error about 1e-15.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x) {
  if (!(x > 0)) return Number.NaN;
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i += 1) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

// Stirling's correction ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], for x ≥ 20 (error < 2e-15).
function stirlingCorrection(x) {
  const r = 1 / (x * x);
  return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r / 1680))) / x;
}

/** ln B(a, b). */
export function logBeta(a, b) {
  const small = Math.min(a, b);
  const big = Math.max(a, b);
  if (big < 20) return logGamma(a) + logGamma(b) - logGamma(a + b);
  // ln Γ(big) − ln Γ(small + big) without subtracting two large numbers.
  const difference =
    -(big - 0.5) * Math.log1p(small / big) -
    small * Math.log(small + big) +
    small +
    stirlingCorrection(big) -
    stirlingCorrection(small + big);
  return logGamma(small) + difference;
}

/** ln of the Beta(a, b) density at x, computed in log space (±Infinity at the edges). */
export function betaLogPdf(x, a, b) {
  if (x < 0 || x > 1) return -Infinity;
  const norm = logBeta(a, b);
  if (x === 0) {
    if (a < 1) return Infinity;
    return a === 1 ? Math.log(b) : -Infinity; // B(1, b) = 1 / b
  }
  if (x === 1) {
    if (b < 1) return Infinity;
    return b === 1 ? Math.log(a) : -Infinity;
  }
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - norm;
}

/** The Beta(a, b) density at x. */
export function betaPdf(x, a, b) {
  return Math.exp(betaLogPdf(x, a, b));
}

// Continued fraction for the incomplete beta function, evaluated by the modified
// Lentz method (Numerical Recipes, betacf). Converges fast for x < (a + 1) / (a + b + 2).
function betaContinuedFraction(a, b, x) {
  const TINY = 1e-300;
  const EPS = 1e-16;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m += 1) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b): the Beta(a, b) CDF at x. */
export function betaCdf(x, a, b) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    return (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a;
  }
  return 1 - (Math.exp(logFront) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * The q-quantile of Beta(a, b): solves I_x(a, b) = q by safeguarded Newton steps
 * (the density is the derivative) inside a bracket that bisection keeps shrinking.
 */
export function betaQuantile(q, a, b) {
  if (!(q > 0)) return 0;
  if (!(q < 1)) return 1;
  // Solve in the tail that is smaller, where the answer has full relative precision.
  if (q > 0.5) return 1 - betaQuantileLower(1 - q, b, a);
  return betaQuantileLower(q, a, b);
}

function betaQuantileLower(q, a, b) {
  let lo = 0;
  let hi = 1;
  let x = betaQuantileGuess(q, a, b);
  if (!(x > 0 && x < 1)) x = 0.5;
  const logNorm = logBeta(a, b);
  for (let iteration = 0; iteration < 400; iteration += 1) {
    const f = betaCdf(x, a, b) - q;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const logDensity = (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logNorm;
    let next = x - f / Math.exp(logDensity);
    if (!(next > lo && next < hi)) {
      // Newton left the bracket: bisect (geometrically while the bracket spans decades).
      next = lo > 0 && hi / lo > 4 ? Math.sqrt(lo * hi) : lo === 0 ? hi / 16 : 0.5 * (lo + hi);
      if (lo === 0 && hi < 1e-300) return hi;
    }
    if (Math.abs(next - x) <= 1e-15 * Math.max(x, Number.MIN_VALUE) || next === x) return next;
    x = next;
  }
  return x;
}

// Starting point (Numerical Recipes, invbetai): a normal approximation when both
// shapes are at least 1, otherwise the leading term of the series in each tail.
function betaQuantileGuess(q, a, b) {
  if (a >= 1 && b >= 1) {
    const pp = q < 0.5 ? q : 1 - q;
    const t = Math.sqrt(-2 * Math.log(pp));
    let x = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (q < 0.5) x = -x;
    const al = (x * x - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (x * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    return a / (a + b * Math.exp(2 * w));
  }
  const lna = Math.log(a / (a + b));
  const lnb = Math.log(b / (a + b));
  const t = Math.exp(a * lna) / a;
  const u = Math.exp(b * lnb) / b;
  const w = t + u;
  if (q < t / w) return (a * w * q) ** (1 / a);
  return 1 - (b * w * (1 - q)) ** (1 / b);
}

// --- the normal distribution ------------------------------------------------------------

// erf by its everywhere-positive series, erf x = 2/√π e^(−x²) Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)).
function erfSeries(x) {
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 500; n += 1) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return ((2 / SQRT_PI) * Math.exp(-x2) * sum);
}

// The continued fraction of erfc (Lentz), for x ≥ 0.5 (under 800 terms):
// erfc x = e^(−x²)/√π · 1/F(x), F(x) = x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))).
// F never underflows, so ln erfc x = −x² − ln √π − ln F(x) holds however far out x is.
function erfcFraction(x) {
  const TINY = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 5000; n += 1) {
    const an = n / 2;
    d = x + an * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = x + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = c * d;
    f *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return f;
}

/** The complementary error function, accurate in relative terms far into the tail. */
export function erfc(x) {
  if (Number.isNaN(x)) return x;
  if (x < 0) return 2 - erfc(-x);
  if (x < 0.5) return 1 - erfSeries(x);
  if (x > 27.3) return 0; // below the smallest double
  return Math.exp(-x * x) / SQRT_PI / erfcFraction(x);
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z) {
  return 0.5 * erfc(-z / SQRT2);
}

/** Standard normal upper tail 1 − Φ(z) = Φ(−z). */
export function normalSf(z) {
  return 0.5 * erfc(z / SQRT2);
}

/**
 * ln(1 − Φ(z)), the log of the upper tail, accurate in relative terms however far out z
 * is (1 − Φ(z) itself underflows to 0 beyond z ≈ 38.5).
 */
export function logNormalSf(z) {
  if (z < 5) return Math.log(normalSf(z));
  const x = z / SQRT2;
  return -Math.LN2 - x * x - Math.log(SQRT_PI) - Math.log(erfcFraction(x));
}

/** Standard normal density. */
export function normalPdf(z) {
  return Math.exp(-0.5 * z * z - LN_SQRT_2PI);
}

// Acklam's rational approximation to the normal quantile (relative error 1.15e-9).
const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
];
const ACKLAM_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
];
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

function acklam(p) {
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((ACKLAM_C[0] * q + ACKLAM_C[1]) * q + ACKLAM_C[2]) * q + ACKLAM_C[3]) * q + ACKLAM_C[4]) * q +
        ACKLAM_C[5]) /
      ((((ACKLAM_D[0] * q + ACKLAM_D[1]) * q + ACKLAM_D[2]) * q + ACKLAM_D[3]) * q + 1)
    );
  }
  if (p > 1 - low) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((ACKLAM_A[0] * r + ACKLAM_A[1]) * r + ACKLAM_A[2]) * r + ACKLAM_A[3]) * r + ACKLAM_A[4]) * r +
      ACKLAM_A[5]) *
      q) /
    (((((ACKLAM_B[0] * r + ACKLAM_B[1]) * r + ACKLAM_B[2]) * r + ACKLAM_B[3]) * r + ACKLAM_B[4]) * r + 1)
  );
}

/** The standard normal quantile Φ⁻¹(p): Acklam's approximation and one Halley step. */
export function normalQuantile(p) {
  if (!(p > 0)) return p === 0 ? -Infinity : Number.NaN;
  if (!(p < 1)) return p === 1 ? Infinity : Number.NaN;
  // Work in the lower tail, where p itself (not 1 − p) carries full precision.
  if (p > 0.5) return -normalQuantile(1 - p);
  const x = acklam(p);
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

// --- what the explorers show ---------------------------------------------------------------

/**
 * MLE, MAP and posterior summaries for k heads in n tosses with a Beta(a, b) prior.
 * Undefined quantities are null, with a reason in `notes`.
 */
export function coinPosterior(n, k, a, b) {
  const alpha = a + k;
  const beta = b + n - k;
  const result = {
    alpha,
    beta,
    mle: n > 0 ? k / n : null,
    mleStatus: n === 0 ? "undefined" : k === 0 || k === n ? "boundary" : "interior",
    mean: alpha / (alpha + beta),
    ciLow: betaQuantile(0.025, alpha, beta),
    ciHigh: betaQuantile(0.975, alpha, beta),
  };
  // The posterior mode (MAP) of Beta(α, β).
  if (alpha > 1 && beta > 1) {
    result.map = (alpha - 1) / (alpha + beta - 2);
    result.mapStatus = "interior";
  } else if (alpha === 1 && beta === 1) {
    result.map = null;
    result.mapStatus = "flat";
  } else if (alpha < 1 && beta < 1) {
    result.map = null;
    result.mapStatus = "u-shaped";
  } else if (alpha <= 1 && beta >= 1) {
    result.map = 0;
    result.mapStatus = alpha < 1 ? "boundary-unbounded" : "boundary";
  } else {
    result.map = 1;
    result.mapStatus = beta < 1 ? "boundary-unbounded" : "boundary";
  }
  return result;
}

/**
 * The pooled two-proportion z-test of B against A, Wald intervals, power at the
 * observed difference and the per-group sample size for 80% power.
 * `sided` is "two", "greater" (H1: B > A) or "less" (H1: B < A).
 * Undefined quantities are null.
 */
export function abTest(nA, xA, nB, xB, alpha, sided) {
  const pA = xA / nA;
  const pB = xB / nB;
  const diff = pB - pA;
  const zCI = normalQuantile(1 - alpha / 2); // two-sided intervals at level 1 − α
  const zCrit = sided === "two" ? zCI : normalQuantile(1 - alpha);
  const seA = Math.sqrt((pA * (1 - pA)) / nA);
  const seB = Math.sqrt((pB * (1 - pB)) / nB);
  const seDiff = Math.sqrt((pA * (1 - pA)) / nA + (pB * (1 - pB)) / nB);
  const pooled = (xA + xB) / (nA + nB);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  const result = {
    pA,
    pB,
    diff,
    pooled,
    seA,
    seB,
    seDiff,
    sePooled,
    zCI,
    zCrit,
    ciA: [pA - zCI * seA, pA + zCI * seA],
    ciB: [pB - zCI * seB, pB + zCI * seB],
    ciDiff: [diff - zCI * seDiff, diff + zCI * seDiff],
    z: null,
    p: null,
    logP: null,
    power: null,
    nFor80: null,
    nFor80Exact: null,
  };
  if (sePooled > 0) {
    const z = diff / sePooled;
    result.z = z;
    // The p-value and its natural log: the log stays exact where p underflows to 0.
    if (sided === "two") {
      result.logP = Math.min(0, Math.LN2 + logNormalSf(Math.abs(z)));
      result.p = Math.min(1, 2 * normalSf(Math.abs(z)));
    } else {
      const tail = sided === "greater" ? z : -z;
      result.logP = logNormalSf(tail);
      result.p = normalSf(tail);
    }
  }
  if (seDiff > 0) {
    const shift = diff / seDiff;
    if (sided === "two") result.power = normalCdf(Math.abs(shift) - zCrit) + normalCdf(-Math.abs(shift) - zCrit);
    else if (sided === "greater") result.power = normalCdf(shift - zCrit);
    else result.power = normalCdf(-shift - zCrit);
  }
  const wrongWay = (sided === "greater" && diff < 0) || (sided === "less" && diff > 0);
  result.wrongWay = wrongWay;
  if (diff !== 0 && !wrongWay) {
    const mean = (pA + pB) / 2;
    const zPower = normalQuantile(0.8);
    const root = zCrit * Math.sqrt(2 * mean * (1 - mean)) + zPower * Math.sqrt(pA * (1 - pA) + pB * (1 - pB));
    result.nFor80Exact = (root * root) / (diff * diff);
    result.nFor80 = Math.ceil(result.nFor80Exact - 1e-9);
  }
  return result;
}

// --- comparing two groups: permutation, bootstrap, Bayes --------------------------------------

/** ln C(n, k), from ln B without subtracting large log-gammas (relative error about 1e-15). */
export function logChoose(n, k) {
  if (k < 0 || k > n) return -Infinity;
  if (k === 0 || k === n) return 0;
  return -Math.log(n + 1) - logBeta(k + 1, n - k + 1);
}

/**
 * The exact permutation distribution of B's conversions when the labels of the N = n_A + n_B
 * visitors are dealt at random and the K = x_A + x_B conversions stay fixed: hypergeometric.
 */
export function hypergeometric(nA, xA, nB, xB) {
  const N = nA + nB;
  const K = xA + xB;
  const lo = Math.max(0, K - nA);
  const hi = Math.min(K, nB);
  const logNorm = logChoose(N, nB);
  const logPmf = (k) => (k < lo || k > hi ? -Infinity : logChoose(K, k) + logChoose(N - K, nB - k) - logNorm);
  const mean = (nB * K) / N;
  const variance = N > 1 ? (mean * (N - K) * (N - nB)) / (N * (N - 1)) : 0;
  // The mode: floor((n_B + 1)(K + 1) / (N + 2)), inside the support.
  const mode = Math.min(hi, Math.max(lo, Math.floor(((nB + 1) * (K + 1)) / (N + 2))));
  return { N, K, lo, hi, mode, mean, variance, logPmf };
}

function logAddExp(p, q) {
  if (p === -Infinity) return q;
  if (q === -Infinity) return p;
  const top = Math.max(p, q);
  return top + Math.log1p(Math.exp(-Math.abs(p - q)));
}

// ln Σ pmf(k) from `start` outward (step −1 or +1) while the terms matter; the pmf falls
// monotonically away from the mode, so the sum stops once a term is below 1e-17 of it.
function logTailFrom(dist, start, step) {
  let logSum = -Infinity;
  for (let k = start; k >= dist.lo && k <= dist.hi; k += step) {
    const term = dist.logPmf(k);
    const before = logSum;
    logSum = logAddExp(logSum, term);
    if (term < before - 39.2) break; // below 1e-17 of the sum
  }
  return logSum;
}

/** ln P(X ≤ k) (lower) or ln P(X ≥ k) (upper) of the hypergeometric, accurate in either tail. */
function logTail(dist, k, upper) {
  if (upper ? k <= dist.lo : k >= dist.hi) return 0;
  if (upper ? k > dist.hi : k < dist.lo) return -Infinity;
  // Sum the side away from the mode; the other side is 1 minus it.
  if (upper ? k > dist.mode : k < dist.mode) return logTailFrom(dist, k, upper ? 1 : -1);
  const other = logTailFrom(dist, upper ? k - 1 : k + 1, upper ? -1 : 1);
  return Math.log1p(-Math.exp(other));
}

// Whole-number division rounded down / up, exact for numerators below 2^53.
function floorDiv(num, den) {
  let q = Math.floor(num / den);
  while (q * den > num) q -= 1;
  while ((q + 1) * den <= num) q += 1;
  return q;
}

/**
 * The exact permutation test of B − A for conversion counts: the p-values, two-sided
 * (|D| ≥ |d|) and one-sided (D ≥ d, H₁: B > A), as numbers and as natural logs (exact
 * where the number underflows), and the distribution itself. Needs n_A, n_B ≥ 1.
 * The comparisons are of whole numbers: D·n_A·n_B = k·N − K·n_B for k of B's conversions.
 */
export function permutationTest(nA, xA, nB, xB) {
  const dist = hypergeometric(nA, xA, nB, xB);
  const { N, K } = dist;
  const gap = Math.abs(xB * N - K * nB); // |d| · n_A · n_B
  let logTwo;
  if (gap === 0) logTwo = 0; // every relabelling is at least as extreme
  else {
    const upper = -floorDiv(-(K * nB + gap), N); // smallest k with k·N − K·n_B ≥ gap
    const lower = floorDiv(K * nB - gap, N); // largest k with k·N − K·n_B ≤ −gap
    logTwo = Math.min(0, logAddExp(logTail(dist, lower, false), logTail(dist, upper, true)));
  }
  const logOne = Math.min(0, logTail(dist, xB, true));
  return {
    dist,
    diff: xB / nB - xA / nA,
    step: N / (nA * nB), // the distance between neighbouring differences
    sd: (Math.sqrt(dist.variance) * N) / (nA * nB),
    pTwo: Math.exp(logTwo),
    logPTwo: logTwo,
    pOne: Math.exp(logOne),
    logPOne: logOne,
    /** The difference B − A when B has k of the conversions. */
    difference: (k) => (k * N - K * nB) / (nA * nB),
  };
}

// --- random numbers for the bootstrap: xoshiro128** seeded by splitmix32 -----------------------

/** A seeded generator of uniform numbers in [0, 1) with 53 random bits. */
export function seededUniform(seed) {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const state = [splitmix(), splitmix(), splitmix(), splitmix()];
  const rotl = (x, k) => ((x << k) | (x >>> (32 - k))) >>> 0;
  const next = () => {
    const result = Math.imul(rotl(Math.imul(state[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (state[1] << 9) >>> 0;
    state[2] ^= state[0];
    state[3] ^= state[1];
    state[1] ^= state[2];
    state[0] ^= state[3];
    state[2] ^= t;
    state[3] = rotl(state[3], 11);
    for (let i = 0; i < 4; i += 1) state[i] >>>= 0;
    return result;
  };
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

/**
 * A Binomial(n, p) draw: inversion when n·min(p, 1 − p) < 10, otherwise Hörmann's BTRS
 * (transformed rejection with squeeze, 1993), exact in distribution for any n.
 */
export function binomialDraw(n, p, uniform) {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialDraw(n, 1 - p, uniform);
  if (n * p < 10) {
    const q = 1 - p;
    const s = p / q;
    const a = (n + 1) * s;
    for (;;) {
      let r = Math.exp(n * Math.log1p(-p));
      let u = uniform();
      let x = 0;
      while (u > r) {
        u -= r;
        x += 1;
        if (x > n) break;
        r *= a / x - s;
      }
      if (x <= n) return x;
    }
  }
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / (1 - p));
  const m = Math.floor((n + 1) * p);
  const h = logGamma(m + 1) + logGamma(n - m + 1);
  for (;;) {
    const u = uniform() - 0.5;
    const v = uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const accept = h - logGamma(k + 1) - logGamma(n - k + 1) + (k - m) * lpq;
    if (Math.log((v * alpha) / (a / (us * us) + b)) <= accept) return k;
  }
}

/** The q-quantile of sorted values, interpolating linearly between order statistics (NumPy's default). */
export function sortedQuantile(sorted, q) {
  const h = (sorted.length - 1) * q;
  const below = Math.floor(h);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
}

/**
 * The percentile bootstrap of B − A: each group's 0/1 outcomes resampled with replacement
 * (a Binomial(n, x/n) count of conversions), `resamples` times from a fixed seed.
 * Returns the interval at `level`, the replicates' standard deviation and how many
 * distinct values each group's resampled rate took. Needs n_A, n_B ≥ 1.
 */
export function bootstrapInterval(nA, xA, nB, xB, { resamples = 9999, seed = 2, level = 0.95 } = {}) {
  const uniform = seededUniform(seed);
  // B − A times n_A·n_B, a whole number, so that equal differences are equal numbers.
  const scaled = new Float64Array(resamples);
  const seenA = new Set();
  const seenB = new Set();
  let sum = 0;
  for (let i = 0; i < resamples; i += 1) {
    const kA = binomialDraw(nA, xA / nA, uniform);
    const kB = binomialDraw(nB, xB / nB, uniform);
    seenA.add(kA);
    seenB.add(kB);
    scaled[i] = kB * nA - kA * nB;
    sum += scaled[i];
  }
  scaled.sort();
  const scale = nA * nB;
  const mean = sum / resamples;
  let squares = 0;
  for (const value of scaled) squares += (value - mean) ** 2;
  return {
    low: sortedQuantile(scaled, (1 - level) / 2) / scale,
    high: sortedQuantile(scaled, (1 + level) / 2) / scale,
    sd: Math.sqrt(squares / resamples) / scale,
    distinctA: seenA.size,
    distinctB: seenB.size,
    resamples,
  };
}

// --- P(p_B > p_A) for Beta posteriors ----------------------------------------------------------

/** ln I_x(a, b), the log of the Beta(a, b) CDF, accurate however small the CDF is. */
export function betaLogCdf(x, a, b) {
  if (x <= 0) return -Infinity;
  if (x >= 1) return 0;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return logFront + Math.log(betaContinuedFraction(a, b, x)) - Math.log(a);
  return Math.log1p(-Math.exp(logFront + Math.log(betaContinuedFraction(b, a, 1 - x)) - Math.log(b)));
}

// ln ∫₀¹ exp(h(x)) dx for a concave h (a log-concave integrand): the peak by golden section,
// the range where h is within 46 of it (about 1e-20) by bisection, then Boole's rule.
function logIntegralLogConcave(h) {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = 0;
  let hi = 1;
  let x1 = hi - ratio * (hi - lo);
  let x2 = lo + ratio * (hi - lo);
  let h1 = h(x1);
  let h2 = h(x2);
  for (let i = 0; i < 200 && hi - lo > 1e-15; i += 1) {
    if (h1 < h2) {
      lo = x1;
      x1 = x2;
      h1 = h2;
      x2 = lo + ratio * (hi - lo);
      h2 = h(x2);
    } else {
      hi = x2;
      x2 = x1;
      h2 = h1;
      x1 = hi - ratio * (hi - lo);
      h1 = h(x1);
    }
  }
  const peakX = (lo + hi) / 2;
  const peak = Math.max(h(peakX), h1, h2, h(0), h(1));
  const edge = (from, to) => {
    if (h(to) >= peak - 46) return to;
    let inside = from;
    let outside = to;
    for (let i = 0; i < 200 && Math.abs(outside - inside) > 1e-16; i += 1) {
      const mid = (inside + outside) / 2;
      if (h(mid) >= peak - 46) inside = mid;
      else outside = mid;
    }
    return outside;
  };
  const left = edge(peakX, 0);
  const right = edge(peakX, 1);
  // Simpson's rule on 2000 and on 1000 intervals, combined by Richardson's extrapolation
  // (Boole's rule): the error falls like the sixth power of the step.
  const steps = 2000;
  const width = (right - left) / steps;
  const values = [];
  for (let i = 0; i <= steps; i += 1) {
    const value = Math.exp(h(left + i * width) - peak);
    values.push(Number.isFinite(value) ? value : 0);
  }
  const simpson = (stride) => {
    let sum = 0;
    for (let i = 0, j = 0; i <= steps; i += stride, j += 1) {
      sum += (i === 0 || i === steps ? 1 : j % 2 ? 4 : 2) * values[i];
    }
    return (sum * width * stride) / 3;
  };
  const fine = simpson(1);
  return peak + Math.log(fine + (fine - simpson(2)) / 15);
}

/**
 * P(p_B > p_A) for independent p_A ~ Beta(aA, bA) and p_B ~ Beta(aB, bB), all shapes ≥ 1:
 * ∫ f_B(x) F_A(x) dx and the complement ∫ f_A(x) F_B(x) dx, each integrated in log space,
 * so that the one that is tiny is exact too. Returns {p, q = 1 − p, logP, logQ}.
 */
export function probBBeatsA(aA, bA, aB, bB) {
  const logP = Math.min(0, logIntegralLogConcave((x) => betaLogPdf(x, aB, bB) + betaLogCdf(x, aA, bA)));
  const logQ = Math.min(0, logIntegralLogConcave((x) => betaLogPdf(x, aA, bA) + betaLogCdf(x, aB, bB)));
  // The smaller of the two carries full relative precision; the other is 1 minus it.
  if (logP <= logQ) return { p: Math.exp(logP), q: -Math.expm1(logP), logP, logQ: Math.log1p(-Math.exp(logP)) };
  return { p: -Math.expm1(logQ), q: Math.exp(logQ), logP: Math.log1p(-Math.exp(logQ)), logQ };
}
