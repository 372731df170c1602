"""Dates as staff and the web editor write them; nothing is ever guessed month-first.

Accepted: German `TT.MM.JJJJ` with an optional `HH:MM` (and an optional "Uhr"), and ISO 8601
as files and the web editor write it (`2026-11-30`, `2026-11-30 09:00`,
`2026-11-30T06:36:00.000+01:00`). Everything else is refused with the spelling to use:
dateutil, which Pelican falls back on, reads `12.11.2026` as 11 December.

A date may be as precise as its source and no more: `2022-05` (or `05.2022`) is a post known
only to the month ("im Mai 2022"). Writing the 1st would invent a day, so the page says
"Mai 2022". Pelican still needs a datetime to sort posts and date feed entries: a month-only
date is the first moment of the month, typed as MonthDate so every template shows the month.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from pelican.utils import SafeDatetime

EXAMPLE = "z. B. 25.05.2022 10:00"
HINT = f"schreiben Sie TT.MM.JJJJ oder TT.MM.JJJJ HH:MM, {EXAMPLE}"

_GERMAN = re.compile(
    r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{2,4})"
    r"(?:,?\s+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:\s*Uhr)?)?$"
)
_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}"
    r"(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
MONTH_ONLY = re.compile(
    r"^(?:(?P<year>\d{4})-(?P<month>\d{2})|(?P<month2>\d{1,2})\.(?P<year2>\d{4}))$"
)
_SLASHED = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{2,4})\b")


class DateError(ValueError):
    """A date that is impossible, or written in a form that could be misread."""


class MonthDate(SafeDatetime):
    """A date known only to the month; the datetime is the month's first midnight.

    `precision` marks it for german.is_month_only, which formats without importing data/."""

    precision = "month"


def parse_month(value: str, timezone: str | None = None) -> MonthDate | None:
    """`2022-05` or `05.2022` -> MonthDate(2022, 5, 1); None when not a month-only date.

    Raises DateError for a month that does not exist (`2022-13`).
    """
    match = MONTH_ONLY.match(" ".join(value.split()))
    if not match:
        return None
    year = int(match["year"] or match["year2"])
    month = int(match["month"] or match["month2"])
    if not 1 <= month <= 12:
        raise DateError(f"unmögliches Datum '{value}': {HINT}")
    # With its time zone set, Pelican keeps the object (and so its type) as it is.
    return MonthDate(year, month, 1, tzinfo=ZoneInfo(timezone) if timezone else None)


def parse_date(value: str, timezone: str | None = None) -> dt.datetime:
    """Read a post's date; raise DateError with a German explanation (and the fix).

    `timezone` is given to month-only dates only; Pelican sets it on the others.
    """
    text = " ".join(value.split())
    month = parse_month(text, timezone)
    if month is not None:
        return month
    german = _GERMAN.match(text)
    if german:
        return _german(text, german)
    if _ISO.match(text):
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise DateError(f"unmögliches Datum '{value}': {HINT}") from None
    slashed = _SLASHED.match(text)
    if slashed:
        first, second, year = (int(part) for part in slashed.groups())
        raise DateError(
            f"mehrdeutiges Datum '{value}': ist der {first:02d}.{second:02d}.{year} oder der "
            f"{second:02d}.{first:02d}.{year} gemeint? {HINT}"
        )
    raise DateError(f"unbekannte Datumsform '{value}': {HINT}")


def _german(text: str, match: re.Match) -> dt.datetime:
    if len(match["year"]) != 4:
        raise DateError(
            f"'{text}': schreiben Sie das Jahr vierstellig, z. B. "
            f"{int(match['day']):02d}.{int(match['month']):02d}.20{match['year'][-2:]}"
        )
    hour, minute = int(match["hour"] or 0), int(match["minute"] or 0)
    try:
        return dt.datetime(int(match["year"]), int(match["month"]), int(match["day"]), hour, minute)
    except ValueError:
        raise DateError(f"unmögliches Datum '{text}': {HINT}") from None


def date_problem(value: str) -> str | None:
    """The date rule's German explanation for a date given as text, or None when it is one.

    For files whose dates YAML reads first (regions.yaml, events): a date it cannot make is
    passed on as text (yaml_source.py) and explained here, not by a PyYAML traceback."""
    try:
        parse_date(value)
    except DateError as error:
        return str(error)
    return None
