// MLE and MAP on a coin: k heads in n tosses, a Beta(a, b) prior, and the posterior.
import { drawChart, watchWidth } from "./chart.js";
import { bindFields, fixed, onEveryPage, plain, show } from "./controls.js";
import { betaLogPdf, coinPosterior } from "./stats.js";

const FIELDS = {
  n: { min: 0, max: 100000, integer: true, sliderMax: 200 },
  k: { min: 0, max: (v) => v.n, integer: true },
  a: { min: 0.1, max: 1000, sliderMax: 20 },
  b: { min: 0.1, max: 1000, sliderMax: 20 },
};

const four = (x) => fixed(x, 4);

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
  if (n === 0) return "No tosses: the likelihood is flat (1 for every p), so it has no maximum to report.";
  if (k === 0) return "At the boundary: with no heads, the likelihood (1 − p)ⁿ is highest at p = 0.";
  if (k === n) return "At the boundary: with only heads, the likelihood pⁿ is highest at p = 1.";
  return "";
}

// Grid on [0, 1], denser where a narrow density has its mass.
function grid(shapes) {
  const xs = [];
  for (let i = 0; i <= 800; i += 1) xs.push(i / 800);
  for (const [a, b] of shapes) {
    const mean = a / (a + b);
    const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
    if (sd < 0.05) {
      for (let i = 0; i <= 400; i += 1) {
        const x = mean + sd * (-8 + (16 * i) / 400);
        if (x > 0 && x < 1) xs.push(x);
      }
    }
  }
  return [...new Set(xs)].sort((p, q) => p - q);
}

function curve(xs, a, b) {
  return xs.map((x) => [x, Math.exp(betaLogPdf(x, a, b))]);
}

// The highest density worth showing: a curve that rises without bound at an edge
// is measured away from that edge (it runs off the top of the chart there).
function displayPeak(points, a, b) {
  let peak = 0;
  for (const [x, y] of points) {
    if ((a < 1 && x < 0.02) || (b < 1 && x > 0.98) || !Number.isFinite(y)) continue;
    peak = Math.max(peak, y);
  }
  return peak;
}

function init(root) {
  const out = (name) => root.querySelector(`#mle-map-${name}`);
  const svg = out("chart");
  const figure = svg.parentElement;
  const description = out("chart-desc");
  let latest = null;

  function draw() {
    if (!latest) return;
    const { n, k, a, b, result } = latest;
    const xs = grid([
      [result.alpha, result.beta],
      [k + 1, n - k + 1],
    ]);
    const prior = curve(xs, a, b);
    const likelihood = curve(xs, k + 1, n - k + 1); // p^k (1 − p)^(n − k), normalised
    const posterior = curve(xs, result.alpha, result.beta);
    const peak = Math.max(
      displayPeak(prior, a, b),
      displayPeak(likelihood, k + 1, n - k + 1),
      displayPeak(posterior, result.alpha, result.beta),
      1,
    );
    const width = Math.max(260, Math.floor(figure.clientWidth));
    drawChart(svg, {
      width,
      height: Math.round(Math.min(360, Math.max(240, width * 0.55))),
      x: { domain: [0, 1], label: "p, the probability of heads" },
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
    show(out("post-a"), result.alpha, plain);
    show(out("post-b"), result.beta, plain);
    show(out("mle"), result.mle, four);
    out("mle-note").textContent = mleNote(n, k);
    show(out("map"), result.map, four);
    out("map-note").textContent = mapNote(result);
    show(out("mean"), result.mean, four);
    show(out("ci-lo"), result.ciLow, four);
    show(out("ci-hi"), result.ciHigh, four);

    const edges = [];
    if (a < 1) edges.push("the prior rises without bound at p = 0");
    if (b < 1) edges.push("the prior rises without bound at p = 1");
    if (result.alpha < 1) edges.push("the posterior rises without bound at p = 0");
    if (result.beta < 1) edges.push("the posterior rises without bound at p = 1");
    const likelihoodText =
      n === 0 ? "the likelihood, flat because there are no tosses (dashed)" : `the likelihood of ${k} heads in ${n} tosses, scaled to a density (dashed)`;
    const markers = [
      result.mle === null ? "no MLE" : `MLE ${four(result.mle)}`,
      result.map === null ? "no MAP" : `MAP ${four(result.map)}`,
      `posterior mean ${four(result.mean)}`,
    ].join(", ");
    const text =
      `Densities over p: the prior Beta(${plain(a)}, ${plain(b)}) (dotted), ${likelihoodText}, ` +
      `and the posterior Beta(${plain(result.alpha)}, ${plain(result.beta)}) (solid), ` +
      `its 95% credible interval shaded from ${four(result.ciLow)} to ${four(result.ciHigh)}. ` +
      `Vertical lines: ${markers}.` +
      (a === 1 && b === 1 && n > 0 ? " With the flat prior the posterior is the likelihood: the two curves coincide." : "") +
      (edges.length ? ` Off the top of the chart: ${edges.join("; ")}.` : "");
    svg.setAttribute("aria-label", text);
    description.textContent = text;
    draw();
  }

  bindFields(root, "mle-map", {
    fields: FIELDS,
    values: { n: 10, k: 7, a: 2, b: 2 },
    conflict: (v, name) => {
      if (v.k <= v.n) return "";
      return name === "n"
        ? `Tosses n must be at least the heads k = ${v.k}. Lower k first, or leave this box and k becomes n.`
        : `Heads k cannot exceed the tosses n = ${v.n}.`;
    },
    repair: (v) => ({ ...v, k: Math.min(v.k, v.n) }),
    render,
    status: root.querySelector("#mle-map-status"),
  });
  watchWidth(figure, draw);
}

onEveryPage("#mle-map-explorer", init);
