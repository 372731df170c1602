"""What HTML a post may contain: one allowlist for the check and for the sanitizer.

`showcase check` refuses what is not listed here (with a message), and the sanitizer removes
it from the rendered HTML (as a second wall). Because both read these sets, a post that
passes the check loses nothing to the sanitizer.
"""

from __future__ import annotations

# What Markdown (with the "extra" extensions) writes, the responsive <picture> the plugin
# makes of each image, and the inline markup a pasted text may reasonably carry.
ALLOWED_TAGS = frozenset(
    {
        *("p", "br", "hr", "div", "span", "blockquote", "pre", "code", "kbd", "samp"),
        *("h1", "h2", "h3", "h4", "h5", "h6"),
        *("ul", "ol", "li", "dl", "dt", "dd"),
        *("a", "abbr", "b", "cite", "del", "dfn", "em", "i", "ins", "mark", "q", "s"),
        *("small", "strong", "sub", "sup", "time", "u"),
        *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
        *("figure", "figcaption", "picture", "source", "img"),
    }
)

GENERIC_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})

ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"}),
    "source": frozenset({"srcset", "sizes", "type", "media", "width", "height"}),
    "ol": frozenset({"start", "reversed"}),
    "li": frozenset({"value"}),
    "th": frozenset({"colspan", "rowspan", "scope", "style"}),
    "td": frozenset({"colspan", "rowspan", "style"}),
    "time": frozenset({"datetime"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
}

# Markdown tables align columns with style="text-align: …"; no other property is kept.
ALLOWED_STYLE_PROPERTIES = frozenset({"text-align"})

# Attributes whose value is an address the browser loads or follows.
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
# Attributes that hold a list of image candidates ("a.webp 480w, b.webp 960w").
SRCSET_ATTRIBUTES = frozenset({"srcset"})
# Elements whose addresses are loaded with the page (not followed on a click).
LOADED_ELEMENTS = frozenset({"img", "source"})


def is_allowed_attribute(tag: str, name: str) -> bool:
    """True when `name` may stand on `tag` in a post."""
    return name in GENERIC_ATTRIBUTES or name in ALLOWED_ATTRIBUTES.get(tag, ())


def srcset_urls(value: str) -> list[str]:
    """The addresses in a srcset value ('a.webp 480w, b.webp 960w' -> ['a.webp', 'b.webp'])."""
    return [part.split()[0] for part in value.split(",") if part.strip()]
