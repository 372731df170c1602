"""Which key figures a page puts forward: current ones first, none older than a threshold.

An old figure stays in the data (and in the open data, with its year); it only stays out
of cards, the "Auf einen Blick" box and the charts. The age is counted from a build date
that is a setting, not the clock, so the same inputs always build the same pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from .model import KeyFigure

DEFAULT_MAX_AGE = 6


def build_date(setting: str | dt.date | None, epoch: int | None, zone: str) -> dt.date:
    """The build's day: the date figures are aged against and events divided by.

    The setting SHOWCASE_BUILD_DATE (`2026-11-30`) wins; without it `epoch`, SOURCE_DATE_EPOCH
    (the reproducible-builds convention, seconds since 1970; the caller reads it through
    environment.py, as this floor imports nothing above it), and only then today in the
    site's time zone `zone` (TIMEZONE), not the machine's: on a UTC machine the hour before
    midnight in Berlin is still the day before, and on 31 December the figures would be a
    year older than the events' day says.
    """
    if isinstance(setting, dt.date):
        return setting
    if setting:
        return dt.date.fromisoformat(str(setting))
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()
    return dt.datetime.now(ZoneInfo(zone)).date()


def is_current(figure: KeyFigure, reference: dt.date, max_age: int = DEFAULT_MAX_AGE) -> bool:
    """True when the figure is at most `max_age` years older than the reference date."""
    return reference.year - figure.year <= max_age


def figures_to_show(
    figures: Iterable[KeyFigure], reference: dt.date, max_age: int = DEFAULT_MAX_AGE
) -> tuple[KeyFigure, ...]:
    """The figures a page may put forward: current only, newest year first, else data order."""
    current = [f for f in figures if is_current(f, reference, max_age)]
    return tuple(sorted(current, key=lambda f: -f.year))
