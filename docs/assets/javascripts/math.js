// Typeset the LaTeX that pymdownx.arithmatex marked, with the site's own KaTeX,
// on the first load and after every instant navigation.
document$.subscribe(({ body }) => {
  for (const element of body.querySelectorAll(".arithmatex")) {
    renderMathInElement(element, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      // A formula KaTeX cannot parse is a console error, which the browser tests catch.
      throwOnError: false,
      errorCallback: (message, error) => console.error(message, error),
    });
  }
});
