"""A post date is as precise as its source: `Date: 2022-05` is shown as "Mai 2022"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from regional_showcase.data.dates import MonthDate, parse_month
from regional_showcase.data.loader import load_site_data
from regional_showcase.data.posts import check_post, parse_date
from regional_showcase.german import date_de, is_month_only, isodate
from regional_showcase.markup import render_markdown

from sitebuild import ROOT


def test_a_month_only_date_is_the_first_moment_of_that_month():
    month = parse_month("2022-05", "Europe/Berlin")
    assert isinstance(month, MonthDate) and is_month_only(month)
    assert month.isoformat() == "2022-05-01T00:00:00+02:00"  # for sorting and feeds
    assert parse_month("2022-05-25") is None
    with pytest.raises(ValueError):  # DateError, with the German explanation
        parse_month("2022-13")


def test_pages_show_only_the_month_and_machines_read_a_month_string():
    month = parse_month("2022-05", "Europe/Berlin")
    assert date_de(month) == "Mai 2022"
    assert isodate(month) == "2022-05"  # valid in <time datetime> and as ISO 8601
    day = dt.datetime(2022, 5, 25, 10, 0)
    assert (date_de(day), isodate(day)) == ("25. Mai 2022", "2022-05-25T10:00:00")


def test_the_post_rules_accept_a_month_and_keep_its_precision():
    assert is_month_only(parse_date("2021-03"))
    assert is_month_only(parse_date("03.2021"))  # the German way round
    assert parse_date("03.2021") == parse_date("2021-03")
    assert not is_month_only(parse_date("2021-03-05"))
    assert not is_month_only(parse_date("05.03.2021"))


def post(tmp_path: Path, monkeypatch, header: str) -> list[str]:
    monkeypatch.chdir(tmp_path)
    Path("content/news").mkdir(parents=True)
    path = Path("content/news/2024-03-01-test.md")
    path.write_text(
        f"Title: Test\n{header}Category: Projekt\nRegions: alle\nSummary: Kurz.\n\nText.\n",
        encoding="utf-8",
    )
    site = load_site_data(ROOT / "data/regions.yaml", render=render_markdown)
    return [str(p) for p in check_post(path, site, Path("content"))[0]]


def test_a_post_dated_to_the_month_passes_the_check(tmp_path, monkeypatch):
    assert post(tmp_path, monkeypatch, "Date: 2022-05\n") == []


def test_modified_needs_a_day(tmp_path, monkeypatch):
    assert post(tmp_path, monkeypatch, "Date: 2022-05\nModified: 2022-06\n") == [
        "content/news/2024-03-01-test.md:3: Modified: '2022-06' nennt nur den Monat: "
        "Modified braucht einen Tag, z. B. 2022-05-25 10:00 (nur Date darf JJJJ-MM sein)"
    ]


def test_a_month_that_does_not_exist_is_refused(tmp_path, monkeypatch):
    assert post(tmp_path, monkeypatch, "Date: 2022-13\n") == [
        "content/news/2024-03-01-test.md:2: Date: unmögliches Datum '2022-13': schreiben Sie "
        "TT.MM.JJJJ oder TT.MM.JJJJ HH:MM, z. B. 25.05.2022 10:00"
    ]


@pytest.mark.build
def test_the_chronicle_shows_month_only_dates_and_feeds_date_them_sensibly(published):
    times = {}
    for page in (
        "aktuelles/",  # all the shipped posts: fewer than two blocks (stable_pages.py)
        "aktuelles/2020/suedwestfalen-regionalmarketing/",
    ):
        times |= {t.get("datetime"): t.text_content() for t in published.page(page).iter("time")}
    assert times["2022-06"] == "Juni 2022"
    assert times["2020-03"] == "März 2020"
    # No first-of-the-month date that no source gives.
    assert not any(value.startswith(("2020-03-01", "2022-03-01", "2022-06-01")) for value in times)
    import feedparser

    feed = feedparser.parse(published.file("feeds/alle.atom.xml").read_bytes())
    brand = next(e for e in feed.entries if e.link.endswith("/vorpommern-neue-marke/"))
    assert brand.published.startswith("2022-06-01T00:00:00")  # the month's first moment


@pytest.mark.build
def test_the_closed_survey_says_so(published):
    page = published.page("aktuelles/2021/online-umfrage/")
    text = " ".join(page.text_content().split())
    assert "Die Umfrage ist geschlossen." in text
    assert "5. April 2021" in text
