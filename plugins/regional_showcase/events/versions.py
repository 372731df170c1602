"""SEQUENCE without build state: a record of each event's times, kept with the content.

Calendar apps replace an event they already have only when its SEQUENCE is higher. The build
cannot remember what it published last time (same input, same output), so the content
remembers it: `content/termine/versionen.yaml` lists, per slug, the times last recorded and
the SEQUENCE that belongs to them. An event whose times differ from its record gets the
recorded SEQUENCE + 1 (a pure function of the files, so builds stay reproducible) and a
reminder to record the new version with `showcase event-versions`, which rewrites the file.
`showcase new-event` records a new event right away.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..data.problems import Problem
from ..data.yaml_source import load_without_anchors

HEADER = (
    "# Kalender-Versionen der Termine: welche Zeiten zuletzt festgehalten wurden.\n"
    "# Gepflegt von `showcase event-versions` und `showcase new-event`; nicht von Hand ändern.\n"
)


@dataclass(frozen=True)
class Version:
    sequence: int
    times: str


def times_key(
    start: dt.date | dt.datetime, end: dt.date | dt.datetime | None, timezone: str
) -> str:
    """The times as one readable string: '2026-12-28T10:00 / 2026-12-28T16:00 Europe/Berlin'."""

    def text(value) -> str:
        if value is None:
            return "-"
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None).isoformat(timespec="minutes")
        return value.isoformat()

    return f"{text(start)} / {text(end)} {timezone}"


def read_versions(path: Path, shown: str) -> tuple[dict[str, Version], list[Problem]]:
    """The record, or an empty one when the file does not exist yet."""
    if not path.is_file():
        return {}, []
    try:
        data, refused = load_without_anchors(path.read_text(encoding="utf-8"), shown)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return {}, [Problem(shown, line, "", f"YAML-Fehler: {getattr(error, 'problem', error)}")]
    if refused:
        return {}, refused
    data = data or {}
    versions: dict[str, Version] = {}
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return {}, [Problem(shown, 1, "", "erwartet 'slug: {sequence: …, times: …}' je Termin")]
    for slug, entry in data.items():
        try:
            versions[str(slug)] = Version(int(entry["sequence"]), str(entry["times"]))
        except (TypeError, KeyError, ValueError):
            problems.append(
                Problem(
                    shown,
                    1,
                    str(slug),
                    "erwartet 'sequence' (ganze Zahl) und 'times': "
                    "`showcase event-versions` schreibt die Datei neu",
                )
            )
    return versions, problems


def sequence_for(record: Version | None, times: str) -> tuple[int, bool]:
    """(SEQUENCE, whether the record must be updated) for an event with these times."""
    if record is None:
        return 0, True
    if record.times == times:
        return record.sequence, False
    return record.sequence + 1, True


def render_versions(versions: dict[str, Version]) -> str:
    """The record file's text, sorted by slug so that it diffs well."""
    body = {
        slug: {"sequence": v.sequence, "times": v.times} for slug, v in sorted(versions.items())
    }
    return HEADER + (yaml.safe_dump(body, allow_unicode=True, sort_keys=True) if body else "")
