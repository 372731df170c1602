"""Feed entry ids: permanent across corrections, and never shared by two posts.

Ids followed the `date:` field, so correcting two shipped posts' dates (6ca7112) made them
new entries in every reader, and the Welcome Center post and its English translation shared
one id, so newsboat showed one of them. Ids now come from the file name (data/feed_ids.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import feedparser
import pytest

from regional_showcase.data.feed_ids import entry_id, feed_id_problems
from regional_showcase.data.posts import post_files

from sitebuild import ROOT

DOMAIN = "starke-regionen.de"
# As published before 6ca7112 re-dated the two posts (2021-03-01 10:00 and 2023-01-01 10:00).
RESTORED = (
    "tag:starke-regionen.de,2021-03-01:online-umfrage",
    "tag:starke-regionen.de,2023-01-01:allgaeu-mehr-freiraum",
)


def test_correcting_date_or_title_keeps_the_id():
    path = Path("content/news/2021-03-01-online-umfrage.md")
    first = entry_id(DOMAIN, path, dt.date(2021, 3, 1), "online-umfrage")
    corrected = entry_id(DOMAIN, path, dt.datetime(2021, 4, 5, 10, 0), "online-umfrage")
    assert first == corrected == RESTORED[0]


def test_a_translation_named_like_its_original_gets_its_language():
    german = Path("content/news/2023-12-22-welcome-center-stettiner-haff.md")
    english = Path("content/news/en/2023-12-22-welcome-center-stettiner-haff.md")
    day, slug = dt.date(2023, 12, 22), "welcome-center-stettiner-haff"
    assert entry_id(DOMAIN, german, day, slug, "de", slug, "de") == (
        "tag:starke-regionen.de,2023-12-22:welcome-center-stettiner-haff"
    )
    assert entry_id(DOMAIN, english, day, slug, "en", slug, "de") == (
        "tag:starke-regionen.de,2023-12-22:en/welcome-center-stettiner-haff"
    )


def test_a_translation_named_otherwise_keeps_its_published_id():
    english = Path("content/news/en/2023-06-21-allgaeu-more-room-to-breathe.md")
    found = entry_id(
        DOMAIN, english, dt.date(2023, 6, 21), "allgaeu-more-room-to-breathe", "en",
        "allgaeu-mehr-freiraum", "de",
    )  # fmt: skip
    assert found == "tag:starke-regionen.de,2023-06-21:allgaeu-more-room-to-breathe"


@pytest.mark.parametrize("name", ["notiz.md", "2024-13-01-notiz.md"])
def test_a_file_without_a_day_in_its_name_falls_back_to_date_and_slug(name):
    found = entry_id(DOMAIN, Path(name), dt.date(2024, 3, 1), "notiz")
    assert found == "tag:starke-regionen.de,2024-03-01:notiz"


def write_post(path: Path, date: str, slug: str, extra: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: T\ndate: {date}\nregions: allgaeu\ncategory: Projekt\nsummary: S.\n"
        f"slug: {slug}\n{extra}---\n\nText.\n",
        encoding="utf-8",
    )
    return path


def test_two_posts_sharing_an_id_are_refused_the_newer_one_told(tmp_path):
    news = tmp_path / "news"
    write_post(news / "2024-03-01-treffen.md", "2024-03-01 10:00", "treffen")
    # Named after a day, dated another: its fallback id is the first post's.
    write_post(news / "treffen-nachtrag.md", "2024-03-01 12:00", "treffen")
    # A translation into English under its own name but its original's day and slug part.
    write_post(
        news / "en/2024-03-01-treffen.md", "2024-03-01", "meeting",
        "lang: en\ntranslation_key: anderes\n",
    )  # fmt: skip
    write_post(news / "2024-03-02-anderes.md", "2024-03-02", "anderes")
    problems = feed_id_problems(post_files(news), DOMAIN, "de")
    first = news / "2024-03-01-treffen.md"
    assert [(p.file, p.line, p.field, p.message) for p in problems] == [
        (
            str(news / "en/2024-03-01-treffen.md"),
            0,
            "",
            "die Feed-Kennung 'tag:starke-regionen.de,2024-03-01:treffen' hat schon "
            f"{first}: Feed-Reader zeigten nur eine der beiden Meldungen; geben Sie dieser "
            "Datei einen anderen Namen, z. B. 2024-03-01-treffen-2.md",
        ),
        (
            str(news / "treffen-nachtrag.md"),
            0,
            "",
            "die Feed-Kennung 'tag:starke-regionen.de,2024-03-01:treffen' hat schon "
            f"{first}: Feed-Reader zeigten nur eine der beiden Meldungen; geben Sie dieser "
            "Datei einen anderen Namen, z. B. 2024-03-01-treffen-nachtrag.md",
        ),
    ]


def test_the_shipped_posts_share_no_id():
    assert feed_id_problems(post_files(ROOT / "content/news"), DOMAIN, "de") == []


def every_entry(output: Path) -> list[tuple[str, str, str]]:
    """(feed, id, link) of every entry of every Atom, RSS and JSON feed of both editions."""
    found = []
    for feed in sorted([*output.glob("feeds/**/*.xml"), *output.glob("en/feeds/**/*.xml")]):
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
        found += [(feed.name, entry.id, entry.link) for entry in parsed.entries]
    for feed in sorted([*output.glob("feeds/**/*.json"), *output.glob("en/feeds/**/*.json")]):
        items = json.loads(feed.read_text(encoding="utf-8"))["items"]
        found += [(feed.name, item["id"], item["url"]) for item in items]
    return found


@pytest.mark.build
def test_one_id_per_post_across_every_feed_of_both_editions(published):
    entries = every_entry(published.output)
    kinds = {name.split(".", 1)[1] for name, _, _ in entries}
    assert kinds == {"atom.xml", "rss.xml", "json"}
    assert any(link.split("/", 3)[3].startswith("en/") for _, _, link in entries)
    posts_of, ids_of = defaultdict(set), defaultdict(set)
    for _, found, link in entries:
        posts_of[found].add(link)
        ids_of[link].add(found)
    assert {i: links for i, links in posts_of.items() if len(links) > 1} == {}
    assert {link: ids for link, ids in ids_of.items() if len(ids) > 1} == {}
    assert set(RESTORED) <= set(posts_of)
