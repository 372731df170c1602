"""Posts' `url` worked out once instead of on every use, and slugs once per name.

Pelican computes `article.url` anew each time a template asks (its URL pattern filled from
the metadata, about 0.1 ms); a post page asks for its own and its neighbours' addresses, the
listings and feeds for all of them: some 17 times per post, close to a tenth of a build.
After the generators have read everything, nothing changes a post's address any more, so
each post gets a subclass of its own class whose `url` is the value computed then.
"""

from __future__ import annotations

from collections.abc import Iterable

_FROZEN: dict[type, type] = {}


class _FrozenUrl:
    """Mixed in before Pelican's content class: `url` and `save_as` from the instance, set
    at freezing (`save_as`: `make serve` hands kept posts over frozen, preview/kept_content.py,
    so that Pelican's check of each post's path at reading does not fill the pattern again)."""

    @property
    def url(self) -> str:
        return self.__dict__["_showcase_url"]

    @property
    def save_as(self) -> str:
        return self.__dict__["_showcase_save_as"]


def freeze_urls(contents: Iterable) -> None:
    """Fix `url` of each content object (and of its translations) at its current value."""
    for content in contents:
        for item in (content, *getattr(content, "translations", ())):
            cls = type(item)
            if issubclass(cls, _FrozenUrl):
                continue
            frozen = _FROZEN.get(cls)
            if frozen is None:
                frozen = type(cls.__name__, (_FrozenUrl, cls), {"__module__": cls.__module__})
                _FROZEN[cls] = frozen
            item.__dict__["_showcase_url"] = item.url
            item.__dict__["_showcase_save_as"] = item.save_as
            item.__class__ = frozen


def memoize_slugs() -> None:
    """Pelican slugifies each post's category and author anew (each post gets its own
    Category and Author objects, each caching only its own slug): 2,000 calls of `slugify`
    (markup stripped, Unicode normalized, unidecode, the substitutions) at 1,000 posts for a
    handful of names, 0.1-0.15 s of every build. `slugify` is a pure function of its
    arguments, so one result per distinct call is the same result (in this process only)."""
    from pelican import urlwrappers

    if getattr(urlwrappers.slugify, "showcase_memo", False):
        return
    original = urlwrappers.slugify
    known: dict[tuple, str] = {}

    def slugify(value, regex_subs=(), preserve_case=False, use_unicode=False):
        try:
            key = (type(value), value, tuple(map(tuple, regex_subs)), preserve_case, use_unicode)
            hash(key)
        except TypeError:  # not hashable: worked out as always
            return original(value, regex_subs, preserve_case, use_unicode)
        if key not in known:
            known[key] = original(value, regex_subs, preserve_case, use_unicode)
        return known[key]

    slugify.showcase_memo = True
    urlwrappers.slugify = slugify
