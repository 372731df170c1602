"""The preview's listings: a page whose inputs did not change is not rendered again.

A listing (home, news pages, region and topic pages, overviews) is its template rendered
with a context. The template names the variables it uses (found in its source and the
templates it includes, extends or imports); the page's key is a digest of exactly those
values, where a post or page stands for its source file (path, mtime, size, hash; its
translations' too) and for the inputs every page depends on (settings, templates, region
data, the plugin's code, the list of all posts; staff/preview.py's inputs_fingerprint) plus
the pictures and events under content/. With the same key the last output is written again:
Pelican's Writer still opens, writes and announces the file (content_written), so the sitemap,
the overwrite check and the removal of stale pages see a normal write.

A value the digest cannot name for certain (an object it does not know) makes the page render
as always; nothing is guessed. An object may say what its answers depend on with a method
`preview_digest()` (Assets, EventsGenerator).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gettext
import hashlib
import types
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

from jinja2 import meta
from markupsafe import Markup
from pelican.contents import Content
from pelican.paginator import Page, Paginator

from .preview_memo import PreviewMemo, file_key

# Filters that read the context themselves (translations.py: localdate, localnumber, …) and
# what Pelican's Writer sets per page.
ALWAYS = ("lang", "output_file", "SITEURL", "localsiteurl")
_MISSING = "missing"  # a name the context lacks (`is defined` is false), unlike None
_SIMPLE = (str, int, float, bool, type(None), bytes, dt.date, dt.time, dt.timedelta, PurePath)


class Unkeyable(Exception):
    """A value whose digest would not be certain."""


class PageDigest:
    """Digests of the values of one build (objects live through the build, so their ids
    are stable while the cache is)."""

    def __init__(self) -> None:
        self.by_id: dict[int, tuple[Any, str]] = {}
        self.versions: dict[str, str] = {}

    def of(self, value: Any) -> str:
        held = self.by_id.get(id(value))
        if held is not None and held[0] is value:
            return held[1]
        text = self._of(value)
        if not isinstance(value, _SIMPLE):
            self.by_id[id(value)] = (value, text)  # the value is held: its id stays its own
        return text

    def _of(self, value: Any) -> str:
        if isinstance(value, Markup):
            return f"M{str(value)!r}"
        if isinstance(value, _SIMPLE):
            return f"{type(value).__name__}:{value!r}"
        if isinstance(value, Content):
            return self._content(value)
        if isinstance(value, list | tuple):
            inner = ",".join(self.of(item) for item in value)
            return self._hash(f"{type(value).__name__}[{inner}]")
        if isinstance(value, set | frozenset):
            return self._hash("set{" + ",".join(sorted(self.of(item) for item in value)) + "}")
        if isinstance(value, dict):
            items = sorted(f"{self.of(k)}:{self.of(v)}" for k, v in value.items())
            return self._hash("{" + ",".join(items) + "}")
        if isinstance(value, Page):
            parts = (value.number, value.object_list, value.paginator)
            return self._hash("Page" + self.of(parts))
        if isinstance(value, Paginator):
            parts = (value.name, value.url, value.object_list, value.per_page, value.orphans)
            return self._hash("Paginator" + self.of(parts))
        if isinstance(value, functools.partial):
            return self._hash("partial" + self.of((value.func, value.args, value.keywords)))
        if isinstance(value, types.FunctionType):
            cells = tuple(cell.cell_contents for cell in value.__closure__ or ())
            return self._hash(f"fn:{value.__module__}.{value.__qualname__}" + self.of(cells))
        if isinstance(value, types.BuiltinFunctionType):
            return f"builtin:{value.__module__}.{value.__qualname__}"
        if isinstance(value, types.MethodType):
            owner = value.__self__
            return self._hash(f"method:{value.__qualname__}" + self.of(owner))
        hook = getattr(type(value), "preview_digest", None)
        if hook is not None:
            # An object that says what its answers depend on (Assets, EventsGenerator).
            return self._hash(f"obj:{type(value).__qualname__}" + self.of(value.preview_digest()))
        if isinstance(value, gettext.NullTranslations):
            # A message catalog of the theme (theme/translations/, part of the memo's scope).
            return f"catalog:{type(value).__name__}:{value.info().get('language', '')}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = tuple(getattr(value, f.name) for f in dataclasses.fields(value))
            return self._hash(f"dc:{type(value).__qualname__}" + self.of(fields))
        raise Unkeyable(type(value).__qualname__)

    def _content(self, content: Content) -> str:
        """A post or page: its file, and the files of its translations."""
        source = str(content.source_path)
        version = self.versions.get(source)
        if version is None:
            parts = [repr(file_key(Path(source)))]
            for translation in getattr(content, "translations", ()):
                parts.append(repr(file_key(Path(str(translation.source_path)))))
            version = self.versions[source] = self._hash("|".join(parts))
        return f"{type(content).__name__}:{version}"

    @staticmethod
    def _hash(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()


def template_names(template) -> tuple[str, ...] | None:
    """The variables a template and every template it uses may read; None when one of
    them is chosen at render time (then its reads cannot be known)."""
    env = template.environment
    names: set[str] = set()
    seen: set[str] = set()
    todo = [template.name]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = env.loader.get_source(env, name)[0]
        tree = env.parse(source)
        names |= meta.find_undeclared_variables(tree)
        for used in meta.find_referenced_templates(tree):
            if used is None:
                return None
            todo.append(used)
    return tuple(sorted(names | set(ALWAYS)))


class KeptTemplate:
    """A template for Pelican's Writer whose render() hands out the last output for the
    same inputs (the memo's slot is the template and the page written)."""

    def __init__(
        self, template, memo: PreviewMemo, digest: PageDigest, base: Callable[[dict], str]
    ) -> None:
        self.template = template
        self.memo = memo
        self.digest = digest
        self.base = base
        self.name = template.name

    def render(self, context: dict) -> str:
        names = self.memo.get(
            ("template-names", self.name), self.name, lambda: template_names(self.template)
        )
        if names is None:
            return self.template.render(context)
        try:
            key = self.base(context) + "|".join(
                f"{name}={self.digest.of(context[name]) if name in context else _MISSING}"
                for name in names
            )
        except Unkeyable:
            return self.template.render(context)
        slot = ("page", self.name, context.get("output_file"))
        return self.memo.get(slot, key, lambda: self.template.render(context))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)
