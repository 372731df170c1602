"""Review of round 8's skipped build (unchanged_build.py): what the time decides beyond the
day and Pelican's posts."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_unchanged_build import (  # noqa: F401 (site: a fixture)
    current,
    recorded,
    rewritten_in_place,
    site,
)

from regional_showcase.unchanged_build import content_dates, until_of

# 13:00 in Berlin.
NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


def ns(moment: dt.datetime) -> int:
    return round(moment.timestamp() * 1e9)


@pytest.fixture
def in_utc(monkeypatch):
    """The process in UTC: a naive date's reading there is later than the site's."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_press_release_coming_online_ends_the_skip(in_utc):
    """A press release dated later today (content/presse/, naive: the site's time) comes
    online with the first build after its time (press/generator.py is_online); Pelican's
    generators do not hold it, the check's publication facts do (generator.py
    `publication`: every file counting in published-set.txt)."""
    due = dt.datetime(2026, 12, 7, 15, 0)  # 15:00 in Berlin
    showcase = SimpleNamespace(
        showcase=SimpleNamespace(timezone="Europe/Berlin"),
        publication=(
            (Path("content/news/2026-01-01-a.md"), True, dt.datetime(2026, 1, 1)),
            (Path("content/termine/fest.md"), False, True),
            (Path("content/presse/2026-12-08-entwurf.md"), True, False),  # a draft
            (Path("content/presse/2026-12-07-heute.md"), True, due),
        ),
    )
    dates = content_dates([showcase, SimpleNamespace(articles=[], drafts=[])])
    until = until_of(ns(NOW), "Europe/Berlin", dates)
    assert until == ns(due.replace(tzinfo=dt.timezone(dt.timedelta(hours=1))))


def test_a_file_of_the_output_overwritten_in_place_with_its_time_kept_builds(
    site,  # noqa: F811 (the fixture)
):
    """test_incremental's overwrite_output edit, at the skip: the next build must put the
    page right, so the look may not leave output/ as it is (its change time tells)."""
    record = recorded(site)
    rewritten_in_place(site / "output/index.html")
    assert not current(site, record)
