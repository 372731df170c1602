"""Editions in other languages: the region data with its `translations: {en: …}` laid over it.

A translation repeats the shape of what it translates, with only the texts readers see
(`TRANSLATABLE`): the claim, the summary, labels, units, notes and descriptions. Lists are
matched item by item, so the English key figure 2 is the German key figure 2; a list of
another length is an error, never a silent mismatch. Names (of regions, organisations,
portals), numbers, years and URLs are not translated: they are the same facts.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from .problems import Problem
from .yaml_source import LocatedYAML, dotted

# Fields whose text readers see, wherever they occur in a region, topic or the project.
TRANSLATABLE = frozenset(
    {
        "claim",
        "summary",
        "description",
        "alt",
        "label",
        "unit",
        "note",
        "qualifier",
        "title",
        "states",
        "countries",
        "name",
        "heading",
        "ministry",
        "programme",
        "districts",
        "languages",
    }
)
# Names stay as they are in every language: a region, a portal, an organisation.
UNTRANSLATED_NAMES = (
    "regions",
    "organisation",
    "entries",
    "research_partner",
    "practice_partner",
    "jobs",
)


# An entry's name may be translated all the same: many describe rather than name
# ("Kinderbetreuung im Notfall"). The page then shows the translation and keeps the original
# beside it (ORIGINAL_NAME), so readers find it in German sources. No hint asks for it
# (translation_gaps): most entries are names that stay (Job-Achse, Welcome Center …).
DESCRIPTIVE_NAMES = ("entries",)
ORIGINAL_NAME = "original_name"


def translation_schema(schema: dict[str, Any], *, inside_names: bool = False) -> dict[str, Any]:
    """The schema of a translation, derived from the schema of what it translates.

    Every translatable text may be given, nothing is required, and nothing else is allowed."""
    kind = schema.get("type")
    if kind == "object":
        properties = {}
        for key, sub in schema.get("properties", {}).items():
            if key == "translations":
                continue
            names_fixed = inside_names or (
                key in UNTRANSLATED_NAMES and key not in DESCRIPTIVE_NAMES
            )
            if key in TRANSLATABLE and not (key == "name" and names_fixed):
                properties[key] = _text_of(sub)
            elif sub.get("type") in ("object", "array"):
                derived = translation_schema(sub, inside_names=names_fixed)
                if derived.get("properties") or derived.get("items"):
                    properties[key] = derived
        return {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
            "description": f"Translation: {schema.get('description', '')}".strip(),
        }
    if kind == "array":
        items = schema.get("items", {})
        if items.get("type") == "object":
            derived = translation_schema(items, inside_names=inside_names)
            return {"type": "array", "items": derived} if derived["properties"] else {}
        return {}
    return {}


def _text_of(schema: dict[str, Any]) -> dict[str, Any]:
    if schema.get("type") == "array":
        return {"type": "array", "items": {"type": "string", "minLength": 1}}
    return {"type": "string", "minLength": 1, "description": schema.get("description", "")}


def localized_data(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """A copy of the raw data with every `translations.<lang>` laid over what it translates.

    An entry whose name the translation changes keeps its original as `original_name`."""
    localized = copy.deepcopy(data)
    for entry in _named_entries(localized):
        entry[ORIGINAL_NAME] = entry["name"]
    localized = _overlay_translations(localized, lang)
    for entry in _named_entries(localized):
        if entry[ORIGINAL_NAME] == entry["name"]:
            del entry[ORIGINAL_NAME]
    return localized


def _named_entries(value: Any, inside: bool = False):
    """Each entry (a dict with a name) in a DESCRIPTIVE_NAMES list, translations left out."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "translations":
                yield from _named_entries(item, key in DESCRIPTIVE_NAMES)
    elif isinstance(value, list):
        for item in value:
            if inside and isinstance(item, dict) and "name" in item:
                yield item
            else:
                yield from _named_entries(item)


def _overlay_translations(value: Any, lang: str) -> Any:
    if isinstance(value, dict):
        translation = (value.pop("translations", None) or {}).get(lang)
        for key, item in value.items():
            value[key] = _overlay_translations(item, lang)
        if translation:
            _lay_over(value, translation)
        return value
    if isinstance(value, list):
        return [_overlay_translations(item, lang) for item in value]
    return value


def _lay_over(target: dict[str, Any], translation: dict[str, Any]) -> None:
    for key, text in translation.items():
        if isinstance(text, dict) and isinstance(target.get(key), dict):
            _lay_over(target[key], text)
        elif (
            isinstance(text, list)
            and isinstance(target.get(key), list)
            and all(isinstance(item, dict) for item in text)
        ):
            for original, translated in zip(target[key], text, strict=False):
                _lay_over(original, translated)
        else:
            target[key] = text


def _subjects(data: Any):
    """(path, mapping) of what carries `translations`: the project, each topic, each region."""
    data = data or {}
    paths = [("project",), *(("topics", i) for i in range(len(data.get("topics") or [])))]
    paths += [("regions", i) for i in range(len(data.get("regions") or []))]
    for path in paths:
        subject = _at(data, path)
        if isinstance(subject, dict):
            yield path, subject


def translation_problems(
    located: LocatedYAML, shown: str, languages: tuple[str, ...]
) -> list[Problem]:
    """Missing and stray translations of the regions, topics and the project, with their line.

    A region without `translations.<lang>` would show German text on that language's page;
    a translated list of another length would pair the wrong texts."""
    problems: list[Problem] = []
    for path, subject in _subjects(located.data):
        translations = subject.get("translations") or {}
        for lang in languages:
            if lang not in translations:
                name = subject.get("name") or subject.get("slug") or dotted(path)
                problems.append(
                    Problem(
                        shown,
                        located.line_of(path),
                        f"{dotted(path)}.translations",
                        f"'{name}' hat keine Übersetzung '{lang}': ergänzen Sie "
                        f"translations: {{{lang}: {{…}}}} mit den Texten, die Leserinnen und "
                        "Leser sehen",
                    )
                )
                continue
            where = (*path, "translations", lang)
            problems += _length_problems(subject, translations[lang], where, located, shown)
        for lang in translations:
            if lang not in languages:
                problems.append(
                    Problem(
                        shown,
                        located.line_of((*path, "translations", lang)),
                        f"{dotted(path)}.translations.{lang}",
                        f"keine Ausgabe in der Sprache '{lang}' (SHOWCASE_EDITIONS): "
                        f"vorhanden sind {', '.join(languages) or 'keine'}",
                    )
                )
    return problems


# A text with a word in it; '€/m²', 'km²' and '%' read the same in every language.
_WORDS = re.compile(r"[a-zäöüß]{3,}", re.IGNORECASE)


def translation_gaps(located: LocatedYAML, shown: str, languages: tuple[str, ...]) -> list[Problem]:
    """Texts readers see that a language's translation leaves out: its page shows German there.

    Not errors (the page still works), but hints for the operator, each at the German text's
    line. A text kept on purpose (a name the same in English) is written into the translation
    as it is, and the hint goes away."""
    gaps: list[Problem] = []
    for path, subject in _subjects(located.data):
        for lang in languages:
            translated = (subject.get("translations") or {}).get(lang)
            if not isinstance(translated, dict):
                continue  # no translation at all: an error of translation_problems
            name = subject.get("name") or subject.get("slug") or dotted(path)
            for where, text in _untranslated(subject, translated, path):
                gaps.append(
                    Problem(
                        shown,
                        located.line_of(where),
                        dotted(where),
                        f"'{name}': kein Text in translations.{lang}, die Seite in der Sprache "
                        f"'{lang}' zeigt hier Deutsch: „{_shortened(text)}“",
                    )
                )
    return gaps


def _untranslated(original: Any, translated: Any, path: tuple, inside_names: bool = False):
    """(path, text) of each translatable text in `original` that `translated` does not set."""
    if isinstance(original, dict):
        given = translated if isinstance(translated, dict) else {}
        for key, value in original.items():
            if key == "translations":
                continue
            names_fixed = inside_names or key in UNTRANSLATED_NAMES
            if key in TRANSLATABLE and not (key == "name" and names_fixed):
                texts = value if isinstance(value, list) else [value]
                if key not in given and any(_WORDS.search(str(t)) for t in texts):
                    yield (*path, key), ", ".join(map(str, texts))
            elif isinstance(value, dict | list):
                yield from _untranslated(value, given.get(key), (*path, key), names_fixed)
    elif isinstance(original, list):
        items = translated if isinstance(translated, list) else []
        for index, value in enumerate(original):
            other = items[index] if index < len(items) else None
            yield from _untranslated(value, other, (*path, index), inside_names)


def _shortened(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _length_problems(
    original: Any, translated: Any, path: tuple, located: LocatedYAML, shown: str
) -> list[Problem]:
    """`path` is where the translated value stands in the file."""
    problems: list[Problem] = []
    if isinstance(translated, dict) and isinstance(original, dict):
        for key, text in translated.items():
            problems += _length_problems(original.get(key), text, (*path, key), located, shown)
    elif isinstance(translated, list) and isinstance(original, list):
        # Items are paired by place: the third district is the third district in every
        # language, so a list of texts of another length is refused as well.
        if translated and len(translated) != len(original):
            problems.append(
                Problem(
                    shown,
                    located.line_of(path),
                    dotted(path),
                    f"die Übersetzung hat {len(translated)} Einträge, das Original "
                    f"{len(original)}: übersetzen Sie jeden Eintrag in derselben Reihenfolge",
                )
            )
        else:
            for index, (a, b) in enumerate(zip(original, translated, strict=False)):
                problems += _length_problems(a, b, (*path, index), located, shown)
    return problems


def _at(data: Any, path: tuple) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data
