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

import gettext as gettext_module
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from jinja2 import Environment

SOURCE_LANGUAGE = "de"
DOMAIN = "messages"
GETTEXT_NAMES = ("gettext", "ngettext", "pgettext", "npgettext")


@cache
def catalog(translations_dir: Path, lang: str) -> gettext_module.NullTranslations:
    """The compiled catalog of `lang`; German (the source language) translates nothing.

    A missing catalog is an error, not a silent fallback to German: an English page with German
    UI text must not be published."""
    if lang == SOURCE_LANGUAGE:
        return gettext_module.NullTranslations()
    mo_file = translations_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo_file.is_file():
        raise FileNotFoundError(
            f"{mo_file}: Übersetzungskatalog fehlt (erzeugen mit `make translations`)"
        )
    with mo_file.open("rb") as fp:
        return gettext_module.GNUTranslations(fp)


@cache
def gettext_context(translations_dir: Path, lang: str) -> dict:
    """The names `{% trans %}` and `_()` call (`gettext`, `ngettext`, …) for one language.

    Jinja builds them (newstyle: the callable formats its variables and escapes the text), in
    an environment of their own, so the site's environment keeps German as its default."""
    builder = Environment(extensions=["jinja2.ext.i18n"])
    builder.install_gettext_translations(catalog(translations_dir, lang), newstyle=True)
    names = {name: builder.globals[name] for name in GETTEXT_NAMES}
    return {**names, "lang": lang}


def install_source_language(env: Environment, translations_dir: Path) -> None:
    """Enable `{% trans %}` and `_()` in the site's environment, German by default.

    Pages in another language override these names through their context (`_` looks up
    `gettext` in the context, so it follows)."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(catalog(translations_dir, SOURCE_LANGUAGE), newstyle=True)
    env.globals["lang"] = SOURCE_LANGUAGE


def catalog_problems(translations_dir: Path, lang: str) -> list[str]:
    """Entries of `lang`'s catalog that would show German on a page of that language.

    The publish build refuses them: an English page must not fall back to German UI text."""
    po_file = translations_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po_file.open("rb") as fp:
        messages = read_po(fp, locale=lang)
    problems = []
    for message in messages:
        if not message.id:
            continue  # the header
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        translated = message.string if isinstance(message.string, str) else all(message.string)
        line = message.lineno or 0
        if not translated:
            problems.append(f"{po_file}:{line}: msgid '{msgid}': noch nicht übersetzt")
        elif message.fuzzy:
            problems.append(
                f"{po_file}:{line}: msgid '{msgid}': Übersetzung ist als unsicher (fuzzy) "
                "markiert (prüfen und die Zeile '#, fuzzy' entfernen)"
            )
    return problems
