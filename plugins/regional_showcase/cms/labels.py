"""German labels and hints for the editor's fields, keyed by the field names of the data.

Kept apart from the schema because they are words for staff, not rules: the schema says what
is valid, these say what a field is called in the editor.
"""

from __future__ import annotations

# The limits the check applies (data/content_rules.py): the hints name the same numbers.
from ..data.content_rules import SUMMARY_LIMITS, TITLE_LIMITS
from ..data.sections import SECTIONS

LABELS = {
    # news posts
    "title": "Titel",
    "date": "Datum und Uhrzeit",
    "regions": "Regionen",
    "category": "Thema",
    "summary": "Kurzfassung",
    "image": "Titelbild",
    "image_alt": "Bildbeschreibung (Alternativtext)",
    "image_credit": "Bildnachweis",
    "image_licence": "Lizenz des Bildes",
    "image_focus": "Bildausschnitt (Fokuspunkt)",
    # pages
    "video": "Video (Datei auf dieser Website)",
    "video_download": "Video: Dateiformat, Größe und Länge",
    "sprache": "Leichte Sprache",
    "status": "Status",
    "modified": "Aktualisiert am",
    "slug": "Adresse (Slug)",
    "body": "Text",
    # regions.yaml
    "project": "Projekt",
    "topics": "Themen",
    "name": "Name",
    "role": "Rolle im Projekt",
    "claim": "Claim oder Marke",
    "organisation": "Organisation",
    "legal_form": "Rechtsform",
    "seat": "Sitz",
    "address": "Anschrift",
    "founded": "Gegründet",
    "website": "Website",
    "source": "Quelle (Adresse)",
    "facebook": "Facebook-Seite",
    "starke_regionen_url": "Seite auf starke-regionen.de",
    "states": "Bundesländer",
    "districts": "Landkreise und kreisfreie Städte",
    "location": "Lage auf der Karte",
    "city": "Stadt",
    "lat": "Breitengrad",
    "lon": "Längengrad",
    "key_figures": "Kennzahlen",
    "label": "Bezeichnung",
    "kind": "Art",
    "value": "Wert",
    "unit": "Einheit",
    "year": "Bezugsjahr",
    "note": "Anmerkung",
    "coverage": "Gebiet",
    "strengths": "Stärken",
    "skilled_workers": "Portale und Initiativen",
    "url": "Adresse",
    "description": "Beschreibung",
    "sources": "Weitere Quellen",
    "short_name": "Kurzname",
    "guide_url": "Praxisleitfaden (PDF)",
    "funding": "Förderung",
    "ministry": "Ministerium",
    "programme": "Programm",
    "research_partner": "Forschungspartner",
    "practice_partner": "Praxispartner",
    "outputs": "Ergebnisse",
    "landscape": "Landschaft (für die Zeichnung)",
    "countries": "Staaten (außer Deutschland)",
    "qualifier": "Zusatz vor der Zahl",
    "decimals": "Nachkommastellen",
    "email": "E-Mail-Adresse",
    "phone": "Telefon",
    "contact_page": "Kontaktseite der Organisation",
    "jobs": "Wege zu Stellen",
    "portal": "Jobportal der Region",
    "languages": "Sprachen (nur wie in der Quelle)",
    "search": "Stellensuche der Bundesagentur für Arbeit",
    "place": "Ort",
    "radius": "Umkreis in km",
    "note_for_operator": "Notiz für den Betrieb (erscheint nicht auf der Website)",
    "entries": "Einträge",
    "figures": "Zahlen",
    "open_data": "Offene Daten (Downloads unter /daten/)",
    "licence": "Lizenz",
    "publisher": "Herausgeber",
    "photo": "Foto der Region",
    "file": "Bilddatei",
    "alt": "Bildbeschreibung (Alternativtext)",
    "credit": "Bildnachweis",
    "focus": "Bildausschnitt (Punkt, der sichtbar bleibt)",
    # the sections of a region page, as their headings read (data/sections.py)
    **dict(SECTIONS),
    # translations (regions.yaml and translated posts and pages)
    "translations": "Übersetzungen",
    "lang": "Sprache",
    "translation_key": "Übersetzung von",
}

# The hint of a new entry's slug (posts and pages; events have their own, with the year).
SLUG_HINT = (
    "Wird aus dem Titel gebildet und kann bis zum ersten Speichern geändert werden; danach "
    "bleibt die Adresse fest. Ist sie schon vergeben, schlägt der Editor eine freie vor."
)

HINTS = {
    "sprache": "Nur für Seiten in Leichter Sprache: Jede Zeile bleibt auf der Seite eine "
    "eigene Zeile (ein Satz pro Zeile), die Schrift ist größer. Regeln: docs/sprache.md.",
    "title": "Die Adresse der Meldung wird beim ersten Speichern aus dem Titel gebildet "
    f"(ä → ae, ß → ss) und ändert sich danach nicht mehr. Bis {TITLE_LIMITS[0]} Zeichen; "
    f"länger fragt die Prüfung nach, mehr als {TITLE_LIMITS[1]} sind nicht erlaubt.",
    "date": "Deutsche Zeit (Europe/Berlin). Eine Meldung mit einem Datum in der Zukunft "
    "erscheint erst an diesem Tag.",
    "regions": "Eine oder mehrere Regionen, oder „Alle Regionen“ allein.",
    "category": "Genau ein Thema.",
    "summary": f"Ein bis zwei Sätze, bis {SUMMARY_LIMITS[0]} Zeichen: erscheint in Listen, "
    f"Feeds und Link-Vorschauen. Länger fragt die Prüfung nach, mehr als {SUMMARY_LIMITS[1]} "
    "sind nicht erlaubt.",
    "image": "Optional. Bilder werden unter content/images/ gespeichert; höchstens {max_mb} MB.",
    "image_alt": "Pflicht, sobald ein Titelbild gesetzt ist: sagen Sie, was das Bild zeigt.",
    "image_credit": "Pflicht, sobald ein Titelbild gesetzt ist: von wem das Bild stammt, z. B. "
    "„Allgäu GmbH / Name“. Erscheint unter dem Bild.",
    "image_licence": "Pflicht, sobald ein Titelbild gesetzt ist: die Lizenz oder Erlaubnis, z. B. "
    "„CC BY 4.0“. Ohne belegte Lizenz kein Bild.",
    "image_focus": "Optional: der Punkt, der beim Zuschneiden sichtbar bleibt, von links und von "
    "oben, z. B. „50% 30%“.",
    "status": "„Entwurf“ erscheint nur in der Vorschau, nicht auf der veröffentlichten Website.",
    "modified": "Nur bei einer wesentlichen Änderung: erscheint als „aktualisiert am“.",
    "body": "Jedes Bild braucht eine Beschreibung (Alternativtext).",
    "source": "Woher die Angabe stammt: eine Adresse mit https://",
    "value": "Nur die Zahl, ohne Einheit.",
    "facebook": "Nur, wenn die Region eine eigene Facebook-Seite hat.",
    "translations": "Nur die Texte, die Leserinnen und Leser sehen; leer gelassen gilt der "
    "deutsche Text.",
    "translation_key": "Die deutsche Meldung oder Seite, die dieser Text übersetzt.",
}

OPTION_LABELS = {
    "leicht": "Seite in Leichter Sprache",
    "draft": "Entwurf (nur in der Vorschau)",
    "published": "Veröffentlicht",
    "fallstudie": "Fallstudienregion",
    "transfer": "Transferregion",
    "region": "ganze Region",
    "part": "Teil der Region",
    "related-area": "verwandtes Gebiet",
    "portal": "Portal",
    "initiative": "Initiative",
    "welcome": "Welcome-Angebot",
    "population": "Bevölkerung",
    "area": "Fläche",
    "municipalities": "Gemeinden",
    "members": "Mitglieder",
    "employees": "Beschäftigte",
    "gdp": "Bruttoinlandsprodukt",
    "other": "andere",
    "unemployment": "Arbeitslosenquote",
    "rent": "Miete",
    "land-price": "Baulandpreis",
    "programme": "Programm",
    "service": "Beratung und Service",
    "nature": "Natur",
    "heritage": "Kultur und Geschichte",
    "organisation": "Organisation",
    "press": "Pressestelle",
    "coast": "Küste",
    "lake": "Seen",
    "alps": "Alpen",
    "low-mountains": "Mittelgebirge",
    "river-valley": "Flusstal",
    "cc-by-4.0": "CC BY 4.0",
    "dl-de-by-2.0": "Datenlizenz Deutschland – Namensnennung 2.0",
}


# One item of a list, for „Region hinzufügen“ (Decap writes the list's name otherwise).
SINGULAR = {
    "regions": "Region",
    "topics": "Thema",
    "key_figures": "Kennzahl",
    "districts": "Landkreis oder Stadt",
    "states": "Bundesland",
    "countries": "Staat",
    "sources": "Quelle",
    "skilled_workers": "Portal oder Initiative",
    "entries": "Eintrag",
    "figures": "Zahl",
    "outputs": "Ergebnis",
    "strengths": "Stärke",
}

# Languages by their code, for the forms of translations.
LANGUAGES = {"de": "Deutsch", "en": "Englisch"}


def label(name: str) -> str:
    """The German label of a field; an unknown field shows its own name rather than nothing."""
    return LABELS.get(name, name.replace("_", " ").capitalize())
