"""Splitting the site's search index into bundles, each one Pagefind run.

Two reasons. Memory: Pagefind holds every page it indexes in memory until it writes the
index, about 180 KB per post page (935 MB at 5,000 posts), so no bundle holds more than
`limit` pages (BUNDLE_PAGES). Speed: a build after a small change runs Pagefind only for the
bundles whose pages changed (search_record.py); Pagefind takes about 2 ms per page, so the
news archive of a larger site is split into bundles of a few hundred pages.

A bundle is a set of year folders of the news archive (`aktuelles/2019/`). The first bundle
(`pagefind/`, the one the search pages load) holds every other page and the newest year,
where new posts go; the further bundles (`pagefind-2/`, …) the older years, grouped from the
oldest on, so that a new year leaves the older groups and their names as they were. The
browser merges the bundles (`mergeIndex` of Pagefind's UI, theme/static/js/search.js): each
further bundle costs a search a few more requests (its pagefind.js, WebAssembly, metadata and
index chunks, about 50 KB compressed), so the archive is split into at most MAX_FURTHER
bundles: their size doubles as the archive grows. A site whose archive fits into one such
bundle is indexed in one run over the whole site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

BUNDLE_PAGES = 3000  # HTML files per bundle: Pagefind peaked at 510 MB for 2,946 post pages
SPLIT_PAGES = 250  # pages of a further bundle: about 0.5 s of Pagefind
MAX_FURTHER = 6  # further bundles a search merges, at most (unless limit forces more)
PRIMARY = "pagefind"
_YEAR = re.compile(r"\d{4}")
_EXTRA = re.compile(r"pagefind-\d+")


@dataclass(frozen=True)
class Bundle:
    """One Pagefind run: the folder it writes (below the site) and the files it reads."""

    folder: str
    glob: str | None  # None: the whole site
    years: tuple[str, ...] = ()  # the year folders it holds (the first bundle: those not elsewhere)


def group_size(archive: int, limit: int) -> int:
    """Pages per further bundle: SPLIT_PAGES, doubled until MAX_FURTHER bundles hold the
    archive, and never more than `limit`."""
    size = SPLIT_PAGES
    while size * MAX_FURTHER < archive and size * 2 <= limit:
        size *= 2
    return min(size, limit)


def plan(years: dict[str, int], limit: int) -> list[list[str]]:
    """Year folders grouped into bundles: the first bundle takes the newest year (every
    section's folder of it), each further bundle as many of the older years, from the oldest
    on, as fit into group_size. A year larger than that is a bundle of its own. One group:
    the whole site in one run."""
    if not years:
        return [[]]
    newest = max(PurePosixPath(folder).name for folder in years)
    older = sorted(
        (f for f in years if PurePosixPath(f).name != newest),
        key=lambda folder: (PurePosixPath(folder).name, folder),
    )
    first = sorted(f for f in years if PurePosixPath(f).name == newest)
    size = group_size(sum(years[f] for f in older), limit)
    if sum(years.values()) <= size:
        return [sorted(years)]
    groups: list[list[str]] = []
    filled = 0
    for folder in older:
        if groups and filled + years[folder] <= size:
            groups[-1].append(folder)
            filled += years[folder]
        else:
            groups.append([folder])
            filled = years[folder]
    return [first, *groups]


def year_folder(name: str) -> str | None:
    """'aktuelles/2019/x/index.html' -> 'aktuelles/2019' (the archive's year folders)."""
    parts = name.split("/")
    if len(parts) >= 3 and _YEAR.fullmatch(parts[1]) and not is_bundle(parts[0]):
        return f"{parts[0]}/{parts[1]}"
    return None


def html_files(names: list[str]) -> tuple[int, dict[str, int]]:
    """How many HTML files the site has (output-relative names), and how many each of the
    archive's year folders (`<section>/<YYYY>/`) has."""
    years: dict[str, int] = {}
    for name in names:
        folder = year_folder(name)
        if folder is not None:
            years[folder] = years.get(folder, 0) + 1
    return len(names), dict(sorted(years.items()))


def bundles(names: list[str], limit: int = BUNDLE_PAGES) -> list[Bundle]:
    """The Pagefind runs for a site of these HTML files (output-relative names)."""
    _total, years = html_files(names)
    groups = plan(years, limit)
    if len(groups) == 1:
        return [Bundle(PRIMARY, None, tuple(groups[0]))]
    runs = [Bundle(PRIMARY, _rest_glob(names, years, groups[0]), tuple(groups[0]))]
    for number, group in enumerate(groups[1:], start=2):
        glob = _glob([f"{y}/**/*.html" for y in group])
        runs.append(Bundle(f"{PRIMARY}-{number}", glob, tuple(group)))
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
    folder: a further bundle those of its year folders, the first bundle every other file.
    Each file's year folder is worked out once, not once per bundle."""
    owner = {
        year: bundle.folder for bundle in runs if bundle.folder != PRIMARY for year in bundle.years
    }
    split: dict[str, list[str]] = {bundle.folder: [] for bundle in runs}
    for name in names:
        folder = owner.get(year_folder(name), PRIMARY)
        if folder in split:
            split[folder].append(name)
    return split


def _rest_glob(names: list[str], years: dict[str, int], own: list[str]) -> str:
    """Every HTML file but those of the other bundles' years: Pagefind's globs cannot
    exclude, so the rest is named by its folders (two levels deep)."""
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
