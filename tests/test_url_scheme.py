"""The URL scheme is stable and complete, with no stray default pages or feeds."""

from __future__ import annotations

import pytest

from regional_showcase.stable_pages import page_spans

from expectations import event_path, post_path, published_events, published_posts, region_data
from sitebuild import ROOT

# Every test here builds a site or reads the shared build.
pytestmark = pytest.mark.build

DATA = region_data()


def expected_files() -> set[str]:
    files = {
        "index.html",
        "404.html",
        "regionen/index.html",
        "regionen/vergleich/index.html",
        "themen/index.html",
        "aktuelles/index.html",
        "feeds/index.html",
        "feeds/alle.atom.xml",
        "feeds/alle.rss.xml",
        "suche/index.html",
        "daten/index.html",
        "termine/index.html",
        "termine/alle.ics",
        "presse/index.html",
        "presse/fakten/index.html",
        "presse/feed.atom.xml",
        "presse/feed.rss.xml",
    }
    # A press release's address: the year and the slug of its file name.
    for release in (ROOT / "content/presse").glob("*.md"):
        files.add(f"presse/{release.stem[:4]}/{release.stem[11:]}/index.html")
    for page in (
        "ueber-das-projekt",
        "impressum",
        "datenschutz",
        "barrierefreiheit",
        "leichte-sprache",
    ):
        files.add(f"{page}/index.html")
    for region in DATA["regions"]:
        files.add(f"regionen/{region['slug']}/index.html")
        files.add(f"leichte-sprache/regionen/{region['slug']}/index.html")
        files |= {f"feeds/regionen/{region['slug']}.{k}.xml" for k in ("atom", "rss")}
        files.add(f"termine/regionen/{region['slug']}.ics")
    for topic in DATA["topics"]:
        files.add(f"themen/{topic['slug']}/index.html")
        files |= {f"feeds/themen/{topic['slug']}.{k}.xml" for k in ("atom", "rss")}
    for post in published_posts():
        files.add(post_path(post) + "index.html")
    for event in published_events():
        files.add(event_path(event) + "index.html")
        files.add(event_path(event) + f"{event['slug']}.ics")
    return files


def test_every_page_and_feed_of_the_scheme_exists(published):
    written = {
        str(p.relative_to(published.output)) for p in published.output.rglob("*") if p.is_file()
    }
    missing = expected_files() - written
    assert not missing


def test_no_stray_pages_or_feeds(published):
    html_and_xml = {
        str(p.relative_to(published.output))
        for p in published.output.rglob("*")
        if p.suffix in (".html", ".xml")
    }
    stray = {
        f
        for f in html_and_xml - expected_files()
        if not f.startswith("aktuelles/seite/")
        and "/seite/" not in f
        and f != "sitemap.xml"
        # The English edition has tests of its own (test_english_edition.py).
        and not f.startswith("en/")
    }
    assert not stray
    for name in (
        "author",
        "category",
        "tag",
        "tags.html",
        "categories.html",
        "archives.html",
        "authors.html",
    ):
        assert not (published.output / name).exists(), name


def test_news_pagination_uses_german_urls(published):
    """The archive pages of stable pagination (stable_pages.py) at aktuelles/seite/<block>/,
    and no other (test_stable_pages.py reads what a build with archive pages holds)."""
    spans = page_spans(len(published_posts()), 12)
    blocks = {span.block for span in spans if span.block is not None}
    archive = published.output / "aktuelles/seite"
    found = {int(p.name) for p in archive.iterdir()} if archive.is_dir() else set()
    assert found == blocks
    assert (published.output / "aktuelles/index.html").exists()


def test_html_is_german_and_links_starke_regionen(published):
    page = published.page("")
    assert page.get("lang") == "de"
    hrefs = {a.get("href") for a in page.iter("a")}
    assert DATA["project"]["website"] in hrefs
    for legal in ("impressum", "datenschutz", "barrierefreiheit"):
        assert any(h and h.rstrip("/").endswith(f"/{legal}") for h in hrefs), legal
