"""Photos of regions and posts: shown only with credit and licence, cropped around their focus;
the drawings stay where a region has no photo, and `showcase report` lists those regions."""

from __future__ import annotations

import pytest
from PIL import Image

from regional_showcase.data.completeness import photo_line
from regional_showcase.data.front_matter import split_header
from regional_showcase.data.loader import load_site_data
from regional_showcase.data.photos import focus_classes, region_photo_problems
from regional_showcase.data.posts import lead_image_problems
from regional_showcase.data.yaml_source import parse_located
from regional_showcase.markup import render_markdown

from sitebuild import ROOT, SAMPLE_PHOTO, SAMPLE_PHOTO_REGION

REGION = """regions:
  - slug: allgaeu
    photo:
      file: images/regionen/allgaeu.jpg
      alt: Kühe auf einer Bergwiese
      focus: 55% 30%
"""


def test_a_region_photo_without_credit_and_licence_is_refused(tmp_path):
    located = parse_located(REGION, "data/regions.yaml")
    problems = [str(p) for p in region_photo_problems(located, "data/regions.yaml", tmp_path)]
    assert problems == [
        "data/regions.yaml:3: regions[0].photo.credit: das Foto hat keinen Bildnachweis: "
        "ergänzen Sie 'regions[0].photo.credit: …' mit der Fotografin, dem Fotografen oder der "
        "Stelle, von der es stammt, z. B. 'Allgäu GmbH / Name'",
        "data/regions.yaml:3: regions[0].photo.licence: zum Foto fehlt die Lizenz: ergänzen Sie "
        "'regions[0].photo.licence: …', z. B. 'CC BY 4.0' oder 'mit Genehmigung der Allgäu "
        "GmbH'; ein Foto ohne belegte Lizenz erscheint nicht",
        "data/regions.yaml:6: regions[0].photo.focus: '55% 30%' ist kein Bildausschnitt: geben "
        "Sie den Punkt, der sichtbar bleiben soll, als 'x% y%' in Zehnerschritten an, von links "
        "und von oben, z. B. '50% 30%'",
        "data/regions.yaml:4: regions[0].photo.file: das Foto 'images/regionen/allgaeu.jpg' gibt "
        "es nicht: legen Sie es (JPEG, PNG oder WebP) unter content/images/ ab und geben Sie den "
        "Pfad ab content/ an, z. B. 'images/regionen/allgaeu.jpg'",
    ]


def test_a_post_picture_without_credit_and_licence_is_refused(tmp_path):
    text = (
        "Title: Hoffest\nDate: 2026-05-01\nRegions: allgaeu\nCategory: Fachkräfte\n"
        "Summary: Ein Fest.\nImage: images/hof.jpg\nImage_Alt: Ein Hof im Allgäu\n"
        "Image_Focus: 50%\n\nText.\n"
    )
    (tmp_path / "images").mkdir()
    Image.new("RGB", (40, 30)).save(tmp_path / "images/hof.jpg")
    header = split_header(text, "content/news/hoffest.md")
    problems = [
        str(p) for p in lead_image_problems(header, "content/news/hoffest.md", tmp_path, "")
    ]
    assert problems == [
        "content/news/hoffest.md:6: Image_Credit: das Foto hat keinen Bildnachweis: ergänzen Sie "
        "'Image_Credit: …' mit der Fotografin, dem Fotografen oder der Stelle, von der es stammt, "
        "z. B. 'Allgäu GmbH / Name'",
        "content/news/hoffest.md:6: Image_Licence: zum Foto fehlt die Lizenz: ergänzen Sie "
        "'Image_Licence: …', z. B. 'CC BY 4.0' oder 'mit Genehmigung der Allgäu GmbH'; ein Foto "
        "ohne belegte Lizenz erscheint nicht",
        "content/news/hoffest.md:8: Image_Focus: '50%' ist kein Bildausschnitt: geben Sie den "
        "Punkt, der sichtbar bleiben soll, als 'x% y%' in Zehnerschritten an, von links und von "
        "oben, z. B. '50% 30%'",
    ]


def test_the_focus_becomes_classes_as_no_inline_style_is_allowed():
    assert focus_classes("30% 100%") == "focus-x-30 focus-y-100"
    assert focus_classes("0% 0%") == "focus-x-0 focus-y-0"
    assert focus_classes("35% 20%") == focus_classes(None) == ""
    css = (ROOT / "theme/static/css/site.css").read_text(encoding="utf-8")
    for value in range(0, 101, 10):
        assert f".focus-x-{value} {{ --focus-x: {value}%; }}" in css
        assert f".focus-y-{value} {{ --focus-y: {value}%; }}" in css


def test_the_report_lists_the_regions_without_a_photo_and_none_ships_one():
    regions = load_site_data(ROOT / "data/regions.yaml", render=render_markdown).regions
    # No photo ships: none of the regions' photos has a licence the project could show.
    assert all(region.photo is None for region in regions)
    assert photo_line(regions) == (
        f"Fotos: noch keins für {', '.join(r.name for r in regions)} (die Seiten zeigen die "
        "Zeichnung; 'photo:' mit file, alt, credit und licence in data/regions.yaml)"
    )


@pytest.mark.build
def test_a_photo_is_shown_with_its_credit_line_and_focus(sampled):
    # The sampled build gives one region a photo (sitebuild.add_region_photo).
    region = f"regionen/{SAMPLE_PHOTO_REGION}/"
    for path in (region, "", "regionen/"):
        page = sampled.page(path)
        alt = SAMPLE_PHOTO["alt"]
        (figure,) = page.xpath(f"//figure[contains(@class, 'photo')][.//img[@alt='{alt}']]")
        img = figure.xpath(".//img")[0]
        assert img.get("class") == "focus-x-60 focus-y-20"
        assert figure.xpath("string(figcaption)") == "Beispielfoto / Testperson, CC BY 4.0"
        assert figure.xpath(".//source/@srcset")[0].endswith("w")
    assert sampled.page(region).xpath("//figure[@class='photo hero__image']")
    # The other regions keep their drawings.
    assert sampled.page("regionen/vorpommern/").xpath("//img[@class='hero__image']")
