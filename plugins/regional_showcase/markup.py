"""Markdown for texts that come from YAML: raw HTML is shown as text, unsafe links are dropped."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .data.links import is_allowed_link


class _DropUnsafeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not is_allowed_link(value):
                    del element.attrib[attribute]


class SafeLinksExtension(Extension):
    """Removes href/src values whose scheme is not http(s), mailto or tel."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_DropUnsafeLinks(md), "safe_links", 0)


def makeExtension(**kwargs):
    return SafeLinksExtension(**kwargs)


def render_markdown(text: str) -> Markup:
    """Render editor Markdown from YAML; any HTML in it is escaped, never interpreted."""
    md = markdown.Markdown(
        extensions=["markdown.extensions.smarty", SafeLinksExtension()],
        extension_configs={"markdown.extensions.smarty": {"smart_quotes": False}},
    )
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return Markup(md.convert(text))


def split_sections(html: str) -> tuple[tuple[str, Markup], ...]:
    """Split rendered HTML at its <h2> headings into (heading, body) pairs."""
    parts = html.split("<h2")
    sections = []
    for part in parts[1:]:
        head, _, body = part.partition("</h2>")
        heading = Markup(head.split(">", 1)[1]).striptags()
        sections.append((heading, Markup(body.strip())))
    return tuple(sections)
