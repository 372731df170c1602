"""Every rule for event files, called as a function, with its exact German message."""

from __future__ import annotations

import datetime as dt

import pytest
from eventfiles import check_text, event_text

from regional_showcase.events.loader import build_date, load_events
from regional_showcase.events.versions import Version
from regional_showcase.settings import SettingsError, ShowcaseSettings

from sitebuild import ROOT

F = "content/termine/2027-03-28-rueckkehrertag.md"

CASES = [
    (
        "end before start",
        event_text(end="2027-03-28 09:00"),
        f"{F}:4: end: das Ende (28.03.2027 09:00) liegt vor dem Beginn (28.03.2027 10:00): "
        "prüfen Sie Datum und Uhrzeit",
    ),
    (
        "all-day end before start",
        event_text(start="2027-03-28", end="2027-03-27", timezone=None),
        f"{F}:4: end: das Ende (27.03.2027) liegt vor dem Beginn (28.03.2027): "
        "prüfen Sie Datum und Uhrzeit",
    ),
    (
        "missing place",
        event_text(location=None),
        f"{F}:1: location: Ort fehlt: geben Sie 'location:' mit name, address und city an, "
        "oder 'online:' mit dem Link zur Teilnahme",
    ),
    (
        "place without city",
        event_text(location="\n  name: Stadthalle"),
        f"{F}:6: location.city: fehlt: ergänzen Sie unter 'location:' die Zeile '  city: …'",
    ),
    (
        "place as one line",
        event_text(location="Stadthalle Siegen"),
        f"{F}:6: location: der Ort braucht 'name', 'address' und 'city', jeweils eingerückt "
        "in eigenen Zeilen unter 'location:'",
    ),
    (
        "online without link",
        event_text(location=None, online="ja"),
        f"{F}:10: online: Online-Termin ohne Link: tragen Sie den Link zur Teilnahme ein, "
        "z. B. 'online: https://…'",
    ),
    (
        "online as the place, without link",
        event_text(location="online"),
        f"{F}:6: location: Online-Termin ohne Link: tragen Sie den Link zur Teilnahme ein, "
        "z. B. 'online: https://…'",
    ),
    (
        "online link that is not a web address",
        event_text(location=None, online="javascript:alert(1)"),
        f"{F}:10: online: Link 'javascript:alert(1)' ist nicht erlaubt: "
        "verwenden Sie eine Adresse mit https://",
    ),
    (
        "unknown region",
        event_text(regions="allgau"),
        f"{F}:10: regions: unbekannte Region 'allgau' (meinten Sie 'allgaeu'?)",
    ),
    (
        "unknown region, nothing close",
        event_text(regions="xyz"),
        f"{F}:10: regions: unbekannte Region 'xyz' (Regionen sind 'suedwestfalen', 'allgaeu', "
        "'bodensee', 'ems-achse', 'koblenz-mittelrhein', 'nordthueringen', 'vorpommern')",
    ),
    (
        "alle with other regions",
        event_text(regions="alle, allgaeu"),
        f"{F}:10: regions: 'alle' meint schon alle Regionen: entfernen Sie die anderen",
    ),
    (
        "time without time zone",
        event_text(timezone=None),
        f"{F}:3: start: Uhrzeit ohne Zeitzone: ergänzen Sie die Zeile 'timezone: Europe/Berlin'",
    ),
    (
        "unknown time zone",
        event_text(timezone="Europe/Berln"),
        f"{F}:5: timezone: unbekannte Zeitzone 'Europe/Berln' (meinten Sie 'Europe/Berlin'?)",
    ),
    (
        "time with a UTC offset",
        event_text(start="2027-03-28T10:00:00+01:00"),
        f"{F}:3: start: '2027-03-28 10:00:00+01:00' hat einen UTC-Versatz: schreiben Sie die "
        "Ortszeit und die Zeitzone in 'timezone: Europe/Berlin'",
    ),
    (
        "impossible date",
        event_text(start="2027-02-30 10:00"),
        f"{F}:3: start: unmögliches Datum '2027-02-30 10:00': schreiben Sie TT.MM.JJJJ oder "
        "TT.MM.JJJJ HH:MM, z. B. 25.05.2022 10:00",
    ),
    (
        "month-first date",
        event_text(start="12/28/2027 10:00"),
        f"{F}:3: start: mehrdeutiges Datum '12/28/2027 10:00': ist der 12.28.2027 oder der "
        "28.12.2027 gemeint? schreiben Sie TT.MM.JJJJ oder TT.MM.JJJJ HH:MM, z. B. 25.05.2022 10:00",
    ),
    (
        "start with time, end without",
        event_text(end="2027-03-29"),
        f"{F}:4: end: Beginn und Ende brauchen beide eine Uhrzeit, oder beide keine (ganztägig)",
    ),
    (
        "missing title",
        event_text(title=None),
        f"{F}:1: title: fehlt: ergänzen Sie die Zeile 'title: …'",
    ),
    (
        "unknown field",
        event_text(ort="Siegen"),
        f"{F}:14: ort: unbekanntes Feld (erlaubt: 'title', 'start', 'regions', 'category', "
        "'summary', 'end', 'timezone', 'location', 'online', 'organizer', 'registration', "
        "'status', 'date', 'modified', 'slug')",
    ),
    (
        "misspelt field",
        event_text(titel="x", title=None),
        f"{F}:1: title: fehlt: ergänzen Sie die Zeile 'title: …'",
    ),
    (
        "unknown category",
        event_text(category="Fachkraft"),
        f"{F}:11: category: unbekannte Kategorie 'Fachkraft' (meinten Sie 'Fachkräfte'?); "
        "erlaubt sind 'Fachkräfte', 'Standortmarketing', 'Innovation & Strukturwandel', "
        "'Leben auf dem Land', 'Projekt'",
    ),
    (
        "unknown status",
        event_text(status="abgesagt"),
        f"{F}:14: status: unbekannter Status 'abgesagt'; erlaubt: 'published', 'draft', "
        "'cancelled'",
    ),
    (
        "bad registration link",
        event_text(registration="www.example.org"),
        f"{F}:14: registration: Link 'www.example.org' ist nicht erlaubt: "
        "verwenden Sie eine Adresse mit https://",
    ),
    (
        "bad slug",
        event_text(slug="Rückkehrertag 2027"),
        f"{F}:14: slug: 'Rückkehrertag 2027' ist kein gültiger Slug: nur a-z, 0-9 und "
        "einzelne Bindestriche",
    ),
    (
        "no front matter",
        "title: Rückkehrertag\n",
        f"{F}:1: Termine beginnen mit Kopfdaten in YAML zwischen zwei Zeilen '---' "
        "(Vorlage: `showcase new-event`)",
    ),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_names_file_line_field_and_fix(tmp_path, text, expected):
    checked = check_text(tmp_path, text)
    messages = [str(p) for p in checked.problems]
    assert expected in messages, "\n".join(messages)
    assert checked.event is None


def test_misspelt_field_gets_a_suggestion(tmp_path):
    checked = check_text(tmp_path, event_text(titel="Rückkehrertag", title=None))
    assert f"{F}:13: titel: unbekanntes Feld (meinten Sie 'title'?)" in map(str, checked.problems)


def test_a_valid_event_has_no_problem_and_no_warning(tmp_path):
    checked = check_text(tmp_path, event_text())
    assert checked.problems == [] and checked.warnings == []
    event = checked.event
    assert event.slug == "rueckkehrertag" and event.title == "Rückkehrertag"
    assert event.start.isoformat() == "2027-03-28T10:00:00+02:00"  # summer time from that day
    assert event.place.postal_code == "57072" and event.place.locality == "Siegen"
    assert event.organizer == "Südwestfalen Agentur GmbH"


def test_german_dates_are_read_too(tmp_path):
    event = check_text(tmp_path, event_text(start="28.03.2027 10:00", end="28.03.2027 16:00")).event
    assert event.start.isoformat() == "2027-03-28T10:00:00+02:00"


def test_an_event_more_than_two_years_ahead_is_a_warning_not_a_problem(tmp_path):
    checked = check_text(tmp_path, event_text(start="2029-01-10 10:00", end="2029-01-10 12:00"))
    assert checked.problems == []
    assert [str(w) for w in checked.warnings] == [
        f"{F}:3: start: Hinweis: der Termin liegt mehr als zwei Jahre in der Zukunft "
        "(10.01.2029); stimmt das Jahr?"
    ]
    assert checked.event is not None


def test_a_past_draft_is_fine(tmp_path):
    checked = check_text(
        tmp_path, event_text(start="2020-05-01", end="2020-05-01", timezone=None, status="draft")
    )
    assert checked.problems == [] and checked.warnings == []
    assert checked.event.draft and not checked.event.is_upcoming(dt.date(2026, 11, 30))


def test_online_event_with_link(tmp_path):
    event = check_text(
        tmp_path, event_text(location=None, online="https://www.example.org/treffen")
    ).event
    assert event.attendance_mode == "online" and event.place is None


def test_a_time_change_raises_the_sequence_and_asks_to_record_it(tmp_path):
    recorded = {"rueckkehrertag": Version(1, "2027-03-28T10:00 / 2027-03-28T16:00 Europe/Berlin")}
    same = check_text(tmp_path, event_text(), versions=recorded)
    assert same.event.sequence == 1 and same.warnings == []
    moved = check_text(tmp_path, event_text(start="2027-03-28 11:00"), versions=recorded)
    assert moved.event.sequence == 2
    assert [str(w) for w in moved.warnings] == [
        f"{F}:3: start: Hinweis: Zeit geändert seit der festgehaltenen Version "
        "(2027-03-28T10:00 / 2027-03-28T16:00 Europe/Berlin); der Kalender meldet sie als "
        "Version 2. Halten Sie sie mit `showcase event-versions` fest."
    ]
    retitled = check_text(tmp_path, event_text(title="Neuer Titel"), versions=recorded)
    assert retitled.event.sequence == 1


def _settings(tmp_path, **extra):
    return ShowcaseSettings.from_pelican(
        {"PATH": str(tmp_path), "SHOWCASE_DATA": str(ROOT / "data/regions.yaml"), **extra}
    )


def test_two_events_with_one_slug_are_refused(tmp_path, monkeypatch):
    from eventfiles import SITE

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "termine"
    folder.mkdir()
    (folder / "a.md").write_text(event_text(slug="tag"), encoding="utf-8")
    (folder / "b.md").write_text(event_text(slug="tag"), encoding="utf-8")
    listing = load_events(_settings(tmp_path, SHOWCASE_BUILD_DATE="2026-11-30"), SITE)
    assert [str(p) for p in listing.problems] == [
        "termine/b.md:1: slug: 'tag' hat schon termine/a.md: der Slug ist die feste Kennung "
        "im Kalender; geben Sie diesem Termin einen eigenen 'slug: …'"
    ]


def test_samples_only_with_the_setting_and_never_a_non_markdown_file(tmp_path, monkeypatch):
    from eventfiles import SITE

    monkeypatch.chdir(tmp_path)
    samples = tmp_path / "termine" / "beispiele"
    samples.mkdir(parents=True)
    (samples / "x.md").write_text(event_text(), encoding="utf-8")
    (tmp_path / "termine" / "notiz.txt").write_text("x", encoding="utf-8")
    settings = _settings(tmp_path, SHOWCASE_BUILD_DATE="2026-11-30")
    without = load_events(settings, SITE)
    assert without.events == []
    assert [str(p) for p in without.problems] == [
        "termine/notiz.txt: kein Termin: Termine sind Markdown-Dateien mit der Endung .md"
    ]
    with_samples = load_events(
        _settings(tmp_path, SHOWCASE_BUILD_DATE="2026-11-30", SHOWCASE_EVENT_SAMPLES=True), SITE
    )
    assert [e.slug for e in with_samples.events] == ["x"]


def test_build_date_setting_and_default(tmp_path):
    assert build_date(_settings(tmp_path, SHOWCASE_BUILD_DATE="2027-01-02")) == dt.date(2027, 1, 2)
    assert isinstance(build_date(_settings(tmp_path)), dt.date)
    with pytest.raises(SettingsError) as error:
        _settings(tmp_path, SHOWCASE_BUILD_DATE="2.1.2027")
    assert error.value.problems == [
        "SHOWCASE_BUILD_DATE: erwartet ein Datum wie '2026-11-30', gefunden '2.1.2027'"
    ]


def test_the_text_follows_the_posts_rules(tmp_path):
    from eventfiles import SITE, TODAY

    from regional_showcase.data.post_body import BodyRules
    from regional_showcase.events.rules import check_event

    path = tmp_path / "2027-03-28-rueckkehrertag.md"
    path.write_text(event_text(body="Text.\n\n![Plakat](https://cdn.example.com/p.jpg)"))
    checked = check_event(path, F, SITE, TODAY, {}, BodyRules(tmp_path))
    assert [str(p) for p in checked.problems] == [
        f"{F}:18: Text: das Bild 'https://cdn.example.com/p.jpg' wird von einer anderen Website "
        "geladen: speichern Sie es unter content/images/ (Datenschutz: die Seiten laden nichts "
        "von fremden Servern)"
    ]
