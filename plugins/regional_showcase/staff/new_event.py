"""Starting an event file with every required field, and recording its calendar version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from ..atomic_write import write_text
from ..data.loader import load_site_data
from ..data.model import ALL_REGIONS
from ..data.posts import unknown_category, unknown_region
from ..events.loader import versions_file
from ..events.model import DEFAULT_TIMEZONE
from ..events.versions import Version, read_versions, render_versions, times_key
from ..events.when import HasOffset, parse_when
from ..german import slugify_de
from ..markup import render_markdown
from ..settings import ShowcaseSettings

SUMMARY_PLACEHOLDER = "Worum es geht, in ein bis zwei Sätzen."


def _yaml_text(value: str) -> str:
    """A YAML double-quoted string: any title or address is safe in the front matter."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _when(value: str):
    try:
        return parse_when(value)
    except HasOffset:
        raise ValueError(f"'{value}': bitte die Ortszeit ohne UTC-Versatz") from None


def create_event(
    settings: ShowcaseSettings,
    *,
    title: str | None,
    start: str | None,
    end: str | None = None,
    regions: list[str] | None = None,
    topic: str | None = None,
    place: str | None = None,
    address: str | None = None,
    city: str | None = None,
    online: str | None = None,
    summary: str | None = None,
    ask: Callable[[str], str] | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Write content/termine/<yyyy>-<mm>-<dd>-<slug>.md as a draft; never overwrite a file."""
    site = load_site_data(settings.data, render=render_markdown)
    slugs = [r.slug for r in site.regions]
    topics = [t.name for t in site.topics]

    def need(value, prompt: str, flag: str) -> str:
        if value:
            return value
        if ask is None:
            raise ValueError(f"Angabe fehlt: {flag}")
        answer = ask(prompt).strip()
        if not answer:
            raise ValueError(f"Angabe fehlt: {flag}")
        return answer

    title = need(title, "Titel: ", "--title")
    if not slugify_de(title):
        raise ValueError(f"der Titel '{title}' braucht Buchstaben oder Ziffern")
    start = need(start, "Beginn (TT.MM.JJJJ oder TT.MM.JJJJ HH:MM): ", "--start")
    start_value = _when(start)
    end_value = _when(end) if end else None
    if end is None and ask is not None and isinstance(start_value, dt.datetime):
        answer = ask("Ende (TT.MM.JJJJ HH:MM, leer lassen wenn offen): ").strip()
        end_value = _when(answer) if answer else None
    if end_value is not None and isinstance(end_value, dt.datetime) != isinstance(
        start_value, dt.datetime
    ):
        raise ValueError("Beginn und Ende brauchen beide eine Uhrzeit, oder beide keine")
    if end_value is not None and end_value < start_value:
        raise ValueError("das Ende liegt vor dem Beginn")
    if not regions:
        answer = need(None, f"Regionen ({', '.join(slugs)} oder alle): ", "--region")
        regions = [r.strip() for r in answer.split(",") if r.strip()]
    for region in regions:
        if region not in (*slugs, ALL_REGIONS):
            raise ValueError(unknown_region(region, slugs))
    topic = need(topic, f"Kategorie ({', '.join(topics)}): ", "--topic")
    chosen = site.topic_named(topic)
    if chosen is None:
        raise ValueError(unknown_category(topic, topics))
    if not online and not place:
        where = need(None, "Ort (Name des Veranstaltungsorts, oder 'online'): ", "--place")
        if where.lower() == "online":
            online = need(None, "Link zur Teilnahme (https://…): ", "--online")
        else:
            place = where
    if place:
        city = need(city, "Ort/Stadt mit PLZ (z. B. 57072 Siegen): ", "--city")
        if address is None and ask is not None:
            address = ask("Straße und Hausnummer (leer lassen wenn unbekannt): ").strip()
    summary = summary or (ask("Kurzfassung: ").strip() if ask else "") or SUMMARY_PLACEHOLDER

    now = now or dt.datetime.now(ZoneInfo(settings.timezone))
    slug = slugify_de(title)
    if str(start_value.year) not in slug:
        # The slug is the calendar UID: a yearly event needs a new one every year.
        slug = f"{slug}-{start_value.year}"
    day = start_value.date() if isinstance(start_value, dt.datetime) else start_value
    path = settings.events_path / f"{day:%Y-%m-%d}-{slug}.md"

    def when(value) -> str:
        return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, dt.datetime) else f"{value:%Y-%m-%d}"

    lines = ["---", f"title: {_yaml_text(title)}", f"start: {when(start_value)}"]
    if end_value is not None:
        lines.append(f"end: {when(end_value)}")
    if isinstance(start_value, dt.datetime):
        lines.append(f"timezone: {DEFAULT_TIMEZONE}")
    if place:
        lines += ["location:", f"  name: {_yaml_text(place)}"]
        if address:
            lines.append(f"  address: {_yaml_text(address)}")
        lines.append(f"  city: {_yaml_text(city or '')}")
    if online:
        lines.append(f"online: {online}")
    lines += [
        f"regions: {', '.join(regions)}",
        f"category: {_yaml_text(chosen.name)}",
        f"summary: {_yaml_text(summary)}",
        f"slug: {slug}",
        f"date: {now:%Y-%m-%d %H:%M}",
        "status: draft",
        "---",
        "",
        "Hier steht, was Besucherinnen und Besucher erwartet, in Markdown.",
        "",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write("\n".join(lines))
    except FileExistsError:
        raise FileExistsError(f"{path} gibt es schon; wählen Sie einen anderen Titel") from None
    record = versions_file(settings)
    versions, _ = read_versions(record, str(record))
    versions[slug] = Version(0, times_key(start_value, end_value, DEFAULT_TIMEZONE))
    # The record holds every event's sequence: an interrupted write must not lose it.
    write_text(record, render_versions(versions))
    return path


def record_versions(
    settings: ShowcaseSettings, unrecorded: dict[str, str], known: dict[str, Version]
) -> int:
    """Write the current times of every changed or new event into the record; the count."""
    versions = dict(known)
    for slug, times in unrecorded.items():
        previous = versions.get(slug)
        versions[slug] = Version(0 if previous is None else previous.sequence + 1, times)
    write_text(versions_file(settings), render_versions(versions))
    return len(unrecorded)
