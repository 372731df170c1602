"""The downloads of /daten/, as text: regions.json and its schema, one JSON file per region,
regions.geojson, key-figures.csv and datapackage.json.

Each function takes the validated model and returns the file's exact text: in the data's
own order, no build time anywhere, so two builds write the same bytes.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..data.model import KeyFigure, Region, SiteData
from ..data.schema import SCHEMA, URL_PATTERN
from .json_schema import SchemaBuilder
from .licences import Licence, licence_for
from .records import field_types, optional_inner, published_fields, to_record

# The structure's version. It changes only when a published field is renamed or removed
# (tests/data/opendata-fields-v<version>.txt lists them); fields may be added in any version.
# Not yet released: until the site's first publication the list is rewritten, not versioned.
FORMAT_VERSION = "1"
DATASET_FILE = "regions.json"
SCHEMA_FILE = "regions.schema.json"
GEOJSON_FILE = "regions.geojson"
CSV_FILE = "key-figures.csv"
PACKAGE_FILE = "datapackage.json"
REGION_FOLDER = "regions"
PACKAGE_NAME = "starke-regionen"
# What the files are served as (scripts/s3-upload's table says the same).
MEDIA_TYPES = {".json": "application/json", ".geojson": "application/geo+json", ".csv": "text/csv"}

# key-figures.csv: where a figure belongs, then these fields in this order, then any other.
CSV_PLACE = ("region", "region_name", "section")
CSV_LEADING = ("label", "kind", "value", "unit", "year", "coverage", "source")
CSV_PLACE_FIELDS = {
    "region": "Slug of the region, as in regions.json",
    "region_name": "Name of the region",
    "section": "Key of the region page's section the figure belongs to; empty: the overview",
}
CSV_TITLES = {
    "region": "Region (Kürzel)",
    "region_name": "Region",
    "section": "Abschnitt",
    "label": "Kennzahl",
    "kind": "Art",
    "value": "Wert",
    "unit": "Einheit",
    "year": "Bezugsjahr",
    "coverage": "Gebiet",
    "source": "Quelle",
    "note": "Anmerkung",
}
_LINK = {"type": "string", "format": "uri"}


def region_file(region: Region) -> str:
    """A region's slice, relative to the data folder."""
    return f"{REGION_FOLDER}/{region.slug}.json"


@dataclass(frozen=True)
class Publication:
    """Where and by whom the downloads are published."""

    site_url: str  # absolute, without a trailing slash
    folder: str  # the data folder below the site, e.g. "daten"
    site_name: str
    page_path: Callable[[Region], str]  # a region page's path, e.g. "regionen/allgaeu/"

    def url(self, name: str = "") -> str:
        """Absolute URL of a file in the data folder ('' -> the /daten/ page)."""
        return f"{self.site_url}/{self.folder}/{name}"

    def region_file(self, region: Region) -> str:
        return region_file(region)

    def region_page(self, region: Region) -> str:
        return f"{self.site_url}/{self.page_path(region)}"


def publisher(site: SiteData, publication: Publication) -> str:
    """Who the attribution names: the operator from regions.yaml, else the site and project."""
    return site.open_data.publisher or f"{publication.site_name} ({site.project.short_name})"


def licence_record(site: SiteData, publication: Publication) -> dict[str, str]:
    licence = licence_for(site.open_data.licence)
    return {
        "id": licence.spdx,
        "title": licence.title,
        "url": licence.url,
        "attribution": licence.attribution(publisher(site, publication), publication.url()),
    }


def _region_record(region: Region, publication: Publication) -> dict[str, Any]:
    return {
        **to_record(region),
        "page_url": publication.region_page(region),
        "data_url": publication.url(publication.region_file(region)),
    }


def dataset(
    site: SiteData, publication: Publication, regions: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """regions.json as a value: the whole model, every field, plus version and licence.
    `regions`: the regions' records (_region_record) when already made."""
    if regions is None:
        regions = [_region_record(r, publication) for r in site.regions]
    # The regions' records once, not once more inside the whole model's (to_record).
    record = {
        f.name: regions if f.name == "regions" else to_record(getattr(site, f.name))
        for f in published_fields(site)
    }
    return {
        "version": FORMAT_VERSION,
        "title": dataset_title(site),
        "url": publication.url(DATASET_FILE),
        "licence": licence_record(site, publication),
        **record,
    }


def region_slice(
    site: SiteData,
    region: Region,
    publication: Publication,
    record: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """regions/<slug>.json as a value: one region, with version, licence and the whole set.
    `record`: the region's record (_region_record) when already made."""
    return {
        "version": FORMAT_VERSION,
        "title": f"{region.name} – {dataset_title(site)}",
        "url": publication.url(publication.region_file(region)),
        "dataset": publication.url(DATASET_FILE),
        "licence": licence_record(site, publication),
        "region": _region_record(region, publication) if record is None else record,
    }


def dataset_title(site: SiteData) -> str:
    """The data set's name, as the files and the citation give it."""
    return f"Partnerregionen des Forschungsvorhabens {site.project.short_name}"


def published_schema(publication: Publication) -> dict[str, Any]:
    """The JSON Schema of regions.json; `$defs/RegionFile` describes regions/<slug>.json."""
    builder = SchemaBuilder(
        extras={
            Region: {
                "page_url": {**_LINK, "description": "The region's page on this site"},
                "data_url": {**_LINK, "description": "This region alone, as JSON"},
            }
        }
    )
    site = builder.for_type(SiteData, SCHEMA)
    head = {
        "version": {
            "const": FORMAT_VERSION,
            "description": "Version of this structure: changes only when a field is renamed "
            "or removed; new fields may appear in any version",
        },
        "title": {"type": "string"},
        "url": {**_LINK, "description": "Where this file is published"},
        "licence": {"$ref": "#/$defs/Licence"},
    }
    defs = builder.defs
    defs["Licence"] = {
        "type": "object",
        "description": "Licence of the data and the attribution it requires",
        "properties": {
            "id": {"type": "string", "description": "SPDX identifier"},
            "title": {"type": "string"},
            "url": _LINK,
            "attribution": {"type": "string", "description": "Source note to show on reuse"},
        },
        "required": ["id", "title", "url", "attribution"],
        "additionalProperties": False,
    }
    root = defs.pop("SiteData")
    defs["RegionFile"] = {
        "type": "object",
        "description": "One region alone (regions/<slug>.json)",
        "properties": {
            **head,
            "dataset": {**_LINK, "description": "The whole data set"},
            "region": {"$ref": "#/$defs/Region"},
        },
        "required": [*head, "dataset", "region"],
        "additionalProperties": False,
    }
    assert site == {"$ref": "#/$defs/SiteData"}
    properties = {**head, **root["properties"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": publication.url(SCHEMA_FILE),
        "title": f"{PACKAGE_NAME}: {DATASET_FILE}",
        "description": root["description"],
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def to_json(value: Any) -> str:
    """Stable, readable JSON text: UTF-8 characters as they are, two-space indent.

    NaN and infinity raise ValueError instead of becoming `NaN`, which is no JSON: the loader
    refuses them (data/number_limits.py), this is the guard should one get past it."""
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def regions_geojson(site: SiteData, publication: Publication) -> dict[str, Any]:
    """RFC 7946: a FeatureCollection of one Point per region, longitude first, no `crs`."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": region.slug,
                "geometry": {
                    "type": "Point",
                    "coordinates": [region.location.lon, region.location.lat],
                },
                "properties": {
                    "name": region.name,
                    "slug": region.slug,
                    "role": region.role,
                    "states": list(region.states),
                    "website": region.website,
                    "page_url": publication.region_page(region),
                },
            }
            for region in site.regions
        ],
    }


def csv_columns() -> list[str]:
    """The columns of key-figures.csv: region and section, then every field of a figure."""
    fields = list(field_types(KeyFigure))
    return [
        *CSV_PLACE,
        *[f for f in CSV_LEADING if f in fields],
        *[f for f in fields if f not in CSV_LEADING],
    ]


def region_figures(region: Region) -> Iterator[tuple[str, KeyFigure]]:
    """Every key figure of a region, wherever the model keeps it, in model order, with the
    key of the page section it belongs to ('' for the figures at the top of the page)."""
    yield from _figures(region, "")


def _figures(value: Any, section: str) -> Iterator[tuple[str, KeyFigure]]:
    if isinstance(value, KeyFigure):
        yield section, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        key = getattr(value, "key", None)
        inner = key if isinstance(key, str) else section
        for f in published_fields(value):
            yield from _figures(getattr(value, f.name), inner)
    elif isinstance(value, tuple):
        for item in value:
            yield from _figures(item, section)


def csv_number(value: Any) -> str:
    """A number as a machine reads it: 804876, 3280.5; never 804.876 or 3.280,5, nor 1e-07."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # repr is the shortest text that reads back as the same float; "f" spells out its exponent.
    return format(Decimal(repr(value)), "f") if isinstance(value, float) else str(value)


def key_figures_csv(site: SiteData) -> str:
    """One row per key figure, in data order; UTF-8, comma, header row, RFC 4180 line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = csv_columns()
    writer.writerow(columns)
    for region in site.regions:
        for section, figure in region_figures(region):
            values = {"region": region.slug, "region_name": region.name, "section": section}
            values.update({f.name: getattr(figure, f.name) for f in published_fields(figure)})
            writer.writerow([_cell(values[column]) for column in columns])
    return buffer.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): `=HYPERLINK(…)` in a label would become a live link, `@SUM(…)` a calculation.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: a formula start gets a leading `'`, as OWASP
    recommends (spreadsheets hide that quote and show the rest as typed)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: Any) -> str:
    """Only text is neutralised: a number is written by csv_number from a float or int the
    loader checked, so `-3.4` in `value` stays a number that spreadsheets and Frictionless
    read as one, and can never be more than digits, a sign and a point."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return csv_number(value)
    return text_cell(str(value))


def table_schema() -> dict[str, Any]:
    """The Table Schema of key-figures.csv, from the model's types and the data schema."""
    source = SCHEMA["properties"]["regions"]["items"]["properties"]["key_figures"]["items"]
    given, hints = source["properties"], field_types(KeyFigure)
    fields = []
    for column in csv_columns():
        if column in CSV_PLACE_FIELDS:
            field = {
                "name": column,
                "type": "string",
                "description": CSV_PLACE_FIELDS[column],
                "constraints": {"required": column != "section"},
            }
        else:
            field = _table_field(column, hints[column], given.get(column, {}))
        field["title"] = CSV_TITLES.get(column, column)
        fields.append(field)
    return {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "fields": fields,
        "missingValues": [""],
    }


_TABLE_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _table_field(name: str, hint: Any, source: dict[str, Any]) -> dict[str, Any]:
    inner = optional_inner(hint)
    required = inner is None
    python_type = inner if inner is not None else hint
    field: dict[str, Any] = {"name": name, "type": _TABLE_TYPES.get(python_type, "any")}
    if source.get("pattern") == URL_PATTERN:
        field["format"] = "uri"
    if "description" in source:
        field["description"] = source["description"]
    constraints: dict[str, Any] = {"required": required}
    if "enum" in source:
        constraints["enum"] = list(source["enum"])
    field["constraints"] = constraints
    return field


def source_urls(site: SiteData) -> list[tuple[str, str]]:
    """(title, URL) of every source the data names, each URL once, in data order."""
    seen: dict[str, str] = {}
    for title, url in _sources(site, ""):
        seen.setdefault(url, title)
    return [(title, url) for url, title in seen.items()]


def _sources(value: Any, context: str) -> Iterator[tuple[str, str]]:
    """Walk the model: a field named `source` holds a URL; one named `sources` holds URLs
    or objects with a `url` (and perhaps a `title`)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        own = getattr(value, "name", None) or getattr(value, "label", None)
        here = f"{context}: {own}" if context and own and own != context else own or context
        if isinstance(value, Region):
            here = value.name
        for f in published_fields(value):
            item = getattr(value, f.name)
            if f.name == "source" and isinstance(item, str):
                yield here, item
            elif f.name == "sources" and isinstance(item, tuple):
                for source in item:
                    if isinstance(source, str):
                        yield here, source
                    elif isinstance(getattr(source, "url", None), str):
                        title = getattr(source, "title", None)
                        yield (f"{here}: {title}" if title else here), source.url
            else:
                yield from _sources(item, here)
    elif isinstance(value, tuple):
        for item in value:
            yield from _sources(item, context)


def contributors(site: SiteData, publication: Publication) -> list[dict[str, Any]]:
    """The organisations behind the data, never people: publisher, partners, regions' bodies."""
    people: list[dict[str, Any]] = [{"title": publisher(site, publication), "roles": ["publisher"]}]
    partners = [site.project.research_partner, site.project.practice_partner]
    organisations = [*partners, *(r.organisation for r in site.regions)]
    seen = {people[0]["title"]}
    for organisation in organisations:
        if organisation is None or organisation.name in seen:
            continue
        seen.add(organisation.name)
        entry: dict[str, Any] = {"title": organisation.name, "roles": ["contributor"]}
        if organisation.website:
            entry["path"] = organisation.website
        people.append(entry)
    return people


def datapackage(site: SiteData, publication: Publication, files: dict[str, str]) -> dict[str, Any]:
    """datapackage.json (Data Package v2) describing the files whose texts `files` holds."""
    licence: Licence = licence_for(site.open_data.licence)

    def integrity(name: str) -> dict[str, Any]:
        data = files[name].encode("utf-8")
        return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}

    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": PACKAGE_NAME,
        "id": publication.url(PACKAGE_FILE),
        "title": dataset_title(site),
        "description": (
            f"Die {len(site.regions)} Partnerregionen des Forschungsvorhabens "
            f"„{site.project.name}“ ({site.project.short_name}): Kennzahlen mit Bezugsjahr und "
            "Quelle, Organisationen, Landkreise, Portale und Lage."
        ),
        "homepage": publication.url(),
        "version": FORMAT_VERSION,
        "keywords": ["ländliche Räume", "Regionen", "Kooperation", site.project.short_name],
        "licenses": [{"name": licence.spdx, "path": licence.url, "title": licence.title}],
        "contributors": contributors(site, publication),
        "sources": [{"title": title, "path": url} for title, url in source_urls(site)],
        "resources": [
            {
                "name": "regions",
                "path": DATASET_FILE,
                "format": "json",
                "mediatype": MEDIA_TYPES[".json"],
                "encoding": "utf-8",
                "title": "Der ganze Datensatz",
                "description": "Projekt, Themen und Regionen mit allen Feldern und Quellen; "
                f"Struktur in {SCHEMA_FILE}.",
                "jsonSchema": SCHEMA_FILE,
                **integrity(DATASET_FILE),
            },
            {
                "name": "regions-geojson",
                "path": GEOJSON_FILE,
                "format": "geojson",
                "mediatype": MEDIA_TYPES[".geojson"],
                "encoding": "utf-8",
                "title": "Lage der Regionen",
                "description": "Ein Punkt je Region (WGS 84, Länge vor Breite, RFC 7946).",
                **integrity(GEOJSON_FILE),
            },
            {
                "name": "key-figures",
                "type": "table",
                "path": CSV_FILE,
                "format": "csv",
                "mediatype": MEDIA_TYPES[".csv"],
                "encoding": "utf-8",
                "title": "Kennzahlen",
                "description": "Eine Zeile je Kennzahl, mit Einheit, Bezugsjahr, Gebiet und "
                "Quelle; Zahlen ohne Tausenderpunkt, Dezimalpunkt als Trennzeichen. Ein "
                "Textfeld, das mit =, +, -, @, Tabulator oder Wagenrücklauf beginnt, steht mit "
                "einem ' davor, damit kein Tabellenprogramm es als Formel ausführt.",
                "dialect": {
                    "$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
                    "header": True,
                    "delimiter": ",",
                    "lineTerminator": "\r\n",
                    "quoteChar": '"',
                },
                "schema": table_schema(),
                **integrity(CSV_FILE),
            },
        ],
    }


def open_data_files(site: SiteData, publication: Publication) -> dict[str, str]:
    """Every download, path in the data folder -> text, datapackage.json last."""
    texts = [_region_texts(site, region, publication) for region in site.regions]
    # regions.json with each region's record as its text was made (_REGION_TEXTS).
    whole = to_json(dataset(site, publication, _SPOT))  # type: ignore[arg-type]
    items = ",\n".join("    " + _indented(record, 2) for record, _ in texts)
    files = {
        DATASET_FILE: _put(whole, f"[\n{items}\n  ]" if items else "[]"),
        SCHEMA_FILE: to_json(published_schema(publication)),
        GEOJSON_FILE: to_json(regions_geojson(site, publication)),
        CSV_FILE: key_figures_csv(site),
    }
    for region, (_, text) in zip(site.regions, texts, strict=True):
        files[publication.region_file(region)] = text
    files[PACKAGE_FILE] = to_json(datapackage(site, publication, files))
    return files


# Each region's record (its JSON text, as regions.json holds it) and its own file from the
# last build in this process, by the region's value and all its file says besides (the
# addresses, the data set's title and licence): make serve's save of regions.json changes one
# region, and the others' texts were two thirds of making the downloads again.
_REGION_TEXTS: dict[str, tuple[tuple, str, str]] = {}
# Stands for a region's record (or the list of them) while the text around it is made:
# JSON spells the NUL characters out, and no text of the data holds one (characters.py).
_SPOT = "\x00record\x00"


def _region_texts(site: SiteData, region: Region, publication: Publication) -> tuple[str, str]:
    """A region's record as JSON text (standing alone) and its own file's text."""
    head = (publication.url(DATASET_FILE), dataset_title(site), licence_record(site, publication))
    data_url = publication.url(publication.region_file(region))
    # By repr too: an equal region may be written otherwise (`value: 57900.0` == 57900).
    key = (region, repr(region), publication.region_page(region), data_url, head)
    held = _REGION_TEXTS.get(region.slug)
    if held is not None and held[0] == key:
        return held[1], held[2]
    record = to_json(_region_record(region, publication)).removesuffix("\n")
    around = to_json(region_slice(site, region, publication, _SPOT))  # type: ignore[arg-type]
    texts = (record, _put(around, _indented(record, 1)))
    _REGION_TEXTS[region.slug] = (key, *texts)
    return texts


def _indented(text: str, depth: int) -> str:
    """A value's JSON text standing alone as to_json writes it `depth` levels deep (every
    line but its first indented by two spaces a level; a JSON text holds no raw line end)."""
    return text.replace("\n", "\n" + "  " * depth)


def _put(text: str, value: str) -> str:
    """`text` with the value for which _SPOT stood."""
    spot = json.dumps(_SPOT)
    assert text.count(spot) == 1, "the record's place is not certain"
    return text.replace(spot, value)
