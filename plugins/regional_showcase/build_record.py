"""What each file of the last complete build was made from, so the next `make html` or
`make publish` takes the file over instead of making it again.

Both build into a fresh folder, `<output>.new-<pid>`, and put it in place of `<output>` only
when it is complete (output_swap.py). A fresh folder holds only what this build made: a
deleted or renamed post, old pagination or a feed no input makes any more cannot stay behind.
The record (cache/build-record-<output>.json) keeps, per file, a fingerprint of its
inputs and a hash of the bytes written (and the file's size, mtime and inode then). A file is
taken over (hard-linked, else copied) from `<output>` only when both match: the same inputs,
and `<output>` still holds exactly the bytes made from them (an interrupted build, a
hand-edited file or another configuration's output is never taken over). The bytes are
hashed again unless the file still has the recorded device, inode, size, mtime and ctime (a
write changes the mtime; a saved editor buffer is a new inode; `cp -p` or `touch -r` over it
sets the old mtime again, not the ctime), on the machine and since the boot that recorded
them, and was not written or linked within two seconds of the recording (some file systems
keep times in whole seconds or two: known_files.RACY_NS). A file taken
over is a hard link into the last output: removing that output changes its ctime, so it is
hashed again by the next build (25 MB, some 25 ms of CPU at 1,000 posts). A post page is
hashed by the Linker's process (link_process.py) once it is linked into the fresh folder, on
the other core while this build computes the next pages' keys: a page without the recorded
bytes is removed again and rendered (take_over_page, the writer's `placed`). Only a regular
file is taken over (not a link, which would stay a link in the new output, nor a named pipe).

A post page's inputs: its own source file and those of its translations (with their links
to other files resolved, where they have any), the address, header and summary of each post
it shows (its related posts), the rest of its view (post_view.py), and what every post page
shares (site_key): the Pelican settings, the plugin's code and every installed library's
version, the whole theme (templates, translations, styles), data/, content/ outside the posts
(events, pages, pictures), the day (scheduled posts, upcoming events) and the SHOWCASE_* and
SOURCE_DATE_EPOCH environment. Everything is by content hash, not by modification time. When
any shared input changes, every post page is rendered. A post page depends on the other
posts only through its related posts while its template reads nothing but POST_PAGE_NAMES
(read from the template and the templates it uses, preview/pages.py's template_reads); a
template that reads anything else (the list of all posts, say) puts the header and summary of
every post into every post page's key. Such a narrow page keys the sources of its templates
and what they read besides the post (the region data's values it shows, their count, the
project: preview/pages.py's page_key), its view by value and its related posts' headers and
views (not their own related posts: PageDigest.post_page_view) itself, and needs neither the
templates, the region data nor the events in the site's key (narrow=True).
Listings (Pelican's and the plugin's pages other than posts, paginated or not) are keyed on
exactly what their templates read (preview/pages.py's page_key) and their templates' sources,
on top of the narrow site key; feeds on their entries and the feed's own settings
(writer.py). Whatever cannot be keyed for certain is rendered ("unkeyed" in the record).
Pictures, calendars, the JSON feed and the small generated files are made anew; the web
editor's generated texts are kept by the same key (KeptTexts).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from zoneinfo import ZoneInfo

from .atomic_write import write_bytes, write_text
from .data.posts import POST_SUFFIXES
from .deferred_saves import later
from .environment import environment_key
from .known_files import RACY_NS, file_digest, machine
from .link_process import Linker
from .preview.manifest import PLUGIN_CODE, settings_digest
from .settings import ShowcaseSettings

# The fresh folder of scripts/html and scripts/publish; the previous output is its sibling.
FRESH_FOLDER = re.compile(r"(?P<output>.+)\.new-\d+")
# What article.html may read while a post page depends on the other posts only through
# article.showcase.related_posts: the page's own post, settings and the region data's views
# (PageContext), Pelican's pages (content/pages/, part of site_key), the writer's names.
POST_PAGE_NAMES = frozenset(
    [
        "SHOWCASE",
        "SITENAME",
        "SITEURL",
        "_region",
        "alternates",
        "article",
        "articles_page",
        "asset",
        "eager",
        "edition_homes",
        "feed_head",
        "feed_links",
        "feeds_for",
        "gettext",
        "illustration_for",
        "image_class",
        "lang",
        "localsiteurl",
        "ngettext",
        "open_data_url",
        "output_file",
        "overview_url",
        "pages",
        "pgettext",
        "photo",
        "post_list",
        "preview_now",
        "project",
        "region_chips",
        "regions",
        "site_feeds",
        "social_image_for",
        "url_for",
    ]
)
# Settings that name this build's own folders, not what the pages show.
OWN_FOLDERS = ("OUTPUT_PATH", "DELETE_OUTPUT_DIRECTORY")


def final_output(output_path: Path) -> Path | None:
    """The folder a fresh build folder will replace (it holds the last complete output, if
    any), or None for a build in place."""
    match = FRESH_FOLDER.fullmatch(output_path.name)
    return None if match is None else output_path.with_name(match.group("output"))


def tree_digest(
    root: Path,
    skip: Path | tuple[Path, ...] | None = None,
    suffixes: tuple = (),
    hashed: Callable[[str | Path], str | None] = file_digest,
) -> str:
    """Every file under a folder by relative path and content (without the files of `skip`,
    one folder or several, whose suffix is in `suffixes`, or all of them when `suffixes` is
    empty). `hashed`: a file's SHA-256 (make serve's kept hashes: preview/file_digests.py).
    Within a build's one_pass block the first answer for the same tree: a file added or
    removed while the build runs counts in the next build, as a changed one does."""
    from .preview.file_digests import once_per_pass

    key = ("tree", str(root), skip, suffixes, hashed)
    return once_per_pass(key, lambda: _tree_digest(root, skip, suffixes, hashed))


def _tree_digest(
    root: Path,
    skip: Path | tuple[Path, ...] | None,
    suffixes: tuple,
    hashed: Callable[[str | Path], str | None],
) -> str:
    digest = hashlib.sha256()
    root = root.resolve()
    skips = () if skip is None else (skip,) if isinstance(skip, Path) else skip
    skipped = {str(folder.resolve()) for folder in skips}
    if root.is_file():
        digest.update(f"{root.name}:{hashed(root)}\n".encode())
    elif root.is_dir():
        # os.walk, not rglob: a thousand posts skipped by suffix cost Path objects, sorting
        # and is_relative_to each (15 ms of each build's site key). The same walk (links to
        # folders not followed, links to files by their target), order (by path parts) and
        # text: the same digest.
        found: list[tuple[str, ...]] = []
        top = str(root)
        for folder, dirs, files in os.walk(top):
            dirs[:] = [name for name in dirs if name != "__pycache__"]
            parts = () if folder == top else tuple(folder[len(top) + 1 :].split(os.sep))
            inside = any(folder == other or folder.startswith(other + os.sep) for other in skipped)
            for name in files:
                path = os.path.join(folder, name)
                if (inside or path in skipped) and (
                    not suffixes or _suffix(name).lower() in suffixes
                ):
                    continue
                if os.path.isfile(path):
                    found.append((*parts, name))
        for parts in sorted(found):
            path = os.path.join(top, *parts)
            digest.update(f"{'/'.join(parts)}:{hashed(path)}\n".encode())
    return digest.hexdigest()


def _suffix(name: str) -> str:
    """PurePath(name).suffix for a file's name, without a Path object for each of the
    thousand posts a site key's walk of content/ skips (about 4 ms a build)."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


class SourceHashes:
    """Each source file's hash, read once per build (a post is key of its page and of every
    listing that shows it). `hashed` gives a file's SHA-256 (None: unreadable): file_digest,
    or in a process that builds again the one that keeps it by the file's identity
    (source_digest)."""

    def __init__(self, hashed: Callable[[str], str | None] = file_digest) -> None:
        self.known: dict[str, str | None] = {}
        self.hashed = hashed

    def of(self, path) -> str | None:
        key = str(path)
        known = self.known
        if key not in known:
            # open() takes the string (a Path built for each of a build's 1,000 posts cost
            # about 6 % of their keys' time): the same file for the paths Pelican gives.
            known[key] = self.hashed(key)
        return known[key]


def source_digest(again: bool) -> Callable[[str | Path], str | None]:
    """How a build hashes its source files: in a process that builds `again` (`make serve`'s,
    the build server's), each file's SHA-256 is kept from one build to the next by the
    file's identity and read again only when it changed (preview/file_digests.py: the 1,000
    post files were read and hashed in every rebuild, about 12 ms at 1,000 posts); the same
    digests either way. Within a build's one_pass block (staff/build.py) in any process: each
    file's state before anything read it, for every key of the build."""
    from .preview.file_digests import DIGESTS, in_one_pass

    if not again and not in_one_pass():
        return file_digest
    return DIGESTS.digest


def linked_text(content) -> str | None:
    """A post's or page's text with its links to other files resolved, when it has any
    ({filename}, {static}, …): it changes with the address of the file it links to, which its
    own file does not name."""
    if not links_to_files(content):
        return None
    return content.get_content(content.get_siteurl())


def links_to_files(content) -> bool:
    """Whether a post's or page's text links to other files: Pelican's pattern searched in
    its text, once per text and pattern in a process. The text (`_content`, a str) is the
    one the kept objects' copies share from build to build (preview/kept_content.py): the
    same text object and pattern, both held here, give the same answer; an edited file is
    another text, searched again."""
    raw = getattr(content, "_content", None)
    if not raw:
        return False
    pattern = link_pattern(content)
    slot = content.source_path
    held = _LINKS_FOUND.get(slot)
    if held is not None and held[0] is raw and held[1] is pattern:
        return held[2]
    found = pattern.search(raw) is not None
    if slot is not None:
        _LINKS_FOUND[slot] = (raw, pattern, found)
    return found


# links_to_files's answers by source path: (the text, the pattern, whether it links).
_LINKS_FOUND: dict[str, tuple[str, re.Pattern, bool]] = {}
_LINK_PATTERNS: dict[tuple, re.Pattern] = {}


def link_pattern(content) -> re.Pattern:
    """Pelican's pattern of links to other files for this post or page (Content.
    _get_intrasite_link_regex, compiled anew at each call), once per method and setting; the
    page keys' followed reads use it too."""
    method = type(content)._get_intrasite_link_regex
    slot = (method, content.settings["INTRASITE_LINK_REGEX"])
    held = _LINK_PATTERNS.get(slot)
    if held is None:
        held = _LINK_PATTERNS[slot] = content._get_intrasite_link_regex()
    return held


def libraries() -> str:
    """Python's version and every installed distribution's (Pelican, Markdown, Jinja, …): the
    names of their metadata folders (`Jinja2-3.1.4.dist-info`), as importlib.metadata finds
    them, without reading the metadata (a tenth of a second for a hundred packages)."""
    found: set[str] = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found.update(name for name in names if name.endswith((".dist-info", ".egg-info")))
    return repr((sys.version, sorted(found)))


def post_line(post, header: str | None = None) -> str:
    """What other post pages may show of a post: its address, header and summary. `header`:
    the header as text, as a build's digests made it once per post (PageDigest.header)."""
    if header is None:
        header = repr(sorted(post.metadata.items(), key=operator.itemgetter(0)))
    return f"{post.url}|{post.status}|{post.lang}|{header}|{post.summary}"


def site_key(
    showcase: ShowcaseSettings,
    pelican_settings: dict,
    posts: list,
    code_dir: Path = PLUGIN_CODE,
    today: dt.datetime | None = None,
    narrow: bool = False,
    hashed: Callable[[str | Path], str | None] = file_digest,
) -> str:
    """What every post page depends on besides its own file (see the module's text).

    `narrow`: for a file keyed on what its template reads (template_reads): without the
    events (a page that shows one has its values in its key, and a post page reads none,
    POST_PAGE_NAMES), without the region data (the regions, topics and figures a page or a
    post's view shows are values in its key) and without the templates (the file's key
    holds the sources of the templates it uses, template_sources)."""
    digest = hashlib.sha256()
    own = {key: value for key, value in pelican_settings.items() if key not in OWN_FOLDERS}
    digest.update(settings_digest(own).encode())
    now = today or dt.datetime.now(dt.UTC)
    zone = ZoneInfo(showcase.timezone)
    digest.update(f"{now.date()}|{now.astimezone(zone).date()}".encode())
    digest.update(environment_key().encode())
    digest.update(tree_digest(code_dir, hashed=hashed).encode())
    digest.update(libraries().encode())
    templates = showcase.theme / "templates"
    theme = tree_digest(showcase.theme, skip=templates if narrow else None, hashed=hashed)
    digest.update(theme.encode())
    if not narrow:
        digest.update(data_digest(showcase, hashed).encode())
    # Posts stand for themselves (page_fingerprint, post_line); a picture or PDF beside them
    # counts like any other file of content/.
    # Events and region texts too where `narrow`: their pictures still count.
    skip = [showcase.news_dir]
    if narrow:
        skip.append(events_folder(showcase))
        if showcase.region_texts is not None:
            skip.append(showcase.region_texts)
    content = tree_digest(
        showcase.content_path, skip=tuple(skip), suffixes=POST_SUFFIXES, hashed=hashed
    )
    digest.update(content.encode())
    for post in posts:
        digest.update(post_line(post).encode())
    return digest.hexdigest()


def data_digest(
    showcase: ShowcaseSettings, hashed: Callable[[str | Path], str | None] = file_digest
) -> str:
    """The region data, the region texts and the comparison, by content."""
    digest = hashlib.sha256()
    # The address ledger grows with each publish (scripts/publish) and is read only by the
    # address checks and the redirects, never by a page.
    ledger = showcase.address_ledger
    for data in (showcase.data, showcase.region_texts, showcase.comparison):
        if data is not None:
            folder = data.parent if data.is_file() else data
            digest.update(tree_digest(folder, skip=ledger, hashed=hashed).encode())
    return digest.hexdigest()


def events_folder(showcase: ShowcaseSettings) -> Path:
    return showcase.content_path / showcase.events_dir


def page_fingerprint(
    key: str,
    post,
    shown: list | tuple = (),
    hashes: SourceHashes | None = None,
    view: str = "",
    unlinked: bool = False,
) -> str:
    """A post page's inputs: the site's key, its own file and its translations' files (and
    their texts with links resolved, where they link to other files), the posts it shows
    (`shown`: its related posts) and the digest of the rest of its view (post_view.py: its
    preview card depends on how many posts are newer). `unlinked`: the caller searched the
    texts of the post and its translations for links to other files and found none (the
    page's followed reads, FollowedDigest._own_key), so they are not searched again."""
    hashes = hashes if hashes is not None else SourceHashes()
    versions = [post, *getattr(post, "translations", ())]
    files = "|".join(f"{v.source_path}:{hashes.of(v.source_path)}" for v in versions)
    linked = [] if unlinked else [t for t in map(linked_text, versions) if t is not None]
    others = "|".join(post_line(other) for other in shown)
    return hashlib.sha256(f"{key}|{files}|{others}|{linked!r}|{view}".encode()).hexdigest()


def reads_only_own_post(reads: tuple | None) -> bool:
    """Whether a post template's reads (template_reads) leave the other posts out."""
    return reads is not None and {name for name, _, _ in reads} <= POST_PAGE_NAMES


class BuildRecord:
    """The files of one output folder: fingerprint, hash of the bytes and stat, per name.
    Post pages ("pages") and the other files ("files") are kept apart for the benchmark."""

    def __init__(self, file: Path, output_path: Path, previous: Path):
        self.file = file
        self.output_path = output_path
        self.previous = previous
        try:
            saved = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        self.before: dict[str, list] = _entries(saved)
        # A file's recorded identity holds only where it was seen (known_files.py).
        self.same_machine = isinstance(saved, dict) and saved.get("machine") == machine()
        self.has_previous = previous.is_dir()
        self.linker: Linker | None = None
        self.now: dict[str, list] = {}
        self.kinds: dict[str, str] = {}
        self.taken_over: list[str] = []
        # The post pages whose bytes the Linker checks (take_over_page), by their target.
        self.checked_later: dict[str, str] = {}
        self.linker_asked = False  # linker_caught_up: given its time once
        # Files this build rendered because their inputs could not be keyed for certain.
        self.unkeyed: list[str] = []

    @staticmethod
    def file_for(cache_dir: Path, output: Path) -> Path:
        key = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:12]
        return cache_dir / f"build-record-{key}.json"

    def note(self, name: str, fingerprint: str, kind: str = "files") -> list | None:
        """The file `name` of this build is made from `fingerprint`; the last build's entry
        when it was made from the same inputs."""
        self.now[name] = [fingerprint, None, None]
        self.kinds[name] = kind
        held = self.before.get(name)
        if held is None or held[0] != fingerprint or not self.has_previous:
            return None
        return held

    def take_over(self, name: str, fingerprint: str, kind: str = "pages") -> bool:
        """Put the last build's file in the fresh folder when it was made from the same
        inputs and is still exactly what was written; False: make it. The file is linked
        by the Linker's process: it is there once `placed` returns."""
        held = self.note(name, fingerprint, kind)
        if held is None:
            return False
        source = os.path.join(self.previous, name)
        found = _stat(source)
        if found is None or not _unchanged(source, held, self.same_machine, found):
            return False
        if self.linker is None:
            self.linker = Linker()
        self.linker.link(source, os.path.join(self.output_path, name), (found[2], found[3]))
        self.now[name][1] = held[1]
        self.taken_over.append(name)
        return True

    def take_over_page(self, name: str, fingerprint: str, kind: str = "pages") -> bool:
        """A post page (or a listing's, `kind` "files"): as take_over, but whether the last
        build's file still has the bytes written is checked by the Linker's process once it
        is linked (not hashed here: a hard link's change time is always recent, so a page's
        recorded identity never holds). True: made from the same inputs; `placed` answers
        those whose bytes were not the ones written (then not in the fresh folder: the
        caller renders them)."""
        held = self.note(name, fingerprint, kind)
        if held is None or held[1] is None:
            return False
        if self.linker is None:
            self.linker = Linker()
        target = os.path.join(self.output_path, name)
        self.linker.link(os.path.join(self.previous, name), target, None, held[1])
        self.checked_later[target] = name
        self.now[name][1] = held[1]
        self.taken_over.append(name)
        return True

    def linker_caught_up(self, timeout: float) -> bool:
        """Whether the Linker's process has placed (and checked) every file taken over so far
        within `timeout` seconds, so that `placed` returns at once; False only the first time
        it takes longer (on a busy machine it gets less of a core): the build goes on
        meanwhile, and asks again (True then: `placed` waits)."""
        if self.linker is None or self.linker_asked:
            return True
        self.linker_asked = True
        self.linker.ask()
        return self.linker.answered(timeout)

    def placed(self) -> list[str]:
        """Wait until every file taken over so far is in the fresh folder (raises OSError
        when one cannot be put there); the Linker's process stays for the files after. The
        names of the post pages (take_over_page) that were not placed, to be rendered."""
        if self.linker is None:
            return []
        return self._not_placed(self.linker.wait())

    def _not_placed(self, removed: list[str]) -> list[str]:
        """The names of pages the Linker removed again: no longer taken over, their bytes
        hashed when the record is saved."""
        names = [self.checked_later[target] for target in removed]
        self.checked_later.clear()
        for name in names:
            self.now[name][1] = None
            self.taken_over.remove(name)
        return names

    def take_over_text(self, name: str, fingerprint: str) -> str | None:
        """The last build's text of a file made from the same inputs, for a caller that
        writes it itself (Pelican's Writer, a paginated page); None: render it."""
        held = self.note(name, fingerprint)
        if held is None or _stat(self.previous / name) is None:
            return None
        try:
            data = (self.previous / name).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != held[1]:
            return None
        self.now[name][1] = held[1]
        self.taken_over.append(name)
        return data.decode("utf-8")

    def save(self) -> None:
        """Once every file is written: hash what was made, then keep the record."""
        if self.linker is not None:
            linker, self.linker = self.linker, None
            # The writer renders what `placed` answers before it saves: nothing is left.
            for name in self._not_placed(linker.finish()):
                del self.now[name]
        started = time.time_ns()
        # By strings: a Path per file cost more than its hash or stat (1,270 at 1,000 posts).
        output = str(self.output_path)
        for name, entry in self.now.items():
            path = os.path.join(output, name)
            if entry[1] is None:
                entry[1] = file_digest(path)
            stat = _stat(path)
            # A file written (or linked) just now could be written again within the same
            # clock tick.
            recent = stat is None or max(stat[3], stat[4]) >= started - RACY_NS
            entry[2] = None if recent else stat
        self.file.parent.mkdir(parents=True, exist_ok=True)
        kinds: dict[str, dict] = {"pages": {}, "files": {}}
        for name, entry in self.now.items():
            kinds[self.kinds[name]][name] = entry
        # For the tests and the benchmark: what this build did not render, and why it did.
        done = {name: self.kinds[name] for name in self.taken_over}
        state = {
            **kinds,
            "taken_over": sorted(n for n, kind in done.items() if kind == "pages"),
            "files_taken_over": sorted(n for n, kind in done.items() if kind == "files"),
            "unkeyed": sorted(self.unkeyed),
            "machine": machine(),
        }
        # The files' hashes and identities above are of the fresh folder before its swap;
        # the record itself is written in the build server after its answer (deferred_saves).
        later(lambda: write_text(self.file, json.dumps(state, sort_keys=True)))


def _entries(saved) -> dict[str, list]:
    """The files of a saved record; of a record in another shape (an older format, a damaged
    or foreign file) only the entries shaped as `save` writes them: [fingerprint, hash, stat]."""
    if not isinstance(saved, dict):
        return {}
    entries: dict[str, list] = {}
    for kind in ("files", "pages"):
        held = saved.get(kind)
        if isinstance(held, dict):
            entries.update(
                (name, entry)
                for name, entry in held.items()
                if isinstance(entry, list)
                and len(entry) == 3
                and isinstance(entry[0], str)
                and (entry[1] is None or isinstance(entry[1], str))
                and (entry[2] is None or isinstance(entry[2], list))
            )
    return entries


def _stat(path: Path | str) -> list | None:
    """A regular file's identity: device, inode, size, modification and change time (a file
    rewritten in place with its old modification time set again, by `cp -p` or `touch -r`,
    has a new change time). None for anything else: a link to a file with the recorded bytes
    would be taken into the new output as a link (a page served from outside it), a named
    pipe would stop the build when read."""
    try:
        stat = os.lstat(path)
    except OSError:
        return None
    if not S_ISREG(stat.st_mode):
        return None
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def _unchanged(path: Path | str, held: list, same_machine: bool, stat: list) -> bool:
    """Whether a file of the last output still has the bytes recorded for it: by its
    identity (`stat`: _stat's) when that is as recorded (on the same machine), else by
    hashing it."""
    recorded = held[2] if len(held) > 2 else None
    if same_machine and recorded is not None and stat == recorded:
        return True
    return held[1] is not None and file_digest(path) == held[1]


class KeptTexts:
    """Generated texts kept in cache/ by what they were made from (the web editor's
    configuration: most of writing admin/): made again only when the key changes.

    In a process that builds again (kept_content.keeping(): the build server, `make serve`)
    the file's slots parsed by one build are kept for the next (_HELD) with the very bytes
    they were parsed from or written as: a build whose file still holds exactly those bytes
    (read, compared) takes them without parsing 0.9 MB of JSON twice (events, then the
    generator, each with a KeptTexts of its own), and a changed slot (rules.js after a new
    or deleted post) is written after the server's answer (deferred_saves.py), once per
    build. The file's bytes are the whole key of the held slots (another process may have
    written it since); a held slot not written yet (its build failed and dropped the save)
    is still a text made from its own key, as every slot is."""

    def __init__(self, file: Path, base: str, held: bool = False) -> None:
        """`held`: a build of a process that builds again (kept_content.keeping(), which the
        caller asks: kept_content imports this module through parallel/reading.py)."""
        self.file = file
        self.base = base
        # The file as read by this object's first get (and written since): a build asks for
        # several slots (admin, open data, the comparison's downloads), 0.7 MB of JSON each.
        self._saved: dict | None = None
        self._held = held

    def get(self, slot: str, key: str, make) -> dict[str, str]:
        full = hashlib.sha256(f"{self.base}|{slot}|{key}".encode()).hexdigest()
        saved = self._saved
        if saved is None:
            saved = self._saved = self._held_slots() if self._held else self._read()
        held = saved.get(slot)
        if isinstance(held, dict) and held.get("key") == full:
            return held["texts"]
        texts = make()
        saved[slot] = {"key": full, "texts": texts}
        if self._held:
            self._write_later(saved)
        else:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_text(self.file, json.dumps(saved, sort_keys=True))
        return texts

    def _read(self) -> dict:
        try:
            saved = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        return saved if isinstance(saved, dict) else {}  # another shape: no texts kept

    def _held_slots(self) -> dict:
        """The slots of the file as it is now: those held when it holds the bytes they were
        held with, else parsed (and held from now on)."""
        name = str(self.file)
        try:
            data = self.file.read_bytes()
        except OSError:
            data = None
        held = _HELD.get(name)
        if held is not None and held.data is not _UNKNOWN and held.data == data:
            return held.saved
        try:
            saved = json.loads(data) if data is not None else {}
        except ValueError:
            saved = {}
        saved = saved if isinstance(saved, dict) else {}
        _HELD[name] = _HeldTexts(data, saved)
        return saved

    def _write_later(self, saved: dict) -> None:
        """The file written after this build (deferred_saves.later), once, with every slot
        made by then; held with the bytes written."""
        name = str(self.file)
        held = _HELD.get(name)
        if held is None or held.saved is not saved:  # another file's state was held since
            held = _HeldTexts(_UNKNOWN, saved)

        def save() -> None:
            data = json.dumps(held.saved, sort_keys=True).encode("utf-8")
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(self.file, data)
            held.data = data
            _HELD[name] = held

        later(save, once=("kept-texts", name, id(saved)))


@dataclass
class _HeldTexts:
    """KeptTexts' slots of one file in a process that builds again, with the file's bytes
    they were parsed from or written as (None: there was no file)."""

    data: bytes | object | None  # or _UNKNOWN
    saved: dict


# The bytes of no file: a held state whose file is not known.
_UNKNOWN = object()
# A process's held slots per kept-texts file (KeptTexts): values only (texts and keys).
_HELD: dict[str, _HeldTexts] = {}
