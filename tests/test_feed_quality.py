"""Feeds that readers can rely on: valid, permanent ids, absolute links, readable in a browser."""

from __future__ import annotations

import json
import re

import feedparser
import pytest
from lxml import etree, html

from expectations import published_posts, region_data
from sitebuild import PUBLISH_URL, Build, copy_project, run_build

# Every test here builds a site or reads the shared build.
pytestmark = pytest.mark.build

ATOM = "{http://www.w3.org/2005/Atom}"


def xml_feeds(build):
    return sorted(build.output.glob("feeds/**/*.xml"))


def test_every_atom_feed_has_unique_ids_updated_and_absolute_links(published):
    feeds = [f for f in xml_feeds(published) if f.name.endswith(".atom.xml")]
    assert len(feeds) == 1 + len(region_data()["regions"]) + len(region_data()["topics"])
    for feed in feeds:
        root = etree.parse(str(feed)).getroot()
        assert root.find(f"{ATOM}id").text.startswith("tag:")
        assert root.find(f"{ATOM}updated") is not None or not root.findall(f"{ATOM}entry")
        ids = []
        for entry in root.iter(f"{ATOM}entry"):
            ids.append(entry.find(f"{ATOM}id").text)
            assert entry.find(f"{ATOM}updated").text
            alternate = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
            assert alternate.startswith(PUBLISH_URL + "/")
            content = entry.find(f"{ATOM}content")
            assert content is not None and content.get("type") == "html"
            for url in re.findall(r'(?:href|src)="([^"]+)"', content.text or ""):
                assert re.match(r"^(https?:|mailto:|tel:|#)", url), (feed.name, url)
        assert len(ids) == len(set(ids)), feed


def test_every_rss_item_has_a_unique_permanent_guid(published):
    for feed in xml_feeds(published):
        if not feed.name.endswith(".rss.xml"):
            continue
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, feed
        guids = [entry.id for entry in parsed.entries]
        assert len(guids) == len(set(guids))
        assert all(re.match(r"^tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:[a-z0-9-]+$", g) for g in guids)


def test_every_xml_feed_carries_an_xslt_stylesheet(published):
    for feed in xml_feeds(published):
        head = feed.read_text(encoding="utf-8")[:300]
        assert re.search(r'<\?xml-stylesheet href="[^"]+/theme/feed\.xsl" type="text/xsl"', head)
    transform = etree.XSLT(etree.parse(str(published.output / "theme/feed.xsl")))
    for name in ("feeds/alle.atom.xml", "feeds/alle.rss.xml"):
        feed = feedparser.parse((published.output / name).read_bytes())
        page = html.fromstring(str(transform(etree.parse(str(published.output / name)))))
        assert page.findtext(".//title").startswith("Newsfeed: ")
        # The browser view lists every entry of the feed, each linked to its post.
        shown = [(a.text_content().strip(), a.get("href")) for a in page.xpath("//ul/li/a")]
        assert shown == [(entry.title, entry.link) for entry in feed.entries]
        assert {title for title, _ in shown} == {post.title for post in published_posts()}


def test_json_feed_has_the_fields_of_its_spec(published):
    document = json.loads((published.output / "feeds/alle.json").read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] and document["feed_url"] == f"{PUBLISH_URL}/feeds/alle.json"
    assert document["home_page_url"] == f"{PUBLISH_URL}/"
    assert len(document["items"]) == len(published_posts())
    atom = feedparser.parse((published.output / "feeds/alle.atom.xml").read_bytes())
    assert [i["id"] for i in document["items"]] == [e.id for e in atom.entries]
    for item in document["items"]:
        assert item["url"].startswith(PUBLISH_URL)
        assert item.get("content_html") or item.get("content_text")
        assert item["date_published"]


def test_every_page_links_the_site_feed(published):
    for page_file in published.output.rglob("*.html"):
        text = page_file.read_text(encoding="utf-8")
        english = page_file.relative_to(published.output).as_posix().startswith("en/")
        site_feed = "/en/feeds/all.atom.xml" if english else "/feeds/alle.atom.xml"
        assert 'type="application/atom+xml"' in text and site_feed in text, page_file


def test_topic_pages_link_their_own_feeds(published):
    for topic in region_data()["topics"]:
        page = published.page(f"themen/{topic['slug']}/")
        hrefs = [link.get("href") for link in page.xpath("//head/link[@rel='alternate']")]
        assert any(h.endswith(f"/feeds/themen/{topic['slug']}.atom.xml") for h in hrefs)


def test_feeds_page_lists_every_feed_with_a_url_to_copy(published):
    page = published.page("feeds/")
    text = page.text_content()
    assert "Newsfeeds abonnieren" in text
    values = {i.get("value") for i in page.iter("input")}
    # The press feeds stand below /presse/ (German only, as the releases are).
    press = sorted(published.output.glob("presse/*.xml"))
    assert [p.name for p in press] == ["feed.atom.xml", "feed.rss.xml"]
    for feed in xml_feeds(published) + press:
        url = f"{PUBLISH_URL}/{feed.relative_to(published.output)}"
        assert url in values, url
    english = {i.get("value") for i in published.page("en/feeds/").iter("input")}
    assert not any("/presse/" in value for value in english)


def entry_ids(build) -> dict[str, str]:
    parsed = feedparser.parse((build.output / "feeds/alle.atom.xml").read_bytes())
    return {entry.link.rsplit("/", 2)[-2]: entry.id for entry in parsed.entries}


NEWEST = "nordthueringen-fachkraefte"  # content/news/2023-05-15-…, the newest shipped post
OTHER_DOMAIN = "https://neu.example.net"


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> Build:
    """One publish build of an edited copy, for what the feeds must survive or obey.

    The newest post gets a new title, two posts a Modified date (winter and summer time),
    the Allgäu 55 more posts from 2017 (older than every shipped one, so the site feed still
    holds all shipped posts), the site another domain, and feeds carry summaries only.
    """
    project = copy_project(tmp_path_factory.mktemp("feeds") / "project")
    news = project / "content/news"

    def edit(name: str, pattern: str, replacement) -> None:
        """Change one header line of a shipped post, whichever header style it uses."""
        (path,) = news.glob(f"*-{name}.md")
        text, count = re.subn(
            pattern, replacement, path.read_text(encoding="utf-8"), count=1, flags=re.M
        )
        assert count == 1, (name, pattern)
        path.write_text(text, encoding="utf-8")

    def modified(value: str):
        """After the date line, spelt like it: `Modified:` under `Date:`, `modified:` under `date:`."""
        return lambda line: f"{line[0]}\n{'M' if line[1] == 'D' else 'm'}odified: {value}"

    edit(NEWEST, r"^([Tt]itle): .*$", r"\1: Ganz neuer Titel")
    edit("allgaeu-mehr-freiraum", r"^([Dd])ate: .*$", modified("2025-01-02 09:30"))
    edit("vorpommern-neue-marke", r"^([Dd])ate: .*$", modified("2025-07-01 09:30"))
    for number in range(1, 56):
        day = f"2017-01-{number % 28 + 1:02d}"
        (news / f"{day}-massen-{number}.md").write_text(
            f"Title: Meldung {number}\nDate: {day}\nCategory: Projekt\nRegions: allgaeu\n"
            f"Slug: massen-{number}\nSummary: Kurz.\n\nText.\n",
            encoding="utf-8",
        )
    build = run_build(
        project,
        publish=True,
        env={"SITEURL": OTHER_DOMAIN},
        extra=("-e", "SHOWCASE_FEED_SUMMARY_ONLY=true"),
    )
    assert build.returncode == 0, build.log
    return build


def test_ids_survive_a_title_edit_and_a_domain_change(published, edited):
    before, after = entry_ids(published), entry_ids(edited)
    assert len(before) == len(published_posts())
    assert before.items() <= after.items()
    feed = (edited.output / "feeds/alle.atom.xml").read_text(encoding="utf-8")
    assert "Ganz neuer Titel" in feed and f"{OTHER_DOMAIN}/aktuelles/2023/{NEWEST}/" in feed


def test_modified_sets_the_updated_date_in_berlin_time(edited):
    root = etree.parse(str(edited.output / "feeds/alle.atom.xml")).getroot()
    updated = {
        entry.find(f"{ATOM}link").get("href").rsplit("/", 2)[-2]: entry.find(f"{ATOM}updated").text
        for entry in root.iter(f"{ATOM}entry")
    }
    # Worked out by hand: Berlin is UTC+1 in January and UTC+2 (summer time) in July.
    assert updated["allgaeu-mehr-freiraum"] == "2025-01-02T09:30:00+01:00"
    assert updated["vorpommern-neue-marke"] == "2025-07-01T09:30:00+02:00"


def test_feeds_keep_at_most_the_configured_number_of_items(edited):
    parsed = feedparser.parse((edited.output / "feeds/regionen/allgaeu.atom.xml").read_bytes())
    assert len(parsed.entries) == 50
    # The newest 50: every shipped Allgäu post is still in, only the oldest extras are cut.
    shipped = {p.slug for p in published_posts() if {"allgaeu", "alle"} & set(p.regions)}
    assert shipped <= {entry.link.rsplit("/", 2)[-2] for entry in parsed.entries}


def test_a_setting_switches_feeds_to_summaries(published, edited):
    full = feedparser.parse((published.output / "feeds/alle.atom.xml").read_bytes())
    short = feedparser.parse((edited.output / "feeds/alle.atom.xml").read_bytes())
    assert full.entries and all(entry.get("content") for entry in full.entries)
    assert short.entries and not any(entry.get("content") for entry in short.entries)
    assert all(entry.summary for entry in short.entries)


# Post dates are Berlin wall-clock time. The offsets are worked out by hand (summer time in
# May, winter time in January), never by the conversion the code itself uses.
BERLIN_DATES = [
    (
        "aktuelles/2022/praxisleitfaden-fertig/",
        "2022-05-25T10:00:00+02:00",
        "Wed, 25 May 2022 10:00:00 +0200",
    ),
    (
        "aktuelles/2020/gruene-woche-2020/",
        "2020-01-17T10:00:00+01:00",
        "Fri, 17 Jan 2020 10:00:00 +0100",
    ),
]


@pytest.mark.parametrize(("path", "iso", "rfc822"), BERLIN_DATES, ids=["summer", "winter"])
def test_post_dates_carry_the_berlin_offset_of_their_day(published, path, iso, rfc822):
    url = f"{PUBLISH_URL}/{path}"
    page = published.page(path)
    assert page.xpath("//article//time/@datetime")[0] == iso
    assert page.xpath("//meta[@property='article:published_time']/@content") == [iso]
    atom = etree.parse(str(published.output / "feeds/alle.atom.xml")).getroot()
    (entry,) = [e for e in atom.iter(f"{ATOM}entry") if e.find(f"{ATOM}link").get("href") == url]
    assert entry.find(f"{ATOM}published").text == iso
    rss = etree.parse(str(published.output / "feeds/alle.rss.xml")).getroot()
    assert [i.findtext("pubDate") for i in rss.iter("item") if i.findtext("link") == url] == [
        rfc822
    ]
    document = json.loads((published.output / "feeds/alle.json").read_text(encoding="utf-8"))
    assert [i["date_published"] for i in document["items"] if i["url"] == url] == [iso]
