"""German input is read the German way or refused with file, line, field and the fix.

Each rule is called as a function on files in a temporary folder; nothing is built.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from regional_showcase.data.content_files import content_problems
from regional_showcase.data.dates import DateError, parse_date
from regional_showcase.data.loader import load_site_data
from regional_showcase.data.posts import check_post, check_posts
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.markup import render_markdown
from regional_showcase.reader import ShowcaseMarkdownReader

from expectations import ROOT

HINT = "schreiben Sie TT.MM.JJJJ oder TT.MM.JJJJ HH:MM, z. B. 25.05.2022 10:00"
POST = """Title: Ein Testbeitrag
Date: 2024-03-01 10:00
Category: Fachkräfte
Regions: allgaeu
Summary: Eine Kurzfassung.

Ein Text.
"""


@pytest.fixture(scope="module")
def site():
    return load_site_data(ROOT / "data/regions.yaml", render=render_markdown)


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    """An empty content folder; messages name files relative to the project, as in `make`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content/news").mkdir(parents=True)
    (tmp_path / "content/pages").mkdir()
    (tmp_path / "content/images").mkdir()
    return tmp_path / "content"


def post(**fields: str | None) -> str:
    """POST with header fields replaced or (value None) removed."""
    lines = POST.splitlines()
    for key, value in fields.items():
        key = key.capitalize()
        index = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
        if index is None:
            lines.insert(1, f"{key}: {value}")
        elif value is None:
            del lines[index]
        else:
            lines[index] = f"{key}: {value}"
    return "\n".join(lines) + "\n"


def messages(content: Path, site, name: str, text: str | bytes) -> list[str]:
    path = content / "news" / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    problems, _ = check_post(path, site, content)
    return [str(p) for p in problems]


# Dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("12.11.2026", dt.datetime(2026, 11, 12)),
        ("03.12.2026", dt.datetime(2026, 12, 3)),
        ("3.12.2026 9:05", dt.datetime(2026, 12, 3, 9, 5)),
        ("03.12.2026 14:30 Uhr", dt.datetime(2026, 12, 3, 14, 30)),
        ("2026-12-03", dt.datetime(2026, 12, 3)),
        ("2026-12-03 14:30", dt.datetime(2026, 12, 3, 14, 30)),
    ],
)
def test_german_dates_are_day_first(written, meant):
    assert parse_date(written) == meant


def test_the_web_editors_iso_date_with_milliseconds_and_offset_keeps_its_offset():
    parsed = parse_date("2026-11-30T06:36:00.000+01:00")
    assert parsed == dt.datetime(2026, 11, 30, 5, 36, tzinfo=dt.UTC)
    assert parsed.utcoffset() == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "03/12/2026",
            f"mehrdeutiges Datum '03/12/2026': ist der 03.12.2026 oder der 12.03.2026 gemeint? {HINT}",
        ),
        (
            "12-11-2026",
            f"mehrdeutiges Datum '12-11-2026': ist der 12.11.2026 oder der 11.12.2026 gemeint? {HINT}",
        ),
        ("31.02.2026", f"unmögliches Datum '31.02.2026': {HINT}"),
        ("2024-02-30", f"unmögliches Datum '2024-02-30': {HINT}"),
        ("12.11.26", "'12.11.26': schreiben Sie das Jahr vierstellig, z. B. 12.11.2026"),
        ("nächsten Montag", f"unbekannte Datumsform 'nächsten Montag': {HINT}"),
        ("Nov 12 2026", f"unbekannte Datumsform 'Nov 12 2026': {HINT}"),
    ],
)
def test_ambiguous_or_impossible_dates_are_refused(written, message):
    with pytest.raises(DateError) as refused:
        parse_date(written)
    assert str(refused.value) == message


def test_a_post_with_a_us_date_names_file_line_and_fix(content, site):
    assert messages(content, site, "a.md", post(date="11/12/2026")) == [
        f"content/news/a.md:2: Date: mehrdeutiges Datum '11/12/2026': ist der 11.12.2026 "
        f"oder der 12.11.2026 gemeint? {HINT}"
    ]


def test_the_build_reads_a_german_date_day_first(content):
    from pelican.settings import read_settings

    from regional_showcase.settings import apply_defaults

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    apply_defaults(settings)
    path = content / "news/a.md"
    path.write_text(post(date="12.11.2026 09:30", status="Entwurf"), encoding="utf-8")
    _, metadata = ShowcaseMarkdownReader(settings).read(str(path))
    assert metadata["date"] == dt.datetime(2026, 11, 12, 9, 30)
    assert metadata["status"] == "draft"


def test_yaml_front_matter_keeps_the_web_editors_offset(content, site):
    text = (
        "---\ntitle: Aus dem Web-Editor\ndate: 2026-11-30T06:36:00.000+01:00\n"
        "category: Projekt\nregions: [alle]\nsummary: Kurz.\n---\n\nText.\n"
    )
    assert messages(content, site, "web.md", text) == []


# Status ----------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["Entwurf", "entwurf", "veröffentlicht", "draft", "published"])
def test_german_status_words_are_accepted(content, site, word):
    assert messages(content, site, "a.md", post(status=word)) == []


def test_an_unknown_status_names_the_german_words(content, site):
    assert messages(content, site, "a.md", post(status="fertig")) == [
        "content/news/a.md:2: Status: unbekannter Status 'fertig'; "
        "erlaubt sind 'Entwurf', 'veröffentlicht' (oder 'published', 'draft')"
    ]


# Encodings -------------------------------------------------------------------------------


def test_a_post_saved_as_windows_1252_names_the_file_and_how_to_save_it(content, site):
    text = post(title="Grüße aus dem Allgäu").encode("cp1252")
    assert messages(content, site, "alt.md", text) == [
        "content/news/alt.md:1: die Datei ist nicht als UTF-8 gespeichert: Byte 0xFC ('ü' in "
        "Windows-1252) ist kein gültiges UTF-8 (speichern Sie die Datei als UTF-8: in VS Code "
        "unten rechts auf die Codierung klicken → „Mit Codierung speichern“ → „UTF-8“; im "
        "Windows-Editor „Speichern unter“ → Codierung „UTF-8“)"
    ]


def test_regions_yaml_saved_as_windows_1252_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "regions.yaml"
    data.write_bytes((ROOT / "data/regions.yaml").read_text(encoding="utf-8").encode("cp1252"))
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(data, render=render_markdown)
    [problem] = failed.value.problems
    assert str(problem).startswith(
        "regions.yaml:4: die Datei ist nicht als UTF-8 gespeichert: Byte 0xE4 ('ä' in Windows-1252)"
    )


def test_a_byte_order_mark_is_ignored(content, site):
    assert messages(content, site, "bom.md", b"\xef\xbb\xbf" + post().encode("utf-8")) == []


def test_a_page_in_windows_1252_is_reported_too(content):
    page = content / "pages/impressum.md"
    page.write_bytes("Title: Impressum\n\nVerantwortlich: Jürgen\n".encode("cp1252"))
    [problem] = content_problems(content, content / "news", [content / "pages"], None)
    assert str(problem).startswith(
        "content/pages/impressum.md:3: die Datei ist nicht als UTF-8 gespeichert: Byte 0xFC"
    )


# Every Markdown file is accounted for ------------------------------------------------------


@pytest.mark.parametrize("folder", ["", "images", "news-alt"])
def test_a_post_in_the_wrong_folder_is_an_error_naming_where_it_belongs(content, folder):
    path = content / folder / "2024-03-01-verirrt.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(post(), encoding="utf-8")
    shown = "content/" + (f"{folder}/" if folder else "") + "2024-03-01-verirrt.md"
    assert [str(p) for p in content_problems(content, content / "news", [], None)] == [
        f"{shown}: diese Datei liegt außerhalb der Ordner, die die Website liest, und "
        "erschiene nirgends: als eine Meldung gehört sie nach content/news/ (verschieben Sie "
        "sie nach content/news/2024-03-01-verirrt.md)"
    ]


def test_a_page_in_the_wrong_folder_belongs_in_pages(content):
    (content / "kontakt.md").write_text("Title: Kontakt\n\nSo erreichen Sie uns.\n", "utf-8")
    assert [
        str(p) for p in content_problems(content, content / "news", [content / "pages"], None)
    ] == [
        "content/kontakt.md: diese Datei liegt außerhalb der Ordner, die die Website liest, und "
        "erschiene nirgends: als eine Seite gehört sie nach content/pages/ (verschieben Sie "
        "sie nach content/pages/kontakt.md)"
    ]


def test_the_real_content_folder_has_no_stray_file():
    from pelican.settings import read_settings

    from regional_showcase.input_check import own_rules_folders
    from regional_showcase.settings import apply_defaults

    settings = apply_defaults(read_settings(str(ROOT / "pelicanconf.py")))
    content, own_rules = settings.content_path, own_rules_folders(settings)
    pages, texts = settings.page_dirs, settings.region_texts
    assert content_problems(content, settings.news_dir, pages, texts, own_rules) == []


# Placeholders ----------------------------------------------------------------------------

PLACEHOLDER_POST = post(summary="Kurzfassung in ein bis zwei Sätzen.").replace(
    "Ein Text.", "Hier steht der Text der Meldung, in Markdown."
)


def test_placeholders_from_new_post_are_refused_when_the_post_may_go_live(content, site):
    assert messages(content, site, "a.md", PLACEHOLDER_POST) == [
        "content/news/a.md:5: Summary: die Kurzfassung ist noch der Platzhalter 'Kurzfassung "
        "in ein bis zwei Sätzen.' (schreiben Sie ein bis zwei eigene Sätze, oder lassen Sie "
        "die Meldung Entwurf (status: draft), bis sie fertig ist)",
        "content/news/a.md:7: Text: der Text ist noch der Platzhalter 'Hier steht der Text der "
        "Meldung, in Markdown.' (ersetzen Sie ihn durch die Meldung, oder lassen Sie "
        "die Meldung Entwurf (status: draft), bis sie fertig ist)",
    ]


def test_placeholders_are_fine_in_a_draft(content, site):
    draft = PLACEHOLDER_POST.replace("Summary:", "Status: Entwurf\nSummary:")
    assert messages(content, site, "a.md", draft) == []


# Duplicate slugs ---------------------------------------------------------------------------


def test_a_duplicate_slug_is_reported_on_the_newer_post_naming_the_older(content, site):
    news = content / "news"
    # The newer post sorts first by file name; the message must still go to it.
    (news / "a-neu.md").write_text(post(date="20.03.2024", slug="treffen"), "utf-8")
    (news / "z-alt.md").write_text(post(date="01.03.2024", slug="treffen"), "utf-8")
    problems = check_posts(sorted(news.glob("*.md")), site, content)
    assert [str(p) for p in problems] == [
        "content/news/a-neu.md:2: Slug: 'treffen' ist 2024 schon die Adresse der älteren "
        "Meldung content/news/z-alt.md (sie behält sie): geben Sie dieser Meldung einen "
        "eigenen Slug, z. B. 'Slug: treffen-2'"
    ]


# Double lead image ------------------------------------------------------------------------


def test_the_lead_image_repeated_in_the_text_is_reported(content, site):
    from PIL import Image

    Image.new("RGB", (20, 10)).save(content / "images/hof.jpg")
    credit = {"image_credit": "Beispiel", "image_licence": "CC BY 4.0"}
    text = post(image="images/hof.jpg", image_alt="Ein Hof", **credit).replace(
        "Ein Text.", "Ein Text.\n\n![Ein Hof](images/hof.jpg)"
    )
    assert messages(content, site, "a.md", text) == [
        "content/news/a.md:13: Text: das Bild 'images/hof.jpg' ist schon das Titelbild (Image) "
        "und stünde zweimal auf der Seite: entfernen Sie es aus dem Text, oder nehmen Sie die "
        "Zeile 'Image:' heraus"
    ]


# YAML traps in regions.yaml ----------------------------------------------------------------

DATA_TEXT = (ROOT / "data/regions.yaml").read_text(encoding="utf-8")


def data_problems(tmp_path, monkeypatch, old: str, new: str) -> tuple[list[str], str]:
    """Load regions.yaml with one change; the messages and the changed text."""
    assert old in DATA_TEXT, old
    text = DATA_TEXT.replace(old, new, 1)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "regions.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(tmp_path / "regions.yaml", render=render_markdown)
    return [str(p) for p in failed.value.problems], text


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def line_equal_to(text: str, wanted: str) -> int:
    """The line that is exactly `wanted` (the English district list repeats the German names
    with more indentation, so a substring would find it first)."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if line == wanted)


def test_a_tab_names_its_line_and_the_fix(tmp_path, monkeypatch):
    problems, text = data_problems(
        tmp_path,
        monkeypatch,
        "\n      - Märkischer Kreis\n",
        "\n\t- Märkischer Kreis\n",
    )
    line = line_equal_to(text, "\t- Märkischer Kreis")
    assert problems == [
        f"regions.yaml:{line}: Tabulatorzeichen am Zeilenanfang: YAML "
        "rückt nur mit Leerzeichen ein (ersetzen Sie den Tabulator durch Leerzeichen, so weit "
        "eingerückt wie die Zeilen darüber)"
    ]


def test_an_over_indented_list_item_is_not_merged_silently(tmp_path, monkeypatch):
    problems, text = data_problems(
        tmp_path,
        monkeypatch,
        "\n      - Märkischer Kreis\n",
        "\n        - Märkischer Kreis\n",
    )
    line = line_equal_to(text, "        - Märkischer Kreis")
    assert problems == [
        f"regions.yaml:{line}: regions[0].districts[0]: '- Märkischer Kreis' ist "
        "weiter eingerückt als der Eintrag davor und wurde mit ihm zu einem Wert verbunden: "
        "'Hochsauerlandkreis - Märkischer Kreis' (rücken Sie '- Märkischer Kreis' "
        f"genau so weit ein wie Zeile {line - 1})"
    ]


def test_no_becomes_false_and_is_reported_once(tmp_path, monkeypatch):
    problems, text = data_problems(
        tmp_path, monkeypatch, "    claim: Südwestfalen – Alles echt!", "    claim: no"
    )
    assert problems == [
        f"regions.yaml:{line_of(text, 'claim: no')}: regions[0].claim: 'no' liest YAML als "
        'Wahrheitswert false, nicht als Text (setzen Sie es in Anführungszeichen: "no")'
    ]


def test_a_time_becomes_a_sexagesimal_number(tmp_path, monkeypatch):
    problems, text = data_problems(
        tmp_path, monkeypatch, "    claim: Südwestfalen – Alles echt!", "    claim: 10:30"
    )
    assert problems == [
        f"regions.yaml:{line_of(text, 'claim: 10:30')}: regions[0].claim: '10:30' liest YAML "
        "als Zahl 630 (im 60er-System), nicht als Uhrzeit (setzen Sie sie in "
        'Anführungszeichen: "10:30")'
    ]


def test_a_count_with_a_thousands_dot_shows_the_whole_number(tmp_path, monkeypatch):
    problems, text = data_problems(
        tmp_path,
        monkeypatch,
        "        value: 350\n        qualifier: rund\n        unit: Mitglieder",
        "        value: 1.250\n        qualifier: rund\n        unit: Mitglieder",
    )
    assert problems == [
        f"regions.yaml:{line_of(text, 'value: 1.250')}: regions[0].key_figures[3].value: eine "
        "Anzahl (Mitglieder) ist eine ganze Zahl: '1.250' liest YAML als 1.25, der Punkt ist "
        "dort ein Dezimalpunkt (schreiben Sie 1250, ohne Tausenderpunkt)"
    ]


def test_a_count_with_decimals_is_refused(tmp_path, monkeypatch):
    problems, text = data_problems(
        tmp_path,
        monkeypatch,
        "        value: 350\n        qualifier: rund\n        unit: Mitglieder",
        "        value: 350.5\n        qualifier: rund\n        unit: Mitglieder",
    )
    assert problems == [
        f"regions.yaml:{line_of(text, 'value: 350.5')}: regions[0].key_figures[3].value: eine "
        "Anzahl (Mitglieder) ist eine ganze Zahl: 350.5 ist keine ganze Zahl (runden Sie, "
        "oder zählen Sie in einer Einheit wie 'Mio. Personen')"
    ]


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        ("1.250.000", "schreiben Sie 1250000, ohne Tausenderpunkte"),
        ("2,6", "schreiben Sie 2.6, mit Punkt statt Komma"),
        ("1.250,5", "schreiben Sie 1250.5, mit Punkt statt Komma"),
    ],
)
def test_a_number_in_german_spelling_gets_the_yaml_spelling(tmp_path, monkeypatch, written, fix):
    problems, text = data_problems(
        tmp_path, monkeypatch, "        value: 350\n", f"        value: {written}\n"
    )
    assert problems == [
        f"regions.yaml:{line_of(text, 'value: ' + written)}: regions[0].key_figures[3].value: "
        f"erwartet: eine Zahl, angegeben: ein Text ({fix})"
    ]


def test_scaled_counts_may_have_decimals():
    # '2.6 Mio. Personen' in the real data stays valid.
    assert load_site_data(ROOT / "data/regions.yaml", render=render_markdown).regions


# YAML traps in a post's front matter -----------------------------------------------------

YAML_POST = """---
title: Ein Testbeitrag
date: 2024-03-01 10:00
category: Fachkräfte
regions: allgaeu
summary: Eine Kurzfassung.
---

Ein Text.
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "title: Ein Testbeitrag",
            "title: no",
            "content/news/a.md:2: title: 'no' liest YAML als Wahrheitswert false, nicht als "
            'Text (setzen Sie es in Anführungszeichen: "no")',
        ),
        (
            "summary: Eine Kurzfassung.",
            "summary: 1.250",
            "content/news/a.md:6: summary: '1.250' liest YAML als 1.25, der Punkt ist dort ein "
            "Dezimalpunkt (schreiben Sie 1250, ohne Tausenderpunkt)",
        ),
        (
            "title: Ein Testbeitrag",
            "title: 10:30",
            "content/news/a.md:2: title: '10:30' liest YAML als Zahl 630 (im 60er-System), "
            'nicht als Uhrzeit (setzen Sie sie in Anführungszeichen: "10:30")',
        ),
        (
            "regions: allgaeu",
            "regions:\n  - allgaeu\n    - bodensee",
            "content/news/a.md:7: regions: '- bodensee' ist weiter eingerückt als der Eintrag "
            "davor und wurde mit ihm zu einem Wert verbunden (rücken Sie es genau so weit ein "
            "wie Zeile 6)",
        ),
        (
            "title: Ein Testbeitrag",
            "title:\tEin Testbeitrag\n\tsummary: x",
            "content/news/a.md:3: Tabulatorzeichen am Zeilenanfang: YAML rückt nur mit "
            "Leerzeichen ein (ersetzen Sie den Tabulator durch Leerzeichen, so weit eingerückt "
            "wie die Zeilen darüber)",
        ),
    ],
)
def test_front_matter_traps(content, site, old, new, message):
    assert messages(content, site, "a.md", YAML_POST.replace(old, new)) == [message]


def test_regions_separated_by_spaces_are_read(content, site):
    assert messages(content, site, "a.md", post(regions="allgaeu bodensee")) == []


@pytest.mark.parametrize("text_file", ["content/pages/impressum.md", "content/regionen/allgaeu.md"])
def test_a_page_or_region_text_in_windows_1252_stops_with_a_message_not_a_traceback(
    project, monkeypatch, text_file
):
    from pelican.settings import read_settings

    from regional_showcase.input_check import load_and_check
    from regional_showcase.settings import apply_defaults

    monkeypatch.chdir(project)
    path = project / text_file
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    with pytest.raises(ValidationFailed) as failed:
        load_and_check(apply_defaults(read_settings("pelicanconf.py")))
    assert [str(p).split(" ist kein")[0] for p in failed.value.problems if "UTF-8" in str(p)] == [
        f"{text_file}:{next(i for i, line in enumerate(path.read_bytes().splitlines(), 1) if any(b > 127 for b in line))}: "
        "die Datei ist nicht als UTF-8 gespeichert: Byte 0x"
        + f"{next(b for b in path.read_bytes() if b > 127):02X}"
        + f" ('{bytes([next(b for b in path.read_bytes() if b > 127)]).decode('cp1252')}' in Windows-1252)"
    ]
