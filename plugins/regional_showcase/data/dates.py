"""Post dates as precise as their sources: a full date, or only a month (`Date: 2022-05`).

A retrospective post often knows only the month ("im Mai 2022"). Writing the 1st of the
month would invent a day, so the front matter says `2022-05` and the page says "Mai 2022".
Pelican still needs a datetime to sort posts and date feed entries: a month-only date is the
first moment of the month, typed as MonthDate so that every template shows only the month.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from pelican.utils import SafeDatetime

MONTH_ONLY = re.compile(r"^(\d{4})-(\d{2})$")


class MonthDate(SafeDatetime):
    """A date known only to the month; the datetime is the month's first midnight."""

    precision = "month"


def parse_month(value: str, timezone: str | None = None) -> MonthDate | None:
    """`2022-05` -> MonthDate(2022, 5, 1); None when the value is not a month-only date.

    Raises ValueError for a month that does not exist (`2022-13`).
    """
    match = MONTH_ONLY.match(value.strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist")
    # With its time zone set, Pelican keeps the object (and so its type) as it is.
    return MonthDate(year, month, 1, tzinfo=ZoneInfo(timezone) if timezone else None)


def is_month_only(value: dt.date | dt.datetime) -> bool:
    """True for a date the source gives only to the month."""
    return isinstance(value, MonthDate)
