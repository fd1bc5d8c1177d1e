// A/B test: two conversion rates, the pooled two-proportion z-test, intervals, power.
import { drawChart, drawMessage, trackPinnedHeight, svgElement, watchWidth } from "./chart.js";
import { bindFields, fixed, onEveryPage, plain, scientificFromLog, show, conversionConflicts } from "./controls.js";
import { abTest, normalPdf } from "./stats.js";

const FIELDS = {
  na: { min: 1, max: 10000000, integer: true, sliderMax: 5000, label: "Visitors in group A" },
  xa: { min: 0, max: 10000000, integer: true, sliderMax: (v) => v.na, label: "Conversions in group A" },
  nb: { min: 1, max: 10000000, integer: true, sliderMax: 5000, label: "Visitors in group B" },
  xb: { min: 0, max: 10000000, integer: true, sliderMax: (v) => v.nb, label: "Conversions in group B" },
  alpha: { min: 0.001, max: 0.5, sliderMax: 0.2, label: "Significance level α" },
};

const ALTERNATIVES = {
  two: "two-sided, H₁: B ≠ A",
  greater: "one-sided, H₁: B > A",
  less: "one-sided, H₁: B < A",
};

const percent = (digits) => (x) => fixed(100 * x, digits);

/**
 * p-values: four decimals, or three significant digits below 0.0001, written from the
 * log of p so that a p-value too small for a double (below about 10⁻³⁰⁸) is still exact.
 */
export function formatP(p, logP) {
  if (p >= 0.0001) return fixed(p, 4);
  return scientificFromLog(logP);
}

function rateNote(name, rate, ci) {
  if (rate === 0 || rate === 1) {
    return `Group ${name}'s rate is ${rate === 0 ? "0" : "100"}%: its Wald interval has zero width, which understates the uncertainty.`;
  }
  if (ci[0] < 0) return `Group ${name}'s interval reaches below 0%: Wald intervals are poor this close to 0%.`;
  if (ci[1] > 1) return `Group ${name}'s interval reaches above 100%: Wald intervals are poor this close to 100%.`;
  return "";
}

const chartHeight = (width) => Math.round(Math.min(340, Math.max(200, width * 0.52)));

function init(root) {
  const out = (name) => root.querySelector(`#ab-${name}`);
  const svg = out("chart");
  const figure = svg.parentElement;
  const description = out("chart-desc");
  const radios = [...root.querySelectorAll("input[name=ab-sided]")];
  const results = root.querySelector(".explorer-results dl");
  const rateNoteOut = out("rate-note");
  let latest = null;
  let withdrawn = "";

  const sided = () => radios.find((radio) => radio.checked)?.value ?? "two";

  function draw() {
    const width = Math.max(260, Math.floor(figure.clientWidth));
    const height = chartHeight(width);
    if (!latest) {
      drawMessage(svg, { width, height }, withdrawn);
      return;
    }
    const { result, side } = latest;
    const sd = 100 * result.sePooled; // in percentage points
    const observed = 100 * result.diff;
    if (!(sd > 0)) {
      drawChart(svg, {
        width,
        height,
        x: { domain: [-1, 1], label: "difference B − A under H₀ (percentage points)" },
        y: { domain: [0, 1], label: "density" },
      });
      const message = svgElement(
        "text",
        { x: width / 2, y: height / 2 - 10, "text-anchor": "middle", class: "explorer-chart-message" },
        svg,
      );
      message.textContent = width < 420 ? "No null distribution:" : "No null distribution: the pooled rate is 0% or 100%";
      if (width < 420) {
        const second = svgElement("tspan", { x: width / 2, dy: 18 }, message);
        second.textContent = "the pooled rate is 0% or 100%";
      }
      return;
    }
    const half = Math.max(4.5 * sd, 1.25 * Math.abs(observed));
    const xs = [];
    for (let i = 0; i <= 600; i += 1) xs.push(-half + (2 * half * i) / 600);
    const cut = Math.abs(observed);
    xs.push(cut, -cut, observed);
    xs.sort((p, q) => p - q);
    const density = (x) => normalPdf(x / sd) / sd;
    const points = xs.map((x) => [x, density(x)]);
    const inTail =
      side === "two" ? [(x) => x <= -cut, (x) => x >= cut] : side === "greater" ? [(x) => x >= observed] : [(x) => x <= observed];
    const critical = 100 * result.zCrit * result.sePooled;
    const criticalMarkers =
      side === "two" ? [-critical, critical] : side === "greater" ? [critical] : [-critical];
    drawChart(svg, {
      width,
      height,
      x: { domain: [-half, half], label: "difference B − A under H₀ (percentage points)" },
      y: { domain: [0, density(0) * 1.1], label: "density" },
      areas: inTail.map((test) => ({
        points: points.filter(([x]) => test(x)),
        className: "explorer-area explorer-area--tail",
      })),
      lines: [{ points, className: "explorer-line explorer-line--null" }],
      markers: [
        ...criticalMarkers.map((x) => ({ x, className: "explorer-marker explorer-marker--critical" })),
        { x: observed, className: "explorer-marker explorer-marker--observed" },
      ],
    });
  }

  function render(values) {
    const side = sided();
    const { na, xa, nb, xb, alpha } = values;
    const result = abTest(na, xa, nb, xb, alpha, side);
    latest = { result, side };
    results.hidden = false;
    rateNoteOut.hidden = false;
    const level = plain(100 * (1 - alpha));
    for (const span of root.querySelectorAll(".ab-level")) span.textContent = level;
    for (const span of root.querySelectorAll(".ab-alpha")) span.textContent = plain(alpha);
    for (const span of root.querySelectorAll(".ab-alternative")) span.textContent = ALTERNATIVES[side];

    show(out("rate-a"), result.pA, percent(2));
    show(out("rate-a-lo"), result.ciA[0], percent(2));
    show(out("rate-a-hi"), result.ciA[1], percent(2));
    show(out("rate-b"), result.pB, percent(2));
    show(out("rate-b-lo"), result.ciB[0], percent(2));
    show(out("rate-b-hi"), result.ciB[1], percent(2));
    rateNoteOut.textContent = [rateNote("A", result.pA, result.ciA), rateNote("B", result.pB, result.ciB)]
      .filter(Boolean)
      .join(" ");
    show(out("diff"), result.diff, percent(2));
    show(out("diff-lo"), result.ciDiff[0], percent(2));
    show(out("diff-hi"), result.ciDiff[1], percent(2));
    out("diff-note").textContent =
      result.seDiff === 0 ? "Both rates are 0% or 100%: the interval has zero width, which understates the uncertainty." : "";
    show(out("pooled"), result.pooled, percent(2));
    const why = result.pooled === 0 ? "no visitor converted" : "every visitor converted";
    show(out("z"), result.z, (z) => fixed(z, 3), `no z: ${why}`);
    show(out("p"), result.p, (p) => formatP(p, result.logP), `no p-value: ${why}`);
    const outP = out("p");
    if (result.logP === null) delete outP.dataset.log10;
    else outP.dataset.log10 = String(result.logP / Math.LN10);
    const degenerate = `the pooled rate is ${result.pooled === 0 ? "0% (no conversions in either group)" : "100% (every visitor converted)"}, so the standard error under H₀ is 0 and z would be 0/0`;
    out("z-note").textContent = result.z === null ? `There is no test: ${degenerate}.` : "";
    let decision;
    if (result.p === null) decision = "";
    else if (result.p <= alpha) decision = `p ≤ α = ${plain(alpha)}: reject H₀ (equal rates) at this level.`;
    else decision = `p > α = ${plain(alpha)}: do not reject H₀ (equal rates) at this level.`;
    out("decision").textContent = decision;
    show(out("power"), result.power, percent(1), "cannot be computed: both rates are 0% or 100%");
    out("power-note").textContent =
      result.power === null ? "Both observed rates are 0% or 100%, so the unpooled standard error is 0 and the normal approximation has nothing to work with." : "";
    let n80Missing = "";
    let n80Note = "";
    if (result.diff === 0) {
      n80Missing = "no sample size: the rates are equal";
      n80Note = "No sample size gives 80% power against a difference of 0.";
    } else if (result.wrongWay) {
      const against = ALTERNATIVES[side].split(": ")[1];
      n80Missing = `no sample size: the difference points away from ${against}`;
      n80Note = `The observed difference points away from the one-sided alternative (${against}), so no sample size gives 80% power against it.`;
    }
    show(out("n80"), result.nFor80 === null ? null : result.nFor80Exact, () => result.nFor80.toLocaleString("en-US"), n80Missing);
    out("n80-note").textContent = n80Note;

    const text =
      result.sePooled > 0
        ? `Null distribution of the observed difference B − A if both groups converted at the pooled rate ` +
          `${fixed(100 * result.pooled, 2)}%: normal with mean 0 and standard deviation ` +
          `${fixed(100 * result.sePooled, 2)} percentage points. The observed difference, ` +
          `${fixed(100 * result.diff, 2)} points, is the solid vertical line; the shaded ` +
          `${side === "two" ? "tails beyond it on both sides have" : "tail beyond it has"} area p = ${formatP(result.p, result.logP)}. ` +
          `Dashed vertical line${side === "two" ? "s" : ""}: the critical value${side === "two" ? "s" : ""} at α = ${plain(alpha)}, ` +
          `${side === "two" ? "±" : side === "greater" ? "+" : "−"}${fixed(100 * result.zCrit * result.sePooled, 2)} points.`
        : `No null distribution to draw: ${degenerate}.`;
    description.textContent = text;
    draw();
  }

  function withdraw(message) {
    latest = null;
    withdrawn = `No chart: ${message}`;
    results.hidden = true;
    rateNoteOut.hidden = true;
    description.textContent = withdrawn;
    draw();
  }

  const fields = bindFields(root, "ab", {
    fields: FIELDS,
    values: { na: 1000, xa: 100, nb: 1000, xb: 130, alpha: 0.05 },
    conflict: conversionConflicts,
    render,
    withdraw,
    status: root.querySelector("#ab-status"),
  });
  for (const radio of radios) radio.addEventListener("change", fields.rerender);
  trackPinnedHeight(figure, root);
  watchWidth(figure, draw);
}

onEveryPage("#ab-explorer", init);
