"""Event files for tests: a valid front matter, with fields replaced or removed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from regional_showcase.data.loader import load_site_data
from regional_showcase.events.rules import check_event
from regional_showcase.events.versions import Version
from regional_showcase.markup import render_markdown

from sitebuild import ROOT

BASE = {
    "title": "Rückkehrertag",
    "start": "2027-03-28 10:00",
    "end": "2027-03-28 16:00",
    "timezone": "Europe/Berlin",
    "location": "\n  name: Stadthalle\n  address: Markt 1\n  city: 57072 Siegen",
    "regions": "suedwestfalen",
    "category": "Fachkräfte",
    "summary": "Arbeitgeber treffen Rückkehrer.",
    "date": "2026-11-01 09:00",
}
TODAY = dt.date(2026, 11, 30)
SITE = load_site_data(ROOT / "data" / "regions.yaml", render=render_markdown)


def event_text(body: str = "Text.", drop: tuple[str, ...] = (), **fields: str | None) -> str:
    """Front matter from BASE; a field given as None is left out."""
    values = {**BASE, **fields}
    lines = ["---"]
    for name, value in values.items():
        if value is None or name in drop:
            continue
        lines.append(f"{name}:{value}" if value.startswith("\n") else f"{name}: {value}")
    return "\n".join([*lines, "---", "", body, ""])


def check_text(
    tmp_path: Path,
    text: str,
    *,
    name: str = "2027-03-28-rueckkehrertag.md",
    today: dt.date = TODAY,
    versions: dict[str, Version] | None = None,
):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_event(path, f"content/termine/{name}", SITE, today, versions or {})


# The shared `sampled` build (conftest): the sample events plus this one, built on this date.
SAMPLED_BUILD_DATE = "2026-11-30"
MIXED = event_text(
    title="Netzwerktreffen in Siegen und online",
    start="2027-03-28 10:00",
    end="2027-03-28 12:00",
    online="https://www.example.org/treffen",
    slug="netzwerktreffen-maerz-2027",
    organizer="Südwestfalen Agentur",
    date="2026-11-01 09:00",
    modified="2026-11-20 14:30",
)
