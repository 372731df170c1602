"""What a post's body may contain, checked on the parsed document, each refusal with its line.

The body is parsed by the same Markdown (same extensions) that renders it, and the rules
look at what came out: every element of the tree, and every piece of raw HTML Markdown
passed through, parsed as a browser would (entities decoded). So an image is an image in
every spelling: inline, reference-style, `<img>`, `<picture>`/`<source srcset>`, or an
address set with `{: src=…}`. Regular expressions over the source text would miss most of
these; a tree does not.

Python-Markdown keeps no source positions, so each refusal is located afterwards: the raw
HTML or attribute value it came from is searched in the body, in document order.
"""

from __future__ import annotations

import copy
import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pelican.settings import DEFAULT_CONFIG

from ..markdown_triggers import trigger_markdown
from . import unsaved
from .allowlist import (
    ALLOWED_STYLE_PROPERTIES,
    ALLOWED_TAGS,
    LOADED_ELEMENTS,
    SRCSET_ATTRIBUTES,
    URL_ATTRIBUTES,
    is_allowed_attribute,
    srcset_urls,
)
from .image_files import (
    DECORATIVE_CLASS,
    IMAGE_DIR,
    MAX_IMAGE_BYTES,
    image_file,
    known_images,
)
from .links import is_allowed_link, is_same_site, link_scheme, resolved, schemeless_web_address
from .photo_formats import heif_image_message, is_heif_photo
from .problems import did_you_mean

EMBED_TAGS = frozenset({"iframe", "embed", "object", "video", "frame", "frameset", "applet"})
SCRIPT_TAGS = frozenset({"script"})
# Whole documents in the text (inline SVG, MathML): refused once, their inside not again.
FOREIGN_TAGS = frozenset({"svg", "math"})
_CSS_LOADS = re.compile(r"url\s*\(|image-set\s*\(|@import|expression\s*\(", re.IGNORECASE)
_MAX_SHOWN = 80
_PRIVACY = "Datenschutz: die Seiten laden nichts von fremden Servern"


@dataclass(frozen=True, order=True)
class Refusal:
    """One refused element or address: its line in the body (1 = first line) and why."""

    line: int
    message: str


def shown(value: str) -> str:
    """An address as a message shows it: one line, at most 80 characters."""
    value = re.sub(r"[\x00-\x20]+", " ", value).strip()
    return value if len(value) <= _MAX_SHOWN else value[: _MAX_SHOWN - 1] + "…"


def video_link(src: str) -> str:
    """The page to link instead of an embedded player ('…/embed/ID' -> '…/watch?v=ID')."""
    youtube = re.match(
        r"(?i)^(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", src
    )
    if youtube:
        return f"https://www.youtube.com/watch?v={youtube.group(1)}"
    vimeo = re.match(r"(?i)^(?:https?:)?//player\.vimeo\.com/video/(\d+)", src)
    if vimeo:
        return f"https://vimeo.com/{vimeo.group(1)}"
    if src.startswith("//"):
        src = "https:" + src
    return src if re.match(r"(?i)^https?://\S+$", src) else "https://…"


def element_refusals(tag: str, attributes: dict[str, str], site_url: str = "") -> list[str]:
    """Why an element may not stand in a post (nothing when it may).

    `attributes` holds the values as the browser reads them (entities decoded).
    """
    if tag in SCRIPT_TAGS:
        return [
            f"das Skript (<{tag}>) ist nicht erlaubt: Meldungen enthalten keinen Programmcode; "
            "entfernen Sie es"
        ]
    if tag in EMBED_TAGS:
        source = attributes.get("src") or attributes.get("data") or ""
        return [
            f"das eingebettete Video (<{tag}>) ist nicht erlaubt: verlinken Sie das Video "
            f"stattdessen, [Video ansehen]({video_link(source.strip())})"
        ]
    if tag == "audio":
        source = attributes.get("src", "").strip()
        target = source if re.match(r"(?i)^https?://\S+$", source) else "https://…"
        return [
            "die eingebettete Audiodatei (<audio>) ist nicht erlaubt: verlinken Sie sie "
            f"stattdessen, [Audio anhören]({target})"
        ]
    if tag == "style":
        return [
            "die Stilangaben (<style>) sind nicht erlaubt: die Gestaltung übernimmt die "
            "Website; entfernen Sie sie"
        ]
    if tag in FOREIGN_TAGS:
        return [
            f"die eingebettete Grafik (<{tag}>) ist nicht erlaubt: speichern Sie sie als Bild "
            f"unter content/{IMAGE_DIR}/ und binden Sie es mit ![Beschreibung](…) ein"
        ]
    if tag.startswith("www."):
        return [_web_address_message(tag)]
    if tag not in ALLOWED_TAGS:
        return [
            f"das HTML-Element <{tag}> ist nicht erlaubt: schreiben Sie den Text mit Markdown, "
            "z. B. **fett** oder [Linktext](https://…)"
        ]
    refusals = []
    for name, value in attributes.items():
        refusals += _attribute_refusals(tag, name, value, site_url)
    return refusals


def _attribute_refusals(tag: str, name: str, value: str, site_url: str) -> list[str]:
    if name.startswith("on"):
        return [
            f"das Attribut '{name}' an <{tag}> ist nicht erlaubt: Meldungen enthalten keinen "
            "Programmcode; entfernen Sie es"
        ]
    if name == "style":
        if _CSS_LOADS.search(value):
            return [
                f"das Attribut 'style' an <{tag}> lädt Inhalte von fremden Servern: entfernen "
                f"Sie es ({_PRIVACY})"
            ]
        if is_allowed_attribute(tag, name) and _only_allowed_properties(value):
            return []
        return [
            f"das Attribut 'style' an <{tag}> ist nicht erlaubt: die Gestaltung übernimmt die "
            "Website; entfernen Sie es"
        ]
    if not is_allowed_attribute(tag, name):
        return [f"das Attribut '{name}' an <{tag}> ist nicht erlaubt: entfernen Sie es"]
    if tag in LOADED_ELEMENTS and name in URL_ATTRIBUTES | SRCSET_ATTRIBUTES:
        urls = srcset_urls(value) if name in SRCSET_ATTRIBUTES else [value]
        return [image_host_message(url) for url in urls if not is_same_site(url, site_url)]
    if name in URL_ATTRIBUTES:
        if not is_allowed_link(value):
            if resolved(value) != value:  # {index}javascript:…
                return [placeholder_link_message(value)]
            return [
                f"der Link '{shown(value)}' ist nicht erlaubt: verwenden Sie http(s), mailto "
                "oder tel"
            ]
        if schemeless_web_address(value):
            return [_web_address_message(value)]
    return []


def placeholder_link_message(value: str) -> str:
    """Why `{index}javascript:…` and the like are refused: what Pelican would make of them."""
    return (
        f"der Link '{shown(value)}' ist nicht erlaubt: beim Bauen wird daraus eine "
        f"{link_scheme(value)}:-Adresse; nach {{filename}}, {{static}}, {{index}} usw. steht "
        "nur ein Pfad dieser Website (z. B. {filename}/news/2024-03-01-titel.md), andere Ziele "
        "beginnen mit https://, mailto: oder tel:"
    )


def _only_allowed_properties(style: str) -> bool:
    names = [part.partition(":")[0].strip().lower() for part in style.split(";") if part.strip()]
    return all(name in ALLOWED_STYLE_PROPERTIES for name in names)


def image_host_message(url: str) -> str:
    """Why an image from elsewhere (another host, a data: address) is refused."""
    if url.strip().lower().startswith("data:"):
        return (
            "das Bild als data:-Adresse ist nicht erlaubt: speichern Sie es als Datei unter "
            f"content/{IMAGE_DIR}/"
        )
    return (
        f"das Bild '{shown(url)}' wird von einer anderen Website geladen: speichern Sie es "
        f"unter content/{IMAGE_DIR}/ ({_PRIVACY})"
    )


def _web_address_message(value: str) -> str:
    address = value.strip()
    return (
        f"der Link '{shown(address)}' hat kein https:// und führt so ins Leere: schreiben Sie "
        f"https://{address}"
    )


def image_refusals(attributes: dict[str, str], content_path: Path, site_url: str = "") -> list[str]:
    """An <img> of the site's own: it needs a description and a file under content/images/."""
    src = attributes.get("src", "").strip()
    refusals = []
    decorative = DECORATIVE_CLASS in attributes.get("class", "").split()
    if not attributes.get("alt", "").strip() and not decorative:
        refusals.append(
            f"das Bild '{shown(src)}' hat keinen Alternativtext: beschreiben Sie es, "
            "![Beschreibung](...), oder kennzeichnen Sie ein rein schmückendes Bild mit "
            "{: .decorative}"
        )
    if src and is_same_site(src, site_url):
        refusals += image_source_refusals(src, content_path, site_url)
    return refusals


def image_source_refusals(src: str, content_path: Path, site_url: str = "") -> list[str]:
    """An image address must name a file under content/images/ (the lead image's too)."""
    if not is_same_site(src, site_url):
        return [image_host_message(src)]
    if site_url and src.startswith(site_url.rstrip("/") + "/"):
        src = src[len(site_url.rstrip("/")) :]
    file = image_file(content_path, src)
    if file is not None and is_heif_photo(file):
        return [heif_image_message(shown(src))]
    if file is not None and unsaved.is_file(file):
        size = unsaved.size(file)
        if size > MAX_IMAGE_BYTES:
            return [
                f"das Bild '{shown(src)}' ist {size / 1_000_000:.1f} MB groß; erlaubt sind "
                f"höchstens {MAX_IMAGE_BYTES // 1_000_000} MB: verkleinern Sie es "
                "(z. B. auf 2000 Pixel Breite)"
            ]
        return []
    wanted = src.removeprefix("{static}").lstrip("/")
    hint = did_you_mean(wanted, known_images(content_path)) or (
        f" (Bilder gehören nach content/{IMAGE_DIR}/)"
    )
    return [f"das Bild '{shown(src)}' wurde nicht gefunden{hint}"]


@dataclass
class _Locator:
    """Finds where a piece of the parsed document was written, in document order."""

    source: str
    cursors: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self.folded = self.source.lower()

    def line_of(self, needles: list[str]) -> int:
        """The line of the first needle found (case-insensitive), after its last finding."""
        for needle in needles:
            needle = needle.lower()
            if not needle.strip():
                continue
            start = self.cursors.get(needle, 0)
            at = self.folded.find(needle, start)
            if at < 0 and start:
                at = self.folded.find(needle)
            if at >= 0:
                self.cursors[needle] = at + len(needle)
                return self.folded.count("\n", 0, at) + 1
        return 1


# The refused part is usually an address: search for it first, then for the rest.
_LOCATING_ATTRIBUTES = ("src", "href", "srcset", "data", "style")
_PLACEHOLDER = re.compile("\x02(\\d+)\x03")


def _needles(tag: str, raw: dict[str, str]) -> list[str]:
    names = sorted(raw, key=lambda n: (n not in _LOCATING_ATTRIBUTES, not n.startswith("on")))
    needles = []
    for name in names:
        value = raw[name]
        needles += [f'{name}="{value}"', f"{name}='{value}'", f"{name}={value}"]
        if len(value) >= 4:
            needles.append(value)
    return [*needles, f"<{tag}"]


class _RawHtml(HTMLParser):
    """Start tags of a raw HTML fragment, with their line in the fragment."""

    def __init__(self, foreign_depth: int = 0):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str], int]] = []
        # Inline HTML reaches us one tag per fragment: <svg> and its <image> apart.
        self._foreign_depth = foreign_depth

    def handle_starttag(self, tag, attrs):
        if self._foreign_depth:
            if tag in FOREIGN_TAGS:
                self._foreign_depth += 1
            return
        self.tags.append((tag, {name: value or "" for name, value in attrs}, self.getpos()[0]))
        if tag in FOREIGN_TAGS:
            self._foreign_depth = 1

    def handle_startendtag(self, tag, attrs):
        if not self._foreign_depth:
            self.tags.append((tag, {name: value or "" for name, value in attrs}, self.getpos()[0]))

    def handle_endtag(self, tag):
        if self._foreign_depth and tag in FOREIGN_TAGS:
            self._foreign_depth -= 1


class _Inspector(Treeprocessor):
    """Runs after attr_list (it can set any attribute) and before the responsive images."""

    def __init__(self, md: Markdown, rules: BodyInspection):
        super().__init__(md)
        self.rules = rules

    def run(self, root: etree.Element) -> None:
        locator = _Locator(self.rules.source)
        found = self.rules.found
        foreign_depth = 0
        for fragment in self.md.htmlStash.rawHtmlBlocks:
            if not isinstance(fragment, str) or "<" not in fragment:
                continue
            parser = _RawHtml(foreign_depth)
            parser.feed(fragment)
            parser.close()
            foreign_depth = parser._foreign_depth
            written = fragment.strip()
            leading = fragment[: fragment.index(written[0])].count("\n")
            first = locator.line_of([written, written.split("\n")[0]]) - leading
            for tag, attributes, inner in parser.tags:
                line = first + inner - 1
                found += [Refusal(line, m) for m in self.rules.refusals_of(tag, attributes)]
        for element in root.iter():
            if element is root or not isinstance(element.tag, str):
                continue
            raw = {name.lower(): value for name, value in element.attrib.items()}
            # Backslash escapes are still placeholders here; the serializer keeps entity
            # references as written, so the browser decodes them: decode both.
            attributes = {
                name: html.unescape(_PLACEHOLDER.sub(lambda m: chr(int(m.group(1))), value))
                for name, value in raw.items()
            }
            refusals = self.rules.refusals_of(element.tag, attributes)
            if refusals:
                line = locator.line_of(_needles(element.tag, raw))
                found += [Refusal(line, m) for m in refusals]


class BodyInspection(Extension):
    """The body rules as a Markdown extension: every conversion also lists what they refuse.

    `showcase check` runs it in a Markdown of its own (BodyRules); the build's reader adds it
    to the converters that render the site, so a build parses each post once.
    """

    def __init__(self, content_path: Path, site_url: str = ""):
        super().__init__()
        self.content_path = content_path
        self.site_url = site_url
        self.source = ""
        self.found: list[Refusal] = []
        self.lead_file: Path | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Inspector(md, self), "showcase_body_rules", 5)

    def refusals_of(self, tag: str, attributes: dict[str, str]) -> list[str]:
        """Every rule for one element, the image rules included."""
        refusals = element_refusals(tag, attributes, self.site_url)
        if tag == "img":
            refusals += image_refusals(attributes, self.content_path, self.site_url)
            src = attributes.get("src", "").strip()
            if self.lead_file is not None and image_file(self.content_path, src) == self.lead_file:
                refusals.append(
                    f"das Bild '{src}' ist schon das Titelbild (Image) und stünde zweimal auf "
                    "der Seite: entfernen Sie es aus dem Text, oder nehmen Sie die Zeile "
                    "'Image:' heraus"
                )
        return refusals

    def convert(
        self, md: Markdown, text: str, lead_image: str | None = None
    ) -> tuple[str, list[Refusal]]:
        """Render `text` with `md` (which carries this extension) and list the refusals.

        Lines count from the first line of `text`. `lead_image` is the post's Image: the same
        picture again in the text is refused.
        """
        self.lead_file = image_file(self.content_path, lead_image) if lead_image else None
        # As Markdown's own first step does, so that raw HTML is found where it was written.
        self.source = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(md.tab_length)
        self.found = []
        md.reset()
        rendered = md.convert(text)
        return rendered, sorted(set(self.found))


class BodyRules:
    """Parses post bodies as the build renders them and lists what the rules refuse.

    `markdown_config` is Pelican's MARKDOWN setting (Pelican's default when None): the check
    must parse with exactly the extensions the build renders with.
    """

    def __init__(self, content_path: Path, markdown_config: dict | None = None, site_url: str = ""):
        self.content_path = content_path
        self.site_url = site_url
        self._config = copy.deepcopy(markdown_config or DEFAULT_CONFIG["MARKDOWN"])
        self.inspection = BodyInspection(content_path, site_url)

    @cached_property
    def _md(self) -> Markdown:
        # Made when the first body is parsed: the build's check (bodies=False) reads only
        # site_url of these rules, and a Markdown with its extensions takes 20-40 ms to make.
        config = self._config
        # As Pelican's reader does: every configured extension is loaded.
        extensions = config.setdefault("extensions", [])
        extensions += [
            name for name in config.get("extension_configs", {}) if name not in extensions
        ]
        md = Markdown(**config)
        for name in ("meta", "responsive_images"):
            # Meta: bodies come without a header. Images: sizes are the build's business.
            for registry in (md.preprocessors, md.treeprocessors):
                if name in registry:
                    registry.deregister(name)
        self.inspection.extendMarkdown(md)
        trigger_markdown(md)  # as the build's reader does
        return md

    def check(self, body: str, lead_image: str | None = None) -> list[Refusal]:
        """Every refusal in a body, sorted by line; line 1 is the body's first line."""
        return self.inspection.convert(self._md, body, lead_image)[1]
