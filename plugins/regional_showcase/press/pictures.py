"""Press pictures: only what the project draws itself, so it can grant the licence.

The site ships no photo whose licence it could pass on: a region's photo stays with its
own credit on the region page. The drawings (pictures/illustrations.py) and the preview
cards (pictures/social.py: the region's name in its colour) are the project's work, licensed
like its open data.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.model import Region, SiteData
from ..opendata.licences import Licence, licence_for
from ..pictures.illustrations import HEIGHT, WIDTH, region_illustration
from ..pictures.social import SIZE
from ..settings import ShowcaseSettings
from ..urls import illustration_path, social_path


@dataclass(frozen=True)
class Download:
    """One file of a picture: its format, pixel size and (where known now) bytes."""

    path: str  # relative to the site
    format: str  # SVG | JPEG
    width: int
    height: int
    size_bytes: int | None = None  # known for the drawings, which are text


@dataclass(frozen=True)
class PressPicture:
    """A picture the press may print, with its credit line and licence."""

    region: Region
    alt: str
    credit: str
    licence: Licence
    downloads: tuple[Download, ...]


def press_pictures(settings: ShowcaseSettings, site: SiteData) -> tuple[PressPicture, ...]:
    """Each region's drawing as SVG and, where its card is not cut from a photo, its 1200×630
    preview card as JPEG."""
    credit = site.open_data.publisher or settings.site_name
    licence = licence_for(site.open_data.licence)
    pictures = []
    for index, region in enumerate(site.regions):
        svg = region_illustration(region.landscape, region.name, index)
        downloads = [
            Download(illustration_path(settings, region), "SVG", WIDTH, HEIGHT, len(svg.encode()))
        ]
        if region.photo is None:
            downloads.append(Download(social_path(settings, region), "JPEG", *SIZE))
        pictures.append(PressPicture(region, _alt(svg), credit, licence, tuple(downloads)))
    return tuple(pictures)


def _alt(svg: str) -> str:
    # The drawing's own <title>: one description for the page and the file.
    return svg.split("<title>", 1)[1].split("</title>", 1)[0]
