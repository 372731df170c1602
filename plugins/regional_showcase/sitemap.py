"""sitemap.xml and robots.txt from the pages this build really wrote.

pelican-sitemap stamps every listing page with the build time as lastmod, which makes two
builds of the same input differ; this one gives lastmod only where a date is known (posts),
so the output stays byte-identical.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as etree
from pathlib import Path
from xml.sax.saxutils import escape

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def page_url(relative: str) -> str:
    """'regionen/allgaeu/index.html' -> 'regionen/allgaeu/'."""
    return relative.removesuffix("index.html")


def sitemap_xml(
    site_url: str,
    written: list[str],
    excluded_prefixes: tuple[str, ...],
    lastmod: dict[str, str],
    alternates: dict[str, tuple] | None = None,
) -> str:
    """The sitemap of every written HTML page except the excluded ones, sorted by URL.

    A page that exists in several languages lists every version (itself included) and the
    default one as x-default, as its <link rel="alternate" hreflang> do."""
    alternates = alternates or {}
    rows = []
    for relative in sorted({page_url(path) for path in written}):
        if relative.startswith(excluded_prefixes) or relative.endswith(".html"):
            continue
        versions = alternates.get(relative, ())
        rows.append((relative, lastmod.get(relative), tuple(versions)))
    # A process that builds again (make serve, the build server) mostly writes the same
    # sitemap as last time: its text is kept with the rows it was made from (about 1,200 at
    # 1,000 posts; ElementTree's tree and serialization took 8 ms of each warm build).
    rows_key = (site_url, tuple(rows))
    if _LAST_SITEMAP and _LAST_SITEMAP[0] == rows_key:
        return _LAST_SITEMAP[1]
    text = _written_out(site_url, rows) if rows else _tree_text(site_url, rows)
    _LAST_SITEMAP[:] = [rows_key, text]
    return text


def _tree_text(site_url: str, rows: list[tuple]) -> str:
    """The sitemap as ElementTree writes it, indented: what _written_out writes by strings."""
    urlset = etree.Element("urlset", {"xmlns": NAMESPACE, "xmlns:xhtml": XHTML})
    for relative, modified, versions in rows:
        entry = etree.SubElement(urlset, "url")
        etree.SubElement(entry, "loc").text = f"{site_url}/{relative}"
        if modified is not None:
            etree.SubElement(entry, "lastmod").text = modified
        if len(versions) > 1:
            for lang, url in (*versions, ("x-default", versions[0][1])):
                link = {"rel": "alternate", "hreflang": lang, "href": f"{site_url}/{url}"}
                etree.SubElement(entry, "xhtml:link", link)
    etree.indent(urlset)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + etree.tostring(urlset, "unicode") + "\n"


def _written_out(site_url: str, rows: list[tuple]) -> str:
    """_tree_text's very text for one or more rows, by strings with ElementTree's escaping
    (xml.sax.saxutils.escape: &, < and > in a text, _attribute in a value):
    after a new or deleted post the tree of 1,200 entries and its serialization were made
    again in every warm build (most of _write_sitemap's 17 ms at 1,000 posts)."""
    parts = [
        f'<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="{NAMESPACE}" xmlns:xhtml="{XHTML}">\n'
    ]
    for relative, modified, versions in rows:
        parts.append(f"  <url>\n    <loc>{escape(f'{site_url}/{relative}')}</loc>\n")
        if modified is not None:
            # An empty text is an empty element to ElementTree.
            parts.append(
                f"    <lastmod>{escape(modified)}</lastmod>\n" if modified else "    <lastmod />\n"
            )
        if len(versions) > 1:
            for lang, url in (*versions, ("x-default", versions[0][1])):
                parts.append(
                    f'    <xhtml:link rel="alternate" hreflang="{_attribute(lang)}" '
                    f'href="{_attribute(f"{site_url}/{url}")}" />\n'
                )
        parts.append("  </url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


# ElementTree escapes these in an attribute's value besides &, < and >.
_IN_ATTRIBUTES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


def _attribute(text: str) -> str:
    """ElementTree's escaping of an attribute's value."""
    return escape(text, _IN_ATTRIBUTES)


# The last sitemap's rows and text (sitemap_xml): values only, never an object of a build.
_LAST_SITEMAP: list = []


def robots_txt(site_url: str) -> str:
    """Allow everything and point crawlers to the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}/sitemap.xml\n"


def relative_html(output_path: Path, files: set[str]) -> list[str]:
    """Output-relative POSIX paths of the HTML files a writer wrote (by their names' prefix:
    a Path per file took 35 ms at 1,000 posts)."""
    prefix = os.path.join(str(output_path), "")
    return [
        f[len(prefix) :].replace(os.sep, "/")
        if f.startswith(prefix)
        else Path(f).relative_to(output_path).as_posix()
        for f in files
        if f.endswith(".html")
    ]
