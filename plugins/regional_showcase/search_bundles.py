"""Splitting a large site's search index into bundles that Pagefind builds one after the other.

Pagefind holds every page it indexes in memory until it writes the index: about 180 KB per
post page here (935 MB at 5,000 posts), so a site of 20,000 posts would need 3–4 GB. Built in
bundles of at most `limit` HTML files, its memory stays that of one bundle. The browser merges
the bundles (`mergeIndex` of Pagefind's UI, theme/static/js/search.js), so a search still
finds every page.

A bundle is a set of year folders of the news archive (`aktuelles/2019/`): the first bundle
(`pagefind/`, the one the search pages load) holds everything else and the newest years,
the further bundles (`pagefind-2/`, …) the older years. A site that fits into one bundle is
indexed in one run over the whole site, as before.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

BUNDLE_PAGES = 3000  # HTML files per bundle: Pagefind peaked at 510 MB for 2,946 post pages
PRIMARY = "pagefind"
_YEAR = re.compile(r"\d{4}")
_EXTRA = re.compile(r"pagefind-\d+")


@dataclass(frozen=True)
class Bundle:
    """One Pagefind run: the folder it writes (below the site) and the files it reads."""

    folder: str
    glob: str | None  # None: the whole site


def plan(years: dict[str, int], rest: int, limit: int) -> list[list[str]]:
    """Year folders grouped into bundles: the first bundle (which also holds the `rest` files)
    takes the newest years while it stays within `limit` files, then each further bundle as
    many of the next older years as fit. A year larger than `limit` is a bundle of its own."""
    order = sorted(years, key=lambda folder: (Path(folder).name, folder), reverse=True)
    groups: list[list[str]] = [[]]
    size = rest
    for folder in order:
        if size + years[folder] > limit and (groups[-1] or len(groups) == 1):
            groups.append([])
            size = 0
        groups[-1].append(folder)
        size += years[folder]
    return [group for index, group in enumerate(groups) if group or index == 0]


def bundles(site: Path, limit: int = BUNDLE_PAGES) -> list[Bundle]:
    """The Pagefind runs for the built site in `site`."""
    total, years = html_files(site)
    if total <= limit or not years:
        return [Bundle(PRIMARY, None)]
    groups = plan(years, total - sum(years.values()), limit)
    runs = [Bundle(PRIMARY, _rest_glob(site, years, groups[0]))]
    for number, group in enumerate(groups[1:], start=2):
        runs.append(Bundle(f"{PRIMARY}-{number}", _glob([f"{y}/**/*.html" for y in group])))
    return runs


def stale_bundles(site: Path, runs: list[Bundle]) -> list[Path]:
    """Further bundles an earlier build left in the output folder (`make html` keeps it) that
    this build does not write again. Those it writes stay: Pagefind writes over its files
    in a fraction of the time it takes to create them anew."""
    kept = {bundle.folder for bundle in runs}
    return sorted(
        p for p in site.iterdir() if p.is_dir() and _EXTRA.fullmatch(p.name) and p.name not in kept
    )


def html_files(site: Path) -> tuple[int, dict[str, int]]:
    """How many HTML files the site has, and how many each of the archive's year folders
    (`<section>/<YYYY>/`) has. One os.walk: two pathlib rglob passes took 0.6 s at 5,000 posts."""
    total = 0
    years: dict[str, int] = {}
    root = str(site)
    for folder, _dirs, files in os.walk(root):
        count = sum(1 for name in files if name.endswith(".html"))
        if not count:
            continue
        total += count
        parts = os.path.relpath(folder, root).split(os.sep)
        if len(parts) >= 2 and _YEAR.fullmatch(parts[1]) and not _is_bundle(parts[0]):
            key = f"{parts[0]}/{parts[1]}"
            years[key] = years.get(key, 0) + count
    return total, dict(sorted(years.items()))


def _is_bundle(name: str) -> bool:
    return name == PRIMARY or _EXTRA.fullmatch(name) is not None


def _rest_glob(site: Path, years: dict[str, int], own: list[str]) -> str:
    """Every HTML file but those of the other bundles' years: Pagefind's globs cannot
    exclude, so the rest is named by its folders (two levels deep)."""
    sections = {folder.split("/")[0] for folder in years}
    parts = ["*.html"]
    for entry in sorted(site.iterdir()):
        if not entry.is_dir() or _is_bundle(entry.name):
            continue
        if entry.name not in sections:
            parts.append(f"{entry.name}/**/*.html")
            continue
        parts.append(f"{entry.name}/*.html")
        for inner in sorted(p for p in entry.iterdir() if p.is_dir()):
            folder = f"{entry.name}/{inner.name}"
            if folder not in years or folder in own:
                parts.append(f"{folder}/**/*.html")
    return _glob(parts)


def _glob(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "{" + ",".join(parts) + "}"
