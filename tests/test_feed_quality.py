"""Feeds that readers can rely on: valid, permanent ids, absolute links, readable in a browser."""

from __future__ import annotations

import json
import re

import feedparser
import pytest
from lxml import etree

from expectations import published_posts, region_data
from sitebuild import PUBLISH_URL, copy_project, run_build

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
        page = str(transform(etree.parse(str(published.output / name))))
        assert "Newsfeed" in page
        assert published_posts()[0].title.split(":")[0] in page or "<li>" in page


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
        assert 'type="application/atom+xml"' in text and "/feeds/alle.atom.xml" in text, page_file


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
    for feed in xml_feeds(published):
        url = f"{PUBLISH_URL}/{feed.relative_to(published.output)}"
        assert url in values, url


def entry_ids(build) -> dict[str, str]:
    parsed = feedparser.parse((build.output / "feeds/alle.atom.xml").read_bytes())
    return {entry.link.rsplit("/", 2)[-2]: entry.id for entry in parsed.entries}


def test_ids_survive_a_title_edit_and_a_domain_change(tmp_path, published):
    project = copy_project(tmp_path / "project")
    post = sorted((project / "content/news").glob("*.md"))[0]
    text = post.read_text(encoding="utf-8")
    post.write_text(
        re.sub(r"^title: .*$", "title: Ganz neuer Titel", text, count=1, flags=re.M),
        encoding="utf-8",
    )
    moved = run_build(project, publish=True, env={"SITEURL": "https://neu.example.net"})
    assert moved.returncode == 0, moved.log
    before, after = entry_ids(published), entry_ids(moved)
    assert before == after
    assert "Ganz neuer Titel" in (moved.output / "feeds/alle.atom.xml").read_text(encoding="utf-8")


def test_modified_sets_the_updated_date(project):
    post = sorted((project / "content/news").glob("*.md"))[0]
    text = post.read_text(encoding="utf-8")
    post.write_text(
        text.replace("summary:", "modified: 2025-01-02 09:30\nsummary:", 1), encoding="utf-8"
    )
    build = run_build(project, publish=True)
    assert build.returncode == 0, build.log
    root = etree.parse(str(build.output / "feeds/alle.atom.xml")).getroot()
    updated = [e.find(f"{ATOM}updated").text for e in root.iter(f"{ATOM}entry")]
    assert "2025-01-02T09:30:00+01:00" in updated


def test_feeds_keep_at_most_the_configured_number_of_items(project):
    news = project / "content/news"
    for day in range(1, 56):
        (news / f"2023-01-{day % 28 + 1:02d}-massen-{day}.md").write_text(
            f"Title: Meldung {day}\nDate: 2023-01-{day % 28 + 1:02d}\nCategory: Projekt\n"
            f"Regions: allgaeu\nSlug: massen-{day}\nSummary: Kurz.\n\nText.\n",
            encoding="utf-8",
        )
    build = run_build(project, publish=True)
    assert build.returncode == 0, build.log
    parsed = feedparser.parse((build.output / "feeds/regionen/allgaeu.atom.xml").read_bytes())
    assert len(parsed.entries) == 50


@pytest.mark.parametrize("summary_only", [False, True])
def test_a_setting_switches_feeds_to_summaries(project, summary_only):
    build = run_build(
        project,
        publish=True,
        extra=("-e", f"SHOWCASE_FEED_SUMMARY_ONLY={str(summary_only).lower()}"),
    )
    assert build.returncode == 0, build.log
    parsed = feedparser.parse((build.output / "feeds/alle.atom.xml").read_bytes())
    assert all(bool(entry.get("content")) is not summary_only for entry in parsed.entries)
