// Starts the Pagefind search UI on /suche/. A file, not inline, so the page's
// Content-Security-Policy can forbid inline scripts. The page works without it: the
// <noscript> text links to the region overview and the news.
//
// A large site's index comes in bundles (plugins/regional_showcase/search_bundles.py):
// pagefind/bundles.json lists the further ones, which the UI merges into every search.
window.addEventListener("DOMContentLoaded", function () {
  var target = document.getElementById("suche");
  if (!target || typeof PagefindUI === "undefined") return;
  // Result links must carry SITEURL, also where the site lives below a path.
  var base = target.getAttribute("data-base-url") || "/";
  var lang = document.documentElement.lang;

  function start(further) {
    var query = new URLSearchParams(window.location.search).get("q");
    var ui = new PagefindUI({
      element: "#suche",
      baseUrl: base,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      // Only bundles with pages in this page's language: the English search stays English.
      mergeIndex: further
        .filter(function (bundle) { return bundle.languages.indexOf(lang) !== -1; })
        .map(function (bundle) { return { bundlePath: base + bundle.path }; }),
      // In the page's language: the template translates them (the English edition too).
      translations: {
        placeholder: target.getAttribute("data-placeholder"),
        zero_results: target.getAttribute("data-zero-results"),
      },
    });
    if (query) ui.triggerSearch(query);
  }

  fetch(base + "pagefind/bundles.json")
    .then(function (response) { return response.ok ? response.json() : { bundles: [] }; })
    .then(function (list) { start(list.bundles || []); })
    .catch(function () { start([]); });
});
