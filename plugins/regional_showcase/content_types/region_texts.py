"""Region texts (Regionentexte): content/regionen/<region>.md, one longer text per region in
sections; read with the region data, shown on the region pages the main generator writes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..cms.config import region_texts_collection
from .registry import Cms, ContentType

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings


def region_text_files(settings: ShowcaseSettings) -> list[Path]:
    """Every file in the region texts' folder (none when SHOWCASE_REGION_TEXTS is unset)."""
    folder = settings.region_texts
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file())


REGION_TEXTS = ContentType(
    name="region_texts",
    label="Regionentexte",
    folder=lambda settings: settings.region_texts,
    files=region_text_files,
    # Sections and links are checked with the region data they belong to (data/loader.py).
    load=None,
    cms=Cms(region_texts_collection, per_language=True),
    generator=None,  # the main generator's region pages
    overview=None,
    watch=lambda settings: (settings.region_texts,) if settings.region_texts else (),
    published=None,  # a region page is online with the region data
)
