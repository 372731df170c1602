"""Splitting the site's search index into bundles, each one Pagefind run.

Two reasons. Memory: Pagefind holds every page it indexes in memory until it writes the
index, about 180 KB per post page (935 MB at 5,000 posts), so no bundle holds more than
`limit` pages (BUNDLE_PAGES). Speed: a build after a small change runs Pagefind only for the
bundles whose pages changed (search_record.py), and a build after an edited or new post waits
for that run at its end: Pagefind takes about 2 ms per page, so the news archive is split
into bundles of about SPLIT_PAGES pages.

The first bundle (`pagefind/`, the one the search pages load) holds every page outside the
archive's year folders (`aktuelles/2019/`); the further bundles (`pagefind-2/`, …) hold the
archive, so that each of them holds post pages only and its Pagefind run starts as soon as
the post pages are written (search_index.EarlyRuns), also for the newest year, where new
posts go and staff edit most. A year folder is cut into parts of at most a quarter of a
bundle, each post page's part chosen by the hash of its folder's name (part_of): a page's
part stays the same while its year holds as many parts, whatever else is added. The parts
are grouped from the oldest year on, so that a new post or year changes only the last
groups, and the older ones keep their pages and names.
The browser merges the bundles (`mergeIndex` of Pagefind's UI, theme/static/js/search.js):
each further bundle costs a search three more requests (its entry file, metadata and one
index chunk per word, about 25 KB), so the archive is split into at most MAX_FURTHER
bundles: their size doubles as the archive grows. A site whose archive fits into one such
bundle is indexed in one run over the whole site.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

BUNDLE_PAGES = 3000  # HTML files per bundle: Pagefind peaked at 510 MB for 2,946 post pages
SPLIT_PAGES = 100  # pages of a further bundle: about 0.2 s of Pagefind
MAX_FURTHER = 16  # further bundles a search merges, at most (unless limit forces more)
PARTS = 4  # a year folder's parts hold at most a bundle's pages / PARTS
PRIMARY = "pagefind"
# A glob naming each file stays below Linux's limit for one argument (128 KiB).
LONGEST_GLOB = 100_000
GLOB_CHARACTERS = "{},*?[]\\"
_YEAR = re.compile(r"\d{4}")
_EXTRA = re.compile(r"pagefind-\d+")

# One part of a year folder: (the folder, the part's number, how many parts the year has).
Unit = tuple[str, int, int]


@dataclass(frozen=True)
class Bundle:
    """One Pagefind run: the folder it writes (below the site) and the files it reads."""

    folder: str
    glob: str | None  # None: the whole site
    years: tuple[str, ...] = ()  # the year folders it holds pages of
    units: tuple[Unit, ...] = ()  # the parts of them it holds (a further bundle)


def part_of(name: str, parts: int) -> int:
    """The part of its year folder an archive page belongs to, of `parts`: by the SHA-256 of
    its post's folder (`aktuelles/2019/<slug>`), so all files of a post go together and a
    page's part depends on nothing else (not Python's hash: it changes per process)."""
    if parts == 1:
        return 0
    second = name.find("/", name.find("/") + 1)
    third = name.find("/", second + 1)
    return _post_number(name if third < 0 else name[:third]) % parts


@functools.lru_cache(maxsize=20_000)
def _post_number(post: str) -> int:
    """A post folder's number (kept: the build server plans the bundles twice per build)."""
    return int.from_bytes(hashlib.sha256(post.encode()).digest()[:8], "big")


def cut(pages: dict[str, list[str]], size: int, split: bool = True) -> dict[Unit, list[str]]:
    """Each year folder's pages in parts of at most size / PARTS pages (by part_of), as far
    as the hash spreads them; a folder whose names hold a glob's characters stays whole
    (its part could not be named file by file)."""
    largest = -(-size // PARTS)
    units: dict[Unit, list[str]] = {}
    for folder, names in pages.items():
        parts = -(-len(names) // largest) if split else 1
        if parts > 1 and any(c in name for name in names for c in GLOB_CHARACTERS):
            parts = 1
        own: list[list[str]] = [[] for _ in range(max(parts, 1))]
        for name in names:
            own[part_of(name, len(own))].append(name)
        for number, held in enumerate(own):
            if held:
                units[(folder, number, len(own))] = held
    return units


def plan(pages: dict[str, list[str]], limit: int, split: bool = True) -> list[list[Unit]]:
    """The archive's parts grouped into bundles: the first bundle none (it holds the rest of
    the site), each further one as many parts as fit into the bundles' size, from the
    oldest year on (a section's parts of a year after another's). The size is SPLIT_PAGES,
    doubled while that makes more than MAX_FURTHER further bundles, never more than `limit`.
    A part larger than that is a bundle of its own. An archive that fits into one bundle:
    one group, the whole site in one run."""
    return _planned(pages, limit, split)[0]


def _planned(
    pages: dict[str, list[str]], limit: int, split: bool
) -> tuple[list[list[Unit]], dict[Unit, list[str]]]:
    """plan's groups and the pages of each part."""
    total = sum(len(names) for names in pages.values())
    size = min(SPLIT_PAGES, limit)
    if total <= size:
        return [[(folder, 0, 1) for folder in sorted(pages)]], {}
    while True:
        units = cut(pages, size, split)
        groups = _groups(units, size)
        if len(groups) <= MAX_FURTHER or size * 2 > limit:
            return [[], *groups], units
        size *= 2


def _groups(units: dict[Unit, list[str]], size: int) -> list[list[Unit]]:
    groups: list[list[Unit]] = []
    filled = size  # a new group for the first part
    for unit in sorted(units, key=lambda unit: (PurePosixPath(unit[0]).name, *unit)):
        count = len(units[unit])
        if filled + count <= size:
            groups[-1].append(unit)
            filled += count
        else:
            groups.append([unit])
            filled = count
    return groups


def year_folder(name: str) -> str | None:
    """'aktuelles/2019/x/index.html' -> 'aktuelles/2019' (the archive's year folders)."""
    parts = name.split("/")
    if len(parts) >= 3 and _YEAR.fullmatch(parts[1]) and not is_bundle(parts[0]):
        return f"{parts[0]}/{parts[1]}"
    return None


def archive(names: Iterable[str]) -> dict[str, list[str]]:
    """The archive's HTML files (output-relative names, in their order) by year folder."""
    pages: dict[str, list[str]] = {}
    for name in names:
        folder = year_folder(name)
        if folder is not None:
            pages.setdefault(folder, []).append(name)
    return dict(sorted(pages.items()))


def bundles(names: list[str], limit: int = BUNDLE_PAGES) -> list[Bundle]:
    """The Pagefind runs for a site of these HTML files (output-relative names). A further
    bundle's glob names its whole years by folder and its parts of years file by file; when
    such a glob would be too long for one argument, the years are not cut."""
    pages = archive(names)
    for split in (True, False):
        groups, units = _planned(pages, limit, split)
        if len(groups) == 1:
            return [Bundle(PRIMARY, None, tuple(pages), tuple(groups[0]))]
        runs = [Bundle(PRIMARY, _rest_glob(names, pages, []))]
        held = Counter(unit[0] for group in groups for unit in group)
        for number, group in enumerate(groups[1:], start=2):
            globs: list[str] = []
            own = Counter(unit[0] for unit in group)
            for folder, part, parts in group:
                if own[folder] == held[folder]:  # every part of the year that has pages
                    if (folder, part, parts) == next(u for u in group if u[0] == folder):
                        globs.append(f"{folder}/**/*.html")
                else:
                    globs += units[(folder, part, parts)]
            years = tuple(sorted({folder for folder, _, _ in group}))
            runs.append(Bundle(f"{PRIMARY}-{number}", _glob(globs), years, tuple(group)))
        if all(len(bundle.glob) <= LONGEST_GLOB for bundle in runs):
            break
    return runs


def stale_bundles(folders: list[str], runs: list[Bundle]) -> list[str]:
    """Further bundles an earlier build left in an output folder built in place (`make
    serve`) that this build does not write again. Those it writes stay: Pagefind writes over
    its files in a fraction of the time it takes to create them anew."""
    kept = {bundle.folder for bundle in runs}
    return sorted(name for name in folders if _EXTRA.fullmatch(name) and name not in kept)


def is_bundle(name: str) -> bool:
    return name == PRIMARY or _EXTRA.fullmatch(name) is not None


def split_pages(names: Iterable[str], runs: list[Bundle]) -> dict[str, list[str]]:
    """The HTML files (output-relative names, in their order) each bundle reads, by its
    folder: a further bundle those of its parts of year folders, the first bundle every other
    file. Each file's part is worked out once, not once per bundle."""
    owner = {
        unit: bundle.folder for bundle in runs if bundle.folder != PRIMARY for unit in bundle.units
    }
    parts = {folder: count for folder, _, count in owner}
    split: dict[str, list[str]] = {bundle.folder: [] for bundle in runs}
    for name in names:
        year = year_folder(name)
        count = parts.get(year)
        unit = None if count is None else (year, part_of(name, count), count)
        folder = owner.get(unit, PRIMARY)
        if folder in split:
            split[folder].append(name)
    return split


def _rest_glob(names: list[str], years: dict, own: list[str]) -> str:
    """Every HTML file but those of the other bundles' years (`own`: years it holds itself):
    Pagefind's globs cannot exclude, so the rest is named by its folders (two levels deep)."""
    sections = {folder.split("/")[0] for folder in years}
    tops: set[str] = set()
    inner: set[str] = set()
    for name in names:
        parts = name.split("/")
        if len(parts) >= 2 and not is_bundle(parts[0]):
            tops.add(parts[0])
            if len(parts) >= 3 and parts[0] in sections:
                inner.add(f"{parts[0]}/{parts[1]}")
    parts = ["*.html"]
    for top in sorted(tops):
        if top not in sections:
            parts.append(f"{top}/**/*.html")
            continue
        parts.append(f"{top}/*.html")
        for folder in sorted(f for f in inner if f.startswith(f"{top}/")):
            if folder not in years or folder in own:
                parts.append(f"{folder}/**/*.html")
    return _glob(parts)


def _glob(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "{" + ",".join(parts) + "}"
