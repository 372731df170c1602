"""Posts' `url` and `save_as` worked out once instead of on every use.

Pelican computes `article.url` anew each time a template asks (its URL pattern filled from
the metadata, about 0.1 ms); a post page asks for its own and its neighbours' addresses, the
listings and feeds for all of them: some 17 times per post, close to a tenth of a build.
Its `save_as` likewise, once more when the page is written (0.1 s at 1,000 posts, also for a
page taken over). After the generators have read everything, nothing changes a post's
address or path any more (its metadata, slug, date and category are settled, and
`override_url`/`override_save_as` are set only when it is made), so each post gets a
subclass of its own class whose `url` and `save_as` are the values computed then.
"""

from __future__ import annotations

from collections.abc import Iterable

_FROZEN: dict[type, type] = {}


class _FrozenUrl:
    """Mixed in before Pelican's content class: `url` and `save_as` from the instance, set
    at freezing."""

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
