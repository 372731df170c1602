"""UI strings per language: Babel catalogs in the theme, gettext callables for Jinja.

German is the source language: the templates' msgids are German, so German needs no catalog.
Every other language has `theme/translations/<lang>/LC_MESSAGES/messages.mo`, compiled from its
`.po` by `make translations` (pybabel extract / update / compile).

One Jinja environment renders every language: the gettext callables are passed in each page's
context (`gettext_context`), and Jinja looks names up in the context before its globals. So a
German and an English page can be written one after the other, or side by side, without
swapping global state.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
import io
import weakref
from functools import cache, lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.pofile import read_po
from jinja2 import Environment, pass_context
from markupsafe import Markup

from .data.problems import Problem
from .german import is_month_only, number_in

SOURCE_LANGUAGE = "de"
DOMAIN = "messages"
GETTEXT_NAMES = ("gettext", "ngettext", "pgettext", "npgettext")

# The few texts the plugin writes itself (feed titles, groups, categories), per language.
TEXTS = {
    "de": {
        "all_news": "Alle Meldungen",
        "by_region": "Nach Region",
        "by_topic": "Nach Thema",
        "press": "Pressemitteilungen",
        "all_regions": "Alle Regionen",
        "locale": "de_DE",
        "name": "Deutsch",
        "map_title": "Karte: Lage der Partnerregionen in Deutschland",
    },
    "en": {
        "all_news": "All news",
        "by_region": "By region",
        "by_topic": "By topic",
        "all_regions": "All regions",
        "locale": "en_GB",
        "subtitle": "Living and working in Germany's rural cooperation regions",
        "name": "English",
        "map_title": "Map: where the partner regions are in Germany",
    },
}


def catalog(translations_dir: Path, lang: str) -> gettext_module.NullTranslations:
    """The compiled catalog of `lang`; German (the source language) translates nothing.

    A missing catalog is an error, not a silent fallback to German: an English page with German
    UI text must not be published."""
    if lang == SOURCE_LANGUAGE:
        return _SOURCE
    mo_file = translations_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo_file.is_file():
        raise FileNotFoundError(
            f"{mo_file}: Übersetzungskatalog fehlt (erzeugen mit `make translations`)"
        )
    return _parsed(mo_file.read_bytes())


# German translates nothing: one object, so its gettext context is made once.
_SOURCE = gettext_module.NullTranslations()


# By the catalog's bytes, not its path: a process that builds again and again (`make serve`,
# the build server) gets the new texts after `make translations`, and the same object (and
# gettext context) while the file stays as it is.
@lru_cache(maxsize=8)
def _parsed(data: bytes) -> gettext_module.GNUTranslations:
    return gettext_module.GNUTranslations(io.BytesIO(data))


def gettext_context(translations_dir: Path, lang: str) -> dict:
    """The names `{% trans %}` and `_()` call (`gettext`, `ngettext`, …) for one language.

    Jinja builds them (newstyle: the callable formats its variables and escapes the text), in
    an environment of their own, so the site's environment keeps German as its default."""
    return _gettext_context(catalog(translations_dir, lang), lang)


@lru_cache(maxsize=8)
def _gettext_context(translations: gettext_module.NullTranslations, lang: str) -> dict:
    builder = Environment(extensions=["jinja2.ext.i18n"])
    builder.install_gettext_translations(translations, newstyle=True)
    names = {name: builder.globals[name] for name in GETTEXT_NAMES}
    names["gettext"] = _newstyle_gettext(translations.gettext)
    return {**names, **language_names(lang)}


def _newstyle_gettext(func):
    """Jinja's newstyle `gettext` (jinja2.ext._make_new_gettext), answering the same; a text
    without variables is translated and escaped once per catalog (`_translated`), where Jinja
    calls the catalog, makes Markup and formats it on each of a page's 50 calls (5 µs a
    call through `_`: 0.2 s of a cold build's CPU at 600 posts). Nothing but `func` in its
    closure: pages' keys digest it by its code and closure (preview/pages.py)."""

    @pass_context
    def gettext(__context, __string, **variables):
        autoescape = __context.eval_ctx.autoescape
        if not variables and autoescape and type(__string) is str:
            return _translated(func, __string)
        rv = __context.call(func, __string)
        if autoescape:
            rv = Markup(rv)
        return rv % variables

    _CATALOG_OF[gettext] = func
    return gettext


# Each gettext made by _newstyle_gettext, with the catalog's gettext it calls (for `_`);
# gone with the gettext (_gettext_context keeps the last few catalogs' only).
_CATALOG_OF: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@lru_cache(maxsize=4096)
def _translated(func, text: str) -> Markup:
    """`text` translated by `func` (a catalog's gettext) and escaped, as Jinja's newstyle
    gettext returns it without variables: Markup, formatted with none (`%%` -> `%`)."""
    return Markup(func(text)) % {}


@pass_context
def _gettext_alias(__context, *args, **kwargs):
    """`_()` as Jinja's alias (jinja2.ext._gettext_alias): the `gettext` of the page's context
    called; one made here answers a text without variables at once (one call less)."""
    gettext = __context.resolve("gettext")
    if len(args) == 1 and not kwargs and type(args[0]) is str and __context.eval_ctx.autoescape:
        func = _CATALOG_OF.get(gettext) if type(gettext) is type(_gettext_alias) else None
        if func is not None:
            return _translated(func, args[0])
    return __context.call(gettext, *args, **kwargs)


def language_names(lang: str) -> dict:
    """What a page knows of its language: its code, its Open Graph locale, every language's
    name in itself (for the language switcher)."""
    return {
        "lang": lang,
        "locale": TEXTS[lang]["locale"],
        "language_names": {code: text["name"] for code, text in TEXTS.items()},
        "locales": {code: text["locale"] for code, text in TEXTS.items()},
    }


def install_source_language(env: Environment, translations_dir: Path) -> None:
    """Enable `{% trans %}` and `_()` in the site's environment, German by default.

    Pages in another language override these names through their context (`_` looks up
    `gettext` in the context, so it follows)."""
    env.add_extension("jinja2.ext.i18n")
    source = catalog(translations_dir, SOURCE_LANGUAGE)
    env.install_gettext_translations(source, newstyle=True)
    env.globals["gettext"] = _gettext_context(source, SOURCE_LANGUAGE)["gettext"]
    env.globals["_"] = _gettext_alias
    env.globals.update(language_names(SOURCE_LANGUAGE))


def catalog_file(translations_dir: Path, lang: str) -> Path:
    """The catalog `catalog_problems` reads: the .po file of `lang`."""
    return translations_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_problems(translations_dir: Path, lang: str) -> list[Problem]:
    """Entries of `lang`'s catalog that would show German on a page of that language.

    The publish build refuses them: an English page must not fall back to German UI text."""
    po_file = catalog_file(translations_dir, lang)
    with po_file.open("rb") as fp:
        messages = read_po(fp, locale=lang)
    problems = []
    for message in messages:
        if not message.id:
            continue  # the header
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        translated = message.string if isinstance(message.string, str) else all(message.string)
        line = message.lineno or 0
        field = f"msgid '{msgid}'"
        if not translated:
            problems.append(Problem(str(po_file), line, field, "noch nicht übersetzt"))
        elif message.fuzzy:
            problems.append(
                Problem(
                    str(po_file),
                    line,
                    field,
                    "Übersetzung ist als unsicher (fuzzy) markiert (prüfen und die Zeile "
                    "'#, fuzzy' entfernen)",
                )
            )
    return problems


# Dates and numbers in the page's language, from Babel's CLDR data (no system locales).
DATE_PATTERNS = {"de": ("d. MMMM y", "MMMM y"), "en": ("d MMMM y", "MMMM y")}


def local_date(value: dt.date | dt.datetime, lang: str) -> str:
    """'25. Mai 2022' / '25 May 2022'; the month alone for a month-only date."""
    # Babel formats only the calendar date; pages show the same few thousand dates over
    # and over (listings, related posts), at 0.1 ms each.
    return _calendar_date(value.year, value.month, value.day, is_month_only(value), lang)


@cache
def _calendar_date(year: int, month: int, day: int, month_only: bool, lang: str) -> str:
    day_pattern, month_pattern = DATE_PATTERNS[lang]
    pattern = month_pattern if month_only else day_pattern
    return format_date(dt.date(year, month, day), format=pattern, locale=TEXTS[lang]["locale"])


def local_number(value: float, lang: str, decimals: int | None = None) -> str:
    """'804.876' / '804,876'; `decimals` fixes the digits after the separator."""
    return number_in(value, TEXTS[lang]["locale"], decimals)


@pass_context
def localdate(context, value) -> str:
    """Template filter: a date in the language of the page being rendered."""
    return local_date(value, context.get("lang", SOURCE_LANGUAGE))


@pass_context
def localnumber(context, value, decimals: int | None = None) -> str:
    """Template filter: a number in the language of the page being rendered."""
    return local_number(value, context.get("lang", SOURCE_LANGUAGE), decimals)


@pass_context
def figure_value(context, figure) -> str:
    """Template filter: a key figure's number with its qualifier ('mehr als 700')."""
    number = local_number(figure.value, context.get("lang", SOURCE_LANGUAGE), figure.decimals)
    return f"{figure.qualifier} {number}" if figure.qualifier else number
