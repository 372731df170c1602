"""The open data downloads, made by calling the export functions on the real data.

Each check reads what the export wrote and compares it with what only the inputs say
(data/regions.yaml read by PyYAML, data/germany-outline.json, the official GeoJSON schema):
a field the model gains is exported and checked without a change here.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import re
from pathlib import Path

import pytest
import referencing
from jsonschema import Draft7Validator, Draft202012Validator
from test_charts import POP_2019
from test_charts import region as charted_region
from test_kept_post_regions import PROJECT, TOPIC

from regional_showcase.data.loader import load_site_data
from regional_showcase.data.model import KeyFigure, OpenData, SiteData
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.data.schema import DATA_LICENCES
from regional_showcase.german import number_de
from regional_showcase.markup import render_markdown
from regional_showcase.opendata.downloads import (
    CSV_FILE,
    DATASET_FILE,
    FORMAT_VERSION,
    GEOJSON_FILE,
    PACKAGE_FILE,
    SCHEMA_FILE,
    Publication,
    csv_columns,
    dataset,
    open_data_files,
    region_slice,
)
from regional_showcase.opendata.json_schema import field_names
from regional_showcase.opendata.licences import LICENCES, licence_for
from regional_showcase.opendata.records import PUBLISHED, from_record, published_fields

from expectations import ROOT, region_data

SITE_URL = "https://regionen.example.org"
GEOJSON_SCHEMA = Path(__file__).parent / "data" / "geojson-schema" / "FeatureCollection.json"
FIELDS_PROMISED = Path(__file__).parent / "data" / f"opendata-fields-v{FORMAT_VERSION}.txt"
# The outline is Natural Earth at 1:50 million: its border is drawn to about a kilometre.
# Konstanz, on the lake shore, lies 0.4 km outside that simplified line.
OUTLINE_TOLERANCE_KM = 1.5
PLAIN_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


@pytest.fixture(scope="module")
def site() -> SiteData:
    return load_site_data(
        ROOT / "data" / "regions.yaml", ROOT / "content" / "regionen", render=render_markdown
    )


@pytest.fixture(scope="module")
def publication() -> Publication:
    return Publication(SITE_URL, "daten", "Starke Regionen", lambda r: f"regionen/{r.slug}/")


@pytest.fixture(scope="module")
def files(site, publication) -> dict[str, str]:
    return open_data_files(site, publication)


@pytest.fixture(scope="module")
def written(files, tmp_path_factory) -> Path:
    """The downloads on disk, as the data folder of a build holds them."""
    folder = tmp_path_factory.mktemp("daten")
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(text.encode("utf-8"))
    return folder


def schema_validator(schema: dict, pointer: str = "") -> Draft202012Validator:
    """A validator for the published schema, or for one of its `$defs` (e.g. RegionFile)."""
    resource = referencing.Resource.from_contents(schema)
    registry = referencing.Registry().with_resource(schema["$id"], resource)
    target = {"$ref": f"{schema['$id']}{pointer}"} if pointer else schema
    return Draft202012Validator(target, registry=registry)


# ---------- regions.json ----------


def test_a_region_edit_makes_that_regions_texts_alone_and_the_same_bytes(
    site, publication, monkeypatch
):
    """make serve makes the downloads after each save of regions.yaml: the other regions'
    texts are kept from the last time by their value, and every file has the bytes the
    whole model written at once gives (to_json of dataset and region_slice)."""
    from regional_showcase.opendata import downloads

    def alone(site) -> dict[str, str]:
        texts = {DATASET_FILE: downloads.to_json(dataset(site, publication))}
        for region in site.regions:
            slice_ = region_slice(site, region, publication)
            texts[publication.region_file(region)] = downloads.to_json(slice_)
        return texts

    made = []
    record = downloads._region_record
    monkeypatch.setattr(
        downloads,
        "_region_record",
        lambda region, *a: made.append(region.slug) or record(region, *a),
    )
    open_data_files(site, publication)
    second = dataclasses.replace(site.regions[1], claim="Ein neuer Claim")
    edited = dataclasses.replace(site, regions=(site.regions[0], second, *site.regions[2:]))
    made.clear()
    files = open_data_files(edited, publication)
    assert made == [second.slug]
    expected = alone(edited)
    assert {name: files[name] for name in expected} == expected
    assert "Ein neuer Claim" in files[DATASET_FILE]


def test_a_figure_written_as_a_decimal_number_is_not_kept_as_the_whole_number(monkeypatch):
    """make serve keeps each region's open data texts by the region's value (downloads.
    _REGION_TEXTS): `value: 800000` edited to `value: 800000.0` is an equal region, but a
    clean build writes 800000.0 into regions.json and the region's file."""
    from regional_showcase.opendata import downloads

    publication = Publication("https://a.de", "daten", "Starke Regionen", lambda r: f"r/{r.slug}/")
    monkeypatch.setattr(downloads, "_REGION_TEXTS", {})
    whole = charted_region("allgaeu", POP_2019)
    open_data_files(SiteData(PROJECT, (TOPIC,), (whole,)), publication)
    decimal = charted_region("allgaeu", dataclasses.replace(POP_2019, value=float(POP_2019.value)))
    assert decimal == whole and type(POP_2019.value) is int  # found by its value
    edited = SiteData(PROJECT, (TOPIC,), (decimal,))
    files = open_data_files(edited, publication)
    monkeypatch.setattr(downloads, "_REGION_TEXTS", {})  # a clean build's process
    assert files == open_data_files(edited, publication)
    assert '"value": 800000.0' in files["regions.json"]


def test_json_validates_against_its_published_schema(files):
    schema = json.loads(files[SCHEMA_FILE])
    Draft202012Validator.check_schema(schema)
    errors = list(schema_validator(schema).iter_errors(json.loads(files[DATASET_FILE])))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def test_every_region_slice_validates_and_equals_its_entry(site, files):
    schema = json.loads(files[SCHEMA_FILE])
    validator = schema_validator(schema, "#/$defs/RegionFile")
    whole = json.loads(files[DATASET_FILE])
    for index, region in enumerate(site.regions):
        piece = json.loads(files[f"regions/{region.slug}.json"])
        errors = [e.message for e in validator.iter_errors(piece)]
        assert not errors, (region.slug, errors)
        assert piece["region"] == whole["regions"][index]
        assert piece["dataset"] == f"{SITE_URL}/daten/{DATASET_FILE}"


def published_only(value):
    """The model object with every unpublished field (metadata published=False) at its default."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            if field.metadata.get(PUBLISHED, True):
                changes[field.name] = published_only(getattr(value, field.name))
            elif field.default_factory is not dataclasses.MISSING:
                changes[field.name] = field.default_factory()
            else:
                changes[field.name] = field.default
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(published_only(item) for item in value)
    return value


def test_round_trip_yaml_json_model_loses_no_field(site, files):
    back = from_record(SiteData, json.loads(files[DATASET_FILE]))
    assert back == published_only(site)
    # Equality compares every field; make sure the comparison saw the nested data at all.
    assert back.regions[1].key_figures == site.regions[1].key_figures != ()
    # (published_only: an entry's note for the operator stays out of the open data.)
    assert back.regions[0].sections == published_only(site.regions[0]).sections != ()


def test_schema_lists_every_field_of_every_model_class(files):
    schema = json.loads(files[SCHEMA_FILE])
    defs = {**schema["$defs"], "SiteData": schema}  # the data set is the schema's root

    def check(cls: type) -> None:
        if cls.__name__ in checked:
            return
        checked.add(cls.__name__)
        properties = defs[cls.__name__]["properties"]
        for field in published_fields(cls):
            assert field.name in properties, f"{cls.__name__}.{field.name} missing"
        for hint in typing_dataclasses(cls):
            check(hint)

    checked: set[str] = set()
    check(SiteData)
    assert {"Region", "KeyFigure", "Organisation", "Project"} <= checked


def typing_dataclasses(cls: type) -> list[type]:
    """Dataclasses that appear in the field types of cls."""
    import typing

    found = []

    def walk(hint) -> None:
        if dataclasses.is_dataclass(hint):
            found.append(hint)
        for arg in typing.get_args(hint):
            walk(arg)

    for hint in typing.get_type_hints(cls).values():
        walk(hint)
    return found


def test_schema_takes_rules_and_meanings_from_the_data_schema(files):
    figure = json.loads(files[SCHEMA_FILE])["$defs"]["KeyFigure"]["properties"]
    data = json.loads((ROOT / "data" / "regions.schema.json").read_text(encoding="utf-8"))
    given = data["properties"]["regions"]["items"]["properties"]["key_figures"]["items"]
    assert figure["kind"]["enum"] == given["properties"]["kind"]["enum"]
    assert figure["year"]["minimum"] == given["properties"]["year"]["minimum"]
    assert figure["value"]["description"] == given["properties"]["value"]["description"]
    assert "x-kind" not in json.dumps(figure)


def test_json_rejects_what_the_schema_forbids(files):
    schema = json.loads(files[SCHEMA_FILE])
    document = json.loads(files[DATASET_FILE])
    document["regions"][0]["key_figures"].append({"label": "ohne Quelle"})
    document["regions"][1]["population"] = 1
    messages = [e.message for e in schema_validator(schema).iter_errors(document)]
    assert any("'source' is a required property" in m for m in messages), messages
    assert any("'population' was unexpected" in m for m in messages), messages


def test_json_holds_every_source_url_of_the_yaml(files):
    urls = set()

    def collect(value, key=None, in_sources=False) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                collect(v, k, in_sources or k == "sources")
        elif isinstance(value, list):
            for v in value:
                collect(v, key, in_sources)
        elif isinstance(value, str) and (
            key in ("source", "sources") or (in_sources and key == "url")
        ):
            urls.add(value)

    collect(region_data())
    text = files[DATASET_FILE]
    assert len(urls) > 20
    assert [url for url in sorted(urls) if json.dumps(url) not in text] == []


def test_nothing_from_the_editors_workshop_is_published(files):
    """Build-time notes (hints, problems with file and line) are not data about the regions:
    a model field that holds them needs `field(..., metadata={"published": False})`."""
    for name, text in files.items():
        for marker in ("regions.yaml:", "content/regionen/", ".md:"):
            assert marker not in text, f"{name} contains {marker!r}"


def test_published_fields_of_this_version_are_all_still_there(files):
    """Renaming or removing a published field breaks re-users: that needs a new version."""
    present = set(field_names(json.loads(files[SCHEMA_FILE])))
    promised = set(FIELDS_PROMISED.read_text(encoding="utf-8").split())
    gone = sorted(promised - present)
    assert not gone, (
        f"published fields gone: {gone}. Renaming or removing a field breaks re-users: "
        "raise FORMAT_VERSION in opendata/downloads.py and list the fields of the new version "
        "in tests/data/opendata-fields-v<version>.txt. Before the site's first release, "
        f"rewrite {FIELDS_PROMISED.name} instead (see tests/data/README.md)"
    )


# ---------- regions.geojson ----------


def test_geojson_validates_against_the_official_geojson_schema(files):
    schema = json.loads(GEOJSON_SCHEMA.read_text(encoding="utf-8"))
    errors = [
        e.message for e in Draft7Validator(schema).iter_errors(json.loads(files[GEOJSON_FILE]))
    ]
    assert not errors, errors


def test_geojson_follows_rfc_7946(site, files):
    collection = json.loads(files[GEOJSON_FILE])
    assert "crs" not in collection
    data = {r["slug"]: r for r in region_data()["regions"]}
    assert [f["properties"]["slug"] for f in collection["features"]] == list(data)
    for feature in collection["features"]:
        region = data[feature["properties"]["slug"]]
        assert feature["geometry"] == {
            "type": "Point",
            # Longitude first (RFC 7946, 3.1.1), the reverse of how people say it.
            "coordinates": [region["location"]["lon"], region["location"]["lat"]],
        }
        assert feature["properties"] == {
            "name": region["name"],
            "slug": region["slug"],
            "role": region["role"],
            "states": region["states"],
            "website": region["website"],
            "page_url": f"{SITE_URL}/regionen/{region['slug']}/",
        }


def rings(polygons: list) -> list[list[list[float]]]:
    return [ring for polygon in polygons for ring in polygon]


def inside(point: tuple[float, float], polygons: list) -> bool:
    """Even-odd rule over every ring: inside the land, outside its holes."""
    x, y = point
    crossings = 0
    for ring in rings(polygons):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def km_to_outline(point: tuple[float, float], polygons: list) -> float:
    """Distance to the nearest border segment, on a local flat projection (fine at km scale)."""
    lon, lat = point
    scale_x, scale_y = 111.32 * math.cos(math.radians(lat)), 110.57
    px, py = lon * scale_x, lat * scale_y
    best = math.inf
    for ring in rings(polygons):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            ax, ay, bx, by = x1 * scale_x, y1 * scale_y, x2 * scale_x, y2 * scale_y
            dx, dy = bx - ax, by - ay
            t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy or 1)))
            best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best


def test_every_point_lies_inside_germany(files):
    outline = json.loads((ROOT / "data" / "germany-outline.json").read_text(encoding="utf-8"))
    polygons = outline["polygons"]
    # The test's own geometry first: Kassel is in, Vienna and Strasbourg are not.
    assert inside((9.48, 51.31), polygons)
    assert not inside((16.37, 48.21), polygons) and not inside((7.75, 48.58), polygons)
    # Strasbourg, 4 km beyond the Rhine, stays outside even with the tolerance.
    assert km_to_outline((7.75, 48.58), polygons) > OUTLINE_TOLERANCE_KM
    features = json.loads(files[GEOJSON_FILE])["features"]
    outside = {
        f["properties"]["slug"]: round(km_to_outline(f["geometry"]["coordinates"], polygons), 1)
        for f in features
        if not inside(tuple(f["geometry"]["coordinates"]), polygons)
    }
    assert all(km < OUTLINE_TOLERANCE_KM for km in outside.values()), outside
    # Swapped coordinates (latitude first) would put every point far outside.
    assert not any(
        inside(tuple(reversed(f["geometry"]["coordinates"])), polygons) for f in features
    )


# ---------- key-figures.csv ----------


def yaml_figures() -> dict[tuple[str, str], list[dict]]:
    """(region slug, section) -> the figures data/regions.yaml lists there, in its order.

    Figures are the lists under `key_figures` (section '') and under `figures` in a section.
    """
    found: dict[tuple[str, str], list[dict]] = {}

    def walk(value, slug: str, section: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "translations":
                    continue  # the English texts of the same figures, not more figures
                if key in ("key_figures", "figures") and isinstance(item, list):
                    found.setdefault((slug, section), []).extend(item)
                else:
                    walk(item, slug, section if isinstance(item, list) else key)
        elif isinstance(value, list):
            for item in value:
                walk(item, slug, section)

    for region in region_data()["regions"]:
        walk(region, region["slug"], "")
    return found


def csv_figures(text: str) -> dict[tuple[str, str], list[dict]]:
    grouped: dict[tuple[str, str], list[dict]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        grouped.setdefault((row["region"], row["section"]), []).append(row)
    return grouped


def csv_number_problems(text: str, expected: dict[tuple[str, str], list[dict]]) -> list[str]:
    """Numeric cells that are not plain machine numbers or differ from the YAML's value."""
    rows = csv_figures(text)
    problems = []
    for place in sorted(set(rows) | set(expected)):
        got, wanted = rows.get(place, []), expected.get(place, [])
        if len(got) != len(wanted):
            problems.append(f"{place}: {len(got)} rows for {len(wanted)} figures")
        for row, figure in zip(got, wanted, strict=False):
            for column in ("value", "year"):
                cell = row[column]
                if not PLAIN_NUMBER.fullmatch(cell) or float(cell) != figure[column]:
                    problems.append(
                        f"{place} {figure['label']}: {column}={cell!r}, YAML: {figure[column]}"
                    )
    return problems


def test_csv_has_a_row_per_key_figure_with_the_yaml_values(files):
    text = files[CSV_FILE]
    assert text.startswith(",".join(csv_columns()) + "\r\n")
    expected = yaml_figures()
    assert csv_number_problems(text, expected) == []
    rows = csv_figures(text)
    assert sum(map(len, rows.values())) == sum(map(len, expected.values())) > 0
    # Read once: parsing regions.yaml per row made this one test cost seconds.
    names = {r["slug"]: r["name"] for r in region_data()["regions"]}
    for place, figures in expected.items():
        for row, figure in zip(rows.get(place, []), figures, strict=True):
            for column in ("label", "kind", "unit", "source"):
                assert row[column] == figure[column], (place, column)
            assert row["coverage"] == figure.get("coverage", "region")
            assert row["note"] == figure.get("note", "")
            assert row["region_name"] == names[place[0]]


@pytest.mark.parametrize("formatted", [number_de, lambda v: number_de(v + 0.5)])
def test_a_german_formatted_number_in_the_csv_fails(files, formatted):
    """804.876 reads as a plain number to a machine, but not as the YAML's 804876."""
    rows = list(csv.reader(io.StringIO(files[CSV_FILE])))
    header = rows[0]
    value = header.index("value")
    index, big = next((i, row) for i, row in enumerate(rows) if i and float(row[value]) >= 1000)
    rows[index] = [*big[:value], formatted(float(big[value])), *big[value + 1 :]]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    place = (big[header.index("region")], big[header.index("section")])
    label = big[header.index("label")]
    yaml_value = next(f["value"] for f in yaml_figures()[place] if f["label"] == label)
    assert csv_number_problems(buffer.getvalue(), yaml_figures()) == [
        f"{place} {label}: value={rows[index][value]!r}, YAML: {yaml_value}"
    ]


def test_csv_columns_follow_the_model():
    fields = [f.name for f in dataclasses.fields(KeyFigure)]
    assert set(csv_columns()) == {"region", "region_name", "section", *fields}
    assert csv_columns()[:10] == [
        "region",
        "region_name",
        "section",
        "label",
        "kind",
        "value",
        "unit",
        "year",
        "coverage",
        "source",
    ]


# ---------- datapackage.json ----------


def test_datapackage_validates_with_frictionless(written):
    import frictionless  # imported here: it takes seconds, and only these two tests need it

    report = frictionless.validate(str(written / PACKAGE_FILE))
    errors = [(e.type, e.note) for task in report.tasks for e in task.errors]
    assert report.valid, errors + [(e.type, e.note) for e in report.errors]
    assert {task.name for task in report.tasks} == {"regions", "regions-geojson", "key-figures"}
    table = next(task for task in report.tasks if task.name == "key-figures")
    assert table.stats["rows"] == sum(map(len, yaml_figures().values()))


def test_frictionless_fails_a_german_number_in_the_csv(written, tmp_path):
    import frictionless

    for name in (PACKAGE_FILE, DATASET_FILE, GEOJSON_FILE, SCHEMA_FILE):
        (tmp_path / name).write_bytes((written / name).read_bytes())
    rows = list(csv.reader(io.StringIO((written / CSV_FILE).read_text(encoding="utf-8"))))
    value = rows[0].index("value")
    big = next(row for row in rows[1:] if float(row[value]) >= 1000)
    # A German decimal comma: "804.876,5". (A bare "804.876" is a valid number to a machine,
    # just a wrong one: the comparison with the YAML above catches that.)
    big[value] = number_de(float(big[value]) + 0.5)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    (tmp_path / CSV_FILE).write_text(buffer.getvalue(), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / PACKAGE_FILE))
    types = {e.type for task in report.tasks for e in task.errors}
    assert not report.valid and "type-error" in types, types


def test_datapackage_names_licence_sources_and_organisations(site, files):
    package = json.loads(files[PACKAGE_FILE])
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/deed.de",
            "title": "Creative Commons Namensnennung 4.0 International",
        }
    ]
    assert [r["path"] for r in package["resources"]] == [DATASET_FILE, GEOJSON_FILE, CSV_FILE]
    titles = [c["title"] for c in package["contributors"]]
    data = region_data()
    organisations = {r["organisation"]["name"] for r in data["regions"]}
    assert organisations | {data["project"]["research_partner"]["name"]} <= set(titles)
    assert all("givenName" not in c and "familyName" not in c for c in package["contributors"])
    sources = {s["path"] for s in package["sources"]}
    assert {f["source"] for figures in yaml_figures().values() for f in figures} <= sources


# ---------- licence ----------


def test_licence_keys_are_those_the_data_schema_allows():
    assert tuple(LICENCES) == DATA_LICENCES
    assert OpenData().licence == DATA_LICENCES[0] == "cc-by-4.0"


@pytest.mark.parametrize(
    ("key", "publisher", "expected"),
    [
        (
            "cc-by-4.0",
            None,
            "Daten: Starke Regionen (StaR), https://regionen.example.org/daten/, lizenziert "
            "unter CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.de)",
        ),
        (
            "dl-de-by-2.0",
            "Muster-Agentur GmbH",
            "Datenquelle: Muster-Agentur GmbH, Datenlizenz Deutschland – Namensnennung – "
            "Version 2.0 (https://www.govdata.de/dl-de/by-2-0), https://regionen.example.org/daten/",
        ),
    ],
)
def test_attribution_the_licence_requires(site, publication, key, publisher, expected):
    chosen = dataclasses.replace(site, open_data=OpenData(licence=key, publisher=publisher))
    document = dataset(chosen, publication)
    assert document["licence"]["attribution"] == expected
    assert document["licence"]["id"] == licence_for(key).spdx
    assert region_slice(chosen, chosen.regions[0], publication)["licence"] == document["licence"]


def test_the_operator_chooses_the_licence_in_the_yaml(tmp_path):
    text = (ROOT / "data" / "regions.yaml").read_text(encoding="utf-8")
    assert "open_data:\n  licence: cc-by-4.0\n" in text
    chosen = tmp_path / "regions.yaml"
    chosen.write_text(text.replace("licence: cc-by-4.0", "licence: dl-de-by-2.0"), encoding="utf-8")
    assert load_site_data(chosen, render=render_markdown).open_data == OpenData("dl-de-by-2.0")
    absent = tmp_path / "default.yaml"
    absent.write_text(text.replace("open_data:\n  licence: cc-by-4.0\n", ""), encoding="utf-8")
    assert load_site_data(absent, render=render_markdown).open_data == OpenData("cc-by-4.0")


def test_an_unknown_licence_is_reported_with_the_choices(tmp_path):
    text = (ROOT / "data" / "regions.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "regions.yaml"
    bad.write_text(text.replace("licence: cc-by-4.0", "licence: cc-by"), encoding="utf-8")
    line = text.splitlines().index("  licence: cc-by-4.0") + 1
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(bad, render=render_markdown)
    assert [str(p) for p in failed.value.problems] == [
        f"{bad}:{line}: open_data.licence: 'cc-by' ist nicht erlaubt: erlaubt sind "
        "'cc-by-4.0', 'dl-de-by-2.0' (meinten Sie 'cc-by-4.0'?)"
    ]


# ---------- stable bytes ----------


def test_two_exports_are_byte_identical(site, publication, files):
    again = open_data_files(site, publication)
    assert again == files
    assert all(text.endswith("\n") for text in again.values())
    assert list(files) == [
        DATASET_FILE,
        SCHEMA_FILE,
        GEOJSON_FILE,
        CSV_FILE,
        *[f"regions/{r.slug}.json" for r in site.regions],
        PACKAGE_FILE,
    ]
