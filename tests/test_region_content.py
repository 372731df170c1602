"""What a region page puts forward: current figures with their qualifiers, the six sections
for newcomers, and a report of what is still missing. Each rule is called as a function."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from markupsafe import Markup

from regional_showcase.data.completeness import report, section_gaps
from regional_showcase.data.figures import build_date, figures_to_show, is_current
from regional_showcase.data.loader import load_site_data, read_region_text
from regional_showcase.data.model import (
    Entry,
    Jobs,
    JobSearch,
    KeyFigure,
    Location,
    Organisation,
    Region,
    Section,
)
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.data.sections import SECTIONS
from regional_showcase.markup import render_markdown

from sitebuild import ROOT

FIGURE = KeyFigure("Mitglieder", "members", 700, "Mitglieder", 2021, "https://q.de/")
BUILD = dt.date(2026, 11, 30)


# ---------------------------------------------------------------- age threshold


@pytest.mark.parametrize(
    ("year", "max_age", "shown"),
    [(2020, 6, True), (2019, 6, False), (2026, 6, True), (2019, 7, True), (2023, 3, True)],
)
def test_a_figure_older_than_the_threshold_is_not_put_forward(year, max_age, shown):
    figure = dataclasses.replace(FIGURE, year=year)
    assert is_current(figure, BUILD, max_age) is shown
    assert figures_to_show([figure], BUILD, max_age) == ((figure,) if shown else ())


def test_figures_to_show_puts_the_newest_first_and_keeps_old_ones_out():
    old = dataclasses.replace(FIGURE, label="alt", year=1995)
    y2021 = dataclasses.replace(FIGURE, label="2021", year=2021)
    y2024 = dataclasses.replace(FIGURE, label="2024", year=2024)
    assert figures_to_show([old, y2021, y2024], BUILD) == (y2024, y2021)


BERLIN = "Europe/Berlin"  # pelicanconf.py's TIMEZONE


def test_the_build_date_comes_from_the_setting_then_source_date_epoch():
    assert build_date("2026-11-30", 1700000000, BERLIN) == dt.date(2026, 11, 30)
    assert build_date(dt.date(2020, 1, 2), None, BERLIN) == dt.date(2020, 1, 2)
    # 1700000000 s after 1970 = 14 November 2023 (UTC), the reproducible-builds convention.
    assert build_date(None, 1700000000, BERLIN) == dt.date(2023, 11, 14)


def test_without_a_date_the_build_date_is_the_sites_day_not_the_machines(monkeypatch):
    # 23:30 UTC on New Year's Eve is already 1 January in Berlin: the figures are aged
    # against the year the events' day is in, whatever zone the machine is set to.
    class NewYearsEve(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC).astimezone(tz)

    monkeypatch.setattr(dt, "datetime", NewYearsEve)
    assert build_date(None, None, BERLIN) == dt.date(2027, 1, 1)
    assert build_date(None, None, "UTC") == dt.date(2026, 12, 31)


def test_the_shipped_data_keeps_old_figures_but_never_puts_them_forward():
    site = load_site_data(ROOT / "data/regions.yaml", render=render_markdown)
    allgaeu = site.regions_by_slug["allgaeu"]
    assert any(f.year == 2019 for f in allgaeu.key_figures)  # still in the (open) data
    assert all(f.year >= 2020 for f in figures_to_show(allgaeu.key_figures, BUILD))


# ---------------------------------------------------------------- qualifiers


@pytest.mark.parametrize(
    ("qualifier", "value", "shown"),
    [
        ("mehr als", 700, "mehr als 700"),
        ("rund", 1.26, "rund 1,26"),
        ("knapp", 126, "knapp 126"),
        (None, 804876, "804.876"),
    ],
)
def test_the_qualifier_is_part_of_the_displayed_value(qualifier, value, shown):
    figure = dataclasses.replace(FIGURE, value=value, qualifier=qualifier)
    assert figure.value_display == shown


def test_qualifiers_in_the_data_are_checked_against_the_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (ROOT / "data/regions.yaml").read_text(encoding="utf-8")
    bad = text.replace("        qualifier: mehr als\n", "        qualifier: mindestens\n", 1)
    Path("regions.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(Path("regions.yaml"), render=render_markdown)
    line = bad.splitlines().index("        qualifier: mindestens") + 1
    assert [str(p) for p in failed.value.problems] == [
        f"regions.yaml:{line}: regions[0].key_figures[2].qualifier: 'mindestens' ist nicht "
        "erlaubt: erlaubt sind 'rund', 'etwa', 'mehr als', 'über', 'knapp', 'weniger als', "
        "'bis zu'"
    ]


# ---------------------------------------------------------------- sections and the report


def region(jobs: Jobs | None = None, **sections: Section) -> Region:
    return Region(
        slug="testland",
        name="Testland",
        role="transfer",
        summary_html=Markup(""),
        organisation=Organisation("Org", "e.V.", "Ort", "https://a.de/"),
        website="https://a.de/",
        states=("Bayern",),
        districts=("X",),
        location=Location("Ort", 50, 10),
        key_figures=(),
        landscape="alps",
        sections=tuple(sections.get(key, Section(key, heading)) for key, heading in SECTIONS),
        jobs=jobs,
    )


JOBS = Jobs(JobSearch("Ort", 50))
RENT = dataclasses.replace(FIGURE, label="Miete", kind="rent", unit="€/m²", value=7.4)


def test_a_region_without_content_names_every_missing_section():
    gaps = section_gaps(region())
    assert [key for key, _ in gaps] == [key for key, _ in SECTIONS]
    assert gaps[2][1] == (
        "Testland: Abschnitt „Familie“ fehlt noch, die Seite lässt ihn weg; ergänzen Sie "
        "'family:' hier oder '## Familie' in content/regionen/testland.md"
    )


def test_filled_sections_still_name_the_fact_that_matters_most():
    text = Markup("<p>Text</p>")
    gaps = section_gaps(
        region(
            work=Section("work", "Arbeiten", text_html=text),
            housing=Section("housing", "Wohnen", text_html=text),
            arrival=Section("arrival", "Ankommen", entries=(Entry("Welcome Center"),)),
            contact=Section("contact", "Kontakt", entries=(Entry("Org", address="Weg 1"),)),
        )
    )
    assert dict(gaps)["work"] == (
        "Testland: Abschnitt „Arbeiten“: keine Jobsuche: ergänzen Sie 'jobs:' mit "
        "'search: {place: <Ort>, radius: <km>}' und, wenn es eines gibt, dem Jobportal der "
        "Region ('portal')"
    )
    assert dict(gaps)["housing"] == (
        "Testland: Abschnitt „Wohnen“: keine Miet- oder Bodenpreise mit Jahr und Quelle für die "
        "Region oder einen ihrer Kreise (figures mit kind 'rent' oder 'land-price'; Zahlen eines "
        "verwandten Gebiets, coverage 'related-area', zählen nicht)"
    )
    assert dict(gaps)["arrival"] == (
        "Testland: Abschnitt „Ankommen“: keine Anlaufstelle mit E-Mail-Adresse, "
        "Telefonnummer oder Kontaktseite (entries mit 'email', 'phone' oder 'contact_page')"
    )
    # An address alone is no way to reach anyone before moving.
    assert dict(gaps)["contact"] == (
        "Testland: Abschnitt „Kontakt“: keine E-Mail-Adresse, Telefonnummer oder "
        "Kontaktseite einer Organisation (entries mit 'email', 'phone' oder 'contact_page')"
    )


def test_a_complete_region_has_no_gaps_and_the_report_says_so():
    text = Markup("<p>Text</p>")
    complete = region(
        jobs=JOBS,
        work=Section("work", "Arbeiten", text_html=text),
        housing=Section("housing", "Wohnen", figures=(RENT,)),
        family=Section("family", "Familie", text_html=text),
        leisure=Section("leisure", "Freizeit & Natur", text_html=text),
        arrival=Section("arrival", "Ankommen", entries=(Entry("WC", email="wc@a.de"),)),
        contact=Section(
            "contact", "Kontakt", entries=(Entry("Org", contact_page="https://a.de/k"),)
        ),
    )
    assert section_gaps(complete) == []
    assert complete.filled_sections == complete.sections
    assert report((complete,)) == (
        "Stand der Regionsseiten (Abschnitte in Seitenreihenfolge)\n"
        "\n"
        "Testland (regionen/testland/)\n"
        "  Arbeiten           gefüllt\n"
        "  Wohnen             gefüllt\n"
        "  Familie            gefüllt\n"
        "  Freizeit & Natur   gefüllt\n"
        "  Ankommen           gefüllt\n"
        "  Kontakt            gefüllt\n"
        "  Alle sechs Abschnitte sind gefüllt.\n"
    )


def test_the_report_lists_what_the_operator_must_still_provide():
    text = report((region(JOBS, work=Section("work", "Arbeiten", text_html=Markup("<p>x</p>"))),))
    assert "  Arbeiten           gefüllt\n  Wohnen             fehlt\n" in text
    assert "  Noch zu liefern:\n  - Abschnitt „Wohnen“ fehlt noch" in text


def test_a_rent_of_a_related_area_alone_leaves_housing_thin():
    state_rent = dataclasses.replace(RENT, coverage="related-area")
    thin = region(housing=Section("housing", "Wohnen", figures=(state_rent,)))
    assert "housing" in dict(section_gaps(thin))
    district_rent = dataclasses.replace(RENT, coverage="part")
    answered = region(housing=Section("housing", "Wohnen", figures=(state_rent, district_rent)))
    assert "housing" not in dict(section_gaps(answered))


def test_the_shipped_regions_answer_every_question_but_one_with_its_key_fact():
    site = load_site_data(
        ROOT / "data/regions.yaml", ROOT / "content/regionen", render=render_markdown
    )
    gaps = {r.slug: [key for key, _ in section_gaps(r)] for r in site.regions}
    # North Thuringia: only Thuringia's average rent (census 2022); the research found no
    # figure for its three districts, so the report keeps asking for one.
    assert gaps == {r.slug: [] for r in site.regions} | {"nordthueringen": ["housing"]}


def test_a_gap_is_located_in_regions_yaml(tmp_path):
    text = (ROOT / "data/regions.yaml").read_text(encoding="utf-8")
    start = text.index("    jobs:\n      portal:\n        name: Karriereportal Südwestfalen")
    end = text.index("      search: {place: Olpe, radius: 50}\n") + len(
        "      search: {place: Olpe, radius: 50}\n"
    )
    data = tmp_path / "regions.yaml"
    data.write_text(text[:start] + text[end:], encoding="utf-8")
    gaps: list = []
    load_site_data(data, ROOT / "content/regionen", gaps, render=render_markdown)
    work = next(i for i, line in enumerate(data.read_text().splitlines(), 1) if line == "    work:")
    # Hints of the translations (deeper fields) are not section gaps.
    section_gaps_found = [
        (g.line, g.field)
        for g in gaps
        if g.field.count(".") == 1 and g.field.startswith("regions[0].")
    ]
    assert section_gaps_found == [(work, "regions[0].work")]


def test_an_empty_section_is_left_out_of_the_page_order():
    filled = Section("leisure", "Freizeit & Natur", entries=(Entry("See", source="https://q.de/"),))
    assert [s.key for s in region(leisure=filled).filled_sections] == ["leisure"]


# ---------------------------------------------------------------- region texts


def messages(tmp_path: Path, monkeypatch, text: str) -> tuple[dict[str, str], list[str]]:
    monkeypatch.chdir(tmp_path)
    path = Path("allgaeu.md")
    path.write_text(text, encoding="utf-8")
    sections, problems = read_region_text(path)
    return sections, [str(p) for p in problems]


def test_a_region_text_is_split_into_its_sections(tmp_path, monkeypatch):
    sections, problems = messages(
        tmp_path, monkeypatch, "## Arbeiten\n\nJobs.\n\n## Freizeit & Natur\n\nBerge.\n"
    )
    assert problems == []
    assert sections == {"work": "Jobs.", "leisure": "Berge."}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "## Leben\n\nText.\n",
            "allgaeu.md:1: unbekannter Abschnitt 'Leben': erlaubt sind 'Arbeiten', 'Wohnen', "
            "'Familie', 'Freizeit & Natur', 'Ankommen', 'Kontakt'",
        ),
        (
            "## Wohnen\n\nA.\n\n## Wohnen\n\nB.\n",
            "allgaeu.md:5: Abschnitt 'Wohnen' steht schon in Zeile 1: fassen Sie beide zusammen",
        ),
        (
            "Einleitung ohne Überschrift.\n\n## Arbeiten\n\nJobs.\n",
            "allgaeu.md:1: Text vor der ersten Überschrift: jeder Absatz gehört unter eine der "
            "Überschriften 'Arbeiten', 'Wohnen', 'Familie', 'Freizeit & Natur', 'Ankommen', "
            "'Kontakt', z. B. '## Arbeiten'",
        ),
    ],
    ids=["unknown heading", "heading twice", "text before the first heading"],
)
def test_a_region_text_outside_the_six_sections_is_refused(tmp_path, monkeypatch, text, expected):
    assert messages(tmp_path, monkeypatch, text)[1] == [expected]


def test_an_entry_needs_a_source_or_its_own_address(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (ROOT / "data/regions.yaml").read_text(encoding="utf-8")
    old = (
        "        - name: Perspektive Südwestfalen\n"
        "          kind: welcome\n"
        "          description: Unterstützung für Partnerinnen und Partner von Menschen, "
        "die in die Region ziehen.\n"
        "          source: https://suedwestfalen-agentur.com/regionalmarketing/neuigkeiten/"
        "neuigkeit/heimvorteil-hsk-bereits-15-steckbriefe-von-exil-sauerlaendern-"
        "veroeffentlicht/\n"
    )
    assert old in text
    bad = text.replace(old, old.rsplit("          source:", 1)[0])
    Path("regions.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(Path("regions.yaml"), render=render_markdown)
    line = bad.splitlines().index("        - name: Perspektive Südwestfalen") + 1
    assert [str(p) for p in failed.value.problems] == [
        f"regions.yaml:{line}: regions[0].arrival.entries[1]: Angabe ohne Quelle: ergänzen "
        "Sie 'source' (wo es belegt ist) oder 'url' (die eigene Website des Angebots)"
    ]


def test_the_builds_line_on_gaps_counts_in_german():
    from regional_showcase.generator import gaps_hint

    assert gaps_hint(1) == (
        "Hinweis: 1 Lücke auf den Regionsseiten; `make report` zeigt, was noch fehlt."
    )
    assert gaps_hint(3) == (
        "Hinweis: 3 Lücken auf den Regionsseiten; `make report` zeigt, was noch fehlt."
    )
