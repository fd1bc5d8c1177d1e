// Inputs shared by the explorers: a slider and a number box kept in sync, checked
// as the reader types, and number formatting for the results.

const MINUS = "\u2212";
const SUPERSCRIPT = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3", 4: "\u2074", 5: "\u2075", 6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };

/** x with `decimals` decimals, a typographic minus, and never "−0.000". */
export function fixed(x, decimals) {
  if (Math.abs(x) < 0.5 * 10 ** -decimals) x = 0;
  return x.toFixed(decimals).replace("-", MINUS);
}

/** A count as a reader writes it, with its noun in the singular or plural: "1 visitor", "1,000 visitors". */
export function counted(x, noun, nouns = `${noun}s`) {
  return `${x.toLocaleString("en-US")} ${x === 1 ? noun : nouns}`;
}

/** The groups (a, b) with more conversions than visitors: each refused with its message. */
export function conversionConflicts(v) {
  return ["a", "b"]
    .filter((g) => v[`x${g}`] > v[`n${g}`])
    .map((g) => ({
      fields: [`n${g}`, `x${g}`],
      message:
        `Group ${g.toUpperCase()} has ${counted(v[`x${g}`], "conversion")} but only ` +
        `${counted(v[`n${g}`], "visitor")}: raise the visitors or lower the conversions.`,
    }));
}

/** A shape parameter or count as typed: up to 4 decimals, no trailing zeros. */
export function plain(x) {
  return fixed(x, 4).replace(/\.?0+$/, "");
}

/** 10 to an integer power, written as a reader writes it: 10⁻³⁰⁰. */
export function powerOfTen(exponent) {
  return `10${[...String(exponent)].map((c) => SUPERSCRIPT[c]).join("")}`;
}

/**
 * A positive number given by its natural log, in scientific notation with three
 * significant digits ("3.95 × 10⁻⁵⁷"): exact however small, since only the log is used.
 */
export function scientificFromLog(logValue) {
  const log10 = logValue / Math.LN10;
  let exponent = Math.floor(log10);
  let mantissa = 10 ** (log10 - exponent);
  if (Number(mantissa.toFixed(2)) >= 10) {
    mantissa = 1;
    exponent += 1;
  }
  return `${mantissa.toFixed(2)} \u00d7 ${powerOfTen(exponent)}`;
}

/**
 * Fill an <output>: the exact value in data-value (for tests and copy-paste), the
 * rounded text for the reader. A quantity that does not exist (`value === null`)
 * shows `missing`, a phrase saying why in words ("no MLE: no tosses yet"), and
 * data-value "none".
 */
export function show(output, value, text, missing) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    output.dataset.value = "none";
    output.textContent = missing;
  } else {
    output.dataset.value = String(value);
    output.textContent = text(value);
  }
}

/**
 * A group of slider + number box pairs. Every input is taken as the reader gives it
 * and never changes another field. A value out of range, or values that cannot go
 * together, are refused: a message under the field, and no results until they agree.
 *
 * fields: {name: {min, max, integer, sliderMax, label}}; sliderMax may be a function of
 * the current values (the heads slider ends at the number of tosses).
 * conflict(values) returns [] or [{fields: [names], message}] for values that cannot
 * go together (more heads than tosses).
 * render(values) draws the results of consistent values; withdraw(message) removes
 * them while the inputs are not.
 */
export function bindFields(root, prefix, { fields, values, conflict, render, withdraw, status }) {
  const current = { ...values };
  const bound = {};
  let lastEdited = null;
  let consistent = true;
  const resolve = (option) => (typeof option === "function" ? option(current) : option);

  function syncSliders() {
    for (const [name, { range }] of Object.entries(bound)) {
      const spec = fields[name];
      const value = current[name];
      if (value === null) continue; // the box holds no valid number: the slider stays put
      const end = resolve(spec.sliderMax ?? spec.max);
      range.min = String(Math.min(spec.min, value));
      // The slider's end depends on other values only while they are valid.
      if (end !== null && end !== undefined) range.max = String(Math.max(end, value));
      else range.max = String(Math.max(Number(range.max), value));
      range.disabled = Number(range.max) <= Number(range.min);
      range.value = String(value);
      range.setAttribute("aria-valuetext", plain(value));
    }
  }

  function setError(name, message, describedBy = []) {
    const { box, error } = bound[name];
    const ids = [`${prefix}-${name}-error`, ...describedBy];
    box.setAttribute("aria-describedby", ids.join(" "));
    if (message !== null) {
      box.setAttribute("aria-invalid", "true");
      error.textContent = message;
      error.hidden = message === "";
    } else {
      box.removeAttribute("aria-invalid");
      error.textContent = "";
      error.hidden = true;
    }
  }

  function parse(name, text) {
    const { min, max, integer } = fields[name];
    const value = text.trim() === "" ? Number.NaN : Number(text);
    const what = integer ? "a whole number" : "a number";
    const ok = Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
    return ok ? { value } : { error: `Enter ${what} from ${plain(min)} to ${plain(max)}.` };
  }

  // Check every box; show the results only when all of them are valid and agree.
  function evaluate() {
    const problems = [];
    for (const [name, { box }] of Object.entries(bound)) {
      const parsed = parse(name, box.value);
      current[name] = parsed.error ? null : parsed.value;
      setError(name, parsed.error ?? null);
      if (parsed.error) problems.push({ name, message: parsed.error });
    }
    if (!problems.length) {
      for (const clash of conflict({ ...current })) {
        // The message goes under the field just changed; the others point to it.
        const owner = clash.fields.includes(lastEdited) ? lastEdited : clash.fields[0];
        for (const name of clash.fields) {
          if (name === owner) setError(name, clash.message);
          else setError(name, "", [`${prefix}-${owner}-error`]);
        }
        problems.push({ name: owner, message: clash.message });
      }
    }
    syncSliders();
    consistent = problems.length === 0;
    root.classList.toggle("explorer--invalid", !consistent);
    if (consistent) {
      if (status) status.textContent = "";
      render({ ...current });
      return;
    }
    const where = [...new Set(problems.map(({ name }) => fields[name].label))].join(", ");
    const message = `No results until the inputs are consistent: see the message under ${where}.`;
    if (status) status.textContent = message;
    withdraw(problems[0].message);
  }

  for (const name of Object.keys(fields)) {
    const box = root.querySelector(`#${prefix}-${name}`);
    const range = root.querySelector(`#${prefix}-${name}-range`);
    const error = root.querySelector(`#${prefix}-${name}-error`);
    bound[name] = { box, range, error };

    range.addEventListener("input", () => {
      lastEdited = name;
      box.value = plain(Number(range.value));
      evaluate();
    });
    box.addEventListener("input", () => {
      lastEdited = name;
      evaluate();
    });
  }

  for (const [name, { box }] of Object.entries(bound)) box.value = plain(current[name]);
  evaluate();
  return {
    values: () => ({ ...current }),
    rerender: () => (consistent ? render({ ...current }) : undefined),
  };
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
