"""A reader of any region page can act: find jobs, reach someone, read all six sections.

The page-level promises are checked once on the shared publish build, for all seven regions in
both editions; the data rules behind them (the `jobs` block, `contact_page`) are called as
functions, each bad input with its exact German message.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from regional_showcase.data.completeness import operator_notes
from regional_showcase.data.job_search import (
    BA_JOB_SEARCH,
    ENGLISH_JOB_SEARCH,
    OCCUPATIONS,
    RECOGNITION_FINDER,
    job_search_url,
)
from regional_showcase.data.loader import load_site_data
from regional_showcase.data.model import JobSearch
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.markup import render_markdown

from expectations import ROOT, region_data

DATA = "data/regions.yaml"
REAL_DATA = (ROOT / DATA).read_text(encoding="utf-8")
# Every region of the data, in both editions (test_region_pages holds the list of slugs).
SLUGS = [region["slug"] for region in region_data()["regions"]]
SECTION_IDS = ("work", "housing", "family", "leisure", "arrival", "contact")
PAGES = [(f"regionen/{slug}/", "de") for slug in SLUGS] + [
    (f"en/regions/{slug}/", "en") for slug in SLUGS
]


# ---------------------------------------------------------------- the built pages


def reachable(section) -> list[str]:
    """The ways to reach an organisation in a section: mailto:, tel: or a contact page."""
    return [
        href for href in section.xpath(".//a/@href") if href.startswith(("mailto:", "tel:"))
    ] + section.xpath(".//a[contains(@class, 'offer__contact-page')]/@href")


@pytest.mark.build
def test_every_region_page_has_six_sections_a_contact_and_a_way_to_jobs(published):
    missing = {}
    for url_path, lang in PAGES:
        page = published.page(url_path)
        gaps = [f"#{key}" for key in SECTION_IDS if not page.xpath(f"//section[@id='{key}']")]
        for key in ("contact", "arrival"):
            section = page.xpath(f"//section[@id='{key}']")
            if section and not reachable(section[0]):
                gaps.append(f"kein Kontakt in #{key}")
        work = page.xpath("//section[@id='work']")
        searches = (
            work[0].xpath(f".//a[starts-with(@href, '{BA_JOB_SEARCH}?')]/@href") if work else []
        )
        if len(searches) != len(OCCUPATIONS):
            gaps.append(f"{len(searches)} Jobsuchen statt {len(OCCUPATIONS)}")
        if lang == "en" and work:
            for address in (ENGLISH_JOB_SEARCH, RECOGNITION_FINDER):
                if not work[0].xpath(f".//a[@href='{address}']"):
                    gaps.append(f"kein Link auf {address}")
        if gaps:
            missing[url_path] = gaps
    assert missing == {}


@pytest.mark.build
def test_the_job_searches_ask_for_the_occupations_around_the_regions_town(published):
    page = published.page("regionen/suedwestfalen/")
    searches = page.xpath(f"//section[@id='work']//a[starts-with(@href, '{BA_JOB_SEARCH}?')]")
    queries = [parse_qs(urlsplit(a.get("href")).query) for a in searches]
    assert [q["was"][0] for q in queries] == [words for _, words in OCCUPATIONS]
    assert {(q["wo"][0], q["umkreis"][0], q["angebotsart"][0]) for q in queries} == {
        ("Olpe", "50", "1")
    }
    # Care first: the occupation most regions recruit for, and the nurse's search.
    assert searches[0].text_content().startswith("Pflege")
    assert "Stellenangebote der Bundesagentur für Arbeit im Umkreis von 50 km um Olpe:" in (
        page.xpath("//section[@id='work']")[0].text_content()
    )
    english = published.page("en/regions/ems-achse/").xpath("//section[@id='work']")[0]
    assert english.xpath(f".//a[starts-with(@href, '{BA_JOB_SEARCH}?')]")[0].text_content() == (
        "Nursing and care – job search of the Federal Employment Agency"
    )
    # The region's own portal, with the languages its source names, in the page's language.
    portal = english.xpath(".//p[@class='jobs__portal']")[0].text_content()
    assert portal.startswith("The region’s job portal: Job-Achse (languages: German, Dutch,")
    assert "Spanish" in portal


@pytest.mark.build
def test_the_old_agency_address_is_no_longer_in_the_contact_box(published):
    page = published.page("regionen/suedwestfalen/")
    # Neither the address nor the operator's note that names it reaches the page.
    assert "Martinstraße 15" not in page.text_content()
    assert "Martinstraße 15" not in published.file("daten/regions/suedwestfalen.json").read_text()
    contact = page.xpath("//section[@id='contact']")[0]
    assert contact.xpath(".//a/@href[starts-with(., 'mailto:')]") == [
        "mailto:heimvorteil@hochsauerlandkreis.de"
    ]


def test_the_report_lists_an_entrys_note_for_the_operator():
    koblenz = load_site_data(ROOT / DATA, render=render_markdown).regions_by_slug[
        "koblenz-mittelrhein"
    ]
    assert (
        "Familie, „Vermittlungsstelle für Kindertagesbetreuung der Stadt Koblenz“: Telefon und "
        "E-Mail stammen von 2018; bei der Stadt Koblenz prüfen."
    ) in operator_notes(koblenz)


# ---------------------------------------------------------------- the address of a search


def test_a_job_search_address_is_the_bundesagenturs_search_with_spaces_as_percent_20():
    assert job_search_url("Pflegefachkraft", "Bad Frankenhausen", 25) == (
        "https://www.arbeitsagentur.de/jobsuche/suche?angebotsart=1&was=Pflegefachkraft"
        "&wo=Bad%20Frankenhausen&umkreis=25"
    )


def test_a_region_searches_every_occupation_around_its_town_care_first():
    links = JobSearch("Olpe", 50).links
    assert [key for key, _ in links] == ["care", "crafts", "engineering", "it", "education"]
    assert links[0][1] == job_search_url("Pflegefachkraft", "Olpe", 50)


# ---------------------------------------------------------------- bad input


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    return tmp_path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def line_is(text: str, line_text: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line == line_text)


def data_messages(text: str) -> list[str]:
    Path(DATA).write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(Path(DATA), render=render_markdown)
    return [str(problem) for problem in failed.value.problems]


SEARCH = "      search: {place: Olpe, radius: 50}"
PORTAL_URL = "        url: https://www.karriere-suedwestfalen.de/"
# (id, text replaced in the real regions.yaml, replacement, expected messages given the text)
JOBS_CASES = [
    (
        "a radius the Bundesagentur does not offer",
        SEARCH,
        "      search: {place: Olpe, radius: 30}",
        lambda t: [
            f"{DATA}:{line_of(t, 'radius: 30')}: regions[0].jobs.search.radius: '30' ist nicht "
            "erlaubt: erlaubt sind '10', '25', '50', '100', '150', '200'"
        ],
    ),
    (
        "a search without its town",
        SEARCH,
        "      search: {radius: 50}",
        lambda t: [
            f"{DATA}:{line_of(t, 'search: {radius: 50}')}: regions[0].jobs.search.place: "
            "Pflichtfeld fehlt"
        ],
    ),
    (
        "jobs without a search",
        SEARCH + "\n",
        "",
        lambda t: [f"{DATA}:{line_is(t, '    jobs:')}: regions[0].jobs.search: Pflichtfeld fehlt"],
    ),
    (
        "a portal address that is no link",
        PORTAL_URL,
        "        url: www.karriere-suedwestfalen.de",
        lambda t: [
            f"{DATA}:{line_of(t, 'url: www.karriere')}: regions[0].jobs.portal.url: "
            "'www.karriere-suedwestfalen.de' ist kein erlaubter Link: geben Sie eine "
            "vollständige http(s)-Adresse an, z. B. https://www.example.de/"
        ],
    ),
    (
        "a misspelt field in jobs",
        SEARCH,
        "      serach: {place: Olpe, radius: 50}",
        lambda t: [
            f"{DATA}:{line_is(t, '    jobs:')}: regions[0].jobs.search: Pflichtfeld fehlt",
            f"{DATA}:{line_of(t, 'serach:')}: regions[0].jobs.serach: unbekanntes Feld "
            "(meinten Sie 'search'?)",
        ],
    ),
    (
        "a contact page that is no link",
        "          email: heimvorteil@hochsauerlandkreis.de\n          source: https://www.radiosauerland.de/artikel/heimvorteil-hsk-641433.html\n    contact:",
        "          contact_page: hochsauerlandkreis.de/kontakt\n          source: https://www.radiosauerland.de/artikel/heimvorteil-hsk-641433.html\n    contact:",
        lambda t: [
            f"{DATA}:{line_of(t, 'contact_page: hochsauerlandkreis')}: "
            "regions[0].arrival.entries[2].contact_page: 'hochsauerlandkreis.de/kontakt' ist "
            "kein erlaubter Link: geben Sie eine vollständige http(s)-Adresse an, z. B. "
            "https://www.example.de/"
        ],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in JOBS_CASES], ids=[c[0] for c in JOBS_CASES]
)
def test_a_jobs_or_contact_rule_gives_its_message(folder, old, new, expected):
    assert REAL_DATA.count(old) == 1, old
    text = REAL_DATA.replace(old, new, 1)
    assert data_messages(text) == expected(text)
