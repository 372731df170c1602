"""`showcase new-event` starts an event that passes the check; `event-versions` records times."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from regional_showcase.settings import ShowcaseSettings
from regional_showcase.staff.cli import main
from regional_showcase.staff.new_event import create_event

from sitebuild import ROOT

NOW = dt.datetime(2026, 11, 30, 9, 15, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture
def settings(tmp_path: Path) -> ShowcaseSettings:
    return ShowcaseSettings.from_pelican(
        {
            "PATH": str(tmp_path / "content"),
            "SHOWCASE_DATA": str(ROOT / "data/regions.yaml"),
            "TIMEZONE": "Europe/Berlin",
        }
    )


def test_new_event_then_check_passes_and_the_version_is_recorded(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    monkeypatch.setenv("SHOWCASE_BUILD_DATE", "2026-11-30")
    status = main(
        [
            "new-event",
            "--title",
            "Rückkehrertag: Heimvorteil",
            "--start",
            "28.12.2026 10:00",
            "--end",
            "28.12.2026 16:00",
            "--region",
            "suedwestfalen",
            "--topic",
            "Fachkräfte",
            "--place",
            'Stadthalle "Am Markt"',
            "--address",
            "Markt 1",
            "--city",
            "57072 Siegen",
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert status == 0
    assert out == [
        "Angelegt: content/termine/2026-12-28-rueckkehrertag-heimvorteil-2026.md",
        "Der Termin ist ein Entwurf (status: draft). Löschen Sie diese Zeile, wenn er online "
        "gehen darf.",
    ]
    text = (project / "content/termine/2026-12-28-rueckkehrertag-heimvorteil-2026.md").read_text()
    head = yaml.safe_load(text.split("---")[1])
    assert head["title"] == "Rückkehrertag: Heimvorteil"
    assert head["location"] == {
        "name": 'Stadthalle "Am Markt"',
        "address": "Markt 1",
        "city": "57072 Siegen",
    }
    assert (head["start"], head["end"], head["timezone"]) == (
        "2026-12-28 10:00",
        "2026-12-28 16:00",
        "Europe/Berlin",
    )
    assert head["status"] == "draft" and head["slug"] == "rueckkehrertag-heimvorteil-2026"
    versions = yaml.safe_load((project / "content/termine/versionen.yaml").read_text())
    assert versions["rueckkehrertag-heimvorteil-2026"] == {
        "sequence": 0,
        "times": "2026-12-28T10:00 / 2026-12-28T16:00 Europe/Berlin",
    }
    assert main(["check"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "Termine geprüft" in captured.out


def test_a_time_change_is_announced_and_recorded_by_event_versions(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    monkeypatch.setenv("SHOWCASE_BUILD_DATE", "2026-11-30")
    event = next((project / "content/termine").glob("2019-*.md"))
    event.write_text(event.read_text().replace("start: 2019-06-28", "start: 2019-06-29"))
    assert main(["check"]) == 0
    shown = event.relative_to(project).as_posix()
    assert capsys.readouterr().err == (
        f"{shown}:3: start: Hinweis: Zeit geändert seit der festgehaltenen Version "
        "(2019-06-28 / - Europe/Berlin); der Kalender meldet sie als Version 1. "
        "Halten Sie sie mit `showcase event-versions` fest.\n"
    )
    assert main(["event-versions"]) == 0
    assert capsys.readouterr().out == (
        "1 Termine in content/termine/versionen.yaml festgehalten.\n"
    )
    versions = yaml.safe_load((project / "content/termine/versionen.yaml").read_text())
    assert versions["eroeffnung-welcome-center-stettiner-haff-2019"] == {
        "sequence": 1,
        "times": "2019-06-29 / - Europe/Berlin",
    }
    assert main(["check"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": None}, "Angabe fehlt: --title"),
        ({"start": None}, "Angabe fehlt: --start"),
        (
            {"start": "31.02.2027"},
            "unmögliches Datum '31.02.2027': schreiben Sie TT.MM.JJJJ oder TT.MM.JJJJ HH:MM, "
            "z. B. 25.05.2022 10:00",
        ),
        ({"end": "10.01.2027 09:00"}, "das Ende liegt vor dem Beginn"),
        ({"end": "11.01.2027"}, "Beginn und Ende brauchen beide eine Uhrzeit, oder beide keine"),
        ({"regions": ["allgau"]}, "unbekannte Region 'allgau' (meinten Sie 'allgaeu'?)"),
        (
            {"topic": "Projekte"},
            "unbekannte Kategorie 'Projekte' (meinten Sie 'Projekt'?); erlaubt sind "
            "'Fachkräfte', 'Standortmarketing', 'Innovation & Strukturwandel', "
            "'Leben auf dem Land', 'Projekt'",
        ),
        ({"place": None}, "Angabe fehlt: --place"),
    ],
)
def test_wrong_or_missing_answers_are_named(settings, fields, message):
    given = {
        "title": "Treffen",
        "start": "10.01.2027 10:00",
        "end": "10.01.2027 12:00",
        "regions": ["alle"],
        "topic": "Projekt",
        "place": "Rathaus",
        "city": "Siegen",
        **fields,
    }
    with pytest.raises(ValueError) as error:
        create_event(settings, **given, now=NOW)
    assert str(error.value) == message
    assert not settings.events_path.exists()


def test_missing_arguments_are_asked_for_and_online_needs_a_link(settings):
    answers = iter(
        [
            "Online-Sprechstunde",
            "10.02.2027 14:00",
            "10.02.2027 15:00",
            "alle",
            "Fachkräfte",
            "online",
            "https://www.example.org/raum",
            "Fragen und Antworten.",
        ]
    )
    asked = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    path = create_event(settings, title=None, start=None, ask=ask, now=NOW)
    assert asked == [
        "Titel: ",
        "Beginn (TT.MM.JJJJ oder TT.MM.JJJJ HH:MM): ",
        "Ende (TT.MM.JJJJ HH:MM, leer lassen wenn offen): ",
        "Regionen (suedwestfalen, allgaeu, bodensee, ems-achse, koblenz-mittelrhein, "
        "nordthueringen, vorpommern oder alle): ",
        "Kategorie (Fachkräfte, Standortmarketing, Innovation & Strukturwandel, "
        "Leben auf dem Land, Projekt): ",
        "Ort (Name des Veranstaltungsorts, oder 'online'): ",
        "Link zur Teilnahme (https://…): ",
        "Kurzfassung: ",
    ]
    assert path.name == "2027-02-10-online-sprechstunde-2027.md"
    head = yaml.safe_load(path.read_text().split("---")[1])
    assert head["online"] == "https://www.example.org/raum" and "location" not in head
    assert head["summary"] == "Fragen und Antworten."
    with pytest.raises(FileExistsError):
        create_event(
            settings,
            title="Online-Sprechstunde",
            start="10.02.2027",
            regions=["alle"],
            topic="Projekt",
            online="https://www.example.org/raum",
            now=NOW,
        )
