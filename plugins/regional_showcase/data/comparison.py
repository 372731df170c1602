"""data/comparison.yaml -> Comparison per language, every problem with file, line and field.

The comparison puts the regions side by side only on figures that are comparable: an
indicator has one definition, one source and one reference year, every value under it was
measured that way (a value of the adjacent year is allowed and shown with its year), and a
region without a value says why. Region values are derived from district values only where
the source's method allows it (counts of the same date add up; rates do not).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .comparison_model import (
    DISTRICT_TYPES,
    MEASURES,
    REGION_VALUES,
    Cell,
    Comparison,
    ComparisonSource,
    District,
    DistrictValue,
    Indicator,
    NotCompared,
    RegionCoverage,
)

# Reading and the German explanation of each schema error, shared with regions.yaml.
from .loader import read_located, schema_problems
from .model import Region, RegionName, SiteData
from .number_limits import non_finite_problems
from .problems import Problem, ValidationFailed, suggestion

# The schema's own builders: both files are described the same way.
from .schema import FIGURE_LIMIT, SLUG_PATTERN, URL_PATTERN, _list, _obj, _text
from .yaml_source import LocatedYAML, dotted

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

AGS_PATTERN = r"^[0-9]{5}$"
# Values of one indicator lie at most this many years from its reference year: a value of
# 2022 may stand in a row of 2023 (and says so), one of 2019 may not.
MAX_YEAR_GAP = 1


def _slug(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": SLUG_PATTERN, "x-kind": "slug", "description": description}


def _translated(properties: dict[str, Any]) -> dict[str, Any]:
    """Each text field `x` also as `x_en`: the English edition's text (German where absent)."""
    return {
        **properties,
        **{f"{key}_en": value for key, value in properties.items() if key in TRANSLATED},
    }


TRANSLATED = ("title", "organisation", "note", "name", "definition", "unit", "as_of", "reason")
_AGS = {
    "type": "string",
    "pattern": AGS_PATTERN,
    "description": 'Official district key (AGS), five digits, in quotes: "05958"',
}
_NUMBER = {
    "type": "number",
    "exclusiveMinimum": -FIGURE_LIMIT,
    "exclusiveMaximum": FIGURE_LIMIT,
    "x-kind": "figure",
}
_YEAR = {"type": "integer", "minimum": 1900, "maximum": 2100, "description": "Reference year"}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    **_obj(
        {
            "sources": _list(
                _obj(
                    _translated(
                        {
                            "id": _slug("Name the indicators use for this source"),
                            "title": _text("Title of the publication or data set"),
                            "organisation": _text("Who publishes it"),
                            "licence": _text("Licence of the figures"),
                            "url": {"type": "string", "pattern": URL_PATTERN, "x-kind": "url"},
                            "note": _text("Where and how the figures were read"),
                        }
                    ),
                    ["id", "title", "organisation", "licence", "url"],
                    "A source of comparable figures",
                ),
                "Sources",
                min_items=1,
            ),
            "districts": _list(
                _obj(
                    {
                        "ags": _AGS,
                        "name": _text("Name of the district or city"),
                        "type": {"enum": list(DISTRICT_TYPES)},
                    },
                    ["ags", "name", "type"],
                    "A district (Landkreis) or district-free city",
                ),
                "Districts",
            ),
            "regions": _list(
                _obj(
                    _translated(
                        {
                            "region": _slug("Slug of a region in regions.yaml"),
                            "districts": _list(_AGS, "The districts it counts", min_items=1),
                            "note": _text("What the districts leave out or share"),
                        }
                    ),
                    ["region", "districts"],
                    "Which districts stand for a region",
                ),
                "Regions",
                min_items=1,
            ),
            "indicators": _list(
                _obj(
                    _translated(
                        {
                            "id": _slug("Identity of the indicator"),
                            "name": _text("Name shown in the table"),
                            "definition": _text("The source's definition"),
                            "unit": _text("Unit, e.g. '%'"),
                            "decimals": {"type": "integer", "minimum": 0, "maximum": 3},
                            "measure": {"enum": list(MEASURES)},
                            "region_value": {"enum": list(REGION_VALUES)},
                            "organisation": _text("Who collected the figures"),
                            "source": _slug("id of an entry under 'sources'"),
                            "year": _YEAR,
                            "as_of": _text("Reference date as the source gives it"),
                            "germany": _NUMBER,
                            "values": {
                                "type": "object",
                                "additionalProperties": _NUMBER,
                                "description": "District key or region slug -> value",
                            },
                            "value_years": {
                                "type": "object",
                                "additionalProperties": _YEAR,
                                "description": "Values of another (adjacent) year",
                            },
                            "missing": _list(
                                _obj(
                                    _translated(
                                        {
                                            "region": _slug("Slug of the region"),
                                            "reason": _text("Why it has no value"),
                                        }
                                    ),
                                    ["region", "reason"],
                                    "A region without a value",
                                ),
                                "Regions without a value, each with its reason",
                            ),
                        }
                    ),
                    [
                        "id",
                        "name",
                        "definition",
                        "unit",
                        "decimals",
                        "measure",
                        "organisation",
                        "source",
                        "year",
                        "as_of",
                        "values",
                    ],
                    "A comparable figure: one definition, source and year",
                ),
                "Indicators",
                min_items=1,
            ),
            "not_compared": _list(
                _obj(
                    _translated({"name": _text("What"), "reason": _text("Why not")}),
                    ["name", "reason"],
                    "A figure looked for but not compared",
                ),
                "Figures not compared, with the reason",
            ),
        },
        ["sources", "districts", "regions", "indicators"],
        "The comparison of the regions (data/comparison.yaml)",
    ),
}


@cache
def _validator() -> Draft202012Validator:
    # Imported on the first validation only (see loader._validator): the build keeps the
    # checked data in cache/ (input_check.py).
    from jsonschema import Draft202012Validator

    return Draft202012Validator(SCHEMA)


def checked_comparison_data(path: Path, slugs: list[str]) -> dict[str, Any]:
    """data/comparison.yaml read and checked against the regions' slugs, all it reads of
    the region data; raises ValidationFailed listing every problem. The data as parsed:
    the check keeps it in cache/ by the file's bytes and the slugs (input_check.py)."""
    shown, located = read_located(path, "'sources', 'districts', 'regions' und 'indicators'")
    problems = non_finite_problems(located, shown)
    problems += schema_problems(located, shown, _validator())
    if not problems:
        problems += comparison_problems(located, shown, slugs)
    if problems:
        raise ValidationFailed(problems)
    return located.data


def load_comparison(
    path: Path, site: SiteData, languages: tuple[str, ...], data: dict[str, Any] | None = None
) -> dict[str, Comparison]:
    """Read and check data/comparison.yaml against the site's regions; the comparison of
    every language (`site.editions` gives the other languages' regions). Raises
    ValidationFailed listing every problem. `data`: what checked_comparison_data gave for
    this file and these regions' slugs, kept."""
    if data is None:
        data = checked_comparison_data(path, [r.slug for r in site.regions])
    regions = {languages[0]: site.regions} | {
        lang: site.editions[lang].regions for lang in languages[1:] if lang in site.editions
    }
    return {lang: build_comparison(data, regions[lang], lang) for lang in regions}


def comparison_problems(located: LocatedYAML, shown: str, slugs: list[str]) -> list[Problem]:
    """The rules JSON Schema cannot express, on data that passed the schema."""
    return list(_comparison_problems(located, shown, slugs))


def _comparison_problems(located: LocatedYAML, shown: str, slugs: list[str]) -> Iterator[Problem]:
    data = located.data

    def problem(path: tuple, message: str) -> Problem:
        return Problem(shown, located.line_of(path), dotted(path), message)

    for section, key in (
        ("sources", "id"),
        ("districts", "ags"),
        ("regions", "region"),
        ("indicators", "id"),
    ):
        first: dict[str, int] = {}
        for index, item in enumerate(data.get(section, [])):
            value = item[key]
            if value in first:
                path = (section, first[value], key)
                why = (
                    " (eine Kennzahl hat genau eine Definition: geben Sie einer anders "
                    "erhobenen Zahl eine eigene id)"
                    if section == "indicators"
                    else ""
                )
                yield problem(
                    (section, index, key),
                    f"'{value}' steht schon in Zeile {located.line_of(path)}{why}",
                )
            else:
                first[value] = index
    districts = {d["ags"] for d in data["districts"]}
    counted = {r["region"]: r["districts"] for r in data["regions"]}
    for index, entry in enumerate(data["regions"]):
        if entry["region"] not in slugs:
            yield problem(
                ("regions", index, "region"),
                f"unbekannte Region '{entry['region']}'{suggestion(entry['region'], slugs)}",
            )
        for number, ags in enumerate(entry["districts"]):
            if ags not in districts:
                yield problem(
                    ("regions", index, "districts", number),
                    f"unbekannter Kreis '{ags}': ergänzen Sie ihn unter 'districts' "
                    "(ags, name, type)",
                )
    for slug in slugs:
        if slug not in counted:
            yield problem(
                ("regions",),
                f"die Region '{slug}' fehlt: jede Region der Website steht im Vergleich; "
                f"ergänzen Sie '- region: {slug}' mit den Kreisen, die sie zählt",
            )
    sources = [s["id"] for s in data["sources"]]
    for index, indicator in enumerate(data["indicators"]):
        yield from _indicator_problems(
            indicator, ("indicators", index), problem, sources, districts, counted
        )


def _indicator_problems(
    indicator: dict[str, Any], at: tuple, problem, sources, districts, counted
) -> Iterator[Problem]:
    if indicator["source"] not in sources:
        yield problem(
            (*at, "source"),
            f"unbekannte Quelle '{indicator['source']}'"
            f"{suggestion(indicator['source'], sources)}: erwartet wird die id eines "
            "Eintrags unter 'sources'",
        )
    summed = indicator.get("region_value") == "sum"
    if summed and indicator["measure"] != "count":
        yield problem(
            (*at, "region_value"),
            "'sum' gilt nur für Anzahlen (measure: count): Quoten und Werte je Einwohner "
            "lassen sich nicht addieren; lassen Sie 'region_value' weg",
        )
    values = indicator["values"]
    for key in values:
        if key not in districts and key not in counted:
            yield problem(
                (*at, "values", key),
                f"'{key}' ist weder ein Kreis unter 'districts' noch eine Region unter 'regions'",
            )
    year = indicator["year"]
    for key, other in indicator.get("value_years", {}).items():
        if key not in values:
            yield problem(
                (*at, "value_years", key),
                f"für '{key}' steht kein Wert unter 'values'",
            )
        elif abs(other - year) > MAX_YEAR_GAP:
            yield problem(
                (*at, "value_years", key),
                f"ein Wert von {other} ist mit dem Bezugsjahr der Kennzahl ({year}) nicht "
                f"vergleichbar: erlaubt sind {year - MAX_YEAR_GAP} bis {year + MAX_YEAR_GAP}; "
                "lassen Sie den Wert weg und erklären Sie die Lücke unter 'missing'",
            )
        elif summed and other != year:
            yield problem(
                (*at, "value_years", key),
                f"die Werte werden zur Summe der Region addiert, und Werte verschiedener "
                f"Jahre addiert man nicht: geben Sie den Wert von {year} an",
            )
    explained = {m["region"] for m in indicator.get("missing", [])}
    for number, gap in enumerate(indicator.get("missing", [])):
        slug = gap["region"]
        if slug not in counted:
            yield problem(
                (*at, "missing", number, "region"),
                f"unbekannte Region '{slug}'{suggestion(slug, list(counted))}",
            )
        elif _has_value(slug, values, counted):
            yield problem(
                (*at, "missing", number, "region"),
                f"die Region '{slug}' hat einen Wert: streichen Sie den Hinweis",
            )
    for slug, members in counted.items():
        if slug in explained or _has_value(slug, values, counted):
            continue
        absent = ", ".join(a for a in members if a not in values)
        yield problem(
            (*at, "values"),
            f"für die Region '{slug}' fehlen die Werte der Kreise {absent}: ergänzen Sie "
            f"sie, oder sagen Sie unter 'missing' (region: {slug}, reason: …), warum die "
            "Region keinen Wert hat",
        )


def _has_value(slug: str, values: dict, counted: dict) -> bool:
    return slug in values or all(a in values for a in counted[slug])


def _in(item: dict[str, Any], key: str, lang: str) -> Any:
    """A text in `lang`: its `_en` variant where given, else the German text."""
    return item.get(f"{key}_{lang}", item.get(key)) if lang != "de" else item.get(key)


def build_comparison(data: dict[str, Any], regions: tuple[Region, ...], lang: str) -> Comparison:
    """The checked data as the typed comparison of one language, regions in site order."""
    sources = {
        s["id"]: ComparisonSource(
            id=s["id"],
            title=_in(s, "title", lang),
            organisation=_in(s, "organisation", lang),
            licence=s["licence"],
            url=s["url"],
            note=_in(s, "note", lang),
        )
        for s in data["sources"]
    }
    districts = {d["ags"]: District(**d) for d in data["districts"]}
    counted = {r["region"]: r for r in data["regions"]}
    coverage = tuple(
        RegionCoverage(
            region=RegionName(region.slug, region.name),
            districts=tuple(districts[a] for a in counted[region.slug]["districts"]),
            note=_in(counted[region.slug], "note", lang),
        )
        for region in regions
    )
    indicators = tuple(
        Indicator(
            id=i["id"],
            name=_in(i, "name", lang),
            definition=_in(i, "definition", lang),
            unit=_in(i, "unit", lang),
            decimals=i["decimals"],
            measure=i["measure"],
            region_value=i.get("region_value", "none"),
            organisation=_in(i, "organisation", lang),
            source=sources[i["source"]],
            year=i["year"],
            as_of=_in(i, "as_of", lang),
            germany=i.get("germany"),
            cells=tuple(_cell(i, c, lang) for c in coverage),
        )
        for i in data["indicators"]
    )
    not_compared = tuple(
        NotCompared(name=_in(n, "name", lang), reason=_in(n, "reason", lang))
        for n in data.get("not_compared", [])
    )
    return Comparison(indicators, tuple(sources.values()), coverage, not_compared)


def _cell(indicator: dict[str, Any], coverage: RegionCoverage, lang: str) -> Cell:
    values, years = indicator["values"], indicator.get("value_years", {})
    year = indicator["year"]
    slug = coverage.region.slug
    found = tuple(
        DistrictValue(d, values[d.ags], years.get(d.ags, year))
        for d in coverage.districts
        if d.ags in values
    )
    gap = next((m for m in indicator.get("missing", []) if m["region"] == slug), None)
    if gap is not None:
        return Cell(coverage.region, None, None, None, found, _in(gap, "reason", lang))
    if slug in values:
        return Cell(coverage.region, values[slug], years.get(slug, year), None, found)
    if indicator.get("region_value") == "sum":
        # Rounded to the districts' own precision: 261.6 + 410.3 is 671.9, not 671.9000001.
        total = round(sum(d.value for d in found), indicator["decimals"])
        return Cell(coverage.region, total, year, "sum", found)
    return Cell(coverage.region, None, None, None, found)
