"""Editors start a post with one command; it passes the check and never overwrites a file."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import yaml

from regional_showcase.data.loader import load_site_data
from regional_showcase.markup import render_markdown
from regional_showcase.settings import ShowcaseSettings
from regional_showcase.staff.cli import main
from regional_showcase.staff.new_post import create_post, resolve_regions

from expectations import ROOT


@pytest.fixture(scope="module")
def site():
    return load_site_data(ROOT / "data/regions.yaml", render=render_markdown)


def settings_for(project) -> ShowcaseSettings:
    return ShowcaseSettings.from_pelican(
        {
            "PATH": str(project / "content"),
            "ARTICLE_PATHS": ["news"],
            "SHOWCASE_DATA": str(project / "data/regions.yaml"),
            "TIMEZONE": "Europe/Berlin",
        }
    )


def run(project, monkeypatch, capsys, *args: str):
    """`showcase` in the project folder, in this process; (status, stdout, stderr)."""
    monkeypatch.chdir(project)
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def test_new_post_then_check_passes(project, monkeypatch, capsys):
    status, out, err = run(
        project,
        monkeypatch,
        capsys,
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
    assert status == 0, err
    created = re.search(r"Angelegt: (\S+)", out).group(1)
    assert re.search(
        r"content/news/\d{4}-\d{2}-\d{2}-gruene-woche-strassenfest-in-kempten\.md$", created
    )
    assert out.splitlines()[1:] == [
        f"Öffnen: in Ihrem Texteditor, z. B. mit „code {created}“ (VS Code) oder per "
        "Doppelklick im Dateimanager.",
        "Vorschau: „make serve“ starten und http://localhost:8000/entwuerfe/"
        "gruene-woche-strassenfest-in-kempten/ im Browser öffnen; die Seite lädt nach jedem "
        "Speichern neu.",
        "Die Meldung ist ein Entwurf (status: draft). Löschen Sie diese Zeile, wenn sie "
        "online gehen darf.",
    ]
    text = (project / created).read_text(encoding="utf-8")
    fields = front_matter(text)
    assert list(fields) == ["title", "date", "regions", "category", "summary", "status", "slug"]
    assert fields["title"] == "Grüne Woche: Straßenfest in Kempten"
    assert fields["regions"] == ["allgaeu", "bodensee"]
    assert fields["category"] == "Fachkräfte"
    assert fields["status"] == "draft"
    assert fields["slug"] == "gruene-woche-strassenfest-in-kempten"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", fields["date"])
    assert run(project, monkeypatch, capsys, "check")[0] == 0


def test_new_post_never_overwrites(project, monkeypatch, capsys):
    args = ("new-post", "--title", "Doppelt", "--region", "alle", "--topic", "Projekt")
    assert run(project, monkeypatch, capsys, *args)[0] == 0
    status, _, err = run(project, monkeypatch, capsys, *args)
    assert status == 1
    assert "gibt es schon; wählen Sie einen anderen Titel" in err


def test_new_post_rejects_unknown_region_with_suggestion(project, monkeypatch, capsys):
    args = ("new-post", "--title", "X", "--region", "allgau", "--topic", "Projekt")
    status, _, err = run(project, monkeypatch, capsys, *args)
    assert status == 1
    assert err == "Fehler: unbekannte Region 'allgau' (meinten Sie 'allgaeu'?)\n"


def test_new_post_without_a_terminal_names_the_missing_argument(project, monkeypatch, capsys):
    args = ("new-post", "--region", "alle", "--topic", "Projekt")
    assert run(project, monkeypatch, capsys, *args)[::2] == (1, "Fehler: Angabe fehlt: --title\n")


@pytest.mark.parametrize(
    ("typed", "slugs"),
    [
        (["Südwestfalen"], ["suedwestfalen"]),
        (["allgaeu, bodensee"], ["allgaeu", "bodensee"]),
        (["allgaeu bodensee"], ["allgaeu", "bodensee"]),
        (["Allgäu Vierländerregion Bodensee"], ["allgaeu", "bodensee"]),
        (["Nordthüringen; Ems-Achse"], ["nordthueringen", "ems-achse"]),
        (["allgaeu", "bodensee, allgaeu"], ["allgaeu", "bodensee"]),
        (["Alle"], ["alle"]),
    ],
)
def test_regions_by_name_or_slug_separated_by_commas_or_spaces(site, typed, slugs):
    assert resolve_regions(typed, site) == slugs


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (["Allgeu"], "unbekannte Region 'Allgeu' (meinten Sie 'allgaeu'?)"),
        (
            ["Hamburg"],
            "unbekannte Region 'Hamburg' (Regionen sind 'suedwestfalen', 'allgaeu', 'bodensee', "
            "'ems-achse', 'koblenz-mittelrhein', 'nordthueringen', 'vorpommern')",
        ),
        (["alle, allgaeu"], "'alle' steht schon für alle Regionen: geben Sie nur 'alle' an"),
        ([" , "], "geben Sie mindestens eine Region an, oder 'alle'"),
    ],
)
def test_unknown_regions_are_explained(site, typed, message):
    with pytest.raises(ValueError) as refused:
        resolve_regions(typed, site)
    assert str(refused.value) == message


def test_wrong_answers_are_asked_again_keeping_what_was_typed(project):
    answers = iter(
        [
            "Neues aus Vorpommern",
            "Vorpommern Emsland",  # one unknown region: asked again
            "Vorpommern, Ems-Achse",
            "Standortmarkting",  # typo: asked again
            "Standortmarketing",
            "",  # no summary yet
        ]
    )
    asked, told = [], []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    # 23:30 UTC on 31 Dec is already 1 Jan in Berlin: the file name follows Berlin time.
    now = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Berlin"))
    path = create_post(
        settings_for(project),
        title=None,
        regions=None,
        topic=None,
        ask=ask,
        tell=told.append,
        now=now,
    )
    assert path.name == "2026-01-01-neues-aus-vorpommern.md"
    assert [p.split(" ")[0] for p in asked] == [
        "Titel:",
        "Regionen",
        "Regionen",
        "Kategorie",
        "Kategorie",
        "Kurzfassung",
    ]
    assert told == [
        "unbekannte Region 'Emsland' (Regionen sind 'suedwestfalen', 'allgaeu', 'bodensee', "
        "'ems-achse', 'koblenz-mittelrhein', 'nordthueringen', 'vorpommern'). "
        "Bitte noch einmal.",
        "unbekannte Kategorie 'Standortmarkting' (meinten Sie 'Standortmarketing'?); erlaubt "
        "sind 'Fachkräfte', 'Standortmarketing', 'Innovation & Strukturwandel', 'Leben auf "
        "dem Land', 'Projekt'. Bitte noch einmal.",
    ]
    fields = front_matter(path.read_text(encoding="utf-8"))
    assert fields["title"] == "Neues aus Vorpommern"
    assert fields["regions"] == ["vorpommern", "ems-achse"]
    assert fields["summary"] == "Kurzfassung in ein bis zwei Sätzen."
    assert fields["date"] == "2026-01-01 00:30"


def test_values_yaml_would_misread_are_quoted(project):
    path = create_post(
        settings_for(project),
        title="no",
        regions=["alle"],
        topic="Projekt",
        summary="Termin: 10:30",
    )
    fields = front_matter(path.read_text(encoding="utf-8"))
    assert fields["title"] == "no" and fields["summary"] == "Termin: 10:30"
