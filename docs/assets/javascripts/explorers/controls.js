// Inputs shared by the explorers: a slider and a number box kept in sync, checked
// as the reader types, and number formatting for the results.

const MINUS = "\u2212";

/** x with `decimals` decimals, a typographic minus, and never "−0.000". */
export function fixed(x, decimals) {
  if (Math.abs(x) < 0.5 * 10 ** -decimals) x = 0;
  return x.toFixed(decimals).replace("-", MINUS);
}

/** A shape parameter or count as typed: up to 4 decimals, no trailing zeros. */
export function plain(x) {
  return fixed(x, 4).replace(/\.?0+$/, "");
}

/**
 * Fill an <output>: the exact value in data-value (for tests and copy-paste), the
 * rounded text for the reader. `value === null` shows `undefinedText`.
 */
export function show(output, value, text, undefinedText = "undefined") {
  if (value === null || value === undefined || Number.isNaN(value)) {
    output.dataset.value = "undefined";
    output.textContent = undefinedText;
  } else {
    output.dataset.value = String(value);
    output.textContent = text(value);
  }
}

/**
 * A group of slider + number box pairs sharing one committed state.
 *
 * fields: {name: {min, max, integer, sliderMax, describe}}; min/max/sliderMax may be
 * functions of the committed values (a count of heads cannot exceed the tosses).
 * conflict(values, name) returns a message when the values cannot go together, and
 * repair(values, name) makes them consistent (used by sliders and when a box is left).
 * render(values) draws the results.
 */
export function bindFields(root, prefix, { fields, values, conflict, repair, render, status }) {
  const committed = { ...values };
  const bound = {};
  const resolve = (option) => (typeof option === "function" ? option(committed) : option);

  function limits(name) {
    const spec = fields[name];
    return { min: resolve(spec.min), max: resolve(spec.max), integer: Boolean(spec.integer) };
  }

  function syncAttributes() {
    for (const [name, { box, range }] of Object.entries(bound)) {
      const { min, max } = limits(name);
      box.min = String(min);
      box.max = String(max);
      const value = committed[name];
      const sliderMax = Math.max(resolve(fields[name].sliderMax ?? max), value);
      range.min = String(Math.min(min, value));
      range.max = String(sliderMax);
      range.disabled = Number(range.max) <= Number(range.min);
      range.value = String(value);
      range.setAttribute("aria-valuetext", plain(value));
    }
  }

  function setError(name, message) {
    const { box, error } = bound[name];
    if (message) {
      box.setAttribute("aria-invalid", "true");
      error.textContent = message;
      error.hidden = false;
    } else {
      box.removeAttribute("aria-invalid");
      error.textContent = "";
      error.hidden = true;
    }
  }

  function anyError() {
    return Object.values(bound).some(({ box }) => box.getAttribute("aria-invalid") === "true");
  }

  function refreshStatus() {
    const stale = anyError();
    root.classList.toggle("explorer--stale", stale);
    if (status) {
      status.textContent = stale ? "The results below are for the last valid inputs; correct the box marked in red." : "";
    }
  }

  function parse(name, text) {
    const { min, max, integer } = limits(name);
    const value = text.trim() === "" ? Number.NaN : Number(text);
    const what = integer ? "a whole number" : "a number";
    const ok = Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
    return ok ? { value } : { error: `Enter ${what} from ${plain(min)} to ${plain(max)}.` };
  }

  function commit(next) {
    Object.assign(committed, next);
    for (const [name, { box }] of Object.entries(bound)) {
      if (document.activeElement !== box || Number(box.value) !== committed[name]) box.value = plain(committed[name]);
      setError(name, "");
    }
    syncAttributes();
    refreshStatus();
    render({ ...committed });
  }

  for (const name of Object.keys(fields)) {
    const box = root.querySelector(`#${prefix}-${name}`);
    const range = root.querySelector(`#${prefix}-${name}-range`);
    const error = root.querySelector(`#${prefix}-${name}-error`);
    bound[name] = { box, range, error };

    range.addEventListener("input", () => {
      const next = { ...committed, [name]: Number(range.value) };
      commit(conflict(next, name) ? repair(next, name) : next);
    });

    box.addEventListener("input", () => {
      const parsed = parse(name, box.value);
      if (parsed.error) {
        setError(name, parsed.error);
        refreshStatus();
        return;
      }
      const next = { ...committed, [name]: parsed.value };
      const message = conflict(next, name);
      if (message) {
        setError(name, message);
        refreshStatus();
        return;
      }
      commit(next);
    });

    // Leaving the box (or pressing Enter) settles it: a bad entry goes back to the
    // last valid value, a conflicting one is repaired.
    box.addEventListener("change", () => {
      const parsed = parse(name, box.value);
      if (parsed.error) {
        box.value = plain(committed[name]);
        setError(name, "");
        refreshStatus();
        return;
      }
      const next = { ...committed, [name]: parsed.value };
      commit(conflict(next, name) ? repair(next, name) : next);
    });
  }

  commit(committed);
  return { values: () => ({ ...committed }), rerender: () => render({ ...committed }) };
}

/** Run `init(root)` for every element matching `selector` on each page Material shows. */
export function onEveryPage(selector, init) {
  // document$ is Material's observable of page loads, instant navigation included.
  window.document$.subscribe(() => {
    for (const root of document.querySelectorAll(selector)) {
      if (root.dataset.explorerReady) continue;
      root.dataset.explorerReady = "true";
      try {
        init(root);
      } catch (error) {
        root.classList.add("explorer--broken");
        console.error(error);
      }
    }
  });
}
