"""The JSON Schema for editors is exported, current, and referenced by the data file."""

from __future__ import annotations

import json

import jsonschema

from regional_showcase.data.schema import schema_json

from expectations import ROOT, region_data


def test_committed_schema_is_current():
    committed = (ROOT / "data/regions.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "run `make schema` and commit data/regions.schema.json"


def test_data_file_points_editors_to_the_schema():
    first = (ROOT / "data/regions.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./regions.schema.json"


def test_shipped_data_is_valid_for_any_json_schema_tool():
    schema = json.loads((ROOT / "data/regions.schema.json").read_text(encoding="utf-8"))
    data = region_data()  # libyaml's loader: the same data, ten times faster
    jsonschema.validate(data, schema)
