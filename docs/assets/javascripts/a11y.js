// Material's search overlay is a role="dialog" without a name; give it one.
document$.subscribe(() => {
  const search = document.querySelector(".md-search[role=dialog]");
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
});
