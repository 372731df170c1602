"""The last wall: every address of a post or page checked as Pelican resolved it.

The reader sanitizes the HTML it hands to Pelican, and `showcase check` refuses what Pelican
would make of `{index}javascript:…` (data/links.py, `resolved`). But Pelican rewrites the
addresses only later, each time a page or feed asks for the text (`_update_content`), and
keeps whatever scheme follows the placeholder. So the text is read once more as it leaves
Pelican: an address no rule should have let through stops the build, naming the file,
instead of reaching a page, and above all a feed, whose readers have no CSP to stop it.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path

from pelican.contents import Static

from .data.allowlist import ALLOWED_TAGS, LOADED_ELEMENTS, SRCSET_ATTRIBUTES, srcset_urls
from .data.links import ALLOWED_SCHEMES, is_allowed_link, is_same_site
from .data.paths_shown import display_path
from .data.post_body import shown
from .data.problems import Problem, ValidationFailed
from .settings import showcase_settings

# Every attribute Pelican resolves placeholders in (contents.py, _get_intrasite_link_regex).
RESOLVED_ATTRIBUTES = frozenset(
    {"href", "src", "poster", "data", "cite", "formaction", "action", "content"}
)


class UnsafeAddress(Exception):
    """An address in the HTML as it leaves Pelican that no page or feed may carry."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem

    def __reduce__(self):  # sent back from a worker process (parallel/forks.py)
        return (UnsafeAddress, (self.problem,))


class _Addresses(HTMLParser):
    """What to look at in a piece of HTML, decoded as a browser reads it: (tag, attribute,
    value) for every address and event attribute, (tag, "", "") for an element no post may
    hold."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.found.append((tag, "", ""))  # <script>, <iframe>: no page may carry them
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((tag, name, value or ""))  # a script, not an address
            elif name in RESOLVED_ATTRIBUTES or name in SRCSET_ATTRIBUTES:
                self.found.append((tag, name, value or ""))

    handle_startendtag = handle_starttag


def unsafe_addresses(html: str, site_urls: tuple[str, ...] = ()) -> list[str]:
    """The addresses in `html` that may not be published, each as a message names it.

    Links must be http(s), mailto, tel or of this site; images (and their srcset) must come
    from this site: relative, site-absolute, or below one of `site_urls`.
    """
    parser = _Addresses()
    parser.feed(html)
    parser.close()
    sites = site_urls or ("",)
    refused = []
    for tag, name, value in parser.found:
        if not name or name.startswith("on"):
            refused.append(f"<{tag} {name}=…>" if name else f"<{tag}>")
            continue
        urls = srcset_urls(value) if name in SRCSET_ATTRIBUTES else [value]
        loaded = tag in LOADED_ELEMENTS
        for url in urls:
            elsewhere = loaded and not any(is_same_site(url, site) for site in sites)
            if elsewhere or not is_allowed_link(url):
                refused.append(f"'{shown(url)}'")
    return refused


def unsafe_message(refused: list[str]) -> str:
    """What the build says when the last wall stops it (German: editors read it)."""
    return (
        f"nach dem Auflösen der Links durch Pelican ({{index}}, {{filename}} …) enthielte der "
        f"Text {', '.join(refused)}; Seiten und Feeds enthalten nur Links auf diese Website und "
        f"{', '.join(ALLOWED_SCHEMES)}, Bilder nur von dieser Website und keinen Programmcode. "
        "Nichts wurde veröffentlicht: korrigieren Sie die Datei"
    )


class _CheckedLinks:
    """Mixed in before Pelican's content class: `_update_content` checks what it returns."""

    def _update_content(self, content: str, siteurl: str) -> str:
        result = super()._update_content(content, siteurl)
        if not result or (result == content and getattr(self, "showcase_sanitized", False)):
            # Our reader's sanitizer has seen this very text (reader.py); only what Pelican
            # changed needs reading again, and most posts have no {filename} link at all.
            return result
        showcase = showcase_settings(self.settings)
        own = (siteurl, showcase.site_url, showcase.feed_domain)
        refused = refused_in(result, tuple(u for u in own if u))
        if refused:
            raise UnsafeAddress(
                Problem(display_path_of(self), 0, "", unsafe_message(list(refused)))
            )
        return result


@functools.lru_cache(maxsize=4096)
def refused_in(html: str, site_urls: tuple[str, ...]) -> tuple[str, ...]:
    """unsafe_addresses, kept for the same text and addresses: each `make serve` rebuild
    resolves the texts with links again and gets the same texts (an HTML parse each)."""
    return tuple(unsafe_addresses(html, site_urls))


def display_path_of(content) -> str:
    """The post's file as messages name it."""
    path = getattr(content, "source_path", None)
    return display_path(Path(path)) if path else getattr(content, "slug", "?")


# Where Pelican's generators keep what they read: posts, pages, their translations, drafts.
_CONTENT_LISTS = (
    *("articles", "translations", "drafts", "drafts_translations", "hidden_articles"),
    *("hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations"),
)


def check_before_writing(generators) -> None:
    """all_generators_finalized: every text resolved once, as the feeds will ask for it,
    before anything is written; every problem is listed at once, as editors read them (not
    as the traceback an exception in the middle of writing would end in)."""
    problems = []
    seen: set[int] = set()
    for generator in generators:
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, None) or ():
                if id(content) in seen or not isinstance(content, _CheckedLinks):
                    continue
                seen.add(id(content))
                problems += _problems_of(content)
    if problems:
        from .generator import _stop

        _stop(ValidationFailed(problems))


def _problems_of(content) -> list[Problem]:
    showcase = showcase_settings(content.settings)
    base = showcase.absolute_url
    try:
        content.get_content(base)  # kept (memoized) for the feeds, which ask the same
        for name in showcase.formatted_fields:
            if name in content.metadata:
                content._update_content(content.metadata[name], base)
    except UnsafeAddress as unsafe:
        return [unsafe.problem]
    return []


_CHECKED: dict[type, type] = {}


def check_resolved_links(instance) -> None:
    """content_object_init: give a post or page the check (static files have no text)."""
    cls = type(instance)
    if isinstance(instance, Static) or issubclass(cls, _CheckedLinks):
        return
    checked = _CHECKED.get(cls)
    if checked is None:
        # Same name and module: Pelican finds its URL settings by the class's name.
        checked = type(cls.__name__, (_CheckedLinks, cls), {"__module__": cls.__module__})
        _CHECKED[cls] = checked
    instance.__class__ = checked
