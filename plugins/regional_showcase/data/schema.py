"""The JSON Schema of data/regions.yaml: the one definition of what valid region data is.

The loader validates against it, and `showcase schema` exports it to
data/regions.schema.json so that editors (VS Code with the YAML extension, IntelliJ) flag
mistakes while people type. `x-kind` marks what a pattern means, so that messages can say
"use an http(s) URL" instead of quoting a regular expression.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .job_search import JOB_SEARCH_RADII
from .localize import translation_schema
from .sections import SECTIONS

SCHEMA_ID = "https://starke-regionen.de/schema/regions.schema.json"
SLUG_PATTERN = r"^[a-z0-9-]+$"
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"
ROLES = ("fallstudie", "transfer")
FIGURE_KINDS = (
    "population",
    "area",
    "municipalities",
    "members",
    "employees",
    "gdp",
    "unemployment",
    "rent",
    "land-price",
    "other",
)
# Words that belong to a figure ("mehr als 700"): part of the data, shown wherever the
# figure is, so a card never turns "mehr als 700" into "700".
QUALIFIERS = ("rund", "etwa", "mehr als", "über", "knapp", "weniger als", "bis zu")
# What a newcomer asks, in the order a region page answers it. The key is the YAML field,
# the heading is the `## ` heading of that section in content/regionen/<slug>.md.
ENTRY_KINDS = (
    "portal",
    "programme",
    "initiative",
    "welcome",
    "service",
    "nature",
    "heritage",
    "organisation",
    # An organisation's press desk, only where a source names one (press/contacts.py shows
    # it first; without one the press area says it gives the general contact).
    "press",
)
# The character of a region's landscape; it chooses the drawing on cards and pages.
LANDSCAPES = ("coast", "lake", "alps", "low-mountains", "river-valley")
# What area a figure covers: the whole region, a part of it, or a related area such as a
# former administrative district. Only whole-region figures are ever compared.
COVERAGES = ("region", "part", "related-area")
# Licences the operator may publish the open data under (/daten/); the first is the default.
DATA_LICENCES = ("cc-by-4.0", "dl-de-by-2.0")
# Representative cities of German regions lie inside this box; anything outside is a typo
# such as swapped lat/lon.
LAT_RANGE = (45, 56)
LON_RANGE = (5, 16)
# A key figure's value lies strictly between -10^15 and 10^15. No region counts anything near
# that (Germany's GDP is about 4·10^12 euros, its area 3.6·10^11 m²), and below 2^53 ≈ 9·10^15
# every whole number is exact as a float, so pages and the CSV show the number as typed.
# Larger is a typo, or 1.0e+308, which German number formatting cannot show at all.
FIGURE_LIMIT = 10**15
# Units that make a figure a share: at most 100. Below 0 only for kind 'other' (a change
# such as -3.4 %); a rate of unemployment, like every other kind, is never negative.
PERCENT_UNITS = ("%", "Prozent")


def _text(description: str, *, min_length: int = 1) -> dict[str, Any]:
    return {"type": "string", "minLength": min_length, "description": description}


def _url(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": URL_PATTERN, "x-kind": "url", "description": description}


def _obj(properties: dict[str, Any], required: list[str], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _list(items: dict[str, Any], description: str, *, min_items: int = 0) -> dict[str, Any]:
    return {"type": "array", "items": items, "minItems": min_items, "description": description}


_PARTNER = _obj(
    {
        "name": _text("Name of the organisation"),
        "seat": _text("City of its seat"),
        "website": _url("Website"),
        "source": _url("Where this is documented"),
    },
    ["name", "seat"],
    "A partner organisation of the project",
)

_KEY_FIGURE = _obj(
    {
        "label": _text("What is counted, in German, e.g. 'Einwohnerinnen und Einwohner'"),
        "kind": {
            "enum": list(FIGURE_KINDS),
            "description": "Kind, so that only like figures are compared",
        },
        "value": {
            "type": "number",
            "exclusiveMinimum": -FIGURE_LIMIT,
            "exclusiveMaximum": FIGURE_LIMIT,
            "x-kind": "figure",
            "description": "The number itself, never a string",
        },
        "unit": _text("Unit, e.g. 'Personen', 'km²', 'Mitglieder'"),
        "year": {
            "type": "integer",
            "minimum": 1900,
            "maximum": 2100,
            "description": "Reference year",
        },
        "source": _url("Source of the figure"),
        "qualifier": {
            "enum": list(QUALIFIERS),
            "description": "Word shown before the number, e.g. 'mehr als' for 'mehr als 700'",
        },
        "decimals": {
            "type": "integer",
            "minimum": 0,
            "maximum": 3,
            "description": "Digits shown after the comma, e.g. 2 for prices (9,90)",
        },
        "note": _text("Scope or caveat, e.g. 'ohne württembergischen Teil'"),
        "coverage": {
            "enum": list(COVERAGES),
            "description": "Area covered: region (default), part, related-area",
        },
    },
    ["label", "kind", "value", "unit", "year", "source"],
    "A figure with its unit, reference year and source",
)
_KEY_FIGURE["allOf"] = [
    {
        "if": {"properties": {"unit": {"enum": list(PERCENT_UNITS)}}, "required": ["unit"]},
        "then": {"properties": {"value": {"maximum": 100, "x-kind": "percent"}}},
    },
    {
        "if": {"properties": {"kind": {"not": {"const": "other"}}}, "required": ["kind"]},
        "then": {"properties": {"value": {"minimum": 0, "x-kind": "not-negative"}}},
    },
]

_ENTRY = _obj(
    {
        "name": _text("Name of the offer, place or organisation (never a person)"),
        "kind": {"enum": list(ENTRY_KINDS), "description": "What it is, for its label"},
        "description": _text("One or two sentences in German, for readers"),
        "url": _url("Its own website"),
        "address": _text("Public postal address of an organisation"),
        "email": {
            "type": "string",
            "pattern": EMAIL_PATTERN,
            "x-kind": "email",
            "description": "Public e-mail address of an organisation (no named person)",
        },
        "phone": _text("Public phone number of an organisation"),
        "contact_page": _url(
            "The organisation's own contact page, where its source says that readers reach it "
            "there (give e-mail or phone instead where known)"
        ),
        "source": _url("Where the facts of this entry are documented"),
        "note_for_operator": _text(
            "Note for the operator, e.g. that a phone number dates from 2018: listed by "
            "`showcase report`, never shown on a page"
        ),
    },
    ["name"],
    "A portal, programme, service, place or contact, with its source",
)

_SOURCE = _obj(
    {
        "url": _url("Address of the source"),
        "title": _text("What the source is, e.g. 'Internationale Bodensee-Konferenz'"),
        "note": _text("Caveat about the source, e.g. its scope or date"),
        "note_for_operator": _text(
            "Note for the operator, e.g. what is still unconfirmed: listed by "
            "`showcase report`, never shown on a page"
        ),
    },
    ["url"],
    "A source of the region page, with an optional caveat",
)


# How a reader gets from the region page to work: the region's own job portal, if it has one,
# and the Bundesagentur's job search around a town of the region (job_search.py).
_JOBS = _obj(
    {
        "portal": _obj(
            {
                "name": _text("Name of the region's own job portal"),
                "url": _url("Its address"),
                "description": _text("One sentence in German, for readers"),
                "languages": _list(
                    _text("Language, in German, e.g. 'Englisch'"),
                    "Languages the portal offers, only as its source says",
                ),
                "source": _url("Where the portal (and its languages) is documented"),
            },
            ["name", "url"],
            "The region's own job portal",
        ),
        "search": _obj(
            {
                "place": _text("Town the job search is centred on, e.g. 'Olpe'"),
                "radius": {
                    "enum": list(JOB_SEARCH_RADII),
                    "description": "Radius around the town in km, as the Bundesagentur offers",
                },
            },
            ["place", "radius"],
            "The Bundesagentur's job search around a town of the region",
        ),
    },
    ["search"],
    "Ways from the region page to jobs",
)


def _section(heading: str) -> dict[str, Any]:
    return _obj(
        {
            "entries": _list(_ENTRY, f"Entries of the section '{heading}'"),
            "figures": _list(_KEY_FIGURE, f"Figures of the section '{heading}'"),
        },
        [],
        f"Section '{heading}' of the region page",
    )


_ORGANISATION = _obj(
    {
        "name": _text("Name of the organisation"),
        "legal_form": _text("Legal form, e.g. GmbH, e.V."),
        "seat": _text("City of its seat"),
        "address": _text("Postal address"),
        "founded": _text("Year or date of foundation, as text"),
        "website": _url("Website of the organisation"),
        "source": _url("Where this is documented"),
    },
    ["name", "legal_form", "seat", "source"],
    "Who runs the region's cooperation",
)

_LOCATION = _obj(
    {
        "city": _text("Representative city"),
        "lat": {
            "type": "number",
            "minimum": LAT_RANGE[0],
            "maximum": LAT_RANGE[1],
            "x-kind": "lat",
        },
        "lon": {
            "type": "number",
            "minimum": LON_RANGE[0],
            "maximum": LON_RANGE[1],
            "x-kind": "lon",
        },
    },
    ["city", "lat", "lon"],
    "Where the region is drawn on the map",
)

_PHOTO = _obj(
    {
        "file": _text("The photo below content/, e.g. images/regionen/allgaeu.jpg"),
        "alt": _text("What the photo shows, for people who cannot see it"),
        "credit": _text("Credit line as shown, e.g. 'Allgäu GmbH / Name'"),
        "licence": _text("Licence or permission, e.g. 'CC BY 4.0'"),
        "focus": _text("Point that stays in view when cropped, 'x% y%' in steps of 10"),
    },
    ["file", "alt"],
    "A photo the region provides; shown only with credit and licence",
)

_REGION = _obj(
    {
        "slug": {
            "type": "string",
            "pattern": SLUG_PATTERN,
            "x-kind": "slug",
            "description": "URL name",
        },
        "name": _text("Name of the region"),
        "role": {"enum": list(ROLES), "description": "Role in StaR: fallstudie or transfer"},
        "landscape": {
            "enum": list(LANDSCAPES),
            "description": "Character of the landscape, for its illustration",
        },
        "claim": _text("Claim or brand"),
        "summary": _text("Short Markdown text"),
        "organisation": _ORGANISATION,
        "website": _url("The region's main website"),
        "facebook": _url("Facebook page, only where known"),
        "starke_regionen_url": _url("The region's page on starke-regionen.de"),
        "states": _list(_text("Federal state"), "German federal states", min_items=1),
        "countries": _list(_text("Country"), "Countries the region spans, where more than Germany"),
        "districts": _list(
            _text("District or city"), "Districts and district-free cities", min_items=1
        ),
        "location": _LOCATION,
        "key_figures": _list(_KEY_FIGURE, "Key figures"),
        "jobs": _JOBS,
        **{key: _section(heading) for key, heading in SECTIONS},
        "sources": _list(_SOURCE, "Sources of the region page, with caveats"),
        "photo": _PHOTO,
    },
    [
        "slug",
        "name",
        "role",
        "landscape",
        "summary",
        "organisation",
        "website",
        "states",
        "districts",
        "location",
        "key_figures",
    ],
    "One cooperation region",
)

_TOPIC = _obj(
    {
        "slug": {"type": "string", "pattern": SLUG_PATTERN, "x-kind": "slug"},
        "name": _text("Name used in a post's Category field"),
        "description": _text("One sentence"),
    },
    ["slug", "name"],
    "A news topic",
)

_PROJECT = _obj(
    {
        "name": _text("Full project name"),
        "short_name": _text("Abbreviation"),
        "website": _url("Project website"),
        "guide_url": _url("The Praxisleitfaden PDF"),
        "funding": _obj(
            {
                "ministry": _text("Funding ministry"),
                "programme": _text("Funding programme"),
                "source": _url("Source"),
            },
            ["ministry", "programme"],
            "Funding",
        ),
        "research_partner": _PARTNER,
        "practice_partner": _PARTNER,
        "outputs": _list(
            _obj(
                {"name": _text("Output"), "description": _text("Sentence"), "url": _url("Link")},
                ["name"],
                "A project output",
            ),
            "Outputs of the project",
        ),
        "summary": _text("Markdown"),
    },
    [
        "name",
        "short_name",
        "website",
        "guide_url",
        "funding",
        "research_partner",
        "outputs",
        "summary",
    ],
    "The StaR project",
)


def _translatable(schema: dict[str, Any]) -> dict[str, Any]:
    """Add `translations: {en: {…}}`: the texts readers see, in another language (localize.py)."""
    schema["properties"]["translations"] = {
        "type": "object",
        "propertyNames": {"pattern": "^[a-z]{2}$"},
        "additionalProperties": translation_schema(schema),
        "description": "Translations keyed by language code, e.g. en",
    }
    return schema


for _translated in (_REGION, _TOPIC, _PROJECT):
    _translatable(_translated)

# How the data is published as open data; optional, every key has a default.
_OPEN_DATA = _obj(
    {
        "licence": {
            "enum": list(DATA_LICENCES),
            "description": "Licence of the downloads: cc-by-4.0 (default) or dl-de-by-2.0",
        },
        "publisher": _text("Who publishes the data, as attribution names it (the operator)"),
    },
    [],
    "Open data: licence and publisher of the downloads on /daten/",
)

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "Regional showcase data (regions.yaml)",
    **_obj(
        {
            "project": _PROJECT,
            "topics": _list(_TOPIC, "The fixed list of news topics", min_items=1),
            "regions": _list(_REGION, "The cooperation regions", min_items=1),
            "open_data": _OPEN_DATA,
        },
        ["project", "topics", "regions"],
        "Regions, topics and project data of the site",
    ),
}


def schema_json() -> str:
    """The schema as stable, pretty JSON text (what data/regions.schema.json holds)."""
    return json.dumps(SCHEMA, indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path) -> None:
    """Export the schema for editors."""
    path.write_text(schema_json(), encoding="utf-8")
