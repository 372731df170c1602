"""The /daten/ page and the writing of the downloads: what the generator calls."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..data.model import Region, SiteData
from ..writer import write_text_file
from .downloads import (
    CSV_FILE,
    DATASET_FILE,
    FORMAT_VERSION,
    GEOJSON_FILE,
    PACKAGE_FILE,
    SCHEMA_FILE,
    Publication,
    dataset_title,
    licence_record,
    open_data_files,
    publisher,
    region_file,
    source_urls,
)
from .licences import licence_for

# What /daten/ lists, in this order: file, format label, one sentence.
DOWNLOADS = (
    (
        DATASET_FILE,
        "JSON",
        "Der ganze Datensatz: Projekt, Themen und alle Regionen mit allen Quellen.",
    ),
    (SCHEMA_FILE, "JSON Schema", "Beschreibt Aufbau und Felder von regions.json."),
    (GEOJSON_FILE, "GeoJSON", "Lage der Regionen als Punkte, zum Beispiel für Karten."),
    (CSV_FILE, "CSV", "Alle Kennzahlen als Tabelle, eine Zeile je Kennzahl."),
    (PACKAGE_FILE, "Data Package", "Beschreibung aller Dateien, Lizenz und Quellen."),
)


def publication_for(settings: dict, page_path: Callable[[Region], str]) -> Publication:
    """Where this build publishes the data: the site's address and its data folder."""
    site_url = (settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")
    return Publication(site_url, settings["SHOWCASE_DATA_DIR"], settings["SITENAME"], page_path)


def open_data_url(settings: dict, region: Region | None = None) -> str:
    """A region's JSON slice, or (None) the /daten/ page; relative: prefix with SITEURL."""
    folder = settings["SHOWCASE_DATA_DIR"]
    return f"{folder}/" if region is None else f"{folder}/{region_file(region)}"


def write_open_data(site: SiteData, publication: Publication, output: Path) -> dict[str, Any]:
    """Write every download; return what the /daten/ template shows about them."""
    files = open_data_files(site, publication)
    for name, text in files.items():
        write_text_file(output, f"{publication.folder}/{name}", text)
    licence = licence_for(site.open_data.licence)
    return {
        "downloads": [
            {
                "name": name,
                "url": f"{publication.folder}/{name}",
                "format": label,
                "text": text,
                "bytes": len(files[name].encode("utf-8")),
            }
            for name, label, text in DOWNLOADS
        ],
        "licence": licence,
        "licence_record": licence_record(site, publication),
        "publisher": publisher(site, publication),
        "source_count": len(source_urls(site)),
        "figure_count": sum(len(r.key_figures) for r in site.regions),
        "dataset_url": publication.url(),
        "title": dataset_title(site),
        "version": FORMAT_VERSION,
    }
