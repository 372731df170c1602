"""The comparison of the regions: the rules of data/comparison.yaml (called as functions), the
real data (read straight from the file, never from the plugin), its downloads, and the pages
/regionen/vergleich/ and /en/regions/compare/ of the shared publish build."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from regional_showcase.data.comparison import load_comparison
from regional_showcase.data.loader import load_site_data
from regional_showcase.data.model import RegionName
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.markup import render_markdown
from regional_showcase.opendata.comparison_files import comparison_csv
from regional_showcase.urls import url_for

from expectations import ROOT, region_data

DATA = ROOT / "data" / "comparison.yaml"
SLUGS = ("nord", "sued")

# A small valid file: two regions, three districts, one count and one rate.
MINIMAL = """\
sources:
  - id: amt
    title: Strukturdaten
    organisation: Statistisches Amt
    licence: dl-de/by-2-0
    url: https://example.org/daten.csv
districts:
  - {ags: "01001", name: Nordstadt, type: kreisfreie-stadt}
  - {ags: "01002", name: Nordkreis, type: landkreis}
  - {ags: "02001", name: Suedkreis, type: landkreis}
regions:
  - region: nord
    districts: ["01001", "01002"]
  - region: sued
    districts: ["02001"]
indicators:
  - id: population
    name: Einwohner
    definition: Bevölkerung am 31.12.2022
    unit: Tsd.
    decimals: 1
    measure: count
    region_value: sum
    organisation: Statistisches Amt
    source: amt
    year: 2022
    as_of: "31.12.2022"
    values:
      "01001": 10.1
      "01002": 20.2
      "02001": 5.0
  - id: rate
    name: Quote
    definition: Arbeitslosenquote Oktober 2023
    unit: "%"
    decimals: 1
    measure: rate
    organisation: Statistisches Amt
    source: amt
    year: 2023
    as_of: Oktober 2023
    values:
      "01001": 6.5
      "01002": 3.5
      "02001": 4.0
"""


def fake_site(slugs=SLUGS):
    """What load_comparison reads of the site: the regions (slug, name) and the editions."""
    regions = tuple(SimpleNamespace(slug=s, name=s.capitalize()) for s in slugs)
    return SimpleNamespace(regions=regions, editions={})


def load(tmp_path: Path, text: str, slugs=SLUGS):
    path = tmp_path / "comparison.yaml"
    path.write_text(text, encoding="utf-8")
    return load_comparison(path, fake_site(slugs), ("de",))["de"]


def problems(tmp_path: Path, text: str, slugs=SLUGS) -> list[str]:
    with pytest.raises(ValidationFailed) as failed:
        load(tmp_path, text, slugs)
    folder = str(tmp_path) + "/"
    return [str(p).replace(folder, "") for p in failed.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_count_is_summed_and_a_rate_shows_its_districts_range(tmp_path):
    comparison = load(tmp_path, MINIMAL)
    population, rate = comparison.indicators
    nord, sued = population.cells
    assert (nord.value, nord.derivation, nord.year) == (30.3, "sum", 2022)
    assert (sued.value, sued.derivation) == (5.0, "sum")
    nord_rate = rate.cells[0]
    # Rates are never summed or averaged: the cell has no region value, only the range.
    assert (nord_rate.value, nord_rate.low, nord_rate.high) == (None, 3.5, 6.5)
    assert [i.id for i in comparison.complete_indicators] == ["population", "rate"]


def test_a_value_of_the_adjacent_year_is_shown_with_its_year(tmp_path):
    text = MINIMAL.replace(
        '      "02001": 4.0\n', '      "02001": 4.0\n    value_years:\n      "02001": 2022\n'
    )
    sued_rate = load(tmp_path, text).indicators[1].cells[1]
    assert sued_rate.years == (2022,)
    assert sued_rate.districts[0].year == 2022


def test_a_value_two_years_off_is_refused(tmp_path):
    text = MINIMAL.replace(
        '      "02001": 4.0\n', '      "02001": 4.0\n    value_years:\n      "02001": 2021\n'
    )
    line = line_of(text, '"02001": 2021')
    assert problems(tmp_path, text) == [
        f"comparison.yaml:{line}: indicators[1].value_years.02001: ein Wert von 2021 ist mit "
        "dem Bezugsjahr der Kennzahl (2023) nicht vergleichbar: erlaubt sind 2022 bis 2024; "
        "lassen Sie den Wert weg und erklären Sie die Lücke unter 'missing'"
    ]


def test_district_values_of_another_year_are_not_summed(tmp_path):
    text = MINIMAL.replace(
        '      "02001": 5.0\n', '      "02001": 5.0\n    value_years:\n      "02001": 2023\n'
    )
    line = line_of(text, '"02001": 2023')
    assert problems(tmp_path, text) == [
        f"comparison.yaml:{line}: indicators[0].value_years.02001: die Werte werden zur Summe "
        "der Region addiert, und Werte verschiedener Jahre addiert man nicht: geben Sie den "
        "Wert von 2022 an"
    ]


def test_a_rate_is_never_summed(tmp_path):
    text = MINIMAL.replace("    measure: rate\n", "    measure: rate\n    region_value: sum\n")
    line = [n for n, t in enumerate(text.splitlines(), 1) if "region_value: sum" in t][1]
    assert problems(tmp_path, text) == [
        f"comparison.yaml:{line}: indicators[1].region_value: 'sum' gilt nur für Anzahlen "
        "(measure: count): Quoten und Werte je Einwohner lassen sich nicht addieren; lassen "
        "Sie 'region_value' weg"
    ]


def test_a_region_without_a_value_needs_a_reason(tmp_path):
    text = MINIMAL.replace('      "01002": 3.5\n', "")
    rate_values = [n for n, t in enumerate(text.splitlines(), 1) if t == "    values:"][1]
    assert problems(tmp_path, text) == [
        f"comparison.yaml:{rate_values}: indicators[1].values: für die Region 'nord' fehlen "
        "die Werte der Kreise 01002: ergänzen Sie sie, oder sagen Sie unter 'missing' "
        "(region: nord, reason: …), warum die Region keinen Wert hat"
    ]


def test_the_reason_is_shown_instead_of_a_value(tmp_path):
    text = MINIMAL.replace('      "01002": 3.5\n', "") + (
        "    missing:\n      - region: nord\n        reason: Der Nordkreis meldet keine Quote.\n"
    )
    rate = load(tmp_path, text).indicators[1]
    nord = rate.cells[0]
    assert (nord.filled, nord.missing) == (False, "Der Nordkreis meldet keine Quote.")
    # The district that has a value keeps it, for the table of district values.
    assert [d.district.ags for d in nord.districts] == ["01001"]
    assert not rate.complete


def test_a_reason_for_a_region_that_has_a_value_is_refused(tmp_path):
    text = MINIMAL + "    missing:\n      - region: sued\n        reason: fehlt\n"
    line = line_of(text, "      - region: sued")
    assert problems(tmp_path, text) == [
        f"comparison.yaml:{line}: indicators[1].missing[0].region: die Region 'sued' hat "
        "einen Wert: streichen Sie den Hinweis"
    ]


def test_one_indicator_id_is_one_definition(tmp_path):
    text = MINIMAL.replace("  - id: rate\n", "  - id: population\n")
    first, second = (n for n, t in enumerate(text.splitlines(), 1) if t == "  - id: population")
    assert problems(tmp_path, text) == [
        f"comparison.yaml:{second}: indicators[1].id: 'population' steht schon in Zeile "
        f"{first} (eine Kennzahl hat genau eine Definition: geben Sie einer anders erhobenen "
        "Zahl eine eigene id)"
    ]


def test_unknown_source_region_and_district_are_named_with_the_fix(tmp_path):
    text = (
        MINIMAL.replace("    source: amt\n    year: 2023", "    source: ampt\n    year: 2023")
        .replace("  - region: sued\n", "  - region: sud\n")
        .replace('      "02001": 4.0\n', '      "02001": 4.0\n      "03001": 1.0\n')
    )
    assert problems(tmp_path, text, ("nord", "sued")) == [
        f"comparison.yaml:{line_of(text, 'regions:')}: regions: die Region 'sued' fehlt: "
        "jede Region der Website steht im Vergleich; ergänzen Sie '- region: sued' mit den "
        "Kreisen, die sie zählt",
        f"comparison.yaml:{line_of(text, 'region: sud')}: regions[1].region: unbekannte "
        "Region 'sud' (meinten Sie 'sued'?)",
        f"comparison.yaml:{line_of(text, 'source: ampt')}: indicators[1].source: unbekannte "
        "Quelle 'ampt' (meinten Sie 'amt'?): erwartet wird die id eines Eintrags unter "
        "'sources'",
        f"comparison.yaml:{line_of(text, '03001')}: indicators[1].values.03001: '03001' ist "
        "weder ein Kreis unter 'districts' noch eine Region unter 'regions'",
    ]


def test_a_misspelt_field_and_a_district_key_without_quotes(tmp_path):
    text = MINIMAL.replace("    definition: Bevölkerung", "    defintion: Bevölkerung").replace(
        '    districts: ["02001"]', "    districts: [2001]"
    )
    assert problems(tmp_path, text) == [
        f"comparison.yaml:{line_of(text, 'districts: [2001]')}: regions[1].districts[0]: "
        "erwartet: ein Text, angegeben: eine Zahl (setzen Sie den Wert in Anführungszeichen: "
        '"2001")',
        f"comparison.yaml:{line_of(text, '- id: population')}: indicators[0].definition: "
        "Pflichtfeld fehlt",
        f"comparison.yaml:{line_of(text, 'defintion')}: indicators[0].defintion: unbekanntes "
        "Feld (meinten Sie 'definition'?)",
    ]


def test_a_text_cell_of_the_download_cannot_start_a_formula(tmp_path):
    text = MINIMAL.replace("    name: Quote\n", '    name: "=HYPERLINK(1)"\n')
    rows = list(csv.DictReader(io.StringIO(comparison_csv(load(tmp_path, text)))))
    rate_rows = [r for r in rows if r["indicator"] == "rate"]
    assert {r["indicator_name"] for r in rate_rows} == {"'=HYPERLINK(1)"}
    # A rate has district rows only; the count has a derived region row first.
    assert [r["area"] for r in rate_rows] == ["district", "district", "district"]
    nord = [r for r in rows if r["indicator"] == "population" and r["region"] == "nord"]
    assert [(r["area"], r["value"], r["derivation"]) for r in nord] == [
        ("region", "30.3", "sum"),
        ("district", "10.1", "source"),
        ("district", "20.2", "source"),
    ]


def test_the_comparison_holds_what_it_shows_of_a_region_its_slug_and_name(tmp_path):
    """A region's claim (or any field besides slug and name) leaves the comparison equal, so
    its page and downloads are not made again (the preview's memo, the build's keys)."""
    path = tmp_path / "comparison.yaml"
    path.write_text(MINIMAL, encoding="utf-8")

    def comparison(**nord):
        regions = (
            SimpleNamespace(**{"slug": "nord", "name": "Nord", "claim": "Gut.", **nord}),
            SimpleNamespace(slug="sued", name="Sued", claim="Gut."),
        )
        return load_comparison(path, SimpleNamespace(regions=regions, editions={}), ("de",))["de"]

    first = comparison()
    assert [area.region for area in first.coverage] == [
        RegionName("nord", "Nord"),
        RegionName("sued", "Sued"),
    ]
    assert comparison(claim="Neu.") == first
    named = comparison(name="Der Norden")
    assert named != first
    assert named.indicators[0].cells[0].region == RegionName("nord", "Der Norden")
    # Its link on the comparison's page is the region page's, as for the region itself.
    settings = SimpleNamespace(region_url="regionen/{slug}/", topic_url="themen/{slug}/")
    assert url_for(settings, first.coverage[0].region) == "regionen/nord/"


# --- the real data ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    site = load_site_data(
        ROOT / "data" / "regions.yaml",
        ROOT / "content" / "regionen",
        None,
        ("en",),
        render=render_markdown,
    )
    return load_comparison(DATA, site, ("de", "en"))


def test_every_region_of_the_site_is_compared_on_at_least_six_complete_indicators(real):
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    slugs = [r["slug"] for r in region_data()["regions"]]
    for lang, comparison in real.items():
        assert [area.region.slug for area in comparison.coverage] == slugs, lang
        assert len(comparison.complete_indicators) >= 6, lang
    # Region values only where the file allows a sum, and then exactly the districts' sum.
    for indicator, spec in zip(real["de"].indicators, raw["indicators"], strict=True):
        for cell, counted in zip(indicator.cells, raw["regions"], strict=True):
            values = [spec["values"][ags] for ags in counted["districts"]]
            if spec.get("region_value") == "sum":
                assert cell.value == round(sum(values), spec["decimals"])
            else:
                assert cell.value is None
                assert (cell.low, cell.high) == (min(values), max(values))


def test_the_rents_are_not_published_while_their_licence_is_unclear(real):
    names = [i.name for i in real["de"].indicators]
    assert not any("miete" in name.casefold() for name in names)
    assert "Angebotsmieten" in [n.name for n in real["de"].not_compared]


def test_the_english_comparison_is_in_english(real):
    english = real["en"]
    assert english.indicators[1].name == "Unemployment rate"
    assert english.coverage[0].region.name != real["de"].coverage[0].region.name


# --- the pages of the shared publish build ------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize(
    ("path", "source_word"), [("regionen/vergleich/", "Quelle"), ("en/regions/compare/", "Source")]
)
def test_the_comparison_page_puts_seven_regions_side_by_side(published, path, source_word):
    page = published.page(path)
    table = page.xpath("//table[contains(@class, 'compare-table')]")[0]
    assert table.xpath("./caption")
    heads = table.xpath("./thead/tr/th[@scope='col']")
    assert len(heads) == 1 + len(region_data()["regions"]) == 8
    rows = table.xpath("./tbody/tr")
    footnotes = {li.get("id") for li in page.xpath("//ol[@class='compare-sources']/li")}
    complete = 0
    for row in rows:
        assert row.xpath("./th[@scope='row']")
        cells = row.xpath("./td")
        assert len(cells) == 7
        filled = 0
        for cell in cells:
            source = cell.xpath(".//*[@class='compare-cell__source']")
            if not source:
                continue
            text = source[0].text_content()
            assert re.match(r"20\d\d", text), text
            link = source[0].xpath("./a")[0]
            assert link.text_content().startswith(source_word)
            assert link.get("href").lstrip("#") in footnotes
            filled += 1
        complete += filled == 7
    assert complete >= 4


@pytest.mark.build
def test_the_comparison_is_linked_and_offered_as_open_data(published):
    compare = "/regionen/vergleich/"
    links = lambda path: {a.get("href").split("#")[0] for a in published.page(path).xpath("//a")}  # noqa: E731
    assert any(href.endswith(compare) for href in links("regionen/"))
    assert any(href.endswith(compare) for href in links("daten/"))
    for region in region_data()["regions"]:
        assert any(href.endswith(compare) for href in links(f"regionen/{region['slug']}/"))
        english = links(f"en/regions/{region['slug']}/")
        assert any(href.endswith("/en/regions/compare/") for href in english)
    table = (published.output / "daten" / "vergleich.csv").read_text(encoding="utf-8")
    assert table.startswith("indicator,indicator_name,region,")
    assert (published.output / "daten" / "vergleich.json").is_file()
