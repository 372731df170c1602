"""Dates as staff and the web editor write them; nothing is ever guessed month-first.

Accepted: German `TT.MM.JJJJ` with an optional `HH:MM` (and an optional "Uhr"), and ISO 8601
as files and the web editor write it (`2026-11-30`, `2026-11-30 09:00`,
`2026-11-30T06:36:00.000+01:00`). Everything else is refused with the spelling to use:
dateutil, which Pelican falls back on, reads `12.11.2026` as 11 December.
"""

from __future__ import annotations

import datetime as dt
import re

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
_SLASHED = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{2,4})\b")


class DateError(ValueError):
    """A date that is impossible, or written in a form that could be misread."""


def parse_date(value: str) -> dt.datetime:
    """Read a post's date; raise DateError with a German explanation (and the fix)."""
    text = " ".join(value.split())
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
