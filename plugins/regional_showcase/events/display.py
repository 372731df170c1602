"""How an event's date and time read in German: 'Montag, 28. Dezember 2026, 10:00 bis 16:00 Uhr'."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from ..german import LOCALE
from .model import DEFAULT_TIMEZONE, Event


def _day(value: dt.date, weekday: bool = True) -> str:
    pattern = "EEEE, d. MMMM y" if weekday else "d. MMMM y"
    return format_date(value, format=pattern, locale=LOCALE)


def when_de(event: Event) -> str:
    """The date and time of an event as one German phrase."""
    if event.all_day:
        last = event.end or event.start
        if last == event.start:
            text = f"{_day(event.start)}, ganztägig"
        else:
            text = f"{_day(event.start, False)} bis {_day(last, False)}"
    else:
        start: dt.datetime = event.start  # type: ignore[assignment]
        end = event.end
        if end is None:
            text = f"{_day(start.date())}, {start:%H:%M} Uhr"
        elif end.date() == start.date():  # type: ignore[union-attr]
            text = f"{_day(start.date())}, {start:%H:%M} bis {end:%H:%M} Uhr"
        else:
            text = (
                f"{_day(start.date(), False)}, {start:%H:%M} Uhr bis "
                f"{_day(end.date(), False)}, {end:%H:%M} Uhr"  # type: ignore[union-attr]
            )
        if event.timezone != DEFAULT_TIMEZONE:
            text += f" (Zeitzone {event.timezone})"
    return text


def month_de(value: dt.date) -> str:
    """'Dezember 2026', the heading of a month in the list of upcoming events."""
    return format_date(value, format="MMMM y", locale=LOCALE)


def short_date_de(event: Event) -> str:
    """'28. Dez. 2026' for compact lists."""
    return format_date(event.start, format="d. MMM y", locale=LOCALE)
