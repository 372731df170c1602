"""German formatting that does not depend on the machine's installed locales.

Babel ships the CLDR data itself, so `25. Mai 2022` and `804.876` come out the same on a
bare CI container as on an editor's laptop.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LOCALE = "de_DE"

TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def is_month_only(value: dt.date | dt.datetime) -> bool:
    """True for a date the source gives only to the month (data/dates.py's MonthDate).

    Read from the date's `precision` so this module imports nothing from the package: the
    data floor (data/model.py, data/loader.py) formats with it."""
    return getattr(value, "precision", None) == "month"


def date_de(value: dt.date | dt.datetime) -> str:
    """'25. Mai 2022'; 'Mai 2022' for a date known only to the month (data/dates.py)."""
    pattern = "MMMM y" if is_month_only(value) else "d. MMMM y"
    return format_date(value, format=pattern, locale=LOCALE)


def datetime_de(value: dt.datetime) -> str:
    """'2. März 2099, 09:00 Uhr'."""
    return format_datetime(value, format="d. MMMM y, HH:mm 'Uhr'", locale=LOCALE)


def number_de(value: float, decimals: int | None = None) -> str:
    """'804.876' or '1,38' with German separators; `decimals` fixes the digits ('9,90')."""
    return number_in(value, LOCALE, decimals)


# typed: 1 and 1.0 (and Decimal("1.0")) are formatted on their own, as Babel would.
@lru_cache(maxsize=8192, typed=True)
def number_in(value: float, locale: str, decimals: int | None = None) -> str:
    """A number with the separators of `locale`. Cached: Babel takes about 0.1 ms per call,
    and region pages, charts and open data show the same figures again and again (with 400
    regions, 150,000 calls were an eighth of the build)."""
    if decimals is None:
        return format_decimal(value, locale=locale)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale)


def isodate(value: dt.datetime | dt.date) -> str:
    """RFC 3339 timestamp for <time datetime> and JSON-LD; '2022-05' for a month-only date
    (a valid HTML month string and ISO 8601 date of reduced precision)."""
    return value.strftime("%Y-%m") if is_month_only(value) else value.isoformat()


def slugify_de(text: str) -> str:
    """A URL slug that spells German the way Germans type it without umlauts (ä -> ae)."""
    text = text.translate(TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return re.sub(r"-{2,}", "-", text)
