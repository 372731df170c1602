"""Bar charts of key figures, drawn only where figures really are comparable.

Comparable means: the same kind, unit and reference year in at least two regions. Mixing a
1995 figure with a 2019 one, or inhabitants with members, would mislead, so such figures
are never put side by side.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..data.model import KeyFigure, Region
from ..german import slugify_de

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_WIDTH = 28, 10, 190, 300


@dataclass(frozen=True)
class Chart:
    label: str
    unit: str
    year: int
    rows: tuple[tuple[Region, KeyFigure], ...]

    @property
    def caption(self) -> str:
        return f"{self.label} ({self.unit}, Stand {self.year})"

    @property
    def slugs(self) -> frozenset[str]:
        return frozenset(region.slug for region, _ in self.rows)

    @property
    def svg(self) -> Markup:
        """The chart as inline SVG; its <title> and <desc> carry the numbers as text."""
        largest = max(figure.value for _, figure in self.rows) or 1
        height = len(self.rows) * (BAR_HEIGHT + GAP)
        width = LABEL_WIDTH + BAR_WIDTH + 110
        desc = "; ".join(f"{r.name}: {f.value_display} {self.unit}" for r, f in self.rows)
        anchor = self._anchor
        parts = [
            f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="chart-{anchor}-t chart-{anchor}-d">',
            f'<title id="chart-{anchor}-t">{escape(self.caption)}</title>',
            f'<desc id="chart-{anchor}-d">{escape(desc)}</desc>',
        ]
        for row, (region, figure) in enumerate(self.rows):
            y = row * (BAR_HEIGHT + GAP)
            bar = max(2, round(BAR_WIDTH * figure.value / largest))
            parts.append(
                f'<text class="chart__label" x="{LABEL_WIDTH - 8}" y="{y + 19}" '
                f'text-anchor="end">{escape(region.name)}</text>'
                f'<rect class="chart__bar" x="{LABEL_WIDTH}" y="{y}" width="{bar}" '
                f'height="{BAR_HEIGHT}"/>'
                f'<text class="chart__value" x="{LABEL_WIDTH + bar + 6}" y="{y + 19}">'
                f"{escape(figure.value_display)}</text>"
            )
        parts.append("</svg>")
        return Markup("".join(parts))

    @property
    def _anchor(self) -> str:
        return slugify_de(f"{self.label}-{self.unit}-{self.year}")


def comparable_charts(
    regions: tuple[Region, ...], shown: dict[str, tuple[KeyFigure, ...]] | None = None
) -> list[Chart]:
    """One chart per (kind, unit, year) that at least two regions share, largest first.

    `shown` limits each region to the figures its page puts forward (data/figures.py).
    """
    groups: dict[tuple[str, str, int], list] = defaultdict(list)
    labels: dict[tuple[str, str, int], str] = {}
    for region in regions:
        for figure in region.key_figures if shown is None else shown[region.slug]:
            if figure.kind == "other" or figure.coverage != "region":
                continue
            key = (figure.kind, figure.unit, figure.year)
            groups[key].append((region, figure))
            labels.setdefault(key, figure.label)
    charts = []
    for key in sorted(groups):
        rows = groups[key]
        if len({region.slug for region, _ in rows}) >= 2:
            rows = sorted(rows, key=lambda row: (-row[1].value, row[0].slug))
            charts.append(Chart(labels[key], key[1], key[2], tuple(rows)))
    return charts
