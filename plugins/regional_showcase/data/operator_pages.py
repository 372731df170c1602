"""What the pages still need from the operator: facts only the operator can give, notes for
the operator, and pages that wait for their content. None of it ever reaches a reader.

- A fact only the operator knows (the Impressum's address, the date the accessibility
  statement was last reviewed) stands in a page as `{betreiber:email}`; its value comes from
  the setting SHOWCASE_OPERATOR in pelicanconf.py. The build writes the value; without one,
  the local build marks the gap, and `make publish` (SHOWCASE_OPERATOR_REQUIRED) refuses.
- `note_for_operator:` in a page's header is for the operator: `showcase report` lists it,
  no template shows it.
- `requires: video` keeps a page out of the build until its `video:` field is set: a page
  that only promises its content is not published, and nothing links to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from .front_matter import split_header
from .problems import Problem
from .text_files import UnusableText, read_text

OPERATOR_SETTING = "SHOWCASE_OPERATOR"
NOTE_FIELD = "note_for_operator"
REQUIRES_FIELD = "requires"

# Every fact a page may ask for, with what the operator has to give (German: the messages
# and the report quote it).
FACTS = {
    "name": "Name der Organisation, die die Website betreibt, mit Rechtsform",
    "address": "Postanschrift der Organisation (Straße und Hausnummer, Postleitzahl und Ort)",
    "representative": "vertretungsberechtigte Person(en) oder Organ, z. B. der Vorstand",
    "email": "E-Mail-Adresse für Anfragen, auch zur Barrierefreiheit",
    "phone": "Telefonnummer für Anfragen",
    "register": "Registergericht und Registernummer, oder „Kein Registereintrag.“",
    "vat_id": "Umsatzsteuer-Identifikationsnummer, oder „Keine vergeben.“",
    "supervisory_authority": "zuständige Aufsichtsbehörde, oder „Keine.“",
    "editor": "verantwortlich nach § 18 Abs. 2 MStV: Name und Anschrift",
    "relation": "Verhältnis zum Projekt StaR, z. B. „Diese Website ist ein Angebot von …“",
    "content_licence": "Nutzungsbedingungen oder Lizenz der Texte",
    "data_protection_officer": "Kontakt der/des Datenschutzbeauftragten, oder dass keine "
    "Benennungspflicht besteht",
    "hosting": "Hosting-Anbieter mit Anschrift und Serverstandort",
    "log_retention": "wie lange die Server-Logfiles aufbewahrt werden, z. B. „7 Tagen“",
    "data_protection_authority": "zuständige Datenschutz-Aufsichtsbehörde mit Anschrift",
    "privacy_date": "Stand der Datenschutzerklärung (Datum)",
    "accessibility_date": "Datum, an dem die Erklärung zur Barrierefreiheit erstellt wurde",
    "accessibility_review": "Datum der letzten Überprüfung der Erklärung zur Barrierefreiheit",
}
MARKER = re.compile(r"\{betreiber:([a-z_]+)\}")
_LINKED = {"email": "mailto:", "phone": "tel:"}


def setting_name(key: str) -> str:
    """How a message names one fact: SHOWCASE_OPERATOR["email"]."""
    return f'{OPERATOR_SETTING}["{key}"]'


def check_operator(value: object) -> dict[str, str]:
    """The setting as written in pelicanconf.py: known keys, text values (settings.py)."""
    if not isinstance(value, dict):
        raise ValueError(f"erwartet ein dict, gefunden {value!r}")
    facts = {}
    for key, text in value.items():
        if key not in FACTS:
            raise ValueError(f"unbekannte Angabe {key!r}; möglich: {', '.join(FACTS)}")
        if not isinstance(text, str):
            raise ValueError(f"{key}: erwartet einen Text, gefunden {text!r}")
        if text.strip():
            facts[key] = text.strip()
    return facts


def fill_facts(html: str, facts: Mapping[str, str]) -> str:
    """The page with each `{betreiber:…}` replaced by its value, escaped (an e-mail address
    and a phone number as links); a missing value as a visible gap for the local build."""

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        text = facts.get(key)
        if text is None:
            return str(
                Markup('<mark class="operator-gap">fehlt: {}</mark>').format(setting_name(key))
            )
        scheme = _LINKED.get(key)
        if scheme:
            # "+49 (0)30 1234" dials as +49301234: the trunk 0 goes with an international prefix.
            digits = re.sub(r"[^0-9+]", "", text.replace("(0)", ""))
            target = text if key == "email" else digits
            return str(Markup('<a href="{}{}">{}</a>').format(scheme, target, text))
        return str(escape(text))

    return MARKER.sub(value, html)


def waiting_for(metadata: Mapping[str, object]) -> list[str]:
    """The header fields a page waits for (`requires: video` without `video:`); [] if none."""
    wanted = str(metadata.get(REQUIRES_FIELD) or "")
    return [name for name in wanted.replace(",", " ").split() if not metadata.get(name)]


@dataclass(frozen=True)
class PageNeeds:
    """One page file: its notes for the operator, the facts it asks for, what it waits for."""

    shown: str
    notes: tuple[tuple[int, str], ...]
    facts: tuple[tuple[int, str], ...]  # (line, key)
    waiting: tuple[str, ...]


def page_needs(paths: Iterable[Path], shown_of) -> list[PageNeeds]:
    """What each page file asks of the operator, in path order (unreadable files skipped:
    content_problems reports them)."""
    found = []
    for path in sorted(paths):
        shown = shown_of(path)
        try:
            text = read_text(path, shown)
        except UnusableText:
            continue
        header = split_header(text, shown)
        fields = {name: value for name, (value, _) in header.fields.items()}
        notes = []
        if fields.get(NOTE_FIELD, "").strip():
            notes.append((header.fields[NOTE_FIELD][1], " ".join(fields[NOTE_FIELD].split())))
        facts = [
            (number, key)
            for number, line in enumerate(text.splitlines(), start=1)
            for key in MARKER.findall(line)
        ]
        found.append(PageNeeds(shown, tuple(notes), tuple(facts), tuple(waiting_for(fields))))
    return found


def fact_problems(
    pages: Iterable[PageNeeds], facts: Mapping[str, str], *, required: bool
) -> list[Problem]:
    """An unknown `{betreiber:…}` is always an error; a missing value only where the build
    publishes (SHOWCASE_OPERATOR_REQUIRED, set in publishconf.py)."""
    problems = []
    for page in pages:
        if page.waiting:
            continue  # not built, so nothing of it is published
        for line, key in page.facts:
            if key not in FACTS:
                problems.append(
                    Problem(
                        page.shown,
                        line,
                        "",
                        f"unbekannte Betreiberangabe '{{betreiber:{key}}}'; möglich: "
                        + ", ".join(FACTS),
                    )
                )
            elif required and key not in facts:
                problems.append(
                    Problem(
                        page.shown,
                        line,
                        "",
                        f"die Angabe {setting_name(key)} fehlt ({FACTS[key]}): tragen Sie sie "
                        f"in pelicanconf.py ein; ohne sie wird die Website nicht veröffentlicht",
                    )
                )
    return problems


def report_lines(pages: Iterable[PageNeeds], facts: Mapping[str, str]) -> list[str]:
    """The pages' part of `showcase report`: held-back pages, missing facts, notes."""
    lines = []
    for page in pages:
        items = []
        if page.waiting:
            fields = ", ".join(f"'{name}:'" for name in page.waiting)
            items.append(f"nicht veröffentlicht, bis {fields} im Kopf gesetzt ist")
        missing = sorted({key for _, key in page.facts if key in FACTS and key not in facts})
        items += [f"Angabe {setting_name(key)} fehlt: {FACTS[key]}" for key in missing]
        items += [f"Hinweis (Zeile {line}): {note}" for line, note in page.notes]
        if items:
            lines.append(page.shown)
            lines += [f"  - {item}" for item in items]
    if not lines:
        return ["Seiten: nichts offen."]
    return ["Seiten (Hinweise für den Betreiber, nie öffentlich)", *lines]
