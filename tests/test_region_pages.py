"""Every region has its own page with its facts, organisation, districts and links."""

from __future__ import annotations

import os

import pytest

from regional_showcase.data.figures import DEFAULT_MAX_AGE, build_date
from regional_showcase.environment import read_environment

from expectations import region_data

REGIONS = region_data()["regions"]
EXPECTED_SLUGS = [
    "suedwestfalen",
    "allgaeu",
    "bodensee",
    "ems-achse",
    "koblenz-mittelrhein",
    "nordthueringen",
    "vorpommern",
]


# The shared build's figures are aged against the run's build day (conftest.py pins it),
# else SOURCE_DATE_EPOCH or today.
REFERENCE_YEAR = build_date(
    os.environ.get("SHOWCASE_BUILD_DATE"), read_environment().source_date_epoch, "Europe/Berlin"
).year
SECTION_TITLES = ["Arbeiten", "Wohnen", "Familie", "Freizeit & Natur", "Ankommen", "Kontakt"]


def is_current_year(year: int) -> bool:
    return REFERENCE_YEAR - year <= DEFAULT_MAX_AGE


def test_the_seven_star_regions_are_in_the_data():
    assert [r["slug"] for r in REGIONS] == EXPECTED_SLUGS


@pytest.mark.build
@pytest.mark.parametrize("region", REGIONS, ids=[r["slug"] for r in REGIONS])
def test_region_page_shows_facts_and_links(published, region):
    page = published.page(f"regionen/{region['slug']}/")
    text = " ".join(page.text_content().split())
    assert [h.text_content().strip() for h in page.iter("h1")] == [region["name"]]
    assert region["organisation"]["name"] in text
    for district in region["districts"]:
        assert district in text, district
    links = {a.get("href") for a in page.iter("a")}
    assert region["website"] in links
    if "facebook" in region:
        assert region["facebook"] in links
    else:
        assert not any("facebook.com/" in (href or "") and "sharer" not in href for href in links)
    if "starke_regionen_url" in region:
        assert region["starke_regionen_url"] in links
    glance = page.xpath("//section[@aria-labelledby='auf-einen-blick']")
    glance_text = " ".join(glance[0].text_content().split()) if glance else ""
    glance_links = {a.get("href") for a in glance[0].iter("a")} if glance else set()
    for figure in region["key_figures"]:
        if is_current_year(figure["year"]):
            assert figure["source"] in glance_links, figure["label"]
            assert f"({figure['year']})" in glance_text
        else:  # older than the threshold: in the data, never in the box
            assert figure["label"] not in glance_text, figure["label"]
    for kind in ("atom", "rss"):
        feed = f"/feeds/regionen/{region['slug']}.{kind}.xml"
        assert any(href.endswith(feed) for href in links), feed
        alternates = page.xpath(f"//head/link[@rel='alternate'][contains(@href, '{feed}')]")
        assert alternates, f"no autodiscovery link for {feed}"


@pytest.mark.build
def test_koblenz_links_its_facebook_page(published):
    page = published.page("regionen/koblenz-mittelrhein/")
    hrefs = [a.get("href", "") for a in page.iter("a")]
    assert any(h.rstrip("/") == "https://www.facebook.com/regionmittelrhein" for h in hrefs)


@pytest.mark.build
def test_overview_links_every_region(published):
    page = published.page("regionen/")
    hrefs = {a.get("href") for a in page.iter("a")}
    for region in REGIONS:
        assert any(h and h.endswith(f"/regionen/{region['slug']}/") for h in hrefs), region["slug"]


@pytest.mark.build
def test_region_page_lists_the_newest_posts_and_says_where_the_rest_are(sampled):
    from expectations import post_path, published_posts

    posts = [p for p in published_posts() if "allgaeu" in p.regions or "alle" in p.regions]
    newest = sorted(posts, key=lambda p: p.path.name, reverse=True)[:8]
    page = sampled.page("regionen/allgaeu/")
    section = page.xpath("//section[@aria-labelledby='meldungen-region']")[0]
    linked = {a.get("href") for a in section.iter("a")}
    assert {f"https://regionen.example.org/{post_path(p)}" for p in newest} <= linked
    assert not any(f"/{post_path(p)}" in h for p in posts if p not in newest for h in linked)
    assert f"Die 8 neuesten von {len(posts)} Meldungen" in section.text_content()


def main_headings(page) -> list[str]:
    return [h.text_content().strip() for h in page.xpath("//main//section[@id]/h2")]


@pytest.mark.build
@pytest.mark.parametrize("region", REGIONS, ids=[r["slug"] for r in REGIONS])
def test_sections_come_in_order_and_none_is_empty(published, region):
    page = published.page(f"regionen/{region['slug']}/")
    shown = [h for h in main_headings(page) if h in SECTION_TITLES]
    assert shown == [t for t in SECTION_TITLES if t in shown]  # page order
    for section in page.xpath("//main//section[contains(@class, 'region-section')]"):
        heading = section.xpath("./h2")[0].text_content().strip()
        body = " ".join(section.text_content().split()).removeprefix(heading).strip()
        assert body, f"empty section '{heading}'"
    # Every region answers at least where to work and whom to ask.
    assert {"Arbeiten", "Kontakt"} <= set(shown)


@pytest.mark.build
def test_the_table_of_contents_links_exactly_the_sections_shown(published):
    # Only filled sections are shown (Region.filled_sections: an empty one leaves no heading,
    # test_region_content); every shipped region fills all six (test_region_actions).
    page = published.page("regionen/vorpommern/")
    toc = [a.get("href") for a in page.xpath("//nav[@class='toc']//a")]
    shown = [
        "#" + s.get("id") for s in page.xpath("//section[contains(@class, 'region-section--')]")
    ]
    assert toc == shown == ["#work", "#housing", "#family", "#leisure", "#arrival", "#contact"]


@pytest.mark.build
def test_qualifiers_are_shown_on_pages_and_cards(published):
    region_page = published.page("regionen/ems-achse/")
    box = region_page.xpath("//section[@aria-labelledby='auf-einen-blick']")[0]
    assert "mehr als 700 Mitglieder" in " ".join(box.text_content().split())
    home = published.page("")
    card = home.xpath(
        "//article[contains(@class,'card--region')][.//a[contains(@href,'ems-achse')]]"
    )[0]
    assert "mehr als 700 Mitglieder" in " ".join(card.text_content().split())


@pytest.mark.build
def test_the_bodensee_header_names_all_four_countries(published):
    page = published.page("regionen/bodensee/")
    meta = " ".join(page.xpath("//p[@class='hero__meta']")[0].text_content().split())
    assert meta == (
        "Länder: Deutschland (Baden-Württemberg, Bayern), Österreich, Schweiz, Liechtenstein"
    )


@pytest.mark.build
def test_the_home_page_speaks_to_readers_and_roles_sit_with_the_project(published):
    home = published.page("")
    assert [h.text_content().strip() for h in home.iter("h1")] == [
        "Leben und Arbeiten in sieben Regionen"
    ]
    cards = home.xpath("//article[contains(@class,'card--region')]")
    assert len(cards) == 7
    assert not any("Fallstudienregion" in c.text_content() for c in cards)
    project = home.xpath("//section[@aria-labelledby='projekt']")[0]
    assert "Fallstudienregionen" in project.text_content()
    for region in REGIONS:
        hero = published.page(f"regionen/{region['slug']}/").xpath(
            "//section[contains(@class,'hero')]"
        )[0]
        assert "regionen" not in hero.text_content().lower().replace("regionen/", "")


@pytest.mark.build
def test_feeds_sit_on_the_news_page_and_in_the_footer_not_in_the_menu(published):
    home = published.page("")
    menu = {a.get("href") for a in home.xpath("//nav[@aria-label='Hauptnavigation']//a")}
    assert not any(h.endswith("/feeds/") for h in menu)
    footer = {a.get("href") for a in home.xpath("//footer//a")}
    assert any(h.endswith("/feeds/") for h in footer)
    news = published.page("aktuelles/")
    assert any(a.get("href", "").endswith("/feeds/") for a in news.xpath("//main//a"))
    claim = " ".join(news.xpath("//p[@class='hero__note']")[0].text_content().split())
    assert claim.startswith("Diese Beiträge wurden im Nachhinein aus öffentlichen Quellen")
