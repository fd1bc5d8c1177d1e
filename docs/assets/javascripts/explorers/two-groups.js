// Comparing two groups: the exact permutation distribution, the percentile bootstrap
// interval and the Beta posteriors with P(B > A), for conversions in two groups.
import { drawChart, drawMessage, niceDomain, trackPinnedHeight, watchWidth, xTickCount } from "./chart.js";
import { bindFields, fixed, onEveryPage, plain, scientificFromLog, show, conversionConflicts } from "./controls.js";
import { betaLogPdf, betaQuantile, bootstrapInterval, permutationTest, probBBeatsA } from "./stats.js";

const MAX = 10000000;
const FIELDS = {
  na: { min: 0, max: MAX, integer: true, sliderMax: 5000, label: "Visitors in group A" },
  xa: { min: 0, max: MAX, integer: true, sliderMax: (v) => v.na, label: "Conversions in group A" },
  nb: { min: 0, max: MAX, integer: true, sliderMax: 5000, label: "Visitors in group B" },
  xb: { min: 0, max: MAX, integer: true, sliderMax: (v) => v.nb, label: "Conversions in group B" },
};
// The lesson's bootstrap: 9999 resamples (here from a fixed seed, so the same counts
// always give the same interval).
const RESAMPLES = 9999;
const SEED = 2;
const PRIOR = [1, 1]; // uniform priors on both rates, as in the lesson

const percent = (digits) => (x) => fixed(100 * x, digits);
const count = (x) => x.toLocaleString("en-US");

/** p-values: four decimals, or three significant digits below 0.0001, from the log of p. */
function formatP(p, logP) {
  return p >= 0.0001 ? fixed(p, 4) : scientificFromLog(logP);
}

/** A probability: four decimals, or three significant digits within 0.001 of 0 or of 1. */
function formatProbability({ p, q, logP, logQ }) {
  if (p < 0.001) return scientificFromLog(logP);
  if (q < 0.001) return `1 \u2212 ${scientificFromLog(logQ)}`;
  return fixed(p, 4);
}

function whoIsEmpty(na, nb) {
  if (na === 0 && nb === 0) return "neither group has visitors";
  return `group ${na === 0 ? "A" : "B"} has no visitors`;
}

function bootstrapNote(na, xa, nb, xb) {
  const flat = (n, x) => x === 0 || x === n;
  const rate = (n, x) => (x === 0 ? "0%" : "100%");
  if (flat(na, xa) && flat(nb, xb)) {
    return "Both rates are 0% or 100%: every resample is the same as the data, so the interval is a single point, a certainty the data cannot give.";
  }
  for (const [name, n, x] of [["A", na, xa], ["B", nb, xb]]) {
    if (flat(n, x)) {
      return `Group ${name}'s rate is ${rate(n, x)}: every resample of ${name} has the same rate, so the interval leaves out ${name}'s uncertainty and is too narrow.`;
    }
  }
  return "";
}

function permutationNote(na, xa, nb, xb) {
  if (xa + xb === 0) return "No conversions in either group: every relabelling gives B − A = 0, so p = 1.";
  if (xa + xb === na + nb) return "Every visitor converted: every relabelling gives B − A = 0, so p = 1.";
  return "";
}

const permHeight = (width) => Math.round(Math.min(260, Math.max(150, width * 0.38)));
const postHeight = (width) => Math.round(Math.min(220, Math.max(125, width * 0.3)));

// The differences to draw: every value in view when few (as steps), else a sample of them
// and of the central ±8 standard deviations, so that a narrow distribution is never missed.
function permutationPoints(test, [x0, x1], width) {
  const { dist } = test;
  const { N, K, lo, hi } = dist;
  const toK = (points) => ((points / 100) * test.nAnB + K * test.nB) / N;
  const kFrom = Math.max(lo, Math.ceil(toK(x0)));
  const kTo = Math.min(hi, Math.floor(toK(x1)));
  const values = kTo - kFrom + 1;
  const half = (100 * test.step) / 2;
  const prob = (k) => Math.exp(dist.logPmf(k));
  if (values <= Math.max(60, width / 2.5)) {
    const points = [];
    const ks = [];
    for (let k = kFrom; k <= kTo; k += 1) {
      const x = 100 * test.difference(k);
      const y = prob(k);
      points.push([x - half, y], [x + half, y]);
      ks.push(k, k);
    }
    return { points, ks, steps: true };
  }
  const ks = new Set([kFrom, kTo, dist.mode]);
  const stride = Math.max(1, Math.floor(values / 700));
  for (let k = kFrom; k <= kTo; k += stride) ks.add(k);
  const sd = Math.sqrt(dist.variance);
  const inner = Math.max(1, Math.floor((16 * sd) / 400));
  for (let k = Math.max(kFrom, Math.floor(dist.mode - 8 * sd)); k <= Math.min(kTo, dist.mode + 8 * sd); k += inner) ks.add(k);
  const sorted = [...ks].sort((p, q) => p - q);
  return { points: sorted.map((k) => [100 * test.difference(k), prob(k)]), ks: sorted, steps: false };
}

function init(root) {
  const out = (name) => root.querySelector(`#tg-${name}`);
  const permSvg = out("chart");
  const postSvg = out("post-chart");
  const figure = permSvg.parentElement;
  const permDesc = out("chart-desc");
  const postDesc = out("post-chart-desc");
  const results = root.querySelector(".explorer-results dl");
  let latest = null;
  let withdrawn = "";

  function drawPermutation(width) {
    const size = { width, height: permHeight(width) };
    const { na, nb, test, boot } = latest;
    if (!test) {
      drawMessage(permSvg, size, `No permutation distribution: ${whoIsEmpty(na, nb)}.`);
      return null;
    }
    const observed = 100 * test.diff;
    const ends = boot ? [100 * boot.low, 100 * boot.high] : [];
    const spread = 100 * Math.max(test.sd, test.step);
    // Differences lie within ±100 points, so the axis never reaches beyond them.
    const half = Math.min(100, Math.max(5 * spread, 1.25 * Math.abs(observed), ...ends.map((e) => 1.1 * Math.abs(e)), 0.05));
    const { domain, ticks } = niceDomain(-half, half, xTickCount(width), [-100, 100]);
    const { points, ks, steps } = permutationPoints(test, domain, width);
    const gap = Math.abs(latest.xb * test.dist.N - test.dist.K * nb);
    const extreme = (k) => Math.abs(k * test.dist.N - test.dist.K * nb) >= gap;
    const peak = Math.exp(test.dist.logPmf(test.dist.mode));
    // The tails: the runs of consecutive extreme points, each its own shaded area.
    const tails = [];
    let run = [];
    points.forEach((point, i) => {
      if (extreme(ks[i])) run.push(point);
      else if (run.length) {
        tails.push(run);
        run = [];
      }
    });
    if (run.length) tails.push(run);
    drawChart(permSvg, {
      ...size,
      x: { domain, ticks, label: "difference B − A (percentage points)" },
      y: { domain: [0, peak * 1.15], label: "probability" },
      areas: [
        { points, className: "explorer-area explorer-area--perm" },
        ...tails.map((tail) => ({ points: tail, className: "explorer-area explorer-area--tail" })),
      ],
      lines: [{ points, className: "explorer-line explorer-line--perm" }],
      markers: [
        ...ends.map((x) => ({ x, className: "explorer-marker explorer-marker--boot" })),
        { x: observed, className: "explorer-marker explorer-marker--observed" },
      ],
    });
    permSvg.dataset.steps = String(steps);
    return { domain, narrow: (100 * test.sd * 10) / (domain[1] - domain[0]) < 2 / width };
  }

  function drawPosteriors(width) {
    const size = { width, height: postHeight(width) };
    const { postA, postB } = latest;
    const lows = [postA, postB].map(([a, b]) => betaQuantile(0.0005, a, b));
    const highs = [postA, postB].map(([a, b]) => betaQuantile(0.9995, a, b));
    const { domain, ticks } = niceDomain(100 * Math.min(...lows), 100 * Math.max(...highs), xTickCount(width), [0, 100]);
    const xs = [];
    for (let i = 0; i <= 600; i += 1) xs.push(domain[0] + ((domain[1] - domain[0]) * i) / 600);
    const curve = ([a, b]) => xs.map((x) => [x, Math.exp(betaLogPdf(x / 100, a, b)) / 100]);
    const lineA = curve(postA);
    const lineB = curve(postB);
    const peak = Math.max(...lineA.map(([, y]) => y), ...lineB.map(([, y]) => y));
    drawChart(postSvg, {
      ...size,
      x: { domain, ticks, label: "conversion rate (%)" },
      y: { domain: [0, peak * 1.12], label: "density" },
      lines: [
        { points: lineA, className: "explorer-line explorer-line--post-a" },
        { points: lineB, className: "explorer-line explorer-line--post-b" },
      ],
    });
  }

  function draw() {
    const width = Math.max(260, Math.floor(figure.clientWidth));
    if (!latest) {
      drawMessage(permSvg, { width, height: permHeight(width) }, withdrawn);
      drawMessage(postSvg, { width, height: postHeight(width) }, "No posteriors until the inputs are consistent.");
      return null;
    }
    const drawn = drawPermutation(width);
    drawPosteriors(width);
    return drawn;
  }

  function describe(drawn) {
    const { na, xa, nb, xb, test, boot, postA, postB, prob } = latest;
    if (test) {
      const p = formatP(test.pTwo, test.logPTwo);
      permDesc.textContent =
        `Exact permutation distribution of B − A: the ${count(xa + xb)} conversions kept, the labels A and B dealt at random ` +
        `among the ${count(na + nb)} visitors (hypergeometric), mean 0 and standard deviation ${fixed(100 * test.sd, 2)} percentage points. ` +
        `The observed difference, ${fixed(100 * test.diff, 2)} points, is the solid vertical line; the shaded relabellings, at least as far from 0, ` +
        `have probability p = ${p}. Dashed vertical lines: the bootstrap 95% interval, ${fixed(100 * boot.low, 2)} to ${fixed(100 * boot.high, 2)} points.` +
        (drawn && drawn.narrow ? " At this scale the permutation distribution is narrower than a pixel: it shows as a spike at 0." : "");
    } else {
      permDesc.textContent = `No permutation distribution and no bootstrap interval: ${whoIsEmpty(na, nb)}.`;
    }
    const shape = ([a, b]) => `Beta(${plain(a)}, ${plain(b)})`;
    postDesc.textContent =
      `Posterior densities of the two conversion rates, per percentage point, from uniform priors: ` +
      `A ${shape(postA)} (solid), B ${shape(postB)} (dashed). P(B > A) = ${formatProbability(prob)}.` +
      (na === 0 || nb === 0 ? ` With no visitors a group's posterior is its uniform prior.` : "");
  }

  function render(values) {
    const { na, xa, nb, xb } = values;
    const empty = na === 0 || nb === 0;
    const test = empty ? null : permutationTest(na, xa, nb, xb);
    if (test) {
      test.nB = nb;
      test.nAnB = na * nb;
    }
    const boot = empty ? null : bootstrapInterval(na, xa, nb, xb, { resamples: RESAMPLES, seed: SEED });
    const postA = [PRIOR[0] + xa, PRIOR[1] + na - xa];
    const postB = [PRIOR[0] + xb, PRIOR[1] + nb - xb];
    const prob = probBBeatsA(...postA, ...postB);
    latest = { ...values, test, boot, postA, postB, prob };
    results.hidden = false;

    show(out("rate-a"), na ? xa / na : null, percent(2), "no rate: group A has no visitors");
    show(out("rate-b"), nb ? xb / nb : null, percent(2), "no rate: group B has no visitors");
    const why = whoIsEmpty(na, nb);
    show(out("diff"), test ? test.diff : null, percent(2), `no difference: ${why}`);
    show(out("perm-two"), test ? test.pTwo : null, (p) => formatP(p, test.logPTwo), `no permutation test: ${why}`);
    show(out("perm-one"), test ? test.pOne : null, (p) => formatP(p, test.logPOne), `no permutation test: ${why}`);
    for (const [name, log] of [["perm-two", test?.logPTwo], ["perm-one", test?.logPOne]]) {
      if (log === undefined) delete out(name).dataset.log10;
      else out(name).dataset.log10 = String(log / Math.LN10);
    }
    out("perm-note").textContent = test ? permutationNote(na, xa, nb, xb) : "";
    // Without a bootstrap the interval's place says why, in words.
    show(out("boot-lo"), boot ? boot.low : null, percent(2), "");
    show(out("boot-hi"), boot ? boot.high : null, percent(2), "");
    out("boot-range").hidden = !boot;
    out("boot-none").hidden = Boolean(boot);
    show(out("boot-none"), null, null, boot ? "" : `no bootstrap interval: ${why}`);
    show(out("boot-sd"), boot ? boot.sd : null, percent(2), `no bootstrap: ${why}`);
    out("boot-note").textContent = boot ? bootstrapNote(na, xa, nb, xb) : "";
    show(out("post-aa"), postA[0], plain);
    show(out("post-ab"), postA[1], plain);
    show(out("post-ba"), postB[0], plain);
    show(out("post-bb"), postB[1], plain);
    show(out("prob"), prob.p, () => formatProbability(prob));
    out("prob").dataset.q = String(prob.q);
    out("prob").dataset.log10P = String(prob.logP / Math.LN10);
    out("prob").dataset.log10Q = String(prob.logQ / Math.LN10);
    const prior = [na === 0 ? "A" : null, nb === 0 ? "B" : null].filter(Boolean);
    out("bayes-note").textContent = prior.length
      ? `With no visitors, group ${prior.join(" and ")}'s posterior is the uniform prior Beta(1, 1).`
      : "";
    describe(draw());
  }

  function withdraw(message) {
    latest = null;
    withdrawn = `No chart: ${message}`;
    results.hidden = true;
    permDesc.textContent = withdrawn;
    postDesc.textContent = "";
    draw();
  }

  bindFields(root, "tg", {
    fields: FIELDS,
    values: { na: 1000, xa: 103, nb: 1000, xb: 129 },
    conflict: conversionConflicts,
    render,
    withdraw,
    status: root.querySelector("#tg-status"),
  });
  trackPinnedHeight(figure, root);
  watchWidth(figure, () => {
    const drawn = draw();
    if (latest) describe(drawn);
  });
}

onEveryPage("#two-groups-explorer", init);
