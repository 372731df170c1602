"""data/regions.yaml -> SiteData, reporting every problem with file, line and field."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..german import slugify_de
from . import unsaved
from .completeness import section_gaps
from .links import links_in_text, tracking_message, tracking_parameters, tracking_problems
from .localize import (
    localized_data,
    translation_gaps,
    translation_problems,
)
from .model import (
    Entry,
    Funding,
    JobPortal,
    Jobs,
    JobSearch,
    KeyFigure,
    Location,
    OpenData,
    Organisation,
    Output,
    Partner,
    Photo,
    Project,
    Region,
    Section,
    SiteData,
    Source,
    Topic,
)
from .number_limits import LIMIT_KINDS, limit_message, non_finite_paths, non_finite_problems
from .paths_shown import display_path
from .photos import region_photo_problems
from .problems import Problem, ValidationFailed, did_you_mean, one_of, suggestion
from .schema import LAT_RANGE, LON_RANGE, SCHEMA
from .sections import SECTION_HEADINGS, SECTIONS, section_headings
from .text_files import UnusableText, read_text
from .yaml_source import LocatedYAML, dotted, parse_located
from .yaml_traps import number_spelling_hint, thousands_as_decimal

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


@cache
def _validator() -> Draft202012Validator:
    # jsonschema and its referencing take about 85 ms to import: a build whose region data
    # the check keeps in cache/ (check_cache.py) validates nothing, so they are imported on
    # the first validation only.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(SCHEMA)


# Markdown text -> safe HTML. The caller hands it in (markup.render_markdown): the renderer
# sits above the data floor, which only validates and types.
Render = Callable[[str], Markup]
_JSON_TYPES = {
    "string": "ein Text",
    "number": "eine Zahl",
    "integer": "eine ganze Zahl",
    "array": "eine Liste",
    "object": "eine Zuordnung (Feld: Wert)",
    "boolean": "true oder false",
    "null": "nichts",
}


def read_located(path: Path, sections: str) -> tuple[str, LocatedYAML]:
    """Read and parse a YAML data file: its name as messages show it, and the parsed data.

    A missing, unreadable, malformed or empty file raises ValidationFailed; `sections` names
    the top-level keys the empty file lacks ("'project', 'topics' und 'regions'")."""
    shown = display_path(path)
    try:
        text = read_text(path, shown)
    except FileNotFoundError:
        raise ValidationFailed([Problem(shown, 0, "", "Datei nicht gefunden")]) from None
    except UnusableText as error:
        raise ValidationFailed(error.problems) from None
    located = _parsed(text, shown)
    problems = list(located.problems)
    if not problems and located.data is None:
        message = f"die Datei ist leer: erwartet werden die Abschnitte {sections}"
        problems.append(Problem(shown, 1, "", message))
    if problems:
        raise ValidationFailed(problems)
    return shown, located


# The data files parsed in this process, by their text: a check parses regions.yaml (120 kB,
# about 35 ms) and comparison.yaml again each time, and the tests check the shipped ones (or
# a copy's, under another name) about 200 times. parse_located reads the text and the name
# messages show, which goes into each Problem's file only: a problem kept under another name
# is handed out under this one. Each caller gets a copy: LocatedYAML and its data are mutable.
_PARSED: dict[str, tuple[str, LocatedYAML]] = {}
_PARSED_KEPT = 8


def _parsed(text: str, shown: str) -> LocatedYAML:
    """parse_located(text, shown), kept by the text (a copy of the kept one)."""
    held = _PARSED.get(text)
    if held is None:
        if len(_PARSED) >= _PARSED_KEPT:
            _PARSED.clear()
        _PARSED[text] = held = (shown, parse_located(text, shown))
    named, located = held
    problems = located.problems
    if named != shown:
        problems = [replace(problem, file=shown) for problem in problems]
    # The containers copied; their keys and items are immutable (paths are tuples, Problem
    # is frozen), the data's values are copied whole.
    return replace(
        located,
        data=_copied(located.data),
        lines=dict(located.lines),
        problems=list(problems),
        raw=dict(located.raw),
        trap_paths=set(located.trap_paths),
    )


# What YAML makes that nothing can change in place (safe_load's scalars).
_IMMUTABLE = (str, int, float, bool, type(None), bytes, dt.date, dt.datetime)


def _copied(value: Any) -> Any:
    """A deep copy of parsed YAML: its containers new, its scalars shared (three times
    faster than copy.deepcopy, which the tests' 200 loads noticed)."""
    kind = type(value)
    if kind is dict:
        return {key: _copied(item) for key, item in value.items()}
    if kind is list:
        return [_copied(item) for item in value]
    if kind in _IMMUTABLE:
        return value
    return copy.deepcopy(value)  # a set, an ordered map's pairs, ...


def load_site_data(
    data_file: Path,
    region_texts_dir: Path | None = None,
    hints: list[Problem] | None = None,
    languages: tuple[str, ...] = (),
    *,
    render: Render,
) -> SiteData:
    """Read, validate and type the region data; raise ValidationFailed listing every problem.

    `render` turns the Markdown texts (summaries, region texts) into HTML.

    `hints`, when given, receives what the region pages still lack (completeness.py), each
    located in regions.yaml: not errors, and not part of the data, so SiteData leaves them out.
    """
    shown, located = read_located(data_file, "'project', 'topics' und 'regions'")
    problems: list[Problem] = []

    # NaN and infinity first: JSON Schema lets them pass (number_limits.py).
    problems.extend(non_finite_problems(located, shown))
    problems.extend(schema_problems(located, shown))
    if not problems:
        problems.extend(_semantic_problems(located, shown))
    problems.extend(_tracking_problems(located.data, (), located, shown))
    # A region's photo only with credit and licence, and only a file that exists (photos.py).
    content_path = region_texts_dir.parent if region_texts_dir else None
    problems.extend(region_photo_problems(located, shown, content_path))
    region_texts, text_problems = _region_texts(region_texts_dir, located.data)
    problems.extend(text_problems)
    # The other languages' editions: every region, topic and the project translated, and the
    # region texts of content/regionen/<lang>/ (localize.py).
    texts_by_lang = {}
    if languages and not problems:
        problems.extend(translation_problems(located, shown, languages))
    for lang in languages:
        folder = region_texts_dir / lang if region_texts_dir else None
        texts_by_lang[lang], lang_problems = _region_texts(folder, located.data, lang)
        problems.extend(lang_problems)
    if problems:
        raise ValidationFailed(problems)
    site = _build(located.data, region_texts, render)
    if languages:
        editions = {
            lang: _build(localized_data(located.data, lang), texts_by_lang[lang], render, lang)
            for lang in languages
        }
        site = replace(site, editions=editions)
    if hints is None:
        return site
    hints += [
        Problem(
            shown,
            located.line_of(("regions", index, key) if key in raw else ("regions", index)),
            f"regions[{index}].{key}",
            message,
        )
        for index, (region, raw) in enumerate(
            zip(site.regions, located.data["regions"], strict=True)
        )
        for key, message in section_gaps(region)
    ]
    # Texts an edition leaves in German: hints too, the page still works (localize.py).
    hints += translation_gaps(located, shown, languages)
    return site


def _tracking_problems(
    value: Any, path: tuple, located: LocatedYAML, shown: str
) -> Iterator[Problem]:
    """Every link anywhere in the data, in URL fields and inside Markdown texts alike."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _tracking_problems(item, (*path, key), located, shown)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _tracking_problems(item, (*path, index), located, shown)
    elif isinstance(value, str):
        for url in links_in_text(value):
            if tracking_parameters(url):
                yield Problem(shown, located.line_of(path), dotted(path), tracking_message(url))


def schema_problems(
    located: LocatedYAML, shown: str, validator: Draft202012Validator | None = None
) -> Iterator[Problem]:
    """Every schema error of the data, explained in German with its line (each once);
    `validator` None: regions.yaml's schema."""
    # jsonschema reports each missing required field as its own error, each carrying the
    # whole list; explaining every error names every missing field again, so each once only.
    seen: set[Problem] = set()
    # A value a YAML trap turned into something else is explained once, by the trap; so is
    # a NaN or an infinity, by non_finite_problems.
    explained = located.trap_paths | set(non_finite_paths(located.data))
    errors = (
        _region_data_errors(located.data)
        if validator is None
        else validator.iter_errors(located.data)
    )
    for error in errors:
        if tuple(error.absolute_path) in explained:
            continue
        for problem in _explain(error, located, shown):
            if problem not in seen:
                seen.add(problem)
                yield problem


# The regions of regions.yaml that passed the schema in this process, by their exact value
# (repr: types count): make serve validates the file again after every save, and a save
# changes one region. Each region is checked alone by the schema (no keyword relates two of
# them), so one already found valid yields no error again.
_VALID_REGIONS: dict[str, None] = {}
_VALID_KEPT = 64
# The same for everything but the regions (project, topics, ...), by its exact value: found
# valid together with valid regions, a file of known regions is not checked at all (the
# tests check the shipped file about 200 times in a process, 9 ms each).
_VALID_REST: dict[str, None] = {}


def _region_data_errors(data: Any) -> list[ValidationError]:
    """regions.yaml's schema errors, as iter_errors gives them, without checking again the
    regions found valid before: they are left out of the list checked (one stays, the list
    must not be empty), and each error's path names its region's own index. Nothing is
    checked when the regions and the rest of the file were all found valid before."""
    regions = data.get("regions") if isinstance(data, dict) else None
    if not isinstance(regions, list) or not regions:
        return list(_validator().iter_errors(data))
    texts = [repr(region) for region in regions]
    rest = repr({key: value for key, value in data.items() if key != "regions"})
    checked = [i for i, text in enumerate(texts) if text not in _VALID_REGIONS]
    if not checked and rest in _VALID_REST:
        return []
    checked = checked or [0]
    errors = list(_validator().iter_errors({**data, "regions": [regions[i] for i in checked]}))
    failed = set()
    for error in errors:
        path = error.path  # from the top: the regions' index is the second step
        if len(path) > 1 and path[0] == "regions" and isinstance(path[1], int):
            path[1] = checked[path[1]]
            failed.add(path[1])
    if len(_VALID_REGIONS) > _VALID_KEPT:
        _VALID_REGIONS.clear()
    if len(_VALID_REST) > _VALID_KEPT:
        _VALID_REST.clear()
    if not errors:
        _VALID_REST[rest] = None
    _VALID_REGIONS.update((texts[i], None) for i in checked if i not in failed)
    return errors


def _explain(error: ValidationError, located: LocatedYAML, shown: str) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    line = located.line_of(path)
    schema, value, kind = error.schema, error.instance, error.validator
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for key in value:
            if key not in allowed:
                yield Problem(
                    shown,
                    located.line_of((*path, key)),
                    dotted((*path, key)),
                    f"unbekanntes Feld{suggestion(key, allowed)}",
                )
        return
    if kind == "required":
        for name in error.validator_value:
            if name not in value:
                yield Problem(
                    shown, line, dotted((*path, name)) if path else name, "Pflichtfeld fehlt"
                )
        return
    field = dotted(path) or "(oberste Ebene)"
    if kind == "type":
        expected = _JSON_TYPES.get(error.validator_value, error.validator_value)
        got = _JSON_TYPES.get(_json_type(value), type(value).__name__)
        hint = ""
        if error.validator_value == "string" and isinstance(value, int | float):
            hint = f' (setzen Sie den Wert in Anführungszeichen: "{value}")'
        elif error.validator_value == "array" and isinstance(value, str):
            hint = f" (schreiben Sie ihn als Liste: [{value}])"
        elif error.validator_value in ("number", "integer") and isinstance(value, str):
            hint = number_spelling_hint(value) or (
                " (schreiben Sie die Zahl ohne Anführungszeichen und ohne Einheit; "
                "die Einheit hat ein eigenes Feld)"
            )
        yield Problem(shown, line, field, f"erwartet: {expected}, angegeben: {got}{hint}")
    elif kind == "enum":
        choices = [str(c) for c in error.validator_value]
        yield Problem(
            shown,
            line,
            field,
            f"'{value}' ist nicht erlaubt: erlaubt sind {one_of(choices)}"
            f"{did_you_mean(str(value), choices)}",
        )
    elif kind == "pattern" and schema.get("x-kind") == "url":
        yield Problem(
            shown,
            line,
            field,
            f"'{value}' ist kein erlaubter Link: geben Sie eine vollständige "
            "http(s)-Adresse an, z. B. https://www.example.de/",
        )
    elif kind == "pattern" and schema.get("x-kind") == "slug":
        yield Problem(
            shown,
            line,
            field,
            f"der Slug '{value}' darf nur a-z, 0-9 und '-' enthalten "
            f"(Vorschlag: '{slugify_de(str(value))}')",
        )
    elif kind in ("minimum", "maximum") and schema.get("x-kind") in ("lat", "lon"):
        low, high = LAT_RANGE if schema["x-kind"] == "lat" else LON_RANGE
        name = "der Breitengrad" if schema["x-kind"] == "lat" else "der Längengrad"
        yield Problem(
            shown,
            line,
            field,
            f"{name} {value} liegt außerhalb Deutschlands ({low} bis {high}); "
            "sind lat und lon vertauscht, oder fehlt ein Dezimalpunkt?",
        )
    elif schema.get("x-kind") in LIMIT_KINDS:
        message = limit_message(schema["x-kind"], located, path)
        if message:
            yield Problem(shown, line, field, message)
    elif kind == "minLength":
        yield Problem(shown, line, field, "darf nicht leer sein")
    elif kind == "minItems":
        count = error.validator_value
        entries = "Eintrag" if count == 1 else "Einträge"
        yield Problem(shown, line, field, f"braucht mindestens {count} {entries}")
    elif kind == "minimum":
        yield Problem(
            shown, line, field, f"{value} ist zu klein (mindestens {error.validator_value})"
        )
    elif kind == "maximum":
        yield Problem(
            shown, line, field, f"{value} ist zu groß (höchstens {error.validator_value})"
        )
    elif kind == "pattern":
        yield Problem(
            shown,
            line,
            field,
            f"'{value}' hat nicht die erwartete Form (Muster {error.validator_value})",
        )
    else:
        # A rule added to the schema without its own German message still names the field.
        yield Problem(shown, line, field, f"ungültiger Wert ({error.message})")


def _json_type(value: Any) -> str:
    for name, python_type in (
        ("boolean", bool),
        ("string", str),
        ("array", list),
        ("object", dict),
        ("number", int | float),
    ):
        if isinstance(value, python_type):
            return name
    return "null"


def _semantic_problems(located: LocatedYAML, shown: str) -> Iterator[Problem]:
    """Rules JSON Schema cannot express: unique slugs and names, counts in whole numbers,
    a source for every entry."""
    yield from _count_problems(located, shown)
    for index, region in enumerate(located.data["regions"]):
        for key, _heading in SECTIONS:
            for number, entry in enumerate(region.get(key, {}).get("entries", [])):
                if "url" not in entry and "source" not in entry:
                    path = ("regions", index, key, "entries", number)
                    yield Problem(
                        shown,
                        located.line_of(path),
                        dotted(path),
                        "Angabe ohne Quelle: ergänzen Sie 'source' (wo es belegt ist) "
                        "oder 'url' (die eigene Website des Angebots)",
                    )
    for section, key in (("regions", "slug"), ("topics", "slug"), ("topics", "name")):
        first_seen: dict[str, int] = {}
        for index, item in enumerate(located.data[section]):
            value = item[key]
            path = (section, index, key)
            if value in first_seen:
                other = first_seen[value]
                yield Problem(
                    shown,
                    located.line_of(path),
                    dotted(path),
                    f"{key.capitalize()} '{value}' ist doppelt (schon vergeben an "
                    f"{section}[{other}] in Zeile {located.line_of((section, other, key))}; "
                    "wählen Sie einen anderen)",
                )
            else:
                first_seen[value] = index


# Figures that count people, members, municipalities: whole numbers unless the unit scales
# them ('2.6 Mio. Personen').
COUNT_KINDS = ("population", "members", "employees", "municipalities")
_SCALED_UNIT = ("Mio.", "Mrd.", "Tsd.", "Millionen", "Milliarden", "Tausend")


def _count_problems(located: LocatedYAML, shown: str) -> Iterator[Problem]:
    for r_index, region in enumerate(located.data["regions"]):
        for f_index, figure in enumerate(region["key_figures"]):
            value = figure["value"]
            if figure["kind"] not in COUNT_KINDS or isinstance(value, int):
                continue
            if figure["unit"].startswith(_SCALED_UNIT):
                continue
            path = ("regions", r_index, "key_figures", f_index, "value")
            raw = located.raw.get(path, str(value))
            reason = thousands_as_decimal(raw, value) or (
                f"{raw} ist keine ganze Zahl (runden Sie, oder zählen Sie in einer Einheit "
                "wie 'Mio. Personen')"
            )
            yield Problem(
                shown,
                located.line_of(path),
                dotted(path),
                f"eine Anzahl ({figure['unit']}) ist eine ganze Zahl: {reason}",
            )


def _region_texts(
    directory: Path | None, data: Any, lang: str = "de"
) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Read content/regionen/<slug>.md into its sections; a file for an unknown region, or a
    heading that is not one of the six sections, is an error, not ignored."""
    if directory is None or not directory.is_dir():
        return {}, []
    slugs = [r.get("slug") for r in (data or {}).get("regions", []) if isinstance(r, dict)]
    texts, problems = {}, []
    for path in unsaved.entries(directory):
        if path.name.startswith(".") or (path.is_dir() and lang == "de"):
            continue  # a folder holds another language's texts, read with that language
        if path.suffix != ".md":
            problems.append(
                Problem(
                    display_path(path),
                    0,
                    "",
                    "Regionstexte sind Markdown-Dateien namens <slug>.md, "
                    f"z. B. {slugs[0] if slugs else 'allgaeu'}.md",
                )
            )
        elif path.stem not in slugs:
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    "",
                    f"unbekannte Region '{path.stem}'"
                    f"{did_you_mean(path.stem, slugs)}: der Dateiname muss der Slug einer "
                    "Region sein",
                )
            )
        else:
            texts[path.stem], section_problems = read_region_text(path, lang)
            problems.extend(section_problems)
    return texts, problems


def read_region_text(path: Path, lang: str = "de") -> tuple[dict[str, str], list[Problem]]:
    """Split a region text at its `## ` headings into Markdown per section key."""
    shown = display_path(path)
    try:
        text = read_text(path, shown)
    except UnusableText as error:
        return {}, error.problems
    by_heading = SECTION_HEADINGS if lang == "de" else section_headings(lang)
    headings = list(by_heading)
    chunks: dict[str, list[str]] = {}
    first_line: dict[str, int] = {}
    problems: list[Problem] = []
    current: list[str] | None = None  # lines of the section being read; None: none yet
    stray_text_reported = False
    problems.extend(tracking_problems(text, shown))
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("## "):
            heading = line[3:].strip()
            key = by_heading.get(heading)
            current = []  # text under a wrong heading is reported with the heading only
            if key is None:
                problems.append(
                    Problem(
                        shown,
                        number,
                        "",
                        f"unbekannter Abschnitt '{heading}'{did_you_mean(heading, headings)}: "
                        f"erlaubt sind {one_of(headings)}",
                    )
                )
            elif key in chunks:
                problems.append(
                    Problem(
                        shown,
                        number,
                        "",
                        f"Abschnitt '{heading}' steht schon in Zeile {first_line[key]}: "
                        "fassen Sie beide zusammen",
                    )
                )
            else:
                chunks[key], first_line[key] = current, number
        elif current is not None:
            current.append(line)
        elif line.strip() and not stray_text_reported:
            stray_text_reported = True
            problems.append(
                Problem(
                    shown,
                    number,
                    "",
                    "Text vor der ersten Überschrift: jeder Absatz gehört unter eine der "
                    f"Überschriften {one_of(headings)}, z. B. '## Arbeiten'",
                )
            )
    return {key: "\n".join(lines).strip() for key, lines in chunks.items()}, problems


def _build(
    data: dict[str, Any],
    region_texts: dict[str, dict[str, str]],
    render: Render,
    lang: str = "de",
) -> SiteData:
    p = data["project"]
    project = Project(
        name=p["name"],
        short_name=p["short_name"],
        website=p["website"],
        guide_url=p["guide_url"],
        funding=Funding(**p["funding"]),
        research_partner=Partner(**p["research_partner"]),
        practice_partner=Partner(**p["practice_partner"]) if "practice_partner" in p else None,
        outputs=tuple(Output(**o) for o in p["outputs"]),
        summary_html=render(p["summary"]),
    )
    topics = tuple(
        Topic(**{k: v for k, v in t.items() if k != "translations"}) for t in data["topics"]
    )
    sections = tuple((key, heading) for heading, key in section_headings(lang).items())
    regions = tuple(
        _build_region(r, region_texts.get(r["slug"]), render, sections) for r in data["regions"]
    )
    open_data = OpenData(**data.get("open_data", {}))
    return SiteData(project=project, topics=topics, regions=regions, open_data=open_data)


def _build_region(
    r: dict[str, Any], texts: dict[str, str] | None, render: Render, sections_of_lang=SECTIONS
) -> Region:
    texts = texts or {}
    sections = tuple(
        Section(
            key=key,
            heading=heading,
            text_html=render(texts[key]) if texts.get(key) else Markup(""),
            entries=tuple(Entry(**e) for e in r.get(key, {}).get("entries", ())),
            figures=tuple(KeyFigure(**f) for f in r.get(key, {}).get("figures", ())),
        )
        for key, heading in sections_of_lang
    )
    return Region(
        slug=r["slug"],
        name=r["name"],
        role=r["role"],
        summary_html=render(r["summary"]),
        organisation=Organisation(**r["organisation"]),
        website=r["website"],
        states=tuple(r["states"]),
        districts=tuple(r["districts"]),
        location=Location(**r["location"]),
        key_figures=tuple(KeyFigure(**k) for k in r["key_figures"]),
        landscape=r["landscape"],
        countries=tuple(r.get("countries", ())),
        claim=r.get("claim"),
        facebook=r.get("facebook"),
        starke_regionen_url=r.get("starke_regionen_url"),
        jobs=_build_jobs(r["jobs"]) if "jobs" in r else None,
        sources=tuple(Source(**s) for s in r.get("sources", ())),
        photo=Photo(**r["photo"]) if r.get("photo") else None,
        sections=sections,
        translations=r.get("translations", {}),
    )


def _build_jobs(j: dict[str, Any]) -> Jobs:
    portal = j.get("portal")
    return Jobs(
        search=JobSearch(**j["search"]),
        portal=JobPortal(**{**portal, "languages": tuple(portal.get("languages", ()))})
        if portal
        else None,
    )
