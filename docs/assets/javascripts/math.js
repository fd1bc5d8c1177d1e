// Typeset LaTeX with the site's own KaTeX, on the first load and after every
// instant navigation: what pymdownx.arithmatex marked on lesson pages, and the
// Markdown cells of notebook pages (which keep Jupyter's $...$ delimiters).
const MATH_SOURCES = [
  {
    selector: ".arithmatex",
    delimiters: [
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
  },
  {
    selector: ".jupyter-wrapper .jp-RenderedMarkdown",
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
    ],
  },
];

// A display formula can be wider than the column (on a phone, or once KaTeX's fonts have
// loaded) and then scrolls sideways: keyboard users must be able to reach it.
function makeWideFormulasFocusable() {
  for (const formula of document.querySelectorAll("div.arithmatex")) formula.tabIndex = 0;
}

document$.subscribe(({ body }) => {
  for (const { selector, delimiters } of MATH_SOURCES) {
    for (const element of body.querySelectorAll(selector)) {
      renderMathInElement(element, {
        delimiters,
        // A formula KaTeX cannot parse is a console error, which the browser tests catch.
        throwOnError: false,
        errorCallback: (message, error) => console.error(message, error),
      });
    }
  }
  makeWideFormulasFocusable();
});
