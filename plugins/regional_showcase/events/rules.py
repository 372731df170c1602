"""The rules for one event file, shared by `showcase check` and the build. Messages in German.

Each rule reports file, line and field, what is wrong and how to fix it. Warnings (an event
more than two years ahead, a time change not yet recorded) are shown but stop nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..data.model import ALL_REGIONS, SiteData
from ..data.post_body import BodyRules
from ..data.posts import BODY, default_slug, parse_region_list, unknown_category, unknown_region
from ..data.problems import Problem, did_you_mean, one_of, suggestion
from ..data.text_files import UnusableText, read_text
from ..data.yaml_source import LocatedYAML, parse_located
from .model import DEFAULT_TIMEZONE, STATUSES, Event, Place
from .versions import Version, sequence_for, times_key
from .when import DateError, HasOffset, as_text, known_timezones, parse_when

REQUIRED = ("title", "start", "regions", "category", "summary")
OPTIONAL = (
    "end",
    "timezone",
    "location",
    "online",
    "organizer",
    "registration",
    "status",
    "date",
    "modified",
    "slug",
)
LOCATION_FIELDS = ("name", "address", "city")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WARN_AFTER_DAYS = 2 * 365


@dataclass
class EventCheck:
    """What one file yielded: the event (None when it has problems), problems and warnings."""

    event: Event | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    slug: str | None = None
    times: str | None = None
    record_stale: bool = False


def is_web_link(value: str) -> bool:
    return re.match(r"^https?://[^\s/]+\.[^\s]+$", value) is not None


def front_matter(text: str, shown: str) -> tuple[LocatedYAML | None, str, int, list[Problem]]:
    """(located YAML with file line numbers, body, first body line, problems)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return (
            None,
            "",
            1,
            [
                Problem(
                    shown,
                    1,
                    "",
                    "Termine beginnen mit Kopfdaten in YAML zwischen zwei Zeilen '---' "
                    "(Vorlage: `showcase new-event`)",
                )
            ],
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return None, "", 1, [Problem(shown, 1, "", "die Kopfdaten werden nie mit '---' beendet")]
    # The block starts on the file's second line: lines in messages are the file's.
    located = parse_located("\n".join(lines[1:end]), shown, first_line=2)
    body = "\n".join(lines[end + 1 :])
    return located, body, end + 2, []


def check_event(
    path: Path,
    shown: str,
    site: SiteData,
    today: dt.date,
    versions: dict[str, Version],
    body_rules: BodyRules | None = None,
) -> EventCheck:
    """All problems and warnings of one event file, and the Event when there are none.

    `body_rules` are the posts' rules for Markdown text (no images from other servers, only
    allowed links and elements); the build and `showcase check` pass them."""
    result = EventCheck()
    if path.suffix.lower() not in (".md", ".markdown"):
        result.problems.append(
            Problem(
                shown,
                0,
                "",
                "kein Termin: Termine sind Markdown-Dateien mit der Endung .md",
            )
        )
        return result
    try:
        text = read_text(path, shown)
    except UnusableText as error:
        result.problems += error.problems
        return result
    located, body, body_line, problems = front_matter(text, shown)
    if located is None or located.problems:
        result.problems += problems + (located.problems if located else [])
        return result
    data: Any = located.data
    if not isinstance(data, dict):
        result.problems.append(
            Problem(shown, 2, "", "die Kopfdaten müssen Zeilen 'feld: wert' sein")
        )
        return result
    fields = _Fields(data, located, shown, result.problems)
    fields.unknown_and_missing()
    for refusal in body_rules.check(body) if body_rules and body.strip() else ():
        result.problems.append(Problem(shown, body_line + refusal.line - 1, BODY, refusal.message))

    slug = as_text(data.get("slug")) or default_slug(path)
    result.slug = slug
    if not SLUG_RE.match(slug):
        fields.problem(
            "slug",
            f"'{slug}' ist kein gültiger Slug: nur a-z, 0-9 und einzelne Bindestriche",
        )

    regions, for_all = fields.regions(site)
    topic = fields.topic(site)
    status = fields.status()
    zone_name = fields.timezone()
    start, end = fields.times(zone_name)
    place, online = fields.place()
    registration = fields.link("registration")
    created = fields.stamp("date")
    modified = fields.stamp("modified")

    if (
        start is not None
        and status != "draft"
        and start_date(start) > today + dt.timedelta(days=WARN_AFTER_DAYS)
    ):
        result.warnings.append(
            Problem(
                shown,
                located.line_of(("start",)),
                "start",
                f"Hinweis: der Termin liegt mehr als zwei Jahre in der Zukunft "
                f"({start_date(start):%d.%m.%Y}); stimmt das Jahr?",
            )
        )
    if result.problems or start is None or topic is None or status is None:
        return result
    tz = ZoneInfo(zone_name or DEFAULT_TIMEZONE)
    times = times_key(start, end, zone_name or DEFAULT_TIMEZONE)
    result.times = times
    sequence, stale = sequence_for(versions.get(slug), times)
    result.record_stale = stale
    if stale and slug in versions and status != "draft":
        result.warnings.append(
            Problem(
                shown,
                located.line_of(("start",)),
                "start",
                f"Hinweis: Zeit geändert seit der festgehaltenen Version "
                f"({versions[slug].times}); der Kalender meldet sie als Version {sequence}. "
                "Halten Sie sie mit `showcase event-versions` fest.",
            )
        )
    organisations = sorted({r.organisation.name for r in regions})
    organizer = as_text(data.get("organizer")) or (
        site.project.name if for_all else ", ".join(organisations)
    )

    def aware(value):
        return value.replace(tzinfo=tz) if isinstance(value, dt.datetime) else value

    first_stamp = created or dt.datetime.combine(start_date(start), dt.time(), tz)
    result.event = Event(
        slug=slug,
        title=as_text(data["title"]),
        start=aware(start),
        end=aware(end),
        timezone=zone_name or DEFAULT_TIMEZONE,
        place=place,
        online_url=online,
        regions=tuple(regions),
        for_all_regions=for_all,
        topic=topic,
        summary=as_text(data["summary"]),
        organizer=organizer,
        registration_url=registration,
        status=status,
        created=first_stamp if first_stamp.tzinfo else first_stamp.replace(tzinfo=tz),
        modified=modified.replace(tzinfo=tz) if modified and not modified.tzinfo else modified,
        sequence=sequence,
        source=shown,
        body=body.strip(),
    )
    return result


def start_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


class _Fields:
    """The front matter of one file, with the rules that read its fields."""

    def __init__(self, data: dict, located: LocatedYAML, shown: str, problems: list[Problem]):
        self.data = {str(k).lower(): v for k, v in data.items()}
        self.located = located
        self.keys = {str(k).lower(): k for k in data}
        self.shown = shown
        self.problems = problems

    def line(self, *path) -> int:
        key = self.keys.get(path[0], path[0]) if path else None
        return self.located.line_of((key, *path[1:]) if path else ())

    def problem(self, name: str, message: str, *sub: str) -> None:
        label = ".".join((name, *sub))
        self.problems.append(Problem(self.shown, self.line(name, *sub), label, message))

    def text(self, name: str) -> str:
        return as_text(self.data.get(name))

    def unknown_and_missing(self) -> None:
        known = REQUIRED + OPTIONAL
        for name in self.data:
            if name not in known:
                self.problem(name, f"unbekanntes Feld{suggestion(name, known)}")
        for name in REQUIRED:
            if not self.text(name):
                self.problems.append(
                    Problem(
                        self.shown,
                        self.line(name) if name in self.data else 1,
                        name,
                        f"fehlt: ergänzen Sie die Zeile '{name}: …'",
                    )
                )

    def regions(self, site: SiteData):
        value = self.data.get("regions")
        names = (
            [str(v).strip().lower() for v in value]
            if isinstance(value, list)
            else parse_region_list(as_text(value))
        )
        slugs = [r.slug for r in site.regions]
        if ALL_REGIONS in names and len(names) > 1:
            self.problem(
                "regions", f"'{ALL_REGIONS}' meint schon alle Regionen: entfernen Sie die anderen"
            )
        chosen = []
        for name in names:
            if name == ALL_REGIONS:
                continue
            if name not in slugs:
                self.problem("regions", unknown_region(name, slugs))
            else:
                chosen.append(site.regions_by_slug[name])
        if ALL_REGIONS in names:
            return list(site.regions), True
        return chosen, False

    def topic(self, site: SiteData):
        """The topic, named in `category` as in posts."""
        value = self.text("category")
        if not value:
            return None
        topic = site.topic_named(value)
        if topic is None:
            self.problem("category", unknown_category(value, [t.name for t in site.topics]))
        return topic

    def status(self) -> str | None:
        value = self.text("status").lower() or "published"
        if value not in STATUSES:
            self.problem(
                "status",
                f"unbekannter Status '{value}'{did_you_mean(value, STATUSES)}; "
                f"erlaubt: {one_of(STATUSES)}",
            )
            return None
        return value

    def timezone(self) -> str | None:
        value = self.text("timezone")
        if value and value not in known_timezones():
            hint = (
                did_you_mean(value, sorted(known_timezones())) or f" (z. B. '{DEFAULT_TIMEZONE}')"
            )
            self.problem("timezone", f"unbekannte Zeitzone '{value}'{hint}")
            return None
        return value or None

    def when(self, name: str):
        value = self.data.get(name)
        if not as_text(value):
            return None
        try:
            return parse_when(value)
        except HasOffset:
            self.problem(
                name,
                f"'{as_text(value)}' hat einen UTC-Versatz: schreiben Sie die Ortszeit "
                f"und die Zeitzone in 'timezone: {DEFAULT_TIMEZONE}'",
            )
        except DateError as error:
            self.problem(name, str(error))
        return None

    def times(self, zone: str | None):
        start, end = self.when("start"), self.when("end")
        if start is None:
            return None, None
        timed = isinstance(start, dt.datetime)
        if end is not None and isinstance(end, dt.datetime) != timed:
            self.problem(
                "end",
                "Beginn und Ende brauchen beide eine Uhrzeit, oder beide keine (ganztägig)",
            )
            return start, None
        if timed and not zone and "timezone" not in self.data:
            self.problem(
                "start",
                f"Uhrzeit ohne Zeitzone: ergänzen Sie die Zeile 'timezone: {DEFAULT_TIMEZONE}'",
            )
        if end is not None and end < start:
            self.problem(
                "end",
                f"das Ende ({_german(end)}) liegt vor dem Beginn ({_german(start)}): "
                "prüfen Sie Datum und Uhrzeit",
            )
        return start, end

    def place(self) -> tuple[Place | None, str | None]:
        location = self.data.get("location")
        online = self.data.get("online")
        place = None
        if location not in (None, ""):
            if isinstance(location, str) and location.strip().lower() == "online":
                if not as_text(online):
                    self._online_without_link("location")
                    return None, None
            elif not isinstance(location, dict):
                self.problem(
                    "location",
                    "der Ort braucht 'name', 'address' und 'city', jeweils eingerückt "
                    "in eigenen Zeilen unter 'location:'",
                )
            else:
                place = self._place(location)
        if online is not None:
            if online is True or not as_text(online) or as_text(online).lower() in ("ja", "yes"):
                self._online_without_link("online")
                return place, None
            link = as_text(online)
            if not is_web_link(link):
                self.problem("online", _bad_link(link))
                return place, None
            return place, link
        if location in (None, ""):
            self.problems.append(
                Problem(
                    self.shown,
                    1,
                    "location",
                    "Ort fehlt: geben Sie 'location:' mit name, address und city an, "
                    "oder 'online:' mit dem Link zur Teilnahme",
                )
            )
        return place, None

    def _online_without_link(self, name: str) -> None:
        self.problem(
            name,
            "Online-Termin ohne Link: tragen Sie den Link zur Teilnahme ein, "
            "z. B. 'online: https://…'",
        )

    def _place(self, location: dict) -> Place | None:
        values = {str(k).lower(): as_text(v) for k, v in location.items()}
        key_of = {str(k).lower(): k for k in location}
        for name in values:
            if name not in LOCATION_FIELDS:
                hint = suggestion(name, LOCATION_FIELDS)
                self.problems.append(
                    Problem(
                        self.shown,
                        self.located.line_of((self.keys["location"], key_of[name])),
                        f"location.{name}",
                        f"unbekanntes Feld{hint}",
                    )
                )
        complete = True
        for name in ("name", "city"):
            if not values.get(name):
                complete = False
                self.problems.append(
                    Problem(
                        self.shown,
                        self.line("location"),
                        f"location.{name}",
                        f"fehlt: ergänzen Sie unter 'location:' die Zeile '  {name}: …'",
                    )
                )
        if not complete:
            return None
        return Place(values["name"], values["city"], values.get("address") or None)

    def link(self, name: str) -> str | None:
        value = self.text(name)
        if not value:
            return None
        if not is_web_link(value):
            self.problem(name, _bad_link(value))
            return None
        return value

    def stamp(self, name: str) -> dt.datetime | None:
        value = self.when(name)
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time())
        return value


def _bad_link(value: str) -> str:
    return f"Link '{value}' ist nicht erlaubt: verwenden Sie eine Adresse mit https://"


def _german(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        return f"{value:%d.%m.%Y %H:%M}"
    return f"{value:%d.%m.%Y}"
