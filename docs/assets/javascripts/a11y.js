// Material's search overlay is a role="dialog" without a name; give it one.
document$.subscribe(() => {
  const search = document.querySelector(".md-search[role=dialog]");
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
});

// A wide table scrolls sideways inside Material's wrapper (on a phone, most do): keyboard
// users must be able to reach it (axe: scrollable-region-focusable).
document$.subscribe(() => {
  for (const wrapper of document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])")) {
    wrapper.tabIndex = 0;
  }
});
