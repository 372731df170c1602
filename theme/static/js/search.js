// Starts the Pagefind search UI on /suche/. A file, not inline, so the page's
// Content-Security-Policy can forbid inline scripts. The page works without it: the
// <noscript> text links to the region overview and the news.
window.addEventListener("DOMContentLoaded", function () {
  var target = document.getElementById("suche");
  if (!target || typeof PagefindUI === "undefined") return;
  var query = new URLSearchParams(window.location.search).get("q");
  var ui = new PagefindUI({
    element: "#suche",
    // Result links must carry SITEURL, also where the site lives below a path.
    baseUrl: target.getAttribute("data-base-url") || "/",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    translations: {
      placeholder: "Suchbegriff, z. B. Fachkräfte, Allgäu oder Grüne Woche",
      zero_results: "Keine Treffer für [SEARCH_TERM]",
    },
  });
  if (query) ui.triggerSearch(query);
});
