// MLE and MAP on a coin: k heads in n tosses, a Beta(a, b) prior, and the posterior.
import { drawChart, drawMessage, formatTick, niceDomain, tickDecimals, trackPinnedHeight, watchWidth, xTickCount } from "./chart.js";
import { bindFields, counted, fixed, onEveryPage, plain, scientificFromLog, show } from "./controls.js";
import { betaLogPdf, betaQuantile, coinPosterior } from "./stats.js";

const FIELDS = {
  n: { min: 0, max: 100000, integer: true, sliderMax: 200, label: "Tosses n" },
  k: { min: 0, max: 100000, integer: true, sliderMax: (v) => v.n, label: "Heads k" },
  a: { min: 0.1, max: 1000, sliderMax: 20, label: "Prior a" },
  b: { min: 0.1, max: 1000, sliderMax: 20, label: "Prior b" },
};

// The x axis covers where the curves have their mass: the central MASS of each.
const MASS = 0.999;
// The prior may widen the axis by at most this many times the data's span on each side,
// so the likelihood and posterior never shrink to a spike.
const PRIOR_REACH = 2;

/**
 * A probability: four decimals, or three significant digits within 0.001 of 0 or of 1,
 * where four decimals would read 0.0000 or 1.0000 ("4.99 × 10⁻⁶", "1 − 2.50 × 10⁻⁵").
 */
function four(x) {
  if (x > 0 && x < 0.001) return scientificFromLog(Math.log(x));
  if (x < 1 && x > 0.999) return `1 − ${scientificFromLog(Math.log1p(-x))}`;
  return fixed(x, 4);
}

function mapNote(result) {
  const { alpha, beta } = result;
  const shapes = `Beta(${plain(alpha)}, ${plain(beta)})`;
  switch (result.mapStatus) {
    case "flat":
      return `The posterior ${shapes} is flat: every p in [0, 1] has the same density, so there is no single mode.`;
    case "u-shaped":
      return `The posterior ${shapes} is U-shaped (both shapes below 1): its density rises without bound at p = 0 and at p = 1, so there is no single mode.`;
    case "boundary-unbounded":
      return `At the boundary: the posterior ${shapes} has a shape below 1, so its density rises without bound at p = ${result.map}.`;
    case "boundary":
      return `At the boundary: the posterior ${shapes} is highest at p = ${result.map} (a shape equal to 1 and the other above it).`;
    default:
      return "";
  }
}

function mleNote(n, k) {
  if (n === 0) return "With no tosses the likelihood is 1 for every p: every p maximises it, so there is no single MLE.";
  if (k === 0) return "At the boundary: with no heads, the likelihood (1 − p)ⁿ is highest at p = 0.";
  if (k === n) return "At the boundary: with only heads, the likelihood pⁿ is highest at p = 1.";
  return "";
}

const MAP_MISSING = { flat: "no MAP: the posterior is flat", "u-shaped": "no MAP: the posterior is U-shaped" };

/** The central MASS of Beta(a, b). */
function massInterval(a, b) {
  return [betaQuantile((1 - MASS) / 2, a, b), betaQuantile((1 + MASS) / 2, a, b)];
}

/**
 * The x axis: the central 99.9% of the likelihood and the posterior (and the estimates),
 * widened towards the prior's central 99.9% by at most PRIOR_REACH times that span on
 * each side, rounded out to ticks within [0, 1]. Also says how much of the prior is cut.
 */
export function xAxis({ n, k, a, b, result }, tickCount) {
  const spans = [massInterval(result.alpha, result.beta)];
  if (n > 0) spans.push(massInterval(k + 1, n - k + 1));
  const points = [result.mean, result.mle, result.map].filter((x) => x !== null);
  let lo = Math.min(...spans.map(([l]) => l), ...points);
  let hi = Math.max(...spans.map(([, h]) => h), ...points);
  const span = hi - lo;
  const [priorLo, priorHi] = massInterval(a, b);
  lo = Math.min(lo, Math.max(priorLo, lo - PRIOR_REACH * span));
  hi = Math.max(hi, Math.min(priorHi, hi + PRIOR_REACH * span));
  const { domain, ticks } = niceDomain(Math.max(0, lo), Math.min(1, hi), tickCount, [0, 1]);
  return { domain, ticks, priorCut: priorLo < domain[0] || priorHi > domain[1], prior: [priorLo, priorHi] };
}

// Grid over the shown range, with the points the chart must hit exactly.
function grid([lo, hi], extra) {
  const xs = [];
  for (let i = 0; i <= 800; i += 1) xs.push(lo + ((hi - lo) * i) / 800);
  for (const x of extra) if (x !== null && x > lo && x < hi) xs.push(x);
  return [...new Set(xs)].sort((p, q) => p - q);
}

function curve(xs, a, b) {
  return xs.map((x) => [x, Math.exp(betaLogPdf(x, a, b))]);
}

// The highest density worth showing: a curve that rises without bound at an edge
// is measured away from that edge (it runs off the top of the chart there).
function displayPeak(points, a, b, [lo, hi]) {
  const edge = 0.02 * (hi - lo);
  let peak = 0;
  for (const [x, y] of points) {
    if ((a < 1 && x < edge) || (b < 1 && x > 1 - edge) || !Number.isFinite(y)) continue;
    peak = Math.max(peak, y);
  }
  return peak;
}

const chartHeight = (width) => Math.round(Math.min(360, Math.max(200, width * 0.56)));

function init(root) {
  const out = (name) => root.querySelector(`#mle-map-${name}`);
  const svg = out("chart");
  const figure = svg.parentElement;
  const description = out("chart-desc");
  const results = root.querySelector(".explorer-results dl");
  let latest = null;
  let withdrawn = "";

  function draw() {
    const width = Math.max(260, Math.floor(figure.clientWidth));
    const size = { width, height: chartHeight(width) };
    if (!latest) {
      drawMessage(svg, size, withdrawn);
      return;
    }
    const { n, k, a, b, result } = latest;
    const { domain, ticks } = xAxis(latest, xTickCount(width));
    const xs = grid(domain, []);
    const prior = curve(xs, a, b);
    const likelihood = curve(xs, k + 1, n - k + 1); // p^k (1 − p)^(n − k), normalised
    // The posterior also at the interval's ends, so that the shading starts and stops there.
    const posterior = curve(grid(domain, [result.ciLow, result.ciHigh]), result.alpha, result.beta);
    const peak = Math.max(
      displayPeak(prior, a, b, domain),
      displayPeak(likelihood, k + 1, n - k + 1, domain),
      displayPeak(posterior, result.alpha, result.beta, domain),
      1,
    );
    drawChart(svg, {
      ...size,
      x: { domain, ticks, label: "p, the probability of heads" },
      y: { domain: [0, peak * 1.1], label: "density" },
      areas: [
        {
          points: posterior.filter(([x]) => x >= result.ciLow && x <= result.ciHigh),
          className: "explorer-area explorer-area--posterior",
        },
      ],
      lines: [
        { points: prior, className: "explorer-line explorer-line--prior" },
        { points: likelihood, className: "explorer-line explorer-line--likelihood" },
        { points: posterior, className: "explorer-line explorer-line--posterior" },
      ],
      markers: [
        { x: result.mle, className: "explorer-marker explorer-marker--mle" },
        { x: result.map, className: "explorer-marker explorer-marker--map" },
        { x: result.mean, className: "explorer-marker explorer-marker--mean" },
      ],
    });
  }

  function render({ n, k, a, b }) {
    const result = coinPosterior(n, k, a, b);
    latest = { n, k, a, b, result };
    results.hidden = false;
    show(out("post-a"), result.alpha, plain);
    show(out("post-b"), result.beta, plain);
    show(out("mle"), result.mle, four, "no MLE: no tosses yet");
    out("mle-note").textContent = mleNote(n, k);
    show(out("map"), result.map, four, MAP_MISSING[result.mapStatus]);
    out("map-note").textContent = mapNote(result);
    show(out("mean"), result.mean, four);
    show(out("ci-lo"), result.ciLow, four);
    show(out("ci-hi"), result.ciHigh, four);
    draw();
    describe();
  }

  // The chart in words (its caption and its accessible description), after draw().
  function describe() {
    const { n, k, a, b, result } = latest;
    const { domain, ticks, priorCut, prior } = xAxis(latest, xTickCount(Math.max(260, Math.floor(figure.clientWidth))));
    const tick = (x) => formatTick(x, tickDecimals(ticks));
    const edges = [];
    if (a < 1 && domain[0] === 0) edges.push("the prior rises without bound at p = 0");
    if (b < 1 && domain[1] === 1) edges.push("the prior rises without bound at p = 1");
    if (result.alpha < 1) edges.push("the posterior rises without bound at p = 0");
    if (result.beta < 1) edges.push("the posterior rises without bound at p = 1");
    const likelihoodText =
      n === 0 ? "the likelihood, flat because there are no tosses (dashed)" : `the likelihood of ${counted(k, "head")} in ${counted(n, "toss", "tosses")}, scaled to a density (dashed)`;
    const markers = [
      result.mle === null ? "no MLE" : `MLE ${four(result.mle)} (dashed)`,
      result.map === null ? "no MAP" : `MAP ${four(result.map)} (solid)`,
      `posterior mean ${four(result.mean)} (dotted)`,
    ].join(", ");
    const range = domain[0] === 0 && domain[1] === 1 ? "" : ` The axis shows p from ${tick(domain[0])} to ${tick(domain[1])}, where the likelihood and the posterior have their mass` +
      (priorCut ? `; the central 99.9% of the prior, ${four(prior[0])} to ${four(prior[1])}, reaches beyond it.` : ".");
    const text =
      `Densities over p: the prior Beta(${plain(a)}, ${plain(b)}) (dotted), ${likelihoodText}, ` +
      `and the posterior Beta(${plain(result.alpha)}, ${plain(result.beta)}) (solid), ` +
      `its 95% credible interval shaded from ${four(result.ciLow)} to ${four(result.ciHigh)}. ` +
      `Vertical lines: ${markers}.` +
      range +
      (a === 1 && b === 1 && n > 0 ? " With the flat prior the posterior is the likelihood: the two curves coincide." : "") +
      (n === 0 ? " With no tosses the posterior is the prior: the solid curve hides the dotted one." : "") +
      (edges.length ? ` Off the top of the chart: ${edges.join("; ")}.` : "");
    description.textContent = text;
  }

  function withdraw(message) {
    latest = null;
    withdrawn = `No chart: ${message}`;
    results.hidden = true;
    description.textContent = withdrawn;
    draw();
  }

  bindFields(root, "mle-map", {
    fields: FIELDS,
    values: { n: 10, k: 7, a: 2, b: 2 },
    conflict: (v) =>
      v.k > v.n
        ? [{ fields: ["n", "k"], message: `Heads k = ${v.k} is more than tosses n = ${v.n}: raise n or lower k.` }]
        : [],
    render,
    withdraw,
    status: root.querySelector("#mle-map-status"),
  });
  trackPinnedHeight(figure, root);
  watchWidth(figure, () => {
    draw();
    if (latest) describe();
  });
}

onEveryPage("#mle-map-explorer", init);
