"""Editors start a post with one command; it passes the check and never overwrites a file."""

from __future__ import annotations

import re

from sitebuild import run_showcase


def test_new_post_then_check_passes(project):
    result = run_showcase(
        project,
        "new-post",
        "--title",
        "Grüne Woche: Straßenfest in Kempten",
        "--region",
        "allgaeu",
        "--region",
        "bodensee",
        "--topic",
        "Fachkräfte",
    )
    assert result.returncode == 0, result.stderr
    created = re.search(r"Created (\S+)", result.stdout).group(1)
    assert (
        "It is a draft (Status: draft). Remove that line when the post may go live."
        in result.stdout
    )
    text = (project / created).read_text(encoding="utf-8")
    assert re.search(
        r"content/news/\d{4}-\d{2}-\d{2}-gruene-woche-strassenfest-in-kempten\.md$", created
    )
    for field in (
        "Title: Grüne Woche: Straßenfest in Kempten",
        "Category: Fachkräfte",
        "Regions: allgaeu, bodensee",
        "Slug: gruene-woche-strassenfest-in-kempten",
        "Status: draft",
        "Summary: ",
    ):
        assert field in text
    assert re.search(r"^Date: \d{4}-\d{2}-\d{2} \d{2}:\d{2}$", text, re.MULTILINE)
    check = run_showcase(project, "check")
    assert check.returncode == 0, check.stderr


def test_new_post_never_overwrites(project):
    args = ("new-post", "--title", "Doppelt", "--region", "alle", "--topic", "Projekt")
    assert run_showcase(project, *args).returncode == 0
    second = run_showcase(project, *args)
    assert second.returncode == 1
    assert "already exists; choose another title" in second.stderr


def test_new_post_rejects_unknown_region_with_suggestion(project):
    result = run_showcase(
        project, "new-post", "--title", "X", "--region", "allgau", "--topic", "Projekt"
    )
    assert result.returncode == 1
    assert "error: unknown region 'allgau' (did you mean 'allgaeu'?)" in result.stderr


def test_new_post_without_a_terminal_names_the_missing_argument(project):
    result = run_showcase(project, "new-post", "--region", "alle", "--topic", "Projekt")
    assert result.returncode == 1
    assert "error: missing --title" in result.stderr


def test_missing_arguments_are_asked_for(project):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from regional_showcase.settings import ShowcaseSettings
    from regional_showcase.staff.new_post import create_post

    answers = iter(
        ["Neues aus Vorpommern", "vorpommern, ems-achse", "Standortmarketing", "Zwei Sätze."]
    )
    asked = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    settings = {
        "PATH": str(project / "content"),
        "ARTICLE_PATHS": ["news"],
        "SHOWCASE_DATA": str(project / "data/regions.yaml"),
        "TIMEZONE": "Europe/Berlin",
    }
    # 23:30 UTC on 31 Dec is already 1 Jan in Berlin: the file name follows Berlin time.
    now = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Berlin"))
    typed = ShowcaseSettings.from_pelican(settings)
    path = create_post(typed, title=None, regions=None, topic=None, ask=ask, now=now)
    assert path.name == "2026-01-01-neues-aus-vorpommern.md"
    assert [p.split(" ")[0] for p in asked] == ["Titel:", "Regionen", "Thema", "Kurzfassung:"]
    text = path.read_text(encoding="utf-8")
    assert "Regions: vorpommern, ems-achse\n" in text and "Summary: Zwei Sätze.\n" in text
