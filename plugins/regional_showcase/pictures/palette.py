"""The site's colours: one per region, by position in the data, and the site's own.

Cards, illustrations and anything else drawn for a region take its colour from here, so a
region looks the same in every picture.
"""

from __future__ import annotations

# Deep colours that carry white text at well over 4.5:1; one per region, by position.
PALETTE = ("#0b5345", "#1a4d7a", "#6b2d5c", "#7a3b0b", "#2d5016", "#244a5e", "#5e2430")
SITE_COLOUR = "#0b5345"


def region_colour(index: int | None) -> str:
    """The colour of the region at `index` in the data; None (or -1): the site's colour."""
    if index is None or index < 0:
        return SITE_COLOUR
    return PALETTE[index % len(PALETTE)]


def mix_with_white(colour: str, amount: float) -> tuple[int, int, int]:
    """The colour mixed with white (0: unchanged, 1: white), for hills and skies."""
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(round(c + (255 - c) * amount) for c in rgb)
