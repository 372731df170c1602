"""Reading the dates and times editors write: ISO (2026-12-28 10:00) or German (28.12.2026 10:00)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import available_timezones

_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"(?P<offset>\s*(?:Z|[+-]\d{2}:?\d{2}))?$"
)
_GERMAN = re.compile(
    r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"
    r"(?:,?\s+(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:\s*Uhr)?)?"
    r"(?P<offset>)$"
)


class HasOffset(ValueError):
    """The value carries a UTC offset; events name their time zone instead."""


def as_text(value: object) -> str:
    """YAML turns '2026-12-28' into a date and '…10:00:00' into a datetime: back to text."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return "" if value is None else str(value).strip()


def parse_when(value: object) -> dt.date | dt.datetime:
    """A date (all-day) or a naive local datetime. Raises ValueError when impossible and
    HasOffset when the value carries a UTC offset."""
    text = as_text(value)
    match = _ISO.match(text) or _GERMAN.match(text)
    if not match:
        raise ValueError(text)
    if match.group("offset"):
        raise HasOffset(text)
    day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    if match["H"] is None:
        return day
    seconds = int(match.groupdict().get("S") or 0)
    return dt.datetime.combine(day, dt.time(int(match["H"]), int(match["M"]), seconds))


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    """IANA zone names from the pinned tzdata package, the same on every machine."""
    return frozenset(available_timezones())
