"""Listings keyed on exactly what their templates read: a page whose inputs did not change is
not rendered again, in the preview (`make serve`) and in `make html`/`make publish`.

A listing (home, news pages, region and topic pages, overviews) is its template rendered
with a context. The template names what it reads (found in its source and the templates it
includes, extends or imports: see template_reads); the page's key is a digest of exactly
those values (page_key). A post or page stands for its source file (path and a hash of its
bytes), its address, header and summary (build_record.post_line), its translations', the
header of its related posts and, when its text links to other files ({filename}, …), the
text with those links resolved: a key that holds across processes. What every page depends
on besides (settings, templates, region data, the plugin's code, the day) is the caller's
base: the preview's inputs_fingerprint, or build_record.site_key for a build.

In the preview, with the same key the last output is written again: Pelican's Writer still
opens, writes and announces the file (content_written), so the sitemap, the overwrite check
and the removal of stale pages see a normal write. A build takes the file over from the last
complete output instead (build_record.py, writer.py).

A value the digest cannot name for certain (an object it does not know) makes the page render
as always; nothing is guessed. An object may say what its answers depend on with a method
`preview_digest()` (Assets, EventsGenerator).
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import datetime as dt
import functools
import gettext
import hashlib
import itertools
import json
import operator
import types
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

import jinja2
from jinja2 import Undefined, meta, nodes
from markupsafe import Markup
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from ..atomic_write import write_text
from ..build_record import SourceHashes, linked_text, post_line
from ..template_cache import PARSE_OPTIONS, compiled_and_read, compiled_from, parsed_copy
from .memo import PreviewMemo

# Filters that read the context themselves (translations.py: localdate, localnumber, …) and
# what Pelican's Writer sets per page.
ALWAYS = ("lang", "output_file", "SITEURL", "localsiteurl", "gettext", "ngettext", "pgettext")
_MISSING = "missing"  # a name the context lacks (`is defined` is false), unlike None
_SIMPLE = (str, int, float, bool, type(None), bytes, dt.date, dt.time, dt.timedelta, PurePath)
# Containers may change between two pages of one build: digested again each time.
_CHANGING = (list, dict, set)
# Types whose values PageDigest.of gives by their repr (exactly these, no subclass).
_PLAIN_KINDS = frozenset([str, int, float, bool, type(None), bytes])


@functools.lru_cache(maxsize=512)
def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's fields' names (dataclasses.fields, once per class: a digest of each
    region, figure and picture of a build asks for them)."""
    return tuple(field.name for field in dataclasses.fields(kind))


class Unkeyable(Exception):
    """A value whose digest would not be certain."""


class PageDigest:
    """Digests of the values of one build (objects live through the build, so their ids
    are stable while the cache is). A digest names the values themselves, never an id or a
    modification time: the same inputs give the same digest in another process."""

    def __init__(
        self,
        hashes: SourceHashes | None = None,
        related: bool = True,
        facts: PostFacts | None = None,
    ) -> None:
        self.by_id: dict[int, tuple[Any, str]] = {}
        # A list, dict or set: its digest with its items (see `of`).
        self.containers: dict[int, tuple[Any, tuple, str]] = {}
        # Each post's header, line and file, once per build for every digest of the build
        # (`facts`: another digest's, with or without related posts: none of them holds a
        # digest made by `of`, which may count related posts).
        facts = facts if facts is not None else PostFacts()
        self.facts = facts
        self.lines, self.sources, self.headers = facts.lines, facts.sources, facts.headers
        # A view's fields by `of`: this digest's own.
        self.owns: dict[int, tuple[Any, str]] = {}
        self.fields: dict[int, tuple[Any, dict[str, str]]] = {}
        self.reads: dict[Read, tuple[Any, Any, str]] = {}  # read_digest's last answers
        self.named: dict[int, tuple[tuple, str]] = {}  # page_key's reads, as text
        self.hashes = hashes if hashes is not None else SourceHashes()
        # Whether a post's related posts count: not for a page whose templates never name
        # them (mentions), so that a new title renders the pages that show it, not every
        # page that lists one of the posts that show it as related.
        self.related = related

    def of(self, value: Any) -> str:
        kind = type(value)
        if kind in _PLAIN_KINDS:
            # A text, number, truth value or None itself (not a subclass: a Markup), as _of
            # gives it, without the lookups (a post's key asks for a few each).
            return f"{kind.__name__}:{value!r}"
        held = self.by_id.get(id(value))
        if held is not None and held[0] is value:
            return held[1]
        if isinstance(value, _CHANGING):
            return self._container(value)
        text = self._of(value)
        if not isinstance(value, _SIMPLE):
            self.by_id[id(value)] = (value, text)  # the value is held: its id stays its own
        return text

    def _container(self, value: Any) -> str:
        """A list, dict or set may change between two pages: its digest is kept with its
        items (a dict's keys and values) and used while it holds the very same objects in
        the same order, none of them a container (a listing reads the same lists of posts
        for each of its pages; digesting each post's digest again took most of the time)."""
        items = _shape(value)
        if items is None:  # holding a container: digested anew
            return self._of(value)
        held = self.containers.get(id(value))
        if held is not None and held[0] is value and _same(held[1], items):
            return held[2]
        text = self._of(value)
        self.containers[id(value)] = (value, items, text)  # held: its id stays its own
        return text

    def _of(self, value: Any) -> str:
        if isinstance(value, Markup):
            return f"M{str(value)!r}"
        if isinstance(value, _SIMPLE):
            return f"{type(value).__name__}:{value!r}"
        if isinstance(value, Content):
            return self._content(value)
        if isinstance(value, list | tuple):
            # A plain str (most items: addresses, languages, keys) as `of` gives it,
            # without its lookups.
            inner = ",".join(
                [f"str:{item!r}" if type(item) is str else self.of(item) for item in value]
            )
            return self._hash(f"{type(value).__name__}[{inner}]")
        if isinstance(value, set | frozenset):
            return self._hash("set{" + ",".join(sorted(self.of(item) for item in value)) + "}")
        if isinstance(value, dict):
            items = sorted(
                f"{f'str:{k!r}' if type(k) is str else self.of(k)}:{self.of(v)}"
                for k, v in value.items()
            )
            return self._hash("{" + ",".join(items) + "}")
        if isinstance(value, Page):
            parts = (value.number, value.object_list, value.paginator)
            return self._hash("Page" + self.of(parts))
        if isinstance(value, Paginator):
            parts = (value.name, value.url, value.object_list, value.per_page, value.orphans)
            return self._hash("Paginator" + self.of(parts))
        if isinstance(value, URLWrapper):
            # A tag, category or author: its address follows from its slug and the settings.
            return f"{type(value).__name__}:{value.name!r}:{value.slug!r}"
        if isinstance(value, functools.partial):
            return self._hash("partial" + self.of((value.func, value.args, value.keywords)))
        if isinstance(value, types.FunctionType):
            cells = tuple(cell.cell_contents for cell in value.__closure__ or ())
            # Its code is the plugin's (part of every base); what it answers from: the values
            # it closes over and its defaults (`lambda s, r=region: …`).
            state = (cells, value.__defaults__, value.__kwdefaults__)
            return self._hash(f"fn:{value.__module__}.{value.__qualname__}" + self.of(state))
        if isinstance(value, types.BuiltinFunctionType):
            owner = value.__self__
            if owner is not None and not isinstance(owner, types.ModuleType):
                # A bound method of a built-in type (`claim.upper`, `extra.items`): it
                # answers from the object it is bound to.
                return self._hash(f"builtin-method:{value.__qualname__}" + self.of(owner))
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
            fields = tuple([getattr(value, name) for name in _field_names(type(value))])
            return self._hash(f"dc:{type(value).__qualname__}" + self.of(fields))
        raise Unkeyable(type(value).__qualname__)

    def _content(self, content: Content) -> str:
        """A post or page: its file, address, header and summary, its translations', and its
        view (post_view.py: the header of each post it shows as related, and the rest)."""
        parts = [self._source(content)]
        parts += [self._source(t) for t in getattr(content, "translations", ())]
        parts.append(self.view(getattr(content, "showcase", None)))
        return f"{type(content).__name__}:" + self._hash("|".join(parts))

    def view(self, view: Any) -> str:
        """A post's view: the header of each post it shows as related, and what else it holds
        (its preview card, say, depends on how many posts are newer)."""
        if view is None:
            return ""
        related = []
        if self.related:
            related = [self.line(other) for other in getattr(view, "related_posts", ())]
        own = ()
        if dataclasses.is_dataclass(view):
            fields = dataclasses.fields(view)
            own = tuple(getattr(view, f.name) for f in fields if f.name != "related_posts")
        return self._hash(f"{related!r}|{self.of(own)}")

    def post_page_view(self, view: Any) -> str:
        """A post page's view: its own fields by value (regions, topic, pictures) and, for
        each related post, its header and its view's own fields, not that post's related
        posts (a post page shows them for its own post only: a new title renders the pages
        that list the post, not those that list a post that lists it)."""
        if view is None:
            return ""
        related = [
            f"{self.line(other)}|{self.own(getattr(other, 'showcase', None))}"
            for other in getattr(view, "related_posts", ())
        ]
        return self._hash(f"{related!r}|{self.own(view)}")

    def own(self, view: Any) -> str:
        """A view's fields but its related posts, by value (as `of` gives the tuple of
        them); once per view and build."""
        if view is None:
            return ""
        held = self.owns.get(id(view))
        if held is None or held[0] is not view:
            inner = ",".join(self.view_fields(view).values())
            held = self.owns[id(view)] = (view, self._hash(f"tuple[{inner}]"))
        return held[1]

    def view_fields(self, view: Any) -> dict[str, str]:
        """Each field of a view but its related posts, by name, as `of` digests it; once per
        view and build: `own` and a post's key of followed reads (FollowedDigest._own_key:
        its card and lead picture) take theirs from here."""
        held = self.fields.get(id(view))
        if held is None or held[0] is not view:
            if not dataclasses.is_dataclass(view):
                raise Unkeyable(type(view).__qualname__)
            digests = {
                name: self.of(getattr(view, name))
                for name in _field_names(type(view))
                if name != "related_posts"
            }
            held = self.fields[id(view)] = (view, digests)  # held: the id stays its own
        return held[1]

    def view_field(self, view: Any, name: str) -> str:
        """One field of a view as `of` digests it: from view_fields where this build made
        them (the posts' lines after a new or deleted post), else that field alone."""
        held = self.fields.get(id(view))
        if held is not None and held[0] is view:
            return held[1][name]
        return self.of(getattr(view, name))

    def header(self, post: Content) -> str:
        """A post's header (the metadata Pelican made of it) as text, each field by its
        repr, in the order of the names; once per post and build (the changed posts' lines,
        post_line, and the keys of the pages and feeds that show the post)."""
        held = self.headers.get(id(post))
        if held is None or held[0] is not post:
            text = repr(sorted(post.metadata.items(), key=_FIRST))
            held = self.headers[id(post)] = (post, text)  # held: the id stays its own
        return held[1]

    def files(self, content: Content) -> str:
        """A post or page without its view: its file, header and summary, and its
        translations'; once per post and build."""
        held = self.sources.get(id(content))
        if held is None or held[0] is not content:
            parts = [self._source(content)]
            parts += [self._source(t) for t in getattr(content, "translations", ())]
            text = f"files:{type(content).__name__}:" + self._hash("|".join(parts))
            held = self.sources[id(content)] = (content, text)
        return held[1]

    def _source(self, content: Content) -> str:
        source = str(content.source_path)
        try:
            line, linked = self.line(content), linked_text(content)
        except Exception as error:  # a page that would fail to render: it renders and says so
            raise Unkeyable(f"{source}: {error!r}") from error
        text = f"{source}:{self.hashes.of(source)}|{line}"
        return text if linked is None else f"{text}|{self._hash(linked)}"

    def line(self, post: Content) -> str:
        """build_record.post_line, once per post and build (each is the related post of
        several others), with the header as `header` gives it."""
        held = self.lines.get(id(post))
        if held is None or held[0] is not post:
            line = post_line(post, self.header(post))
            held = self.lines[id(post)] = (post, line)
        return held[1]

    @staticmethod
    def _hash(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()


class PostFacts:
    """What one build's digests know of each post whatever they were made for (PageDigest:
    with or without related posts): its header (the changed posts' lines and the keys of the
    pages and feeds that show it), its line and its file, each made once per build. Held
    with the posts: their ids stay their own."""

    def __init__(self) -> None:
        self.lines: dict[int, tuple[Any, str]] = {}
        self.sources: dict[int, tuple[Any, str]] = {}
        self.headers: dict[int, tuple[Any, str]] = {}


_FIRST = operator.itemgetter(0)

# (name, steps like ("attr", "number"), "value"|"truth"|"defined"|"length")
Read = tuple[str, tuple, str]
# Filters that answer from a value's length alone (Jinja's `length` and `count` are len):
# `regions|length` on every page counts the regions, it does not show them.
LENGTH_FILTERS = ("length", "count")


def template_reads(template, own_reads: Callable | None = None) -> tuple[Read, ...] | None:
    """What a template and every template it uses read from the context; None when one of
    them is chosen at render time (then its reads cannot be known).

    A read is a name and the attributes and constant indexes taken from it
    (`articles_page.number`, `articles[-1].date.year`), and how its end is used: only whether
    it is defined, only whether it is true (`{% if articles %}`), only its length
    (`regions|length`), or its value (anything else, passed on whole: a loop, a filter, a
    macro call). Only that part of a value goes into
    the page's key, so a news page does not depend on the bodies of the posts it does not list.
    `own_reads` is _own_reads, or a memo of it (each partial is parsed once).
    """
    env = template.environment
    reads: set[Read] = {(name, (), "value") for name in ALWAYS}
    seen: set[str] = set()
    todo = [template.name]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        own, used = (own_reads or _own_reads)(env, name)
        if used is None:
            return None
        reads |= own
        todo.extend(used)
    return tuple(sorted(_settled(reads), key=repr))


def _settled(reads: set[Read]) -> set[Read]:
    """The reads without the names the templates set themselves (STORED), and a comparison
    of or with such a name (which may stand for a loop's item, an include's or a macro's
    argument, not the context's value) counted as the value of what it compares."""
    stored = {name for name, _, how in reads if how == STORED}
    settled = set()
    for name, steps, how in reads:
        if how == STORED:
            continue
        if how.startswith(COMPARE) and {name, json.loads(how[len(COMPARE) :])[2]} & stored:
            how = "value"
        settled.add((name, steps, how))
    return settled


def source_of(env, name: str) -> str | None:
    """A template's source; None when there is none (`{% include 'x.html' ignore missing %}`
    renders without x.html: it reads nothing then, and its arrival changes the key)."""
    try:
        return env.loader.get_source(env, name)[0]
    except jinja2.TemplateNotFound:
        return None


def _own_reads(env, name: str) -> tuple[frozenset[Read], tuple[str, ...] | None]:
    """One template's reads, and the templates it uses (None: one is chosen at render time)."""
    try:
        source, filename, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        return frozenset(), ()
    # With Jinja's compile of the template (template_cache.compiled_and_read): its tree and
    # names as meta.find_undeclared_variables leaves them, without a code generator's run of
    # its own.
    made = compiled_and_read(env, name, filename, source)
    if made is None:
        tree = parsed_copy(env, name, source)  # find_undeclared_variables changes the tree
        undeclared = meta.find_undeclared_variables(tree)
    else:
        _code, tree, looked_up = made
        undeclared = {found for found in looked_up if found not in env.globals}
    reads: set[Read] = set()
    _collect(tree, [], undeclared, reads)
    used = tuple(meta.find_referenced_templates(tree))
    return frozenset(reads), (None if None in used else used)


class KnownReads:
    """Each template's own reads (_own_reads), for template_reads: parsed once per build and
    kept in `file` (cache/) by the template's source, Jinja's version and this module's code.
    Parsing the theme's templates takes longer than rendering a hundred pages.

    `shared`: a folder of entries for builds of other projects too (the tests' shared compiled
    templates, SHOWCASE_TEMPLATE_CACHE), one file per entry (shared_entry). A build with no
    cache/ of its own takes its entries from there: it compiled every template again for its
    reads alone (its compiled code came from that folder) and walked the pages' templates
    again, 1.1 s of a cold `make html`'s 4.2 s of CPU on the shipped site."""

    def __init__(self, file: Path | None = None, shared: Path | None = None) -> None:
        self.file = file
        self.shared = shared
        self.parsed: dict[str, tuple] = {}
        self.saved: dict[str, dict] = {}
        self.changed = False
        self.sharing: dict[Path, dict] = {}  # made here, for `shared` (written by save())
        if file is not None:
            try:
                self.saved = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.saved = {}
            if not isinstance(self.saved, dict):
                self.saved = {}  # another shape (a damaged or foreign file): nothing kept

    def __call__(self, env, name: str) -> tuple[frozenset[Read], tuple[str, ...] | None]:
        if name in self.parsed:
            return self.parsed[name]
        source = source_of(env, name)
        if source is None:
            return _own_reads(env, name)  # a missing template: nothing kept for it
        parsing = f"{_READS_CODE}|{jinja2.__version__}|{_syntax(env)}"
        key = hashlib.sha256(f"{parsing}|{source}".encode()).hexdigest()
        held = self.saved.get(name)
        if not _holds(held, key):
            held = self.shared_entry(env, key, name)
        if held is not None:
            reads = frozenset(
                (read, tuple(tuple(step) for step in steps), how)
                for read, steps, how in held["reads"]
            )
            used = None if held["used"] is None else tuple(held["used"])
        else:
            reads, used = _own_reads(env, name)
            if all(isinstance(step[1], _PLAIN) for _, steps, _ in reads for step in steps):
                entry = {"key": key, "reads": sorted(reads, key=repr), "used": used}
                self.saved[name] = {**entry, "sum": _sum(entry)}
                self.changed = True
                self.share(env, self.saved[name])
        self.parsed[name] = (reads, used)
        return reads, used

    def shared_entry(self, env, key: str, slot: str) -> dict | None:
        """The entry with `key` in the shared folder, taken into this build's file (as
        `slot`); None when there is none there, or one cut short or changed."""
        path = self._shared_file(env, key)
        if path is None:
            return None
        try:
            held = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not _holds(held, key):
            return None
        self.saved[slot] = held
        self.changed = True
        return held

    def share(self, env, entry: dict) -> None:
        """An entry made by this build, for the shared folder (written by save())."""
        path = self._shared_file(env, entry["key"])
        if path is not None:
            self.sharing[path] = entry

    def _shared_file(self, env, key: str) -> Path | None:
        """An entry's file in the shared folder. Builds of other projects share it, so
        besides the entry's key (the templates' sources, Jinja's version, this code) by what
        may differ between projects and that key leaves out: what Jinja's compiler reads
        (the options, the filters' and tests' code: template_cache.compiled_from; it folds
        constants into the tree the reads come from) and the names of the globals (which
        the own reads leave out)."""
        if self.shared is None:
            return None
        compiling = compiled_from(env, "")
        text = f"{key}|{compiling}|{sorted(env.globals)!r}"
        return self.shared / f"reads-{hashlib.sha256(text.encode()).hexdigest()}.json"

    def save(self) -> None:
        for path, entry in self.sharing.items():
            # The shared folder only saves time: an entry not written there is made again.
            with contextlib.suppress(OSError):
                write_text(path, json.dumps(entry, sort_keys=True))
        self.sharing.clear()
        if self.file is None or not self.changed:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_text(self.file, json.dumps(self.saved, sort_keys=True))


def _holds(held, key: str) -> bool:
    """Whether `held` is a whole entry (its checksum: _sum) with this key."""
    return isinstance(held, dict) and held.get("key") == key and held.get("sum") == _sum(held)


def _sum(entry: dict) -> str:
    """A kept entry's checksum: an entry cut short or changed in the file (fewer reads would
    leave pages that read more taken over with old text) is parsed again."""
    text = json.dumps([entry.get("key"), entry.get("reads"), entry.get("used")])
    return hashlib.sha256(text.encode()).hexdigest()


def _syntax(env) -> str:
    """What a template's parse depends on besides its source: the delimiters and the
    extensions (JINJA_ENVIRONMENT in the settings)."""
    return repr(([getattr(env, n, None) for n in PARSE_OPTIONS], sorted(env.extensions)))


# A read's way of use: its value compared with another path (_compared_with), and a name
# the templates set themselves (template_reads leaves it out).
COMPARE = "compare:"
STORED = "stored"
_OPERATORS = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gteq": operator.ge,
    "lt": operator.lt,
    "lteq": operator.le,
    "in": lambda a, b: a in b,
    "notin": lambda a, b: a not in b,
}
# What a constant index may be to come back from JSON as it was.
_PLAIN = (str, int, float, bool, type(None))
_READS_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _collect(node: nodes.Node, ancestors: list, names: set[str], reads: set[Read]) -> None:
    if isinstance(node, nodes.Name) and node.ctx == "load" and node.name in names:
        reads.add(_read_of(node, ancestors, names))
    elif isinstance(node, nodes.Name) and node.ctx in ("store", "param"):
        reads.add((node.name, (), STORED))
    ancestors.append(node)
    for child in node.iter_child_nodes():
        _collect(child, ancestors, names, reads)
    ancestors.pop()


def _read_of(name: nodes.Name, ancestors: list, names: set[str]) -> Read:
    steps: list[tuple] = []
    current: nodes.Node = name
    level = len(ancestors) - 1
    while level >= 0:
        parent = ancestors[level]
        if isinstance(parent, nodes.Getattr) and parent.node is current:
            steps.append(("attr", parent.attr))
        elif (
            isinstance(parent, nodes.Getitem)
            and parent.node is current
            and isinstance(parent.arg, nodes.Const)
        ):
            steps.append(("item", parent.arg.value))
        else:
            break
        current = parent
        level -= 1
    above = ancestors[: level + 1]
    parent = above[-1] if above else None
    if (
        isinstance(parent, nodes.Test)
        and parent.node is current
        and parent.name in ("defined", "undefined")
        and not parent.args
    ):
        return (name.name, tuple(steps), "defined")
    if (
        isinstance(parent, nodes.Filter)
        and parent.node is current
        and parent.name in LENGTH_FILTERS
        and not (parent.args or parent.kwargs or parent.dyn_args or parent.dyn_kwargs)
    ):
        return (name.name, tuple(steps), "length")
    compared = _compared_with(current, above, names)
    if compared is not None:
        return (name.name, tuple(steps), COMPARE + json.dumps(compared))
    if _tested_for_truth(current, above):
        return (name.name, tuple(steps), "truth")
    return (name.name, tuple(steps), "value")


def _compared_with(node: nodes.Node, ancestors: list, names: set[str]) -> list | None:
    """For a value compared once with a path of the context (`article.date > preview_now`:
    only the outcome counts, not the time): [operator, "left"|"right", the other's name,
    its steps]; else None."""
    parent = ancestors[-1] if ancestors else None
    if isinstance(parent, nodes.Compare) and parent.expr is node and len(parent.ops) == 1:
        operator, side, other = parent.ops[0].op, "left", parent.ops[0].expr
    elif (
        isinstance(parent, nodes.Operand)
        and parent.expr is node
        and len(ancestors) > 1
        and isinstance(ancestors[-2], nodes.Compare)
        and len(ancestors[-2].ops) == 1
    ):
        operator, side, other = parent.op, "right", ancestors[-2].expr
    else:
        return None
    path = _path_of(other)
    if operator not in _OPERATORS or path is None or path[0] not in names:
        return None
    return [operator, side, path[0], path[1]]


def _path_of(node: nodes.Node) -> tuple[str, list] | None:
    """A name with attributes and constant indexes (str or int) taken from it, else None."""
    steps: list = []
    while True:
        if isinstance(node, nodes.Name) and node.ctx == "load":
            return node.name, steps[::-1]
        if isinstance(node, nodes.Getattr):
            steps.append(["attr", node.attr])
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and type(node.arg.value) in (str, int)
        ):
            steps.append(["item", node.arg.value])
        else:
            return None
        node = node.node


def _tested_for_truth(node: nodes.Node, ancestors: list) -> bool:
    """Whether only the truth of the node's value matters where it stands."""
    parent = ancestors[-1] if ancestors else None
    if isinstance(parent, nodes.If | nodes.CondExpr) and parent.test is node:
        return True
    if isinstance(parent, nodes.Not):
        return True
    if isinstance(parent, nodes.And | nodes.Or):
        # `a and b` is a value itself, unless it stands where only its truth counts.
        return _tested_for_truth(parent, ancestors[:-1])
    return False


def template_sources(template, reads: KnownReads) -> dict[str, str] | None:
    """The source of the template and of every template it uses, by name (a missing one,
    which only `ignore missing` renders without, is not among them); None when one of them
    is chosen at render time."""
    env = template.environment
    todo, sources, seen = [template.name], {}, set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = source_of(env, name)
        if source is None:
            continue  # missing: not among the sources (its arrival changes them)
        sources[name] = source
        used = reads(env, name)[1]
        if used is None:
            return None
        todo.extend(used)
    return sources


def page_key(template, reads: tuple[Read, ...] | None, context: dict, digest: PageDigest) -> str:
    """What `reads` (template_reads of `template`) see in this context, as one text; raises
    Unkeyable when that is not certain (a template chosen at render time, an unknown value)."""
    if reads is None:
        raise Unkeyable(f"{template.name}: a template chosen at render time")
    env = template.environment
    held = digest.named.get(id(reads))
    if held is None or held[0] is not reads:
        # The reads named once per build (their text is the same for every page).
        held = digest.named[id(reads)] = (reads, hashlib.sha256(repr(reads).encode()).hexdigest())
    seen = "|".join([read_digest(env, context, read, digest) for read in reads])
    return f"{held[1]}|{seen}"


def read_digest(env, context: dict, read: Read, digest: PageDigest) -> str:
    """The digest of what one read sees in this context; once per value and build: a read
    that reaches the very object it reached for the last page sees what it saw then (a
    container: while it holds the same objects, none of them a container, in the same
    order; it may change between two pages)."""
    name, steps, how = read
    value = _resolved(env, context, name, steps)
    if isinstance(value, _Unresolved):
        return value.seen
    if how.startswith(COMPARE):  # the answer depends on another value too
        return _read_digest(env, context, read, digest, value)
    shape = _shape(value)
    held = digest.reads.get(read)
    if held is not None and held[0] is env and held[1] is value and _same(held[2], shape):
        return held[3]
    text = _read_digest(env, context, read, digest, value)
    if shape is not None:
        digest.reads[read] = (env, value, shape, text)  # all held: their ids stay their own
    return text


def _shape(value: Any) -> tuple | None:
    """A value's own items when it is a container (a dict's keys and values), () when it is
    none; None: a container holding a container (not kept)."""
    if not isinstance(value, _CHANGING):
        return ()
    items = (
        tuple(itertools.chain.from_iterable(value.items()))
        if isinstance(value, dict)
        else tuple(value)
    )
    # By the items' types, each once (a listing's thousand posts are of one or two types):
    # whether any is a container's, as isinstance answers for each item.
    if any(issubclass(kind, _CHANGING) for kind in set(map(type, items))):
        return None
    return items


def _same(held: tuple, shape: tuple | None) -> bool:
    return (
        shape is not None
        and len(held) == len(shape)
        and all(map(operator.is_, held, shape))  # lengths compared above
    )


def _read_digest(env, context: dict, read: Read, digest: PageDigest, value: Any) -> str:
    """What a read sees of `value` (the value its path reaches in this context)."""
    how = read[2]
    if how.startswith(COMPARE):
        operator_name, side, other_name, other_steps = _compared(how)
        other = _resolved(env, context, other_name, other_steps)
        if not isinstance(other, _Unresolved):
            left, right = (value, other) if side == "left" else (other, value)
            try:
                return f"compare:{bool(_OPERATORS[operator_name](left, right))}"
            except Exception as error:  # the template sees the same failure
                return f"error:{type(error).__name__}"
        how = "value"  # the other side missing or failing: this value counts whole
    if how == "defined":
        return "defined"
    if how == "truth":
        return f"truth:{bool(value)}"
    if how == "length" and all(env.filters.get(f) is len for f in LENGTH_FILTERS):
        try:
            return f"length:{len(value)}"
        except TypeError as error:  # the filter fails the same way
            return f"error:{type(error).__name__}"
    return digest.of(value)


@functools.lru_cache(maxsize=1024)
def _compared(how: str) -> tuple:
    """A comparison's operator, side, other name and its steps (_compared_with), parsed
    once per text (a read of every post page)."""
    operator_name, side, other_name, other_steps = json.loads(how[len(COMPARE) :])
    return operator_name, side, other_name, tuple(tuple(step) for step in other_steps)


@dataclasses.dataclass(frozen=True)
class _Unresolved:
    """What the template sees instead of a value: missing, undefined, an error."""

    seen: str


def _resolved(env, context: dict, name: str, steps) -> Any:
    """The value a path names in this context, or what the template sees instead."""
    if name not in context:
        return _Unresolved(_MISSING)
    value = context[name]
    for kind, step in steps:
        try:
            value = env.getattr(value, step) if kind == "attr" else env.getitem(value, step)
        except Exception as error:  # the template sees the same failure
            return _Unresolved(f"error:{type(error).__name__}")
        if isinstance(value, Undefined):
            return _Unresolved("undefined")
    return value


def _reaches_container(env, context: dict, name: str, steps) -> bool:
    """Whether a path starts at, passes or ends on a container (which may change between
    two pages while the objects around it do not)."""
    value = context.get(name)
    if isinstance(value, _CHANGING):
        return True
    for kind, step in steps:
        try:
            value = env.getattr(value, step) if kind == "attr" else env.getitem(value, step)
        except Exception:
            return False  # the failure is its digest
        if isinstance(value, _CHANGING):
            return True
    return False


class SharedReads:
    """page_key for the many pages of one context (a post page each), split in two: the
    reads of names each page brings itself (`own`: its file, post, address), digested for
    every page, and those of the context's names, digested once while each of those names
    holds the very object it held (as PageDigest keeps an object's digest for the build);
    a read that reaches a container is digested again for each page."""

    def __init__(self, digest: PageDigest) -> None:
        self.digest = digest
        self.held: dict[tuple, tuple] = {}
        self.splits: dict[tuple, tuple] = {}

    def key(self, template, reads: tuple[Read, ...], context: dict, own: dict) -> str:
        env = template.environment
        page, shared, names, named = self._split(reads, tuple(own))
        values = tuple(map(context.get, names, itertools.repeat(_MISSING_NAME, len(names))))
        slot = (id(context), id(reads), names)
        held = self.held.get(slot)
        if (
            held is not None
            and held[0] is context
            and held[1] is reads
            and all(map(operator.is_, held[2], values))  # one name each
        ):
            seen, texts = held[6], None
            for index, items in zip(held[4], held[5], strict=True):
                # A name's own container (the very object, compared above) holding the same
                # items as then, none a container: what its read saw then.
                if items is not None and _same_items(items, context[shared[index][0]]):
                    continue
                texts = list(held[3]) if texts is None else texts
                texts[index] = read_digest(env, context, shared[index], self.digest)
            if texts is not None:
                seen = "|".join(texts)
        else:
            texts = [read_digest(env, context, read, self.digest) for read in shared]
            changing = tuple(
                index
                for index, read in enumerate(shared)
                if any(_reaches_container(env, context, n, read[1]) for n in _names_of(read))
            )
            items = tuple(
                _shape(context[shared[index][0]])
                if not shared[index][1]
                and not shared[index][2].startswith(COMPARE)
                and shared[index][0] in context
                else None
                for index in changing
            )
            seen = "|".join(texts)
            # All held: the ids compared above stay their own.
            self.held[slot] = (context, reads, values, tuple(texts), changing, items, seen)
        plain = type(env).getitem is jinja2.Environment.getitem
        local = None
        mine = [seen]
        for read in page:
            name = read[0]
            if name in own and not read[2].startswith(COMPARE):
                value = own[name]
                if read[2] == "value" and (not read[1] or plain):
                    # A page's address, output file or its editions' addresses (a tuple of
                    # texts): the value itself, as text (no digest to make).
                    text = _plain_text(value, read[1])
                    if text is not None:
                        mine.append(text)
                        continue
                # The page's own value: from `own` itself (the local context's first map).
                mine.append(read_digest(env, own, read, self.digest))
            else:
                if local is None:
                    local = collections.ChainMap(own, context)  # as Pelican's, no copy
                mine.append(read_digest(env, local, read, self.digest))
        return f"{named}|" + "|".join(mine)

    def _split(self, reads: tuple[Read, ...], own: tuple[str, ...]) -> tuple:
        """The reads of a page's own names, the others, the names those read, and all of
        them as one text; once per reads and set of own names."""
        slot = (id(reads), own)
        held = self.splits.get(slot)
        if held is None or held[0] is not reads:
            mine = set(own)
            page = tuple(read for read in reads if _names_of(read) & mine)
            shared = tuple(read for read in reads if not _names_of(read) & mine)
            names = tuple(sorted({name for read in shared for name in _names_of(read)}))
            named = hashlib.sha256(repr((shared, page)).encode()).hexdigest()
            held = self.splits[slot] = (reads, (page, shared, names, named))
        return held[1]


_MISSING_NAME = object()  # SharedReads: a name the context lacks


def _same_items(held: tuple, value: Any) -> bool:
    """_same(held, _shape(value)) for a list or dict, without making its shape."""
    kind = type(value)
    if kind is list:
        return len(held) == len(value) and all(map(operator.is_, held, value))
    if kind is dict:
        pairs = itertools.chain.from_iterable(value.items())
        return len(held) == 2 * len(value) and all(map(operator.is_, held, pairs))
    return _same(held, _shape(value))


def _plain_text(value: Any, steps: tuple) -> str | None:
    """What a read of `value` with `steps` (items of tuples, by position) sees, as text, when
    it is a text, or a tuple of texts and such tuples (a page's editions' addresses); None
    for anything else (then read_digest). A text as PageDigest.of gives it."""
    for kind, step in steps:
        if kind != "item" or type(value) is not tuple or type(step) is not int:
            return None
        if not -len(value) <= step < len(value):
            return None  # undefined: as read_digest sees it
        value = value[step]
    if type(value) is str:
        return f"str:{value!r}"
    if type(value) is tuple and _plain(value):
        return f"plain:{value!r}"
    return None


def _plain(value: tuple) -> bool:
    """A tuple of texts and of such tuples (nothing whose repr could change unseen)."""
    return all(type(item) is str or (type(item) is tuple and _plain(item)) for item in value)


def _names_of(read: Read) -> set[str]:
    """The names a read depends on: its own, and for a comparison the other side's."""
    name, _, how = read
    if how.startswith(COMPARE):
        return {name, _compared(how)[2]}
    return {name}


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
        # The writer's followed reads of the template and their digest (followed_reads.py),
        # when they could be followed: the key as in a build.
        self.followed: tuple = (None, None)

    def render(self, context: dict) -> str:
        followed, digests = self.followed
        try:
            if followed is not None:
                env = self.template.environment
                key = self.base(context) + digests.page(env, context, followed)
            else:
                reads = self.memo.get(
                    ("template-reads", self.name),
                    self.name,
                    lambda: template_reads(self.template, self._own_reads),
                )
                key = self.base(context) + page_key(self.template, reads, context, self.digest)
        except Unkeyable:
            return self.template.render(context)
        slot = ("page", self.name, context.get("output_file"))
        return self.memo.get(slot, key, lambda: self.template.render(context))

    def _own_reads(self, env, name: str) -> tuple:
        return self.memo.get(("template-own-reads", name), name, lambda: _own_reads(env, name))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)
