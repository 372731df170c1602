"""Reading event dates: the posts' date rules (data/dates.py), plus whether a time was given.

An event without a time is all-day, so unlike a post's date the difference between
`28.12.2026` and `28.12.2026 00:00` matters here; and an event names its time zone
(`timezone:`) instead of carrying a UTC offset.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import available_timezones

from ..data.dates import DateError, parse_date

_OFFSET = re.compile(r"\d(?:Z|[+-]\d{2}:?\d{2})$")
_TIME = re.compile(r"(?:[ T]|,\s*)\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*Uhr)?$")

__all__ = ["DateError", "HasOffset", "as_text", "known_timezones", "parse_when"]


class HasOffset(ValueError):
    """The value carries a UTC offset; events name their time zone instead."""


def as_text(value: object) -> str:
    """YAML turns '2026-12-28' into a date and '…10:00:00' into a datetime: back to text."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else " ".join(str(value).split())


def parse_when(value: object) -> dt.date | dt.datetime:
    """A date (all-day) or a naive local datetime. Raises DateError (German, with the fix)
    when the value is impossible or ambiguous, HasOffset when it carries a UTC offset."""
    text = as_text(value)
    if _OFFSET.search(text):
        raise HasOffset(text)
    moment = parse_date(text)
    return moment if _TIME.search(text) else moment.date()


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    """IANA zone names from the pinned tzdata package, the same on every machine."""
    return frozenset(available_timezones())
