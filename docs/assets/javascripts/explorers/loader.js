// Load an explorer's module only on a page that shows it (first load and after
// instant navigation), so the other pages fetch nothing more than this file.
(() => {
  const base = document.currentScript.src;
  const EXPLORERS = {
    "#mle-map-explorer": "mle-map.js",
    "#ab-explorer": "ab-test.js",
    "#two-groups-explorer": "two-groups.js",
  };
  document$.subscribe(() => {
    for (const [selector, file] of Object.entries(EXPLORERS)) {
      if (document.querySelector(selector)) {
        // The module sets itself up on document$; importing it again is a no-op.
        import(new URL(file, base).href).catch((error) => console.error(error));
      }
    }
  });
})();
