"""Review of issue 25's fifth round (R5): inputs a narrower key or a part kept from the last
build treated as unchanged where a clean build makes other bytes."""

from __future__ import annotations

import dataclasses

from test_charts import POP_2019, region
from test_kept_post_regions import PROJECT, TOPIC

from regional_showcase.data.model import SiteData
from regional_showcase.opendata import downloads
from regional_showcase.opendata.downloads import Publication, open_data_files

PUBLICATION = Publication("https://a.de", "daten", "Starke Regionen", lambda r: f"r/{r.slug}/")


def test_a_figure_written_as_a_decimal_number_is_not_kept_as_the_whole_number(monkeypatch):
    """make serve keeps each region's open data texts by the region's value (downloads.
    _REGION_TEXTS): `value: 800000` edited to `value: 800000.0` is an equal region, but a
    clean build writes 800000.0 into regions.json and the region's file."""
    monkeypatch.setattr(downloads, "_REGION_TEXTS", {})
    whole = region("allgaeu", POP_2019)
    open_data_files(SiteData(PROJECT, (TOPIC,), (whole,)), PUBLICATION)
    decimal = region("allgaeu", dataclasses.replace(POP_2019, value=float(POP_2019.value)))
    assert decimal == whole and type(POP_2019.value) is int  # found by its value
    edited = SiteData(PROJECT, (TOPIC,), (decimal,))
    files = open_data_files(edited, PUBLICATION)
    monkeypatch.setattr(downloads, "_REGION_TEXTS", {})  # a clean build's process
    assert files == open_data_files(edited, PUBLICATION)
    assert '"value": 800000.0' in files["regions.json"]
