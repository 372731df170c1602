"""Every region has its own page with its facts, organisation, districts and links."""

from __future__ import annotations

import pytest

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
    for figure in region["key_figures"]:
        assert figure["source"] in links
        assert str(figure["year"]) in text
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
def test_region_page_lists_the_newest_posts_and_says_where_the_rest_are(capped):
    from expectations import post_path, published_posts

    posts = [p for p in published_posts() if "allgaeu" in p.regions or "alle" in p.regions]
    newest = sorted(posts, key=lambda p: p.path.name, reverse=True)[:8]
    page = capped.page("regionen/allgaeu/")
    section = page.xpath("//section[@aria-labelledby='meldungen-region']")[0]
    linked = {a.get("href") for a in section.iter("a")}
    assert {f"https://regionen.example.org/{post_path(p)}" for p in newest} <= linked
    assert not any(f"/{post_path(p)}" in h for p in posts if p not in newest for h in linked)
    assert f"Die 8 neuesten von {len(posts)} Meldungen" in section.text_content()
