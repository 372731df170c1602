"""Links to the project's own website, starke-regionen.de: only to pages known to exist.

A deep link there may lead nowhere once the project's website changes, and nothing here can
look (the build has no network). Each page below was
confirmed from an archived copy of it (the research notes in ../shared/research/ name them,
the copies are in the stored-pages corpus the research used); a link to any other page of
starke-regionen.de is refused with the way out: link the home page, or confirm the page and
add its path here.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from .links import links_in_text
from .problems import Problem
from .text_files import UnusableText, read_text

HOSTS = frozenset({"starke-regionen.de", "www.starke-regionen.de"})
HOME = "https://www.starke-regionen.de/"
# Path -> what the archived copy shows (so a reviewer can tell the page by its content).
CONFIRMED_PAGES = {
    "/": "Startseite",
    "/das-projekt.html": "Das Projekt – Strategische Kooperationsregionen in ländlichen Räumen",
    "/das-projekt/ueber-das-projekt/auswahl-der-partnerregionen.html": (
        "Auswahl der Partnerregionen (drei Schritte)"
    ),
    "/das-projekt/ueber-das-projekt/"
    "id-3die-partnerregionen-und-ihre-organisationen-entwicklungsagenturen.html": (
        "Die Partnerregionen und ihre Organisationen / Entwicklungsagenturen"
    ),
    "/das-projekt/ueber-das-projekt/"
    "id-10erfolgsfaktoren-regionaler-zusammenarbeit-der-praxisleitfaden.html": (
        "Erfolgsfaktoren regionaler Zusammenarbeit – Der Praxisleitfaden"
    ),
    "/informationen/gute-beispiele/regionalmarketing.html": (
        "Themenkarte #2 – Wahrnehmung ländlich geprägter Regionen"
    ),
    "/informationen/gute-beispiele/regionale-arbeit-in-branchenclustern.html": (
        "Themenkarte #4 – Regionale Arbeit in Branchenclustern"
    ),
    "/informationen/partnerregionen/ems-achse.html": "Partnerregion Ems-Achse",
}


def is_unconfirmed(url: str) -> bool:
    """True for a link to a page of starke-regionen.de that is not in CONFIRMED_PAGES."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in HOSTS:
        return False
    return (parts.path or "/") not in CONFIRMED_PAGES


def star_link_message(url: str) -> str:
    """What an editor reads about a link to an unconfirmed page of starke-regionen.de."""
    return (
        f"Link auf eine Seite von starke-regionen.de, deren Bestand nicht belegt ist: {url}; "
        f"verlinken Sie die Startseite "
        f"{HOME} oder prüfen Sie die Seite und tragen Sie ihren Pfad in CONFIRMED_PAGES in "
        f"plugins/regional_showcase/data/star_links.py ein"
    )


def star_link_problems(text: str, shown: str) -> list[Problem]:
    """A located problem for every link to an unconfirmed page of starke-regionen.de."""
    return [
        Problem(shown, number, "", star_link_message(url))
        for number, line in enumerate(text.splitlines(), start=1)
        for url in links_in_text(line)
        if is_unconfirmed(url)
    ]


def star_link_file_problems(paths: list[Path], shown_of, kept=None) -> list[Problem]:
    """The rule over whole files: regions.yaml and every Markdown file under content/.

    `kept` is the check's cache of per-file results (check_cache.CheckCache.get), or None."""
    problems = []
    for path in paths:
        if kept is None:
            problems += _file_problems(path, shown_of)
        else:
            problems += kept("star-links", path, "", lambda p=path: _file_problems(p, shown_of))
    return problems


def _file_problems(path: Path, shown_of) -> list[Problem]:
    try:
        text = read_text(path, shown_of(path))
    except UnusableText:
        return []  # the file's own check reports it, once
    return star_link_problems(text, shown_of(path))
