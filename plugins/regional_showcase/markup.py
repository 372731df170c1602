"""HTML from editors' text: Markdown for YAML texts, and the sanitizer every post passes.

YAML texts: raw HTML is shown as text, unsafe links are dropped. Posts: the rendered HTML
passes an allowlist sanitizer (nh3, the binding to the Rust crate ammonia) as a second wall
behind `showcase check`, so nothing the check missed reaches a page or a feed.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as etree
from functools import lru_cache, partial

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .data.allowlist import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_STYLE_PROPERTIES,
    ALLOWED_TAGS,
    GENERIC_ATTRIBUTES,
    LOADED_ELEMENTS,
    SRCSET_ATTRIBUTES,
    URL_ATTRIBUTES,
    srcset_urls,
)
from .data.links import ALLOWED_SCHEMES, is_allowed_link, is_same_site


class _SafeLinks(Treeprocessor):
    def __init__(self, md: markdown.Markdown, site_url: str):
        super().__init__(md)
        self.site_url = site_url.rstrip("/")

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None:
                    continue
                if not is_allowed_link(value):
                    del element.attrib[attribute]
                elif self.site_url and value.startswith("/") and not value.startswith("//"):
                    # Feeds are read away from the site: '/regionen/…' must name its host.
                    element.set(attribute, self.site_url + value)


class SafeLinksExtension(Extension):
    """Removes href/src values whose scheme is not http(s), mailto or tel, and puts SITEURL
    before site-absolute ones ('/regionen/allgaeu/'), so that they work in feeds too."""

    def __init__(self, **kwargs):
        self.config = {"site_url": ["", "SITEURL; empty leaves '/…' addresses as they are"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        processor = _SafeLinks(md, self.getConfig("site_url"))
        md.treeprocessors.register(processor, "safe_links", 0)


def makeExtension(**kwargs):
    return SafeLinksExtension(**kwargs)


# Kept by text for the process: the result is made of the text alone (the converter's
# settings are fixed above, and the code cannot change under a running process) and Markup
# is immutable. A check renders the same hundred region-data texts again each time (the
# tests load the shipped regions.yaml about 200 times; the build server at each build).
@lru_cache(maxsize=2048, typed=True)  # typed: a Markup text is not its str
def render_markdown(text: str) -> Markup:
    """Render editor Markdown from YAML; any HTML in it is escaped, never interpreted."""
    # One converter and sanitizer per thread, reset before each text: building them took
    # most of the time of the region data's hundred short texts.
    made = getattr(_PER_THREAD, "yaml_markdown", None)
    if made is None:
        md = markdown.Markdown(
            extensions=["markdown.extensions.smarty", SafeLinksExtension()],
            extension_configs={"markdown.extensions.smarty": {"smart_quotes": False}},
        )
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        made = _PER_THREAD.yaml_markdown = (md, post_sanitizer())
    md, sanitizer = made
    # The same second wall as for posts: an image from another server, say, never gets out.
    return Markup(sanitizer.clean(md.reset().convert(text)))


_PER_THREAD = threading.local()


def split_sections(html: str) -> tuple[tuple[str, Markup], ...]:
    """Split rendered HTML at its <h2> headings into (heading, body) pairs."""
    parts = html.split("<h2")
    sections = []
    for part in parts[1:]:
        head, _, body = part.partition("</h2>")
        heading = Markup(head.split(">", 1)[1]).striptags()
        sections.append((heading, Markup(body.strip())))
    return tuple(sections)


def _keep_attribute(site_url: str, tag: str, name: str, value: str) -> str | None:
    """nh3's per-attribute hook: drop addresses that would load from another server."""
    if tag in LOADED_ELEMENTS and name in URL_ATTRIBUTES | SRCSET_ATTRIBUTES:
        urls = srcset_urls(value) if name in SRCSET_ATTRIBUTES else [value]
        if not all(is_same_site(url, site_url) for url in urls):
            return None
    if name in URL_ATTRIBUTES and not is_allowed_link(value):
        return None
    return value


def post_sanitizer(site_url: str = "") -> nh3.Cleaner:
    """The allowlist sanitizer for rendered posts; images may only come from `site_url`."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        # Scripts and styles lose their content too; elsewhere only the tag goes.
        clean_content_tags={"script", "style"},
        attributes={"*": set(GENERIC_ATTRIBUTES)}
        | {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=partial(_keep_attribute, site_url),
        filter_style_properties=set(ALLOWED_STYLE_PROPERTIES),
        url_schemes=set(ALLOWED_SCHEMES),
        # Links stay as written: no rel="noopener noreferrer" on every internal link.
        link_rel=None,
        strip_comments=True,
    )
