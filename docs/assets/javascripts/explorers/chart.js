// A very small SVG line chart: axes with round ticks, lines, shaded areas, markers.
// Colours and dash patterns come from CSS classes (explorers.css), so the chart
// follows the light and dark palettes.

const SVG_NS = "http://www.w3.org/2000/svg";

export function svgElement(name, attributes = {}, parent = null) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (parent) parent.appendChild(element);
  return element;
}

/** About `count` round tick values (1, 2 or 5 times a power of ten) covering [lo, hi]. */
export function niceTicks(lo, hi, count = 5) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const first = Math.ceil(lo / step - 1e-9);
  const ticks = [];
  for (let i = first; i * step <= hi + step * 1e-9; i += 1) ticks.push(i * step);
  return ticks;
}

/** The smallest round step (1, 2 or 5 times a power of ten) at least `raw`. */
function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * (1 - 1e-9));
}

/**
 * [lo, hi] widened to round ticks at both ends, within [min, max], with at most
 * `count` + 1 ticks: {domain, ticks}.
 */
export function niceDomain(lo, hi, count, [min, max] = [-Infinity, Infinity]) {
  let step = niceStep((hi - lo) / count);
  for (;;) {
    const first = Math.max(Math.floor(lo / step + 1e-9), Math.ceil(min / step - 1e-9));
    const last = Math.min(Math.ceil(hi / step - 1e-9), Math.floor(max / step + 1e-9));
    if (last - first <= count) {
      const ticks = [];
      for (let i = first; i <= last; i += 1) ticks.push(i * step);
      return { domain: [Math.max(min, first * step), Math.min(max, last * step)], ticks };
    }
    step = niceStep(step * 1.01);
  }
}

/** Decimals needed to print ticks spaced `step` apart. */
export function tickDecimals(ticks) {
  if (ticks.length < 2) return 0;
  const step = Math.abs(ticks[1] - ticks[0]);
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

export function formatTick(value, decimals) {
  const text = (Math.abs(value) < 10 ** -(decimals + 1) ? 0 : value).toFixed(decimals);
  return text.replace("-", "\u2212");
}

/** The number of x ticks that stay legible at this chart width. */
export function xTickCount(width) {
  return width < 420 ? 4 : 6;
}

const MARGIN = { left: 52, right: 14, top: 12, bottom: 46 };

/**
 * Draw into `svg` (emptied first). spec: {width, height, x: {domain, label, ticks},
 * y: {domain, label}, areas: [{points, className}], lines: [{points, className}],
 * markers: [{x, className}]}. Points are [x, y]; y beyond the top is clipped. The
 * scales are left on the svg (data-x-domain, data-y-domain, data-plot) for the tests.
 */
export function drawChart(svg, spec) {
  const { width, height } = spec;
  const [x0, x1] = spec.x.domain;
  const xTicks = spec.x.ticks ?? niceTicks(x0, x1, xTickCount(width));
  const xDecimals = tickDecimals(xTicks);
  // Room on the right for half of the last tick label (about 7 px a character at 12 px).
  const lastLabel = formatTick(xTicks[xTicks.length - 1], xDecimals);
  const [y0, y1] = spec.y.domain;
  const yTicks = niceTicks(y0, y1, 4);
  const yDecimals = tickDecimals(yTicks);
  const yLabels = yTicks.map((tick) => formatTick(tick, yDecimals));
  // Room on the left for the longest y tick label beside the rotated axis label.
  const widest = Math.max(...yLabels.map((label) => label.length));
  const margin = {
    ...MARGIN,
    left: Math.max(MARGIN.left, 20 + Math.ceil(widest * 7) + 8),
    right: Math.max(MARGIN.right, Math.ceil(lastLabel.length * 3.6) + 4),
  };
  const plotWidth = Math.max(10, width - margin.left - margin.right);
  const plotHeight = Math.max(10, height - margin.top - margin.bottom);
  const sx = (x) => margin.left + ((x - x0) / (x1 - x0)) * plotWidth;
  const sy = (y) => margin.top + plotHeight - ((Math.min(y, y1 * 1.5) - y0) / (y1 - y0)) * plotHeight;
  const path = (points) =>
    points
      .filter(([, y]) => !Number.isNaN(y))
      .map(([x, y], i) => `${i ? "L" : "M"}${sx(x).toFixed(2)},${sy(Math.max(y, y0)).toFixed(2)}`)
      .join("");

  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.dataset.xDomain = `${x0} ${x1}`;
  svg.dataset.yDomain = `${y0} ${y1}`;
  svg.dataset.plot = `${margin.left} ${margin.top} ${plotWidth} ${plotHeight}`;
  const clipId = `${svg.id}-clip`;
  const clip = svgElement("clipPath", { id: clipId }, svgElement("defs", {}, svg));
  svgElement("rect", { x: margin.left, y: margin.top, width: plotWidth, height: plotHeight }, clip);

  // Axes, ticks and labels.
  const axes = svgElement("g", { class: "explorer-axes", "aria-hidden": "true" }, svg);
  for (const tick of xTicks) {
    const x = sx(tick);
    svgElement("line", { x1: x, x2: x, y1: margin.top, y2: margin.top + plotHeight, class: "explorer-grid" }, axes);
    const label = svgElement("text", { x, y: margin.top + plotHeight + 18, "text-anchor": "middle" }, axes);
    label.textContent = formatTick(tick, xDecimals);
  }
  yTicks.forEach((tick, i) => {
    const y = sy(tick);
    svgElement("line", { x1: margin.left, x2: margin.left + plotWidth, y1: y, y2: y, class: "explorer-grid" }, axes);
    const label = svgElement("text", { x: margin.left - 6, y: y + 4, "text-anchor": "end" }, axes);
    label.textContent = yLabels[i];
  });
  svgElement(
    "path",
    {
      d: `M${margin.left},${margin.top}V${margin.top + plotHeight}H${margin.left + plotWidth}`,
      class: "explorer-axis",
    },
    axes,
  );
  const xLabel = svgElement(
    "text",
    { x: margin.left + plotWidth / 2, y: height - 6, "text-anchor": "middle", class: "explorer-axis-label" },
    axes,
  );
  xLabel.textContent = spec.x.label;
  const yLabel = svgElement(
    "text",
    {
      x: -(margin.top + plotHeight / 2),
      y: 14,
      transform: "rotate(-90)",
      "text-anchor": "middle",
      class: "explorer-axis-label",
    },
    axes,
  );
  yLabel.textContent = spec.y.label;

  // Data, clipped to the plot area.
  const data = svgElement("g", { "clip-path": `url(#${clipId})`, "aria-hidden": "true" }, svg);
  for (const area of spec.areas ?? []) {
    if (area.points.length < 2) continue;
    const first = area.points[0][0];
    const last = area.points[area.points.length - 1][0];
    const d = `${path(area.points)}L${sx(last).toFixed(2)},${sy(y0)}L${sx(first).toFixed(2)},${sy(y0)}Z`;
    svgElement("path", { d, class: area.className }, data);
  }
  for (const line of spec.lines ?? []) {
    svgElement("path", { d: path(line.points), class: line.className, fill: "none" }, data);
  }
  for (const marker of spec.markers ?? []) {
    if (marker.x === null || !Number.isFinite(marker.x)) continue;
    const x = Math.min(Math.max(sx(marker.x), margin.left + 1), margin.left + plotWidth - 1);
    svgElement("line", { x1: x, x2: x, y1: margin.top, y2: margin.top + plotHeight, class: marker.className }, data);
  }
}

/** An empty chart of the same size holding only `text`, wrapped to the width. */
export function drawMessage(svg, { width, height }, text) {
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  for (const key of ["xDomain", "yDomain", "plot"]) delete svg.dataset[key];
  svgElement("rect", { x: 0.5, y: 0.5, width: width - 1, height: height - 1, class: "explorer-frame" }, svg);
  const perLine = Math.max(20, Math.floor((width - 32) / 7.5));
  const lines = [];
  for (const word of text.split(" ")) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] + " " + word).length <= perLine) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  const top = height / 2 - ((lines.length - 1) * 18) / 2;
  const message = svgElement("text", { x: width / 2, y: top, "text-anchor": "middle", class: "explorer-chart-message" }, svg);
  lines.forEach((line, i) => {
    const span = svgElement("tspan", { x: width / 2, dy: i ? 18 : 0 }, message);
    span.textContent = line;
  });
}

/** Redraw when the chart's container changes width; stops once the page is left. */
export function watchWidth(container, redraw) {
  let last = container.clientWidth;
  const observer = new ResizeObserver(() => {
    if (!container.isConnected) {
      observer.disconnect();
      return;
    }
    if (container.clientWidth !== last) {
      last = container.clientWidth;
      redraw();
    }
  });
  observer.observe(container);
}

/**
 * Keep `--explorer-pinned` on `root` equal to the figure's height, so that a control
 * scrolled into view stops below the chart pinned above it (explorers.css).
 */
export function trackPinnedHeight(figure, root) {
  const set = () => root.style.setProperty("--explorer-pinned", `${Math.ceil(figure.getBoundingClientRect().height)}px`);
  const observer = new ResizeObserver(() => {
    if (!figure.isConnected) observer.disconnect();
    else set();
  });
  observer.observe(figure);
  set();
}
