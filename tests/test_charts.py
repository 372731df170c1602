"""Key figures are only compared where they really are comparable."""

from __future__ import annotations

import dataclasses

import pytest
from markupsafe import Markup

from regional_showcase.data.model import KeyFigure, Location, Organisation, Region
from regional_showcase.pictures.charts import comparable_charts


def region(slug: str, *figures: KeyFigure) -> Region:
    return Region(
        slug=slug,
        name=slug.title(),
        role="fallstudie",
        summary_html=Markup(""),
        organisation=Organisation("Org", "e.V.", "Ort", "https://a.de/"),
        website="https://a.de/",
        states=("Bayern",),
        districts=("X",),
        location=Location("Ort", 50, 10),
        key_figures=figures,
        strengths=(),
        skilled_workers=(),
    )


POP_2019 = KeyFigure("Einwohner", "population", 800000, "Personen", 2019, "https://q.de/")


def test_same_kind_unit_and_year_in_two_regions_make_a_chart():
    charts = comparable_charts(
        (region("a", POP_2019), region("b", dataclasses.replace(POP_2019, value=400000)))
    )
    assert len(charts) == 1
    chart = charts[0]
    assert [r.slug for r, _, _ in chart.rows] == ["a", "b"]
    assert "<title" in chart.svg and "A: 800.000 Personen; B: 400.000 Personen" in chart.svg


def test_other_years_parts_of_regions_and_other_kinds_are_never_compared():
    charts = comparable_charts(
        (
            region("a", POP_2019),
            region("b", dataclasses.replace(POP_2019, year=2020)),
            region("c", dataclasses.replace(POP_2019, coverage="part")),
            region("d", dataclasses.replace(POP_2019, kind="members")),
        )
    )
    assert charts == []


@pytest.mark.build
def test_the_shipped_data_shows_no_misleading_comparison(published):
    page = published.page("")
    for chart in page.xpath("//svg[contains(@class, 'chart')]"):
        assert chart.xpath("./title")[0].text
