"""The web editor's collection for events (Termine), declared by content_types/events.py.

The fields are the event rules' own (`events/rules.py`); the editor writes the same YAML front
matter `showcase new-event` writes, and `showcase check` reads both the same way. Dates are
text fields, because one event is all-day (`28.12.2026`) and another has times
(`28.12.2026 10:00`): Decap's date picker can only be one or the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..data.model import ALL_REGIONS, SiteData
from .model import DEFAULT_TIMEZONE, STATUSES
from .rules import LOCATION_FIELDS, OPTIONAL, REQUIRED, SLUG_RE

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings

# The order of the fields in the form and in the file.
FIELD_ORDER = (
    "title",
    "start",
    "end",
    "timezone",
    "location",
    "online",
    "regions",
    "category",
    "summary",
    "organizer",
    "registration",
    "status",
    "date",
    "modified",
    "slug",
)
LABELS = {
    "title": "Titel",
    "start": "Beginn",
    "end": "Ende",
    "timezone": "Zeitzone",
    "location": "Ort",
    "name": "Name des Veranstaltungsorts",
    "address": "Straße und Hausnummer",
    "city": "PLZ und Ort",
    "online": "Link zur Online-Teilnahme",
    "regions": "Regionen",
    "category": "Thema",
    "summary": "Kurzfassung",
    "organizer": "Veranstalter",
    "registration": "Link zur Anmeldung",
    "status": "Status",
    "date": "Eingetragen am",
    "modified": "Geändert am",
    "slug": "Adresse (Slug)",
    "body": "Text",
}
STATUS_LABELS = {"published": "Veröffentlicht", "draft": "Entwurf", "cancelled": "Abgesagt"}
WHEN_PATTERN = r"^\d{1,2}\.\d{1,2}\.\d{4}( \d{1,2}:\d{2})?$|^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$"
WHEN_HINT = "TT.MM.JJJJ für ganztägige Termine, sonst TT.MM.JJJJ HH:MM (deutsche Zeit)."
# content/termine/<yyyy>-<mm>-<dd>-<slug>.md, the date the event's start.
FILE_NAME = "{{fields.start | date('YYYY-MM-DD')}}-{{fields.slug}}"


def _field(name: str, widget: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "label": LABELS[name],
        "widget": widget,
        "required": name in REQUIRED,
        **extra,
    }


def event_fields(site: SiteData, widgets: dict[str, str]) -> list[dict[str, Any]]:
    """One editor field per field the event rules accept, in FIELD_ORDER, then the text."""
    regions = [{"label": "Alle Regionen", "value": ALL_REGIONS}] + [
        {"label": r.name, "value": r.slug} for r in site.regions
    ]
    when = {"pattern": [WHEN_PATTERN, WHEN_HINT], "hint": WHEN_HINT}
    make = {
        "title": lambda: _field("title", "string"),
        "start": lambda: _field("start", "string", **when),
        "end": lambda: _field("end", "string", **when),
        "timezone": lambda: _field(
            "timezone",
            "string",
            default=DEFAULT_TIMEZONE,
            hint="Nötig, sobald eine Uhrzeit angegeben ist.",
        ),
        "location": lambda: _field(
            "location",
            "object",
            hint="Leer lassen bei einem reinen Online-Termin.",
            fields=[
                {
                    "name": name,
                    "label": LABELS[name],
                    "widget": "string",
                    "required": name != "address",
                }
                for name in LOCATION_FIELDS
            ],
        ),
        "online": lambda: _field("online", "string", hint="https://… (bei Online-Terminen)"),
        "regions": lambda: _field(
            "regions", widgets["regions"], multiple=True, min=1, options=regions
        ),
        "category": lambda: _field(
            "category",
            "select",
            options=[{"label": t.name, "value": t.name} for t in site.topics],
        ),
        "summary": lambda: _field("summary", "text"),
        "organizer": lambda: _field(
            "organizer", "string", hint="Leer lassen: die Organisation der Region."
        ),
        "registration": lambda: _field("registration", "string"),
        "status": lambda: _field(
            "status",
            "select",
            default="draft",
            options=[{"label": STATUS_LABELS[s], "value": s} for s in STATUSES],
        ),
        "date": lambda: _field(
            "date", "datetime", default="{{now}}", format="YYYY-MM-DD HH:mm", picker_utc=False
        ),
        "modified": lambda: _field(
            "modified", "datetime", format="YYYY-MM-DD HH:mm", picker_utc=False
        ),
        "slug": lambda: _field(
            "slug",
            widgets["slug"],
            pattern=[SLUG_RE.pattern, "Nur Kleinbuchstaben a–z, Ziffern und Bindestriche."],
            hint="Wird aus Titel und Jahr gebildet (z. B. rueckkehrertag-2026) und kann bis "
            "zum ersten Speichern geändert werden; danach ist sie die feste Kennung des Termins "
            "im Kalender.",
        ),
    }
    assert set(make) == set(REQUIRED + OPTIONAL)
    return [make[name]() for name in FIELD_ORDER] + [
        {"name": "body", "label": LABELS["body"], "widget": widgets["body"], "required": False}
    ]


def events_collection(
    settings: ShowcaseSettings, site: SiteData, widgets: dict[str, str]
) -> dict[str, Any]:
    """Termine: content/termine/<yyyy>-<mm>-<dd>-<slug>.md in YAML front matter."""
    return {
        "name": "events",
        "label": "Termine",
        "label_singular": "Termin",
        "description": "Veranstaltungen der Regionen; sie erscheinen unter /termine/ und in "
        "den Kalendern. Geänderte Zeiten danach mit `showcase event-versions` festhalten.",
        "folder": f"{settings.content_path.name}/{settings.events_dir}",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "identifier_field": "title",
        # The file name carries the event's date, as the files `showcase new-event` writes do;
        # the editor writes `start` as 2026-12-28 (10:00) so that Decap can read the date.
        "slug": FILE_NAME,
        "summary": "{{title}} ({{start}})",
        "view_filters": [
            {"label": "Entwürfe", "field": "status", "pattern": "draft"},
            {"label": "Abgesagt", "field": "status", "pattern": "cancelled"},
        ],
        "fields": event_fields(site, widgets),
    }
