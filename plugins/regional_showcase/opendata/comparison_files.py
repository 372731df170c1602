"""The comparison of the regions as downloads: vergleich.csv and vergleich.json in /daten/.

The figures are third parties' (statistical offices, the BBSR) under their own licences, so
every row names its source, licence and reference date; derived region values say how they
were derived. Same conventions as key-figures.csv (downloads.py): machine-readable numbers,
RFC 4180 line ends, text cells that could start a formula neutralised.
"""

from __future__ import annotations

import csv
import io
from functools import partial
from typing import TYPE_CHECKING, Any

from ..data.comparison_model import Cell, Comparison, Indicator
from ..preview.memo import file_key
from .downloads import MEDIA_TYPES, Publication, csv_number, text_cell, to_json

if TYPE_CHECKING:
    from ..build_record import KeptTexts
    from ..preview.memo import PreviewMemo
    from ..settings import ShowcaseSettings

CSV_NAME = "vergleich.csv"
JSON_NAME = "vergleich.json"
CSV_COLUMNS = (
    "indicator",
    "indicator_name",
    "region",
    "region_name",
    "area",
    "ags",
    "area_name",
    "value",
    "unit",
    "year",
    "as_of",
    "derivation",
    "source_title",
    "source_url",
    "licence",
)


def comparison_files(comparison: Comparison, publication: Publication) -> dict[str, str]:
    """File name in the data folder -> text, for both downloads."""
    return {
        CSV_NAME: comparison_csv(comparison),
        JSON_NAME: to_json(comparison_record(comparison, publication)),
    }


def kept_comparison_files(
    comparison: Comparison,
    publication: Publication,
    showcase: ShowcaseSettings,
    memo: PreviewMemo | None,
    kept: KeptTexts | None = None,
) -> dict[str, str]:
    """comparison_files, in the preview kept in its memo while the comparison and the
    settings are the same: `publication` follows from the settings (publication_for; its
    address function is new in every build, so it cannot be the key itself). `kept` (a
    build into a fresh folder) keeps them in cache/ as the other open data: its key holds
    the settings, the plugin's code and data/ (comparison.yaml, the region data)."""
    make = partial(comparison_files, comparison, publication)
    if memo is not None:
        # With comparison.yaml's state: an equal comparison may be written otherwise
        # (`germany: 43273.0` == 43273); a claim edit still keeps the files.
        key = (comparison, file_key(showcase.comparison), showcase)
        return memo.get("comparison-files", key, make)
    if kept is not None:
        return kept.get("comparison-files", "", make)
    return make()


def comparison_csv(comparison: Comparison) -> str:
    """One row per district value, and one per region value a source gives or a sum makes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for indicator in comparison.indicators:
        for cell in indicator.cells:
            for row in _rows(indicator, cell):
                writer.writerow([_cell(row.get(column)) for column in CSV_COLUMNS])
    return buffer.getvalue()


def _rows(indicator: Indicator, cell: Cell) -> list[dict[str, Any]]:
    common = {
        "indicator": indicator.id,
        "indicator_name": indicator.name,
        "region": cell.region.slug,
        "region_name": cell.region.name,
        "unit": indicator.unit,
        "as_of": indicator.as_of,
        "source_title": indicator.source.title,
        "source_url": indicator.source.url,
        "licence": indicator.source.licence,
    }
    rows = []
    if cell.value is not None:
        rows.append(
            {
                **common,
                "area": "region",
                "area_name": cell.region.name,
                "value": cell.value,
                "year": cell.year,
                "derivation": cell.derivation or "source",
            }
        )
    for found in cell.districts:
        rows.append(
            {
                **common,
                "area": "district",
                "ags": found.district.ags,
                "area_name": found.district.name,
                "value": found.value,
                "year": found.year,
                "derivation": "source",
            }
        )
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return csv_number(value)
    return text_cell(str(value))


def comparison_record(comparison: Comparison, publication: Publication) -> dict[str, Any]:
    """vergleich.json as a value: indicators with their source, and every region's cell."""
    return {
        "title": "Vergleich der Regionen",
        "url": publication.url(JSON_NAME),
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "organisation": s.organisation,
                "licence": s.licence,
                "url": s.url,
                "note": s.note,
            }
            for s in comparison.sources
        ],
        "indicators": [
            {
                "id": i.id,
                "name": i.name,
                "definition": i.definition,
                "unit": i.unit,
                "decimals": i.decimals,
                "measure": i.measure,
                "region_value": i.region_value,
                "organisation": i.organisation,
                "source": i.source.id,
                "year": i.year,
                "as_of": i.as_of,
                "germany": i.germany,
                "regions": [
                    {
                        "region": c.region.slug,
                        "name": c.region.name,
                        "value": c.value,
                        "year": c.year,
                        "derivation": c.derivation,
                        "missing": c.missing,
                        "districts": [
                            {
                                "ags": d.district.ags,
                                "name": d.district.name,
                                "type": d.district.type,
                                "value": d.value,
                                "year": d.year,
                            }
                            for d in c.districts
                        ],
                    }
                    for c in i.cells
                ],
            }
            for i in comparison.indicators
        ],
        "coverage": [
            {
                "region": area.region.slug,
                "districts": [d.ags for d in area.districts],
                "note": area.note,
            }
            for area in comparison.coverage
        ],
        "not_compared": [{"name": n.name, "reason": n.reason} for n in comparison.not_compared],
    }


def shown_files(files: dict[str, str], folder: str) -> dict[str, dict[str, Any]]:
    """What /daten/ shows about each file: its URL, size and media type."""
    return {
        name: {
            "url": f"{folder}/{name}",
            "bytes": len(text.encode("utf-8")),
            "mediatype": MEDIA_TYPES["." + name.rsplit(".", 1)[1]],
        }
        for name, text in files.items()
    }
