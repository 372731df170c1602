"""The six sections of a region page and their headings in each language.

Its own module so that schema.py (which derives translations through localize.py) and
localize.py (which reads region texts by heading) both import it, and not each other.
"""

from __future__ import annotations

# Key and German heading, in page order.
SECTIONS = (
    ("work", "Arbeiten"),
    ("housing", "Wohnen"),
    ("family", "Familie"),
    ("leisure", "Freizeit & Natur"),
    ("arrival", "Ankommen"),
    ("contact", "Kontakt"),
)
SECTION_KEYS = tuple(key for key, _ in SECTIONS)
SECTION_HEADINGS = {heading: key for key, heading in SECTIONS}

# The `## ` headings of region texts in the other languages, in page order.
TRANSLATED_HEADINGS = {
    "en": {
        "Work": "work",
        "Housing": "housing",
        "Family": "family",
        "Leisure & nature": "leisure",
        "Arriving": "arrival",
        "Contact": "contact",
    }
}


def section_headings(lang: str) -> dict[str, str]:
    """Heading -> section key, in page order, for the region texts of `lang`."""
    return SECTION_HEADINGS if lang == "de" else TRANSLATED_HEADINGS[lang]
