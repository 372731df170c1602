"""Editors start a post with one command; it passes the check and never overwrites a file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from regional_showcase.staff.cli import main
from regional_showcase.staff.new_post import create_post

from sitebuild import ROOT

BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 3, 2, 9, 15, tzinfo=BERLIN)


@pytest.fixture
def settings(tmp_path: Path) -> dict:
    """Settings as create_post reads them, writing into an empty content folder."""
    return {
        "PATH": str(tmp_path / "content"),
        "ARTICLE_PATHS": ["news"],
        "SHOWCASE_DATA": str(ROOT / "data/regions.yaml"),
        "TIMEZONE": "Europe/Berlin",
    }


def test_new_post_then_check_passes(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    status = main(
        [
            "new-post",
            "--title",
            "Grüne Woche: Straßenfest in Kempten",
            "--region",
            "allgaeu",
            "--region",
            "bodensee",
            "--topic",
            "Fachkräfte",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    lines = out.splitlines()
    created = re.fullmatch(
        r"Angelegt: (content/news/\d{4}-\d{2}-\d{2}-gruene-woche-strassenfest-in-kempten\.md)",
        lines[0],
    ).group(1)
    assert lines[1:] == [
        "Die Meldung ist ein Entwurf (Status: draft). Löschen Sie diese Zeile, wenn sie "
        "online gehen darf."
    ]
    text = (project / created).read_text(encoding="utf-8")
    day = created.removeprefix("content/news/")[:10]
    assert re.fullmatch(
        "Title: Grüne Woche: Straßenfest in Kempten\n"
        f"Date: {day} \\d\\d:\\d\\d\n"
        "Category: Fachkräfte\n"
        "Regions: allgaeu, bodensee\n"
        "Slug: gruene-woche-strassenfest-in-kempten\n"
        "Summary: Kurzfassung in ein bis zwei Sätzen.\n"
        "Status: draft\n"
        "\n"
        "Hier steht der Text der Meldung, in Markdown.\n",
        text,
    )
    assert main(["check"]) == 0, capsys.readouterr().err


def test_the_command_prints_the_reason_in_german(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    status = main(["new-post", "--title", "X", "--region", "allgau", "--topic", "Projekt"])
    assert status == 1
    assert capsys.readouterr().err == (
        "Fehler: unbekannte Region 'allgau' (meinten Sie 'allgaeu'?)\n"
    )


def test_new_post_never_overwrites(settings):
    fields = {"title": "Doppelt", "regions": ["alle"], "topic": "Projekt", "now": NOW}
    first = create_post(settings, **fields)
    with pytest.raises(FileExistsError) as error:
        create_post(settings, **fields)
    assert str(error.value) == f"{first} gibt es schon; wählen Sie einen anderen Titel"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"title": "X", "regions": ["allgau"], "topic": "Projekt"},
            "unbekannte Region 'allgau' (meinten Sie 'allgaeu'?)",
        ),
        (
            {"title": "X", "regions": ["harz"], "topic": "Projekt"},
            "unbekannte Region 'harz' (Regionen sind 'suedwestfalen', 'allgaeu', 'bodensee', "
            "'ems-achse', 'koblenz-mittelrhein', 'nordthueringen', 'vorpommern')",
        ),
        (
            {"title": "X", "regions": ["alle"], "topic": "Projekte"},
            "unbekannte Kategorie 'Projekte' (meinten Sie 'Projekt'?); erlaubt sind "
            "'Fachkräfte', 'Standortmarketing', 'Innovation & Strukturwandel', "
            "'Leben auf dem Land', 'Projekt'",
        ),
        (
            {"title": "!!!", "regions": ["alle"], "topic": "Projekt"},
            "der Titel '!!!' braucht Buchstaben oder Ziffern",
        ),
        ({"title": None, "regions": ["alle"], "topic": "Projekt"}, "Angabe fehlt: --title"),
        ({"title": "X", "regions": None, "topic": "Projekt"}, "Angabe fehlt: --region"),
        ({"title": "X", "regions": ["alle"], "topic": None}, "Angabe fehlt: --topic"),
    ],
)
def test_wrong_or_missing_answers_are_named(settings, fields, message):
    with pytest.raises(ValueError) as error:
        create_post(settings, **fields, now=NOW)
    assert str(error.value) == message
    assert not (Path(settings["PATH"]) / "news").exists() or not any(
        (Path(settings["PATH"]) / "news").iterdir()
    )


def test_missing_arguments_are_asked_for(settings):
    answers = iter(
        ["Neues aus Vorpommern", "vorpommern, ems-achse", "Standortmarketing", "Zwei Sätze."]
    )
    asked = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    # 23:30 UTC on 31 Dec is already 1 Jan in Berlin: the file name follows Berlin time.
    now = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC).astimezone(BERLIN)
    path = create_post(settings, title=None, regions=None, topic=None, ask=ask, now=now)
    assert path.name == "2026-01-01-neues-aus-vorpommern.md"
    assert [p.split(" ")[0] for p in asked] == ["Titel:", "Regionen", "Kategorie", "Kurzfassung:"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "Title: Neues aus Vorpommern\n"
        "Date: 2026-01-01 00:30\n"
        "Category: Standortmarketing\n"
        "Regions: vorpommern, ems-achse\n"
        "Slug: neues-aus-vorpommern\n"
        "Summary: Zwei Sätze.\n"
    )
