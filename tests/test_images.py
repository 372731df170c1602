"""Post images get WebP variants, srcset and fixed dimensions; lead images reach the feeds."""

from __future__ import annotations

import feedparser
import pytest
from PIL import Image
from test_photo_metadata import assert_clean

from sitebuild import PUBLISH_URL, Build

# Every test here builds a site or reads the shared build.
pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def build(planted) -> Build:
    """The shared publish build with a post that has a lead image and two inline ones, and
    a post with phone photos (planted.py: IMAGE_POST, PHONE_POST)."""
    return planted


def test_post_images_are_responsive_and_do_not_shift(build):
    page = build.page("aktuelles/2024/bild-vom-hof/")
    main_img = page.xpath("//img[@alt='Kühe auf der Weide']")[0]
    assert (main_img.get("width"), main_img.get("height")) == ("1600", "900")
    assert main_img.get("loading") == "lazy"
    # libxml2's HTML parser does not know <source> is empty and nests the <img> in it.
    source = main_img.xpath("ancestor::picture[1]//source")[0]
    assert source.get("type") == "image/webp"
    candidates = [c.strip().split() for c in source.get("srcset").split(",")]
    assert [w for _, w in candidates] == ["480w", "960w", "1440w", "1600w"]
    for url, _ in candidates:
        file = build.output / url.removeprefix(PUBLISH_URL + "/")
        with Image.open(file) as variant:
            assert variant.format == "WEBP"
    decorative = page.xpath("//img[contains(@src, 'linie.png')]")[0]
    assert decorative.get("alt") == ""
    # The title picture with its credit line, cropped around its focus (data/photos.py).
    (lead,) = page.xpath("//figure[contains(@class, 'post__image')]")
    assert lead.xpath("string(figcaption)") == "Beispielhof / Testperson, CC BY 4.0"
    assert lead.xpath(".//img/@class") == ["focus-x-30 focus-y-70"]


def test_lead_image_is_an_absolute_enclosure_in_feeds(build):
    parsed = feedparser.parse((build.output / "feeds/regionen/allgaeu.rss.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.link.endswith("/bild-vom-hof/"))
    enclosure = entry.enclosures[0]
    assert enclosure.href == f"{PUBLISH_URL}/images/hof.png"
    assert enclosure.type == "image/png"
    assert int(enclosure.length) == (build.project / "content/images/hof.png").stat().st_size


def test_a_phone_photo_goes_online_upright_without_what_the_phone_wrote(build):
    page = build.page("aktuelles/2024/foto-vom-handy/")
    published = build.output / "images/handy.jpg"
    original = assert_clean(published.read_bytes())
    img = page.xpath("//img[@alt='Der Hofladen von innen']")[0]
    assert (img.get("width"), img.get("height")) == tuple(map(str, original.size)) == ("32", "64")
    card = page.xpath("//meta[@property='og:image']/@content")[0]
    assert_clean((build.output / card.removeprefix(PUBLISH_URL + "/")).read_bytes())
    parsed = feedparser.parse((build.output / "feeds/regionen/allgaeu.rss.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.link.endswith("/foto-vom-handy/"))
    lead = build.output / "images/handy-titel.jpg"
    assert_clean(lead.read_bytes())
    assert int(entry.enclosures[0].length) == lead.stat().st_size
