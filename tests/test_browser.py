"""The published site in a real browser: accessibility, layout, privacy and keyboard use.

Debian's Chromium (/usr/bin/chromium), driven by Playwright, loads the shared publish build
without a web server: a route handler answers every request for the site's host from the
files in `published.output` and records and aborts every request for any other host. Each
page is checked at 375 px, some dark too and one page of each template at 1280 px too (each
loaded once, then shown in its other views), with axe-core (WCAG 2.0/2.1 A and AA), for
console errors, for cookies, for requests leaving the site and for horizontal scrolling. With SHOWCASE_SCREENSHOTS=1 a full-page screenshot of each goes to
test-artifacts/screenshots/ for a human look (`make screenshots`); not by default, as they
cost a third of the module's time.

axe-core comes into each document of a tab as Playwright's init script (CDP's
addScriptToEvaluateOnNewDocument, which the pages' Content-Security-Policy does not govern),
and where a test opens a context of its own, from the site's own origin (a reserved path the
route handler serves from node_modules): never as an inline script, which the policy
(`script-src 'self'`) blocks, and never with the policy switched off by `bypass_csp`, which
would also hide the policy violations this module reports as console errors.
"""

from __future__ import annotations

import json
import mimetypes
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest

from expectations import region_data
from sitebuild import PUBLISH_URL, ROOT

if TYPE_CHECKING:  # playwright takes seconds to import; `make test-fast` never needs it
    from playwright.sync_api import Browser, Page

# Every test here builds a site or reads the shared build.
pytestmark = [pytest.mark.build, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL_PATH = "/__test__/axe.min.js"  # never a file of the site; served by the route handler
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
SITE_HOST = urlsplit(PUBLISH_URL).netloc

MOBILE, DESKTOP = 375, 1280
VIEWPORT_HEIGHT = {MOBILE: 812, DESKTOP: 800}
POST = "post"  # resolved from the build: the first post under aktuelles/<year>/
PAGES = {
    "home": "/",
    "regionen": "/regionen/",
    # The comparison: a wide table that scrolls in its own box on phones, never the page.
    "vergleich": "/regionen/vergleich/",
    "region": "/regionen/koblenz-mittelrhein/",
    "aktuelles": "/aktuelles/",
    POST: None,
    "thema": "/themen/fachkraefte/",
    "feeds": "/feeds/",
    "termine": "/termine/",  # runs js/events.js
    "termin": "/termine/2019/eroeffnung-welcome-center-stettiner-haff-2019/",
    "daten": "/daten/",
    # The press area: releases, contacts, the drawings with their downloads, the facts sheet.
    "presse": "/presse/",
    "presse-mitteilung": "/presse/2022/leitfaden-regionale-zusammenarbeit/",
    "presse-fakten": "/presse/fakten/",
    "404": "/404.html",
    "impressum": "/impressum/",
    "datenschutz": "/datenschutz/",
    "barrierefreiheit": "/barrierefreiheit/",
    "ueber-das-projekt": "/ueber-das-projekt/",
    "leichte-sprache": "/leichte-sprache/",
    # A region in Leichte Sprache: larger type, a line per statement, the word list (<dl>).
    "leichte-sprache-region": "/leichte-sprache/regionen/ems-achse/",
    # The one page that runs Pagefind, with results shown (every element of the empty page is
    # there too; the English search page below is checked empty).
    "suche": "/suche/?q=Papenburg",
    # The English edition: one page of each template, and the page for people from abroad.
    "en-home": "/en/",
    "en-regions": "/en/regions/",
    "en-compare": "/en/regions/compare/",
    "en-region": "/en/regions/vorpommern/",
    "en-news": "/en/news/",
    "en-post": "/en/news/2023/welcome-center-stettiner-haff/",
    "en-topic": "/en/topics/fachkraefte/",
    "en-moving-here": "/en/moving-here/",
    "en-search": "/en/search/",
    "en-press": "/en/press/",
}
# Pagefind brings its own colours: the search page, results shown, is checked dark as well.
DARK_PAGES = ["home", "region", "vergleich", POST, "suche", "leichte-sprache-region", "presse"]
# Every page at phone width, where most readers are and where overflow shows; at desktop width
# one page of each template (the German and English pages of a template share it, and so do
# the legal pages), plus the English home page for its longer map labels and menu.
DESKTOP_PAGES = [
    "home",
    "regionen",
    "vergleich",
    "region",
    "aktuelles",
    POST,
    "thema",
    "feeds",
    "termine",
    "termin",
    "daten",
    "presse",
    "presse-mitteilung",
    "presse-fakten",
    "404",
    "ueber-das-projekt",
    "leichte-sprache-region",
    "suche",
    "en-home",
]

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".xsl": "application/xslt+xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
}

# Keyboard-focusable elements in DOM order, as sequential focus navigation visits them when
# no element has a positive tabindex. Hidden ones (display:none, visibility:hidden, inside a
# closed <details>) are left out: checkVisibility() knows about all three.
FOCUSABLE_JS = """
() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea,'
    + ' summary, iframe, [tabindex], [contenteditable=""], [contenteditable=true]';
  const all = [...document.querySelectorAll(selector)].filter(el =>
    !el.disabled
    && !(el.tagName === 'SUMMARY' && el.parentElement.tagName !== 'DETAILS')
    && !(el.tagName === 'SUMMARY' && el.parentElement.querySelector(':scope > summary') !== el)
    && (el.getAttribute('tabindex') === null || el.tabIndex >= 0)
    && el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true}));
  all.forEach((el, i) => el.setAttribute('data-test-focus-index', String(i)));
  return all.map(el => el.outerHTML.split('>')[0].slice(0, 120) + '>');
}
"""

ACTIVE_ELEMENT_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {index: null, tag: 'body', html: '<body>'};
  const r = el.getBoundingClientRect();
  const cs = getComputedStyle(el);
  return {
    index: el.getAttribute('data-test-focus-index'),
    tag: el.tagName.toLowerCase(),
    id: el.id,
    cls: el.className,
    html: el.outerHTML.split('>')[0].slice(0, 120) + '>',
    box: {x: r.x, y: r.y, width: r.width, height: r.height},
    viewport: {width: document.documentElement.clientWidth, height: innerHeight},
    clip: cs.clip,
    clipPath: cs.clipPath,
    onTop: el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)),
  };
}
"""

OVERFLOW_JS = """
() => {
  const root = document.documentElement;
  const limit = root.clientWidth;
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > limit + 0.5 && r.width > 0 && el.checkVisibility({visibilityProperty: true})) {
      // Report the innermost offenders only: skip an element whose child overflows too.
      const childOverflows = [...el.children].some(c => c.getBoundingClientRect().right > limit + 0.5);
      if (!childOverflows) culprits.push(el.outerHTML.split('>')[0].slice(0, 100)
        + '> right=' + Math.round(r.right) + 'px');
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: limit, culprits: culprits.slice(0, 8)};
}
"""

# Lazy images below the first screen would never load in a full-page screenshot, and would
# never reach the route handler: load them all, then list those that did not decode.
LOAD_IMAGES_JS = """
async () => {
  const images = [...document.images];
  images.forEach(img => { if (img.loading === 'lazy') img.loading = 'eager'; });
  await Promise.all(images.map(img => img.decode().catch(() => null)));
  return images.filter(img => !img.naturalWidth).map(img => img.currentSrc || img.src);
}
"""

# axe-core leaves out the text typed into a field: the search query was white on white in
# dark mode. WCAG's contrast of every filled text field against the first opaque background
# behind it; the ones below 4.5:1.
FIELD_CONTRAST_JS = """
() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => [r, g, b]
    .map(v => v / 255).map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll('input, textarea')]
    .filter(el => el.value && el.offsetParent !== null)
    .map(el => {
      const [a, b] = [luminance(rgb(getComputedStyle(el).color)), luminance(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      return {field: el.outerHTML.split('>')[0].slice(0, 100), ratio: Math.round(ratio * 100) / 100};
    })
    .filter(f => f.ratio < 4.5);
}
"""

AXE_RUN_JS = """
async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
  }));
}
"""


# ---------- serving the build from a route handler ----------


@dataclass
class Visit:
    """One page as loaded in a tab, with everything it asked for and complained about."""

    page: Page
    tab: Tab | None = None
    external: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    return (
        CONTENT_TYPES.get(suffix)
        or mimetypes.guess_type(path.name)[0]
        or "application/octet-stream"
    )


def site_file(output: Path, url_path: str) -> Path | None:
    """The output file behind a URL path, or None (directory URLs serve their index.html)."""
    relative = unquote(url_path).lstrip("/")
    candidate = (output / relative).resolve()
    if not candidate.is_relative_to(output.resolve()):
        return None
    if url_path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def make_handler(output: Path, visit: Visit):
    not_found = (output / "404.html").read_bytes()

    def handle(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.netloc != SITE_HOST:
            visit.external.append(f"{route.request.resource_type}: {url}")
            route.abort()
            return
        if parts.path == AXE_URL_PATH:
            route.fulfill(
                status=200, body=AXE_SOURCE.read_bytes(), content_type=CONTENT_TYPES[".js"]
            )
            return
        target = site_file(output, parts.path)
        if target is None:
            visit.missing.append(url)
            route.fulfill(status=404, body=not_found, content_type=CONTENT_TYPES[".html"])
            return
        route.fulfill(status=200, body=target.read_bytes(), content_type=content_type(target))

    return handle


@dataclass
class Tab:
    """A page kept open and used by visit after visit, one per JavaScript setting (a context
    option); each visit sets its own viewport and colour scheme. A fresh context for each
    visit cost twice the CPU time: a renderer that has run axe once runs it again in a third
    of the time, as V8 keeps what it compiled, and a new context starts a new renderer.
    Each visit is a new document, so no script state or focus carries over; a stop at
    about:blank between visits would cost a renderer of another site, cold again."""

    browser: Browser
    page: Page
    visit: Visit | None = None
    handler: Callable | None = None
    width: int = 0
    color_scheme: str = "light"

    def view(self, width: int, color_scheme: str) -> bool:
        """Set the viewport's width and the colour scheme; whether either changed."""
        if (self.width, self.color_scheme) == (width, color_scheme):
            return False
        if self.width != width:
            height = VIEWPORT_HEIGHT.get(width, 800)
            self.page.set_viewport_size({"width": width, "height": height})
            self.width = width
        if self.color_scheme != color_scheme:
            self.page.emulate_media(color_scheme=color_scheme)
            self.color_scheme = color_scheme
        return True


_TABS: dict[tuple, Tab] = {}


def tab_for(browser: Browser, *, javascript: bool) -> Tab:
    key = (id(browser), javascript)
    tab = _TABS.get(key)
    if tab is not None and tab.browser is browser and not tab.page.is_closed():
        return tab
    context = browser.new_context(
        color_scheme="light",
        java_script_enabled=javascript,
        reduced_motion="reduce",
        locale="de-DE",
        service_workers="block",
    )
    if javascript:
        # axe-core in every document of this tab, before the page's own scripts: sent to
        # Chromium once, where a script tag per visit went through the route handler (half a
        # megabyte through Python and Playwright's driver each time, a tenth of a visit's CPU).
        context.add_init_script(path=AXE_SOURCE)
    tab = Tab(browser, context.new_page())

    def route(request_route) -> None:
        if tab.handler is None:  # a request of the last page after its visit ended
            request_route.abort()
        else:
            tab.handler(request_route)

    def console(message) -> None:
        if tab.visit is not None and message.type == "error":
            tab.visit.console.append(f"console.error: {message.text}")

    def page_error(error) -> None:
        if tab.visit is not None:
            tab.visit.console.append(f"pageerror: {error}")

    context.route("**/*", route)
    tab.page.on("console", console)
    tab.page.on("pageerror", page_error)
    _TABS[key] = tab
    return tab


@contextmanager
def visit_page(
    browser: Browser,
    output: Path,
    url_path: str,
    *,
    width: int,
    color_scheme: str = "light",
    javascript: bool = True,
) -> Iterator[Visit]:
    tab = tab_for(browser, javascript=javascript)
    page = tab.page
    tab.view(width, color_scheme)
    page.context.clear_cookies()
    visit = Visit(page, tab)
    tab.visit, tab.handler = visit, make_handler(output, visit)
    try:
        page.goto(PUBLISH_URL + url_path, wait_until="load")
        if javascript:
            visit.broken_images = page.evaluate(LOAD_IMAGES_JS)
            if "?q=" in url_path:  # a search: Pagefind lists its results after `load`
                page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15_000)
        yield visit
    finally:
        # What the page still does until the next visit navigates away belongs to nobody.
        tab.visit = tab.handler = None
        if not page.is_closed():
            # Routes a test added to the page end with its visit (the tab's own route is the
            # context's); one left behind answered the next visit's request for axe.
            page.unroute_all(behavior="ignoreErrors")


def show_as(visit: Visit, *, width: int, color_scheme: str) -> None:
    """The loaded page at another width or in another colour scheme, without loading it again:
    the theme follows both by CSS media queries alone (no script of it reads either:
    test_theme_scripts.py), and the images are loaded once more, as a new width can choose
    other candidates of a srcset."""
    if visit.tab.view(width, color_scheme):
        visit.broken_images = visit.page.evaluate(LOAD_IMAGES_JS)


# ---------- reporting ----------


def run_axe(page: Page) -> list[dict]:
    if not page.evaluate("typeof axe !== 'undefined'"):  # the tab's init script, or once
        page.add_script_tag(url=PUBLISH_URL + AXE_URL_PATH)
    return page.evaluate(AXE_RUN_JS, AXE_TAGS)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:10]:
            lines.append(f"      at {node['target']}")
            lines.append(f"         {node['html'][:200]}")
            for detail in (node["summary"] or "").splitlines():
                lines.append(f"         | {detail}")
        if len(violation["nodes"]) > 10:
            lines.append(f"      … and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


def page_problems(visit: Visit, *, check_overflow: bool, axe: bool = True) -> list[str]:
    """Everything wrong with a loaded page, as readable text blocks."""
    problems = []
    if visit.broken_images:
        problems.append(
            "images that did not load:\n" + "\n".join(f"  {u}" for u in visit.broken_images)
        )
    if axe:
        violations = run_axe(visit.page)
        if violations:
            problems.append(
                f"axe-core: {len(violations)} violation(s)\n" + format_violations(violations)
            )
        faint = visit.page.evaluate(FIELD_CONTRAST_JS)
        if faint:
            problems.append(
                "typed text below 4.5:1 contrast:\n"
                + "\n".join(f"  {f['ratio']}:1 in {f['field']}" for f in faint)
            )
    if check_overflow:
        overflow = visit.page.evaluate(OVERFLOW_JS)
        if overflow["scrollWidth"] > overflow["clientWidth"]:
            problems.append(
                f"horizontal scrolling: scrollWidth {overflow['scrollWidth']}px > clientWidth "
                f"{overflow['clientWidth']}px; widest elements:\n"
                + "\n".join(f"  {c}" for c in overflow["culprits"])
            )
    if visit.external:
        problems.append("requests to other hosts:\n" + "\n".join(f"  {u}" for u in visit.external))
    if visit.missing:
        problems.append(
            "requests for files the build lacks:\n" + "\n".join(f"  {u}" for u in visit.missing)
        )
    if visit.console:
        problems.append("console errors:\n" + "\n".join(f"  {m}" for m in visit.console))
    cookies = visit.page.context.cookies()
    if cookies:
        problems.append(
            "cookies set:\n" + "\n".join(f"  {c['name']}={c['value'][:40]}" for c in cookies)
        )
    return problems


# ---------- fixtures ----------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run scripts/install-test-deps"
    assert AXE_SOURCE.is_file(), f"{AXE_SOURCE} is missing: run scripts/install-test-deps"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def site(published) -> dict[str, str]:
    """Page name -> URL path in the published build."""
    posts = sorted(published.output.glob("aktuelles/[0-9][0-9][0-9][0-9]/*/index.html"))
    assert posts, "the build has no post under aktuelles/<year>/"
    first = posts[0].parent.relative_to(published.output).as_posix()
    return {name: path or f"/{first}/" for name, path in PAGES.items()}


@pytest.fixture(scope="module")
def screenshots() -> Path | None:
    """The folder for screenshots, or None when they are not asked for."""
    if not os.environ.get("SHOWCASE_SCREENSHOTS"):
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def screenshot(visit: Visit, folder: Path | None, name: str) -> None:
    if folder is not None:
        visit.page.screenshot(path=folder / f"{name}.png", full_page=True)


# ---------- tests ----------


def views(name: str) -> list[tuple[int, str]]:
    """The widths and colour schemes a page is checked in, the one it is loaded in first."""
    return (
        [(MOBILE, "light")]
        + [(MOBILE, "dark")] * (name in DARK_PAGES)
        + [(DESKTOP, "light")] * (name in DESKTOP_PAGES)
    )


# One load of each page for all its views (show_as): a load per view was 26 loads more, and
# the module's CPU 93 s instead of 81 s (Chromium's included; 32 s instead of 27 s without).
@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_private_and_fits(browser, published, site, screenshots, name):
    reports = []
    with visit_page(browser, published.output, site[name], width=MOBILE) as visit:
        for width, scheme in views(name):
            show_as(visit, width=width, color_scheme=scheme)
            dark = scheme == "dark"
            if dark:
                assert visit.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
            screenshot(visit, screenshots, f"{name}-{width}" + "-dark" * dark)
            problems = page_problems(visit, check_overflow=width == MOBILE)
            if problems:
                where = f"{site[name]} at {width}px" + ", dark" * dark
                reports.append(f"{where}:\n" + "\n\n".join(problems))
            # Each is reported once, with the view it came up in.
            for reported in (visit.external, visit.missing, visit.console):
                reported.clear()
            visit.page.context.clear_cookies()
    assert not reports, "\n\n".join(reports)


def describe(element: dict) -> str:
    return element["html"]


@pytest.mark.parametrize("width", [MOBILE, DESKTOP])
def test_keyboard_skip_link_and_tab_order(browser, published, width):
    tabs = 8
    with visit_page(browser, published.output, "/", width=width) as visit:
        page = visit.page
        focusable = page.evaluate(FOCUSABLE_JS)
        assert len(focusable) > tabs

        # 1. The first Tab lands on the skip link, and the skip link is then really visible.
        page.keyboard.press("Tab")
        skip = page.evaluate(ACTIVE_ELEMENT_JS)
        assert skip["tag"] == "a" and "skip-link" in skip["cls"], (
            f"first Tab focused {describe(skip)}, not the skip link"
        )
        box, viewport = skip["box"], skip["viewport"]
        assert box["width"] > 1 and box["height"] > 1, f"focused skip link is clipped: {box}"
        assert box["x"] >= 0 and box["y"] >= 0, f"focused skip link is off-screen: {box}"
        assert box["x"] + box["width"] <= viewport["width"], f"skip link leaves the viewport: {box}"
        assert box["y"] + box["height"] <= viewport["height"], (
            f"skip link leaves the viewport: {box}"
        )
        assert skip["onTop"], "the focused skip link is covered by another element"
        assert skip["clipPath"] in ("none", "") and skip["clip"] in ("auto", ""), (
            f"focused skip link is still clipped: clip={skip['clip']} clip-path={skip['clipPath']}"
        )

        # 2. Enter moves the focus to main#inhalt; the next Tab continues inside main.
        page.keyboard.press("Enter")
        page.wait_for_function("location.hash === '#inhalt'")
        target = page.evaluate(ACTIVE_ELEMENT_JS)
        assert target["tag"] == "main" and target["id"] == "inhalt", (
            f"after Enter on the skip link the focus is on {describe(target)}, not main#inhalt"
        )
        page.keyboard.press("Tab")
        after = page.evaluate(ACTIVE_ELEMENT_JS)
        first_in_main = page.evaluate(
            "() => document.querySelector('main [data-test-focus-index]')"
            "?.getAttribute('data-test-focus-index')"
        )
        assert after["index"] == first_in_main, (
            f"Tab after the skip link focused {describe(after)}, "
            f"not the first focusable element in main: {focusable[int(first_in_main)]}"
        )

    # 3. From a fresh page, Tab walks through the focusable elements in DOM order.
    with visit_page(browser, published.output, "/", width=width) as visit:
        page = visit.page
        focusable = page.evaluate(FOCUSABLE_JS)
        walked = []
        for _ in range(tabs):
            page.keyboard.press("Tab")
            walked.append(page.evaluate(ACTIVE_ELEMENT_JS))
        expected = [str(i) for i in range(tabs)]
        got = [w["index"] for w in walked]
        assert got == expected, f"Tab order at {width}px differs from DOM order:\n" + "\n".join(
            f"  Tab {n + 1}: focused {w['html']}\n          expected {focusable[n]}"
            for n, w in enumerate(walked)
        )


COMPARE_COLUMNS_JS = """
() => {
  const table = document.querySelector('[data-compare-table]');
  const box = table.parentNode.getBoundingClientRect();
  return {
    heads: [...table.tHead.rows[0].cells].filter(c => !c.hidden).map(c => c.textContent.trim()),
    picker: !document.querySelector('[data-compare-picker]').hidden,
    status: document.querySelector('[data-compare-status]').textContent,
    fits: table.getBoundingClientRect().width <= box.width + 1,
  };
}
"""


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_a_reader_keeps_two_regions_side_by_side_on_a_phone(browser, published, javascript):
    """The choice of regions is an addition: without JavaScript it is hidden, the table whole."""
    names = [region["name"] for region in region_data()["regions"]]
    path = PAGES["vergleich"]
    with visit_page(browser, published.output, path, width=MOBILE, javascript=javascript) as visit:
        page = visit.page
        if not javascript:
            shown = page.evaluate(COMPARE_COLUMNS_JS)
            assert shown["heads"][1:] == names and not shown["picker"]
            return
        page.check("input[value=allgaeu]")
        page.check("input[value=vorpommern]")
        shown = page.evaluate(COMPARE_COLUMNS_JS)
    assert shown["heads"][1:] == ["Allgäu", "Vorpommern"]
    assert shown["status"] == "Die Tabelle zeigt die 2 gewählten Regionen."
    assert shown["fits"], "two regions still need the table to scroll at 375 px"


def test_mobile_menu_opens_without_javascript(browser, published):
    with visit_page(browser, published.output, "/", width=MOBILE, javascript=False) as visit:
        page = visit.page
        assert page.evaluate("1 + 1") == 2  # Playwright's own evaluation still works
        menu = page.locator("header details").first
        summary = menu.locator(":scope > summary")
        links = menu.locator("a[href]")
        count = links.count()
        assert count >= 4, f"the header menu has only {count} links"
        assert summary.is_visible(), "the menu button (summary) is not visible at 375px"
        hidden_before = [links.nth(i).is_visible() for i in range(count)]
        assert not any(hidden_before), "the menu is open before it was clicked"
        summary.click()
        assert menu.get_attribute("open") is not None, "clicking the summary did not open the menu"
        for i in range(count):
            link = links.nth(i)
            assert link.is_visible(), f"{link.inner_text()!r} is not visible in the open menu"
            box = link.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= MOBILE, (
                f"{link.inner_text()!r} lies outside the 375px viewport: {box}"
            )
        assert not visit.external and not visit.missing, visit.external + visit.missing


def test_desktop_navigation_is_visible_without_javascript(browser, published):
    with visit_page(browser, published.output, "/", width=DESKTOP, javascript=False) as visit:
        links = visit.page.locator("header nav a[href]")
        count = links.count()
        assert count >= 4
        hidden = [links.nth(i).inner_text() for i in range(count) if not links.nth(i).is_visible()]
        assert not hidden, f"navigation links hidden at {DESKTOP}px without a click: {hidden}"


def test_search_finds_a_town_in_chromium(browser, published, screenshots):
    """A query typed into /suche/ lists the matching posts, served from the site itself."""
    with visit_page(browser, published.output, "/suche/?q=Papenburg", width=DESKTOP) as visit:
        results = visit.page.locator(".pagefind-ui__result-link")
        results.first.wait_for(timeout=15_000)
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
        titles = [results.nth(i).inner_text() for i in range(results.count())]
        placeholder = visit.page.locator(".pagefind-ui__search-input").get_attribute("placeholder")
        assert placeholder == "Suchbegriff, z. B. Fachkräfte, Allgäu oder Grüne Woche"
        screenshot(visit, screenshots, "suche-papenburg-1280")
        assert not visit.external and not visit.console, (visit.external, visit.console)
    print("Suche nach 'Papenburg':", *titles, sep="\n  ")
    assert any("papenburg" in href for href in hrefs), hrefs
    assert all(href.startswith(PUBLISH_URL + "/") for href in hrefs)


@pytest.fixture(scope="module")
def split_site(tmp_path_factory, published) -> Path:
    """The shipped site indexed as a large site is: in bundles, here of 20 HTML files."""
    copy = tmp_path_factory.mktemp("split") / "site"
    shutil.copytree(published.output, copy)
    env = {**os.environ, "SHOWCASE_SEARCH_BUNDLE_PAGES": "20"}
    command = [sys.executable, "-m", "regional_showcase.search_index", str(copy)]
    subprocess.run(command, env=env, check=True, stdin=subprocess.DEVNULL)
    return copy


def test_a_search_index_in_bundles_finds_pages_of_every_bundle(browser, published, split_site):
    """Together the bundles count the pages of the single index, and /suche/ merges them:
    a query finds a region page from the first bundle and a 2019 post from a further one."""
    listed = json.loads((split_site / "pagefind/bundles.json").read_text())["bundles"]
    assert len(listed) >= 2 and all(b["languages"] == ["de"] for b in listed)
    # A further bundle keeps no scripts, styles or WebAssembly: the first bundle's read it.
    for bundle in listed:
        kept = sorted(p.name for p in (split_site / bundle["path"]).iterdir() if p.is_file())
        assert kept[:-1] == ["pagefind-entry.json"] and kept[-1].endswith(".pf_meta"), kept
    counts: dict[str, int] = {}
    for folder in ["pagefind/", *(b["path"] for b in listed)]:
        entry = json.loads((split_site / folder / "pagefind-entry.json").read_text())
        for lang, info in entry["languages"].items():
            counts[lang] = counts.get(lang, 0) + info["page_count"]
    single = json.loads((published.output / "pagefind/pagefind-entry.json").read_text())
    assert counts == {lang: info["page_count"] for lang, info in single["languages"].items()}
    with visit_page(browser, split_site, "/suche/?q=Papenburg", width=MOBILE) as visit:
        results = visit.page.locator(".pagefind-ui__result-link")
        results.first.wait_for(timeout=15_000)
        visit.page.wait_for_timeout(300)  # the merged bundles answer a moment later
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
        assert not visit.external and not visit.console, (visit.external, visit.console)
    old = PUBLISH_URL + "/aktuelles/2019/vernetzungstreffen-papenburg-fachkraeftesicherung/"
    assert old in hrefs, hrefs
    assert PUBLISH_URL + "/regionen/ems-achse/" in hrefs, hrefs


MAP_LABELS_JS = """
() => {
  const map = document.querySelector('svg.map');
  const box = map.viewBox.baseVal;
  return [...map.querySelectorAll('.map__label')].map(label => {
    const b = label.getBBox();
    return {name: label.textContent, inside: b.x >= box.x && b.y >= box.y
      && b.x + b.width <= box.x + box.width && b.y + b.height <= box.y + box.height};
  });
}
"""


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_every_map_label_fits_inside_the_map(browser, published, path):
    """English names are longer ("Lake Constance Four-Country Region"): none may be cut off."""
    with visit_page(browser, published.output, path, width=DESKTOP) as visit:
        labels = visit.page.evaluate(MAP_LABELS_JS)
        title = visit.page.locator("svg.map title#karte-titel").text_content()
        # The phones' numbers and list of regions stay hidden where the names fit.
        desktop = visit.page.evaluate(MAP_ON_PHONES_JS)
    assert desktop["labels"] == 7 and desktop["numbers"] == [] and desktop["legend"] == []
    assert len(labels) == 7
    assert [label["name"] for label in labels if not label["inside"]] == []
    assert title == (
        "Map: where the partner regions are in Germany"
        if path == "/en/"
        else "Karte: Lage der Partnerregionen in Deutschland"
    )


MAP_ON_PHONES_JS = """
() => {
  const shown = el => el.getBoundingClientRect().height > 0;
  const dots = [...document.querySelectorAll('svg.map .map__number')];
  const boxes = dots.map(d => d.parentNode.querySelector('.map__dot').getBoundingClientRect());
  const overlaps = boxes.some((a, i) => boxes.some((b, j) => i < j && a.left < b.right
    && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
  return {
    labels: [...document.querySelectorAll('svg.map .map__label')].filter(shown).length,
    numbers: dots.filter(shown).map(d => d.textContent),
    fontPx: Math.min(...dots.map(d => d.getBoundingClientRect().height)),
    overlaps,
    mapLinks: [...document.querySelectorAll('svg.map a')].map(a => a.getAttribute('href')),
    legend: [...document.querySelectorAll('.map-legend a')].filter(shown)
      .map(a => [a.textContent, a.getAttribute('href')]),
  };
}
"""


def test_on_phones_the_map_numbers_its_dots_and_lists_the_regions_below(browser, published):
    """At 375 px names would run into each other: numbered dots, and a numbered list of links."""
    with visit_page(browser, published.output, "/", width=MOBILE) as visit:
        phone = visit.page.evaluate(MAP_ON_PHONES_JS)
    names = [region["name"] for region in region_data()["regions"]]
    assert phone["labels"] == 0 and phone["numbers"] == [str(n) for n in range(1, 8)]
    assert phone["fontPx"] >= 10 and not phone["overlaps"]
    assert phone["legend"] == [list(pair) for pair in zip(names, phone["mapLinks"], strict=True)]


def test_english_search_finds_an_english_region_page_only(browser, published):
    """/en/search/ reads the English index: an English word finds the English region page,
    and no German page is among the results (Pagefind keeps one index per <html lang>)."""
    with visit_page(browser, published.output, "/en/search/?q=Pomerania", width=DESKTOP) as visit:
        results = visit.page.locator(".pagefind-ui__result-link")
        results.first.wait_for(timeout=15_000)
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
        placeholder = visit.page.locator(".pagefind-ui__search-input").get_attribute("placeholder")
        assert placeholder == "Search term, e.g. skilled workers, Allgäu or welcome centre"
        assert not visit.external and not visit.console, (visit.external, visit.console)
    assert PUBLISH_URL + "/en/regions/vorpommern/" in hrefs, hrefs
    assert all(href.startswith(PUBLISH_URL + "/en/") for href in hrefs), hrefs
