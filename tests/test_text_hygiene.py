"""Text and YAML that cannot break the build or a feed (issue 21).

Every place staff write text is read through the same rules: characters no page, feed or
social card can carry are refused with file, line and the character's name; text is NFC;
YAML anchors and aliases (a "billion laughs" included), fields given twice and dates YAML
cannot make are refused in German; a post saved as `.MD` is refused with the name to use.
Each rule is called as the function the check and the build call.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from eventfiles import SITE, TODAY, check_text, event_text
from pelican.settings import read_settings

from regional_showcase.data.content_files import content_problems
from regional_showcase.data.front_matter import split_header
from regional_showcase.data.loader import load_site_data, read_region_text
from regional_showcase.data.posts import check_post
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.data.text_files import read_text
from regional_showcase.data.yaml_source import parse_located
from regional_showcase.events.rules import check_event
from regional_showcase.events.versions import read_versions
from regional_showcase.markup import render_markdown
from regional_showcase.reader import ShowcaseMarkdownReader
from regional_showcase.settings import apply_defaults

from expectations import ROOT

POST = """---
title: "Grüne Woche: Stand der Regionen"
date: {date}
regions:
  - allgaeu
category: Standortmarketing
summary: Die Regionen zeigen sich gemeinsam.
{extra}---
Ein Absatz mit Umlauten: äöü ß.
"""
NEWS = "content/news/2024-03-01-gruene-woche.md"


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def post_messages(root: Path, text: str, name: str = NEWS) -> list[str]:
    problems, _ = check_post(write(root, name, text), SITE, root / "content")
    return [str(p) for p in problems]


def refused(name: str, column: int, before: str, fix: str = "löschen Sie es") -> str:
    after = f", nach „{before}“" if before else ""
    return (
        f"unzulässiges Zeichen {name} in Spalte {column}{after}: Webseiten und Feeds können "
        "es nicht enthalten; es ist meist unsichtbar und beim Kopieren aus einer anderen "
        f"Anwendung mitgekommen ({fix})"
    )


# ---------------------------------------------------------------- characters

CHARACTERS = [
    ("\x00", "U+0000 (Steuerzeichen)"),
    ("\x08", "U+0008 (Steuerzeichen)"),
    ("\x0b", "U+000B (Steuerzeichen)"),
    ("\x0c", "U+000C (Steuerzeichen)"),
    ("\x1b", "U+001B (Steuerzeichen)"),
    ("\x7f", "U+007F (Steuerzeichen)"),
    ("\x85", "U+0085 (Steuerzeichen)"),
    ("\x9f", "U+009F (Steuerzeichen)"),
    ("\ufdd0", "U+FDD0 (Nichtzeichen)"),
    ("\ufdef", "U+FDEF (Nichtzeichen)"),
    ("\ufffe", "U+FFFE (Nichtzeichen)"),
    ("\uffff", "U+FFFF (Nichtzeichen)"),
    ("\U0001fffe", "U+1FFFE (Nichtzeichen)"),
    ("\U0010ffff", "U+10FFFF (Nichtzeichen)"),
]
SEPARATORS = [("\u2028", "U+2028 (LINE SEPARATOR)"), ("\u2029", "U+2029 (PARAGRAPH SEPARATOR)")]
NEW_LINE = "ersetzen Sie es durch einen normalen Zeilenumbruch mit der Eingabetaste"


def _post_title(root, character):
    text = POST.format(date="2024-03-01 10:00", extra="").replace(
        "Grüne Woche", "Grüne" + character
    )
    return post_messages(root, text), NEWS, 2, 14, 'title: "Grüne'


def _post_body(root, character):
    text = POST.format(date="2024-03-01 10:00", extra="").replace(
        "Umlauten:", "Umlauten" + character
    )
    return post_messages(root, text), NEWS, 9, 24, "Absatz mit Umlauten"


def _page(root, character):
    write(root, "content/pages/impressum.md", f"Title: Impressum\n\nAnschrift{character} hier.\n")
    news = root / "content/news"
    news.mkdir(parents=True, exist_ok=True)
    problems = content_problems(root / "content", news, [root / "content/pages"], None)
    return [str(p) for p in problems], "content/pages/impressum.md", 3, 10, "Anschrift"


def _event_header(root, character):
    result = check_text(root, event_text(title="Rückkehrer" + character + "tag"))
    return (
        [str(p) for p in result.problems],
        "content/termine/2027-03-28-rueckkehrertag.md",
        2,
        18,
        "title: Rückkehrer",
    )


def _event_body(root, character):
    result = check_text(root, event_text(body="Mit Anmeldung" + character))
    return (
        [str(p) for p in result.problems],
        "content/termine/2027-03-28-rueckkehrertag.md",
        16,
        14,
        "Mit Anmeldung",
    )


def _region_text(root, character):
    path = write(root, "content/regionen/allgaeu.md", f"## Arbeiten\n\nJobs{character}.\n")
    _, problems = read_region_text(Path("content/regionen/allgaeu.md"))
    assert path.is_file()
    return [str(p) for p in problems], "content/regionen/allgaeu.md", 3, 5, "Jobs"


def _regions_yaml(root, character):
    text = (ROOT / "data/regions.yaml").read_text(encoding="utf-8")
    old = '      founded: "2008"\n'
    assert text.count(old) == 1
    write(root, "data/regions.yaml", text.replace(old, f'      founded: "2008{character}"\n'))
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(Path("data/regions.yaml"), render=render_markdown)
    line = text[: text.index(old)].count("\n") + 1
    return [str(p) for p in failed.value.problems], "data/regions.yaml", line, 21, 'founded: "2008'


PLACES = {
    "post title": _post_title,
    "post body": _post_body,
    "page": _page,
    "event header": _event_header,
    "event body": _event_body,
    "region text": _region_text,
    "regions.yaml": _regions_yaml,
}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(("character", "name"), CHARACTERS + SEPARATORS, ids=lambda v: repr(v))
def test_a_character_no_feed_can_carry_is_refused_with_file_line_and_name(
    tmp_path, monkeypatch, place, character, name
):
    monkeypatch.chdir(tmp_path)
    messages, shown, line, column, before = PLACES[place](tmp_path, character)
    fix = NEW_LINE if character in "\u2028\u2029" else "löschen Sie es"
    assert messages == [f"{shown}:{line}: {refused(name, column, before, fix)}"]


@pytest.mark.parametrize(
    ("reference", "name"),
    [
        ("&#x1b;", "U+001B (Steuerzeichen)"),
        ("&#27;", "U+001B (Steuerzeichen)"),
        ("&#x1b", "U+001B (Steuerzeichen)"),
        ("&#x81;", "U+0081 (Steuerzeichen)"),
        ("&#8232;", "U+2028 (LINE SEPARATOR)"),
        ("&#xFFFE;", "U+FFFE (Nichtzeichen)"),
        ("&#XFDD0;", "U+FDD0 (Nichtzeichen)"),
    ],
)
def test_a_character_reference_to_a_refused_character_is_refused(
    tmp_path, monkeypatch, reference, name
):
    monkeypatch.chdir(tmp_path)
    post = POST.format(date="2024-03-01 10:00", extra="") + f"Zweiter Absatz {reference}.\n"
    assert post_messages(tmp_path, post) == [
        f"{NEWS}:10: '{reference}' in Spalte 16 steht für das Zeichen {name}: Webseiten und "
        "Feeds können es nicht enthalten (löschen Sie die Angabe)"
    ]


def test_character_references_to_ordinary_characters_pass(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # &#133; and &#x9F; are '…' and 'Ÿ' in HTML (the Windows-1252 reading); &#0;, a surrogate
    # and a number past Unicode are '�'; '&amp;#x1b;' shows the text '&#x1b;'.
    body = "Gr&#252;&#xDF;e &#133; &#x9F; &#0; &#xD800; &#x110000; &amp;#x1b;\n"
    assert post_messages(tmp_path, POST.format(date="2024-03-01 10:00", extra="") + body) == []


def escaped(name: str) -> str:
    return (
        "eine Escape-Folge mit '\\' in doppelten Anführungszeichen ergibt das Zeichen "
        f"{name}: Webseiten und Feeds können es nicht enthalten (entfernen Sie die Folge aus "
        "dem Wert)"
    )


ESCAPES = [
    ("\\e", "U+001B (Steuerzeichen)"),
    ("\\N", "U+0085 (Steuerzeichen)"),
    ("\\x9F", "U+009F (Steuerzeichen)"),
    ("\\L", "U+2028 (LINE SEPARATOR)"),
    ("\\u2029", "U+2029 (PARAGRAPH SEPARATOR)"),
    ("\\uFFFE", "U+FFFE (Nichtzeichen)"),
    ("\\U0010FFFF", "U+10FFFF (Nichtzeichen)"),
]


@pytest.mark.parametrize(("escape", "name"), ESCAPES)
def test_an_escape_in_double_quotes_cannot_make_a_refused_character(
    tmp_path, monkeypatch, escape, name
):
    monkeypatch.chdir(tmp_path)
    post = POST.format(date="2024-03-01 10:00", extra="").replace("Woche:", "Woche" + escape)
    assert post_messages(tmp_path, post) == [f"{NEWS}:2: title: {escaped(name)}"]
    event = event_text(summary=f'"Arbeitgeber{escape} treffen Rückkehrer."')
    assert [str(p) for p in check_text(tmp_path, event).problems] == [
        f"content/termine/2027-03-28-rueckkehrertag.md:12: summary: {escaped(name)}"
    ]
    located = parse_located(f'regions:\n  - founded: "2008{escape}"\n', "regions.yaml")
    assert [str(p) for p in located.problems] == [
        f"regions.yaml:2: regions[0].founded: {escaped(name)}"
    ]


def test_an_event_not_saved_as_utf8_is_refused_with_the_fix(tmp_path):
    path = tmp_path / "2027-03-28-rueckkehrertag.md"
    path.write_bytes(event_text().encode("cp1252"))
    result = check_event(path, "content/termine/2027-03-28-rueckkehrertag.md", SITE, TODAY, {})
    assert [str(p) for p in result.problems] == [
        "content/termine/2027-03-28-rueckkehrertag.md:2: die Datei ist nicht als UTF-8 "
        "gespeichert: Byte 0xFC ('ü' in Windows-1252) ist kein gültiges UTF-8 (speichern Sie "
        "die Datei als UTF-8: in VS Code unten rechts auf die Codierung klicken → „Mit "
        "Codierung speichern“ → „UTF-8“; im Windows-Editor „Speichern unter“ → Codierung "
        "„UTF-8“)"
    ]


def test_every_refused_character_on_a_line_is_counted_and_each_line_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    body = "Eins\x85\x85\x85 zwei\n\nDrei\t\r\nvier\ufffe\n"
    text = POST.format(date="2024-03-01 10:00", extra="") + body
    assert post_messages(tmp_path, text) == [
        f"{NEWS}:10: {refused('U+0085 (Steuerzeichen)', 5, 'Eins')}; in dieser Zeile folgen "
        "noch 2 solche Zeichen",
        f"{NEWS}:13: {refused('U+FFFE (Nichtzeichen)', 5, 'vier')}",
    ]


def test_tab_carriage_return_and_ordinary_text_pass(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    body = "Spalte\tSpalte\r\nZeile mit „Anführungszeichen“, € und 😀.\r\n"
    assert post_messages(tmp_path, POST.format(date="2024-03-01 10:00", extra="") + body) == []


def test_text_is_read_in_nfc(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    decomposed = unicodedata.normalize("NFD", "Grüne Woche in Südwestfalen")
    assert decomposed != "Grüne Woche in Südwestfalen"
    text = POST.format(date="2024-03-01 10:00", extra="").replace("Grüne Woche", decomposed)
    path = write(tmp_path, NEWS, text)
    header = split_header(read_text(path, NEWS), NEWS)
    assert header.fields["title"][0] == "Grüne Woche in Südwestfalen: Stand der Regionen"
    sections, _ = read_region_text(
        write(tmp_path, "content/regionen/allgaeu.md", f"## Arbeiten\n\n{decomposed}\n")
    )
    assert sections == {"work": "Grüne Woche in Südwestfalen"}


def test_the_build_reads_posts_in_nfc_as_the_check_does(tmp_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    apply_defaults(settings)
    decomposed = unicodedata.normalize("NFD", "Grüße aus Südwestfalen")
    text = POST.format(date="2024-03-01 10:00", extra="").replace("Umlauten: äöü ß", decomposed)
    path = write(tmp_path, "post.md", text.replace("Grüne Woche", decomposed))
    content, metadata = ShowcaseMarkdownReader(settings).read(str(path))
    assert metadata["title"] == "Grüße aus Südwestfalen: Stand der Regionen"
    assert content == "<p>Ein Absatz mit Grüße aus Südwestfalen.</p>"


@pytest.mark.parametrize("style", ["yaml", "pelican"])
def test_soft_hyphens_and_no_break_spaces_leave_titles_and_slugs(tmp_path, style):
    """Pasted from Word: a soft hyphen and non-breaking spaces in the title reached <title>
    and the feeds. The body keeps them (a non-breaking space in „5 km“ is meant)."""
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    apply_defaults(settings)
    title = "Grüne\u00a0Woche: Fach\u00adkräfte\u202fgesucht"
    if style == "yaml":
        text = POST.format(date="2024-03-01 10:00", extra="slug: gruene\u00a0woche\n")
        text = text.replace("Grüne Woche: Stand der Regionen", title)
    else:
        text = f"Title: {title}\nDate: 2024-03-01 10:00\nSlug: gruene\u00a0woche\n\nText.\n"
    path = write(tmp_path, "post.md", text + "5\u00a0km\n")
    content, metadata = ShowcaseMarkdownReader(settings).read(str(path))
    assert metadata["title"] == "Grüne Woche: Fachkräfte gesucht"
    assert metadata["slug"] == "gruene woche"
    assert "5&nbsp;km" in content
    assert split_header(text, "post.md").fields["title"][0] == "Grüne Woche: Fachkräfte gesucht"


# ---------------------------------------------------------------- fields given twice

TWICE = (
    "das Feld steht zweimal im Kopf, in Zeile {first} und in Zeile {second}: löschen Sie eine "
    "der beiden Zeilen (sonst ist unklar, welcher Wert gilt)"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            POST.format(date="2024-03-01 10:00", extra="status: draft\nstatus: published\n"),
            f"{NEWS}:9: status: " + TWICE.format(first=8, second=9),
        ),
        (
            POST.format(date="2024-03-01 10:00", extra="status: draft\nStatus: published\n"),
            f"{NEWS}:9: Status: " + TWICE.format(first=8, second=9),
        ),
        (
            "Title: Grüne Woche\nDate: 2024-03-01 10:00\nRegions: allgaeu\n"
            "Category: Standortmarketing\nSummary: Kurz.\nStatus: draft\nStatus: published\n\n"
            "Text.\n",
            f"{NEWS}:7: Status: " + TWICE.format(first=6, second=7),
        ),
    ],
    ids=["yaml header", "yaml header, other letter case", "pelican header"],
)
def test_a_post_field_given_twice_is_refused_with_both_lines(tmp_path, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    assert post_messages(tmp_path, text) == [expected]


def test_an_event_field_given_twice_is_refused_with_both_lines(tmp_path):
    text = event_text().replace("summary:", "status: draft\nstatus: published\nsummary:")
    assert [str(p) for p in check_text(tmp_path, text).problems] == [
        "content/termine/2027-03-28-rueckkehrertag.md:13: status: doppelter Schlüssel "
        "(zuerst angegeben in Zeile 12; entfernen Sie einen der beiden)"
    ]


# ---------------------------------------------------------------- anchors and aliases

NO_ANCHORS = (
    "Anker ('&…') und Verweise darauf ('*…') sind hier nicht erlaubt (schreiben Sie jeden Wert "
    "aus; gehört das Zeichen zum Text, setzen Sie den Wert in Anführungszeichen)"
)


def anchor(name: str) -> str:
    return f"'&{name}' ist ein YAML-Anker und fehlt im gelesenen Wert: {NO_ANCHORS}"


# Nine lines, each list naming the one before nine times: 9**9 (387 million) "lol"s.
BOMB = 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 9)
)


# pytest-timeout (method "signal") fails a test still running after this many seconds:
# without the rule an alias bomb grows memory for minutes.
BOMB_SECONDS = 5


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("title2: &Co Partner\n", [(8, anchor("Co"))]),
        ("slug: &s gruene-woche\nimage_alt: *s\n", [(8, anchor("s"))]),
        ("base: &b\n  x: 1\nmore:\n  <<: *b\n", [(8, anchor("b"))]),
        (BOMB, [(8 + n, anchor(f"l{n}")) for n in range(9)]),
    ],
    ids=["anchor in a value", "alias", "merge key", "billion laughs"],
)
@pytest.mark.timeout(BOMB_SECONDS)
def test_anchors_and_aliases_in_a_post_header_are_refused(tmp_path, monkeypatch, extra, expected):
    monkeypatch.chdir(tmp_path)
    messages = post_messages(tmp_path, POST.format(date="2024-03-01 10:00", extra=extra))
    assert messages == [f"{NEWS}:{line}: {message}" for line, message in expected]


@pytest.mark.timeout(BOMB_SECONDS)
def test_an_alias_bomb_in_an_event_is_refused_in_time(tmp_path):
    text = event_text().replace("summary:", BOMB + "summary:")
    assert [str(p) for p in check_text(tmp_path, text).problems] == [
        f"content/termine/2027-03-28-rueckkehrertag.md:{12 + n}: {anchor(f'l{n}')}"
        for n in range(9)
    ]


@pytest.mark.timeout(BOMB_SECONDS)
def test_an_alias_bomb_in_regions_yaml_is_refused_in_time(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (ROOT / "data/regions.yaml").read_text(encoding="utf-8")
    write(tmp_path, "data/regions.yaml", BOMB + text)
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(Path("data/regions.yaml"), render=render_markdown)
    assert [str(p) for p in failed.value.problems] == [
        f"data/regions.yaml:{1 + n}: {anchor(f'l{n}')}" for n in range(9)
    ]


def foreign(name: str, what: str, fix: str) -> str:
    return (
        f"'!!{name}' macht den Wert zu {what}, die die Website nicht lesen kann (erwartet werden "
        f"Text, Zahlen, Daten, Listen und Zuordnungen): lassen Sie '!!{name}' weg{fix}"
    )


PAIRS_FIX = " und schreiben Sie 'Name: Wert' ohne '- ' davor"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "tags: !!set {Pflege: null}\n",
            [
                (
                    8,
                    "tags",
                    foreign(
                        "set",
                        "einer Menge",
                        " und schreiben Sie die Einträge als Liste ('- Eintrag')",
                    ),
                )
            ],
        ),
        (
            "extra: !!omap\n  - a: 1\n",
            [(8, "extra", foreign("omap", "einer Liste von Paaren", PAIRS_FIX))],
        ),
        (
            "extra: !!pairs [a: 1]\n",
            [(8, "extra", foreign("pairs", "einer Liste von Paaren", PAIRS_FIX))],
        ),
        (
            "image_alt: !!binary SGFsbG8=\n",
            [
                (
                    8,
                    "image_alt",
                    foreign("binary", "Binärdaten", " und schreiben Sie den Text selbst"),
                )
            ],
        ),
    ],
    ids=["set", "omap", "pairs", "binary"],
)
def test_yaml_types_nothing_reads_are_refused_in_a_post_header(
    tmp_path, monkeypatch, extra, expected
):
    """A set or a list of pairs stopped the check with a traceback (TypeError in the walk
    over the parsed values); now a German message names the line and the field."""
    monkeypatch.chdir(tmp_path)
    messages = post_messages(tmp_path, POST.format(date="2024-03-01 10:00", extra=extra))
    assert messages == [f"{NEWS}:{line}: {field}: {message}" for line, field, message in expected]


def test_a_yaml_set_in_regions_yaml_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (ROOT / "data/regions.yaml").read_text(encoding="utf-8")
    write(tmp_path, "data/regions.yaml", "extra: !!set {a: null}\n" + text)
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(Path("data/regions.yaml"), render=render_markdown)
    set_message = foreign(
        "set", "einer Menge", " und schreiben Sie die Einträge als Liste ('- Eintrag')"
    )
    assert [str(p) for p in failed.value.problems] == [f"data/regions.yaml:1: extra: {set_message}"]


def test_anchors_in_the_event_version_record_are_refused(tmp_path):
    # A small alias: a bomb's str() here would run in C, out of reach of the time limit.
    record = write(
        tmp_path,
        "versionen.yaml",
        "a:\n  sequence: 1\n  times: &t 2027-03-28 10:00\nb:\n  sequence: 1\n  times: *t\n",
    )
    versions, problems = read_versions(record, "content/termine/versionen.yaml")
    assert (versions, [str(p) for p in problems]) == (
        {},
        [f"content/termine/versionen.yaml:3: {anchor('t')}"],
    )


def test_an_ampersand_in_quotes_is_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = POST.format(date="2024-03-01 10:00", extra="").replace(
        '"Grüne Woche: Stand der Regionen"', '"&Co: Stand der Regionen"'
    )
    assert post_messages(tmp_path, text) == []


# ---------------------------------------------------------------- dates YAML reads first


def impossible(value: str) -> str:
    return (
        f"unmögliches Datum '{value}': schreiben Sie TT.MM.JJJJ oder TT.MM.JJJJ HH:MM, "
        "z. B. 25.05.2022 10:00"
    )


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2022-13-45", [f"{NEWS}:3: date: {impossible('2022-13-45')}"]),
        ("2024-02-30", [f"{NEWS}:3: date: {impossible('2024-02-30')}"]),
        ("2023-02-29 10:00:00", [f"{NEWS}:3: date: {impossible('2023-02-29 10:00:00')}"]),
        ("2024-02-29", []),
        ("2024-02-29T10:00:00.000+01:00", []),
    ],
)
def test_a_date_yaml_reads_first_meets_the_date_rule_in_a_post(
    tmp_path, monkeypatch, date, expected
):
    monkeypatch.chdir(tmp_path)
    assert post_messages(tmp_path, POST.format(date=date, extra="")) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2024-02-30", [f"start: {impossible('2024-02-30')}"]),
        ("2027-13-45", [f"start: {impossible('2027-13-45')}"]),
        ("2028-02-29", []),
    ],
)
def test_a_date_yaml_reads_first_meets_the_date_rule_in_an_event(tmp_path, start, expected):
    result = check_text(tmp_path, event_text(start=start, end=None))
    shown = "content/termine/2027-03-28-rueckkehrertag.md:3: "
    assert [str(p) for p in result.problems] == [shown + e for e in expected]


def test_a_date_yaml_reads_first_meets_the_date_rule_in_regions_yaml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (ROOT / "data/regions.yaml").read_text(encoding="utf-8")
    old = '      founded: "2008"\n'
    write(tmp_path, "data/regions.yaml", text.replace(old, "      founded: 2024-02-30\n"))
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(Path("data/regions.yaml"), render=render_markdown)
    line = text[: text.index(old)].count("\n") + 1
    assert [str(p) for p in failed.value.problems] == [
        f"data/regions.yaml:{line}: regions[0].organisation.founded: {impossible('2024-02-30')}"
    ]


def test_parse_located_gives_an_impossible_date_as_written_with_the_date_rule():
    located = parse_located("a: 2022-13-45\nb:\n  - 2024-02-29\n", "x.yaml")
    assert [str(p) for p in located.problems] == [f"x.yaml:1: a: {impossible('2022-13-45')}"]


# ---------------------------------------------------------------- file name endings


def rename(name: str, stem: str) -> str:
    suffix = name.rsplit(".", 1)[1]
    return (
        f"die Endung '.{suffix}' liest die Website nicht, nur '.md' in Kleinbuchstaben: "
        f"benennen Sie {name} in {stem}.md um"
    )


@pytest.mark.parametrize(
    "name",
    [
        "2024-03-01-gruene-woche.MD",
        "2024-03-01-gruene-woche.Markdown",
        "2024-03-01-gruene-woche.Md",
    ],
)
def test_a_post_whose_ending_pelican_does_not_read_is_refused(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    text = POST.format(date="2024-03-01 10:00", extra="")
    assert post_messages(tmp_path, text, f"content/news/{name}") == [
        f"content/news/{name}: {rename(name, '2024-03-01-gruene-woche')}"
    ]


@pytest.mark.parametrize("name", ["2024-03-01-gruene-woche.md", "2024-03-01-gruene-woche.markdown"])
def test_a_post_ending_in_lower_case_is_read(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    text = POST.format(date="2024-03-01 10:00", extra="")
    assert post_messages(tmp_path, text, f"content/news/{name}") == []


def test_a_page_whose_ending_pelican_does_not_read_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "content/pages/impressum.MD", "Title: Impressum\n\nText.\n")
    write(tmp_path, "content/pages/datenschutz.md", "Title: Datenschutz\n\nText.\n")
    news = tmp_path / "content/news"
    news.mkdir()
    problems = content_problems(tmp_path / "content", news, [tmp_path / "content/pages"], None)
    assert [str(p) for p in problems] == [
        f"content/pages/impressum.MD: {rename('impressum.MD', 'impressum')}"
    ]
