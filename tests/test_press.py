"""The press area (/presse/, /en/press/): releases checked like posts, contacts and the facts
sheet from the region data, only pictures the project may license, and a press feed."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from lxml import etree
from pelican.settings import read_settings

from regional_showcase.data.loader import load_site_data
from regional_showcase.data.photos import credit_message, licence_message
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.input_check import check_input
from regional_showcase.markup import render_markdown
from regional_showcase.press.cms import press_collection
from regional_showcase.press.contacts import press_contacts
from regional_showcase.press.facts import facts_sheet
from regional_showcase.press.feed import press_feed
from regional_showcase.press.loader import load_releases
from regional_showcase.press.rules import OPTIONAL, REQUIRED, check_release
from regional_showcase.settings import apply_defaults

from sitebuild import PUBLISH_URL, ROOT, SAMPLE_PHOTO_REGION, copy_project

RELEASE = """\
---
title: Sieben Regionen legen einen Leitfaden vor
date: 2022-05-25 10:00
regions: alle
contact: koblenz-mittelrhein
summary: Was die Regionen gelernt haben, steht jetzt in einem Leitfaden.
---

Ein Absatz Text.
"""
NAME = "2022-05-25-leitfaden.md"


@pytest.fixture(scope="module")
def site():
    return load_site_data(ROOT / "data/regions.yaml", render=render_markdown)


def problems_of(tmp_path: Path, site, text: str, name: str = NAME) -> list[str]:
    folder = tmp_path / "presse"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    checked = check_release(path, site, tmp_path)
    return [re.sub(r"^.*?presse/", "presse/", str(p)) for p in checked.problems]


def test_a_good_release_is_read_with_its_contact_region(tmp_path, site):
    folder = tmp_path / "presse"
    folder.mkdir()
    (folder / NAME).write_text(RELEASE, encoding="utf-8")
    checked = check_release(folder / NAME, site, tmp_path)
    assert checked.problems == []
    release = checked.release
    assert (release.slug, release.contact.slug, release.for_all_regions) == (
        "leitfaden",
        "koblenz-mittelrhein",
        True,
    )


@pytest.mark.parametrize(
    ("change", "name", "expected"),
    [
        (
            ("contact: koblenz-mittelrhein\n", ""),
            NAME,
            "presse/2022-05-25-leitfaden.md:1: contact: Pflichtfeld fehlt: fügen Sie dem Kopf "
            "eine Zeile 'contact: …' hinzu",
        ),
        (
            ("contact: koblenz-mittelrhein", "contact: koblenz-mittelrhain"),
            NAME,
            "presse/2022-05-25-leitfaden.md:5: contact: unbekannte Region 'koblenz-mittelrhain' "
            "(meinten Sie 'koblenz-mittelrhein'?): als Pressekontakt steht der Slug der Region, deren "
            "Kontakt aus data/regions.yaml unter der Mitteilung stehen soll",
        ),
        (
            ("date: 2022-05-25 10:00", "date: 2022-05-26 10:00"),
            NAME,
            "presse/2022-05-25-leitfaden.md:3: date: das Datum 26.05.2022 passt nicht zum "
            "Dateinamen (2022-05-25): gleichen Sie Datum und Dateinamen an, damit die Adresse "
            "das Datum trägt",
        ),
        (
            ("", ""),
            "leitfaden.md",
            "presse/leitfaden.md:1: Dateiname: 'leitfaden.md' passt nicht zum Muster "
            "JJJJ-MM-TT-slug.md: benennen Sie die Datei nach dem Datum der Mitteilung und einem "
            "Slug aus a-z, 0-9 und einzelnen Bindestrichen, z. B. 2022-05-25-praxisleitfaden.md",
        ),
        (
            ("regions: alle", "regions: alle\npdf: leitfaden.pdf"),
            NAME,
            "presse/2022-05-25-leitfaden.md:5: pdf: das PDF 'leitfaden.pdf' gibt es nicht: legen "
            "Sie es unter content/images/presse/ ab und geben Sie den Pfad ab content/ an, z. B. "
            "'images/presse/leitfaden.pdf'",
        ),
        (
            ("regions: alle", "regions: alle\ncategory: Projekt"),
            NAME,
            "presse/2022-05-25-leitfaden.md:5: category: unbekanntes Feld (erlaubt: 'title', "
            "'date', 'regions', 'contact', 'summary', 'pdf', 'image', 'image_alt', "
            "'image_credit', 'image_licence', 'status', 'modified')",
        ),
        (
            ("regions: alle", "regions: allgau"),
            NAME,
            "presse/2022-05-25-leitfaden.md:4: regions: unbekannte Region 'allgau' (meinten "
            "Sie 'allgaeu'?)",
        ),
    ],
    ids=["no contact", "unknown contact", "date", "file name", "pdf", "field", "region"],
)
def test_a_broken_release_is_refused_in_german_with_file_line_and_field(
    tmp_path, site, change, name, expected
):
    assert expected in problems_of(tmp_path, site, RELEASE.replace(*change), name)


def test_a_release_picture_needs_credit_and_licence_as_a_post_picture_does(tmp_path, site):
    from PIL import Image

    (tmp_path / "images").mkdir()
    Image.new("RGB", (40, 30)).save(tmp_path / "images/hof.jpg")
    text = RELEASE.replace(
        "regions: alle", "regions: alle\nimage: images/hof.jpg\nimage_alt: Ein Hof"
    )
    assert problems_of(tmp_path, site, text) == [
        f"presse/2022-05-25-leitfaden.md:5: image_credit: {credit_message('image_credit')}",
        f"presse/2022-05-25-leitfaden.md:5: image_licence: {licence_message('image_licence')}",
    ]


def test_the_whole_check_reads_the_press_folder(tmp_path):
    project = copy_project(tmp_path / "project")
    broken = RELEASE.replace("contact: koblenz-mittelrhein", "contact: koblenz-mittelrhain")
    (project / "content/presse" / NAME).write_text(broken, encoding="utf-8")
    # CACHE_PATH is Pelican's default, relative to the working folder: the copy's own, not
    # the checkout's cache/ (the check keeps its results there).
    override = {"CACHE_PATH": str(project / "cache")}
    settings = apply_defaults(read_settings(str(project / "pelicanconf.py"), override=override))
    with pytest.raises(ValidationFailed) as failed:
        check_input(settings, bodies=False)
    found = [str(p) for p in failed.value.problems if "presse/" in p.file]
    assert [re.sub(r"^.*?content/", "content/", p) for p in found] == [
        "content/presse/2022-05-25-leitfaden.md:5: contact: unbekannte Region "
        "'koblenz-mittelrhain' (meinten Sie 'koblenz-mittelrhein'?): als Pressekontakt steht der Slug der Region, "
        "deren Kontakt aus data/regions.yaml unter der Mitteilung stehen soll"
    ]


def test_a_region_without_a_named_press_desk_shows_its_general_contact_as_such(site):
    for region in site.regions:
        contacts = press_contacts(region)
        assert contacts, region.slug
        assert not any(c.is_press_desk for c in contacts), region.slug
    ems = next(r for r in site.regions if r.slug == "ems-achse")
    assert [(c.name, c.email, c.phone) for c in press_contacts(ems)] == [
        (e.name, e.email, e.phone)
        for s in ems.sections
        if s.key == "contact"
        for e in s.entries
        if e.kind == "organisation"
    ]


def test_a_press_desk_a_source_names_comes_first(tmp_path):
    # An entry of kind 'press' in a region's contact section, as an editor would add it.
    text = (ROOT / "data/regions.yaml").read_text(encoding="utf-8")
    contact = "    contact:\n      entries:\n"
    desk = (
        "        - name: Pressestelle der Agentur\n"
        "          kind: press\n"
        "          email: presse@example.org\n"
        "          source: https://example.org/presse\n"
    )
    assert contact in text
    (tmp_path / "regions.yaml").write_text(text.replace(contact, contact + desk, 1), "utf-8")
    site = load_site_data(tmp_path / "regions.yaml", render=render_markdown)
    first = next(
        press_contacts(r)
        for r in site.regions
        if any(e.kind == "press" for s in r.sections for e in s.entries)
    )[0]
    assert (first.name, first.email, first.is_press_desk) == (
        "Pressestelle der Agentur",
        "presse@example.org",
        True,
    )


def test_a_region_without_contacts_falls_back_to_its_organisation(site):
    region = site.regions[0]
    bare = replace(region, sections=tuple(s for s in region.sections if s.key != "contact"))
    (only,) = press_contacts(bare)
    assert (only.name, only.url, only.is_press_desk) == (
        region.organisation.name,
        region.organisation.website,
        False,
    )


def test_the_facts_sheet_lists_each_regions_own_districts_and_the_funding(site):
    facts = facts_sheet(site)
    assert facts.funding == site.project.funding
    assert facts.results == site.project.outputs
    assert [(r.region.slug, r.districts) for r in facts.regions] == [
        (r.slug, r.districts) for r in site.regions
    ]


# --- the build


@pytest.mark.build
def test_the_press_pages_are_built_in_german_and_english(published):
    german = published.page("presse/")
    assert german.xpath("string(//h1)") == "Presse"
    releases = german.xpath("//ul[contains(@class,'press-releases')]/li/a/@href")
    assert releases == [f"{PUBLISH_URL}/presse/2022/leitfaden-regionale-zusammenarbeit/"]
    assert published.page("presse/fakten/").xpath("string(//h1)") == "Fakten zum Vorhaben"
    english = published.page("en/press/")
    assert english.xpath("string(//h1)") == "Press"
    # The releases are German: the English page has the contacts and the facts, no list.
    assert english.xpath("//ul[contains(@class,'press-releases')]") == []
    assert english.xpath("//ul[contains(@class,'press-regions')]")
    nav = german.xpath("//nav[contains(@class,'site-nav')]//a[@aria-current='page']/text()")
    assert nav == ["Presse"]


@pytest.mark.build
def test_each_press_picture_states_its_files_true_size_and_licence(sampled):
    page = sampled.page("presse/")
    items = page.xpath("//ul[contains(@class,'press-pictures')]/li")
    assert len(items) == 7
    for item in items:
        svg = item.xpath(".//a[contains(@href,'.svg')]")[0]
        size = sampled.file(svg.get("href").removeprefix(PUBLISH_URL + "/")).stat().st_size
        assert f"Zeichnung: SVG, 640 × 360 px, {(size + 1023) // 1024} KB" in svg.text_content()
        assert "CC BY 4.0" in item.xpath("string(.//figcaption)")
    # The region whose card is cut from its photo offers the drawing only: the photo's
    # rights are not the project's to pass on.
    photo_region = page.xpath(f"//a[contains(@href,'/{SAMPLE_PHOTO_REGION}.jpg')]")
    others = page.xpath("//ul[contains(@class,'press-pictures')]//a[contains(@href,'.jpg')]")
    assert photo_region == [] and len(others) == 6


def test_the_press_feed_has_permanent_ids_that_are_no_links(site):
    settings = apply_defaults(read_settings(str(ROOT / "pelicanconf.py")))
    releases = load_releases(ROOT / "content", site).releases
    urls = {r.slug: f"presse/{r.date:%Y}/{r.slug}/" for r in releases}
    rss = etree.fromstring(press_feed(settings, releases, "rss", urls).encode())
    guids = rss.findall(".//item/guid")
    assert [g.text for g in guids] == [
        f"tag:starke-regionen.de,{r.date:%Y-%m-%d}:presse/{r.slug}" for r in releases
    ]
    assert all(g.get("isPermaLink") == "false" for g in guids)


def test_a_release_is_online_from_its_date_on_and_never_as_a_draft(tmp_path, site):
    folder = tmp_path / "presse"
    folder.mkdir()
    (folder / NAME).write_text(RELEASE, encoding="utf-8")
    release = check_release(folder / NAME, site, tmp_path).release
    day = release.date
    assert (release.is_online(day - timedelta(minutes=1)), release.is_online(day)) == (False, True)
    assert replace(release, draft=True).is_online(day) is False


def test_the_web_editor_asks_for_exactly_the_fields_the_rules_know(site):
    settings = apply_defaults(read_settings(str(ROOT / "pelicanconf.py")))
    collection = press_collection(settings, site)
    fields = {f["name"]: f["required"] for f in collection["fields"]}
    assert set(fields) - {"body"} == set(REQUIRED + OPTIONAL)
    assert {name for name, required in fields.items() if required} == set(REQUIRED)
    assert collection["folder"] == "content/presse"
