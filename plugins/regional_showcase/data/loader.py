"""data/regions.yaml -> SiteData, reporting every problem with file, line and field."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from markupsafe import Markup

from ..german import slugify_de
from ..markup import render_markdown
from .completeness import section_gaps
from .links import links_in_text, tracking_message, tracking_parameters, tracking_problems
from .model import (
    Entry,
    Funding,
    KeyFigure,
    Location,
    Organisation,
    Output,
    Partner,
    Project,
    Region,
    Section,
    SiteData,
    Source,
    Topic,
)
from .problems import Problem, ValidationFailed, did_you_mean, one_of
from .schema import LAT_RANGE, LON_RANGE, SCHEMA, SECTION_HEADINGS, SECTIONS
from .yaml_source import LocatedYAML, dotted, parse_located

_VALIDATOR = Draft202012Validator(SCHEMA)
_JSON_TYPES = {
    "string": "a text",
    "number": "a number",
    "integer": "a whole number",
    "array": "a list",
    "object": "a mapping (key: value)",
    "boolean": "true or false",
    "null": "nothing",
}


def display_path(path: Path) -> str:
    """Paths in messages are relative to the working directory when possible.

    Called for every post on every check, so it only computes strings (no resolve()).
    """
    relative = os.path.relpath(path.absolute(), Path.cwd())
    return str(path) if relative.startswith("..") else relative


def load_site_data(data_file: Path, region_texts_dir: Path | None = None) -> SiteData:
    """Read, validate and type the region data; raise ValidationFailed listing every problem."""
    shown = display_path(data_file)
    try:
        text = data_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationFailed([Problem(shown, 0, "", "file not found")]) from None
    located = parse_located(text, shown)
    problems = list(located.problems)
    if not problems and located.data is None:
        problems.append(
            Problem(
                shown,
                1,
                "",
                "the file is empty: expected the sections 'project', 'topics' and 'regions'",
            )
        )
    if problems:
        raise ValidationFailed(problems)

    problems.extend(_schema_problems(located, shown))
    if not problems:
        problems.extend(_semantic_problems(located, shown))
    problems.extend(_tracking_problems(located.data, (), located, shown))
    region_texts, text_problems = _region_texts(region_texts_dir, located.data)
    problems.extend(text_problems)
    if problems:
        raise ValidationFailed(problems)
    site = _build(located.data, region_texts)
    gaps = [
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
    return SiteData(site.project, site.topics, site.regions, gaps=tuple(gaps))


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


def _schema_problems(located: LocatedYAML, shown: str) -> Iterator[Problem]:
    for error in _VALIDATOR.iter_errors(located.data):
        yield from _explain(error, located, shown)


def _explain(error: ValidationError, located: LocatedYAML, shown: str) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    line = located.line_of(path)
    schema, value, kind = error.schema, error.instance, error.validator
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for key in value:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or f" (allowed: {one_of(allowed)})"
                yield Problem(
                    shown,
                    located.line_of((*path, key)),
                    dotted((*path, key)),
                    f"unknown field{hint}",
                )
        return
    if kind == "required":
        for name in error.validator_value:
            if name not in value:
                yield Problem(
                    shown, line, dotted((*path, name)) if path else name, "missing required field"
                )
        return
    field = dotted(path) or "(top level)"
    if kind == "type":
        expected = _JSON_TYPES.get(error.validator_value, error.validator_value)
        got = _JSON_TYPES.get(_json_type(value), type(value).__name__)
        hint = ""
        if error.validator_value == "string" and isinstance(value, int | float):
            hint = f' (put it in quotes: "{value}")'
        elif error.validator_value == "array" and isinstance(value, str):
            hint = f" (write it as a list: [{value}])"
        elif error.validator_value in ("number", "integer") and isinstance(value, str):
            hint = " (write the number without quotes or units; the unit has its own field)"
        yield Problem(shown, line, field, f"expected {expected}, got {got}{hint}")
    elif kind == "enum":
        choices = [str(c) for c in error.validator_value]
        yield Problem(
            shown,
            line,
            field,
            f"'{value}' is not allowed: use one of {one_of(choices)}"
            f"{did_you_mean(str(value), choices)}",
        )
    elif kind == "pattern" and schema.get("x-kind") == "url":
        yield Problem(
            shown,
            line,
            field,
            f"'{value}' is not an allowed link: use a full "
            "http(s) address such as https://www.example.de/",
        )
    elif kind == "pattern" and schema.get("x-kind") == "slug":
        yield Problem(
            shown,
            line,
            field,
            f"slug '{value}' may only use a-z, 0-9 and '-' (try '{slugify_de(str(value))}')",
        )
    elif kind in ("minimum", "maximum") and schema.get("x-kind") in ("lat", "lon"):
        low, high = LAT_RANGE if schema["x-kind"] == "lat" else LON_RANGE
        name = "latitude" if schema["x-kind"] == "lat" else "longitude"
        yield Problem(
            shown,
            line,
            field,
            f"{name} {value} is outside Germany ({low} to {high}); "
            "check for swapped lat/lon or a missing decimal point",
        )
    elif kind == "minLength":
        yield Problem(shown, line, field, "must not be empty")
    elif kind == "minItems":
        yield Problem(shown, line, field, f"needs at least {error.validator_value} entry")
    elif kind in ("minimum", "maximum"):
        yield Problem(shown, line, field, f"{value} is out of range ({error.message})")
    else:
        yield Problem(shown, line, field, error.message)


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
    """Rules JSON Schema cannot express: unique slugs and names, a source for every entry."""
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
                    f"duplicate {key} '{value}' (already used by {section}[{other}] on "
                    f"line {located.line_of((section, other, key))}; choose another)",
                )
            else:
                first_seen[value] = index


def _region_texts(
    directory: Path | None, data: Any
) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Read content/regionen/<slug>.md into its sections; a file for an unknown region, or a
    heading that is not one of the six sections, is an error, not ignored."""
    if directory is None or not directory.is_dir():
        return {}, []
    slugs = [r.get("slug") for r in (data or {}).get("regions", []) if isinstance(r, dict)]
    texts, problems = {}, []
    for path in sorted(directory.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix != ".md":
            problems.append(
                Problem(
                    display_path(path),
                    0,
                    "",
                    "region texts must be Markdown "
                    f"files named <slug>.md, e.g. {slugs[0] if slugs else 'allgaeu'}.md",
                )
            )
        elif path.stem not in slugs:
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    "",
                    f"unknown region '{path.stem}'"
                    f"{did_you_mean(path.stem, slugs)}: the file name must be a region slug",
                )
            )
        else:
            texts[path.stem], section_problems = read_region_text(path)
            problems.extend(section_problems)
    return texts, problems


def read_region_text(path: Path) -> tuple[dict[str, str], list[Problem]]:
    """Split a region text at its `## ` headings into Markdown per section key."""
    shown = display_path(path)
    headings = list(SECTION_HEADINGS)
    chunks: dict[str, list[str]] = {}
    first_line: dict[str, int] = {}
    problems: list[Problem] = []
    current: list[str] | None = None  # lines of the section being read; None: none yet
    stray_text_reported = False
    text = path.read_text(encoding="utf-8")
    problems.extend(tracking_problems(text, shown))
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("## "):
            heading = line[3:].strip()
            key = SECTION_HEADINGS.get(heading)
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


def _build(data: dict[str, Any], region_texts: dict[str, dict[str, str]]) -> SiteData:
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
        summary_html=render_markdown(p["summary"]),
    )
    topics = tuple(Topic(**t) for t in data["topics"])
    regions = tuple(_build_region(r, region_texts.get(r["slug"])) for r in data["regions"])
    return SiteData(project=project, topics=topics, regions=regions)


def _build_region(r: dict[str, Any], texts: dict[str, str] | None) -> Region:
    texts = texts or {}
    sections = tuple(
        Section(
            key=key,
            heading=heading,
            text_html=render_markdown(texts[key]) if texts.get(key) else Markup(""),
            entries=tuple(Entry(**e) for e in r.get(key, {}).get("entries", ())),
            figures=tuple(KeyFigure(**f) for f in r.get(key, {}).get("figures", ())),
        )
        for key, heading in SECTIONS
    )
    return Region(
        slug=r["slug"],
        name=r["name"],
        role=r["role"],
        summary_html=render_markdown(r["summary"]),
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
        sources=tuple(Source(**s) for s in r.get("sources", ())),
        sections=sections,
        translations=r.get("translations", {}),
    )
