"""Link previews (Open Graph, Twitter), JSON-LD, sitemap and robots.txt."""

from __future__ import annotations

import json

import pytest
from lxml import etree
from PIL import Image

from expectations import post_path, published_posts, region_data
from sitebuild import PUBLISH_URL, TEST_OPERATOR

# Every test here builds a site or reads the shared build.
pytestmark = pytest.mark.build

PAGES = [
    "",
    "regionen/",
    "regionen/allgaeu/",
    "aktuelles/",
    "themen/projekt/",
    "feeds/",
    "impressum/",
]


def meta(page, prop: str) -> str | None:
    found = page.xpath(f"//meta[@property='{prop}' or @name='{prop}']/@content")
    return found[0] if found else None


@pytest.mark.parametrize("path", [*PAGES, post_path(published_posts()[0])])
def test_every_page_previews_well_on_facebook(published, path):
    page = published.page(path)
    for prop in ("og:title", "og:description", "og:url", "og:image", "og:type"):
        assert meta(page, prop), prop
    assert meta(page, "og:locale") == "de_DE"
    assert meta(page, "og:url") == f"{PUBLISH_URL}/{path}"
    assert meta(page, "twitter:card") == "summary_large_image"
    image_url = meta(page, "og:image")
    assert image_url.startswith(PUBLISH_URL + "/")
    with Image.open(published.output / image_url.removeprefix(PUBLISH_URL + "/")) as image:
        assert image.size == (1200, 630)


def test_posts_are_articles_with_a_publication_time(published):
    post = published_posts()[0]
    page = published.page(post_path(post))
    assert meta(page, "og:type") == "article"
    assert meta(page, "article:published_time").startswith(post.path.name[:4])


def json_ld(page) -> list[dict]:
    return [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]


def test_json_ld_describes_project_regions_and_posts(published):
    (home,) = json_ld(published.page(""))
    assert home["@type"] == "Organization" and home["url"] == region_data()["project"]["website"]
    for region in region_data()["regions"]:
        (place,) = json_ld(published.page(f"regionen/{region['slug']}/"))
        assert place["@type"] == "Place" and place["name"] == region["name"]
        assert place["subjectOf"]["name"] == region["organisation"]["name"]
        assert place["geo"]["latitude"] == region["location"]["lat"]
    post = published_posts()[0]
    (article,) = json_ld(published.page(post_path(post)))
    assert article["@type"] == "NewsArticle"
    assert article["url"] == f"{PUBLISH_URL}/{post_path(post)}"


def test_sitemap_lists_every_public_page_and_robots_points_to_it(published):
    root = etree.parse(str(published.output / "sitemap.xml")).getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = set(root.xpath("//s:loc/text()", namespaces=ns))
    pages = {
        f"{PUBLISH_URL}/{p.relative_to(published.output).as_posix()}".removesuffix("index.html")
        for p in published.output.rglob("index.html")
    }
    assert locs == pages
    robots = (published.output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {PUBLISH_URL}/sitemap.xml" in robots


def test_home_map_links_every_region_and_has_a_text_alternative(published):
    page = published.page("")
    svg = page.xpath("//svg[contains(@class, 'map')]")[0]
    assert svg.xpath("./title")[0].text
    hrefs = {a.get("href") for a in svg.iter("a")}
    assert hrefs == {f"{PUBLISH_URL}/regionen/{r['slug']}/" for r in region_data()["regions"]}


def test_regions_without_photo_get_an_illustration_with_alt_text(published):
    for region in region_data()["regions"]:
        page = published.page(f"regionen/{region['slug']}/")
        images = page.xpath("//img[contains(@src, '/bilder/regionen/')]")
        assert images and all(img.get("alt") for img in images)
        svg = published.output / f"bilder/regionen/{region['slug']}.svg"
        assert etree.parse(str(svg)).getroot().find("{http://www.w3.org/2000/svg}title").text


def test_share_links_are_plain_links_without_any_sdk(published):
    post = published_posts()[0]
    page = published.page(post_path(post))
    hrefs = [a.get("href") for a in page.iter("a")]
    assert any(h.startswith("https://www.facebook.com/sharer/sharer.php?u=https%3A") for h in hrefs)
    assert any(h.startswith("mailto:?") for h in hrefs)
    assert not page.xpath("//script[@src]")
    assert not page.xpath("//iframe")


def test_footer_carries_the_funding_notice_and_legal_links(published):
    text = " ".join(published.page("").xpath("//footer")[0].text_content().split())
    assert "Bundesministerium für Ernährung und Landwirtschaft" in text
    assert "Bundesprogramm" in text and "Ländliche Entwicklung" in text


@pytest.mark.parametrize("slug", ["impressum", "datenschutz", "barrierefreiheit"])
def test_legal_pages_carry_the_operators_facts_not_placeholders(published, slug):
    # The facts come from SHOWCASE_OPERATOR (the test copy's: sitebuild.TEST_OPERATOR).
    text = published.page(f"{slug}/").text_content()
    assert TEST_OPERATOR["name"] in text and TEST_OPERATOR["address"] in text
    assert "Vom Betreiber" not in text and "{betreiber:" not in text


def test_older_posts_share_their_regions_card_when_cards_are_sampled(sampled):
    own = sorted((sampled.output / "bilder/vorschau/aktuelles").glob("*.jpg"))
    assert len(own) == 2
    posts = sorted(published_posts(), key=lambda p: p.path.name)
    oldest = posts[0]
    image = meta(sampled.page(post_path(oldest)), "og:image")
    expected = "startseite" if "alle" in oldest.regions else f"regionen/{oldest.regions[0]}"
    assert image == f"{PUBLISH_URL}/bilder/vorschau/{expected}.jpg"
