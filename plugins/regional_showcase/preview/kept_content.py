"""`make serve`: Pelican's post and page objects kept from one build to the next.

Every preview build runs Pelican anew, and Pelican makes a new Article or Page for every file:
its path metadata, the reader's fields, the slug, the dates, the URL settings checked
(`is_valid`), the content_object_init signal. With the Markdown already kept (reader_cache.py)
that was still most of reading: 0.55 s under cProfile of a post edit's rebuild at 500 posts
(1.4 s), now 0.2 s. Here each
object is kept from the build that made it and handed to the next build, for a file whose
construction read the same as last time:

- the file's bytes (SHA-256 of the bytes, not the modification time; and the same bytes
  before and after Pelican read them, so a save during the read is not kept; read again only
  when the file changed since, file_digests.py);
- the pictures the body shows, by the hash of their bytes (the reader cache's list for those
  bytes; a file the reader cache does not keep, one with refusals or log records, is not kept
  here either);
- every Pelican setting (preview/manifest.py `settings_digest`, which counts a function by
  its code; the reader cache's key is settings too, but for the plugin's code and the
  libraries, which stay as imported: `make serve` restarts when the code changes) and the
  SHOWCASE_ environment variables;
- the time where Pelican reads it: with WITH_FUTURE_DATES off a post dated later than now
  becomes a draft at construction, so the object is kept only while "later than now" gives
  the same answer; with DEFAULT_DATE = 'fs' the file's modification time;
- nothing logged while it was made (Pelican warns about an empty alt text, the reader about
  what it converts): a warning the editor saw last time is shown again.

Only the receivers this plugin connects to content_object_init (check_resolved_links,
fill_operator_facts: the operator's facts are settings) may run at construction; another
plugin's receiver there, or any on the generators' preread and context signals, turns the
keeping off. The region data is not read while a post or page is made (the post's view, its
regions and topic are worked out in generator.py for every build), nor are the other posts:
Pelican resolves `{filename}` links when a page asks for the content, against that build's
context.

A build changes the objects it is given: translations lists, `_context`, the memoized
`get_content` and `get_summary` (Pelican memoizes by the object, so a kept object would serve
the links resolved against the last build's posts), `refresh_metadata_intersite_links`
rewriting `metadata` in place, the post's view (`showcase`), frozen_urls.py's class and URL.
So the build never gets the kept object itself: a pristine copy is taken right after
construction (settings and context left out), and each build gets a copy of that (its own
dicts, lists, categories and tags; the immutable text and dates shared), pointed at its own
settings and context, with an empty translations list. Nothing is pickled or written to
disk.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import weakref
from dataclasses import dataclass
from functools import partial
from typing import Any

from pelican import signals
from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.urlwrappers import URLWrapper

from .. import reader_cache
from ..environment import environment_key
from ..frozen_urls import _FrozenUrl
from ..parallel.reading import _noting_records as noting_records
from .file_digests import DIGESTS, digest_now
from .manifest import plain_name, settings_digest

# The receivers the plugin itself connects to content_object_init (__init__.py): they read
# the object and the settings, nothing else.
OWN_RECEIVERS = frozenset(
    {
        "regional_showcase.check_resolved_links",
        "regional_showcase.fill_operator_facts",
    }
)
# What frozen_urls.py puts into a post's own attributes when it fixes its class.
FROZEN_NAMES = ("_showcase_url", "_showcase_save_as")
# Signals Pelican sends while it makes an object; a receiver there could read anything.
_MAKING_SIGNALS = (
    signals.article_generator_preread,
    signals.article_generator_context,
    signals.page_generator_preread,
    signals.page_generator_context,
)


class _Placeholder:
    """Stands in a pristine copy for the build's settings or context (never shared)."""

    def __deepcopy__(self, memo):
        return self


# Values no build changes in place: the pristine copy and each build's copy share them.
_SHARED = (str, bytes, int, float, bool, type(None), dt.date, dt.time, dt.timedelta, dt.tzinfo)
# Whether a type's values are shared (a subclass of _SHARED: Markup, SafeDatetime, ZoneInfo),
# asked once per type: a post's two dozen fields took two dozen isinstance tests of ten types
# each in every copy, most of a kept post's copy (a build copies all 1,000).
_SHARED_KINDS: dict[type, bool] = {}


def _shared(kind: type) -> bool:
    known = _SHARED_KINDS.get(kind)
    if known is None:
        known = _SHARED_KINDS[kind] = issubclass(kind, _SHARED)
    return known


def _copy_of(
    content,
    memo: dict,
    own: tuple[str, ...] | None = None,
    keys: dict[str, tuple[str, ...]] | None = None,
):
    """A copy of a post or page whose dicts and lists are its own (a build writes into
    `metadata`, assigns `translations`), its text, dates and zones shared, everything else
    deep-copied with `memo`, which points the settings and the context where they belong
    (a category's, tag's or author's settings too). copy.deepcopy of the whole object took
    0.2 ms a post: a fifth of a post edit's rebuild at 500 posts. `own`: the names of its
    fields that are not shared (_own_fields), when known; the others are taken as they are.
    `keys`: of those that are plain dicts (`metadata`), the keys whose values are not shared
    (_own_keys): the dict is copied whole and only those values copied further."""
    new = object.__new__(type(content))
    memo[id(content)] = new
    fields = dict(vars(content))
    if own is None:
        # One pass (a category, tag or author: two per post and build, their fields not
        # worked out beforehand): a value replaced in place, the dict's size the same.
        for name, value in fields.items():
            if not _shared(type(value)):
                fields[name] = _copied(value, memo, False)
    else:
        for name in own:
            value = fields[name]
            names = None if keys is None else keys.get(name)
            if names is None or id(value) in memo:
                fields[name] = _copied(value, memo, False)
                continue
            copied = fields[name] = memo[id(value)] = dict(value)
            for key in names:
                copied[key] = _copied(value[key], memo)
    new.__dict__ = fields
    return new


def _own_keys(content, own: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Of a post's or page's fields that are not shared, those that are plain dicts: the keys
    whose values are not shared either (see _copy_of)."""
    fields = vars(content)
    return {
        name: tuple(key for key, item in fields[name].items() if not _shared(type(item)))
        for name in own
        if type(fields[name]) is dict
    }


def _own_fields(content) -> tuple[str, ...]:
    """The fields of a post or page that a copy does not share (see _copy_of)."""
    return tuple(name for name, value in vars(content).items() if not _shared(type(value)))


def _copied(value, memo: dict, shared: bool | None = None):
    if shared is None:
        shared = _shared(type(value))
    if shared:
        return value
    done = memo.get(id(value))
    if done is not None:
        return done
    kind = type(value)
    if kind is dict:
        new = memo[id(value)] = {}
        kinds = _SHARED_KINDS
        for key, item in value.items():
            new[key] = item if kinds.get(type(item)) else _copied(item, memo)
        return new
    if kind is list:
        new = memo[id(value)] = []
        new.extend(_copied(item, memo) for item in value)
        return new
    if kind is tuple:
        return tuple(_copied(item, memo) for item in value)
    if isinstance(value, URLWrapper):  # a category, tag or author: its settings re-pointed
        return _copy_of(value, memo)
    return copy.deepcopy(value, memo)


@dataclass
class _Kept:
    pristine: Any  # the object as constructed, settings and context replaced by placeholders
    key: str  # the settings and environment it was made with
    data: str  # SHA-256 of the file's bytes
    pictures: tuple  # ((path under content/, SHA-256 or None), ...) as the reader saw them
    future: bool | None  # date later than "now" at construction (None: Pelican did not ask)
    mtime: int | None  # the file's mtime_ns where Pelican read it (DEFAULT_DATE = 'fs')
    # Its class and address as frozen_urls.py fixed them in the last good build that had it.
    frozen: tuple[type, dict] | None = None
    # The pristine copy's fields that each build's copy does not share (it is never changed:
    # worked out once, not for each of a thousand posts in every build).
    own: tuple[str, ...] | None = None
    own_keys: dict[str, tuple[str, ...]] | None = None  # _own_keys of `own`, with it
    # Pelican's get_static_links of the object, once found: it reads the text, the source
    # path and the settings (PATH, INTRASITE_LINK_REGEX), all under this entry's key.
    static_links: frozenset[str] | None = None


_SETTINGS = _Placeholder()
_CONTEXT = _Placeholder()
# The store of the `make serve` process while one of its builds runs (PreviewBuilder).
_active: KeptContent | None = None


class KeptContent:
    """The objects of the last builds, by generator and file; `begin` and `end` each build."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], _Kept] = {}
        self.used: set[tuple[str, str]] = set()
        self.handed: list[tuple[_Kept, Any]] = []  # each entry and its copy in this build
        # What this build replaced, to put back should it fail (None: there was none).
        self.replaced: dict[tuple[str, str], _Kept | None] = {}
        self.hits = 0
        self.misses = 0

    def begin(self) -> None:
        """A build of the preview starts: the generators it makes use this store."""
        global _active
        _active = self
        self.used = set()
        self.handed = []
        self.replaced = {}
        self.hits = self.misses = 0

    def end(self, ok: bool) -> None:
        """The build is over; after a good one, objects of files it did not read are dropped."""
        global _active
        _active = None
        handed, self.handed = self.handed, []
        replaced, self.replaced = self.replaced, {}
        if not ok:
            # A failed build keeps nothing: the next one starts from what the last good
            # build kept (what this one made is dropped, what it replaced is back).
            for name, before in replaced.items():
                if before is None:
                    self.entries.pop(name, None)
                else:
                    self.entries[name] = before
            return
        for gone in set(self.entries) - self.used:
            del self.entries[gone]
        # A post's `url` and `save_as` follow from what its key holds (its own metadata,
        # status, language, date, category, path and the settings), so the values frozen at
        # the end of this build are those of the next build with the same key: its copy
        # comes frozen, and Pelican's URL patterns are not filled again (0.1 ms a post).
        for kept, live in handed:
            if issubclass(type(live), _FrozenUrl):
                names = [name for name in FROZEN_NAMES if name in vars(live)]
                kept.frozen = (type(live), {name: vars(live)[name] for name in names})

    def attach(self, generator) -> None:
        """Let an article or page generator take kept objects (Pelican's own caching hook,
        `get_cached_data` and `cache_data`, here with the keys above and in memory)."""
        if not isinstance(generator, ArticlesGenerator | PagesGenerator):
            return
        settings = generator.settings
        if not _may_keep(settings):
            return
        _Hooks(self, generator, _settings_key(settings)).install()


def _receiver_names(signal) -> set[str]:
    """The functions connected to a signal, by module and name."""
    names = set()
    for receiver in signal.receivers.values():
        function = receiver() if isinstance(receiver, weakref.ref) else receiver
        names.add(
            f"{getattr(function, '__module__', '?')}.{getattr(function, '__qualname__', '?')}"
        )
    return names


def _may_keep(settings: dict) -> bool:
    """False when something Pelican or a plugin does at construction is not under the key."""
    if any(signal.receivers for signal in _MAKING_SIGNALS):
        return False
    if not _receiver_names(signals.content_object_init) <= OWN_RECEIVERS:
        return False
    # A (locale, format) date format makes Content.__init__ call locale.setlocale: a kept
    # object would leave the locale as the last build's other objects set it.
    formats = [settings.get("DEFAULT_DATE_FORMAT")]
    formats += list(dict(settings.get("DATE_FORMATS") or {}).values())
    return not any(isinstance(value, tuple) for value in formats)


def _settings_key(settings: dict) -> str:
    """The settings as Pelican and the plugin read them at construction, and the environment
    variables the plugin's settings read. Left out: the compiled-template cache in
    JINJA_ENVIRONMENT (settings_digest: its state changes whenever a template is compiled,
    and no object reads it while it is made), and OUTPUT_PATH, which every `make html` names
    anew (`output.new-<pid>`, the build server's builds, warm_build.py): construction reads
    it only in Pelican's `is_valid`, whether `save_as` stays inside it, which for a plain
    relative `save_as` holds in any folder (only such objects are kept: cache_data)."""
    own = {key: value for key, value in settings.items() if key != "OUTPUT_PATH"}
    digest = hashlib.sha256(settings_digest(own).encode())
    digest.update(environment_key().encode())
    return digest.hexdigest()


def _file_hash(path: str) -> str | None:
    # Read again only when the file changed since it was last read (file_digests.py).
    return DIGESTS.digest(path)


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


@dataclass
class _Made:
    data: str | None
    now: dt.datetime
    logged: bool


class _Hooks:
    """One generator's hooks for one build."""

    def __init__(self, store: KeptContent, generator, key: str):
        self.store = store
        self.generator = generator
        self.key = key
        self.kind = type(generator).__name__
        self.settings = generator.settings
        self.context = generator.context
        self.made: dict[str, _Made] = {}
        # This build's objects of kept entries, by id (each held in store.handed until the
        # build ends, so no id is another object's meanwhile): add_static_links.
        self.entry_of: dict[int, _Kept] = {}
        self.now = dt.datetime.now(dt.UTC)
        self.reads_mtime = self.settings.get("DEFAULT_DATE") == "fs"
        self.checks_future = not self.settings.get("WITH_FUTURE_DATES", True)

    def install(self) -> None:
        # Instance attributes over CachingGenerator's methods (Pelican calls them per file);
        # the generator lives for this build only.
        generator = self.generator
        generator.get_cached_data = self.get_cached_data
        generator.cache_data = self.cache_data
        self._add_static_links = generator.add_static_links
        generator.add_static_links = self.add_static_links
        generator._include_path = partial(_include_path, generator._include_path, generator)
        read_file = generator.readers.read_file

        def reading(*args, **kwargs):
            path = os.path.join(kwargs.get("base_path", generator.path), kwargs.get("path", ""))
            relative = kwargs.get("path")
            before = _file_hash(path)
            # As the reader cache does: what logged a warning is not kept, so the next build
            # logs it again.
            with noting_records() as noted:
                made = read_file(*args, **kwargs)
            # Now, not the build's first look (one_pass, whose state `before` is): a file saved
            # since that look was read with other bytes, and its object is not kept by them.
            after = digest_now(path)
            if relative is not None:
                self.made[relative] = _Made(
                    before if before == after else None, self.now, bool(noted)
                )
            return made

        generator.readers.read_file = reading

    @property
    def cache(self) -> reader_cache.ReaderCache | None:
        # This build's reader cache: opened by ShowcaseGenerator's constructor, which runs
        # after this generator's, before any generator reads.
        return reader_cache.in_use()

    def _path(self, filename: str) -> str:
        return os.path.join(self.generator.path, filename)

    def get_cached_data(self, filename: str, default=None):
        self.now = dt.datetime.now(dt.UTC)
        kept = self.store.entries.get((self.kind, filename))
        if kept is None or not self._holds(kept, filename):
            self.store.misses += 1
            return default
        self.store.hits += 1
        self.store.used.add((self.kind, filename))
        if self.cache is not None:
            self.cache.mark_used(kept.data)  # its Markdown stays in the reader cache too
        memo = {id(_SETTINGS): self.settings, id(_CONTEXT): self.context}
        if kept.own is None:
            kept.own = _own_fields(kept.pristine)
            kept.own_keys = _own_keys(kept.pristine, kept.own)
        fresh = _copy_of(kept.pristine, memo, kept.own, kept.own_keys)
        if kept.frozen is not None:
            fresh.__class__, names = kept.frozen
            fresh.__dict__.update(names)
        self.store.handed.append((kept, fresh))
        self.entry_of[id(fresh)] = kept
        return fresh

    def add_static_links(self, content) -> None:
        """Pelican's add_static_links (the `{static}` and `{attach}` files a text links,
        found with a regular expression in each of 1,000 texts in every build): for an
        object of a kept entry the entry's links, searched once."""
        kept = self.entry_of.get(id(content))
        if kept is None:
            self._add_static_links(content)
            return
        links = kept.static_links
        if links is None:
            links = kept.static_links = frozenset(content.get_static_links())
        self.generator.context["static_links"] |= links

    def _holds(self, kept: _Kept, filename: str) -> bool:
        path = self._path(filename)
        if kept.key != self.key or kept.data != _file_hash(path):
            return False
        if self.cache is None or not self.cache.pictures_hold(kept.pictures):
            return False
        if kept.future is not None and kept.future != self._future(kept.pristine):
            return False
        return not self.reads_mtime or kept.mtime == _mtime(path)

    def _future(self, content) -> bool | None:
        """Whether Pelican's `date > now` (Article.__init__) holds now; None if not asked."""
        date = getattr(content, "date", None)
        if not self.checks_future or date is None or not isinstance(content, Article):
            return None
        now = dt.datetime.now() if date.tzinfo is None else self.now
        return date > now

    def cache_data(self, filename: str, content) -> None:
        made = self.made.pop(filename, None)
        if made is None or made.data is None or made.logged or self.cache is None:
            return
        pictures = self.cache.pictures_of(made.data)
        if pictures is None:
            return  # not kept by the reader cache: refusals or log records when converted
        if not plain_name(content.save_as):
            return  # Pelican's is_valid would ask again whether it leaves OUTPUT_PATH
        memo = {id(self.settings): _SETTINGS, id(self.context): _CONTEXT}
        readers_settings = getattr(self.generator.readers, "settings", None)
        if readers_settings is not None:
            memo[id(readers_settings)] = _SETTINGS
        pristine = _copy_of(content, memo)
        future = None
        date = getattr(content, "date", None)
        if self.checks_future and date is not None and isinstance(content, Article):
            now = dt.datetime.now() if date.tzinfo is None else made.now
            future = date > now
        path = self._path(filename)
        kept = _Kept(
            pristine,
            self.key,
            made.data,
            pictures,
            future,
            _mtime(path) if self.reads_mtime else None,
        )
        name = (self.kind, filename)
        if name not in self.store.replaced:
            self.store.replaced[name] = self.store.entries.get(name)
        self.store.entries[name] = kept
        self.store.handed.append((kept, content))
        self.entry_of[id(content)] = kept
        self.store.used.add((self.kind, filename))


def _include_path(original, generator, path: str, extensions=None) -> bool:
    """Pelican's Generator._include_path (whether get_files lists a file: its name against
    every IGNORE_FILES pattern, its extension against the readers'), answered once per
    name, patterns and extensions in the process: what it reads of the file is its name.
    1,000 names matched with fnmatch in every build of a process that builds again."""
    if extensions is None:
        extensions = tuple(generator.readers.extensions)
    ignores = generator.settings["IGNORE_FILES"]
    try:
        key = (
            os.path.basename(path),
            tuple(ignores),
            extensions if extensions is False else tuple(extensions),
        )
        found = _INCLUDED.get(key)
    except TypeError:  # a pattern or extension that is no value to key by
        return original(path, extensions)
    if found is None:
        if len(_INCLUDED) >= _MAX_INCLUDED:
            _INCLUDED.clear()
        found = _INCLUDED[key] = original(path, extensions)
    return found


# _include_path's answers by name, patterns and extensions; emptied when full.
_INCLUDED: dict[tuple, bool] = {}
_MAX_INCLUDED = 100_000


def keeping() -> bool:
    """Whether a build of a process that keeps objects from one build to the next runs now
    (`make serve`'s, the build server's): what it reads of unchanged files may be kept too."""
    return _active is not None


def attach(generator) -> None:
    """article_generator_init / page_generator_init: in a preview build, kept objects."""
    store = _active
    if store is not None:
        memoize_relative_source_paths()
        store.attach(generator)


def memoize_relative_source_paths() -> None:
    """Pelican works out a post's path relative to the content folder from the absolute paths
    of both (`Content.get_relative_source_path`: two abspath and a relpath) each time it is
    asked: at least once per post in every rebuild (the generators' `add_source_path`), even
    for a kept object. The answer is a function of the working folder, the setting PATH and
    the path asked for, which are its key here; with an absolute PATH (Pelican makes it one)
    both paths Pelican joins are absolute, and the working folder is not asked (a system
    call each, 1,200 per warm build at 1,000 posts). Installed by `make serve`'s process
    (attach) and by every build (ShowcaseGenerator.__init__), once per process: Pelican's
    method is replaced for the rest of it."""
    original = Content.get_relative_source_path
    if getattr(original, "showcase_memo", False):
        return
    known: dict[tuple, str | None] = {}

    def get_relative_source_path(self, source_path: str | None = None) -> str | None:
        asked = source_path or self.source_path
        base = self.settings["PATH"]
        if not isinstance(asked, str) or not isinstance(base, str):
            return original(self, source_path)
        # os.path.join(base, asked) is absolute when base is: abspath then only normalises.
        key = ("", base, asked) if base.startswith("/") else (os.getcwd(), base, asked)
        found = known.get(key)
        if found is None:
            found = known[key] = original(self, source_path)
        return found

    get_relative_source_path.showcase_memo = True
    get_relative_source_path.original = original
    Content.get_relative_source_path = get_relative_source_path
