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

/**
 * Draw into `svg` (emptied first). spec: {width, height, x: {domain, label, format},
 * y: {domain, label}, areas: [{points, className}], lines: [{points, className}],
 * markers: [{x, className}]}. Points are [x, y]; y beyond the top is clipped.
 */
export function drawChart(svg, spec) {
  const { width, height } = spec;
  const margin = { left: 52, right: 14, top: 12, bottom: 46 };
  const [x0, x1] = spec.x.domain;
  const [y0, y1] = spec.y.domain;
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
  const clipId = `${svg.id}-clip`;
  const clip = svgElement("clipPath", { id: clipId }, svgElement("defs", {}, svg));
  svgElement("rect", { x: margin.left, y: margin.top, width: plotWidth, height: plotHeight }, clip);

  // Axes, ticks and labels.
  const axes = svgElement("g", { class: "explorer-axes", "aria-hidden": "true" }, svg);
  const xTicks = niceTicks(x0, x1, width < 420 ? 4 : 6);
  const xDecimals = tickDecimals(xTicks);
  for (const tick of xTicks) {
    const x = sx(tick);
    svgElement("line", { x1: x, x2: x, y1: margin.top, y2: margin.top + plotHeight, class: "explorer-grid" }, axes);
    const label = svgElement("text", { x, y: margin.top + plotHeight + 18, "text-anchor": "middle" }, axes);
    label.textContent = formatTick(tick, xDecimals);
  }
  const yTicks = niceTicks(y0, y1, 4);
  const yDecimals = tickDecimals(yTicks);
  for (const tick of yTicks) {
    const y = sy(tick);
    svgElement("line", { x1: margin.left, x2: margin.left + plotWidth, y1: y, y2: y, class: "explorer-grid" }, axes);
    const label = svgElement("text", { x: margin.left - 6, y: y + 4, "text-anchor": "end" }, axes);
    label.textContent = formatTick(tick, yDecimals);
  }
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
