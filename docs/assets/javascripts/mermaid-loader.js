// Material for MkDocs draws ```mermaid fences with the global `mermaid`, and
// fetches it from a CDN when it is missing. This stand-in keeps the site
// self-contained: it loads the site's own copy, and only on a page that has a
// diagram (Material calls `render` only there), instant navigation included.
(() => {
  if (typeof window.mermaid !== "undefined") return;
  const source = new URL("../vendor/mermaid/mermaid.min.js", document.currentScript.src).href;
  let settings = {};
  let loading = null;

  function load() {
    loading ??= new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = source;
      script.onload = () => {
        window.mermaid.initialize(settings); // the real library replaced this stand-in
        resolve(window.mermaid);
      };
      script.onerror = () => reject(new Error(`could not load ${source}`));
      document.head.appendChild(script);
    });
    return loading;
  }

  window.mermaid = {
    initialize(options) {
      settings = options;
    },
    render(id, text) {
      return load().then((real) => real.render(id, text));
    },
  };
})();
