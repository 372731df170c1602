"""Which post pages and listings of a `make html` or `make publish` keep the last build's key
without walking what they read: the pages no changed source reaches.

A page's key (writer.py: `_take_over`, `listing_fingerprint`) walks what its templates read
(followed_reads.py), about a quarter of a millisecond a page: 0.25 s a build at 1,000 posts,
though after a save most pages read nothing that changed. Here each build takes, once:

- the world: the narrow site key (settings, the day, the environment, the plugin's code,
  the libraries, the theme but its templates, content/ besides the posts, events and region
  texts: build_record.site_key), the region data, region texts and comparison, and the
  events, all by content, and which press releases are online
  (the press generator's decision, ONLINE: a release comes online at its time) and the
  events generator's day (EVENTS_DAY);
- the posts: each post's and translation's file by its bytes (the build's one state per
  file, file_digests.one_pass), and per post its line: its address, header (the metadata
  Pelican made of it: date, regions, topic, slug, language, status, summary...), its
  translations and related posts, its view's fields (its card, its picture); and its status
  (a post dated later today comes online with its file unchanged, WITH_FUTURE_DATES =
  False) and address apart.

A page keeps the key recorded for it by the last build (`kept`) only when the world is the
same, the same post files are there, every post whose file changed has the same line as
then (so no value made from the whole collection changed: the related posts, the
translations, the cards, the pagination, the lists per region and topic, the categories and
tags follow from the lines and the world alone), its templates' sources are the same, and
no changed post reaches it:
- a post page (narrow: its templates read no other post but through its related ones,
  build_record.POST_PAGE_NAMES) is reached by its own post, its translations, their related
  posts and theirs, transitively (`affected`: every post from which a changed one is
  reachable so);
- a listing is reached when a value its templates read (by name) holds an affected post
  anywhere inside (lists, dicts, pages of a paginator, a function's closure, a data
  object's fields), or a value this module does not know (then it is walked).
When posts came or went or a post's line changed (a new post, a deleted one, a changed
header: `moved`), with the same world and no post's status or address changed:
- a post page is reached by its own post, and by a post whose file or line changed or that
  is new, through translations and related posts as above (a post that showed a post now
  gone as related has another line), or by any value its templates read besides the post
  that is not as then: its key holds what they see (writer._post_template_key, as the
  walk digests it: a list of posts that lost one, a count made from the collection), and an
  affected post among them reaches it as above;
- every listing is walked (the lists, counts and neighbours it reads may be others though
  none of its posts changed).
A post page thus keeps its key after a new post unless the post shows it (the few nearest
in date: post_view._related). Anything else (another world, a post's status or address
changed, a post renamed (gone and new at once: its old address may be read elsewhere), a
file not read, a page without a record, a record of other code) walks every page, as
before, and records again.
The keys of the pages kept are those the walk gave for the same inputs; their files are
still checked by the Linker's process (link_process.py) as every page taken over.

The record is JSON in cache/ (page-keys-<output>.json), written after the build record.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import gettext
import hashlib
import itertools
import json
import operator
import types
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import Any

from markupsafe import Markup
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from ..atomic_write import write_text
from ..deferred_saves import later
from .pages import _SIMPLE, _field_names, _shape
from .same_values import same_value

# The code the record's keys were made by: another version of it records again.
_VERSION = hashlib.sha256(
    b"".join(
        (Path(__file__).parent / name).read_bytes()
        for name in ("changed_sources.py", "followed_reads.py", "pages.py")
    )
    + (Path(__file__).parent.parent / "writer.py").read_bytes()
).hexdigest()
# The lists of the build's context that hold its posts (Pelican's ArticlesGenerator), and
# its pages (PagesGenerator; their files are in the world too).
# Where the press generator leaves which releases it put online (press/generator.py).
ONLINE = "showcase_press_online"
# The day the events generator took as today (events/generator.py).
EVENTS_DAY = "events_build_date"
FIGURES = "figures_for"  # generator.page_context: the figures shown and their reference day
POST_LISTS = ("articles", "drafts", "hidden_articles")
PAGE_LISTS = ("pages", "hidden_pages", "draft_pages")
_PLAIN = (str, int, float, bool, type(None), bytes, Markup, *_SIMPLE, PurePath)
_PLAIN_KINDS = frozenset([str, int, float, bool, type(None), Markup])
_CHANGING = (list, dict, set)


def posts_of(context: dict) -> list | None:
    """Every post of the build and every translation, once each; None when the context
    does not hold Pelican's lists of posts."""
    found: dict[str, Any] = {}
    for name in (*POST_LISTS, *PAGE_LISTS):
        listed = context.get(name, [] if name in PAGE_LISTS else None)
        if not isinstance(listed, list):
            return None
        for post in listed:
            for version in (post, *getattr(post, "translations", ())):
                if not isinstance(version, Content):
                    return None
                found.setdefault(str(version.source_path), version)
    return list(found.values())


class ChangedSources:
    """The last build's page keys and what they were made from, and this build's."""

    def __init__(self, file: Path) -> None:
        self.file = file
        try:
            saved = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        self.saved = saved if _well_formed(saved) else {}
        self.world: str | None = None
        self.posts: dict[str, list] = {}  # path -> [digest, line, status, address]
        self.pages: dict[str, list] = {}  # name -> [fingerprint, template key]
        # Whether the last build's keys hold for pages no changed post reaches.
        self.ready = False
        # Whether posts came or went, or a post's line changed (then every listing is
        # walked: the collection is another; `start`).
        self.moved = False
        self.affected: frozenset[str] = frozenset()
        # Each affected post's distance from a changed one (_reaching).
        self.distance: dict[str, int] = {}
        self.reaches: dict[int, tuple[Any, bool, tuple]] = {}
        self.open: dict[int, Any] = {}  # the values being searched (_reaches)
        self.trail: list[tuple] = []  # values searched with a cut, by the outermost search
        # reach's reads by name, and its answers per value and reads of a name.
        self.groups: dict[int, tuple] = {}
        # reach_in's answer for the shared values, with them (by the reads).
        self.shared: dict[tuple[int, int], tuple] = {}
        self.mine: dict[tuple, tuple] = {}  # the reads of the names a page gives itself
        self.names: dict[int, tuple] = {}  # the names of a template's reads
        self.seen: dict[tuple[int, int], tuple] = {}
        # How near a changed post a post must be to reach (reach: its reads' key's depth),
        # and the answers kept (reaches, seen, shared) per depth.
        self.depth = -1
        self.by_depth: dict[int, tuple] = {}
        self.depths: dict[int, tuple] = {}  # reach_in's reads' _depth_of
        self.cut = False
        self.kept_count = 0
        self.started = False

    def start(
        self,
        world_of: Callable[[], str],
        context: dict,
        digest_of: Callable[[str], str | None],
        line_of: Callable[[Any], str],
    ) -> None:
        """This build's world (`world_of`) and posts (once per build): whether the last
        build's keys can be kept, and which posts a changed one reaches."""
        self.started = True
        posts = posts_of(context)
        if posts is None:
            return
        keep_lines({str(post.source_path) for post in posts})
        # Every post's status (below, per post): a line is carried over for a file of the
        # same bytes, but a post dated later today comes online without a change to its file
        # (make publish, WITH_FUTURE_DATES = False): its status, address and the listings
        # change. And what the generators decided by their own clock: the press releases online (a
        # release dated later today: its file unchanged, the press pages change) and the
        # events' day (upcoming or past; the world's day is read later, at the first page:
        # a build begun just before midnight showed the events of the day before).
        # So are the key figures the pages show (aged against the build date, else the
        # site's day: page_context), as figures_for was made with them.
        figures = context.get(FIGURES)
        figures = figures.args if isinstance(figures, functools.partial) else figures
        decided = f"{context.get(ONLINE)!r}|{context.get(EVENTS_DAY)!r}|{figures!r}"
        world = f"{_VERSION}|{world_of()}|{decided}"
        self.world = world
        saved = self.saved
        same_world = saved.get("world") == world
        before = saved["posts"] if same_world else {}
        changed: list[str] = []
        # Every post's status (with its file's bytes: as then) and, where its file changed,
        # its address as then: else another post's text, a feed or the sitemap may link to
        # it by an address that changed, and those are not in the lines.
        steady, same = same_world, same_world and len(before) == len(posts)
        for post in posts:
            path = str(post.source_path)
            digest = digest_of(path)
            status = str(getattr(post, "status", None))
            held = before.get(path)
            if held is not None and held[2] != status:
                steady = same = False
            if held is not None and held[0] == digest and digest is not None:
                self.posts[path] = list(held)  # a copy: its line may be made again below
                continue
            line = line_of(post)
            address = f"{post.url}\0{post.save_as}"
            self.posts[path] = [digest, line, status, address]
            changed.append(path)
            if held is not None and held[3] != address:
                steady = False
            if held is None or held[1] != line or digest is None:
                same = False
        if same:
            self.ready = True
            self.distance = _reaching(changed, posts) if changed else {}
            self.affected = frozenset(self.distance)
            return
        # Every line made again (those carried over may have changed with the others).
        for post in posts:
            path = str(post.source_path)
            if path not in changed:
                self.posts[path][1] = line_of(post)
        gone = set(before).difference(self.posts)
        new = [path for path in changed if path not in before]
        unread = any(entry[0] is None for entry in self.posts.values())
        if not steady or (gone and new) or unread:
            # Another world, a post's status or address changed, a post renamed (its old
            # address may be read elsewhere) or a file not read: every page walked.
            return
        # Posts came or went, or a post's line changed: a post page is reached by its own
        # post, a post whose file or line changed or that is new, through its translations
        # and related posts (a post that showed one now gone: its line changed); any other
        # value that holds a post reaches (`moved`).
        lined = [
            path
            for path, entry in self.posts.items()
            if path in before and entry[1] != before[path][1]
        ]
        self.ready = self.moved = True
        self.distance = _reaching(sorted({*changed, *lined}), posts)
        self.affected = frozenset(self.distance)

    def kept(
        self,
        name: str,
        template_key: str,
        post: Any = None,
        depth: int | None = None,
        head: bool = False,
    ) -> str | None:
        """The last build's key of page `name`, when it holds (see the module's text): of a
        post page with `post`, else of a listing (the caller asks `reaches` first). `depth`:
        how many related posts' steps a post page's key reaches at most (None: any), a post
        farther from every changed one keeps its key. `head`: `template_key` is the recorded
        one's start (a post page's key without what its templates read besides the post)."""
        if not self.ready:
            return None
        held = self.saved["pages"].get(name)
        if held is None:
            return None
        if head and not held[1].startswith(f"{template_key}|"):
            return None
        if not head and held[1] != template_key:
            return None
        if post is not None:
            source = held[2]
            if source != str(post.source_path):
                return None
            far = self.distance.get(source)
            if far is not None and (depth is None or far <= depth):
                return None
            if source not in self.posts:
                return None  # a post not of this build's
        elif held[2] is not None or self.moved:
            # A listing after posts came or went: its lists, counts and neighbours may be
            # others though no value it reads holds a changed post.
            return None
        self.kept_count += 1
        return held[0]

    def note(self, name: str, fingerprint: str, template_key: str, post: Any = None) -> None:
        """This build's key of a page (kept or walked), for the next build."""
        source = None if post is None else str(post.source_path)
        self.pages[name] = [fingerprint, template_key, source]

    def reach(self, reads: Iterable[tuple], lookup: Callable[[str], Any]) -> bool:
        """Whether what a page's reads (name, steps, how: pages.template_reads, followed
        reads) see may hold an affected post, or a value this module does not know. A read
        is followed along its steps through lists, dicts, a paginator's pages and the data's
        objects; at a post, a step not followed here or the read's end, the value there is
        searched whole (a truth, count or `defined` of a list, text or number needs none:
        the collection's shape is the lines'; when posts came or went, `moved`, a post
        page's key holds what those reads see: writer._post_template_key). Only posts as
        near a changed one as the reads' key reaches count (_depth_of)."""
        if not self.affected:
            return False
        groups = self.groups.get(id(reads))
        if groups is None or groups[0] is not reads:
            by_name: dict[str, list] = {}
            for name, steps, how in reads:
                by_name.setdefault(name, []).append((steps, how))
            grouped = tuple((name, _fewer(group)) for name, group in by_name.items())
            # Held with the reads: their id stays their own.
            groups = self.groups[id(reads)] = (reads, grouped, _depth_of(reads))
        self._near(groups[2])
        seen = self.seen
        for name, group in groups[1]:
            value = lookup(name)
            kind = type(value)
            if kind in _PLAIN_KINDS or (kind is tuple and _plain_tuple(value)):
                # A text, number or None, or a tuple of them or of tuples of them (a post
                # page's `alternates`): no post in it, whatever the steps.
                continue
            if isinstance(value, Content):
                # A page's own post (a new one for each post page, so no answer to keep):
                # every read stops at it (_reaches_at), but for a bare `defined`.
                if any(steps or how != "defined" for steps, how in group) and self._reaches(
                    value, 0
                ):
                    return True
                continue
            # A value most pages share (the context's): searched once per build for a
            # template's reads, a list, dict or set while it holds the same items.
            slot = (id(value), id(group))
            held = seen.get(slot)
            changing = isinstance(value, _CHANGING)
            if (
                held is not None
                and held[0] is value
                and held[1] is group
                and (not changing or _same_items(held[3], value))
            ):
                found = held[2]
            else:
                found = any(self._reaches_at(value, steps, 0, how) for steps, how in group)
                shape = _kept_shape(value) if changing else ()
                if shape is not None:
                    seen[slot] = (value, group, found, shape)  # held: their ids their own
            if found:
                return True
        return False

    def plain_key(self, reads: tuple, lookup: Callable[[str], Any]) -> str:
        """The texts, numbers and truth values the reads find by name, as a digest: reach
        passes them over (no post in them), a page keeps its key only while they are the
        same (one made from a post's text by other code, a count, a page's number)."""
        names = self.names.get(id(reads))
        if names is None or names[0] is not reads:
            names = self.names[id(reads)] = (reads, _names(reads))  # held: its id its own
        parts = []
        for name in names[1]:
            value = lookup(name)
            if type(value) in _PLAIN_KINDS:
                parts.append(f"{name}={type(value).__name__}:{value!r}")
        return "|" + hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def reach_in(self, reads: tuple, shared: dict, own: dict) -> bool:
        """reach for a page whose names are `own`'s over `shared`'s (Pelican's Writer's
        arguments and page_locals over the build's or an edition's context). What the reads
        see in `shared` is searched once per build and kept while `shared` holds the very
        same values (a list, dict or set: the same items); `own`'s are searched per page."""
        if not self.affected:
            return False
        depth = self.depths.get(id(reads))
        if depth is None or depth[0] is not reads:
            depth = self.depths[id(reads)] = (reads, _depth_of(reads))  # held: its id its own
        self._near(depth[1])
        slot = (id(reads), id(shared))
        held = self.shared.get(slot)
        if not (
            held is not None
            and held[0] is reads
            and held[1] is shared
            and all([shared.get(name, _MISSING) is value for name, value in held[2]])  # noqa: C419 (a list: faster)
            and all([_same_items(shape, value) for value, shape in held[3]])  # noqa: C419
        ):
            found = self.reach(reads, shared.get)
            values = tuple((name, shared.get(name, _MISSING)) for name in _names(reads))
            shapes = tuple(
                (value, _shape(value)) for _, value in values if isinstance(value, _CHANGING)
            )
            held = None
            if all(shape is not None for _, shape in shapes):
                # All held: their ids stay their own.
                held = self.shared[slot] = (reads, shared, values, shapes, found)
        else:
            found = held[4]
        if found:
            # Something of the context reaches a changed post (or is not known): the page's
            # own values over it, as the template sees them.
            return self.reach(reads, lambda name: own[name] if name in own else shared.get(name))
        names = tuple(own)
        slot = (id(reads), names)
        mine = self.mine.get(slot)
        if mine is None or mine[0] is not reads:
            # Held with the reads: their id stays their own.
            mine = self.mine[slot] = (reads, tuple(read for read in reads if read[0] in own))
        return bool(mine[1]) and self.reach(mine[1], own.get)

    def _near(self, depth: int) -> None:
        """Search for posts at most `depth` related posts' steps from a changed one: the
        answers kept (per value, per shared context) are those for that depth."""
        if depth != self.depth:
            self.depth = depth
            held = self.by_depth.setdefault(depth, ({}, {}, {}))
            self.reaches, self.seen, self.shared = held

    def _reaches_at(self, value: Any, steps: tuple, at: int, how: str) -> bool:
        while at < len(steps):
            if isinstance(value, Content):
                break  # all it shows is reached from it (_reaching)
            kind, key = steps[at]
            if kind == "each" and type(value) in (list, tuple, dict):
                return any(self._reaches_at(item, steps, at + 1, how) for item in value)
            if kind not in ("attr", "item"):
                break
            found = _step(value, kind, key)
            if found is _UNKNOWN:
                break
            value, at = found, at + 1
        else:
            if how == "defined" or (how in ("truth", "count") and isinstance(value, _SHAPED)):
                return False
        return self._reaches(value, 0)

    def _reaches(self, value: Any, depth: int) -> bool:
        kind = type(value)
        if kind in (str, int, float, bool, type(None)) or isinstance(value, _PLAIN):
            return False
        if kind is tuple and _plain_tuple(value):
            # A pair of texts (a language and an address), say, or a tuple of them (a post
            # page's `alternates`: a new one for each page, so no answer to keep).
            return False
        if isinstance(value, Content):
            # A post or page of this build (posts_of): whether a changed one reaches it;
            # another is not known.
            path = str(value.source_path)
            far = self.distance.get(path)
            return (far is not None and far <= self.depth) or path not in self.posts
        held = self.reaches.get(id(value))
        if held is not None and held[0] is value and _same_items(held[2], value):
            return held[1]
        shape = _kept_shape(value)
        if id(value) in self.open:
            # A value that holds itself: not through itself; what was searched meanwhile
            # is not kept as not reaching (it may, through this value's other parts).
            self.cut = True
            return False
        if depth > 60:
            return True  # deeper than any value a page shows: not known
        top = not self.open
        self.open[id(value)] = value
        cut, self.cut = self.cut, False
        try:
            found = self._inside(value, depth + 1)
        finally:
            del self.open[id(value)]
        if shape is not None:
            if found or not self.cut:
                # The value is held: its id stays its own; a list, dict or set with its items.
                self.reaches[id(value)] = (value, found, shape)
            else:
                self.trail.append((value, shape))
        self.cut = self.cut or cut
        if top:
            trail, self.trail = self.trail, []
            if not found:
                # Nothing searched from here reaches: neither does any value searched on
                # the way, though a value that holds itself cut its own search short.
                for held_value, held_shape in trail:
                    self.reaches[id(held_value)] = (held_value, False, held_shape)
            self.cut = False
        return found

    def _inside(self, value: Any, depth: int) -> bool:
        reaches = self._reaches
        if isinstance(value, list | tuple | set | frozenset):
            return any(reaches(item, depth) for item in value)
        if isinstance(value, dict):
            return any(reaches(k, depth) or reaches(v, depth) for k, v in value.items())
        if isinstance(value, Page):
            return reaches(value.object_list, depth) or reaches(value.paginator, depth)
        if isinstance(value, Paginator):
            return reaches(value.object_list, depth)
        if isinstance(value, URLWrapper):
            return False  # a tag, category or author: its name and slug (the lines)
        if isinstance(value, functools.partial):
            return reaches((value.func, value.args, value.keywords), depth)
        if isinstance(value, types.FunctionType):
            cells = tuple(cell.cell_contents for cell in value.__closure__ or ())
            return reaches((cells, value.__defaults__, value.__kwdefaults__), depth)
        if isinstance(value, types.BuiltinFunctionType):
            owner = value.__self__
            if owner is None or isinstance(owner, types.ModuleType):
                return False
            return reaches(owner, depth)
        if isinstance(value, types.MethodType):
            return reaches(value.__self__, depth)
        hook = getattr(type(value), "preview_digest", None)
        if hook is not None:
            return reaches(value.preview_digest(), depth)
        if isinstance(value, gettext.NullTranslations):
            return False
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return any(reaches(getattr(value, name), depth) for name in _field_names(type(value)))
        return True  # not known: the page is walked

    def save(self) -> None:
        """This build's record (after the build record: deferred_saves)."""
        if self.world is None:
            return
        # "kept": for the tests and the benchmark, how many pages kept their key so.
        state = {
            "world": self.world,
            "posts": self.posts,
            "pages": self.pages,
            "kept": self.kept_count,
        }
        file = self.file
        later(lambda: _write(file, state))


_MISSING = object()


def _names(reads: tuple) -> tuple[str, ...]:
    return tuple(sorted({read[0] for read in reads}))


def _depth_of(reads: tuple) -> int:
    """How many related posts' steps the key of what the reads see reaches at most: their
    steps through `related_posts` in one read, and two more (a post read whole holds its
    related posts' headers, a view whole its related posts whole: PageDigest.of). Steps
    are counted only in the reads that have one: most pages' reads have none, and counting
    every step of the 4,000 reads of a build's 49 calls in Python was 1.5 ms of each build."""
    if _RELATED_STEPS.isdisjoint(itertools.chain.from_iterable(map(_STEPS, reads))):
        return 2
    deepest = 0
    for read in reads:
        steps = read[1]
        if not _RELATED_STEPS.isdisjoint(steps):
            deepest = max(deepest, sum(step in _RELATED_STEPS for step in steps))
    return deepest + 2


_RELATED_STEPS = frozenset([("attr", "related_posts"), ("item", "related_posts")])
_STEPS = operator.itemgetter(1)


def _fewer(reads: list[tuple]) -> tuple:
    """A name's reads (steps, how) as fewer that see at least as much: each cut before its
    first step that is no attribute or item (a loop over a list, a slice) and then searched
    whole there (a loop's items are mostly posts, where the search stops anyway), none
    that goes on below another searched whole."""
    cut = set()
    for steps, how in reads:
        for at, (kind, _key) in enumerate(steps):
            if kind not in ("attr", "item"):
                steps, how = steps[:at], "value"
                break
        cut.add((tuple(steps), how))
    whole = {steps for steps, how in cut if how == "value"}
    return tuple(
        sorted(
            (
                (steps, how)
                for steps, how in cut
                if not any(steps[:at] in whole for at in range(len(steps)))
            ),
            key=repr,
        )
    )


def _plain_tuple(value: tuple) -> bool:
    """Whether a tuple holds only texts, numbers, truth values and None, or tuples of them."""
    for item in value:
        kind = type(item)
        if kind in _PLAIN_KINDS:
            continue
        if kind is not tuple or not all([type(inner) in _PLAIN_KINDS for inner in item]):  # noqa: C419
            return False
    return True


def _same_items(held: tuple, value: Any) -> bool:
    """Whether a list, dict or set holds the very items `held` (its _shape when the answer
    was kept, none of them a container then); any other value: True (`held` is ())."""
    if isinstance(value, dict):
        return len(held) == 2 * len(value) and all(
            map(operator.is_, held, itertools.chain.from_iterable(value.items()))
        )
    if isinstance(value, list | set):
        return len(held) == len(value) and all(map(operator.is_, held, value))
    return True


def _kept_shape(value: Any) -> tuple | None:
    """The items an answer about a list, dict or set is kept with (pages._shape: () for
    another value); None, not kept: one holding a container, or so long that comparing its
    items costs what searching them does (a site's thousand posts)."""
    if isinstance(value, _CHANGING) and len(value) > _KEPT_ITEMS:
        return None
    return _shape(value)


_KEPT_ITEMS = 64
_UNKNOWN = object()
# What a truth or a count of does not show the items of (a page's: its number of posts).
_SHAPED = (
    list,
    tuple,
    dict,
    set,
    frozenset,
    str,
    bytes,
    int,
    float,
    bool,
    type(None),
    Page,
    Paginator,
)
# What a paginator's page and the paginator give besides their posts: numbers and addresses
# made from the settings and the collection's shape.
_PAGINATION = frozenset(
    ["object_list", "number", "paginator", "num_pages", "count", "per_page", "url", "save_as"]
)


def _step(value: Any, kind: str, key: Any) -> Any:
    """One step of a read, where this module follows it (as Jinja's getattr and getitem
    would give it); _UNKNOWN elsewhere (the value is then searched whole)."""
    if isinstance(value, Page | Paginator) and kind == "attr" and key in _PAGINATION:
        return getattr(value, key, None)
    if type(value) in (list, tuple) and kind == "item" and type(key) is int:
        return value[key] if -len(value) <= key < len(value) else None
    if type(value) is dict and kind == "item" and key in value:
        return value[key]
    if (
        kind == "attr"
        and dataclasses.is_dataclass(value)
        and not isinstance(value, type)
        and key in _field_names(type(value))
    ):
        return getattr(value, key)
    return _UNKNOWN


def _write(file: Path, state: dict) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    write_text(file, json.dumps(state, sort_keys=True, separators=(",", ":")))


def _well_formed(saved: Any) -> bool:
    """Whether a record has the shape `save` writes (another counts as none)."""
    if not isinstance(saved, dict) or not isinstance(saved.get("world"), str):
        return False
    posts, pages = saved.get("posts"), saved.get("pages")
    if not isinstance(posts, dict) or not isinstance(pages, dict):
        return False
    return all(
        isinstance(entry, list)
        and len(entry) == 4
        and (entry[0] is None or isinstance(entry[0], str))
        and all(isinstance(part, str) for part in entry[1:])
        for entry in posts.values()
    ) and all(
        isinstance(entry, list)
        and len(entry) == 3
        and isinstance(entry[0], str)
        and isinstance(entry[1], str)
        and (entry[2] is None or isinstance(entry[2], str))
        for entry in pages.values()
    )


def _reaching(changed: list[str], posts: list) -> dict[str, int]:
    """The posts from which a changed one is reachable through translations and related
    posts (a post page shows its translations' and related posts' values, and theirs), each
    with its distance: how many related posts' steps (a translation's: none) lie between
    its page and the nearest changed post."""
    readers: dict[str, set[tuple[str, int]]] = {}
    for post in posts:
        path = str(post.source_path)
        view = getattr(post, "showcase", None)
        for other in getattr(post, "translations", ()):
            # Each shows the other (the language switch, the translation's view).
            source = str(other.source_path)
            readers.setdefault(source, set()).add((path, 0))
            readers.setdefault(path, set()).add((source, 0))
        for other in getattr(view, "related_posts", ()):
            readers.setdefault(str(getattr(other, "source_path", "")), set()).add((path, 1))
    found = dict.fromkeys(changed, 0)
    todo = collections.deque(changed)
    while todo:
        path = todo.popleft()
        at = found[path]
        for reader, step in readers.get(path, ()):
            if found.get(reader, at + step + 1) > at + step:
                found[reader] = at + step
                if step == 0:  # a translation's step costs nothing: to the front
                    todo.appendleft(reader)
                else:
                    todo.append(reader)
    return found


def post_line(post: Any, own: Callable[[Any], str], header: Callable[[Any], str]) -> str:
    """What a post gives the other pages besides its text: its address, header, status and
    language, its translations and related posts, and its view's fields (`own`: by value).
    `own` and `header` (the metadata as text) are the build's digests' (PageDigest), made
    once per post and build for this line and for the keys of the pages and feeds.
    A post whose line was made from the same parts and view's fields in the process's last
    build (_KEPT_LINES) takes that line: its view's digest is not made again."""
    view = getattr(post, "showcase", None)
    related = [str(getattr(o, "source_path", o)) for o in getattr(view, "related_posts", ())]
    parts = (
        type(post).__name__,
        str(post.url),
        str(post.save_as),
        str(getattr(post, "status", None)),
        str(getattr(post, "lang", None)),
        str(getattr(post, "template", None)),
        header(post),
        repr(sorted(str(t.source_path) for t in getattr(post, "translations", ()))),
        repr(related),
    )
    if view is None:
        return _line_of(parts, "")
    values = _view_values(view)
    # The digest's code and the view's class: another one, another line.
    made_by = (getattr(own, "__func__", own), type(view))
    source = str(getattr(post, "source_path", ""))
    held = _KEPT_LINES.get(source)
    if (
        held is not None
        and held[0] == made_by
        and held[1] == parts
        and values is not None
        and same_value(held[2], values)
    ):
        return held[3]
    line = _line_of(parts, own(view))
    if values is not None:
        _KEPT_LINES[source] = (made_by, parts, values, line)  # held: the values stay alive
    return line


def _line_of(parts: tuple[str, ...], own: str) -> str:
    return hashlib.sha256("\0".join((*parts, own)).encode()).hexdigest()


# post_line's answers by post source (the process's last build's posts, keep_lines): the
# digest's code and the view's class, the line's other parts, the view's fields but its
# related posts, the line.
# After a new or deleted post every post's line is made again (ChangedSources.start), and
# most of that time went into the views' digests (PageDigest.own), made anew in every build
# though the views are new objects of the same fields: the fields are compared instead.
_KEPT_LINES: dict[str, tuple[Any, tuple[str, ...], tuple, str]] = {}


def keep_lines(sources: set[str]) -> None:
    """Only the lines of these posts stay kept (a deleted post's leave)."""
    for source in [source for source in _KEPT_LINES if source not in sources]:
        del _KEPT_LINES[source]


def _view_values(view: Any) -> tuple | None:
    """A view's fields but its related posts, as PageDigest.own digests them; None for a
    view that is not a dataclass (own refuses it)."""
    kind = type(view)
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple([getattr(view, name) for name in _field_names(kind) if name != "related_posts"])
