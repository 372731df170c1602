"""The home page's map: Germany's outline and the regions' cities as a static SVG.

Drawn at build time from data/germany-outline.json (Natural Earth, public domain) and the
regions' coordinates: no tile server, no third-party request, no JavaScript.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup, escape

from ..data.model import Region

WIDTH = 560
MARGIN = 12
# Room left and right of the outline for labels of cities near the border.
LABEL_ROOM = 110
# Width of one character of a label (13px, semibold; generous): enough to see that a long name
# ("Lake Constance Four-Country Region") would run off the left edge.
CHAR_WIDTH = 7.5
# Equirectangular projection, with longitudes shrunk by cos(51°) so Germany keeps its shape.
X_SCALE = math.cos(math.radians(51))


def render_map(
    outline_file: Path,
    regions: tuple[Region, ...],
    href: Callable[[Region], str],
    title: str = "Karte: Lage der Partnerregionen in Deutschland",
) -> Markup:
    """An accessible inline SVG: a titled group whose region dots are links, numbered in the
    order of `regions` (the phones' list under the map counts the same way)."""
    outline = json.loads(outline_file.read_text(encoding="utf-8"))
    points = [p for polygon in outline["polygons"] for ring in polygon for p in ring]
    lon_min, lon_max = min(p[0] for p in points), max(p[0] for p in points)
    lat_min, lat_max = min(p[1] for p in points), max(p[1] for p in points)
    scale = (WIDTH - 2 * (MARGIN + LABEL_ROOM)) / ((lon_max - lon_min) * X_SCALE)
    height = round((lat_max - lat_min) * scale + 2 * MARGIN)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (
            round(MARGIN + LABEL_ROOM + (lon - lon_min) * X_SCALE * scale, 1),
            round(MARGIN + (lat_max - lat) * scale, 1),
        )

    path = " ".join(
        "M" + " L".join(f"{x},{y}" for x, y in (xy(*p) for p in ring)) + " Z"
        for polygon in outline["polygons"]
        for ring in polygon
    )
    parts = [
        f'<svg class="map" viewBox="0 0 {WIDTH} {height}" role="group" aria-labelledby="karte-titel">',
        f'<title id="karte-titel">{escape(title)}</title>',
        f'<path class="map__land" d="{path}"/>',
    ]
    for number, region in enumerate(regions, start=1):
        x, y = xy(region.location.lon, region.location.lat)
        # Put the label on the left when a neighbour sits close on the right.
        crowded = any(
            0 < o.location.lon - region.location.lon < 1.6
            and abs(o.location.lat - region.location.lat) < 0.6
            for o in regions
        )
        anchor, dx, dy = ("end", -9, 4) if crowded or x > WIDTH * 0.75 else ("start", 9, 4)
        if anchor == "end" and len(region.name) * CHAR_WIDTH > x + dx:
            # Too long for the left: to the right, a line lower, under the neighbour's label.
            anchor, dx, dy = "start", 9, 18
        parts.append(
            f'<a class="map__region" href="{escape(href(region))}">'
            f"<title>{escape(region.name)} ({escape(region.location.city)})</title>"
            f'<circle class="map__dot" cx="{x}" cy="{y}" r="6"/>'
            # On phones the names give way to numbers; the list under the map has the same
            # numbers (home.html, .map-legend). A screen reader hears the link's title.
            f'<text class="map__number" x="{x}" y="{y}" text-anchor="middle" '
            f'dominant-baseline="central" aria-hidden="true">{number}</text>'
            f'<text class="map__label" x="{round(x + dx, 1)}" y="{round(y + dy, 1)}" '
            f'text-anchor="{anchor}">{escape(region.name)}</text></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
