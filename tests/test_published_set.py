"""`showcase published-set`: what a publish build puts online, as one stable hash."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from regional_showcase.content_types.registry import published_candidates
from regional_showcase.data.published_set import published_files, published_set
from regional_showcase.settings import apply_defaults
from regional_showcase.staff.cli import _settings, main

BERLIN = ZoneInfo("Europe/Berlin")
POST = "---\ntitle: T\ndate: {date}\nregions: [alle]\ncategory: Projekt\nsummary: S.\n{extra}---\n\nText.\n"


@pytest.fixture
def content(tmp_path):
    news = tmp_path / "content/news"
    news.mkdir(parents=True)
    (news / "2024-01-01-alt.md").write_text(POST.format(date="2024-01-01 10:00", extra=""))
    (news / "2024-02-01-entwurf.md").write_text(
        POST.format(date="2024-02-01 10:00", extra="status: Entwurf\n")
    )
    (news / "2024-03-04-montag.md").write_text(POST.format(date="04.03.2024 09:00", extra=""))
    return tmp_path / "content"


def candidates(content, **settings):
    """What the registry counts for a site with this content folder (posts in news/)."""
    project = {"PATH": str(content), "ARTICLE_PATHS": ["news"], "SHOWCASE_DATA": "regions.yaml"}
    typed = apply_defaults({**project, **settings})
    return published_candidates(typed)


def test_drafts_and_posts_not_yet_due_are_not_online(content):
    sunday = dt.datetime(2024, 3, 3, 12, 0, tzinfo=BERLIN)
    assert published_files(content, candidates(content), sunday, "Europe/Berlin") == [
        "news/2024-01-01-alt.md"
    ]


def test_the_hash_changes_when_a_scheduled_post_comes_due(content):
    def at(hour: int, minute: int = 0) -> str:
        now = dt.datetime(2024, 3, 4, hour, minute, tzinfo=BERLIN)
        return published_set(content, candidates(content), now, "Europe/Berlin")

    assert at(8, 59) == at(7)  # nothing came due: the scheduled build is skipped
    assert at(9, 0) != at(8, 59)  # Monday 09:00 in Berlin: it goes online
    assert at(10) == at(9)


def test_events_count_when_there_are_any(content):
    events = content / "termine"
    events.mkdir()
    (events / "messe.md").write_text("---\ntitle: Messe\n---\n\nText.\n")
    now = dt.datetime(2024, 3, 3, tzinfo=BERLIN)
    assert "termine/messe.md" in published_files(content, candidates(content), now, "Europe/Berlin")


def test_events_count_from_the_folder_the_settings_name(content):
    events = content / "veranstaltungen"
    events.mkdir()
    (events / "messe.md").write_text("---\ntitle: Messe\n---\n\nText.\n")
    (events / "beispiele").mkdir()
    (events / "beispiele/probe.md").write_text("---\ntitle: Probe\n---\n\nText.\n")
    now = dt.datetime(2024, 3, 3, tzinfo=BERLIN)
    found = candidates(content, SHOWCASE_EVENTS_DIR="veranstaltungen", SHOWCASE_EVENT_SAMPLES=False)
    # The samples never go online in a publish build, so they do not count either.
    assert published_files(content, found, now, "Europe/Berlin") == [
        "news/2024-01-01-alt.md",
        "veranstaltungen/messe.md",
    ]


def test_the_command_prints_the_hash_the_build_writes(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["published-set"]) == 0
    printed = capsys.readouterr().out.strip()
    now = dt.datetime.now(BERLIN)
    found = published_candidates(_settings("pelicanconf.py"))
    assert printed == published_set(project / "content", found, now, "Europe/Berlin")
    assert len(printed) == 64


@pytest.mark.build
def test_the_publish_build_says_what_it_put_online(published):
    written = (published.output / "published-set.txt").read_text(encoding="utf-8").strip()
    content = published.project / "content"
    # publishconf.py leaves the event samples out (another test's pelicanconf may be the one
    # Python has imported, so its settings are not read here).
    found = candidates(content, SHOWCASE_EVENT_SAMPLES=False)
    now = dt.datetime.now(BERLIN)
    assert written == published_set(content, found, now, "Europe/Berlin")


def test_the_paths_are_below_content_however_it_is_written(content, monkeypatch):
    """published_files names each file as relative_to(content).as_posix() does (it cuts the
    text where it can), for content/ written relative, absolute, with "./" or as "."."""
    from pathlib import Path

    now = dt.datetime(2024, 3, 3, tzinfo=BERLIN)
    monkeypatch.chdir(content.parent)
    for folder in (Path("content"), content, Path("./content")):
        found = [(folder / "news/2024-01-01-alt.md", True)]
        assert published_files(folder, found, now, "Europe/Berlin") == ["news/2024-01-01-alt.md"]
    monkeypatch.chdir(content)
    found = [(Path("news/2024-01-01-alt.md"), True)]
    assert published_files(Path("."), found, now, "Europe/Berlin") == ["news/2024-01-01-alt.md"]
