// Claims' marks (engine/claims.py). Hover and keyboard focus show a claim's tests by CSS
// alone; a click or a tap toggles them (touch screens have no hover), Escape closes them.
// Listeners sit on the document, so they keep working after Material's instant navigation.
(() => {
  const OPEN = '.claim-mark[aria-expanded="true"]';

  const closeAll = (except) => {
    for (const mark of document.querySelectorAll(OPEN)) {
      if (mark !== except) mark.setAttribute("aria-expanded", "false");
    }
  };

  // Keep a tooltip inside the window: shift it back when it would cross an edge.
  const place = (mark) => {
    const tip = mark.nextElementSibling;
    if (!tip) return;
    tip.style.removeProperty("--claim-shift");
    requestAnimationFrame(() => {
      const box = tip.getBoundingClientRect();
      if (!box.width || getComputedStyle(tip).position === "fixed") return;
      const margin = 8;
      const shift = Math.max(margin - box.left, 0) - Math.max(box.right - (window.innerWidth - margin), 0);
      if (shift) tip.style.setProperty("--claim-shift", `${shift}px`);
    });
  };

  document.addEventListener("click", (event) => {
    const mark = event.target.closest ? event.target.closest(".claim-mark") : null;
    closeAll(mark);
    if (!mark) return;
    const open = mark.getAttribute("aria-expanded") !== "true" || mark.classList.contains("claim-dismissed");
    mark.classList.remove("claim-dismissed");
    mark.setAttribute("aria-expanded", String(open));
    if (open) place(mark);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    closeAll(null);
    for (const mark of document.querySelectorAll(".claim-mark:hover, .claim-mark:focus")) {
      mark.classList.add("claim-dismissed");
    }
  });
  // A dismissed tooltip shows again once the pointer or the focus has left and come back.
  for (const type of ["mouseout", "focusout"]) {
    document.addEventListener(type, (event) => {
      const mark = event.target.closest ? event.target.closest(".claim-mark") : null;
      if (mark) mark.classList.remove("claim-dismissed");
    });
  }
  for (const type of ["focusin", "mouseover"]) {
    document.addEventListener(type, (event) => {
      const mark = event.target.closest ? event.target.closest(".claim-mark") : null;
      if (mark) place(mark);
    });
  }
})();
