"""What each search bundle of the last complete output was made from, so that the next build
takes a bundle over instead of running Pagefind for it again.

`make html` and `make publish` build into a fresh folder beside the last complete output
(output_swap.py); unchanged pages there are hard links to the last output's files. The record
(`--record`, cache/showcase/search-record.json) keeps

- per HTML file of the site: the SHA-256 of its bytes and whether it carries Pagefind's
  mark, by the file's identity (known_files.py: a hard link of a file read last time is
  not read again);
- per bundle: its key (search_index.bundle_key: Pagefind's package, this code, Pagefind's
  configuration, the bundle's folder and glob, name and hash of every HTML file it reads) and
  the name and hash of every file Pagefind wrote for it (their hashes again by identity).

A bundle is taken over (hard links, else copies) only when its key is the recorded one and
the last output still holds exactly the recorded files: the process that links them checks
each file it placed against the recorded hash (link_process.py) and removes it again when it
is not those bytes; such a bundle is indexed by Pagefind after all (`placed`).
Anything else runs Pagefind. Pagefind writes the same bytes for the same pages (its entry
file's language order aside, which search_index sorts), so a taken-over bundle equals a
fresh one (tests/test_incremental.py compares whole folders).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .atomic_write import write_text
from .known_files import KnownFiles, sha256_hex
from .link_process import Linker
from .search_bundles import is_bundle

MARK = b"data-pagefind-body"
# The mark as an attribute of a tag (not text about it: that is escaped, &lt;main …).
ATTRIBUTE = re.compile(rb"<[a-z][^<>]*\sdata-pagefind-body[\s=/>]")
# An element Pagefind leaves out of the index (data-pagefind-ignore), e.g. a post's related
# posts, which change on many pages when a post is added or deleted.
IGNORE = b"data-pagefind-ignore"
IGNORED = re.compile(rb"<(section|div|aside|ul|ol|p)\b[^<>]*\s" + IGNORE + rb"[\s=>]")
# What such an element may hold for its links to be left out of a page's hash: plain tags
# (no image, no h1 that could become the page's title or picture, nothing else of Pagefind's).
PLAIN_TAGS = {b"section", b"div", b"aside", b"ul", b"ol", b"li", b"p", b"span", b"h2", b"h3"}
PLAIN_TAGS |= {b"a", b"time"}
TAG = re.compile(rb"<(/?)([a-z][a-z0-9]*)\b")
# Inside such an element holding more than plain tags (a region page's news cards: pictures,
# headings, summaries, a chip per region), Pagefind reads nothing either when no tag of it
# is Pagefind's, none is an h1 and the page's picture comes before it (_picture_before):
# then only the names and ids of its tags with an id stay (ID_TAG, _with_id).
ID_TAG = re.compile(rb"<([a-z][a-z0-9]*)\b[^<>]*\sid=(\"[^\"]*\"|'[^']*'|[^\s\"'>]+)")
SPELLED_MARK = re.compile(MARK, re.IGNORECASE)
# A link or date without an id and with only text in it: its text, address and date.
LINK = re.compile(rb"<(a|time)\b(?![^<>]*\sid=)[^<>]*>[^<]*</\1>")
# Pagefind reads nothing of a <meta> tag without a data-pagefind-* attribute, nor the text of
# a JSON-LD script: a post's preview card (og:image, twitter:image, JSON-LD's image), which a
# new post takes from the oldest post that had one, changes no index.
META = re.compile(rb"<meta\b[^<>]*>")
CONTENT = re.compile(rb"\scontent=(\"[^\"]*\"|'[^']*'|[^\s\"'>]+)")
JSON_LD = re.compile(rb'<script type="application/ld\+json">[^<]*</script>')


@dataclass(frozen=True)
class Page:
    """One HTML file of the built site."""

    digest: str
    marked: bool  # holds the mark's name anywhere (any case): Pagefind may index it
    attribute: bool  # holds it as an attribute: then Pagefind indexes only marked pages


def page_facts(data: bytes) -> list:
    """[SHA-256 of what Pagefind reads, marked, attribute] of an HTML file (see Page)."""
    lower = data.lower()
    marked = MARK in lower
    # The attribute holds the mark: a page without it needs no scan (0.5 ms for a listing).
    attribute = marked and any(ATTRIBUTE.match(lower, at) for at in tags_holding(lower, MARK))
    return [sha256_hex(search_view(data)), marked, attribute]


def tags_holding(data: bytes, name: bytes) -> list[int]:
    """Where each tag that holds `name` starts (its "<"; ascending, once each): the only
    places where ATTRIBUTE or IGNORED can match, as neither crosses a "<" or ">". Trying
    them there, not at every tag of the page, halves the time of page_facts (0.12 ms)."""
    starts: list[int] = []
    at = data.find(name)
    while at >= 0:
        start = data.rfind(b"<", 0, at)
        if start >= 0 and data.find(b">", start, at) < 0 and (not starts or starts[-1] != start):
            starts.append(start)
        at = data.find(name, at + 1)
    return starts


def ignored_elements(data: bytes) -> Iterator[re.Match]:
    """IGNORED.finditer(data): the same matches, tried only where they can start (one
    ends before the next tag's "<": none overlaps the next)."""
    for start in tags_holding(data, IGNORE):
        match = IGNORED.match(data, start)
        if match is not None:
            yield match


def search_view(data: bytes) -> bytes:
    """The page as far as Pagefind's index depends on it: inside an element marked
    data-pagefind-ignore that holds only plain tags, links and dates lose their text,
    address and date (Pagefind indexes none of it: a page that shows other posts in such a
    list gets the same index when the list shows other ones); such an element holding more
    (news cards) keeps only its tags with an id, when none of its tags is Pagefind's or an
    h1 and the page's picture comes before it (tests/test_search_record.py); a <meta> tag without
    data-pagefind-* loses its content (or goes whole where no tag holds one), a JSON-LD
    script its text. Everything else stays."""
    data = _unread_head(data)
    if IGNORE not in data:  # what IGNORED needs: no scan of every tag (0.5 ms a page)
        return data
    parts: list[bytes] = []
    done = 0
    for match in ignored_elements(data):
        if match.start() < done:
            continue  # inside an element already handled
        end = _element_end(data, match.start(), match.group(1))
        inner = data[match.end() : end]
        if end < 0 or b"data-pagefind-" in inner:
            continue
        if _plain(inner):
            parts += [data[done : match.end()], LINK.sub(rb"<\1></\1>", inner)]
        elif b"<h1" not in inner and (b"<img" not in inner or _picture_before(data, match)):
            parts += [data[done : match.end()], _with_id(inner)]
        else:
            continue
        done = end
    return b"".join([*parts, data[done:]]) if parts else data


def _picture_before(data: bytes, element: re.Match) -> bool:
    """Whether the page's picture for Pagefind (the first <img> after the first <h1> of the
    marked body, or of the page without a mark) comes before this element, so that none
    of its pictures can be it. Tags in capitals are not looked for: then False, or an
    earlier picture than the one found."""
    end = element.start()
    body = 0
    if data.find(MARK, 0, end) >= 0:
        starts = [at for at in tags_holding(data, MARK) if at < end and ATTRIBUTE.match(data, at)]
        if not starts:
            return False
        body = starts[0]
    elif SPELLED_MARK.search(data, 0, end):
        return False  # the mark in another spelling: not worked out here
    title = data.find(b"<h1", body, end)
    return title >= 0 and data.find(b"<img", title, end) >= 0


def _with_id(inner: bytes) -> bytes:
    """The element's tags with an id, by name and id; nothing else of it."""
    tags = (ID_TAG.match(inner, at) for at in tags_holding(inner, b"id="))
    return b"".join(b"<%s id=%s>" % tag.groups() for tag in tags if tag is not None)


def _unread_head(data: bytes) -> bytes:
    """The page without what Pagefind reads nothing of: the content of each <meta> tag
    without a data-pagefind-* attribute, the text of each JSON-LD script (META, JSON_LD)."""
    # The head, where these are (a tenth of a post page), apart: the body is searched for
    # them only as bytes, not by the patterns (_unread), and its data-pagefind-body does not
    # keep the head's <meta> tags from going whole.
    end = data.find(b"</head>")
    head, body = (data[:end], data[end:]) if end >= 0 else (data, b"")
    return _unread(head) + _unread(body)


def _unread(data: bytes) -> bytes:
    if b"<meta" in data:
        # Without data-pagefind-* anywhere in it, every <meta> tag goes whole (three times
        # as fast as emptying each content: every page the early runs read, 1,000 and more).
        plain = b"data-pagefind" not in data
        data = META.sub(b"", data) if plain else META.sub(_meta_unread, data)
    if b"application/ld+json" in data:
        data = JSON_LD.sub(b'<script type="application/ld+json"></script>', data)
    return data


def _meta_unread(match: re.Match) -> bytes:
    tag = match.group(0)
    return tag if b"data-pagefind" in tag else CONTENT.sub(b' content=""', tag)


def _element_end(data: bytes, start: int, name: bytes) -> int:
    """Where the element opened at `start` closes (the position of its end tag), or -1."""
    depth = 0
    for tag in re.finditer(rb"<(/?)" + re.escape(name) + rb"[\s>]", data[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return start + tag.start()
    return -1


def _plain(inner: bytes) -> bool:
    return all(tag.group(2) in PLAIN_TAGS for tag in TAG.finditer(inner))


class SearchRecord:
    """The record of one build of the site in `site`; `previous`: the last complete output."""

    def __init__(self, file: Path | None, site: Path, previous: Path | None):
        self.file = file
        self.site = site
        if previous is not None and (not previous.is_dir() or previous.samefile(site)):
            previous = None  # no last output, or the site itself (an index built in place)
        self.previous = previous
        saved: dict = {}
        if file is not None:
            try:
                saved = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                saved = {}
        saved = saved if isinstance(saved, dict) else {}  # another shape: nothing kept
        # The pages' facts hold as long as this code that found them.
        self.view = sha256_hex(Path(__file__).read_bytes())
        self.known_pages = KnownFiles(
            saved.get("pages") if saved.get("view") == self.view else None
        )
        # The hashes of the files Pagefind wrote (note), by identity (ctime too).
        self.known_outputs = KnownFiles(saved.get("outputs"), changes=True)
        self.saved_bundles: dict[str, dict] = saved.get("bundles", {})
        self.pages: dict[str, Page] = {}
        self.bundles: dict[str, dict] = {}
        self.taken_over: list[str] = []
        self.linker: Linker | None = None
        # Files the linking process removed again, answered before `placed` (settle).
        self.removed: list[str] = []

    def read_pages(self) -> dict[str, Page]:
        """Every HTML file of the site (outside the bundles' folders), by output-relative name.
        Walked with scandir's file types, as os.walk would (links to folders not followed),
        without its lists and sorting: a thousand post folders of one page each."""
        value, pages = self.known_pages.value, self.pages

        def walk(folder: str, prefix: str) -> None:
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = entry.name
                    if entry.is_dir(follow_symlinks=False):
                        if prefix or not is_bundle(name):
                            walk(entry.path, f"{prefix}{name}/")
                    elif name.endswith(".html"):
                        facts = value(entry.path, page_facts)
                        if facts is not None:
                            pages[prefix + name] = Page(*facts)

        walk(str(self.site), "")
        return pages

    def take_over(self, folder: str, key: str) -> bool:
        """Link the last output's bundle into the site when it was made from the same key
        (see the module's text); False: run Pagefind. The linking process checks each file
        it placed against the recorded hash (link_process.py): `placed` names a bundle whose
        files were not the recorded bytes, for Pagefind to run after all."""
        held = self.saved_bundles.get(folder)
        if self.previous is None or held is None or held.get("key") != key:
            return False
        files: dict[str, str | None] = held.get("files", {})
        if None in files.values():
            return False  # a file that could not be read when it was recorded
        old = os.path.join(self.previous, folder)
        target = os.path.join(self.site, folder)
        # Linked beside the Pagefind runs and checked there, on the other core: the last
        # output's bundle files (9 MB at 1,000 posts) were hashed here in every build, since a
        # hard link's change time is always recent (known_files.py: their recorded identity
        # never held).
        if self.linker is None:
            self.linker = Linker()
        for name, digest in files.items():
            self.linker.link(os.path.join(old, name), os.path.join(target, name), None, digest)
        self.taken_over.append(folder)
        self.bundles[folder] = {"key": key, "files": files}
        return True

    def adopt(self, folder: str, key: str) -> bool:
        """Take over a bundle that the early runs' record took over at the build's start
        (EarlyRuns: linked since, by the same linking process) and whose key is still `key`;
        False when this record holds another key for it (then settle and remove it)."""
        held = self.saved_bundles.get(folder)
        if self.previous is None or held is None or held.get("key") != key:
            return False
        self.taken_over.append(folder)
        self.bundles[folder] = {"key": key, "files": held.get("files", {})}
        return True

    def settle(self) -> None:
        """Wait until every file sent to the linking process so far is placed (before a
        folder of them is removed)."""
        if self.linker is not None:
            self.removed += self.linker.wait()

    def placed(self) -> list[str]:
        """Wait until the bundles taken over are in the site (raises OSError when a file
        cannot be put there): the folders of those with a file that was not the recorded
        bytes (removed again by the linking process), which are no longer taken over."""
        removed, self.removed = self.removed, []
        if self.linker is not None:
            linker, self.linker = self.linker, None
            removed += linker.finish()
        site = os.path.join(str(self.site), "")
        damaged = {
            name[len(site) :].split(os.sep, 1)[0] for name in removed if name.startswith(site)
        }
        again = sorted(folder for folder in damaged if folder in self.bundles)
        for folder in again:
            self.taken_over.remove(folder)
            del self.bundles[folder]
        return again

    def note(self, folder: str, key: str, skip: tuple[str, ...]) -> None:
        """Record what Pagefind wrote for a bundle."""
        files: dict[str, str | None] = {}
        base = self.site / folder
        for path in sorted(base.rglob("*")):
            name = path.relative_to(base).as_posix()
            if name not in skip and path.is_file():
                files[name] = self.known_outputs.value(path)
        self.bundles[folder] = {"key": key, "files": files}

    def save(self) -> None:
        if self.file is None:
            return
        # taken_over: for the tests and the benchmark (the bundles Pagefind did not run for).
        state = {
            "view": self.view,
            "pages": self.known_pages.now,
            "outputs": self.known_outputs.now,
            "bundles": self.bundles,
            "taken_over": sorted(self.taken_over),
        }
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_text(self.file, json.dumps(state, sort_keys=True))
