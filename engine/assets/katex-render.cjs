// Typeset formulas with the project's pinned KaTeX, for engine/math_render.py.
// Reads a JSON array of {tex, display} on stdin; writes a JSON array of
// {html} or {error} in the same order. Run from the project folder, so that
// require() finds node_modules/katex.
"use strict";
const katex = require(require.resolve("katex", { paths: [process.cwd()] }));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(({ tex, display }) => {
    try {
      return { html: katex.renderToString(tex, { displayMode: display, throwOnError: true, output: "html" }) };
    } catch (error) {
      return { error: String(error.message || error) };
    }
  });
  process.stdout.write(JSON.stringify({ version: katex.version, results }));
});
