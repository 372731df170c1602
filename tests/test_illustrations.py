"""Each region's drawing follows its landscape (`landscape:` in regions.yaml), not its slug."""

from __future__ import annotations

from lxml import etree

from regional_showcase.data.loader import load_site_data
from regional_showcase.data.schema import LANDSCAPES
from regional_showcase.markup import render_markdown
from regional_showcase.pictures.illustrations import DESCRIPTIONS, region_illustration

from sitebuild import ROOT


def shapes(svg: str) -> list[tuple[str, str]]:
    """The drawing without its colours: element names and geometry, in order."""
    root = etree.fromstring(svg.encode())
    geometry = ("d", "points", "x", "y", "width", "height", "cx", "cy", "r")
    return [
        (etree.QName(el).localname, " ".join(el.get(a, "") for a in geometry))
        for el in root.iter()
        if isinstance(el.tag, str)
    ]


def test_a_coastal_and_an_alpine_region_get_different_drawings():
    coast = region_illustration("coast", "Vorpommern", 6)
    alps = region_illustration("alps", "Allgäu", 6)  # same colour: only the shapes differ
    assert shapes(coast) != shapes(alps)
    assert 'class="water"' in coast and 'class="water"' not in alps
    assert 'class="snow"' in alps and 'class="snow"' not in coast
    assert "<title>Illustration: Küste mit Meer, Dünen und Leuchtturm – Vorpommern</title>" in coast


def test_every_landscape_has_its_own_drawing_and_description():
    drawings = {name: shapes(region_illustration(name, "X", 0)) for name in LANDSCAPES}
    assert len({str(d) for d in drawings.values()}) == len(LANDSCAPES)
    assert set(DESCRIPTIONS) == set(LANDSCAPES)


def test_the_drawing_depends_on_the_landscape_field_not_the_slug():
    site = load_site_data(ROOT / "data/regions.yaml", render=render_markdown)
    by_slug = site.regions_by_slug
    # Vorpommern and the Ems-Achse share a coast: the same shapes in their own colours.
    assert by_slug["vorpommern"].landscape == by_slug["ems-achse"].landscape == "coast"
    assert by_slug["allgaeu"].landscape == "alps"
    assert shapes(region_illustration("coast", "A", 3)) == shapes(
        region_illustration("coast", "B", 6)
    )


def test_the_same_input_draws_the_same_picture():
    assert region_illustration("lake", "Bodensee", 2) == region_illustration("lake", "Bodensee", 2)
