"""Release gates on the publish build: valid HTML, no broken links, SEO basics, privacy, size.

Every check reads the shared `published` build (SITEURL=https://regionen.example.org).
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from lxml import etree, html
from nuchecker import nu_command

from expectations import post_headers, post_path
from sitebuild import PUBLISH_URL

# Every test here builds a site or reads the shared build.
pytestmark = pytest.mark.build

SITE = PUBLISH_URL
SITE_HOST = urlsplit(SITE).netloc
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SKIPPED_SCHEMES = {"mailto", "tel", "javascript", "data", "sms", "geo"}
CSS_BUDGET = 30_000  # bytes of theme CSS after a simple minification
HOME_BUDGET = 150_000  # bytes: home html + css + images, each gzip -9

# Elements whose URL the browser fetches on its own when it shows the page (privacy check).
FETCHED = (
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("input", "src"),
    ("image", "href"),
    ("image", "xlink:href"),
    ("use", "href"),
    ("use", "xlink:href"),
)
FETCHED_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
    "apple-touch-icon",
    "mask-icon",
    "preconnect",
    "dns-prefetch",
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.S)


# ---------- helpers ----------


def page_url(relative: str) -> str:
    """'regionen/allgaeu/index.html' -> 'https://regionen.example.org/regionen/allgaeu/'."""
    if relative == "index.html":
        return SITE + "/"
    if relative.endswith("/index.html"):
        return f"{SITE}/{relative.removesuffix('index.html')}"
    return f"{SITE}/{relative}"


def url_file(output: Path, url: str) -> Path | None:
    """The output file an internal absolute URL points to, or None."""
    path = unquote(urlsplit(url).path)
    candidate = (output / path.lstrip("/")).resolve()
    if not candidate.is_relative_to(output.resolve()):
        return None
    if path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def srcset_urls(value: str) -> list[str]:
    return [entry.strip().split()[0] for entry in value.split(",") if entry.strip()]


def is_internal(url: str) -> bool:
    """Relative and root-relative URLs, and absolute ones on the site's own https origin."""
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return True
    return parts.scheme == "https" and parts.netloc == SITE_HOST


def is_other_host(url: str) -> bool:
    """A URL the browser would fetch from somewhere else than the site itself."""
    parts = urlsplit(url.strip())
    if parts.scheme in SKIPPED_SCHEMES or parts.scheme == "blob":
        return False
    if not parts.netloc:
        return False
    return parts.netloc != SITE_HOST


def page_links(tree: html.HtmlElement) -> list[tuple[str, str]]:
    """(description, url) for every URL a page links to or loads."""
    links = []
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("a", "area", "link") and element.get("href") is not None:
            links.append((f"<{tag} href>", element.get("href")))
        elif tag in ("img", "script", "source", "iframe") and element.get("src") is not None:
            links.append((f"<{tag} src>", element.get("src")))
        if tag in ("img", "source") and element.get("srcset"):
            links.extend((f"<{tag} srcset>", url) for url in srcset_urls(element.get("srcset")))
    return links


def ids_of(tree: html.HtmlElement) -> set[str]:
    ids = {element.get("id") for element in tree.iter() if element.get("id") is not None}
    return ids | {a.get("name") for a in tree.iter("a") if a.get("name") is not None}


def relative(output: Path, path: Path) -> str:
    return path.relative_to(output).as_posix()


def minify_css(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*([{};,>])\s*", r"\1", text)
    return text.replace(";}", "}").strip()


# ---------- fixtures ----------


@pytest.fixture(scope="module")
def output(published) -> Path:
    return published.output


@pytest.fixture(scope="module")
def html_files(output) -> list[Path]:
    files = sorted(output.rglob("*.html"))
    assert len(files) >= 40, f"only {len(files)} HTML files in the build"
    return files


@pytest.fixture(scope="module")
def trees(output, html_files) -> dict[str, html.HtmlElement]:
    """Output-relative path -> parsed page, for every HTML file."""
    return {relative(output, path): html.fromstring(path.read_bytes()) for path in html_files}


# ---------- Nu HTML Checker ----------


@pytest.mark.browser
def test_nu_html_checker_finds_no_errors(output, html_files):
    result = subprocess.run(
        nu_command("--format", "json", "--errors-only", "--verbose", *map(str, html_files)),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # --verbose prints the path of every document it checks to stdout; the JSON goes to stderr.
    checked = {
        line.strip() for line in result.stdout.splitlines() if line.strip().endswith(".html")
    }
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"vnu did not write JSON (exit {result.returncode}):\n{result.stderr[:3000]}")
    errors = report["messages"]
    lines = []
    for message in errors:
        where = message.get("url", "").removeprefix("file:")
        where = relative(output, Path(where)) if where.startswith(str(output)) else where
        line = f"{where}:{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}: "
        line += (
            f"[{message.get('type')}{'/' + message['subType'] if 'subType' in message else ''}] "
        )
        line += message.get("message", "")
        if message.get("extract"):
            line += "\n      " + message["extract"].replace("\n", "↵")
        lines.append(line)
    print(f"vnu {report.get('version')}: {len(checked)} pages checked, {len(errors)} errors")
    assert not errors, f"{len(errors)} HTML error(s) in {len(checked)} pages:\n" + "\n".join(lines)
    assert checked == {str(path) for path in html_files}, (
        f"vnu checked {len(checked)} of {len(html_files)} pages; missing: "
        f"{sorted({str(p) for p in html_files} - checked)[:10]}"
    )
    assert result.returncode == 0, result.stderr[:3000]


# ---------- link crawler ----------


def test_crawler_finds_no_broken_links_and_reaches_every_page(output, html_files, trees):
    start = "index.html"
    queue, crawled = [start], {start}
    broken = []  # (page, what, url, why)
    checked = 0
    unique = set()
    while queue:
        current = queue.pop(0)
        base = page_url(current)
        for what, raw in page_links(trees[current]):
            raw = raw.strip()
            if not raw or urlsplit(raw).scheme in SKIPPED_SCHEMES:
                continue
            if urlsplit(raw).scheme == "http" and urlsplit(raw).netloc == SITE_HOST:
                broken.append((current, what, raw, "insecure http:// link to the site itself"))
                continue
            if not is_internal(raw):
                continue
            url, fragment = urldefrag(urljoin(base, raw))
            checked += 1
            unique.add(urljoin(base, raw))
            target = url_file(output, url)
            if target is None:
                hint = ""
                if (output / unquote(urlsplit(url).path).lstrip("/") / "index.html").is_file():
                    hint = " (a folder: the link lacks its trailing slash)"
                broken.append((current, what, raw, "no such file" + hint))
                continue
            target_rel = relative(output, target)
            if target.suffix == ".html":
                if fragment and unquote(fragment) not in ids_of(trees[target_rel]):
                    broken.append((current, what, raw, f"no element with id {unquote(fragment)!r}"))
                if target_rel not in crawled:
                    crawled.add(target_rel)
                    queue.append(target_rel)
    print(
        f"crawler: {len(crawled)} pages crawled, {checked} internal links checked "
        f"({len(unique)} distinct URLs), {len(broken)} broken"
    )
    report = defaultdict(list)
    for page, what, url, why in broken:
        report[page].append(f"    {what} {url}: {why}")
    assert not broken, f"{len(broken)} broken link(s) in {len(report)} page(s):\n" + "\n".join(
        f"  {page}\n" + "\n".join(items) for page, items in sorted(report.items())
    )
    unreachable = set(trees) - crawled - {"404.html"}
    assert not unreachable, f"pages not reachable from the home page: {sorted(unreachable)}"


# ---------- titles, descriptions, canonical URLs ----------


def test_every_page_has_title_description_and_canonical(trees):
    problems = []
    for name, tree in sorted(trees.items()):
        title = tree.find(".//head/title")
        if title is None or not (title.text_content() or "").strip():
            problems.append(f"{name}: empty or missing <title>")
        descriptions = tree.xpath("//head/meta[@name='description']/@content")
        if len(descriptions) != 1 or not descriptions[0].strip():
            problems.append(
                f"{name}: needs exactly one non-empty <meta name=description>, found {descriptions}"
            )
        if name == "404.html":
            continue
        canonicals = tree.xpath("//head/link[@rel='canonical']/@href")
        if len(canonicals) != 1:
            problems.append(f"{name}: needs exactly one <link rel=canonical>, found {canonicals}")
        elif not canonicals[0].startswith(SITE + "/"):
            problems.append(f"{name}: canonical {canonicals[0]!r} is not an absolute {SITE}/ URL")
        elif canonicals[0] != page_url(name):
            problems.append(
                f"{name}: canonical {canonicals[0]!r} is not the page's own URL {page_url(name)!r}"
            )
    assert not problems, "\n".join(problems)


# ---------- sitemap ----------


def test_sitemap_lists_every_public_page_and_no_draft(output):
    sitemap = output / "sitemap.xml"
    assert sitemap.is_file(), "the build wrote no sitemap.xml"
    root = etree.fromstring(sitemap.read_bytes())
    assert root.tag == f"{{{SITEMAP_NS['sm']}}}urlset", root.tag
    locs = [(loc.text or "").strip() for loc in root.iterfind("sm:url/sm:loc", SITEMAP_NS)]
    duplicates = sorted({loc for loc in locs if locs.count(loc) > 1})
    assert not duplicates, f"listed twice: {duplicates}"
    not_absolute = [loc for loc in locs if not loc.startswith(SITE + "/")]
    assert not not_absolute, f"not absolute {SITE}/ URLs: {not_absolute}"
    public = {
        page_url(relative(output, path))
        for path in output.rglob("index.html")
        if not relative(output, path).startswith("entwuerfe/")
    }
    listed = set(locs)
    assert not public - listed, f"public pages missing from sitemap.xml: {sorted(public - listed)}"
    assert not listed - public, (
        f"sitemap.xml lists pages the build lacks: {sorted(listed - public)}"
    )
    drafts = {f"{SITE}/{post_path(p)}" for p in post_headers() if p.status != "published"}
    leaked = {loc for loc in listed if "/entwuerfe/" in loc} | (listed & drafts)
    assert not leaked, f"sitemap.xml lists drafts: {sorted(leaked)}"


# ---------- privacy ----------


def test_no_page_loads_anything_from_other_hosts(output, trees):
    problems = []
    for name, tree in sorted(trees.items()):
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            tag = element.tag.lower()
            urls = []
            if tag == "link":
                rels = set((element.get("rel") or "").lower().split())
                if rels & FETCHED_LINK_RELS:
                    urls.append(("href", element.get("href") or ""))
            for fetched_tag, attribute in FETCHED:
                if tag == fetched_tag and element.get(attribute):
                    values = (
                        srcset_urls(element.get(attribute))
                        if attribute == "srcset"
                        else [element.get(attribute)]
                    )
                    urls.extend((attribute, value) for value in values)
            if element.get("style"):
                urls.extend(
                    ("style", m.group(2) or m.group(4))
                    for m in CSS_URL.finditer(element.get("style"))
                )
            if tag == "style":
                urls.extend(
                    ("<style>", m.group(2) or m.group(4))
                    for m in CSS_URL.finditer(element.text_content())
                )
            problems.extend(
                f"{name}: <{tag} {attribute}> {url}"
                for attribute, url in urls
                if is_other_host(url)
            )
    assert sorted((output / "theme" / "css").glob("*.css")), "no theme CSS in the build"
    for css in sorted(output.rglob("*.css")):
        for match in CSS_URL.finditer(css.read_text(encoding="utf-8")):
            url = match.group(2) or match.group(4)
            if is_other_host(url):
                problems.append(f"{relative(output, css)}: url({url})")
    assert not problems, "resources from other hosts:\n" + "\n".join(problems)


# The search page is the one page whose feature needs JavaScript (Pagefind); it says so in a
# <noscript> and links to the overview pages instead. /termine/ reads fine without its script,
# which only moves events that ended after the build into the archive. The comparison shows
# every region without its script, which only lets a reader keep some regions side by side.
PAGES_WITH_SCRIPTS = {
    "suche/index.html",
    "en/search/index.html",
    "termine/index.html",
    "regionen/vergleich/index.html",
    "en/regions/compare/index.html",
}


def test_no_javascript_except_json_ld(trees):
    """Every page but search reads without JavaScript: the only <script> is JSON-LD data."""
    problems = []
    assert set(trees) >= PAGES_WITH_SCRIPTS
    for name, tree in sorted(trees.items()):
        if name in PAGES_WITH_SCRIPTS:
            continue
        for script in tree.iter("script"):
            kind = (script.get("type") or "").strip().lower()
            if kind != "application/ld+json":
                problems.append(
                    f"{name}: <script type={kind or '(none)'} "
                    f"src={script.get('src')}> (only application/ld+json allowed)"
                )
    assert not problems, "\n".join(problems)


def test_no_cookie_mechanisms_and_no_inline_code(trees):
    """Nothing that could set a cookie or run code: no set-cookie meta, inline script or handler."""
    problems = []
    for name, tree in sorted(trees.items()):
        for script in tree.iter("script"):
            kind = (script.get("type") or "").strip().lower()
            if kind == "application/ld+json":
                continue
            if script.get("src") is None:
                problems.append(f"{name}: inline <script>")
            elif is_other_host(urljoin(page_url(name), script.get("src"))):
                problems.append(f"{name}: <script src={script.get('src')}> from another host")
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            handlers = [a for a in element.attrib if a.lower().startswith("on")]
            if handlers:
                problems.append(f"{name}: <{element.tag}> has inline event handlers {handlers}")
            for attribute in ("href", "src", "action", "formaction"):
                if (element.get(attribute) or "").strip().lower().startswith("javascript:"):
                    problems.append(f"{name}: <{element.tag} {attribute}> is a javascript: URL")
        for meta in tree.iter("meta"):
            if (meta.get("http-equiv") or "").lower() == "set-cookie":
                problems.append(f"{name}: <meta http-equiv=set-cookie>")
    assert not problems, "\n".join(problems)


# ---------- size budgets ----------


def test_theme_css_is_small(output, trees):
    # The theme CSS the pages really link (a fingerprinted copy may sit next to site.css).
    css_files = set()
    for name, tree in trees.items():
        for href in tree.xpath("//link[contains(concat(' ', @rel, ' '), ' stylesheet ')]/@href"):
            target = url_file(output, urljoin(page_url(name), href))
            if target is not None and relative(output, target).startswith("theme/css/"):
                css_files.add(target)
    assert css_files, "no page links a stylesheet under theme/css/"
    raw = sum(len(f.read_bytes()) for f in css_files)
    minified = sum(len(minify_css(f.read_text(encoding="utf-8")).encode()) for f in css_files)
    names = ", ".join(sorted(relative(output, f) for f in css_files))
    print(f"theme CSS ({names}): {raw} bytes, {minified} bytes minified")
    assert minified < CSS_BUDGET, (
        f"theme CSS is {minified} bytes minified ({raw} raw), over the {CSS_BUDGET}-byte budget"
    )


def test_home_page_transfer_size(output, trees):
    home = trees["index.html"]
    resources: dict[str, Path] = {"index.html": output / "index.html"}
    css_files = []
    for link in home.iter("link"):
        rels = set((link.get("rel") or "").lower().split())
        if rels & {"stylesheet", "icon"}:
            url = urljoin(SITE + "/", link.get("href"))
            target = url_file(output, url)
            assert target is not None, f"home page: {url} is missing"
            resources[url] = target
            if "stylesheet" in rels:
                css_files.append((url, target))
    for element in home.iter("img", "source"):
        candidates = [element.get("src")] if element.get("src") else []
        candidates += srcset_urls(element.get("srcset") or "")
        for src in candidates:
            url = urljoin(SITE + "/", src)
            if is_internal(url):
                target = url_file(output, url)
                assert target is not None, f"home page: {url} is missing"
                resources[url] = target
    for css_url, css in css_files:
        for match in CSS_URL.finditer(css.read_text(encoding="utf-8")):
            value = (match.group(2) or match.group(4)).strip()
            if value.startswith("data:") or value.startswith("#"):
                continue
            url = urljoin(css_url, value)
            if is_internal(url):
                target = url_file(output, url)
                assert target is not None, f"{css_url}: {url} is missing"
                resources[url] = target
    sizes = {name: len(gzip.compress(path.read_bytes(), 9)) for name, path in resources.items()}
    total = sum(sizes.values())
    listing = "\n".join(
        f"  {size:>8} {name}" for name, size in sorted(sizes.items(), key=lambda i: -i[1])
    )
    print(f"home page: {len(sizes)} files, {total} bytes gzip -9\n{listing}")
    assert total < HOME_BUDGET, (
        f"home page transfers {total} bytes (gzip -9), over {HOME_BUDGET}:\n{listing}"
    )
