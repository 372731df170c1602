"""The /daten/ page and the writing of the downloads: what the generator calls."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..data.model import Region, SiteData
from ..settings import ShowcaseSettings
from ..writer import write_text_file
from .downloads import (
    FORMAT_VERSION,
    MEDIA_TYPES,
    Publication,
    dataset_title,
    licence_record,
    open_data_files,
    publisher,
    region_figures,
    region_file,
    source_urls,
)
from .licences import licence_for


def publication_for(settings: ShowcaseSettings, page_path: Callable[[Region], str]) -> Publication:
    """Where this build publishes the data: the site's address and its data folder."""
    return Publication(settings.absolute_url, settings.data_dir, settings.site_name, page_path)


def open_data_url(settings: ShowcaseSettings, region: Region | None = None) -> str:
    """A region's JSON slice, or (None) the /daten/ page; relative: prefix with SITEURL."""
    folder = settings.data_dir
    return f"{folder}/" if region is None else f"{folder}/{region_file(region)}"


def open_data_counts(site: SiteData) -> dict[str, int]:
    """How many sources and key figures the /daten/ page names: a walk of the whole model
    (8 ms at the bench's data), kept with the open data's texts by the generator."""
    return {
        "source_count": len(source_urls(site)),
        "figure_count": sum(len(list(region_figures(r))) for r in site.regions),
    }


def write_open_data(
    site: SiteData,
    publication: Publication,
    output: Path,
    files: dict[str, str] | None = None,
    counts: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Write every download; return what the /daten/ template shows about them. `files` are
    open_data_files' texts and `counts` open_data_counts' when already known (the preview
    keeps them while data and settings stay the same, a build into a fresh folder in
    cache/)."""
    files = open_data_files(site, publication) if files is None else files
    counts = open_data_counts(site) if counts is None else counts
    for name, text in files.items():
        write_text_file(output, f"{publication.folder}/{name}", text)
    licence = licence_for(site.open_data.licence)
    return {
        # name -> url, bytes, mediatype; the page says in its own words what each file is.
        "files": {
            name: {
                "url": f"{publication.folder}/{name}",
                "bytes": len(text.encode("utf-8")),
                "mediatype": MEDIA_TYPES[Path(name).suffix],
            }
            for name, text in files.items()
        },
        "licence": licence,
        "licence_record": licence_record(site, publication),
        "publisher": publisher(site, publication),
        "source_count": counts["source_count"],
        "figure_count": counts["figure_count"],
        "dataset_url": publication.url(),
        "title": dataset_title(site),
        "version": FORMAT_VERSION,
    }
